"""Reports: choose the report, the unit and the period, preview it, export it as XLSX or
PDF, submit it (its figures frozen under a number), and reopen submitted reports.

Queries run on the database worker (with progress and Cancel), files are written on a
pool thread; the report itself is made by app.reports, the same code as the CLI's."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app import reports
from app.ops import reports as report_ops
from app.queries import reports as report_queries
from app.reports import snapshots
from app.reports.labels import w
from app.reports.model import SUMMED, Column, Period, ReportData, Table, cell_text, half_year, month
from app.reports.periods import DataHint, school_years
from app.reports.render import row_numbers
from app.school_year import DEFAULT_TURN
from ui.context import AppContext
from ui.dates import DateField
from ui.errors import Dialogs, report_exception
from ui.forms import date_problems
from ui.i18n import fmt_date
from ui.models import ListTableModel
from ui.tasks import Job, run_in_pool
from ui.widgets.tables import table_view

_Index = QModelIndex | QPersistentModelIndex

KIND_NAMES = {
    "needs": QT_TRANSLATE_NOOP("ReportsPage", "Needs for support"),
    "mobilisation": QT_TRANSLATE_NOOP("ReportsPage", "Donations mobilised"),
    "handovers": QT_TRANSLATE_NOOP("ReportsPage", "Devices given to students"),
    "missed": QT_TRANSLATE_NOOP("ReportsPage", "Nobody missed: approved, still without a device"),
    "coverage": QT_TRANSLATE_NOOP("ReportsPage", "Mobile coverage"),
    "review": QT_TRANSLATE_NOOP("ReportsPage", "Six-month review"),
}
PRESETS = (
    ("month", QT_TRANSLATE_NOOP("ReportsPage", "This month")),
    ("last_month", QT_TRANSLATE_NOOP("ReportsPage", "Last month")),
    ("half", QT_TRANSLATE_NOOP("ReportsPage", "These six months")),
    ("last_half", QT_TRANSLATE_NOOP("ReportsPage", "The previous six months")),
    ("custom", QT_TRANSLATE_NOOP("ReportsPage", "Custom period")),
)
UNIT_KINDS = {
    "school": QT_TRANSLATE_NOOP("ReportsPage", "School"),
    "commune": QT_TRANSLATE_NOOP("ReportsPage", "Commune/ward"),
    "cluster": QT_TRANSLATE_NOOP("ReportsPage", "District or cluster"),
    "province": QT_TRANSLATE_NOOP("ReportsPage", "Province"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportsPage", text)


def preset_period(name: str, today: dt.date) -> Period:
    if name == "last_month":
        return month(today.replace(day=1) - dt.timedelta(days=1))
    if name == "half":
        return half_year(today)
    if name == "last_half":
        return half_year(half_year(today).start - dt.timedelta(days=1))
    return month(today)


def _span(p: Period) -> str:
    """01/12/2026–31/12/2026"""
    return f"{fmt_date(p.start.isoformat())}–{fmt_date(p.end.isoformat())}"


def file_name(data: ReportData, suffix: str) -> str:
    """A file name for a report: "bao-cao-needs-2025-07-01-2025-12-31.pdf", with its number if submitted."""
    number = re.sub(r"[\\/:*?\"<>|\s]+", "-", data.number).strip("-") if data.number else ""
    parts = ["bao-cao", data.kind, number or f"{data.period['start']}-{data.period['end']}"]
    return "-".join(parts) + suffix


class ReportTableModel(QAbstractTableModel):
    """One table of a report as the paper shows it: row numbers, values formatted the
    report's way (1.234.567, dd/mm/yyyy), the units under a unit indented, totals last."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._table: Table | None = None
        self._lang = "vi"
        self._numbers: list[str] = []
        self._cols: list[Column] = []

    def set_table(self, table: Table | None, lang: str = "vi") -> None:
        self.beginResetModel()
        self._table, self._lang = table, lang
        self._cols = ([Column("stt", w("stt", lang), "text")] if table and table.numbered else []) + (
            table.columns if table else [])
        self._numbers = row_numbers(table.rows) if table else []
        self.endResetModel()

    def table(self) -> Table | None:
        return self._table

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.isValid() or self._table is None:
            return 0
        return len(self._table.rows) + (1 if self._table.totals is not None else 0)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cols)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(self._cols):
            c = self._cols[section]
            return f"{c.group}:\n{c.title}" if c.group else c.title
        return None

    def _is_total(self, row: int) -> bool:
        return self._table is not None and row == len(self._table.rows)

    def text(self, row: int, column: int) -> str:
        c = self._cols[column]
        if self._is_total(row):
            totals = self._table.totals or {}
            first = self._cols[1].key if self._table.numbered else self._cols[0].key
            if c.key == "stt":
                return ""
            if c.key == first:
                return str(totals.get(first) or w("total", self._lang))
            return cell_text(c, totals.get(c.key), self._lang)
        r = self._table.rows[row]
        if c.key == "stt":
            return self._numbers[row]
        text = cell_text(c, r.values.get(c.key), self._lang)
        return ("    " + text) if (c.key == "label" and r.level) else text

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._table is None or index.row() >= self.rowCount():
            return None
        c = self._cols[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if c.kind in SUMMED and c.key != "stt":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            nested = any(r.level for r in self._table.rows)
            if self._is_total(index.row()) or (nested and self._table.rows[index.row()].level == 0):
                f = QFont()
                f.setBold(True)
                return f
        return None


class SnapshotsModel(ListTableModel):
    """The reports submitted from this installation, newest first."""

    HEADERS = (
        QT_TRANSLATE_NOOP("SnapshotsModel", "Number"), QT_TRANSLATE_NOOP("SnapshotsModel", "Report"),
        QT_TRANSLATE_NOOP("SnapshotsModel", "Unit"), QT_TRANSLATE_NOOP("SnapshotsModel", "Period"),
        QT_TRANSLATE_NOOP("SnapshotsModel", "Submitted"), QT_TRANSLATE_NOOP("SnapshotsModel", "By"),
    )

    def snapshot(self, row: int) -> snapshots.Snapshot:
        return self._rows[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not self.valid(index) or role != Qt.ItemDataRole.DisplayRole:
            return None
        s = self._rows[index.row()]
        return (s.number, _tr(KIND_NAMES.get(s.kind, s.kind)), s.unit_name,
                f"{fmt_date(s.period_start)} – {fmt_date(s.period_end)}",
                f"{fmt_date(s.submitted_at)} {s.submitted_at[11:16]}", s.submitted_by)[index.column()]


class ReportsPage(QWidget):
    shown = Signal()  # a report (made or submitted) is in the preview
    exported = Signal(str)  # the path of a file written
    submitted = Signal(str)  # the number a report was submitted under

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reports_page")
        self.data: ReportData | None = None
        self._made_for: tuple | None = None  # the choices the preview was made for
        self.job: Job | None = None
        self._after_build = None
        self._loaded = False
        self._turn = DEFAULT_TURN  # the day the school year turns here (read with the units)
        self.hint_data: DataHint | None = None  # what the last preview's period holds (None: not asked)
        self._hint_for: tuple | None = None  # the choices the hint speaks of

        self.kind = QComboBox(objectName="report_kind")
        for k in reports.KINDS:
            self.kind.addItem(_tr(KIND_NAMES[k]), k)
        self.unit = QComboBox(objectName="report_unit")
        self.unit.addItem(ctx.unit["name"], {**ctx.unit})
        self.preset = QComboBox(objectName="report_preset")
        for key, text in PRESETS:
            self.preset.addItem(_tr(text), key)
        # typed dates (ui.dates): exactly the date typed, or an error under the field
        self.date_from = DateField(objectName="report_from", optional=False, minimum=QDate(2000, 1, 1))
        self.date_to = DateField(objectName="report_to", optional=False, minimum=QDate(2000, 1, 1))
        self.lang = QComboBox(objectName="report_lang")
        self.lang.addItem("Tiếng Việt", "vi")
        self.lang.addItem("English", "en")
        dates = QHBoxLayout()
        dates.addWidget(self.preset)
        dates.addWidget(QLabel(self.tr("from")))
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Report"), self.kind)
        form.addRow(self.tr("Unit"), self.unit)
        form.addRow(self.tr("Period"), dates)
        # the period in words and the school year it counts, as the report's heading will say
        self.period_info = QLabel(objectName="report_period_info")
        form.addRow("", self.period_info)
        form.addRow(self.tr("Language of the report"), self.lang)

        self.preview_button = QPushButton(self.tr("Preview"), objectName="report_preview")
        self.xlsx_button = QPushButton(self.tr("Export XLSX…"), objectName="report_xlsx")
        self.pdf_button = QPushButton(self.tr("Export PDF…"), objectName="report_pdf")
        self.submit_button = QPushButton(self.tr("Submit…"), objectName="report_submit")
        self.submit_button.setToolTip(self.tr("Freeze the figures and the list behind them under the next report "
                                              "number; later changes do not alter a submitted report."))
        buttons = QHBoxLayout()
        for b in (self.preview_button, self.xlsx_button, self.pdf_button, self.submit_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.state = QLabel(objectName="report_state")
        self.state.setWordWrap(True)
        self.table_choice = QComboBox(objectName="report_table")
        self.table_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model = ReportTableModel(self)
        self.view = QTableView(objectName="report_view")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.verticalHeader().hide()
        preview = QWidget()
        pl = QVBoxLayout(preview)
        pl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.state, 1)
        self.table_label = QLabel(self.tr("Table:"), objectName="report_table_label")
        self.table_label.setBuddy(self.table_choice)
        head.addWidget(self.table_label)
        head.addWidget(self.table_choice)
        self.table_label.hide()  # shown, with its label, once a preview has more than one table
        self.table_choice.hide()
        pl.addLayout(head)
        # a period without data is said in words, with the latest period that has some
        self.hint = QLabel(objectName="report_hint", wordWrap=True)
        self.hint.setStyleSheet("background: #fff1c1; color: #6b3a00; padding: 4px")
        self.latest_button = QPushButton(self.tr("Latest period with data"), objectName="report_latest")
        self.latest_button.clicked.connect(self.choose_latest)
        hint_row = QHBoxLayout()
        hint_row.addWidget(self.hint, 1)
        hint_row.addWidget(self.latest_button)
        self.hint.hide()
        self.latest_button.hide()
        pl.addLayout(hint_row)
        pl.addWidget(self.view, 1)

        self.snapshots_model = SnapshotsModel(self)
        self.snapshots_view = table_view("report_snapshots", self.snapshots_model, single=True,
                                         resize=QHeaderView.ResizeMode.ResizeToContents)
        self.snapshots_view.doubleClicked.connect(lambda idx: self.open_snapshot(idx.row()))
        self.open_button = QPushButton(self.tr("Open submitted report"), objectName="report_open")
        self.open_button.clicked.connect(self._open_selected)
        box = QGroupBox(self.tr("Submitted reports"))
        bl = QVBoxLayout(box)
        bl.addWidget(self.snapshots_view, 1)
        bl.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(preview)
        split.addWidget(box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(buttons)
        lay.addWidget(split, 1)

        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.date_from.userDateChanged.connect(self._dates_edited)
        self.date_to.userDateChanged.connect(self._dates_edited)
        self.table_choice.currentIndexChanged.connect(self._show_table)
        self.preview_button.clicked.connect(lambda: self.preview())
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.submit_button.clicked.connect(self.submit)
        self.unit.currentIndexChanged.connect(lambda _i: (self.refresh_snapshots(), self._show_state()))
        self.lang.currentIndexChanged.connect(lambda _i: self._show_state())
        self.can_submit = ctx.user.role != "teacher"  # the head of the unit signs what is sent
        self._apply_preset()
        self._show_state()

    # -- choices
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.load_units()

    def load_units(self) -> None:
        self.ctx.ops.run(report_queries.units_and_turn, self.ctx.unit["code"], on_done=self._units_and_turn,
                         owner=self)

    def _units_and_turn(self, got: tuple[list[dict], str]) -> None:
        units, self._turn = got
        self._units_loaded(units)
        self._show_state()
        self.default_to_data()

    def _units_loaded(self, units: list[dict]) -> None:
        current = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        for u in units:
            prefix = "" if u is units[0] else "    " if u["kind"] != "school" else "        "
            self.unit.addItem(f"{prefix}{u['name']} ({_tr(UNIT_KINDS.get(u['kind'], u['kind']))})", u)
        found = next((i for i, u in enumerate(units) if current and u["code"] == current.get("code")), 0)
        self.unit.setCurrentIndex(found)
        self.unit.blockSignals(False)
        self.refresh_snapshots()

    def chosen_unit(self) -> dict:
        return self.unit.currentData() or self.ctx.unit

    def period(self) -> Period | None:
        """The period the two date fields say; None while either is empty or not a date."""
        start, end = self.date_from.date(), self.date_to.date()
        if not (start.isValid() and end.isValid()):
            return None
        return Period(start.toPython(), end.toPython())

    def set_period(self, start: dt.date, end: dt.date) -> None:
        """Choose a custom period (as a user typing both dates)."""
        self.preset.setCurrentIndex(self.preset.findData("custom"))
        self.date_from.setDate(QDate(start))
        self.date_to.setDate(QDate(end))
        self._show_state()

    def _kind_changed(self) -> None:
        if self.preset.currentData() != "custom":
            want = "half" if self.kind.currentData() == "review" else "month"
            self.preset.setCurrentIndex(self.preset.findData(want))
        self._show_state()

    def _apply_preset(self) -> None:
        key = self.preset.currentData()
        if key == "custom":
            return
        p = preset_period(key, dt.date.today())
        for edit, day in ((self.date_from, p.start), (self.date_to, p.end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day))
            edit.blockSignals(False)
        self._show_state()

    def _dates_edited(self) -> None:
        if self.preset.currentData() != "custom":
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(self.preset.findData("custom"))
            self.preset.blockSignals(False)
        self._show_state()

    def choices(self) -> tuple:
        p = self.period()
        return (self.kind.currentData(), self.chosen_unit().get("code"), p and p.start, p and p.end,
                self.lang.currentData())

    # -- making the report
    def preview(self, then=None) -> None:
        if self.job is not None:
            return
        if date_problems(self) or self.period() is None:
            return  # each date's problem is shown under it
        kind, unit, period, lang = self.kind.currentData(), dict(self.chosen_unit()), self.period(), \
            self.lang.currentData()
        choices = self.choices()
        self._after_build = then
        self._busy(True)
        self.job = self.ctx.ops.run(report_queries.report, kind, unit, period, lang, prepared_by=self.ctx.actor,
                                    on_done=lambda data: self._built(choices, data), on_error=self._failed,
                                    on_cancelled=self._end_job, owner=self, parent=self,
                                    progress=self.tr("Making the report…"))

    def cancel(self) -> None:
        """Stop making the report: the page is usable again once the job stopped."""
        if self.job is not None:
            self.ctx.ops.cancel(self.job)

    def _end_job(self) -> None:
        self.job = None
        self._after_build = None
        self._busy(False)

    def _failed(self, exc: BaseException) -> None:
        self._end_job()
        report_exception(exc, self)

    def _built(self, choices: tuple, got: tuple[ReportData, DataHint]) -> None:
        data, hint = got
        then = self._after_build
        self._end_job()
        self._made_for = choices
        self.show_data(data)
        self.show_hint(hint)
        if then:
            then()

    # -- a period without data
    def show_hint(self, hint: DataHint | None, chosen: bool = False) -> None:
        """Say when the period holds no data, and which period last did (``chosen``: the
        page chose that period itself, the current month holding none)."""
        self.hint_data = hint
        self._hint_for = self.choices()
        p = self.period()
        if hint is None or p is None or (hint.has_data and not chosen):
            self.hint.hide()
            self.latest_button.hide()
            return
        latest = self._latest_text(hint) if hint.latest else ""
        if chosen:
            text = self.tr("The current period holds no data: the latest period with data is chosen ({0}).").format(
                latest)
        else:
            here = self.tr("{0}, school year {1}").format(_span(p), school_years(self.kind.currentData(), p,
                                                                                  self._turn))
            if hint.latest:
                text = self.tr("No data in this period ({0}). Latest data: {1} — choose another period.").format(
                    here, latest)
            else:
                text = self.tr("No data in this period ({0}), nor in any other: nothing is recorded for this "
                               "report at {1} yet.").format(here, self.chosen_unit().get("name", ""))
        self.hint.setText(text)
        self.hint.show()
        self.latest_button.setVisible(not chosen and hint.latest is not None
                                      and (hint.latest.start, hint.latest.end) != (p.start, p.end))

    def _latest_text(self, hint: DataHint) -> str:
        p = hint.latest
        if hint.latest_shape == "month" and p == month(p.start):
            return self.tr("month {0}").format(p.start.strftime("%m/%Y"))
        if hint.latest_shape == "school_year":
            return self.tr("school year {0} ({1})").format(hint.latest_year, _span(p))
        return _span(p)

    def choose_latest(self) -> None:
        """One click: the latest period with data, previewed."""
        hint = self.hint_data
        if hint is None or hint.latest is None:
            return
        self.set_period(hint.latest.start, hint.latest.end)
        self.preview()

    def default_to_data(self) -> None:
        """When the page opens on a period without data (this month, a new school year),
        the latest period with data is chosen instead, and said — unless the user has
        chosen something meanwhile."""
        period, choices = self.period(), self.choices()
        if period is None or self.data is not None:
            return
        self.ctx.ops.run(report_queries.hint, self.kind.currentData(), dict(self.chosen_unit()), period,
                         on_done=lambda hint: self._defaulted(choices, hint), owner=self)

    def _defaulted(self, choices: tuple, hint: DataHint) -> None:
        if self.choices() != choices or self.data is not None or self.job is not None:
            return  # the user moved on
        if hint.has_data or hint.latest is None:
            return
        self.set_period(hint.latest.start, hint.latest.end)
        self.show_hint(hint, chosen=True)

    def show_data(self, data: ReportData) -> None:
        self.show_hint(None)
        self.data = data
        self.table_choice.blockSignals(True)
        self.table_choice.clear()
        for t in data.tables:
            self.table_choice.addItem(t.title)
        if data.detail is not None:
            self.table_choice.addItem(data.detail.title)
        self.table_choice.setCurrentIndex(0)
        self.table_choice.blockSignals(False)
        for widget in (self.table_label, self.table_choice):
            widget.setVisible(self.table_choice.count() > 1)
        self._show_table()
        self._show_state()
        self.shown.emit()

    def _show_table(self) -> None:
        if self.data is None:
            self.model.set_table(None)
            return
        tables = [*self.data.tables, *([self.data.detail] if self.data.detail is not None else [])]
        i = self.table_choice.currentIndex()
        self.model.set_table(tables[i] if 0 <= i < len(tables) else None, self.data.lang)

    def _current(self) -> bool:
        """The preview shows a submitted report, or a draft made for the current choices."""
        return self.data is not None and (bool(self.data.number) or self._made_for == self.choices())

    def _show_period(self) -> None:
        p = self.period()
        kind = self.kind.currentData()
        self.period_info.setText(self.tr("Counts {0} · school year {1}").format(
            _span(p), school_years(kind, p, self._turn)) if p else "")

    def _show_state(self) -> None:
        self._show_period()
        if self._hint_for != self.choices():  # the hint spoke of other choices
            self.hint.hide()
            self.latest_button.hide()
        d = self.data
        if d is None:
            self.state.setText(self.tr("Choose a report, a unit and a period, then Preview."))
        elif d.number:
            self.state.setText(self.tr("Submitted report No. {0} ({1}): its figures are frozen.").format(
                d.number, fmt_date(d.submitted_at)))
        elif self._current():
            self.state.setText(self.tr("Draft: not submitted yet."))
        else:
            self.state.setText(self.tr("The choices changed: Preview again to see the report they give."))
        self.submit_button.setEnabled(self.can_submit and self.job is None and not (d is not None and d.number))

    def _busy(self, busy: bool) -> None:
        for b in (self.preview_button, self.xlsx_button, self.pdf_button):
            b.setEnabled(not busy)
        self._show_state()

    # -- files
    def export(self, suffix: str) -> None:
        if not self._current():
            self.preview(then=lambda: self.export(suffix))
            return
        data = self.data
        filters = self.tr("Excel workbook (*.xlsx)") if suffix == ".xlsx" else self.tr("PDF document (*.pdf)")
        suggested = str(self.ctx.data_dir / "reports" / file_name(data, suffix))
        path = Dialogs.save_file(self, self.tr("Export the report"), suggested, filters)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        self._busy(True)
        self.state.setText(self.tr("Writing {0}…").format(path))
        run_in_pool(self.ctx.worker, lambda: reports.write(data, path),
                    lambda written: self._written(str(written)) if isValid(self) else None,
                    lambda exc: self._write_failed(exc) if isValid(self) else None)

    def _written(self, path: str) -> None:
        self._busy(False)
        self.state.setText(self.tr("Saved to {0}").format(path))
        self.exported.emit(path)

    def _write_failed(self, exc: BaseException) -> None:
        self._busy(False)
        report_exception(exc, self)

    # -- submitting
    def submit(self) -> None:
        if not self._current():
            self.preview(then=self.submit)
            return
        data = self.data
        if data.number or not self.can_submit:
            return
        if not Dialogs.confirm(self, self.tr("Submit this report? Its figures and the list behind them are frozen "
                                             "under the next report number and can no longer change.")):
            return
        self.ctx.ops.run(report_ops.submit_report, data, self.ctx.actor, on_done=self._submitted, owner=self,
                         parent=self)

    def _submitted(self, frozen: ReportData) -> None:
        self.show_data(frozen)
        self.refresh_snapshots()
        Dialogs.info(self, self.tr("Report No. {0} was submitted.").format(frozen.number))
        self.submitted.emit(frozen.number)

    def refresh_snapshots(self) -> None:
        self.ctx.ops.run(report_queries.submitted, self.chosen_unit().get("code"),
                         on_done=self.snapshots_model.set_rows, owner=self)

    def _open_selected(self) -> None:
        rows = self.snapshots_view.selectionModel().selectedRows()
        if rows:
            self.open_snapshot(rows[0].row())

    def open_snapshot(self, row: int) -> None:
        snap = self.snapshots_model.snapshot(row)
        self.ctx.ops.run(report_queries.submitted_report, snap.id, on_done=self.show_data, owner=self,
                         parent=self)
