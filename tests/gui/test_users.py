"""File → Users…: a teacher alone adds the head; the head adds, disables, resets PINs; the
last head stays; the handovers page says why nobody waits and who approves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from app.records import Need
from tests.helpers import factories as f


def _open_users(window, qtbot):
    window.findChild(QAction, "manage_users").trigger()
    qtbot.waitUntil(lambda: getattr(window, "_users_dialog", None) is not None and window._users_dialog.isVisible())
    dialog = window._users_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0)
    return dialog


def _add(dialog, qtbot, name: str, pin: str) -> None:
    dialog.name.setText(name)  # QtTest types ASCII only
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClicks(dialog.pin2, pin)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)


def test_a_teacher_alone_adds_the_head(store, open_app, qtbot):
    window = open_app(store, "Vàng Thị Mai", "teacher")
    dialog = _open_users(window, qtbot)
    assert "chưa có hiệu trưởng" in dialog.note.text()
    assert dialog.add_box.isEnabled() and dialog.role.currentData() == "head"
    _add(dialog, qtbot, "Lò Văn Minh", "2468")
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    assert "Lò Văn Minh" in dialog.message.text()
    people = window.ctx.worker.call(lambda s: s.users())
    head = next(u for u in people if u["role"] == "head")
    assert head["name"] == "Lò Văn Minh"
    assert window.ctx.worker.call(lambda s: s.check_pin(head["id"], "2468"))
    # now the head manages: the teacher's dialog says whom to ask
    dialog.close()
    dialog = _open_users(window, qtbot)
    qtbot.waitUntil(lambda: "Lò Văn Minh" in dialog.note.text())
    assert not dialog.add_box.isEnabled()


def test_the_head_disables_and_resets_a_pin_but_keeps_the_last_head(store, open_app, qtbot):
    window = open_app(store, "Lò Văn Minh", "head")
    window.ctx.worker.call(lambda s: s.add_user("Vàng Thị Mai", "teacher", "1111"))
    dialog = _open_users(window, qtbot)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)

    dialog.select_name("Vàng Thị Mai")
    qtbot.keyClicks(dialog.new_pin, "9999")
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "mã PIN mới" in dialog.message.text())
    mai = next(u for u in window.ctx.worker.call(lambda s: s.users()) if u["name"] == "Vàng Thị Mai")
    assert window.ctx.worker.call(lambda s: s.check_pin(mai["id"], "9999"))

    dialog.select_name("Lò Văn Minh")
    qtbot.mouseClick(dialog.disable_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "hiệu trưởng cuối cùng" in dialog.message.text())

    dialog.select_name("Vàng Thị Mai")
    qtbot.mouseClick(dialog.disable_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "không thể đăng nhập" in dialog.message.text())
    assert [u["name"] for u in window.ctx.worker.call(lambda s: s.users())] == ["Lò Văn Minh"]
    assert dialog.table.item(1, 0).text() == "Vàng Thị Mai" and dialog.table.item(1, 2).text() == "đã khóa"

    _add(dialog, qtbot, "Giàng A Páo", "12")
    qtbot.waitUntil(lambda: "4 đến 8 chữ số" in dialog.message.text())


def test_no_child_waiting_says_why_and_who_approves(store, open_app, qtbot):
    st = f.student(store)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year=st.school_year), "gv")
    store.need_action(need.id, "submit", "Vàng Thị Mai", "teacher")
    window = open_app(store, "Vàng Thị Mai", "teacher")
    window.ctx.worker.call(lambda s: s.add_user("Lò Văn Minh", "head", "2468"))
    window.show_page("handovers")
    window.ctx.notify("*")
    page = window.pages["handovers"]
    qtbot.waitUntil(lambda: "phê duyệt" in page.waiting_count.text(), timeout=5000)
    assert page.waiting_count.text() == (
        "0 em đang chờ — 1 nhu cầu đã gửi đang chờ phê duyệt. "
        "Cần hiệu trưởng phê duyệt — đăng nhập bằng tài khoản hiệu trưởng (Lò Văn Minh).")
