"""What the handover screen lists and what the printed minute says (no Qt)."""

from __future__ import annotations

from app.queries.handovers import (
    closing_event,
    handover_events,
    minute_data,
    minute_file_name,
    minute_number,
    stock,
    waiting_children,
)
from app.records import Handover, Unit
from tests.helpers import factories as f


def printed(minute_no: str) -> str:
    """The number as the paper prints it: without the computer's mark (issue 16 item 6)."""
    return minute_no.rsplit(".", 1)[0]


def test_minute_data_of_a_handover(store):
    st = f.student(store, guardian_name="Lò Văn Bình", guardian_relation="Bố")
    need = f.approved_need(store, st)
    dev = f.device(store, imei="356938035643809")
    sim = f.sim(store, data_package="ST70K")
    h = f.handover(store, st, need, dev, sim_id=sim.id, guardian_id_no="012080001234", giver_rep="Lò Thị Hoa",
                   giver_position="Hiệu trưởng", accessories="Sạc, tai nghe", witness="Vàng A Dơ")
    m = minute_data(store, h.id)
    assert m["event"] == "handed_over" and m["number"] == printed(h.minute_no) and m["date"] == "2025-10-15"
    assert m["parent_unit"] == "UBND PHƯỜNG ĐOÀN KẾT"  # commune 03388 is Phường Đoàn Kết, Lai Châu
    assert m["locality"] == "Đoàn Kết"
    assert m["unit_name"] == "Trường PTDTBT TH Nậm Cha" and m["place"] == "Điểm trường Nậm Cha"
    assert m["student"]["full_name"] == "Nguyễn Thị Ánh" and m["student"]["class_name"] == "3A"
    assert m["guardian"] == {"name": "Lò Văn Bình", "relation": "Bố", "id_no": "012080001234"}
    assert (m["giver_rep"], m["giver_position"], m["witness"]) == ("Lò Thị Hoa", "Hiệu trưởng", "Vàng A Dơ")
    [line] = m["lines"]
    assert line["name"] == "Máy tính bảng Samsung Galaxy Tab A8"
    assert (line["serial"], line["imei"]) == (dev.serial, "356938035643809")
    assert line["sim"] == f"{sim.number} (Viettel, ST70K)"
    assert (line["accessories"], line["condition"], line["quantity"]) == ("Sạc, tai nghe", "Mới", "1")


def test_return_minute_has_its_own_number_and_the_reason(store):
    st = f.student(store)
    need = f.approved_need(store, st)
    h = f.handover(store, st, need, f.device(store), giver_rep="Lò Thị Hoa", giver_position="Hiệu trưởng",
                   guardian_id_no="012080001234")
    ret = store.return_device(h.id, "Lò Thị Hoa", date="2025-12-01", reason="Chuyển trường")
    assert closing_event(store, h.id).id == ret.id
    m = minute_data(store, ret.id)
    assert m["event"] == "returned" and m["number"] == printed(h.minute_no).replace("BBBG", "BBTH")
    assert m["refers_to_number"] == printed(h.minute_no) and m["reason"] == "Chuyển trường"
    # what a return does not record comes from the minute it closes
    assert (m["giver_rep"], m["giver_position"]) == ("Lò Thị Hoa", "Hiệu trưởng")
    assert m["guardian"]["id_no"] == "012080001234" and m["lines"][0]["condition"] == "Đã qua sử dụng, tốt"


def test_reassignment_minute_names_the_next_child(store):
    a = f.student(store)
    need_a = f.approved_need(store, a)
    b = f.student(store, full_name="Sùng Thị Dợ", class_name="4B")
    need_b = f.approved_need(store, b)
    dev = f.device(store)
    h = f.handover(store, a, need_a, dev)
    new = store.reassign(h.id, Handover(unit_id=store.unit_id, student_id=b.id, need_id=need_b.id, device_id=dev.id,
                                        guardian_name="Sùng A Páo", date="2025-11-02", condition="used_good"),
                         "gv", reason="Chuyển trường")
    m = minute_data(store, closing_event(store, h.id).id)
    assert m["event"] == "reassigned" and "BBCG" in m["number"]
    assert m["transfer_to"] == {"full_name": "Sùng Thị Dợ", "class_name": "4B", "number": printed(new.minute_no)}


def test_parent_unit_of_an_upper_secondary_school_is_the_department(store):
    u = Unit(code="THPT01", name="Trường THPT Mường Tè", level="THPT", commune_code="03388")
    u.unit_id = u.id
    store.save(u, "t")
    st = f.student(store, unit_id=u.id)
    need = f.approved_need(store, st)
    h = f.handover(store, st, need, f.device(store, unit_id=u.id), unit_id=u.id)
    assert minute_data(store, h.id)["parent_unit"] == "SỞ GD&ĐT LAI CHÂU"


def test_waiting_children_by_priority_then_class_and_name(store):
    for name, cls, household, policy in (("Hà Văn Tú", "2A", "near_poor", False), ("Sùng Thị Dợ", "4B", "poor", False),
                                         ("Lò Thị Mai", "5A", "poor", True), ("Đặng Văn Dũng", "4B", "poor", False)):
        f.approved_need(store, f.student(store, full_name=name, class_name=cls, household=household,
                                         policy_family=policy))
    unit = store.unit_id
    assert [r["full_name"] for r in waiting_children(store, unit_id=unit)] == [
        "Lò Thị Mai", "Đặng Văn Dũng", "Sùng Thị Dợ", "Hà Văn Tú"]
    assert [r["full_name"] for r in waiting_children(store, "dung", unit_id=unit)] == ["Đặng Văn Dũng"]


def test_events_list_and_stock(store):
    st = f.student(store)
    need = f.approved_need(store, st)
    dev, spare = f.device(store), f.device(store)
    h = f.handover(store, st, need, dev)
    store.return_device(h.id, "gv", date="2025-12-01")
    rows = handover_events(store, unit_id=store.unit_id)
    assert [(r[1], r[9]) for r in rows] == [("returned", 0), ("handed_over", 0)]
    assert rows[1][4] == "Nguyễn Thị Ánh" and dev.serial in rows[1][6]
    assert handover_events(store, "anh") and handover_events(store, h.minute_no[:8])
    assert not handover_events(store, "zzz")
    devices, sims = stock(store, store.unit_id)
    assert {d.id for d in devices} == {dev.id, spare.id} and sims == []


def test_file_names_of_minutes():
    assert minute_file_name("001/2025/BBBG-TH0001.AB12") == "001-2025-BBBG-TH0001.AB12.pdf"
    assert minute_file_name('a:b*c?"d<e>f|g h') == "a-b-c-d-e-f-g-h.pdf"
    assert minute_number(Handover(event="returned", minute_no="001/2025/BBBG-X")) == "001/2025/BBTH-X"
