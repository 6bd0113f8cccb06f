"""Reads of the devices screen and the checks of a pasted device list."""

from __future__ import annotations

from app.errors import ValidationError
from app.queries import devices as dq
from app.records import Device, Sim
from app.validate import luhn_ok
from tests.helpers import factories as f


def imei(body: str) -> str:
    """A valid IMEI: ``body`` (14 digits) plus its Luhn check digit."""
    return next(body + d for d in "0123456789" if luhn_ok(body + d))


def test_lists_filter_by_status_and_unit(store):
    a = f.device(store)
    f.device(store, status="faulty")
    f.device(store, unit_id="other-school")
    assert {d.id for d in dq.devices(store, store.unit_id, "in_stock")} == {a.id}
    assert len(dq.devices(store, store.unit_id)) == 2
    assert len(dq.devices(store)) == 3
    f.sim(store, free_until="2026-01-01")
    f.sim(store, free_until="")
    f.sim(store, free_until="2025-06-30", status="expired")
    assert [s.free_until for s in dq.sims(store)] == ["2025-06-30", "2026-01-01", ""]
    assert [s.status for s in dq.sims(store, status="expired")] == ["expired"]


def test_status_counts_include_every_status(store):
    for status in ("in_stock", "in_stock", "handed_over", "lost"):
        f.device(store, status=status)
    counts = dq.status_counts(store, Device, store.unit_id)
    assert counts == {"in_stock": 2, "allocated": 0, "handed_over": 1, "returned": 0, "faulty": 0, "lost": 1}
    f.sim(store)
    assert dq.status_counts(store, Sim)["in_stock"] == 1
    store.delete(Device, dq.devices(store, status="lost")[0].id, "test")
    assert dq.status_counts(store, Device)["lost"] == 0


def test_device_and_sim_duplicates(store):
    old = f.device(store, serial="R9XT000001", imei=imei("35693803564380"))
    again = Device(unit_id=store.unit_id, serial=" r9xt000001 ").checked()
    assert dq.device_duplicate(store, again) == ("serial", old)
    same_imei = Device(unit_id=store.unit_id, serial="NEW", imei=imei("35693803564380")).checked()
    assert dq.device_duplicate(store, same_imei)[0] == "imei"
    assert dq.device_duplicate(store, old) is None  # itself is not a duplicate
    assert dq.device_duplicate(store, Device(unit_id=store.unit_id, serial="OTHER").checked()) is None
    s = f.sim(store, number="0968000111")
    assert dq.sim_duplicate(store, Sim(unit_id=store.unit_id, number="+84 968 000 111").checked()) == ("number", s)
    assert dq.sim_duplicate(store, Sim(unit_id=store.unit_id, number="0968000112").checked()) is None


def test_parse_lines_tabs_semicolons_header_and_blanks():
    text = "Serial\tIMEI\nR9XT01\t356938035643809\n\n  R9XT02 ;  \n3569 3803 5643 809\nR9XT03;35693803564380 9;extra\n"
    lines = dq.parse_device_list(text)
    assert [(ln.line_no, ln.serial, ln.imei) for ln in lines] == [
        (2, "R9XT01", "356938035643809"),
        (4, "R9XT02", ""),
        (5, "", "3569 3803 5643 809"),
        (6, "R9XT03", "35693803564380 9"),
    ]


def test_check_list_flags_invalid_duplicate_and_existing(store):
    f.device(store, serial="IN-DB-1")
    good = imei("86012345678901")
    text = "\n".join([
        "sn-a",             # 1 ok (normalised to SN-A)
        "SN-B\t" + good,    # 2 ok
        "123456789012345",  # 3 invalid IMEI (Luhn)
        "SN-A",             # 4 duplicate of line 1
        "in-db-1",          # 5 already in the database
        good,               # 6 duplicate of line 2 (same IMEI)
    ])
    template = Device(unit_id=store.unit_id, kind="tablet", brand_model="Lenovo Tab M8", donor="Viettel")
    lines = dq.check_device_list(store, dq.parse_device_list(text), template)
    assert [ln.problem for ln in lines] == ["", "", "invalid", "duplicate", "exists", "duplicate"]
    assert lines[0].device.serial == "SN-A" and lines[0].device.brand_model == "Lenovo Tab M8"
    assert lines[0].device.id != lines[1].device.id
    assert "IMEI" in lines[2].detail
    assert lines[3].detail == "1" and lines[5].detail == "2"
    assert lines[4].detail == "Samsung Galaxy Tab A8 IN-DB-1" and lines[4].existing_status == "in_stock"
    assert store.count(Device) == 1  # checking writes nothing


def test_many_identities_are_checked_in_chunks(store):
    for i in range(3):
        f.device(store, serial=f"BULK{i * 700:05d}")
    text = "\n".join(f"BULK{i:05d}" for i in range(2000))
    lines = dq.check_device_list(store, dq.parse_device_list(text), Device(unit_id=store.unit_id))
    assert [ln.serial for ln in lines if ln.problem == "exists"] == ["BULK00000", "BULK00700", "BULK01400"]


def test_template_problems_leave_out_serial_and_imei(store):
    dq.check_template(Device(unit_id=store.unit_id))  # no serial yet: fine
    try:
        dq.check_template(Device(unit_id=store.unit_id, received_date="2999-01-01", condition="broken"))
    except ValidationError as e:
        assert set(e.by_field()) == {"received_date", "condition"}
    else:
        raise AssertionError("expected ValidationError")
