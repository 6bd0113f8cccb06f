"""Cold start of the desktop app to a usable main window, and its peak memory, with
30,000 demo students (targets: <= 1.5 s, <= 200 MB).

    python bench/startup.py [--students 30000] [--runs 3] [--data-dir DIR]

"Usable" means: the main window is shown and its first screen, the students table, has
its first rows and the count of all students (what a teacher sees before the first click;
the dashboard reads its figures when it is opened).
Each run is a fresh process (interpreter start and imports included), timed from the
parent's spawn to the child's "ready" line. Prints the median last.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication  # noqa: E402

from app.store import Store  # noqa: E402
from ui.main import make_app, start  # noqa: E402


def ensure_data(folder: Path, students: int) -> None:
    from app.demo import generate  # noqa: PLC0415 (the parent only: the timed child imports what the app does)

    with Store.open(folder) as store:
        if not store.users():
            store.add_user("Lò Thị Hoa", "head", "1234")  # one user: no sign-in dialog
        have = store.status()["students"]
        if have >= students:
            return
        t = time.perf_counter()
        generate(store, students=students, seed=1)
        print(f"demo data: {students} students in {time.perf_counter() - t:.1f} s", flush=True)


def child(folder: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # read when the application is made
    make_app()
    worker, window = start(folder, "vi")
    window.show()
    students = window.pages["students"]  # the first screen
    loaded: list[int] = []
    students.model.loaded.connect(loaded.append)
    while not loaded:  # the first rows and the count are in: the teacher can work
        QCoreApplication.processEvents()
        time.sleep(0.001)
    total = loaded[0]
    print("READY", flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak_mb": peak_mb, "students": total}), flush=True)
    window.close()
    worker.shutdown()


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--students", type=int, default=30_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--data-dir", type=Path, default=Path("/tmp/songmay-bench-30k"))
    p.add_argument("--child", type=Path)
    args = p.parse_args()
    if args.child:
        child(args.child)
        return 0
    ensure_data(args.data_dir, args.students)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    times, peaks = [], []
    for i in range(args.runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(args.data_dir)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        ready = None
        for line in proc.stdout:
            if line.startswith("READY") and ready is None:
                ready = time.perf_counter() - t0
            elif line.startswith("{"):
                peaks.append(json.loads(line)["peak_mb"])
        proc.wait()
        if ready is None:
            print(f"run {i + 1}: the app did not become ready (exit {proc.returncode})")
            return 1
        times.append(ready)
        print(f"run {i + 1}: ready in {ready:.2f} s, peak memory {peaks[-1]:.0f} MB")
    print(f"startup: median {statistics.median(times):.2f} s to a usable window, "
          f"peak memory {max(peaks):.0f} MB, {args.students} students (targets <= 1.5 s, <= 200 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
