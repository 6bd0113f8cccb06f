"""Reads of the connectivity screen: students per village (accents optional), the gaps
of a school, the villages not yet listed."""

from __future__ import annotations

from app.queries.coverage import find_gap, gap_overview, gaps_of_school, village_counts
from app.records import CoverageGap, Unit
from tests.helpers import factories as f


def other_school(store) -> Unit:
    unit = Unit(code="TH0002", name="Trường TH Pa Vệ Sủ", level="TH", commune_code="03388")
    unit.unit_id = unit.id
    return store.save(unit, "test")


def test_village_counts_fold_spellings_and_stay_in_the_school(store):
    f.student(store, full_name="Lò Thị Hoa", village="Bản Nậm Cha")
    f.student(store, full_name="Lò Văn Bình", sex="M", village="ban  nam cha")
    f.student(store, full_name="Giàng Thị Mỷ", village="Bản Nậm Cha")
    f.student(store, full_name="Sùng A Páo", sex="M", village="Bản Pá Khoang")
    f.student(store, full_name="Hà Văn Tú", sex="M", village="")
    other = other_school(store)
    f.student(store, full_name="Vàng Thị Dở", unit_id=other.id, village="Bản Nậm Cha")
    counts = village_counts(store, store.unit_id)
    assert counts == {"ban nam cha": ("Bản Nậm Cha", 3), "ban pa khoang": ("Bản Pá Khoang", 1)}
    assert village_counts(store, other.id) == {"ban nam cha": ("Bản Nậm Cha", 1)}


def test_gap_overview_counts_students_and_lists_villages_without_gap(store):
    uid = store.unit_id
    f.student(store, full_name="Lò Thị Hoa", village="Bản Nậm Cha")
    f.student(store, full_name="Lò Văn Bình", sex="M", village="BẢN NẬM CHA")
    f.student(store, full_name="Sùng A Páo", sex="M", village="Bản Pá Khoang")
    f.student(store, full_name="Vừ Thị Say", village="Bản Sì Choang")
    covered = store.save(CoverageGap(unit_id=uid, village="Bản Sì Choang", school_ids=[uid], status="covered",
                                     carrier="viettel", covered_on="2026-01-10"), "test")
    gap = store.save(CoverageGap(unit_id=uid, village="ban nam cha", school_ids=[uid]), "test")
    rows, candidates = gap_overview(store, uid)
    # not covered first
    assert [(r.gap.id, r.students) for r in rows] == [(gap.id, 2), (covered.id, 1)]
    assert candidates == ["Bản Pá Khoang"]


def test_gaps_of_school_include_gaps_naming_the_school(store):
    uid = store.unit_id
    other = other_school(store)
    shared = store.save(CoverageGap(unit_id=other.id, village="Bản Hô Sáo", school_ids=[other.id, uid]), "test")
    store.save(CoverageGap(unit_id=other.id, village="Bản Lả", school_ids=[other.id]), "test")
    deleted = store.save(CoverageGap(unit_id=uid, village="Bản Cũ", school_ids=[uid]), "test")
    store.delete(CoverageGap, deleted.id, "test")
    assert [g.id for g in gaps_of_school(store, uid)] == [shared.id]
    assert {g.village for g in gaps_of_school(store, other.id)} == {"Bản Hô Sáo", "Bản Lả"}


def test_find_gap_ignores_spelling(store):
    uid = store.unit_id
    gap = store.save(CoverageGap(unit_id=uid, village="Bản Nậm Cha", school_ids=[uid]), "test")
    assert find_gap(store, uid, "  ban nam CHA ").id == gap.id
    assert find_gap(store, uid, "Bản Nậm Chà Mới") is None
