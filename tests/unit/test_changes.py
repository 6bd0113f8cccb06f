"""The merge core of sync: summaries, transfers, merges, conflicts, resumption."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from app import changes as C
from app.errors import NotFound
from app.records import KINDS, Student, Unit
from app.store import Store
from sync import protocol as P
from tests.helpers import factories as f

ACTOR = "đồng bộ"


# ------------------------------------------------------------------ helpers
def school(store: Store) -> Unit:
    return store.set_unit(Unit(code="TH0001", name="Trường TH", level="TH", commune_code="03388"), "t")


def transfer(src: Store, dst: Store, *, limit_bytes: int | None = None, scope=None,
             batches: int | None = None) -> list[C.ApplyResult]:
    """One transfer src → dst through the wire format; ``batches`` stops it early."""
    out = []
    stream = C.changes_since(src, C.summary(dst, scope), scope_unit_ids=scope, limit_bytes=limit_bytes)
    for n, batch in enumerate(stream):
        if batches is not None and n >= batches:
            break
        out.append(C.apply_changes(dst, P.decode_batch(P.encode_batch(batch)), actor=ACTOR))
    return out


def sent(src: Store, dst: Store, scope=None) -> list[str]:
    """Ids of the records a transfer src → dst would send now."""
    stream = C.changes_since(src, C.summary(dst, scope), scope_unit_ids=scope)
    return [ch["id"] for batch in stream for ch in batch if ch["k"] != C.END]


def rows(store: Store) -> dict[str, dict]:
    """Every record row of every kind, with its version columns."""
    out = {}
    for cls in KINDS.values():
        for r in store.conn.execute(f"SELECT * FROM {cls.TABLE}"):
            out[r["id"]] = dict(r)
    return out


def audit_count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM audit").fetchone()[0]


def set_instance(store: Store, instance: str) -> None:
    """Give a store that has written nothing yet a chosen instance ID."""
    with store.transaction():
        store._set_meta("instance_id", instance)
    store.instance_id = instance


def second_school(store: Store) -> Unit:
    u = Unit(code="TH0002", name="Trường TH số 2", level="TH", commune_code="03388")
    u.unit_id = u.id
    return store.save(u, "t")


def adopt_school(store: Store, unit_id: str) -> None:
    with store.transaction():
        store._set_meta("unit_id", unit_id)


@pytest.fixture
def a(tmp_path):
    s = Store.open(tmp_path / "a")
    school(s)
    yield s
    s.close()


@pytest.fixture
def b(tmp_path):
    s = Store.open(tmp_path / "b")
    yield s
    s.close()


@pytest.fixture
def pair(a, b):
    """A school's store with records, and a second store of the same school that has them."""
    for name in ("Lò Thị Ánh", "Giàng A Páo", "Tòng Văn Khánh"):
        f.student(a, full_name=name, sex="M" if " Văn " in name or " A " in name else "F")
    f.device(a)
    transfer(a, b)
    adopt_school(b, a.unit_id)
    return a, b


# ------------------------------------------------------------------ transfers
def test_transfer_copies_records_with_their_versions(pair):
    a, b = pair
    assert rows(b) == rows(a)  # data, stamps, vectors, tombstone flags, times
    assert b.unit().code == "TH0001" and b.count(Student) == 3
    assert b.counter >= a.counter  # Lamport: B's next write is later than all it holds
    merges = b.conn.execute("SELECT actor, action, instance FROM audit").fetchall()
    assert len(merges) == 5 and {tuple(m) for m in merges} == {(ACTOR, "sync.merge", a.instance_id)}
    assert C.summary(b)[a.instance_id] == a.counter


def test_applying_again_changes_nothing(pair):
    a, b = pair
    before, audits = rows(b), audit_count(b)
    batches = list(C.changes_since(a, {}))  # everything, as if B had nothing
    for batch in batches:
        result = C.apply_changes(b, batch, actor=ACTOR)
        assert result.inserted == result.updated == result.conflicts == 0 and not result.rejected
    assert result.ignored == 5 and result.complete
    assert rows(b) == before and audit_count(b) == audits
    assert sent(a, b) == []  # and a transfer now sends nothing


