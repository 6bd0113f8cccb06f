"""The school's stock: devices and SIMs with counts per status and a status filter;
receiving one device or a pasted list (one transaction, progress, cancel), adding SIMs,
marking a device faulty or lost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

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
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import messages
from app.ops import stock as ops
from app.ops.stock import DeviceHandedOver
from app.queries import devices as dq
from app.records import (
    CARRIERS,
    CONDITIONS,
    DEVICE_KINDS,
    DEVICE_STATUSES,
    INSPECTION,
    SIM_STATUSES,
    Device,
    Sim,
    label,
)
from app.text import fold
from ui.context import AppContext
from ui.dates import DateField
from ui.errors import Dialogs, report_exception
from ui.forms import ERROR_COLOUR
from ui.i18n import fmt_date, fmt_number
from ui.tasks import Job
from ui.widgets.choices import ChoiceCombo
from ui.widgets.form_dialog import FormDialog
from ui.widgets.tables import table_view

_Index = QModelIndex | QPersistentModelIndex
ENDED = (QColor("#f8d7da"), QColor("#842029"))  # background, text
ENDING = (QColor("#fff3cd"), QColor("#664d03"))
WARN_DAYS = 30


def _lang_index() -> int:
    return 0 if messages.language() == "vi" else 1


# ------------------------------------------------------------------------ models
class RecordsModel(QAbstractTableModel):
    """Records loaded by the worker, shown read-only, sorted in memory."""

    CONTEXT = ""
    COLUMNS: tuple[tuple[str, str], ...] = ()  # (field, header marked for translation)
    RAW_SORT: frozenset[str] = frozenset()  # fields sorted by their stored value

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def record(self, row: int):
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return QCoreApplication.translate(self.CONTEXT, self.COLUMNS[section][1])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or not (
                0 <= index.column() < len(self.COLUMNS)):
            return None
        rec = self._rows[index.row()]
        name = self.COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(rec, name)
        if role == Qt.ItemDataRole.UserRole:
            return rec.id
        return self.styled(rec, name, role)

    def display(self, rec, name: str) -> str:
        return str(getattr(rec, name) or "")

    def styled(self, rec, name: str, role: int):
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            self._sort = None
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        where = [(self._rows[i.row()].id, i.column()) for i in old]
        self._sort = (column, order)
        self._sort_rows(column, order)
        pos = {r.id: n for n, r in enumerate(self._rows)}
        self.changePersistentIndexList(old, [self.index(pos[rid], col) for rid, col in where])
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        name = self.COLUMNS[column][0]
        if name in self.RAW_SORT:
            def key(r):
                return getattr(r, name) or ""
        else:
            def key(r):
                return fold(self.display(r, name))
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)


class DevicesModel(RecordsModel):
    CONTEXT = "DevicesModel"
    COLUMNS = (
        ("kind", QT_TRANSLATE_NOOP("DevicesModel", "Kind")),
        ("brand_model", QT_TRANSLATE_NOOP("DevicesModel", "Brand and model")),
        ("serial", QT_TRANSLATE_NOOP("DevicesModel", "Serial")),
        ("imei", QT_TRANSLATE_NOOP("DevicesModel", "IMEI")),
        ("condition", QT_TRANSLATE_NOOP("DevicesModel", "Condition")),
        ("meets_spec", QT_TRANSLATE_NOOP("DevicesModel", "Minimum spec")),
        ("donor", QT_TRANSLATE_NOOP("DevicesModel", "Donor")),
        ("received_date", QT_TRANSLATE_NOOP("DevicesModel", "Received")),
        ("value_vnd", QT_TRANSLATE_NOOP("DevicesModel", "Value (VND)")),
        ("status", QT_TRANSLATE_NOOP("DevicesModel", "Status")),
    )
    RAW_SORT = frozenset({"received_date", "value_vnd"})
    CHOICES = {"kind": DEVICE_KINDS, "condition": CONDITIONS, "meets_spec": INSPECTION, "status": DEVICE_STATUSES}

    def display(self, rec: Device, name: str) -> str:
        value = getattr(rec, name)
        if name in self.CHOICES:
            return label(self.CHOICES[name], value, messages.language())
        if name == "received_date":
            return fmt_date(value)
        if name == "value_vnd":
            return fmt_number(value) if value else ""
        return str(value or "")

    def styled(self, rec: Device, name: str, role: int):
        if role == Qt.ItemDataRole.ToolTipRole and rec.note:
            return rec.note
        if role == Qt.ItemDataRole.ForegroundRole and rec.status in ("faulty", "lost"):
            return QBrush(ENDED[1])
        return None


class SimsModel(RecordsModel):
    """SIMs; a free period that ended or ends within 30 days is highlighted."""

    CONTEXT = "SimsModel"
    COLUMNS = (
        ("number", QT_TRANSLATE_NOOP("SimsModel", "Number")),
        ("iccid", QT_TRANSLATE_NOOP("SimsModel", "ICCID")),
        ("carrier", QT_TRANSLATE_NOOP("SimsModel", "Carrier")),
        ("data_package", QT_TRANSLATE_NOOP("SimsModel", "Data package")),
        ("free_until", QT_TRANSLATE_NOOP("SimsModel", "Free until")),
        ("status", QT_TRANSLATE_NOOP("SimsModel", "Status")),
        ("donor", QT_TRANSLATE_NOOP("SimsModel", "Donor")),
    )
    RAW_SORT = frozenset({"free_until", "number"})

    def __init__(self, parent=None, today: Callable[[], dt.date] = dt.date.today):
        super().__init__(parent)
        self.today = today

    def display(self, rec: Sim, name: str) -> str:
        value = getattr(rec, name)
        if name == "carrier":
            return label(CARRIERS, value, messages.language())
        if name == "status":
            return label(SIM_STATUSES, value, messages.language())
        if name == "free_until":
            return fmt_date(value)
        return str(value or "")

    def days_left(self, rec: Sim) -> int | None:
        """Days until the free period ends (negative: ended), None without a date."""
        try:
            return (dt.date.fromisoformat(rec.free_until[:10]) - self.today()).days
        except (TypeError, ValueError):
            return None

    def styled(self, rec: Sim, name: str, role: int):
        if name != "free_until":
            return None
        days = self.days_left(rec)
        if days is None or days > WARN_DAYS:
            return None
        colours = ENDED if days < 0 else ENDING
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(colours[0])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(colours[1])
        if role == Qt.ItemDataRole.ToolTipRole:
            when = fmt_date(rec.free_until)
            if days < 0:
                return self.tr("The free period ended on {0}.").format(when)
            return self.tr("The free period ends in %n day(s), on {0}.", "", days).format(when)
        return None


# ------------------------------------------------------------------------ forms
SPEC_ITEMS = (
    ("spec_screen", QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Screen at least 8 inches")),
    ("spec_ram", QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "RAM at least 2 GB")),
    ("spec_storage", QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Storage at least 32 GB")),
    ("spec_camera", QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Camera works")),
    ("spec_battery", QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Battery OK")),
    ("spec_apps", QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Learning apps can be installed")),
)


def _value_box() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 500_000_000)
    box.setSingleStep(100_000)
    box.setGroupSeparatorShown(True)
    box.setSuffix(" ₫")
    return box


class ReceiveDeviceDialog(FormDialog):
    """One donated device: identity, value, condition and the minimum-spec inspection,
    optionally through a short checklist (all ticked → meets, any unticked → fails)."""

    saved = Signal(object)  # the Device as stored

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("receive_device_dialog")
        self.setWindowTitle(self.tr("Receive a device"))
        form = QFormLayout()
        self._add(form, "kind", self.tr("Kind"), ChoiceCombo(DEVICE_KINDS))
        self._add(form, "brand_model", self.tr("Brand and model"), QLineEdit())
        self._add(form, "serial", self.tr("Serial number"), QLineEdit())
        self._add(form, "imei", self.tr("IMEI (15 digits, phones and tablets with SIM)"), QLineEdit())
        self._add(form, "value_vnd", self.tr("Value (VND)"), _value_box())
        self._add(form, "condition", self.tr("Condition"), ChoiceCombo(CONDITIONS))
        self.meets_spec = self._add(form, "meets_spec", self.tr("Minimum specification"),
                                    ChoiceCombo(INSPECTION))
        self.checklist = QGroupBox(self.tr("Check against the minimum specification"), objectName="spec_checklist")
        self.checklist.setCheckable(True)
        self.checklist.setChecked(False)
        self.spec: dict[str, QCheckBox] = {}
        col = QVBoxLayout(self.checklist)
        for name, text in SPEC_ITEMS:
            box = QCheckBox(QCoreApplication.translate("ReceiveDeviceDialog", text), objectName=name)
            box.toggled.connect(lambda _on: self._apply_checklist())
            self.spec[name] = box
            col.addWidget(box)
        self.checklist.toggled.connect(lambda _on: self._apply_checklist())
        form.addRow(self.checklist)
        self._add(form, "donor", self.tr("Donor"), QLineEdit())
        self._add(form, "received_date", self.tr("Date received"), self._date_edit(max_today=True))
        self._add(form, "note", self.tr("Note"), QLineEdit())
        fields = QWidget()
        fields.setLayout(form)
        scroll = QScrollArea(objectName="device_fields")  # fits a 1366×768 screen at 125 %
        scroll.setWidget(fields)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(fields.sizeHint().width() + 20)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)

    def _apply_checklist(self) -> None:
        using = self.checklist.isChecked()
        self.meets_spec.setEnabled(not using)
        if using:
            ok = all(b.isChecked() for b in self.spec.values())
            self.meets_spec.setCurrentIndex(self.meets_spec.findData("meets" if ok else "fails"))

    def missing_spec(self) -> list[str]:
        if not self.checklist.isChecked():
            return []
        return [QCoreApplication.translate("ReceiveDeviceDialog", text)
                for name, text in SPEC_ITEMS if not self.spec[name].isChecked()]

    def device(self) -> Device:
        data = self.values(("kind", "brand_model", "serial", "imei", "value_vnd", "condition", "meets_spec",
                            "donor", "received_date", "note"))
        missing = self.missing_spec()
        if missing:
            below = self.tr("Below minimum specification: {0}").format(", ".join(missing))
            data["note"] = "; ".join(x for x in (data["note"].strip(), below) if x)
        return Device(unit_id=self.ctx.unit["id"], **data)

    def save(self) -> None:
        self.clear_errors()
        if not self.dates_ok():
            return
        dev, actor = self.device(), self.ctx.actor
        self._saving(True)
        self.ctx.ops.run(ops.receive_device, dev, actor, on_done=self._saved, on_error=self.failed, owner=self)

    def _saved(self, dev: Device) -> None:
        self._saving(False)
        self.saved.emit(dev)
        self.accept()


class AddSimDialog(FormDialog):
    saved = Signal(object)  # the Sim as stored

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("add_sim_dialog")
        self.setWindowTitle(self.tr("Add a SIM"))
        form = QFormLayout()
        self._add(form, "number", self.tr("Phone number"), QLineEdit())
        self._add(form, "iccid", self.tr("ICCID (printed on the SIM card)"), QLineEdit())
        self._add(form, "carrier", self.tr("Carrier"), ChoiceCombo(CARRIERS))
        self._add(form, "data_package", self.tr("Data package"), QLineEdit())
        self._add(form, "free_until", self.tr("Free until"), self._date_edit(allow_empty=True))
        self._add(form, "donor", self.tr("Donor"), QLineEdit())
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)

    def sim(self) -> Sim:
        data = self.values(("number", "iccid", "carrier", "data_package", "free_until", "donor"))
        return Sim(unit_id=self.ctx.unit["id"], **data)

    def save(self) -> None:
        self.clear_errors()
        if not self.dates_ok():
            return
        sim, actor = self.sim(), self.ctx.actor
        self._saving(True)
        self.ctx.ops.run(ops.add_sim, sim, actor, on_done=self._saved, on_error=self.failed, owner=self)

    def _saved(self, sim: Sim) -> None:
        self._saving(False)
        self.saved.emit(sim)
        self.accept()


class ReceiveListDialog(FormDialog):
    """Many devices at once: serials/IMEIs pasted one per line (or "serial<TAB>imei"
    rows from Excel) sharing kind, model, donor and condition; a preview with each
    line's problem, then every valid line saved in one transaction."""

    previewed = Signal()
    progressed = Signal(int, int)
    finished_saving = Signal(object)  # the lines (saved ones have ``ok``), or None if cancelled

    PREVIEW_DELAY_MS = 400
    PROGRESS_AFTER_MS = 600
    # the action that saves the list (store, text, template, actor, job=): a subclass may check more
    SAVE_LIST = staticmethod(ops.save_device_list)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("receive_list_dialog")
        self.setWindowTitle(self.tr("Receive a list of devices"))
        self.save_button.setText(self.tr("Save valid lines"))
        self.save_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        form = QFormLayout()
        self._add(form, "kind", self.tr("Kind"), ChoiceCombo(DEVICE_KINDS))
        self._add(form, "brand_model", self.tr("Brand and model"), QLineEdit())
        self._add(form, "donor", self.tr("Donor"), QLineEdit())
        self._add(form, "condition", self.tr("Condition"), ChoiceCombo(CONDITIONS))
        self._add(form, "meets_spec", self.tr("Minimum specification"), ChoiceCombo(INSPECTION))
        self._add(form, "value_vnd", self.tr("Value of each (VND)"), _value_box())
        self._add(form, "received_date", self.tr("Date received"), self._date_edit(max_today=True))
        self.paste = QPlainTextEdit(objectName="paste")
        self.paste.setPlaceholderText(self.tr(
            "Paste serial numbers or IMEIs, one per line, or two columns copied from Excel: serial, IMEI"))
        self.preview_table = QTableWidget(0, 4, objectName="preview")
        self.preview_table.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Serial"), self.tr("IMEI"), self.tr("Result")])
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.verticalHeader().hide()
        self.preview_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.preview_label = QLabel(objectName="preview_summary")
        self.summary = QLabel(objectName="summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._debounce = QTimer(self, singleShot=True, interval=self.PREVIEW_DELAY_MS)
        self._debounce.timeout.connect(self.preview)
        self.paste.textChanged.connect(self._changed)
        for w in self.inputs.values():
            signal = next(name for kind, name in ((QLineEdit, "textChanged"), (QComboBox, "currentIndexChanged"),
                                                  (QSpinBox, "valueChanged"), (DateField, "dateChanged"))
                          if isinstance(w, kind))
            getattr(w, signal).connect(lambda *_a: self._changed())

        self._generation = 0
        self._lines: list[dq.ListLine] = []
        self.job: Job | None = None
        self.progress: QProgressDialog | None = None
        self._result: list[dq.ListLine] | None = None

        cols = QHBoxLayout()
        left = QWidget()
        left.setLayout(form)
        cols.addWidget(left, 2)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Serial numbers / IMEIs")))
        right.addWidget(self.paste, 1)
        right.addWidget(self.preview_label)
        right.addWidget(self.preview_table, 2)
        cols.addLayout(right, 3)
        lay = QVBoxLayout(self)
        lay.addLayout(cols)
        lay.addWidget(self.summary)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.resize(980, 640)

    def template(self) -> Device:
        data = self.values(("kind", "brand_model", "donor", "condition", "meets_spec", "value_vnd", "received_date"))
        return Device(unit_id=self.ctx.unit["id"], **data)

    # -- preview
    def _changed(self) -> None:
        self._generation += 1
        self.save_button.setEnabled(False)
        self._debounce.start()

    def preview(self) -> None:
        self._debounce.stop()
        self._generation += 1
        gen, text, template = self._generation, self.paste.toPlainText(), self.template()
        self.save_button.setEnabled(False)
        self.ctx.ops.run(dq.preview_device_list, text, template, on_done=lambda res: self._show_preview(gen, res),
                         on_error=lambda e: report_exception(e, self), owner=self)

    def _show_preview(self, generation: int, result) -> None:
        if generation != self._generation or self.job is not None:
            return  # the text changed meanwhile, or a save is running
        problems, lines = result
        self.clear_errors()
        self.show_errors(problems)
        self._lines = lines
        self._fill(lines, saved=False)
        ok = sum(1 for ln in lines if ln.ok)
        self.preview_label.setText(
            self.tr("%n line(s)", "", len(lines)) + ": "
            + self.tr("%n ready to save", "", ok) + ", " + self.tr("%n with problems", "", len(lines) - ok))
        self.save_button.setEnabled(ok > 0 and not problems)
        self.previewed.emit()

    def problem_text(self, line: dq.ListLine) -> str:
        if line.problem == "invalid":
            return line.detail
        if line.problem == "duplicate":
            return self.tr("Same as line {0} of this list").format(line.detail)
        if line.problem == "exists":
            return self.tr("Already recorded: {0} ({1})").format(
                line.detail, label(DEVICE_STATUSES, line.existing_status, messages.language()))
        return ""

    def _fill(self, lines: list[dq.ListLine], saved: bool) -> None:
        t = self.preview_table
        t.setRowCount(len(lines))
        bad = QBrush(QColor(ERROR_COLOUR))
        for r, ln in enumerate(lines):
            dev = ln.device
            result = self.problem_text(ln) or (self.tr("Saved") if saved else self.tr("Ready"))
            cells = (str(ln.line_no), dev.serial if dev else ln.serial, dev.imei if dev else ln.imei, result)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not ln.ok:
                    item.setForeground(bad)
                    item.setToolTip(result)
                t.setItem(r, c, item)
        for c in range(3):
            t.resizeColumnToContents(c)

    # -- saving
    def save(self) -> None:
        if self.job is not None:
            return
        self.clear_errors()
        if not self.dates_ok():
            return
        text, template, actor = self.paste.toPlainText(), self.template(), self.ctx.actor
        self.summary.setText("")
        self._result = None
        self._busy(True)
        self.progress = QProgressDialog(self.tr("Saving devices…"), self.tr("Cancel"), 0, 1, self)
        self.progress.setObjectName("save_progress")
        self.progress.setWindowTitle(self.windowTitle())
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setMinimumDuration(self.PROGRESS_AFTER_MS)
        self.progress.canceled.connect(self.cancel_save)
        self.progress.setValue(0)
        self.job = self.ctx.ops.run(self.SAVE_LIST, text, template, actor, on_done=self._saved,
                                    on_error=self._save_failed, on_progress=self._progress,
                                    on_cancelled=self._cancelled, owner=self)

    def _progress(self, done: int, total: int) -> None:
        if self.progress is not None and not self.progress.wasCanceled():
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(done)
        self.progressed.emit(done, total)

    def cancel_save(self) -> None:
        if self.job is None or self.job.cancelled:
            return
        self.job.cancel()
        if self.progress is not None:
            self.progress.setLabelText(self.tr("Cancelling…"))
        # the job answers once rolled back: _cancelled, or _saved if it had finished first

    def _cancelled(self) -> None:
        if self._result is not None:
            return  # it had finished saving before the cancel arrived
        self._end_job()
        self.summary.setText(self.tr("Cancelled: nothing was saved."))
        self.finished_saving.emit(None)
        self.preview()

    def _saved(self, lines: list[dq.ListLine]) -> None:
        self._result = lines
        self._end_job()
        saved = [ln for ln in lines if ln.ok]
        skipped = [ln for ln in lines if not ln.ok]
        self._lines = lines
        self._fill(lines, saved=True)
        text = self.tr("Saved %n device(s).", "", len(saved))
        if skipped:
            text += " " + self.tr("Skipped %n line(s):", "", len(skipped)) + "\n" + "\n".join(
                self.tr("Line {0}: {1}").format(ln.line_no, self.problem_text(ln)) for ln in skipped)
        self.summary.setText(text)
        self.save_button.setEnabled(False)
        self.mark_clean()  # what was saved is kept; closing now loses nothing
        self.finished_saving.emit(lines)

    def _save_failed(self, exc: BaseException) -> None:
        self._end_job()
        self.failed(exc)
        self.save_button.setEnabled(False)

    def _end_job(self) -> None:
        self.job = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        for w in (*self.inputs.values(), self.paste):
            w.setEnabled(not busy)
        self.save_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)

    def reject(self) -> None:
        if self.job is not None:  # closing while saving: cancel it first
            self.cancel_save()
            return
        super().reject()


