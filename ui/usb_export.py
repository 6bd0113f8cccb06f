""""Export to USB…": a USB bundle of what the province lacks (or everything) written to a
removable drive or a chosen folder, with progress and Cancel; at the end the file, its
records and size, and for an officer the acknowledgements put beside it for the
schools. The work is sync.ops.export_to (sync.usb.export_bundle), through the operations
runner."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.errors import SongMayError
from sync.ops import export_to, usb_export_state
from sync.usb import Exported
from ui import drives
from ui.conflicts import KIND_NAMES
from ui.conflicts import _tr as kind_tr
from ui.context import AppContext
from ui.i18n import fmt_number
from ui.usb_common import ERROR_STYLE, OK_STYLE, PlacePicker, UsbDialog, not_connected_text


class ExportDialog(UsbDialog):
    loaded = Signal()  # enrolment, pending count and the folder of last time are known
    exported = Signal(object)  # the sync.usb.Exported
    failed = Signal(object)  # the error (a cancel too)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.acks: list[dict[str, Any]] = []  # an officer: the acknowledgements to carry (sync.relay.describe_acks)
        self.waiting_up: list[dict[str, Any]] = []  # an officer: school bundles not yet relayed
        self.setObjectName("usb_export_dialog")
        self.setWindowTitle(self.tr("Export to USB"))
        intro = QLabel(self.tr(
            "Writes what the provincial server does not have yet into one file on a USB stick, sealed for the "
            "province and the collecting officers of this unit. The file is named after the unit and the date, "
            "so one stick can carry many schools' bundles."), wordWrap=True)
        self.state = QLabel(objectName="usb_state", wordWrap=True)
        self.to_whom = QLabel(objectName="usb_to_whom", wordWrap=True)  # an officer: what goes to which school
        self.to_whom.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.to_whom.setVisible(False)
        self.picker = PlacePicker(ctx, parent=self)
        self.picker.changed.connect(self._update)
        self.everything = QCheckBox(self.tr("Everything, not only what the province lacks"),
                                    objectName="usb_everything")
        self.everything.setToolTip(self.tr(
            "All this computer holds of its unit, for example when an earlier stick was lost"))
        self.result = self.outcome = QLabel(objectName="usb_result", wordWrap=True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("usb_export_button")
        self.export_button.setDefault(True)
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Write to"), self.picker)
        form.addRow("", self.everything)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.state)
        lay.addWidget(self.to_whom)
        lay.addLayout(form)
        lay.addWidget(self.result, 1)
        lay.addWidget(self.buttons)
        self.resize(640, 320)
        ctx.ops.run(usb_export_state, self.officer, on_done=self._loaded, owner=self)

    def _loaded(self, loaded: dict[str, Any]) -> None:
        self.enrolled, pending, folder = loaded["enrolled"], loaded["pending"], loaded["folder"]
        self.acks, self.waiting_up = loaded["acks"], loaded["waiting_up"]
        if not self.enrolled:
            self._say(self.state, not_connected_text(), ERROR_STYLE)
        elif pending:
            self._say(self.state, self.tr("Not yet at the province: %n record(s).", "", pending))
        else:
            self._say(self.state, self.tr("The province is known to have every record of this computer: no bundle "
                                          "of it is written unless you tick “Everything”."))
        if self.officer and self.enrolled:
            self.to_whom.setText(self.to_whom_text())
            self.to_whom.setVisible(True)
        self.picker.set_remembered(folder)
        self.picker.refresh()
        self._update()
        self.loaded.emit()

    def to_whom_text(self) -> str:
        """An officer's stick: the acknowledgement each school gets, and what it holds; the
        schools' bundles still waiting to go up to the province."""
        lines = []
        if self.acks:
            lines.append(self.tr("For the schools, from the province (%n school computer(s)):", "", len(self.acks)))
            for a in self.acks:
                what = [kind_tr(KIND_NAMES.get(k, k)) + f": {fmt_number(n)}" for k, n in sorted(a["kinds"].items())]
                if a["notices"]:
                    what.append(self.tr("%n warning(s)", "", a["notices"]))
                school = " – ".join(x for x in (a["unit_code"], a["unit_name"]) if x)
                lines.append("  • " + school + ": " + (", ".join(what) if what else self.tr(
                    "what reached the province")))
        else:
            lines.append(self.tr("No acknowledgement from the province is waiting for the schools."))
        if self.waiting_up:
            codes = sorted({b.get("unit_code") or b.get("sender", "")[:8] for b in self.waiting_up})
            lines.append(self.tr("%n school bundle(s) still wait to go up to the province ({0}): choose “Sync now” "
                                 "where there is a connection first, so the schools get the province's answer on "
                                 "this stick.", "", len(self.waiting_up)).format(", ".join(codes)))
        return "\n".join(lines)

    def _update(self) -> None:
        self.export_button.setEnabled(bool(self.enrolled) and self.job is None and self.picker.folder() is not None)

    # ------------------------------------------------------------ the work
    def export(self) -> None:
        folder = self.picker.folder()
        if self.job is not None or not self.enrolled:
            return
        if folder is None:
            self._say(self.result, self.tr("Choose a USB drive or a folder first."), ERROR_STYLE)
            return
        self._say(self.result, self.tr("Writing the bundle to {0}…").format(drives.native(folder)))
        self.run_work(export_to, folder, everything=self.everything.isChecked(), on_done=self._done,
                      progress=self.tr("Writing the bundle…"), step=lambda done, total: self.tr(
                          "Reading records: {0} of {1}…").format(fmt_number(done), fmt_number(total)),
                      cancelling=self.tr("Cancelling…"), cancelled=self.tr("Cancelled: no file was written."))

    def _done(self, done: Exported) -> None:
        self._end()
        if done.path is None or done.manifest is None:
            lines = [self.tr("Nothing new for the province: it has every record of this computer, so no bundle was "
                             "written. Tick “Everything” to write it all again (for example when a stick was lost).")]
        else:
            lines = [self.tr("Written: {0}").format(drives.native(done.path)),
                     self.tr("%n record(s) of {0}, {1}.", "", done.records).format(
                         done.manifest.unit_code, drives.size_text(done.size))]
        if self.officer:
            if done.acks:
                lines.append(self.tr("Also put on the stick for the schools: %n acknowledgement(s) from the province. "
                                     "Each school imports them with “Import from USB…”.", "", len(done.acks)))
            elif done.acks_error is None:
                lines.append(self.tr("No acknowledgement from the province is waiting for the schools."))
            if done.acks_error is not None:
                lines.append(done.acks_error.message())
        lines.append(self.tr("Remove the stick safely (eject it) before pulling it out."))
        self._say(self.result, "\n".join(lines), OK_STYLE)
        self.exported.emit(done)

    def _failed(self, exc: BaseException) -> None:
        self._end()
        cancelled = isinstance(exc, SongMayError) and exc.key == "bundle.export_cancelled"
        self._say(self.result, self.failure_text(exc), "" if cancelled else ERROR_STYLE)
        self.failed.emit(exc)

    def _busy(self, busy: bool) -> None:
        for w in (self.picker, self.everything):
            w.setEnabled(not busy)
        self._update()