def test_edit_on_b_fast_forwards_a(pair):
    a, b = pair
    st = b.find(Student, "full_name=?", ("Giàng A Páo",))[0]
    st.class_name = "4B"
    b.save(st, "cô Hoa")
    assert b.version(Student, st.id)["counter"] > a.counter  # later than everything B has seen
    [result] = transfer(b, a)
    assert (result.updated, result.inserted, result.conflicts) == (1, 0, 0)
    assert a.get(Student, st.id).class_name == "4B"
    assert a.version(Student, st.id) == b.version(Student, st.id)
    assert rows(a) == rows(b)
    assert a.history(st.id)[-1]["action"] == "sync.merge"
    assert a.history(st.id)[-1]["before"]["class_name"] == "3A"


def _concurrent_edit(a: Store, b: Store) -> tuple[str, str, str]:
    sid = a.find(Student, "full_name=?", ("Lò Thị Ánh",))[0].id
    for store, village in ((a, "Bản Nậm Cha"), (b, "Bản Pa Ủ")):
        st = store.get(Student, sid)
        st.village = village
        store.save(st, "gv")
    va, vb = a.version(Student, sid), b.version(Student, sid)
    win = "Bản Nậm Cha" if (va["counter"], va["instance"]) > (vb["counter"], vb["instance"]) else "Bản Pa Ủ"
    return sid, win, "Bản Pa Ủ" if win == "Bản Nậm Cha" else "Bản Nậm Cha"


def test_concurrent_edits_converge_on_one_winner_and_keep_the_loser(pair):
    """A → B first: B meets both versions, keeps the winner (greater (counter, instance))
    with both vectors merged, and stores the loser for review. B → A then fast-forwards A
    to that merged version: A has nothing to review, the conflict is where it was met."""
    a, b = pair
    sid, win, lose = _concurrent_edit(a, b)
    vv_a, vv_b = a.version(Student, sid)["vv"], b.version(Student, sid)["vv"]
    [r1] = transfer(a, b)
    assert r1.conflicts == 1
    [r2] = transfer(b, a)
    assert r2.updated == 1 and r2.conflicts == 0
    for s in (a, b):
        assert s.get(Student, sid).village == win
        assert s.version(Student, sid)["vv"] == C.join(vv_a, vv_b)
    assert rows(a) == rows(b)
    assert C.open_conflicts(a) == []
    [c] = C.open_conflicts(b)
    assert (c["kind"], c["record_id"], c["data"]["village"]) == ("student", sid, lose)
    assert [h["action"] for h in b.history(sid)][-1] == "sync.conflict"
    # the same versions arriving again change nothing, and make no second conflict row
    audits = audit_count(b)
    transfer(a, b)
    for batch in C.changes_since(a, {}):
        C.apply_changes(b, batch, actor=ACTOR)
    assert len(C.open_conflicts(b)) == 1 and audit_count(b) == audits


def test_simultaneous_exchange_records_the_same_loser_on_both_sides(pair):
    a, b = pair
    sid, win, lose = _concurrent_edit(a, b)
    to_b = list(C.changes_since(a, C.summary(b)))
    to_a = list(C.changes_since(b, C.summary(a)))
    for batch in to_b:
        C.apply_changes(b, batch, actor=ACTOR)
    for batch in to_a:
        C.apply_changes(a, batch, actor=ACTOR)
    assert rows(a) == rows(b)
    assert a.get(Student, sid).village == win
    ca, cb = C.open_conflicts(a), C.open_conflicts(b)
    assert [c["data"]["village"] for c in ca] == [c["data"]["village"] for c in cb] == [lose]
    assert (ca[0]["instance"], ca[0]["counter"]) == (cb[0]["instance"], cb[0]["counter"])


def test_tombstones_travel(pair):
    a, b = pair
    st = a.find(Student, "full_name=?", ("Tòng Văn Khánh",))[0]
    a.delete(Student, st.id, "gv", reason="chuyển trường")
    [result] = transfer(a, b)
    assert result.updated == 1
    assert b.get_or_none(Student, st.id) is None
    assert b.version(Student, st.id)["deleted"] is True
    assert rows(a) == rows(b)
    with pytest.raises(NotFound):
        b.delete(Student, st.id, "gv")


def test_concurrent_delete_and_edit_converge(pair):
    a, b = pair
    sid = a.find(Student, "full_name=?", ("Tòng Văn Khánh",))[0].id
    a.delete(Student, sid, "gv")
    st = b.get(Student, sid)
    st.class_name = "5A"
    b.save(st, "gv")
    transfer(a, b)
    transfer(b, a)
    assert rows(a) == rows(b)
    assert len(C.open_conflicts(a) + C.open_conflicts(b)) == 1


