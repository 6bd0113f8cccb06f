""""Export to USB…": a USB bundle of what the province lacks (or everything) written to a
removable drive or a chosen folder, with progress and Cancel; at the end the file, its
records and size, and for an officer the acknowledgements put beside it for the
schools. The work is sync.usb.export_bundle, on the database worker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app import sync_state
from app.errors import SongMayError
from sync.relay import describe_acks, pending_relays
from sync.usb import Exported, export_bundle
from ui import drives
from ui.conflicts import KIND_NAMES
from ui.conflicts import _tr as kind_tr
from ui.context import AppContext
from ui.errors import report_exception
from ui.i18n import fmt_number
from ui.tasks import Job
from ui.usb_common import (
    ERROR_STYLE,
    FOLDER_SETTING,
    OK_STYLE,
    PlacePicker,
    close_progress,
    make_progress,
    not_connected_text,
    report_progress,
)


class ExportDialog(QDialog):
    loaded = Signal()  # enrolment, pending count and the folder of last time are known
    exported = Signal(object)  # the sync.usb.Exported
    failed = Signal(object)  # the error (a cancel too)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.enrolled: bool | None = None
        self.job: Job | None = None
        self.progress = None
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
        self.result = QLabel(objectName="usb_result", wordWrap=True)
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
        officer = self.officer
        ctx.worker.submit(lambda store, job: (
            sync_state.enrolment(store) is not None, store.pending_changes(sync_state.SERVER),
            store.setting(FOLDER_SETTING), describe_acks(store) if officer else [],
            pending_relays(store) if officer else []), self._loaded, owner=self)

    @property
    def officer(self) -> bool:
        return self.ctx.unit.get("kind", "school") != "school"

    def _loaded(self, loaded: tuple[bool, int, str, list[dict[str, Any]], list[dict[str, Any]]]) -> None:
        self.enrolled, pending, folder, self.acks, self.waiting_up = loaded
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

    @staticmethod
    def _say(label: QLabel, text: str, style: str = "") -> None:
        label.setText(text)
        label.setStyleSheet(style)

    # ------------------------------------------------------------ the work
    def export(self) -> None:
        folder = self.picker.folder()
        if self.job is not None or not self.enrolled:
            return
        if folder is None:
            self._say(self.result, self.tr("Choose a USB drive or a folder first."), ERROR_STYLE)
            return
        everything = self.everything.isChecked()

        def work(store: Any, job: Job) -> Exported:
            done = export_bundle(store, folder, everything=everything,
                                 progress=lambda d, t: report_progress(job, d, t), cancelled=lambda: job.cancelled)
            store.set_setting(FOLDER_SETTING, folder)
            return done

        self._say(self.result, self.tr("Writing the bundle to {0}…").format(drives.native(folder)))
        self.progress = make_progress(self, self.tr("Writing the bundle…"), self.cancel)
        self.job = self.ctx.worker.submit(work, self._done, self._failed, self._progressed, owner=self)
        self._busy(True)

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None and not self.progress.wasCanceled():
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(min(done, total))
            self.progress.setLabelText(self.tr("Reading records: {0} of {1}…").format(fmt_number(done),
                                                                                    fmt_number(total)))

    def cancel(self) -> None:
        if self.job is None or self.job.cancelled:
            return
        self.job.cancel()
        self._say(self.result, self.tr("Cancelling…"))
        # jobs run in order: this one answers after the export stopped (or never started)
        job = self.job
        self.ctx.worker.submit(lambda store, j: None, lambda _r: self._stopped(job), owner=self)

    def _stopped(self, job: Job) -> None:
        if self.job is job:  # cancelled before it began: nothing was delivered
            self._end()
            self._say(self.result, self.tr("Cancelled: no file was written."))

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
        self.ctx.notify("sync")  # the status bar: the last export
        self.exported.emit(done)

    def _failed(self, exc: BaseException) -> None:
        self._end()
        self.ctx.notify("sync")
        if isinstance(exc, SongMayError):
            if exc.key == "bundle.not_enrolled":
                self._say(self.result, not_connected_text(), ERROR_STYLE)
            else:
                self._say(self.result, exc.message(), "" if exc.key == "bundle.export_cancelled" else ERROR_STYLE)
        else:
            self._say(self.result, "")
            report_exception(exc, self)
        self.failed.emit(exc)

    def _end(self) -> None:
        self.job = None
        close_progress(self.progress)
        self.progress = None
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        for w in (self.picker, self.everything):
            w.setEnabled(not busy)
        self._update()

    def reject(self) -> None:
        """Close; while exporting, Close (or Esc) cancels first."""
        if self.job is not None:
            self.cancel()
            return
        super().reject()
