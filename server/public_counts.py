"""Counts kept as pushes merge for the public pages (issue 18 item 2, issue 17; DESIGN §9):
what ``server.public`` shows and ``server.summaries``' ``need_totals`` does not hold.

The pages of a province or of the country counted over the records — donations, devices,
handovers and each approved child's handovers — took 5.75 s and 60 s on the national bench.
So the server keeps, in the same transaction as each merge, per unit (the record's own
``unit_id``: a school, or an office that received a donation):

- ``public_counts``: per (unit, day, donor) — the day a donation or a device was received or
  a device handed over, the donor named on the donation, the device, or the handed-over
  device — donations and their cash, devices received and their value (the mobilisation
  report's rows), handovers, devices handed over and by kind (the handovers report's);
- ``public_donors``: the same summed over the days, per (unit, donor): a page's figures are
  these minus the few ``public_counts`` rows dated outside its period (a page counts from
  ``server.public.START`` to its date; rows dated later, or undated, are rare);
- ``public_reached``: per (unit, school year), the approved needs (approved or fulfilled,
  child not deleted) and those whose child holds what the need asked for
  (``app.reports.missed.HOLDING``): children reached; waiting is the difference.

Children in need and approved are ``need_totals``' (``server.summaries``); schools and
villages without signal are read from the units and the coverage gaps (a few rows a school).

How they stay right (as ``server.summaries``): ``merged`` finds the units the written rows
count in — a donation's, device's or handover's unit before and after; for a device whose
kind or donor changed (or a new one), the units of the handovers of it; for a handover, the
units of the needs of its child and of the child of the handover it closes; the need units
``server.summaries.touched`` found (a need or a child written) — and recounts those units'
rows from the records, under the same per-school advisory lock (PostgreSQL), taken for every
unit the merge recounts in one order. ``differences`` compares them with a recount of
everything; ``server.summaries.refresh`` of everything recounts these too (at a
``server.summaries.VERSION`` bump, ``songmay-server summaries --rebuild``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.reports.missed import HOLDING

DEVICE_KINDS = ("tablet", "laptop", "smartphone", "desktop")
MEASURES = ("donations", "cash_vnd", "devices_received", "devices_value_vnd", "handovers", "devices_handed",
            *(f"handed_{k}" for k in DEVICE_KINDS))
COUNT_KEYS = ("unit_id", "on_date", "donor")
DONOR_KEYS = ("unit_id", "donor")
REACHED_KEYS = ("unit_id", "school_year")
REACHED_MEASURES = ("approved", "reached")
KEYS = {"public_counts": COUNT_KEYS, "public_donors": DONOR_KEYS, "public_reached": REACHED_KEYS}


def _counts_sql(where: str) -> str:
    """``public_counts`` of the units ``where`` names (over ``unit_id``): the donations, the
    devices received and the handovers (event "handed_over") not deleted, by day and donor."""
    zeros = lambda n: ", ".join(["0"] * n)  # noqa: E731
    kinds = ", ".join(f"CASE WHEN x.kind = '{k}' THEN 1 ELSE 0 END" for k in DEVICE_KINDS)
    parts = [
        f"SELECT d.unit_id AS unit_id, COALESCE(d.received_date, '') AS on_date, COALESCE(d.donor_name, '') AS donor, "
        f"1 AS donations, COALESCE(d.cash_vnd, 0) AS cash_vnd, "
        f"{', '.join(f'0 AS {m}' for m in MEASURES[2:])} "
        f"FROM donations d WHERE d._deleted = 0 AND ({where.format(t='d')})",
        f"SELECT x.unit_id, x.received_date, COALESCE(x.donor, ''), 0, 0, 1, COALESCE(x.value_vnd, 0), "
        f"{zeros(6)} FROM devices x WHERE x._deleted = 0 AND x.received_date <> '' AND ({where.format(t='x')})",
        f"SELECT h.unit_id, COALESCE(h.date, ''), COALESCE(x.donor, ''), {zeros(4)}, 1, "
        f"CASE WHEN h.device_id <> '' THEN 1 ELSE 0 END, {kinds} "
        f"FROM handovers h LEFT JOIN devices x ON x.id = h.device_id "
        f"WHERE h._deleted = 0 AND h.event = 'handed_over' AND ({where.format(t='h')})",
    ]
    sums = ", ".join(f"SUM({m})" for m in MEASURES)
    return (f"SELECT unit_id, on_date, donor, {sums} FROM ({' UNION ALL '.join(parts)}) AS t "
            f"GROUP BY unit_id, on_date, donor")


def _donors_sql(where: str) -> str:
    sums = ", ".join(f"SUM(c.{m})" for m in MEASURES)
    return (f"SELECT c.unit_id, c.donor, {sums} FROM public_counts c WHERE ({where.format(t='c')}) "
            f"GROUP BY c.unit_id, c.donor")


def _reached_sql(where: str) -> str:
    return (f"SELECT n.unit_id, n.school_year, COUNT(*), SUM(CASE WHEN {HOLDING} THEN 1 ELSE 0 END) "
            f"FROM needs n JOIN students s ON s.id = n.student_id "
            f"WHERE n._deleted = 0 AND s._deleted = 0 AND n.status IN ('approved', 'fulfilled') "
            f"AND ({where.format(t='n')}) GROUP BY n.unit_id, n.school_year")


# (table, columns, its SELECT for a WHERE over "{t}.unit_id", which units: "counts" or "reached",
# how many times the SELECT holds the WHERE), in the order they are recounted (``public_donors``
# sums ``public_counts``)
TABLES = [
    ("public_counts", [*COUNT_KEYS, *MEASURES], _counts_sql, "counts", 3),
    ("public_donors", [*DONOR_KEYS, *MEASURES], _donors_sql, "counts", 1),
    ("public_reached", [*REACHED_KEYS, *REACHED_MEASURES], _reached_sql, "reached", 1),
]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def refresh(conn: Any, counted: Iterable[str] | None, reached: Iterable[str] | None) -> None:
    """Recount the rows of the given units (``None``: of every unit) through ``conn`` (the
    server's sqlite3-dialect connection, ``server.storage._Conn``), in its transaction. The
    caller holds the units' locks (``merged``)."""
    if conn.pg and counted is not None and reached is not None:
        _refresh_pg(conn, sorted({u for u in counted if u}), sorted({u for u in reached if u}))
        return
    for table, columns, select, which, times in TABLES:
        units = counted if which == "counts" else reached
        if units is None:
            conn.execute(f"DELETE FROM {table}")
            conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) {select('1 = 1')}")
            continue
        ids = sorted({u for u in units if u})
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            conn.execute(f"DELETE FROM {table} WHERE unit_id IN ({_marks(len(part))})", part, prepare=False)
            conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) "
                         f"{select('{t}.unit_id IN (' + _marks(len(part)) + ')')}", part * times, prepare=False)


