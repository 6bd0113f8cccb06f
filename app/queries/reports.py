"""The reads of the reports page (DESIGN §3): the units a report can be made for, a report
made for a period (``app.reports.build``, the CLI's code) with the hint whether that period
holds data, and the reports already submitted. Submitting one is ``app.ops.reports``."""

from __future__ import annotations

from typing import Any

from app import reports
from app.reports import snapshots
from app.reports.model import Period, ReportData
from app.reports.periods import DataHint, period_hint
from app.reports.render import with_paper
from app.reports.source import choosable_units
from app.school_year import store_turn
from app.store import Store


def units_and_turn(store: Store, own_code: str) -> tuple[list[dict[str, Any]], str]:
    """The units a report can be made for from the unit ``own_code`` (it first, then those
    under it), and the day the school year turns."""
    source = reports.store_source(store)
    own = reports.find_unit(source, own_code)
    return (choosable_units(source, own) if own else []), store_turn(store)


def report(store: Store, kind: str, unit: dict[str, Any], period: Period, lang: str, *,
           job: Any = None, prepared_by: str = "") -> tuple[ReportData, DataHint]:
    """The report ``kind`` of ``unit`` (as stored, else as given) for ``period``, with the
    hint on the period's data, on the unit's paper (``app.paper``) with ``prepared_by``
    (the signed-in user's name) as its preparer. ``job``: progress and a cancel between chunks."""
    source = reports.store_source(store)
    found = reports.find_unit(source, unit["code"]) or unit
    extra = {"previous_snapshot": snapshots.previous_review(store, found["code"])} if kind == "review" else {}
    progress = None
    if job is not None:
        job.check(0, 1)
        progress = job.check
    data = reports.build(source, kind, found, period, lang=lang, progress=progress, **extra)
    with_paper(data, store, prepared_by=prepared_by)
    return data, period_hint(source, kind, found, period)


def hint(store: Store, kind: str, unit: dict[str, Any], period: Period) -> DataHint:
    """Whether ``period`` holds data for the report, and which period last did."""
    source = reports.store_source(store)
    return period_hint(source, kind, reports.find_unit(source, unit["code"]) or unit, period)


def submitted(store: Store, unit_code: str | None = None) -> list[snapshots.Snapshot]:
    """The reports submitted (of ``unit_code``), newest first."""
    return snapshots.listing(store, unit_code)


def submitted_report(store: Store, snapshot_id: str | int) -> ReportData:
    """A submitted report, as frozen."""
    return snapshots.load(store, snapshot_id)
