"""Donations and allocation decisions: the reads of their screens (the actions that change
them are in ``app.ops.stock``). No Qt.

An allocation decision (quyết định phân bổ) belongs to the office that issues it and is
addressed to a school (``to_unit_id``; sync and USB deliver it there, see
``app.changes.ADDRESSED``). It draws on donations the office received (``donation_ids``):
its counts per kind never exceed what those donations have left, and its donor is theirs.
What a decision moves is its counts per kind ("5 máy tính bảng"), the devices it lists
among them. While a draft it can be edited; approving it locks it and moves the devices it
lists to the school (their ``unit_id`` becomes the school's, status "allocated", and their
``allocation_id`` the decision). The school confirms the count it received (the receipt
fields, the only ones it may write on the decision: ``app.rules.ALLOCATION_RECEIPT``,
``app.authz``): the listed devices go into its stock, and the serials of the rest are
registered then or later, each a new device of the school with ``allocation_id`` set.

What a donation has left: its devices by kind (as its receipt minute says) less what the
decisions drawing on it take; a decision drawing on several takes from the oldest first,
approved decisions before drafts, so every store attributes the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from app import messages
from app.records import DEVICE_KINDS, Allocation, Device, Donation, Unit, label
from app.reports.source import scope_of, store_source
from app.store import Store, from_row
from app.text import fold


def kinds_phrase(counts: dict[str, int], lang: str | None = None, *, zeros: bool = False) -> str:
    """{"tablet": 5, "laptop": 2} → "5 máy tính bảng, 2 máy tính xách tay" ("5 tablets,
    2 laptops"), kinds in their usual order; nothing → "không thiết bị nào"."""
    lang = lang or messages.language()
    parts = []
    for kind in DEVICE_KINDS:
        n = int(counts.get(kind) or 0)
        if n or (zeros and kind in counts):
            name = label(DEVICE_KINDS, kind, lang)
            name = name[:1].lower() + name[1:] if lang == "vi" else name.lower() + ("" if n == 1 else "s")
            parts.append(f"{n:,} {name}".replace(",", "." if lang == "vi" else ","))
    return ", ".join(parts) or messages.text("allocation.moves_nothing", lang)

# ------------------------------------------------------------------ donations


@dataclass
class DonationRow:
    """A donation with the devices registered one by one against it, whatever unit holds
    them now: those recorded with its ``donation_id``, and those a school registered on
    receiving a decision that draws on it (attributed as the decision's counts are). By
    kind, and by inspection result (meets / fails / pending). ``allocated``: what approved
    decisions take from it, ``left`` what no decision (approved or draft) takes yet.

    The figures add up: ``declared_total`` (its receipt minute) = ``registered_declared``
    (registered, at most the minute's count of each kind) + ``to_register``; devices
    registered beyond the minute are ``registered_beyond``, never hidden in the others."""

    donation: Donation
    unit_name: str = ""
    registered: dict[str, int] = field(default_factory=dict)
    inspected: dict[str, int] = field(default_factory=dict)
    allocated: dict[str, int] = field(default_factory=dict)
    left: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.donation.id

    @property
    def declared(self) -> dict[str, int]:
        return {k: int(n) for k, n in self.donation.devices.items() if int(n or 0)}

    @property
    def registered_total(self) -> int:
        return sum(self.registered.values())

    @property
    def declared_total(self) -> int:
        return sum(self.declared.values())

    @property
    def registered_declared(self) -> int:
        return sum(min(n, self.registered.get(k, 0)) for k, n in self.declared.items())

    @property
    def registered_beyond(self) -> int:
        return self.registered_total - self.registered_declared

    @property
    def to_register(self) -> int:
        return self.declared_total - self.registered_declared

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
    # what a school registered on receiving a decision, to the donations it drew on
    by_decision: dict[str, list[tuple[str, str, int]]] = {}
    for allocation_id, kind, meets, n in store.conn.execute(
            "SELECT allocation_id, kind, meets_spec, count(*) FROM devices WHERE _deleted=0 "
            "AND allocation_id<>'' AND donation_id='' GROUP BY 1, 2, 3"):
        by_decision.setdefault(allocation_id, []).append((kind, meets, n))
    for unit in sorted({r.donation.unit_id for r in out.values()}):
        left, draws, approved = donation_draws(store, unit)
        for donation_id, counts in left.items():
            if donation_id in out:
                out[donation_id].left = {k: n for k, n in counts.items() if n}
        for allocation_id, drawn in draws.items():
            for donation_id, counts in drawn.items():
                row = out.get(donation_id)
                if row is not None and allocation_id in approved:
                    for kind, n in counts.items():
                        row.allocated[kind] = row.allocated.get(kind, 0) + n
            for kind, meets, n in by_decision.get(allocation_id, ()):
                for donation_id, counts in drawn.items():
                    take = min(n, counts.get(kind, 0))
                    row = out.get(donation_id)
                    if take and row is not None:
                        row.registered[kind] = row.registered.get(kind, 0) + take
                        row.inspected[meets] = row.inspected.get(meets, 0) + take
                    n -= take
    return list(out.values())


@dataclass
class DonationTotals:
    """The figures of the donations screen's header, each counting one thing, adding up:
    ``declared`` = ``registered`` + ``to_register``; ``beyond`` is counted apart."""

    donations: int = 0
    cash_vnd: int = 0
    declared: int = 0  # devices in the receipt minutes (biên bản tiếp nhận)
    registered: int = 0  # of those, registered one by one (serial/IMEI)
    to_register: int = 0  # of those, not registered yet
    beyond: int = 0  # registered against a donation beyond its minute's count of that kind


def donation_totals(rows: list[DonationRow]) -> DonationTotals:
    return DonationTotals(len(rows), sum(r.cash_vnd or 0 for r in rows), sum(r.declared_total for r in rows),
                          sum(r.registered_declared for r in rows), sum(r.to_register for r in rows),
                          sum(r.registered_beyond for r in rows))


def donation_draws(store: Store, unit_id: str, except_id: str = "") -> tuple[
        dict[str, Counter[str]], dict[str, dict[str, Counter[str]]], set[str]]:
    """For the donations ``unit_id`` received: what each has left by kind after the
    decisions drawing on it (all but ``except_id``), what each decision takes from each
    donation, and which of those decisions are approved. A decision takes from its
    donations oldest first, approved decisions before drafts (then by date and number)."""
    donations = store.find(Donation, "unit_id=?", (unit_id,), order_by="received_date, id")
    left: dict[str, Counter[str]] = {
        d.id: Counter({k: int(n) for k, n in d.devices.items() if k in DEVICE_KINDS}) for d in donations}
    draws: dict[str, dict[str, Counter[str]]] = {}
    approved: set[str] = set()
    for a in store.find(Allocation, "unit_id=? AND id<>? AND donation_ids NOT IN ('', '[]')", (unit_id, except_id),
                        order_by="status<>'approved', decision_date, decision_no, id"):
        draws[a.id] = _draw(a.counts, a.donation_ids, left)
        if a.status == "approved":
            approved.add(a.id)
    return left, draws, approved


def _draw(counts: dict[str, Any], donation_ids: list[str], left: dict[str, Counter[str]]) -> dict[str, Counter[str]]:
    chosen = set(donation_ids)
    order = [d for d in left if d in chosen]  # oldest first
    out: dict[str, Counter[str]] = {}
    for kind in DEVICE_KINDS:
        try:
            n = int(counts.get(kind) or 0)
        except (TypeError, ValueError):
            continue
        for d in order:
            take = min(n, left[d][kind])
            if take > 0:
                left[d][kind] -= take
                out.setdefault(d, Counter())[kind] += take
                n -= take
            if n <= 0:
                break
    return out


@dataclass
class DonationChoice:
    """A donation a decision may draw on, with what it has left by kind for that decision
    (the decision's own draw given back)."""

    donation: Donation
    left: dict[str, int]

    @property
    def id(self) -> str:
        return self.donation.id


def donations_to_draw_on(store: Store, unit_id: str, allocation_id: str = "") -> list[DonationChoice]:
    """The donations of devices ``unit_id`` received, oldest first, with what each has left
    for the decision ``allocation_id`` (a new one: ""). Those with nothing left are kept
    when the decision already draws on them."""
    left, _draws_, _approved = donation_draws(store, unit_id, allocation_id)
    own = store.get_or_none(Allocation, allocation_id) if allocation_id else None
    chosen = set(own.donation_ids) if own else set()
    out = []
    for d in store.find(Donation, "unit_id=?", (unit_id,), order_by="received_date, id"):
        rest = {k: n for k, n in left.get(d.id, Counter()).items() if n > 0}
        if rest or d.id in chosen:
            out.append(DonationChoice(d, rest))
    return out


def donors_of(donations: list[Donation]) -> str:
    """The donor of a decision, from the donations it draws on: their donors once each."""
    return "; ".join(dict.fromkeys(d.donor_name for d in donations if d.donor_name))


def donation_devices(store: Store, donation_id: str) -> list[Device]:
    return store.find(Device, "donation_id=?", (donation_id,), order_by="kind, serial, imei")



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
    # devices of the decision on the school's books here (listed ones received, serials the
    # school registered), by kind
    registered: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.allocation.id

    @property
    def locked(self) -> bool:
        return self.allocation.status == "approved"

    @property
    def count_total(self) -> int:
        return sum(int(v) for v in self.allocation.counts.values())

    @property
    def received_total(self) -> int:
        return sum(int(v) for v in self.allocation.received_counts.values())

    @property
    def registered_total(self) -> int:
        return sum(self.registered.values())

    @property
    def moves(self) -> str:
        """What the decision moves: "5 máy tính bảng, 2 máy tính xách tay"."""
        return kinds_phrase(self.allocation.counts)

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
    out = [AllocationRow(from_row(Allocation, r), r["from_name"], r["to_name"], r["to_code"], r["present"],
                         r["waiting"]) for r in rows]
    books = on_books(store, [r.allocation for r in out])
    for row in out:
        row.registered = books.get(row.id, {})
    return out


def on_books(store: Store, decisions: list[Allocation]) -> dict[str, dict[str, int]]:
    """decision id → kind → its devices on its school's books in this store: those it
    lists that the school received, and the serials the school registered on receipt
    (``allocation_id``); a listed device still in transit ("allocated") is not."""
    out: dict[str, dict[str, int]] = {}
    wanted = [a for a in decisions if a.status == "approved"]
    for n in range(0, len(wanted), 400):
        part = {a.id: a for a in wanted[n:n + 400]}
        listed = {i: a.id for a in part.values() for i in a.device_ids}
        marks = ",".join("?" * len(part))
        found: dict[str, Device] = {d.id: d for d in store.find(
            Device, f"allocation_id IN ({marks}) AND status<>'allocated'", list(part))}
        ids = list(listed)
        for m in range(0, len(ids), 400):
            chunk = ids[m:m + 400]
            found.update({d.id: d for d in store.find(
                Device, f"id IN ({','.join('?' * len(chunk))}) AND status<>'allocated'", chunk)})
        for dev in found.values():
            owner = dev.allocation_id if dev.allocation_id in part else listed.get(dev.id, "")
            decision = part.get(owner)
            if decision is not None and dev.unit_id == decision.to_unit_id:
                counts = out.setdefault(owner, {})
                counts[dev.kind] = counts.get(dev.kind, 0) + 1
    return out


def schools_for_allocation(store: Store, unit: Unit | None = None) -> list[dict[str, str]]:
    """The schools an office may allocate to: those it covers (its commune, cluster or
    province), by name. A school allocates to nobody."""
    unit = unit or store.require_unit()
    if unit.kind == "school":
        return []
    info = {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind,
            "commune_code": unit.commune_code, "province_code": unit.province_code}
    members = scope_of(store_source(store), info).members
    schools = [{"id": m["id"], "code": m["code"], "name": m["name"]} for m in members if m["kind"] == "school"]
    return sorted(schools, key=lambda s: (fold(s["name"]), s["code"]))


def in_drafts(store: Store, unit_id: str, except_id: str) -> dict[str, str]:
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


def allocation_form(store: Store, allocation: Allocation | None, editable: bool) -> dict[str, Any]:
    """What the decision dialog offers: the schools it may go to, the devices it may list
    (those it lists first), the donors already named, the donations it may draw on. A
    read-only decision: its own devices and donations only."""
    unit = store.require_unit()
    listed = allocation_devices(store, allocation) if allocation else []
    if not editable:
        linked = [store.get_or_none(Donation, i) for i in (allocation.donation_ids if allocation else [])]
        return {"schools": [], "devices": listed, "donors": [],
                "donations": [DonationChoice(d, {}) for d in linked if d is not None]}
    available = available_devices(store, unit.id, allocation.id if allocation else "")
    ids = {d.id for d in available}
    return {"schools": schools_for_allocation(store, unit), "devices": [d for d in listed if d.id not in ids]
            + available, "donors": donor_names(store),
            "donations": donations_to_draw_on(store, unit.id, allocation.id if allocation else "")}