_ANY = "unit_id = ANY(CAST(? AS text[]))"


def _refresh_pg(conn: Any, counted: list[str], reached: list[str]) -> None:
    """``refresh`` of a merge's units on PostgreSQL in two statements, each of one text
    whatever the units (they are arrays), so prepared once per connection: every kept row of
    theirs deleted; their records counted into ``public_counts``, summed from that count into
    ``public_donors``, and their approved children counted into ``public_reached``."""
    (counts, count_cols, count_sql, _w, times), (donors, donor_cols, *_d), (reach, reach_cols, reach_sql, *_r) = TABLES
    conn.execute(f"WITH d0 AS (DELETE FROM {counts} WHERE {_ANY}), d1 AS (DELETE FROM {donors} WHERE {_ANY}) "
                 f"DELETE FROM {reach} WHERE {_ANY}", (counted, counted, reached), prepare=True)
    sums = ", ".join(f"SUM({m})" for m in MEASURES)
    conn.execute(f"WITH c ({', '.join(count_cols)}) AS ({count_sql('{t}.' + _ANY)}), "
                 f"i0 AS (INSERT INTO {counts} ({', '.join(count_cols)}) SELECT * FROM c), "
                 f"i1 AS (INSERT INTO {donors} ({', '.join(donor_cols)}) "
                 f"SELECT unit_id, donor, {sums} FROM c GROUP BY unit_id, donor) "
                 f"INSERT INTO {reach} ({', '.join(reach_cols)}) {reach_sql('{t}.' + _ANY)}",
                 (*[counted] * times, reached), prepare=True)


def _units_of(conn: Any, sql: str, ids: set[str]) -> set[str]:
    """The first column of ``sql`` ("… IN ({})") over ``ids``, 500 at a time."""
    out: set[str] = set()
    todo = sorted(i for i in ids if i)
    for i in range(0, len(todo), 500):
        part = todo[i:i + 500]
        out.update(r[0] for r in conn.execute(sql.format(_marks(len(part))), part, prepare=False))
    return out


