"""Local users: add, list, disable, reset the PIN; the last head stays; who may take a step."""

from __future__ import annotations

import pytest

from app import users
from app.ops import users as user_ops
from app.users import UserError


def test_role_needed_names_the_role_and_who_holds_it(store):
    assert users.role_needed_message(store, "head") == (
        "Cần hiệu trưởng phê duyệt — máy này chưa có tài khoản hiệu trưởng: thêm ở Tệp → Người dùng… "
        "(hoặc songmay user add).")
    user_ops.add_user(store, "lò văn minh", "head", "2468")
    assert users.holders(store, "head") == ["Lò Văn Minh"]
    assert users.role_needed_message(store, "head") == (
        "Cần hiệu trưởng phê duyệt — đăng nhập bằng tài khoản hiệu trưởng (Lò Văn Minh).")
    assert users.role_needed_message(store, "head", "verify", "en") == (
        "Needs the school head to verify — sign in with the school head's account (Lò Văn Minh).")


def test_add_list_disable_reset_pin(store):
    t = user_ops.add_user(store, "Vàng Thị Mai", "teacher", "1111")
    h = user_ops.add_user(store, "Lò Văn Minh", "head", "2222")
    assert [(u["name"], u["role"]) for u in users.list_users(store)] == [
        ("Vàng Thị Mai", "teacher"), ("Lò Văn Minh", "head")]
    assert store.check_pin(t, "1111") and not store.check_pin(t, "2222")

    user_ops.reset_pin(store, "vang thi mai", "9999", by_role="head")  # accents optional
    assert store.check_pin(t, "9999") and not store.check_pin(t, "1111")

    user_ops.disable_user(store, "Vàng Thị Mai", by_role="head")
    assert not store.check_pin(t, "9999")  # a disabled account cannot sign in
    assert [u["name"] for u in users.list_users(store)] == ["Lò Văn Minh"]
    everyone = users.list_users(store, include_disabled=True)
    assert [(u["name"], u["disabled"]) for u in everyone] == [("Vàng Thị Mai", 1), ("Lò Văn Minh", 0)]
    assert store.check_pin(h, "2222")


def test_the_last_head_cannot_be_disabled(store):
    user_ops.add_user(store, "Lò Văn Minh", "head", "2222")
    with pytest.raises(UserError) as e:
        user_ops.disable_user(store, "Lò Văn Minh")
    assert "hiệu trưởng cuối cùng" in e.value.message()
    user_ops.add_user(store, "Giàng A Páo", "head", "3333")
    user_ops.disable_user(store, "Lò Văn Minh")
    assert users.holders(store, "head") == ["Giàng A Páo"]


@pytest.mark.parametrize("name, role, pin, key", [
    ("", "teacher", "1234", "users.name_required"),
    ("Mai", "boss", "1234", "users.role_invalid"),
    ("Mai", "teacher", "12", "users.pin_invalid"),
    ("Mai", "teacher", "12a4", "users.pin_invalid"),
])
def test_add_refuses_in_words(store, name, role, pin, key):
    with pytest.raises(UserError) as e:
        user_ops.add_user(store, name, role, pin)
    assert e.value.key == key


def test_same_name_twice_and_a_teacher_managing_are_refused(store):
    user_ops.add_user(store, "Vàng Thị Mai", "teacher", "1111")
    with pytest.raises(UserError) as e:
        user_ops.add_user(store, "VÀNG THỊ MAI", "teacher", "2222")
    assert e.value.key == "users.name_taken"
    # a teacher alone adds the school's head; once there is a head, the head manages
    user_ops.add_user(store, "Lò Văn Minh", "head", "2222", by_role="teacher")
    with pytest.raises(UserError) as e:
        user_ops.add_user(store, "Hầu A Lử", "teacher", "2222", by_role="teacher")
    assert e.value.key == "users.not_allowed"
    user_ops.add_user(store, "Hầu A Lử", "teacher", "2222", by_role="head")
    with pytest.raises(UserError) as e:
        user_ops.disable_user(store, "Không Có Ai")
    assert e.value.key == "users.not_found"


def test_the_last_user_cannot_be_disabled(store):
    user_ops.add_user(store, "Vàng Thị Mai", "teacher", "1111")
    with pytest.raises(UserError) as e:
        user_ops.disable_user(store, "Vàng Thị Mai", by_role="teacher")
    assert e.value.key == "users.last_user"
    assert users.holders(store, "teacher") == ["Vàng Thị Mai"]
