"""Reads of the office's placement decisions (which school keeps a child found active at two
schools; the actions are in ``app.ops.placements``): the office's area, both records side by
side (``duplicate_records``) and the decisions naming a child (``placements_for``)."""

from __future__ import annotations

from typing import Any

from app import messages
from app.predicates import active_handover, active_need
from app.records import Need, Placement, Student, Unit
from app.rules import dmy, unit_label
from app.school_year import store_school_year
from app.store import Store
from app.workflow import ACTIVE_NEED_STATUSES

OFFICE_KINDS = ("commune", "cluster", "province")


def office_area(store: Store, office: Unit) -> set[str]:
    """The units ``office`` covers, as the server's scope counts them: for a commune its
    commune's units, for the province its province's, and everything below by parent."""
    rows = store.conn.execute(
        "SELECT id, kind, parent_id, commune_code, province_code FROM units WHERE _deleted=0").fetchall()
    found = {office.id}
    for r in rows:
        if office.kind == "commune" and office.commune_code and r["commune_code"] == office.commune_code:
            found.add(r["id"])
        elif office.kind == "province" and office.province_code and r["province_code"] == office.province_code:
            found.add(r["id"])
    grown = True
    while grown:
        below = {r["id"] for r in rows if r["parent_id"] in found} - found
        found |= below
        grown = bool(below)
    return found


def school_label(store: Store, unit_id: str) -> str:
    """The school as messages name it: "Trường TH A (TH-A)" (its id when unknown here)."""
    unit = store.get_or_none(Unit, unit_id)
    return unit_label(unit.name, unit.code, unit_id) if unit else unit_id


def meeting_year(store: Store, release: Student, keep: Student) -> str:
    """The school year the two records meet in: the released child's active need's, else
    the kept child's, else the current one."""
    for st in (release, keep):
        row = store.conn.execute(
            f"SELECT school_year FROM needs n WHERE n.student_id=? AND {active_need('n')} "
            "ORDER BY n.school_year DESC LIMIT 1", (st.id,)).fetchone()
        if row:
            return row[0]
    return store_school_year(store)


def duplicate_records(store: Store, student_id: str, school_year: str | None = None) -> list[dict[str, Any]]:
    """Both records side by side: ``student_id``'s first, then every other record of the
    same personal ID at another school that is active (a need neither rejected nor
    withdrawn, or a device held). Each: student_id, unit_id, school (name and code),
    full_name, birth_date, sex, class_name, guardian (name, relation, phone), village,
    need_id, need_status, school_year, submitted_at (when the need was sent up),
    updated_at (the latest change of the child or the need), holds_device."""
    me = store.get(Student, student_id)
    rows = [me]
    if me.personal_id:
        rows += store.find(Student, "personal_id=? AND id<>? AND unit_id<>?", (me.personal_id, me.id, me.unit_id),
                           order_by="unit_id")
    out = []
    for st in rows:
        year_clause, params = ("AND school_year=?", [st.id, school_year]) if school_year else ("", [st.id])
        needs = store.find(Need, f"student_id=? {year_clause}", params,
                           order_by="status IN ('rejected', 'withdrawn'), school_year DESC, _ctr DESC", limit=1)
        need = needs[0] if needs else None
        holds = holds_device(store, st.id)
        active = holds or (need is not None and need.status in ACTIVE_NEED_STATUSES)
        if st is not me and not active:
            continue
        unit = store.get_or_none(Unit, st.unit_id)
        stamps = [store.version(Student, st.id)["updated_at"]] + (
            [store.version(Need, need.id)["updated_at"]] if need else [])
        submitted = next((h.get("at", "") for h in (need.history if need else []) if h.get("action") == "submit"), "")
        out.append({
            "student_id": st.id, "unit_id": st.unit_id, "school": school_label(store, st.unit_id),
            "school_name": unit.name if unit else "", "school_code": unit.code if unit else "",
            "full_name": st.full_name, "birth_date": st.birth_date, "sex": st.sex, "class_name": st.class_name,
            "guardian_name": st.guardian_name, "guardian_relation": st.guardian_relation,
            "guardian_phone": st.guardian_phone, "village": st.village, "personal_id": st.personal_id,
            "need_id": need.id if need else "", "need_status": need.status if need else "",
            "school_year": need.school_year if need else st.school_year, "submitted_at": submitted,
            "updated_at": max(stamps), "holds_device": holds,
        })
    return out


def placements_for(store: Store, student_id: str, lang: str | None = None) -> list[dict[str, Any]]:
    """The standing decisions naming ``student_id`` (newest first): {id, kept (True: this
    school keeps the child), school_year, decided_at, reason, text (said in ``lang``)}."""
    found = store.find(Placement, "(keep_student_id=? OR release_student_id=?) AND status='decided'",
                       (student_id, student_id), order_by="decided_at DESC")
    out = []
    for p in found:
        office = store.get_or_none(Unit, p.unit_id) if p.unit_id else None
        who = office.name if office is not None and office.name else messages.text("placement.office", lang)
        out.append({"id": p.id, "kept": p.keep_student_id == student_id, "school_year": p.school_year,
                    "decided_at": p.decided_at, "reason": p.reason,
                    "text": messages.text("placement.notice", lang, office=who, date=dmy(p.decided_at),
                                          decision=p.reason)})
    return out


def holds_device(store: Store, student_id: str) -> bool:
    """``student_id`` holds a device handed over and not returned."""
    return bool(store.conn.execute(
        f"SELECT 1 FROM handovers h WHERE h.student_id=? AND h.device_id<>'' AND h._deleted=0 "
        f"AND {active_handover('h')}", (student_id,)).fetchone())
