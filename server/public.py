"""The figures of the public transparency pages (issue 17, DESIGN §9: "công khai, minh bạch"),
for the province, a commune and a school: donations received, devices handed over, children
reached against children in need, and the places still without signal.

The figures are the official reports' (``app.reports``): the same scope of a unit
(``app.reports.source.scope_of``), the same snapshot of the server's database
(``server.reports.source``: SQLAlchemy, SQLite or PostgreSQL) and the same counts — on the
server summed from the counts it keeps as records merge (``Source.summaries``:
``server.public_counts``, and ``need_totals`` of ``server.summaries``; the country's page
read every record for a minute), elsewhere (and in the tests, which hold the two equal)
counted over the records with the reports' SQL (their ``FROM``, ``WHERE`` and measures, with
``app.predicates`` behind them) — so a page agrees with ``songmay-server report`` for the
same unit, and a test holds them together:

- donations, cash and devices received: the mobilisation report over every date up to
  the page's date (``period``);
- devices handed over, by kind and donor: the handovers report over the same dates;
- children in need and approved: the needs report, children reached (holding what their
  approved need asked for) and still waiting: the "nobody missed" report — both of the
  school year the page's date falls in;
- schools and villages without signal: the coverage report at the page's date.

What a page holds is a plain dict (``page``): the HTML, the CSV and the JSON are drawn from
it, so they say the same. It holds **no personal data**: nothing is read from a child's
record but counts (GROUP BY in the database); no name, birth date, ID, guardian, phone or
village of a child, no free-text note, no receipt or minute number. A count of children (or
of devices handed to children) below ``THRESHOLD`` about one school is replaced by
``SUPPRESSED``. Donors are named: they are public by the programme's rules. The fields are
documented in ``docs/open-data.md``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy.engine import Engine

from app.reports import coverage, handovers, missed, mobilisation, needs
from app.reports.common import count_if, grouped, merge, school_year
from app.reports.model import Period
from app.reports.source import Scope, Source, commune_name, find_unit, province_name, scope_of
from app.text import fold
from server.reports import source as report_source

THRESHOLD = 5  # a count of children at one school below this is not shown
SUPPRESSED = "<5"  # what the data files hold instead (the page says "dưới 5")
HIDDEN = "x"  # a figure of 5 or more hidden so that no "<5" can be worked out from the others (the page: "ẩn")
START = dt.date(2000, 1, 1)  # the pages count everything dated from here to the page's date
LEVELS = ("national", "province", "commune", "school")
DEVICE_KINDS = ("tablet", "laptop", "smartphone", "desktop")

# the figures of a unit (a row of the page's table, or the page's whole), by name
SUMMARY_FIELDS = ("donations", "cash_vnd", "devices_received", "devices_value_vnd", "devices_handed",
                  *(f"handed_{k}" for k in DEVICE_KINDS), "children_in_need", "children_approved",
                  "children_reached", "children_waiting", "schools", "schools_without_signal",
                  "villages_without_signal")
# the counts that speak of children: below THRESHOLD at one school, suppressed
CHILD_FIELDS = frozenset({"devices_handed", *(f"handed_{k}" for k in DEVICE_KINDS), "children_in_need",
                          "children_approved", "children_reached", "children_waiting"})

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def period(today: dt.date) -> Period:
    return Period(START, today)


def shown(value: int, small: bool) -> int | str:
    """``value``, or ``SUPPRESSED`` when it counts 1–4 children of one school (``small``).
    Zero is shown: it names nobody."""
    return SUPPRESSED if small and 0 < value < THRESHOLD else value


# ------------------------------------------------------------------ which unit
def provinces(src: Source) -> list[str]:
    """The provinces the registry's schools are in (a provincial server: one)."""
    rows = src.rows("SELECT DISTINCT u.province_code FROM units u WHERE u._deleted = 0 AND u.kind = 'school' "
                    "AND u.province_code <> ''")
    return sorted(r[0] for r in rows)


def unit_for(src: Source, level: str, code: str) -> dict[str, Any] | None:
    """The unit a page is for, as the reports find it; None when there is no such place
    with schools in the registry (the page is then 404)."""
    code = (code or "").strip()
    if level == "national":
        return None
    if not _CODE.match(code):
        return None
    if level == "school":
        found = src.units("u.code = :code AND u.kind = 'school'", {"code": code.upper()})
        return found[0] if found else None
    if level == "province" and re.fullmatch(r"\d{1,2}", code):
        unit = find_unit(src, code.zfill(2))
    elif level == "commune" and re.fullmatch(r"\d{5}", code):
        unit = find_unit(src, code)
    else:
        return None
    if unit is None or unit["kind"] != level:
        return None
    return unit


