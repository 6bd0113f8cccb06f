"""Benchmark: the students search while a school's first sync runs over the emulated 2G link
(issue 15 item 3; budget: <= 30 ms per keystroke, also while a sync runs — DESIGN §7).

Each run: a real server (``python -m server serve`` on a new SQLite file) in the namespace
pt_srv behind the peers' link emulator (``../shared/peers/common/linkem.py`` via
``netctx.py``: 256 kbit/s, 300 ms one way, 2 % loss), and a school installation made for
the run: ``--students`` demo students generated straight into the device's folder (its
first push: every record), enrolled with the link unshaped (``songmay enrol`` of that
checkout). Root is needed.

The store is generated in place, not copied from a template: a copied data folder is a new
installation (``Store._ensure_identity``: the file's device, inode and path), and the
writes of the installation it was copied from count as already held (``record_received_
summary``); an unenrolled copy does not adopt them (``_adopt_unsent`` is for an enrolled
file), so a copied demo store has nothing of its own to push.

In the device process (this script's ``client`` mode, in pt_cli, with the link shaped) the
desktop app's two lanes run as in the app: a ``DbWorker`` owning the store (opened as
``ui.main`` opens it), the thread pool for the network. While the sync runs, a keystroke of
"nguyen thi anh" comes every ``--every`` ms (default 50) and is searched the way the
students page searches (``StudentsModel.refresh``: ``ctx.ops.run(app.queries.students.
overview, text, limit=200, unit_id=<the school>, order_by="", descending=False)`` through the
operations runner on the database lane); each search's latency is the time from its
submission to its answer on the GUI thread. Every search submitted before the sync ends is
counted, also those that answer after it (they waited behind it).

    .venv/bin/python bench/search_during_sync.py [--students 3000] [--runs 3]
        [--code /tmp/oldsync] [--mode auto|stages|one-job]

``--code``: the checkout whose code the server, the enrolment and the device run (e.g. a
worktree of the commit before issue 15 item 3; a clean worktree of HEAD for the new code
when others edit the working tree). ``--mode auto`` (the default): ``stages``
when that checkout has ``sync/session.py`` — its stages driven as ``ui.sync_controller``
drives them (``_Stages``: store steps as jobs on the database lane, network waits on the
pool) — else ``one-job``: the whole ``sync.client.sync`` as ONE job on the database lane, as
``SyncController`` ran it before. In ``stages`` mode each store step is timed on the lane
(the longest, and the lane time per step); the GUI thread's longest stall (how late a keystroke
timer tick came at most) is reported in both modes. The last line: p50/p95/max in ms.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication, QObject, QTimer

import app as app_pkg
import sync.client as sync_client
from app.queries import students
from app.store import Store
from ui.operations import Operations
from ui.tasks import DbWorker

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
TEXT = "nguyen thi anh"
BUDGET_MS = 30.0
PAGE = 200  # ui.models.PAGE


def pct(xs: list[float], p: float) -> float | None:
    """Nearest-rank percentile of the sorted ``xs``."""
    return round(xs[max(0, math.ceil(p * len(xs)) - 1)], 1) if xs else None


# ------------------------------------------------------------------ client mode (runs in pt_cli)
def client_main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="search_during_sync.py client")
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--mode", choices=("stages", "one-job"), default="stages")
    ap.add_argument("--every", type=int, default=50, help="ms between keystrokes")
    a = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    qapp = QCoreApplication([])
    worker = DbWorker(lambda: Store.open(a.data_dir, verify=False))
    ctx = SimpleNamespace(worker=worker, notify=lambda kind="*": None)
    ops = Operations(ctx)
    owner = QObject()
    unit_id = worker.call(lambda store: store.unit_id)
    query = {"unit_id": unit_id, "order_by": "", "descending": False}  # StudentsModel._query, no filter
    hits = len(ops.call(students.overview, TEXT, limit=PAGE, **query))  # the page had searched before
    state: dict = {"done": False, "outcome": None, "n": 0, "answered": 0, "latencies": [], "ticks": [],
                   "steps": [], "links": [], "searched": []}

    def search() -> None:
        now = time.perf_counter()
        state["ticks"].append(now)
        if state["done"]:
            timer.stop()
            if state["answered"] == state["n"]:
                qapp.quit()
            return
        state["n"] += 1
        text = TEXT[:1 + (state["n"] - 1) % len(TEXT)]

        def answered(rows: list, t: float = now) -> None:
            state["latencies"].append((time.perf_counter() - t) * 1000)
            state["searched"].append((t, time.perf_counter()))
            state["answered"] += 1
            if state["done"] and state["answered"] == state["n"]:
                qapp.quit()

        ops.run(students.overview, text, limit=PAGE, **query, on_done=answered, owner=owner)

    def finished(outcome) -> None:
        state["done"], state["outcome"] = True, outcome
        state["seconds"] = time.perf_counter() - state["t0"]
        if state["answered"] == state["n"]:
            qapp.quit()

    timer = QTimer(interval=a.every)
    timer.timeout.connect(search)
    state["t0"] = time.perf_counter()
    if a.mode == "one-job":  # SyncController before issue 15 item 3 (its /health probe aside)
        worker.submit(lambda store, job: sync_client.sync(store), finished, finished, owner=owner)
    else:
        # only in a checkout with the stages (issue 15 item 3); --code may be one before them
        from sync.stages import OnStore  # noqa: PLC0415 (absent before 167120d)
        from ui.sync_controller import _Stages  # noqa: PLC0415 (absent before 167120d)

        def name(fn) -> str:
            f = getattr(fn, "func", fn)
            return getattr(f, "__qualname__", repr(f)).replace(".<locals>", "")

        def timed(steps):
            """The stages unchanged, each store step timed on the lane, each link step on the pool."""
            result, error = None, None
            while True:
                try:
                    step = steps.throw(error) if error is not None else steps.send(result)
                except StopIteration as stop:
                    return stop.value
                kind = type(step)  # OnStore and OnSnapshot (a reader of its own) take the store
                out = state["steps"] if kind is OnStore else state["links"]

                def run(*args, fn=step.fn, stage=step.stage, out=out):
                    t = time.perf_counter()
                    try:
                        return fn(*args)
                    finally:
                        end = time.perf_counter()
                        out.append((stage, name(fn), (end - t) * 1000, t, end))

                try:
                    result, error = (yield kind(step.stage, run)), None
                except BaseException as e:  # noqa: BLE001 - thrown back into the stages
                    result, error = None, e

        try:  # a snapshot step reads the file on a connection of its own (after 4cfb46c)
            _Stages(worker, timed(sync_client.session().steps()), owner, finished, finished,
                    data_dir=Path(a.data_dir)).advance()
        except TypeError:
            _Stages(worker, timed(sync_client.session().steps()), owner, finished, finished).advance()
    timer.start()
    qapp.exec()
    worker.shutdown()

    out = state["outcome"]
    lat = sorted(state["latencies"])
    ticks = state["ticks"]
    gaps = [(b - c) * 1000 for c, b in itertools.pairwise(ticks)]
    per_step: dict[str, list[float]] = {}
    for stage, fn, ms, _t, _end in state["steps"]:
        per_step.setdefault(f"{stage}:{fn}", []).append(ms)
    steps = sorted(({"step": k, "n": len(v), "total_ms": round(sum(v), 1), "max_ms": round(max(v), 1)}
                    for k, v in per_step.items()), key=lambda s: -s["max_ms"])
    # each search over the budget: the store step it waited behind (one that ran on the lane
    # while the search was waiting, the longest such)
    behind: dict[str, int] = {}
    for t, end in state["searched"]:
        if (end - t) * 1000 <= BUDGET_MS:
            continue
        held = [s for s in state["steps"] if s[3] < end and s[4] > t]
        key = max(held, key=lambda s: s[2]) if held else None
        k = f"{key[0]}:{key[1]}" if key else ("the sync job" if a.mode == "one-job" else "no store step")
        behind[k] = behind.get(k, 0) + 1
    failed = isinstance(out, BaseException)
    print("result " + json.dumps({
        "ok": not failed, "error": (getattr(out, "key", "") or repr(out)) if failed else "",
        "sent": getattr(out, "sent", 0), "received": getattr(out, "received", 0),
        "pending": getattr(out, "pending", None), "report_seconds": round(getattr(out, "seconds", 0.0), 2),
        "seconds": round(state["seconds"], 2), "hits": hits, "searches": len(lat),
        "p50": round(statistics.median(lat), 1) if lat else None, "p95": pct(lat, 0.95),
        "max": round(lat[-1], 1) if lat else None, "over_budget": sum(1 for x in lat if x > BUDGET_MS),
        "behind": behind, "gui_stall_ms": round(max(gaps) - a.every, 1) if gaps else None,  # a tick's lateness
        "lane_store_steps": len(state["steps"]), "lane_ms": round(sum(s[2] for s in state["steps"]), 1),
        "steps": steps[:8], "code": str(Path(app_pkg.__file__).resolve().parents[1]),
        "session": (Path(sync_client.__file__).parent / "session.py").exists()}), flush=True)
    return 0


# ------------------------------------------------------------------ the harness
def in_code(code: Path, script: str) -> str:
    """``script`` run by a Python process over ``code``'s modules (not in a namespace); its stdout."""
    out = subprocess.run([sys.executable, "-c", script], cwd=code, capture_output=True, text=True, check=False,
                         env={**os.environ, "PYTHONPATH": str(code)}, timeout=600)
    if out.returncode:
        raise RuntimeError(out.stderr.strip()[-2000:])
    return out.stdout.strip()


