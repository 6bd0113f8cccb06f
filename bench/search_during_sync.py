"""Benchmark: the students search while a sync runs over the emulated 2G link (issue 15 item 3;
budget: <= 30 ms per keystroke, also while a sync runs — DESIGN §7).

A school store of ``--students`` demo students (its first push: every record), a real
server (``python -m server serve``) in the namespace pt_srv behind the peers' link
emulator (``../shared/peers/common/linkem.py`` via ``netctx.py``: 256 kbit/s, 300 ms one
way, 2 % loss), the device in pt_cli. Root is needed. In the device process (this
script's ``client`` mode) the desktop app's two lanes run as in the app: a ``DbWorker``
owning the store, the thread pool for the network. While the sync runs, a search is
submitted on the database lane every 50 ms the way the students page does
(``Store.student_overview(text, limit=200)``, keystrokes of "nguyen thi anh" in turn),
and the time from submission to its answer on the GUI thread is measured.

    .venv/bin/python bench/search_during_sync.py [--students 3000] [--mode stages|one-job]
        [--code /tmp/old]   # the device process runs another checkout's code (one-job only)

``--mode one-job``: the whole ``sync.client.sync`` as ONE job on the database lane (the
app before issue 15); ``stages``: ``sync.session``'s stages driven as ``ui.sync_controller``
does (store steps on the lane, network waits on the pool). The last line: p50/p95 in ms.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
TEXT = "nguyen thi anh"


def client_main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="search_during_sync.py client")
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--mode", choices=("stages", "one-job"), default="stages")
    a = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QObject, QTimer

    from app.store import Store
    from sync import client as sync_client
    from ui.tasks import DbWorker

    app = QCoreApplication([])
    worker = DbWorker(lambda: Store.open(a.data_dir))
    owner = QObject()
    state: dict = {"done": False, "latencies": [], "outcome": None, "n": 0}

    def finished(outcome) -> None:
        state["done"], state["outcome"] = True, outcome
        state["seconds"] = time.perf_counter() - state["t0"]

    def search() -> None:
        if state["done"]:
            app.quit()
            return
        state["n"] += 1
        text = TEXT[:1 + state["n"] % len(TEXT)]
        t = time.perf_counter()
        worker.submit(lambda store, job: store.student_overview(text, limit=200),
                      lambda rows: state["latencies"].append((time.perf_counter() - t) * 1000), owner=owner)

    state["t0"] = time.perf_counter()
    if a.mode == "one-job":
        worker.submit(lambda store, job: sync_client.sync(store), finished, finished, owner=owner)
    else:
        from ui.sync_controller import _Stages

        _Stages(worker, sync_client.session().steps(), owner, finished, finished).advance()
    timer = QTimer(interval=50)
    timer.timeout.connect(search)
    timer.start()
    app.exec()
    worker.shutdown()
    out = state["outcome"]
    lat = sorted(state["latencies"])
    print("result " + json.dumps({
        "ok": not isinstance(out, BaseException), "error": str(out) if isinstance(out, BaseException) else "",
        "sent": getattr(out, "sent", 0), "seconds": round(state["seconds"], 2), "searches": len(lat),
        "p50": round(statistics.median(lat), 1) if lat else None,
        "p95": round(lat[int(len(lat) * 0.95) - 1], 1) if lat else None,
        "max": round(lat[-1], 1) if lat else None}), flush=True)
    return 0


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "client":
        return client_main(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--students", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--link", default="256,300,0.02", help="RATE_KBIT,DELAY_MS,LOSS")
    ap.add_argument("--mode", choices=("stages", "one-job"), default="stages")
    ap.add_argument("--code", default=str(ROOT), help="the checkout the device process runs")
    a = ap.parse_args()
    import sync_slowlink as S

    netctx = S.load_netctx()
    tmp = Path(tempfile.mkdtemp(prefix="songmay-search-sync-"))
    template = tmp / "template"
    t = time.perf_counter()
    code = Path(a.code).resolve()
    S.ROOT = code  # the server, the enrolment and the device all run that checkout's code
    records = int(subprocess.run(
        [S.PY, "-c", "import sys; from pathlib import Path; sys.path.insert(0, 'bench'); import sync_slowlink as S; "
         f"print(S.make_device(Path({str(template)!r}), {a.students}, {a.seed}))"],
        cwd=code, env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True,
        check=True).stdout.split()[-1])
    print(f"device store: {a.students} demo students = {records} records ({time.perf_counter() - t:.1f} s); "
          f"link {a.link}; mode {a.mode}; code {a.code}; uptime: {S.uptime()}", flush=True)
    net = netctx.make_net(a.link)
    try:
        run = S.Run(net, tmp)
        run.env = {**run.env, "PYTHONPATH": str(code)}
        device = tmp / "device"
        shutil.copytree(template, device)
        run.start_server()
        run.enrol(device)
        m = run.measure([S.PY, str(Path(__file__).resolve()), "client", "--data-dir", str(device),
                         "--mode", a.mode])
        run.stop_server()
    finally:
        net.close()
        shutil.rmtree(tmp, ignore_errors=True)
    lines = [ln for ln in m["stdout"].splitlines() if ln.startswith("result ")]
    if not lines:
        print(m["stderr"][-2000:])
        return 1
    r = json.loads(lines[-1][len("result "):])
    print(f"sync: sent {r['sent']} of {records} in {r['seconds']} s ({'ok' if r['ok'] else r['error']}); "
          f"{r['searches']} searches during it; {m['bytes']:,} IP bytes")
    print(f"search during sync ({a.mode}): p50 {r['p50']} ms, p95 {r['p95']} ms, max {r['max']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