def page_key(level: str, code: str) -> tuple[str, str]:
    """The page a request names, as ``known_pages`` lists it: a school's code in capitals,
    a province's in two digits ("1" is "01"), a commune's as given; the province's home ""."""
    code = (code or "").strip()
    if level == "school":
        return level, code.upper()
    if level == "province" and re.fullmatch(r"\d{1,2}", code):
        return level, code.zfill(2)
    return level, code


def known_pages(src: Source) -> set[tuple[str, str]]:
    """Every page there is (``page_key``'s form): the home, and each province, commune and
    school of the registry's schools — one query. A request for anything else is answered
    404 without building or caching anything (the web's cache is keyed on these only)."""
    out = {("", "")}
    for code, commune, province in src.rows(
            "SELECT u.code, u.commune_code, u.province_code FROM units u WHERE u._deleted = 0 AND u.kind = 'school'"):
        out.add(("school", (code or "").upper()))
        if commune:
            out.add(("commune", commune))
        if province:
            out.add(("province", province))
    return out


# ------------------------------------------------------------------ the figures
# The figures from the counts the server keeps as records merge (``server.public_counts``;
# ``Source.summaries``): per unit and donor summed over every day, less the few rows per unit,
# day and donor dated outside the page's period; children in need and approved from
# ``need_totals`` (``server.summaries``), reached from ``public_reached``.
FLOWS = ("donations", "cash_vnd", "devices_received", "devices_value_vnd", "handovers", "devices_handed",
         *(f"handed_{k}" for k in DEVICE_KINDS))
KEPT_DONORS = "public_donors c JOIN units u ON u.id = c.unit_id"
KEPT_DAYS = "public_counts c JOIN units u ON u.id = c.unit_id"
OUTSIDE = "c.on_date < :start OR c.on_date > :end"


def _kept(src: Source, scope: Scope, today: dt.date, keys: list[str],
          fields: Iterable[str] = FLOWS) -> dict[tuple, dict[str, int]]:
    """The kept flows (``FLOWS``: donations, devices received, handovers) of the page's
    period per breakdown key, in the keys' order."""
    sums = [(f, f"SUM(c.{f})") for f in fields]
    out = grouped(src, scope, sums, KEPT_DONORS, "1 = 1", {}, keys=keys)
    for key, values in grouped(src, scope, sums, KEPT_DAYS, OUTSIDE, period(today).as_dict(), keys=keys).items():
        kept = out[key]
        for f, n in values.items():
            kept[f] -= n
    return dict(sorted(out.items()))


def _part(flows: dict[tuple, dict[str, int]], having: str, fields: Iterable[str]) -> dict[tuple, dict[str, int]]:
    """``fields`` of the keys whose ``having`` is counted: what one GROUP BY over the
    records (donations, devices or handovers) gives."""
    return {k: {f: v[f] for f in fields} for k, v in flows.items() if v[having] > 0}


def _sorted(rows: dict[tuple, dict[str, int]]) -> dict[tuple, dict[str, int]]:
    return dict(sorted(rows.items()))


