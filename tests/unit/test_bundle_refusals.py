"""USB bundles an officer must refuse: each with a clear message and nothing imported.
And a fuzz of the parser: whatever the bytes, only ``BundleError`` comes out."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey

from app import changes, messages, sync_state
from app.records import KINDS
from sync import bundle as B
from sync import keys, usb
from sync.protocol import encode_batch
from tests.helpers import factories as f
from tests.helpers.bundles import Commune, device_entry


@pytest.fixture
def area(tmp_path):
    c = Commune(tmp_path)
    yield c
    c.close()


def state(store) -> tuple:
    """Everything an import could change: every record, the audit, conflicts, meta, kept copies."""
    rows = tuple(tuple(map(tuple, store.conn.execute(f"SELECT * FROM {cls.TABLE} ORDER BY id")))
                 for cls in KINDS.values())
    other = tuple(tuple(map(tuple, store.conn.execute(sql))) for sql in (
        "SELECT count(*) FROM audit", "SELECT * FROM conflicts", "SELECT * FROM meta ORDER BY key"))
    kept = sorted(p.name for p in (store.data_dir / "bundles").rglob("*"))
    return rows, other, tuple(kept)


def exported(school, folder: Path) -> Path:
    f.student(school)
    f.student(school, full_name="Vừ Thị Chua")
    return usb.export_bundle(school, folder).path


def refused(officer, path: Path, key: str) -> str:
    """Imports ``path``: it must be refused with ``key``, changing nothing; the message."""
    before = state(officer)
    report = usb.import_bundles(officer, [path])
    (b,) = report.bundles
    assert (b.status, b.error.key) == ("refused", key), b.error.message()
    assert report.exit_code == 2
    assert state(officer) == before
    assert officer.last_sync()["result"] == key
    return b.error.message()


def test_one_flipped_byte_anywhere_is_refused(area, tmp_path):
    path = exported(area.school(), tmp_path)
    data = path.read_bytes()
    head_end = len(data) - B.read_manifest(data).payload_bytes - 64
    for at, key in ((head_end + 10, "bundle.damaged"), (len(data) - 1, "bundle.damaged"), (30, "bundle.damaged")):
        bad = bytearray(data)
        bad[at] ^= 0x01
        path.write_bytes(bytes(bad))
        message = refused(area.officer, path, key)
        assert path.name in message and "hỏng" in message
    devices, scope = sync_state.known_devices(area.officer), area.scope
    for at in range(len(data)):  # every position: refused, whatever the reason
        bad = bytearray(data)
        bad[at] ^= 0x01
        with pytest.raises(B.BundleError):
            B.open_bundle(bytes(bad), reader_id=area.officer.instance_id, reader_key=keys.signing_key(area.officer),
                          devices=devices, scope=scope)


def test_a_truncated_bundle_is_refused_as_incomplete(area, tmp_path):
    path = exported(area.school(), tmp_path)
    data = path.read_bytes()
    for cut in (len(data) - 1, len(data) // 2, 40, 9, 3):
        path.write_bytes(data[:cut])
        message = refused(area.officer, path, "bundle.truncated")
        assert "không đầy đủ" in message and "rút ra" in message
    for cut in range(len(data)):
        with pytest.raises(B.BundleError) as e:
            B.read_manifest(data[:cut])
        assert e.value.key == "bundle.truncated"


def test_a_bundle_signed_by_an_unknown_device_is_refused(area, tmp_path):
    newcomer = area.school(known=False)  # enrolled after the officer last heard from the server
    message = refused(area.officer, exported(newcomer, tmp_path), "bundle.unknown_sender")
    assert "chưa biết" in message and "đồng bộ" in message


def test_a_bundle_signed_with_another_key_in_a_known_devices_name_is_refused(area, tmp_path):
    school = area.school()
    kid = f.student(school)
    picked = [ch for batch in changes.changes_since(school, {}, scope_unit_ids=[school.unit_id]) for ch in batch]
    chunks, _m = B.seal([encode_batch(picked)], sender_key=SigningKey.generate(),  # not the school's key
                        sender={"instance": school.instance_id, "unit_id": school.unit_id, "unit_code": "TH0001",
                                "unit_name": ""}, readers=sync_state.recipients(school), summary={}, since={},
                        scope="*|*", records=len(picked) - 1, kinds={}, created_at="2025-10-01", app_version="x")
    path = tmp_path / "forged.smb"
    path.write_bytes(b"".join(chunks))
    assert "signature" in refused(area.officer, path, "bundle.damaged")
    assert area.officer.get_or_none(type(kid), kid.id) is None


def test_a_bundle_from_a_revoked_device_is_refused(area, tmp_path):
    school = area.school()
    path = exported(school, tmp_path)
    area.revoke(school)
    assert "thu hồi" in refused(area.officer, path, "bundle.revoked")


def test_a_bundle_for_another_unit_is_refused(area, tmp_path):
    elsewhere = area.school("TH9999", in_scope=False)  # another commune's school (even if its key is known)
    message = refused(area.officer, exported(elsewhere, tmp_path), "bundle.other_unit")
    assert "TH9999" in message and "địa bàn" in message
    # a computer this office does not know: said so (finding 11), never "another unit" on its own word
    stranger = area.school("TH9998", in_scope=False, known=False)
    assert "chưa biết" in refused(area.officer, exported(stranger, tmp_path), "bundle.unknown_sender")


def test_a_school_bundle_sealed_for_the_province_only_is_carried_unread_and_says_why(area, tmp_path):
    """Issue 14 item 1: the school exported before the office was among its readers. The
    office cannot read it, but carries it to the province: kept untouched, relayed at the
    next sync, nothing merged here, and the officer is told why and what fixes it."""
    from sync import relay

    other_officer = area.office("XA-OTHER")
    school = area.school(readers=[other_officer])  # the school was told of another officer only
    path = exported(school, tmp_path)
    records_before = state(area.officer)[0]
    report = usb.import_bundles(area.officer, [tmp_path])  # the whole stick, as the dialog does
    (b,) = report.bundles
    assert b.status == "carried" and b.error.key == "bundle.carried" and report.exit_code == 0
    message = b.error.message()
    assert "không đọc được" in message and "đồng bộ" in message and "ACK_" in message
    assert state(area.officer)[0] == records_before  # nothing of it merged here
    kept = area.officer.data_dir / b.kept
    assert kept.read_bytes() == path.read_bytes()  # untouched, for the province
    assert [p["file"] for p in relay.pending_relays(area.officer)] == [path.name]
    again = usb.import_bundles(area.officer, [path])
    assert again.bundles[0].status == "already"


def test_a_bundle_of_another_area_sealed_for_the_province_is_not_carried(area, tmp_path):
    """An office carries its own area's bundles only: another area's, named, is refused;
    found on a shared stick, skipped."""
    outside = area.school(in_scope=False, readers=[area.office("XA-OTHER")])
    path = exported(outside, tmp_path)
    refused(area.officer, path, "bundle.other_unit")
    assert usb.import_bundles(area.officer, [tmp_path]).bundles[0].status == "skipped"


def test_the_same_bundle_twice_changes_nothing_the_second_time(area, tmp_path):
    path = exported(area.school(), tmp_path)
    copy = tmp_path / "again" / path.name
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    first = usb.import_bundles(area.officer, [path, copy])  # twice on one stick, too
    assert [b.status for b in first.bundles] == ["imported", "already"] and first.exit_code == 0
    before = state(area.officer)
    report = usb.import_bundles(area.officer, [path, copy])
    assert [b.status for b in report.bundles] == ["already", "already"] and report.exit_code == 0
    assert "đã được nhập" in report.bundles[0].error.message()
    assert state(area.officer) == before
    assert len(list((area.officer.data_dir / "bundles" / "received").iterdir())) == 1


def test_a_bundle_of_a_newer_format_asks_to_update(area, tmp_path):
    path = exported(area.school(), tmp_path)
    data = bytearray(path.read_bytes())
    data[len(B.MAGIC)] = B.FORMAT_VERSION + 1
    path.write_bytes(bytes(data))
    message = refused(area.officer, path, "bundle.newer")
    assert "cập nhật SongMay" in message
    messages.set_language("en")
    assert "Update SongMay" in B.BundleError("bundle.newer", name="x", found=2, supported=1).message()


def test_a_random_file_renamed_to_the_bundle_extension_is_refused(area, tmp_path):
    path = tmp_path / "TH0001_abcdef12_0-10_20251001-0900.smb"
    path.write_bytes(bytes(range(256)) * 20)
    assert "không phải gói dữ liệu USB" in refused(area.officer, path, "bundle.not_bundle")
    path.write_text("Họ và tên,Ngày sinh\nLò Thị Hoa,01/02/2016\n", encoding="utf-8")  # a CSV renamed
    refused(area.officer, path, "bundle.not_bundle")


def test_a_header_nested_too_deep_is_refused_not_a_crash(area, tmp_path):
    head = ("[" * 100_000 + "]" * 100_000).encode()
    data = B.MAGIC + bytes((1,)) + struct.pack(">I", len(head)) + head + bytes(64)
    (tmp_path / "deep.smb").write_bytes(data)
    with pytest.raises(B.BundleError) as e:
        B.read_manifest(data, "deep.smb")
    assert e.value.key == "bundle.damaged"
    report = usb.import_bundles(area.officer, [tmp_path])  # found in a folder: the skip check too
    assert [b.status for b in report.bundles] == ["refused"]


def test_a_wrong_reader_key_cannot_open_and_says_so(area, tmp_path):
    school = area.school()
    data = exported(school, tmp_path).read_bytes()
    with pytest.raises(B.BundleError) as e:
        B.open_bundle(data, reader_id="server", reader_key=SigningKey.generate(), devices=[device_entry(school)])
    assert e.value.key == "bundle.key_mismatch"


def test_a_mix_imports_what_it_can_and_exits_3(area, tmp_path):
    good = exported(area.school(), tmp_path / "stick")
    (tmp_path / "stick" / "junk.smb").write_bytes(b"not a bundle")
    report = usb.import_bundles(area.officer, [tmp_path / "stick"])
    assert sorted(b.status for b in report.bundles) == ["imported", "refused"] and report.exit_code == 3
    assert good.exists()


# ------------------------------------------------------------------ fuzz
@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A valid bundle and what opening it needs (module-wide: hypothesis reruns the test)."""
    c = Commune(tmp_path_factory.mktemp("fuzz"))
    school = c.school()
    data = exported(school, tmp_path_factory.mktemp("fuzz-stick")).read_bytes()
    opener = dict(reader_id=c.officer.instance_id, reader_key=keys.signing_key(c.officer),
                  devices=sync_state.known_devices(c.officer), scope=list(c.scope))
    yield data, opener, keys.signing_key(school), school.instance_id, school.unit_id, sync_state.recipients(school)
    c.close()


