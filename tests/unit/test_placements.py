"""A child active at two schools (issue 14, item 2): the office sees both records side by
side, decides which school keeps the child, and the decision holds at both schools.

The officer's store is filled as in the field: each school's own installation writes its
children, exports a USB bundle, the officer imports both (tests/helpers/bundles.py)."""

from __future__ import annotations

import dataclasses

import pytest

from app import duplicates
from app.errors import RuleError
from app.ops.placements import decide_placement
from app.queries.placements import duplicate_records, placements_for
from app.records import Need, Placement, Student, Unit
from app.store import WAITING
from sync import usb
from tests.helpers import factories as f
from tests.helpers.bundles import Commune


@pytest.fixture
def area(tmp_path):
    c = Commune(tmp_path)
    yield c
    c.close()


def _school(area, code: str, name: str):
    s = area.school(code)
    s.save(dataclasses.replace(s.unit(), name=name), "gv")  # before its first bundle: the officer takes it
    return s


def _submitted(store, **kw) -> tuple[Student, Need]:
    st = f.student(store, **kw)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year="2025-2026"), "gv")
    return st, store.need_action(need.id, "submit", "gv", "teacher")


@pytest.fixture
def two_schools(area, tmp_path):
    """The same child (one personal ID) with a submitted need at school A and at school B,
    both schools' bundles imported by the commune's officer."""
    a = _school(area, "TH-A", "Trường TH Nậm Cha")
    b = _school(area, "TH-B", "Trường TH Pa Ủ")
    pid = f.personal_id(2016, "F")
    kid_a, need_a = _submitted(a, personal_id=pid, full_name="Lò Thị Ánh", class_name="3A",
                               guardian_name="Lò Văn Bình", guardian_phone="0912345678")
    kid_b, need_b = _submitted(b, personal_id=pid, full_name="Lò Thị Ánh", class_name="3B",
                               guardian_name="Lò Thị Xuân", guardian_relation="Mẹ")
    stick = tmp_path / "stick"
    usb.export_bundle(a, stick)
    usb.export_bundle(b, stick)
    report = usb.import_bundles(area.officer, [stick])
    assert report.count("imported") == 2
    return dict(a=a, b=b, pid=pid, kid_a=kid_a, need_a=need_a, kid_b=kid_b, need_b=need_b, officer=area.officer)


def test_verifying_names_the_other_school_and_both_records_show_side_by_side(two_schools):
    w = two_schools
    officer = w["officer"]
    with pytest.raises(RuleError) as e:
        officer.need_action(w["need_b"].id, "verify", "cán bộ xã", "officer")
    assert e.value.key == "need.duplicate"
    assert "Trường TH Nậm Cha (TH-A)" in e.value.message("vi") and "2025-2026" in e.value.message("vi")
    assert "Trường TH Nậm Cha (TH-A)" in e.value.message("en")
    assert (e.value.params["student_id"], e.value.params["other_student_id"]) == (w["kid_b"].id, w["kid_a"].id)

    mine, other = duplicate_records(officer, w["kid_b"].id)
    assert (mine["school"], mine["class_name"], mine["guardian_name"]) == ("Trường TH Pa Ủ (TH-B)", "3B", "Lò Thị Xuân")
    assert (other["school"], other["class_name"], other["guardian_name"]) == (
        "Trường TH Nậm Cha (TH-A)", "3A", "Lò Văn Bình")
    for r in (mine, other):
        assert r["need_status"] == "submitted" and r["birth_date"] == "2016-03-04"
        assert r["submitted_at"] and r["updated_at"] and r["personal_id"] == w["pid"]