def _parts(src: Source, scope: Scope, today: dt.date, keys: list[str], *, by_donor: bool = False
           ) -> tuple[list[dict[tuple, dict[str, int]]], dict[tuple, dict[str, int]]]:
    """Every summary figure per breakdown key (``keys``: none for the whole scope), as the
    parts ``merge`` joins — one per report's table, each holding the keys it has rows for —
    from the kept counts (``src.summaries``: the server), else one GROUP BY query per
    report's table; and, ``by_donor``, the flows per key and donor (the kept counts' rows,
    which the flows per key are the sums of; counted: the devices handed over per donor)."""
    p = period(today)
    dates = p.as_dict()
    year = {"year": school_year(p, src)}
    coverage_parts = [
        grouped(src, scope, [("schools", "COUNT(*)"), ("schools_without_signal", count_if("u.coverage = 'none'"))],
                coverage.SCHOOLS_FROM, coverage.SCHOOLS_WHERE, {}, keys=keys),
        grouped(src, scope, [("villages_without_signal", count_if(
                    "g.status = 'uncovered' OR (g.status = 'covered' AND g.covered_on > :end)"))],
                coverage.GAPS_FROM, coverage.GAPS_WHERE, dates, keys=keys),
    ]
    donors: dict[tuple, dict[str, int]] = {}
    if src.summaries:
        if by_donor:
            donors = _kept(src, scope, today, [*keys, "c.donor"])
            flows: dict[tuple, dict[str, int]] = {}
            for k, v in donors.items():  # in order: a key's donors follow one another
                kept = flows.get(k[:-1])
                if kept is None:
                    flows[k[:-1]] = dict(v)
                else:
                    for f, n in v.items():
                        kept[f] += n
        else:
            flows = _kept(src, scope, today, keys)
        return [
            _part(flows, "donations", ("donations", "cash_vnd")),
            _part(flows, "devices_received", ("devices_received", "devices_value_vnd")),
            _part(flows, "handovers", ("devices_handed", *(f"handed_{k}" for k in DEVICE_KINDS))),
            _sorted(grouped(src, scope, [("children_in_need", "SUM(s.in_need)"),
                                         ("children_approved", "SUM(s.approved)")],
                            "need_totals s JOIN units u ON u.id = s.unit_id", "s.school_year = :year", year,
                            keys=keys)),
            _sorted(grouped(src, scope, [("children_reached", "SUM(r.reached)"),
                                         ("children_waiting", "SUM(r.approved - r.reached)")],
                            "public_reached r JOIN units u ON u.id = r.unit_id", "r.school_year = :year", year,
                            keys=keys)),
            *coverage_parts], donors
    if by_donor:
        donors = {k: {"devices_handed": v["n"]} for k, v in grouped(
            src, scope, [("n", "COUNT(*)")], handovers.FROM, handovers.WHERE + " AND h.device_id <> ''", dates,
            keys=[*keys, "COALESCE(x.donor, '')"]).items()}
    return [
        grouped(src, scope, [("donations", "COUNT(*)"), ("cash_vnd", "SUM(d.cash_vnd)")],
                mobilisation.DONATIONS, mobilisation.DONATIONS_WHERE, dates, keys=keys),
        grouped(src, scope, [("devices_received", "COUNT(*)"), ("devices_value_vnd", "SUM(x.value_vnd)")],
                mobilisation.DEVICES, mobilisation.DEVICES_WHERE, dates, keys=keys),
        grouped(src, scope, [("devices_handed", count_if("h.device_id <> ''")),
                             *((f"handed_{k}", count_if(f"x.kind = '{k}'")) for k in DEVICE_KINDS)],
                handovers.FROM, handovers.WHERE, dates, keys=keys),
        grouped(src, scope, [("children_in_need", "COUNT(*)"),
                             ("children_approved", count_if("n.status IN ('approved', 'fulfilled')"))],
                needs.FROM, needs.WHERE, year, keys=keys),
        grouped(src, scope, [("children_reached", count_if(missed.HOLDING)),
                             ("children_waiting", count_if(missed.WAITING))],
                missed.FROM, missed.WHERE, year, keys=keys),
        *coverage_parts,
    ], donors


def _figures(src: Source, scope: Scope, today: dt.date, keys: list[str]) -> dict[tuple, dict[str, int]]:
    return merge(*_parts(src, scope, today, keys)[0])


def _coarser(part: dict[tuple, dict[str, int]], at: int) -> dict[tuple, dict[str, int]]:
    """A part per key summed to its ``at``-th key alone (the province, or the commune, of a
    unit): what the same GROUP BY by that key gives."""
    out: dict[tuple, dict[str, int]] = {}
    for k, v in part.items():
        kept = out.get((k[at],))
        if kept is None:
            out[(k[at],)] = dict(v)
        else:
            for f, n in v.items():
                kept[f] += n
    return out


def _zero() -> dict[str, int]:
    return dict.fromkeys(SUMMARY_FIELDS, 0)


def _donations(src: Source, scope: Scope, today: dt.date) -> list[dict[str, Any]]:
    """The donations received, newest first: date, donor, the kind of donor, the unit that
    received it, the cash, the devices of its minute and the devices booked against it."""
    params = {**scope.params, **period(today).as_dict()}
    booked = {r[0]: (int(r[1] or 0), int(r[2] or 0)) for r in src.rows(
        f"SELECT x.donation_id, COUNT(*), SUM(x.value_vnd) FROM {mobilisation.DEVICES} "
        f"WHERE ({mobilisation.DEVICES_WHERE}) AND x.donation_id <> '' AND {scope.where} GROUP BY x.donation_id",
        params)}
    out = []
    for did, date, donor, kind, cash, devices, code, name in src.rows(
            f"SELECT d.id, d.received_date, d.donor_name, d.donor_kind, d.cash_vnd, d.devices, u.code, u.name "
            f"FROM {mobilisation.DONATIONS} WHERE ({mobilisation.DONATIONS_WHERE}) AND {scope.where}", params):
        try:
            minute = json.loads(devices or "{}")
        except ValueError:
            minute = {}
        minute = {k: int(n) for k, n in minute.items() if k in DEVICE_KINDS and isinstance(n, int | float) and n}
        count, value = booked.get(did, (0, 0))
        out.append({"date": date, "donor": donor, "donor_kind": kind, "unit_code": code, "unit_name": name,
                    "cash_vnd": int(cash or 0), "devices": {k: minute.get(k, 0) for k in DEVICE_KINDS},
                    "devices_booked": count, "devices_value_vnd": value, "value_vnd": int(cash or 0) + value})
    out.sort(key=lambda d: (d["date"], fold(d["donor"]), d["unit_code"]), reverse=True)
    return out


