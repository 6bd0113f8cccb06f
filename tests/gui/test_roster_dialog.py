"""Class-list import dialog: read a messy file on the worker, fix the column mapping with a
live preview, import with progress and Cancel, then the summary and the rejected rows."""

from __future__ import annotations

import csv
import datetime as dt
import os
import warnings

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from app import messages
from app.errors import RosterError
from app.records import Student
from app.roster import read_roster
from tests.helpers.factories import personal_id
from tests.unit.test_roster import write_csv, write_xlsx
from ui.errors import Dialogs
from ui.roster_dialog import PROBLEM_BACKGROUND, RosterImportDialog, RosterPreviewModel, column_letter

PID_ANH = personal_id(2015, "F", tail=4321)
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "Mã định danh", "Diện hộ"]


def messy_rows() -> list[list[object]]:
    """Titles, the header on row 5, four good children, one with a date that does not
    exist (row 8), then totals and signatures."""
    return [
        ["PHÒNG GD&ĐT HUYỆN MƯỜNG TÈ", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["TRƯỜNG PTDTBT TH NẬM CHA", None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        ["DANH SÁCH HỌC SINH NĂM HỌC 2025 - 2026"],
        [],
        HEADER,
        [1, "Lò Thị Ánh", dt.datetime(2015, 5, 12), "Nữ", "3A", PID_ANH, "Hộ nghèo"],
        [2, "GIÀNG A SÌNH", "01/01/2016", "Nam", "3a", None, None],
        [3, "Vàng Thị Dua", "31/02/2016", "Nữ", "3A", None, None],
        [4, "Sùng A Páo", 42370, "Nam", "Lớp 4 b", None, "Cận nghèo"],
        [5, "Hầu Thị Mai", "03/04/2015", "Nữ", "4B", None, None],
        [],
        ["Tổng cộng: 5 học sinh"],
        [None, "Người lập biểu", None, None, "Hiệu trưởng"],
        [None, "(Ký, ghi rõ họ tên)", None, None, "(Ký tên, đóng dấu)"],
    ]


CLASSES = {"Lò Thị Ánh": "3A", "Giàng A Sình": "3A", "Sùng A Páo": "4B", "Hầu Thị Mai": "4B"}


@pytest.fixture
def messy_xlsx(tmp_path):
    return write_xlsx(tmp_path / "Danh sach lop 3A-4B.xlsx", messy_rows(), ("A1:D1", "E1:G1", "A3:G3"))


@pytest.fixture
def dialog(app_window, qtbot):
    dlg = RosterImportDialog(app_window.ctx, app_window)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def students(window) -> dict[str, str]:
    return window.ctx.worker.call(lambda store: {s.full_name: s.class_name for s in store.find(Student)})


def load(dlg, qtbot, path, rows: int) -> None:
    dlg.load_file(path)
    qtbot.waitUntil(lambda: dlg.stack.currentIndex() == dlg.MAPPING and dlg.preview is not None, timeout=10_000)
    assert dlg.model.rowCount() == rows


def import_and_wait(dlg, qtbot) -> None:
    assert dlg.import_button.isEnabled()
    dlg.import_button.click()
    qtbot.waitUntil(lambda: dlg.stack.currentIndex() == dlg.SUMMARY, timeout=15_000)


def column_texts(model: RosterPreviewModel, field: str) -> list[str]:
    col = model.FIELDS.index(field)
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_preview_shows_header_row_problems_and_follows_the_mapping(dialog, qtbot, qtmodeltester, messy_xlsx):
    load(dialog, qtbot, messy_xlsx, rows=5)
    assert "5" in dialog.header_label.text()  # the header row under the titles
    assert [dialog.table.headers[i] for i in range(3)] == ["STT", "Họ và tên", "Ngày sinh"]
    assert [dialog.model.index(r, 0).data() for r in range(5)] == ["6", "7", "8", "9", "10"]
    assert column_texts(dialog.model, "full_name")[1] == "Giàng A Sình"
    assert column_texts(dialog.model, "birth_date") == ["12/05/2015", "01/01/2016", "", "01/01/2016", "03/04/2015"]
    assert column_texts(dialog.model, "class_name") == ["3A", "3A", "3A", "4B", "4B"]
    assert column_texts(dialog.model, "sex")[:2] == ["Nữ", "Nam"]
    assert column_texts(dialog.model, "household")[0] == "Hộ nghèo"
    # the one bad row: light red, its problem in a tooltip and in the last column
    bad = dialog.model.index(2, 1)
    assert bad.data(Qt.ItemDataRole.BackgroundRole).color() == PROBLEM_BACKGROUND
    assert "31/02/2016" in bad.data(Qt.ItemDataRole.ToolTipRole)
    assert "31/02/2016" in dialog.model.index(2, dialog.model.PROBLEMS).data()
    good = [dialog.model.index(r, 1).data(Qt.ItemDataRole.BackgroundRole) for r in (0, 1, 3, 4)]
    assert good == [None] * 4
    digits = [w.strip(",") for w in dialog.counts.text().split() if w.strip(",").isdigit()]
    assert digits == ["5", "1"]
    qtmodeltester.check(dialog.model)

    # every column of the file has its combo, set to what was detected
    assert len(dialog.combos) == len(HEADER)
    assert dialog.combos[1].currentData() == "full_name" and dialog.combos[0].currentData() == ""
    assert dialog.combo_for("Lớp").currentText() == messages.field_label("class_name")

    # "Lớp" ignored: the rows take the class typed for rows without one
    dialog.default_class.setText("5c")
    lop = dialog.combo_for("Lớp")
    lop.setCurrentIndex(lop.findData(""))
    qtbot.waitUntil(lambda: dialog.preview is not None and column_texts(dialog.model, "class_name") == ["5C"] * 5)

    # Enter in the class field refreshes the preview; it does not start the import
    qtbot.keyClick(dialog.default_class, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert dialog.stack.currentIndex() == dialog.MAPPING

    # no name column: no import, and the reason is shown
    name = dialog.combo_for("Họ và tên")
    name.setCurrentIndex(name.findData(""))
    qtbot.waitUntil(lambda: dialog.blocked.isVisible())
    assert messages.field_label("full_name") in dialog.blocked.text()
    assert not dialog.import_button.isEnabled() and dialog.model.rowCount() == 0
    name.setCurrentIndex(name.findData("full_name"))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled())
    assert not dialog.blocked.isVisible() and dialog.model.rowCount() == 5
    qtmodeltester.check(dialog.model)


def test_import_summary_students_page_rejected_csv_and_import_again(app_window, dialog, qtbot, messy_xlsx,
                                                                   tmp_path, monkeypatch, no_real_dialogs):
    load(dialog, qtbot, messy_xlsx, rows=5)
    import_and_wait(dialog, qtbot)
    out = {k: lab.text() for k, lab in dialog.counts_out.items()}
    assert out == {"imported": "4", "updated": "0", "unchanged": "0", "rejected": "1"}
    assert dialog.rejected_table.rowCount() == 1
    assert dialog.rejected_table.item(0, 0).text() == "8"
    assert "31/02/2016" in dialog.rejected_table.item(0, 1).text()
    assert students(app_window) == CLASSES
    page = app_window.pages["students"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)

    # the rejected rows, for the school office: UTF-8 with a BOM, number, reason, the cells
    target = tmp_path / "out" / "bi loai"
    target.parent.mkdir()
    asked = []
    monkeypatch.setattr(Dialogs, "save_file", staticmethod(
        lambda parent, title, suggested, filters: asked.append(suggested) or str(target)))
    dialog.save_rejected_button.click()
    saved = target.with_suffix(".csv")
    qtbot.waitUntil(lambda: dialog.saved_label.text() != "")
    assert asked and asked[0].endswith(".csv") and "Danh sach lop 3A-4B" in asked[0]
    assert saved.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(saved, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 2 and rows[0][2:] == HEADER
    assert rows[1][0] == "8" and "31/02/2016" in rows[1][1]
    assert rows[1][2:] == ["3", "Vàng Thị Dua", "31/02/2016", "Nữ", "3A", "", ""]
    dialog.findChild(type(dialog.import_button), "done").click()
    assert not dialog.isVisible()

    # the same file again: nothing new, nothing changed
    again = RosterImportDialog(app_window.ctx, app_window)
    qtbot.addWidget(again)
    again.show()
    load(again, qtbot, messy_xlsx, rows=5)
    import_and_wait(again, qtbot)
    out = {k: lab.text() for k, lab in again.counts_out.items()}
    assert out == {"imported": "0", "updated": "0", "unchanged": "4", "rejected": "1"}
    assert students(app_window) == CLASSES
    assert no_real_dialogs == []


def test_unreadable_file_is_explained_in_the_dialog_and_another_can_be_chosen(
        app_window, dialog, qtbot, tmp_path, monkeypatch, no_real_dialogs, messy_xlsx):
    broken = tmp_path / "lop3a.xlsx"
    broken.write_bytes(os.urandom(4096))
    with pytest.raises(RosterError) as expected:
        read_roster(broken)
    dialog.load_file(broken)
    qtbot.waitUntil(lambda: dialog.file_error.isVisible())
    assert dialog.file_error.text() == expected.value.message()
    assert dialog.stack.currentIndex() == dialog.FILE and dialog.choose_button.isEnabled()
    assert no_real_dialogs == []  # said in the dialog, not in a message box
    assert students(app_window) == {}

    monkeypatch.setattr(Dialogs, "open_file", staticmethod(lambda parent, title, filters: str(messy_xlsx)))
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == dialog.MAPPING and dialog.model.rowCount() == 5)
    assert not dialog.file_error.isVisible()
    assert students(app_window) == {}


def test_cancel_during_a_large_import_saves_nothing(app_window, dialog, qtbot, tmp_path):
    letters = "ABCDEGHIKLMNOPQRSTUVXY"
    rows = [["DANH SÁCH HỌC SINH TOÀN TRƯỜNG"], ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp"]]
    rows += [[i + 1, f"Học Sinh {letters[i // 484 % 22]}{letters[i // 22 % 22]}{letters[i % 22]}",
              "12/05/2015", "Nam" if i % 2 else "Nữ", "3A"] for i in range(3000)]
    path = write_csv(tmp_path / "toan truong.csv", rows)
    load(dialog, qtbot, path, rows=3000)
    seen: list[int] = []

    def first_progress(value: int) -> None:
        if value > 0 and not seen:
            seen.append(value)
            dialog.cancel_button.click()

    dialog.progress.valueChanged.connect(first_progress)
    dialog.import_button.click()
    assert dialog.stack.currentIndex() == dialog.IMPORTING
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == dialog.MAPPING, timeout=30_000)
    assert seen and seen[0] < 3000
    assert dialog.notice.isVisible() and dialog.notice.text()
    assert app_window.ctx.worker.call(lambda store: store.count(Student)) == 0
    assert dialog.import_button.isEnabled()  # the user may try again


def test_a_dropped_file_is_read(dialog, qtbot, messy_xlsx, tmp_path):
    def mime(path):
        data = QMimeData()
        data.setUrls([QUrl.fromLocalFile(str(path))])
        return data

    def drag_enter(data):
        with warnings.catch_warnings():  # PySide6 6.12 marks its only constructor deprecated
            warnings.simplefilter("ignore", DeprecationWarning)
            return QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, data,
                                   Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)

    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    pdf_data = mime(pdf)  # the event does not own its mime data: keep it alive
    refused = drag_enter(pdf_data)
    dialog.dragEnterEvent(refused)
    assert not refused.isAccepted()
    data = mime(messy_xlsx)
    enter = drag_enter(data)
    dialog.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(drop)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == dialog.MAPPING and dialog.model.rowCount() == 5)
    assert dialog.path == messy_xlsx


