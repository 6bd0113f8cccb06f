"""Children at two schools, decided at the province's server (issue 17, the console's "never
twice" list): both records side by side, and the decision "the child belongs to school X".

The pairs are the server's own (``ServerStore.duplicate_pairs``: the same its notices name
to the schools). A decision is what an office's computer writes (``app.ops.placements``),
written here by the server: a ``Placement`` (its unit the deciding account's unit, else the
province's department) and the released child's active needs of that year withdrawn with a
reason naming the keeping school — the same rules and the same Vietnamese words. Both are
versions of instance ``"server"`` merged through the merge core (as ``server.registry``
writes units), so they flow down to both schools (``app.changes.ADDRESSED``) at their next
sync, or on an officer's stick in an acknowledgement.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from app import messages, predicates
from app.changes import apply_changes
from app.errors import RuleError
from app.records import KINDS, Placement, school_year_of
from app.rules import dmy, unit_label
from app.store import now_iso
from app.workflow import check_move
from server.registry import SERVER

_WITHDRAWABLE = ("draft", "submitted", "verified", "approved")  # as app.ops.placements


class OutsideArea(Exception):
    """A record of the pair is outside the account's area."""


class NoOffice(Exception):
    """The province's own account, and no department of the schools' province registered."""


class Gone(Exception):
    """No such child, or the child is no longer active at two schools."""


@dataclass
class Group:
    """One child (a personal ID) active at two or more schools: ``records`` side by side,
    those of the account's area in full, another area's by their school only."""

    personal_id: str
    records: list[dict[str, Any]]

    @property
    def decidable(self) -> bool:
        return all(r["mine"] for r in self.records)

    @property
    def first_mine(self) -> str:
        return next(r["student_id"] for r in self.records if r["mine"])


def groups(store: Any, area: set[str] | None) -> list[Group]:
    """Every child of ``area`` active at another school too, by personal ID."""
    by_pid: dict[str, list[str]] = {}
    for p in store.duplicate_pairs(area):
        ids = by_pid.setdefault(p["personal_id"], [])
        for sid in (p["student_id"], p["other_id"]):
            if sid not in ids:
                ids.append(sid)
    with store.engine.connect() as conn:
        return [Group(pid, [_record(conn, sid, area) for sid in ids]) for pid, ids in by_pid.items()]


def group_of(store: Any, student_id: str, area: set[str] | None) -> Group:
    """The child of ``student_id`` (a record of ``area``) with their other active records:
    ``OutsideArea``, or ``Gone`` when it names no child or no longer two schools."""
    with store.engine.connect() as conn:
        return _group(conn, student_id, area)


def _group(conn: Connection, student_id: str, area: set[str] | None) -> Group:
    me = conn.execute(text("SELECT id, unit_id, personal_id FROM students WHERE id = :id AND _deleted = 0"),
                      {"id": student_id}).first()
    if me is None:
        raise Gone(student_id)
    if area is not None and me.unit_id not in area:
        raise OutsideArea(student_id)
    if not me.personal_id:
        raise Gone(student_id)
    rows = conn.execute(text(f"SELECT s.id, s.unit_id FROM students s WHERE s.personal_id = :pid AND s._deleted = 0 "
                             f"AND {predicates.active_at_school('s')} ORDER BY s.unit_id, s.id"),
                        {"pid": me.personal_id}).all()
    if len({r.unit_id for r in rows}) < 2 or me.id not in {r.id for r in rows}:
        raise Gone(student_id)
    ids = [me.id] + [r.id for r in rows if r.id != me.id and r.unit_id != me.unit_id]
    return Group(me.personal_id, [_record(conn, sid, area) for sid in ids])


