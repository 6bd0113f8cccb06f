"""The handover actions (app.ops.handovers) called directly, without the GUI: what each
records and returns (the ids whose minutes are printed next), and what is refused."""

from __future__ import annotations

import pytest

from app.errors import RuleError
from app.ops import changes_of
from app.ops import handovers as ops
from app.queries.handovers import closing_event, handover_events
from app.records import Device, Handover
from tests.helpers import factories as f

ACTOR = "Lò Thị Hoa"


def new_handover(store, st, need, dev, **kw) -> Handover:
    data = dict(unit_id=store.unit_id, student_id=st.id, need_id=need.id, device_id=dev.id,
                guardian_name="Lò Văn Bình", guardian_relation="Bố", date="2025-10-15")
    data.update(kw)
    return Handover(**data)


def test_every_handover_action_tells_the_handover_views():
    for fn in (ops.hand_over, ops.return_device, ops.reassign, ops.mark_signed):
        assert changes_of(fn) == {"handover"}


def test_hand_over_numbers_the_minute_and_takes_the_device_out_of_stock(store):
    st = f.student(store)
    need = f.approved_need(store, st)
    dev = f.device(store)
    [hid] = ops.hand_over(store, new_handover(store, st, need, dev), ACTOR)
    h = store.get(Handover, hid)
    assert h.event == "handed_over" and "BBBG" in h.minute_no
    assert store.get(Device, dev.id).status == "handed_over"


def test_a_second_device_for_a_need_already_met_is_refused_and_numbers_nothing(store):
    st = f.student(store)
    need = f.approved_need(store, st)
    first = f.device(store)
    ops.hand_over(store, new_handover(store, st, need, first), ACTOR)
    before = store.count(Handover)
    with pytest.raises(RuleError) as e:
        ops.hand_over(store, new_handover(store, st, need, f.device(store)), ACTOR)
    assert e.value.key == "handover.need_not_approved"  # the need is fulfilled now
    assert store.count(Handover) == before


def test_return_closes_the_handover(store):
    st = f.student(store)
    need = f.approved_need(store, st)
    h = f.handover(store, st, need, f.device(store))
    [rid] = ops.return_device(store, h.id, ACTOR, date="2025-12-01", condition="used_good", reason="Chuyển trường")
    assert closing_event(store, h.id).id == rid
    assert store.get(Handover, rid).note == "Chuyển trường"
    active = {r[0]: r[9] for r in handover_events(store)}
    assert not active[h.id]


def test_reassign_returns_the_closing_event_then_the_new_handover(store):
    a, b = f.student(store), f.student(store, full_name="Sùng Thị Dợ", class_name="4B")
    need_a, need_b = f.approved_need(store, a), f.approved_need(store, b)
    dev = f.device(store)
    h = f.handover(store, a, need_a, dev)
    closing, new = ops.reassign(store, h.id, new_handover(store, b, need_b, dev, date="2025-11-02"), ACTOR,
                                reason="Chuyển trường")
    assert store.get(Handover, closing).event == "reassigned" and store.get(Handover, closing).refers_to == h.id
    assert store.get(Handover, new).student_id == b.id


def test_mark_signed(store):
    st = f.student(store)
    h = f.handover(store, st, f.approved_need(store, st), f.device(store))
    assert not h.signed_paper
    assert ops.mark_signed(store, h.id, ACTOR).signed_paper
    assert store.get(Handover, h.id).signed_paper
