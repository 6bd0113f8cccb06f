"""Conflict review: records two devices changed at the same time, both versions side by
side, and a person's choice — keep the current version, take the other, or merge
chosen fields (app.changes.resolve_conflict). Plus the status-bar indicator that says
how many wait for review and opens this dialog."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app import messages
from app import records as R
from app.errors import SongMayError
from app.ops import conflicts as conflict_ops
from app.queries import sync as sync_queries
from ui.context import AppContext
from ui.errors import report_exception
from ui.i18n import fmt_date, fmt_number
from ui.widgets.tables import table_widget

DIFFER_BACKGROUND = QColor("#fff1c1")
REFRESH_INTERVAL_MS = 30_000  # a sync in another process (the command line) adds conflicts too

# Labels as the forms show them (same context and source, so the same translation).
_FORM_LABELS: dict[str, tuple[str, dict[str, str]]] = {
    "student": ("StudentForm", {
        "full_name": QT_TRANSLATE_NOOP("StudentForm", "Full name"),
        "birth_date": QT_TRANSLATE_NOOP("StudentForm", "Birth date"),
        "sex": QT_TRANSLATE_NOOP("StudentForm", "Sex"),
        "personal_id": QT_TRANSLATE_NOOP("StudentForm", "Personal ID (12 digits)"),
        "ethnicity": QT_TRANSLATE_NOOP("StudentForm", "Ethnicity"),
        "class_name": QT_TRANSLATE_NOOP("StudentForm", "Class"),
        "village": QT_TRANSLATE_NOOP("StudentForm", "Village"),
        "guardian_name": QT_TRANSLATE_NOOP("StudentForm", "Parent or guardian"),
        "guardian_relation": QT_TRANSLATE_NOOP("StudentForm", "Relation"),
        "guardian_phone": QT_TRANSLATE_NOOP("StudentForm", "Phone"),
        "household": QT_TRANSLATE_NOOP("StudentForm", "Household category"),
        "poverty_cert_no": QT_TRANSLATE_NOOP("StudentForm", "Poverty certificate number"),
        "poverty_cert_year": QT_TRANSLATE_NOOP("StudentForm", "Certificate year"),
        "policy_family": QT_TRANSLATE_NOOP("StudentForm", "Policy family"),
        "covid_orphan": QT_TRANSLATE_NOOP("StudentForm", "A parent died of COVID-19"),
        "covid_hardship": QT_TRANSLATE_NOOP("StudentForm", "Family hit hard by COVID-19"),
        "covid_note": QT_TRANSLATE_NOOP("StudentForm", "COVID-19 note"),
    }),
    "need": ("StudentForm", {
        "current_device": QT_TRANSLATE_NOOP("StudentForm", "Device the child has now"),
        "home_internet": QT_TRANSLATE_NOOP("StudentForm", "Internet at home"),
        "device_requested": QT_TRANSLATE_NOOP("StudentForm", "Device requested"),
        "needs_sim": QT_TRANSLATE_NOOP("StudentForm", "Needs a SIM / data"),
        "received_elsewhere": QT_TRANSLATE_NOOP("StudentForm", "Already received a device elsewhere"),
        "received_source": QT_TRANSLATE_NOOP("StudentForm", "From whom"),
        "status": QT_TRANSLATE_NOOP("StudentForm", "Status"),
    }),
    "device": ("ReceiveDeviceDialog", {
        "kind": QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Kind"),
        "brand_model": QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Brand and model"),
        "serial": QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Serial number"),
        "value_vnd": QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Value (VND)"),
        "condition": QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Condition"),
        "meets_spec": QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Minimum specification"),
        "donor": QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Donor"),
        "received_date": QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Date received"),
        "note": QT_TRANSLATE_NOOP("ReceiveDeviceDialog", "Note"),
    }),
    "sim": ("AddSimDialog", {
        "number": QT_TRANSLATE_NOOP("AddSimDialog", "Phone number"),
        "carrier": QT_TRANSLATE_NOOP("AddSimDialog", "Carrier"),
        "data_package": QT_TRANSLATE_NOOP("AddSimDialog", "Data package"),
        "free_until": QT_TRANSLATE_NOOP("AddSimDialog", "Free until"),
        "donor": QT_TRANSLATE_NOOP("AddSimDialog", "Donor"),
    }),
    "handover": ("HandoverDialog", {
        "student_id": QT_TRANSLATE_NOOP("HandoverDialog", "Child"),
        "device_id": QT_TRANSLATE_NOOP("HandoverDialog", "Device"),
        "sim_id": QT_TRANSLATE_NOOP("HandoverDialog", "SIM"),
        "guardian_name": QT_TRANSLATE_NOOP("HandoverDialog", "Received by (guardian)"),
        "guardian_relation": QT_TRANSLATE_NOOP("HandoverDialog", "Relation to the child"),
        "guardian_id_no": QT_TRANSLATE_NOOP("HandoverDialog", "Guardian's ID card number"),
        "place": QT_TRANSLATE_NOOP("HandoverDialog", "Place"),
        "date": QT_TRANSLATE_NOOP("HandoverDialog", "Date"),
        "giver_rep": QT_TRANSLATE_NOOP("HandoverDialog", "Handed over by"),
        "giver_position": QT_TRANSLATE_NOOP("HandoverDialog", "Position"),
        "accessories": QT_TRANSLATE_NOOP("HandoverDialog", "Accessories"),
        "condition": QT_TRANSLATE_NOOP("HandoverDialog", "Condition"),
        "witness": QT_TRANSLATE_NOOP("HandoverDialog", "Witness (optional)"),
    }),
}
# Fields no form shows and app.messages.FIELDS does not name.
_OWN_LABELS = {
    "address": QT_TRANSLATE_NOOP("ConflictsDialog", "Address"),
    "province_code": QT_TRANSLATE_NOOP("ConflictsDialog", "Province"),
    "legacy_code": QT_TRANSLATE_NOOP("ConflictsDialog", "Former code"),
    "broadband": QT_TRANSLATE_NOOP("ConflictsDialog", "Fixed broadband"),
    "school_ids": QT_TRANSLATE_NOOP("ConflictsDialog", "Schools affected"),
    "note": QT_TRANSLATE_NOOP("ConflictsDialog", "Note"),
    "moet_code": QT_TRANSLATE_NOOP("ConflictsDialog", "MOET student code"),
    "poverty_cert_commune": QT_TRANSLATE_NOOP("ConflictsDialog", "Certificate issued by (commune)"),
    "status_reason": QT_TRANSLATE_NOOP("ConflictsDialog", "Reason for the status"),
    "history": QT_TRANSLATE_NOOP("ConflictsDialog", "Status history"),
    "receipt_no": QT_TRANSLATE_NOOP("ConflictsDialog", "Receipt number"),
    "donation_id": QT_TRANSLATE_NOOP("ConflictsDialog", "Donation"),
    "donor": QT_TRANSLATE_NOOP("ConflictsDialog", "Donor"),
    "counts": QT_TRANSLATE_NOOP("ConflictsDialog", "Counts by kind"),
    "device_ids": QT_TRANSLATE_NOOP("ConflictsDialog", "Devices"),
    "approved_by": QT_TRANSLATE_NOOP("ConflictsDialog", "Approved by"),
    "approved_at": QT_TRANSLATE_NOOP("ConflictsDialog", "Approved at"),
    "minute_no": QT_TRANSLATE_NOOP("ConflictsDialog", "Minute number"),
    "giver_unit": QT_TRANSLATE_NOOP("ConflictsDialog", "Giving unit"),
    "need_id": QT_TRANSLATE_NOOP("ConflictsDialog", "Need"),
    "sim_id": QT_TRANSLATE_NOOP("ConflictsDialog", "SIM"),
    "signed_paper": QT_TRANSLATE_NOOP("ConflictsDialog", "Signed paper minute received"),
    "override_reason": QT_TRANSLATE_NOOP("ConflictsDialog", "Reason for the override"),
}
KIND_NAMES = {
    "unit": QT_TRANSLATE_NOOP("ConflictsDialog", "School or office"),
    "coverage_gap": QT_TRANSLATE_NOOP("ConflictsDialog", "Village without signal"),
    "student": QT_TRANSLATE_NOOP("ConflictsDialog", "Student"),
    "need": QT_TRANSLATE_NOOP("ConflictsDialog", "Need"),
    "donation": QT_TRANSLATE_NOOP("ConflictsDialog", "Donation"),
    "device": QT_TRANSLATE_NOOP("ConflictsDialog", "Device"),
    "sim": QT_TRANSLATE_NOOP("ConflictsDialog", "SIM"),
    "allocation": QT_TRANSLATE_NOOP("ConflictsDialog", "Allocation"),
    "handover": QT_TRANSLATE_NOOP("ConflictsDialog", "Handover"),
    "placement": QT_TRANSLATE_NOOP("ConflictsDialog", "Decision on the child's school"),
}
# Fields holding a code of a choice set: shown by the choice's name.
_CHOICES: dict[tuple[str, str], dict] = {
    ("unit", "kind"): R.UNIT_KINDS, ("unit", "level"): R.LEVELS, ("unit", "coverage"): R.COVERAGE,
    ("unit", "carrier"): R.CARRIERS, ("coverage_gap", "status"): R.GAP_STATUSES,
    ("coverage_gap", "carrier"): R.CARRIERS, ("student", "sex"): R.SEXES, ("student", "household"): R.HOUSEHOLDS,
    ("need", "current_device"): R.CURRENT_DEVICE, ("need", "home_internet"): R.HOME_INTERNET,
    ("need", "device_requested"): R.DEVICE_KINDS, ("need", "status"): R.NEED_STATUSES,
    ("donation", "donor_kind"): R.DONOR_KINDS, ("donation", "inspection"): R.INSPECTION,
    ("device", "kind"): R.DEVICE_KINDS, ("device", "condition"): R.CONDITIONS, ("device", "meets_spec"): R.INSPECTION,
    ("device", "status"): R.DEVICE_STATUSES, ("sim", "carrier"): R.CARRIERS, ("sim", "status"): R.SIM_STATUSES,
    ("allocation", "status"): R.ALLOCATION_STATUSES, ("handover", "event"): R.HANDOVER_EVENTS,
    ("handover", "condition"): R.CONDITIONS,
}
_DATES = {"birth_date", "date", "received_date", "free_until", "decision_date", "covered_on", "approved_at"}
_MONEY = {"value_vnd", "cash_vnd"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConflictsDialog", text)


def field_label(kind: str, name: str) -> str:
    """The label a person knows the field by: the form's, else the core's, else ours."""
    context, labels = _FORM_LABELS.get(kind, ("", {}))
    if name in labels:
        return QCoreApplication.translate(context, labels[name])
    if name in messages.FIELDS:
        return messages.field_label(name)
    if name in _OWN_LABELS:
        return _tr(_OWN_LABELS[name])
    return name


def display_value(kind: str, name: str, value: Any, refs: dict[str, str] | None = None) -> str:
    """A value as a person reads it; ``refs`` names the records ids point to."""
    if value is None or value == "":
        return ""
    if refs and isinstance(value, str) and value in refs:
        return refs[value]
    if isinstance(value, bool):
        return _tr(QT_TRANSLATE_NOOP("ConflictsDialog", "Yes") if value else QT_TRANSLATE_NOOP("ConflictsDialog", "No"))
    choices = _CHOICES.get((kind, name))
    if choices is not None:
        return R.label(choices, value, messages.language())
    if name in _DATES:
        return fmt_date(str(value)) + (f" {value[11:16]}" if isinstance(value, str) and len(value) > 16 else "")
    if name in _MONEY and isinstance(value, int):
        return fmt_number(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return str(value)


def where_from(instance: str, mine: bool) -> str:
    """Which installation wrote a version: this computer, or another device by its id."""
    if mine:
        return _tr(QT_TRANSLATE_NOOP("ConflictsDialog", "this computer"))
    return _tr(QT_TRANSLATE_NOOP("ConflictsDialog", "device {0}")).format(instance[:8])


class ConflictsDialog(QDialog):
    """Open conflicts on the left; the selected one's two versions on the right, a row per
    field, differing rows highlighted, each with "take the other value"."""

    resolved = Signal(int)  # conflict id

    COL_FIELD, COL_CURRENT, COL_OTHER, COL_TAKE = range(4)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("conflicts_dialog")
        self.setWindowTitle(self.tr("Review conflicts"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.pair: dict[str, Any] | None = None
        self._rows: list[dict[str, Any]] = []
        self._filling = False

        self.list = table_widget("conflict_list", [self.tr("What"), self.tr("Record"), self.tr("Found"),
                                                   self.tr("Other version from")], single=True, row_numbers=False)
        self.list.itemSelectionChanged.connect(self._selected)
        self.empty = QLabel(self.tr("No conflicts to review."), objectName="conflicts_empty")
        self.empty.hide()

        self.about = QLabel(objectName="conflict_about", wordWrap=True)
        self.table = QTableWidget(0, 4, objectName="conflict_fields")
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("This version (kept)"),
                                              self.tr("Other version"), self.tr("Take other")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(self.COL_CURRENT, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(self.COL_OTHER, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._update_buttons)
        self.message = QLabel(objectName="conflict_message", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")

        self.keep_button = QPushButton(self.tr("Keep current"), objectName="keep")
        self.take_button = QPushButton(self.tr("Take other"), objectName="take")
        self.merge_button = QPushButton(self.tr("Merge selected fields"), objectName="merge")
        self.keep_button.setToolTip(self.tr("This version stays; the other version is set aside."))
        self.take_button.setToolTip(self.tr("The other version replaces this one, on every device after sync."))
        self.merge_button.setToolTip(self.tr("This version with the ticked fields taken from the other one."))
        self.keep_button.clicked.connect(lambda: self.resolve("keep"))
        self.take_button.clicked.connect(lambda: self.resolve("take"))
        self.merge_button.clicked.connect(lambda: self.resolve("merge"))
        choose = QHBoxLayout()
        for b in (self.keep_button, self.take_button, self.merge_button):
            choose.addWidget(b)
        choose.addStretch(1)

        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list)
        lay.addWidget(self.empty)
        right = QWidget()
        lay = QVBoxLayout(right)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.about)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        lay.addLayout(choose)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        split.setSizes([400, 700])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(split, 1)
        outer.addWidget(close)
        self.resize(1100, 620)
        self._set_busy(True)
        ctx.changes.changed.connect(self._on_changed)  # a bound slot: gone with the dialog
        self.refresh()

    # -- loading
    def refresh(self) -> None:
        self.ctx.ops.run(sync_queries.open_conflicts, on_done=self._fill_list, on_error=self._failed, owner=self)

    def _on_changed(self, _kind: str) -> None:
        self.refresh()

    def _fill_list(self, rows: list[dict[str, Any]]) -> None:
        keep = self.selected_id()
        self._rows = rows
        self._filling = True
        self.list.setRowCount(len(rows))
        for r, c in enumerate(rows):
            found = f"{fmt_date(c['detected_at'])} {c['detected_at'][11:16]}"
            source = where_from(c["instance"], c["mine"])
            for col, text in enumerate((_tr(KIND_NAMES.get(c["kind"], c["kind"])), c["label"], found, source)):
                self.list.setItem(r, col, QTableWidgetItem(text))
        self.list.resizeColumnsToContents()
        self.empty.setVisible(not rows)
        ids = [c["id"] for c in rows]
        if rows:
            cid = keep if keep in ids else ids[0]
            self.list.selectRow(ids.index(cid))
            self._filling = False
            self._load_pair(cid)  # the same conflict again: its versions reloaded, the ticks kept
        else:
            self._filling = False
            self._show_pair(None)

    def selected_id(self) -> int | None:
        rows = self.list.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._rows):
            return None
        return self._rows[rows[0].row()]["id"]

    def _selected(self) -> None:
        if not self._filling:
            cid = self.selected_id()
            if cid is not None:
                self._load_pair(cid)

    def _load_pair(self, cid: int) -> None:
        self.ctx.ops.run(sync_queries.conflict, cid, on_done=self._show_pair, on_error=self._failed, owner=self)

    def _show_pair(self, pair: dict[str, Any] | None) -> None:
        ticked = self.ticked() if pair and self.pair and pair["id"] == self.pair["id"] else []
        self.pair = pair
        self.message.setText("")
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        if pair is None:
            self.about.setText("")
            self.table.blockSignals(False)
            self._set_busy(False)
            return
        mergeable = not pair["current_deleted"] and not pair["other_deleted"]
        kind = pair["kind"]
        self.table.setRowCount(len(pair["fields"]))
        bold = QFont()
        bold.setBold(True)
        for r, name in enumerate(pair["fields"]):
            differs = name in pair["differ"]
            cells = [QTableWidgetItem(field_label(kind, name)),
                     QTableWidgetItem(display_value(kind, name, pair["current"][name], pair["refs"])),
                     QTableWidgetItem(display_value(kind, name, pair["other"][name], pair["refs"])),
                     QTableWidgetItem()]
            cells[0].setData(Qt.ItemDataRole.UserRole, name)
            take = cells[self.COL_TAKE]
            if differs and mergeable:
                take.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                take.setCheckState(Qt.CheckState.Checked if name in ticked else Qt.CheckState.Unchecked)
            else:
                take.setFlags(Qt.ItemFlag.NoItemFlags)
            for col, item in enumerate(cells):
                if col != self.COL_TAKE:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    item.setToolTip(item.text())
                if differs:
                    item.setBackground(DIFFER_BACKGROUND)
                    item.setFont(bold)
                self.table.setItem(r, col, item)
        self.table.resizeColumnToContents(self.COL_FIELD)
        self.table.resizeColumnToContents(self.COL_TAKE)
        self.table.blockSignals(False)
        lines = [self.tr("{0}: {1}. Found on {2}.").format(
            _tr(KIND_NAMES.get(kind, kind)), pair["label"],
            f"{fmt_date(pair['detected_at'])} {pair['detected_at'][11:16]}")]
        lines.append(self.tr("This version was written on {0}; the other version comes from {1}.").format(
            where_from(pair["current_instance"], pair["current_instance"] == pair["this_instance"]),
            where_from(pair["instance"], pair["instance"] == pair["this_instance"])))
        if pair["current_deleted"]:
            lines.append(self.tr("This record was deleted; taking the other version brings it back."))
        if pair["other_deleted"]:
            lines.append(self.tr("The other version deletes this record."))
        if not pair["differ"] and mergeable:
            lines.append(self.tr("The two versions hold the same values."))
        self.about.setText("\n".join(lines))
        self._set_busy(False)

    # -- choosing
    def ticked(self) -> list[str]:
        """The fields whose "take other" box is ticked."""
        out = []
        for r in range(self.table.rowCount()):
            take = self.table.item(r, self.COL_TAKE)
            if take is not None and take.checkState() == Qt.CheckState.Checked:
                out.append(self.table.item(r, self.COL_FIELD).data(Qt.ItemDataRole.UserRole))
        return out

    def resolve(self, choice: str) -> None:
        if self.pair is None:
            return
        cid, kind, actor = self.pair["id"], self.pair["kind"], self.ctx.actor
        fields = self.ticked() if choice == "merge" else None
        self.message.setText("")
        self._set_busy(True)
        # the views of the record's kind are told: this list and the indicator refresh too
        self.ctx.ops.run(conflict_ops.resolve, cid, kind, choice, actor, fields=fields, on_done=self._resolved,
                         on_error=self._failed, owner=self)

    def _resolved(self, done: conflict_ops.Resolved) -> None:
        self.pair = None
        self.resolved.emit(done.conflict_id)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, SongMayError):
            self.message.setText(exc.message())
        else:
            report_exception(exc, self)

    def _set_busy(self, busy: bool) -> None:
        have = self.pair is not None and not busy
        self.keep_button.setEnabled(have)
        self.take_button.setEnabled(have)
        self._update_buttons()
        if busy:
            self.merge_button.setEnabled(False)

    def _update_buttons(self, *_args) -> None:
        self.merge_button.setEnabled(self.pair is not None and self.keep_button.isEnabled() and bool(self.ticked()))


class ConflictIndicator(QPushButton):
    """In the status bar: "N conflicts to review" while any are open; a click opens the review."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.count = 0
        self.dialog: ConflictsDialog | None = None
        self.setObjectName("conflict_indicator")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet("color: #b35c00; font-weight: bold")
        self.hide()
        self.clicked.connect(self.open_review)
        ctx.changes.changed.connect(self._on_changed)
        self._timer = QTimer(self, interval=REFRESH_INTERVAL_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def _on_changed(self, _kind: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.ctx.ops.run(sync_queries.open_conflict_count, on_done=self._show, owner=self)

    def _show(self, count: int) -> None:
        self.count = count
        self._render()

    def _render(self) -> None:
        self.setText(self.tr("%n conflict(s) to review", "", self.count))
        self.setToolTip(self.tr("Two devices changed the same records. Click to choose which version to keep."))
        self.setVisible(self.count > 0)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def open_review(self) -> ConflictsDialog:
        """Show the review dialog (one per window)."""
        if self.dialog is None or not isValid(self.dialog):
            self.dialog = ConflictsDialog(self.ctx, self.window())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog
