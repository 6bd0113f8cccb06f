"""Submitting a report (DESIGN §3): its figures and the list behind them frozen under the
next report number (``app.reports.snapshots``), and sent up to the province as it was
stored (``publish_submitted``: a ``SubmittedReport`` record per snapshot, which sync and
USB bundles carry like any record). The reads are in ``app.queries.reports``."""

from __future__ import annotations

import uuid

from app.ops import action
from app.records import SubmittedReport
from app.reports import snapshots
from app.reports.model import ReportData
from app.store import Store

# the id of a snapshot's record: drawn from what it is, so a copied or restored database
# publishes the same record again (the merge sees one), never a second copy
NAMESPACE = uuid.UUID("5b0e1c52-6d1f-4a8e-9a57-3f3f0c1a7e11")


@action("report", "submitted_report")
def submit_report(store: Store, data: ReportData, actor: str) -> ReportData:
    """Number and store ``data``; returns it with its number, date and submitter (a report
    already submitted is refused). It goes up to the province at the next sync or stick."""
    done = snapshots.submit(store, data, actor)
    publish_submitted(store)
    return done


def snapshot_record_id(unit_code: str, number: str, digest: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{unit_code}|{number}|{digest}"))


@action("submitted_report")
def publish_submitted(store: Store) -> int:
    """A ``SubmittedReport`` for every snapshot of this installation that has none yet (one
    submitted by ``songmay report --submit``, or before this version): its stored text and
    digest as they are, under this installation's unit. Called before every sync and USB
    export (``sync.session``, ``sync.usb``) and after a submission. Returns how many."""
    if not store.unit_id:
        return 0
    made = 0
    for (unit_code, unit_name, kind, number, start, end, at, by, text, digest) in store.conn.execute(
            "SELECT unit_code, unit_name, kind, number, period_start, period_end, submitted_at, submitted_by, "
            "data, digest FROM report_snapshots ORDER BY id").fetchall():
        rid = snapshot_record_id(unit_code, number, digest)
        if store.get_or_none(SubmittedReport, rid, include_deleted=True) is not None:
            continue
        store.save(SubmittedReport(id=rid, unit_id=store.unit_id, number=number, report_kind=kind,
                                   unit_code=unit_code, unit_name=unit_name, period_start=start, period_end=end,
                                   submitted_at=at, submitted_by=by, data=text, digest=digest), by or "snapshot")
        made += 1
    return made
