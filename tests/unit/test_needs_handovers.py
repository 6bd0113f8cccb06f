"""Needs through the store (who/when, never twice) and the handover rules."""

from __future__ import annotations

import pytest

from app.errors import RuleError, ValidationError
from app.records import Device, Handover, Need, Sim
from tests.helpers import factories as f


def test_need_gets_priority_from_household(store):
    poor = f.student(store, household="poor", policy_family=True)
    near = f.student(store, full_name="Hà Văn Tú", sex="M", household="near_poor")
    covid = f.student(store, full_name="Sùng Thị Dợ", household="none", covid_orphan=True)
    none = f.student(store, full_name="Lý Văn Sình", sex="M", household="none")
    tiers = {}
    for st in (poor, near, covid, none):
        n = store.save(Need(unit_id=st.unit_id, student_id=st.id), "gv")
        tiers[st.full_name] = (n.priority_tier, n.priority_rank)
    assert tiers == {"Nguyễn Thị Ánh": (1, 2), "Hà Văn Tú": (2, 5), "Sùng Thị Dợ": (3, 7), "Lý Văn Sình": (None, None)}


def test_household_change_updates_open_need(store):
    st = f.student(store, household="near_poor")
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id), "gv")
    assert need.priority_tier == 2
    st.household = "poor"
    store.save(st, "gv")
    assert store.get(Need, need.id).priority_tier == 1
    assert store.history(need.id)[-1]["action"] == "need.priority"


def test_workflow_records_who_and_when(store):
    st = f.student(store)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id), "cô Hoa")
    need = store.need_action(need.id, "submit", "cô Hoa", "teacher")
    need = store.need_action(need.id, "verify", "thầy Minh", "head")
    need = store.need_action(need.id, "reject", "thầy Minh", "head", reason="Đã nhận máy từ Viettel")
    assert need.status == "rejected" and need.status_reason == "Đã nhận máy từ Viettel"
    assert [(h["status"], h["by"], h["role"]) for h in need.history] == [
        ("submitted", "cô Hoa", "teacher"), ("verified", "thầy Minh", "head"), ("rejected", "thầy Minh", "head")]
    assert all(h["at"] for h in need.history)
    actions = [h["action"] for h in store.history(need.id)]
    assert actions == ["create", "need.submit", "need.verify", "need.reject"]


def test_illegal_and_unauthorised_moves_change_nothing(store):
    st = f.student(store)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id), "gv")
    with pytest.raises(RuleError) as e:
        store.need_action(need.id, "approve", "gv", "head")
    assert e.value.key == "need.illegal_move"
    store.need_action(need.id, "submit", "gv", "teacher")
    with pytest.raises(RuleError) as e:
        store.need_action(need.id, "verify", "gv", "teacher")
    assert e.value.key == "need.role"
    with pytest.raises(RuleError) as e:
        store.need_action(need.id, "reject", "ht", "head", reason="  ")
    assert e.value.key == "need.reason"
    assert store.get(Need, need.id).status == "submitted"


def test_status_cannot_be_set_around_the_workflow(store):
    st = f.student(store)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id), "gv")
    need.status = "approved"
    with pytest.raises(RuleError):
        store.save(need, "gv")
    with pytest.raises(RuleError):
        store.save(Need(unit_id=st.unit_id, student_id=f.student(store, full_name="A Páo", sex="M").id,
                        status="approved"), "gv")


def test_ineligible_child_cannot_be_submitted(store):
    st = f.student(store, household="none")
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id), "gv")
    with pytest.raises(RuleError) as e:
        store.need_action(need.id, "submit", "gv", "teacher")
    assert e.value.key == "need.ineligible"


def test_one_active_need_per_child_and_year(store):
    st = f.student(store)
    first = store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year="2025-2026"), "gv")
    with pytest.raises(RuleError) as e:
        store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year="2025-2026"), "gv")
    assert e.value.key == "need.duplicate"
    store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year="2026-2027"), "gv")  # next year: fine
    store.need_action(first.id, "withdraw", "gv", "teacher", reason="chuyển trường")
    store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year="2025-2026"), "gv")  # after withdrawal