def open_or_refuse(data: bytes, opener: dict) -> B.Bundle | None:
    try:
        return B.open_bundle(data, **opener)
    except B.BundleError as e:
        e.message()  # every refusal has its message, with all its parameters
        return None


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.one_of(st.binary(max_size=3000),
                 st.binary(max_size=3000).map(lambda b: B.MAGIC + bytes((1,)) + b),
                 st.binary(max_size=300).map(lambda b: B.MAGIC + b"\x01" + struct.pack(">I", len(b)) + b + b"x" * 64)))
def test_fuzz_random_bytes_only_ever_raise_bundle_error(sample, data):
    assert open_or_refuse(data, sample[1]) is None


@FUZZ
@given(st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(["flip", "cut", "insert", "delete"]),
                          st.binary(min_size=1, max_size=8)), min_size=1, max_size=4))
def test_fuzz_mutated_bundles_are_refused_or_unchanged(sample, edits):
    data, opener = sample[0], sample[1]
    bad = bytearray(data)
    for at, how, junk in edits:
        at %= max(len(bad), 1)
        if how == "flip" and bad:
            bad[at] ^= junk[0] or 1
        elif how == "cut":
            del bad[at:]
        elif how in ("insert", "flip"):
            bad[at:at] = junk
        else:
            del bad[at:at + len(junk)]
    opened = open_or_refuse(bytes(bad), opener)
    assert opened is None or bytes(bad) == data


