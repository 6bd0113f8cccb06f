"""The wire format of sync batches: round trip, size, bounds, refusal of damaged input."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import uuid
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import messages
from app.changes import DERIVED, END, stamp
from app.errors import SongMayError
from app.records import Student
from app.store import to_row
from app.validate import century_sex_digit
from sync import protocol as P

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Lò Lường Tòng Quàng Cầm Giàng Thào Sùng Vàng Lý Hờ".split()
GIVEN = {"M": "Phong Khánh Tiến Thanh Hoàn Kiên Hùng Chiến Dũng Tuấn Sử Dế Páo Chứ Lử".split(),
         "F": "Xuân Phương Ngọc Ánh Nhung Mỷ Panh Dịu Tiên Khuyên Ngân Hoa Lan Anh Mai Dợ".split()}
MIDDLE = {"M": ["Văn", "Minh", "Đức", "A"], "F": ["Thị", "Ngọc", "Thu", "Kim"]}
ETHNIC = ["Thái", "Mông", "Kinh", "Dao", "Hà Nhì", "Giáy", "Lự"]
VILLAGES = ["Bản Nậm Cha", "Bản Pa Ủ", "Bản Hô Sáng", "Bản Nà Hừ", "Bản Phiêng Lúc", "Bản Lùng Thàng"]
HOUSEHOLDS = ["poor"] * 4 + ["near_poor"] * 2 + ["other_hardship", "none", "none"]
PREFIXES = ["096", "097", "098", "086", "033", "035", "091", "094", "088", "070"]


def student_changes(n: int, *, seed: int = 1) -> list[dict]:
    """``n`` changes of valid, varied students of one school, as changes_since makes them."""
    rng = random.Random(seed)
    unit, inst = str(uuid.UUID(int=rng.getrandbits(128), version=4)), uuid.UUID(int=rng.getrandbits(128)).hex
    start = dt.datetime(2025, 9, 8, 7, 30, tzinfo=dt.UTC)
    out = []
    for k in range(n):
        sex = rng.choice("MF")
        born = dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(9 * 365))
        family = rng.choice(FAMILY)
        household = rng.choice(HOUSEHOLDS)
        certified = household in ("poor", "near_poor")
        rec = Student(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), unit_id=unit,
            full_name=f"{family} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}",
            birth_date=born.isoformat(), sex=sex,
            personal_id=f"012{century_sex_digit(born.year, sex)}{born.year % 100:02d}{rng.randrange(10**6):06d}",
            ethnicity=rng.choice(ETHNIC), class_name=f"{min(5, max(1, 2025 - born.year - 5))}{rng.choice('AB')}",
            school_year="2025-2026", guardian_name=f"{family} Văn {rng.choice(GIVEN['M'])}",
            guardian_relation=rng.choice(["Bố", "Mẹ", "Ông", "Bà"]),
            guardian_phone=rng.choice(PREFIXES) + f"{rng.randrange(10**7):07d}", village=rng.choice(VILLAGES),
            household=household, policy_family=rng.random() < 0.1,
            poverty_cert_no=f"{rng.randrange(1, 999)}/GCN-UBND" if certified else "",
            poverty_cert_year=2025 if certified else None, covid_orphan=rng.random() < 0.01,
        ).checked()
        row = to_row(rec)
        rid = row.pop("id")
        for name in DERIVED["student"]:
            del row[name]
        at = start + dt.timedelta(seconds=k * 37 + rng.randrange(30))
        out.append({"k": "student", "id": rid, "i": inst, "c": k + 1, "vv": {inst: k + 1}, "d": 0,
                    "t": at.isoformat(timespec="seconds"), "f": row})
    return out


@pytest.fixture(scope="module")
def students() -> list[dict]:
    return student_changes(10_000)


def mixed() -> list[dict]:
    a, b = "a" * 32, "b" * 32
    return [
        {"k": "unit", "id": "u-1", "i": a, "c": 1, "vv": {a: 1}, "d": 0, "t": "2025-09-08T07:30:00+00:00",
         "f": {"unit_id": "u-1", "code": "TH0001", "name": "Trường PTDTBT TH Nậm Cha", "broadband": 0}},
        *student_changes(3, seed=7),
        {"k": "need", "id": "n-1", "i": b, "c": 9, "vv": {a: 4, b: 9}, "d": 0, "t": "2025-09-09T01:02:03+00:00",
         "f": {"history": [{"status": "submitted", "by": "cô Hoa"}], "priority_tier": None, "needs_sim": 1},
         "p": {a: 4}, "s": "*|*"},
        {"k": "student", "id": "s-gone", "i": b, "c": 10, "vv": {b: 10}, "d": 1, "t": "2025-09-10T00:00:00+00:00",
         "f": {"full_name": "Lò Văn Xôm"}},
        {"k": END, "p": {a: 4, b: 10}, "s": "*|*"},
    ]


# ------------------------------------------------------------------ round trip
def test_round_trip_keeps_every_change_in_order():
    changes = mixed()
    data = P.encode_batch(changes)
    assert data.startswith(P.MAGIC)
    assert P.decode_batch(data) == changes


def test_round_trip_with_lzma():
    changes = mixed()
    assert P.decode_batch(P.encode_batch(changes, codec=P.LZMA)) == changes


vectors = st.dictionaries(st.sampled_from(["a" * 32, "b" * 32, "c" * 32]), st.integers(1, 10**9), min_size=1)
values = st.one_of(st.none(), st.integers(-(2**53), 2**53), st.text(max_size=20), st.booleans(),
                   st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=5), st.integers()))


@st.composite
def change_lists(draw):
    out = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["student", "need", "device"]))
        vv = draw(vectors)
        c, i = stamp(vv)
        ch = {"k": kind, "id": draw(st.one_of(st.uuids().map(str), st.text(min_size=1, max_size=10))),
              "i": i, "c": c, "vv": vv, "d": draw(st.integers(0, 1)), "t": draw(st.text(max_size=25)),
              "f": draw(st.dictionaries(st.sampled_from(["full_name", "note", "history", "count"]), values))}
        if draw(st.booleans()):
            ch["p"], ch["s"] = draw(vectors), draw(st.sampled_from(["*|*", "u1|*"]))
        out.append(ch)
    if draw(st.booleans()):
        out.append({"k": END, "p": draw(vectors), "s": "*|*"})
    return out


@settings(max_examples=100, deadline=None)
@given(change_lists())
def test_any_batch_round_trips(changes):
    assert P.decode_batch(P.encode_batch(changes)) == changes


# ------------------------------------------------------------------ size and batches
def test_columnar_batches_are_small(students):
    """10,000 students in one batch: the budget on the wire is 60 bytes a record."""
    data = P.encode_batch(students)
    per_record = len(data) / len(students)
    assert per_record <= 60, per_record
    assert P.decode_batch(data) == students


def test_batches_respect_max_bytes_and_keep_order(students):
    changes = students[:3000] + [{"k": END, "p": {students[0]["i"]: 3000}, "s": "*|*"}]
    blobs = list(P.iter_batches(changes, 16_000))
    assert len(blobs) > 3
    assert all(len(b) <= 16_000 for b in blobs)
    assert [ch for b in blobs for ch in P.decode_batch(b)] == changes


def test_a_change_larger_than_a_batch_is_refused():
    [big] = student_changes(1)
    rng = random.Random(3)
    big["f"]["village"] = "".join(rng.choice("abcdeghiklmnopqrstuvxyàáạảãâầấậẩẫ") for _ in range(5000))
    with pytest.raises(P.ProtocolError) as e:
        list(P.iter_batches([big], 1000))
    assert e.value.key == "protocol.too_large"


def test_batch_id_depends_only_on_the_contents():
    changes = mixed()
    one, two = P.encode_batch(changes), P.encode_batch(json.loads(json.dumps(changes)))
    assert one == two and P.batch_id(one) == P.read_batch(one).id
    changes[1]["f"]["village"] = "Bản Khác"
    assert P.batch_id(P.encode_batch(changes)) != P.batch_id(one)


# ------------------------------------------------------------------ refusals
def frame(payload: bytes, *, version: int = P.PROTOCOL_VERSION, codec: int = P.ZLIB) -> bytes:
    """A well-formed frame (right checksum) around any payload."""
    rest = bytes((version, codec)) + payload
    return P.MAGIC + hashlib.sha256(rest).digest() + rest


GOOD = P.encode_batch(mixed())


@pytest.mark.parametrize("data", [
    b"", b"SMSY", b"hello world", GOOD[:10], GOOD[:-1], GOOD[: len(GOOD) // 2], GOOD + b"\x00",
    json.dumps(mixed()).encode(), bytes(range(256)) * 3,
], ids=["empty", "magic-only", "text", "header-cut", "last-byte-cut", "half", "extra-byte", "json", "noise"])
def test_garbage_and_truncated_input_is_refused(data):
    with pytest.raises(P.ProtocolError):
        P.decode_batch(data)


@pytest.mark.parametrize("position", [0, 3, 4, 20, 36, 37, 38, 39, 50, -10, -1])
def test_any_flipped_byte_is_noticed(position):
    damaged = bytearray(GOOD)
    damaged[position] ^= 0x40
    with pytest.raises(P.ProtocolError) as e:
        P.decode_batch(bytes(damaged))
    assert e.value.key in ("protocol.garbage", "protocol.checksum")


@pytest.mark.parametrize("payload", [
    zlib.compress(b"not json"),
    zlib.compress(b"[]"),
    zlib.compress(json.dumps({"v": 1, "inst": [], "scopes": [], "kinds": [
        {"k": "student", "fields": ["x"], "id": ["a", "b"], "vv": [[0, 1]], "p": [None], "s": [None],
         "cols": [[1]]}]}).encode()),  # columns of unequal length
    zlib.compress(json.dumps({"v": 1, "inst": ["a"], "scopes": [], "kinds": [
        {"k": "student", "fields": [], "vv": [[5, 1]], "p": [None], "s": [None], "cols": []}]}).encode()),
    zlib.compress(b'{"v": 1, "inst": "oops"}'),
    zlib.compress(b"\xff\xfe not utf-8"),
    b"\x78\x9c not zlib at all",
], ids=["not-json", "not-columns", "ragged", "bad-instance-index", "bad-table", "not-utf8", "not-zlib"])
def test_well_framed_nonsense_is_refused(payload):
    with pytest.raises(P.ProtocolError) as e:
        P.decode_batch(frame(payload))
    assert e.value.key == "protocol.garbage"


def test_newer_format_is_refused_with_a_clear_message():
    data = frame(zlib.compress(b"{}"), version=max(P.FORMATS) + 1)
    with pytest.raises(P.ProtocolError) as e:
        P.decode_batch(data)
    assert e.value.key == "protocol.version"
    assert isinstance(e.value, SongMayError)
    assert "cập nhật" in e.value.message("vi") and "Update SongMay" in e.value.message("en")
    assert messages.text("protocol.checksum", "vi").startswith("Dữ liệu đồng bộ")


def test_the_frame_layout_is_pinned():
    """kind (1 byte) | length (4 bytes, big-endian) | payload; a batch: SMSY | SHA-256 | version | codec | body."""
    from sync import protocol as P

    assert P.frame(P.HEADER, b'{"a":1}') == b"H\x00\x00\x00\x07" + b'{"a":1}'
    data = P.encode_batch([{"k": "student", "id": "x", "vv": {"i": 1}, "f": {"full_name": "Lò Thị Ánh"}}])
    assert data[:4] == b"SMSY" and data[4:36] == hashlib.sha256(data[36:]).digest()
    assert data[36] == P.PROTOCOL_VERSION and data[37] == P.ZLIB
    stream = P.frame(P.HEADER, b'{"more":false}') + P.frame(P.BATCH, data)
    at = {"i": 0}

    def read(n: int, allow_eof: bool) -> bytes:
        chunk = stream[at["i"]:at["i"] + n]
        at["i"] += len(chunk)
        return chunk

    assert list(P.read_frames(read)) == [("header", {"more": False}), ("batch", data)]
    with pytest.raises(P.ProtocolError):
        chunks = iter([b"X\x00\x00\x00\x00", b""])
        list(P.read_frames(lambda n, eof: next(chunks)))


# ------------------------------------------------------------------ layout 2 (issue 18)
def school_changes() -> list[dict]:
    """Students, their needs and a handover referring to them, with UUID ids, as a school's
    push: the references to the batch's own records are what layout 2 numbers."""
    a = uuid.UUID(int=7).hex
    kids = student_changes(20, seed=3)
    out = []
    for n, ch in enumerate(kids):
        ch = {**ch, "id": str(uuid.UUID(int=1000 + n)), "p": {ch["i"]: ch["c"]}, "s": "*|*"}
        out.append(ch)
    for n, kid in enumerate(out[:12]):
        out.append({"k": "need", "id": str(uuid.UUID(int=5000 + n)), "i": a, "c": 100 + n, "vv": {a: 100 + n},
                    "d": 0, "t": "2025-09-09T01:02:03+00:00",
                    "f": {"student_id": kid["id"], "unit_id": "u-1", "status": "approved", "history": []}})
    out.append({"k": "handover", "id": str(uuid.UUID(int=9000)), "i": a, "c": 200, "vv": {a: 200, "b" * 32: 3},
                "d": 0, "t": "2025-10-01T00:00:00+00:00",
                "f": {"student_id": out[2]["id"], "need_id": out[21]["id"], "device_id": "not-in-this-batch",
                      "sim_id": ""}})
    out.append({"k": END, "p": {a: 200}, "s": "*|*"})
    return out


