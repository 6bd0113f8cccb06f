"""The children as the students page, the student form and the class-list preview read
them (DESIGN §3): the list (``overview``, filtered, a page at a time, and its count), a
child with their current need, the classes, what the provincial server said of a record,
and who takes a workflow step this user cannot."""

from __future__ import annotations

import dataclasses
from typing import Any

from app import sync_state, users
from app.area import area_schools
from app.predicates import CLOSED_NEED_STATUSES
from app.queries.area import unit_labels
from app.records import Need, Student
from app.roster import RosterTable, apply_mapping, check_roster, read_roster
from app.store import Store
from app.workflow import MOVES

_CLOSED = ", ".join(f"'{s}'" for s in CLOSED_NEED_STATUSES)


def overview(store: Store, text: str = "", **filters: Any) -> list[tuple]:
    """One row per child (``Store.STUDENT_OVERVIEW_COLUMNS``) matching ``text`` and the
    list's filters (``Store.student_overview``)."""
    return store.student_overview(text, **filters)


def overview_count(store: Store, text: str = "", **filters: Any) -> int:
    """How many rows ``overview`` gives for the same filters."""
    return store.student_overview_count(text, **filters)


def classes(store: Store, unit_id: str | None = None) -> list[str]:
    """The classes of ``unit_id``'s children (every unit's: None), 1A2 before 1A10."""
    return store.classes(unit_id)


def schools_and_labels(store: Store) -> tuple[list[dict[str, str]], dict[str, dict[str, str]]]:
    """An office's students page: its area's schools (the school filter) and the names of
    every unit a listed child may belong to (``app.queries.area``)."""
    return area_schools(store), unit_labels(store)


def with_need(store: Store, student_id: str) -> tuple[Student, Need | None]:
    """The child and the need the form shows: the latest school year's that still counts
    (a rejected or withdrawn one only when there is no other)."""
    st = store.get(Student, student_id)
    needs = store.find(Need, "student_id=?", (student_id,),
                       order_by=f"status IN ({_CLOSED}), school_year DESC")
    return st, (needs[0] if needs else None)


def notices(store: Store, record_ids: list[str]) -> list[dict[str, Any]]:
    """What the provincial server said of these records (a duplicate elsewhere, a refused
    version), ``app.sync_state.notices``."""
    return [n for i in record_ids for n in sync_state.notices(store, i)]


def role_for(action: str, unit_kind: str) -> str:
    """The role to name when a user cannot take ``action``: a school's head for an
    official's step at a school, else the first role that may."""
    roles = MOVES[action].roles
    for r in (("head", "teacher", "officer", "province") if unit_kind == "school"
              else ("officer", "province", "head", "teacher")):
        if r in roles:
            return r
    return sorted(roles)[0]


def role_hints(store: Store, actions: list[str], unit_kind: str, lang: str) -> dict[str, str]:
    """{action: who takes it here} (``app.users.role_needed_message``)."""
    return {a: users.role_needed_message(store, role_for(a, unit_kind), a, lang) for a in actions}


def roster_preview(store: Store, table: RosterTable | None = None, different: Any = (), unit_id: str = "", *,
                   path: Any = None, mapping: dict[int, str] | None = None,
                   default_class: str | None = None) -> RosterTable:
    """A class list as the import would take it (``app.roster.check_roster``): ``table``
    (already read), or the file at ``path`` read first; with ``mapping`` (column → field)
    and ``default_class``, read again that way (``app.roster.apply_mapping``)."""
    if table is None:
        table = read_roster(path)
    if mapping is not None:
        if default_class is not None:
            table = dataclasses.replace(table, default_class=default_class)
        table = apply_mapping(table, mapping)
    return check_roster(store, table, different, unit_id=unit_id)
