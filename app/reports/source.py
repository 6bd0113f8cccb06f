"""Where report queries run, and which units a report covers.

``Source`` wraps any DB-API-like runner ``run(sql, params) -> rows`` (tuples). The SQL of
the reports is standard (GROUP BY, CASE, COALESCE, EXISTS, substr) with ``:name``
parameters, which sqlite3 and SQLAlchemy's ``text()`` both accept, over tables named and
shaped like the device's (JSON columns are TEXT and never parsed in SQL; flags are
INTEGER 0/1; ``_deleted`` marks tombstones), so the server runs the same queries over
PostgreSQL by passing its own runner.

``Scope`` turns the report's unit into a condition over ``units u`` (the units whose
records count) and the breakdown keys (the unit below, and the one below that).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from app.admin import communes, locality, provinces
from app.reports.labels import w
from app.school_year import DEFAULT_TURN, store_turn
from app.text import fold

Runner = Callable[[str, dict], Iterable[Sequence[Any]]]
UNIT_FIELDS = ("id", "code", "name", "kind", "level", "commune_code", "province_code", "parent_id",
               "coverage", "carrier", "broadband")
LEVELS = ("school", "commune", "cluster", "province", "national")


class Source:
    """Runs report queries: ``run(sql, params)`` returns an iterable of row tuples.
    ``grouping_sets``: the database has GROUP BY GROUPING SETS (PostgreSQL; SQLite has
    not), so several breakdowns of the same rows are read in one pass. ``summaries``: the
    database keeps the needs report's counts per school as records merge (the provincial
    server: ``server.summaries``), so its figures are sums of those instead of counts of
    every need."""

    def __init__(self, run: Runner, *, grouping_sets: bool = False, turn: str = DEFAULT_TURN,
                 summaries: bool = False):
        self._run = run
        self.grouping_sets = grouping_sets
        self.summaries = summaries
        self.turn = turn  # the day ("MM-DD") the school year turns (app.school_year)

    def rows(self, sql: str, params: dict | None = None) -> list[tuple]:
        return [tuple(r) for r in self._run(sql, params or {})]

    def units(self, where: str = "1 = 1", params: dict | None = None) -> list[dict[str, Any]]:
        cols = ", ".join(f"u.{c}" for c in UNIT_FIELDS)
        return [dict(zip(UNIT_FIELDS, r, strict=True))
                for r in self.rows(f"SELECT {cols} FROM units u WHERE u._deleted = 0 AND ({where})", params)]


def store_source(store) -> Source:
    """The device's SQLite store as a report source (plain tuples, fast)."""
    conn = store.conn

    def run(sql: str, params: dict) -> list[tuple]:
        cur = conn.cursor()
        cur.row_factory = None
        return cur.execute(sql, params).fetchall()

    return Source(run, turn=store_turn(store))


# ------------------------------------------------------------------ admin names
@cache
def _communes() -> dict[str, Any]:
    return {c.code: c for c in communes()}


@cache
def _provinces() -> dict[str, Any]:
    return {p.code: p for p in provinces()}


def commune_name(code: str) -> str:
    c = _communes().get(code)
    return c.name if c else code


def province_name(code: str) -> str:
    p = _provinces().get(code)
    return p.name if p else code


def find_unit(source: Source, code: str) -> dict[str, Any] | None:
    """A unit by its code; a commune/ward code (5 digits) or a province code (2 digits)
    without a unit record of its own stands for all the schools there."""
    code = (code or "").strip()
    found = source.units("u.code = :code", {"code": code.upper()})
    if found:
        return found[0]
    if code in _communes():
        c = _communes()[code]
        return virtual_unit("commune", code, f"UBND {c.name}", commune_code=code, province_code=c.province_code)
    if code.zfill(2) in _provinces():
        p = _provinces()[code.zfill(2)]
        return virtual_unit("province", p.code, f"Sở GD&ĐT {p.name}", province_code=p.code)
    if code.upper() in ("VN", "NATIONAL"):
        return national_unit()
    return None


def virtual_unit(kind: str, code: str, name: str, **kw: str) -> dict[str, Any]:
    unit = dict.fromkeys(UNIT_FIELDS, "")
    unit.update(id="", code=code, name=name, kind=kind, **kw)
    return unit


def national_unit(lang: str = "vi") -> dict[str, Any]:
    return virtual_unit("national", "VN", w("national", lang))


# ------------------------------------------------------------------------ scope
@dataclass
class Scope:
    unit: dict[str, Any]
    level: str
    where: str  # over ``units u``
    params: dict[str, Any]
    groups: tuple[str, ...]  # unit fields giving the breakdown keys: level 0[, level 1]
    lang: str = "vi"
    members: list[dict[str, Any]] = field(default_factory=list)  # the units in scope

    @property
    def school(self) -> bool:
        return self.level == "school"

    def sql_keys(self) -> list[str]:
        return [f"COALESCE(u.{g}, '')" for g in self.groups]

    def label(self, depth: int, key: str) -> str:
        kind = self.groups[depth]
        if kind == "id":
            u = self._by_id.get(key)
            return u["name"] if u else key
        if not key:
            return f"{self.unit['name']} ({w('direct', self.lang).lower()})"
        if kind == "commune_code":
            return commune_name(key)
        if kind == "province_code":
            return province_name(key)
        return key

    def row_title(self) -> str:
        """What the main table's rows are."""
        return {"id": w("school", self.lang), "commune_code": w("commune", self.lang),
                "province_code": w("province", self.lang)}[self.groups[0]]

    def skeleton(self) -> list[tuple[str, ...]]:
        """The breakdown keys of every school in scope, so units without records show too."""
        return [tuple(m.get(g) or "" for g in self.groups) for m in self.members if m["kind"] == "school"]

    @property
    def _by_id(self) -> dict[str, dict]:
        cached = self.__dict__.get("_ids")
        if cached is None:
            cached = self.__dict__["_ids"] = {m["id"]: m for m in self.members}
        return cached


