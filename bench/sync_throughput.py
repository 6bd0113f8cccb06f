"""Benchmark: HTTP sync on 127.0.0.1 (issue 4) — first push of 10,000 records, an
incremental sync of 1 % changes, and a fresh pull of the 10,000 to a second device.

A real ``songmay-server`` process (SQLite file by default, ``--db postgresql://…`` for
PostgreSQL) and real device stores filled with demo data. Bytes on the wire are counted
by the peers' byte-counting TCP proxy (``../shared/peers/common/countproxy.py``: HTTP
headers and bodies, both directions) when it is there, else by the client from its
requests and responses (the same bytes, TCP/IP headers excluded either way).

    python bench/sync_throughput.py                 # 10,000 records, SQLite server
    python bench/sync_throughput.py --tls           # the same over HTTPS (a test CA, tests/helpers/tls.py)
    python bench/sync_throughput.py --db postgresql://postgres@127.0.0.1:5432/x

Targets (DESIGN §7, issue 18 item 6), TLS off: push ≥ 12,000 records/s and ≤ 60
bytes/record; pull ≥ 15,000 records/s; with TLS measured too. Peers measured here: PouchDB
~1,650/s and 755 B; Morango ~220/s and ~130 B. The last line holds the three figures and the
load average; each step's line the CPU seconds the device (this process) and the server spent
in it (on a shared machine: what a quiet one would take).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PEERS = Path(os.environ.get("SONGMAY_PEERS_COMMON") or ROOT.parent / "shared" / "peers" / "common")

from app import demo, sync_state  # noqa: E402
from app.records import KINDS, Student, Unit  # noqa: E402
from app.store import Store  # noqa: E402
from sync import client  # noqa: E402
from tests.helpers.servers import server_cli, start_server  # noqa: E402
from tests.helpers.tls import make_certs  # noqa: E402


class Counter:
    """Bytes on the wire: the peers' proxy if present, else counted by the client."""

    def __init__(self, target_port: int):
        self.proxy = None
        self.seen = [0, 0]
        if PEERS.exists():
            sys.dont_write_bytecode = True
            sys.path.insert(0, str(PEERS))
            from countproxy import CountingProxy  # noqa: PLC0415 (the peers' module, when ../shared is there)

            self.proxy = CountingProxy(listen_port=0, target_port=target_port)
            self.proxy.start()
            self.port = self.proxy.listen_port
        else:
            self.port = target_port

    def hook(self, c: client.Client) -> None:
        if self.proxy is not None:
            return

        def count(resp, *_a, **_k):
            req = resp.request
            start = f"{req.method} {req.path_url} HTTP/1.1\r\n"
            head = len(start) + sum(len(k) + len(v) + 4 for k, v in req.headers.items())
            self.seen[0] += head + len(req.body or b"")
            self.seen[1] += 17 + sum(len(k) + len(v) + 4 for k, v in resp.headers.items()) \
                + int(resp.headers.get("content-length") or len(resp.content or b""))
        c.session.hooks["response"].append(count)

    def reset(self) -> None:
        if self.proxy is not None:
            self.proxy.reset()
        self.seen = [0, 0]

    def total(self) -> int:
        if self.proxy is not None:
            up, down, _conns = self.proxy.snapshot()
            return up + down
        return sum(self.seen)


