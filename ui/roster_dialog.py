"""Import a class list (.xlsx / .csv) in three steps: pick the file, check how its columns
are read (and fix them), import with progress and Cancel, then a summary whose rejected
rows can be saved for the school office. Reading and importing run on the database
worker (app.roster does the work); this dialog only shows and asks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app import messages
from app.errors import SongMayError
from app.ops import students as student_ops
from app.queries import students as student_queries
from app.records import HOUSEHOLDS, SEXES, label
from app.roster import IMPORT_FIELDS, RosterResult, RosterRow, RosterTable, write_rejected_csv
from app.text import clean, clean_name
from ui.context import AppContext
from ui.errors import Dialogs, report_exception
from ui.i18n import fmt_date, fmt_number
from ui.tasks import Job
from ui.widgets.tables import table_view

_Index = QModelIndex | QPersistentModelIndex
ROSTER_SUFFIXES = {".xlsx", ".xlsm", ".csv", ".txt", ".tsv"}
PROBLEM_BACKGROUND = QColor(255, 221, 221)
HELD_BACKGROUND = QColor(255, 228, 181)  # a likely duplicate, until "Different child" is ticked
WARNING_BACKGROUND = QColor(255, 248, 200)  # imported, with a remark
PROBLEMS_WIDTH = 340  # the problem column, second from the left: read without scrolling


class RosterPreviewModel(QAbstractTableModel):
    """The rows as the import will take them (``app.roster.check_roster``): rows that will
    be rejected on a light red background, likely duplicates in orange with a "Different
    child" tick box, rows imported with a remark in yellow; the texts in the second column
    and in a tooltip."""

    HEADERS = (
        QT_TRANSLATE_NOOP("RosterPreviewModel", "Row"), QT_TRANSLATE_NOOP("RosterPreviewModel", "Problems"),
        QT_TRANSLATE_NOOP("RosterPreviewModel", "Full name"),
        QT_TRANSLATE_NOOP("RosterPreviewModel", "Birth date"), QT_TRANSLATE_NOOP("RosterPreviewModel", "Sex"),
        QT_TRANSLATE_NOOP("RosterPreviewModel", "Class"), QT_TRANSLATE_NOOP("RosterPreviewModel", "Personal ID"),
        QT_TRANSLATE_NOOP("RosterPreviewModel", "Household"),
    )
    FIELDS = ("row_no", "problems", "full_name", "birth_date", "sex", "class_name", "personal_id", "household")
    PROBLEMS = 1

    different_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[RosterRow] = []
        self.different: set[int] = set()  # rows the teacher says are a different child

    def set_rows(self, rows: list[RosterRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def problem_count(self) -> int:
        """Rows the import will reject."""
        return sum(1 for r in self._rows if r.problems)

    def held_count(self) -> int:
        """Likely duplicates not (yet) confirmed as a different child."""
        return sum(1 for r in self._rows if self._held(r))

    def warning_count(self) -> int:
        return sum(1 for r in self._rows if not r.problems and not r.likely and r.warnings)

    def _held(self, row: RosterRow) -> bool:
        return bool(row.likely) and not row.problems and row.row_no not in self.different

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.PROBLEMS and self._checkable(index.row()):
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def _checkable(self, r: int) -> bool:
        return 0 <= r < len(self._rows) and bool(self._rows[r].likely) and not self._rows[r].problems

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != self.PROBLEMS \
                or not self._checkable(index.row()):
            return False
        row_no = self._rows[index.row()].row_no
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.different.add(row_no)
        else:
            self.different.discard(row_no)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1))
        self.different_changed.emit()
        return True

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.PROBLEMS and self._checkable(index.row()):
                return QCoreApplication.translate("RosterPreviewModel", "Different child") + " — " + " ".join(
                    row.warnings)
            return self._text(row, self.FIELDS[index.column()])
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self.PROBLEMS \
                and self._checkable(index.row()):
            return Qt.CheckState.Checked if row.row_no in self.different else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.problems:
                return QBrush(PROBLEM_BACKGROUND)
            if self._held(row):
                return QBrush(HELD_BACKGROUND)
            if row.warnings:
                return QBrush(WARNING_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and (row.problems or row.warnings):
            return "\n".join(row.problems + row.warnings)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(row: RosterRow, name: str) -> str:
        lang = messages.language()
        if name == "row_no":
            return str(row.row_no)
        if name == "problems":
            return " ".join(row.problems + row.warnings)
        value = row.values.get(name)
        if value in (None, ""):
            return ""
        if name == "full_name":
            return clean_name(value)  # as it will be saved
        if name == "birth_date":
            return fmt_date(value)
        if name == "sex":
            return label(SEXES, value, lang)
        if name == "household":
            return label(HOUSEHOLDS, value, lang)
        return str(value)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.HEADERS):
            return QCoreApplication.translate("RosterPreviewModel", self.HEADERS[section])
        return None


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as the spreadsheet names it."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


class RosterImportDialog(QDialog):
    FILE, MAPPING, IMPORTING, SUMMARY = range(4)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, unit: dict | None = None):
        """``unit``: the school the list is of (an office chooses it); else this installation's."""
        super().__init__(parent)
        self.ctx = ctx
        self.unit = unit
        self.unit_id = unit["id"] if unit else ""  # "": the installation's own school
        self.setObjectName("roster_dialog")
        self.setWindowTitle(self.tr("Import a class list") + (f" – {unit['name']}" if unit else ""))
        self.setAcceptDrops(True)
        self.resize(1040, 660)
        self.path: Path | None = None
        self.table: RosterTable | None = None  # as read, with the detected mapping
        self.preview: RosterTable | None = None  # with the mapping and class shown
        self.result: RosterResult | None = None
        self.combos: list[QComboBox] = []
        self._generation = 0  # answers to older reads / previews are dropped
        self._import_job: Job | None = None
        self._closed = False

        self.stack = QStackedWidget()
        self.stack.setObjectName("roster_steps")
        for page in (self._file_page(), self._mapping_page(), self._import_page(), self._summary_page()):
            self.stack.addWidget(page)
        lay = QVBoxLayout(self)
        lay.addWidget(self.stack)
        self._apply_timer = QTimer(self, singleShot=True, interval=250)
        self._apply_timer.timeout.connect(self.refresh_preview)

    # ------------------------------------------------------------------ pages
    def _file_page(self) -> QWidget:
        page = QWidget(objectName="page_file")
        intro = QLabel(self.tr(
            "Choose the class list the school office gave you (.xlsx or .csv), or drop the file here. "
            "Title rows above the table and signatures below it are fine."))
        intro.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Choose a file…"), objectName="choose_file")
        self.choose_button.clicked.connect(self.choose_file)
        self.file_status = QLabel(objectName="file_status")
        self.file_status.setWordWrap(True)
        self.read_busy = QProgressBar(objectName="read_busy")
        self.read_busy.setRange(0, 0)
        self.read_busy.hide()
        self.file_error = _error_label("file_error")
        close = QPushButton(self.tr("Close"), objectName="close_file_page")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lay = QVBoxLayout(page)
        if self.unit:  # an office's import: the school it goes to, said on every step
            lay.addWidget(self._school_label("roster_school"))
        lay.addWidget(intro)
        lay.addLayout(buttons)
        lay.addWidget(self.file_status)
        lay.addWidget(self.read_busy)
        lay.addWidget(self.file_error)
        lay.addStretch(1)
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget(objectName="page_mapping")
        self.file_label = QLabel(objectName="file_label")
        self.header_label = QLabel(objectName="header_row")
        self.map_grid = QGridLayout()
        holder = QWidget()
        holder.setLayout(self.map_grid)
        self.mapping_area = scroll = QScrollArea(objectName="mapping_area")
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.model = RosterPreviewModel(self)
        self.preview_view = table_view("preview", self.model, row_numbers=False)
        head = self.preview_view.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(RosterPreviewModel.PROBLEMS, QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(True)
        self.model.modelReset.connect(lambda: head.resizeSection(RosterPreviewModel.PROBLEMS, PROBLEMS_WIDTH))
        self.model.different_changed.connect(self._show_counts)

        self.default_class = QLineEdit(objectName="default_class")
        self.default_class.setPlaceholderText(self.tr("e.g. 3A"))
        self.default_class.setMaxLength(20)
        self.default_class.textChanged.connect(lambda _t: self._apply_timer.start())
        form = QFormLayout()
        form.addRow(self.tr("Class for rows without one"), self.default_class)

        self.counts = QLabel(objectName="counts")
        self.blocked = _error_label("import_blocked")
        self.notice = QLabel(objectName="notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        back = QPushButton(self.tr("Choose another file…"), objectName="choose_again")
        back.clicked.connect(self.choose_file)
        self.import_button = QPushButton(self.tr("Import"), objectName="import_button")
        self.import_button.clicked.connect(self.start_import)
        cancel = QPushButton(self.tr("Cancel"), objectName="close_mapping_page")
        cancel.clicked.connect(self.reject)

        columns = QVBoxLayout()
        columns.addWidget(QLabel(self.tr("How each column of the file is read:")))
        columns.addWidget(scroll)
        middle = QHBoxLayout()
        middle.addLayout(columns, 1)
        middle.addWidget(self.preview_view, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(cancel)
        lay = QVBoxLayout(page)
        if self.unit:
            lay.addWidget(self._school_label("roster_school_mapping"))
        lay.addWidget(self.file_label)
        lay.addWidget(self.header_label)
        lay.addLayout(middle, 1)
        lay.addLayout(form)
        lay.addWidget(self.counts)
        lay.addWidget(self.blocked)
        lay.addWidget(self.notice)
        lay.addLayout(buttons)
        return page

    def _import_page(self) -> QWidget:
        page = QWidget(objectName="page_import")
        self.import_status = QLabel(objectName="import_status")
        self.progress = QProgressBar(objectName="import_progress")
        self.progress.setRange(0, 0)
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="cancel_import")
        self.cancel_button.clicked.connect(self.cancel_import)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        lay = QVBoxLayout(page)
        lay.addStretch(1)
        lay.addWidget(self.import_status)
        lay.addWidget(self.progress)
        lay.addLayout(buttons)
        lay.addStretch(1)
        return page

    def _summary_page(self) -> QWidget:
        page = QWidget(objectName="page_summary")
        self.summary_title = QLabel(objectName="summary_title")
        self.summary_title.setWordWrap(True)
        form = QFormLayout()
        self.counts_out: dict[str, QLabel] = {}
        for key, text in (("imported", self.tr("New students")), ("updated", self.tr("Updated")),
                          ("unchanged", self.tr("Already present, unchanged")), ("rejected", self.tr("Rejected"))):
            self.counts_out[key] = QLabel(objectName=f"{key}_count")
            form.addRow(text, self.counts_out[key])
        self.rejected_table = QTableWidget(0, 2, objectName="rejected_table")
        self.rejected_table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Reason")])
        self.rejected_table.verticalHeader().hide()
        self.rejected_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejected_table.setWordWrap(True)
        self.rejected_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.rejected_table.horizontalHeader().setStretchLastSection(True)
        self.save_rejected_button = QPushButton(self.tr("Save the rejected rows…"), objectName="save_rejected")
        self.save_rejected_button.clicked.connect(self.save_rejected)
        self.saved_label = QLabel(objectName="saved_label")
        self.saved_label.setWordWrap(True)
        done = QPushButton(self.tr("Done"), objectName="done")
        done.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_rejected_button)
        buttons.addStretch(1)
        buttons.addWidget(done)
        lay = QVBoxLayout(page)
        lay.addWidget(self.summary_title)
        lay.addLayout(form)
        lay.addWidget(self.rejected_table, 1)
        lay.addWidget(self.saved_label)
        lay.addLayout(buttons)
        return page

    def _school_label(self, name: str) -> QLabel:
        return QLabel(self.tr("Into the school: <b>{0}</b> ({1})").format(
            self.unit["name"].replace("&", "&amp;").replace("<", "&lt;"), self.unit.get("code", "")),
            objectName=name)

    # ------------------------------------------------------------------ step 1: the file
    def choose_file(self) -> None:
        name = Dialogs.open_file(self, self.tr("Choose the class list"), self.tr("Class lists (*.xlsx *.csv)"))
        if name:
            self.load_file(name)

    def load_file(self, path: str | Path) -> None:
        """Read ``path`` on the worker; the mapping step follows, or the error is shown."""
        self.path = Path(path)
        self._generation += 1
        gen, path = self._generation, self.path
        self.table = self.preview = None
        self.stack.setCurrentIndex(self.FILE)
        self.file_error.hide()
        self.file_status.setText(self.tr("Reading {0}…").format(path.name))
        self.read_busy.show()
        self.choose_button.setEnabled(False)
        self.model.different.clear()
        unit_id = self.unit_id
        self.ctx.ops.run(student_queries.roster_preview, path=path, unit_id=unit_id,
                         on_done=lambda table: self._file_read(gen, table),
                         on_error=lambda exc: self._file_failed(gen, exc))

    def _file_read(self, gen: int, table: RosterTable) -> None:
        if not self._current(gen):
            return
        self.choose_button.setEnabled(True)
        self.read_busy.hide()
        self.file_status.clear()
        self.table = table
        self._fill_mapping(table)
        self.notice.hide()
        self.stack.setCurrentIndex(self.MAPPING)
        if self.default_class.text().strip():
            self.refresh_preview()
        else:
            self._show_preview(gen, table)

    def _file_failed(self, gen: int, exc: BaseException) -> None:
        if not self._current(gen):
            return
        self.choose_button.setEnabled(True)
        self.read_busy.hide()
        self.file_status.clear()
        self.stack.setCurrentIndex(self.FILE)
        if isinstance(exc, SongMayError):
            _show_error(self.file_error, exc.message())
        else:
            _show_error(self.file_error, self.tr("The file could not be read."))
            report_exception(exc, self)

    # ------------------------------------------------------------------ step 2: mapping and preview
    def _fill_mapping(self, table: RosterTable) -> None:
        while self.map_grid.count():
            item = self.map_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.combos = []
        self.file_label.setText(self.tr("File: {0}").format(
            table.path.name + (f" — {table.sheet}" if table.sheet else "")))
        self.header_label.setText(self.tr("Column names found on row {0}.").format(table.header_row))
        for c, text in enumerate((self.tr("Column"), self.tr("Name in the file"), self.tr("Read as"))):
            head = QLabel(f"<b>{text}</b>")
            self.map_grid.addWidget(head, 0, c)
        for i, header in enumerate(table.headers):
            combo = QComboBox(objectName=f"map_{i}")
            combo.addItem(self.tr("— ignore —"), "")
            for name in IMPORT_FIELDS:
                combo.addItem(messages.field_label(name), name)
            combo.setCurrentIndex(max(0, combo.findData(table.mapping.get(i, ""))))
            combo.currentIndexChanged.connect(lambda _i: self.refresh_preview())
            self.combos.append(combo)
            name_label = QLabel(header or self.tr("(no name)"))
            name_label.setWordWrap(True)
            name_label.setMaximumWidth(180)
            self.map_grid.addWidget(QLabel(column_letter(i)), i + 1, 0)
            self.map_grid.addWidget(name_label, i + 1, 1)
            self.map_grid.addWidget(combo, i + 1, 2)
        self.map_grid.setRowStretch(len(table.headers) + 1, 1)
        bar = self.mapping_area.verticalScrollBar().sizeHint().width()
        self.mapping_area.setMinimumWidth(self.mapping_area.widget().sizeHint().width() + bar + 4)

    def mapping(self) -> dict[int, str]:
        """Column index → Student field, as the combos say now."""
        return {i: box.currentData() for i, box in enumerate(self.combos) if box.currentData()}

    def combo_for(self, header: str) -> QComboBox | None:
        """The combo of the first column whose header text is ``header`` (for tests)."""
        if self.table is None:
            return None
        for i, text in enumerate(self.table.headers):
            if text == header:
                return self.combos[i]
        return None

    def refresh_preview(self) -> None:
        """Read the rows again with the current mapping and default class (on the worker)."""
        if self.table is None:
            return
        self._apply_timer.stop()
        self._generation += 1
        gen, base, mapping = self._generation, self.table, self.mapping()
        default = clean(self.default_class.text())
        self._set_busy_preview()
        different, unit_id = set(self.model.different), self.unit_id
        self.ctx.ops.run(student_queries.roster_preview, base, different, unit_id, mapping=mapping,
                         default_class=default, on_done=lambda table: self._show_preview(gen, table),
                         on_error=lambda exc: self._preview_failed(gen, exc))

    def _set_busy_preview(self) -> None:
        self.preview = None
        self.import_button.setEnabled(False)

    def _show_preview(self, gen: int, table: RosterTable) -> None:
        if not self._current(gen):
            return
        self.preview = table
        self.model.set_rows(table.rows)
        self._show_counts()
        if not table.rows:
            _show_error(self.blocked, self.tr("There are no rows to import under the column names."))
        else:
            self.blocked.hide()
        self.import_button.setEnabled(bool(table.rows))

    def _show_counts(self) -> None:
        """What the import will do, as the preview found it (the same checks)."""
        if self.preview is None:
            return
        problems, held, remarks = self.model.problem_count(), self.model.held_count(), self.model.warning_count()
        text = self.tr("%n row(s)", "", len(self.preview.rows)) + ", " + self.tr("%n with problems", "", problems)
        if held:
            text += ", " + self.tr("%n possibly already listed (tick “Different child” to import)", "", held)
        if remarks:
            text += ", " + self.tr("%n imported with a remark", "", remarks)
        self.counts.setText(text)
        self.import_button.setToolTip(
            self.tr("Rows with problems are skipped; you can save them to a file afterwards.")
            if problems or held else "")

    def _preview_failed(self, gen: int, exc: BaseException) -> None:
        if not self._current(gen):
            return
        self.model.set_rows([])
        self.counts.clear()
        self.import_button.setEnabled(False)
        if isinstance(exc, SongMayError):  # "No column is chosen for: Full name"
            _show_error(self.blocked, exc.message())
        else:
            report_exception(exc, self)

    # ------------------------------------------------------------------ step 3: import
    def start_import(self) -> None:
        if self.preview is None or self.path is None or self._import_job is not None:
            return
        path, mapping, actor, unit_id = self.path, dict(self.preview.mapping), self.ctx.actor, self.unit_id
        different = sorted(self.model.different)
        default = clean(self.default_class.text())
        total = len(self.preview.rows)
        self.result = None
        self.notice.hide()
        self.import_status.setText(self.tr("Importing %n row(s)…", "", total))
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.stack.setCurrentIndex(self.IMPORTING)
        self._import_job = self.ctx.ops.run(
            student_ops.import_class_list, path, actor=actor, default_class=default, mapping=mapping,
            different=different, unit_id=unit_id, on_done=self._imported, on_error=self._import_failed,
            on_progress=self._import_progress, on_cancelled=self._cancelled)

    def _import_progress(self, done: int, total: int) -> None:
        if not self._alive():
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.import_status.setText(self.tr("{0} of {1} rows done…").format(fmt_number(done), fmt_number(total)))

    def cancel_import(self) -> None:
        """Stop at the next chunk: the import's transaction rolls back, nothing is saved.
        The runner settles a job cancelled before it started too (``Operations.cancel``)."""
        job = self._import_job
        if job is None:
            return
        self.cancel_button.setEnabled(False)
        self.import_status.setText(self.tr("Cancelling…"))
        self.ctx.ops.cancel(job)

    def _cancelled(self) -> None:
        """The import ended cancelled (the runner says so once per job)."""
        if self._import_job is None or not self._alive():
            return  # the dialog was closed meanwhile
        self._import_job = None
        self.stack.setCurrentIndex(self.MAPPING)
        self.notice.setText(self.tr("The import was cancelled. Nothing was saved."))
        self.notice.show()
        self.import_button.setEnabled(self.preview is not None and bool(self.preview.rows))

    def _imported(self, result: RosterResult) -> None:
        self._import_job = None  # the runner told the views (the student kind)
        if not self._alive():
            return
        self.result = result
        self._fill_summary(result)
        self.stack.setCurrentIndex(self.SUMMARY)

    def _import_failed(self, exc: BaseException) -> None:
        self._import_job = None
        if not self._alive():
            return
        self.stack.setCurrentIndex(self.MAPPING)
        if isinstance(exc, SongMayError):  # the file changed or went away; no school; disk
            self.notice.setText(exc.message())
            self.notice.show()
        else:
            report_exception(exc, self)

    # ------------------------------------------------------------------ summary
    def _fill_summary(self, result: RosterResult) -> None:
        self.summary_title.setText(self.tr("The class list was imported.") if not result.rejected else self.tr(
            "The class list was imported. The rejected rows were not saved: fix them in the file and import it again."))
        for key in ("imported", "updated", "unchanged"):
            self.counts_out[key].setText(fmt_number(getattr(result, key)))
        self.counts_out["rejected"].setText(fmt_number(len(result.rejected)))
        self.rejected_table.setRowCount(len(result.rejected))
        for r, (row_no, reason) in enumerate(result.rejected):
            number = QTableWidgetItem(str(row_no))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.rejected_table.setItem(r, 0, number)
            self.rejected_table.setItem(r, 1, QTableWidgetItem(reason))
        self.rejected_table.resizeRowsToContents()
        self.rejected_table.setVisible(bool(result.rejected))
        self.save_rejected_button.setEnabled(bool(result.rejected))
        self.saved_label.clear()

    def save_rejected(self) -> None:
        if not self.result or not self.result.rejected:
            return
        stem = self.path.stem if self.path else "roster"
        name = Dialogs.save_file(self, self.tr("Save the rejected rows"), self.tr("{0} - rejected.csv").format(stem),
                                 self.tr("CSV for Excel (*.csv)"))
        if not name:
            return
        path = Path(name) if Path(name).suffix else Path(name).with_suffix(".csv")
        table, rejected = self.preview, list(self.result.rejected)
        heads = (self.tr("Row"), self.tr("Reason"))
        self.ctx.ops.run(lambda _store: write_rejected_csv(path, table, rejected, *heads),
                         on_done=lambda _r: self._rejected_saved(path),
                         on_error=lambda exc: self._save_failed(path, exc))

    def _rejected_saved(self, path: Path) -> None:
        if self._alive():
            self.saved_label.setText(self.tr("Saved to {0}").format(path))

    def _save_failed(self, path: Path, exc: BaseException) -> None:
        if not isinstance(exc, OSError):
            report_exception(exc, self)
        elif self._alive():
            Dialogs.warn(self, self.tr("Could not save {0}: {1}").format(path, exc.strerror or exc))

    # ------------------------------------------------------------------ drag and drop, closing
    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in ROSTER_SUFFIXES:
                return Path(url.toLocalFile())
        return None

    def _accepts_files(self) -> bool:
        return self.stack.currentIndex() in (self.FILE, self.MAPPING)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts_files() and self._dropped_file(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if self._accepts_files() and path:
            event.acceptProposedAction()
            self.load_file(path)
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in the class field shows the classes; it must not start the import
        (only Enter on a focused button presses it)."""
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.stack.currentIndex() == self.MAPPING
                and not isinstance(self.focusWidget(), QPushButton)):
            self.refresh_preview()
            return
        super().keyPressEvent(event)

    def done(self, r: int) -> None:
        """Closing stops a running import (nothing of it is saved) and drops late answers."""
        if self._import_job is not None:
            self._import_job.cancel()
        self._closed = True
        self._apply_timer.stop()
        self._generation += 1
        self.model.set_rows([])  # the page keeps the dialog: let go of the file's rows
        self.table = self.preview = None
        super().done(r)

    def _alive(self) -> bool:
        return not self._closed and isValid(self)

    def _current(self, gen: int) -> bool:
        return gen == self._generation and self._alive()


def _error_label(name: str) -> QLabel:
    lab = QLabel(objectName=name)
    lab.setWordWrap(True)
    lab.setStyleSheet("color: #b00020;")
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    lab.hide()
    return lab


def _show_error(lab: QLabel, text: str) -> None:
    lab.setText(text)
    lab.show()
