"""The counts the server keeps for the public pages (server/public_counts.py) always equal a
recount, and the pages made from them equal the pages counted over the records.

The machine of tests/e2e/test_summaries.py (three schools of a commune: children, needs,
devices; syncs cut short, relayed sticks, a revoked computer) with what the public pages
count besides: devices handed over (a device, or a SIM alone for a SIM/data need) on
several days, returned, reassigned to another child; a device's kind and donor changed after it was handed
over; donations made, changed (cash, day, donor) and deleted. After every step the kept
counts equal a recount (``server.summaries.differences`` holds the public ones too); at the
end every page — the country's, the province's, the commune's and each school's, on days
that leave some records out of the period — is the same dict from the kept counts as
counted over the records. Then each path on its own, so none hides behind another.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hypothesis import strategies as st
from hypothesis.stateful import rule

from app.errors import SongMayError
from app.records import Device, Donation, Handover, Need, Student
from app.reports.source import Source
from server import public
from server import reports as server_reports
from server.storage import ServerStore
from tests.e2e import test_summaries
from tests.e2e.test_summaries import CountsMachine, differences, run_checked, three_computers
from tests.helpers import factories as f
from tests.helpers.concurrent import sync_at_once

DAYS = ["2025-09-20", "2025-10-15", "2026-02-01"]
# the pages' dates: before some records, between, after all (the school year 2025-2026)
PAGE_DAYS = [dt.date(2025, 10, 1), dt.date(2026, 1, 1), dt.date(2026, 6, 30)]
DONORS = ["Tập đoàn Viettel", "Quỹ Bảo trợ trẻ em", ""]


def pages(server, today: dt.date, kept: bool) -> dict[str, dict]:
    """Every public page of the server's registry on ``today``, from the kept counts or
    counted over the records."""
    out = {}
    with server_reports.source(server.engine) as src:
        plain = Source(src._run, grouping_sets=src.grouping_sets, turn=src.turn, summaries=kept)
        for level, code in sorted(public.known_pages(plain)):
            if level == "":
                out["national"] = public.page(plain, "national", None, today)
                continue
            unit = public.unit_for(plain, level, code)
            if unit is not None:
                out[f"{level}:{code}"] = public.page(plain, level, unit, today)
    return out


def assert_pages_equal(server) -> None:
    for today in PAGE_DAYS:
        kept, counted = pages(server, today, True), pages(server, today, False)
        assert set(kept) == set(counted)
        for key in counted:
            assert kept[key] == counted[key], (today, key)


class PublicMachine(CountsMachine):
    def _rows(self, store, sql: str, i: int):
        rows = store.conn.execute(sql).fetchall()
        return rows[i % len(rows)] if rows else None

    @rule(s=st.integers(0, 2), i=st.integers(0, 50), kind=st.sampled_from(["tablet", "laptop", "smartphone"]),
          donor=st.sampled_from(DONORS), day=st.sampled_from(DAYS), sim=st.booleans())
    def hand_over(self, s, i, kind, donor, day, sim):
        """An approved child given a device (received that day, from ``donor``), or a SIM
        alone (which reaches the child only if the need was for a SIM and data)."""
        store = self.stores[s]
        row = self._rows(store, "SELECT id, student_id FROM needs WHERE _deleted = 0 AND status = 'approved' "
                                "AND student_id NOT IN (SELECT student_id FROM handovers) "
                                "AND student_id IN (SELECT id FROM students WHERE _deleted = 0) ORDER BY id", i)
        if row is None:  # a child approved now
            kid = f.student(store, class_name="2A", household="poor", full_name="Vàng Thị Dua")
            need = f.approved_need(store, kid, device_requested=kind, needs_sim=sim)
        else:
            need, kid = store.get(Need, row["id"]), store.get(Student, row["student_id"])
        try:
            if sim:
                f.handover(store, kid, need, None, sim_id=f.sim(store).id, date=day)
            else:
                dev = f.device(store, kind=kind, donor=donor, received_date=day, value_vnd=4_000_000)
                f.handover(store, kid, need, dev, date=day)
        except SongMayError:
            pass  # the child holds a device already

    @rule(s=st.integers(0, 2), i=st.integers(0, 50), j=st.integers(0, 50), day=st.sampled_from(DAYS),
          reassign=st.booleans())
    def give_back(self, s, i, j, day, reassign):
        """A handover closed by a return (the child no longer reached), or by its device
        reassigned to another approved child (a closing event and a new handover)."""
        store = self.stores[s]
        row = self._rows(store, "SELECT id FROM handovers h WHERE _deleted = 0 AND event = 'handed_over' "
                                "ORDER BY id", i)
        if row is None:
            return
        old = store.get(Handover, row["id"])
        day = max(day, old.date)
        other = self._rows(store, "SELECT id, student_id FROM needs WHERE _deleted = 0 AND status = 'approved' "
                                  "AND student_id IN (SELECT id FROM students WHERE _deleted = 0) ORDER BY id", j)
        try:
            if reassign and other is not None:
                store.reassign(old.id, Handover(unit_id=store.unit_id, student_id=other["student_id"],
                                                need_id=other["id"], device_id=old.device_id, sim_id=old.sim_id,
                                                guardian_name="Lò Văn Bình", guardian_relation="Bố", date=day,
                                                place="Điểm trường"), "gv", reason="chuyển cho em khác")
            else:
                store.return_device(old.id, "gv", date=day)
        except SongMayError:
            pass

    @rule(s=st.integers(0, 2), i=st.integers(0, 50), kind=st.sampled_from(["tablet", "laptop", "desktop"]),
          donor=st.sampled_from(DONORS))
    def change_device(self, s, i, kind, donor):
        """A device's kind or donor corrected after it was handed over."""
        store = self.stores[s]
        row = self._rows(store, "SELECT id FROM devices WHERE _deleted = 0 ORDER BY id", i)
        if row is None:
            return
        dev = store.get(Device, row["id"])
        dev.kind, dev.donor = kind, donor
        try:
            store.save(dev, "gv")
        except SongMayError:
            pass

    @rule(s=st.integers(0, 2), i=st.integers(0, 50), donor=st.sampled_from(DONORS[:2]),
          cash=st.sampled_from([0, 1_000_000, 25_000_000]), day=st.sampled_from(DAYS),
          what=st.sampled_from(["add", "add", "change", "delete"]))
    def donation(self, s, i, donor, cash, day, what):
        store = self.stores[s]
        row = self._rows(store, "SELECT id FROM donations WHERE _deleted = 0 ORDER BY id", i)
        if what == "add" or row is None:
            store.save(Donation(unit_id=store.unit_id, donor_name=donor, cash_vnd=cash, devices={"tablet": 2},
                                received_date=day), "test")
        elif what == "change":
            d = store.get(Donation, row["id"])
            d.donor_name, d.cash_vnd, d.received_date = donor, cash, day
            store.save(d, "test")
        else:
            store.delete(Donation, row["id"], "gv", "nhập nhầm")

    def final_check(self):
        super().final_check()
        assert_pages_equal(self.server)


