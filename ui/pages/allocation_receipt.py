"""A school's side of an allocation decision: confirming the count of devices that arrived
(the receipt fields of the decision, ``app.ops.stock.confirm_receipt``), then
registering their serials, all at once or some now and the rest later
(``app.ops.stock.register_received_devices``: new devices of the school, each naming
the decision)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QFormLayout, QGridLayout, QLabel, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget

from app import messages
from app.ops import stock as ops
from app.queries import stock as sq
from app.records import DEVICE_KINDS, Device, label
from ui.context import AppContext
from ui.pages.devices import ReceiveListDialog
from ui.widgets.form_dialog import FormDialog


def _local_date(stamp: str) -> QDate | None:
    try:
        day = dt.datetime.fromisoformat(stamp).astimezone().date()
    except (TypeError, ValueError):
        return None
    return QDate(day.year, day.month, day.day)


class ConfirmReceiptDialog(FormDialog):
    """How many devices of each kind of the decision arrived at the school (at most what it
    allocates), with a note; saved on the decision as the school's receipt."""

    saved = Signal(object)  # ops.Receipt

    def __init__(self, ctx: AppContext, row: sq.AllocationRow, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("confirm_receipt_dialog")
        self.row = row
        a = row.allocation
        self.setWindowTitle(self.tr("Receipt of decision {0}").format(a.decision_no))
        self.save_button.setText(self.tr("Confirm receipt"))
        intro = QLabel(self.tr("Decision {0} of {1} allocates {2} to this school. Enter what actually arrived; "
                               "the serial numbers can be registered afterwards.").format(
            a.decision_no, row.from_name or a.unit_id, row.moves), objectName="receipt_intro")
        intro.setWordWrap(True)
        form = QFormLayout()
        boxes = QWidget()
        grid = QGridLayout(boxes)
        grid.setContentsMargins(0, 0, 0, 0)
        self.counts: dict[str, QSpinBox] = {}
        lang = messages.language()
        before = a.received_counts or a.counts
        for i, kind in enumerate(k for k in DEVICE_KINDS if int(a.counts.get(k, 0) or 0)):
            approved = int(a.counts[kind])
            box = QSpinBox(objectName=f"received_{kind}")
            box.setRange(0, approved)
            box.setValue(min(int(before.get(kind, 0) or 0), approved))
            grid.addWidget(QLabel(self.tr("{0} (of {1})").format(label(DEVICE_KINDS, kind, lang), approved)), i, 0)
            grid.addWidget(box, i, 1)
            self.counts[kind] = box
        self._add(form, "received_counts", self.tr("Count received"), boxes)
        self.note = QPlainTextEdit(objectName="receipt_note")
        self.note.setPlainText(a.receipt_note)
        self.note.setMaximumHeight(70)
        self._add(form, "receipt_note", self.tr("Note"), self.note)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.mark_clean()

    def received(self) -> dict[str, int]:
        return {k: b.value() for k, b in self.counts.items()}

    def save(self) -> None:
        if self.saving:
            return
        self.clear_errors()
        allocation_id, counts, note, actor = self.row.id, self.received(), self.note.toPlainText(), self.ctx.actor
        self._saving(True)
        self.ctx.ops.run(ops.confirm_receipt, allocation_id, counts, note, actor, on_done=self._saved,
                         on_error=self.failed, owner=self)

    def _saved(self, receipt: ops.Receipt) -> None:
        self._saving(False)
        self.saved.emit(receipt)
        self.accept()


class RegisterReceivedDialog(ReceiveListDialog):
    """The serial numbers of devices received with a decision: the pasted-list dialog of the
    devices screen, its devices the school's, naming the decision; never more than the
    count confirmed of their kind (the rest can be registered later)."""

    SAVE_LIST = staticmethod(ops.register_received_devices)

    def __init__(self, ctx: AppContext, row: sq.AllocationRow, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.row = row
        a = row.allocation
        self.setObjectName("register_received_dialog")
        self.setWindowTitle(self.tr("Serial numbers of the devices of decision {0}").format(a.decision_no))
        self.inputs["donor"].setText(a.donor)
        day = _local_date(a.received_at)
        if day is not None:
            self.inputs["received_date"].setDate(day)
        received = {k: int(n or 0) for k, n in a.received_counts.items()}
        kind = next((k for k in DEVICE_KINDS if received.get(k, 0) > row.registered.get(k, 0)),
                    next((k for k in DEVICE_KINDS if received.get(k)), ""))
        if kind:
            self.inputs["kind"].setCurrentIndex(max(self.inputs["kind"].findData(kind), 0))
        self.remaining = QLabel(objectName="remaining")
        self.remaining.setWordWrap(True)
        self.layout().insertWidget(0, self.remaining)
        self.inputs["kind"].currentIndexChanged.connect(lambda _i: self._show_remaining())
        self._show_remaining()
        self.mark_clean()

    def _show_remaining(self) -> None:
        kind = self.inputs["kind"].currentData()
        a, lang = self.row.allocation, messages.language()
        received = int(a.received_counts.get(kind, 0) or 0)
        done = self.row.registered.get(kind, 0)
        self.remaining.setText(self.tr("{0}: received {1}, registered {2}, still to register {3}.").format(
            label(DEVICE_KINDS, kind, lang), received, done, max(received - done, 0)))

    def template(self) -> Device:
        return dataclasses.replace(super().template(), allocation_id=self.row.id)
