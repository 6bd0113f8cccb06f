"""The children and their needs (DESIGN §3): a student form saved with its need survey, a
need moved through its workflow (``app.workflow``: submit, verify, approve, reject,
withdraw…), a child deleted, a class list imported. The rules these keep are in
``app.rules`` and ``app.workflow``; a class list is read by ``app.roster``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from app import roster
from app.duplicates import likely_same_child
from app.errors import RuleError, SongMayError, ValidationError
from app.ops import action
from app.records import Need, Student
from app.school_year import store_school_year
from app.store import Store


@action("student", "need")
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


@action("need")
def move_need(store: Store, need_id: str, move: str, actor: str, role: str, reason: str = "") -> Need:
    """Move a need through its workflow (``move``: submit, verify, approve, reject,
    withdraw, reopen…; ``app.workflow.MOVES`` says who may, and which need a reason).
    Raises RuleError when the move is not this role's or the child is in no priority group."""
    return store.need_action(need_id, move, actor, role, reason)


@action("student", "need")
def save_form(store: Store, student: Student, need: Need | None, actor: str, role: str, *,
              current: tuple[Student | None, Need | None], changed: bool = True, ask_same: bool = False,
              form_refused: bool = False, move: str | None = None, reason: str = "") -> tuple[Any, ...]:
    """A student form's Save (``move`` None) or workflow button: check the child, ask about
    a likely same child (``ask_same``: a new child not yet confirmed to be another), save
    the form when ``changed`` (else ``current`` stands), then take ``move``. Returns what
    happened, for the form to say:

    - ("problems", {field: text}, summary): the child's fields refused (nothing saved;
      ``form_refused``: the form itself refused something, with no summary);
    - ("same", [likely children]): not saved, the form asks;
    - ("saved", (student, need)); ("moved", (student, need moved));
    - ("move_failed", (student, need), SongMayError): saved, the move refused."""
    try:
        checked = student.checked()
    except ValidationError as e:
        return "problems", e.by_field(), e.message()
    if form_refused:
        return "problems", {}, ""
    if ask_same:
        others = likely_same_child(store, checked)
        if others:
            return "same", others
    saved = save_student_and_need(store, student, need, actor) if changed else current
    if move is None:
        return "saved", saved
    s2, n2 = saved
    try:
        if n2 is None:
            raise RuleError("need.ineligible")
        return "moved", (s2, move_need(store, n2.id, move, actor, role, reason))
    except SongMayError as e:
        return "move_failed", saved, e


@action("student")
def delete_student(store: Store, student_id: str, actor: str, reason: str = "") -> None:
    """Delete a child: a tombstone that syncs (``Store.delete``), ``reason`` in the history."""
    store.delete(Student, student_id, actor, reason)


@action("student")
def import_class_list(store: Store, path: Path | str, *, actor: str, default_class: str = "",
                      dry_run: bool = False, mapping: dict[int, str] | None = None,
                      different: Iterable[int] = (), unit_id: str = "", job: Any = None) -> roster.RosterResult:
    """Import a class list (``app.roster.import_roster``: read, checked, saved in one
    transaction). ``job``: progress (``job.check(done, total)``), and a cancel that saves
    nothing."""
    return roster.import_roster(store, Path(path), actor=actor, default_class=default_class, dry_run=dry_run,
                                mapping=mapping, different=different, unit_id=unit_id,
                                progress=job.check if job is not None else None)
