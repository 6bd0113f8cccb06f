"""Conflict review: a real conflict between two stores of one school, seen from the app
opened on one of them — the status-bar indicator, the side-by-side review, a merge."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from app import changes as C
from app.records import Student
from app.store import Store
from tests.helpers.conflicts import student_conflict
from ui.conflicts import DIFFER_BACKGROUND, ConflictsDialog


@pytest.fixture
def conflict(school_dir, tmp_path):
    """The school's store holds one conflict (another laptop edited the same child)."""
    with Store.open(school_dir) as home, Store.open(tmp_path / "other") as other:
        sid, mine, theirs = student_conflict(home, other)
        other_instance = other.instance_id
    return sid, other_instance


def rows_by_field(dialog: ConflictsDialog) -> dict[str, int]:
    t = dialog.table
    return {t.item(r, 0).data(Qt.ItemDataRole.UserRole): r for r in range(t.rowCount())}


def open_review(window, qtbot) -> ConflictsDialog:
    indicator = window.conflicts
    qtbot.waitUntil(lambda: indicator.isVisible())
    qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    dialog = indicator.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.pair is not None and dialog.list.rowCount() == 1)
    return dialog


def test_indicator_review_and_merge_of_one_field(conflict, app_window, qtbot):
    sid, other_instance = conflict
    indicator = app_window.conflicts
    qtbot.waitUntil(lambda: indicator.isVisible())
    assert "1" in indicator.text() and "xung đột" in indicator.text()

    dialog = open_review(app_window, qtbot)
    listed = [dialog.list.item(0, c).text() for c in range(4)]
    assert listed[0] == "Học sinh" and listed[1] == "Lò Thị Ánh – 3B" and other_instance[:8] in listed[3]
    rows = rows_by_field(dialog)
    t = dialog.table
    phone, village, name = rows["guardian_phone"], rows["village"], rows["full_name"]
    assert t.item(phone, 0).text() == "Số điện thoại"  # the student form's label
    assert (t.item(phone, 1).text(), t.item(phone, 2).text()) == ("0912345678", "0987654321")
    assert (t.item(village, 1).text(), t.item(village, 2).text()) == ("Bản Pa Ủ", "Bản Huổi Lếch")
    assert t.item(rows["sex"], 1).text() == "Nữ"  # a choice shows its name
    for r in (phone, village, rows["class_name"]):  # what differs stands out and can be taken
        assert t.item(r, 1).background().color() == DIFFER_BACKGROUND
        assert t.item(r, 3).flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert t.item(name, 1).background().color() != DIFFER_BACKGROUND
    assert not t.item(name, 3).flags() & Qt.ItemFlag.ItemIsUserCheckable

    assert not dialog.merge_button.isEnabled()  # nothing ticked yet
    t.item(phone, 3).setCheckState(Qt.CheckState.Checked)
    assert dialog.merge_button.isEnabled() and dialog.ticked() == ["guardian_phone"]
    with qtbot.waitSignal(app_window.ctx.changes.changed, timeout=5000) as changed:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert changed.args == ["student"]

    qtbot.waitUntil(lambda: not indicator.isVisible())
    qtbot.waitUntil(lambda: dialog.list.rowCount() == 0 and dialog.empty.isVisible())
    assert dialog.pair is None and not dialog.keep_button.isEnabled()
    st, done = app_window.ctx.worker.call(lambda store: (
        store.get(Student, sid),
        store.conn.execute("SELECT resolution, resolved_by FROM conflicts").fetchall()))
    assert (st.guardian_phone, st.village, st.class_name) == ("0987654321", "Bản Pa Ủ", "3B")
    assert [tuple(r) for r in done] == [("merge", "Lò Thị Hoa")]


def test_menu_opens_the_review_and_keep_resolves(conflict, app_window, qtbot):
    sid, _other = conflict
    before = app_window.ctx.worker.call(lambda store: store.version(Student, sid))
    action = app_window.findChild(QAction, "review_conflicts")
    action.trigger()
    dialog = app_window.conflicts.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.pair is not None)
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.list.rowCount() == 0)
    qtbot.waitUntil(lambda: not app_window.conflicts.isVisible())
    assert app_window.ctx.worker.call(lambda store: (store.version(Student, sid), C.count_open_conflicts(store))) == (
        before, 0)


def test_no_indicator_without_conflicts(app_window, qtbot):
    count = app_window.ctx.worker.call(C.count_open_conflicts)  # after the indicator's own query
    assert count == 0 and not app_window.conflicts.isVisible()
    dialog = app_window.conflicts.open_review()
    qtbot.waitUntil(lambda: dialog.empty.isVisible())
    assert not dialog.keep_button.isEnabled() and not dialog.take_button.isEnabled()