def test_kept_public_counts_equal_a_recount_and_the_pages_equal_the_counted_ones():
    run_checked(PublicMachine, examples=25, steps=50)


def test_each_way_a_public_figure_changes_is_counted_at_once(server_db, monkeypatch):
    """Each path alone: a device handed over, a SIM alone, the device's kind and donor
    changed, a return, a reassignment, a need withdrawn and a child deleted after their
    handover, a donation made, changed and deleted, a relayed stick — on SQLite and on
    PostgreSQL (the server's own statements there)."""
    monkeypatch.setattr(test_summaries, "ServerStore",
                        SimpleNamespace(open=lambda _url, **kw: ServerStore.open(server_db, **kw)))
    m = PublicMachine()
    m.setup()
    try:
        def step(fn, *args):
            fn(*args)
            if fn.__name__ in ("sync", "relay"):
                assert differences(m.server) == [], fn.__name__
                assert_pages_equal(m.server)

        def kept(sql):
            with m.server.engine.connect() as conn:
                return [tuple(r) for r in conn.exec_driver_sql(sql).all()]

        flows = ("SELECT on_date, donor, donations, cash_vnd, devices_received, handovers, devices_handed, "
                 "handed_tablet, handed_laptop, handed_desktop FROM public_counts ORDER BY on_date, donor")
        step(m.add_child, 0, "1A", "Kinh", "poor", 3, "tablet", False)  # approved
        step(m.sync, 0, None)
        assert kept("SELECT approved, reached FROM public_reached") == [(1, 0)]
        step(m.hand_over, 0, 0, "tablet", "Tập đoàn Viettel", "2025-10-15", False)
        step(m.sync, 0, None)
        assert kept("SELECT approved, reached FROM public_reached") == [(1, 1)]
        assert kept(flows) == [("2025-10-15", "Tập đoàn Viettel", 0, 0, 1, 1, 1, 1, 0, 0)]
        step(m.change_device, 0, 0, "laptop", "Quỹ Bảo trợ trẻ em")  # the device alone: its handover recounted
        step(m.sync, 0, None)
        assert kept(flows) == [("2025-10-15", "Quỹ Bảo trợ trẻ em", 0, 0, 1, 1, 1, 0, 1, 0)]
        step(m.give_back, 0, 0, 0, "2026-02-01", False)  # returned: handed over still, no longer reached
        step(m.sync, 0, None)
        assert kept("SELECT approved, reached FROM public_reached") == [(1, 0)]
        assert kept("SELECT SUM(devices_handed) FROM public_donors") == [(1,)]
        step(m.add_child, 1, "3B", "Mông", "near_poor", 3, "tablet", True)  # a SIM/data need…
        with m.stores[1].transaction():
            m.stores[1].conn.execute("UPDATE needs SET current_device = 'own'")  # … of a child with a device
        step(m.hand_over, 1, 0, "tablet", "", "2025-09-20", True)  # a SIM alone reaches the child
        step(m.relay, 1)
        assert sorted(kept("SELECT approved, reached FROM public_reached")) == [(1, 0), (1, 1)]
        step(m.add_child, 2, "5A", "Thái", "poor", 3, "tablet", False)
        step(m.add_child, 2, "5B", "Thái", "poor", 3, "tablet", False)
        step(m.hand_over, 2, 0, "tablet", "Tập đoàn Viettel", "2026-02-01", False)
        step(m.sync, 2, None)
        assert sorted(kept("SELECT approved, reached FROM public_reached")) == [(1, 0), (1, 1), (2, 1)]
        step(m.give_back, 2, 0, 1, "2026-02-01", True)  # reassigned to the other child
        step(m.sync, 2, None)
        assert sorted(kept("SELECT approved, reached FROM public_reached")) == [(1, 0), (1, 1), (2, 1)]
        step(m.move_need, 2, 0, 1, ("withdraw", "head"), False)  # the need alone, withdrawn
        step(m.sync, 2, None)
        step(m.change_child, 2, 0, "5A", "Thái", "poor", True)  # a child deleted
        step(m.sync, 2, None)
        assert len(kept("SELECT approved, reached FROM public_reached")) == 3
        for what in ("add", "change", "add", "delete"):
            step(m.donation, 0, 0, "Tập đoàn Viettel", 25_000_000, "2026-02-01", what)
            step(m.sync, 0, None)
        assert kept("SELECT donations, cash_vnd FROM public_donors WHERE donations > 0") == [(1, 25_000_000)]
    finally:
        m.teardown()


