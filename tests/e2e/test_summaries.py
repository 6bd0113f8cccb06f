"""The counts the server keeps as records merge (server/summaries.py) always equal a recount.

A hypothesis state machine: three schools of a commune write, change and delete children,
needs and devices; they sync (sometimes cut short), their USB bundles are relayed by the
commune's officer, and one school's computer is revoked. After every step the kept counts
equal a recount of every record, and at the end the needs report made from them equals the
same report counted over the records — for the province, the commune and each school.
The server runs in process on a SQLite file here (hundreds of steps); against PostgreSQL,
with pushes at once through a real server process, see the tests below the machine.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from app.errors import SongMayError, SyncError
from app.records import Device, Need, Student, Unit
from app.reports.model import Period
from app.reports.source import Source
from app.store import Store
from server import reports as server_reports
from server import summaries
from server.storage import ServerStore, _Conn
from sync import client, usb
from tests.e2e.test_sync_property import InProcess
from tests.helpers import factories as f
from tests.helpers.concurrent import sync_at_once

CLASSES = ["1A", "3B", "5A", "7A", "10C", ""]
ETHNICITIES = ["Kinh", "Mông", "Thái", ""]
HOUSEHOLDS = ["poor", "near_poor", "other_hardship", "none"]
MOVES = [("submit", "teacher"), ("verify", "head"), ("approve", "head")]


def differences(server: ServerStore) -> list[str]:
    with server.engine.connect() as conn:
        return summaries.differences(_Conn(conn))


def both_reports(server: ServerStore, code: str | None, period: Period) -> tuple[dict, dict]:
    """The needs report's tables from the kept counts and counted over the records."""
    out = []
    for kept in (True, False):
        with server_reports.source(server.engine) as src:
            plain = Source(src._run, grouping_sets=src.grouping_sets, summaries=kept)
            unit = server_reports.unit_of(plain, code)
            data = server_reports.build(plain, "needs", unit, period, detail=False)
        out.append({t.key: ([(r.key, r.values) for r in t.rows], t.totals) for t in data.tables})
    return out[0], out[1]


