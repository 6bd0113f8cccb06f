"""The actions on donations, allocation decisions and the devices and SIMs of a unit's
stock (DESIGN §3): each in ONE transaction (a refusal leaves nothing behind), marked with
the record kinds it changes. The reads, and what a donation has left, are in
``app.queries.stock`` and ``app.queries.devices``. No Qt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from app import messages
from app.errors import FieldError, RuleError, ValidationError
from app.ops import action
from app.queries import devices as dq
from app.queries.stock import (
    allocation_devices,
    donation_draws,
    donors_of,
    in_drafts,
    kinds_phrase,
    on_books,
    schools_for_allocation,
)
from app.records import DEVICE_KINDS, DEVICE_STATUSES, Allocation, Device, Donation, Sim, Unit
from app.rules import dmy
from app.store import Store, now_iso
from app.text import clean, fold

# ---------------------------------------------------------------- devices and SIMs


class DeviceHandedOver(Exception):
    """The device is with a child: it must come back through a return first."""

    def __init__(self, device_label: str):
        super().__init__(device_label)
        self.device_label = device_label


def _save_unique(store: Store, rec: Any, actor: str, find: Any, kind: str, names: Any) -> Any:
    """Save ``rec`` (checked) unless ``find(store, rec)`` names another record holding one of
    its identifiers: then a ValidationError on that field (``{kind}.duplicate_{column}``,
    with ``names(other)`` saying which one)."""
    with store.transaction():
        rec = rec.checked()
        dup = find(store, rec)
        if dup:
            column, other = dup
            raise ValidationError([FieldError(column, f"{kind}.duplicate_{column}", value=getattr(rec, column),
                                              **names(other))])
        return store.save(rec, actor)


@action("device")
def receive_device(store: Store, dev: Device, actor: str) -> Device:
    """Save one received (or edited) device, refusing a serial or IMEI already recorded."""
    return _save_unique(store, dev, actor, dq.device_duplicate, "device", lambda other: {"device": other.label})


@action("sim")
def add_sim(store: Store, sim: Sim, actor: str) -> Sim:
    """Save one SIM, refusing a phone number or ICCID already recorded."""
    return _save_unique(store, sim, actor, dq.sim_duplicate, "sim", lambda other: {"number": other.number})


@action("device")
def save_device_list(store: Store, text: str, template: Device, actor: str, *, job: Any = None) -> list[dq.ListLine]:
    """Check the pasted lines again and save every valid one in ONE transaction; a cancel
    (``job.check`` raises) rolls all of them back."""
    dq.check_template(template)
    lines = dq.parse_device_list(text)
    with store.transaction():
        dq.check_device_list(store, lines, template)
        good = [ln for ln in lines if ln.ok]
        for i, ln in enumerate(good):
            if job is not None:
                job.check(i, len(good))
            ln.device = store.save(ln.device, actor)
        if job is not None:
            job.check(len(good), len(good))
    return lines


@action("device")
def mark_device(store: Store, device_id: str, status: str, note: str, actor: str) -> Device:
    """Mark a device "faulty" or "lost", the dated ``note`` added to its notes; refused
    (DeviceHandedOver) while it is with a child."""
    with store.transaction():
        dev = store.get(Device, device_id)
        if dev.status == "handed_over":
            raise DeviceHandedOver(dev.label)
        dev.status = status
        if status == "faulty":
            dev.condition = "faulty"
        dev.note = "; ".join(x for x in (dev.note, f"{dmy(dt.date.today().isoformat())}: {note.strip()}") if x)
        return store.save(dev, actor, action=f"device.{status}")

# ---------------------------------------------------------------- donations


def _receipt_key(text: str) -> str:
    return re.sub(r"[\s.\-_/]", "", fold(text or ""))


@action("donation")
def save_donation(store: Store, donation: Donation, actor: str) -> Donation:
    """Save a donation received by this installation's unit.

    Beyond the record's own checks: cash needs a receipt number (money is never taken
    without one), and a receipt number is used once per receiving unit."""
    unit = store.require_unit()
    donation = donation.copy()
    donation.unit_id = donation.unit_id or unit.id
    with store.transaction():
        old = store.get_or_none(Donation, donation.id)
        for owner in (donation.unit_id, old.unit_id if old else unit.id):
            if owner != unit.id:
                other = store.get_or_none(Unit, owner)
                raise RuleError("donation.other_unit", unit=other.name if other else owner)
        problems: list[FieldError] = []
        try:
            rec = donation.checked()
        except ValidationError as e:
            problems += e.problems
            rec = donation
            rec.receipt_no = clean(rec.receipt_no)
        cash = rec.cash_vnd if isinstance(rec.cash_vnd, int) else 0
        if cash and not rec.receipt_no:
            problems.append(FieldError("receipt_no", "donation.receipt_required"))
        if rec.receipt_no:
            key = _receipt_key(rec.receipt_no)
            for other in store.find(Donation, "unit_id=? AND id<>? AND receipt_no<>''", (rec.unit_id, rec.id)):
                if _receipt_key(other.receipt_no) == key:
                    problems.append(FieldError("receipt_no", "donation.receipt_taken", value=other.receipt_no,
                                               donor=other.donor_name, date=dmy(other.received_date)))
                    break
        if problems:
            raise ValidationError(problems)
        return store.save(rec, actor)



# ---------------------------------------------------------------- allocations


def _number_key(text: str) -> str:
    """Decision numbers that differ only in accents, case or spaces are the same number:
    "12/QĐ-UBND" = "12 / qd-ubnd"."""
    return re.sub(r"\s", "", fold(text or ""))


def _status(value: str) -> tuple[str, str]:
    return DEVICE_STATUSES.get(value, (value, value))


@action("allocation")
def save_allocation(store: Store, allocation: Allocation, actor: str) -> Allocation:
    """Save a draft decision of this installation's unit (an office). Every problem is
    reported by field: the receiving school, a decision number the unit already used,
    counts, listed devices no longer in stock, below the minimum specification or listed
    by another draft, donations not the unit's. Counts per kind are raised to the devices
    listed of that kind; the donations of listed devices are drawn on too. Then, when it
    draws on donations, a RuleError if its counts exceed what they have left (by kind);
    its donor is theirs (the free text stays only on a decision that draws on none)."""
    issuer = store.require_unit()
    allocation = allocation.copy()
    allocation.unit_id = allocation.unit_id or issuer.id
    with store.transaction():
        old = store.get_or_none(Allocation, allocation.id)
        if old is not None and old.status == "approved":
            raise RuleError("allocation.locked", number=old.decision_no)
        if allocation.unit_id != issuer.id or (old is not None and old.unit_id != issuer.id):
            raise RuleError("allocation.not_issuer", number=allocation.decision_no)
        problems: list[FieldError] = []
        allocation.status, allocation.approved_by, allocation.approved_at = "draft", "", ""
        try:
            rec = allocation.checked()
        except ValidationError as e:
            problems += e.problems
            rec = allocation.copy()
            rec.decision_no = clean(rec.decision_no)
        if rec.to_unit_id and rec.to_unit_id not in {s["id"] for s in schools_for_allocation(store, issuer)}:
            problems.append(FieldError("to_unit_id", "allocation.not_school"))
        if rec.decision_no:
            key = _number_key(rec.decision_no)
            for other in store.find(Allocation, "unit_id=? AND id<>?", (issuer.id, rec.id)):
                if _number_key(other.decision_no) == key:
                    problems.append(FieldError("decision_no", "allocation.number_taken", number=other.decision_no,
                                               date=dmy(other.decision_date)))
                    break
        counts = _counts(rec.counts, problems)
        rec.device_ids = list(dict.fromkeys(str(i) for i in rec.device_ids if i))
        picked: Counter[str] = Counter()
        drafts = in_drafts(store, issuer.id, rec.id)
        for device_id in rec.device_ids:
            dev = store.get_or_none(Device, device_id)
            if dev is None or dev.unit_id != issuer.id or dev.status != "in_stock":
                problems.append(FieldError("device_ids", "allocation.device_not_in_stock",
                                           device=dev.label if dev else device_id,
                                           status=_status(dev.status if dev else "lost")))
            elif dev.meets_spec == "fails":
                problems.append(FieldError("device_ids", "allocation.device_below_spec", device=dev.label))
            elif device_id in drafts:
                problems.append(FieldError("device_ids", "allocation.device_in_other", device=dev.label,
                                           number=drafts[device_id]))
            else:
                picked[dev.kind] += 1
        for kind, n in picked.items():
            counts[kind] = max(counts.get(kind, 0), n)
        rec.counts = {k: counts[k] for k in DEVICE_KINDS if counts.get(k)}
        if not rec.counts and not rec.device_ids and not any(p.field == "counts" for p in problems):
            problems.append(FieldError("counts", "allocation.empty"))
        left, _draws_, _approved = donation_draws(store, issuer.id, rec.id)
        rec.donation_ids = list(dict.fromkeys(str(i) for i in rec.donation_ids if i))
        for device_id in rec.device_ids:  # a listed device's donation is drawn on too
            dev = store.get_or_none(Device, device_id)
            if dev is not None and dev.donation_id in left and dev.donation_id not in rec.donation_ids:
                rec.donation_ids.append(dev.donation_id)
        for donation_id in rec.donation_ids:
            if donation_id not in left:
                gift = store.get_or_none(Donation, donation_id)
                problems.append(FieldError("donation_ids", "allocation.donation_not_ours",
                                           donation=gift.donor_name if gift else donation_id))
        if problems:
            raise ValidationError(problems)
        if rec.donation_ids:
            _check_draw(rec, left)
            rec.donor = donors_of([store.get(Donation, i) for i in rec.donation_ids])
        return store.save(rec, actor)


def _check_draw(rec: Allocation, left: dict[str, Counter[str]]) -> None:
    """RuleError when ``rec``'s counts exceed what its donations have left, by kind."""
    pool: Counter[str] = Counter()
    for donation_id in rec.donation_ids:
        pool.update(left.get(donation_id, Counter()))
    over = {k: int(n) for k, n in rec.counts.items() if int(n) > pool.get(k, 0)}
    if over:
        raise RuleError("allocation.exceeds_donations", number=rec.decision_no, wanted=kinds_phrase(over),
                        left=kinds_phrase({k: pool.get(k, 0) for k in over}, zeros=True))