def cpu_of(pid: int) -> float:
    """Seconds of CPU the process ``pid`` has used (user + system; its threads too), or 0."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


class Cpu:
    """CPU seconds of this process (the device) and of the server over one timed step: on a
    shared machine, what a quiet one would take (the wall time waits for the others)."""

    def __init__(self, server_pid: int):
        self.pid = server_pid

    def __enter__(self) -> Cpu:
        self.device, self.server = time.process_time(), cpu_of(self.pid)
        return self

    def __exit__(self, *exc: object) -> None:
        self.device, self.server = time.process_time() - self.device, cpu_of(self.pid) - self.server

    def __str__(self) -> str:
        return f"CPU device {self.device:.2f} s, server {self.server:.2f} s"


def records(store: Store) -> int:
    return sum(store.conn.execute(f"SELECT count(*) FROM {cls.TABLE}").fetchone()[0] for cls in KINDS.values())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--db", default="", help="server database URL (default: a SQLite file in a temp folder)")
    ap.add_argument("--tls", action="store_true", help="HTTPS: the server with a test CA's certificate")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (stores, server database, logs)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="songmay-bench-sync-"))
    certs = make_certs(tmp / "tls", ("127.0.0.1",)) if args.tls else None
    db = args.db or f"sqlite:///{tmp / 'server.db'}"

    a = Store.open(tmp / "a")
    b: Store | None = None  # the fresh device of the pull
    a.set_unit(Unit(code="THBENCH", name="Trường PTDTBT TH Nậm Cha", level="TH", commune_code="03388"), "bench")
    students = int(args.records / 1.89)
    t = time.perf_counter()
    demo.generate(a, students=students, seed=11)
    n = records(a)
    print(f"device A: {n} records ({students} demo students) made in {time.perf_counter() - t:.1f} s")

    srv = start_server(db, tls=certs)
    counter = Counter(srv.port)
    url = f"{'https' if certs else 'http'}://127.0.0.1:{counter.port}"
    try:
        def enrolled(store: Store) -> client.Client:
            client.enrol(store, url, server_cli(db, "enrol", "--unit", "THBENCH", "--name",
                                                  "Trường PTDTBT TH Nậm Cha", "--level", "TH", "--commune",
                                                  "03388").stdout.strip(), ca_pem=certs.ca_pem if certs else "")
            e = sync_state.enrolment(store)
            c = client.Client(url, e.token, ca_pem=e.ca_pem)
            counter.hook(c)
            return c

        ca = enrolled(a)
        total, n = n, a.pending_changes(sync_state.SERVER)  # the unit is the registry's: not sent up
        counter.reset()
        t = time.perf_counter()
        with Cpu(srv.proc.pid) as push_cpu:
            report = client.sync(a, client=ca)
        push_s = time.perf_counter() - t
        push_bytes = counter.total()
        assert report.pending == 0 and report.sent == n, report
        push_rate, push_bpr = n / push_s, push_bytes / n
        print(f"first push: {n} records in {push_s:.2f} s = {push_rate:,.0f} records/s, "
              f"{push_bytes:,} bytes = {push_bpr:.1f} bytes/record; {push_cpu}")

        rng = random.Random(5)
        ids = [r[0] for r in a.conn.execute("SELECT id FROM students WHERE _deleted=0")]
        changed = rng.sample(ids, max(1, n // 100))
        with a.transaction():
            for sid in changed:
                st = a.get(Student, sid)
                st.village = rng.choice(["Bản Pa Ủ", "Bản Hô Sáng", "Bản Nậm Cha", "Bản Xì Lò Phìn"])
                st.guardian_relation = "Mẹ" if st.guardian_relation != "Mẹ" else "Bố"
                a.save(st, "bench")
        counter.reset()
        t = time.perf_counter()
        report = client.sync(a, client=ca)
        inc_s = time.perf_counter() - t
        print(f"incremental: {report.sent} changed records in {inc_s:.2f} s, {counter.total():,} bytes "
              f"= {counter.total() / max(report.sent, 1):.1f} bytes/record")

        b = Store.open(tmp / "b")
        cb = enrolled(b)
        counter.reset()
        t = time.perf_counter()
        with Cpu(srv.proc.pid) as pull_cpu:
            report = client.sync(b, client=cb)
        pull_s = time.perf_counter() - t
        got = records(b)
        assert got == total, (got, total)
        pull_rate = n / pull_s
        print(f"fresh pull: {got} records in {pull_s:.2f} s = {pull_rate:,.0f} records/s, "
              f"{counter.total():,} bytes = {counter.total() / n:.1f} bytes/record; {pull_cpu}")
        counter.reset()
        t = time.perf_counter()
        client.sync(b, client=cb)
        print(f"no-op sync: {time.perf_counter() - t:.3f} s, {counter.total():,} bytes")
    finally:
        srv.stop()
        if counter.proxy is not None:
            counter.proxy.stop()
        for store in (a, b):
            if store is not None:
                store.close()
        if args.keep:
            print(f"kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)  # ~45 MB a run
    print(f"{'HTTPS' if certs else 'HTTP'}: push {push_rate:,.0f} records/s {push_bpr:.1f} B/record; "
          f"pull {pull_rate:,.0f} records/s (targets, TLS off: ≥ 12,000/s, ≤ 60 B, ≥ 15,000/s); "
          f"load {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
