"""Domain rules that need the store: duplicates, references, handovers, locks.

Called by Store.save inside its transaction; raising here leaves nothing behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app import messages, predicates
from app.errors import FieldError, RuleError, ValidationError
from app.records import (
    NEED_STATUSES,
    Allocation,
    CoverageGap,
    Device,
    Handover,
    Need,
    Placement,
    Record,
    Sim,
    Student,
    Unit,
)
from app.text import fold
from app.workflow import ACTIVE_NEED_STATUSES, check_move

if TYPE_CHECKING:
    from app.store import Store

_ACTIVE = ",".join(f"'{s}'" for s in ACTIVE_NEED_STATUSES)
# A handover stays active until a later event refers to it (over the table's own name).
ACTIVE_HANDOVER = predicates.active_handover("handovers")
HANDOVER_EDITABLE = {"signed_paper", "witness", "note", "accessories"}
# The receiving school's confirmation: the only fields of an approved (locked) allocation
# decision that may still change, and only the school it is addressed to writes them
# (``app.authz``; ``app.ops.stock.confirm_receipt``).
ALLOCATION_RECEIPT = frozenset({"received_counts", "received_at", "received_by", "receipt_note"})
# What a handover ``h`` gives the child fulfils their need: a device fulfils any need; a SIM
# alone only a SIM/data need (the child already has their own device and asked for a SIM).
SIM_ONLY_NEED = predicates.SIM_ONLY_NEED
FULFILLING_H = predicates.fulfilling_handover("h")


def sim_only(need: Need) -> bool:
    """The need asks only for a SIM or data package: the child has a device of their own."""
    return bool(need.needs_sim) and need.current_device == "own"


def fulfils(need: Need, handover: Handover) -> bool:
    """Whether ``handover`` gives what ``need`` asks for (see FULFILLING_H): a SIM handed
    to a child waiting for a tablet leaves them waiting for the tablet."""
    return bool(handover.device_id) or (bool(handover.sim_id) and sim_only(need))


def before_save(store: Store, rec: Record, old: Record | None, action: str = "") -> None:
    check = _BEFORE.get(type(rec))
    if check:
        check(store, rec, old)
    if isinstance(rec, Device) and isinstance(old, Device):
        _device_status(rec, old, action)


def after_save(store: Store, rec: Record, old: Record | None, actor: str) -> None:
    follow = _AFTER.get(type(rec))
    if follow:
        follow(store, rec, old, actor)


def _unit(store: Store, rec: Unit, old: Record | None) -> None:
    if rec.commune_code:
        commune = store.admin_unit(rec.commune_code)
        if commune is None:
            raise ValidationError([FieldError("commune_code", "cli.commune_unknown", value=rec.commune_code)])
        rec.province_code = rec.province_code or commune["province_code"]
    if rec.parent_id and store.get_or_none(Unit, rec.parent_id) is None:
        raise ValidationError([FieldError("parent_id", "unit.parent", value=rec.parent_id)])
    taken = store.conn.execute(
        "SELECT 1 FROM units WHERE code=? AND id!=? AND _deleted=0", (rec.code, rec.id)
    ).fetchone()
    if taken:
        raise ValidationError([FieldError("code", "unit.code_taken", value=rec.code)])


def _student(store: Store, rec: Student, old: Record | None) -> None:
    if rec.personal_id:
        row = store.conn.execute(
            "SELECT s.full_name, coalesce(u.name, s.unit_id) FROM students s "
            "LEFT JOIN units u ON u.id=s.unit_id WHERE s.personal_id=? AND s.personal_id!='' "
            "AND s.id!=? AND s._deleted=0",
            (rec.personal_id, rec.id),
        ).fetchone()
        if row:
            raise ValidationError([FieldError("personal_id", "student.duplicate_pid",
                                              pid=rec.personal_id, name=row[0], school=row[1])])


def _student_after(store: Store, rec: Student, old: Record | None, actor: str) -> None:
    """Keep the derived priority of the child's open needs in step with the household."""
    if old is not None and all(
        getattr(old, f) == getattr(rec, f)
        for f in ("household", "covid_orphan", "covid_hardship", "policy_family")
    ):
        return
    for need in store.find(Need, f"student_id=? AND status IN ({_ACTIVE})", (rec.id,)):
        store.save(need, actor, action="need.priority")