def _donors(src: Source, scope: Scope, today: dt.date, mark: Any,
            flows: dict[tuple, dict[str, int]] | None = None) -> list[dict[str, Any]]:
    """Per donor: donations, cash, devices received and their value, devices handed over
    (``mark(donor)``: the plan's mark of that count, if hidden)."""
    dates = period(today).as_dict()
    if src.summaries:
        # the kept flows per donor (``flows``: the plan's per unit and donor, of this scope, summed)
        flows = _sorted(_coarser(flows, -1)) if flows is not None else _kept(
            src, scope, today, ["c.donor"], ("donations", "cash_vnd", "devices_received", "devices_value_vnd",
                                             "devices_handed"))
        data = merge(_part(flows, "donations", ("donations", "cash_vnd")),
                     _part(flows, "devices_received", ("devices_received", "devices_value_vnd")),
                     _part(flows, "devices_handed", ("devices_handed",)))
    else:
        data = _counted_donors(src, scope, dates)
    fields = ("donations", "cash_vnd", "devices_received", "devices_value_vnd", "devices_handed")
    rows = [{"donor": k[0], **{f: int(v.get(f, 0)) for f in fields}} for k, v in data.items()]
    for r in rows:
        r["devices_handed"] = mark(r["donor"]) or r["devices_handed"]
    rows.sort(key=lambda r: (r["donor"] == "", fold(r["donor"])))
    return rows


def _counted_donors(src: Source, scope: Scope, dates: dict[str, Any]) -> dict[tuple, dict[str, int]]:
    return merge(
        grouped(src, scope, [("donations", "COUNT(*)"), ("cash_vnd", "SUM(d.cash_vnd)")],
                mobilisation.DONATIONS, mobilisation.DONATIONS_WHERE, dates, keys=["COALESCE(d.donor_name, '')"]),
        grouped(src, scope, [("devices_received", "COUNT(*)"), ("devices_value_vnd", "SUM(x.value_vnd)")],
                mobilisation.DEVICES, mobilisation.DEVICES_WHERE, dates, keys=["COALESCE(x.donor, '')"]),
        grouped(src, scope, [("devices_handed", "COUNT(*)")], handovers.FROM,
                handovers.WHERE + " AND h.device_id <> ''", dates, keys=["COALESCE(x.donor, '')"]))


def _weak_schools(src: Source, scope: Scope) -> list[dict[str, Any]]:
    rows = src.rows(f"SELECT u.code, u.name, u.commune_code, u.coverage FROM {coverage.SCHOOLS_FROM} "
                    f"WHERE {coverage.SCHOOLS_WHERE} AND u.coverage IN ('none', '2G') AND {scope.where}",
                    scope.params)
    out = [{"code": c, "name": n, "commune_code": cc or "", "commune": commune_name(cc) if cc else "",
            "coverage": cov} for c, n, cc, cov in rows]
    out.sort(key=lambda r: (r["coverage"] != "none", fold(r["commune"]), fold(r["name"])))
    return out


def _villages(src: Source, scope: Scope, today: dt.date) -> list[dict[str, Any]]:
    """The villages still without signal at the page's date (places, recorded as coverage
    gaps: never a child's village), with the school that recorded them."""
    rows = src.rows(
        f"SELECT g.village, g.commune_code, u.code, u.name FROM {coverage.GAPS_FROM} WHERE {coverage.GAPS_WHERE} "
        f"AND (g.status = 'uncovered' OR (g.status = 'covered' AND g.covered_on > :end)) AND {scope.where}",
        {**scope.params, "end": today.isoformat()})
    out = [{"village": v, "commune_code": cc or "", "commune": commune_name(cc) if cc else "",
            "school_code": code, "school": name} for v, cc, code, name in rows]
    out.sort(key=lambda r: (fold(r["commune"]), fold(r["village"]), fold(r["school"])))
    return out


# ------------------------------------------------------------------ secondary suppression
# A page shows a commune's total beside its schools, and the province's beside its communes:
# a total minus the figures shown would give a school's hidden "dưới 5" back. So the figures
# of children are protected as one table over the province (``protection``): every
# published total is an equation (a commune = its units; the province = its communes; the
# country = its provinces; in each row, devices handed = their kinds = their donors, and
# approved = reached + waiting), and a hidden figure must never be the only value its
# equation allows. Where it would be, the smallest other figure of the equation is hidden too
# (``HIDDEN``; or, with none, the total itself), until no equation pins one. Every page, its
# CSV and its JSON take their marks from the same plan, so no page undoes another's.

Cell = tuple[str, Any, str]  # (level: unit|commune|province|national, its key, the field)


def _interval(mark: str) -> tuple[int, float]:
    """What a mark tells of the figure behind it."""
    return (1, THRESHOLD - 1) if mark == SUPPRESSED else (THRESHOLD, float("inf"))


