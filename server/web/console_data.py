"""What the console's overview shows: for the unit and period asked, one level of units
below (or a school's classes), the children in need, approved, handed over and waiting for
approval, the devices in stock, and each school's computers' last contact — from the counts
the server keeps as records merge (``server.web.console_figures`` over ``server.summaries``),
so the country's overview reads some 40,000 rows, not 1.5 million needs.

They are the counts the needs report sums (``songmay-server report needs`` for the same unit
and period; tests/web check the page against it through the browser).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from app.reports.common import school_year
from app.reports.labels import w
from app.reports.model import Period
from app.reports.source import Scope, Source, commune_name, province_name
from app.text import fold
from server import reports as server_reports
from server.web import console_figures as figures

SILENT_DAYS = 30  # a school whose computers have not been heard from for this long is flagged
SORTS = ("share", "name", "in_need", "approved", "fulfilled", "waiting", "since", "stock", "contact")


@dataclass
class Line:
    """A row of the overview: a unit below (linked) or, at a school, a class."""

    label: str
    code: str = ""  # the unit page's code ("": no page)
    in_need: int = 0
    approved: int = 0
    fulfilled: int = 0
    stock: int = 0
    schools: int = 0
    computers: int = 0
    last_contact: str = ""  # ISO time of the latest contact of the schools' computers
    silent: int = 0  # schools silent for SILENT_DAYS (or with no computer that ever synced)
    to_approve: int = 0  # needs submitted or verified, not yet approved
    waiting_since: str = ""  # ISO time of the oldest submission among them ("": none)

    @property
    def waiting(self) -> int:
        return max(0, self.in_need - self.fulfilled)

    @property
    def share(self) -> int | None:
        """Per cent handed over (None: nobody in need)."""
        return None if not self.in_need else round(100 * self.fulfilled / self.in_need)


@dataclass
class Overview:
    unit: dict[str, Any]
    period: Period
    school_year: str
    row_title: str
    school: bool
    total: Line
    lines: list[Line] = field(default_factory=list)
    crumbs: list[tuple[str, str]] = field(default_factory=list)  # (code, name), the province down
    computers: list[dict[str, Any]] = field(default_factory=list)  # at a school: its computers


def home_code(store: Any, account: dict[str, Any]) -> str:
    """The unit the account's console opens on: its own unit; for the province's account
    without one, the province of the registry (or "" for the country when it holds several)."""
    if account.get("unit_code"):
        return account["unit_code"]
    provinces = {u.get("province_code") or "" for u in store.units() if u.get("kind") == "school"}
    return provinces.pop() if len(provinces) == 1 and "" not in provinces else ""


def period_of(date_from: str = "", date_to: str = "") -> Period:
    return server_reports.period_of("needs", date_from, date_to)


class Forbidden(Exception):
    """The unit is outside the account's area."""


def overview(store: Any, account: dict[str, Any], code: str, period: Period, *, lang: str = "vi",
             today: dt.date | None = None) -> Overview:
    """The overview of the unit ``code`` ("" the country) for ``account``; ``Forbidden``
    outside its area, ``SongMayError`` (report.unit_unknown) for a code that names nothing."""
    limit = ((today or dt.date.today()) - dt.timedelta(days=SILENT_DAYS)).isoformat()
    with server_reports.source(store.read_engine) as src:  # the replica's figures, if any (docs/deploy.md)
        unit = server_reports.unit_of(src, code)
        if not server_reports.may_see(src, account, unit):
            raise Forbidden(code)
        scope = figures.scope(src, unit, lang)
        year = school_year(period, src)
        contacts = figures.contacts(src, scope, limit)
        rows, totals, since = figures.needs(src, scope, year, lang, below=contacts)
        stock = figures.stock(src, scope)
        crumbs = _crumbs(src, account, scope.unit)
    total = Line(str(totals.get("label") or ""), scope.unit.get("code") or "", *_figures(totals),
                 stock=sum(stock.values()), to_approve=int(totals.get("waiting") or 0),
                 waiting_since=min(since.values(), default=""))
    lines: list[Line] = []
    for row in rows:
        key = str(row.key)
        line = Line(str(row.values.get("label") or ""), "" if scope.school else _code_of(scope, key),
                    *_figures(row.values), to_approve=int(row.values.get("waiting") or 0),
                    waiting_since=since.get(key, ""))
        if not scope.school:
            line.stock = stock.get(key, 0)
            c = contacts.get(key)
            if c:
                line.schools, line.computers, line.last_contact, line.silent = c
        lines.append(line)
    if scope.school:
        c = contacts.get(scope.unit.get("id") or "")
        if c:
            total.schools, total.computers, total.last_contact, total.silent = c
    return Overview(unit=scope.unit, period=period, school_year=year,
                    row_title=w("class", lang) if scope.school else scope.row_title(), school=scope.school,
                    total=total, lines=lines, crumbs=crumbs,
                    computers=_computers(store, scope.unit) if scope.school else [])