def _need(store: Store, rec: Need, old: Record | None) -> None:
    student = store.get_or_none(Student, rec.student_id)
    if student is None:
        raise ValidationError([FieldError("student_id", "store.not_found", kind="student", id=rec.student_id)])
    store.refresh_priority(rec, student)
    # a status change must come through Store.need_action: exactly one new history entry
    # whose move is legal for its role and leads to the new status
    before = old.status if old is not None else "draft"
    if rec.status != before:
        added = rec.history[len(old.history) if old is not None else 0:]
        step = added[0] if len(added) == 1 and isinstance(added[0], dict) else {}
        try:
            target = check_move(before, step.get("action", ""), step.get("role", ""), step.get("reason", ""))
        except RuleError:
            target = None
        if target != rec.status:
            raise RuleError("need.illegal_move", src=NEED_STATUSES.get(before, (before, before)),
                            dst=NEED_STATUSES.get(rec.status, (rec.status, rec.status)))
    if rec.status in ACTIVE_NEED_STATUSES:
        # never twice: one active need per child (and per personal ID) per school year
        params: list = [rec.school_year, rec.id, rec.student_id]
        pid_clause = ""
        if student.personal_id:
            pid_clause = (" OR n.student_id IN (SELECT id FROM students WHERE personal_id=? "
                          "AND personal_id!='' AND _deleted=0)")
            params.append(student.personal_id)
        dup = store.conn.execute(
            f"SELECT n.id, n.student_id, n.unit_id, u.name, u.code FROM needs n LEFT JOIN units u ON u.id=n.unit_id "
            f"WHERE n._deleted=0 AND n.status IN ({_ACTIVE}) "
            f"AND n.school_year=? AND n.id!=? AND (n.student_id=?{pid_clause})",
            params,
        ).fetchone()
        if dup:  # names the school holding the other need; the ids let an office decide (app.ops.placements)
            raise RuleError("need.duplicate", name=student.full_name, year=rec.school_year,
                            school=unit_label(dup[3], dup[4], dup[2]), student_id=rec.student_id,
                            need_id=rec.id, other_student_id=dup[1], other_need_id=dup[0])
        if old is None or old.status not in ACTIVE_NEED_STATUSES:
            _not_released(store, rec.student_id, rec.school_year, "need.placement_released")


def unit_label(name: str | None, code: str | None, unit_id: str = "") -> str:
    """A school as messages name it: "Trường TH A (TH-A)", or its code or id if unnamed."""
    if name and code:
        return f"{name} ({code})"
    return name or code or unit_id


def released(store: Store, student_id: str, school_year: str) -> Placement | None:
    """The office's decision (still standing) that ``student_id`` does not stay at its school
    in ``school_year`` (another school keeps the child), if any."""
    found = store.find(Placement, "release_student_id=? AND school_year=? AND status='decided'",
                       (student_id, school_year), order_by="decided_at DESC", limit=1)
    return found[0] if found else None


def decider(store: Store, decision: Placement) -> str | tuple[str, str]:
    """Who took ``decision``, as a message names it: the deciding unit's name where this
    computer holds it, else "the education authority" (a school holds its own unit only, and
    the decision may be the commune's or the province's department's: neither is guessed)."""
    office = store.get_or_none(Unit, decision.unit_id) if decision.unit_id else None
    return office.name if office is not None and office.name else messages.CATALOG["placement.office_inline"]


def _not_released(store: Store, student_id: str, school_year: str, key: str) -> None:
    decision = released(store, student_id, school_year)
    if decision is not None:
        student = store.get_or_none(Student, student_id)
        raise RuleError(key, name=student.full_name if student else student_id, year=school_year,
                        date=dmy(decision.decided_at), decision=decision.reason, office=decider(store, decision))


def _coverage_gap(store: Store, rec: CoverageGap, old: Record | None) -> None:
    """One record per village and unit: a village keeps its history in that record."""
    key = fold(rec.village)
    for _gid, village in store.conn.execute(
        "SELECT id, village FROM coverage_gaps WHERE unit_id=? AND id!=? AND _deleted=0", (rec.unit_id, rec.id)
    ):
        if fold(village) == key:
            raise ValidationError([FieldError("village", "coverage.duplicate", value=village)])


def _device(store: Store, rec: Device, old: Record | None) -> None:
    """A serial or an IMEI names one physical device: never recorded twice."""
    for column, key in (("serial", "device.duplicate_serial"), ("imei", "device.duplicate_imei")):
        value = getattr(rec, column)
        if not value:
            continue
        row = store.conn.execute(
            f"SELECT brand_model || ' ' || serial FROM devices WHERE {column}=? AND {column}!='' "
            "AND id!=? AND _deleted=0",
            (value, rec.id),
        ).fetchone()
        if row:
            raise ValidationError([FieldError(column, key, value=value, device=row[0].strip())])


_HANDOVER_DEVICE_ACTIONS = {f"device.{e}" for e in ("handed_over", "returned", "reassigned")}


def _device_status(rec: Device, old: Device, action: str) -> None:
    """A device a child holds changes hands only through a handover event."""
    if old.status == "handed_over" and rec.status != old.status and action not in _HANDOVER_DEVICE_ACTIONS:
        raise RuleError("device.held", device=rec.label)


def _sim(store: Store, rec: Sim, old: Record | None) -> None:
    row = store.conn.execute("SELECT number FROM sims WHERE number=? AND id!=? AND _deleted=0",
                             (rec.number, rec.id)).fetchone()
    if row:
        raise ValidationError([FieldError("number", "sim.duplicate_number", value=rec.number)])
    if rec.iccid:
        row = store.conn.execute("SELECT number FROM sims WHERE iccid=? AND iccid!='' AND id!=? AND _deleted=0",
                                 (rec.iccid, rec.id)).fetchone()
        if row:
            raise ValidationError([FieldError("iccid", "sim.duplicate_iccid", value=rec.iccid, number=row[0])])