_INF = float("inf")


def _pins(value: list[int], bounds: list[tuple[int, float] | None], total: int, parts: list[int]) -> bool:
    """Whether the equation ``total = sum(parts)`` (cells by number: ``protect``), with the
    figures shown (``value``) and what the marks of the hidden ones tell (``bounds``: the
    ``_interval`` of a hidden cell's mark, None for one shown), leaves some hidden figure — a
    part or the total — one value.

    Each hidden term x (coefficient a: +1 the total, -1 a part) must satisfy
    a * x = -known - (the other hidden terms), which lie between the sums of their bounds.
    Those sums are taken once for all the terms, less the term's own (bounds are integers, or
    an infinite one — "x" has no upper bound — kept apart as a count): linear in the terms."""
    shut: list[tuple[int, int, float, float, float]] = []  # (a, lo, hi, lowest and highest a * x) a hidden term
    known = 0  # + the hidden terms = 0
    b = bounds[total]
    if b is None:
        known += value[total]
    else:
        shut.append((1, b[0], b[1], b[0], b[1]))
    for p in parts:
        b = bounds[p]
        if b is None:
            known -= value[p]
        else:
            shut.append((-1, b[0], b[1], -b[1], -b[0]))
    if not shut:
        return False
    low = high = low_inf = high_inf = 0
    for r in shut:
        if r[3] == -_INF:
            low_inf += 1
        else:
            low += r[3]
        if r[4] == _INF:
            high_inf += 1
        else:
            high += r[4]
    for a, lo, hi, r_lo, r_hi in shut:
        if r_lo == -_INF:
            rest_lo = -_INF if low_inf > 1 else low
        else:
            rest_lo = -_INF if low_inf else low - r_lo
        if r_hi == _INF:
            rest_hi = _INF if high_inf > 1 else high
        else:
            rest_hi = _INF if high_inf else high - r_hi
        x, y = (-known - rest_hi) * a, (-known - rest_lo) * a  # what a * x = -known - rest allows
        if x > y:
            x, y = y, x
        if max(lo, x) >= min(hi, y):
            return True
    return False


def protect(values: dict[Cell, int], relations: list[tuple[Cell, list[Cell]]],
            primary: Iterable[Cell]) -> dict[Cell, str]:
    """The marks of the hidden figures: ``primary`` (a unit's 1–4) and, equation by equation,
    what else must go so that no hidden figure is pinned (``_pins``).

    The equations are gone through in order, again and again until one whole pass hides
    nothing more. An equation is judged again only when one of its figures was hidden since
    it was last judged (``stale``): its verdict is a function of which of its figures are
    hidden, so the others would repeat theirs — and act on none of them (a verdict acted on
    hides one of its figures, which makes it stale); one with no hidden figure pins nothing.
    The cells are numbered first (a tuple key is hashed at every look-up): the country's
    plan, ~200,000 equations over ~600,000 figures, judges each equation about once."""
    number: dict[Cell, int] = {}
    cells: list[Cell] = []

    def numbered(cell: Cell) -> int:
        n = number.get(cell)
        if n is None:
            n = number[cell] = len(cells)
            cells.append(cell)
        return n

    equations = [(numbered(total), [numbered(p) for p in parts]) for total, parts in relations]
    first = [numbered(c) for c in primary]
    value = [values.get(c, 0) for c in cells]
    where: list[list[int]] = [[] for _ in cells]
    for i, (total, parts) in enumerate(equations):
        where[total].append(i)
        for p in parts:
            where[p].append(i)
    return _protect(value, equations, first, where.__getitem__, cells.__getitem__)


def _protect(value: list[int], equations: list[tuple[int, list[int]]], first: Iterable[int],
             containing: Callable[[int], Iterable[int]], cell_of: Callable[[int], Cell]) -> dict[Cell, str]:
    """``protect`` over cells by number: their ``value``, the ``equations`` (total, parts),
    the cells hidden ``first``, the equations ``containing`` a cell, and the ``cell_of`` a
    number (its name: the ties between equal figures are broken by it, and the marks named)."""
    marks: dict[int, str] = {}  # in the order hidden
    bounds: list[tuple[int, float] | None] = [None] * len(value)
    stale = [False] * len(equations)  # one without a hidden figure pins none
    kinds = {mark: _interval(mark) for mark in (SUPPRESSED, HIDDEN)}

    def hide(n: int) -> None:
        marks[n] = mark = SUPPRESSED if 0 < value[n] < THRESHOLD else HIDDEN
        bounds[n] = kinds[mark]
        for i in containing(n):
            stale[i] = True

    for n in first:
        hide(n)
    changed = True
    while changed:
        changed = False
        for i, (total, parts) in enumerate(equations):
            if not stale[i]:
                continue
            stale[i] = False
            if not _pins(value, bounds, total, parts):
                continue
            smallest = min((p for p in parts if bounds[p] is None and value[p] > 0),
                           key=lambda p: (value[p], str(cell_of(p))), default=None)  # the first of a sort
            if smallest is not None:
                hide(smallest)
            elif bounds[total] is None:
                hide(total)
            else:
                continue  # nothing left to hide here: what is hidden is hidden everywhere it is shown
            changed = True
    return {cell_of(n): mark for n, mark in marks.items()}


