"""Allocation decisions (quyết định phân bổ).

An office (commune, cluster or province) drafts a numbered decision giving devices to one
of its schools — counts per kind drawn on the donations it received, and/or the very
devices from its stock — edits it while a draft and approves it: from then on it is locked,
and the devices listed go to the school. A school sees the decisions addressed to it,
read-only, confirms the count that arrived (their listed devices go into its stock) and
registers the serials of the others (``ui.pages.allocation_receipt``). The office sees per
decision what it allocated, what the school received and how many serials it registered.

The table fits an officer's 1366×768 screen: the status comes second, every column is at
least as wide as its title and at most ``MAX_COLUMN`` (the full text in its tooltip)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QStringListModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import messages
from app.ops import stock as ops
from app.queries import stock as sq
from app.records import ALLOCATION_STATUSES, DEVICE_KINDS, INSPECTION, Allocation, Device, label
from app.text import fold
from ui.context import AppContext
from ui.errors import Dialogs, report_exception
from ui.i18n import fmt_date
from ui.pages.allocation_receipt import ConfirmReceiptDialog, RegisterReceivedDialog
from ui.pages.devices import RecordsModel
from ui.pages.donations import kinds_text
from ui.widgets.form_dialog import FormDialog
from ui.widgets.tables import table_view

LOCKED_COLOUR = QColor("#5f6368")


def _lang() -> int:
    return 0 if messages.language() == "vi" else 1


def approved_on(stamp: str) -> str:
    """The approval time (stored in UTC) as this computer's local date, dd/mm/yyyy."""
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return fmt_date(stamp)


