"""Offline enrolment (sync.enrolment): the province's delegation, the officer's file, a new
computer's first bundle — between real stores, with keys set as enrolment leaves them
(tests/helpers/bundles.py; tests/e2e/test_usb_bundles.py does it through a real server)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from nacl.signing import SigningKey

from app import sync_state
from app.errors import SongMayError
from app.records import Student
from app.store import Store
from sync import bundle as B
from sync import enrolment as E
from sync import keys, usb
from tests.helpers import factories as f
from tests.helpers.bundles import Commune


@pytest.fixture
def area(tmp_path):
    c = Commune(tmp_path)
    yield c
    c.close()


def delegate_to_officer(area: Commune, *, days: int = 180, province: SigningKey | None = None) -> None:
    o = area.officer
    E.keep_delegation(o, E.delegate(province or area.province, officer=o.instance_id,
                                    officer_key=keys.public_key_hex(o), unit_id=o.unit_id, unit_code=o.unit().code,
                                    units=area.scope, days=days))


def forged_bundle(like: Store, signer: SigningKey, doc, *, key: str, sender: str | None = None) -> list[bytes]:
    """A bundle as ``like`` would write it, but signed by ``signer``, naming ``key`` as its
    own and carrying ``doc`` as its enrolment (sealed)."""
    from app.changes import END
    from sync.protocol import encode_batch

    chunks, _m = B.seal([encode_batch([{"k": END, "p": {}, "s": "*|*"}])], sender_key=signer,
                        sender={"instance": sender or like.instance_id, "unit_id": like.unit_id,
                                "unit_code": "TH0001", "unit_name": ""},
                        readers=sync_state.recipients(like), summary={}, since={}, scope="*|*", records=0, kinds={},
                        created_at="2026-01-01T00:00:00+00:00", app_version="x", extra={"enrolment_key": key},
                        private={"enrolment": doc})
    return chunks


def school_at_officer(area: Commune, code: str, tmp_path, **kw) -> Store:
    """A school whose records (its unit among them) the officer holds."""
    school = area.school(code, **kw)
    if kw.get("in_scope", True):
        assert usb.import_bundles(area.officer, [usb.export_bundle(school, tmp_path / code).path]).exit_code == 0
    return school


def test_a_new_computer_enrols_with_the_officers_file_and_its_first_bundle_is_taken(area, tmp_path):
    school = school_at_officer(area, "TH0001", tmp_path)  # the school's first computer, known to the officer
    delegate_to_officer(area)
    path = E.issue_file(area.officer, "th0001", tmp_path / "stick")
    assert path.name.startswith("ENROL_TH0001_") and path.suffix == ".sme"
    assert E.issued_files(area.officer)[0]["school"] == "TH0001"

    fresh = area.open("new-laptop")  # a fresh installation: nothing set up, no network
    e = E.enrol_from_file(fresh, path)
    assert (e.unit_id, e.unit_code, e.token) == (school.unit_id, "TH0001", "")
    assert fresh.unit().name == school.unit().name  # the school's record came with the file
    assert [r["id"] for r in sync_state.recipients(fresh)] == ["server", area.officer.instance_id]
    kid = f.student(fresh, full_name="Giàng A Páo")
    out = usb.export_bundle(fresh, tmp_path / "stick")
    assert out.manifest.extra["enrolment_key"] == keys.public_key_hex(fresh)
    raw = out.path.read_bytes()  # the file travels sealed: a stick's bearer cannot take it off the bundle
    grant_id = json.loads(path.read_bytes())["grant"]["body"]["id"]
    assert grant_id.encode() not in raw and b"delegation" not in raw and "enrolment" in out.manifest.extra["sealed"]

    report = usb.import_bundles(area.officer, [out.path])  # the officer never heard of this computer
    assert report.bundles[0].status == "imported", report.bundles[0].error and report.bundles[0].error.message()
    assert area.officer.get(Student, kid.id).full_name == "Giàng A Páo"
    known = {d["id"]: d for d in sync_state.known_devices(area.officer)}
    assert known[fresh.instance_id]["public_key"] == keys.public_key_hex(fresh)  # known from now on
    # the province opens it too, with its own key only (the server adds its own checks)
    opened = B.open_bundle(out.path.read_bytes(), reader_id="server", reader_key=area.province, devices=[],
                           vouch=E.voucher(bytes(area.province.verify_key).hex()))
    assert opened.sender["grant"].officer == area.officer.instance_id
    assert opened.private["enrolment"]["grant"]["body"]["id"] == grant_id

    # once the province has acknowledged it, bundles stop carrying the file
    E.confirmed(fresh)
    assert "enrolment" not in usb.export_bundle(fresh, tmp_path / "later").manifest.extra


def test_a_file_altered_in_any_part_is_refused_by_the_computer(area, tmp_path):
    school_at_officer(area, "TH0001", tmp_path)
    delegate_to_officer(area)
    doc = json.loads(E.issue_file(area.officer, "TH0001", tmp_path).read_bytes())
    for part, change in (("grant", lambda d: d["grant"]["body"].update(unit_code="TH9999")),
                         ("delegation", lambda d: d["delegation"]["body"]["units"].append("x")),
                         ("grant", lambda d: d["grant"].update(signature="00" * 64))):
        bad = json.loads(json.dumps(doc))
        change(bad)
        (tmp_path / "bad.sme").write_text(json.dumps(bad))
        with pytest.raises(E.EnrolmentFileError) as err:
            E.enrol_from_file(area.open("laptop"), tmp_path / "bad.sme")
        assert err.value.key == "enrol.file_damaged" and part in err.value.message("en")
    (tmp_path / "junk.sme").write_bytes(b"\xff\x00 not json")
    with pytest.raises(E.EnrolmentFileError) as err:
        E.enrol_from_file(area.open("laptop"), tmp_path / "junk.sme")
    assert "hỏng" in err.value.message("vi")


def test_expired_files_other_schools_and_other_provinces_are_refused(area, tmp_path):
    school = school_at_officer(area, "TH0001", tmp_path)
    outsider = school_at_officer(area, "TH0777", tmp_path, in_scope=False)
    delegate_to_officer(area)
    with pytest.raises(SongMayError) as err:  # not a school of this office
        E.issue_file(area.officer, "TH0777", tmp_path)
    assert err.value.key in ("enrol.school_unknown", "enrol.school_outside")
    with pytest.raises(SongMayError) as err:
        E.issue_file(area.officer, "NOPE", tmp_path)
    assert err.value.key == "enrol.school_unknown"

    o = area.officer  # a school the office holds, but the province's delegation does not name
    E.keep_delegation(o, E.delegate(area.province, officer=o.instance_id, officer_key=keys.public_key_hex(o),
                                    unit_id=o.unit_id, unit_code="XA-03388", units=[o.unit_id]))
    with pytest.raises(E.EnrolmentFileError) as err:
        E.issue_file(o, "TH0001", tmp_path)
    assert err.value.key == "enrol.school_outside" and "TH0001" in err.value.message("vi")
    delegate_to_officer(area)
    doc = json.loads(E.issue_file(area.officer, "TH0001", tmp_path, days=1).read_bytes())
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    with pytest.raises(E.EnrolmentFileError) as err:
        E.check(doc, now=later)
    assert err.value.key == "enrol.file_expired"
    assert E.check(doc, now=later, grace_days=E.TRAVEL_DAYS).unit_code == "TH0001"  # a bundle on its way
    with pytest.raises(E.EnrolmentFileError) as err:
        E.check(doc, server_key=bytes(SigningKey.generate().verify_key).hex())
    assert err.value.key == "enrol.other_province"

    other = area.open("laptop")  # a computer already set up for another school
    from app.errors import SyncError
    (tmp_path / "f.sme").write_text(json.dumps(doc))
    with pytest.raises(SyncError) as err2:
        E.enrol_from_file(outsider, tmp_path / "f.sme")
    assert err2.value.key == "enrol.file_other_unit"
    assert sync_state.enrolment(other) is None
    assert school.unit_id != outsider.unit_id


def test_an_expired_delegation_issues_nothing_and_a_forged_one_is_refused_at_import(area, tmp_path):
    school_at_officer(area, "TH0001", tmp_path)
    delegate_to_officer(area, days=-1)
    with pytest.raises(E.EnrolmentFileError) as err:
        E.issue_file(area.officer, "TH0001", tmp_path)
    assert err.value.key == "enrol.delegation_expired"
    assert E.issued_files(area.officer) == []

    # a delegation signed by some other key: the officer's own files are refused where it matters
    delegate_to_officer(area, province=SigningKey.generate())
    with pytest.raises(E.EnrolmentFileError) as err:
        E.issue_file(area.officer, "TH0001", tmp_path)
    assert err.value.key == "enrol.file_damaged"


def test_a_bundle_with_a_forged_enrolment_is_refused_and_nothing_imported(area, tmp_path):
    school_at_officer(area, "TH0001", tmp_path)
    delegate_to_officer(area)
    path = E.issue_file(area.officer, "TH0001", tmp_path / "stick")
    fresh = area.open("laptop")
    E.enrol_from_file(fresh, path)
    f.student(fresh)
    # someone else signs a bundle with their own key but names the computer's key and enrolment
    doc = E.offline_file(fresh)
    chunks = forged_bundle(fresh, SigningKey.generate(), doc, key=keys.public_key_hex(fresh))
    (tmp_path / "forged.smb").write_bytes(b"".join(chunks))
    before = area.officer.conn.execute("SELECT count(*) FROM students").fetchone()[0]
    r = usb.import_bundles(area.officer, [tmp_path / "forged.smb"]).bundles[0]
    assert r.status == "refused" and r.error.key == "bundle.damaged"  # the signature is not the key's
    assert area.officer.conn.execute("SELECT count(*) FROM students").fetchone()[0] == before
    assert fresh.instance_id not in {d["id"] for d in sync_state.known_devices(area.officer)}


def test_a_computer_enrolled_online_keeps_its_enrolment_rather_than_a_file(area, tmp_path):
    school = school_at_officer(area, "TH0001", tmp_path)  # enrolled with a token (Commune sets "t")
    delegate_to_officer(area)
    path = E.issue_file(area.officer, "TH0001", tmp_path / "stick")
    from app.errors import SyncError
    with pytest.raises(SyncError) as err:
        E.enrol_from_file(school, path)
    assert err.value.key == "enrol.already_enrolled" and "TH0001" in err.value.message("vi")
    assert sync_state.enrolment(school).token == "t" and E.offline_file(school) is None


def test_one_file_enrols_one_computer_at_the_officer_too(area, tmp_path):
    school_at_officer(area, "TH0001", tmp_path)
    delegate_to_officer(area)
    path = E.issue_file(area.officer, "TH0001", tmp_path / "stick")
    first, second = area.open("laptop-1"), area.open("laptop-2")
    for laptop in (first, second):
        E.enrol_from_file(laptop, path)
        f.student(laptop)
    a = usb.export_bundle(first, tmp_path / "a")
    b = usb.export_bundle(second, tmp_path / "b")
    assert usb.import_bundles(area.officer, [a.path]).bundles[0].status == "imported"
    refused = usb.import_bundles(area.officer, [b.path]).bundles[0]  # another day, another import
    assert refused.status == "refused" and refused.error.key == "bundle.enrolment_refused"
    assert "một lần" in refused.error.message("vi")
    assert {d["grant"] for d in sync_state.known_devices(area.officer) if d.get("grant")} == {
        json.loads(path.read_bytes())["grant"]["body"]["id"]}
    sync_state.save_keys(area.officer, None, [{**d, "revoked": False} for d in sync_state.known_devices(area.officer)])
    assert any(d.get("grant") for d in sync_state.known_devices(area.officer))  # what the server says adds up


def test_a_sender_calling_itself_server_is_not_vouched_for(area, tmp_path):
    school_at_officer(area, "TH0001", tmp_path)
    delegate_to_officer(area)
    path = E.issue_file(area.officer, "TH0001", tmp_path / "stick")
    fresh = area.open("laptop")
    E.enrol_from_file(fresh, path)
    key = SigningKey.generate()
    for sender in ("server", "SERVER" * 5 + "ab", fresh.instance_id[:-1]):
        (tmp_path / "odd.smb").write_bytes(b"".join(forged_bundle(
            fresh, key, E.offline_file(fresh), key=bytes(key.verify_key).hex(), sender=sender)))
        r = usb.import_bundles(area.officer, [tmp_path / "odd.smb"]).bundles[0]
        assert r.status == "refused", sender
    assert all(d["id"] != "server" for d in sync_state.known_devices(area.officer))


@pytest.mark.parametrize("damage", [
    lambda g, d: d.update(units=5),
    lambda g, d: g.update(readers="ab"),
    lambda g, d: g.update(readers=[{"id": "server", "public_key": "zz"}]),
    lambda g, d: g.update(valid_until="9999-12-31T23:59:59+00:00"),
    lambda g, d: g.update(unit_changes=[{"k": "student"}]),
])
def test_a_well_signed_but_malformed_file_is_refused_in_words(area, tmp_path, damage):
    """The computer has no key but the file's own: a crafted file is self-signed, so every
    shape is checked, and a refusal is a message, never a crash."""
    province, officer = SigningKey.generate(), SigningKey.generate()
    d = E.delegate(province, officer="a" * 32, officer_key=bytes(officer.verify_key).hex(), unit_id="u1",
                   unit_code="XA", units=["u1"])["body"]
    g = {"kind": "grant", "id": "g1", "unit_id": "u1", "unit_code": "TH1", "unit_name": "", "unit_changes": [],
         "server_key": bytes(province.verify_key).hex(), "server_url": "", "issued_by": "a" * 32,
         "readers": [{"id": "server", "kind": "server", "unit_code": "",
                      "public_key": bytes(province.verify_key).hex()}],
         "issued_at": d["issued_at"], "valid_until": d["valid_until"]}
    damage(g, d)
    doc = {"format": E.FORMAT, "version": 1, "grant": E._sign(officer, g), "delegation": E._sign(province, d)}
    with pytest.raises(E.EnrolmentFileError) as err:
        E.check(doc, grace_days=E.TRAVEL_DAYS)
    assert err.value.message("vi")
    (tmp_path / "f.sme").write_text(json.dumps(doc))
    fresh = area.open("laptop")
    with pytest.raises(E.EnrolmentFileError):
        E.enrol_from_file(fresh, tmp_path / "f.sme")
    assert sync_state.enrolment(fresh) is None and fresh.unit() is None
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "deep.sme").write_text(deep)
    with pytest.raises(E.EnrolmentFileError):
        E.enrol_from_file(fresh, tmp_path / "deep.sme")