def test_the_summaries_check_finds_a_wrong_public_count_and_a_new_version_recounts_them():
    """``songmay-server summaries`` (``ServerStore.check_summaries``) compares the public counts
    with a recount too, and ``--rebuild`` recounts them; a server opening a database counted by
    another ``server.summaries.VERSION`` (or upgraded to migration 0007: empty tables)
    recounts them."""
    m = PublicMachine()
    m.setup()
    try:
        m.add_child(0, "1A", "Kinh", "poor", 3, "tablet", False)
        m.hand_over(0, 0, "tablet", "Tập đoàn Viettel", "2025-10-15", False)
        m.donation(0, 0, "Tập đoàn Viettel", 1_000_000, "2025-09-20", "add")
        m.sync(0, None)
        assert m.server.check_summaries() == []
        with m.server.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE public_donors SET devices_handed = devices_handed + 1")
            conn.exec_driver_sql("DELETE FROM public_reached")
        wrong = m.server.check_summaries()
        assert any(w.startswith("public_donors ") for w in wrong) and any(
            w.startswith("public_reached ") for w in wrong), wrong
        assert m.server.check_summaries(rebuild=True) == []
        with m.server.engine.begin() as conn:
            for table in ("public_counts", "public_donors", "public_reached"):
                conn.exec_driver_sql(f"DELETE FROM {table}")
            conn.exec_driver_sql("UPDATE meta SET value = '3' WHERE key = 'summaries_version'")
        m.server.upgrade()  # what a server does when it opens the database
        assert m.server.check_summaries() == []
        with m.server.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT SUM(devices_handed), SUM(donations) FROM public_donors").one() == (1, 1)
    finally:
        m.teardown()


