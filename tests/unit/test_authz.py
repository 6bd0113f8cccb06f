"""The authorization policy itself (``app.authz``), without a server: the rules one by one.
The matrix against a real server is tests/e2e/test_authz_matrix.py."""

from __future__ import annotations

import json

import pytest

from app.authz import Authority, Sender

A, B, OX = "unit-a", "unit-b", "office-x"
SCHOOL = Sender(instance="i-a", unit_id=A, unit_kind="school", province_code="12", area=frozenset({A}))
OFFICE = Sender(instance="i-o", unit_id=OX, unit_kind="commune", province_code="12", area=frozenset({OX, A, B}))
PROVINCE = Sender(instance="i-p", unit_id="p", unit_kind="province", province_code="12",
                  area=frozenset({"p", OX, A, B}))
STORED_UNITS = {("device", "dev-b"): B, ("student", "kid-a"): A, ("student", "kid-b"): B}


def judge(sender, ch, stored=None, *, known=None, batch=(), **kw):
    def lookup(kind, ids):
        return {i: STORED_UNITS[(kind, i)] for i in ids if (kind, i) in STORED_UNITS}

    auth = Authority(sender, [*batch, ch], lookup, lambda: known or {}, **kw)
    return auth.judge(ch, stored)


def version(kind, rid, sender, f, *, vv=None, d=0):
    return {"k": kind, "id": rid, "vv": vv or {sender.instance: 7}, "d": d, "f": f}


def row(f, vv):
    return {**f, "_vv": json.dumps(vv)}


@pytest.mark.parametrize(("sender", "kind", "ok"), [
    (SCHOOL, "student", True), (SCHOOL, "allocation", False), (OFFICE, "allocation", True),
    (OFFICE, "student", True), (PROVINCE, "allocation", True)])
def test_kinds_by_sender(sender, kind, ok):
    f = {"unit_id": A, "to_unit_id": A} if kind == "allocation" else {"unit_id": A}
    verdict = judge(sender, version(kind, "r1", sender, f))
    assert (verdict is None) == ok
    if not ok:
        assert verdict.code == "forbidden" and verdict.final


def test_the_stored_rows_unit_counts_as_much_as_the_incoming_one():
    stored = row({"unit_id": B}, {"i-b": 3})
    verdict = judge(SCHOOL, version("student", "kid-b", SCHOOL, {"unit_id": A}, vv={"i-b": 3, "i-a": 9}), stored)
    assert verdict.code == "forbidden" and "ngoài phạm vi" in verdict.reason


def test_a_version_that_changes_nothing_is_never_refused():
    stored = row({"unit_id": B}, {"i-b": 3})
    assert judge(SCHOOL, version("student", "kid-b", SCHOOL, {"unit_id": B}, vv={"i-b": 3}), stored) is None


def test_references_to_another_units_records():
    handover = version("handover", "h1", SCHOOL, {"unit_id": A, "student_id": "kid-a", "device_id": "dev-b"})
    assert judge(SCHOOL, handover).code == "forbidden"
    need = version("need", "n1", SCHOOL, {"unit_id": A, "student_id": "kid-b"})
    assert judge(SCHOOL, need).code == "forbidden"
    # a device of the same batch counts by its incoming unit
    mine = version("device", "dev-new", SCHOOL, {"unit_id": A})
    ok = version("handover", "h2", SCHOOL, {"unit_id": A, "student_id": "kid-a", "device_id": "dev-new"})
    assert judge(SCHOOL, ok, batch=[mine]) is None


def test_a_unit_its_own_computer_changes_descriptive_fields_only():
    f = {"code": "TH-A", "name": "Trường A", "kind": "school", "province_code": "12", "coverage": "none",
         "address": ""}
    stored = row(f, {"server": 2})
    ok = version("unit", A, SCHOOL, {**f, "coverage": "3G", "address": "Bản Nậm Cha"}, vv={"server": 2, "i-a": 9})
    assert judge(SCHOOL, ok, stored) is None
    bad = version("unit", A, SCHOOL, {**f, "kind": "province"}, vv={"server": 2, "i-a": 9})
    verdict = judge(SCHOOL, bad, stored)
    assert verdict.code == "forbidden" and "kind" in verdict.reason
    other = version("unit", B, SCHOOL, {**f, "code": "TH-B"}, vv={"server": 2, "i-a": 9})
    assert judge(SCHOOL, other, row({**f, "code": "TH-B"}, {"server": 2})).code == "forbidden"
    assert judge(SCHOOL, version("unit", A, SCHOOL, f, d=1, vv={"server": 2, "i-a": 9}), stored).code == "forbidden"
    # a unit the receiver does not hold: never at the province; at an officer, the sender's own school
    assert judge(SCHOOL, version("unit", A, SCHOOL, f)).code == "forbidden"
    assert judge(SCHOOL, version("unit", A, SCHOOL, f), new_own_unit=frozenset({"school"})) is None
    assert judge(SCHOOL, version("unit", A, SCHOOL, {**f, "kind": "province"}),
                 new_own_unit=frozenset({"school"})).code == "forbidden"
    # the province's own computer keeps its province's registry
    assert judge(PROVINCE, version("unit", "new", PROVINCE, {**f, "code": "TH-N"})) is None
    assert judge(PROVINCE, version("unit", "new", PROVINCE, {**f, "province_code": "01"})).code == "forbidden"