# ------------------------------------------------------------------------ page
class DevicesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("devices_page")
        self._generations = {"device": 0, "sim": 0}
        self.devices_model = DevicesModel(self)
        self.sims_model = SimsModel(self)

        self.device_status = self._status_combo("device_status_filter", DEVICE_STATUSES, self.reload_devices)
        self.device_counts = QLabel(objectName="device_counts")
        self.receive_button = self._button("receive_device", self.tr("Receive device…"), self.open_receive_device)
        self.receive_list_button = self._button("receive_list", self.tr("Receive a list…"), self.open_receive_list)
        self.faulty_button = self._button("mark_faulty", self.tr("Mark faulty…"), lambda: self.mark_selected("faulty"))
        self.lost_button = self._button("mark_lost", self.tr("Mark lost…"), lambda: self.mark_selected("lost"))
        self.devices_table = self._table("devices_table", self.devices_model)
        self.devices_table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self._selection_changed()

        self.sim_status = self._status_combo("sim_status_filter", SIM_STATUSES, self.reload_sims)
        self.sim_counts = QLabel(objectName="sim_counts")
        self.add_sim_button = self._button("add_sim", self.tr("Add SIM…"), self.open_add_sim)
        self.sims_table = self._table("sims_table", self.sims_model)

        self.tabs = QTabWidget(objectName="devices_tabs")
        self.tabs.addTab(self._tab(self.device_status, self.device_counts, self.devices_table,
                                   self.receive_button, self.receive_list_button, self.faulty_button,
                                   self.lost_button), self.tr("Devices"))
        self.tabs.addTab(self._tab(self.sim_status, self.sim_counts, self.sims_table, self.add_sim_button),
                         self.tr("SIMs"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        ctx.changes.changed.connect(self._on_changed)
        self.reload()

    # -- building
    def _status_combo(self, name: str, choices: dict, reload: Callable[[], None]) -> QComboBox:
        box = ChoiceCombo(choices, first=self.tr("All statuses"), objectName=name)
        box.currentIndexChanged.connect(lambda _i: reload())
        return box

    def _button(self, name: str, text: str, slot) -> QPushButton:
        b = QPushButton(text, objectName=name)
        b.clicked.connect(lambda _c=False: slot())
        return b

    def _table(self, name: str, model: RecordsModel) -> QTableView:
        return table_view(name, model, single=True, sortable=True, compact=True, stretch=1)

    @staticmethod
    def _tab(status: QComboBox, counts: QLabel, table: QTableView, *buttons: QPushButton) -> QWidget:
        w = QWidget()
        top = QHBoxLayout()
        for b in buttons:
            top.addWidget(b)
        top.addStretch(1)
        top.addWidget(status)
        lay = QVBoxLayout(w)
        lay.addLayout(top)
        lay.addWidget(counts)
        lay.addWidget(table)
        return w

    # -- loading
    def reload(self) -> None:
        self.reload_devices()
        self.reload_sims()

    def reload_devices(self) -> None:
        self._load("device", dq.devices_with_counts, self.device_status.currentData(), self.devices_model,
                   self.devices_table, self.device_counts, DEVICE_STATUSES)

    def reload_sims(self) -> None:
        self._load("sim", dq.sims_with_counts, self.sim_status.currentData(), self.sims_model, self.sims_table,
                   self.sim_counts, SIM_STATUSES)

    def _load(self, kind, query, status, model, table, counts_label, choices) -> None:
        self._generations[kind] += 1
        gen, unit = self._generations[kind], (self.ctx.unit["id"] if self.ctx.unit.get("kind") == "school" else None)

        def show(result) -> None:
            if gen != self._generations[kind]:
                return  # a newer filter answered first
            rows, counts = result
            model.set_rows(rows)
            if len(rows) <= 2000:  # a school's stock: fit the columns to what they hold
                table.resizeColumnsToContents()
            counts_label.setText(self.counts_text(counts, choices))
            if kind == "device":
                self._selection_changed()

        self.ctx.ops.run(query, unit, status, on_done=show, owner=self)

    def counts_text(self, counts: dict[str, int], choices: dict) -> str:
        lang = messages.language()
        parts = [f"{label(choices, s, lang)}: {fmt_number(n)}" for s, n in counts.items() if n]
        text = self.tr("Total: {0}").format(fmt_number(sum(counts.values())))
        return text + (" — " + ", ".join(parts) if parts else "")

    def _on_changed(self, kind: str) -> None:
        if kind in ("*", "device", "handover"):
            self.reload_devices()
        if kind in ("*", "sim", "handover"):
            self.reload_sims()

    # -- actions
    def open_receive_device(self) -> ReceiveDeviceDialog:
        dlg = ReceiveDeviceDialog(self.ctx, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def open_receive_list(self) -> ReceiveListDialog:
        dlg = ReceiveListDialog(self.ctx, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def open_add_sim(self) -> AddSimDialog:
        dlg = AddSimDialog(self.ctx, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def selected_device(self) -> Device | None:
        rows = self.devices_table.selectionModel().selectedRows()
        return self.devices_model.record(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        dev = self.selected_device()
        for b in (self.faulty_button, self.lost_button):
            b.setEnabled(dev is not None)
            b.setToolTip(self._handed_over_text(dev.label) if dev is not None and dev.status == "handed_over" else "")

    def _handed_over_text(self, device_label: str) -> str:
        return self.tr("{0} is with a child (handed over). Record its return on the handover screen first; "
                       "then it can be marked faulty or lost.").format(device_label)

    def mark_selected(self, status: str) -> None:
        dev = self.selected_device()
        if dev is None:
            Dialogs.info(self, self.tr("Choose a device in the table first."))
            return
        if dev.status == "handed_over":
            Dialogs.warn(self, self._handed_over_text(dev.label))
            return
        question = (self.tr("What is wrong with {0}?") if status == "faulty"
                    else self.tr("How was {0} lost?")).format(dev.label)
        title = self.tr("Mark faulty") if status == "faulty" else self.tr("Mark lost")
        note = Dialogs.ask_text(self, title, question)
        if not note or not note.strip():
            return
        device_id, actor = dev.id, self.ctx.actor
        self.ctx.ops.run(ops.mark_device, device_id, status, note, actor, on_error=self._mark_failed, owner=self)

    def _mark_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DeviceHandedOver):
            Dialogs.warn(self, self._handed_over_text(exc.device_label))
        else:
            report_exception(exc, self)
