"""Benchmark: student search over a large store (issue 2).

Creates a store with demo students (or reuses one given with --data-dir), then times
``Store.search_students(q, limit=200)`` for queries typed without accents, and the
keystroke sequence "n", "ng", ... "nguyen thi anh" as a search-as-you-type box sends it.

    python bench/search.py                      # 30,000 students in a temporary folder
    python bench/search.py --data-dir /tmp/b30  # generate once, reuse afterwards

The last line is the worst per-query median, for CI logs and docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.demo import generate  # noqa: E402
from app.records import Student  # noqa: E402
from app.store import Store  # noqa: E402
from ui.models import StudentsModel  # noqa: E402
from ui.operations import Operations  # noqa: E402
from ui.tasks import DbWorker  # noqa: E402

TARGET_MS = 30.0
QUERIES = [
    "nguyen thi anh",  # a full name: several children
    "dang",  # a family name, matches Đặng
    "lo van",  # the commonest Thái boys' names
    "giang seo",  # H'Mông boys
    "4a",  # a class
    "0122",  # the start of a personal ID (Lai Châu, boy born in the 2000s)
    "a",  # one letter: nearly everyone matches, the sort and the limit do the work
    "xyzkhongco",  # no hit: a full scan
]
TYPED = "nguyen thi anh"


def timed(store: Store, query: str, repeat: int) -> tuple[list[float], int]:
    hits = len(store.search_students(query, limit=200))  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        store.search_students(query, limit=200)
        times.append((time.perf_counter() - t) * 1000)
    return times, hits


def table_keystrokes(folder: Path, repeat: int) -> float:
    """The students screen: time from a keystroke's query to the table holding the
    matching rows (SQL on the database thread + the model reset on the GUI thread)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # read when the application is made
    app = QApplication.instance() or QApplication([])  # noqa: F841 - keeps Qt alive
    worker = DbWorker(lambda: Store.open(folder))
    unit = worker.call(lambda st: st.unit_id)
    model = StudentsModel(Operations(SimpleNamespace(worker=worker)), unit)
    done: list[int] = []
    shown: list[float] = []
    model.loaded.connect(done.append)
    model.rows_ready.connect(lambda: shown.append(time.perf_counter()))

    def one(q: str) -> float:
        """ms from the query to its rows in the table (the count follows just after)."""
        done.clear()
        shown.clear()
        t = time.perf_counter()
        model.set_query(q)
        while not done:
            QCoreApplication.processEvents()
        return (shown[0] - t) * 1000

    print(f"\nstudents table, ms from a keystroke's query to its rows in the table ({TYPED!r}):")
    worst = 0.0
    one("")  # warm-up
    for i in range(1, len(TYPED) + 1):
        q = TYPED[:i]
        if q.endswith(" "):
            continue
        times = [one(q) for _ in range(repeat)]
        med = statistics.median(times)
        worst = max(worst, med)
        print(f"{q!r:<18}{done[0]:>6}{med:>12.1f}{max(times):>10.1f}")
    times = [one("") for _ in range(3)]
    print(f"{'(all students)':<18}{done[0]:>6}{statistics.median(times):>12.1f}{max(times):>10.1f}")
    worker.shutdown()
    return worst


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--students", type=int, default=30000)
    p.add_argument("--schools", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=7, help="timed runs per query after one warm-up")
    p.add_argument("--data-dir", help="reuse (or create) the store here instead of a temporary folder")
    p.add_argument("--no-table", dest="table", action="store_false",
                   help="skip the desktop table (students screen) measurement")
    args = p.parse_args(argv)

    tmp = None
    folder = Path(args.data_dir) if args.data_dir else Path(tmp := tempfile.mkdtemp(prefix="songmay-bench-"))
    store = Store.open(folder)
    try:
        have = store.count(Student)
        if have >= args.students:
            print(f"demo: reusing {folder} with {have} students")
        else:
            if have:
                print(f"demo: {folder} holds only {have} students, adding {args.students - have}")
            t = time.perf_counter()
            generate(store, students=args.students - have, seed=args.seed, schools=args.schools)
            print(f"demo: generated {args.students - have} students ({args.schools} school(s)) "
                  f"in {time.perf_counter() - t:.1f} s")
        total = store.count(Student)

        print(f"\n{'query':<18}{'hits':>6}{'median ms':>12}{'max ms':>10}")
        medians: dict[str, float] = {}
        for q in QUERIES:
            times, hits = timed(store, q, args.repeat)
            medians[q] = statistics.median(times)
            print(f"{q!r:<18}{hits:>6}{medians[q]:>12.1f}{max(times):>10.1f}")

        print(f"\nsearch as you type {TYPED!r}, one query per keystroke:")
        typing_total = 0.0
        for i in range(1, len(TYPED) + 1):
            q = TYPED[:i]
            if q.endswith(" "):
                continue  # a trailing space folds to the same query as before it
            times, hits = timed(store, q, args.repeat)
            medians[f"typed:{q}"] = statistics.median(times)
            typing_total += medians[f"typed:{q}"]
            print(f"{q!r:<18}{hits:>6}{medians[f'typed:{q}']:>12.1f}{max(times):>10.1f}")
        print(f"all keystrokes together: {typing_total:.1f} ms")

        worst_q = max(medians, key=medians.get)
        store.close()
        table_worst = table_keystrokes(folder, args.repeat) if args.table else None
        print(f"\nslowest: {worst_q!r}")
        print(f"search: worst median {medians[worst_q]:.1f} ms per query over {total} students "
              f"(target <= {TARGET_MS:.0f} ms)")
        if table_worst is not None:
            print(f"table: worst median {table_worst:.1f} ms per keystroke to refill the students table "
                  f"over {total} students (target <= {TARGET_MS:.0f} ms)")
    finally:
        store.close()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
