"""Offline enrolment in the desktop app.

The officer's side, "Enrolment file for a new computer…" (Sync menu of an office
installation): the school (those of the office's area this computer holds and the
province's delegation names), how many days the file is good for, where to write it (a
USB drive or a folder, ui.usb_common's picker), then the file written and what to do with it,
and the list of files issued. The school's side is a button of "Connect to the
provincial server" (ui.sync_panel.EnrolDialog) and of the first-run wizard, both asking
for the file through ``EnrolmentFileChooser.ask``. The work is sync.ops's (sync.enrolment),
through the operations runner.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sync import enrolment
from sync.ops import enrolment_file_state, write_enrolment_file
from ui import drives
from ui.context import AppContext
from ui.usb_common import ERROR_STYLE, OK_STYLE, PlacePicker, UsbDialog, not_connected_text
from ui.widgets.tables import table_widget

WARN_STYLE = "color: #b35c00"
MAX_DAYS = 180  # as long as the province's delegation lasts


def local_day(value: str | None) -> str:
    """An ISO time (UTC) as the local day, dd/mm/yyyy."""
    if not value:
        return ""
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        return str(value)
    return (t.astimezone() if t.tzinfo else t).strftime("%d/%m/%Y")


def local_time(value: str | None) -> str:
    if not value:
        return ""
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        return str(value)
    return (t.astimezone() if t.tzinfo else t).strftime("%d/%m/%Y %H:%M")


class EnrolmentFileChooser:
    """The system's file chooser for an officer's enrolment file, in one place so tests
    can replace it."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> str | None:
        title = QCoreApplication.translate("EnrolmentFile", "Choose the enrolment file from the officer")
        filters = QCoreApplication.translate("EnrolmentFile", "SongMay enrolment files (*.sme);;All files (*)")
        name, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), filters)
        return name or None