def test_handover_moves_device_need_and_numbers_minute(store):
    st = f.student(store)
    need = f.approved_need(store, st)
    dev = f.device(store)
    s = f.sim(store)
    h = f.handover(store, st, need, dev, sim_id=s.id)
    assert h.minute_no.startswith("001/2025/BBBG-TH0001")
    assert store.get(Device, dev.id).status == "handed_over"
    assert store.get(Sim, s.id).status == "handed_over"
    assert store.get(Need, need.id).status == "fulfilled"
    assert store.get(Need, need.id).history[-1]["role"] == "system"
    st2 = f.student(store, full_name="Vàng Seo Páo", sex="M")
    h2 = f.handover(store, st2, f.approved_need(store, st2), f.device(store))
    assert h2.minute_no.startswith("002/2025/")


@pytest.mark.parametrize("status", ["draft", "submitted", "verified", "rejected"])
def test_handover_needs_an_approved_need(store, status):
    st = f.student(store)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id), "gv")
    path = {"draft": [], "submitted": [("submit", "teacher")],
            "verified": [("submit", "teacher"), ("verify", "head")],
            "rejected": [("submit", "teacher"), ("reject", "head")]}[status]
    for action, role in path:
        need = store.need_action(need.id, action, "gv", role, reason="x")
    dev = f.device(store)
    with pytest.raises(RuleError) as e:
        f.handover(store, st, need, dev)
    assert e.value.key == "handover.need_not_approved"
    assert store.get(Device, dev.id).status == "in_stock"
    assert store.count(Handover) == 0


def test_handover_needs_device_in_stock_at_this_school(store):
    st = f.student(store)
    need = f.approved_need(store, st)
    faulty = f.device(store, status="faulty")
    with pytest.raises(RuleError) as e:
        f.handover(store, st, need, faulty)
    assert e.value.key == "handover.device_not_in_stock"
    other_school = f.device(store, unit_id="another-school")
    with pytest.raises(RuleError) as e:
        f.handover(store, st, need, other_school)
    assert e.value.key == "handover.device_other_unit"
    with pytest.raises(ValidationError):
        f.handover(store, st, need, None)  # neither device nor SIM


def test_one_active_device_per_child_unless_overridden(store):
    st = f.student(store)
    need = f.approved_need(store, st)
    f.handover(store, st, need, f.device(store))
    need2 = store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year="2026-2027"), "gv")
    for action, role in (("submit", "teacher"), ("verify", "head"), ("approve", "head")):
        need2 = store.need_action(need2.id, action, "gv", role)
    second = f.device(store, kind="laptop", brand_model="Dell Latitude 3420")
    with pytest.raises(RuleError) as e:
        f.handover(store, st, need2, second)
    assert e.value.key == "handover.already_has_device"
    assert "Nguyễn Thị Ánh" in e.value.message()
    f.handover(store, st, need2, second, override_reason="Máy tính bảng hỏng màn hình, cấp thêm laptop")
    assert len(store.active_handovers(st.id)) == 2


def test_return_is_a_new_event_and_reopens_the_need(store):
    st = f.student(store)
    need = f.approved_need(store, st)
    dev = f.device(store)
    h = f.handover(store, st, need, dev)
    ret = store.return_device(h.id, "gv", date="2025-12-01", condition="used_good", reason="chuyển trường")
    assert ret.event == "returned" and ret.refers_to == h.id
    assert store.get(Handover, h.id).event == "handed_over"  # the original is never edited
    assert store.active_handovers(st.id) == []
    assert store.get(Device, dev.id).status == "in_stock"
    assert store.get(Need, need.id).status == "approved"
    with pytest.raises(RuleError):
        store.return_device(h.id, "gv", date="2025-12-02")  # cannot close twice