def test_pushes_at_once_keep_the_public_counts_exact(devices):
    """Two computers of one school and another school push handovers, devices, donations and
    needs at once (PostgreSQL: the recount of a school waits for the other push's, and sees its
    rows; the units of both kinds of counts locked in one order): ``songmay-server summaries``
    finds every kept count equal to a recount."""
    a, a2, b = three_computers(devices)

    for n in range(3):
        for store, cls in ((a, "1A"), (a2, "2A"), (b, "3A")):
            for k in range(4):
                kid = f.student(store, class_name=cls, full_name=f"Em {n} {k}")
                need = f.approved_need(store, kid, device_requested="tablet")
                if k % 2:
                    dev = f.device(store, kind="laptop" if k == 3 else "tablet", donor=DONORS[k % 2],
                                   received_date=DAYS[k % 3], value_vnd=3_000_000)
                    f.handover(store, kid, need, dev, date=DAYS[k % 3])
            store.save(Donation(unit_id=store.unit_id, donor_name=DONORS[n % 2], cash_vnd=1_000_000 * (n + 1),
                                received_date=DAYS[n]), "test")
        assert sync_at_once(s.data_dir for s in (a, a2, b)) == []
    out = devices.server.cli("summaries")
    assert out.returncode == 0 and "equal a recount" in out.stdout, out.stdout + out.stderr
    store = ServerStore.open(devices.server.db)
    try:
        mark = "?" if store.dialect == "sqlite" else "%s"  # the module's other tests share the database
        ours = f"JOIN units u ON u.id = c.unit_id WHERE u.code IN ({mark}, {mark})"
        codes = (a.unit().code, b.unit().code)
        with store.engine.connect() as conn:
            got = conn.exec_driver_sql("SELECT SUM(devices_handed), SUM(donations), SUM(handed_laptop) "
                                       f"FROM public_donors c {ours}", codes).one()
            reached = conn.exec_driver_sql(f"SELECT SUM(approved), SUM(reached) FROM public_reached c {ours}",
                                           codes).one()
        assert tuple(int(v) for v in got) == (18, 9, 9) and tuple(int(v) for v in reached) == (36, 18)
    finally:
        store.close()