def test_students_page_button_opens_the_dialog(app_window, qtbot):
    page = app_window.pages["students"]
    page.import_button.click()
    dlg = page.findChild(RosterImportDialog, "roster_dialog")
    assert dlg is not None
    qtbot.waitUntil(dlg.isVisible)
    assert dlg.stack.currentIndex() == dlg.FILE
    dlg.reject()


def test_column_letters():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]


def test_the_preview_shows_what_the_import_will_do_and_asks_about_likely_duplicates(
        app_window, dialog, qtbot, tmp_path, no_real_dialogs):
    """Issue 13 items 5 and 9: every problem the import finds is in the preview, in a column
    seen without scrolling; a child possibly typed twice is imported only when the teacher
    ticks "Different child"."""
    app_window.ctx.worker.call(lambda store: store.save(Student(
        unit_id=store.unit_id, full_name="Lò Thị Mai", birth_date="2015-05-12", sex="F", class_name="3A"), "gv"))
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Mã định danh", "Lớp", "SĐT"],
            ["Lò Thị Ánh", "12/05/2015", "Nữ", PID_ANH, "3A", ""],  # 2: fine
            ["Vàng Thị Dua", "03/04/2017", "", "", "3A", ""],  # 3: sex missing
            ["Giàng A Sình", "01/01/2016", "Nam", PID_ANH[:3] + "3" + PID_ANH[4:], "3A", ""],  # 4: ID says girl
            ["lò thị ánh", "12/05/2015", "Nữ", "", "3a", ""],  # 5: row 2 again
            ["LÒ THỊ MAI", "12/05/2015", "Nữ", "", "4A", ""],  # 6: likely the Mai of 3A
            ["Lý Văn Tài", "01/02/2016", "Nam", "", "3A", "12345"]]  # 7: imported without the phone
    load(dialog, qtbot, write_csv(tmp_path / "lop.csv", rows), rows=6)
    model, view = dialog.model, dialog.preview_view
    problems = column_texts(model, "problems")
    assert [bool(t) for t in problems] == [False, True, True, True, True, True]
    assert "Giới tính" in problems[1] and "dòng 2" in problems[3] and "12345" in problems[5]
    assert model.index(4, model.PROBLEMS).data(Qt.ItemDataRole.BackgroundRole).color() != PROBLEM_BACKGROUND
    digits = [w.strip(",") for w in dialog.counts.text().split() if w.strip(",").isdigit()]
    assert digits == ["6", "3", "1", "1"]  # 6 rows, 3 rejected, 1 possibly listed, 1 with a remark
    # the problem column is on screen at the dialog's size, without scrolling
    dialog.resize(1040, 660)
    qtbot.wait(50)
    x = view.columnViewportPosition(model.PROBLEMS)
    assert 0 <= x and x + 100 < view.viewport().width()

    # "Different child": the tick box of the row, by keyboard
    held = model.index(4, model.PROBLEMS)
    assert held.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    view.setFocus()
    view.setCurrentIndex(held)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert held.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    digits = [w.strip(",") for w in dialog.counts.text().split() if w.strip(",").isdigit()]
    assert digits == ["6", "3", "1"]
    import_and_wait(dialog, qtbot)
    out = {k: lab.text() for k, lab in dialog.counts_out.items()}
    assert out == {"imported": "3", "updated": "0", "unchanged": "0", "rejected": "3"}
    got = app_window.ctx.worker.call(lambda store: sorted((s.full_name, s.class_name) for s in store.find(Student)))
    assert got == [("Lò Thị Mai", "3A"), ("Lò Thị Mai", "4A"), ("Lò Thị Ánh", "3A"), ("Lý Văn Tài", "3A")]