# ------------------------------------------------------------------ refusals
def test_invalid_version_is_refused_and_the_rest_apply(a, b):
    school_id = a.unit_id
    good = [f.student(a, full_name=n) for n in ("Lò Thị Ánh", "Lường Thị Mai", "Quàng Thị Dợ")]
    batch = next(C.changes_since(a, C.summary(b)))
    bad = next(ch for ch in batch if ch["id"] == good[1].id)
    bad["f"]["personal_id"] = "012216000123"  # says "boy": she is a girl
    batch.insert(1, {"k": "laptop_loan", "id": "x", "vv": {"f00d": 1}, "d": 0, "f": {}})
    result = C.apply_changes(b, P.decode_batch(P.encode_batch(batch)), actor=ACTOR)
    assert result.inserted == 3  # the school and two students
    assert [(r.kind, r.id) for r in result.rejected] == [("laptop_loan", "x"), ("student", good[1].id)]
    assert "Số định danh" in result.rejected[1].reason
    assert result.complete
    adopt_school(b, school_id)
    assert b.get_or_none(Student, good[1].id) is None
    # nothing refused is claimed: B's summary stays below it, so the next transfer asks again
    assert C.summary(b)[a.instance_id] < a.version(Student, good[1].id)["counter"]
    assert good[1].id in sent(a, b)
    transfer(a, b)  # the version as written is valid: it lands, and the summary catches up
    assert b.get(Student, good[1].id).personal_id == good[1].personal_id
    assert C.summary(b)[a.instance_id] == a.counter
    assert sent(a, b) == []
    assert "f00d" not in C.summary(b)  # the unknown kind stays unclaimed until it can be stored


def test_unknown_fields_and_malformed_changes_are_refused(a, b):
    st = f.student(a)
    [batch] = C.changes_since(a, {})
    change = next(ch for ch in batch if ch["id"] == st.id)
    change["f"]["favourite_colour"] = "xanh"
    broken = [{"k": "student", "id": "", "vv": {}, "f": {}}, {"k": "student", "id": "y", "vv": {"i": "1"}},
              {"k": "student", "id": "z", "vv": {"i": 1}, "d": 1, "f": {"full_name": {"not": "text"}}},
              {"k": "student", "id": "w", "vv": {"i": 1}, "f": {"birth_date": "30/02/2016"}}]
    result = C.apply_changes(b, [change, *broken], actor=ACTOR)
    assert len(result.rejected) == 5 and result.inserted == 0
    assert "favourite_colour" in result.rejected[0].reason


