"""Property (hypothesis): three devices of a school edit the same children and sync with the
server's real storage in random order — sometimes with each other directly (an officer's
stick, a cable), sometimes cut off mid-transfer — and always converge on the same rows,
the server included, with no version lost (kept, reviewed as a conflict, or superseded).

The server here is ``server.storage.ServerStore`` on a SQLite file, called in-process
through the same hello/push calls the HTTP API makes: hundreds of examples would take
too long through a process; the HTTP layer has its own tests (test_sync_http.py)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import initialize, rule

from app import changes as C
from app.errors import SyncError
from app.records import KINDS
from server.storage import ServerStore
from sync import client
from sync.protocol import read_batch
from tests.unit.test_changes import SyncMachine, rows, run_machine


class InProcess:
    """``sync.client.Client``'s calls, answered by a ServerStore directly; ``cut_after``
    frames or pushes, the link drops."""

    url = "inprocess://server"
    link = None  # no link measured: the default encoding (sync.client.Client.link)

    def __init__(self, server: ServerStore, token: str = ""):
        self.server = server
        self.token = token
        self.cut_after: int | None = None

    def _tick(self) -> None:
        if self.cut_after is not None:
            if self.cut_after <= 0:
                raise SyncError("sync.offline", url=self.url)
            self.cut_after -= 1

    def enrol(self, code: str, **kw: Any) -> dict[str, Any]:
        return self.server.enrol(code, **kw)

    def hello(self, summary, batch_bytes=4096, conflicts=None):
        device = self.server.authenticate(self.token)
        self._tick()
        header, batches = self.server.hello(device, summary, batch_bytes=batch_bytes, conflicts=conflicts)
        yield "header", json.loads(json.dumps(header))
        for data in batches:
            self._tick()
            yield "batch", data

    def push(self, data: bytes) -> dict[str, Any]:
        device = self.server.authenticate(self.token)
        self._tick()
        return json.loads(json.dumps(self.server.push(device, read_batch(data))))

    def close(self) -> None:
        pass


def server_rows(server: ServerStore) -> dict[str, dict]:
    out = {}
    with server.engine.connect() as conn:
        for cls in KINDS.values():
            for r in conn.exec_driver_sql(f"SELECT * FROM {cls.TABLE}"):
                out[r._mapping["id"]] = dict(r._mapping)
    return out


class ServerSyncMachine(SyncMachine):
    @initialize()
    def setup(self):
        super().setup()
        self.server = ServerStore.open(f"sqlite:///{self.tmp / 'server.db'}")
        self.clients = []
        u = self.stores[0].unit()
        self.server.add_unit(u.code, u.name, level=u.level, commune_code=u.commune_code)  # the registry's
        for store in self.stores:
            code, _ = self.server.issue_code(store.unit().code)
            c = InProcess(self.server)
            client.enrol(store, c.url, code, client=c)
            c.token = json.loads(store._meta("sync_enrolment"))["token"]
            self.clients.append(c)
        for store in self.stores:  # each holds the registry's one write (its unit), and says so to
            C.record_received_summary(store, {"server": 1})  # the others in the direct transfers

    def teardown(self):
        if hasattr(self, "server"):
            self.server.close()
        super().teardown()

    def sync(self, src, dst, cut):  # noqa: D102 - not a rule here (see below)
        """No direct transfers between the school's computers in this machine: in the product
        a computer's versions reach another only through the province (a pull, an
        acknowledgement), and the province takes each computer's writes from that computer
        alone. Two computers that merged each other's writes directly, before either reached
        the province, would each hold a version the province cannot vouch for (deferred)."""

    @rule(s=st.integers(0, 2), cut=st.none() | st.integers(0, 6))
    def sync_with_server(self, s, cut):
        c = self.clients[s]
        c.cut_after = cut
        try:
            client.sync(self.stores[s], client=c, attempts=1, batch_bytes=4096)
        except SyncError as e:
            assert e.key == "sync.offline"
        finally:
            c.cut_after = None

    def teardown_check(self):
        for _ in range(2):
            for s in range(3):
                client.sync(self.stores[s], client=self.clients[s], batch_bytes=4096)
        there = server_rows(self.server)
        mine = rows(self.stores[0])
        assert {k: (v["_vv"], v["_inst"], v["_ctr"]) for k, v in there.items()} == \
               {k: (v["_vv"], v["_inst"], v["_ctr"]) for k, v in mine.items()}
        for store in self.stores:
            assert store.pending_changes("server") == 0
        super().teardown_check()  # the stores agree (after direct transfers too) and lost nothing


def test_devices_and_server_converge_and_lose_nothing(tmp_path):
    run_machine(ServerSyncMachine, tmp_path, examples=25, steps=20)
