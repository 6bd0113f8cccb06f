"""Benchmark: USB bundles (issue 5) — export of 30,000 records, import of 100 bundles of 300.

Real stores filled with demo data: one school of ~30,000 records (15,900 demo students),
and 100 schools of ~300 records (150 students each) whose bundles a commune officer
imports from one folder, as from a stick. The keys are set as enrolment would leave them
(each school knows the province's and the officer's public keys, the officer knows the
schools' installations), without a server: the server plays no part in either figure.

    python bench/usb.py                                   # stores in a temp folder (~2 min to make)
    python bench/usb.py --cache /tmp/songmay-bench-usb    # keeps the school stores for the next run

Export is timed from the store to the file fsynced on disk (``sync.usb.export_bundle``);
import from the folder to every bundle merged and committed, its original kept, per-school
counts and duplicates worked out (``sync.usb.import_bundles``), into a fresh officer store.
Each is run ``--runs`` times; the median wall time is the figure (the CPU time of the
process is printed beside it: on a shared machine it shows what a quiet one would take).
Targets (DESIGN §7): export ≤ 3 s, import ≤ 5 s. The last line holds both.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nacl.signing import SigningKey  # noqa: E402

from app import demo, sync_state  # noqa: E402
from app.records import KINDS, Unit  # noqa: E402
from app.store import Store  # noqa: E402
from sync import keys, usb  # noqa: E402

COMMUNE = "03388"
PROVINCE = bytes(SigningKey.generate().verify_key).hex()


def records(store: Store) -> int:
    return sum(store.conn.execute(f"SELECT count(*) FROM {cls.TABLE}").fetchone()[0] for cls in KINDS.values())


def school(folder: Path, code: str, students: int, seed: int) -> Store:
    fresh = not (folder / "songmay.db").exists()
    s = Store.open(folder)
    if fresh:
        s.set_unit(Unit(code=code, name=f"Trường PTDTBT TH {code}", level="TH", commune_code=COMMUNE), "bench")
        demo.generate(s, students=students, seed=seed)
    return s


def enrol(store: Store, scope: list[str], readers: list[dict], devices: list[dict]) -> None:
    """What enrolment and a sync leave in the store: unit, scope and the others' keys."""
    unit = store.unit()
    sync_state.save_enrolment(store, sync_state.Enrolment(
        url="http://127.0.0.1:9", token="", device_id=store.instance_id, unit_id=unit.id, unit_code=unit.code,
        scope=scope, server_key=PROVINCE))
    sync_state.save_keys(store, readers, devices)


def device(store: Store) -> dict:
    unit = store.unit()
    return {"id": store.instance_id, "unit_id": unit.id, "unit_code": unit.code,
            "public_key": keys.public_key_hex(store), "revoked": False}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", default="", help="folder keeping the school stores between runs")
    ap.add_argument("--records", type=int, default=30_000, help="records of the exporting school")
    ap.add_argument("--bundles", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    cache = Path(args.cache) if args.cache else Path(tempfile.mkdtemp(prefix="songmay-bench-usb-"))
    work = Path(tempfile.mkdtemp(prefix="songmay-bench-usb-run-"))
    try:
        return run(args, cache, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not args.cache:
            shutil.rmtree(cache, ignore_errors=True)


def run(args: argparse.Namespace, cache: Path, work: Path) -> int:
    t = time.perf_counter()
    big = school(cache / "big", "THBIG", int(args.records / 1.89), seed=11)
    small = [school(cache / f"s{i:03d}-150", f"TH{i:03d}", 150, seed=100 + i) for i in range(args.bundles)]
    sizes = [records(s) for s in small]
    print(f"stores: {records(big)} records at one school; {len(small)} schools of {min(sizes)}–{max(sizes)} "
          f"records ({sum(sizes)} in all); ready in {time.perf_counter() - t:.1f} s")

    def officer(n: int) -> tuple[Store, list[dict]]:
        """A fresh commune officer, and the readers a school of the commune is told of."""
        o = Store.open(work / f"officer{n}")
        o.set_unit(Unit(code=f"XA-{COMMUNE}", name="UBND xã Nậm Cha", kind="commune", commune_code=COMMUNE), "bench")
        return o, [{"id": "server", "kind": "server", "unit_code": "", "public_key": PROVINCE},
                   {"id": o.instance_id, "kind": "officer", "unit_code": o.unit().code,
                    "public_key": keys.public_key_hex(o)}]

    _o, readers = officer(-1)
    enrol(big, [big.unit_id], readers, [])
    export_s = []
    for n in range(args.runs):
        t, cpu = time.perf_counter(), time.process_time()
        done = usb.export_bundle(big, work / f"stick-big-{n}")
        export_s.append(time.perf_counter() - t)
        print(f"export: {done.records} records, {done.size:,} bytes ({done.size / done.records:.0f} B/record) "
              f"in {export_s[-1]:.2f} s (CPU {time.process_time() - cpu:.2f} s) -> {done.path.name}")

    import_s = []
    for n in range(args.runs):
        o, readers = officer(n)
        stick = work / f"stick{n}"
        for s in small:
            enrol(s, [s.unit_id], readers, [])
            usb.export_bundle(s, stick)
        files = sorted(stick.glob("*.smb"))
        enrol(o, [o.unit_id, *(s.unit_id for s in small)], readers[:1], [device(s) for s in small])
        t, cpu = time.perf_counter(), time.process_time()
        report = usb.import_bundles(o, [stick])
        import_s.append(time.perf_counter() - t)
        cpu = time.process_time() - cpu
        merged = sum(sc.new + sc.changed for b in report.bundles for sc in b.schools)
        dups = sum(sc.duplicates for b in report.bundles for sc in b.schools)
        assert report.count("imported") == len(files), report.as_dict()
        print(f"import: {len(files)} bundles ({sum(f.stat().st_size for f in files):,} bytes), {merged} records, "
              f"{dups} children also active at another school, in {import_s[-1]:.2f} s (CPU {cpu:.2f} s)")
        o.close()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"usb: export {records(big)} records {statistics.median(export_s):.2f} s, import {len(files)} bundles "
          f"of ~{round(sum(sizes) / len(sizes))} {statistics.median(import_s):.2f} s "
          f"(targets ≤ 3 s, ≤ 5 s; load {load:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
