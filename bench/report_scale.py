"""Benchmark: the needs report over 2.2 million students (the national figure of 2021) on
the provincial server's PostgreSQL, and the web console's overview over the same data
(issue 6: <= 5 s; issue 18: the national report <= 2 s and any unit's overview <= 200 ms
from the counts kept as records merge; issue 17: a console page <= 1 s and <= 100 kB for
the largest province).

    .venv/bin/python bench/report_scale.py [--students 2200000] [--schools 40000] [--runs 3]
                                           [--db URL] [--keep] [--explain] [--no-tune]

Setup (timed apart): a PostgreSQL cluster (``tests/helpers/servers.start_postgres``), its
schema from the server's own migrations (``ServerStore.open``), then a national data set
made inside PostgreSQL with ``INSERT … SELECT generate_series`` (a few minutes; ``--db``
reuses a database this bench filled before, ``--keep`` leaves the cluster running and says
where): the 34 provinces and 3,321 communes of ``app.admin`` with a provincial office per
province and a commune office per commune, ``--schools`` schools spread over the communes
(MN 8 %, TH 45 %, THCS 33 %, THPT 11 %, GDTX 3 %; primary and lower secondary schools under
their commune office, the others under the province), ``--students`` children with classes
of their school's level, ethnicity (Kinh 62 %, then Mông, Tày, Thái, Mường, Khmer, Nùng,
Dao…), Vietnamese names with diacritics, households (poor 30 %, near-poor 22 %, other
hardship 13 %, none 35 %), policy families, COVID orphans; a need this school year for
~72 % of them (draft, submitted, verified, approved, fulfilled, rejected, withdrawn) and
for ~15 % last year; a handover for every fulfilled need (3 % of them returned since).
Deterministic: every choice comes from ``hashint8extended`` of the row number.

Then the counts the server keeps as records merge (``server.summaries``: per school, school
year, class and ethnicity) are counted once for the whole data set, timed (a server keeps
them in each merge's transaction; the data set is written past the merge), then
``VACUUM ANALYZE``, and each measure after one warm-up, median of ``--runs``: the
needs report for the whole country as the server makes it (``server.reports.make``: one
read-only snapshot, ``reports.build(source, "needs", None, period, detail=False)``,
breakdown by province and commune; on PostgreSQL its three breakdowns in one GROUPING
SETS query), built alone and built and written to XLSX; the largest province to XLSX; the
national one to PDF (one run); the console's overview (``server.web.console_data.overview``:
the needs figures, the stock and the last contacts, one level of units below) for the
country, the largest province, its largest commune and one of its schools; and the console
page of the largest province fetched from a real ``songmay-server serve`` process over
HTTP after signing in (time and bytes), and the public pages of that province and of the
country from the same process (built, then from its cache). The figures are checked against ``count(*)`` queries.

PostgreSQL settings of this cluster (unless ``--no-tune``): shared_buffers 2GB,
work_mem 64MB, effective_cache_size 8GB, max_parallel_workers_per_gather 2, jit off.

The last line is the national report's time (built; built and written to XLSX), for CI logs
and docs/benchmarks.md; the exit status is 1 when the build is over the target.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import reports  # noqa: E402
from app.admin import communes, provinces  # noqa: E402
from app.errors import SyncError  # noqa: E402
from app.records import school_year_of  # noqa: E402
from app.reports.source import Source  # noqa: E402
from server import public, public_counts, summaries  # noqa: E402
from server import reports as server_reports  # noqa: E402
from server.storage import ServerStore, _Conn  # noqa: E402
from server.web import console_data  # noqa: E402
from tests.helpers.servers import _pg_bin, start_postgres, start_server  # noqa: E402

TARGET_S = 2.0  # the national needs report (issue 18)
OVERVIEW_TARGET_S = 0.2  # any unit's overview
PAGE_TARGET_S, PAGE_TARGET_BYTES = 1.0, 100_000  # a console page
TUNING = {"shared_buffers": "2GB", "work_mem": "64MB", "effective_cache_size": "8GB",
          "max_parallel_workers_per_gather": "2", "jit": "off"}

# value -> weight (percent)
LEVELS = {"MN": 8, "TH": 45, "THCS": 33, "THPT": 11, "GDTX": 3}
ETHNICITIES = {"Kinh": 62, "Mông": 7, "Tày": 5, "Thái": 5, "Mường": 4, "Khmer": 4, "Nùng": 3, "Dao": 3,
               "Gia Rai": 2, "Ê Đê": 1.5, "Ba Na": 1, "Sán Chay": 0.8, "Chăm": 0.7, "Cơ Ho": 0.5,
               "Xơ Đăng": 0.5}
# family names by ethnicity (the rest take Kinh names)
FAMILY = {
    "Kinh": ["Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
             "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"],
    "Mông": ["Giàng", "Sùng", "Vàng", "Thào", "Lý", "Hờ", "Mùa"],
    "Tày": ["Hoàng", "Nông", "Lương", "Ma", "Triệu"],
    "Thái": ["Lò", "Lường", "Quàng", "Cầm", "Hà", "Vi"],
    "Mường": ["Bùi", "Đinh", "Quách", "Hà"],
    "Khmer": ["Thạch", "Danh", "Sơn", "Kim", "Lâm"],
    "Nùng": ["Nông", "Hoàng", "Lý", "Vy"],
    "Dao": ["Triệu", "Bàn", "Đặng", "Lý"],
}
GIVEN = {"M": ["Văn Hùng", "Văn Páo", "Đức Anh", "Minh Khôi", "Gia Huy", "Văn Dính", "Seo Chứ", "Quốc Bảo",
               "Hữu Phước", "A Sử", "Văn Tài", "Thành Đạt"],
         "F": ["Thị Ánh", "Thị Mai", "Ngọc Hân", "Thị Dua", "Bảo Ngọc", "Thị Sua", "Phương Thảo", "Thị Hoa",
               "Khánh Linh", "Thị Mỷ", "Thu Trang", "Thị Sinh"]}
VILLAGES = ["Bản Nậm Cha", "Thôn Pá Khôm", "Bản Hua Pe", "Thôn Làng Mới", "Bản Sin Suối Hồ", "Thôn Đồng Tâm",
            "Ấp Phước Lợi", "Buôn Ea Tiêu", "Làng Kon Jri", "Thôn Trung Tâm", "Bản Pa Ủ", "Xóm Đồi"]
HOUSEHOLDS = {"poor": 30, "near_poor": 22, "other_hardship": 13, "none": 35}
DEVICES = {"tablet": 50, "laptop": 25, "smartphone": 20, "desktop": 5}
DONORS = ["Tập đoàn Viettel", "Tổng công ty VNPT", "Tổng công ty MobiFone", "Quỹ Bảo trợ trẻ em Việt Nam",
          "Ngân hàng Vietcombank", "Ngân hàng BIDV", "Tập đoàn FPT", "Hội Chữ thập đỏ Việt Nam", "Tập đoàn Vingroup",
          "Báo Tuổi Trẻ", "Quỹ Vì người nghèo", "Ông Nguyễn Văn An"]
STATUSES = {"draft": 5, "submitted": 14, "verified": 14, "approved": 34, "fulfilled": 28, "rejected": 3,
            "withdrawn": 2}


def u(seed: int, key: str = "g") -> str:
    """A uniform number in [0, 1) from the row number ``key`` (deterministic)."""
    return f"((hashint8extended({key}, {seed}) & 1048575) / 1048576.0)"


def q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def pick(weights: dict[str, float], r: str) -> str:
    """A CASE choosing a key of ``weights`` by the uniform number ``r``."""
    total = sum(weights.values())
    acc, parts = 0.0, []
    items = list(weights.items())
    for value, wt in items[:-1]:
        acc += wt / total
        parts.append(f"WHEN {r} < {acc:.6f} THEN {q(value)}")
    return f"(CASE {' '.join(parts)} ELSE {q(items[-1][0])} END)"


def element(values: list[str], r: str) -> str:
    return f"(ARRAY[{', '.join(q(v) for v in values)}])[1 + floor({r} * {len(values)})::int]"


# ------------------------------------------------------------------ the data set
def fill(conn, students: int, schools: int, year: str, last_year: str, log) -> None:
    def run(label: str, sql: str, **params) -> None:
        t = time.perf_counter()
        n = conn.execute(text(sql), params).rowcount
        log(f"  {label}: {n:,} rows in {time.perf_counter() - t:.1f} s")

    conn.execute(text("CREATE TEMP TABLE b_communes (n int PRIMARY KEY, code text, province_code text, "
                      "name text)"))
    conn.execute(text("INSERT INTO b_communes VALUES (:n, :code, :p, :name)"),
                 [{"n": i, "code": c.code, "p": c.province_code, "name": c.name}
                  for i, c in enumerate(sorted(communes(), key=lambda c: c.code))])
    n_communes = len(communes())
    run("provincial offices", """
        INSERT INTO units (id, unit_id, code, name, kind, province_code, _inst, _ctr, _vv)
        SELECT md5('p' || code)::uuid::text, md5('p' || code)::uuid::text, 'SGD' || code,
               'Sở GD&ĐT ' || name, 'province', code, 'bench', 1, '{}'
        FROM (SELECT unnest(CAST(:codes AS text[])) AS code, unnest(CAST(:names AS text[])) AS name) p""",
        codes=[p.code for p in provinces()], names=[p.name for p in provinces()])
    run("commune offices", """
        INSERT INTO units (id, unit_id, code, name, kind, commune_code, province_code, _inst, _ctr, _vv)
        SELECT md5('c' || code)::uuid::text, md5('c' || code)::uuid::text, 'UBND' || code, 'UBND ' || name,
               'commune', code, province_code, 'bench', 1, '{}' FROM b_communes""")
    level = pick(LEVELS, u(1))
    # schools are spread unevenly: a commune's share grows with a skewed draw
    run("schools", f"""
        INSERT INTO units (id, unit_id, code, name, kind, level, commune_code, province_code, parent_id,
                           coverage, _inst, _ctr, _vv)
        SELECT md5('s' || g)::uuid::text, md5('s' || g)::uuid::text, 'TR' || lpad(g::text, 6, '0'),
               CASE lv WHEN 'MN' THEN 'Trường Mầm non ' WHEN 'TH' THEN 'Trường Tiểu học '
                       WHEN 'THCS' THEN 'Trường THCS ' WHEN 'THPT' THEN 'Trường THPT '
                       ELSE 'Trung tâm GDTX ' END || c.name || ' số ' || g,
               'school', lv, c.code, c.province_code,
               CASE WHEN lv IN ('MN', 'TH', 'THCS') THEN md5('c' || c.code)::uuid::text
                    ELSE md5('p' || c.province_code)::uuid::text END,
               {element(["none", "2G", "3G", "4G", "4G"], u(3))}, 'bench', 1, '{{}}'
        FROM (SELECT g, {level} AS lv,
                     floor(power({u(2)}, 1.15) * {n_communes})::int AS cn
              FROM generate_series(1, {schools}) g) s
        JOIN b_communes c ON c.n = s.cn""")
    conn.execute(text("CREATE TEMP TABLE b_schools AS SELECT row_number() OVER (ORDER BY code) - 1 AS n, id, "
                      "level FROM units WHERE kind = 'school'"))
    conn.execute(text("ALTER TABLE b_schools ADD PRIMARY KEY (n)"))
    n_schools = conn.execute(text("SELECT count(*) FROM b_schools")).scalar()
    eth = pick(ETHNICITIES, u(11))
    sex = f"CASE WHEN {u(12)} < 0.51 THEN 'M' ELSE 'F' END"
    family = "CASE " + " ".join(f"WHEN eth = {q(k)} THEN {element(v, u(13))}" for k, v in FAMILY.items() if
                                k != "Kinh") + f" ELSE {element(FAMILY['Kinh'], u(13))} END"
    given = f"CASE WHEN sex = 'M' THEN {element(GIVEN['M'], u(14))} ELSE {element(GIVEN['F'], u(14))} END"
    # the grade follows the school's level; the birth year follows the grade
    grade = ("CASE b.level WHEN 'MN' THEN 0 WHEN 'TH' THEN 1 + floor({r} * 5)::int "
             "WHEN 'THCS' THEN 6 + floor({r} * 4)::int ELSE 10 + floor({r} * 3)::int END").format(r=u(15))
    start = int(year[:4])
    household = pick(HOUSEHOLDS, u(16))
    run("students", f"""
        INSERT INTO students (id, unit_id, full_name, birth_date, sex, personal_id, ethnicity, class_name,
                              school_year, guardian_name, guardian_relation, guardian_phone, village, household,
                              policy_family, poverty_cert_no, covid_orphan, covid_hardship, _inst, _ctr, _vv)
        SELECT md5('st' || g)::uuid::text, unit, family || ' ' || given, born::text, sex,
               lpad((1 + floor({u(17)} * 96))::int::text, 3, '0')
                 || CASE WHEN sex = 'M' THEN '2' ELSE '3' END
                 || to_char(born, 'YY') || lpad((g % 1000000)::text, 6, '0'),
               eth, CASE WHEN grade = 0 THEN {element(["Mầm", "Chồi", "Lá"], u(18))}
                         ELSE grade || chr(65 + floor({u(18)} * 4)::int) END,
               :year, family || ' ' || {element(GIVEN['M'] + GIVEN['F'], u(19))},
               {element(["Bố", "Mẹ", "Ông", "Bà"], u(20))}, '09' || lpad((g % 100000000)::text, 8, '0'),
               {element(VILLAGES, u(21))}, hh,
               CASE WHEN {u(22)} < 0.08 THEN 1 ELSE 0 END,
               CASE WHEN hh IN ('poor', 'near_poor') THEN 'GCN-' || g ELSE '' END,
               CASE WHEN {u(23)} < 0.004 THEN 1 ELSE 0 END, CASE WHEN {u(24)} < 0.01 THEN 1 ELSE 0 END,
               'bench', g, '{{}}'
        FROM (SELECT g, eth, sex, {family} AS family, {given} AS given, hh, grade, unit,
                     make_date({start} - 5 - grade + CASE WHEN grade = 0 THEN 1 ELSE 0 END,
                               1 + floor({u(25)} * 12)::int, 1 + floor({u(26)} * 28)::int) AS born
              FROM (SELECT x0.*, b.id AS unit, {grade} AS grade
                    FROM (SELECT g, {eth} AS eth, {sex} AS sex, {household} AS hh,
                                 floor({u(10)} * {n_schools})::int AS b_n FROM generate_series(1, {students}) g) x0
                    JOIN b_schools b ON b.n = x0.b_n) x1) x""", year=year)
    tier = ("CASE WHEN s.household = 'poor' THEN 1 WHEN s.household = 'near_poor' THEN 2 "
            "WHEN s.covid_orphan = 1 OR s.covid_hardship = 1 THEN 3 "
            "WHEN s.household = 'other_hardship' THEN 4 ELSE NULL END")
    for label, yr, share, seed in (("needs this year", year, 0.72, 30), ("needs last year", last_year, 0.15, 40)):
        g = "s._ctr"
        run(label, f"""
            INSERT INTO needs (id, unit_id, student_id, school_year, current_device, home_internet,
                               device_requested, needs_sim, priority_tier, priority_rank, status, history,
                               _inst, _ctr, _vv)
            SELECT md5('n{seed}' || s.id)::uuid::text, s.unit_id, s.id, :yr,
                   {element(["none", "none", "shared", "basic_phone"], u(seed + 1, g))},
                   {element(["none", "none", "mobile", "fixed"], u(seed + 2, g))},
                   {pick(DEVICES, u(seed + 3, g))}, CASE WHEN {u(seed + 4, g)} < 0.4 THEN 1 ELSE 0 END,
                   {tier}, ({tier}) * 2 - s.policy_family, {pick(STATUSES, u(seed + 5, g))}, '[]',
                   'bench', s._ctr, '{{}}'
            FROM students s WHERE {u(seed, g)} < {share}""", yr=yr)
    run("handovers", f"""
        INSERT INTO handovers (id, unit_id, event, minute_no, date, place, giver_unit, student_id, need_id,
                               guardian_name, guardian_relation, device_id, condition, signed_paper, _inst, _ctr, _vv)
        SELECT md5('h' || n.id)::uuid::text, n.unit_id, 'handed_over', 'BB-' || s._ctr,
               make_date({start}, 9 + floor({u(50, 's._ctr')} * 3)::int, 1 + floor({u(51, 's._ctr')} * 28)::int)::text,
               'Điểm trường chính', n.unit_id, n.student_id, n.id, s.guardian_name, s.guardian_relation,
               md5('d' || n.id)::uuid::text, 'new', 1, 'bench', s._ctr, '{{}}'
        FROM needs n JOIN students s ON s.id = n.student_id
        WHERE n.status = 'fulfilled' AND n.school_year = :yr""", yr=year)
    run("handovers returned", f"""
        INSERT INTO handovers (id, unit_id, event, date, student_id, need_id, device_id, refers_to, condition,
                               _inst, _ctr, _vv)
        SELECT md5('r' || h.id)::uuid::text, h.unit_id, 'returned', h.date, h.student_id, h.need_id, h.device_id,
               h.id, 'used_good', 'bench', h._ctr, '{{}}'
        FROM handovers h WHERE h.event = 'handed_over' AND {u(52, 'h._ctr')} < 0.03""")
    # what the public pages show beside the children: the devices handed over (a school's
    # donor for 70 % of them, another for the rest), donations to a school (30 % of them) and
    # to each provincial office, and a village without signal for each school without it
    school_donor = element(DONORS, u(60, "hashtext(h.unit_id)::bigint"))
    run("devices handed over", f"""
        INSERT INTO devices (id, unit_id, kind, brand_model, serial, value_vnd, condition, meets_spec, donor,
                             received_date, status, _inst, _ctr, _vv)
        SELECT h.device_id, h.unit_id, n.device_requested, 'Samsung Galaxy Tab A8', 'SN' || h._ctr,
               2500000 + floor({u(61, 'h._ctr')} * 8)::int * 500000, 'new', 'meets',
               CASE WHEN {u(62, 'h._ctr')} < 0.7 THEN {school_donor} ELSE {element(DONORS, u(63, 'h._ctr'))} END,
               make_date({start}, 8, 1 + floor({u(64, 'h._ctr')} * 28)::int)::text, 'handed_over', 'bench',
               h._ctr, '{{}}'
        FROM handovers h JOIN needs n ON n.id = h.need_id WHERE h.event = 'handed_over'""")
    run("donations to schools", f"""
        INSERT INTO donations (id, unit_id, donor_name, donor_kind, cash_vnd, devices, received_date, receipt_no,
                               inspection, _inst, _ctr, _vv)
        SELECT md5('dn' || b.n)::uuid::text, b.id, {element(DONORS, u(65, 'b.n'))}, 'enterprise',
               CASE WHEN {u(66, 'b.n')} < 0.5 THEN 0 ELSE floor({u(67, 'b.n')} * 50)::int * 1000000 END,
               '{{"tablet": ' || (1 + floor({u(68, 'b.n')} * 20)::int) || '}}',
               make_date({start}, 8, 1 + floor({u(69, 'b.n')} * 28)::int)::text, 'BN-' || b.n, 'passed', 'bench', b.n,
               '{{}}'
        FROM b_schools b WHERE {u(70, 'b.n')} < 0.3""")
    run("donations to the provinces", f"""
        INSERT INTO donations (id, unit_id, donor_name, donor_kind, cash_vnd, devices, received_date, receipt_no,
                               inspection, _inst, _ctr, _vv)
        SELECT md5('dp' || p.id || k)::uuid::text, p.id, (CAST(:donors AS text[]))[k], 'organisation',
               (1 + floor({u(71, 'k * 100 + length(p.code)')} * 20)::int) * 100000000, '{{}}',
               make_date({start}, 7 + k % 3, k)::text, 'SGD-' || k, 'passed', 'bench', k, '{{}}'
        FROM units p, generate_series(1, {len(DONORS)}) k WHERE p.kind = 'province'""", donors=DONORS)
    run("villages without signal", f"""
        INSERT INTO coverage_gaps (id, unit_id, village, commune_code, school_ids, status, covered_on,
                                   _inst, _ctr, _vv)
        SELECT md5('gap' || u.id)::uuid::text, u.id, 'Bản ' || right(u.code, 4), u.commune_code,
               '["' || u.id || '"]',
               CASE WHEN right(u.code, 1) IN ('0', '1', '2') THEN 'covered' ELSE 'uncovered' END,
               CASE WHEN right(u.code, 1) IN ('0', '1', '2') THEN make_date({start}, 10, 1)::text ELSE '' END,
               'bench', 1, '{{}}'
        FROM units u WHERE u.kind = 'school' AND u.coverage = 'none'""")


# ------------------------------------------------------------------ PostgreSQL
def tune(pg) -> None:
    with psycopg.connect(pg.url, autocommit=True) as conn:
        for k, v in TUNING.items():
            conn.execute(f"ALTER SYSTEM SET {k} = '{v}'")
    pg.pause()  # a restart (pg_ctl stop -m fast, start with the same options): the settings take effect
    pg.resume()


def settings(url: str) -> str:
    names = ["shared_buffers", "work_mem", "effective_cache_size", "max_parallel_workers_per_gather", "jit"]
    with psycopg.connect(url) as conn:
        got = conn.execute("SELECT name, setting, unit FROM pg_settings WHERE name = ANY(%s)", (names,)).fetchall()
        version = conn.execute("SHOW server_version").fetchone()[0]
    by = {n: f"{s}{' x ' + unit if unit and unit not in ('', None) else ''}" for n, s, unit in got}
    return f"PostgreSQL {version}; " + ", ".join(f"{n}={by.get(n)}" for n in names)


HZ = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().rsplit(")", 1)[1].split()


def postmaster(url: str) -> int | None:
    """The PostgreSQL server's main process, when it runs on this machine."""
    with psycopg.connect(url) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    try:
        return int(_stat(backend)[1])
    except OSError:
        return None


