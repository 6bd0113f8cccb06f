"""A hostile installation among honest schools (DESIGN §8), as a hypothesis state machine.

Two honest schools (A and B, one computer each) write, change and delete their children and
sync with the server, sometimes cut short. An enrolled laptop of a third school (Z) —
stolen, or in a curious pupil's hands — interleaves everything a hand-made request can
say: versions of the honest schools' records (its own write, or a forged write of a
victim's computer at a huge counter), moves into its own school, deletions, claims of the
victims' counters, fake conflicts, its own unit made a province, and enrolments under a
victim's installation id. Invariants: no honest record on the server ever holds a write of
Z; after a final round every honest write is at the server exactly once (the server's row
is the honest computer's row, and its audit names each version once), and every
computer's pending count is 0. The server runs in process, on a SQLite file.
"""

from __future__ import annotations

import itertools
import json
import tempfile
import uuid
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from nacl.signing import SigningKey

from app import changes as C
from app import sync_state
from app.errors import SyncError
from app.records import Student, Unit
from app.store import SYNC_META, Store
from server.storage import ServerStore, enrol_message
from sync import client
from sync.protocol import encode_batch, read_batch
from tests.e2e.test_sync_property import InProcess

NAMES = ["Lò Thị Ánh", "Giàng A Páo", "Vì Văn Nam", "Sùng Thị Mỷ"]
VILLAGES = ["Bản Nậm Cha", "Bản Pa Ủ", "Bản Hô Sáng"]
_ctr = itertools.count(10**7)


