"""Children counted twice: the same personal ID active at two schools of this store, and
the likely duplicates a school makes itself (the same child typed twice without an ID).

"Never twice" (DESIGN §2) is checked where the data meet: a school checks its own
records as they are saved; an officer, whose store gathers many schools' bundles, finds
the same child active at two schools here; the server does so across the province. A
student is active while a need of theirs is neither rejected nor withdrawn, or while they
hold a handed-over device (the same rule as the server's).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app import messages, predicates, validate
from app.errors import FieldError
from app.records import Student
from app.store import Store
from app.text import fold


def _active(s: str) -> str:
    """SQL: student ``s`` has a live need or holds a handed-over device (a handover not
    followed by a return or reassignment; written so that the indexes serve it)."""
    return predicates.active_at_school(s)


def cross_school(store: Store, unit_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Pairs (a child of one of ``unit_ids`` — default every unit — and an active student
    with the same personal ID at another unit): personal_id, student_id, unit_id,
    full_name, other_id, other_unit, other_code, other_name, ordered by personal ID. A pair
    an office has decided (``app.ops.placements``: which school keeps the child) is not one."""
    where, params = "", []
    if unit_ids is not None:
        params = sorted(set(unit_ids))
        if not params:
            return []
        where = f"AND m.unit_id IN ({','.join('?' * len(params))})"
    sql = f"""
        SELECT m.personal_id, m.id AS student_id, m.unit_id, m.full_name,
               e.id AS other_id, e.unit_id AS other_unit, coalesce(u.code, '') AS other_code,
               e.full_name AS other_name
        FROM students m
        CROSS JOIN students e ON e.personal_id = m.personal_id AND e.personal_id != ''
             AND e.unit_id != m.unit_id AND e._deleted=0
        LEFT JOIN units u ON u.id = e.unit_id
        WHERE m._deleted=0 AND +m.personal_id != '' {where} AND {_active("m")} AND {_active("e")}
          AND NOT EXISTS (SELECT 1 FROM placements p WHERE p._deleted=0 AND p.status='decided'
                          AND ((p.keep_student_id=m.id AND p.release_student_id=e.id)
                               OR (p.keep_student_id=e.id AND p.release_student_id=m.id)))"""
    rows = [dict(r) for r in store.conn.execute(sql, params)]
    return sorted(rows, key=lambda r: (r["personal_id"], r["unit_id"], r["other_unit"], r["other_id"]))



def digits_phone(phone: str) -> str:
    """A guardian phone as the store keeps it (normalised), or its digits if it is not a
    valid number, so "0912 345 678" and "+84912345678" meet."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    try:
        return validate.normalise_phone(phone)
    except FieldError:
        return "".join(ch for ch in phone if ch.isdigit())


def likely_same_child(store: Store, student: Student | dict[str, Any]) -> list[dict[str, Any]]:
    """Other children of the same school who are probably ``student`` typed again: the same
    folded name and birth date, or the same guardian phone and birth date. A child with a
    different personal ID from ``student``'s is not one (two IDs, two people); ``student``
    itself (same id) never is. Each dict: id, full_name, birth_date, class_name,
    guardian_name, guardian_phone, why (the reason in words, current language), ordered by
    name then class. The teacher decides: "this is a different child" goes on."""
    get = student.get if isinstance(student, dict) else lambda k, d="": getattr(student, k, d)
    birth = str(get("birth_date", "") or "").strip()
    name = fold(get("full_name", ""))
    unit_id = get("unit_id", "") or store.unit_id
    if not birth or not (name or get("guardian_phone", "")):
        return []
    own_id = get("id", "") or ""
    own_pid = str(get("personal_id", "") or "").strip()
    phone = digits_phone(str(get("guardian_phone", "") or ""))
    rows = store.conn.execute(
        "SELECT id, full_name, birth_date, class_name, guardian_name, guardian_phone, personal_id"
        " FROM students WHERE unit_id=? AND birth_date=? AND _deleted=0 AND id!=?",
        (unit_id, birth, own_id)).fetchall()
    out = []
    for r in rows:
        if own_pid and r["personal_id"] and r["personal_id"] != own_pid:
            continue
        why = []
        if name and fold(r["full_name"]) == name:
            why.append(messages.text("student.likely_same_name"))
        if phone and digits_phone(r["guardian_phone"]) == phone:
            why.append(messages.text("student.likely_same_phone"))
        if why:
            out.append({"id": r["id"], "full_name": r["full_name"], "birth_date": r["birth_date"],
                        "class_name": r["class_name"], "guardian_name": r["guardian_name"],
                        "guardian_phone": r["guardian_phone"], "why": "; ".join(why)})
    return sorted(out, key=lambda d: (fold(d["full_name"]), d["class_name"], d["id"]))
