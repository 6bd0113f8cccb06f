"""The connectivity actions (app.ops.coverage) called directly, without the GUI."""

from __future__ import annotations

from app.ops import changes_of
from app.ops import coverage as ops
from app.records import CoverageGap, Unit

ACTOR = "Lò Thị Hoa"


def test_a_village_is_listed_once_whatever_its_spelling(store):
    assert changes_of(ops.add_village) == {"coverage_gap"}
    what, gap = ops.add_village(store, store.unit_id, "Bản Nậm Cha", "sóng yếu", ACTOR)
    assert what == "added" and (gap.status, gap.school_ids, gap.note) == ("uncovered", [store.unit_id], "sóng yếu")
    what, again = ops.add_village(store, store.unit_id, "ban nam  cha", "", ACTOR)
    assert (what, again.id) == ("listed", gap.id)
    assert store.count(CoverageGap) == 1


def test_a_village_covered_then_without_signal_again(store):
    _what, gap = ops.add_village(store, store.unit_id, "Bản Pá Khoang", "", ACTOR)
    covered = ops.mark_gap(store, gap.id, "covered", "2025-11-01", "viettel", ACTOR)
    assert (covered.status, covered.covered_on, covered.carrier) == ("covered", "2025-11-01", "viettel")
    back = ops.mark_gap(store, gap.id, "uncovered", "", None, ACTOR)
    assert (back.status, back.covered_on, back.carrier) == ("uncovered", "", "viettel")


def test_the_school_connectivity(store):
    assert changes_of(ops.save_school_connectivity) == {"unit"}
    ops.save_school_connectivity(store, {"coverage": "3G", "carrier": "viettel", "broadband": True}, ACTOR)
    unit = store.get(Unit, store.unit_id)
    assert (unit.coverage, unit.carrier, unit.broadband) == ("3G", "viettel", True)
