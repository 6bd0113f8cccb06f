"""Counts kept as pushes merge (issue 18 item 2; the console's overview, issue 17).

The needs report and the console's overview of a province — or of the country: 2.2 million
students, 1.6 million needs — would otherwise read every need and its student at every
request. So the server keeps, in the same transaction as each merge, per school and school
year:

- ``need_counts``: one row per (unit, school year, class, ethnicity) with every figure of
  the needs report (``app.reports.needs.measures``: children in need, by tier, household,
  device, SIM, approved, handed over) and the needs still waiting for approval with the
  date of the oldest submission (for the console's laggards) — a school's report by class;
- ``need_levels``: the same per (unit, school year, level of the class, ethnicity) — a few
  rows a school (31 → 3 in the national bench), which the reports and overviews of a
  commune, a province and the country sum;
- ``need_totals``: the same per (unit, school year) — one row a school and year: what the
  console's overview of a province or of the country sums (a few tens of milliseconds);
- ``device_counts``: devices per (unit, kind, status) — the stock of the overview.

How they stay right: the merge (``app.changes.apply_changes``) hands the rows it wrote to
the server's target, which finds the schools they count in — the unit of each need or
device written, before and after, and the units of the needs of each student written (a
child's class, ethnicity or household changes its needs' figures) — and recounts those
schools from the records (``need_counts``; the coarser tables are sums of its few rows), in
that transaction, under a lock per school (PostgreSQL: an advisory lock, taken in one order,
so two pushes recounting one school wait for each other and the second sees the first's
rows). A recount of a school reads its few hundred needs through the unit index:
milliseconds. So the summary can never be behind the records it counts: they commit
together or not at all. ``differences`` compares them with a recount of everything
(``songmay-server summaries``; ``--rebuild`` recounts everything first); a server recounts
everything when it opens a database counted by another ``VERSION`` of this module.

The report reads them through ``Source.summaries`` (``server.reports.source``): the same
report code, with ``SUM`` over these rows instead of ``COUNT`` over the records.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.reports import needs as needs_report
from app.reports.common import CLASS_LEVEL, IN_NEED, count_if
from server import public_counts

VERSION = "4"  # what is counted; another value rebuilds the summaries when the server opens
META_KEY = "summaries_version"

NEED_KEYS = ("unit_id", "school_year", "class_name", "ethnicity")
LEVEL_KEYS = ("unit_id", "school_year", "level", "ethnicity")
TOTAL_KEYS = ("unit_id", "school_year")
KEYS = {"need_counts": NEED_KEYS, "need_levels": LEVEL_KEYS, "need_totals": TOTAL_KEYS}
# the keys after the unit and year: the class, or the level its grade tells, and the ethnicity
MORE = {"need_counts": ["COALESCE(s.class_name, '')", "COALESCE(s.ethnicity, '')"],
        "need_levels": [CLASS_LEVEL, "COALESCE(s.ethnicity, '')"], "need_totals": []}
WAITING = "('submitted', 'verified')"
DEVICE_KEYS = ("unit_id", "kind", "status")


def need_measures() -> list[tuple[str, str]]:
    """(column, SQL over ``needs n JOIN students s``) of every counted figure."""
    return [*needs_report.measures(), ("waiting", count_if(f"n.status IN {WAITING}"))]


def _submitted_at(dialect: str) -> str:
    """The time a need was submitted, from its history (the latest "submitted" step)."""
    if dialect == "postgresql":
        return ("(SELECT MAX(e->>'at') FROM json_array_elements(CAST(n.history AS json)) e "
                "WHERE e->>'status' = 'submitted')")
    return ("(SELECT MAX(json_extract(e.value, '$.at')) FROM json_each(n.history) e "
            "WHERE json_extract(e.value, '$.status') = 'submitted')")


def _recount_sql(dialect: str, where: str, table: str = "need_counts") -> str:
    measures = need_measures()
    since = f"MIN(CASE WHEN n.status IN {WAITING} THEN {_submitted_at(dialect)} END)"
    keys = ", ".join(["n.unit_id", "n.school_year", *MORE[table]])
    return (f"SELECT {keys}, {', '.join(expr for _k, expr in measures)}, COALESCE({since}, '') "
            f"FROM needs n JOIN students s ON s.id = n.student_id "
            f"WHERE n._deleted = 0 AND s._deleted = 0 AND n.status IN {IN_NEED} AND ({where}) "
            f"GROUP BY {keys}")


def _rollup_sql(where: str, table: str) -> str:
    """``need_levels`` or ``need_totals`` from ``need_counts`` (the few rows of a school):
    the same figures summed at a coarser grain, so a merge reads the needs once."""
    keys = ", ".join(["s.unit_id", "s.school_year", *MORE[table]])
    sums = ", ".join(f"SUM(s.{k})" for k, _e in need_measures())
    return (f"SELECT {keys}, {sums}, COALESCE(MIN(NULLIF(s.waiting_since, '')), '') FROM need_counts s "
            f"WHERE ({where}) GROUP BY {keys}")


def _device_sql(where: str) -> str:
    return (f"SELECT x.unit_id, x.kind, x.status, COUNT(*) FROM devices x WHERE x._deleted = 0 AND ({where}) "
            f"GROUP BY x.unit_id, x.kind, x.status")


def need_columns(table: str = "need_counts") -> list[str]:
    return [*KEYS[table], *(k for k, _e in need_measures()), "waiting_since"]


def _tables(dialect: str) -> list[tuple[str, list[str], Any, bool, str]]:
    """(table, columns, its SELECT for a WHERE, counts needs?, the alias the WHERE names)
    of each kept table, in the order they are recounted: ``need_levels`` and ``need_totals``
    are sums of ``need_counts``, recounted first."""
    return [("need_counts", need_columns("need_counts"), lambda w: _recount_sql(dialect, w, "need_counts"), True, "n"),
            ("need_levels", need_columns("need_levels"), lambda w: _rollup_sql(w, "need_levels"), True, "s"),
            ("need_totals", need_columns("need_totals"), lambda w: _rollup_sql(w, "need_totals"), True, "s"),
            ("device_counts", [*DEVICE_KEYS, "n"], _device_sql, False, "x")]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def refresh(conn: Any, need_units: Iterable[str] | None, device_units: Iterable[str] | None) -> None:
    """Recount the given schools' rows (``None``: every school) through ``conn`` (the
    server's sqlite3-dialect connection, ``server.storage._Conn``) in its transaction."""
    dialect = "postgresql" if conn.pg else "sqlite"
    locked = False
    for table, columns, select, of_needs, alias in _tables(dialect):
        units = need_units if of_needs else device_units
        if units is None:
            conn.execute(f"DELETE FROM {table}")
            conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) {select('1 = 1')}")
            if table == "device_counts" and need_units is None:  # and the public pages' (server.public_counts)
                public_counts.refresh(conn, None, None)
            continue
        ids = sorted({u for u in units if u})
        if not ids:
            continue
        if conn.pg and not locked:  # one recount of a school at a time; in one order, so never a deadlock
            every = sorted({u for u in [*(need_units or ()), *(device_units or ())] if u})
            # and none while everything is recounted (``ServerStore``: that one takes it alone)
            conn.execute("SELECT pg_advisory_xact_lock_shared(hashtext('songmay.counts'))")
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('songmay.counts'), hashtext(u)) "
                         "FROM unnest(CAST(? AS text[])) AS u ORDER BY hashtext(u), u", (every,))
            locked = True
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            conn.execute(f"DELETE FROM {table} WHERE unit_id IN ({_marks(len(part))})", part)
            conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) "
                         f"{select(f'{alias}.unit_id IN ({_marks(len(part))})')}", part)


