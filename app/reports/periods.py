"""Which period a report holds data for: whether the chosen one has any, and the latest
one that does — so a report page never shows a table of zeros without saying why
("Không có số liệu trong kỳ này … Dữ liệu gần nhất: tháng 10/2026").

Each report counts its own rows (the same FROM and WHERE as the report): the needs and
"nobody missed" reports count a school year (the one the period ends in), the others the
events dated in the period. The latest data is a calendar month for events, the school
year for the needs reports, six months for the review. No Qt here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.reports import coverage, handovers, missed, mobilisation, needs
from app.reports.common import years_covered
from app.reports.model import Period, half_year, month
from app.reports.source import Scope, Source, scope_of
from app.school_year import DEFAULT_TURN, parse_turn, school_year_start, year_of_day

#: reports whose figures are those of a school year (the period's end says which)
BY_SCHOOL_YEAR = ("needs", "missed", "review")


@dataclass
class DataHint:
    """``has_data``: the period holds something to report; ``latest``: the latest period
    that does (None when nothing at all is recorded for the unit), ``latest_shape``:
    "month", "school_year" or "half"; ``latest_year``: the school year it counts."""

    has_data: bool
    latest: Period | None = None
    latest_shape: str = "month"
    latest_year: str = ""


def school_years(kind: str, period: Period, turn: str = DEFAULT_TURN) -> str:
    """The school year(s) a report of ``kind`` over ``period`` counts, as its heading says
    (app.reports.common.frame): a status report the year its period ends in, a report of
    events every year the period touches."""
    if kind in BY_SCHOOL_YEAR:
        return year_of_day(period.end, turn)
    return years_covered(period, turn)


def school_year_span(year: str, turn: str = DEFAULT_TURN) -> Period | None:
    """1 September 2025 – 31 August 2026 for "2025-2026" (the installation's turn day)."""
    start = school_year_start(year)
    if start is None:
        return None
    m, d = parse_turn(turn)

    def turn_day(y: int) -> dt.date:
        try:
            return dt.date(y, m, d)
        except ValueError:  # 29 February in a common year: 1 March
            return dt.date(y, m + 1, 1)

    return Period(turn_day(start), turn_day(start + 1) - dt.timedelta(days=1))


def period_hint(source: Source, kind: str, unit: dict | None, period: Period,
                today: dt.date | None = None) -> DataHint:
    """Whether ``period`` holds data for the report ``kind`` of ``unit``, and if not the
    latest period that does."""
    scope = scope_of(source, unit, depth=1)
    turn = getattr(source, "turn", DEFAULT_TURN)
    if _has_data(source, kind, scope, period, turn):
        return DataHint(True)
    latest, shape = _latest(source, kind, scope, turn, today or dt.date.today())
    return DataHint(False, latest, shape, school_years(kind, latest, turn) if latest else "")


# ------------------------------------------------------------------ counting
def _count(source: Source, scope: Scope, from_: str, where: str, params: dict) -> int:
    row = source.rows(f"SELECT count(*) FROM {from_} WHERE ({where}) AND {scope.where}", {**scope.params, **params})
    return int(row[0][0] or 0) if row else 0


def _max(source: Source, scope: Scope, expr: str, from_: str, where: str) -> str:
    row = source.rows(f"SELECT MAX({expr}) FROM {from_} WHERE ({where}) AND {scope.where}", scope.params)
    return str(row[0][0] or "") if row else ""


def _needs_in_year(source: Source, scope: Scope, year: str) -> int:
    return _count(source, scope, needs.FROM, needs.WHERE, {"year": year})


def _events_in(source: Source, scope: Scope, period: Period) -> int:
    """Donations, devices received and handovers dated in ``period``."""
    p = period.as_dict()
    return (_count(source, scope, mobilisation.DONATIONS, mobilisation.DONATIONS_WHERE, p)
            + _count(source, scope, mobilisation.DEVICES, mobilisation.DEVICES_WHERE, p)
            + _count(source, scope, handovers.FROM, handovers.WHERE, p))


def _has_data(source: Source, kind: str, scope: Scope, period: Period, turn: str) -> bool:
    year = year_of_day(period.end, turn)
    p = period.as_dict()
    if kind == "needs":
        return _needs_in_year(source, scope, year) > 0
    if kind == "missed":
        return (_count(source, scope, missed.FROM, missed.WHERE, {"year": year}) > 0
                or _count(source, scope, missed.NO_NEED_FROM, missed.NO_NEED_WHERE, {"year": year}) > 0)
    if kind == "handovers":
        return _count(source, scope, handovers.FROM, handovers.WHERE, p) > 0
    if kind == "mobilisation":
        return (_count(source, scope, mobilisation.DONATIONS, mobilisation.DONATIONS_WHERE, p)
                + _count(source, scope, mobilisation.DEVICES, mobilisation.DEVICES_WHERE, p)) > 0
    if kind == "coverage":  # the schools' signal is a state: any school in scope, or a village without signal
        return (_count(source, scope, coverage.SCHOOLS_FROM, coverage.SCHOOLS_WHERE, {}) > 0
                or _count(source, scope, coverage.GAPS_FROM, coverage.GAPS_WHERE, {}) > 0)
    # the review: this period's or the previous one's events, or the school year's needs
    return (_needs_in_year(source, scope, year) > 0 or _events_in(source, scope, period) > 0
            or _events_in(source, scope, period.previous()) > 0)


def _any_year(where: str) -> str:
    """A report's WHERE over needs without its school year."""
    out = where.replace("n.school_year = :year AND ", "")
    assert ":year" not in out, where
    return out


def _latest(source: Source, kind: str, scope: Scope, turn: str, today: dt.date) -> tuple[Period | None, str]:
    if kind in ("needs", "missed"):
        where = _any_year(needs.WHERE if kind == "needs" else missed.WHERE)
        year = _max(source, scope, "n.school_year", needs.FROM, where)
        span = school_year_span(year, turn)
        if span is None:
            return None, "school_year"
        return Period(span.start, min(span.end, max(today, span.start))), "school_year"
    dates = []
    if kind in ("handovers", "review"):
        dates.append(_max(source, scope, "h.date", handovers.FROM,
                          "h._deleted = 0 AND h.event = 'handed_over' AND h.date <> ''"))
    if kind in ("mobilisation", "review"):
        dates.append(_max(source, scope, "d.received_date", mobilisation.DONATIONS,
                          "d._deleted = 0 AND d.received_date <> ''"))
        dates.append(_max(source, scope, "x.received_date", mobilisation.DEVICES,
                          "x._deleted = 0 AND x.received_date <> ''"))
    if kind == "coverage":
        dates.append(_max(source, scope, "g.covered_on", coverage.GAPS_FROM,
                          "g._deleted = 0 AND g.status = 'covered' AND g.covered_on <> ''"))
    day = _day(max(dates, default=""))
    if kind == "review":
        candidates = [half_year(day)] if day else []
        year = _max(source, scope, "n.school_year", needs.FROM, _any_year(needs.WHERE))
        start = school_year_start(year)
        if start is not None:  # the six months ending in that school year: January–June of its second year
            candidates.append(half_year(dt.date(start + 1, 1, 1)))
        return (max(candidates, key=lambda p: p.end), "half") if candidates else (None, "half")
    return (month(day), "month") if day else (None, "month")


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