def _record(conn: Connection, student_id: str, area: set[str] | None) -> dict[str, Any]:
    """One record as the console shows it (``app.queries.placements.duplicate_records``'
    fields); of another area, its school only."""
    st = conn.execute(text("SELECT * FROM students WHERE id = :id"), {"id": student_id}).mappings().first()
    unit = conn.execute(text("SELECT name, code, province_code FROM units WHERE id = :id"),
                        {"id": st["unit_id"]}).mappings().first()
    out: dict[str, Any] = {"student_id": st["id"], "unit_id": st["unit_id"], "mine": area is None or st["unit_id"]
                           in area, "school": unit_label(unit["name"] if unit else "", unit["code"] if unit else "",
                                                         st["unit_id"]),
                           "province_code": unit["province_code"] if unit else ""}
    if not out["mine"]:
        return out
    need = conn.execute(text("SELECT * FROM needs WHERE student_id = :id AND _deleted = 0 "
                             "ORDER BY CASE WHEN status IN ('rejected', 'withdrawn') THEN 1 ELSE 0 END, "
                             "school_year DESC, _ctr DESC LIMIT 1"), {"id": student_id}).mappings().first()
    history = json.loads(need["history"] or "[]") if need else []
    holds = conn.execute(text(f"SELECT 1 FROM handovers h WHERE h.student_id = :id AND h.device_id <> '' "
                              f"AND h._deleted = 0 AND {predicates.active_handover('h')}"), {"id": student_id}).first()
    out.update({
        "full_name": st["full_name"], "birth_date": st["birth_date"], "sex": st["sex"], "class_name": st["class_name"],
        "guardian_name": st["guardian_name"], "guardian_relation": st["guardian_relation"],
        "guardian_phone": st["guardian_phone"], "village": st["village"],
        "need_id": need["id"] if need else "", "need_status": need["status"] if need else "",
        "school_year": need["school_year"] if need else st["school_year"],
        "submitted_at": next((h.get("at", "") for h in history if h.get("action") == "submit"), ""),
        "updated_at": max(st["_updated_at"] or "", need["_updated_at"] if need else ""),
        "holds_device": holds is not None,
    })
    return out


def deciding_unit(conn: Connection, account: dict[str, Any], province_code: str) -> dict[str, Any] | None:
    """The unit a decision is written as: the account's own, else the department of the
    schools' province in the registry (None: the province has no unit registered)."""
    if account.get("unit_code"):
        row = conn.execute(text("SELECT * FROM units WHERE upper(code) = :c AND _deleted = 0"),
                           {"c": account["unit_code"].upper()}).mappings().first()
    else:
        row = conn.execute(text("SELECT * FROM units WHERE kind = 'province' AND province_code = :p AND _deleted = 0 "
                                "ORDER BY code"), {"p": province_code}).mappings().first()
    return dict(row) if row is not None else None