class CountsMachine(RuleBasedStateMachine):
    @initialize()
    def setup(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="counts-"))
        self.server = ServerStore.open(f"sqlite:///{self.tmp / 'server.db'}")
        self.stores: list[Store] = []
        self.clients: list[InProcess] = []
        self.revoked = False
        for n in range(3):
            code = f"TH-{n}"
            self.server.add_unit(code, f"Trường TH số {n}", level="TH", commune_code="03388")
            s, c = self._enrolled(code, Unit(code=code, name=f"Trường TH số {n}", level="TH",
                                             commune_code="03388"))
            self.stores.append(s)
            self.clients.append(c)
        self.server.add_unit("XA-03388", "UBND xã Nậm Cha", kind="commune", commune_code="03388")
        self.office, self.office_client = self._enrolled(
            "XA-03388", Unit(code="XA-03388", name="UBND xã Nậm Cha", kind="commune", commune_code="03388"))
        for s, c in zip(self.stores, self.clients, strict=True):
            client.sync(s, client=c)  # each learns who reads its bundles
        self.sticks = 0

    def _enrolled(self, code: str, unit: Unit) -> tuple[Store, InProcess]:
        s = Store.open(self.tmp / code)
        s.set_unit(unit, "t")
        c = InProcess(self.server)
        client.enrol(s, c.url, self.server.issue_code(code)[0], client=c)
        c.token = json.loads(s._meta("sync_enrolment"))["token"]
        return s, c

    def teardown(self):
        for s in [*getattr(self, "stores", []), *([self.office] if hasattr(self, "office") else [])]:
            s.close()
        if hasattr(self, "server"):
            self.server.close()

    # ------------------------------------------------------------------ a school's writes
    def _pick(self, store: Store, table: str, i: int):
        rows = store.conn.execute(f"SELECT id FROM {table} WHERE _deleted = 0 ORDER BY id").fetchall()
        return rows[i % len(rows)]["id"] if rows else None

    @rule(s=st.integers(0, 2), cls=st.sampled_from(CLASSES), eth=st.sampled_from(ETHNICITIES),
          hh=st.sampled_from(HOUSEHOLDS), steps=st.integers(0, 3), kind=st.sampled_from(["tablet", "laptop"]),
          sim=st.booleans())
    def add_child(self, s, cls, eth, hh, steps, kind, sim):
        store = self.stores[s]
        kid = f.student(store, class_name=cls, ethnicity=eth, household=hh, full_name="Lò Thị Ánh")
        need = store.save(Need(unit_id=kid.unit_id, student_id=kid.id, school_year=kid.school_year,
                               device_requested=kind, needs_sim=sim), "gv")
        for move, role in MOVES[:steps]:
            try:
                need = store.need_action(need.id, move, "gv", role)
            except SongMayError:
                break  # "none" households are in no priority group: the need stays a draft

    @rule(s=st.integers(0, 2), i=st.integers(0, 50), cls=st.sampled_from(CLASSES),
          eth=st.sampled_from(ETHNICITIES), hh=st.sampled_from(HOUSEHOLDS), delete=st.booleans())
    def change_child(self, s, i, cls, eth, hh, delete):
        store = self.stores[s]
        rid = self._pick(store, "students", i)
        if rid is None:
            return
        if delete:
            store.delete(Student, rid, "gv", "chuyển trường")
            return
        kid = store.get(Student, rid)
        kid.class_name, kid.ethnicity, kid.household = cls, eth, hh
        store.save(kid, "gv")

    @rule(s=st.integers(0, 2), i=st.integers(0, 50), upto=st.integers(1, 3),
          back=st.sampled_from([None, ("withdraw", "head"), ("reopen", "head")]), delete=st.booleans())
    def move_need(self, s, i, upto, back, delete):
        """A need moved forward through the workflow (up to submitted, verified or approved)
        and maybe back; or deleted."""
        store = self.stores[s]
        rid = self._pick(store, "needs", i)
        if rid is None:
            return
        if delete:
            store.delete(Need, rid, "gv", "nhập nhầm")
            return
        for move, role in [*MOVES[:upto], *([back] if back else [])]:
            try:
                store.need_action(rid, move, "gv", role)
            except SongMayError:
                pass  # not a move from its status

    @rule(s=st.integers(0, 2), i=st.integers(0, 50), kind=st.sampled_from(["tablet", "laptop", "smartphone"]),
          delete=st.booleans())
    def devices(self, s, i, kind, delete):
        store = self.stores[s]
        rid = self._pick(store, "devices", i)
        if rid is None or not delete:
            f.device(store, kind=kind)
        else:
            store.delete(Device, rid, "gv", "hỏng")

    # ------------------------------------------------------------------ transports
    @rule(s=st.integers(0, 2), cut=st.sampled_from([None, None, None, 0, 2]))
    def sync(self, s, cut):
        c = self.clients[s]
        c.cut_after = cut
        try:
            client.sync(self.stores[s], client=c, attempts=1, batch_bytes=2048)
        except SyncError as e:
            assert e.key in ("sync.offline", "sync.unauthorized", "sync.revoked") or (s == 2 and self.revoked), e
        finally:
            c.cut_after = None

    @rule(s=st.integers(0, 2))
    def relay(self, s):
        self.sticks += 1
        out = usb.export_bundle(self.stores[s], self.tmp / f"stick{self.sticks}")
        if out.path is None:
            return  # nothing new to carry
        officer = self.server.authenticate(self.office_client.token)
        try:
            self.server.relay(officer, out.path.read_bytes(), out.path.name)
        except SongMayError:
            assert s == 2 and self.revoked  # a revoked computer's bundle is refused whole

    @precondition(lambda self: not self.revoked)
    @rule()
    def revoke(self):
        self.server.revoke(self.stores[2].instance_id, "máy bị mất")
        self.revoked = True

    # ------------------------------------------------------------------ what must hold
    @invariant()
    def counts_equal_a_recount(self):
        if hasattr(self, "server"):
            assert differences(self.server) == []

    def final_check(self):
        for s, c in zip(self.stores[:2], self.clients[:2], strict=True):
            client.sync(s, client=c)
        assert differences(self.server) == []
        period = Period(*map(_date, ("2025-09-01", "2026-08-31")))
        for code in (None, "03388", "TH-0", "TH-1", "TH-2"):
            kept, counted = both_reports(self.server, code, period)
            assert kept == counted, code


def _date(iso: str):
    import datetime as dt

    return dt.date.fromisoformat(iso)


def run_checked(machine: type[CountsMachine], *, examples: int, steps: int) -> None:
    """Runs ``machine`` as hypothesis does, with its ``final_check`` at the end of each run."""

    class Checked(machine):  # type: ignore[misc,valid-type]
        def teardown(self):
            if hasattr(self, "server"):
                self.final_check()
            super().teardown()

    run_state_machine_as_test(Checked, settings=settings(
        max_examples=examples, stateful_step_count=steps, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]))


def test_kept_counts_equal_a_recount_after_pushes_relays_and_revocations():
    run_checked(CountsMachine, examples=20, steps=40)


