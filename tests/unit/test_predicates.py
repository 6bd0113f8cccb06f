"""The programme's rules as SQL (app/predicates.py), checked against what they mean on a
demo school's data: each condition selects exactly the rows the Python rules name."""

from __future__ import annotations

import pytest

from app import predicates as P
from app.demo import generate
from app.records import Handover, Need, Student
from app.store import Store
from app.workflow import ACTIVE_NEED_STATUSES


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store.open(tmp_path_factory.mktemp("predicates"))
    generate(s, students=300, seed=3)
    yield s
    s.close()


def ids(store, table: str, alias: str, where: str) -> set[str]:
    return {r[0] for r in store.conn.execute(f"SELECT {alias}.id FROM {table} {alias} WHERE {where}")}


def test_active_handover_is_a_handing_over_nothing_closed(store):
    hs = store.find(Handover)
    closed = {h.refers_to for h in hs if h.refers_to}
    want = {h.id for h in hs if h.event == "handed_over" and h.id not in closed}
    assert want and ids(store, "handovers", "h", P.active_handover("h")) == want
    assert ids(store, "handovers", "x", P.active_handover("x")) == want  # any alias


def test_active_and_open_needs(store):
    needs = store.find(Need)
    assert ids(store, "needs", "n", P.active_need("n")) == {n.id for n in needs if n.status in ACTIVE_NEED_STATUSES}
    assert ids(store, "needs", "n", P.open_need("n")) == {
        n.id for n in needs if n.status not in ("rejected", "withdrawn")}


def test_eligible_children(store):
    kids = store.find(Student)
    want = {s.id for s in kids if s.household in ("poor", "near_poor", "other_hardship")
            or s.covid_orphan or s.covid_hardship}
    assert want and ids(store, "students", "s", P.eligible("s")) == want


def _python_view(store):
    kids = store.find(Student)
    needs, hs = store.find(Need), store.find(Handover)
    closed = {h.refers_to for h in hs if h.refers_to}
    active_h = [h for h in hs if h.event == "handed_over" and h.id not in closed]
    by_id = {n.id: n for n in needs}

    def fulfils(h):
        n = by_id.get(h.need_id)
        return bool(h.device_id) or (bool(h.sim_id) and n is not None and n.needs_sim and n.current_device == "own")

    eligible = {s.id for s in kids if s.household in ("poor", "near_poor", "other_hardship")
                or s.covid_orphan or s.covid_hardship}
    return kids, needs, active_h, fulfils, eligible


def test_waiting_children(store):
    """Approved and given nothing that fulfils the need, or eligible with no need at all:
    the students page's "still waiting" filter and the dashboard's figure."""
    kids, needs, active_h, fulfils, eligible = _python_view(store)
    approved = {n.student_id for n in needs if n.status == "approved"}
    holding = {h.student_id for h in active_h if fulfils(h)}
    with_need = {n.student_id for n in needs}
    want = {s.id for s in kids if (s.id in approved and s.id not in holding)
            or (s.id not in with_need and s.id in eligible)}
    assert want and ids(store, "students", "s", P.waiting("s")) == want


def test_active_at_school_is_the_duplicate_checks_rule(store):
    kids, needs, active_h, _f, _e = _python_view(store)
    want = {n.student_id for n in needs if n.status not in ("rejected", "withdrawn")} | {
        h.student_id for h in active_h}
    assert want and ids(store, "students", "s", P.active_at_school("s")) == want & {s.id for s in kids}