def scope_of(source: Source, unit: dict[str, Any] | None, *, depth: int = 2, lang: str = "vi",
             members: bool = True) -> Scope:
    """The scope of a report for ``unit`` (a row of ``units``, a virtual commune/province,
    or None for the whole country), broken down ``depth`` levels (1 or 2). ``members``
    False: the units in scope are read only where the rows name them (by id: a commune's
    schools, a school itself) — not the whole country's to label rows of provinces."""
    unit = unit or national_unit(lang)
    kind, uid = unit["kind"], unit.get("id") or ""
    params: dict[str, Any] = {"scope_unit": uid}
    if kind == "school":
        where, groups = "u.id = :scope_unit", ()
    elif kind == "commune":
        params["scope_commune"] = unit.get("commune_code") or ""
        own = " OR u.id = :scope_unit OR u.parent_id = :scope_unit" if uid else ""
        where = f"((u.commune_code = :scope_commune AND u.commune_code <> ''){own})"
        groups = ("id",)
    elif kind == "cluster":
        where = ("(u.id = :scope_unit OR u.parent_id = :scope_unit OR u.parent_id IN "
                 "(SELECT p.id FROM units p WHERE p.parent_id = :scope_unit AND p._deleted = 0))")
        groups = ("commune_code", "id")
    elif kind == "province":
        params["scope_province"] = unit.get("province_code") or ""
        own = " OR u.id = :scope_unit" if uid else ""
        where = f"((u.province_code = :scope_province AND u.province_code <> ''){own})"
        groups = ("commune_code", "id")
    else:
        kind, where, groups = "national", "1 = 1", ("province_code", "commune_code")
    groups = groups[:max(1, depth)]
    scope = Scope(unit=unit, level=kind, where=where, params=params, groups=groups, lang=lang)
    if members or kind == "school" or "id" in groups:
        scope.members = source.units(where, params)
    return scope


def choosable_units(source: Source, unit: dict[str, Any]) -> list[dict[str, Any]]:
    """The units a report can be made for from ``unit``'s installation: itself, then the
    communes under it (with or without a unit record of their own), then its schools."""
    if unit["kind"] == "school":
        return [unit]
    scope = scope_of(source, unit)
    offices = [m for m in scope.members if m["kind"] != "school" and m["id"] != unit.get("id")]
    schools = sorted((m for m in scope.members if m["kind"] == "school"), key=lambda m: fold(m["name"]))
    communes: list[dict] = []
    if unit["kind"] in ("province", "cluster", "national"):
        have = {m["commune_code"] for m in offices if m["kind"] == "commune"}
        for code in sorted({s["commune_code"] for s in schools if s["commune_code"]} - have,
                           key=lambda c: fold(commune_name(c))):
            c = _communes().get(code)
            communes.append(virtual_unit("commune", code, f"UBND {commune_name(code)}", commune_code=code,
                                         province_code=c.province_code if c else ""))
    offices.sort(key=lambda m: (m["kind"] != "cluster", fold(m["name"])))
    return [unit, *offices, *communes, *schools]


# ---------------------------------------------------------------------- heading
def heading(source: Source, unit: dict[str, Any]) -> dict[str, str]:
    """What the top-left block, the date line and "Nơi nhận" print (Nghị định 30/2020,
    Phụ lục I): the managing body above the unit ("" for a commune's People's Committee,
    which heads its papers itself; "UBND TỈNH …" above the department), the place name of
    the date line, and the body the unit reports to (the first of "Nơi nhận")."""
    kind = unit["kind"]
    commune = _communes().get(unit.get("commune_code") or "")
    province = _provinces().get(unit.get("province_code") or (commune.province_code if commune else ""))
    body = ""
    if unit.get("parent_id") and kind != "commune":
        parent = source.units("u.id = :id", {"id": unit["parent_id"]})
        body = parent[0]["name"] if parent else ""
    if not body and kind == "school" and unit.get("level") in ("THPT", "GDTX") and province:
        body = f"Sở GD&ĐT {province.name}"
    elif not body and kind == "school" and commune:
        body = f"UBND {commune.name}"
    elif not body and kind in ("cluster", "province") and province:
        body = f"UBND {province.division} {province.name}"
    if kind == "school":
        reports_to = body
    elif kind in ("commune", "cluster") and province:
        reports_to = f"Sở GD&ĐT {province.name}"
    elif kind == "province":
        reports_to = "Bộ GD&ĐT"
    else:
        reports_to = ""
    if kind in ("school", "commune") and commune:
        place = locality({"name": commune.name, "division": commune.division})
    elif province:
        place = province.name
    else:
        place = "Hà Nội" if kind == "national" else ""
    return {"heading": body.upper(), "locality": place, "reports_to": _reports_to(reports_to)}


def _reports_to(body: str) -> str:
    """"UBND Xã Nậm Cha" as a recipient reads: "UBND xã Nậm Cha"."""
    for word in ("Xã", "Phường", "Thị Trấn", "Đặc Khu", "Tỉnh", "Thành Phố", "Huyện", "Quận", "Thị Xã"):
        body = body.replace(f" {word} ", f" {word.lower()} ")
    return body