def cpu_seconds(pm: int | None) -> float:
    """CPU seconds used so far by this process and by PostgreSQL: its live processes, and
    the parallel workers and backends that have exited (the postmaster's children's time).
    Unlike wall time, hardly changed by other work on the machine."""
    mine = sum(os.times()[:2])
    if pm is None:
        return mine
    total = 0.0
    st = _stat(pm)
    total += (int(st[11]) + int(st[12]) + int(st[13]) + int(st[14])) / HZ
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                st = _stat(int(entry.name))
            except OSError:
                continue
            if int(st[1]) == pm:
                total += (int(st[11]) + int(st[12])) / HZ
    return mine + total


def timed(fn, runs: int, pm: int | None = None) -> tuple[float, list[float], object, float]:
    """(median wall seconds, each run's, the last result, median CPU seconds)."""
    fn()  # warm-up
    times, cpus, out = [], [], None
    for _ in range(runs):
        c, t = cpu_seconds(pm), time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
        cpus.append(cpu_seconds(pm) - c)
    return statistics.median(times), times, out, statistics.median(cpus)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--students", type=int, default=2_200_000)
    ap.add_argument("--schools", type=int, default=40_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--db", default="", help="a database this bench filled before (skips the setup)")
    ap.add_argument("--keep", action="store_true", help="leave the PostgreSQL cluster running")
    ap.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the national queries")
    ap.add_argument("--no-tune", action="store_true", help="PostgreSQL's default settings")
    args = ap.parse_args()

    def log(msg: str) -> None:
        print(msg, flush=True)

    pg = None
    url = args.db
    period = reports.default_period("needs")
    year = school_year_of(period.end)
    last_year = f"{int(year[:4]) - 1}-{year[:4]}"
    if not url:
        pg = start_postgres()
        if not args.no_tune:
            tune(pg)
        url = pg.create_database("report_scale")
        t0 = time.perf_counter()
        store = ServerStore.open(url)
        log(f"data set ({args.students:,} students, {args.schools:,} schools, school year {year}):")
        with store.engine.begin() as conn:
            fill(conn, args.students, args.schools, year, last_year, log)
        with store.engine.begin() as conn:
            t = time.perf_counter()
            summaries.refresh(_Conn(conn), None, None)
            kept = conn.execute(text("SELECT count(*) FROM need_counts")).scalar()
            log(f"  counts kept (need_counts per school, year, class and ethnicity: {kept:,} rows; the others) "
                f"in {time.perf_counter() - t:.1f} s")
            t = time.perf_counter()
            public_counts.refresh(_Conn(conn), None, None)  # again, alone: timed
            kept = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                    for t in ("public_counts", "public_donors", "public_reached")]
            log(f"  the public pages' counts (public_counts, public_donors, public_reached): "
                f"{', '.join(f'{n:,}' for n in kept)} rows in {time.perf_counter() - t:.1f} s")
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            t = time.perf_counter()
            conn.execute(text("VACUUM ANALYZE"))
            log(f"  VACUUM ANALYZE in {time.perf_counter() - t:.1f} s")
        log(f"setup: {time.perf_counter() - t0:.0f} s")
    else:
        store = ServerStore.open(url)
    try:
        log(settings(url))
        log(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        with store.engine.connect() as conn:
            count = lambda sql: conn.execute(text(sql), {"y": year}).scalar()  # noqa: E731
            n_students = count("SELECT count(*) FROM students WHERE _deleted = 0")
            in_need = count("SELECT count(*) FROM needs WHERE school_year = :y AND _deleted = 0 AND status IN "
                            "('submitted', 'verified', 'approved', 'fulfilled')")
            all_needs = count("SELECT count(*) FROM needs")
            handovers = count("SELECT count(*) FROM handovers")
            units = count("SELECT count(*) FROM units")
            big = conn.execute(text("SELECT u.province_code, count(*) FROM students s JOIN units u "
                                    "ON u.id = s.unit_id GROUP BY 1 ORDER BY 2 DESC LIMIT 1")).first()
            size = conn.execute(text("SELECT pg_size_pretty(pg_database_size(current_database()))")).scalar()
        log(f"data: {n_students:,} students, {all_needs:,} needs ({in_need:,} in need in {year}), "
            f"{handovers:,} handovers, {units:,} units; database {size}")
        out = Path(tempfile.mkdtemp(prefix="songmay-report-scale-"))

        def national(fmt: str = "xlsx"):
            data = server_reports.make(store, "needs", None, period, detail=None)
            reports.write(data, out / f"national.{fmt}")
            return data

        def build_only():
            return server_reports.make(store, "needs", None, period, detail=None)

        if args.explain:
            explain(store, period)
        pm = postmaster(url)
        med_b, times_b, data, cpu_b = timed(build_only, args.runs, pm)
        assert data.figures["in_need"] == in_need, (data.figures["in_need"], in_need)
        rows = len(data.tables[0].rows)
        log(f"national build (SQL and tables): median {med_b:.2f} s ({', '.join(f'{t:.2f}' for t in times_b)}), "
            f"{cpu_b:.1f} CPU s; {rows:,} rows (provinces and communes), in need {data.figures['in_need']:,}")
        med_n, times_n, _, cpu_n = timed(national, args.runs, pm)
        log(f"national build + XLSX: median {med_n:.2f} s ({', '.join(f'{t:.2f}' for t in times_n)}), "
            f"{cpu_n:.1f} CPU s")
        t = time.perf_counter()
        national("pdf")
        pdf_s = time.perf_counter() - t
        with server_reports.source(store.engine) as src:
            prov = reports.find_unit(src, big[0])
        med_p, times_p, _, cpu_p = timed(lambda: reports.write(
            server_reports.make(store, "needs", big[0], period, detail=None), out / "province.xlsx"), args.runs, pm)
        pdata = server_reports.make(store, "needs", big[0], period, detail=None)
        with store.engine.connect() as conn:
            p_need = conn.execute(text(
                "SELECT count(*) FROM needs n JOIN units u ON u.id = n.unit_id JOIN students s ON s.id = n.student_id "
                "WHERE u.province_code = :p AND n.school_year = :y AND n._deleted = 0 AND s._deleted = 0 AND n.status "
                "IN ('submitted', 'verified', 'approved', 'fulfilled')"), {"p": big[0], "y": year}).scalar()
        assert pdata.figures["in_need"] == p_need, (pdata.figures["in_need"], p_need)
        log(f"province {prov['name']} ({big[1]:,} students, {p_need:,} in need, "
            f"{len(pdata.tables[0].rows):,} rows): median {med_p:.2f} s "
            f"({', '.join(f'{t:.2f}' for t in times_p)}), {cpu_p:.1f} CPU s, to XLSX")
        log(f"national to PDF ({(out / 'national.pdf').stat().st_size // 1024:,} KB): {pdf_s:.2f} s (one run)")
        worst_overview = overviews(store, big[0], period, args.runs, pm, log)
        worst_public = public_pages(store, big[0], args.runs, pm, log)
        page_s, page_bytes = console_page(store, url, big[0], args.runs, log)
        log(f"files in {out}")
        log(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        log(f"national needs report over {n_students:,} students ({in_need:,} in need): median {med_b:.2f} s to "
            f"build, {med_n:.2f} s to XLSX ({', '.join(f'{t:.2f}' for t in times_n)}) (target <= {TARGET_S:.0f} s); "
            f"slowest overview {worst_overview * 1000:.0f} ms (target <= {OVERVIEW_TARGET_S * 1000:.0f} ms); "
            f"slowest public page's figures {worst_public * 1000:.0f} ms; "
            f"province console page {page_s:.2f} s, {page_bytes / 1000:.1f} kB "
            f"(targets <= {PAGE_TARGET_S:.0f} s, <= {PAGE_TARGET_BYTES / 1000:.0f} kB)")
    finally:
        store.close()
        if pg is not None and args.keep:
            as_postgres = "runuser -u postgres -- " if os.geteuid() == 0 else ""  # as start_postgres runs it
            print(f"kept: {url}  (stop: {as_postgres}{_pg_bin('pg_ctl')} -D {pg.folder / 'data'} stop)",
                  file=sys.stderr)
        elif pg is not None:
            pg.stop()
    within = (med_b <= TARGET_S and worst_overview <= OVERVIEW_TARGET_S and page_s <= PAGE_TARGET_S
              and page_bytes <= PAGE_TARGET_BYTES)
    return 0 if within else 1


def overviews(store, province: str, period, runs: int, pm: int | None, log) -> float:
    """The console's overview (figures, stock, contacts) of the country, the province, its
    largest commune and one of that commune's schools: the slowest median, in seconds."""
    commune, school = _largest_commune_and_school(store, province)
    account = {"name": "bench", "role": "province", "unit_code": ""}
    worst = 0.0
    for what, code in (("country", ""), ("province", province), ("commune", commune), ("school", school)):
        med, times, ov, cpu = timed(lambda c=code: console_data.overview(store, account, c, period), runs, pm)
        worst = max(worst, med)
        log(f"overview of the {what} {code or ''} ({len(ov.lines):,} rows, {ov.total.in_need:,} in need): "
            f"median {med * 1000:.0f} ms ({', '.join(f'{t * 1000:.0f}' for t in times)}), {cpu * 1000:.0f} CPU ms")
    return worst


def _largest_commune_and_school(store, province: str) -> tuple[str, str]:
    with store.engine.connect() as conn:
        commune = conn.execute(text(
            "SELECT u.commune_code FROM students s JOIN units u ON u.id = s.unit_id WHERE u.province_code = :p "
            "AND u.commune_code <> '' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"), {"p": province}).scalar()
        school = conn.execute(text(
            "SELECT u.code FROM units u WHERE u.commune_code = :c AND u.kind = 'school' ORDER BY u.code LIMIT 1"),
            {"c": commune}).scalar()
    return commune, school


def public_pages(store, province: str, runs: int, pm: int | None, log) -> float:
    """The public pages' figures (``server.public.build``: uncached, as a page's first visitor
    waits for them) of the country, the largest province, its largest commune and one of its
    schools, from the kept counts: median wall time, and the part spent in SQL; each but the
    country's checked equal to the same page counted over the records (the country's took a
    minute). The slowest median, in seconds."""
    commune, school = _largest_commune_and_school(store, province)
    spent = [0.0]
    kept_counts = [True]

    @contextlib.contextmanager
    def measured(engine):
        with server_reports.source(engine) as src:
            def run(sql, params):
                t = time.perf_counter()
                try:
                    return src.rows(sql, params)
                finally:
                    spent[0] += time.perf_counter() - t
            yield Source(run, grouping_sets=src.grouping_sets, turn=src.turn, summaries=kept_counts[0])

    public.report_source = measured  # this process only: the bench's own build
    today = dt.date.today()
    worst = 0.0
    for what, level, code in (("country", "", ""), ("province", "province", province),
                              ("commune", "commune", commune), ("school", "school", school)):
        walls, sqls = [], []
        for _ in range(runs + 1):  # the first: a warm-up
            spent[0] = 0.0
            t = time.perf_counter()
            data = public.build(store.engine, level, code, today)
            walls.append(time.perf_counter() - t)
            sqls.append(spent[0])
        med, sql = statistics.median(walls[1:]), statistics.median(sqls[1:])
        worst = max(worst, med)
        s = data["summary"]
        same = ""
        if level:
            kept_counts[0] = False
            t = time.perf_counter()
            counted = public.build(store.engine, level, code, today)
            kept_counts[0] = True
            assert counted == data, (what, code)
            same = f"; equal to the page counted over the records ({time.perf_counter() - t:.2f} s)"
        log(f"public page's figures of the {what} {code} ({len(data['units']):,} units listed, "
            f"{s['children_in_need']:,} in need, {s['children_reached']:,} reached, {s['devices_handed']:,} "
            f"handed over, {s['donations']:,} donations): median {med * 1000:.0f} ms "
            f"({', '.join(f'{t * 1000:.0f}' for t in walls[1:])}), of which SQL {sql * 1000:.0f} ms{same}")
    public.report_source = server_reports.source
    return worst


def console_page(store, url: str, province: str, runs: int, log) -> tuple[float, int]:
    """The console page of ``province`` from a real server process, signed in: (median
    seconds of the GET, bytes of the page)."""
    with contextlib.suppress(SyncError):  # made by an earlier run on this database
        store.add_account("bench", "province", "bench-password-2026")
    srv = start_server(url)
    try:
        web = requests.Session()
        form = web.get(srv.url + "/console/sign-in", timeout=30).text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        signed = web.post(srv.url + "/console/sign-in", data={"csrf": csrf, "name": "bench",
                                                                "password": "bench-password-2026", "next": ""},
                          timeout=30)
        signed.raise_for_status()
        times, size = [], 0
        for _ in range(runs + 1):
            t = time.perf_counter()
            page = web.get(f"{srv.url}/console/unit/{province}", timeout=60)
            times.append(time.perf_counter() - t)
            page.raise_for_status()
            size = len(page.content)
        med = statistics.median(times[1:])
        log(f"console page of the province {province}: median {med:.2f} s "
            f"({', '.join(f'{t:.2f}' for t in times[1:])}), {size / 1000:.1f} kB")
        for path in (f"/cong-khai/tinh/{province}/", "/cong-khai/"):  # the public pages: first (built), then cached
            times = []
            for _ in range(2):
                t = time.perf_counter()
                page = requests.get(srv.url + path, timeout=120)
                times.append(time.perf_counter() - t)
                page.raise_for_status()
            log(f"public page {path}: {times[0]:.2f} s built, {times[1]:.3f} s cached, "
                f"{len(page.content) / 1000:.1f} kB")
        return med, size
    finally:
        srv.stop()


def explain(store, period) -> None:
    """EXPLAIN ANALYZE of every query the national needs report runs."""
    seen: list[tuple[str, dict]] = []
    with server_reports.source(store.engine) as src:
        recording = Source(lambda sql, p: (seen.append((sql, p)), src.rows(sql, p))[1],
                           grouping_sets=src.grouping_sets, turn=src.turn, summaries=src.summaries)
        server_reports.build(recording, "needs", None, period)
    with store.engine.connect() as conn:
        for sql, p in seen:
            print("-" * 100)
            print(sql)
            for (line,) in conn.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql), p):
                print(line)


if __name__ == "__main__":
    raise SystemExit(main())