def test_the_decision_is_recorded_the_kept_need_verifies_and_the_released_one_is_withdrawn(two_schools):
    w = two_schools
    officer = w["officer"]
    assert duplicates.cross_school(officer) != []
    decision = decide_placement(officer, w["kid_a"].id, w["kid_b"].id, "Em chuyen ve truong A tu thang 9", "cán bộ xã")

    stored = officer.get(Placement, decision.id)
    assert (stored.unit_id, stored.keep_unit_id, stored.release_unit_id) == (
        officer.unit_id, w["a"].unit_id, w["b"].unit_id)
    assert (stored.keep_student_id, stored.release_student_id) == (w["kid_a"].id, w["kid_b"].id)
    assert (stored.school_year, stored.personal_id, stored.status) == ("2025-2026", w["pid"], "decided")
    assert stored.decided_by == "cán bộ xã" and stored.decided_at
    assert "Trường TH Nậm Cha (TH-A)" in stored.reason and "Em chuyen ve truong A tu thang 9" in stored.reason

    released = officer.get(Need, w["need_b"].id)
    assert released.status == "withdrawn"
    assert "Trường TH Nậm Cha (TH-A)" in released.status_reason and "UBND xã Nậm Cha" in released.status_reason
    assert released.history[-1]["role"] == "officer" and released.history[-1]["by"] == "cán bộ xã"
    kept = officer.need_action(w["need_a"].id, "verify", "cán bộ xã", "officer")
    assert kept.status == "verified"
    # no longer a duplicate anywhere the officer looks, nor waiting at the released school
    assert duplicates.cross_school(officer) == []
    assert [r["student_id"] for r in duplicate_records(officer, w["kid_a"].id)] == [w["kid_a"].id]
    assert w["kid_b"].id not in {r[0] for r in officer.student_overview(need_status=WAITING)}
    # both sides show the decision
    [k] = placements_for(officer, w["kid_a"].id, "vi")
    [r] = placements_for(officer, w["kid_b"].id, "en")
    assert k["kept"] and not r["kept"] and "Trường TH Nậm Cha (TH-A)" in r["text"] and "decided" in r["text"]
    # decided once: the same pair again is refused, and names the standing decision
    with pytest.raises(RuleError) as e:
        decide_placement(officer, w["kid_b"].id, w["kid_a"].id, "doi y", "cán bộ xã")
    assert e.value.key == "placement.already"


def test_a_school_installation_cannot_decide(two_schools):
    w = two_schools
    for school in (w["a"], w["b"]):
        with pytest.raises(RuleError) as e:
            decide_placement(school, w["kid_a"].id, w["kid_b"].id, "ly do", "gv")
        assert e.value.key == "placement.office_only"
        assert "phòng/xã" in e.value.message("vi") and "office" in e.value.message("en")
        assert school.count(Placement) == 0


def test_refusals_leave_nothing_behind(two_schools, area):
    w = two_schools
    officer = w["officer"]
    counter = officer.counter
    with pytest.raises(RuleError) as e:
        decide_placement(officer, w["kid_a"].id, w["kid_b"].id, "   ", "cán bộ xã")
    assert e.value.key == "placement.reason"
    other = officer.save(Student(unit_id=w["a"].unit_id, full_name="Giàng A Páo", birth_date="2016-01-02", sex="M",
                                 personal_id=f.personal_id(2016, "M")), "cán bộ xã")
    with pytest.raises(RuleError) as e:
        decide_placement(officer, w["kid_a"].id, other.id, "ly do", "cán bộ xã")
    assert e.value.key == "placement.not_same_child"
    # a school of another commune: outside the office's area
    far = Unit(code="TH-XA-KHAC", name="Trường TH Xã Khác", level="TH", commune_code="03394")
    far.unit_id = far.id
    officer.save(far, "cán bộ xã")
    moved = officer.get(Student, w["kid_b"].id)
    with officer.transaction():  # as a sync merge would bring a child of that school
        officer.conn.execute("UPDATE students SET unit_id=? WHERE id=?", (far.id, moved.id))
    with pytest.raises(RuleError) as e:
        decide_placement(officer, w["kid_a"].id, moved.id, "ly do", "cán bộ xã")
    assert e.value.key == "placement.outside_area" and "Trường TH Xã Khác" in e.value.message()
    assert officer.count(Placement) == 0 and officer.get(Need, w["need_b"].id).status == "submitted"
    assert officer.counter == counter + 2  # only the child and the unit this test saved itself