def _counts(counts: Any, problems: list[FieldError]) -> dict[str, int]:
    out: dict[str, int] = {}
    for kind, n in dict(counts or {}).items():
        if kind not in DEVICE_KINDS:
            problems.append(FieldError("counts", "choice.invalid", value=kind, allowed=", ".join(DEVICE_KINDS)))
            continue
        try:
            value = int(n)
            if value < 0:
                raise ValueError
        except (TypeError, ValueError):
            problems.append(FieldError("counts", "number.invalid", value=n))
            continue
        out[kind] = value
    return out


@action("allocation", "device")
def approve_allocation(store: Store, allocation_id: str, actor: str) -> Allocation:
    """Approve a draft decision: it is locked from now on, and the devices it lists move to
    the receiving school (status "allocated" until the school confirms their receipt).
    Refused, changing nothing, when a listed device is no longer in the unit's stock."""
    with store.transaction():
        rec = store.get(Allocation, allocation_id)
        if rec.status == "approved":
            raise RuleError("allocation.locked", number=rec.decision_no)
        if rec.unit_id != store.unit_id:
            raise RuleError("allocation.not_issuer", number=rec.decision_no)
        if rec.donation_ids:  # a donation's minute may have been corrected since the draft
            _check_draw(rec, donation_draws(store, rec.unit_id, rec.id)[0])
        for device_id in rec.device_ids:
            dev = store.get_or_none(Device, device_id)
            if dev is None or dev.unit_id != rec.unit_id or dev.status != "in_stock":
                raise RuleError("allocation.device_not_in_stock", device=dev.label if dev else device_id,
                                status=_status(dev.status if dev else "lost"))
            dev.unit_id, dev.status, dev.allocation_id = rec.to_unit_id, "allocated", rec.id
            store.save(dev, actor, action="device.allocated")
        rec.status, rec.approved_by, rec.approved_at = "approved", actor, now_iso()
        return store.save(rec, actor, action="allocation.approved")


