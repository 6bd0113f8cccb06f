"""Benchmark: 600 devices syncing at once, 50 records each, against PostgreSQL (issue 4;
target: all accepted, <= 20 s).

    .venv/bin/python bench/server_load.py [--devices 600] [--records 50] [--concurrency 600]
                                          [--api 2|1] [--push-only] [--diagnose] [--profile] [--json FILE]

Setup (timed apart): a PostgreSQL cluster (``tests/helpers/servers.start_postgres``), the
server (``songmay-server serve`` on 127.0.0.1 over it), then per device a real installation:
a copy of one empty template store (a copied file gets its own instance id), its own school
(``set_unit``), demo data (``app.demo.generate``, seed = device number) topped up with
students to exactly ``--records`` records, a one-time code (``ServerStore.issue_code``, what
the admin API and ``songmay-server enrol`` call), ``sync.client.enrol`` over HTTP, and its
push batch encoded from its own store (``changes_since`` + ``iter_batches``, what
``sync.client`` sends to a server that has nothing of the school yet: with ``--api 2`` in the
layout and codec ``sync.session`` picks on a fast link for a server of API 2).

The storm: one thread per device, all released at once; each does what ``sync.client.sync``
does on the wire with a fresh ``sync.client.Client`` (its own session and TCP connection).
``--api 2`` (the default; what the devices do since API 2, ``sync.session._exchange``): one
request, ``POST /api/v2/sync``, with the hello (its summary, ``since``: what it was last told
the server holds, the layouts and codecs it reads) and its first batch, the answer holding
the batch's acknowledgement and the pull; any further batch is pushed on its own.
``--api 1`` (as devices did before): hello (its summary; ``--push-only`` skips it), then the
push of its batch. Latency per device is from the common start to its acknowledgement; the
storm's wall time from the common start to the last sync's end (the seconds the bench takes
to start its 600 threads and their clients before it are shown apart).
Afterwards every acknowledgement is checked (complete, nothing rejected), recorded in the
device's store as the client does (``pending`` must be 0), and ``songmay-server status
--json`` must count devices x records records and nothing quarantined. CPU seconds of the
bench process (the devices), of the server and of PostgreSQL during the storm are shown, and
PostgreSQL's backends are sampled every 50 ms (``pg_stat_activity``: what the active ones
wait on). ``--profile`` also runs ``py-spy`` on the server (``py-spy`` on PATH or installed
with ``pip install py-spy``); ``--diagnose`` then times the server's parts of one sync in
this process on the full database (``ServerStore`` methods, SQL share and statements of one
new school's push).

The last line is the wall time of the storm, for CI logs and docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures as cf
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import changes, sync_state  # noqa: E402
from app.demo import generate  # noqa: E402
from app.errors import SyncError  # noqa: E402
from app.records import Student, Unit  # noqa: E402
from app.store import Store  # noqa: E402
from app.validate import century_sex_digit  # noqa: E402
from server import storage  # noqa: E402
from server.storage import ServerStore  # noqa: E402
from sync import client  # noqa: E402
from sync.protocol import CODECS, FORMATS, PROTOCOL_VERSION, ZLIB, iter_batches, read_batch  # noqa: E402
from tests.helpers.servers import server_cli, start_postgres, start_server  # noqa: E402

TARGET_S = 20.0
HZ = os.sysconf("SC_CLK_TCK")
FAMILY = ["Lò", "Lường", "Quàng", "Giàng", "Vàng", "Thào", "Sùng", "Đặng", "Nguyễn", "Hoàng"]
GIVEN = {"M": ["Văn Páo", "A Dính", "Seo Chứ", "Văn Bình", "Đức Anh"],
         "F": ["Thị Ánh", "Thị Mai", "Thị Dua", "Thị Sua", "Thị Hoa"]}


# ------------------------------------------------------------------ setup (worker processes)
_W: dict = {}


def _worker_init(db: str, url: str, template: str) -> None:
    _W.update(server=ServerStore.open(db, upgrade=False), url=url, template=template)


def make_device(i: int, folder: str, records: int, api: int = 2) -> dict:
    """One enrolled installation of its own school holding exactly ``records`` records."""
    shutil.copytree(_W["template"], folder)
    code = f"LD{i:04d}"
    with Store.open(folder, verify=False) as store:
        store.set_unit(Unit(code=code, name=f"Trường PTDTBT TH số {i} Nậm Cha", level="TH",
                            commune_code="03388"), "bench")
        generate(store, students=12, seed=i + 1)
        have = store.pending_changes("server")
        if have > records:
            raise RuntimeError(f"device {i}: the demo made {have} records, more than {records}")
        for j in range(records - have):  # top up with students
            sex = "MF"[j % 2]
            year = 2014 + j % 5
            store.save(Student(unit_id=store.unit_id, full_name=f"{FAMILY[(i + j) % 10]} {GIVEN[sex][j % 5]}",
                               birth_date=f"{year}-0{1 + j % 9}-1{j % 9}", sex=sex, class_name=f"{2025 - 6 - year}A",
                               household="poor", school_year="2025-2026", village="Bản Nậm Cha",
                               personal_id=f"011{century_sex_digit(year, sex)}{year % 100:02d}"
                                           f"{900000 + i * 100 + j:06d}"), "bench")
        assert store.pending_changes("server") == records
        unit = store.unit()
        _W["server"].add_unit(code, unit.name, level=unit.level, commune_code=unit.commune_code, actor="bench")
        pw, _ = _W["server"].issue_code(code, created_by="bench")
        e = client.enrol(store, _W["url"], pw)
        presumed = changes.remote_summary(store, sync_state.SERVER)
        # API 2: what ``sync.session`` sends a server of API 2 on a fast link (layout 2, zlib)
        enc = {"fmt": max(FORMATS), "codec": ZLIB} if api == 2 else {}
        batches = list(iter_batches((ch for b in changes.changes_since(store, presumed, writer=store.instance_id,
                                                                       limit_bytes=client.BATCH_BYTES * 4)
                                     for ch in b), client.BATCH_BYTES, **enc))
        return {"i": i, "folder": folder, "token": e.token, "device": e.device_id, "presumed": presumed,
                "summary": changes.summary(store, e.scope), "conflicts": changes.conflicts_to_report(store),
                "batches": batches}


def acknowledge(folder: str, summary: dict) -> int:
    """What ``sync.client`` does with the last acknowledgement; returns pending after it."""
    with Store.open(folder, verify=False) as store:
        changes.mark_acknowledged(store, "server", {k: int(v) for k, v in summary.items()})
        return store.pending_changes("server")


# ------------------------------------------------------------------ measuring aids
def cpu_seconds(pids: list[int], children_of: int | None = None) -> float:
    """utime+stime of ``pids`` (+ reaped children's, for the postmaster) and of the
    live children of ``children_of``."""
    total = 0.0
    want = set(pids)
    if children_of:
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    st = open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(st[1]) == children_of:
                    want.add(int(d))
    for pid in want:
        try:
            st = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(st[11]) + int(st[12])) / HZ  # utime, stime
        if pid == children_of:
            total += (int(st[13]) + int(st[14])) / HZ  # cutime, cstime
    return total


class PgSampler:
    """Samples pg_stat_activity: per sample, what each active client backend waits on."""

    def __init__(self, url: str, period: float = 0.05):
        self.url, self.period = url, period
        self.counts: collections.Counter = collections.Counter()
        self.samples = 0
        self.max_active = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            me = conn.info.backend_pid
            while not self._stop.is_set():
                rows = conn.execute(
                    "SELECT state, coalesce(wait_event_type, 'CPU'), coalesce(wait_event, '-') FROM pg_stat_activity"
                    " WHERE backend_type='client backend' AND pid<>%s AND datname=current_database()",
                    (me,)).fetchall()
                active = 0
                for state, wtype, wev in rows:
                    if state == "active":
                        active += 1
                        self.counts[f"{wtype}:{wev}"] += 1
                    elif state == "idle in transaction":
                        self.counts["idle in transaction (server's Python)"] += 1
                self.max_active = max(self.max_active, active)
                self.samples += 1
                time.sleep(self.period)

    def start(self) -> PgSampler:
        self._t.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._t.join(5)


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))]


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


# ------------------------------------------------------------------ the storm
def storm(url: str, devices: list[dict], concurrency: int, push_only: bool, api: int = 2
          ) -> tuple[list[dict], float, float]:
    """Each device's timings, the seconds from the common start until the last sync ended
    (the storm's wall time), and the seconds it took to start the threads and their clients
    before it (not the server's)."""
    go = threading.Event()
    ready = threading.Semaphore(0)
    results: list[dict] = [{} for _ in devices]
    t0 = [0.0]

    def one(n: int, d: dict) -> None:
        c = client.Client(url, d["token"])
        r = results[n]
        ready.release()
        go.wait()
        try:
            rest = d["batches"]
            if api == 2:  # hello and the first batch in one request (``sync.session._exchange``)
                hello = {"protocol": PROTOCOL_VERSION, "summary": d["summary"], "batch_bytes": client.BATCH_BYTES,
                         "conflicts": d["conflicts"], "formats": list(FORMATS), "codecs": [ZLIB, *CODECS[:-1]],
                         "since": d["presumed"]}
                first, rest = rest[:1], rest[1:]
                for kind, payload in c.exchange(lambda _link: (hello, iter(first))):
                    if kind == "header":
                        r["header_summary"] = payload.get("summary")
                        acks = payload.get("acks") or []
                        if len(acks) != len(first) or any(a.get("skipped") for a in acks):
                            raise SyncError("sync.bad_response", reason=f"acknowledgements {acks!r:.200}")
                        if acks:
                            r["ack"] = acks[-1]
                r["hello_done"] = time.perf_counter() - t0[0]
            elif not push_only:
                for kind, payload in c.hello(d["summary"], client.BATCH_BYTES):
                    if kind == "header":
                        r["header_summary"] = payload.get("summary")
                r["hello_done"] = time.perf_counter() - t0[0]
            for data in rest:
                r["ack"] = c.push(data)
            r["done"] = time.perf_counter() - t0[0]
        except SyncError as e:
            r["error"] = e.key
            r["failed_at"] = time.perf_counter() - t0[0]
        finally:
            c.close()

    started = time.perf_counter()
    with cf.ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(one, n, d) for n, d in enumerate(devices)]
        for _ in range(min(concurrency, len(devices))):
            ready.acquire()
        t0[0] = time.perf_counter()
        go.set()
        for f in futures:
            f.result()
    end = max((r.get("done", r.get("failed_at", 0.0)) for r in results), default=0.0)
    return results, end, t0[0] - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--devices", type=int, default=600)
    ap.add_argument("--workers", type=int, default=2, help="server worker processes (songmay-server serve --workers)")
    ap.add_argument("--records", type=int, default=50)
    ap.add_argument("--concurrency", type=int, default=0, help="threads (default: one per device)")
    ap.add_argument("--api", type=int, choices=(1, 2), default=2,
                    help="2: hello and the first batch in one request (POST /api/v2/sync, what devices do); "
                         "1: hello, then push (the older two requests)")
    ap.add_argument("--push-only", action="store_true", help="API 1: no hello before the push")
    ap.add_argument("--profile", action="store_true", help="py-spy on the server's processes during the storm")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--json", help="write each device's timings (s from the common start) to this file")
    ap.add_argument("--diagnose", action="store_true",
                    help="after the storm, time the server's parts of one sync in this process")
    a = ap.parse_args()
    concurrency = a.concurrency or a.devices
    print(f"uptime before: {uptime()}", flush=True)

    tmp = Path(tempfile.mkdtemp(prefix="songmay-load-"))
    pg = srv = None
    try:
        t = time.perf_counter()
        pg = start_postgres()
        db = pg.create_database("songmay_load")
        srv = start_server(db, workers=a.workers)
        setup_pg = time.perf_counter() - t
        Store.open(tmp / "template").close()  # migrated, empty
        t = time.perf_counter()
        with cf.ProcessPoolExecutor(max_workers=2, initializer=_worker_init,
                                    initargs=(db, srv.url, str(tmp / "template"))) as pool:
            devices = list(pool.map(make_device, range(a.devices),
                                    [str(tmp / f"d{i:04d}") for i in range(a.devices)],
                                    [a.records] * a.devices, [a.api] * a.devices, chunksize=10))
        setup = time.perf_counter() - t
        nbatches = collections.Counter(len(d["batches"]) for d in devices)
        sizes = [sum(map(len, d["batches"])) for d in devices]
        print(f"setup: PostgreSQL + server {setup_pg:.1f} s; {a.devices} enrolled installations of "
              f"{a.devices} schools, {a.records} records each, in {setup:.1f} s; batches per device "
              f"{dict(nbatches)}, {statistics.median(sizes):.0f} B each (median)", flush=True)

        with open(pg.folder / "data" / "postmaster.pid") as f:
            postmaster = int(f.readline())
        spy = None
        if a.profile:
            spy_bin = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
            spy = subprocess.Popen([spy_bin, "record", "--pid", str(srv.proc.pid), "--rate", "100", "--format",
                                    "raw", "--output", str(tmp / "server.spy"), "--nonblocking", "--gil",
                                    "--subprocesses"],  # the workers (serve --workers N) are children
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(1.5)
        load_before = uptime().rsplit("load average:", 1)[-1].strip()
        print(f"uptime before the storm: {uptime()}", flush=True)
        sampler = PgSampler(db).start()
        # the server: its process and its worker processes (children)
        cpu0 = (time.process_time(), cpu_seconds([srv.proc.pid], srv.proc.pid),
                cpu_seconds([postmaster], postmaster))
        t = time.perf_counter()
        results, wall, prep = storm(srv.url, devices, concurrency, a.push_only, a.api)
        whole = time.perf_counter() - t
        cpu1 = (time.process_time(), cpu_seconds([srv.proc.pid], srv.proc.pid),
                cpu_seconds([postmaster], postmaster))
        sampler.stop()
        print(f"uptime after the storm: {uptime()}", flush=True)
        if spy:
            spy.send_signal(2)  # SIGINT: py-spy writes its output
            spy.wait(60)

        failed = [r for r in results if "error" in r]
        acks = [r.get("ack") or {} for r in results]
        incomplete = sum(1 for k in acks if not k.get("complete"))
        rejected = sum(len(k.get("rejected") or []) for k in acks)
        sent = sum(sum(int(k.get(x, 0)) for x in ("inserted", "updated", "ignored", "conflicts")) for k in acks)
        with cf.ProcessPoolExecutor(max_workers=2) as pool:
            pending = list(pool.map(acknowledge, [d["folder"] for d in devices],
                                    [k.get("summary") or {} for k in acks], chunksize=20))
        st = json.loads(server_cli(db, "status", "--json").stdout)
        on_server = sum(st["records"].values())

        lat = [r["done"] for r in results if "done" in r]
        hello = [r["hello_done"] for r in results if "hello_done" in r]
        how = ("API 2: hello and push in one request" if a.api == 2
               else f"API 1: {'push' if a.push_only else 'hello + push'}")
        print(f"\nstorm: {a.devices} devices, {concurrency} threads, {how} each; wall {wall:.2f} s from the "
              f"common start to the last sync's end ({whole:.2f} s with the {prep:.2f} s of starting the threads "
              f"and their clients before it, and closing them after)")
        print(f"  failed {len(failed)} {dict(collections.Counter(r['error'] for r in failed))}, "
              f"incomplete acks {incomplete}, rejected {rejected}, records acknowledged {sent}, "
              f"devices with pending > 0 after the ack: {sum(1 for p in pending if p)}")
        if lat:
            print(f"  latency per device sync: p50 {pct(lat, 50):.2f} s, p95 {pct(lat, 95):.2f} s, "
                  f"max {max(lat):.2f} s, min {min(lat):.2f} s")
        if hello:
            print(f"  hello done: p50 {pct(hello, 50):.2f} s, p95 {pct(hello, 95):.2f} s, max {max(hello):.2f} s")
        print(f"  server status: {on_server} records {st['records']}, quarantined {st['quarantined']}, "
              f"devices {st['devices']}, duplicates {st['duplicates']}")
        print(f"  CPU during the storm: devices (this process) {cpu1[0] - cpu0[0]:.1f} s, server "
              f"{cpu1[1] - cpu0[1]:.1f} s, PostgreSQL {cpu1[2] - cpu0[2]:.1f} s (2 cores x {whole:.1f} s = "
              f"{2 * whole:.1f} s); per device sync: server {(cpu1[1] - cpu0[1]) / a.devices * 1000:.1f} ms, "
              f"PostgreSQL {(cpu1[2] - cpu0[2]) / a.devices * 1000:.1f} ms")
        if sampler.samples:
            print(f"  PostgreSQL backends ({sampler.samples} samples every 50 ms, at most {sampler.max_active} "
                  f"active at once), share of samples: " + ", ".join(
                      f"{k} {v / sampler.samples:.2f}" for k, v in sampler.counts.most_common(8)))
        if spy and (tmp / "server.spy").exists():
            print_profile(tmp / "server.spy")
        if a.json:
            Path(a.json).write_text(json.dumps([{k: r.get(k) for k in ("hello_done", "done", "error", "failed_at")}
                                                 for r in results]))
        if a.diagnose:
            _worker_init(db, srv.url, str(tmp / "template"))
            extra = make_device(a.devices, str(tmp / "extra"), a.records, a.api)
            diagnose(db, devices[0], extra)
        ok = not failed and not incomplete and not rejected and on_server == a.devices * a.records \
            and st["quarantined"] == 0 and not any(pending)
        print(f"server_load: {a.devices} devices x {a.records} records at once on PostgreSQL (API {a.api}): "
              f"{'all accepted' if ok else 'NOT all accepted'} in {wall:.2f} s wall, "
              f"p50 {pct(lat, 50) if lat else 0:.2f} s, p95 {pct(lat, 95) if lat else 0:.2f} s per device; "
              f"CPU per sync: server {(cpu1[1] - cpu0[1]) / a.devices * 1000:.1f} ms, PostgreSQL "
              f"{(cpu1[2] - cpu0[2]) / a.devices * 1000:.1f} ms (target: all accepted, <= {TARGET_S:g} s; "
              f"load before {load_before})")
        return 0 if ok and wall <= TARGET_S else 1
    finally:
        if srv:
            srv.stop()
        if pg:
            pg.stop()
        if a.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def diagnose(db: str, old: dict, new: dict) -> None:
    """The server's parts of one sync, on the full database, run in this process (the
    server process is idle by now): medians of 5, and the SQL's share (time inside
    cursor.execute). ``new`` is an installation that has not pushed yet."""
    st = ServerStore.open(db, upgrade=False)
    sql = {"s": 0.0, "n": 0, "stmts": []}

    @event.listens_for(st.engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        conn.info["t"] = time.perf_counter()

    @event.listens_for(st.engine, "after_cursor_execute")
    def _after(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        dt = time.perf_counter() - conn.info.pop("t", time.perf_counter())
        sql["s"] += dt
        sql["n"] += 1
        sql["stmts"].append((dt, statement, parameters, executemany))

    # the merge's and the sync's own statements go to the driver's cursor (``server.storage._Conn``),
    # past SQLAlchemy's events: timed here the same way
    def timing(name: str, many: bool) -> None:
        plain = getattr(storage._Conn, name)  # noqa: SLF001

        def timed_call(self, statement, params=()):  # noqa: ANN001, ANN202
            t = time.perf_counter()
            try:
                return plain(self, statement, params)
            finally:
                dt = time.perf_counter() - t
                sql["s"] += dt
                sql["n"] += 1
                sql["stmts"].append((dt, self._sql(statement), tuple(params) if not many else params, many))

        setattr(storage._Conn, name, timed_call)  # noqa: SLF001

    timing("execute", False)
    timing("executemany", True)

    def timed(label: str, fn, n: int = 5) -> None:  # noqa: ANN001
        xs, qs, ns = [], [], []
        for _ in range(n):
            sql.update(s=0.0, n=0, stmts=[])
            t = time.perf_counter()
            fn()
            xs.append(time.perf_counter() - t)
            qs.append(sql["s"])
            ns.append(sql["n"])
        print(f"    {label}: {statistics.median(xs) * 1000:.1f} ms, of which SQL {statistics.median(qs) * 1000:.1f} ms"
              f" in {statistics.median(ns):.0f} statements")

    dev = st.authenticate(old["token"])
    print("  diagnosis (one device, the database full, no other load from this bench):")
    with st.engine.connect() as conn:
        scope = st.scope_of(conn, dev.unit_id)
        timed("ServerStore.scope_of", lambda: st.scope_of(conn, dev.unit_id))
        timed("ServerStore.notices", lambda: st.notices(conn, dev, scope))
        timed("changes.summary (server)", lambda: changes.summary(st.merge_target(conn, locking=False)))
        sql.update(stmts=[])
        st.notices(conn, dev, scope)
        slow = sorted(sql["stmts"], key=lambda x: -x[0])[:2]
        for _dt, statement, params, many in slow:
            if many or not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            plan = [r[0] for r in conn.exec_driver_sql("EXPLAIN ANALYZE " + statement, params)]
            head = " ".join(statement.split())[:110]
            print(f"    slowest statement of the notices: {head}...\n      " +
                  "\n      ".join(p.strip() for p in plan if "Seq Scan" in p or "Execution" in p))
        conn.rollback()
    timed("hello (whole)", lambda: st.hello(dev, old["summary"]))
    timed("push of a batch already applied", lambda: st.push(dev, read_batch(old["batches"][0])))
    newdev = st.authenticate(new["token"])
    timed(f"push of a new school's {len(read_batch(new['batches'][0]).changes) - 1} records",
          lambda: st.push(newdev, read_batch(new["batches"][0])), n=1)
    groups: dict[str, list[float]] = collections.defaultdict(list)
    for dt, statement, _params, many in sql["stmts"]:
        groups[("many: " if many else "") + " ".join(statement.split())[:70]].append(dt)
    print("      its statements (count, ms): " + "; ".join(
        f"{k} ({len(v)}, {sum(v) * 1000:.1f})" for k, v in sorted(groups.items(), key=lambda kv: -sum(kv[1]))[:10]))
    st.close()


def print_profile(path: Path, top: int = 14) -> None:
    """py-spy's raw output (collapsed stacks of the thread holding the GIL, ``--gil``):
    where the server's Python time went, by innermost frame and inclusive per function."""
    own: collections.Counter = collections.Counter()
    incl: collections.Counter = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        n = int(n)
        frames = [re.sub(r":\d+\)$", ")", fr) for fr in stack.split(";")]
        total += n
        own[frames[-1]] += n
        for fr in set(frames):
            if any(key in fr for key in ("server/", "app/", "sync/", "sqlalchemy", "psycopg", "uvicorn")):
                incl[fr] += n
    if not total:
        return
    print(f"  py-spy on the server ({total} samples, the thread holding the GIL):")
    print("    innermost frames: " + "; ".join(f"{f} {n / total:.0%}" for f, n in own.most_common(top)))
    print("    inclusive: " + "; ".join(f"{f} {n / total:.0%}" for f, n in incl.most_common(top)))


if __name__ == "__main__":
    sys.exit(main())