def protection(src: Source, unit: dict[str, Any] | None, today: dt.date) -> dict[Cell, str]:
    """The plan of hidden figures of ``unit``'s province (None: the country), from the same
    snapshot as the page. Units are keyed by id, communes by (province, commune), provinces by
    code, the country by ""."""
    return _plan(src, unit, today).marks


@dataclasses.dataclass
class _Plan:
    marks: dict[Cell, str]
    scope: Scope  # the province's (the country's)
    parts: list[dict[tuple, dict[str, int]]]  # its figures per (province, commune, unit), as ``_parts``
    donors: dict[tuple, dict[str, int]]  # its flows per (province, commune, unit, donor)


def _plan(src: Source, unit: dict[str, Any] | None, today: dt.date) -> _Plan:
    """``protection``, with the figures it was made from: the province's page (the country's)
    shows their sums, and need not read them again."""
    scope = scope_of(src, unit, depth=1, members=False)
    keys = ["COALESCE(u.province_code, '')", "COALESCE(u.commune_code, '')", "u.id"]
    parts, flows_by_donor = _parts(src, scope, today, keys, by_donor=True)
    data = merge(*parts)
    by_donor = {k: {"n": v["devices_handed"]} for k, v in flows_by_donor.items() if v["devices_handed"]}
    return _Plan(_marks_of(data, by_donor), scope, parts, flows_by_donor)


def _marks_of(data: dict[tuple, dict[str, int]], by_donor: dict[tuple, dict[str, int]]) -> dict[Cell, str]:
    """The plan's marks from the figures per (province, commune, unit) and the devices handed
    over per (province, commune, unit, donor): ``protect`` of every figure of children at
    every level — units, communes, provinces, the country — under the equations (a total =
    its parts; in each row, devices handed = their kinds = their donors, approved = reached +
    waiting), in this order: per field, the communes, the provinces, the country; then row by
    row. Its cells are numbered as they are made (entity × field), the equations holding a
    cell found by arithmetic: no figure named by a tuple until it is hidden."""
    fields = sorted(CHILD_FIELDS)
    donors = sorted({k[3] for k in by_donor})
    communes: dict[tuple[str, str], set[str]] = {}
    provinces: dict[str, set[tuple[str, str]]] = {}
    for prov, com, uid, *_donor in [*data, *by_donor]:
        communes.setdefault((prov, com), set()).add(uid)
        provinces.setdefault(prov, set()).add((prov, com))
    every = fields + [f"donor:{d}" for d in donors]
    width = len(every)
    col = {f: j for j, f in enumerate(every)}
    entities: list[tuple[str, Any]] = ([("unit", u) for us in communes.values() for u in us]
                                       + [("commune", c) for c in communes] + [("province", p) for p in provinces]
                                       + [("national", "")])
    index = {e: k for k, e in enumerate(entities)}
    value = [0] * (len(entities) * width)
    national = index[("national", "")] * width

    def bases(prov: str, com: str, uid: str) -> tuple[int, int, int, int]:
        return (index[("unit", uid)] * width, index[("commune", (prov, com))] * width,
                index[("province", prov)] * width, national)

    for (prov, com, uid), v in data.items():
        at = bases(prov, com, uid)
        for j, f in enumerate(fields):
            n = int(v.get(f, 0))
            for b in at:
                value[b + j] += n
    for (prov, com, uid, donor), v in by_donor.items():
        j, n = col[f"donor:{donor}"], int(v["n"])
        for b in bases(prov, com, uid):
            value[b + j] += n
    n_units, n_communes, n_provinces = len(entities) - len(communes) - len(provinces) - 1, len(communes), len(provinces)
    block = n_communes + n_provinces + 1  # a field's equations: its communes', its provinces', the country's
    commune_at = {c: i for i, c in enumerate(communes)}
    province_at = {p: i for i, p in enumerate(provinces)}
    unit_commune = [commune_at[c] for c, us in communes.items() for _u in us]  # entities' order
    commune_province = [province_at[c[0]] for c in communes]
    equations: list[tuple[int, list[int]]] = []
    units_of = [[index[("unit", u)] * width for u in sorted(us)] for us in communes.values()]
    communes_of = [[index[("commune", c)] * width for c in sorted(cs)] for cs in provinces.values()]
    provinces_all = [index[("province", p)] * width for p in sorted(provinces)]
    commune_bases = [index[("commune", c)] * width for c in communes]
    province_bases = [index[("province", p)] * width for p in provinces]
    for j in range(width):
        equations.extend((b + j, [u + j for u in us]) for b, us in zip(commune_bases, units_of, strict=True))
        equations.extend((b + j, [c + j for c in cs]) for b, cs in zip(province_bases, communes_of, strict=True))
        equations.append((national + j, [p + j for p in provinces_all]))
    handed, approved = col["devices_handed"], col["children_approved"]
    kinds = [col[f"handed_{k}"] for k in DEVICE_KINDS]
    given = [col[f"donor:{d}"] for d in donors]
    parts_of_approved = [col["children_reached"], col["children_waiting"]]
    for k in range(len(entities)):  # within a row
        b = k * width
        equations.append((b + handed, [b + x for x in kinds]))
        equations.append((b + handed, [b + x for x in given]))
        equations.append((b + approved, [b + x for x in parts_of_approved]))
    rows_at = width * block
    in_row = [[] for _ in range(width)]  # which of a row's three equations hold a field
    for x in (handed, *kinds):
        in_row[x].append(0)
    for x in (handed, *given):
        in_row[x].append(1)
    for x in (approved, *parts_of_approved):
        in_row[x].append(2)

    def containing(n: int) -> list[int]:
        k, j = divmod(n, width)
        out = [rows_at + 3 * k + r for r in in_row[j]]
        base = j * block
        if k < n_units:
            out.append(base + unit_commune[k])
        elif k < n_units + n_communes:
            ci = k - n_units
            out += [base + ci, base + n_communes + commune_province[ci]]
        elif k < n_units + n_communes + n_provinces:
            out += [base + n_communes + k - n_units - n_communes, base + n_communes + n_provinces]
        else:
            out.append(base + n_communes + n_provinces)
        return out

    def cell_of(n: int) -> Cell:
        k, j = divmod(n, width)
        return (*entities[k], every[j])

    first = [k * width + j for k in range(n_units) for j in range(width) if 0 < value[k * width + j] < THRESHOLD]
    return _protect(value, equations, first, containing, cell_of)


