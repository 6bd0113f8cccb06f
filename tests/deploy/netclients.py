"""The schools' side of tests/deploy/test_scale_out.py, run inside the proxy's network
namespace (``ip netns exec NS python -m tests.deploy.netclients …``), where nginx listens:
the test process itself stays in the host's namespace, beside PostgreSQL.

  wait URL...          until each URL answers 200 (the servers' /health, nginx's)
  sync SPEC.json       enrols (when the spec gives a code) and syncs every school at once,
                       one thread each, again and again until nothing is pending; prints
                       one JSON line: per school its attempts, errors, sent and received

Everything goes through the app's own client (``sync.client``): HTTPS, verified against
the test's CA (``SONGMAY_TEST_CA``: given at enrolment, as a province gives its own CA, and
kept by the installation; ``wait`` verifies with it too).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

import requests

from app import sync_state
from app.errors import SyncError
from app.store import Store
from sync import client


def wait(urls: list[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment
    session.verify = os.environ["SONGMAY_TEST_CA"]
    for url in urls:
        while True:
            try:
                if session.get(url, timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"no answer from {url}")
            time.sleep(0.1)


def sync_one(school: dict, url: str, batch_bytes: int, deadline: float, out: dict) -> None:
    rec: dict = {"attempts": 0, "errors": [], "sent": 0, "received": 0, "pending": None}
    out[school["code"]] = rec
    with Store.open(school["dir"]) as store:
        if school.get("enrol_code"):
            client.enrol(store, url, school["enrol_code"], ca_pem=Path(os.environ["SONGMAY_TEST_CA"]).read_text())
        while time.monotonic() < deadline:
            rec["attempts"] += 1
            try:
                report = client.sync(store, batch_bytes=batch_bytes, attempts=2, backoff=0.2)
            except SyncError as e:
                rec["errors"].append(e.key)
                time.sleep(0.3)
                continue
            rec["sent"] += report.sent
            rec["received"] += report.received
            rec["pending"] = store.pending_changes(sync_state.SERVER)
            if rec["pending"] == 0:
                return


def sync_all(spec: dict) -> dict:
    out: dict = {}
    deadline = time.monotonic() + spec.get("seconds", 60)

    def run(school: dict) -> None:
        try:
            sync_one(school, spec["url"], spec.get("batch_bytes", 16 * 1024), deadline, out)
        except Exception as e:  # noqa: BLE001 - reported to the test, which fails with it
            out.setdefault(school["code"], {})["crashed"] = f"{type(e).__name__}: {e}"

    threads = [threading.Thread(target=run, args=(s,)) for s in spec["schools"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def main(argv: list[str]) -> int:
    if argv[0] == "wait":
        wait(argv[1:])
        return 0
    if argv[0] == "sync":
        print(json.dumps(sync_all(json.loads(Path(argv[1]).read_text()))), flush=True)
        return 0
    raise SystemExit(f"unknown command {argv[0]!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
