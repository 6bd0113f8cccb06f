"""Donations and allocation decisions: the reads of their screens and the operations that
change them, each in ONE transaction (a refusal leaves nothing behind). No Qt.

An allocation decision (quyết định phân bổ) belongs to the office that issues it and is
addressed to a school (``to_unit_id``; sync and USB deliver it there, see
``app.changes.ADDRESSED``). While a draft it can be edited; approving it locks it and moves
the devices it lists to the school (their ``unit_id`` becomes the school's, status
"allocated"); the school confirms their receipt (status "in_stock"), after which they can
be handed over to children.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from app.errors import FieldError, RuleError, ValidationError
from app.records import DEVICE_KINDS, DEVICE_STATUSES, Allocation, Device, Donation, Unit
from app.store import Store, from_row, now_iso
from app.text import clean, fold

# ------------------------------------------------------------------ donations


@dataclass
class DonationRow:
    """A donation with the devices registered against it (``donation_id``), whatever
    unit holds them now: by kind, and by inspection result (meets / fails / pending)."""

    donation: Donation
    unit_name: str = ""
    registered: dict[str, int] = field(default_factory=dict)
    inspected: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.donation.id

    @property
    def registered_total(self) -> int:
        return sum(self.registered.values())

    @property
    def declared_total(self) -> int:
        return sum(self.donation.devices.values())

    def __getattr__(self, name: str) -> Any:  # the donation's fields read through the row
        if name == "donation":
            raise AttributeError(name)
        return getattr(self.donation, name)


def donations(store: Store, unit_id: str | None = None) -> list[DonationRow]:
    """Donations received by ``unit_id`` (all in the store when None), newest first."""
    where, params = ("AND d.unit_id=?", (unit_id,)) if unit_id else ("", ())
    rows = store.conn.execute(
        "SELECT d.*, coalesce(u.name, '') AS unit_name FROM donations d "
        "LEFT JOIN units u ON u.id=d.unit_id AND u._deleted=0 "
        f"WHERE d._deleted=0 {where} ORDER BY d.received_date DESC, d.donor_name, d.id", params).fetchall()
    out = {r["id"]: DonationRow(from_row(Donation, r), r["unit_name"]) for r in rows}
    sub = "AND donation_id IN (SELECT id FROM donations WHERE unit_id=?)" if unit_id else ""
    for donation_id, kind, meets, n in store.conn.execute(
            "SELECT donation_id, kind, meets_spec, count(*) FROM devices "
            f"WHERE _deleted=0 AND donation_id<>'' {sub} GROUP BY 1, 2, 3", params):
        row = out.get(donation_id)
        if row is not None:
            row.registered[kind] = row.registered.get(kind, 0) + n
            row.inspected[meets] = row.inspected.get(meets, 0) + n
    return list(out.values())


def donation_devices(store: Store, donation_id: str) -> list[Device]:
    return store.find(Device, "donation_id=?", (donation_id,), order_by="kind, serial, imei")


def _receipt_key(text: str) -> str:
    return re.sub(r"[\s.\-_/]", "", fold(text or ""))


def save_donation(store: Store, donation: Donation, actor: str) -> Donation:
    """Save a donation received by this installation's unit.

    Beyond the record's own checks: cash needs a receipt number (money is never taken
    without one), and a receipt number is used once per receiving unit."""
    unit = store.require_unit()
    donation = donation._copy()
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
                                               donor=other.donor_name, date=_dmy(other.received_date)))
                    break
        if problems:
            raise ValidationError(problems)
        return store.save(rec, actor)


# ---------------------------------------------------------------- allocations


@dataclass
class AllocationRow:
    """A decision with the names of its units and where its listed devices are:
    ``present`` of them are in this store at the receiving school, ``waiting`` of those
    not yet confirmed as received (status "allocated")."""

    allocation: Allocation
    from_name: str = ""
    to_name: str = ""
    to_code: str = ""
    present: int = 0
    waiting: int = 0

    @property
    def id(self) -> str:
        return self.allocation.id

    @property
    def locked(self) -> bool:
        return self.allocation.status == "approved"

    @property
    def count_total(self) -> int:
        return sum(int(v) for v in self.allocation.counts.values())

    def __getattr__(self, name: str) -> Any:
        if name == "allocation":
            raise AttributeError(name)
        return getattr(self.allocation, name)


_LISTED = "SELECT value FROM json_each(a.device_ids)"


def allocations(store: Store, *, issued_by: str | None = None, addressed_to: str | None = None) -> list[AllocationRow]:
    """Decisions issued by a unit, or addressed to one (both None: every one in the store),
    newest first."""
    clauses, params = ["a._deleted=0"], []
    if issued_by:
        clauses.append("a.unit_id=?")
        params.append(issued_by)
    if addressed_to:
        clauses.append("a.to_unit_id=?")
        params.append(addressed_to)
    rows = store.conn.execute(
        "SELECT a.*, coalesce(f.name, '') AS from_name, coalesce(t.name, '') AS to_name, "
        "coalesce(t.code, '') AS to_code, "
        f"(SELECT count(*) FROM devices d WHERE d._deleted=0 AND d.unit_id=a.to_unit_id AND d.id IN ({_LISTED})) "
        "AS present, "
        f"(SELECT count(*) FROM devices d WHERE d._deleted=0 AND d.unit_id=a.to_unit_id AND d.status='allocated' "
        f"AND d.id IN ({_LISTED})) AS waiting "
        "FROM allocations a LEFT JOIN units f ON f.id=a.unit_id AND f._deleted=0 "
        "LEFT JOIN units t ON t.id=a.to_unit_id AND t._deleted=0 "
        f"WHERE {' AND '.join(clauses)} ORDER BY a.decision_date DESC, a.decision_no DESC, a.id", params).fetchall()
    return [AllocationRow(from_row(Allocation, r), r["from_name"], r["to_name"], r["to_code"], r["present"],
                          r["waiting"]) for r in rows]


def schools_for_allocation(store: Store, unit: Unit | None = None) -> list[dict[str, str]]:
    """The schools an office may allocate to: those it covers (its commune, cluster or
    province), by name. A school allocates to nobody."""
    from app.reports.source import scope_of, store_source

    unit = unit or store.require_unit()
    if unit.kind == "school":
        return []
    info = {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind,
            "commune_code": unit.commune_code, "province_code": unit.province_code}
    members = scope_of(store_source(store), info).members
    schools = [{"id": m["id"], "code": m["code"], "name": m["name"]} for m in members if m["kind"] == "school"]
    return sorted(schools, key=lambda s: (fold(s["name"]), s["code"]))


def _in_drafts(store: Store, unit_id: str, except_id: str) -> dict[str, str]:
    """device id → decision number of the other drafts of ``unit_id`` that list it."""
    return {r[0]: r[1] for r in store.conn.execute(
        "SELECT j.value, a.decision_no FROM allocations a, json_each(a.device_ids) j "
        "WHERE a._deleted=0 AND a.status='draft' AND a.unit_id=? AND a.id<>?", (unit_id, except_id))}


def available_devices(store: Store, unit_id: str, allocation_id: str = "") -> list[Device]:
    """Devices ``unit_id`` holds in stock that may be allocated: not below the minimum
    specification, not listed by another draft decision (``allocation_id``: the one being
    edited, whose own devices stay available)."""
    return store.find(
        Device,
        "unit_id=? AND status='in_stock' AND meets_spec<>'fails' AND id NOT IN ("
        "SELECT j.value FROM allocations a, json_each(a.device_ids) j "
        "WHERE a._deleted=0 AND a.status='draft' AND a.unit_id=? AND a.id<>?)",
        (unit_id, unit_id, allocation_id), order_by="kind, brand_model, serial, imei")


def allocation_devices(store: Store, allocation: Allocation) -> list[Device]:
    """The devices a decision lists, wherever they are now (in its order)."""
    ids = list(allocation.device_ids)
    if not ids:
        return []
    found = {d.id: d for d in store.find(Device, f"id IN ({','.join('?' * len(ids))})", ids)}
    return [found[i] for i in ids if i in found]


def donor_names(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT DISTINCT donor_name FROM donations WHERE _deleted=0 AND donor_name<>'' ORDER BY donor_name")]


def _number_key(text: str) -> str:
    """Decision numbers that differ only in accents, case or spaces are the same number:
    "12/QĐ-UBND" = "12 / qd-ubnd"."""
    return re.sub(r"\s", "", fold(text or ""))


def _dmy(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso and len(iso) >= 10 else (iso or "")


def _status(value: str) -> tuple[str, str]:
    return DEVICE_STATUSES.get(value, (value, value))


def save_allocation(store: Store, allocation: Allocation, actor: str) -> Allocation:
    """Save a draft decision of this installation's unit (an office). Every problem is
    reported by field: the receiving school, a decision number the unit already used,
    counts, listed devices no longer in stock, below the minimum specification or listed
    by another draft. Counts per kind are raised to the devices listed of that kind."""
    issuer = store.require_unit()
    allocation = allocation._copy()
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
            rec = allocation._copy()
            rec.decision_no = clean(rec.decision_no)
        if rec.to_unit_id and rec.to_unit_id not in {s["id"] for s in schools_for_allocation(store, issuer)}:
            problems.append(FieldError("to_unit_id", "allocation.not_school"))
        if rec.decision_no:
            key = _number_key(rec.decision_no)
            for other in store.find(Allocation, "unit_id=? AND id<>?", (issuer.id, rec.id)):
                if _number_key(other.decision_no) == key:
                    problems.append(FieldError("decision_no", "allocation.number_taken", number=other.decision_no,
                                               date=_dmy(other.decision_date)))
                    break
        counts = _counts(rec.counts, problems)
        rec.device_ids = list(dict.fromkeys(str(i) for i in rec.device_ids if i))
        picked: Counter[str] = Counter()
        drafts = _in_drafts(store, issuer.id, rec.id)
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
        if problems:
            raise ValidationError(problems)
        return store.save(rec, actor)


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
        for device_id in rec.device_ids:
            dev = store.get_or_none(Device, device_id)
            if dev is None or dev.unit_id != rec.unit_id or dev.status != "in_stock":
                raise RuleError("allocation.device_not_in_stock", device=dev.label if dev else device_id,
                                status=_status(dev.status if dev else "lost"))
            dev.unit_id, dev.status = rec.to_unit_id, "allocated"
            store.save(dev, actor, action="device.allocated")
        rec.status, rec.approved_by, rec.approved_at = "approved", actor, now_iso()
        return store.save(rec, actor, action="allocation.approved")


def delete_draft(store: Store, allocation_id: str, actor: str) -> None:
    with store.transaction():
        rec = store.get(Allocation, allocation_id)
        if rec.status == "approved":
            raise RuleError("allocation.locked", number=rec.decision_no)
        if rec.unit_id != store.unit_id:
            raise RuleError("allocation.not_issuer", number=rec.decision_no)
        store.delete(Allocation, allocation_id, actor)


def confirm_receipt(store: Store, allocation_id: str, actor: str) -> int:
    """The receiving school confirms the devices of an approved decision have arrived:
    those here still "allocated" go into its stock. Returns how many."""
    with store.transaction():
        rec = store.get(Allocation, allocation_id)
        if rec.status != "approved":
            raise RuleError("allocation.not_approved", number=rec.decision_no)
        if rec.to_unit_id != store.unit_id:
            raise RuleError("allocation.not_addressed", number=rec.decision_no)
        received = 0
        for dev in allocation_devices(store, rec):
            if dev.unit_id == store.unit_id and dev.status == "allocated":
                dev.status = "in_stock"
                store.save(dev, actor, action="device.received")
                received += 1
        return received
