"""The server is the authority (DESIGN §8): who may write what, judged in one place.

Every version that reaches the province goes through ``Authority.judge`` — an HTTP push, a
school's USB bundle relayed by an officer, a bundle the province imports by hand — before
the merge core (``app.changes.apply_changes``) stores anything (``server.storage``). An
officer's computer judges the school bundles it imports by the same rules (``sync.usb``),
so a forged stick changes nothing there either. A version is judged by:

- the sender: the installation that wrote it (for a bundle, the school installation that
  signed it, never the officer who carried it), its unit, and that unit's kind (a school,
  or an office: commune, cluster, province);
- the record kind: a school writes its own children, needs, devices, SIMs, handovers,
  coverage gaps and donations; offices write those in their area and the allocation
  decisions; of an approved decision addressed to it a school writes its receipt only
  (``RECEIPT_FIELDS``); only the province creates units or changes what identifies one;
- the unit of the incoming version AND of the row the server already holds: a version can
  neither pull another unit's record into the sender's area nor push one out of it;
- the records it refers to (a need's child; a handover's child, need, device and SIM; an
  allocation's devices), where the server holds them or they come in the same batch;
- the version's vector: a device writes as itself only. An entry of another installation
  that is new to the stored row must be one the server already knows of (a device forwards
  what it has seen, never invents another computer's writes: a forged counter would make
  that computer's later writes look old and vanish).

A version that changes nothing the server holds is never refused (a re-send is harmless).
Refusals are ``Verdict``s: ``final`` ones are decisions (quarantined with the reason,
answered record by record, counted as seen so nothing is sent again for ever); a version
whose other installations' writes have not reached the province yet is ``deferred``: the
server's summary stays below it and the sender sends it again once they have.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from app.changes import ADDRESSED, Verdict
from app.errors import SongMayError
from app.records import KINDS
from app.rules import ALLOCATION_RECEIPT

OFFICE_KINDS = ("commune", "cluster", "province")
# What each kind of unit may write (in its area: a school's is itself).
SCHOOL_WRITES = frozenset({"student", "need", "device", "sim", "handover", "coverage_gap", "donation", "unit",
                           "submitted_report"})
OFFICE_WRITES = SCHOOL_WRITES | {"allocation", "placement"}
# A unit's fields its own installations may change; everything else identifies the unit
# (code, name, kind, level, commune, province, parent) and belongs to the province's registry.
UNIT_DESCRIPTIVE = frozenset({"coverage", "carrier", "broadband", "address"})
# A school writes no allocation decision, bar its confirmation of one: these fields of an
# approved decision addressed to it (the rest of the decision stays as the office wrote it).
RECEIPT_FIELDS = {"allocation": ALLOCATION_RECEIPT}
# Fields naming another record whose unit must be in the sender's area too.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "need": (("student_id", "student"),),
    "handover": (("student_id", "student"), ("need_id", "need"), ("device_id", "device"), ("sim_id", "sim"),
                 ("refers_to", "handover")),
    "allocation": (("device_ids", "device"),),
    "device": (("donation_id", "donation"), ("allocation_id", "allocation")),
    "coverage_gap": (("school_ids", "unit"),),
}
# Counters: a version's entries stay within what honest installations can reach. An entry
# is refused above CEILING (exact in every store and in JSON), or more than MAX_JUMP above
# the greatest counter the receiver knows of any installation (Lamport clocks rise to what
# they have seen, then one per write): a forged 2⁶³ would stop every computer that pulls it.
CEILING = 2**53 - 1
MAX_JUMP = 10**7
# Written once by a unit about itself, never changed nor deleted: a report it submitted. An
# office forwards its schools' (in its area) but writes as itself only its own unit's.
FROZEN = frozenset({"submitted_report"})
# Fields holding another unit's id that must be in the area as well as ``unit_id``.
UNIT_FIELDS: dict[str, tuple[str, ...]] = {"allocation": ("to_unit_id",),
                                           "placement": ("keep_unit_id", "release_unit_id")}


def _text(key: str, **params: object) -> str:
    return SongMayError(key, **params).message()


@dataclass(frozen=True)
class Sender:
    """Who wrote the versions being judged."""

    instance: str  # the writing installation (a relayed bundle's signer)
    unit_id: str
    unit_kind: str  # "school", "commune", "cluster", "province"; "" if its unit is unknown
    province_code: str
    area: frozenset[str]  # the units it may write in: a school's own; an office's area

    @property
    def office(self) -> bool:
        return self.unit_kind in OFFICE_KINDS


@dataclass
class Authority:
    """Judges one batch from one sender. ``lookup(kind, ids)`` gives {id: unit_id} of the
    stored records the batch refers to (one query per kind); ``known()`` the server's
    summary (only needed for forwarded versions: computed once, lazily)."""

    sender: Sender
    changes: list[dict[str, Any]]
    lookup: Callable[[str, list[str]], dict[str, Any]]
    known: Callable[[], dict[str, int]]
    # a receiver that does not hold the sender's own unit yet takes it if it is of these
    # kinds (an officer meeting a school's stick before the registry's copy reached it);
    # the province never: its registry holds every enrolled unit
    new_own_unit: frozenset[str] = frozenset()
    # the installations the receiver accepts writes of (the province: every enrolled one and
    # itself); a version naming any other is refused for good, not held (None: not checked)
    registered: Callable[[], set[str]] | None = None
    _registered: set[str] | None = None
    _units: dict[tuple[str, str], str] = field(default_factory=dict)
    # the units a referenced record is addressed to (an allocation's school): a reference to
    # it is in the area when one of them is (a school's device names the decision it came with)
    _addressed: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    _known: dict[str, int] | None = None
    _writes: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self._writes = OFFICE_WRITES if self.sender.office else SCHOOL_WRITES
        wanted: dict[str, set[str]] = {}
        for ch in self.changes:
            refs = REFERENCES.get(ch.get("k"))  # type: ignore[arg-type]
            f = ch.get("f")
            if refs and isinstance(f, dict):
                for name, kind in refs:
                    for rid in _ids(f.get(name)):
                        wanted.setdefault(kind, set()).add(rid)
        many = getattr(self.lookup, "many", None)  # every kind in one look (``record_unit_lookup``)
        found = many({kind: sorted(ids) for kind, ids in wanted.items()}) if many is not None and wanted else {
            (kind, rid): unit for kind, ids in wanted.items() for rid, unit in self.lookup(kind, sorted(ids)).items()}
        for (kind, rid), unit in found.items():  # what the receiver holds counts by its stored unit
            if isinstance(unit, tuple):  # (unit, *addressed to): ``record_unit_lookup``
                unit, self._addressed[(kind, rid)] = unit[0], tuple(unit[1:])
            self._units[(kind, rid)] = unit
        if wanted:  # the others, coming in this batch, by their incoming unit (judged in turn)
            for ch in self.changes:
                f = ch.get("f")
                key = (ch.get("k"), ch.get("id"))
                if ch.get("k") in wanted and isinstance(f, dict) and isinstance(ch.get("id"), str) \
                        and key not in self._units:
                    unit = ch["id"] if ch.get("k") == "unit" else f.get("unit_id")
                    if isinstance(unit, str):
                        self._units[key] = unit  # type: ignore[index]
                        self._addressed[key] = tuple(  # type: ignore[index]
                            f.get(n) for n in ADDRESSED.get(str(ch.get("k")), ()) if isinstance(f.get(n), str))

    # ------------------------------------------------------------ the judgement
    def judge(self, ch: dict[str, Any], stored: dict[str, Any] | None) -> Verdict | None:
        """None: the version may be merged; else why not."""
        kind, f = str(ch.get("k")), ch["f"]
        vv = ch["vv"]
        if stored is None and len(vv) == 1:  # an arrival of one writer (most of a first push)
            new = vv if next(iter(vv.values())) > 0 else {}
        else:
            old_vv = json.loads(stored["_vv"]) if stored is not None else {}
            new = {i: c for i, c in vv.items() if c > old_vv.get(i, 0)}
        if not new:
            return None  # the server has seen all of it: merging changes nothing
        s = self.sender
        top = max(new.values())
        if top > MAX_JUMP and (top > CEILING or top > self._highest() + MAX_JUMP):
            return self._forbidden("authz.counter", kind=kind)
        if kind not in self._writes and kind not in RECEIPT_FIELDS:
            return self._forbidden("authz.kind", kind=kind)
        if kind == "unit":
            verdict = self._unit(ch, stored)
        elif kind not in self._writes:
            verdict = self._receipt(kind, ch, stored)
        else:
            verdict = self._in_area(kind, ch, f, stored)
            if verdict is None and kind in FROZEN:
                verdict = self._frozen(kind, ch, f, stored)
        if verdict is not None:
            return verdict
        foreign = {} if len(new) == 1 and s.instance in new else {i: c for i, c in new.items() if i != s.instance}
        if foreign:
            if self.registered is not None:
                if self._registered is None:
                    self._registered = self.registered()
                if not foreign.keys() <= self._registered:
                    return self._forbidden("authz.unknown_writer", kind=kind)
            if any(c > self._summary().get(i, 0) for i, c in foreign.items()):
                # held on the sender's own write only: the others' summaries stay as they are
                return Verdict(_text("authz.unverified", kind=kind), "deferred", final=False,
                               hold={i: c for i, c in new.items() if i == s.instance})
        return None

    def _summary(self) -> dict[str, int]:
        if self._known is None:
            self._known = self.known()
        return self._known

    def _highest(self) -> int:
        return max(self._summary().values(), default=0)

    def _forbidden(self, key: str, **params: object) -> Verdict:
        return Verdict(_text(key, **params), "forbidden", final=True)

    def _in_area(self, kind: str, ch: dict[str, Any], f: dict[str, Any],
                 stored: dict[str, Any] | None) -> Verdict | None:
        area = self.sender.area
        for name in ("unit_id", *UNIT_FIELDS.get(kind, ())):
            if f.get(name) not in area:
                return self._forbidden("authz.unit", kind=kind, unit=f.get(name) or "")
            if stored is not None and stored.get(name) not in area:
                return self._forbidden("authz.stored_unit", kind=kind)
        for name, ref in REFERENCES.get(kind, ()):
            for rid in _ids(f.get(name)):
                unit = self._units.get((ref, rid))
                if unit is not None and unit not in area and not area.intersection(
                        self._addressed.get((ref, rid), ())):
                    return self._forbidden("authz.reference", kind=kind, ref=ref)
        return None

    def _frozen(self, kind: str, ch: dict[str, Any], f: dict[str, Any],
                stored: dict[str, Any] | None) -> Verdict | None:
        """A submitted report: written once, by an installation of its own unit (an office
        forwards its schools' as they wrote them), then never changed nor deleted."""
        if ch.get("d"):
            return self._forbidden("authz.frozen", kind=kind)
        if stored is not None:  # new entries on a stored one: a change (a re-send returned earlier)
            return self._forbidden("authz.frozen", kind=kind)
        vv = ch.get("vv") if isinstance(ch.get("vv"), dict) else {}
        if self.sender.instance in vv and f.get("unit_id") != self.sender.unit_id:  # its own write
            return self._forbidden("authz.unit", kind=kind, unit=f.get("unit_id") or "")
        return None

    def _receipt(self, kind: str, ch: dict[str, Any], stored: dict[str, Any] | None) -> Verdict | None:
        """A school's confirmation that it received what a decision sent it: only the receipt
        fields of an approved decision the server holds, addressed to the sender's unit."""
        s, f = self.sender, ch["f"]
        if (stored is None or ch.get("d") or stored.get("status") != "approved"
                or any(stored.get(n) != s.unit_id for n in ADDRESSED.get(kind, ()))):
            return self._forbidden("authz.kind", kind=kind)
        json_fields = KINDS[kind].JSON_FIELDS
        changed = sorted(n for n in stored if not n.startswith("_") and n not in RECEIPT_FIELDS[kind]
                         and n != "id" and _value(f.get(n, _MISSING), n in json_fields)
                         != _value(stored[n], n in json_fields))
        if changed:
            return self._forbidden("authz.receipt_only", kind=kind, fields=", ".join(changed))
        return None

    def _unit(self, ch: dict[str, Any], stored: dict[str, Any] | None) -> Verdict | None:
        s, f = self.sender, ch["f"]
        if s.unit_kind == "province":  # the province's own installation keeps its registry
            for row in (f, stored):
                if row is not None and row.get("province_code") != s.province_code:
                    return self._forbidden("authz.unit_province")
            return None
        if stored is None:
            if ch["id"] == s.unit_id and f.get("kind") in self.new_own_unit and not ch.get("d"):
                return None
            return self._forbidden("authz.unit_new", code=f.get("code") or "")
        if ch["id"] != s.unit_id:
            return self._forbidden("authz.unit_other")
        if ch.get("d"):
            return self._forbidden("authz.unit_delete")
        # every identifying field as stored, a field left out too (it would be stored blank)
        changed = sorted(n for n in stored if not n.startswith("_") and n not in UNIT_DESCRIPTIVE
                         and n != "id" and _norm(f.get(n, _MISSING)) != _norm(stored[n]))
        if changed:
            return self._forbidden("authz.unit_protected", fields=", ".join(changed))
        return None


def own_claims(ch: dict[str, Any], instance: str) -> dict[str, Any]:
    """``ch`` with its claim cut to what its sender may say: how far it has written itself
    (filed under the whole scope: a sender sends all of its own writes, whatever their unit,
    and a claim under a scope of its invention would only grow the receiver's sync state)."""
    p = ch.get("p")
    if not isinstance(p, dict) or (set(p) <= {instance} and ch.get("s", "*|*") == "*|*"):
        return ch
    out = dict(ch)
    if instance in p:
        out["p"], out["s"] = {instance: p[instance]}, "*|*"
    else:
        out.pop("p")
        out.pop("s", None)
    return out


def _ids(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v]
    return ()


_MISSING = object()


def _norm(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    return value


def _value(value: Any, is_json: bool) -> Any:
    """A field as stored or as sent, comparable: JSON text decoded (a server row holds it
    as text, a change as the value)."""
    if is_json and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return _norm(value)


def record_unit_lookup(conn_execute: Callable[..., Any]) -> Callable[[str, list[str]], dict[str, Any]]:
    """``Authority.lookup`` over a connection that speaks ``?`` placeholders."""

    def lookup(kind: str, ids: list[str]) -> dict[str, Any]:
        table = KINDS[kind].TABLE
        to = ADDRESSED.get(kind, ())  # a decision addressed to a school: (unit, school)
        cols = ", ".join(("id", "unit_id", *to))
        out: dict[str, Any] = {}
        for n in range(0, len(ids), 500):
            chunk = ids[n:n + 500]
            for row in conn_execute(f"SELECT {cols} FROM {table} WHERE id IN "
                                    f"({','.join('?' * len(chunk))})", chunk):
                out[row[0]] = tuple(row[1:]) if to else row[1]
        return out

    def many(wanted: dict[str, list[str]]) -> dict[tuple[str, str], Any]:
        """``lookup`` of several kinds at once: {(kind, id): unit or (unit, *addressed to)},
        in one statement when the ids are few."""
        if sum(len(ids) for ids in wanted.values()) > 500:
            return {(kind, rid): unit for kind, ids in wanted.items() for rid, unit in lookup(kind, ids).items()}
        width = max((len(ADDRESSED.get(kind, ())) for kind in wanted), default=0)
        parts, params = [], []
        for kind, ids in wanted.items():
            to = ADDRESSED.get(kind, ())
            cols = ", ".join(("id", "unit_id", *to, *(["CAST(NULL AS TEXT)"] * (width - len(to)))))
            parts.append(f"SELECT '{kind}' AS kind, {cols} FROM {KINDS[kind].TABLE} "  # kind: a name of KINDS
                         f"WHERE id IN ({','.join('?' * len(ids))})")
            params += ids
        out: dict[tuple[str, str], Any] = {}
        for row in conn_execute(" UNION ALL ".join(parts), params):
            kind = row[0]
            out[(kind, row[1])] = tuple(row[2:3 + len(ADDRESSED.get(kind, ()))]) if ADDRESSED.get(kind) else row[2]
        return out

    lookup.many = many  # type: ignore[attr-defined]
    return lookup