@FUZZ
@given(payloads=st.lists(st.binary(max_size=200), max_size=3), header=st.dictionaries(
    st.sampled_from(["records", "kinds", "since", "summary", "scope", "format", "created_at", "bundle"]),
    st.one_of(st.none(), st.integers(), st.text(max_size=5), st.dictionaries(st.text(max_size=3), st.integers()))))
def test_fuzz_signed_garbage_inside_only_ever_raises_bundle_error(sample, payloads, header):
    """Past the signature (signed with the school's real key): a header with odd values,
    a payload of random batches — the deep parser refuses, nothing else escapes."""
    _data, opener, school_key, instance, unit_id, readers = sample
    chunks, _m = B.seal(payloads, sender_key=school_key, readers=readers, summary={}, since={}, scope="*|*",
                        sender={"instance": instance, "unit_id": unit_id, "unit_code": "TH0001", "unit_name": ""},
                        records=len(payloads), kinds={}, created_at="2025-10-01", app_version="x")
    data = b"".join(chunks)
    if header:  # re-sign a header with some fields replaced
        head_len = struct.unpack(">I", data[len(B.MAGIC) + 1:len(B.MAGIC) + 5])[0]
        h = json.loads(data[len(B.MAGIC) + 5:len(B.MAGIC) + 5 + head_len])
        h.update(header)
        head = json.dumps(h).encode()
        body = data[len(B.MAGIC) + 5 + head_len:-64]
        signed = B.MAGIC + b"\x01" + struct.pack(">I", len(head)) + head + body
        data = signed + school_key.sign(signed).signature
    assert open_or_refuse(data, opener) is None
