"""One date field for every form: typed on the keyboard as the teacher says it (20/06/2016,
20-6-2016, 20.06.2016, 20062016, or 2016-06-20 pasted from a spreadsheet), or picked in a
calendar that opens at the field's date or at the current month.

A typed date gives exactly that date or a visible error under the field (an impossible
day, a year without four digits, a date outside the field's range); the field is never
filled with a date nobody chose unless the form sets one on purpose. Empty is allowed where
the form says the date is optional; the form decides whether it is required.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

ERROR_COLOUR = "#b00020"
EARLIEST, LATEST = QDate(1900, 1, 1), QDate(2100, 12, 31)  # a date field's default bounds
_SEPARATED = re.compile(r"^\s*(\d{1,4})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{1,4})\s*$")
_DIGITS = re.compile(r"^\s*(\d{8})\s*$")


class DateProblem(ValueError):
    """Why a typed text is not a date: ``kind`` is "format" or "impossible"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def parse_date(text: str) -> dt.date | None:
    """Day, month, year (any of / - . or space between, or none: ddmmyyyy), or an ISO
    yyyy-mm-dd; None for an empty text. Raises DateProblem for anything else: the year
    must have four digits (a child born in "16" could be 1916 or 2016)."""
    text = (text or "").strip()
    if not text:
        return None
    m = _SEPARATED.match(text)
    if m:
        a, b, c = m.groups()
        if len(a) == 4 and len(c) <= 2:  # 2016-06-20
            year, month, day = a, b, c
        elif len(c) == 4 and len(a) <= 2:
            day, month, year = a, b, c
        else:
            raise DateProblem("format")
    else:
        m = _DIGITS.match(text)
        if not m:
            raise DateProblem("format")
        digits = m.group(1)
        day, month, year = digits[:2], digits[2:4], digits[4:]
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise DateProblem("impossible") from None


def to_qdate(value) -> QDate:
    """A QDate from a QDate, a date, an ISO text (yyyy-mm-dd…) or nothing (a null QDate)."""
    if value is None or value == "":
        return QDate()
    if isinstance(value, QDate):
        return QDate(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return QDate(value.year, value.month, value.day)
    return QDate.fromString(str(value)[:10], "yyyy-MM-dd")


class _CalendarPopup(QCalendarWidget):
    picked = Signal(QDate)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Popup)
        self.setObjectName("date_calendar_popup")
        self.setGridVisible(True)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.clicked.connect(self._picked)
        self.activated.connect(self._picked)

    def _picked(self, d: QDate) -> None:
        self.hide()
        self.picked.emit(d)


