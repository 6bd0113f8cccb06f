"""Which school keeps a child found active at two schools (quyết định học sinh học tại
trường nào): an office's decision, recorded once and addressed to both schools.

"Never twice" (DESIGN §2) refuses a second active need for one personal ID in a school
year. When an officer's store, gathering many schools, meets the same child active at two
schools, verifying either need fails (``need.duplicate``, naming the other school). The
officer sees both records side by side (``duplicate_records``) and decides which school
keeps the child (``decide_placement``): one transaction writes the ``Placement`` record
(``app.changes.ADDRESSED`` carries it to both schools, over HTTP and in acknowledgement
bundles) and withdraws the released child's active needs of that year, with a reason that
names the keeping school. After it:

- the kept child's need verifies (the released one is withdrawn, so no longer active);
- the released school cannot open that need again nor hand the child a device that year
  (``app.rules``: ``need.placement_released``, ``handover.placement_released``);
- the pair is no longer listed as a duplicate (``app.duplicates.cross_school``);
- both schools show the decision on the child's form (``placements_for``).

The statement of the decision is written in Vietnamese, the programme's language, into
``Placement.reason``: a school holds neither the other school's record nor the office's,
so the words that travel must name the schools themselves.
"""

from __future__ import annotations

from typing import Any

from app import messages
from app.errors import RuleError
from app.records import Need, Placement, Student, Unit
from app.rules import ACTIVE_HANDOVER, _dmy, released, unit_label
from app.store import Store, now_iso
from app.text import clean
from app.workflow import ACTIVE_NEED_STATUSES

OFFICE_KINDS = ("commune", "cluster", "province")
# the statuses a decision withdraws (a fulfilled need holds a device: returned first)
_WITHDRAWABLE = ("draft", "submitted", "verified", "approved")
_ACTIVE = ",".join(f"'{s}'" for s in ACTIVE_NEED_STATUSES)


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


def _school(store: Store, unit_id: str) -> str:
    unit = store.get_or_none(Unit, unit_id)
    return unit_label(unit.name, unit.code, unit_id) if unit else unit_id


def _year(store: Store, release: Student, keep: Student) -> str:
    """The school year the two records meet in: the released child's active need's, else
    the kept child's, else the current one."""
    for st in (release, keep):
        row = store.conn.execute(
            f"SELECT school_year FROM needs WHERE student_id=? AND _deleted=0 AND status IN ({_ACTIVE}) "
            "ORDER BY school_year DESC LIMIT 1", (st.id,)).fetchone()
        if row:
            return row[0]
    from app.school_year import store_school_year

    return store_school_year(store)


def decide_placement(store: Store, keep_student_id: str, release_student_id: str, reason: str, actor: str,
                     *, school_year: str | None = None) -> Placement:
    """The office decides that the school of ``keep_student_id`` keeps the child and the
    school of ``release_student_id`` releases them for ``school_year`` (default: the year
    their needs meet in). One transaction: the decision, and the released child's active
    needs of that year withdrawn with a reason naming the keeping school. Raises RuleError
    (nothing written) for a school installation, records that are not the same child or
    are at one school, a school outside the office's area, no reason, a decision already
    standing, or a released child who holds a device."""
    office = store.unit()
    if office is None or office.kind not in OFFICE_KINDS:
        raise RuleError("placement.office_only")
    reason = clean(reason)
    if not reason:
        raise RuleError("placement.reason")
    with store.transaction():
        keep = store.get(Student, keep_student_id)
        release = store.get(Student, release_student_id)
        if not keep.personal_id or keep.personal_id != release.personal_id or keep.id == release.id:
            raise RuleError("placement.not_same_child")
        if keep.unit_id == release.unit_id:
            raise RuleError("placement.same_school", school=_school(store, keep.unit_id))
        area = office_area(store, office)
        for unit_id in (keep.unit_id, release.unit_id):
            if unit_id not in area:
                raise RuleError("placement.outside_area", school=_school(store, unit_id))
        year = school_year or _year(store, release, keep)
        for st in (release, keep):
            standing = released(store, st.id, year)
            if standing is not None:
                raise RuleError("placement.already", name=st.full_name, year=year,
                                date=_dmy(standing.decided_at), decision=standing.reason)
        release_school = _school(store, release.unit_id)
        holds = store.conn.execute(
            f"SELECT 1 FROM handovers WHERE student_id=? AND device_id<>'' AND _deleted=0 AND {ACTIVE_HANDOVER}",
            (release.id,)).fetchone()
        fulfilled = store.count(Need, "student_id=? AND school_year=? AND status='fulfilled'", (release.id, year))
        if holds or fulfilled:
            raise RuleError("placement.release_holds", name=release.full_name, school=release_school)
        statement = messages.text("placement.statement", "vi", keep=_school(store, keep.unit_id),
                                  release=release_school, year=year, reason=reason)
        decision = store.save(Placement(
            unit_id=office.id, school_year=year, personal_id=keep.personal_id,
            keep_unit_id=keep.unit_id, keep_student_id=keep.id,
            release_unit_id=release.unit_id, release_student_id=release.id,
            reason=statement, decided_by=actor, decided_at=now_iso(), status="decided"), actor,
            action="placement.decide")
        why = messages.text("placement.withdraw_reason", "vi", office=office.name, date=_dmy(decision.decided_at),
                            decision=statement)
        role = "province" if office.kind == "province" else "officer"
        marks = ",".join(f"'{s}'" for s in _WITHDRAWABLE)
        for need in store.find(Need, f"student_id=? AND school_year=? AND status IN ({marks})", (release.id, year)):
            store.need_action(need.id, "withdraw", actor, role, why)
    return decision


def keep_child_at(store: Store, keep_student_id: str, release_student_ids: list[str], reason: str,
                  actor: str) -> list[Placement]:
    """The office's "keep the child at this school": one decision for each other school's
    record (a child found at three schools is released by two), all in one transaction."""
    with store.transaction():
        return [decide_placement(store, keep_student_id, rid, reason, actor) for rid in release_student_ids]


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
        holds = bool(store.conn.execute(
            f"SELECT 1 FROM handovers WHERE student_id=? AND device_id<>'' AND _deleted=0 AND {ACTIVE_HANDOVER}",
            (st.id,)).fetchone())
        active = holds or (need is not None and need.status in ACTIVE_NEED_STATUSES)
        if st is not me and not active:
            continue
        unit = store.get_or_none(Unit, st.unit_id)
        stamps = [store.version(Student, st.id)["updated_at"]] + (
            [store.version(Need, need.id)["updated_at"]] if need else [])
        submitted = next((h.get("at", "") for h in (need.history if need else []) if h.get("action") == "submit"), "")
        out.append({
            "student_id": st.id, "unit_id": st.unit_id, "school": _school(store, st.unit_id),
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
        office = store.get_or_none(Unit, p.unit_id)
        who = office.name if office else messages.text("placement.office", lang)
        out.append({"id": p.id, "kept": p.keep_student_id == student_id, "school_year": p.school_year,
                    "decided_at": p.decided_at, "reason": p.reason,
                    "text": messages.text("placement.notice", lang, office=who, date=_dmy(p.decided_at),
                                          decision=p.reason)})
    return out