def decide(store: Any, account: dict[str, Any], student_id: str, keep_student_id: str, reason: str,
           area: set[str] | None) -> list[str]:
    """The child of ``student_id``'s group belongs to the school of ``keep_student_id``:
    a Placement for each other school's record and their active needs of that year
    withdrawn, in one transaction. Returns the decisions' ids. ``OutsideArea``, ``Gone``,
    or RuleError (``app.messages``' words: no reason, a decision standing, a released child
    holding a device) — nothing written."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise RuleError("placement.reason")
    written: list[str] = []
    with store.engine.begin() as conn:
        group = _group(conn, student_id, area)
        if not group.decidable:
            raise OutsideArea(student_id)
        keep = next((r for r in group.records if r["student_id"] == keep_student_id), None)
        if keep is None:
            raise Gone(keep_student_id)
        office = deciding_unit(conn, account, keep["province_code"])
        if office is None:
            raise NoOffice(keep["province_code"])
        role = "province" if office["kind"] == "province" else "officer"
        target = store.merge_target(conn)
        for release in (r for r in group.records if r["student_id"] != keep_student_id):
            year = _meeting_year(conn, release["student_id"], keep["student_id"])
            for st in (release, keep):
                standing = conn.execute(text(
                    "SELECT decided_at, reason FROM placements WHERE release_student_id = :id AND school_year = :y "
                    "AND status = 'decided' AND _deleted = 0 ORDER BY decided_at DESC"),
                    {"id": st["student_id"], "y": year}).first()
                if standing is not None:
                    raise RuleError("placement.already", name=st["full_name"], year=year,
                                    date=dmy(standing.decided_at), decision=standing.reason)
            fulfilled = conn.execute(text("SELECT 1 FROM needs WHERE student_id = :id AND school_year = :y "
                                          "AND status = 'fulfilled' AND _deleted = 0"),
                                     {"id": release["student_id"], "y": year}).first()
            if release["holds_device"] or fulfilled is not None:
                raise RuleError("placement.release_holds", name=release["full_name"], school=release["school"])
            statement = messages.text("placement.statement", "vi", keep=keep["school"], release=release["school"],
                                      year=year, reason=reason)
            decided_at = now_iso()
            placement = Placement(unit_id=office["id"], school_year=year, personal_id=group.personal_id,
                                  keep_unit_id=keep["unit_id"], keep_student_id=keep["student_id"],
                                  release_unit_id=release["unit_id"], release_student_id=release["student_id"],
                                  reason=statement, decided_by=account["name"], decided_at=decided_at,
                                  status="decided")
            fields = {k: v for k, v in placement.to_row().items() if k in Placement.field_names() and k != "id"}
            written.append(write(conn, target, "placement", fields, actor=account["name"]))
            why = messages.text("placement.withdraw_reason", "vi", office=office["name"], date=dmy(decided_at),
                                decision=statement)
            marks = ",".join(f"'{s}'" for s in _WITHDRAWABLE)
            for need in conn.execute(text(f"SELECT * FROM needs WHERE student_id = :id AND school_year = :y "
                                          f"AND status IN ({marks}) AND _deleted = 0"),
                                     {"id": release["student_id"], "y": year}).mappings().all():
                status = check_move(need["status"], "withdraw", role, why)
                history = [*json.loads(need["history"] or "[]"),
                           {"status": status, "action": "withdraw", "by": account["name"], "role": role,
                            "at": now_iso(), "reason": why}]
                write(conn, target, "need", {"status": status, "status_reason": why, "history": history},
                      record_id=need["id"], actor=account["name"])
    return written


def _meeting_year(conn: Connection, release_id: str, keep_id: str) -> str:
    """The school year the records meet in: the released child's active need's, else the
    kept child's, else the current one (``app.queries.placements.meeting_year``)."""
    for sid in (release_id, keep_id):
        row = conn.execute(text(f"SELECT school_year FROM needs n WHERE n.student_id = :id AND "
                                f"{predicates.active_need('n')} ORDER BY n.school_year DESC"), {"id": sid}).first()
        if row is not None:
            return row[0]
    return school_year_of(dt.date.today())


def write(conn: Connection, target: Any, kind: str, changed: dict[str, Any], *, record_id: str | None = None,
          actor: str) -> str:
    """Writes a record as the server (``server.registry.write`` for any kind): a new
    version of instance ``"server"`` above the stored one, through the merge core."""
    cls = KINDS[kind]
    rid = record_id or str(uuid.uuid4())
    row = conn.execute(text(f"SELECT * FROM {cls.TABLE} WHERE id = :id"), {"id": rid}).mappings().first()
    old_vv = json.loads(row["_vv"]) if row is not None else {}
    lock = " FOR UPDATE" if conn.dialect.name == "postgresql" else ""
    current = conn.execute(text(f"SELECT value FROM meta WHERE key='counter'{lock}")).first()
    counter = max(int(current[0]) if current else 0, *old_vv.values(), 0) + 1
    conn.execute(text("UPDATE meta SET value = :v WHERE key = 'counter'"), {"v": str(counter)})
    base = {k: v for k, v in row.items() if not k.startswith("_") and k not in ("search_key", "id")} \
        if row is not None else {}
    for name in cls.JSON_FIELDS:
        if isinstance(base.get(name), str):
            base[name] = json.loads(base[name] or "null")
    fields = {**base, **changed}
    fields.pop("id", None)
    result = apply_changes(target, [{"k": kind, "id": rid, "vv": {**old_vv, SERVER: counter}, "d": 0,
                                     "t": now_iso(), "f": fields}], actor=actor, final_refusals=True)
    if result.rejected:
        raise ValueError(f"the server refused its own {kind} {rid}: {result.rejected[0].reason}")  # a bug
    return rid