class DateField(QWidget):
    """A line edit with a calendar button and its own error line.

    ``date()`` is the date the text says (a null QDate when empty or not a valid date in
    range); ``iso()`` the same as yyyy-mm-dd or ""; ``problem()`` the error text or "".
    ``dateChanged(QDate)`` is emitted whenever the date the field says changes, by typing,
    picking or ``setDate``; ``userDateChanged(QDate)`` only for the user's own edits."""

    dateChanged = Signal(QDate)
    userDateChanged = Signal(QDate)
    editingFinished = Signal()

    DISPLAY = "dd/MM/yyyy"

    def __init__(self, value=None, parent: QWidget | None = None, *, optional: bool = True,
                 minimum=EARLIEST, maximum=LATEST, objectName: str = ""):
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        self.optional = optional
        self._min = to_qdate(minimum)
        self._max = to_qdate(maximum)
        self._last = QDate()
        self.line = QLineEdit(objectName="date_text")
        self.line.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.line.setMaxLength(20)
        self.line.setClearButtonEnabled(optional)
        self.button = QToolButton(objectName="date_calendar_button")
        self.button.setText("▾")
        self.button.setToolTip(self.tr("Choose in a calendar"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.error = QLabel(objectName="date_error")
        self.error.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.error.setWordWrap(True)
        self.error.hide()
        self.calendar: _CalendarPopup | None = None
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.line, 1)
        row.addWidget(self.button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(row)
        lay.addWidget(self.error)
        self.setFocusProxy(self.line)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        self.line.textChanged.connect(self._text_changed)
        self.line.textEdited.connect(self._text_edited)
        self.line.editingFinished.connect(self._finished)
        self.button.clicked.connect(self.open_calendar)
        if value is not None:
            self.setDate(value)

    # -- reading
    def _parsed(self) -> tuple[QDate, str]:
        """(the date, "") or (a null date, why not); an empty text is (null, "")."""
        text = self.line.text()
        try:
            d = parse_date(text)
        except DateProblem as p:
            if p.kind == "impossible":
                return QDate(), self.tr("There is no such date: {0}. Type day/month/year, "
                                        "e.g. 20/06/2016.").format(text.strip())
            return QDate(), self.tr("Type the date as day/month/year with a four-digit year, "
                                    "e.g. 20/06/2016.")
        if d is None:
            return QDate(), ""
        q = QDate(d.year, d.month, d.day)
        if q < self._min or q > self._max:
            shown = q.toString(self.DISPLAY)
            if self._max == QDate.currentDate():
                return QDate(), self.tr("{0} is after today: the date cannot be in the future.").format(shown)
            return QDate(), self.tr("{0} is out of range: the date must be from {1} to {2}.").format(
                shown, self._min.toString(self.DISPLAY), self._max.toString(self.DISPLAY))
        return q, ""

    def date(self) -> QDate:
        return self._parsed()[0]

    def iso(self) -> str:
        d = self.date()
        return d.toString("yyyy-MM-dd") if d.isValid() else ""

    def text(self) -> str:
        return self.line.text()

    def isEmpty(self) -> bool:
        return not self.line.text().strip()

    def problem(self) -> str:
        """What is wrong with the text (empty when the field is fine, or empty and optional)."""
        d, why = self._parsed()
        if why:
            return why
        if not d.isValid() and not self.optional:
            return self.tr("Type the date (day/month/year) or choose it in the calendar.")
        return ""

    def check(self) -> bool:
        """Show the field's problem under it (or hide the old one); True when it has none."""
        self.show_problem(self.problem())
        return not self.error.text()

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.line.setStyleSheet(f"border: 1px solid {ERROR_COLOUR}" if text else "")

    # -- writing
    def setDate(self, value) -> None:
        q = to_qdate(value)
        self.line.setText(q.toString(self.DISPLAY) if q.isValid() else "")
        self.show_problem("")

    def clear(self) -> None:
        self.setDate(None)

    def setOptional(self, optional: bool) -> None:
        self.optional = optional
        self.line.setClearButtonEnabled(optional)

    def setMinimumDate(self, d) -> None:
        self._min = to_qdate(d)

    def setMaximumDate(self, d) -> None:
        self._max = to_qdate(d)

    def minimumDate(self) -> QDate:
        return QDate(self._min)

    def maximumDate(self) -> QDate:
        return QDate(self._max)

    def setReadOnly(self, on: bool) -> None:
        self.line.setReadOnly(on)
        self.button.setEnabled(not on)

    # -- events
    def _text_changed(self, _text: str) -> None:
        d = self.date()
        if d != self._last:
            self._last = d
            self.dateChanged.emit(d)
        if self.error.isVisible() and not self._parsed()[1]:
            self.show_problem("")  # the typing mended it

    def _text_edited(self, _text: str) -> None:
        self.userDateChanged.emit(self.date())

    def _finished(self) -> None:
        d, why = self._parsed()
        if d.isValid():
            shown = d.toString(self.DISPLAY)
            if self.line.text() != shown:  # 20062016 → 20/06/2016: the teacher sees what was read
                self.line.setText(shown)
        self.show_problem(why)
        self.editingFinished.emit()

    def open_calendar(self) -> _CalendarPopup:
        if self.calendar is None:
            self.calendar = _CalendarPopup(self)
            self.calendar.picked.connect(self._picked)
        cal = self.calendar
        cal.setDateRange(self._min, self._max)
        d = self.date()
        if not d.isValid():  # nothing chosen yet: this month, within the field's range
            today = QDate.currentDate()
            d = min(max(today, self._min), self._max)
        cal.setSelectedDate(d)
        cal.setCurrentPage(d.year(), d.month())
        cal.adjustSize()
        where = self.line.mapToGlobal(QPoint(0, self.line.height()))
        cal.move(where)
        cal.show()
        cal.setFocus()
        return cal

    def _picked(self, d: QDate) -> None:
        self.setDate(d)
        self.userDateChanged.emit(self.date())
        self.line.setFocus()

    def changeEvent(self, e) -> None:
        if e.type() == QEvent.Type.EnabledChange and not self.isEnabled() and self.calendar is not None:
            self.calendar.hide()
        super().changeEvent(e)