def _marked(values: dict[str, int], marks: dict[Cell, str], level: str, key: Any) -> dict[str, int | str]:
    """A row's (or a page's) figures with the plan's marks."""
    return {f: marks.get((level, key, f), int(values.get(f, 0))) for f in SUMMARY_FIELDS}


def _rows(src: Source, scope: Scope, level: str, data: dict[tuple, dict[str, int]],
          marks: dict[Cell, str]) -> list[dict[str, Any]]:
    """The units below the page's unit (provinces, communes or schools), every one the
    registry holds, with or without records; their figures marked by the plan (``protection``)."""
    if level == "commune":
        members = [m for m in scope.members if m["kind"] == "school" or (m["id"],) in data]
        rows = [{"level": "school" if m["kind"] == "school" else "office", "code": m["code"], "name": m["name"],
                 **_marked({**_zero(), **data.get((m["id"],), {})}, marks, "unit", m["id"])} for m in members]
    else:
        field = "commune_code" if level == "province" else "province_code"
        keys = {(k or "",) for (k,) in src.rows(  # the schools' provinces (communes): every one listed
            f"SELECT DISTINCT u.{field} FROM units u WHERE u._deleted = 0 AND u.kind = 'school' AND {scope.where}",
            scope.params)} | set(data)
        name = commune_name if level == "province" else province_name
        prov = scope.unit.get("province_code") or ""

        def cell(k: str) -> tuple[str, Any]:
            return ("commune", (prov, k)) if level == "province" else ("province", k)

        rows = [{"level": "commune" if level == "province" else "province", "code": k[0],
                 "name": name(k[0]) if k[0] else "", **_marked({**_zero(), **data.get(k, {})}, marks, *cell(k[0]))}
                for k in keys]
    rows.sort(key=lambda r: (r["code"] == "", fold(r["name"])))
    return rows