def test_another_computers_writes_must_be_known_to_the_receiver():
    stored = row({"unit_id": A}, {"i-a2": 4})
    ahead = version("student", "kid-a", SCHOOL, {"unit_id": A}, vv={"i-a2": 50, "i-a": 12})
    verdict = judge(SCHOOL, ahead, stored, known={"i-a2": 4})
    assert verdict.code == "deferred" and not verdict.final and verdict.hold == {"i-a": 12}
    seen = version("student", "kid-a", SCHOOL, {"unit_id": A}, vv={"i-a2": 6, "i-a": 12})
    assert judge(SCHOOL, seen, stored, known={"i-a2": 6}) is None


def test_counters_beyond_what_a_real_computer_reaches_are_refused():
    """A forged 2⁶³ would stop every computer that pulls it (their next counter overflows)."""
    from app.authz import CEILING, MAX_JUMP

    known = {"i-a": 40, "i-a2": 5_000_000}
    for counter in (2**63 - 1, CEILING + 1, 5_000_000 + MAX_JUMP + 1):
        verdict = judge(SCHOOL, version("student", "k", SCHOOL, {"unit_id": A}, vv={"i-a": counter}), known=known)
        assert verdict.code == "forbidden" and verdict.final, counter
    # a Lamport jump to what the province has seen, then some writes: fine
    assert judge(SCHOOL, version("student", "k", SCHOOL, {"unit_id": A}, vv={"i-a": 5_000_100}), known=known) is None


def test_references_count_by_the_stored_unit_first():
    """A decoy of another school's record in the same batch does not make it ours."""
    decoy = version("student", "kid-b", SCHOOL, {"unit_id": A})  # B's child, claimed as A's
    need = version("need", "n1", SCHOOL, {"unit_id": A, "student_id": "kid-b"})
    assert judge(SCHOOL, need, batch=[decoy]).code == "forbidden"
    back = version("handover", "h9", SCHOOL, {"unit_id": A, "refers_to": "hand-b", "event": "returned"})
    STORED_UNITS[("handover", "hand-b")] = B
    try:
        assert judge(SCHOOL, back).code == "forbidden"
    finally:
        del STORED_UNITS[("handover", "hand-b")]
    gap = version("coverage_gap", "g1", SCHOOL, {"unit_id": A, "school_ids": [A, B]})
    STORED_UNITS[("unit", B)] = B
    try:
        assert judge(SCHOOL, gap).code == "forbidden"
    finally:
        del STORED_UNITS[("unit", B)]


def test_a_unit_version_leaving_out_its_registry_fields_is_refused():
    f = {"code": "TH-A", "name": "Trường A", "kind": "school", "commune_code": "03388", "province_code": "12",
         "parent_id": "x", "coverage": "none"}
    stored = row(f, {"server": 2})
    short = version("unit", A, SCHOOL, {"code": "TH-A", "name": "Trường A", "kind": "school", "coverage": "4G"},
                    vv={"server": 2, "i-a": 9})
    verdict = judge(SCHOOL, short, stored)
    assert verdict.code == "forbidden" and "commune_code" in verdict.reason


def test_an_officers_import_keeps_a_sticks_claims_to_its_signer(tmp_path):
    """A school's stick claiming the officer's (or anyone's) counter at 10¹² would hide the
    officer's own later writes from its next sync: only the signer's own claim is kept."""
    from app import changes, sync_state
    from app.changes import END
    from sync import bundle as B
    from sync import keys, usb
    from sync.protocol import encode_batch
    from tests.helpers import factories as f
    from tests.helpers.bundles import Commune

    area = Commune(tmp_path)
    try:
        school = area.school("TH0001")
        kid = f.student(school)
        stream = [ch for batch in changes.changes_since(school, {}, writer=school.instance_id) for ch in batch]
        stream[-1] = {"k": END, "s": "*|*", "p": {**stream[-1]["p"], area.officer.instance_id: 10**12,
                                                    "someone-else": 10**12}}
        chunks, _m = B.seal([encode_batch(stream)], sender_key=keys.signing_key(school),
                            sender={"instance": school.instance_id, "unit_id": school.unit_id, "unit_code": "TH0001",
                                    "unit_name": ""},
                            readers=sync_state.recipients(school), summary={}, since={}, scope="*|*",
                            records=len(stream) - 1, kinds={}, created_at="2026-01-01T00:00:00+00:00",
                            app_version="x")
        path = tmp_path / "stick" / "TH0001_forged.smb"
        path.parent.mkdir()
        path.write_bytes(b"".join(chunks))
        [res] = usb.import_bundles(area.officer, [path]).bundles
        assert res.status == "imported" and area.officer.get(type(kid), kid.id)
        known = changes.summary(area.officer)
        assert known.get("someone-else", 0) == 0
        assert known.get(area.officer.instance_id, 0) < 10**12  # its own writes stay its own to claim
        assert known.get(school.instance_id, 0) >= 1  # the signer's own claim is kept
    finally:
        area.close()