def _allocation(store: Store, rec: Allocation, old: Record | None) -> None:
    if isinstance(old, Allocation) and old.status == "approved":
        changed = {f for f in rec.field_names() if getattr(rec, f) != getattr(old, f)}
        if changed - ALLOCATION_RECEIPT:
            raise RuleError("allocation.locked", number=old.decision_no)


def _handover(store: Store, rec: Handover, old: Record | None) -> None:
    if old is not None:
        # append-only: only the paper trail of an event may be completed afterwards
        changed = {f for f in rec.field_names() if getattr(rec, f) != getattr(old, f)}
        if changed - HANDOVER_EDITABLE:
            raise RuleError("handover.not_active", minute=old.minute_no or old.id)
        return
    if rec.event == "handed_over":
        _check_new_handover(store, rec)
    else:
        original = store.get_or_none(Handover, rec.refers_to)
        active = original is not None and store.conn.execute(
            f"SELECT 1 FROM handovers WHERE id=? AND {ACTIVE_HANDOVER}", (rec.refers_to,)
        ).fetchone()
        if not active:
            raise RuleError("handover.not_active", minute=original.minute_no if original else rec.refers_to)
        if rec.date and original.date and rec.date[:10] < original.date[:10]:  # a slip of the year, typed
            raise RuleError("handover.return_before_handover", date=dmy(rec.date), minute=original.minute_no,
                            given=dmy(original.date))


def dmy(iso: str) -> str:
    """2026-12-05 → 05/12/2026, as the minute and the date fields show it."""
    return "/".join(reversed(iso[:10].split("-"))) if len(iso) >= 10 else iso


def _check_new_handover(store: Store, rec: Handover) -> None:
    need = store.get_or_none(Need, rec.need_id) if rec.need_id else None
    if need is not None and need.student_id == rec.student_id:  # an office decided another school keeps the child
        _not_released(store, rec.student_id, need.school_year, "handover.placement_released")
    if need is None or need.student_id != rec.student_id or need.status != "approved":
        raise RuleError("handover.need_not_approved", status=need.status if need else "—")
    if rec.device_id:
        device = store.get_or_none(Device, rec.device_id)
        if device is None or device.status != "in_stock":
            raise RuleError("handover.device_not_in_stock", device=device.label if device else rec.device_id,
                            status=device.status if device else "—")
        if device.unit_id != rec.unit_id:
            raise RuleError("handover.device_other_unit", device=device.label)
        holding = store.conn.execute(
            f"SELECT d.brand_model || ' ' || d.serial FROM handovers JOIN devices d ON d.id=handovers.device_id "
            f"WHERE handovers.student_id=? AND handovers.device_id!='' AND handovers._deleted=0 AND {ACTIVE_HANDOVER}",
            (rec.student_id,),
        ).fetchone()
        if holding and not rec.override_reason:
            student = store.get(Student, rec.student_id)
            raise RuleError("handover.already_has_device", name=student.full_name, device=holding[0].strip())
    if rec.sim_id:
        sim = store.get_or_none(Sim, rec.sim_id)
        if sim is None or sim.status != "in_stock" or sim.unit_id != rec.unit_id:
            raise RuleError("handover.sim_not_in_stock", sim=sim.number if sim else rec.sim_id)


def _handover_after(store: Store, rec: Handover, old: Record | None, actor: str) -> None:
    """A handover moves the device, the SIM and the need; a return moves them back."""
    if old is not None:
        return
    giving = rec.event == "handed_over"
    if rec.device_id:
        device = store.get(Device, rec.device_id)
        if giving:
            device.status = "handed_over"
        else:
            device.status = "faulty" if rec.condition == "faulty" else "in_stock"
            device.condition = rec.condition
        store.save(device, actor, action=f"device.{rec.event}")
    if rec.sim_id:
        sim = store.get(Sim, rec.sim_id)
        sim.status = "handed_over" if giving else "in_stock"
        store.save(sim, actor, action=f"sim.{rec.event}")
    if rec.need_id:
        need = store.get(Need, rec.need_id)
        if giving and need.status == "approved" and fulfils(need, rec):
            store.need_action(need.id, "fulfil", actor, "system")
        elif not giving and need.status == "fulfilled" and not any(
                fulfils(need, h) for h in store.active_handovers(rec.student_id)):
            store.need_action(need.id, "unfulfil", actor, "system", reason=rec.note or rec.event)


_BEFORE = {CoverageGap: _coverage_gap, Device: _device, Sim: _sim, Unit: _unit, Student: _student, Need: _need,
           Allocation: _allocation, Handover: _handover}
_AFTER = {Student: _student_after, Handover: _handover_after}
