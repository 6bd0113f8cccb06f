"""The first-run wizard's province and commune pickers (issue 14, item 12): typed without
accents they find the accented name ("lai chau" → "Lai Châu", "ta leng" → "Xã Tả Lèng"),
and their hint is a placeholder, not text the user has to delete before typing.
ASCII only is typed: keyClicks with Vietnamese diacritics aborts offscreen — and typing
without accents is the point."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.test_office_setup import to_office_page, wizard  # noqa: F401  (the fixture)
from ui.main import make_app, start
from ui.wizard import best_match


def type_and_leave(qtbot, box, typed: str) -> None:
    """Type into the picker's line as it is (nothing cleared first) and press Enter."""
    line = box.lineEdit()
    line.setFocus()
    qtbot.keyClicks(line, typed)
    popup = box.completer().popup()
    target = popup if popup.isVisible() else line
    qtbot.keyClick(target, Qt.Key.Key_Return)


def test_best_match_is_accent_insensitive():
    names = ["Thành phố Hà Nội", "Lai Châu", "Xã Nậm Chày", "Xã Nậm Cha Mới", "Phường Đoàn Kết"]
    assert best_match(names, "lai chau") == 1
    assert best_match(names, "NAM CHAY") == 2
    assert best_match(names, "nam cha") == 2  # "Xã Nậm Chày" holds "nam cha" first in the list
    assert best_match(names, "doan ket") == 4
    assert best_match(names, "nam cha moi") == 3
    assert best_match(names, "hue") == -1 and best_match(names, "  ") == -1


def test_the_office_pickers_find_names_without_accents_and_hint_with_a_placeholder(wizard, qtbot):  # noqa: F811
    page = to_office_page(wizard, qtbot)
    # nothing chosen: the line is empty and the hint is a placeholder
    assert page.province.currentData() == "" and page.province.lineEdit().text() == ""
    assert page.province.lineEdit().placeholderText() == "– chọn tỉnh, thành phố –"
    type_and_leave(qtbot, page.province, "lai chau")
    assert page.province.currentData() == "12" and page.province.lineEdit().text() == "Lai Châu"
    qtbot.waitUntil(lambda: page.commune.findData("03405") >= 0)
    assert page.commune.currentData() == "" and page.commune.lineEdit().text() == ""
    assert page.commune.lineEdit().placeholderText() == "– chọn xã, phường –"
    type_and_leave(qtbot, page.commune, "ta leng")
    assert page.commune.currentData() == "03405" and page.commune.lineEdit().text() == "Xã Tả Lèng"
    assert page.name.text() == "UBND xã Tả Lèng"
    # words that mean no commune: the commune chosen stays, with its accents
    page.commune.lineEdit().selectAll()
    type_and_leave(qtbot, page.commune, "zzz")
    assert page.commune.currentData() == "03405" and page.commune.lineEdit().text() == "Xã Tả Lèng"
    # a cluster may have no commune: clearing the line chooses none, and the hint says so
    page.kind.setCurrentIndex(page.kind.findData("cluster"))
    assert page.commune.lineEdit().placeholderText() == "– không: cả cụm hoặc huyện –"
    page.commune.lineEdit().clear()
    page.commune.lineEdit().editingFinished.emit()
    assert page.commune.currentData() == ""


def test_the_school_pickers_start_empty_and_find_names_without_accents(qtbot, tmp_path):
    make_app()
    worker, wiz = start(tmp_path / "new", "vi", interactive=False)
    qtbot.addWidget(wiz)
    wiz.show()
    try:
        wiz.next()
        page = wiz.school_page
        qtbot.waitUntil(lambda: page.province.count() == 34)
        # no province is chosen for the user (it was Hà Nội, the first of the list)
        assert page.province.currentData() is None and page.province.lineEdit().text() == ""
        assert page.province.lineEdit().placeholderText() == "– chọn tỉnh, thành phố –"
        assert not page.isComplete()
        type_and_leave(qtbot, page.province, "lai chau")
        assert page.province.currentData() == "12" and page.province.currentText() == "Lai Châu"
        qtbot.waitUntil(lambda: page.commune.findData("03388") >= 0)
        assert page.commune.currentData() is None and page.commune.lineEdit().text() == ""
        assert page.commune.lineEdit().placeholderText() == "– chọn xã, phường –"
        type_and_leave(qtbot, page.commune, "doan ket")
        assert page.commune.currentData() == "03388" and page.commune.currentText() == "Phường Đoàn Kết"
    finally:
        worker.shutdown()
