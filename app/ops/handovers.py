"""The handover actions (DESIGN §3): hand a device or SIM to a child, take it back, move it
to another child, and record that the paper minute came back signed. Each returns the ids
of the events it recorded (their minutes are printed next). The rules they keep (need,
stock, one device each, the minute's number) are the store's ``hand_over``,
``return_device`` and ``reassign``; the reads are in ``app.queries.handovers``.

They are marked as changing handovers only: a view of devices, SIMs or needs listens to
"handover" too (a handover moves a device out of stock and fulfils a need)."""

from __future__ import annotations

from app.ops import action
from app.queries.handovers import closing_event
from app.records import Handover
from app.store import Store


@action("handover")
def hand_over(store: Store, handover: Handover, actor: str) -> list[str]:
    """Record a handover (its minute numbered now); returns [its id]."""
    return [store.hand_over(handover, actor).id]


@action("handover")
def return_device(store: Store, handover_id: str, actor: str, *, date: str, condition: str = "used_good",
                  reason: str = "") -> list[str]:
    """Close the active handover ``handover_id`` with a return; returns [its id]."""
    return [store.return_device(handover_id, actor, date=date, condition=condition, reason=reason).id]


@action("handover")
def reassign(store: Store, handover_id: str, new: Handover, actor: str, *, reason: str = "") -> list[str]:
    """Move the device of ``handover_id`` to another child, in one transaction: the closing
    event and the new handover; returns their ids (closing first)."""
    rec = store.reassign(handover_id, new, actor, reason=reason)
    closing = closing_event(store, handover_id)
    return ([closing.id] if closing else []) + [rec.id]


@action("handover")
def mark_signed(store: Store, handover_id: str, actor: str) -> Handover:
    """The printed minute came back signed by both sides."""
    with store.transaction():
        h = store.get(Handover, handover_id)
        h.signed_paper = True
        return store.save(h, actor, action="handover.signed_paper")
