"""The date field (ui.dates.DateField): a date typed on the keyboard gives exactly that
date or a visible error, never another date."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate

from ui.dates import DateField, DateProblem, parse_date


@pytest.fixture(autouse=True)
def vietnamese(qapp):
    from ui import i18n

    i18n.set_language("vi")


@pytest.fixture
def field(qtbot):
    w = DateField(optional=False, maximum=QDate.currentDate())
    qtbot.addWidget(w)
    w.show()
    return w


def type_date(qtbot, field, text):
    field.line.clear()
    qtbot.keyClicks(field.line, text)
    field.line.editingFinished.emit()  # as when the teacher leaves the field


@pytest.mark.parametrize("text", ["20/06/2016", "20062016", "20-6-2016", "20.06.2016", "20 6 2016",
                                  "2016-06-20"])
def test_a_typed_date_is_exactly_that_date(qtbot, field, text):
    type_date(qtbot, field, text)
    assert field.date() == QDate(2016, 6, 20)
    assert field.text() == "20/06/2016"  # shown back as read
    assert not field.error.isVisible()
    assert field.iso() == "2016-06-20"


@pytest.mark.parametrize("text, words", [
    ("2019", "năm đủ bốn chữ số"),       # once gave 20/01/2016
    ("20/06/16", "năm đủ bốn chữ số"),   # 1916 or 2016? asked, not guessed
    ("31/02/2016", "Không có ngày 31/02/2016"),
    ("abc", "ngày/tháng/năm"),
])
def test_a_text_that_is_no_date_is_said_under_the_field(qtbot, field, text, words):
    type_date(qtbot, field, text)
    assert not field.date().isValid() and field.iso() == ""
    assert field.error.isVisible() and words in field.error.text()


def test_a_future_date_is_refused_not_changed(qtbot, field):
    future = QDate.currentDate().addYears(1)
    type_date(qtbot, field, future.toString("dd/MM/yyyy"))  # once gave 15/06/2016
    assert not field.date().isValid()
    assert "sau hôm nay" in field.error.text()


def test_empty_is_allowed_only_where_optional(qtbot, field):
    assert field.date().isNull() and field.problem()  # required: no date chosen for the teacher
    optional = DateField()
    qtbot.addWidget(optional)
    assert optional.date().isNull() and optional.problem() == ""


def test_date_changed_follows_the_typing_and_set_date(qtbot, field):
    seen = []
    field.dateChanged.connect(seen.append)
    qtbot.keyClicks(field.line, "1/9/2020")
    assert seen[-1] == QDate(2020, 9, 1)
    field.setDate(dt.date(2021, 3, 4))
    assert seen[-1] == QDate(2021, 3, 4) and field.text() == "04/03/2021"
    field.clear()
    assert seen[-1].isNull() and field.text() == ""


def test_the_calendar_opens_at_the_current_month_when_empty_and_picks(qtbot):
    w = DateField(minimum=QDate(2000, 1, 1))
    qtbot.addWidget(w)
    w.show()
    cal = w.open_calendar()
    today = QDate.currentDate()
    assert (cal.yearShown(), cal.monthShown()) == (today.year(), today.month())
    cal.clicked.emit(QDate(2027, 5, 31))
    assert w.date() == QDate(2027, 5, 31) and not cal.isVisible()
    cal = w.open_calendar()  # now at the field's date
    assert (cal.yearShown(), cal.monthShown()) == (2027, 5)
    cal.hide()


def test_parse_date():
    assert parse_date(" 5/3/2026 ") == dt.date(2026, 3, 5)
    assert parse_date("") is None
    with pytest.raises(DateProblem):
        parse_date("2019")


def test_enter_and_escape_in_the_field_read_the_date(qtbot, field):
    from PySide6.QtCore import Qt

    qtbot.keyClicks(field.line, "5-3-2026")
    qtbot.keyClick(field.line, Qt.Key.Key_Return)
    assert field.text() == "05/03/2026" and field.date() == QDate(2026, 3, 5)
    qtbot.keyClick(field.line, Qt.Key.Key_Escape)  # goes on to the dialog, if any
    assert field.date() == QDate(2026, 3, 5)
