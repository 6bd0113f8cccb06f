"""The server process is killed (SIGKILL) at random points of a push of thousands of records,
again and again; after each resume the server holds each record exactly once, each version
was applied exactly once, and the device's pending count reaches zero."""

from __future__ import annotations

import json
import random
import threading

import pytest
from sqlalchemy import text

from app import demo, sync_state
from app.errors import SyncError
from app.records import KINDS, Unit
from app.store import Store
from server.storage import make_engine
from sync import client
from tests.helpers.servers import server_cli, start_server

pytestmark = pytest.mark.slow


def device_rows(store: Store) -> dict[tuple[str, str], str]:
    out = {}
    for kind, cls in KINDS.items():
        for r in store.conn.execute(f"SELECT id, _vv FROM {cls.TABLE}"):
            out[(kind, r["id"])] = r["_vv"]
    return out


def server_rows(url: str) -> dict[tuple[str, str], str]:
    engine = make_engine(url)
    out = {}
    with engine.connect() as conn:
        for kind, cls in KINDS.items():
            for r in conn.execute(text(f"SELECT id, _vv FROM {cls.TABLE}")):
                out[(kind, r[0])] = r[1]
        repeated = conn.execute(text(
            "SELECT record_id, instance, counter, count(*) FROM audit "
            "GROUP BY record_id, instance, counter HAVING count(*) > 1")).all()
    engine.dispose()
    assert repeated == [], "a version was applied more than once"
    return out


def test_push_resumes_exactly_after_the_server_is_killed_again_and_again(server_db, tmp_path):
    store = Store.open(tmp_path / "school")
    store.set_unit(Unit(code="THFAULT", name="Trường PTDTBT TH Ka Lăng", level="TH", commune_code="03388"), "t")
    # enough records that eight kills, each up to 20 ms late, land before the push's end even
    # at 12,000 records/s on loopback (with 1,200 children a faster merge once finished first)
    demo.generate(store, students=2400, seed=3)
    total = store.pending_changes(sync_state.SERVER)
    assert total > 4000

    srv = start_server(server_db)
    try:
        code = server_cli(server_db, "enrol", "--unit", "THFAULT", "--name", "Trường PTDTBT TH Ka Lăng",
                          "--level", "TH", "--commune", "03388").stdout.strip()
        client.enrol(store, srv.url, code)
        rng = random.Random(20261122)
        interrupted = 0
        for _ in range(8):
            # kill after a random number of acknowledged batches, a random moment later: while
            # the next batch is on the wire, being applied, or its acknowledgement is on its way
            after = rng.randint(1, 3)
            killers: list[threading.Timer] = []
            before, acked = store.pending_changes(sync_state.SERVER), []

            def progress(stage, done, _total, after=after, killers=killers, acked=acked):
                if stage == "push":
                    acked.append(done)
                if stage == "push" and not killers and done >= after * 60:
                    killers.append(threading.Timer(rng.uniform(0, 0.02), srv.stop,  # noqa: B023 (started at once)
                                                   kwargs={"kill": True}))
                    killers[0].start()

            try:
                client.sync(store, attempts=1, batch_bytes=4 * 1024, progress=progress)
            except SyncError as e:
                assert e.key in ("sync.offline", "sync.timeout", "sync.server_error"), e.key
                interrupted += 1
            for k in killers:
                k.join()
            pending = store.pending_changes(sync_state.SERVER)
            assert 0 < pending <= total
            if acked and max(acked) > 0:  # batches acknowledged before the kill count as sent at once
                assert pending < before, (pending, before, max(acked))
            srv = srv.restart()
        assert interrupted >= 6, "the kills should land during the pushes"
        report = client.sync(store)
        assert report.pending == 0 and store.pending_changes(sync_state.SERVER) == 0
    finally:
        srv.stop()

    mine, theirs = device_rows(store), server_rows(server_db)
    assert set(theirs) == set(mine)  # every record there, none twice (primary keys), nothing else
    assert {k: json.loads(v) for k, v in theirs.items()} == {k: json.loads(v) for k, v in mine.items()}
    store.close()