# ------------------------------------------------------------------ summaries
def test_partial_transfer_resumes_exactly(a, b):
    given = ["Ánh", "Mai", "Dợ", "Xuân", "Hoa", "Lan"]
    for n in range(30):
        f.student(a, full_name=f"Lò Thị {given[n % 6]}", class_name=f"{n % 5 + 1}A")
    for kid in a.find(Student, limit=10):  # rewrites: superseded versions of the same instance
        kid.village = "Bản Mới"
        a.save(kid, "gv")
    batches = list(C.changes_since(a, C.summary(b), limit_bytes=800))
    assert len(batches) >= 6
    first = batches[: len(batches) // 2]
    for batch in first:
        C.apply_changes(b, P.decode_batch(P.encode_batch(batch)), actor=ACTOR)
    done = {ch["id"] for batch in first for ch in batch}
    rest = {ch["id"] for batch in batches[len(first):] for ch in batch if ch["k"] != C.END}
    again = sent(a, b)
    assert len(again) == len(set(again)) and set(again) == rest and not done & set(again)
    transfer(a, b, limit_bytes=800)
    assert rows(a) == rows(b) and sent(a, b) == []


def test_summary_is_knowledge_not_the_rows_maximum(a, b, tmp_path):
    """A device writes a student of school 1, then one of school 2. B takes only school 2;
    C copies B. C holds A's later write but never saw the earlier one: a summary built
    from the rows' highest counters would tell A not to send it. Ours does not."""
    other = second_school(a)
    s1 = f.student(a)
    s2 = f.student(a, unit_id=other.id, full_name="Vàng A Sử", sex="M")
    transfer(a, b, scope=[other.id])
    assert b.get_or_none(Student, s1.id) is None and b.get(Student, s2.id)
    c = Store.open(tmp_path / "c")
    transfer(b, c)
    assert max(r["_ctr"] for r in rows(c).values()) > a.version(Student, s1.id)["counter"]
    assert C.summary(c).get(a.instance_id, 0) < a.version(Student, s1.id)["counter"]
    transfer(a, c)
    assert c.get(Student, s1.id).full_name == s1.full_name
    assert rows(c) == rows(a)
    c.close()


def test_a_cut_transfer_claims_only_what_it_delivered(tmp_path):
    """Y sends X a record it edited on top of J's write before its own older records. The
    transfer is cut after that record. Claiming "Y's counter of the last record applied"
    (its stamp) would tell every later sender that X has Y's older record: it never would.
    The claim is about J's writes that Y knows, which X now has."""
    j, y, x = (Store.open(tmp_path / n) for n in "jyx")
    set_instance(j, "1" * 32)
    set_instance(y, "2" * 32)  # "1..." < "2...": rows touched by J go first
    school(j)
    transfer(j, y)
    adopt_school(y, j.unit_id)
    older = f.student(y, full_name="Lò Thị Ánh")
    for _ in range(4):
        f.device(j)
    shared = f.student(j, full_name="Giàng Thị Dợ")
    transfer(j, y)
    edited = y.get(Student, shared.id)
    edited.village = "Bản Pa Ủ"
    y.save(edited, "gv")
    assert y.version(Student, shared.id)["counter"] > y.version(Student, older.id)["counter"]
    order = [ch.get("id") for batch in C.changes_since(y, C.summary(x), limit_bytes=1) for ch in batch]
    assert order.index(shared.id) < order.index(older.id)  # J's group goes first
    transfer(y, x, limit_bytes=1, batches=order.index(shared.id) + 1)  # cut right after it
    assert x.get(Student, shared.id).village == "Bản Pa Ủ" and x.get_or_none(Student, older.id) is None
    assert C.summary(x).get(y.instance_id, 0) < y.version(Student, older.id)["counter"]
    for src in (j, y):
        transfer(src, x)
    assert x.get(Student, older.id) and rows(x) == rows(y)
    for s in (j, y, x):
        s.close()


def test_summary_by_scope(a, b):
    second_school(a)  # a second school in A's store: outside the scope below
    f.student(a)
    transfer(a, b, scope=[a.unit_id])
    assert C.summary(b, [a.unit_id])[a.instance_id] == a.counter
    assert a.instance_id not in C.summary(b)  # nothing is claimed beyond the scope
    assert sent(a, b, scope=[a.unit_id]) == []
    # B claims nothing outside the scope it took: a full transfer offers everything again
    assert set(sent(a, b)) == set(rows(a))


def test_mark_acknowledged_counts_pending_changes(pair):
    a, b = pair
    assert a.pending_changes("server") == 5
    C.mark_acknowledged(a, "server", C.summary(b))
    assert a.pending_changes("server") == 0
    C.mark_acknowledged(a, "server", {a.instance_id: 1})  # max-merge: never goes back
    assert a.pending_changes("server") == 0
    f.device(a)
    assert a.pending_changes("server") == 1


def _pending_counted(store: Store, remote: str) -> int:
    """``pending_changes`` the long way: every row's vector against what ``remote`` holds."""
    held = C.remote_summary(store, remote).get(store.instance_id, 0)
    return sum(1 for cls in KINDS.values() for (vv,) in store.conn.execute(f"SELECT _vv FROM {cls.TABLE}")
               if json.loads(vv).get(store.instance_id, 0) > held)


def test_pending_changes_is_the_count_of_rows_above_what_the_province_holds(pair):
    """Known to hold this installation's counter, the province lacks none of its writes (none
    is above it): answered without reading the rows, and equal to reading them."""
    a, b = pair
    for n in range(6):
        f.student(a, full_name=f"Lò Thị {n}", sex="F")
    f.student(b, full_name="Quàng Văn Nam", sex="M")
    transfer(b, a)  # another's write here: never ours to send
    for held in (0, 2, a.counter - 3, a.counter - 1, a.counter):
        C.mark_acknowledged(a, "server", {a.instance_id: held} if held else {})
        assert a.pending_changes("server") == _pending_counted(a, "server")
    assert a.pending_changes("server") == 0 and a.pending_changes("usb") == _pending_counted(a, "usb") > 0
    rec = a.get(Student, b.conn.execute("SELECT id FROM students ORDER BY _ctr DESC").fetchone()[0])
    rec.village = "Bản Nậm Cha"
    a.save(rec, "gv")  # another's record written here: ours to send now
    assert a.pending_changes("server") == _pending_counted(a, "server") == 1


# ------------------------------------------------------------------ conflicts
def test_resolve_conflict_take_makes_a_new_version_that_wins_everywhere(pair):
    a, b = pair
    sid, win, lose = _concurrent_edit(a, b)
    transfer(a, b)
    [c] = C.open_conflicts(b)
    C.resolve_conflict(b, c["id"], "take", "thầy Dũng")
    assert b.get(Student, sid).village == lose
    v = b.version(Student, sid)
    assert v["instance"] == b.instance_id and C.covers(v["vv"], c["vv"])
    assert C.open_conflicts(b) == []
    [result] = transfer(b, a)
    assert result.updated == 1 and result.conflicts == 0
    assert a.get(Student, sid).village == lose and rows(a) == rows(b)
    assert b.history(sid)[-1]["action"] == "sync.conflict.take"


def test_resolve_conflict_keep(pair):
    a, b = pair
    sid, win, lose = _concurrent_edit(a, b)
    transfer(a, b)
    [c] = C.open_conflicts(b)
    before = rows(b)[sid]
    C.resolve_conflict(b, c["id"], "keep", "thầy Dũng")
    assert rows(b)[sid] == before and C.open_conflicts(b) == []
    resolved = b.conn.execute("SELECT resolution, resolved_by FROM conflicts WHERE id=?", (c["id"],)).fetchone()
    assert tuple(resolved) == ("keep", "thầy Dũng")
    with pytest.raises(NotFound):
        C.resolve_conflict(b, c["id"], "take", "thầy Dũng")


def test_take_brings_a_deleted_record_back(pair):
    a, b = pair
    sid = a.find(Student, "full_name=?", ("Lò Thị Ánh",))[0].id
    st = a.get(Student, sid)
    st.class_name = "3B"
    a.save(st, "gv")
    for _ in range(3):  # B's counter runs ahead, so its deletion has the greater stamp
        f.device(b)
    b.delete(Student, sid, "gv")
    assert b.version(Student, sid)["counter"] > a.version(Student, sid)["counter"]
    transfer(a, b)
    assert b.get_or_none(Student, sid) is None  # the deletion won
    [c] = C.open_conflicts(b)
    assert c["data"]["class_name"] == "3B" and not c["deleted"]
    C.resolve_conflict(b, c["id"], "take", "gv")
    assert b.get(Student, sid).class_name == "3B"
    transfer(b, a)
    assert a.get(Student, sid).class_name == "3B" and rows(a) == rows(b)


# ------------------------------------------------------------------ property
TEMPLATE: dict[str, Path] = {}  # a school store made once per test run; each example copies it


IDS = [f"6a1f7c3e-0000-4000-8000-00000000000{n}" for n in range(3)]
NAMES = ["Lò Thị Ánh", "Lường Thị Mai", "Quàng Thị Dợ", "Cầm Thị Xuân"]
VILLAGES = ["Bản Nậm Cha", "Bản Pa Ủ", "Bản Hô Sáng"]


class SyncMachine(RuleBasedStateMachine):
    """Three stores of one school edit the same three children and sync pairwise, in any
    order, sometimes cut short. After a final round they must agree, and no version that
    was ever written may vanish unseen."""

    @initialize()
    def setup(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="example-", dir=TEMPLATE["dir"].parent))
        self.stores = []
        for n in range(3):
            shutil.copytree(TEMPLATE["dir"], self.tmp / str(n))
            store = Store.open(self.tmp / str(n))
            # a copy holds every write of the instance it was copied from (Store does not say so yet)
            C.record_received_summary(store, {store._meta("previous_instance_ids"): store.counter})
            set_instance(store, f"{n + 1:x}" * 32)  # fixed ids: hypothesis replays must not vary
            self.stores.append(store)
        self.written: list[dict] = []  # every version ever written: id, instance, counter, vv

    def teardown(self):
        for s in getattr(self, "stores", []):
            s.close()
        shutil.rmtree(getattr(self, "tmp", "/nonexistent"), ignore_errors=True)

    def _note(self, store: Store, sid: str, before: int) -> None:
        if store.counter != before:
            v = store.version(Student, sid)
            self.written.append({"id": sid, "instance": v["instance"], "counter": v["counter"], "vv": v["vv"]})

    @rule(s=st.integers(0, 2), k=st.integers(0, 2), name=st.sampled_from(NAMES))
    def create(self, s, k, name):
        store = self.stores[s]
        if store.get_or_none(Student, IDS[k], include_deleted=True) is None:
            before = store.counter
            store.save(Student(id=IDS[k], unit_id=store.unit_id, full_name=name, birth_date="2016-03-04",
                               sex="F", personal_id=f"012316{k + 1:06d}", class_name="3A"), "gv")
            self._note(store, IDS[k], before)

    @rule(s=st.integers(0, 2), k=st.integers(0, 2), village=st.sampled_from(VILLAGES))
    def update(self, s, k, village):
        store = self.stores[s]
        rec = store.get_or_none(Student, IDS[k])
        if rec is not None:
            before = store.counter
            rec.village = village
            store.save(rec, "gv")
            self._note(store, IDS[k], before)

    @rule(s=st.integers(0, 2), k=st.integers(0, 2))
    def delete(self, s, k):
        store = self.stores[s]
        if store.get_or_none(Student, IDS[k]) is not None:
            before = store.counter
            store.delete(Student, IDS[k], "gv")
            self._note(store, IDS[k], before)

    @rule(src=st.integers(0, 2), dst=st.integers(0, 2), cut=st.none() | st.integers(0, 4))
    def sync(self, src, dst, cut):
        if src != dst:
            transfer(self.stores[src], self.stores[dst], limit_bytes=1, batches=cut)

    @invariant()
    def stamps_are_the_greatest_entry(self):
        for store in getattr(self, "stores", []):
            for r in store.conn.execute("SELECT _inst, _ctr, _vv FROM students"):
                assert C.stamp(json.loads(r["_vv"])) == (r["_ctr"], r["_inst"])

    def teardown_check(self):
        for _ in range(2):
            for src in range(3):
                for dst in range(3):
                    if src != dst:
                        transfer(self.stores[src], self.stores[dst])
        first = rows(self.stores[0])
        for other in self.stores[1:]:
            assert rows(other) == first
            assert sent(self.stores[0], other) == []
        conflicts = {(c["record_id"], c["instance"], c["counter"])
                     for s in self.stores for c in C.open_conflicts(s)}
        for v in self.written:
            row = first[v["id"]]
            everything = {}
            for w in self.written:
                if w["id"] == v["id"]:
                    everything = C.join(everything, w["vv"])
            assert json.loads(row["_vv"]) == everything  # every write is known everywhere
            current = (row["_inst"], row["_ctr"]) == (v["instance"], v["counter"])
            reviewed = (v["id"], v["instance"], v["counter"]) in conflicts
            superseded = any(w is not v and w["id"] == v["id"] and w["vv"].get(v["instance"], 0) >= v["counter"]
                             for w in self.written)
            assert current or reviewed or superseded, v