@action("allocation")
def delete_draft(store: Store, allocation_id: str, actor: str) -> None:
    with store.transaction():
        rec = store.get(Allocation, allocation_id)
        if rec.status == "approved":
            raise RuleError("allocation.locked", number=rec.decision_no)
        if rec.unit_id != store.unit_id:
            raise RuleError("allocation.not_issuer", number=rec.decision_no)
        store.delete(Allocation, allocation_id, actor)


@dataclass
class Receipt:
    """What a school's confirmation did: the decision as stored, and how many of the devices
    it lists went into the school's stock."""

    allocation: Allocation
    stocked: int = 0


@action("allocation", "device")
def confirm_receipt(store: Store, allocation_id: str, counts: dict[str, int], note: str, actor: str) -> Receipt:
    """The receiving school confirms what of an approved decision addressed to it arrived:
    ``counts`` per kind (at most the decision's; confirming again corrects the count, never
    below the devices already on its books). The devices it lists that are here, still
    "allocated", go into the stock up to the count received of their kind; the serials of
    the others are registered with ``register_received_devices``, now or later."""
    with store.transaction():
        rec = store.get(Allocation, allocation_id)
        if rec.status != "approved":
            raise RuleError("allocation.not_approved", number=rec.decision_no)
        if rec.to_unit_id != store.unit_id:
            raise RuleError("allocation.not_addressed", number=rec.decision_no)
        problems: list[FieldError] = []
        received = _counts(counts, problems)
        books = on_books(store, [rec]).get(rec.id, {})
        lang = messages.language()
        for kind in DEVICE_KINDS:
            n, approved = received.get(kind, 0), int(rec.counts.get(kind, 0) or 0)
            if n > approved:
                problems.append(FieldError("received_counts", "allocation.receipt_over", kind=kinds_phrase(
                    {kind: n}, lang).split(" ", 1)[1], received=n, approved=approved))
            elif n < books.get(kind, 0):
                problems.append(FieldError("received_counts", "allocation.receipt_below_registered",
                                           kind=kinds_phrase({kind: books[kind]}, lang).split(" ", 1)[1],
                                           registered=books[kind]))
        if not problems and not any(received.values()):
            problems.append(FieldError("received_counts", "allocation.receipt_empty"))
        if problems:
            raise ValidationError(problems)
        room = Counter({k: received.get(k, 0) - books.get(k, 0) for k in DEVICE_KINDS})
        stocked = 0
        for dev in allocation_devices(store, rec):
            if dev.unit_id == store.unit_id and dev.status == "allocated" and room[dev.kind] > 0:
                dev.status = "in_stock"
                dev.allocation_id = dev.allocation_id or rec.id
                store.save(dev, actor, action="device.received")
                room[dev.kind] -= 1
                stocked += 1
        rec.received_counts = {k: received[k] for k in DEVICE_KINDS if received.get(k)}
        rec.received_at, rec.received_by, rec.receipt_note = now_iso(), actor, clean(note or "")
        return Receipt(store.save(rec, actor, action="allocation.received"), stocked)