class AdversaryMachine(RuleBasedStateMachine):
    @initialize()
    def setup(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="adversary-"))
        self.server = ServerStore.open(f"sqlite:///{self.tmp / 'server.db'}")
        self.stores: dict[str, Store] = {}
        self.clients: dict[str, InProcess] = {}
        for who, code in (("a", "TH-A"), ("b", "TH-B"), ("z", "TH-Z")):
            self.server.add_unit(code, f"Trường TH {who.upper()}", level="TH", commune_code="03388")
            s = Store.open(self.tmp / who)
            s.set_unit(Unit(code=code, name=f"Trường TH {who.upper()}", level="TH", commune_code="03388"), "t")
            c = InProcess(self.server)
            client.enrol(s, c.url, self.server.issue_code(code)[0], client=c)
            c.token = sync_state.enrolment(s).token
            self.stores[who], self.clients[who] = s, c
        self.ids = {who: [str(uuid.uuid4()) for _ in range(3)] for who in ("a", "b")}

    def teardown(self):
        for s in getattr(self, "stores", {}).values():
            s.close()
        if hasattr(self, "server"):
            self.server.close()

    # ------------------------------------------------------------ the server as it is
    def _row(self, rid: str) -> dict | None:
        with self.server.engine.connect() as conn:
            r = conn.exec_driver_sql("SELECT * FROM students WHERE id = ?", (rid,)).first()
        return dict(r._mapping) if r is not None else None

    def _push(self, chs: list[dict], end: dict | None = None) -> dict:
        device = self.server.authenticate(self.clients["z"].token)
        batch = read_batch(encode_batch([*chs, {"k": C.END, "p": end or {}, "s": "*|*"}]))
        return self.server.push(device, batch)

    def _version(self, rid: str, **fields) -> dict | None:
        row = self._row(rid)
        if row is None:
            return None
        f = {k: v for k, v in row.items() if k not in SYNC_META and k not in ("id", "search_key")}
        f.update(fields)
        return {"k": "student", "id": rid, "vv": json.loads(row["_vv"]), "d": 0, "t": C.now_iso(), "f": f}

    # ------------------------------------------------------------ honest schools
    @rule(who=st.sampled_from("ab"), k=st.integers(0, 2), name=st.sampled_from(NAMES),
          village=st.sampled_from(VILLAGES))
    def write(self, who, k, name, village):
        s = self.stores[who]
        rec = s.get_or_none(Student, self.ids[who][k], include_deleted=True)
        if rec is None:
            s.save(Student(id=self.ids[who][k], unit_id=s.unit_id, full_name=name, birth_date="2016-03-04",
                           sex="F", class_name="3A", village=village), "gv")
        elif not s.get_or_none(Student, rec.id):
            return  # deleted: stays so
        else:
            rec.full_name, rec.village = name, village
            s.save(rec, "gv")

    @rule(who=st.sampled_from("ab"), k=st.integers(0, 2))
    def delete(self, who, k):
        s = self.stores[who]
        if s.get_or_none(Student, self.ids[who][k]) is not None:
            s.delete(Student, self.ids[who][k], "gv")

    @rule(who=st.sampled_from("abz"), cut=st.none() | st.integers(0, 4))
    def sync(self, who, cut):
        c = self.clients[who]
        c.cut_after = cut
        try:
            client.sync(self.stores[who], client=c, attempts=1, batch_bytes=4096)
        except SyncError as e:
            assert e.key == "sync.offline"
        finally:
            c.cut_after = None

    # ------------------------------------------------------------ the adversary
    @rule(victim=st.sampled_from("ab"), k=st.integers(0, 2), how=st.sampled_from(["edit", "move", "delete"]))
    def forge_own_write(self, victim, k, how):
        ch = self._version(self.ids[victim][k], full_name="Tên giả")
        if ch is None:
            return
        ch["vv"][self.stores["z"].instance_id] = next(_ctr)
        if how == "move":
            ch["f"]["unit_id"] = self.stores["z"].unit_id
        if how == "delete":
            ch["d"] = 1
        assert [r["code"] for r in self._push([ch])["rejected"]] == ["forbidden"]

    @rule(victim=st.sampled_from("ab"), k=st.integers(0, 2))
    def forge_victims_write(self, victim, k):
        ch = self._version(self.ids[victim][k], full_name="Tên giả")
        if ch is None:
            return
        ch["vv"][self.stores[victim].instance_id] = 10**9
        assert len(self._push([ch])["rejected"]) == 1

    @rule(victim=st.sampled_from("ab"))
    def forge_claim(self, victim):
        self._push([], end={self.stores[victim].instance_id: 10**9})

    @rule(victim=st.sampled_from("ab"), k=st.integers(0, 2))
    def forge_conflict(self, victim, k):
        rid = self.ids[victim][k]
        device = self.server.authenticate(self.clients["z"].token)
        for inst in (self.stores["z"].instance_id, self.stores[victim].instance_id):
            self.server.hello(device, {}, conflicts=[{
                "kind": "student", "record_id": rid, "instance": inst, "counter": 3, "vv": {inst: 3},
                "data": {"full_name": "Tên giả", "unit_id": self.stores[victim].unit_id}, "deleted": 0}])

    @rule()
    def forge_province(self):
        z = self.stores["z"]
        unit = self._unit_version(z.unit_id, kind="province")
        assert [r["code"] for r in self._push([unit])["rejected"]] == ["forbidden"]

    def _unit_version(self, uid: str, **fields) -> dict:
        with self.server.engine.connect() as conn:
            row = dict(conn.exec_driver_sql("SELECT * FROM units WHERE id = ?", (uid,)).first()._mapping)
        f = {k: v for k, v in row.items() if k not in SYNC_META and k != "id"}
        f.update(fields)
        vv = {**json.loads(row["_vv"]), self.stores["z"].instance_id: next(_ctr)}
        return {"k": "unit", "id": uid, "vv": vv, "d": 0, "t": C.now_iso(), "f": f}

    @rule(victim=st.sampled_from("ab"))
    def forge_enrolment(self, victim):
        code, _ = self.server.issue_code("TH-Z")
        key = SigningKey.generate()
        inst = self.stores[victim].instance_id
        try:
            self.server.enrol(code, instance_id=inst, public_key=bytes(key.verify_key).hex(),
                              proof=key.sign(enrol_message(inst, code)).signature.hex())
        except SyncError as e:
            assert e.key == "enrol.instance_taken"
        else:
            raise AssertionError("an installation id was taken over")

    # ------------------------------------------------------------ what must always hold
    @invariant()
    def no_honest_record_holds_a_write_of_z(self):
        if not hasattr(self, "ids"):
            return
        z = self.stores["z"].instance_id
        for who in "ab":
            for rid in self.ids[who]:
                row = self._row(rid)
                if row is not None:
                    assert z not in json.loads(row["_vv"]) and row["unit_id"] == self.stores[who].unit_id
                    assert row["full_name"] != "Tên giả"

    def teardown_check(self):
        for _ in range(2):
            for who in "abz":
                client.sync(self.stores[who], client=self.clients[who], batch_bytes=4096)
        with self.server.engine.connect() as conn:
            audit = conn.exec_driver_sql("SELECT instance, counter, record_id, count(*) FROM audit "
                                         "GROUP BY instance, counter, record_id HAVING count(*) > 1").all()
        assert audit == []  # every version stored once
        for who in "ab":
            s = self.stores[who]
            for rid in self.ids[who]:
                mine = s.conn.execute("SELECT * FROM students WHERE id=?", (rid,)).fetchone()
                there = self._row(rid)
                if mine is None:
                    assert there is None
                    continue
                assert there is not None
                assert (there["_vv"], there["_inst"], there["_ctr"], there["_deleted"], there["full_name"],
                        there["village"]) == (mine["_vv"], mine["_inst"], mine["_ctr"], mine["_deleted"],
                                              mine["full_name"], mine["village"])
            assert C.open_conflicts(s) == []
            assert s.unit().kind == "school"
        for who in "abz":
            assert self.stores[who].pending_changes(sync_state.SERVER) == 0
        self.no_honest_record_holds_a_write_of_z()


def test_a_hostile_installation_changes_nothing_of_the_honest_schools():
    class Checked(AdversaryMachine):
        def teardown(self):
            try:
                if hasattr(self, "stores"):
                    self.teardown_check()
            finally:
                super().teardown()

    run_state_machine_as_test(Checked, settings=settings(
        max_examples=25, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