class EnrolmentFileDialog(UsbDialog):
    loaded = Signal()  # the delegation, the schools and the files issued are known
    written = Signal(object)  # the Path of the file written
    failed = Signal(object)  # the error

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.state: dict[str, Any] | None = None
        self.setObjectName("enrolment_file_dialog")
        self.setWindowTitle(self.tr("Enrolment file for a new computer"))
        intro = QLabel(self.tr(
            "Where a school has no network, its new computer can be enrolled with a file written here: the file "
            "tells the computer its school and whom its USB bundles are for, signed with the right the province "
            "gave this office. Its first bundle then enrols it at the province."), wordWrap=True)
        self.status = QLabel(objectName="enrolment_status", wordWrap=True)
        self.school = QComboBox(objectName="enrolment_school")
        self.school.setMinimumContentsLength(30)
        self.school.currentIndexChanged.connect(self._update)
        self.days = QSpinBox(objectName="enrolment_days")
        self.days.setRange(1, MAX_DAYS)
        self.days.setValue(enrolment.GRANT_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.picker = PlacePicker(ctx, parent=self)
        self.picker.changed.connect(self._update)
        self.result = self.outcome = QLabel(objectName="enrolment_result", wordWrap=True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = table_widget("enrolment_issued", [self.tr("School"), self.tr("Written"), self.tr("Valid until"),
                                                        self.tr("File")], row_numbers=False, stretch=3)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.write_button = self.buttons.addButton(self.tr("Write the file"), QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button.setObjectName("enrolment_write")
        self.write_button.setDefault(True)
        self.write_button.setEnabled(False)
        self.write_button.clicked.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.form.addRow(self.tr("School"), self.school)
        self.form.addRow(self.tr("Valid for"), self.days)
        self.form.addRow(self.tr("Write to"), self.picker)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.status)
        lay.addLayout(self.form)
        lay.addWidget(self.result)
        lay.addWidget(QLabel(self.tr("Enrolment files written on this computer:")))
        lay.addWidget(self.table, 1)
        lay.addWidget(self.buttons)
        self.resize(720, 520)
        self._set_form_enabled(False)
        ctx.ops.run(enrolment_file_state, on_done=self._loaded, owner=self)

    # ------------------------------------------------------------ state
    @property
    def can_issue(self) -> bool:
        s = self.state
        if not s or not s["enrolled"] or not s["delegation"] or not s["schools"]:
            return False
        return not self._expired(s["delegation"])

    @staticmethod
    def _expired(body: dict[str, Any]) -> bool:
        try:
            until = dt.datetime.fromisoformat(str(body.get("valid_until")))
        except ValueError:
            return True
        return (until if until.tzinfo else until.replace(tzinfo=dt.UTC)) < dt.datetime.now(dt.UTC)

    def _loaded(self, state: dict[str, Any]) -> None:
        self.state = state
        body = state["delegation"]
        if not state["enrolled"]:
            self._say(self.status, not_connected_text(), ERROR_STYLE)
        elif not body:
            self._say(self.status, self.tr(
                "The province has not yet given this office the right to write enrolment files. Sync this computer "
                "with the provincial server once, while there is a network (Sync → Sync now): the right comes "
                "with the province's answer and lasts about six months."), ERROR_STYLE)
        elif self._expired(body):
            self._say(self.status, self.tr(
                "The province's right to write enrolment files ended on {0}. Sync this computer with the "
                "provincial server to renew it.").format(local_day(body.get("valid_until"))), ERROR_STYLE)
        elif not state["schools"]:
            self._say(self.status, self.tr(
                "None of the schools of this office's area is on this computer yet. Import the school's USB "
                "bundles, or sync with the provincial server, then write the file."), WARN_STYLE)
        else:
            self._say(self.status, self.tr(
                "This office may write enrolment files for %n school(s) until {0}.", "",
                len(state["schools"])).format(local_day(body.get("valid_until"))))
        self.school.clear()
        for s in state["schools"]:
            self.school.addItem(f"{s['code']} – {s['name']}", s["code"])
        self._fill_issued(state["issued"])
        self._set_form_enabled(self.can_issue)
        if self.can_issue:
            self.picker.set_remembered(state["folder"])
            self.picker.refresh()
        self._update()
        self.loaded.emit()

    def _fill_issued(self, rows: list[dict[str, Any]]) -> None:
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            school = " – ".join(x for x in (r.get("school"), r.get("school_name")) if x)
            for col, text in enumerate((school, local_time(r.get("issued_at")), local_day(r.get("valid_until")),
                                        r.get("file", ""))):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def _set_form_enabled(self, enabled: bool) -> None:
        for w in (self.school, self.days, self.picker):
            w.setEnabled(enabled)

    def _update(self) -> None:
        self.write_button.setEnabled(self.can_issue and self.job is None and self.school.currentData() is not None
                                     and self.picker.folder() is not None)

    # ------------------------------------------------------------ the work
    def write(self) -> None:
        code, folder, days = self.school.currentData(), self.picker.folder(), self.days.value()
        if self.job is not None or not self.can_issue or not code:
            return
        if folder is None:
            self._say(self.result, self.tr("Choose a USB drive or a folder first."), ERROR_STYLE)
            return
        self._say(self.result, self.tr("Writing the enrolment file to {0}…").format(drives.native(folder)))
        self.run_work(write_enrolment_file, code, folder, days, progress=None, on_done=self._done)

    def _done(self, result: tuple[Path, dict[str, Any], list[dict[str, Any]]]) -> None:
        path, info, issued = result
        self._end()
        school = " – ".join(x for x in (info.get("school"), info.get("school_name")) if x)
        self._say(self.result, "\n".join((
            self.tr("Written: {0}").format(drives.native(path)),
            self.tr("Copy this file to the new computer of {0}. There, in SongMay, choose Sync → Connect to the "
                    "provincial server… → Use an enrolment file from the officer… (on a computer just installed: "
                    "“I have an enrolment file from the officer…” at the first start).").format(school),
            self.tr("One file enrols one computer. It can be used until {0}. Hand it over as you would a "
                    "password: whoever holds it can enrol a computer for this school.").format(
                local_day(info.get("valid_until"))),
        )), OK_STYLE)
        if self.state is not None:
            self.state["issued"] = issued
        self._fill_issued(issued)
        self.written.emit(path)

    def _failed(self, exc: BaseException) -> None:
        super()._failed(exc)
        self.failed.emit(exc)

    def _busy(self, busy: bool) -> None:
        self._set_form_enabled(not busy and self.can_issue)
        self._update()


def enrolment_file_action(window: Any) -> QAction:
    """"Enrolment file for a new computer…" for the Sync menu of an office's ``window``
    (a MainWindow: its ``ctx``), made once and re-labelled at each menu rebuild; the
    dialog opened last is ``window.enrolment_file_dialog``."""
    action = getattr(window, "enrolment_file_menu_action", None)
    if action is None:
        def open_() -> None:
            window.enrolment_file_dialog = EnrolmentFileDialog(window.ctx, window)
            window.enrolment_file_dialog.open()

        action = QAction(window, objectName="enrolment_file")
        action.triggered.connect(open_)
        window.enrolment_file_menu_action = action
    action.setText(QCoreApplication.translate("EnrolmentFile", "Enrolment &file for a new computer…"))
    action.setToolTip(QCoreApplication.translate(
        "EnrolmentFile", "Write a file that enrols a school's new computer without a network"))
    return action