def run_machine(machine: type[SyncMachine], tmp_path: Path, *, examples: int, steps: int) -> None:
    """Runs a sync state machine over copies of one school store made here, checking
    convergence and that nothing was lost after each example (``teardown_check``)."""
    with Store.open(tmp_path / "template") as s:
        school(s)
    TEMPLATE["dir"] = tmp_path / "template"

    class Checked(machine):
        def teardown(self):
            try:
                if hasattr(self, "stores"):
                    self.teardown_check()
            finally:
                super().teardown()

    Checked.TestCase.settings = settings(max_examples=examples, stateful_step_count=steps, deadline=None,
                                         suppress_health_check=[HealthCheck.too_slow])
    Checked.TestCase().runTest()


def test_stores_converge_and_lose_nothing(tmp_path):
    run_machine(SyncMachine, tmp_path, examples=40, steps=25)


def test_copied_file_knows_it_holds_the_old_instance_writes(tmp_path):
    """A restored or copied database gets a new instance ID but still holds every write
    of the old one: a peer's summary exchange must not send them back."""
    import shutil

    from app.changes import summary
    from app.records import Unit
    from app.store import Store

    a = Store.open(tmp_path / "a")
    a.set_unit(Unit(code="TH0001", name="Trường TH", level="TH", commune_code="03388"), "t")
    old_inst, ctr = a.instance_id, a.counter
    a.close()
    shutil.copytree(tmp_path / "a", tmp_path / "copy")
    with Store.open(tmp_path / "copy") as c:
        assert c.instance_id != old_inst
        assert summary(c).get(old_inst, 0) >= ctr


