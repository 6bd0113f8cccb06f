"""Donations and allocation decisions on a real SQLite store: reads, and the operations
that each run in one transaction (approval moves the devices and locks the decision; a
refusal changes nothing)."""

from __future__ import annotations

import pytest

from app import changes as C
from app.errors import RuleError, ValidationError
from app.ops import stock as ops
from app.queries import stock as sq
from app.records import Allocation, Device, Donation, Unit
from app.store import Store
from tests.helpers import factories as f

OFFICER = "Cán bộ Vàng Văn Sử"


@pytest.fixture
def office(tmp_path):
    """A commune office (Nậm Cha, 03388) holding two of its schools and one school of
    another commune."""
    s = Store.open(tmp_path / "office")
    s.set_unit(Unit(code="UBND-NAMCHA", name="UBND xã Nậm Cha", kind="commune", commune_code="03388"), "setup")
    for code, name, commune in (("TH0001", "Trường PTDTBT TH Nậm Cha", "03388"),
                                ("THCS0002", "Trường THCS Nậm Cha", "03388"),
                                ("TH0099", "Trường TH Bình Lư", "03390")):
        add_school(s, code, name, commune)
    yield s
    s.close()


def add_school(store: Store, code: str, name: str, commune: str = "03388") -> Unit:
    unit = Unit(code=code, name=name, kind="school", level="TH", commune_code=commune)
    unit.unit_id = unit.id
    return store.save(unit, "setup")


def school_id(store: Store, code: str) -> str:
    return store.conn.execute("SELECT id FROM units WHERE code=?", (code,)).fetchone()[0]


def draft(store: Store, **kw) -> Allocation:
    data = dict(decision_no="12/QĐ-UBND", decision_date="2025-10-01", to_unit_id=school_id(store, "TH0001"),
                donor="Viettel")
    data.update(kw)
    return ops.save_allocation(store, Allocation(**data), OFFICER)


def snapshot(store: Store) -> tuple:
    """Every row of devices and allocations (with versions) and the write counter."""
    return (store.conn.execute("SELECT * FROM devices ORDER BY id").fetchall(),
            store.conn.execute("SELECT * FROM allocations ORDER BY id").fetchall(), store.counter)


# ------------------------------------------------------------------ donations
def test_save_donation_and_list_it_with_registered_devices(store):
    gift = ops.save_donation(store, Donation(donor_name=" Tập đoàn  Viettel ", donor_kind="enterprise",
                                            cash_vnd=15_000_000, devices={"tablet": 3, "laptop": 1},
                                            received_date="2025-09-01", receipt_no="01/PT-2025"), OFFICER)
    assert gift.unit_id == store.unit_id and gift.donor_name == "Tập đoàn Viettel"
    f.device(store, donation_id=gift.id, kind="tablet", meets_spec="meets")
    f.device(store, donation_id=gift.id, kind="tablet", meets_spec="fails")
    f.device(store, donation_id=gift.id, kind="laptop")
    f.device(store)  # not of this donation
    ops.save_donation(store, Donation(donor_name="Chị Lò Thị Mai", donor_kind="person", devices={"smartphone": 1},
                                     received_date="2025-08-01"), OFFICER)
    rows = sq.donations(store, store.unit_id)
    assert [r.donor_name for r in rows] == ["Tập đoàn Viettel", "Chị Lò Thị Mai"]  # newest first
    row = rows[0]
    assert row.registered == {"tablet": 2, "laptop": 1} and row.registered_total == 3 and row.declared_total == 4
    assert row.inspected == {"meets": 1, "fails": 1, "pending": 1}
    assert row.unit_name == "Trường PTDTBT TH Nậm Cha" and row.cash_vnd == 15_000_000
    assert rows[1].registered == {} and rows[1].registered_total == 0
    assert [d.kind for d in sq.donation_devices(store, gift.id)] == ["laptop", "tablet", "tablet"]
    assert sq.donations(store, "another-unit") == []


