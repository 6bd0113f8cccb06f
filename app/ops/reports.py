"""Submitting a report (DESIGN §3): its figures and the list behind them frozen under the
next report number (``app.reports.snapshots``). The reads are in ``app.queries.reports``."""

from __future__ import annotations

from app.ops import action
from app.reports import snapshots
from app.reports.model import ReportData
from app.store import Store


@action("report")
def submit_report(store: Store, data: ReportData, actor: str) -> ReportData:
    """Number and store ``data``; returns it with its number, date and submitter (a report
    already submitted is refused)."""
    return snapshots.submit(store, data, actor)
