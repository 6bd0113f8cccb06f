"""Submitted reports: "submit" freezes a report — its figures and the list behind them —
as JSON under a number given per unit and year, with the body's symbol from the unit's paper
settings ("01/BC-THCSLL", Nghị định 30/2020). A snapshot is never
edited nor recomputed (the table refuses updates and deletes); exporting it renders what
was stored. A digest guards the stored text."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from app.errors import SongMayError
from app.reports.model import Period, ReportData
from app.reports.render import number_text, person, symbol, with_paper


@dataclass(frozen=True)
class Snapshot:
    id: int
    number: str
    kind: str
    unit_code: str
    unit_name: str
    period_start: str
    period_end: str
    submitted_at: str
    submitted_by: str


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def submit(store, data: ReportData, actor: str, *, now: dt.datetime | None = None) -> ReportData:
    """Number and store ``data``; returns it with its number, date and submitter."""
    if data.number:
        raise SongMayError("report.already_submitted", number=data.number)
    now = now or dt.datetime.now().astimezone()
    code = data.unit.get("code") or ""
    with store.transaction():
        seq = store.conn.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM report_snapshots WHERE unit_code = ? AND year = ?",
            (code, now.year)).fetchone()[0]
        frozen = ReportData.from_dict(data.to_dict())
        if not frozen.paper:  # the paper settings as of now are frozen with the figures
            with_paper(frozen, store)
        frozen.prepared_by = frozen.prepared_by or person(actor)
        frozen.number = number_text(seq, symbol(frozen))
        frozen.submitted_at = now.isoformat(timespec="seconds")
        frozen.submitted_by = actor
        text = _dumps(frozen.to_dict())
        store.conn.execute(
            "INSERT INTO report_snapshots (unit_id, unit_code, unit_name, kind, year, seq, number, period_start,"
            " period_end, submitted_at, submitted_by, data, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (data.unit.get("id") or "", code, data.unit.get("name") or "", data.kind, now.year, seq, frozen.number,
             data.period["start"],
             data.period["end"], frozen.submitted_at, actor, text, hashlib.sha256(text.encode()).hexdigest()))
    return frozen


def listing(store, unit_code: str | None = None, kind: str | None = None) -> list[Snapshot]:
    """Submitted reports, newest first."""
    sql = ("SELECT id, number, kind, unit_code, unit_name, period_start, period_end, submitted_at, submitted_by "
           "FROM report_snapshots WHERE 1 = 1")
    params: list[Any] = []
    if unit_code:
        sql += " AND unit_code = ?"
        params.append(unit_code)
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    return [Snapshot(*r) for r in store.conn.execute(sql + " ORDER BY submitted_at DESC, id DESC", params)]


def load(store, ref: str | int, unit_code: str | None = None, kind: str | None = None) -> ReportData:
    """A stored report, by its id, its full number ("12/BC-THCSLL"; the latest with it), or its sequence
    number alone ("12": the latest year that has it, for ``unit_code``)."""
    text = str(ref).strip()
    row = None
    if text.isdigit() and isinstance(ref, int):
        row = store.conn.execute("SELECT data, digest, number FROM report_snapshots WHERE id = ?",
                                 (int(text),)).fetchone()
    elif text.isdigit():
        sql = "SELECT data, digest, number FROM report_snapshots WHERE seq = ?"
        params: list[Any] = [int(text)]
        if unit_code:
            sql += " AND unit_code = ?"
            params.append(unit_code)
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        row = store.conn.execute(sql + " ORDER BY year DESC LIMIT 1", params).fetchone()
    else:
        row = store.conn.execute("SELECT data, digest, number FROM report_snapshots WHERE number = ? "
                                 "ORDER BY submitted_at DESC, id DESC", (text,)).fetchone()
    if row is None:
        raise SongMayError("report.snapshot_unknown", number=text)
    data, digest, number = row[0], row[1], row[2]
    if hashlib.sha256(data.encode()).hexdigest() != digest:
        raise SongMayError("report.snapshot_damaged", number=number)
    return ReportData.from_dict(json.loads(data))


def previous_review(store, unit_code: str):
    """For the review: ``(number, figures)`` of the review submitted for a period, if any."""
    def find(period: Period) -> tuple[str, dict] | None:
        row = store.conn.execute(
            "SELECT id FROM report_snapshots WHERE unit_code = ? AND kind = 'review' AND period_start = ? "
            "AND period_end = ? ORDER BY submitted_at DESC, id DESC LIMIT 1",
            (unit_code, period.start.isoformat(), period.end.isoformat())).fetchone()
        if row is None:
            return None
        data = load(store, int(row[0]))
        return data.number, data.figures

    return find