def test_cash_needs_a_receipt_number_used_once(store):
    with pytest.raises(ValidationError) as e:
        ops.save_donation(store, Donation(donor_name="Quỹ Vì em", cash_vnd=5_000_000, received_date="2025-09-01"),
                         OFFICER)
    assert e.value.by_field().keys() == {"receipt_no"} and e.value.problems[0].key == "donation.receipt_required"
    # devices alone need no receipt number (their handover minute is filed with them)
    ops.save_donation(store, Donation(donor_name="Quỹ Vì em", devices={"tablet": 2}, received_date="2025-09-01"),
                     OFFICER)
    ops.save_donation(store, Donation(donor_name="Quỹ Vì em", cash_vnd=5_000_000, received_date="2025-09-01",
                                     receipt_no="07/PT"), OFFICER)
    with pytest.raises(ValidationError) as e:
        ops.save_donation(store, Donation(donor_name="Ông A", cash_vnd=1_000, received_date="2025-09-02",
                                         receipt_no=" 07 / pt "), OFFICER)
    assert e.value.problems[0].key == "donation.receipt_taken" and "07/PT" in e.value.message()
    assert store.count(Donation) == 2


def test_donation_problems_are_reported_together_by_field(store):
    with pytest.raises(ValidationError) as e:
        ops.save_donation(store, Donation(donor_name="", cash_vnd=2_000_000, received_date=""), OFFICER)
    assert set(e.value.by_field()) == {"donor_name", "received_date", "receipt_no"}
    with pytest.raises(ValidationError) as e:
        ops.save_donation(store, Donation(donor_name="X", received_date="2025-09-01"), OFFICER)
    assert e.value.problems[0].key == "donation.empty"
    assert store.count(Donation) == 0


def test_a_donation_of_another_unit_cannot_be_changed_here(office):
    school = school_id(office, "TH0001")
    theirs = office.save(Donation(unit_id=school, donor_name="Viettel", devices={"tablet": 1},
                                  received_date="2025-09-01"), "sync")
    theirs.note = "sửa"
    with pytest.raises(RuleError) as e:
        ops.save_donation(office, theirs, OFFICER)
    assert e.value.key == "donation.other_unit" and "Nậm Cha" in e.value.message()
    # but the office lists every donation of its store, with the receiving unit's name
    assert [r.unit_name for r in sq.donations(office)] == ["Trường PTDTBT TH Nậm Cha"]


# ----------------------------------------------------------------- allocations
def test_schools_an_office_may_allocate_to(office, store):
    assert [s["code"] for s in sq.schools_for_allocation(office)] == ["TH0001", "THCS0002"]  # by name; not TH0099
    assert sq.schools_for_allocation(store) == []  # a school allocates to nobody


def test_approval_moves_the_devices_and_locks_the_decision(office):
    a, b, spare = (f.device(office, kind=k) for k in ("tablet", "tablet", "laptop"))
    decision = draft(office, device_ids=[a.id, b.id, a.id], counts={"laptop": 1})
    assert decision.device_ids == [a.id, b.id]  # once each
    assert decision.counts == {"tablet": 2, "laptop": 1}  # raised to the devices listed
    assert decision.status == "draft"
    # a draft can be edited
    decision.donor = "Tập đoàn Viettel"
    decision = ops.save_allocation(office, decision, OFFICER)
    assert office.get(Allocation, decision.id).donor == "Tập đoàn Viettel"

    approved = ops.approve_allocation(office, decision.id, OFFICER)
    assert (approved.status, approved.approved_by) == ("approved", OFFICER) and approved.approved_at
    school = school_id(office, "TH0001")
    for dev in (a, b):
        moved = office.get(Device, dev.id)
        assert (moved.unit_id, moved.status) == (school, "allocated")
        assert office.history(dev.id)[-1]["action"] == "device.allocated"
    assert office.get(Device, spare.id).unit_id == office.unit_id
    assert {d.id for d in sq.available_devices(office, office.unit_id)} == {spare.id}

    [row] = sq.allocations(office, issued_by=office.unit_id)
    assert row.locked and (row.to_code, row.to_name, row.from_name) == (
        "TH0001", "Trường PTDTBT TH Nậm Cha", "UBND xã Nậm Cha")
    assert (row.present, row.waiting, row.count_total) == (2, 2, 3)

    # locked: no edit, no second approval, no deletion — through any path
    approved.donor = "Khác"
    for attempt in (lambda: ops.save_allocation(office, approved, OFFICER),
                    lambda: office.save(approved, OFFICER),
                    lambda: ops.approve_allocation(office, decision.id, OFFICER),
                    lambda: ops.delete_draft(office, decision.id, OFFICER)):
        with pytest.raises(RuleError) as e:
            attempt()
        assert e.value.key == "allocation.locked" and "12/QĐ-UBND" in e.value.message()
    assert office.get(Allocation, decision.id).donor == "Tập đoàn Viettel"