def test_a_child_holding_a_device_is_not_released_before_it_is_returned(area, tmp_path):
    a = _school(area, "TH-A", "Trường TH Nậm Cha")
    b = _school(area, "TH-B", "Trường TH Pa Ủ")
    pid = f.personal_id(2016, "F")
    kid_a, _ = _submitted(a, personal_id=pid)
    kid_b = f.student(b, personal_id=pid)
    f.handover(b, kid_b, f.approved_need(b, kid_b), f.device(b))
    for s in (a, b):
        usb.export_bundle(s, tmp_path / "stick")
    usb.import_bundles(area.officer, [tmp_path / "stick"])
    with pytest.raises(RuleError) as e:
        decide_placement(area.officer, kid_a.id, kid_b.id, "ly do", "cán bộ xã")
    assert e.value.key == "placement.release_holds" and "Trường TH Pa Ủ (TH-B)" in e.value.message()
    # the other way round is the officer's way forward
    decide_placement(area.officer, kid_b.id, kid_a.id, "em dang hoc o truong B", "cán bộ xã")
    assert duplicates.cross_school(area.officer) == []


def test_the_released_school_cannot_reopen_the_need_nor_hand_over_that_year(store):
    """What the released school holds once the decision and the withdrawn need arrive."""
    st = f.student(store, full_name="Lò Thị Ánh")
    need = f.approved_need(store, st)
    dev = f.device(store)
    statement = "Em học tại Trường TH Nậm Cha (TH-A) trong năm học 2025-2026, không học tại ... Lý do: chuyển trường"
    store.save(Placement(unit_id="office", school_year="2025-2026", personal_id=st.personal_id,
                         keep_unit_id="school-a", keep_student_id="kid-a", release_unit_id=store.unit_id,
                         release_student_id=st.id, reason=statement, decided_by="cán bộ xã",
                         decided_at="2025-10-02T08:00:00+00:00"), "sync")
    with pytest.raises(RuleError) as e:
        f.handover(store, st, need, dev)
    assert e.value.key == "handover.placement_released"
    assert "Trường TH Nậm Cha (TH-A)" in e.value.message("vi") and "02/10/2025" in e.value.message("vi")
    assert "Trường TH Nậm Cha (TH-A)" in e.value.message("en")
    store.need_action(need.id, "withdraw", "cán bộ xã", "officer", "theo quyết định")
    with pytest.raises(RuleError) as e:
        store.need_action(need.id, "reopen", "gv", "teacher")
    assert e.value.key == "need.placement_released"
    with pytest.raises(RuleError) as e:
        store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year="2025-2026"), "gv")
    assert e.value.key == "need.placement_released"
    store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year="2026-2027"), "gv")  # next year: the school's
    [notice] = placements_for(store, st.id, "vi")
    # the deciding unit is not on this computer: not named, and not guessed to be the commune's
    assert not notice["kept"] and notice["text"].startswith("Cơ quan quản lý giáo dục đã quyết định ngày 02/10/2025")
    assert "ngày 02/10/2025 cơ quan quản lý giáo dục đã quyết định" in e.value.message("vi")


def test_the_handover_dialog_says_why_a_released_child_is_not_listed(store):
    from app.queries.handovers import explain_no_child, waiting_children

    st = f.student(store, full_name="Lò Thị Ánh")
    need = f.approved_need(store, st)
    store.save(Placement(unit_id="office", school_year=need.school_year, personal_id=st.personal_id,
                         keep_unit_id="school-a", keep_student_id="kid-a", release_unit_id=store.unit_id,
                         release_student_id=st.id, reason="Em học tại Trường TH Nậm Cha (TH-A) ...",
                         decided_at="2025-10-02T08:00:00+00:00"), "sync")
    store.need_action(need.id, "withdraw", "cán bộ xã", "officer", "theo quyết định")
    assert st.id not in {c["id"] for c in waiting_children(store, "lo thi anh")}
    [why] = explain_no_child(store, "lo thi anh", store.unit_id)
    assert "Trường TH Nậm Cha (TH-A)" in why and "02/10/2025" in why
