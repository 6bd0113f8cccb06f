"""Reads for the connectivity screen: the school's villages without signal and how many
of its students live in each. Read-only; the actions are in ``app.ops.coverage``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.records import CoverageGap
from app.text import fold


@dataclass
class GapRow:
    gap: CoverageGap
    students: int  # the school's students whose folded village matches the gap's


def village_counts(store, unit_id: str) -> dict[str, tuple[str, int]]:
    """folded village → (the spelling most students have — on a tie the one with more
    diacritics —, number of students) for the students of ``unit_id`` (accents, case and
    spacing do not split a village)."""
    spellings: dict[str, Counter] = {}
    for village, n in store.conn.execute(
        "SELECT village, count(*) FROM students WHERE _deleted=0 AND unit_id=? AND village!='' "
        "GROUP BY village",
        (unit_id,),
    ):
        key = fold(village)
        if key:
            spellings.setdefault(key, Counter())[village] += n
    return {key: (max(c, key=lambda v: (c[v], sum(not ch.isascii() for ch in v), v)), sum(c.values()))
            for key, c in spellings.items()}


def gaps_of_school(store, unit_id: str) -> list[CoverageGap]:
    """The gaps recorded by the school or naming it among the schools affected:
    villages still without signal first, then by village name."""
    gaps = store.find(
        CoverageGap,
        "unit_id=? OR EXISTS (SELECT 1 FROM json_each(coverage_gaps.school_ids) j WHERE j.value=?)",
        (unit_id, unit_id),
    )
    return sorted(gaps, key=lambda g: (g.status != "uncovered", fold(g.village)))


def gap_overview(store, unit_id: str) -> tuple[list[GapRow], list[str]]:
    """(the school's gaps with the number of its students in each village,
    the villages of its students that have no gap record yet, sorted)."""
    counts = village_counts(store, unit_id)
    gaps = gaps_of_school(store, unit_id)
    rows = [GapRow(g, counts.get(fold(g.village), ("", 0))[1]) for g in gaps]
    listed = {fold(g.village) for g in gaps}
    candidates = sorted((name for key, (name, _n) in counts.items() if key not in listed), key=fold)
    return rows, candidates


def find_gap(store, unit_id: str, village: str) -> CoverageGap | None:
    """The school's gap for ``village`` whatever its spelling, if there is one."""
    key = fold(village)
    return next((g for g in gaps_of_school(store, unit_id) if fold(g.village) == key), None)


def coverage_screen(store, unit_id: str) -> tuple[object, tuple[list[GapRow], list[str]]]:
    """The connectivity screen: the installation's unit (its signal, carrier, broadband)
    and ``gap_overview`` of ``unit_id``."""
    return store.unit(), gap_overview(store, unit_id)