def test_a_decision_number_is_used_once_per_issuing_unit(office, tmp_path):
    draft(office, counts={"tablet": 1})
    with pytest.raises(ValidationError) as e:
        draft(office, decision_no=" 12 / qd-ubnd ", counts={"tablet": 2})
    assert e.value.by_field().keys() == {"decision_no"}
    assert e.value.problems[0].key == "allocation.number_taken" and "01/10/2025" in e.value.message()
    assert office.count(Allocation) == 1
    draft(office, decision_no="13/QĐ-UBND", counts={"tablet": 2})
    # another office may use the same number: numbers belong to their issuer
    other = Store.open(tmp_path / "other")
    try:
        other.set_unit(Unit(code="UBND-X", name="UBND xã X", kind="commune", commune_code="03388"), "setup")
        add_school(other, "TH0001", "Trường PTDTBT TH Nậm Cha")
        other.save(Allocation(unit_id=office.unit_id, decision_no="12/QĐ-UBND", decision_date="2025-10-01",
                              to_unit_id=school_id(other, "TH0001"), counts={"tablet": 1}), "sync")
        assert draft(other, counts={"laptop": 1}).decision_no == "12/QĐ-UBND"
    finally:
        other.close()


def test_approval_refused_when_a_listed_device_left_the_stock(office):
    a, b = f.device(office), f.device(office, serial="GONE-1")
    decision = draft(office, device_ids=[a.id, b.id])
    lost = office.get(Device, b.id)
    lost.status = "lost"
    office.save(lost, OFFICER)
    before = snapshot(office)
    with pytest.raises(RuleError) as e:
        ops.approve_allocation(office, decision.id, OFFICER)
    assert e.value.key == "allocation.device_not_in_stock"
    assert "GONE-1" in e.value.message() and "Mất" in e.value.message()
    assert snapshot(office) == before  # nothing changed, not even the first device
    assert office.get(Device, a.id).unit_id == office.unit_id
    assert office.get(Allocation, decision.id).status == "draft"


def test_draft_problems_by_field(office):
    mine = f.device(office)
    below = f.device(office, meets_spec="fails", serial="WEAK-1")
    listed = f.device(office, serial="TAKEN-1")
    draft(office, decision_no="1/QĐ", device_ids=[listed.id])
    at_school = f.device(office, unit_id=school_id(office, "TH0001"), serial="ELSEWHERE-1")
    with pytest.raises(ValidationError) as e:
        ops.save_allocation(office, Allocation(decision_no="2/QĐ", decision_date="2025-10-01",
                                              to_unit_id=school_id(office, "TH0099"),
                                              device_ids=[mine.id, below.id, listed.id, at_school.id]), OFFICER)
    keys = [(p.field, p.key) for p in e.value.problems]
    assert keys == [("to_unit_id", "allocation.not_school"), ("device_ids", "allocation.device_below_spec"),
                    ("device_ids", "allocation.device_in_other"), ("device_ids", "allocation.device_not_in_stock")]
    assert "WEAK-1" in e.value.message() and "1/QĐ" in e.value.message() and "ELSEWHERE-1" in e.value.message()
    with pytest.raises(ValidationError) as e:
        ops.save_allocation(office, Allocation(decision_no="3/QĐ", decision_date="2025-10-01",
                                              to_unit_id=school_id(office, "TH0001")), OFFICER)
    assert [p.key for p in e.value.problems] == ["allocation.empty"]
    with pytest.raises(ValidationError) as e:
        ops.save_allocation(office, Allocation(decision_no="", decision_date="", to_unit_id="",
                                              counts={"tablet": -1}), OFFICER)
    assert set(e.value.by_field()) == {"decision_no", "decision_date", "to_unit_id", "counts"}
    # available devices leave out the weak one and those another draft lists
    assert {d.id for d in sq.available_devices(office, office.unit_id)} == {mine.id}
    the_draft = sq.allocations(office)[0].allocation
    assert {d.id for d in sq.available_devices(office, office.unit_id, the_draft.id)} == {mine.id, listed.id}


