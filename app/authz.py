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
  decisions; only the province creates units or changes what identifies one;
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

from app.changes import Verdict
from app.errors import SongMayError
from app.records import KINDS

OFFICE_KINDS = ("commune", "cluster", "province")
# What each kind of unit may write (in its area: a school's is itself).
SCHOOL_WRITES = frozenset({"student", "need", "device", "sim", "handover", "coverage_gap", "donation", "unit"})
OFFICE_WRITES = SCHOOL_WRITES | {"allocation"}
# A unit's fields its own installations may change; everything else identifies the unit
# (code, name, kind, level, commune, province, parent) and belongs to the province's registry.
UNIT_DESCRIPTIVE = frozenset({"coverage", "carrier", "broadband", "address"})
# Fields naming another record whose unit must be in the sender's area too.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "need": (("student_id", "student"),),
    "handover": (("student_id", "student"), ("need_id", "need"), ("device_id", "device"), ("sim_id", "sim")),
    "allocation": (("device_ids", "device"),),
}
# Fields holding another unit's id that must be in the area as well as ``unit_id``.
UNIT_FIELDS: dict[str, tuple[str, ...]] = {"allocation": ("to_unit_id",)}


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
    lookup: Callable[[str, list[str]], dict[str, str]]
    known: Callable[[], dict[str, int]]
    # a receiver that does not hold the sender's own unit yet takes it if it is of these
    # kinds (an officer meeting a school's stick before the registry's copy reached it);
    # the province never: its registry holds every enrolled unit
    new_own_unit: frozenset[str] = frozenset()
    _units: dict[tuple[str, str], str] = field(default_factory=dict)
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
        if wanted:  # the referred records that come in this batch count by their incoming unit
            for ch in self.changes:
                f = ch.get("f")
                if ch.get("k") in wanted and isinstance(f, dict) and isinstance(ch.get("id"), str) \
                        and isinstance(f.get("unit_id"), str):
                    self._units[(ch["k"], ch["id"])] = f["unit_id"]
        for kind, ids in wanted.items():
            missing = [i for i in ids if (kind, i) not in self._units]
            if missing:
                for rid, unit in self.lookup(kind, sorted(missing)).items():
                    self._units[(kind, rid)] = unit

    # ------------------------------------------------------------ the judgement
    def judge(self, ch: dict[str, Any], stored: dict[str, Any] | None) -> Verdict | None:
        """None: the version may be merged; else why not."""
        kind, f = str(ch.get("k")), ch["f"]
        vv = ch["vv"]
        old_vv = json.loads(stored["_vv"]) if stored is not None else {}
        new = {i: c for i, c in vv.items() if c > old_vv.get(i, 0)}
        if not new:
            return None  # the server has seen all of it: merging changes nothing
        s = self.sender
        if kind not in self._writes:
            return self._forbidden("authz.kind", kind=kind)
        if kind == "unit":
            verdict = self._unit(ch, stored)
        else:
            verdict = self._in_area(kind, ch, f, stored)
        if verdict is not None:
            return verdict
        foreign = {i: c for i, c in new.items() if i != s.instance}
        if foreign:
            if self._known is None:
                self._known = self.known()
            if any(c > self._known.get(i, 0) for i, c in foreign.items()):
                # held on the sender's own write only: the others' summaries stay as they are
                return Verdict(_text("authz.unverified", kind=kind), "deferred", final=False,
                               hold={i: c for i, c in new.items() if i == s.instance})
        return None

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
                if unit is not None and unit not in area:
                    return self._forbidden("authz.reference", kind=kind, ref=ref)
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
        changed = sorted(n for n, v in f.items() if n not in UNIT_DESCRIPTIVE and n in stored
                         and _norm(v) != _norm(stored[n]))
        if changed:
            return self._forbidden("authz.unit_protected", fields=", ".join(changed))
        return None


def _ids(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v]
    return ()


def _norm(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    return value


def record_unit_lookup(conn_execute: Callable[..., Any]) -> Callable[[str, list[str]], dict[str, str]]:
    """``Authority.lookup`` over a connection that speaks ``?`` placeholders."""

    def lookup(kind: str, ids: list[str]) -> dict[str, str]:
        table = KINDS[kind].TABLE
        out: dict[str, str] = {}
        for n in range(0, len(ids), 500):
            chunk = ids[n:n + 500]
            for rid, unit in conn_execute(f"SELECT id, unit_id FROM {table} WHERE id IN "
                                          f"({','.join('?' * len(chunk))})", chunk):
                out[rid] = unit
        return out

    return lookup