@pytest.mark.parametrize("codec", P.CODECS)
def test_layout_2_round_trips_with_every_codec(codec):
    for changes in (mixed(), school_changes()):
        data = P.encode_batch(changes, codec=codec, fmt=P.FORMAT_V2)
        assert data[36:38] == bytes((P.FORMAT_V2, codec))
        assert P.decode_batch(data) == changes


def test_layout_2_numbers_references_and_sends_ids_as_bytes():
    changes = school_changes()
    doc = P._columns(changes, P.FORMAT_V2)
    need = next(c for c in doc["kinds"] if c["k"] == "need")
    assert need["refs"] == [need["fields"].index("student_id")] and "unit_id" not in \
        [need["fields"][r] for r in need["refs"]]  # unit_id: one value, compressed away anyway
    assert need["cols"][need["fields"].index("student_id")][:3] == [0, 1, 1]  # deltas to the students' numbers
    assert len(doc["_ids"]) == 16 * sum(1 for ch in changes if ch["k"] != END)
    assert all("idhex" not in c for c in doc["kinds"])
    v1 = len(P.encode_batch(changes * 1, codec=P.LZMA_RAW))
    assert len(P.encode_batch(changes, codec=P.LZMA_RAW, fmt=P.FORMAT_V2)) < v1


@settings(max_examples=100, deadline=None)
@given(change_lists())
def test_any_batch_round_trips_in_layout_2(changes):
    assert P.decode_batch(P.encode_batch(changes, fmt=P.FORMAT_V2)) == changes


