"""The connectivity actions (DESIGN §3): the school's own signal, carrier and broadband, and
its villages without signal (coverage gaps) — added, then marked covered or uncovered again.
The reads are in ``app.queries.coverage``."""

from __future__ import annotations

import dataclasses
from typing import Any

from app.ops import action
from app.queries.coverage import find_gap
from app.records import CoverageGap, Unit
from app.store import Store


@action("unit")
def save_school_connectivity(store: Store, values: dict[str, Any], actor: str) -> Unit:
    """Save the installation's unit with ``values`` (coverage, carrier, broadband)."""
    unit = store.require_unit()
    return store.save(dataclasses.replace(unit, **values), actor)


@action("coverage_gap")
def add_village(store: Store, unit_id: str, village: str, note: str, actor: str) -> tuple[str, CoverageGap]:
    """Record ``village`` as without signal for the school ``unit_id``: ("added", the gap),
    or ("listed", the gap already recorded, whatever its spelling) and nothing saved."""
    with store.transaction():
        existing = find_gap(store, unit_id, village)
        if existing is not None:
            return ("listed", existing)
        unit = store.get(Unit, unit_id)
        gap = CoverageGap(unit_id=unit_id, village=village, commune_code=unit.commune_code,
                          school_ids=[unit_id], note=note, status="uncovered")
        return ("added", store.save(gap, actor))


@action("coverage_gap")
def mark_gap(store: Store, gap_id: str, status: str, covered_on: str, carrier: str | None,
             actor: str) -> CoverageGap:
    """A village covered now (``covered_on``, by ``carrier``), or without signal again;
    ``carrier`` None keeps the one recorded."""
    with store.transaction():
        gap = store.get(CoverageGap, gap_id)
        gap.status, gap.covered_on = status, covered_on
        if carrier is not None:
            gap.carrier = carrier
        return store.save(gap, actor, action=f"coverage.{status}")
