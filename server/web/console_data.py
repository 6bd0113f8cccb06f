"""What the console's overview shows, from the server's own report queries (no figures of
its own): the needs report (``app.reports.needs`` through ``server.reports``: children in
need, approved, handed over) for the unit and period asked, one level of units below,
the devices in stock counted by the same scope, and each school's computers' last contact.

So the overview's figures are, by construction, those of ``songmay-server report needs``
for the same unit and period (tests/web check it through the browser).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from app.reports.common import grouped
from app.reports.labels import w
from app.reports.model import Period
from app.reports.source import Scope, Source, commune_name, province_name, scope_of
from app.text import fold
from server import reports as server_reports

SILENT_DAYS = 30  # a school whose computers have not been heard from for this long is flagged
SORTS = ("share", "name", "in_need", "approved", "fulfilled", "waiting", "since", "stock", "contact")
# devices in stock, from the counts kept per school as records merge (server/summaries.py)
STOCK_FROM = "device_counts x JOIN units u ON u.id = x.unit_id"
STOCK_WHERE = "x.status = 'in_stock'"
# needs submitted or verified, not yet approved, and the oldest submission among them: from
# the same kept counts (``server.summaries``: ``waiting``, ``waiting_since``), one grouped query
WAITING_FROM = "need_counts s JOIN units u ON u.id = s.unit_id"
WAITING_WHERE = "s.school_year = :year AND s.waiting > 0"


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
    with server_reports.source(store.read_engine) as src:  # the replica's figures, if any (docs/deploy.md)
        unit = server_reports.unit_of(src, code)
        if not server_reports.may_see(src, account, unit):
            raise Forbidden(code)
        data = server_reports.build(src, "needs", unit, period, lang=lang, detail=False, depth=1)
        scope = scope_of(src, unit, depth=1, lang=lang)
        stock = grouped(src, scope, [("stock", "SUM(x.n)")], STOCK_FROM, STOCK_WHERE, {},
                        keys=[] if scope.school else None)
        since = _waiting(src, scope, data.school_year)
        crumbs = _crumbs(src, account, scope.unit)
    main = data.tables[0]
    totals = main.totals or {}
    total = Line(str(totals.get("label") or ""), scope.unit.get("code") or "", *_figures(totals),
                 stock=sum(v["stock"] for v in stock.values()), to_approve=sum(n for n, _t in since.values()),
                 waiting_since=min((t for _n, t in since.values() if t), default=""))
    contacts = _contacts(store, scope, today or dt.date.today())
    lines: list[Line] = []
    for row in main.rows:
        if row.level:
            continue
        key = str(row.key)
        line = Line(str(row.values.get("label") or ""), "" if scope.school else _code_of(scope, key),
                    *_figures(row.values))
        line.to_approve, line.waiting_since = since.get(key, (0, ""))
        if not scope.school:
            line.stock = stock.get((key,), {}).get("stock", 0)
            c = contacts.get(key)
            if c:
                line.schools, line.computers, line.last_contact, line.silent = c
        lines.append(line)
    if scope.school:
        c = contacts.get(scope.unit.get("id") or "")
        if c:
            total.schools, total.computers, total.last_contact, total.silent = c
    return Overview(unit=scope.unit, period=period, school_year=data.school_year,
                    row_title=w("class", lang) if scope.school else scope.row_title(), school=scope.school,
                    total=total, lines=lines, crumbs=crumbs,
                    computers=_computers(store, scope.unit) if scope.school else [])


def _waiting(src: Source, scope: Scope, year: str) -> dict[str, tuple[int, str]]:
    """Per row key (a unit below; at a school, a class): the needs waiting for approval and
    the time of the oldest submission among them — one grouped query over the kept counts."""
    keys = ["COALESCE(s.class_name, '')"] if scope.school else scope.sql_keys()[:1]
    sql = (f"SELECT {', '.join(keys)}, SUM(s.waiting), MIN(NULLIF(s.waiting_since, '')) FROM {WAITING_FROM} "
           f"WHERE {WAITING_WHERE} AND {scope.where} GROUP BY {', '.join(keys)}")
    return {str(r[0] or ""): (int(r[1] or 0), str(r[2] or "")) for r in src.rows(sql, {**scope.params, "year": year})}


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


def _contacts(store: Any, scope: Scope, today: dt.date) -> dict[str, tuple[int, int, str, int]]:
    """Per row key (or, at a school, its id): schools, live computers, the latest contact
    and the schools silent for ``SILENT_DAYS`` (no live computer heard from since)."""
    schools = [m for m in scope.members if m["kind"] == "school"]
    if not schools:
        return {}
    live = [i for i in store.installations({m["id"] for m in schools}) if not i.get("revoked_at")]
    by_school: dict[str, list[dict[str, Any]]] = {}
    for inst in live:
        by_school.setdefault(inst["unit_id"], []).append(inst)
    limit = (today - dt.timedelta(days=SILENT_DAYS)).isoformat()
    out: dict[str, tuple[int, int, str, int]] = {}
    for m in schools:
        key = m["id"] if scope.school else (m.get(scope.groups[0]) or "")
        insts = by_school.get(m["id"], [])
        last = max((_last(i) for i in insts), default="")
        n, computers, latest, silent = out.get(key, (0, 0, "", 0))
        out[key] = (n + 1, computers + len(insts), max(latest, last), silent + (last[:10] < limit))
    return out


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