class AllocationsModel(RecordsModel):
    CONTEXT = "AllocationsModel"
    COLUMNS = (  # the status early: in view on a 1366-pixel screen without scrolling
        ("decision_no", QT_TRANSLATE_NOOP("AllocationsModel", "Decision no.")),
        ("status", QT_TRANSLATE_NOOP("AllocationsModel", "Status")),
        ("to_name", QT_TRANSLATE_NOOP("AllocationsModel", "To school")),
        ("counts", QT_TRANSLATE_NOOP("AllocationsModel", "Allocated")),
        ("received", QT_TRANSLATE_NOOP("AllocationsModel", "Received by the school")),
        ("registered", QT_TRANSLATE_NOOP("AllocationsModel", "Serials registered")),
        ("decision_date", QT_TRANSLATE_NOOP("AllocationsModel", "Date")),
        ("donor", QT_TRANSLATE_NOOP("AllocationsModel", "Donor")),
        ("device_ids", QT_TRANSLATE_NOOP("AllocationsModel", "Devices listed")),
        ("from_name", QT_TRANSLATE_NOOP("AllocationsModel", "Issued by")),
        ("approved_by", QT_TRANSLATE_NOOP("AllocationsModel", "Approved")),
    )
    RAW_SORT = frozenset({"decision_date"})
    ELIDED = frozenset({"to_name", "donor", "from_name", "counts", "received"})  # full text in the tooltip

    def display(self, row: sq.AllocationRow, name: str) -> str:
        if name == "decision_date":
            return fmt_date(row.decision_date)
        if name == "to_name":
            return f"{row.to_name} ({row.to_code})" if row.to_name else row.to_unit_id
        if name == "counts":
            return kinds_text(row.counts)
        if name == "received":
            if not row.received_total:
                return self.tr("not yet") if row.locked else ""
            return kinds_text(row.allocation.received_counts)
        if name == "registered":
            if not row.locked:
                return ""
            return f"{row.registered_total} / {row.received_total or row.count_total}"
        if name == "device_ids":
            n = len(row.device_ids)
            if row.locked and row.waiting:
                return self.tr("{0} ({1} to confirm)").format(n, row.waiting)
            return str(n) if n else ""
        if name == "status":
            text = label(ALLOCATION_STATUSES, row.status, messages.language())
            return self.tr("{0} (locked)").format(text) if row.locked else text
        if name == "approved_by":
            return f"{row.approved_by}, {approved_on(row.approved_at)}" if row.locked else ""
        return str(getattr(row, name) or "")

    def styled(self, row: sq.AllocationRow, name: str, role: int):
        if role == Qt.ItemDataRole.ToolTipRole:
            if name == "received" and row.received_total:
                return self.tr("Confirmed by {0} on {1}. {2}").format(
                    row.received_by, approved_on(row.received_at), row.receipt_note).strip()
            if name == "registered" and row.locked:
                return self.tr("Devices of this decision on the school's books with their serial number: {0} "
                               "of {1} received ({2} allocated).").format(
                    row.registered_total, row.received_total, row.count_total)
            if name in self.ELIDED:
                return self.display(row, name) or None
        if not row.locked:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(LOCKED_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Approved by {0} on {1}: locked.").format(row.approved_by, approved_on(row.approved_at))
        return None


class AllocationDialog(FormDialog):
    """A decision: new or a draft of this unit (editable), or read-only (approved, or
    issued by another unit)."""

    saved = Signal(object)  # the Allocation as stored
    ready = Signal()  # schools and devices are loaded

    PICK, KIND, MODEL, SERIAL, IMEI, DONOR, SPEC = range(7)

    def __init__(self, ctx: AppContext, row: sq.AllocationRow | None = None, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("allocation_dialog")
        self.row = row
        self.allocation = row.allocation if row else None
        a = self.allocation
        self.read_only = a is not None and (a.status == "approved" or a.unit_id != ctx.unit["id"])
        self.setWindowTitle(self.tr("Allocation decision {0}").format(a.decision_no) if a
                            else self.tr("New allocation decision"))
        self.loaded = False
        form = QFormLayout()
        self._add(form, "decision_no", self.tr("Decision number"), QLineEdit())
        self.inputs["decision_no"].setPlaceholderText(self.tr("e.g. 12/QĐ-UBND"))
        date = self._date_edit()
        self._add(form, "decision_date", self.tr("Decision date"), date)
        self._add(form, "to_unit_id", self.tr("To school"), QComboBox())
        gifts = QWidget()
        gcol = QVBoxLayout(gifts)
        gcol.setContentsMargins(0, 0, 0, 0)
        self.donations = QTableWidget(0, 4, objectName="donation_picker")
        self.donations.setHorizontalHeaderLabels([
            self.tr("Donor"), self.tr("Received"), self.tr("Receipt no."), self.tr("Not yet allocated")])
        self.donations.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.donations.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.donations.verticalHeader().hide()
        self.donations.horizontalHeader().setStretchLastSection(True)
        self.donations.setMaximumHeight(130)
        self.donations.itemChanged.connect(lambda item: self._donations_changed() if item.column() == 0 else None)
        self.pool_label = QLabel(objectName="pool_label")
        self.pool_label.setWordWrap(True)
        gcol.addWidget(self.donations)
        gcol.addWidget(self.pool_label)
        self._add(form, "donation_ids", self.tr("Drawn on the donations"), gifts)
        self._choices: list[sq.DonationChoice] = []
        self._free_donor = ""  # an older decision's donor, typed: kept while no donation is chosen
        donor = QLineEdit()
        self._donors = QStringListModel(self)
        completer = QCompleter(self._donors, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        donor.setCompleter(completer)
        donor.textEdited.connect(lambda text: setattr(self, "_free_donor", text))
        self._add(form, "donor", self.tr("Donor"), donor)
        counts = QWidget()
        grid = QGridLayout(counts)
        grid.setContentsMargins(0, 0, 0, 0)
        self.counts: dict[str, QSpinBox] = {}
        for i, (kind, names) in enumerate(DEVICE_KINDS.items()):
            box = QSpinBox(objectName=f"count_{kind}")
            box.setRange(0, 100_000)
            grid.addWidget(QLabel(names[_lang()]), i // 2, (i % 2) * 2)
            grid.addWidget(box, i // 2, (i % 2) * 2 + 1)
            self.counts[kind] = box
        self._add(form, "counts", self.tr("Counts per kind"), counts)

        picker = QWidget()
        col = QVBoxLayout(picker)
        col.setContentsMargins(0, 0, 0, 0)
        self.device_filter = QLineEdit(objectName="device_filter", placeholderText=self.tr(
            "Filter by model, serial, IMEI or donor"))
        self.device_filter.setClearButtonEnabled(True)
        self.device_filter.textChanged.connect(self._filter_devices)
        self.picker = QTableWidget(0, 7, objectName="device_picker")
        self.picker.setHorizontalHeaderLabels([
            "", self.tr("Kind"), self.tr("Brand and model"), self.tr("Serial"), self.tr("IMEI"), self.tr("Donor"),
            self.tr("Minimum spec")])
        self.picker.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.picker.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.picker.verticalHeader().hide()
        self.picker.horizontalHeader().setStretchLastSection(True)
        self.picker.itemChanged.connect(lambda item: self._picked_changed() if item.column() == self.PICK else None)
        self.picked_label = QLabel(objectName="picked_label")
        col.addWidget(self.device_filter)
        col.addWidget(self.picker)
        col.addWidget(self.picked_label)
        self._add(form, "device_ids", self.tr("Devices from the stock"), picker)

        self.lock_note = QLabel(objectName="lock_note")
        self.lock_note.setWordWrap(True)
        self.lock_note.hide()
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.lock_note)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.resize(860, 720)
        self.save_button.setEnabled(False)  # until the schools and devices are loaded
        if a is not None:
            self._fill_fields(a)
        if self.read_only:
            self._make_read_only(a)
        allocation, editable = a, not self.read_only
        ctx.ops.run(sq.allocation_form, allocation, editable, on_done=self._loaded,
                    on_error=lambda e: report_exception(e, self), owner=self)

    # -- filling
    def _fill_fields(self, a: Allocation) -> None:
        self.inputs["decision_no"].setText(a.decision_no)
        if a.decision_date:
            self.inputs["decision_date"].setDate(QDate.fromString(a.decision_date[:10], "yyyy-MM-dd"))
        self.inputs["donor"].setText(a.donor)
        self._free_donor = a.donor if not a.donation_ids else ""
        for kind, box in self.counts.items():
            box.setValue(int(a.counts.get(kind, 0)))

    def _make_read_only(self, a: Allocation) -> None:
        for w in (*self.inputs.values(), *self.counts.values(), self.device_filter):
            w.setEnabled(False)
        self.picker.setEnabled(True)  # readable and scrollable; its boxes are not checkable
        self.inputs["donation_ids"].setEnabled(True)
        self.save_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        if a.status == "approved":
            text = self.tr("Approved by {0} on {1}. The decision is locked: it can no longer be changed.").format(
                a.approved_by, approved_on(a.approved_at))
            row = self.row
            if a.received_counts:
                text += " " + self.tr("The school confirmed receiving {0} ({1}, {2}); serial numbers registered: "
                                      "{3}.").format(kinds_text(a.received_counts), a.received_by,
                                                     approved_on(a.received_at), row.registered_total if row else 0)
            else:
                text += " " + self.tr("The school has not confirmed the receipt yet.")
            self.lock_note.setText(text)
        else:
            self.lock_note.setText(self.tr("A draft of {0}: only that unit may change or approve it.").format(
                self.row.from_name if self.row and self.row.from_name else a.unit_id))
        self.lock_note.show()

    def _loaded(self, data: dict) -> None:
        box: QComboBox = self.inputs["to_unit_id"]
        box.clear()
        a = self.allocation
        if self.read_only:
            name = self.row.to_name if self.row else ""
            box.addItem(f"{name} ({self.row.to_code})" if name else (a.to_unit_id if a else ""),
                        a.to_unit_id if a else "")
        else:
            box.addItem(self.tr("— choose a school —"), "")
            for s in data["schools"]:
                box.addItem(f"{s['name']} ({s['code']})", s["id"])
            if a is not None:
                box.setCurrentIndex(max(box.findData(a.to_unit_id), 0))
        self._donors.setStringList(data["donors"])
        self._fill_donations(data["donations"], set(a.donation_ids) if a else set())
        self._fill_picker(data["devices"], set(a.device_ids) if a else set())
        self.loaded = True
        self.mark_clean()  # the decision as stored (or blank): closing asks only after a change
        self.save_button.setEnabled(not self.read_only)
        self.ready.emit()

    def _fill_picker(self, devices: list[Device], picked: set[str]) -> None:
        t = self.picker
        t.blockSignals(True)
        t.setRowCount(len(devices))
        lang = messages.language()
        for r, d in enumerate(devices):
            check = QTableWidgetItem()
            check.setData(Qt.ItemDataRole.UserRole, d.id)
            check.setData(Qt.ItemDataRole.UserRole + 1, d.kind)
            flags = Qt.ItemFlag.ItemIsEnabled
            if not self.read_only:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            check.setFlags(flags)
            check.setCheckState(Qt.CheckState.Checked if d.id in picked else Qt.CheckState.Unchecked)
            t.setItem(r, self.PICK, check)
            cells = (label(DEVICE_KINDS, d.kind, lang), d.brand_model, d.serial, d.imei, d.donor,
                     label(INSPECTION, d.meets_spec, lang))
            for c, text in enumerate(cells, start=1):
                t.setItem(r, c, QTableWidgetItem(text))
        t.blockSignals(False)
        t.resizeColumnsToContents()
        self._picked_changed()

    # -- the donations drawn on
    def _fill_donations(self, choices: list[sq.DonationChoice], picked: set[str]) -> None:
        self._choices = choices
        t = self.donations
        t.blockSignals(True)
        t.setRowCount(len(choices))
        for r, c in enumerate(choices):
            d = c.donation
            name = QTableWidgetItem(d.donor_name)
            name.setData(Qt.ItemDataRole.UserRole, d.id)
            flags = Qt.ItemFlag.ItemIsEnabled
            if not self.read_only:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            name.setFlags(flags)
            name.setCheckState(Qt.CheckState.Checked if d.id in picked else Qt.CheckState.Unchecked)
            t.setItem(r, 0, name)
            left = kinds_text(c.left) if not self.read_only else kinds_text(d.devices)
            for col, text in enumerate((fmt_date(d.received_date), d.receipt_no, left), start=1):
                t.setItem(r, col, QTableWidgetItem(text))
        t.blockSignals(False)
        t.resizeColumnsToContents()
        self._donations_changed()

    def picked_donations(self) -> list[str]:
        return [self.donations.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.donations.rowCount())
                if self.donations.item(r, 0).checkState() == Qt.CheckState.Checked]

    def pick_donation(self, donation_id: str, on: bool = True) -> None:
        for r in range(self.donations.rowCount()):
            item = self.donations.item(r, 0)
            if item.data(Qt.ItemDataRole.UserRole) == donation_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(donation_id)

    def _donations_changed(self) -> None:
        """The donor is the chosen donations' (not typed); what they have left is shown."""
        chosen = set(self.picked_donations())
        donor: QLineEdit = self.inputs["donor"]
        if self.read_only:
            self.pool_label.setText("" if self._choices else self.tr("Drawn on no recorded donation."))
            return
        if chosen:
            donor.setText(sq.donors_of([c.donation for c in self._choices if c.id in chosen]))
            pool: Counter[str] = Counter()
            for c in self._choices:
                if c.id in chosen:
                    pool.update(c.left)
            self.pool_label.setText(self.tr("The donations chosen still have: {0}. The counts cannot be "
                                            "more.").format(kinds_text(pool) or "0"))
        else:
            donor.setText(self._free_donor)
            self.pool_label.setText(self.tr("No donation chosen: the counts are not checked against a "
                                            "donation's receipt minute.") if self._choices else
                                    self.tr("This unit has recorded no donation of devices."))
        donor.setReadOnly(bool(chosen))

    # -- the device list
    def picked_ids(self) -> list[str]:
        return [self.picker.item(r, self.PICK).data(Qt.ItemDataRole.UserRole) for r in range(self.picker.rowCount())
                if self.picker.item(r, self.PICK).checkState() == Qt.CheckState.Checked]

    def pick(self, device_id: str, on: bool = True) -> None:
        for r in range(self.picker.rowCount()):
            item = self.picker.item(r, self.PICK)
            if item.data(Qt.ItemDataRole.UserRole) == device_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(device_id)

    def _picked_changed(self) -> None:
        by_kind: Counter[str] = Counter()
        for r in range(self.picker.rowCount()):
            item = self.picker.item(r, self.PICK)
            if item.checkState() == Qt.CheckState.Checked:
                by_kind[item.data(Qt.ItemDataRole.UserRole + 1)] += 1
        if not self.read_only:
            for kind, box in self.counts.items():  # a count covers at least the devices listed
                box.setMinimum(by_kind.get(kind, 0))
        n = sum(by_kind.values())
        self.picked_label.setText(self.tr("%n device(s) listed", "", n) + (": " + kinds_text(by_kind) if n else ""))

    def _filter_devices(self, text: str) -> None:
        words = fold(text).split()
        for r in range(self.picker.rowCount()):
            hay = fold(" ".join(self.picker.item(r, c).text() for c in range(1, self.picker.columnCount())))
            self.picker.setRowHidden(r, not all(w in hay for w in words))

    # -- saving
    def record(self) -> Allocation:
        data = self.values(("decision_no", "decision_date", "to_unit_id"))
        data["to_unit_id"] = data["to_unit_id"] or ""
        data["donor"] = self.inputs["donor"].text().strip()
        data["counts"] = {k: b.value() for k, b in self.counts.items() if b.value()}
        data["device_ids"] = self.picked_ids()
        data["donation_ids"] = self.picked_donations()
        if self.allocation is not None:
            return dataclasses.replace(self.allocation, **data)
        return Allocation(unit_id=self.ctx.unit["id"], **data)

    def save(self) -> None:
        if self.read_only or self.saving or not self.loaded:
            return
        self.clear_errors()
        if not self.dates_ok():
            return
        rec, actor = self.record(), self.ctx.actor
        self._saving(True)
        self.ctx.ops.run(ops.save_allocation, rec, actor, on_done=self._saved, on_error=self.failed, owner=self)

    def _saved(self, rec: Allocation) -> None:
        self._saving(False)
        self.allocation = rec
        self.saved.emit(rec)
        self.accept()


class AllocationsPage(QWidget):
    approved = Signal(object)  # the approved Allocation
    received = Signal(int)  # devices a school confirmed: how many listed ones went into its stock

    MAX_COLUMN = 240  # pixels: a long name is cut (its tooltip has it whole), the status stays in view

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("allocations_page")
        self.office = ctx.unit.get("kind") != "school"
        self._generation = 0
        self.model = AllocationsModel(self)
        self.new_button = self._button("new_allocation", self.tr("New decision…"), self.open_new)
        self.open_button = self._button("open_allocation", self.tr("Open…"), self.open_selected)
        self.approve_button = self._button("approve_allocation", self.tr("Approve…"), self.approve_selected)
        self.delete_button = self._button("delete_allocation", self.tr("Delete draft…"), self.delete_selected)
        self.confirm_button = self._button("confirm_receipt", self.tr("Confirm receipt…"), self.confirm_selected)
        self.register_button = self._button("register_received", self.tr("Register serial numbers…"),
                                            self.register_selected)
        self.hint = QLabel(objectName="allocations_hint")
        self.hint.setWordWrap(True)
        self.notice = QLabel(objectName="allocations_notice")  # what the last action did
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #137333")
        self.notice.hide()
        if self.office:
            self.hint.setText(self.tr("Decisions of this unit. A draft can be changed; once approved a decision "
                                      "is locked and its devices go to the school, which confirms what it "
                                      "received and registers the serial numbers."))
            buttons = (self.new_button, self.open_button, self.approve_button, self.delete_button)
            self.confirm_button.hide()
            self.register_button.hide()
        else:
            self.hint.setText(self.tr("Decisions addressed to this school. When their devices arrive, confirm "
                                      "the count received, then register their serial numbers (now or later): "
                                      "they go into the stock and can be handed over."))
            buttons = (self.open_button, self.confirm_button, self.register_button)
            for b in (self.new_button, self.approve_button, self.delete_button):
                b.hide()
        self.table = table_view("allocations_table", self.model, single=True, sortable=True, compact=True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        top = QHBoxLayout()
        for b in buttons:
            top.addWidget(b)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.hint)
        lay.addWidget(self.notice)
        lay.addWidget(self.table)
        ctx.changes.changed.connect(self._on_changed)
        self._update_buttons()
        self.fit_columns()
        self.reload()

    def _button(self, name: str, text: str, slot) -> QPushButton:
        b = QPushButton(text, objectName=name)
        b.clicked.connect(lambda _c=False: slot())
        return b

    # -- loading
    def reload(self) -> None:
        self._generation += 1
        gen, office, unit = self._generation, self.office, self.ctx.unit["id"]
        chosen = self.selected()
        keep = chosen.id if chosen else ""

        def show(rows: list[sq.AllocationRow]) -> None:
            if gen != self._generation:
                return
            self.model.set_rows(rows)
            self.fit_columns()
            if keep:
                self.select_allocation(keep)
            self._update_buttons()

        if office:
            self.ctx.ops.run(sq.allocations, on_done=show, owner=self)
        else:
            self.ctx.ops.run(sq.allocations, addressed_to=unit, on_done=show, owner=self)

    def fit_columns(self) -> None:
        """Each column as wide as its contents, at least its whole title (and the sort arrow),
        at most ``MAX_COLUMN``: the title is never cut, and the status stays in view."""
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        metrics = header.fontMetrics()
        for c in range(self.model.columnCount()):
            title = str(self.model.headerData(c, Qt.Orientation.Horizontal))
            least = metrics.horizontalAdvance(title) + 2 * metrics.horizontalAdvance("M") + 16
            header.resizeSection(c, max(least, min(header.sectionSize(c), self.MAX_COLUMN)))

    def say(self, text: str) -> None:
        """What the last action did: above the table, and in the window's status bar."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        window = self.window()
        if isinstance(window, QMainWindow) and text:
            window.statusBar().showMessage(text, 15_000)

    def _on_changed(self, kind: str) -> None:
        if kind in ("*", "allocation", "device"):
            self.reload()

    # -- selection
    def selected(self) -> sq.AllocationRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select_allocation(self, allocation_id: str) -> None:
        for r in range(self.model.rowCount()):
            if self.model.record(r).id == allocation_id:
                self.table.selectRow(r)
                return

    def _own_draft(self, row: sq.AllocationRow | None) -> bool:
        return (self.office and row is not None and not row.locked
                and row.allocation.unit_id == self.ctx.unit["id"])

    def _update_buttons(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None)
        self.approve_button.setEnabled(self._own_draft(row))
        self.delete_button.setEnabled(self._own_draft(row))
        self.confirm_button.setEnabled(not self.office and row is not None and row.locked)
        self.register_button.setEnabled(not self.office and row is not None and row.locked
                                        and row.received_total > row.registered_total)

    # -- actions
    def _show(self, dlg):
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def open_new(self) -> AllocationDialog | None:
        if not self.office:
            return None
        return self._show(AllocationDialog(self.ctx, None, self))

    def open_selected(self) -> AllocationDialog | None:
        row = self.selected()
        if row is None:
            Dialogs.info(self, self.tr("Choose a decision in the table first."))
            return None
        return self._show(AllocationDialog(self.ctx, row, self))

    def approve_selected(self) -> None:
        row = self.selected()
        if not self._own_draft(row):
            return
        school = row.to_name or row.to_unit_id
        question = self.tr("Approve decision {0}? Once approved it is locked and can no longer be changed; "
                           "{1} go to {2}.").format(row.decision_no, row.moves, school)
        if row.device_ids:
            question += " " + self.tr("The devices it lists leave this unit's stock now: %n.", "",
                                      len(row.device_ids))
        if not Dialogs.confirm(self, question):
            return
        allocation_id, actor, number, moves = row.id, self.ctx.actor, row.decision_no, row.moves

        def done(rec: Allocation) -> None:
            self.say(self.tr("Decision {0} approved: {1} go to {2}. The school confirms what it receives.").format(
                number, moves, school))
            self._approved(rec)

        self.ctx.ops.run(ops.approve_allocation, allocation_id, actor, on_done=done,
                         on_error=lambda e: report_exception(e, self), owner=self)

    def _approved(self, rec: Allocation) -> None:
        self.approved.emit(rec)

    def delete_selected(self) -> None:
        row = self.selected()
        if not self._own_draft(row):
            return
        if not Dialogs.confirm(self, self.tr("Delete draft decision {0}?").format(row.decision_no)):
            return
        allocation_id, actor = row.id, self.ctx.actor
        self.ctx.ops.run(ops.delete_draft, allocation_id, actor, on_error=lambda e: report_exception(e, self),
                         owner=self)

    def confirm_selected(self) -> ConfirmReceiptDialog | None:
        row = self.selected()
        if self.office or row is None or not row.locked:
            return None
        dlg = ConfirmReceiptDialog(self.ctx, row, self)
        number = row.decision_no

        def done(receipt: ops.Receipt) -> None:
            text = self.tr("Receipt of decision {0} confirmed: {1}.").format(
                number, kinds_text(receipt.allocation.received_counts))
            if receipt.stocked:
                text += " " + self.tr("Listed devices now in the school's stock: %n.", "", receipt.stocked)
            text += " " + self.tr("Register the serial numbers of the others with “Register serial numbers…”.")
            self.say(text)
            self.received.emit(receipt.stocked)

        dlg.saved.connect(done)
        return self._show(dlg)

    def register_selected(self) -> RegisterReceivedDialog | None:
        row = self.selected()
        if self.office or row is None or not row.locked:
            return None
        if not row.received_total:
            Dialogs.info(self, self.tr("Confirm the receipt of decision {0} first.").format(row.decision_no))
            return None
        return self._show(RegisterReceivedDialog(self.ctx, row, self))
