"""Connectivity: the school's own signal and broadband, and the villages of its students
without mobile signal (điểm lõm sóng), kept with their history when they get covered."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app import messages
from app.errors import SongMayError, ValidationError
from app.ops import coverage as ops
from app.queries.coverage import coverage_screen
from app.records import CARRIERS, COVERAGE, GAP_STATUSES, CoverageGap, Unit, label
from ui.context import AppContext
from ui.dates import DateField
from ui.errors import Dialogs, report_exception
from ui.i18n import fmt_date, fmt_number
from ui.models import ListTableModel
from ui.widgets.choices import ChoiceCombo
from ui.widgets.tables import table_view

_Index = QModelIndex | QPersistentModelIndex
ERROR_STYLE = "color: #b00020"


def _error_label(name: str) -> QLabel:
    err = QLabel(objectName=name)
    err.setStyleSheet(ERROR_STYLE)
    err.setWordWrap(True)
    err.hide()
    return err


class GapsModel(ListTableModel):
    """The school's coverage gaps with the number of its students in each village."""

    HEADERS = (
        QT_TRANSLATE_NOOP("GapsModel", "Village"), QT_TRANSLATE_NOOP("GapsModel", "Carrier"),
        QT_TRANSLATE_NOOP("GapsModel", "Status"), QT_TRANSLATE_NOOP("GapsModel", "Covered on"),
        QT_TRANSLATE_NOOP("GapsModel", "Note"), QT_TRANSLATE_NOOP("GapsModel", "Students"),
    )
    NOTE, STUDENTS = 4, 5

    def gap(self, row: int) -> CoverageGap:
        return self._rows[row].gap

    def row_of(self, gap_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.gap.id == gap_id), -1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not self.valid(index):
            return None
        row = self._rows[index.row()]
        gap, col = row.gap, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            lang = messages.language()
            return (
                gap.village,
                label(CARRIERS, gap.carrier, lang) if gap.carrier else "",
                label(GAP_STATUSES, gap.status, lang),
                fmt_date(gap.covered_on),
                gap.note,
                fmt_number(row.students),
            )[col]
        if role == Qt.ItemDataRole.UserRole:
            return gap.id
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.STUDENTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CoveragePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("coverage_page")
        self.unit: Unit | None = None
        self._filling = False
        self._school_dirty = False
        self._keep_selected: str | None = None

        # -- the school's own connectivity
        school = QGroupBox(self.tr("Connectivity at the school"))
        form = QFormLayout(school)
        self.coverage = ChoiceCombo(COVERAGE, with_empty=True, objectName="school_coverage")
        self.carrier = ChoiceCombo(CARRIERS, with_empty=True, objectName="school_carrier")
        self.broadband = QCheckBox(self.tr("Fixed broadband (fibre or ADSL)"), objectName="school_broadband")
        self.errors = {"coverage": _error_label("error_coverage"), "carrier": _error_label("error_carrier"),
                       "broadband": _error_label("error_broadband")}
        for text, widget, name in ((self.tr("Mobile signal at the school"), self.coverage, "coverage"),
                                   (self.tr("Carrier"), self.carrier, "carrier"),
                                   ("", self.broadband, "broadband")):
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(widget)
            box.addWidget(self.errors[name])
            form.addRow(text, box)
        self.save_button = QPushButton(self.tr("Save"), objectName="save_school")
        self.save_button.clicked.connect(self.save_school)
        self.school_message = QLabel(objectName="school_message")
        self.school_message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.school_message, 1)
        form.addRow(row)
        self.coverage.currentIndexChanged.connect(self._coverage_changed)
        self.carrier.currentIndexChanged.connect(self._school_edited)
        self.broadband.toggled.connect(self._school_edited)

        # -- villages without signal
        villages = QGroupBox(self.tr("Villages of our students without mobile signal"))
        self.model = GapsModel(self)
        self.table = table_view("gaps_table", self.model, single=True, resize=QHeaderView.ResizeMode.ResizeToContents,
                                stretch=GapsModel.NOTE)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

        self.village = QComboBox(objectName="new_village", editable=True)
        self.village.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.village.lineEdit().setPlaceholderText(self.tr("Village (thôn/bản)"))
        self.note = QLineEdit(objectName="new_note", placeholderText=self.tr("Note (optional)"))
        self.village.setAccessibleName(self.village.lineEdit().placeholderText())
        self.note.setAccessibleName(self.note.placeholderText())
        self.add_button = QPushButton(self.tr("Add village"), objectName="add_village")
        self.add_button.clicked.connect(self.add_village)
        self.village_error = _error_label("error_village")
        add_row = QHBoxLayout()
        add_row.addWidget(self.village, 2)
        add_row.addWidget(self.note, 3)
        add_row.addWidget(self.add_button)

        self.covered_on = DateField(QDate.currentDate(), objectName="covered_on", optional=False,
                                    minimum=QDate(2000, 1, 1), maximum=QDate.currentDate())
        self.covered_carrier = ChoiceCombo(CARRIERS, objectName="covered_carrier")
        self.covered_carrier.setAccessibleName(self.tr("Carrier"))
        self.mark_covered_button = QPushButton(self.tr("Mark covered"), objectName="mark_covered")
        self.mark_covered_button.clicked.connect(self.mark_covered)
        self.mark_uncovered_button = QPushButton(self.tr("Mark not covered again"), objectName="mark_uncovered")
        self.mark_uncovered_button.clicked.connect(self.mark_uncovered)
        mark_row = QHBoxLayout()
        mark_row.addWidget(QLabel(self.tr("Covered on")))
        mark_row.addWidget(self.covered_on)
        mark_row.addWidget(QLabel(self.tr("by")))
        mark_row.addWidget(self.covered_carrier)
        mark_row.addWidget(self.mark_covered_button)
        mark_row.addStretch(1)
        mark_row.addWidget(self.mark_uncovered_button)
        self.gap_message = QLabel(objectName="gap_message")
        self.gap_message.setStyleSheet(ERROR_STYLE)
        self.gap_message.setWordWrap(True)

        vlay = QVBoxLayout(villages)
        vlay.addWidget(self.table)
        vlay.addLayout(add_row)
        vlay.addWidget(self.village_error)
        vlay.addLayout(mark_row)
        vlay.addWidget(self.gap_message)

        lay = QVBoxLayout(self)
        lay.addWidget(school)
        lay.addWidget(villages, 1)
        self._update_buttons()
        ctx.changes.changed.connect(self._on_changed)
        self.reload()

    # -- loading
    def reload(self) -> None:
        unit_id = self.ctx.unit["id"]
        self.ctx.ops.run(coverage_screen, unit_id, on_done=self._loaded, owner=self)

    def _loaded(self, result) -> None:
        if not isValid(self):
            return  # the page was closed while the database was reading
        unit, (rows, candidates) = result
        self.unit = unit
        if unit is not None and not self._school_dirty:
            self._fill_school(unit)
        keep = self._keep_selected or self.selected_gap_id()
        self._keep_selected = None
        self.model.set_rows(rows)
        if keep and (r := self.model.row_of(keep)) >= 0:
            self.table.selectRow(r)
        text = self.village.currentText()
        typed = text if self.village.findText(text) < 0 else ""  # a new name being typed
        self.village.clear()
        self.village.addItems(candidates)
        if typed:
            self.village.setEditText(typed)
        self._update_buttons()

    def _fill_school(self, unit: Unit) -> None:
        self._filling = True
        try:
            self.coverage.setCurrentIndex(max(0, self.coverage.findData(unit.coverage)))
            self.carrier.setCurrentIndex(max(0, self.carrier.findData(unit.carrier)))
            self.broadband.setChecked(bool(unit.broadband))
            self._sync_carrier_enabled()
        finally:
            self._filling = False
        self._school_dirty = False

    def _on_changed(self, kind: str) -> None:
        if kind in ("*", "unit", "coverage_gap", "student"):
            self.reload()

    # -- the school
    def _coverage_changed(self, _i: int = 0) -> None:
        self._sync_carrier_enabled()
        self._school_edited()

    def _sync_carrier_enabled(self) -> None:
        has_signal = self.coverage.currentData() != "none"
        if not has_signal:
            self.carrier.setCurrentIndex(max(0, self.carrier.findData("")))
        self.carrier.setEnabled(has_signal)

    def _school_edited(self, *_a) -> None:
        if not self._filling:
            self._school_dirty = True
            self.school_message.clear()

    def _clear_school_errors(self) -> None:
        for err in self.errors.values():
            err.clear()
            err.hide()
        self.school_message.setStyleSheet("")
        self.school_message.clear()

    def school_values(self) -> dict:
        coverage = self.coverage.currentData()
        return {"coverage": coverage, "carrier": self.carrier.currentData() if coverage != "none" else "",
                "broadband": self.broadband.isChecked()}

    def save_school(self) -> None:
        self._clear_school_errors()
        values = self.school_values()
        if values["coverage"] != "none" and not values["carrier"]:
            self._show_field_error("carrier", self.tr("Choose the carrier whose signal reaches the school."))
            return
        self.save_button.setEnabled(False)
        self.ctx.ops.run(ops.save_school_connectivity, values, self.ctx.actor, on_done=self._school_saved,
                         on_error=self._school_failed, owner=self)

    def _school_saved(self, unit: Unit) -> None:
        self.save_button.setEnabled(True)
        self.unit = unit
        self._school_dirty = False
        self.school_message.setText(self.tr("Saved."))

    def _school_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            for field, text in exc.by_field().items():
                if field in self.errors:
                    self._show_field_error(field, text)
            self._show_school_problem(exc.message())
        elif isinstance(exc, SongMayError):
            self._show_school_problem(exc.message())
        else:
            report_exception(exc, self)

    def _show_field_error(self, field: str, text: str) -> None:
        self.errors[field].setText(text)
        self.errors[field].show()

    def _show_school_problem(self, text: str) -> None:
        self.school_message.setStyleSheet(ERROR_STYLE)
        self.school_message.setText(text)

    # -- villages
    def selected_gap_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.gap(rows[0].row()).id if rows else None

    def selected_gap(self) -> CoverageGap | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.gap(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        gap = self.selected_gap()
        self.mark_covered_button.setEnabled(gap is not None and gap.status == "uncovered")
        self.mark_uncovered_button.setEnabled(gap is not None and gap.status == "covered")

    def _clear_gap_errors(self) -> None:
        self.village_error.clear()
        self.village_error.hide()
        self.gap_message.clear()

    def add_village(self) -> None:
        self._clear_gap_errors()
        village, note = self.village.currentText(), self.note.text()
        self.ctx.ops.run(ops.add_village, self.ctx.unit["id"], village, note, self.ctx.actor,
                         on_done=self._village_added, on_error=self._gap_failed, owner=self)

    def _village_added(self, result) -> None:
        what, gap = result
        if what == "listed":
            self.village_error.setText(self.tr("{0} is already in the list.").format(gap.village))
            self.village_error.show()
            return
        self.note.clear()
        self.village.setEditText("")
        self._keep_selected = gap.id

    def mark_covered(self) -> None:
        gap = self.selected_gap()
        if gap is None:
            return
        self._clear_gap_errors()
        if not self.covered_on.check():
            return  # the typed date is not a date (said under the field)
        self._change_gap(gap.id, "covered", self.covered_on.iso(),
                         self.covered_carrier.currentData())

    def mark_uncovered(self) -> None:
        gap = self.selected_gap()
        if gap is None:
            return
        self._clear_gap_errors()
        question = self.tr("Mark {0} as without signal again? The date it was covered stays in its history.")
        if not Dialogs.confirm(self, question.format(gap.village)):
            return
        self._change_gap(gap.id, "uncovered", "", None)

    def _change_gap(self, gap_id: str, status: str, covered_on: str, carrier: str | None) -> None:
        self._keep_selected = gap_id
        self.ctx.ops.run(ops.mark_gap, gap_id, status, covered_on, carrier, self.ctx.actor, on_error=self._gap_failed,
                         owner=self)

    def _gap_failed(self, exc: BaseException) -> None:
        self._keep_selected = None
        if isinstance(exc, ValidationError):
            problems = exc.by_field()
            if "village" in problems:
                self.village_error.setText(problems.pop("village"))
                self.village_error.show()
            if problems:
                self.gap_message.setText(" ".join(problems.values()))
        elif isinstance(exc, SongMayError):
            self.gap_message.setText(exc.message())
        else:
            report_exception(exc, self)