@action("device")
def register_received_devices(store: Store, text: str, template: Device, actor: str, *,
                              job: Any = None) -> list[dq.ListLine]:
    """Register the serials of devices a school received with a decision
    (``template.allocation_id``), of ``template.kind``, pasted one per line: each a new
    device of the school, in its stock, with ``allocation_id`` set; in ONE transaction.
    Refused (RuleError) beyond the count the school confirmed for that kind, less the
    devices already on its books; lines with problems are skipped as on the devices screen.
    ``job.check(done, total)`` reports progress and may cancel (roll back)."""
    template = dataclasses.replace(template, unit_id=store.unit_id, status="in_stock", donation_id="")
    dq.check_template(template)
    lines = dq.parse_device_list(text)
    with store.transaction():
        rec = store.get(Allocation, template.allocation_id)
        if rec.status != "approved":
            raise RuleError("allocation.not_approved", number=rec.decision_no)
        if rec.to_unit_id != store.unit_id:
            raise RuleError("allocation.not_addressed", number=rec.decision_no)
        kind = kinds_phrase({template.kind: 2}).split(" ", 1)[1]
        received = int(rec.received_counts.get(template.kind, 0) or 0)
        if not received:
            raise RuleError("allocation.register_not_received", kind=kind, number=rec.decision_no)
        dq.check_device_list(store, lines, template)
        good = [ln for ln in lines if ln.ok]
        registered = on_books(store, [rec]).get(rec.id, {}).get(template.kind, 0)
        if registered + len(good) > received:
            raise RuleError("allocation.register_too_many", number=rec.decision_no, received=received, kind=kind,
                            registered=registered, left=max(received - registered, 0), lines=len(good))
        for i, ln in enumerate(good):
            if job is not None:
                job.check(i, len(good))
            ln.device = store.save(ln.device, actor, action="device.received")
        if job is not None:
            job.check(len(good), len(good))
    return lines
