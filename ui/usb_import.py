""""Import from USB…": every bundle on a stick or in a folder (or files chosen), each
whole or not at all, with progress (bundles done of all) and Cancel between bundles;
then per school of each bundle what is new, changed, in conflict, active at another
school too, refused — and why a bundle was refused or skipped; the refused records with
their reasons and the children active at two schools below. For an officer, how many
bundles now wait to go up to the province (at the next sync). The work is
sync.ops.import_from (sync.usb.import_bundles) and, before it, sync.ops.look_at, through the
operations runner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import SongMayError
from sync.ops import Imported, import_from, look_at, usb_import_state
from sync.usb import BundleResult, ImportReport
from ui import drives
from ui.context import AppContext
from ui.i18n import fmt_number
from ui.sync_panel import local_time
from ui.tasks import Job
from ui.usb_common import ERROR_STYLE, OK_STYLE, PlacePicker, UsbDialog, not_connected_text
from ui.widgets.tables import table_view

_Index = QModelIndex | QPersistentModelIndex

STATUS = {
    "imported": QT_TRANSLATE_NOOP("UsbImport", "Imported"),
    "already": QT_TRANSLATE_NOOP("UsbImport", "Imported before"),
    "refused": QT_TRANSLATE_NOOP("UsbImport", "Refused"),
    "skipped": QT_TRANSLATE_NOOP("UsbImport", "Skipped: not for this computer"),
    "carried": QT_TRANSLATE_NOOP("UsbImport", "Carried to the province: not readable here"),
    # found on the stick, before "Import" (sync.usb.scan_bundles)
    "ready": QT_TRANSLATE_NOOP("UsbImport", "Ready to import"),
    "carry": QT_TRANSLATE_NOOP("UsbImport", "To carry to the province: not readable here"),
}
PREVIEW = ("ready", "carry")
REFUSED_COLOUR = QColor("#b00020")
SKIPPED_COLOUR = QColor("#6b6b6b")
WARN_COLOUR = QColor("#b35c00")


def _tr(text: str) -> str:
    return QCoreApplication.translate("UsbImport", text)


def status_text(status: str) -> str:
    return _tr(STATUS[status]) if status in STATUS else status


@dataclass
class ResultRow:
    """One school of one bundle (a bundle with no school: one row of its own)."""

    file: str
    path: str
    code: str
    name: str
    status: str
    counts: tuple[int, int, int, int, int, int] | None  # new, changed, conflicts, duplicates, refused, unchanged
    message: str
    found: tuple[str, int | None] | None = None  # listed before import: (exported when, records)


def found_facts(b: BundleResult) -> tuple[str, int | None]:
    """A bundle found on the stick: when it was exported (dd/mm/yyyy HH:MM) and its records."""
    m = b.manifest
    if m is None:
        return "", None
    when = local_time(m.created_at)
    return (when.strftime("%d/%m/%Y %H:%M") if when is not None else ""), m.records


def rows_of(b: BundleResult) -> list[ResultRow]:
    m = b.manifest
    if b.found:
        return [ResultRow(b.path.name, str(b.path), m.unit_code if m else "", m.unit_name if m else "", b.status,
                          None, b.error.message() if b.error is not None else "", found_facts(b))]
    message = b.error.message() if b.error is not None else ""
    if not b.schools:
        counts = (0, 0, 0, 0, 0, 0) if b.status == "imported" else None
        return [ResultRow(b.path.name, str(b.path), m.unit_code if m else "", m.unit_name if m else "", b.status,
                          counts, message)]
    return [ResultRow(b.path.name, str(b.path), s.unit_code or s.unit_id[:8], s.unit_name, b.status,
                      (s.new, s.changed, s.conflicts, s.duplicates, s.refused, s.unchanged), message)
            for s in b.schools]


class ImportResultsModel(QAbstractTableModel):
    """The import's results, one row per school per bundle, as they come."""

    HEADERS = (
        QT_TRANSLATE_NOOP("UsbImport", "File"), QT_TRANSLATE_NOOP("UsbImport", "School"),
        QT_TRANSLATE_NOOP("UsbImport", "Result"), QT_TRANSLATE_NOOP("UsbImport", "New"),
        QT_TRANSLATE_NOOP("UsbImport", "Changed"), QT_TRANSLATE_NOOP("UsbImport", "Conflicts"),
        QT_TRANSLATE_NOOP("UsbImport", "Duplicates"), QT_TRANSLATE_NOOP("UsbImport", "Refused"),
        QT_TRANSLATE_NOOP("UsbImport", "Message"),
    )
    TIPS = {
        6: QT_TRANSLATE_NOOP("UsbImport", "Children of this school with an active need or device at another school "
                                          "too (the same personal ID): listed below"),
        7: QT_TRANSLATE_NOOP("UsbImport", "Records of this school refused one by one (the rest was imported): "
                                          "listed below with the reason"),
    }
    FILE, SCHOOL, RESULT, NEW, CHANGED, CONFLICTS, DUPLICATES, REFUSED, MESSAGE = range(9)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[ResultRow] = []

    def add(self, bundles: list[BundleResult]) -> None:
        new = [r for b in bundles for r in rows_of(b)]
        if new:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(new) - 1)
            self.rows += new
            self.endInsertRows()

    def set_bundles(self, bundles: list[BundleResult]) -> None:
        self.beginResetModel()
        self.rows = [r for b in bundles for r in rows_of(b)]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(self.HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole and section in self.TIPS:
            return _tr(self.TIPS[section])
        return None

    def text(self, row: int, col: int) -> str:
        r = self.rows[row]
        if col == self.FILE:
            return r.file
        if col == self.SCHOOL:
            return " – ".join(x for x in (r.code, r.name) if x)
        if col == self.RESULT:
            return status_text(r.status)
        if col == self.MESSAGE:
            if r.found is not None:
                when, records = r.found
                parts = [self.tr("exported {0}").format(when)] if when else []
                if records is not None:
                    parts.append(self.tr("%n record(s)", "", records))
                return " · ".join([*parts, r.message] if r.message else parts)
            if r.counts and r.counts[4]:
                return self.tr("%n record(s) refused: the reasons are listed below.", "", r.counts[4])
            return r.message
        if r.counts is None:
            return ""
        return fmt_number(r.counts[col - self.NEW])

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        r, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.FILE:
                return drives.native(r.path)
            if col == self.RESULT and r.counts is not None:
                return QCoreApplication.translate("UsbImport", "Already here: {0}").format(fmt_number(r.counts[5]))
            return self.text(index.row(), col) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.status == "refused" or (col == self.REFUSED and r.counts and r.counts[4]):
                return REFUSED_COLOUR
            if r.status in ("skipped", "already"):
                return SKIPPED_COLOUR
            if r.status in ("carry", "carried") and col in (self.RESULT, self.MESSAGE):
                return WARN_COLOUR
            if r.counts and ((col == self.CONFLICTS and r.counts[2]) or (col == self.DUPLICATES and r.counts[3])):
                return WARN_COLOUR
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and self.NEW <= col <= self.REFUSED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ImportDialog(UsbDialog):
    loaded = Signal()
    imported = Signal(object)  # the sync.usb.ImportReport
    failed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.report: ImportReport | None = None
        self.waiting: int | None = None  # bundles waiting to go up to the province (an officer)
        self._arrived: list[BundleResult] = []  # appended on the database thread as bundles are done
        self._shown = 0
        self.setObjectName("usb_import_dialog")
        self.setWindowTitle(self.tr("Import from USB"))
        intro = QLabel(self.tr(
            "Reads every SongMay bundle (.smb) on a USB stick or in a folder: the schools' data for an officer, "
            "the province's acknowledgements for a school. Each bundle is imported whole or not at all; bundles "
            "for other computers are skipped."), wordWrap=True)
        self.state = QLabel(objectName="usb_state", wordWrap=True)
        self.picker = PlacePicker(ctx, files=True, parent=self)
        self.picker.changed.connect(self._update)
        self.picker.changed.connect(self.scan)
        self.scanned: list[BundleResult] | None = None  # what the stick holds, before "Import"
        self.scan_job: Job | None = None
        self.model = ImportResultsModel(self)
        self.table = table_view("usb_results", self.model, row_numbers=False, stretch=ImportResultsModel.MESSAGE)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # long file names keep both ends
        self.summary = self.outcome = QLabel(objectName="usb_summary", wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(objectName="usb_details", readOnly=True)
        self.details.setPlaceholderText(self.tr("Refused records and children active at two schools are listed here."))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setObjectName("usb_import_button")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Read from"), self.picker)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.state)
        lay.addLayout(form)
        lay.addWidget(split, 1)
        lay.addWidget(self.summary)
        lay.addWidget(self.buttons)
        self.resize(1100, 620)
        ctx.ops.run(usb_import_state, on_done=self._loaded, owner=self)

    def _loaded(self, loaded: dict[str, Any]) -> None:
        self.enrolled, folder = loaded["enrolled"], loaded["folder"]
        if not self.enrolled:
            self._say(self.state, not_connected_text(), ERROR_STYLE)
        self.picker.set_remembered(folder)
        self.picker.refresh()
        self._update()
        self.scan()
        self.loaded.emit()

    def _update(self) -> None:
        self.import_button.setEnabled(bool(self.enrolled) and self.job is None and bool(self.picker.paths()))

    # ------------------------------------------------------------ before "Import"
    def scan(self) -> None:
        """Lists the bundles on the chosen stick or folder (school, exported when, records,
        readable here or to be carried, imported before…) before anything is imported."""
        paths = self.picker.paths()
        if self.job is not None or not self.enrolled or not paths:
            return
        if self.scan_job is not None:
            self.ctx.ops.cancel(self.scan_job)

        self._say(self.summary, self.tr("Looking at the bundles on {0}…").format(
            ", ".join(drives.native(p) for p in paths)))
        job = self.scan_job = self.ctx.ops.run(look_at, paths, on_done=lambda r: self._scanned(job, r),
                                               on_error=lambda e: self._scan_failed(job, e), owner=self)

    def _scanned(self, job: Job, found: list[BundleResult]) -> None:
        if job is not self.scan_job or self.job is not None:
            return
        self.scan_job = None
        self.scanned = found
        self.model.set_bundles(found)
        self._fit_columns()
        self._say(self.summary, self.preview_text(found))

    def _scan_failed(self, job: Job, exc: BaseException) -> None:
        if job is not self.scan_job:
            return
        self.scan_job = None
        self._say(self.summary, exc.message() if isinstance(exc, SongMayError) else "", ERROR_STYLE)

    def preview_text(self, found: list[BundleResult]) -> str:
        if not found:
            return self.tr("No SongMay bundle (.smb) here.")
        count = {s: sum(1 for b in found if b.status == s) for s in ("ready", "carry", "already", "skipped",
                                                                      "refused")}
        lines = [self.tr("%n bundle(s) found: ", "", len(found)) + self.tr(
            "{0} to import, {1} imported before, {2} not for this computer, {3} damaged or refused.").format(
            *(fmt_number(count[s]) for s in ("ready", "already", "skipped", "refused")))]
        if count["carry"]:
            lines.append(self.tr("%n bundle(s) cannot be read here (sealed for the province only): they will be "
                                 "kept and carried to the province at the next sync.", "", count["carry"]))
        lines.append(self.tr("Press “Import” to go on."))
        return "\n".join(lines)

    # ------------------------------------------------------------ the work
    def start(self) -> None:
        paths = self.picker.paths()
        if self.job is not None or not self.enrolled or not paths:
            return
        if self.scan_job is not None:
            self.ctx.ops.cancel(self.scan_job)
            self.scan_job = None
        arrived = self._arrived = []
        self._shown = 0
        self.report, self.waiting = None, None
        self.model.set_bundles([])
        self.details.clear()
        self._say(self.summary, self.tr("Reading the bundles…"))
        self.run_work(import_from, paths, actor=self.ctx.actor, officer=self.officer, arrived=arrived,
                      on_done=self._done, on_progress=lambda _done, _total: self._take_arrived(),
                      progress=self.tr("Importing bundles…"), step=lambda done, total: self.tr(
                          "Imported {0} of {1} bundles…").format(fmt_number(done), fmt_number(total)),
                      cancelling=self.tr("Stopping after the bundle being read…"),
                      cancelled=self.tr("Cancelled: nothing was imported."))

    def _take_arrived(self) -> None:
        new = self._arrived[self._shown:]
        self._shown += len(new)
        self.model.add(new)

    def _done(self, result: Imported) -> None:
        report, self.waiting = result.report, result.waiting
        self.report = report
        self._end()
        self.model.set_bundles(report.bundles)  # the final counts (duplicates are counted at the end)
        self._fit_columns()
        self.details.setPlainText(self.details_text(report))
        self._say(self.summary, self.summary_text(report), ERROR_STYLE if report.exit_code == 2 else (
            "" if report.exit_code else OK_STYLE))
        self.imported.emit(report)

    def _fit_columns(self) -> None:
        """Numbers as wide as they need, file and school names at most ~a quarter each,
        the message the rest (wrapped)."""
        t = self.table
        t.resizeColumnsToContents()
        for col in (ImportResultsModel.FILE, ImportResultsModel.SCHOOL):
            t.setColumnWidth(col, min(t.columnWidth(col), 200))
        t.horizontalHeader().setSectionResizeMode(ImportResultsModel.MESSAGE, QHeaderView.ResizeMode.Stretch)
        t.resizeRowsToContents()

    def summary_text(self, report: ImportReport) -> str:
        lines = [self.tr("%n bundle(s): ", "", len(report.bundles)) + self.tr(
            "{0} imported, {1} imported before, {2} refused, {3} not for this computer.").format(
            *(fmt_number(report.count(s)) for s in ("imported", "already", "refused", "skipped")))]
        if report.count("carried"):
            lines.append(self.tr("%n bundle(s) could not be read here and are carried to the province unread (the "
                                 "reason and what fixes it are in the table).", "", report.count("carried")))
        if report.cancelled:
            lines.append(self.tr("Stopped before the end: the bundles not read yet are imported the next time."))
        if any(s.conflicts for b in report.bundles for s in b.schools):
            lines.append(self.tr("Some records were changed here and at the school: review them "
                                 "(Sync → Review conflicts…)."))
        if self.waiting:
            lines.append(self.tr("%n bundle(s) wait to go up to the province: they are relayed at the next sync "
                                 "with the provincial server.", "", self.waiting))
        elif self.waiting == 0 and report.count("imported"):
            lines.append(self.tr("No bundle is waiting to go up to the province."))
        return "\n".join(lines)

    def details_text(self, report: ImportReport) -> str:
        out: list[str] = []
        refused = [(b, r) for b in report.bundles for r in b.rejected]
        if refused:
            out.append(self.tr("Records refused (%n):", "", len(refused)))
            out += [f"  {b.path.name}: {r.kind} {r.id}: {r.reason}" for b, r in refused]
        codes = {s.unit_id: s.unit_code for b in report.bundles for s in b.schools}
        twice: dict[str, tuple[set[str], set[str]]] = {}
        for p in report.duplicates:
            names, units = twice.setdefault(p["personal_id"], (set(), set()))
            names.update(x for x in (p.get("full_name"), p.get("other_name")) if x)
            units.update(x for x in (codes.get(p["unit_id"], ""), p.get("other_code", "")) if x)
        if twice:
            if out:
                out.append("")
            out.append(self.tr("Children active at two or more schools (same personal ID): %n", "", len(twice)))
            out += [f"  {pid} {', '.join(sorted(names))}: {', '.join(sorted(units))}"
                    for pid, (names, units) in sorted(twice.items())]
        return "\n".join(out)

    def _failed(self, exc: BaseException) -> None:
        self._take_arrived()
        super()._failed(exc)
        self.failed.emit(exc)

    def _busy(self, busy: bool) -> None:
        self.picker.setEnabled(not busy)
        self._update()
