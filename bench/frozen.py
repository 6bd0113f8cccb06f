"""The teacher's folder: its size, and the frozen app's cold start to a usable window
offscreen, with 30,000 demo students (targets: <= 200 MB, <= 2 s).

    python bench/frozen.py [--folder dist/SongMay] [--students 30000] [--runs 5] [--data-dir DIR] [--source]

Without --folder, builds the folder with build.spec (or reuses the one in build/frozen/
built from the same sources: tools/frozen.py). The demo data are made by the frozen app
itself when the data folder has fewer students. Each run is a fresh process of
``songmay-cli --self-check``, timed from spawn to its "main window is ready" line: the
students table has its first rows and the count of all students (as bench/startup.py).
One untimed run first (it applies any pending migration). Also prints the CPU time the
process had used when ready (less sensitive than wall time to other work on the machine).
Prints the figures last.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.frozen import ensure_build, executable, folder_size  # noqa: E402

MB = 1024 * 1024


SOURCE = [sys.executable, "-m", "songmay"]


def env(cmd: list[str]) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k not in ("SONGMAY_DATA_DIR", "PYTHONPATH")}
    e["QT_QPA_PLATFORM"] = "offscreen"
    if cmd == SOURCE:
        e["PYTHONPATH"] = str(ROOT)
    return e


def ensure_data(cmd: list[str], folder: Path, students: int) -> None:
    done = subprocess.run([*cmd, "status", "--json", "--data-dir", str(folder)],
                          capture_output=True, text=True, env=env(cmd))
    have = json.loads(done.stdout)["students"] if done.returncode == 0 else 0
    if have >= students:
        return
    t = time.perf_counter()
    subprocess.run([*cmd, "demo", "--students", str(students), "--data-dir", str(folder)],
                   check=True, env=env(cmd), stdout=subprocess.DEVNULL)
    print(f"demo data: {students} students in {time.perf_counter() - t:.1f} s", flush=True)


def cold_start(cmd: list[str], folder: Path) -> tuple[float, float]:
    """(seconds from spawn to the usable window, CPU seconds the process had used by then)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([*cmd, "--self-check", "--data-dir", str(folder), "--lang", "en"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(cmd))
    ready = cpu = None
    for line in proc.stdout:
        if "main window is ready" in line and ready is None:
            ready = time.perf_counter() - t0
            cpu = float(re.search(r"used ([\d.]+) s of CPU", line).group(1))
    err = proc.stderr.read()
    if proc.wait() != 0 or ready is None:
        raise SystemExit(f"the self-check failed (exit {proc.returncode}): {err.strip()}")
    return ready, cpu


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--folder", type=Path, help="a built folder (default: build or reuse build/frozen)")
    p.add_argument("--students", type=int, default=30_000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--data-dir", type=Path, default=Path("/tmp/songmay-bench-30k"))
    p.add_argument("--source", action="store_true",
                   help="for comparison: the same runs from source (python -m songmay), the folder unbuilt")
    args = p.parse_args()
    if args.source:
        cmd, size_mb = SOURCE, 0.0
    else:
        t = time.perf_counter()
        folder = args.folder or ensure_build()
        print(f"folder: {folder} ({time.perf_counter() - t:.1f} s to build or find)", flush=True)
        cmd, size_mb = [str(executable(folder))], folder_size(folder) / MB
    ensure_data(cmd, args.data_dir, args.students)
    cold_start(cmd, args.data_dir)  # untimed: migrations, if any, and the file cache
    times, cpus = [], []
    for i in range(args.runs):
        wall, cpu = cold_start(cmd, args.data_dir)
        times.append(wall)
        cpus.append(cpu)
        print(f"run {i + 1}: usable window in {wall:.2f} s ({cpu:.2f} s CPU; load {os.getloadavg()[0]:.1f})",
              flush=True)
    print(f"{'source' if args.source else 'frozen'}: folder {size_mb:.0f} MB, cold start median "
          f"{statistics.median(times):.2f} s "
          f"(min {min(times):.2f}, max {max(times):.2f}; CPU {statistics.median(cpus):.2f} s) to a usable "
          f"window offscreen, {args.students} students (targets <= 200 MB, <= 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