def page(src: Source, level: str, unit: dict[str, Any] | None, today: dt.date) -> dict[str, Any]:
    """Everything a public page shows (and its CSV and JSON hold), for ``unit`` at
    ``level``: "national" (unit None: the provinces), "province", "commune" or "school"."""
    scope = scope_of(src, unit, depth=1, members=level == "commune")
    school = level == "school"
    key = {"national": "COALESCE(u.province_code, '')", "province": "COALESCE(u.commune_code, '')",
           "commune": "u.id"}.get(level)
    u = scope.unit
    # the hidden figures of the whole province (the country's page: of every province)
    plan = _plan(src, None if level == "national" else find_unit(src, u.get("province_code") or ""), today) \
        if level == "national" or u.get("province_code") else None
    marks = plan.marks if plan is not None else {}
    # the province's page (the country's) is the plan's own scope: its figures are the plan's, summed
    same = plan is not None and level in ("national", "province") and \
        (plan.scope.where, plan.scope.params) == (scope.where, scope.params)
    cell: tuple[str, Any] = {"school": ("unit", u.get("id")),
                             "commune": ("commune", (u.get("province_code") or "", u.get("commune_code") or "")),
                             "province": ("province", u.get("province_code") or ""),
                             "national": ("national", "")}[level]
    if school:
        whole = _figures(src, scope, today, []).get((), {})
        rows: list[dict[str, Any]] = []
    else:
        at = 0 if level == "national" else 1
        data = merge(*(_coarser(part, at) for part in plan.parts)) if same and plan is not None \
            else _figures(src, scope, today, [key])
        whole = {f: sum(v.get(f, 0) for v in data.values()) for f in SUMMARY_FIELDS}
        rows = _rows(src, scope, level, data, marks)
    info = {"level": level, "code": u.get("code") or "", "name": u["name"],
            "commune_code": u.get("commune_code") or "", "province_code": u.get("province_code") or ""}
    if level == "province":
        info["name"] = province_name(info["province_code"])
    elif level == "commune":
        info["name"] = commune_name(info["commune_code"])
    p = period(today)
    return {
        "unit": info,
        "as_of": today.isoformat(),
        "period": p.as_dict(),
        "school_year": school_year(p, src),
        "suppressed": SUPPRESSED,
        "threshold": THRESHOLD,
        "summary": _marked({**_zero(), **whole}, marks, *cell),
        "units": rows,
        "donations": _donations(src, scope, today) if level in ("commune", "school") else [],
        "donors": _donors(src, scope, today, lambda donor: marks.get((*cell, f"donor:{donor}")),
                          plan.donors if same and plan is not None and src.summaries else None),
        "schools_without_signal": _weak_schools(src, scope) if level != "national" else [],
        "villages_without_signal": _villages(src, scope, today) if level in ("commune", "school") else [],
    }


def build(engine: Engine, level: str, code: str = "", today: dt.date | None = None) -> dict[str, Any] | None:
    """The page of the unit ``code`` at ``level`` from one snapshot of the database; None
    when there is no such unit. ``level`` "": the server's province (or, when the registry
    holds schools of several, the country's page listing them)."""
    today = today or dt.date.today()
    with report_source(engine) as src:
        if level == "":
            held = provinces(src)
            if len(held) == 1:
                level, code = "province", held[0]
            else:
                return page(src, "national", None, today)
        unit = unit_for(src, level, code)
        if unit is None:
            return None
        if level == "commune" and not any(m["kind"] == "school" for m in scope_of(src, unit, depth=1).members):
            return None
        return page(src, level, unit, today)


# ------------------------------------------------------------------ the data files
CSV_COLUMNS = ("section", "unit_code", "unit_name", "date", "donor", "donor_kind", "item", "value")


def facts(data: dict[str, Any]) -> Iterable[tuple]:
    """The page's figures one a line, as the CSV holds them (``CSV_COLUMNS``)."""
    u = data["unit"]
    for f in SUMMARY_FIELDS:
        yield ("summary", u["code"], u["name"], data["as_of"], "", "", f, data["summary"][f])
    for r in data["units"]:
        for f in SUMMARY_FIELDS:
            yield (f"unit:{r['level']}", r["code"], r["name"], data["as_of"], "", "", f, r[f])
    for d in data["donations"]:
        for f in ("cash_vnd", *(f"devices_{k}" for k in DEVICE_KINDS), "devices_booked", "devices_value_vnd",
                  "value_vnd"):
            value = d["devices"][f[8:]] if f[8:] in DEVICE_KINDS and f.startswith("devices_") else d[f]
            yield ("donation", d["unit_code"], d["unit_name"], d["date"], d["donor"], d["donor_kind"], f, value)
    for r in data["donors"]:
        for f in ("donations", "cash_vnd", "devices_received", "devices_value_vnd", "devices_handed"):
            yield ("donor", u["code"], u["name"], data["as_of"], r["donor"], "", f, r[f])
    for s in data["schools_without_signal"]:
        yield ("school_without_signal", s["code"], s["name"], data["as_of"], "", "", "coverage", s["coverage"])
    for v in data["villages_without_signal"]:
        yield ("village_without_signal", v["school_code"], v["school"], data["as_of"], "", "", "village",
               v["village"])


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A text a spreadsheet would take for a formula (a donor named "=HYPERLINK(…)", a
    school's village "+…") written with a leading apostrophe, so it opens as text."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def to_csv(data: dict[str, Any]) -> bytes:
    """UTF-8 with a byte-order mark (so a spreadsheet opens the Vietnamese right), CRLF; no
    cell starts as a formula (``cell``)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(tuple(cell(v) for v in line) for line in facts(data))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")
