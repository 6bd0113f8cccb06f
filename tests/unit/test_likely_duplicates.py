"""A child typed twice without a personal ID is noticed (issue 13, item 5)."""

from __future__ import annotations

from app.duplicates import likely_same_child
from app.records import Student
from tests.helpers import factories as f


def test_same_folded_name_and_birth_date_is_likely_the_same_child(store):
    first = f.student(store, personal_id="", full_name="Lò Thị Mai", guardian_phone="0912345678",
                      guardian_name="Lò Văn Pọm")
    again = Student(unit_id=store.unit_id, full_name="LO THI MAI", birth_date="2016-03-04", sex="F",
                    class_name="3B")
    found = likely_same_child(store, again)
    assert [d["id"] for d in found] == [first.id]
    d = found[0]
    assert (d["full_name"], d["birth_date"], d["class_name"], d["guardian_name"], d["guardian_phone"]) == (
        "Lò Thị Mai", "2016-03-04", "3A", "Lò Văn Pọm", "0912345678")
    assert "họ tên" in d["why"]


def test_same_guardian_phone_and_birth_date(store):
    first = f.student(store, personal_id="", full_name="Lò Thị Mai", guardian_phone="0912345678")
    other_name = {"unit_id": store.unit_id, "full_name": "Lò Thị Mây", "birth_date": "2016-03-04",
                  "guardian_phone": "+84 912 345 678"}
    found = likely_same_child(store, other_name)
    assert [d["id"] for d in found] == [first.id]
    assert "điện thoại" in found[0]["why"]


def test_not_a_duplicate(store):
    first = f.student(store, full_name="Lò Thị Mai")
    # itself, when the form edits it
    assert likely_same_child(store, first) == []
    # another birth date
    assert likely_same_child(store, Student(full_name="Lò Thị Mai", birth_date="2016-03-05")) == []
    # two different personal IDs are two people
    twin = Student(full_name="Lò Thị Mai", birth_date="2016-03-04", sex="F",
                   personal_id=f.personal_id(2016, "F"))
    assert likely_same_child(store, twin) == []
    # a deleted record does not count
    store.delete(Student, first.id, "gv")
    assert likely_same_child(store, Student(full_name="Lò Thị Mai", birth_date="2016-03-04")) == []