@pytest.mark.parametrize("doc, blob", [
    ({"v": 2, "inst": ["a"], "scopes": [], "kinds": [
        {"k": "student", "fields": [], "idb": 1, "vi": 0, "vc": [1, 1], "pc": [None, None], "s": [None, None],
         "cols": []}]}, b"\x01" * 16),  # ids for one row of two
    ({"v": 2, "inst": ["a"], "scopes": [], "kinds": [
        {"k": "student", "fields": [], "idb": 1, "vi": 0, "vc": [1], "pc": [None], "s": [None],
         "cols": []}]}, b"\x01" * 20),  # bytes left over
    ({"v": 2, "inst": ["a"], "scopes": [], "kinds": [
        {"k": "need", "fields": ["student_id"], "idb": 1, "vi": 0, "vc": [1], "pc": [None], "s": [None],
         "cols": [[5]], "refs": [0]}]}, b"\x01" * 16),  # a reference past the batch's records
    ({"v": 2, "inst": ["a"], "scopes": [], "kinds": [
        {"k": "need", "fields": [], "vi": 3, "vc": [1], "pc": [None], "s": [None], "cols": []}]}, b""),
    ({"v": 2, "inst": ["a"], "scopes": [], "kinds": [
        {"k": "need", "fields": [], "vi": 0, "vc": ["1"], "pc": [None], "s": [None], "cols": []}]}, b""),
    ({"v": 1, "inst": [], "scopes": [], "kinds": []}, b""),  # a layout 1 document in a layout 2 frame
], ids=["ids-short", "ids-left", "ref-past-end", "bad-instance", "counter-not-int", "version-mismatch"])
def test_layout_2_nonsense_is_refused(doc, blob):
    payload = json.dumps(doc).encode() + b"\0" + blob
    with pytest.raises(P.ProtocolError) as e:
        P.decode_batch(frame(zlib.compress(payload), version=P.FORMAT_V2))
    assert e.value.key == "protocol.garbage"


def test_a_compressed_header_frame_is_bounded():
    obj = {"protocol": 1, "summary": {"a" * 32: 5}, "notices": ["Lò Thị Ánh"]}
    f = P.header_frame(obj, compressed=True)
    assert f[:1] == P.HEADER_Z and len(f) < len(P.header_frame(obj))
    assert P.header_bytes(P.HEADER_Z, f[5:]) == json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
    bomb = zlib.compress(b" " * (P.MAX_HEADER + 1))
    with pytest.raises(P.ProtocolError):
        P.header_bytes(P.HEADER_Z, bomb)