def _figures(values: dict[str, Any]) -> tuple[int, int, int]:
    return int(values.get("in_need") or 0), int(values.get("approved") or 0), int(values.get("fulfilled") or 0)


def _code_of(scope: Scope, key: str) -> str:
    """The code of the unit page a row links to: a unit's code, or a commune's or province's."""
    if not key:
        return ""
    if scope.groups[0] == "id":
        unit = next((m for m in scope.members if m["id"] == key), None)
        return unit["code"] if unit else ""
    return key


def _crumbs(src: Source, account: dict[str, Any], unit: dict[str, Any]) -> list[tuple[str, str]]:
    """The way down from the province to ``unit``, as far up as the account may see."""
    path: list[tuple[str, str]] = []
    kind = unit.get("kind")
    if kind in ("commune", "cluster", "school") and unit.get("province_code"):
        path.append((unit["province_code"], province_name(unit["province_code"])))
    if kind == "school" and unit.get("commune_code"):
        path.append((unit["commune_code"], commune_name(unit["commune_code"])))
    visible = []
    for code, name in path:
        target = server_reports.unit_of(src, code)
        if server_reports.may_see(src, account, target):
            visible.append((code, name))
    return [*visible, (unit.get("code") or "", unit.get("name") or "")]


def _last(inst: dict[str, Any]) -> str:
    return inst.get("last_seen_at") or ""


def silent_since(last: str, today: dt.date | None = None) -> bool:
    """``last`` (an ISO time, "" never) is ``SILENT_DAYS`` or more ago."""
    return (last or "")[:10] < ((today or dt.date.today()) - dt.timedelta(days=SILENT_DAYS)).isoformat()


def _computers(store: Any, unit: dict[str, Any]) -> list[dict[str, Any]]:
    if not unit.get("id"):
        return []
    return sorted(store.installations({unit["id"]}), key=lambda i: _last(i), reverse=True)


def sort_lines(lines: list[Line], key: str, descending: bool) -> list[Line]:
    """``share`` (the default): the laggards first — lowest share handed over, then the
    oldest waiting approval (the earliest submission not yet approved), then the most still
    waiting; units with nobody in need last. ``since``: the oldest waiting approval first
    (units with none waiting last). The others by that column."""
    far = "9999"  # nobody waiting for approval: after every date
    if key == "name":
        return sorted(lines, key=lambda x: fold(x.label), reverse=descending)
    if key == "share":
        some = sorted((x for x in lines if x.share is not None),
                      key=lambda x: (x.share, x.waiting_since or far, -x.waiting), reverse=descending)
        return some + [x for x in lines if x.share is None]
    if key == "since":
        some = sorted((x for x in lines if x.waiting_since), key=lambda x: (x.waiting_since, -x.to_approve),
                      reverse=descending)
        return some + [x for x in lines if not x.waiting_since]
    if key == "contact":
        return sorted(lines, key=lambda x: x.last_contact, reverse=descending)
    return sorted(lines, key=lambda x: getattr(x, key), reverse=descending)
