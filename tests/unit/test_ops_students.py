"""The students side's actions called directly (app.ops.students), as the student form and
the class-list dialog run them: the form's save and workflow moves, the need rules they
keep, a child deleted, a class list imported (with progress and a cancel)."""

from __future__ import annotations

import pytest

from app.errors import NotFound, RuleError
from app.ops import changes_of
from app.ops.students import delete_student, import_class_list, move_need, save_form
from app.queries import students as q
from app.records import Need, Student
from tests.helpers import factories as f


def _new_child(store, **kw) -> Student:
    data = dict(unit_id=store.unit_id, full_name="Lò Văn Páo", birth_date="2016-05-06", sex="M", class_name="3A",
                household="poor", personal_id=f.personal_id(2016, "M"))
    data.update(kw)
    return Student(**data)


def test_the_actions_say_what_they_change():
    assert changes_of(save_form) == {"student", "need"}
    assert changes_of(move_need) == {"need"}
    assert changes_of(delete_student) == {"student"}
    assert changes_of(import_class_list) == {"student"}


def test_a_form_saved_and_sent_in_one_go(store):
    st = _new_child(store)
    need = Need(unit_id=st.unit_id, student_id=st.id, device_requested="tablet")
    what, (saved, moved) = save_form(store, st, need, "gv", "teacher", current=(None, None), move="submit")
    assert what == "moved" and moved.status == "submitted"
    assert q.with_need(store, saved.id)[1].id == moved.id
    assert [h["action"] for h in store.get(Need, moved.id).history] == ["submit"]


def test_a_form_refused_saves_nothing(store):
    st = _new_child(store, birth_date="")
    what, by_field, _summary = save_form(store, st, None, "gv", "teacher", current=(None, None))
    assert what == "problems" and "birth_date" in by_field
    assert store.get_or_none(Student, st.id) is None
    # the form's own refusal (a date typed that is no date) saves nothing either
    ok = _new_child(store)
    assert save_form(store, ok, None, "gv", "teacher", current=(None, None), form_refused=True)[0] == "problems"
    assert store.get_or_none(Student, ok.id) is None


def test_a_likely_same_child_is_asked_about_first(store):
    first = f.student(store, full_name="Lò Văn Páo", birth_date="2016-05-06", sex="M")
    again = _new_child(store, personal_id="")
    what, others = save_form(store, again, None, "gv", "teacher", current=(None, None), ask_same=True)
    assert what == "same" and first.id in {o["id"] for o in others}
    assert store.get_or_none(Student, again.id) is None
    assert save_form(store, again, None, "gv", "teacher", current=(None, None))[0] == "saved"


def test_a_move_refused_keeps_the_save(store):
    """A teacher cannot approve: the form is saved, the move refused in words."""
    st = _new_child(store)
    need = Need(unit_id=st.unit_id, student_id=st.id, device_requested="tablet")
    what, (saved, kept), error = save_form(store, st, need, "gv", "teacher", current=(None, None), move="approve")
    assert what == "move_failed" and isinstance(error, RuleError)
    assert store.get(Need, kept.id).status == "draft"
    # a child in no priority group: nothing to send
    st2 = _new_child(store, household="none", full_name="Vàng A Chứ", personal_id=f.personal_id(2016, "M"))
    what, _saved, error = save_form(store, st2, None, "gv", "teacher", current=(None, None), move="submit")
    assert what == "move_failed" and error.key == "need.ineligible"


@pytest.mark.parametrize(("moves", "status"), [
    ((("submit", "teacher"), ("verify", "head"), ("approve", "head")), "approved"),
    ((("submit", "teacher"), ("reject", "head", "không đủ điều kiện")), "rejected"),
    ((("submit", "teacher"), ("withdraw", "teacher", "chuyển trường")), "withdrawn"),
])
def test_the_need_workflow(store, moves, status):
    st = f.student(store)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year=st.school_year,
                           device_requested="tablet"), "gv")
    for move, role, *reason in moves:
        need = move_need(store, need.id, move, "gv", role, *reason)
    assert need.status == status
    assert [h["action"] for h in need.history] == [m[0] for m in moves]


def test_the_need_workflow_refuses(store):
    st = f.student(store)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year=st.school_year,
                           device_requested="tablet"), "gv")
    with pytest.raises(RuleError):
        move_need(store, need.id, "approve", "gv", "teacher")  # not submitted, not the teacher's
    move_need(store, need.id, "submit", "gv", "teacher")
    with pytest.raises(RuleError):
        move_need(store, need.id, "reject", "hp", "head")  # a rejection needs its reason
    assert store.get(Need, need.id).status == "submitted"


def test_a_child_deleted(store):
    st = f.student(store)
    delete_student(store, st.id, "gv", "nhập trùng")
    assert store.get_or_none(Student, st.id) is None
    with pytest.raises(NotFound):
        delete_student(store, st.id, "gv")


def test_a_class_list_imported_with_progress_and_cancelled(store, tmp_path):
    path = tmp_path / "3A.csv"
    path.write_text("Họ và tên,Ngày sinh,Giới tính,Lớp\n"
                    + "".join(f"Lò Văn Páo {i},06/05/2016,Nam,3A\n" for i in range(3)), encoding="utf-8")

    class Job:
        def __init__(self, stop=False):
            self.seen, self.stop = [], stop

        def check(self, done=0, total=0):
            if self.stop:
                raise RuntimeError("cancelled")
            self.seen.append((done, total))

    with pytest.raises(RuntimeError):
        import_class_list(store, path, actor="gv", job=Job(stop=True))
    assert q.overview_count(store) == 0  # nothing saved
    job = Job()
    result = import_class_list(store, path, actor="gv", job=job)
    assert result.imported == 3 and job.seen[-1] == (3, 3)
    assert q.classes(store, store.unit_id) == ["3A"]
    preview = q.roster_preview(store, path=path)
    assert {r.outcome for r in preview.rows} == {"unchanged"}