def test_a_version_checked_where_it_was_written_still_merges_years_later(pair, monkeypatch):
    """'Age 2–25' and 'not in the future' depend on the clock: a child who turned 26
    since, or a record from a device whose clock ran ahead, must still merge."""
    import datetime as dt

    import app.records as records

    a, b = pair
    st = f.student(a, full_name="Hà Văn Lâm", sex="M", birth_date="2008-03-01")
    # B's clock says 2040: the child would be 32 there
    monkeypatch.setattr(records, "today", lambda: dt.date(2040, 1, 1))
    transfer(a, b)
    assert b.get(Student, st.id).full_name == "Hà Văn Lâm"
    # but a local save on B still checks the age against B's today
    from app.errors import ValidationError

    with pytest.raises(ValidationError) as e:
        f.student(b, full_name="Hà Văn Mới", sex="M", birth_date="2008-03-01")
    assert e.value.problems[0].key == "date.age"


@pytest.mark.parametrize("trusted", [False, True])
def test_a_field_no_store_holds_empty_sent_as_null_is_refused_alone(tmp_path, trusted):
    """A version whose text field (NOT NULL in every store) comes as null is refused by itself
    (it used to fail the whole batch on the table's constraint); a null where the record allows
    one (a year not known) is taken."""
    a, b = Store.open(tmp_path / "a"), Store.open(tmp_path / "b")
    school(a)
    bad, good = f.student(a, full_name="Lò Thị Ánh"), f.student(a, full_name="Vàng A Sử")
    batch = [ch for part in C.changes_since(a, {}) for ch in part]
    for ch in batch:
        if ch.get("id") == bad.id:
            ch["f"]["personal_id"] = None
        if ch.get("id") == good.id:
            assert ch["f"]["poverty_cert_year"] is None  # allowed empty
    result = C.apply_changes(b, P.decode_batch(P.encode_batch(batch)), actor=ACTOR, trusted=trusted)
    assert [(r.kind, r.id, r.code) for r in result.rejected] == [("student", bad.id, "invalid")]
    held = rows(b)
    assert good.id in held and bad.id not in held and held[good.id]["poverty_cert_year"] is None
    a.close()
    b.close()