def test_each_way_a_figure_changes_is_counted_at_once():
    """Each path on its own, so none can hide behind another in the machine's runs: a need
    moved alone, a child changed alone (its class, ethnicity, household), a child deleted, a
    device, a relayed bundle, a revoked computer's bundle."""
    m = CountsMachine()
    m.setup()
    try:
        def step(fn, *args):
            fn(*args)
            assert differences(m.server) == [], fn.__name__
        def kept(sql):
            with m.server.engine.connect() as conn:
                return conn.exec_driver_sql(sql).all()

        step(m.add_child, 0, "1A", "Kinh", "poor", 0, "tablet", False)  # a draft: not in need
        step(m.sync, 0, None)
        assert kept("SELECT COUNT(*) FROM need_counts") == [(0,)]
        step(m.move_need, 0, 0, 1, None, False)  # submitted, alone in its batch
        step(m.sync, 0, None)
        assert kept("SELECT in_need, waiting, approved FROM need_counts") == [(1, 1, 0)]
        assert kept("SELECT waiting_since <> '' FROM need_counts") == [(True,)]
        step(m.move_need, 0, 0, 3, None, False)  # approved
        step(m.sync, 0, None)
        assert kept("SELECT in_need, waiting, approved FROM need_counts") == [(1, 0, 1)]
        step(m.change_child, 0, 0, "3B", "Mông", "near_poor", False)  # the child alone
        step(m.sync, 0, None)
        assert kept("SELECT class_name, ethnicity, hh_near_poor, minority FROM need_counts") == [
            ("3B", "Mông", 1, 1)]
        step(m.devices, 0, 0, "laptop", False)
        step(m.sync, 0, None)
        assert kept("SELECT kind, status, n FROM device_counts") == [("laptop", "in_stock", 1)]
        step(m.devices, 0, 0, "laptop", True)  # deleted
        step(m.sync, 0, None)
        assert kept("SELECT COUNT(*) FROM device_counts") == [(0,)]
        step(m.add_child, 1, "5A", "Thái", "poor", 1, "tablet", True)
        step(m.relay, 1)  # by the officer's stick
        assert kept("SELECT class_name, needs_sim FROM need_counts WHERE class_name = '5A'") == [("5A", 1)]
        step(m.change_child, 0, 0, "3B", "Mông", "near_poor", True)  # the child deleted
        step(m.sync, 0, None)
        assert kept("SELECT class_name FROM need_counts") == [("5A",)]
        step(m.add_child, 2, "7A", "Kinh", "poor", 1, "tablet", False)
        step(m.revoke)
        step(m.relay, 2)  # refused whole: nothing counted
        step(m.sync, 2, None)
        assert kept("SELECT class_name FROM need_counts") == [("5A",)]
    finally:
        m.teardown()


def three_computers(devices):
    """Two computers of school A (both synced once) and one of school B."""
    a = devices.school(name="Trường TH A")
    client.sync(a)
    a2 = devices.join(a)
    client.sync(a2)
    return a, a2, devices.school(name="Trường TH B")


def test_pushes_at_once_keep_the_counts_exact_and_the_cli_checks_them(devices):
    """Two computers of one school and another school push at once (PostgreSQL: the recount
    of a school waits for the other push's, and sees its rows); ``songmay-server summaries``
    finds the counts equal to a recount, says so when they are not, and ``--rebuild``
    recounts."""
    a, a2, b = three_computers(devices)

    for n in range(3):
        for store, cls in ((a, "1A"), (a2, "2A"), (b, "3A")):
            for k in range(6):
                kid = f.student(store, class_name=cls, ethnicity=ETHNICITIES[k % 3], full_name=f"Em {n} {k}")
                if k % 2:
                    f.approved_need(store, kid)
                else:
                    store.save(Need(unit_id=kid.unit_id, student_id=kid.id, school_year=kid.school_year), "gv")
                    store.need_action(store.conn.execute("SELECT id FROM needs WHERE student_id = ?",
                                                         (kid.id,)).fetchone()["id"], "submit", "gv", "teacher")
        assert sync_at_once(s.data_dir for s in (a, a2, b)) == []
    out = devices.server.cli("summaries")
    assert out.returncode == 0 and "equal a recount" in out.stdout, out.stdout + out.stderr
    store = ServerStore.open(devices.server.db)
    try:
        with store.engine.begin() as conn:
            got = conn.exec_driver_sql("SELECT SUM(in_need), SUM(approved), SUM(waiting) FROM need_counts n "
                                       "JOIN units u ON u.id = n.unit_id WHERE u.code IN (?, ?)"
                                       if store.dialect == "sqlite" else
                                       "SELECT SUM(in_need), SUM(approved), SUM(waiting) FROM need_counts n "
                                       "JOIN units u ON u.id = n.unit_id WHERE u.code IN (%s, %s)",
                                       (a.unit().code, b.unit().code)).one()
            assert tuple(int(v) for v in got) == (54, 27, 27)
            conn.exec_driver_sql("UPDATE need_counts SET in_need = in_need + 1 WHERE class_name = '2A'")
    finally:
        store.close()
    out = devices.server.cli("summaries")
    assert out.returncode == 1 and "difference(s)" in out.stdout and "2A" in out.stdout, out.stdout
    out = devices.server.cli("summaries", "--rebuild")
    assert out.returncode == 0 and "equal a recount" in out.stdout, out.stdout + out.stderr
