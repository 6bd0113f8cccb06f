"""Composite operations the desktop app and the CLI call as one line each; each runs in
one store transaction."""

from __future__ import annotations

from app.records import Need, Student
from app.school_year import store_school_year
from app.store import Store


def save_student_and_need(store: Store, student: Student, need: Need | None, actor: str) -> tuple[Student, Need | None]:
    """Save a student form and its need survey together, or neither.

    ``need`` None: the form has no survey. A need whose child is in no priority group and
    that is new is not created (the survey says the child needs nothing). A student or a
    need without a school year gets the current one (app.school_year: it turns on
    1 September or the installation's configured day) — a need surveyed now is for this
    year even when the child was entered in an earlier one."""
    year = store_school_year(store)
    with store.transaction():
        student.school_year = student.school_year or year
        student = store.save(student, actor)
        if need is not None:
            need.student_id = student.id
            need.unit_id = need.unit_id or student.unit_id
            need.school_year = need.school_year or year
            need = store.save(need, actor)
    return student, need