def make_school(code: Path, folder: Path, students: int, seed: int, unit: dict) -> int:
    """A school installation with demo data, made in ``folder`` itself; its records to push."""
    return int(in_code(code, (
        "from app.demo import generate; from app.records import Unit; from app.store import Store\n"
        f"with Store.open({str(folder)!r}) as s:\n"
        f"    s.set_unit(Unit(**{unit!r}), 'bench'); generate(s, students={students}, seed={seed})\n"
        "    print(s.pending_changes('server'))")).split()[-1])


def pending(code: Path, folder: Path) -> int:
    return int(in_code(code, "from app.store import Store\n"
                             f"with Store.open({str(folder)!r}) as s: print(s.pending_changes('server'))"))


def enrol(run, code: Path, device: Path, unit: dict) -> None:
    """``sync_slowlink.Run.enrol`` with the command line of ``code``: ``python -m songmay``
    since issue 15 item 5, ``python -m app`` before."""
    import sync_slowlink as S  # noqa: PLC0415 (harness only: it puts this checkout ahead of --code's on sys.path)

    cli = "songmay" if (code / "songmay" / "__main__.py").exists() else "app"
    run.net.setup_mode(True)
    otc = S.server_cli(run.db, "enrol", "--unit", unit["code"], "--name", unit["name"], "--level", unit["level"],
                       "--commune", unit["commune_code"]).strip()
    out = subprocess.run(run.net.client_cmd(
        [S.PY, "-m", cli, "enrol", "--server", run.net.url(), "--code", otc, "--data-dir", str(device)]),
        capture_output=True, text=True, cwd=code, env=run.env, timeout=120, check=False)
    if out.returncode:
        raise RuntimeError(f"enrol: {out.stderr.strip()}")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "client":
        return client_main(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--students", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--every", type=int, default=50, help="ms between keystrokes")
    ap.add_argument("--link", default="256,300,0.02", help="RATE_KBIT,DELAY_MS,LOSS")
    ap.add_argument("--mode", choices=("auto", "stages", "one-job"), default="auto")
    ap.add_argument("--code", default=str(ROOT), help="the checkout the server and the device run")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (server logs)")
    a = ap.parse_args()
    import sync_slowlink as S  # noqa: PLC0415 (harness only: it puts this checkout ahead of --code's on sys.path)

    code = Path(a.code).resolve()
    mode = a.mode if a.mode != "auto" else ("stages" if (code / "sync" / "session.py").exists() else "one-job")
    netctx = S.load_netctx()
    S.ROOT = code  # the server CLI, the server and `songmay enrol` run that checkout's code
    commit = subprocess.run(["git", "-C", str(code), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()
    print(f"code {code} ({commit}); mode {mode}; {a.students} demo students, seed {a.seed}; link {a.link} "
          f"(RATE_KBIT,DELAY_MS,LOSS); a keystroke every {a.every} ms; uptime: {S.uptime()}", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="songmay-search-sync-"))
    results: list[dict] = []
    net = netctx.make_net(a.link)
    try:
        for i in range(a.runs):
            folder = tmp / f"run{i + 1}"
            device = folder / "device"
            folder.mkdir()
            t = time.perf_counter()
            made = make_school(code, device, a.students, a.seed, S.UNIT)
            gen_s = time.perf_counter() - t
            run = S.Run(net, folder)
            run.env = {**run.env, "PYTHONPATH": str(code)}
            run.start_server()
            try:
                enrol(run, code, device, S.UNIT)
                before = pending(code, device)
                m = run.measure([S.PY, str(Path(__file__).resolve()), "client", "--data-dir", str(device),
                                 "--mode", mode, "--every", str(a.every)])
                status = run.status()
            finally:
                run.stop_server()
            lines = [ln for ln in m["stdout"].splitlines() if ln.startswith("result ")]
            if not lines:
                print(m["stderr"][-3000:])
                return 1
            r = json.loads(lines[-1][len("result "):])
            if r["code"] != str(code):
                sys.exit(f"the device process ran {r['code']}, not {code}")
            r.update(made=made, before=before, on_server=sum(status["records"].values()),
                     quarantined=status["quarantined"], bytes=m["bytes"], dropped=m["dropped"], gen_s=gen_s)
            results.append(r)
            print(f"run {i + 1}: store made in {gen_s:.1f} s, {made} records to push ({before} after enrolment); "
                  f"sync {'ok' if r['ok'] else r['error']}: sent {r['sent']} in {r['seconds']:.2f} s "
                  f"(report {r['report_seconds']:.2f} s), pending after {r['pending']}, server holds "
                  f"{r['on_server']}, {m['bytes']:,} IP bytes ({m['dropped']} packets dropped); "
                  f"{r['searches']} searches ({r['hits']} hits for the whole text): p50 {r['p50']} ms, "
                  f"p95 {r['p95']} ms, max {r['max']} ms, {r['over_budget']} over {BUDGET_MS:g} ms; "
                  f"a keystroke tick at most {r['gui_stall_ms']} ms late (GUI thread)", flush=True)
            if mode == "stages":
                print(f"  lane: {r['lane_store_steps']} store steps, {r['lane_ms']:.0f} ms in all; longest: " +
                      ", ".join(f"{s['step']} {s['max_ms']:.0f} ms (x{s['n']}, {s['total_ms']:.0f} ms)"
                                for s in r["steps"][:5]), flush=True)
            if r["behind"]:
                print("  searches over the budget, by what held the lane: " +
                      ", ".join(f"{k} {v}" for k, v in r["behind"].items()), flush=True)
            if not r["ok"] or r["sent"] < before:
                print(f"warning: run {i + 1} did not push everything (sent {r['sent']} of {before})")
    finally:
        net.close()
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"uptime after: {S.uptime()}")
    lat_runs = sorted(results, key=lambda r: r["p95"] or 0)
    mid = lat_runs[len(lat_runs) // 2]
    print(f"search_during_sync ({mode}, code {commit}, {a.students} students, {mid['before']} records): "
          f"median run p50 {mid['p50']} ms, p95 {mid['p95']} ms, max {mid['max']} ms; "
          f"sync {statistics.median(r['seconds'] for r in results):.2f} s median, sent "
          f"{'/'.join(str(r['sent']) for r in results)} (budget <= {BUDGET_MS:g} ms per keystroke)")
    return 0 if all(r["ok"] and r["sent"] >= r["before"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
