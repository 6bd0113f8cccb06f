"""Classes sort as a teacher counts them: 1A1, 1A2, 1A10, 1A100 (not as text)."""

from app.text import natural_key


def test_numbers_inside_class_names_sort_by_value():
    classes = ["1A10", "1A2", "1A100", "1A1", "10A", "2B", "1a3"]
    assert sorted(classes, key=natural_key) == ["1A1", "1A2", "1a3", "1A10", "1A100", "2B", "10A"]


def test_accents_and_case_do_not_split_the_order():
    assert sorted(["Lớp 3", "lop 12", "LỚP 2"], key=natural_key) == ["LỚP 2", "Lớp 3", "lop 12"]
    assert natural_key(None) == natural_key("") == ()
