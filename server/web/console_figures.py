"""The console overview's figures from the counts the server keeps as records merge
(``server.summaries``), in a few small queries whatever the unit: the country's overview
sums one row per school (``need_totals``: some 40,000), a school's one row per class and
ethnicity (``need_counts``); the stock from ``device_counts``; the computers' last contact
grouped in the database. No list of every unit of the country is read: the rows below a
province or the country are its communes or provinces, which the registry's schools name.

The figures are those of the needs report for the same unit and school year (the same
counts, summed at another grain); tests/web checks the page against ``songmay-server
report``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.reports.common import breakdown, class_order, int_columns, total_row
from app.reports.model import Row
from app.reports.source import Scope, Source, scope_of

FIGURES = ("in_need", "approved", "fulfilled", "waiting")


def scope(src: Source, unit: dict[str, Any] | None, lang: str) -> Scope:
    """The overview's scope: one level below ``unit``; the units themselves are read only
    where the rows are schools (a commune's few), never the country's 40,000."""
    return scope_of(src, unit, depth=1, lang=lang, members=False)


def needs(src: Source, sc: Scope, year: str, lang: str, *,
          below: Iterable[str] | None = None) -> tuple[list[Row], dict[str, Any], dict[str, str]]:
    """(rows, totals, the oldest waiting submission per row key) of the children in need,
    approved, handed over and waiting for approval, a row per unit below (every one of the
    scope's, with or without children; ``below``: their keys, if known — ``contacts`` gives
    them) or, at a school, per class."""
    table = "need_counts" if sc.school else "need_totals"
    keys = ["COALESCE(s.class_name, '')"] if sc.school else sc.sql_keys()
    sums = ", ".join(f"SUM(s.{k})" for k in FIGURES)
    sql = (f"SELECT {', '.join(keys)}, {sums}, MIN(NULLIF(s.waiting_since, '')) "
           f"FROM {table} s JOIN units u ON u.id = s.unit_id "
           f"WHERE s.school_year = :year AND {sc.where} GROUP BY {', '.join(keys)}")
    data: dict[tuple, dict[str, int]] = {}
    since: dict[str, str] = {}
    for r in src.rows(sql, {**sc.params, "year": year}):
        key = str(r[0] or "")
        data[(key,)] = {k: int(v or 0) for k, v in zip(FIGURES, r[1:1 + len(FIGURES)], strict=True)}
        if r[-1]:
            since[key] = str(r[-1])
    if not sc.school and not sc.members:  # the units below that have schools but no children in need
        for key in _below(src, sc) if below is None else below:
            data.setdefault((key,), dict.fromkeys(FIGURES, 0))
    cols = int_columns(lang, list(FIGURES))
    rows = breakdown(sc, cols, data, local_order=class_order)
    return rows, total_row(cols, data, lang), since


def _below(src: Source, sc: Scope) -> list[str]:
    """The keys (communes, provinces) of the scope's schools, from the registry."""
    key = sc.sql_keys()[0]
    return [str(r[0] or "") for r in src.rows(
        f"SELECT DISTINCT {key} FROM units u WHERE u._deleted = 0 AND u.kind = 'school' AND {sc.where}", sc.params)]


def stock(src: Source, sc: Scope) -> dict[str, int]:
    """Devices in stock per row key (at a school: under "")."""
    keys = [] if sc.school else sc.sql_keys()
    group = f" GROUP BY {', '.join(keys)}" if keys else ""
    sql = (f"SELECT {', '.join([*keys, 'SUM(x.n)'])} FROM device_counts x JOIN units u ON u.id = x.unit_id "
           f"WHERE x.status = 'in_stock' AND {sc.where}{group}")
    return {str(r[0] or "") if keys else "": int(r[-1] or 0) for r in src.rows(sql, sc.params)}


def contacts(src: Source, sc: Scope, limit: str) -> dict[str, tuple[int, int, str, int]]:
    """Per row key (at a school: its id): (schools, live computers, the latest contact, the
    schools silent since ``limit`` — no live computer heard from since, or none ever)."""
    key = "u.id" if sc.school else sc.sql_keys()[0]
    sql = (f"SELECT {key}, COUNT(*), SUM(COALESCE(c.n, 0)), MAX(c.last), "
           f"SUM(CASE WHEN COALESCE(c.last, '') < :limit THEN 1 ELSE 0 END) "
           f"FROM units u LEFT JOIN (SELECT unit_id, COUNT(*) AS n, MAX(last_seen_at) AS last FROM installations "
           f"WHERE revoked_at = '' GROUP BY unit_id) c ON c.unit_id = u.id "
           f"WHERE u._deleted = 0 AND u.kind = 'school' AND {sc.where} GROUP BY {key}")
    return {str(r[0] or ""): (int(r[1] or 0), int(r[2] or 0), str(r[3] or ""), int(r[4] or 0))
            for r in src.rows(sql, {**sc.params, "limit": limit})}