def touched(conn: Any, dirty: dict[tuple[str, str], dict[str, Any]],
            before: dict[tuple[str, str], Any]) -> tuple[set[str], set[str]]:
    """The schools whose counts the rows just written change: (for needs, for devices)."""
    need_units: set[str] = set()
    device_units: set[str] = set()
    students: list[str] = []
    for (table, rid), row in dirty.items():
        if table == "needs":
            into = need_units
        elif table == "devices":
            into = device_units
        elif table == "students":
            students.append(rid)
            continue
        else:
            continue
        into.add(row["unit_id"])
        old = before.get((table, rid))
        if old is not None:
            into.add(old["unit_id"])
    if conn.pg and students:  # one text whatever their number, prepared once: 0.2 ms, not 0.45 ms
        need_units.update(r[0] for r in conn.execute(
            "SELECT DISTINCT unit_id FROM needs WHERE student_id = ANY(CAST(? AS text[]))", (students,)))
        students = []
    for i in range(0, len(students), 500):
        part = students[i:i + 500]
        need_units.update(r[0] for r in conn.execute(
            f"SELECT DISTINCT unit_id FROM needs WHERE student_id IN ({_marks(len(part))})", part))
    return need_units, device_units


def differences(conn: Any) -> list[str]:
    """Where the kept counts differ from a recount of every record ([]: nowhere), as short
    lines (``songmay-server summaries``, the tests)."""
    out = []
    for table, columns, select, _of_needs, _alias in _tables("postgresql" if conn.pg else "sqlite"):
        width = len(KEYS.get(table, DEVICE_KEYS))
        kept = {tuple(r[:width]): tuple(r[width:]) for r in conn.execute(f"SELECT {', '.join(columns)} FROM {table}")}
        fresh = {tuple(r[:width]): tuple(r[width:]) for r in conn.execute(select("1 = 1"))}
        for key in sorted(set(kept) | set(fresh)):
            if kept.get(key) != fresh.get(key):
                out.append(f"{table} {'/'.join(map(str, key))}: kept {kept.get(key)} counted {fresh.get(key)}")
    return out + public_counts.differences(conn)

