"""Finding 13: with PostgreSQL stopped the server answered 500 and ``songmay sync`` gave up
at once. Now: 503 with Retry-After, in words, and the device waits and tries again."""

from __future__ import annotations

import json
import threading
import time

import requests

from app import sync_state
from app.records import Unit
from app.store import Store
from sync import client
from tests.e2e.conftest import need_postgres
from tests.helpers import factories as f
from tests.helpers.servers import server_cli, start_postgres, start_server


def test_a_stopped_database_is_a_503_and_the_device_syncs_once_it_is_back(tmp_path):
    need_postgres()
    pg = start_postgres()
    try:
        url = pg.create_database("down")
        srv = start_server(url)
        try:
            school = Store.open(tmp_path / "school")
            school.set_unit(Unit(code="TH-DOWN", name="Trường TH Nậm Cha", level="TH", commune_code="03388"), "t")
            code = server_cli(url, "enrol", "--unit", "TH-DOWN", "--name", "Trường TH Nậm Cha", "--level", "TH",
                              "--commune", "03388").stdout.strip()
            client.enrol(school, srv.url, code)
            kid = f.student(school, full_name="Lò Thị Ánh")

            pg.pause()
            resp = requests.post(srv.url + "/api/v1/sync/hello", json={"protocol": 1, "summary": {}}, timeout=30,
                                 headers={"Authorization": f"Bearer {sync_state.enrolment(school).token}"})
            assert resp.status_code == 503 and int(resp.headers["Retry-After"]) > 0
            assert resp.json()["error"] == "server.database_unavailable" and "cơ sở dữ liệu" in resp.json()["message"]

            threading.Timer(4.0, pg.resume).start()  # the database comes back while the device waits
            started = time.monotonic()
            report = client.sync(school, attempts=6, backoff=1.0)
            assert time.monotonic() - started >= 3.0 and report.attempts >= 1
            assert report.pending == 0 and school.pending_changes(sync_state.SERVER) == 0
            status = json.loads(server_cli(url, "status", "--json").stdout)
            assert status["records"]["student"] == 1 and kid.id
        finally:
            srv.stop()
    finally:
        pg.stop()