def touched(conn: Any, rows: dict[tuple[str, str], dict[str, Any]], before: dict[tuple[str, str], Any],
            need_units: Iterable[str] = ()) -> tuple[set[str], set[str]]:
    """The units whose kept public counts the rows just written change: (``public_counts``,
    ``public_reached``). ``need_units``: what ``server.summaries.touched`` found (the units of
    the needs written and of the needs of the children written)."""
    counted: set[str] = set()
    reached: set[str] = set(need_units)
    devices: set[str] = set()  # whose handovers count under another kind or donor now
    children: set[str] = set()
    closed: set[str] = set()  # handovers a handover written refers to (returns, reassignments)
    for (table, rid), row in rows.items():
        if table not in ("donations", "devices", "handovers"):
            continue
        old = before.get((table, rid))
        counted.add(row["unit_id"])
        if old is not None:
            counted.add(old["unit_id"])
        if table == "devices":
            if old is None or old["kind"] != row["kind"] or old["donor"] != row["donor"]:
                devices.add(rid)
        elif table == "handovers":
            for r in (row, old) if old is not None else (row,):
                children.add(r["student_id"])
                closed.add(r["refers_to"])
    closed.discard("")
    children.discard("")
    if conn.pg and (devices or closed or children):  # one statement, one text: prepared once
        for which, unit in conn.execute(
                "SELECT 1, unit_id FROM handovers WHERE device_id = ANY(CAST(? AS text[])) UNION "
                "SELECT 2, n.unit_id FROM needs n WHERE n.student_id IN (SELECT unnest(CAST(? AS text[])) "
                "UNION ALL SELECT h.student_id FROM handovers h WHERE h.id = ANY(CAST(? AS text[])))",
                (sorted(devices), sorted(children), sorted(closed)), prepare=True):
            (counted if which == 1 else reached).add(unit)
        return counted - {""}, reached - {""}
    if devices:
        counted |= _units_of(conn, "SELECT DISTINCT unit_id FROM handovers WHERE device_id IN ({})", devices)
    if closed:
        children |= _units_of(conn, "SELECT student_id FROM handovers WHERE id IN ({})", closed)
    if children - {""}:
        reached |= _units_of(conn, "SELECT DISTINCT unit_id FROM needs WHERE student_id IN ({})", children)
    return counted - {""}, reached - {""}


def lock_links(conn: Any, rows: dict[tuple[str, str], dict[str, Any]], before: dict[tuple[str, str], Any]) -> None:
    """PostgreSQL: before a merge works out which units to recount (``touched``, and
    ``server.summaries.touched``), a lock on each record that ties a count in one unit to a
    row in another — each device written or handed over (a handover counts its device's kind
    and donor, and the device may be another unit's) and each child whose record, needs or
    handovers were written (a need counts as reached by the child's handovers anywhere). Two
    merges writing linked rows in different units then run one after the other: the second
    finds the first's rows and recounts the units they count in. Taken in one statement, in
    one order, after the merge's row locks and before the units' (no cycle)."""
    if not conn.pg:
        return  # SQLite: one writer at a time
    links: set[str] = set()
    for (table, rid), row in rows.items():
        old = before.get((table, rid))
        for r in (row, old) if old is not None else (row,):
            if table == "devices":
                links.add(f"d:{rid}")
            elif table == "students":
                links.add(f"c:{rid}")
            elif table == "needs":
                links.add(f"c:{r['student_id']}")
            elif table == "handovers":
                links.update((f"c:{r['student_id']}", f"d:{r['device_id']}"))
    links -= {"c:", "d:"}
    if links:
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('songmay.links'), hashtext(k)) "
                     "FROM unnest(CAST(? AS text[])) AS k ORDER BY hashtext(k), k", (sorted(links),))


def lock(conn: Any, units: Iterable[str]) -> None:
    """PostgreSQL: the per-school locks of ``server.summaries.refresh`` (the same keys), for
    every unit a merge recounts, in one order — taken before that module takes its own (a
    lock a transaction holds is taken again at once), so two merges never wait in a cycle."""
    every = sorted({u for u in units if u})
    if not conn.pg or not every:
        return
    conn.execute("SELECT pg_advisory_xact_lock_shared(hashtext('songmay.counts'))")
    conn.execute("SELECT pg_advisory_xact_lock(hashtext('songmay.counts'), hashtext(u)) "
                 "FROM unnest(CAST(? AS text[])) AS u ORDER BY hashtext(u), u", (every,))


def merged(conn: Any, rows: dict[tuple[str, str], dict[str, Any]], before: dict[tuple[str, str], Any],
           need_units: set[str], device_units: set[str]) -> None:
    """``ServerStore.merged``'s part for the public pages: recount the units the rows count in,
    in the merge's transaction, before ``server.summaries.refresh`` (``need_units``,
    ``device_units``: the units that one recounts, locked here too)."""
    counted, reached = touched(conn, rows, before, need_units)
    if not counted and not reached:
        return
    lock(conn, [*counted, *reached, *need_units, *device_units])
    refresh(conn, counted, reached)


def differences(conn: Any) -> list[str]:
    """Where the kept public counts differ from a recount of every record ([]: nowhere)."""
    out = []
    for table, columns, select, _which, _times in TABLES:
        width = len(KEYS[table])
        kept = {tuple(r[:width]): tuple(int(v) for v in r[width:])
                for r in conn.execute(f"SELECT {', '.join(columns)} FROM {table}")}
        fresh = {tuple(r[:width]): tuple(int(v or 0) for v in r[width:]) for r in conn.execute(select("1 = 1"))}
        for key in sorted(set(kept) | set(fresh)):
            if kept.get(key) != fresh.get(key):
                out.append(f"{table} {'/'.join(map(str, key))}: kept {kept.get(key)} counted {fresh.get(key)}")
    return out
