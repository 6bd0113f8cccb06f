"""Which school keeps a child found active at two schools (quyết định học sinh học tại
trường nào): an office's decision, recorded once and addressed to both schools.

"Never twice" (DESIGN §2) refuses a second active need for one personal ID in a school
year. When an officer's store, gathering many schools, meets the same child active at two
schools, verifying either need fails (``need.duplicate``, naming the other school). The
officer sees both records side by side (``app.queries.placements.duplicate_records``) and decides which school
keeps the child (``decide_placement``): one transaction writes the ``Placement`` record
(``app.changes.ADDRESSED`` carries it to both schools, over HTTP and in acknowledgement
bundles) and withdraws the released child's active needs of that year, with a reason that
names the keeping school. After it:

- the kept child's need verifies (the released one is withdrawn, so no longer active);
- the released school cannot open that need again nor hand the child a device that year
  (``app.rules``: ``need.placement_released``, ``handover.placement_released``);
- the pair is no longer listed as a duplicate (``app.duplicates.cross_school``);
- both schools show the decision on the child's form (``app.queries.placements.placements_for``).

The statement of the decision is written in Vietnamese, the programme's language, into
``Placement.reason``: a school holds neither the other school's record nor the office's,
so the words that travel must name the schools themselves.
"""

from __future__ import annotations

from app import messages
from app.errors import RuleError
from app.ops import action
from app.queries.placements import OFFICE_KINDS, holds_device, meeting_year, office_area, school_label
from app.records import Need, Placement, Student
from app.rules import dmy, released
from app.store import Store, now_iso
from app.text import clean

# the statuses a decision withdraws (a fulfilled need holds a device: returned first)
_WITHDRAWABLE = ("draft", "submitted", "verified", "approved")


@action("placement", "need")
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
            raise RuleError("placement.same_school", school=school_label(store, keep.unit_id))
        area = office_area(store, office)
        for unit_id in (keep.unit_id, release.unit_id):
            if unit_id not in area:
                raise RuleError("placement.outside_area", school=school_label(store, unit_id))
        year = school_year or meeting_year(store, release, keep)
        for st in (release, keep):
            standing = released(store, st.id, year)
            if standing is not None:
                raise RuleError("placement.already", name=st.full_name, year=year,
                                date=dmy(standing.decided_at), decision=standing.reason)
        release_school = school_label(store, release.unit_id)
        holds = holds_device(store, release.id)
        fulfilled = store.count(Need, "student_id=? AND school_year=? AND status='fulfilled'", (release.id, year))
        if holds or fulfilled:
            raise RuleError("placement.release_holds", name=release.full_name, school=release_school)
        statement = messages.text("placement.statement", "vi", keep=school_label(store, keep.unit_id),
                                  release=release_school, year=year, reason=reason)
        decision = store.save(Placement(
            unit_id=office.id, school_year=year, personal_id=keep.personal_id,
            keep_unit_id=keep.unit_id, keep_student_id=keep.id,
            release_unit_id=release.unit_id, release_student_id=release.id,
            reason=statement, decided_by=actor, decided_at=now_iso(), status="decided"), actor,
            action="placement.decide")
        why = messages.text("placement.withdraw_reason", "vi", office=office.name, date=dmy(decision.decided_at),
                            decision=statement)
        role = "province" if office.kind == "province" else "officer"
        marks = ",".join(f"'{s}'" for s in _WITHDRAWABLE)
        for need in store.find(Need, f"student_id=? AND school_year=? AND status IN ({marks})", (release.id, year)):
            store.need_action(need.id, "withdraw", actor, role, why)
    return decision


@action("placement", "need")
def keep_child_at(store: Store, keep_student_id: str, release_student_ids: list[str], reason: str,
                  actor: str) -> list[Placement]:
    """The office's "keep the child at this school": one decision for each other school's
    record (a child found at three schools is released by two), all in one transaction."""
    with store.transaction():
        return [decide_placement(store, keep_student_id, rid, reason, actor) for rid in release_student_ids]
