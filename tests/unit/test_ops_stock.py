"""The device and SIM actions (app.ops.stock) called directly, without the GUI: a serial or
IMEI already recorded is refused, an IMEI must pass its check digit, a SIM number is
recorded once, a pasted list saves its valid lines in one transaction (a cancel rolls all
of them back), a device with a child cannot be marked lost."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import ValidationError
from app.ops import changes_of
from app.ops import stock as ops
from app.ops.stock import DeviceHandedOver
from app.records import Device, Sim
from app.validate import luhn_ok
from tests.helpers import factories as f

ACTOR = "Lò Thị Hoa"


def imei(body: str) -> str:
    """A valid IMEI: ``body`` (14 digits) plus its Luhn check digit."""
    return next(body + d for d in "0123456789" if luhn_ok(body + d))


def keys(e: pytest.ExceptionInfo) -> dict[str, str]:
    return {p.field: p.key for p in e.value.problems}


def test_each_action_names_the_records_it_changes():
    assert changes_of(ops.receive_device) == {"device"}
    assert changes_of(ops.save_device_list) == {"device"}
    assert changes_of(ops.mark_device) == {"device"}
    assert changes_of(ops.add_sim) == {"sim"}
    assert changes_of(ops.save_donation) == {"donation"}
    assert changes_of(ops.approve_allocation) == {"allocation", "device"}
    assert changes_of(ops.confirm_receipt) == {"allocation", "device"}


def test_receive_device_normalises_and_saves(store):
    dev = ops.receive_device(store, Device(unit_id=store.unit_id, kind="smartphone", brand_model="Samsung Galaxy A05",
                                           serial="  r9xt-00123 ", imei="3569 3803 5643 809"), ACTOR)
    stored = store.get(Device, dev.id)
    assert (stored.serial, stored.imei, stored.status) == ("R9XT-00123", "356938035643809", "in_stock")


def test_a_serial_already_recorded_is_refused(store):
    f.device(store, serial="R9XT000777")
    with pytest.raises(ValidationError) as e:
        ops.receive_device(store, Device(unit_id=store.unit_id, serial="r9xt000777"), ACTOR)
    assert keys(e) == {"serial": "device.duplicate_serial"} and "R9XT000777" in e.value.message()
    assert store.count(Device) == 1


def test_an_imei_already_recorded_is_refused_whatever_the_serial(store):
    code = imei("86012345678901")
    f.device(store, serial="A-1", imei=code)
    with pytest.raises(ValidationError) as e:
        ops.receive_device(store, Device(unit_id=store.unit_id, serial="B-2", imei=code), ACTOR)
    assert keys(e) == {"imei": "device.duplicate_imei"}
    assert store.count(Device) == 1


def test_an_imei_failing_its_check_digit_is_refused(store):
    with pytest.raises(ValidationError) as e:
        ops.receive_device(store, Device(unit_id=store.unit_id, imei="356938035643808"), ACTOR)
    assert set(keys(e)) == {"imei"} and "Luhn" in e.value.message()
    with pytest.raises(ValidationError) as e:  # neither serial nor IMEI: said of the serial
        ops.receive_device(store, Device(unit_id=store.unit_id), ACTOR)
    assert set(keys(e)) == {"serial"}
    assert store.count(Device) == 0


def test_editing_a_device_keeps_its_own_serial(store):
    dev = f.device(store, serial="R9XT000888")
    dev.brand_model = "Lenovo Tab M8"
    assert ops.receive_device(store, dev, ACTOR).brand_model == "Lenovo Tab M8"
    assert store.count(Device) == 1


def test_a_sim_number_or_iccid_already_recorded_is_refused(store):
    first = ops.add_sim(store, Sim(unit_id=store.unit_id, number="0968 123 456", carrier="viettel"), ACTOR)
    assert store.get(Sim, first.id).number == "0968123456"
    with pytest.raises(ValidationError) as e:
        ops.add_sim(store, Sim(unit_id=store.unit_id, number="0968123456", carrier="viettel"), ACTOR)
    assert keys(e) == {"number": "sim.duplicate_number"}
    assert store.count(Sim) == 1


def test_a_pasted_list_saves_its_valid_lines_and_skips_the_rest(store):
    f.device(store, serial="KNOWN-1")
    template = Device(unit_id=store.unit_id, kind="tablet", brand_model="Lenovo Tab M8")
    lines = ops.save_device_list(store, "SN-0001\nsn-0002\nknown-1\nSN-0001\n356938035643808", template, ACTOR)
    assert [(ln.line_no, ln.problem) for ln in lines] == [
        (1, ""), (2, ""), (3, "exists"), (4, "duplicate"), (5, "invalid")]
    assert sorted(d.serial for d in store.find(Device)) == ["KNOWN-1", "SN-0001", "SN-0002"]


def test_a_cancelled_list_leaves_nothing(store):
    class Job:
        seen: list[tuple[int, int]] = []

        def check(self, done, total):
            self.seen.append((done, total))
            if done == 2:
                raise RuntimeError("cancelled")

    template = Device(unit_id=store.unit_id, kind="tablet", brand_model="Lenovo Tab M8")
    with pytest.raises(RuntimeError):
        ops.save_device_list(store, "\n".join(f"BULK{i:03d}" for i in range(5)), template, ACTOR, job=Job())
    assert Job.seen == [(0, 5), (1, 5), (2, 5)]
    assert store.count(Device) == 0


def test_marking_a_device_faulty_or_lost(store):
    dev = f.device(store, note="hộp móp")
    ops.mark_device(store, dev.id, "faulty", "  màn hình vỡ ", ACTOR)
    stored = store.get(Device, dev.id)
    today = dt.date.today().strftime("%d/%m/%Y")
    assert (stored.status, stored.condition, stored.note) == ("faulty", "faulty", f"hộp móp; {today}: màn hình vỡ")
    given = f.device(store, status="handed_over")
    with pytest.raises(DeviceHandedOver) as e:
        ops.mark_device(store, given.id, "lost", "mất", ACTOR)
    assert e.value.device_label == given.label
    assert store.get(Device, given.id).status == "handed_over"
