"""Official reports on the provincial server (issue 6): the device's report code
(``app.reports``) run over the server's own database, for any unit or the whole country.

The report SQL is standard and its tables are the device's, so the server only supplies a
runner: each report reads one snapshot (PostgreSQL: a read-only REPEATABLE READ
transaction, so every figure of a report is of one moment while syncs go on; SQLite: a
deferred read transaction on the WAL, which does not hold up writers). All aggregation is
done by the database (GROUP BY over the whole country returns a few thousand rows); on
PostgreSQL the breakdowns of one report that read the same rows come from one GROUPING
SETS query (``app.reports.common.grouped_sets``).

The list behind the figures (one row per child, handover or donation) is left out by
default for a province or the whole country — hundreds of thousands of rows, which no one
reads in a PDF — and included for a school, a commune or a cluster.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from app import reports
from app.errors import SongMayError
from app.reports.model import Period, ReportData, parse_date
from app.reports.source import Source, scope_of

LARGE = ("province", "national")
MEDIA = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".pdf": "application/pdf"}


@contextlib.contextmanager
def source(engine: Engine) -> Iterator[Source]:
    """A report source over one consistent, read-only snapshot of the server's database."""
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            db = raw.driver_connection  # autocommit (storage.make_engine): the transaction is ours
            db.execute("BEGIN DEFERRED")
            try:
                yield Source(lambda sql, params: db.execute(sql, params).fetchall(), summaries=True)
            finally:
                db.execute("ROLLBACK")
        finally:
            raw.close()
        return
    opts: dict[str, Any] = {"isolation_level": "REPEATABLE READ"}
    if engine.dialect.name == "postgresql":
        opts["postgresql_readonly"] = True
    with engine.connect().execution_options(**opts) as conn:
        yield Source(lambda sql, params: conn.execute(text(sql), params).all(),
                     grouping_sets=engine.dialect.name == "postgresql", summaries=True)


def unit_of(src: Source, code: str | None) -> dict[str, Any] | None:
    """The unit a report is for: a unit's code, a commune (5 digits) or province (2 digits)
    code, or nothing (None) for the whole country."""
    if not (code or "").strip():
        return None
    unit = reports.find_unit(src, code)
    if unit is None:
        raise SongMayError("report.unit_unknown", value=code)
    return unit


def period_of(kind: str, date_from: str = "", date_to: str = "") -> Period:
    """``--from``/``--to`` (dd/mm/yyyy or yyyy-mm-dd), else the report's default period."""
    default = reports.default_period(kind)
    return Period(_date(date_from) if date_from else default.start, _date(date_to) if date_to else default.end)


def _date(value: str) -> dt.date:
    try:
        return parse_date(value)
    except (ValueError, TypeError):
        raise SongMayError("report.date", value=value) from None


def check_kind(kind: str) -> None:
    if kind not in reports.KINDS:
        raise SongMayError("report.kind", value=kind, allowed=", ".join(reports.KINDS))


def check_format(path_or_suffix: str) -> str:
    """The file's extension (``.xlsx`` or ``.pdf``), or a ``report.format`` error."""
    suffix = Path(path_or_suffix).suffix.lower() or ("." + path_or_suffix.lower().lstrip("."))
    if suffix not in reports.FORMATS:
        raise SongMayError("report.format", path=str(path_or_suffix))
    return suffix


def build(src: Source, kind: str, unit: dict[str, Any] | None, period: Period, *, lang: str = "vi",
          detail: bool | None = None, depth: int = 2) -> ReportData:
    """``reports.build`` with the server's default for the list behind the figures."""
    if detail is None:
        detail = (unit or {}).get("kind", "national") not in LARGE
    return reports.build(src, kind, unit, period, lang=lang, detail=detail, depth=depth)


def make(engine_or_store: Any, kind: str, code: str | None, period: Period, **kw: Any) -> ReportData:
    """The report ``kind`` for the unit ``code`` (None: the country) from one snapshot (of
    the store's replica, if it reads from one: ``ServerStore.read_engine``)."""
    engine = getattr(engine_or_store, "read_engine", None) or getattr(engine_or_store, "engine", engine_or_store)
    check_kind(kind)
    with source(engine) as src:
        return build(src, kind, unit_of(src, code), period, **kw)


def may_see(src: Source, user: dict[str, Any], unit: dict[str, Any] | None) -> bool:
    """The province's operators may report on any unit; an officer only on their own unit
    and the units it covers (as its own report counts them), never on the whole country."""
    if user.get("role") == "province" and not user.get("unit_code"):
        return True  # the province's own account: everything (one of a unit: that unit's area, below)
    own = reports.find_unit(src, user.get("unit_code") or "") if user.get("unit_code") else None
    if own is None or unit is None or unit["kind"] == "national":
        return False
    if own["kind"] == "national":
        return True
    if (unit.get("code") or "").upper() == (own.get("code") or "").upper():
        return True
    mine = {m["id"] for m in scope_of(src, own).members}
    if unit.get("id"):
        return unit["id"] in mine
    theirs = scope_of(src, unit).members  # a commune or province without a unit record of its own
    return bool(theirs) and all(m["id"] in mine for m in theirs)


def file_name(data: ReportData, suffix: str) -> str:
    """``needs-TR000123-2026-11-01_2026-11-30.xlsx``: ASCII, safe in a header and on any disk."""
    code = re.sub(r"[^A-Za-z0-9_-]+", "", data.unit.get("code") or "") or "VN"
    return f"{data.kind}-{code}-{data.period['start']}_{data.period['end']}{suffix}"


def render(data: ReportData, suffix: str) -> bytes:
    """The report as the bytes of an .xlsx or .pdf file."""
    with tempfile.TemporaryDirectory(prefix="songmay-report-") as tmp:
        return reports.write(data, Path(tmp) / f"report{suffix}").read_bytes()
