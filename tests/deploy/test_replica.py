"""The read replica of docs/deploy.md: a real streaming replica (``pg_basebackup -R``, as
deploy/postgresql/make-replica.sh makes it) and ``songmay-server serve --read-db`` on it.
The public pages and the reports read from the replica, and they work there (read-only
transactions). Sync, accounts and the registry stay on the primary. While the replica's
replay is paused, a school just registered is on the primary's registry page and not yet
in the replica's figures. Once the replay resumes, it is in both."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
import requests

from server.storage import ServerStore
from tests.helpers.servers import ROOT, _pg_bin, free_port, postgres_unavailable, start_postgres

pytestmark = pytest.mark.deploy
OPERATOR = ("so.gddt", "mật khẩu của Sở GD&ĐT")


@pytest.fixture(scope="module")
def primary_and_replica(tmp_path_factory):
    reason = postgres_unavailable() or (None if _pg_bin("pg_basebackup") else "pg_basebackup is not installed")
    if reason:
        if os.environ.get("SONGMAY_REQUIRE_POSTGRES") or os.environ.get("SONGMAY_REQUIRE_DEPLOY"):
            pytest.fail(f"the replica test must run here but: {reason}")
        pytest.skip(reason)
    pg = start_postgres()
    folder = Path(tempfile.mkdtemp(prefix="songmay-replica-"))
    if pg._as:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    try:
        url = pg.create_database("songmay")
        subprocess.run([*pg._as, _pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres",
                        "-D", str(folder / "data"), "--write-recovery-conf", "--wal-method=stream",
                        "--checkpoint=fast"], check=True, capture_output=True, timeout=120)
        for attempt in range(3):  # a free port may be taken by another process meanwhile
            port = port if attempt == 0 else free_port()
            opts = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c hot_standby=on -c fsync=off "
                    "-c max_connections=200")  # a standby needs at least the primary's
            started = subprocess.run([*pg._as, _pg_bin("pg_ctl"), "-D", str(folder / "data"), "-o", opts, "-l",
                                      str(folder / "log"), "-w", "-t", "60", "start"], capture_output=True,
                                     timeout=90)
            if started.returncode == 0:
                break
        else:
            pytest.fail("the replica did not start:\n" + (folder / "log").read_text(errors="replace")[-3000:])
        yield url, url.replace(f":{pg.port}/", f":{port}/")
    finally:
        subprocess.run([*pg._as, _pg_bin("pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
        pg.stop()


@pytest.fixture(scope="module")
def server(primary_and_replica, tmp_path_factory):
    primary, replica = primary_and_replica
    folder = tmp_path_factory.mktemp("server")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SONGMAY_SERVER_KEY_FILE": str(folder / "province.key"),
           "SONGMAY_PUBLIC_MAX_AGE": "0"}  # no page kept: each answer reads the replica now
    os.environ["SONGMAY_SERVER_KEY_FILE"] = env["SONGMAY_SERVER_KEY_FILE"]
    store = ServerStore.open(primary)
    store.add_account(OPERATOR[0], "province", OPERATOR[1])
    store.close()
    port = free_port()
    log = open(folder / "server.log", "ab")  # noqa: SIM115 - the process writes to it until stopped
    proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--db", primary, "--read-db", replica,
                             "--port", str(port), "--log-level", "warning"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    log.close()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(requests.RequestException):
                if requests.get(url + "/health", timeout=2).ok:
                    break
            assert proc.poll() is None and time.monotonic() < deadline, (folder / "server.log").read_text()[-3000:]
            time.sleep(0.1)
        yield url, primary, replica
    finally:
        proc.terminate()
        proc.wait(15)
        os.environ.pop("SONGMAY_SERVER_KEY_FILE", None)


def register(url: str, code: str) -> None:
    resp = requests.post(url + "/api/v1/admin/units", auth=(OPERATOR[0].encode(), OPERATOR[1].encode()), timeout=30,
                         json={"code": code, "name": f"Trường TH {code}", "level": "TH", "commune_code": "03388"})
    assert resp.status_code in (200, 201), resp.text


def on_replica(replica: str, code: str, seconds: float = 30) -> None:
    with psycopg.connect(replica, autocommit=True) as conn:
        deadline = time.monotonic() + seconds
        while not conn.execute("SELECT 1 FROM units WHERE code = %s", (code,)).fetchone():
            assert time.monotonic() < deadline, f"{code} never reached the replica"
            time.sleep(0.05)


def test_the_public_pages_and_reports_read_the_replica_and_the_registry_the_primary(server):
    url, _primary, replica = server
    register(url, "THRP1")
    on_replica(replica, "THRP1")
    page = requests.get(url + "/cong-khai/truong/THRP1/du-lieu.json", timeout=30)
    assert page.status_code == 200, page.text
    auth = (OPERATOR[0].encode(), OPERATOR[1].encode())
    report = requests.get(url + "/api/v1/admin/reports/needs", params={"unit": "THRP1", "format": "xlsx"},
                          auth=auth, timeout=60)
    assert report.status_code == 200, report.text

    with psycopg.connect(replica, autocommit=True) as conn:
        conn.execute("SELECT pg_wal_replay_pause()")
        try:
            register(url, "THRP2")  # on the primary, at once
            codes = [u["code"] for u in requests.get(url + "/api/v1/admin/units", auth=auth, timeout=30).json()]
            assert "THRP2" in codes
            assert requests.get(url + "/cong-khai/truong/THRP2/du-lieu.json", timeout=30).status_code == 404
        finally:
            conn.execute("SELECT pg_wal_replay_resume()")
    on_replica(replica, "THRP2")
    assert requests.get(url + "/cong-khai/truong/THRP2/du-lieu.json", timeout=30).status_code == 200