def test_a_school_cannot_issue_or_approve(store):
    with pytest.raises(RuleError):
        ops.save_allocation(store, Allocation(unit_id="the-office", decision_no="1", decision_date="2025-10-01",
                                             to_unit_id=store.unit_id, counts={"tablet": 1}), "gv")
    decision = store.save(Allocation(unit_id="the-office", decision_no="1", decision_date="2025-10-01",
                                     to_unit_id=store.unit_id, counts={"tablet": 1}), "sync")
    with pytest.raises(RuleError) as e:
        ops.approve_allocation(store, decision.id, "gv")
    assert e.value.key == "allocation.not_issuer"
    with pytest.raises(RuleError) as e:
        ops.confirm_receipt(store, decision.id, {"tablet": 1}, "", "gv")
    assert e.value.key == "allocation.not_approved"


def test_delete_a_draft(office):
    decision = draft(office, counts={"tablet": 1})
    ops.delete_draft(office, decision.id, OFFICER)
    assert sq.allocations(office) == []
    assert draft(office, counts={"tablet": 1}).decision_no == "12/QĐ-UBND"  # its number is free again


def test_the_decision_and_its_devices_travel_to_the_school_which_confirms_receipt(office, tmp_path):
    school_unit = office.get(Unit, school_id(office, "TH0001"))
    school = Store.open(tmp_path / "school")
    try:
        school.set_unit(school_unit, "setup")
        tablets = [f.device(office, serial=f"TAB-{i}") for i in range(3)]
        decision = draft(office, device_ids=[d.id for d in tablets[:2]])
        ops.approve_allocation(office, decision.id, OFFICER)
        # the school's share of the office's store, as sync or a USB bundle carries it
        for batch in C.changes_since(office, C.summary(school, [school.unit_id]), scope_unit_ids=[school.unit_id]):
            C.apply_changes(school, batch, actor="sync")
        [row] = sq.allocations(school, addressed_to=school.unit_id)
        assert row.locked and row.decision_no == "12/QĐ-UBND" and (row.present, row.waiting) == (2, 2)
        assert {d.serial for d in school.find(Device)} == {"TAB-0", "TAB-1"}  # not the office's spare
        assert all(d.status == "allocated" for d in school.find(Device))

        with pytest.raises(RuleError):  # not the school's to approve
            ops.approve_allocation(school, decision.id, "gv")
        assert ops.confirm_receipt(school, decision.id, {"tablet": 2}, "", "Lò Thị Hoa").stocked == 2
        assert {d.status for d in school.find(Device)} == {"in_stock"}
        assert sq.allocations(school, addressed_to=school.unit_id)[0].waiting == 0
        assert ops.confirm_receipt(school, decision.id, {"tablet": 2}, "", "Lò Thị Hoa").stocked == 0  # already
        assert school.history(tablets[0].id)[-1]["action"] == "device.received"
        # the office may not confirm for the school
        with pytest.raises(RuleError) as e:
            ops.confirm_receipt(office, decision.id, {"tablet": 2}, "", OFFICER)
        assert e.value.key == "allocation.not_addressed"
    finally:
        school.close()
