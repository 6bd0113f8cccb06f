"""Handovers: children waiting for a device, handover events, and the printed minute.

Saving goes through the actions of ``app.ops.handovers`` (hand_over, return_device,
reassign, mark_signed), run by ``ctx.ops`` on the database lane; the minute PDF is then
written on a pool thread and offered to open or print through ``MinuteActions`` (replaceable in
tests, like ``Dialogs``); both live in ``ui.minutes``, shared with the student's form.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import messages
from app.errors import RuleError, SongMayError
from app.ops import handovers as ops
from app.paper import PaperSettings, paper_settings
from app.queries import handovers as hq
from app.queries.handovers import EVENT_COLUMNS
from app.records import CARRIERS, CONDITIONS, DEVICE_KINDS, HANDOVER_EVENTS, Handover, Need, Student, label
from app.rules import sim_only
from app.text import fold
from app.users import approval_hint
from ui.context import AppContext
from ui.dates import DateField  # typed dates: exactly the date typed, or an error under it
from ui.errors import Dialogs, report_exception
from ui.forms import UnsavedChangesGuard, date_problems
from ui.i18n import fmt_date
from ui.minutes import MinuteActions, guarded, write_minutes  # re-exported: tests and callers use them here
from ui.widgets.choices import ChoiceCombo
from ui.widgets.tables import table_view

_Index = QModelIndex | QPersistentModelIndex
# The giver's position as printed on the (Vietnamese) minute, by role.
POSITIONS = {"head": "Hiệu trưởng", "teacher": "Giáo viên chủ nhiệm", "officer": "Cán bộ phụ trách",
             "province": "Cán bộ Sở GD&ĐT"}


def _tr(text: str) -> str:
    """Translate a string marked with QT_TRANSLATE_NOOP("HandoversPage", …)."""
    return QCoreApplication.translate("HandoversPage", text)


class RowsModel(QAbstractTableModel):
    """A read-only table of dict rows; ``columns`` are (key, header) pairs."""

    def __init__(self, columns: list[tuple[str, str]], display, parent=None):
        super().__init__(parent)
        self._columns = columns
        self._display = display
        self._rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, i: int) -> dict:
        return self._rows[i]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return _tr(self._columns[section][1])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(self._columns[index.column()][0], row)
        if role == Qt.ItemDataRole.UserRole:
            return row.get("id")
        return None


WAITING_COLUMNS = [
    ("priority_tier", QT_TRANSLATE_NOOP("HandoversPage", "Tier")),
    ("full_name", QT_TRANSLATE_NOOP("HandoversPage", "Full name")),
    ("class_name", QT_TRANSLATE_NOOP("HandoversPage", "Class")),
    ("personal_id", QT_TRANSLATE_NOOP("HandoversPage", "Personal ID")),
    ("has_device", QT_TRANSLATE_NOOP("HandoversPage", "Holds a device")),
]
EVENTS_SHOWN = [
    ("minute_no", QT_TRANSLATE_NOOP("HandoversPage", "Minute no.")),
    ("date", QT_TRANSLATE_NOOP("HandoversPage", "Date")),
    ("full_name", QT_TRANSLATE_NOOP("HandoversPage", "Child")),
    ("class_name", QT_TRANSLATE_NOOP("HandoversPage", "Class")),
    ("device", QT_TRANSLATE_NOOP("HandoversPage", "Device / SIM")),
    ("event", QT_TRANSLATE_NOOP("HandoversPage", "Event")),
    ("signed_paper", QT_TRANSLATE_NOOP("HandoversPage", "Signed paper received")),
]


def _show_waiting(key: str, row: dict) -> str:
    value = row.get(key)
    if key == "has_device":
        return QCoreApplication.translate("HandoversPage", "Yes") if value else ""
    return "" if value is None else str(value)


def _show_event(key: str, row: dict) -> str:
    value = row.get(key)
    if key == "date":
        return fmt_date(value)
    if key == "device":
        return " · ".join(x for x in (row["device"], row["sim"]) if x)
    if key == "event":
        text = label(HANDOVER_EVENTS, value, messages.language())
        if row["active"] or value != "handed_over":
            return text
        return QCoreApplication.translate("HandoversPage", "{0} (closed)").format(text)
    if key == "signed_paper":
        if value:
            return QCoreApplication.translate("HandoversPage", "Yes")
        return QCoreApplication.translate("HandoversPage", "No")
    return "" if value is None else str(value)


def _table(name: str, model: QAbstractTableModel, stretch: int) -> QTableView:
    return table_view(name, model, single=True, compact=True, resize=QHeaderView.ResizeMode.ResizeToContents,
                      stretch=stretch)


class HandoversPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("handovers_page")
        self._unit = ctx.unit["id"] if ctx.unit.get("kind") == "school" else None
        self._generation = 0
        self.waiting = RowsModel(WAITING_COLUMNS, _show_waiting, self)
        self.events = RowsModel(EVENTS_SHOWN, _show_event, self)

        self.search = QLineEdit(objectName="search", clearButtonEnabled=True,
                                placeholderText=self.tr("Search child or minute number (accents optional)"))
        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())

        self.waiting_table = _table("waiting_table", self.waiting, 1)
        self.waiting_table.doubleClicked.connect(lambda _i: self.hand_over())
        self.waiting_count = QLabel(objectName="waiting_count", wordWrap=True)
        self.hand_over_button = QPushButton(self.tr("Hand over…"), objectName="hand_over")
        self.hand_over_button.clicked.connect(self.hand_over)

        self.events_table = _table("events_table", self.events, 4)
        self.print_button = QPushButton(self.tr("Print minute again"), objectName="print_again")
        self.print_button.clicked.connect(self.print_again)
        self.signed_button = QPushButton(self.tr("Signed paper minute received"), objectName="signed_paper")
        self.signed_button.clicked.connect(self.mark_signed)
        self.return_button = QPushButton(self.tr("Return device…"), objectName="return_device")
        self.return_button.clicked.connect(self.return_device)
        self.reassign_button = QPushButton(self.tr("Reassign to another child…"), objectName="reassign")
        self.reassign_button.clicked.connect(self.reassign)

        waiting_box = QGroupBox(self.tr("Approved needs waiting for a device"))
        wl = QVBoxLayout(waiting_box)
        wl.addWidget(self.waiting_table)
        row = QHBoxLayout()
        row.addWidget(self.waiting_count, 1)  # the hint (who can approve) takes the free width
        row.addStretch(1)
        row.addWidget(self.hand_over_button)
        wl.addLayout(row)
        events_box = QGroupBox(self.tr("Handover events"))
        el = QVBoxLayout(events_box)
        el.addWidget(self.events_table)
        row = QHBoxLayout()
        row.addStretch(1)
        for b in (self.print_button, self.signed_button, self.return_button, self.reassign_button):
            row.addWidget(b)
        el.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(waiting_box)
        split.addWidget(events_box)
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(split)

        self.waiting_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.events_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        ctx.changes.changed.connect(self._on_changed)
        self._update_buttons()
        self.reload()

    # -- loading
    def _on_changed(self, kind: str) -> None:
        if kind in ("*", "handover", "need", "device", "sim", "student"):
            self.reload()

    def reload(self) -> None:
        self._generation += 1
        gen, text, unit = self._generation, self.search.text(), self._unit
        self.ctx.ops.run(hq.handovers_screen, text, unit, on_done=lambda result: self._loaded(gen, result), owner=self)

    def _loaded(self, generation: int, result) -> None:
        if generation != self._generation:
            return  # an older search answered after a newer one was typed
        waiting, events = result
        self.waiting.set_rows(waiting)
        self.events.set_rows([dict(zip(EVENT_COLUMNS, r, strict=True)) for r in events])
        self.waiting_count.setText(self.tr("%n child(ren) waiting", "", len(waiting)))
        if not waiting and not self.search.text().strip():  # none: say why, and who approves (app.users)
            unit, role, count = self._unit, self.ctx.user.role, self.waiting_count.text()
            self.ctx.ops.run(approval_hint, unit, role, on_done=lambda hint: hint and (
                generation == self._generation and self.waiting_count.setText(f"{count} {hint}")), owner=self)
        self._update_buttons()

    def selected_child(self) -> dict | None:
        rows = self.waiting_table.selectionModel().selectedRows()
        return self.waiting.row(rows[0].row()) if rows else None

    def selected_event(self) -> dict | None:
        rows = self.events_table.selectionModel().selectedRows()
        return self.events.row(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        ev = self.selected_event()
        active = bool(ev and ev["event"] == "handed_over" and ev["active"])
        self.print_button.setEnabled(ev is not None)
        self.signed_button.setEnabled(bool(ev and not ev["signed_paper"]))
        self.return_button.setEnabled(active)
        self.reassign_button.setEnabled(active)

    # -- actions
    def hand_over(self) -> None:
        child = self.selected_child()
        dlg = HandoverDialog(self.ctx, child, parent=self)
        dlg.saved.connect(self._after_write)
        dlg.open()

    def reassign(self) -> None:
        ev = self.selected_event()
        if ev:
            dlg = HandoverDialog(self.ctx, None, reassign_of=ev, parent=self)
            dlg.saved.connect(self._after_write)
            dlg.open()

    def return_device(self) -> None:
        ev = self.selected_event()
        if ev:
            dlg = ReturnDialog(self.ctx, ev, self)
            dlg.saved.connect(self._after_write)
            dlg.open()

    def _after_write(self, handover_ids: list) -> None:
        write_minutes(self.ctx, handover_ids, guarded(self, lambda written: MinuteActions.offer(self, written)),
                      guarded(self, lambda exc: report_exception(exc, self)))

    def print_again(self) -> None:
        ev = self.selected_event()
        if ev:
            write_minutes(self.ctx, [ev["id"]],
                          guarded(self, lambda written: [MinuteActions.print(self, m) for _p, m in written]),
                          guarded(self, lambda exc: report_exception(exc, self)))

    def mark_signed(self) -> None:
        ev = self.selected_event()
        if not ev:
            return
        self.ctx.ops.run(ops.mark_signed, ev["id"], self.ctx.actor, on_error=lambda exc: report_exception(exc, self),
                         owner=self)


class _Form(UnsavedChangesGuard, QDialog):
    """Shared by the handover and return dialogs: labelled fields, a message line,
    Save/Cancel, Enter never closing the dialog (a scanner ends with Enter), and closing
    with changes asking "Lưu / Bỏ / Quay lại" (``ui.forms.UnsavedChangesGuard``)."""

    saved = Signal(list)  # ids of the handover events whose minutes to write

    def __init__(self, ctx: AppContext, parent: QWidget | None):
        super().__init__(parent)
        self.ctx = ctx
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = QFormLayout()
        self.message = QLabel(objectName="form_message", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save")
        for button in self.buttons.buttons():  # Enter (a scanner's last key) never presses them
            button.setAutoDefault(False)
            button.installEventFilter(self)  # the button box makes Save the default when shown
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)

    def add(self, name: str, text: str, widget: QWidget) -> QWidget:
        widget.setObjectName(name)
        self.form.addRow(text, widget)
        return widget

    @staticmethod
    def date_edit() -> QWidget:
        return DateField(QDate.currentDate(), optional=False, maximum=QDate.currentDate())

    @staticmethod
    def conditions(default: str) -> QComboBox:
        box = ChoiceCombo(CONDITIONS, with_empty=True)
        box.set_value(default)
        return box

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _submit(self, action, *args, **kwargs) -> None:
        """Run the handover ``action`` (app.ops.handovers) unless a date is typed wrong."""
        if date_problems(self):  # a date typed wrong: its own words under it, nothing saved
            return
        self.message.setText("")
        self.save_button.setEnabled(False)
        self.ctx.ops.run(action, *args, on_done=self._done, on_error=self._failed, owner=self, **kwargs)

    def _done(self, ids: list[str]) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(ids)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, SongMayError):
            self.message.setText(exc.message())
        else:
            report_exception(exc, self)

    def keyPressEvent(self, e) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(e)

    def eventFilter(self, watched, event) -> bool:
        """Enter on a focused Save or Cancel does nothing (a click or Space does)."""
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return True
        return super().eventFilter(watched, event)


class HandoverDialog(_Form):
    """Hand a device and/or a SIM to a child (or, with ``reassign_of``, move the device
    of an active handover to another child)."""

    def __init__(self, ctx: AppContext, child: dict | None, *, reassign_of: dict | None = None,
                 parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("handover_dialog")
        self.reassign_of = reassign_of
        self.setWindowTitle(self.tr("Reassign device") if reassign_of else self.tr("Hand over a device"))
        self._unit = ctx.unit["id"]
        self._children: dict[str, dict] = {}
        self._devices: list = []
        self._prefilled: dict[str, str] = {}
        if child:
            self._children[child["id"]] = child

        self.child_search = self.add("child_search", self.tr("Find child"), QLineEdit(
            placeholderText=self.tr("Type or scan a name or personal ID"), clearButtonEnabled=True))
        self.child = self.add("child", self.tr("Child"), QComboBox())
        # why a search lists no child: the device and minute they hold, or their need's status
        self.child_info = QLabel(objectName="child_info", wordWrap=True)
        self.child_info.hide()
        self.form.addRow(self.child_info)
        self.device_search = self.add("device_search", self.tr("Find device"), QLineEdit(
            placeholderText=self.tr("Type or scan a serial number or IMEI"), clearButtonEnabled=True))
        self.device = self.add("device", self.tr("Device"), QComboBox())
        self.sim = self.add("sim", self.tr("SIM"), QComboBox())
        self.sim_note = QLabel(objectName="sim_note", wordWrap=True)  # a SIM alone: still waiting
        self.sim_note.hide()
        self.form.addRow(self.sim_note)
        self._need: Need | None = None
        self._device_said = False  # the message line explains a device typed or scanned
        self.guardian_name = self.add("guardian_name", self.tr("Received by (guardian)"), QLineEdit())
        self.guardian_relation = self.add("guardian_relation", self.tr("Relation to the child"), QLineEdit())
        self.guardian_id_no = self.add("guardian_id_no", self.tr("Guardian's ID card number"), QLineEdit())
        self.place = self.add("place", self.tr("Place"), QLineEdit(ctx.unit.get("name", "")))
        self.date = self.add("date", self.tr("Date"), self.date_edit())
        self.giver_rep = self.add("giver_rep", self.tr("Handed over by"), QLineEdit(ctx.user.name))
        self.giver_position = self.add("giver_position", self.tr("Position"),
                                       QLineEdit(POSITIONS.get(ctx.user.role, "")))
        self.accessories = self.add("accessories", self.tr("Accessories"),
                                    QLineEdit(placeholderText=self.tr("e.g. charger, earphones")))
        self.condition = self.add("condition", self.tr("Condition"), self.conditions("new"))
        self.witness = self.add("witness", self.tr("Witness (optional)"), QLineEdit())
        self.reason = QLineEdit(objectName="reason")
        if reassign_of:
            self.form.addRow(self.tr("Reason for reassigning"), self.reason)
        self.override_reason = QLineEdit(objectName="override_reason")
        self.override_label = QLabel(self.tr("Reason to hand over another device"))
        self.form.addRow(self.override_label, self.override_reason)
        self.override_label.hide()
        self.override_reason.hide()

        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self._find_children)
        self.child_search.textChanged.connect(lambda _t: self._debounce.start())
        self.child.currentIndexChanged.connect(lambda _i: self._child_changed())
        self.device_search.textChanged.connect(self._filter_devices)
        self.device_search.returnPressed.connect(self._scan_device)
        self.device.currentIndexChanged.connect(lambda _i: self._device_changed())
        self.sim.currentIndexChanged.connect(lambda _i: self._show_sim_note())
        self._fill_children(list(self._children.values()))
        self.resize(560, 640)
        # the first field to fill has the focus — never Save (Enter must not hand over)
        (self.device_search if child or reassign_of else self.child_search).setFocus()
        self._load()

    # -- loading
    def _load(self) -> None:
        unit = self._unit
        # the school's representative from the paper settings gives (issue 16 item 13); read
        # before the form, whose arrival marks the dialog clean
        self.ctx.ops.run(paper_settings, on_done=self._giver_from_paper, owner=self)
        self.ctx.ops.run(hq.handover_form, unit, on_done=self._loaded, on_error=lambda exc: report_exception(exc, self),
                         owner=self)

    def _giver_from_paper(self, settings: PaperSettings) -> None:
        """The giver as the unit's paper settings name its representative (with position),
        unless the user typed one already; without one, the signed-in user, as before."""
        if settings.representative and not self.giver_rep.isModified():
            self.giver_rep.setText(settings.representative)
            if not self.giver_position.isModified():
                self.giver_position.setText(settings.representative_title)

    def _loaded(self, result) -> None:
        (devices, sims), children = result
        lang = messages.language()
        self.sim.clear()
        self.device.blockSignals(True)
        if self.reassign_of:
            ev = self.reassign_of
            self.device_search.setEnabled(False)
            self._devices = []
            self.device.clear()
            self.device.addItem(ev["device"] or self.tr("— no device —"), ev.get("device_id") or "")
            self.sim.addItem(ev["sim"] or self.tr("— no SIM —"), ev.get("sim_id") or "")
            children = [c for c in children if c["id"] != ev["student_id"]]
            self.condition.setCurrentIndex(max(self.condition.findData("used_good"), 0))
        else:
            self._devices = devices
            self._filter_devices(self.device_search.text())
            self.sim.addItem(self.tr("— no SIM —"), "")
            for s in sims:
                self.sim.addItem(f"{s.number} ({label(CARRIERS, s.carrier, lang)})", s.id)
        self.device.blockSignals(False)
        if not self._children:
            self._fill_children(children)
        self._device_changed()
        self.mark_clean()  # what the dialog filled in itself is no change of the user's

    def _find_children(self) -> None:
        text, unit = self.child_search.text(), self._unit
        skip = self.reassign_of["student_id"] if self.reassign_of else None

        self.ctx.ops.run(hq.children_to_hand_over, text, unit, skip, on_done=self._found_children, owner=self)

    def _found_children(self, result) -> None:
        children, why = result
        self.child_info.setText("\n".join(why))
        self.child_info.setVisible(bool(why))
        self._fill_children(children)

    def _fill_children(self, children: list[dict]) -> None:
        current = self.child.currentData()
        self.child.blockSignals(True)
        self.child.clear()
        for c in children:
            self._children[c["id"]] = c
            self.child.addItem(f"{c['full_name']} – {c['class_name']}", c["id"])
        i = self.child.findData(current)
        self.child.setCurrentIndex(i if i >= 0 else (0 if children else -1))
        self.child.blockSignals(False)
        if self.child.currentData() != current:
            self._child_changed()

    def _child_changed(self) -> None:
        """Another child (or none): the receiving guardian was the previous child's — clear
        it, then fill in the new child's from their record."""
        for widget in (self.guardian_name, self.guardian_relation, self.guardian_id_no):
            widget.clear()
        self._prefilled.clear()
        sid = self.child.currentData()
        if not sid:
            return
        need_id = self._children.get(sid, {}).get("need_id") or ""
        self.ctx.ops.run(hq.child_and_need, sid, need_id, on_done=self._prefill_guardian, owner=self)

    def _prefill_guardian(self, got: tuple[Student, Need | None]) -> None:
        """Fill the guardian from the child's record, unless the user typed something else."""
        st, self._need = got
        if st.id != self.child.currentData():
            return
        self._show_sim_note()
        for widget, value in ((self.guardian_name, st.guardian_name), (self.guardian_relation, st.guardian_relation)):
            key = widget.objectName()
            if widget.text() in ("", self._prefilled.get(key, "")):
                widget.setText(value)
                self._prefilled[key] = value

    def _filter_devices(self, text: str) -> None:
        if self.reassign_of:
            return
        words = fold(text).split()
        current = self.device.currentData()
        self.device.blockSignals(True)
        self.device.clear()
        self.device.addItem(self.tr("— no device —"), "")
        for d in self._devices:
            key = fold(f"{d.brand_model} {d.serial} {d.imei} {d.kind}")
            if all(w in key for w in words):
                self.device.addItem(" · ".join(x for x in (d.brand_model, d.serial, d.imei and f"IMEI {d.imei}") if x),
                                    d.id)
        i = self.device.findData(current)
        if words and self.device.count() > 1:
            i = i if i > 0 else 1
        self.device.setCurrentIndex(max(i, 0))
        self.device.blockSignals(False)
        self._device_changed()
        code = text.strip()
        if words and self.device.count() > 1 and self._device_said:
            self.message.clear()  # the explanation was about a code no longer typed
            self._device_said = False
        if words and self.device.count() == 1 and len(code) >= 4:
            # nothing in stock matches: if a device has exactly this serial or IMEI, say where it is
            unit = self._unit
            self.ctx.ops.run(hq.explain_device, code, unit, unknown=False,
                             on_done=lambda why: why and code == self.device_search.text().strip()
                             and self._explain_device(why), owner=self)

    def _scan_device(self) -> None:
        """A barcode scanner types the serial or IMEI and Enter: pick exactly that device."""
        code = self.device_search.text().strip().upper()
        for d in self._devices:
            if code and code in (d.serial.upper(), d.imei):
                self.device.setCurrentIndex(self.device.findData(d.id))
                self.message.setText("")
                return
        if self.device.count() != 2 and code:
            # not in stock: say where it went ("đã bàn giao cho … theo biên bản số …") or what it is
            unit = self._unit
            self.ctx.ops.run(hq.explain_device, code, unit, on_done=self._explain_device, owner=self)

    def _explain_device(self, text: str) -> None:
        self.message.setText(text)
        self._device_said = True

    def _show_sim_note(self) -> None:
        """A SIM without a device fulfils only a SIM/data need: say the child keeps waiting."""
        need = self._need
        alone = bool(self.sim.currentData()) and not self.device.currentData() and not self.reassign_of
        show = alone and need is not None and need.id == self._children.get(
            self.child.currentData() or "", {}).get("need_id") and not sim_only(need)
        if show:
            self.sim_note.setText(messages.text("handover.sim_only_waits",
                                                device=label(DEVICE_KINDS, need.device_requested, messages.language())))
        self.sim_note.setVisible(bool(show))

    def _device_changed(self) -> None:
        self._show_sim_note()
        dev = next((d for d in self._devices if d.id == self.device.currentData()), None)
        if dev is not None:
            self.condition.setCurrentIndex(max(self.condition.findData(dev.condition), 0))

    # -- saving
    def handover(self) -> Handover:
        sid = self.child.currentData() or ""
        child = self._children.get(sid, {})
        return Handover(
            unit_id=self._unit, event="handed_over", date=self.date.date().toString("yyyy-MM-dd"),
            place=self.place.text(), giver_unit=self.ctx.unit.get("name", ""), giver_rep=self.giver_rep.text(),
            giver_position=self.giver_position.text(), student_id=sid, need_id=child.get("need_id") or "",
            guardian_name=self.guardian_name.text(), guardian_id_no=self.guardian_id_no.text().strip(),
            guardian_relation=self.guardian_relation.text().strip(), device_id=self.device.currentData() or "",
            sim_id=self.sim.currentData() or "", accessories=self.accessories.text().strip(),
            condition=self.condition.currentData(), witness=self.witness.text(),
            override_reason=self.override_reason.text() if self.override_reason.isVisible() else "",
        )

    def save(self) -> None:
        h, actor = self.handover(), self.ctx.actor
        if self.reassign_of:
            self._submit(ops.reassign, self.reassign_of["id"], h, actor, reason=self.reason.text().strip())
        elif self._date_fits_device(h):
            self._submit(ops.hand_over, h, actor)

    def _date_fits_device(self, h: Handover) -> bool:
        """A date before the device came is most often a slip of the year: ask (a school
        entering last term's paper minutes may go on)."""
        dev = next((d for d in self._devices if d.id == h.device_id), None)
        if dev is None or not dev.received_date or not h.date or h.date >= dev.received_date[:10]:
            return True
        return Dialogs.confirm(self, messages.text("handover.before_received", date=fmt_date(h.date),
                                                   device=dev.label, received=fmt_date(dev.received_date)))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, RuleError) and exc.key == "handover.already_has_device":
            self.override_label.show()
            self.override_reason.show()
            self.override_reason.setFocus()
        super()._failed(exc)


class ReturnDialog(_Form):
    """Take a device back (date, condition, reason): a 'returned' event and its minute."""

    def __init__(self, ctx: AppContext, event: dict, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("return_dialog")
        self.setWindowTitle(self.tr("Return device"))
        self.event = event
        about = QLabel(f"{event['full_name']} – {event['class_name']}: {event['device'] or event['sim']}",
                       objectName="about", wordWrap=True)
        self.form.addRow(about)
        self.date = self.add("date", self.tr("Date"), self.date_edit())
        self.condition = self.add("condition", self.tr("Condition"), self.conditions("used_good"))
        self.reason = self.add("reason", self.tr("Reason"), QLineEdit(
            placeholderText=self.tr("e.g. moved to another school")))

    def save(self) -> None:
        hid, actor = self.event["id"], self.ctx.actor
        kw: dict[str, Any] = {"date": self.date.date().toString("yyyy-MM-dd"),
                              "condition": self.condition.currentData(), "reason": self.reason.text().strip()}
        self._submit(ops.return_device, hid, actor, **kw)