def test_a_hostile_summary_is_screened_not_put_into_sql(tmp_path):
    """A receiver's summary with a counter past any database integer or an instance id with
    a NUL selects what the plain screening selects (it used to fail the sender's statement)."""
    a = Store.open(tmp_path / "a")
    unit = school(a)
    f.student(a, full_name="Lò Thị Ánh")
    plain = sent_ids = [ch["id"] for part in C.changes_since(a, {"someone": 1}, scope_unit_ids=[unit.id])
                        for ch in part if ch["k"] != C.END]
    assert sent_ids
    for remote in ({"x": 2**63}, {"x\x00y": 1}, {a.instance_id: 2**70}, {"x%": 1, "_": 2}):
        got = [ch["id"] for part in C.changes_since(a, remote, scope_unit_ids=[unit.id])
               for ch in part if ch["k"] != C.END]
        assert got == ([] if a.instance_id in remote else plain), remote
    a.close()


def test_a_batch_column_that_is_not_a_list_is_refused():
    batch = P.encode_batch([{"k": "sim", "id": "s1", "i": "a", "c": 1, "vv": {"a": 1}, "d": 0,
                             "t": "2026-12-06T00:00:00", "f": {"number": "0912345678"}}])
    assert P.decode_batch(batch)[0]["id"] == "s1"
    doc = json.loads(__import__("zlib").decompress(batch[len(P.MAGIC) + 34:]))
    for k in doc["kinds"]:
        k["d"] = {str(n): v for n, v in enumerate(k.get("d", []))}
    body = __import__("zlib").compress(json.dumps(doc).encode())
    rest = bytes((batch[len(P.MAGIC) + 32], batch[len(P.MAGIC) + 33])) + body
    forged = P.MAGIC + __import__("hashlib").sha256(rest).digest() + rest
    with pytest.raises(P.ProtocolError):
        P.decode_batch(forged)


# ------------------------------------------------------------------ a push read as it goes
def _push_stream(store: Store, remote: dict[str, int], limit_bytes: int | None) -> list[list[dict]]:
    with store.snapshot():
        return list(C.changes_since(store, remote, writer=store.instance_id, limit_bytes=limit_bytes))


def _read_all(store: Store, remote: dict[str, int], limit_bytes: int | None, monkeypatch) -> list[list[dict]]:
    with monkeypatch.context() as m:
        m.setattr(C, "_own_in_order", lambda *_a, **_k: None)  # the general path: every row read, then sorted
        return _push_stream(store, remote, limit_bytes)


def _reads_as_it_goes(store: Store, remote: dict[str, int]) -> bool:
    picked, _mine, _scope = C._picked(store, remote, None, None, store.instance_id)
    return not isinstance(picked, list)


