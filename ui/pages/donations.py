"""Donations received (tiếp nhận tài trợ): the list with the devices registered against
each donation, the donation form (donor, cash in VND with its receipt number, devices by
kind and count, inspection) and the registration of the donation's physical devices."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import messages
from app.ops import stock as ops
from app.queries import stock as sq
from app.records import DEVICE_KINDS, DONOR_KINDS, INSPECTION, Device, Donation, label
from ui.context import AppContext
from ui.errors import Dialogs
from ui.i18n import fmt_date, fmt_number
from ui.pages.devices import ReceiveListDialog, RecordsModel
from ui.widgets.choices import ChoiceCombo
from ui.widgets.form_dialog import FormDialog
from ui.widgets.tables import table_view


def kinds_text(counts: dict[str, int]) -> str:
    """{"tablet": 3, "laptop": 1} → "Máy tính bảng: 3, Máy tính xách tay: 1" (kinds in order)."""
    lang = messages.language()
    return ", ".join(f"{label(DEVICE_KINDS, k, lang)}: {fmt_number(counts[k])}" for k in DEVICE_KINDS if counts.get(k))


def money_box() -> QDoubleSpinBox:
    """Đồng, whole numbers grouped in the language's way (15.000.000 ₫ in Vietnamese).
    A double spin box: amounts above 2,147,483,647 ₫ (an int spin box's limit) are common."""
    box = QDoubleSpinBox()
    box.setDecimals(0)
    box.setRange(0, 1_000_000_000_000)
    box.setSingleStep(1_000_000)
    box.setGroupSeparatorShown(True)
    box.setSuffix(" ₫")
    return box


class DonationsModel(RecordsModel):
    CONTEXT = "DonationsModel"
    COLUMNS = (
        ("received_date", QT_TRANSLATE_NOOP("DonationsModel", "Received")),
        ("donor_name", QT_TRANSLATE_NOOP("DonationsModel", "Donor")),
        ("donor_kind", QT_TRANSLATE_NOOP("DonationsModel", "Donor kind")),
        ("receipt_no", QT_TRANSLATE_NOOP("DonationsModel", "Receipt no.")),
        ("cash_vnd", QT_TRANSLATE_NOOP("DonationsModel", "Cash (VND)")),
        ("devices", QT_TRANSLATE_NOOP("DonationsModel", "Devices")),
        ("registered", QT_TRANSLATE_NOOP("DonationsModel", "Registered")),
        ("inspection", QT_TRANSLATE_NOOP("DonationsModel", "Inspection")),
        ("unit_name", QT_TRANSLATE_NOOP("DonationsModel", "Received by")),
    )
    RAW_SORT = frozenset({"received_date", "cash_vnd"})

    def display(self, row: sq.DonationRow, name: str) -> str:
        lang = messages.language()
        if name == "received_date":
            return fmt_date(row.received_date)
        if name == "donor_kind":
            return label(DONOR_KINDS, row.donor_kind, lang)
        if name == "cash_vnd":
            return fmt_number(row.cash_vnd) if row.cash_vnd else ""
        if name == "devices":
            return kinds_text(row.donation.devices)
        if name == "registered":  # of the minute's devices, how many are registered one by one
            if not row.declared_total and not row.registered_total:
                return ""
            text = f"{fmt_number(row.registered_declared)} / {fmt_number(row.declared_total)}"
            return text + (f" (+{fmt_number(row.registered_beyond)})" if row.registered_beyond else "")
        if name == "inspection":
            return label(INSPECTION, row.inspection, lang)
        return str(getattr(row, name) or "")

    def styled(self, row: sq.DonationRow, name: str, role: int):
        if role != Qt.ItemDataRole.ToolTipRole:
            return None
        if name == "registered" and (row.declared_total or row.registered_total):
            text = self.tr("In the receipt minute: {0}; registered one by one: {1}; still to register: {2}.").format(
                fmt_number(row.declared_total), fmt_number(row.registered_declared), fmt_number(row.to_register))
            if row.registered_beyond:
                text += " " + self.tr("Registered beyond the minute: {0}.").format(fmt_number(row.registered_beyond))
            if row.allocated:
                text += " " + self.tr("Allocated by approved decisions: {0}.").format(kinds_text(row.allocated))
            return text
        if name == "inspection" and row.registered_total:
            lang = messages.language()
            return "; ".join(f"{label(INSPECTION, k, lang)}: {fmt_number(row.inspected.get(k, 0))}"
                             for k in INSPECTION if row.inspected.get(k))
        if row.note:
            return row.note
        return None


class DonationDialog(FormDialog):
    """A donation: new, or an existing one (read-only when another unit received it)."""

    saved = Signal(object)  # the Donation as stored

    FIELDS = ("donor_name", "donor_kind", "received_date", "receipt_no", "inspection", "note")

    def __init__(self, ctx: AppContext, donation: Donation | None = None, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("donation_dialog")
        self.donation = donation
        self.read_only = donation is not None and donation.unit_id != ctx.unit["id"]
        self.setWindowTitle(self.tr("Donation") if donation else self.tr("Record a donation"))
        form = QFormLayout()
        self._add(form, "donor_name", self.tr("Donor"), QLineEdit())
        self._add(form, "donor_kind", self.tr("Donor kind"), ChoiceCombo(DONOR_KINDS))
        self._add(form, "received_date", self.tr("Date received"), self._date_edit(max_today=True))
        self._add(form, "receipt_no", self.tr("Receipt number"), QLineEdit())
        self.cash = self._add(form, "cash_vnd", self.tr("Cash (VND)"), money_box())
        devices = QWidget()
        grid = QGridLayout(devices)
        grid.setContentsMargins(0, 0, 0, 0)
        self.counts: dict[str, QSpinBox] = {}
        for i, (kind, names) in enumerate(DEVICE_KINDS.items()):
            box = QSpinBox(objectName=f"count_{kind}")
            box.setRange(0, 100_000)
            grid.addWidget(QLabel(names[0 if messages.language() == "vi" else 1]), i // 2, (i % 2) * 2)
            grid.addWidget(box, i // 2, (i % 2) * 2 + 1)
            self.counts[kind] = box
        self._add(form, "devices", self.tr("Devices by kind"), devices)
        self._add(form, "inspection", self.tr("Inspection against the minimum specification"),
                  ChoiceCombo(INSPECTION))
        self._add(form, "note", self.tr("Note"), QPlainTextEdit())
        self.inputs["note"].setMaximumHeight(70)
        self.locked = QLabel(objectName="read_only_note")
        self.locked.setWordWrap(True)
        self.locked.hide()
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.locked)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        if donation is not None:
            self.load(donation)
        if self.read_only:
            for w in (*self.inputs.values(), *self.counts.values()):
                w.setEnabled(False)
            self.save_button.hide()
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
            self.locked.setText(self.tr("Received by another unit: shown read-only."))
            self.locked.show()

    def load(self, d: Donation) -> None:
        self.inputs["donor_name"].setText(d.donor_name)
        for name in ("donor_kind", "inspection"):
            box = self.inputs[name]
            box.setCurrentIndex(max(box.findData(getattr(d, name)), 0))
        if d.received_date:
            self.inputs["received_date"].setDate(QDate.fromString(d.received_date[:10], "yyyy-MM-dd"))
        self.inputs["receipt_no"].setText(d.receipt_no)
        self.cash.setValue(d.cash_vnd or 0)
        for kind, box in self.counts.items():
            box.setValue(int(d.devices.get(kind, 0)))
        self.inputs["note"].setPlainText(d.note)

    def record(self) -> Donation:
        data = self.values(("donor_name", "donor_kind", "received_date", "receipt_no", "inspection"))
        data["note"] = self.inputs["note"].toPlainText()
        data["cash_vnd"] = int(round(self.cash.value()))
        data["devices"] = {k: b.value() for k, b in self.counts.items() if b.value()}
        if self.donation is not None:
            return dataclasses.replace(self.donation, **data)
        return Donation(unit_id=self.ctx.unit["id"], **data)

    def save(self) -> None:
        if self.read_only or self.saving:
            return
        self.clear_errors()
        if not self.dates_ok():
            return
        rec, actor = self.record(), self.ctx.actor
        self._saving(True)
        self.ctx.ops.run(ops.save_donation, rec, actor, on_done=self._saved, on_error=self.failed, owner=self)

    def _saved(self, rec: Donation) -> None:
        self._saving(False)
        self.donation = rec
        self.saved.emit(rec)
        self.accept()


class RegisterDevicesDialog(ReceiveListDialog):
    """The physical devices of one donation: the pasted-list dialog of the devices screen,
    its devices linked to the donation (``donation_id``), donor and date taken from it."""

    def __init__(self, ctx: AppContext, donation: Donation, registered: dict[str, int] | None = None,
                 parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.donation = donation
        self.setObjectName("register_devices_dialog")
        self.setWindowTitle(self.tr("Devices of the donation from {0}").format(donation.donor_name))
        self.inputs["donor"].setText(donation.donor_name)
        if donation.received_date:
            self.inputs["received_date"].setDate(QDate.fromString(donation.received_date[:10], "yyyy-MM-dd"))
        # the first kind (in the usual order) of which devices remain to be registered
        registered = registered or {}
        declared = [k for k in DEVICE_KINDS if donation.devices.get(k)]
        kind = next((k for k in declared if donation.devices[k] > registered.get(k, 0)),
                    declared[0] if declared else "")
        if kind:
            self.inputs["kind"].setCurrentIndex(max(self.inputs["kind"].findData(kind), 0))
        if donation.inspection != "pending":
            box = self.inputs["meets_spec"]
            box.setCurrentIndex(max(box.findData(donation.inspection), 0))

    def template(self) -> Device:
        return dataclasses.replace(super().template(), unit_id=self.donation.unit_id, donation_id=self.donation.id)


class DonationsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("donations_page")
        self._unit = ctx.unit["id"] if ctx.unit.get("kind") == "school" else None
        self._generation = 0
        self.model = DonationsModel(self)
        self.new_button = self._button("new_donation", self.tr("Record a donation…"), self.open_new)
        self.edit_button = self._button("edit_donation", self.tr("Open…"), self.open_selected)
        self.register_button = self._button("register_devices", self.tr("Register devices…"),
                                            self.open_register)
        self.summary = QLabel(objectName="donations_summary")
        self.table = table_view("donations_table", self.model, single=True, sortable=True, compact=True, stretch=1)
        if self._unit:  # a school: every donation is its own
            self.table.hideColumn(len(DonationsModel.COLUMNS) - 1)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        top = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.register_button):
            top.addWidget(b)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.table)
        ctx.changes.changed.connect(self._on_changed)
        self._update_buttons()
        self.reload()

    def _button(self, name: str, text: str, slot) -> QPushButton:
        b = QPushButton(text, objectName=name)
        b.clicked.connect(lambda _c=False: slot())
        return b

    # -- loading
    def reload(self) -> None:
        self._generation += 1
        gen, unit = self._generation, self._unit

        def show(rows: list[sq.DonationRow]) -> None:
            if gen != self._generation:
                return
            self.model.set_rows(rows)
            self.table.resizeColumnsToContents()
            self.summary.setText(self.summary_text(rows))
            self._update_buttons()

        self.ctx.ops.run(sq.donations, unit, on_done=show, owner=self)

    def summary_text(self, rows: list[sq.DonationRow]) -> str:
        """Each figure says what it counts, and they add up: the devices in the receipt
        minutes = registered one by one + still to register; any registered beyond the
        minutes are said apart (``app.queries.stock.donation_totals``)."""
        t = sq.donation_totals(rows)
        text = (self.tr("%n donation(s)", "", t.donations) + " — "
                + self.tr("cash: {0} ₫ · devices in the receipt minutes: {1} · registered one by one: {2} · "
                          "still to register: {3}").format(fmt_number(t.cash_vnd), fmt_number(t.declared),
                                                           fmt_number(t.registered), fmt_number(t.to_register)))
        if t.beyond:
            text += " · " + self.tr("registered beyond the minutes: {0}").format(fmt_number(t.beyond))
        return text

    def _on_changed(self, kind: str) -> None:
        if kind in ("*", "donation", "device"):
            self.reload()

    # -- selection
    def selected(self) -> sq.DonationRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select_donation(self, donation_id: str) -> None:
        for r in range(self.model.rowCount()):
            if self.model.record(r).id == donation_id:
                self.table.selectRow(r)
                return

    def _update_buttons(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        own = row is not None and row.donation.unit_id == self.ctx.unit["id"]
        self.register_button.setEnabled(own)

    # -- actions
    def _show(self, dlg):
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def open_new(self) -> DonationDialog:
        return self._show(DonationDialog(self.ctx, None, self))

    def open_selected(self) -> DonationDialog | None:
        row = self.selected()
        if row is None:
            Dialogs.info(self, self.tr("Choose a donation in the table first."))
            return None
        return self._show(DonationDialog(self.ctx, row.donation, self))

    def open_register(self) -> RegisterDevicesDialog | None:
        row = self.selected()
        if row is None or row.donation.unit_id != self.ctx.unit["id"]:
            Dialogs.info(self, self.tr("Choose a donation this unit received first."))
            return None
        return self._show(RegisterDevicesDialog(self.ctx, row.donation, row.registered, self))