def test_faulty_return_takes_device_out_of_stock(store):
    st = f.student(store)
    dev = f.device(store)
    h = f.handover(store, st, f.approved_need(store, st), dev)
    store.return_device(h.id, "gv", date="2025-12-01", condition="faulty")
    assert store.get(Device, dev.id).status == "faulty"


def test_reassign_moves_device_to_another_child(store):
    a = f.student(store)
    b = f.student(store, full_name="Thào A Dính", sex="M", birth_date="2015-07-07")
    dev = f.device(store)
    h = f.handover(store, a, f.approved_need(store, a), dev)
    need_b = f.approved_need(store, b)
    new = Handover(unit_id=store.unit_id, student_id=b.id, need_id=need_b.id, device_id=dev.id,
                   guardian_name="Thào A Chứ", date="2026-01-05")
    store.reassign(h.id, new, "gv", reason="Em Ánh chuyển trường")
    assert store.active_handovers(a.id) == []
    assert [x.device_id for x in store.active_handovers(b.id)] == [dev.id]
    events = [x.event for x in store.find(Handover, order_by="_ctr")]
    assert events == ["handed_over", "reassigned", "handed_over"]
    assert store.get(Need, need_b.id).status == "fulfilled"


def test_handover_is_append_only_except_its_paper_trail(store):
    st = f.student(store)
    h = f.handover(store, st, f.approved_need(store, st), f.device(store))
    h.signed_paper = True
    h.witness = "ông Lò Văn Sướng, trưởng bản"
    store.save(h, "gv")
    assert store.get(Handover, h.id).signed_paper is True
    h.guardian_name = "Người khác"
    with pytest.raises(RuleError):
        store.save(h, "gv")
    with pytest.raises(RuleError):
        store.delete(Handover, h.id, "gv")


def test_never_twice_by_personal_id_across_student_records(store):
    """An officer's store can hold the same child under two schools' records (merged by
    sync, which does not refuse them): a second active need for that ID is refused."""
    pid = f.personal_id(2016, "F")
    a = f.student(store, personal_id=pid)
    store.save(Need(unit_id=a.unit_id, student_id=a.id), "gv")
    b = f.student(store, unit_id="school-b", full_name="Nguyễn Thị Ánh", personal_id="")
    with store.transaction():  # as a sync merge would write it
        store.conn.execute("UPDATE students SET personal_id=? WHERE id=?", (pid, b.id))
    with pytest.raises(RuleError) as e:
        store.save(Need(unit_id="school-b", student_id=b.id), "gv")
    assert e.value.key == "need.duplicate"
    assert store.count(Need) == 1


def test_refused_handover_does_not_use_a_minute_number(store):
    st = f.student(store)
    need = f.approved_need(store, st)
    with pytest.raises(RuleError):
        f.handover(store, st, need, f.device(store, status="faulty"))
    h = f.handover(store, st, need, f.device(store))
    assert h.minute_no.startswith("001/2025/")


def test_serial_imei_and_sim_numbers_are_unique(store):
    f.device(store, serial="R9XT000001", imei="356938035643809")
    with pytest.raises(ValidationError) as e:
        f.device(store, serial="r9xt000001")
    assert e.value.problems[0].field == "serial"
    with pytest.raises(ValidationError) as e:
        f.device(store, serial="OTHER1", imei="35693803564380 9")
    assert e.value.problems[0].field == "imei"
    f.sim(store, number="0968000001", iccid="8984048000123456789")
    with pytest.raises(ValidationError):
        f.sim(store, number="+84968000001")
    with pytest.raises(ValidationError):
        f.sim(store, number="0968000002", iccid="8984048000123456789")


def test_held_device_changes_only_through_a_handover_event(store):
    st = f.student(store)
    dev = f.device(store)
    f.handover(store, st, f.approved_need(store, st), dev)
    held = store.get(Device, dev.id)
    held.status = "lost"
    with pytest.raises(RuleError) as e:
        store.save(held, "gv")
    assert e.value.key == "device.held"
    held.note = "vỏ máy trầy"
    held.status = "handed_over"
    store.save(held, "gv")  # other fields may still be corrected