def test_a_push_read_as_it_goes_sends_what_reading_all_and_sorting_sends(pair, monkeypatch):
    """A push whose rows hold this installation's writes alone is read in counter order as it
    is sent (the kinds' indexes merged): the same changes, claims, batches and END marker as
    reading every row and sorting; a row holding another's write too sends it the general way."""
    a, b = pair
    kids = [f.student(a, full_name=n, sex="F") for n in ("Vì Thị Lan", "Lò Thị Hoa", "Cầm Thị Xuân")]
    need = f.approved_need(a, kids[0])
    f.handover(a, kids[0], need, f.device(a))
    f.sim(a)
    kids[1].village = "Bản Pa Ủ"
    a.save(kids[1], "gv")  # written twice: one version, a greater counter
    a.delete(Student, kids[2].id, "gv")  # a tombstone goes too
    top = a.counter
    for remote in ({}, {a.instance_id: top // 2}, {a.instance_id: top - 1}, {a.instance_id: top},
                   {a.instance_id: top // 3, b.instance_id: 5, "another": 9}):
        assert _reads_as_it_goes(a, remote)
        for limit in (None, 1, 400):
            streamed = _push_stream(a, remote, limit)
            assert streamed == _read_all(a, remote, limit, monkeypatch)
            assert streamed[-1][-1]["k"] == C.END
            counters = [ch["c"] for batch in streamed for ch in batch if ch["k"] != C.END]
            assert counters == sorted(counters) and all(c > remote.get(a.instance_id, 0) for c in counters)
    everything = [ch for batch in _push_stream(a, {}, None) for ch in batch]
    assert {ch["k"] for ch in everything} >= {"student", "need", "handover", "device", "sim", C.END}
    assert sum(1 for ch in everything if ch["k"] == "student" and ch["d"]) == 1

    # another installation's write on one of this installation's rows: that row's group may be
    # the other's, so the whole push is read and sorted, and is the same still
    transfer(a, b)
    theirs = b.get(Student, kids[0].id)
    theirs.village = "Bản Hô Sáng"
    b.save(theirs, "gv")
    transfer(b, a)
    a.save(a.get(Student, kids[0].id), "gv")  # and this installation writes it again: both in its vector
    assert len(json.loads(a.conn.execute("SELECT _vv FROM students WHERE id=?", (kids[0].id,)).fetchone()[0])) == 2
    for remote in ({}, {a.instance_id: top // 2}):
        assert not _reads_as_it_goes(a, remote)
        for limit in (None, 1):
            assert _push_stream(a, remote, limit) == _read_all(a, remote, limit, monkeypatch)


def test_a_push_read_on_a_thread_of_its_own_gives_what_the_store_step_gives(pair, monkeypatch):
    """``sync.session.PushRead``: the push read on a reader of its own as it is encoded — the
    same changes as the read in a store step; a failed read is raised where they are taken."""
    import sqlite3

    from sync import session

    a, _b = pair
    for n in range(40):
        f.student(a, full_name=f"Lò Văn {n}", sex="M")
    for remote in ({}, {a.instance_id: a.counter // 2}):
        read = session.PushRead.start(remote, a)
        assert isinstance(read, session.PushRead)
        expected = session._to_push(remote, a)
        assert list(read) == expected and list(read) == expected  # each encoder iterates it afresh
        assert len(read) == len(expected) and read[2:5] == expected[2:5] and read.done

    def broken(_folder):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(session.Store, "reader", broken)
    read = session.PushRead.start({}, a)
    with pytest.raises(sqlite3.OperationalError):
        list(read)
    with pytest.raises(sqlite3.OperationalError):
        len(read)


def test_a_selection_read_first_and_made_changes_later_is_what_changes_since_sends(pair):
    """``changes.select`` (a server's pull): the rows read at once, the changes made as they
    are taken — the same changes, claims and END marker as ``changes_since``; ``count`` the
    versions, and the END marker replaceable (a server cuts its claim)."""
    a, b = pair
    for n in range(30):
        f.student(b, full_name=f"Quàng Thị {n}", sex="F")
    transfer(b, a)
    f.device(a)
    for remote, scope in (({}, None), ({}, [a.unit_id]), (C.summary(b), None), ({a.instance_id: 3}, [a.unit_id])):
        every = [ch for batch in C.changes_since(a, remote, scope_unit_ids=scope) for ch in batch]
        chosen = C.select(a, remote, scope_unit_ids=scope)
        assert chosen.count == len(every) - 1 and list(chosen) == every
        chosen.end = {**chosen.end, "p": {}}
        assert list(chosen)[:-1] == every[:-1] and list(chosen)[-1] == {**every[-1], "p": {}}
    assert C.select(a, C.summary(a)).count == 0
