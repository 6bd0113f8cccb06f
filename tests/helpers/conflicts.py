"""A real conflict between two stores of one school, for the conflict review tests."""

from __future__ import annotations

from app import changes as C
from app.records import Student
from app.store import Store
from sync import protocol as P
from tests.helpers import factories as f

ACTOR = "đồng bộ"


def transfer(src: Store, dst: Store) -> list[C.ApplyResult]:
    """One whole transfer src → dst through the wire format."""
    return [C.apply_changes(dst, P.decode_batch(P.encode_batch(batch)), actor=ACTOR)
            for batch in C.changes_since(src, C.summary(dst))]


def student_conflict(home: Store, other: Store) -> tuple[str, dict, dict]:
    """``home`` (a school's store) and ``other`` (a new store that receives the school)
    edit one child at the same time; ``home``'s edit wins and ``other``'s edit is stored
    in ``home`` for review. Returns (student id, home's edit, other's edit)."""
    st = f.student(home, full_name="Lò Thị Ánh", class_name="3A", village="Bản Nậm Cha",
                   guardian_name="Lò Văn Bình", guardian_phone="0912345678")
    transfer(home, other)
    with other.transaction():
        other.join_unit(home.unit_id)
    for _ in range(3):  # home's counter runs ahead: its edit has the greater stamp and wins
        f.device(home)
    mine = {"village": "Bản Pa Ủ", "class_name": "3B"}
    theirs = {"village": "Bản Huổi Lếch", "guardian_phone": "0987654321"}
    for store, edit in ((home, mine), (other, theirs)):
        rec = store.get(Student, st.id)
        for k, v in edit.items():
            setattr(rec, k, v)
        store.save(rec, "gv")
    [result] = transfer(other, home)
    assert result.conflicts == 1
    return st.id, mine, theirs
