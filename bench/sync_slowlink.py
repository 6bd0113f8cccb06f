"""Benchmark: sync of 1,000 records over a bad 2G link, over HTTPS (issues 4 and 18).

Targets (DESIGN §7, issue 18 item 4), with TLS: first push <= 3.0 s, fresh pull <= 3.0 s,
no-op sync <= 1.5 s, <= 50 bytes a record (whole IP packets, both ways).

TLS (default; ``--no-tls`` for plain HTTP): a test CA and a certificate for the server's
address are made with ``cryptography`` (``tests/helpers/tls.py``); the server serves HTTPS
(``serve --tls-cert --tls-key --tls-ca``); each device enrols with ``songmay enrol --ca``
(the province's CA handed over with the code), keeps the CA the answer carries, and verifies
the server by it at every sync. TCP Fast Open is allowed in the server's namespace
(``net.ipv4.tcp_fastopen=3``; ``--no-fastopen`` leaves the kernel's default, client only): a
device's second connection then carries its TLS ClientHello in the SYN.

The link is the peers' emulator (``../shared/peers/common/linkem.py``, driven through
``netctx.py``): 256 kbit/s each way, 300 ms one-way delay, 2 % independent loss each way,
between network namespaces pt_cli (devices) and pt_srv (the server). Root is needed.

    .venv/bin/python bench/sync_slowlink.py [--runs 3] [--students 512] [--link 256,300,0.02]

Each run: a fresh server (``python -m server serve`` in pt_srv over a new SQLite file) and a
fresh device store of demo data (``--students 512``, seed 1: 990 records, 989 to push once
enrolment has replaced the locally made unit record by the registry's) generated straight
into the device's folder; enrolment is done with the link unshaped, then with the link shaped:
  push      ``python -m songmay sync --json`` of device A in pt_cli: the first push of everything;
  pull      a fresh device B of the same school (enrolled unshaped): its full first pull;
  noop      device A again, nothing changed (the fixed cost of one sync);
  incr      10 students edited on device A, then ``songmay sync``.
Seconds are the sync alone, as the client measures it (``report.seconds``: after process
start and opening the store, as the peers measured theirs); the process's whole wall time
is shown beside it. Bytes are whole IP packets through the link, both ways (headers,
handshakes, retransmissions included), as the peers' --netem rows count them.

Then two drops (``--no-drops`` skips them), each on a fresh server and device:
  cut       the link drops every packet (loss 100 %) for ``--cut`` seconds once the push is
            under way; ``songmay sync`` rides it out (TCP retransmits; the client's read
            timeout is 60 s) and ends with pending 0;
  kill      the server is killed (SIGKILL) after the first acknowledged batch of a push in
            16 KiB batches (the client is this script's ``client`` mode, one attempt, so the
            failure shows); the server is restarted and the next ``songmay sync`` sends only
            the rest and ends with pending 0.

``--peers DIR`` (a copy of ``../shared/peers`` where its ``install.sh`` ran: node_modules and
the Morango venv cannot live in the read-only share) runs the peers right after, over the
same link spec, N=1000 (``--peer-runs`` each: PouchDB, PouchDB keep-alive, Morango+gzip), and
puts their medians beside ours; without it, the figures of their earlier runs are shown.

The store is generated in place, not copied from a template: a copied data folder is a new
installation (``Store._ensure_identity``: the file's device, inode and path), and the
writes of the installation it was copied from count as already held (``record_received_
summary``); an unenrolled copy does not adopt them, so a copied demo store has nothing of
its own to push (``bench/search_during_sync.py`` found it first).

The last line is the medians against the targets, for CI logs and docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.demo import generate  # noqa: E402
from app.errors import SyncError  # noqa: E402
from app.records import Student, Unit  # noqa: E402
from app.store import Store  # noqa: E402
from sync import client  # noqa: E402
from tests.helpers.tls import make_certs  # noqa: E402

PEERS = ROOT.parent / "shared" / "peers" / "common"
PY = sys.executable
TARGETS = {"push": 3.0, "pull": 3.0, "noop": 1.5}  # seconds, with TLS
TARGET_BPR = 50  # IP bytes a record, push and pull
UNIT = dict(code="TH-NAMCHA", name="Trường PTDTBT TH Nậm Cha", level="TH", commune_code="03388")

# The peers over the same emulated link (N=1000), from /work/briefs/peers-results.md (rerun of
# 2026-11-22, one run each) and ../shared/peers/README.md (medians of 3): seconds, IP bytes/record.
PEER_FIGURES = {
    "push": {"PouchDB": (85.8, 844), "PouchDB keep-alive": (57.8, 827), "Morango+gzip": (26.3, 158)},
    "pull": {"PouchDB": (56.9, 344), "PouchDB keep-alive": (34.0, 322), "Morango+gzip": (26.8, 171)},
    "noop": {"PouchDB": (6.01, None), "PouchDB keep-alive": (3.16, None), "Morango+gzip": (15.14, None)},
    "incr": {"PouchDB": (9.09, 1751), "PouchDB keep-alive": (5.35, 1510), "Morango+gzip": (16.30, 2424)},
}


# ------------------------------------------------------------------ client mode (runs in pt_cli)
def client_main(argv: list[str]) -> int:
    """``sync_slowlink.py client --data-dir D [--batch-bytes B] [--attempts N]``: one sync
    with progress lines on stdout ("progress STAGE DONE TOTAL"), then "result {json}"."""
    ap = argparse.ArgumentParser(prog="sync_slowlink.py client")
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--batch-bytes", type=int, default=client.BATCH_BYTES)
    ap.add_argument("--attempts", type=int, default=4)
    a = ap.parse_args(argv)

    def progress(stage: str, done: int, total: int | None) -> None:
        print(f"progress {stage} {done} {total or 0}", flush=True)

    with Store.open(a.data_dir) as store:
        t = time.perf_counter()
        try:
            rep = client.sync(store, progress=progress, batch_bytes=a.batch_bytes, attempts=a.attempts)
            out = {"ok": True, **rep.as_dict()}
        except SyncError as e:
            out = {"ok": False, "error": e.key}
        out["elapsed"] = round(time.perf_counter() - t, 3)
        out["pending_after"] = store.pending_changes("server")
    print("result " + json.dumps(out), flush=True)
    return 0


# ------------------------------------------------------------------ the harness
def load_netctx():
    if not (PEERS / "linkem.py").exists() or not (PEERS / "netctx.py").exists():
        sys.exit(f"sync_slowlink: {PEERS} (the peers' link emulator) is absent; "
                 "this benchmark needs ../shared/peers/common/linkem.py and netctx.py")
    if os.geteuid() != 0:
        sys.exit("sync_slowlink: the link emulator needs root (network namespaces, /dev/net/tun)")
    sys.dont_write_bytecode = True  # the share is read-only
    sys.path.insert(0, str(PEERS))
    import netctx  # noqa: PLC0415 (the peers' module: on the path only once the checks above pass)

    return netctx


def ssl_version() -> str:
    import ssl  # noqa: PLC0415 (for the header line only)

    return "1.3" if ssl.HAS_TLSv1_3 else "1.2"


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def make_device(folder: Path, students: int, seed: int) -> int:
    """A school installation with demo data, made in ``folder`` itself (a copy would hold
    nothing of its own to push); returns its records not yet sent."""
    with Store.open(folder) as store:
        store.set_unit(Unit(**UNIT), "bench")
        generate(store, students=students, seed=seed)
        return store.pending_changes("server")


def server_cli(db: str, *args: str) -> str:
    out = subprocess.run([PY, "-m", "server", *args, "--db", db], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    if out.returncode:
        raise RuntimeError(f"songmay-server {' '.join(args)}: {out.stderr.strip()}")
    return out.stdout


class Run:
    """One server process in pt_srv over one SQLite file, and devices in pt_cli."""

    def __init__(self, net, folder: Path, certs=None):
        self.net, self.folder, self.certs = net, folder, certs
        folder.mkdir(parents=True, exist_ok=True)
        self.db = f"sqlite:///{folder / 'server.db'}"
        self.port = net.new_server_port()
        self.srv: subprocess.Popen | None = None
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_PROXY": "*"}

    def url(self) -> str:
        return self.net.url().replace("http://", "https://") if self.certs else self.net.url()

    def start_server(self) -> None:
        log = open(self.folder / "server.log", "ab")  # noqa: SIM115 - the child keeps it
        tls = ["--tls-cert", str(self.certs.cert), "--tls-key", str(self.certs.key), "--tls-ca",
               str(self.certs.ca)] if self.certs else []
        self.srv = subprocess.Popen(self.net.server_cmd(
            [PY, "-m", "server", "serve", "--db", self.db, "--host", self.net.server_bind_host(),
             "--port", str(self.port), "--log-level", "warning", *tls]),
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=self.env)
        log.close()
        self.net.wait_server(60)

    def kill_server(self) -> None:
        if self.srv and self.srv.poll() is None:
            self.srv.kill()  # `ip netns exec` execs: this is the server itself
            self.srv.wait(15)

    def stop_server(self) -> None:
        if self.srv and self.srv.poll() is None:
            self.srv.terminate()
            try:
                self.srv.wait(15)
            except subprocess.TimeoutExpired:
                self.kill_server()

    def enrol(self, device: Path) -> None:
        """Unshaped: a one-time code (server CLI on the file), ``songmay enrol`` in pt_cli."""
        self.net.setup_mode(True)
        code = server_cli(self.db, "enrol", "--unit", UNIT["code"], "--name", UNIT["name"], "--level", UNIT["level"],
                          "--commune", UNIT["commune_code"]).strip()
        ca = ["--ca", str(self.certs.ca)] if self.certs else []
        out = subprocess.run(self.net.client_cmd(
            [PY, "-m", "songmay", "enrol", "--server", self.url(), "--code", code, "--data-dir", str(device), *ca]),
            capture_output=True, text=True, cwd=ROOT, env=self.env, timeout=120)
        if out.returncode:
            raise RuntimeError(f"enrol: {out.stderr.strip()}")

    def measure(self, argv: list[str], *, during=None) -> dict:
        """Runs ``argv`` in pt_cli with the link shaped; its JSON report, bytes and wall time."""
        self.net.start_measuring()
        self.net.reset()
        t = time.perf_counter()
        proc = subprocess.Popen(self.net.client_cmd(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, cwd=ROOT, env=self.env)
        watcher = threading.Thread(target=during, args=(proc,), daemon=True) if during else None
        if watcher:
            watcher.start()
        out, err = proc.communicate(timeout=600)
        wall = time.perf_counter() - t
        if watcher:
            watcher.join(60)
        snap = self.net.snapshot()
        self.net.setup_mode(True)
        return {"rc": proc.returncode, "stdout": out, "stderr": err, "wall": wall, **snap}

    def songmay_sync(self, device: Path, **kw) -> dict:
        m = self.measure([PY, "-m", "songmay", "sync", "--json", "--data-dir", str(device)], **kw)
        if m["rc"]:
            raise RuntimeError(f"songmay sync exited {m['rc']}: {m['stderr'].strip()[-500:]}")
        m["report"] = json.loads(m["stdout"].strip().splitlines()[-1])
        return m

    def status(self) -> dict:
        return json.loads(server_cli(self.db, "status", "--json"))


def pending(device: Path) -> int:
    """The records ``device`` has not yet sent to the server."""
    with Store.open(device) as store:
        return store.pending_changes("server")


def edit_students(device: Path, n: int) -> int:
    with Store.open(device) as store:
        for st in store.find(Student, order_by="id", limit=n):
            st.village = "Bản Pa Ủ" if st.village != "Bản Pa Ủ" else "Bản Hô Sáng"
            store.save(st, "bench")
        return store.pending_changes("server")


def one_run(net, folder: Path, students: int, seed: int, certs=None) -> dict:
    run = Run(net, folder, certs)
    a, b = folder / "device-a", folder / "device-b"
    t = time.perf_counter()
    records = make_device(a, students, seed)
    gen_s = time.perf_counter() - t
    try:
        run.start_server()
        run.enrol(a)
        to_push = pending(a)  # enrolment replaced the locally made unit record by the registry's
        res = {}
        m = run.songmay_sync(a)
        assert m["report"]["sent"] == to_push and m["report"]["pending"] == 0, (to_push, m["report"])
        res["push"] = m
        run.enrol(b)  # the server knows the school now
        m = run.songmay_sync(b)
        assert m["report"]["received"] == to_push, (to_push, m["report"])
        res["pull"] = m
        m = run.songmay_sync(a)
        assert (m["report"]["sent"], m["report"]["received"]) == (0, 0), m["report"]
        res["noop"] = m
        assert edit_students(a, 10) == 10
        m = run.songmay_sync(a)
        assert m["report"]["sent"] == 10 and m["report"]["pending"] == 0, m["report"]
        res["incr"] = m
        st = run.status()
        assert sum(st["records"].values()) == records and st["quarantined"] == 0, st
        return {**res, "records": records, "to_push": to_push, "gen_s": gen_s}
    finally:
        run.stop_server()


def drop_cut(net, folder: Path, students: int, seed: int, cut_s: float, certs=None) -> dict:
    """Loss 100 % for ``cut_s`` seconds once 20 kB went up (the push is under way)."""
    run = Run(net, folder, certs)
    a = folder / "device-a"
    make_device(a, students, seed)
    em = net.em
    info: dict = {}

    def cut(proc: subprocess.Popen) -> None:
        while proc.poll() is None and em.snapshot()["up_bytes"] < 20_000:
            time.sleep(0.02)
        if proc.poll() is not None:
            return
        info["cut_at_up_bytes"] = em.snapshot()["up_bytes"]
        loss, em.loss = em.loss, 1.0
        time.sleep(cut_s)
        em.loss = loss

    try:
        run.start_server()
        run.enrol(a)
        m = run.songmay_sync(a, during=cut)
        st = run.status()
        return {**m, **info, "records_on_server": sum(st["records"].values()), "quarantined": st["quarantined"]}
    finally:
        em.loss = float(net.params["loss"])
        run.stop_server()


def drop_kill(net, folder: Path, students: int, seed: int, certs=None) -> dict:
    """Server killed after the first acknowledged 16 KiB batch; restarted; next sync."""
    run = Run(net, folder, certs)
    a = folder / "device-a"
    make_device(a, students, seed)
    info: dict = {}
    try:
        run.start_server()
        run.enrol(a)
        net.start_measuring()
        net.reset()
        t = time.perf_counter()
        proc = subprocess.Popen(net.client_cmd([PY, str(Path(__file__).resolve()), "client", "--data-dir", str(a),
                                                "--batch-bytes", "16384", "--attempts", "1"]),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=run.env)
        result = None
        for line in proc.stdout:
            if line.startswith("progress push") and "killed_after" not in info:
                done = int(line.split()[2])
                if done > 0:
                    run.kill_server()
                    info["killed_after"] = done
                    info["killed_at_s"] = round(time.perf_counter() - t, 2)
            elif line.startswith("result "):
                result = json.loads(line[7:])
        proc.wait(60)
        first = {**(result or {}), **net.snapshot()}
        net.setup_mode(True)
        run.start_server()  # the same SQLite file: what was acknowledged is kept
        again = run.songmay_sync(a)
        st = run.status()
        return {"first": first, "again": again, **info, "records_on_server": sum(st["records"].values()),
                "quarantined": st["quarantined"]}
    finally:
        run.stop_server()


def run_peers(folder: Path, link: str, runs: int) -> dict:
    """The peers' harnesses over the same link (their own namespaces, after ours are gone):
    {phase: {peer: (median s, IP bytes a record)}}."""
    out: dict = {ph: {} for ph in ("push", "pull", "noop", "incr")}
    jobs = (("PouchDB", ["pouch/bench_pouch.py"], {}), ("PouchDB keep-alive", ["pouch/bench_pouch.py"],
            {"POUCH_KEEPALIVE": "1"}), ("Morango+gzip", ["morango/bench_morango.py", "--gzip"], {}))
    for name, script, env in jobs:
        js = Path(tempfile.mkdtemp(prefix="songmay-peer-")) / "result.json"  # ``tmp`` is gone by now
        t = time.perf_counter()
        proc = subprocess.run(["python3", *script, "--n", "1000", "--runs", str(runs), "--netem", link,
                               "--max-minutes", "20", "--json", str(js)], cwd=folder, capture_output=True,
                              text=True, env={**os.environ, **env}, timeout=1800)
        if proc.returncode or not js.exists():
            print(f"peer {name}: failed ({proc.returncode}): {proc.stderr.strip()[-300:]}")
            continue
        summ = json.loads(js.read_text())["summary"]
        n, mod = summ["n"], summ["modified"]
        for ph, key, cnt in (("push", "push_initial", n), ("pull", "pull_fresh", n), ("noop", "push_noop", 0),
                             ("incr", "push_incremental", mod)):
            out[ph][name] = (summ[key]["median_s"], round(summ[key]["median_bytes"] / cnt) if cnt else None)
        print(f"peer {name} ({runs} run(s), {time.perf_counter() - t:.0f} s): " + ", ".join(
            f"{ph} {v[name][0]:.2f} s" + (f" {v[name][1]} B/record" if v[name][1] else "") for ph, v in out.items()),
            flush=True)
    return {ph: v for ph, v in out.items() if v}


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def fmt_peers(phase: str, secs: float) -> str:
    parts = []
    for name, (s, b) in PEER_FIGURES[phase].items():
        size = f", {b} B/record" if b and phase in ("push", "pull") else ""
        parts.append(f"{name} {s:.3g} s{size} ({s / secs:.0f}x)" if secs else f"{name} {s:.3g} s{size}")
    return ", ".join(parts)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "client":
        return client_main(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--students", type=int, default=512, help="demo students (512, seed 1: 990 records)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--link", default="256,300,0.02", help="RATE_KBIT,DELAY_MS,LOSS")
    ap.add_argument("--cut", type=float, default=8.0, help="seconds of 100 %% loss in the 'cut' drop")
    ap.add_argument("--no-drops", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (server logs)")
    ap.add_argument("--no-tls", action="store_true", help="plain HTTP, as before issue 18")
    ap.add_argument("--no-fastopen", action="store_true", help="leave the server namespace's tcp_fastopen as it is")
    ap.add_argument("--peers", default="", metavar="DIR", help="an installed copy of ../shared/peers: run them too")
    ap.add_argument("--peer-runs", type=int, default=1)
    a = ap.parse_args()
    netctx = load_netctx()

    tmp = Path(tempfile.mkdtemp(prefix="songmay-slowlink-"))
    print(f"device stores: {a.students} demo students (seed {a.seed}), generated in each device's folder")
    print(f"link {a.link} (RATE_KBIT,DELAY_MS,LOSS); uptime before: {uptime()}", flush=True)

    runs: list[dict] = []
    drops: dict = {}
    net = netctx.make_net(a.link)
    certs = None if a.no_tls else make_certs(tmp / "tls", (net.ip_srv,))
    fastopen = {}
    for side, ns in (("server", net.ns_srv), ("client", net.ns_cli)):
        if not a.no_fastopen:
            subprocess.run(["ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.tcp_fastopen=3"], check=True)
        fastopen[side] = subprocess.run(["ip", "netns", "exec", ns, "sysctl", "-n", "net.ipv4.tcp_fastopen"],
                                        capture_output=True, text=True).stdout.strip()
    print(f"{'HTTPS (TLS ' + ssl_version() + ', ECDSA P-256 certificate)' if certs else 'plain HTTP'}; "
          f"net.ipv4.tcp_fastopen server {fastopen['server']}, client {fastopen['client']}", flush=True)
    try:
        for i in range(a.runs):
            r = one_run(net, tmp / f"run{i + 1}", a.students, a.seed, certs)
            runs.append(r)
            print(f"run {i + 1}: store of {r['records']} records made in {r['gen_s']:.1f} s, {r['to_push']} to push "
                  "after enrolment; " + "  ".join(
                f"{ph} {r[ph]['report']['seconds']:.2f} s ({r[ph]['bytes']:,} B, {r[ph]['dropped']} dropped)"
                for ph in ("push", "pull", "noop", "incr")), flush=True)
        if not a.no_drops:
            drops["cut"] = drop_cut(net, tmp / "drop-cut", a.students, a.seed, a.cut, certs)
            drops["kill"] = drop_kill(net, tmp / "drop-kill", a.students, a.seed, certs)
    finally:
        net.close()  # deletes both namespaces
        left = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout.strip()
        if left:
            print(f"warning: namespaces left: {left}")
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"uptime after: {uptime()}", flush=True)
    if a.peers:
        PEER_FIGURES.update(run_peers(Path(a.peers), a.link, a.peer_runs))
        print(f"uptime after the peers: {uptime()}")
    records, to_push = runs[0]["records"], runs[0]["to_push"]
    assert all((r["records"], r["to_push"]) == (records, to_push) for r in runs), [r["to_push"] for r in runs]

    print()
    print("| phase | records | median s (min-max) | process wall s | IP bytes (up/down) | B/record "
          "| peers (x slower) |")
    print("|---|---:|---:|---:|---:|---:|---|")
    out = {}
    for ph, n in (("push", to_push), ("pull", to_push), ("noop", 0), ("incr", 10)):
        secs = [r[ph]["report"]["seconds"] for r in runs]
        mid = sorted(runs, key=lambda r: r[ph]["report"]["seconds"])[len(runs) // 2][ph]
        walls = median([r[ph]["wall"] for r in runs])
        per = f"{mid['bytes'] / n:.0f}" if n else "-"
        out[ph] = median(secs)
        print(f"| {ph} | {n} | {median(secs):.2f} ({min(secs):.2f}-{max(secs):.2f}) | {walls:.2f} | "
              f"{mid['bytes']:,} ({mid['up']:,}/{mid['down']:,}) | {per} | {fmt_peers(ph, median(secs))} |")
    if drops:
        c = drops["cut"]
        print(f"\ndrop 'cut': loss 100 % for {a.cut:g} s after {c.get('cut_at_up_bytes', 0):,} B up: "
              f"songmay sync {c['report']['seconds']:.2f} s, attempts {c['report']['attempts']}, "
              f"sent {c['report']['sent']}, pending {c['report']['pending']}, {c['bytes']:,} B, "
              f"server holds {c['records_on_server']} records, quarantined {c['quarantined']}")
        k = drops["kill"]
        f1, g = k["first"], k["again"]
        print(f"drop 'kill': server killed at {k.get('killed_at_s')} s after {k.get('killed_after')} records "
              f"acknowledged (16 KiB batches): that sync ended {f1.get('error') or 'ok'} after "
              f"{f1.get('elapsed')} s, pending {f1.get('pending_after')}, {f1.get('bytes', 0):,} B; "
              f"restarted, next songmay sync: sent {g['report']['sent']} in {g['report']['seconds']:.2f} s, "
              f"{g['bytes']:,} B, pending {g['report']['pending']}; server holds {k['records_on_server']} "
              f"records, quarantined {k['quarantined']}")
    bpr = {ph: median([r[ph]["bytes"] for r in runs]) / to_push for ph in ("push", "pull")}
    ok = all(out[ph] <= t for ph, t in TARGETS.items()) and all(b <= TARGET_BPR for b in bpr.values())
    print(f"sync_slowlink: {to_push} records over {a.link} (kbit/s,ms,loss), "
          f"{'HTTPS' if certs else 'plain HTTP'}, medians of {len(runs)} runs: push {out['push']:.2f} s, "
          f"pull {out['pull']:.2f} s, no-op {out['noop']:.2f} s, {bpr['push']:.0f}/{bpr['pull']:.0f} B/record "
          f"(targets <= 3.0 / 3.0 / 1.5 s, <= {TARGET_BPR} B; push: "
          + ", ".join(f"{k} {v[0]:.3g} s" for k, v in PEER_FIGURES["push"].items()) + ")")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