def test_forged_history_cannot_skip_the_workflow(store):
    st = f.student(store)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id), "gv")
    need.status = "approved"
    need.history = [{"status": "approved", "action": "approve", "by": "gv", "role": "teacher", "at": "x"}]
    with pytest.raises(RuleError):
        store.save(need, "gv")
    need.history = [{"status": "approved", "action": "approve", "by": "ht", "role": "head", "at": "x"}]
    with pytest.raises(RuleError):  # draft → approved skips submit and verify
        store.save(need, "gv")
    assert store.get(Need, need.id).status == "draft"


def test_a_sim_alone_does_not_fulfil_a_device_need(store):
    """Issue 13 item 7: a child approved for a tablet given only a SIM still waits for it."""
    from app.queries import handovers as handover_queries

    st = f.student(store)
    need = f.approved_need(store, st, device_requested="tablet", needs_sim=True)
    s = f.sim(store)
    h = f.handover(store, st, need, None, sim_id=s.id)
    assert store.get(Sim, s.id).status == "handed_over"
    assert store.get(Need, need.id).status == "approved"  # not "Đã nhận thiết bị"
    assert [(r["id"], r["has_device"]) for r in handover_queries.waiting_children(store)] == [(st.id, 0)]
    # the tablet comes later: now the need is fulfilled; the SIM's return does not undo it
    f.handover(store, st, need, f.device(store))
    assert store.get(Need, need.id).status == "fulfilled"
    store.return_device(h.id, "gv", date="2025-11-01", reason="SIM hỏng")
    assert store.get(Need, need.id).status == "fulfilled"


def test_a_sim_fulfils_a_sim_only_need(store):
    """A child who has a device of their own and asked only for a SIM/data package."""
    st = f.student(store)
    need = f.approved_need(store, st, current_device="own", needs_sim=True)
    h = f.handover(store, st, need, None, sim_id=f.sim(store).id)
    assert store.get(Need, need.id).status == "fulfilled"
    store.return_device(h.id, "gv", date="2025-11-01", reason="chuyển trường")
    assert store.get(Need, need.id).status == "approved"


def test_why_a_child_or_a_device_is_not_offered_for_a_handover(store):
    """Issue 13 item 11: not an empty list, but the minute the child or device went with."""
    from app.queries.handovers import explain_device, explain_no_child

    st = f.student(store, full_name="Lò Thị Ánh")
    dev = f.device(store, brand_model="Samsung Galaxy Tab A8", serial="R9XTANH001")
    h = f.handover(store, st, f.approved_need(store, st), dev, date="2025-10-15")
    said = explain_no_child(store, "lo thi anh", store.unit_id)
    assert said == [f"Lò Thị Ánh (3A) đã nhận máy Samsung Galaxy Tab A8 R9XTANH001 theo biên bản số "
                    f"{h.minute_no.rsplit('.', 1)[0]} ngày 15/10/2025."]  # as printed: no computer mark
    assert explain_device(store, "r9xtanh001", store.unit_id) == (
        f"Máy Samsung Galaxy Tab A8 R9XTANH001 đã bàn giao cho Lò Thị Ánh (3A) theo biên bản số "
        f"{h.minute_no.rsplit('.', 1)[0]} ngày 15/10/2025.")
    draft = f.student(store, full_name="Vàng Seo Páo", sex="M")
    store.save(Need(unit_id=store.unit_id, student_id=draft.id), "gv")
    assert "Nháp" in explain_no_child(store, "vang seo", store.unit_id)[0]
    assert "“ai đó”" in explain_no_child(store, "ai đó", store.unit_id)[0]
    assert "XYZ" in explain_device(store, "XYZ", store.unit_id)
