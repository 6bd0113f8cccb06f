"""Sync as a teacher sees it: the status bar (changes not yet sent, the last result in
words, the server's notices, progress with Cancel, "Sync now"), the list of what the
server says of this computer's records, and "Connect to the provincial server"."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import SongMayError, SyncError
from app.queries import sync as sync_queries
from sync.client import RETRYABLE, SyncReport
from ui.context import AppContext
from ui.enrolment_file import EnrolmentFileChooser
from ui.errors import report_exception
from ui.i18n import fmt_date, fmt_number
from ui.notices import notice_kind_text, notice_text
from ui.student_form import StudentForm
from ui.sync_controller import SyncController
from ui.widgets.tables import table_widget

WARN_STYLE = "color: #b35c00; font-weight: bold"
ERROR_STYLE = "color: #b00020"
OK_STYLE = "color: #1b6e20"

# The last result in a few words (the status bar); the full sentence is the tooltip.
SHORT = {
    "sync.offline": QT_TRANSLATE_NOOP("SyncStatus", "Offline"),
    "sync.timeout": QT_TRANSLATE_NOOP("SyncStatus", "No answer from the server"),
    "sync.server_error": QT_TRANSLATE_NOOP("SyncStatus", "Server error"),
    "sync.revoked": QT_TRANSLATE_NOOP("SyncStatus", "Access revoked — contact the education office"),
    "sync.unauthorised": QT_TRANSLATE_NOOP("SyncStatus", "Not recognised by the server — connect again"),
    "sync.not_enrolled": QT_TRANSLATE_NOOP("SyncStatus", "Not connected to a server"),
    "sync.protocol_mismatch": QT_TRANSLATE_NOOP("SyncStatus", "Update SongMay to sync"),
    "sync.cancelled": QT_TRANSLATE_NOOP("SyncStatus", "Sync stopped"),
    "sync.bad_url": QT_TRANSLATE_NOOP("SyncStatus", "Server address not valid"),
}
SYNC_FAILED = QT_TRANSLATE_NOOP("SyncStatus", "Sync failed")
USB_FAILED = "usb"  # the last USB export or import stopped (cancelled, refused, stick full…)
SHORT[USB_FAILED] = QT_TRANSLATE_NOOP("SyncStatus", "The last USB export or import did not finish")

def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def local_time(value: str | dt.datetime | None) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return value.astimezone() if value.tzinfo else value


def when_text(value: str | dt.datetime | None, today: dt.date | None = None) -> str:
    """"10:42" today, "21/11/2026 10:42" another day (local time)."""
    t = local_time(value)
    if t is None:
        return ""
    if t.date() == (today or dt.datetime.now().astimezone().date()):
        return t.strftime("%H:%M")
    return f"{fmt_date(t.date().isoformat())} {t.strftime('%H:%M')}"


class SyncStatusBar(QWidget):
    """In the status bar: "Changes not yet sent: N", the last result ("Synced 10:42",
    "Offline — will retry at 10:50"…), the server's notices, progress with Cancel, and
    the "Sync now" button."""

    rendered = Signal()  # the texts changed: the navigation's sync card follows

    def __init__(self, ctx: AppContext, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.controller = controller
        self.setObjectName("sync_status")
        self.pending: int | None = None
        self.last_run: dict[str, Any] | None = None
        self.counts: dict[str, int] = {}
        self.notices_dialog: NoticesDialog | None = None
        self.enrol_dialog: EnrolDialog | None = None
        self.pending_label = QLabel(objectName="pending_label")
        self.sync_label = QLabel(objectName="sync_label")
        self.notices_button = QPushButton(objectName="sync_notices_button", flat=True)
        self.notices_button.setStyleSheet(WARN_STYLE)
        self.notices_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.notices_button.clicked.connect(self.open_notices)
        self.notices_button.hide()
        self.progress = QProgressBar(objectName="sync_progress", maximumWidth=140, textVisible=False)
        self.progress.hide()
        self.cancel_button = QToolButton(objectName="sync_cancel")
        self.cancel_button.clicked.connect(controller.cancel)
        self.cancel_button.hide()
        # persistent actions: the menus are rebuilt on a language switch, these stay
        self.sync_action = QAction(self, objectName="sync_now")
        self.sync_action.triggered.connect(lambda: controller.sync_now(manual=True))
        self.enrol_action = QAction(self, objectName="connect_server")
        self.enrol_action.triggered.connect(self.open_enrol)
        self.notices_action = QAction(self, objectName="server_notices")
        self.notices_action.triggered.connect(self.open_notices)
        self.sync_button = QToolButton(objectName="sync_now_button")
        self.sync_button.setDefaultAction(self.sync_action)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for w in (self.pending_label, self.sync_label, self.progress, self.cancel_button, self.sync_button,
                  self.notices_button):
            lay.addWidget(w)
        controller.state_changed.connect(self._render)
        controller.progress.connect(self._on_progress)
        self._retranslate()
        self.refresh()

    # ------------------------------------------------------------ data
    def refresh(self) -> None:
        self.ctx.ops.run(sync_queries.status, on_done=self._show, owner=self)

    def _show(self, result: tuple[int, dict[str, Any] | None, dict[str, int]]) -> None:
        self.pending, self.last_run, self.counts = result
        self._render()

    # ------------------------------------------------------------ texts
    def _retranslate(self) -> None:
        self.sync_action.setText(self.tr("Sync &now"))
        self.sync_action.setToolTip(self.tr("Send this computer's changes to the provincial server and receive theirs"))
        self.enrol_action.setText(self.tr("Connect to the provincial &server…"))
        self.notices_action.setText(self.tr("What the server says of our &records…"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._render()

    def result_text(self) -> tuple[str, str, str]:
        """(short text, tooltip, style) of the last result, or of the sync running now."""
        c = self.controller
        if c.running:
            if c.cancelling:
                return self.tr("Stopping the sync…"), "", ""
            if c.stage and c.stage[0] == "push":
                total = c.stage[2]
                done = min(c.stage[1], total) if total else c.stage[1]  # never "81 of 76"
                return self.tr("Sending {0} of {1}…").format(fmt_number(done), fmt_number(total)), "", ""
            if c.stage:
                return self.tr("Receiving… {0}").format(fmt_number(c.stage[1])), "", ""
            return self.tr("Syncing…"), "", ""
        key, at, tip = self._last()
        if key is None:
            return self.tr("Never synced or exported"), "", ""
        if not c.enrolled and key in RETRYABLE:  # an old failure of a connection since removed
            return _tr("SyncStatus", SHORT["sync.not_enrolled"]), "", WARN_STYLE
        if key == "ok":
            text = self.tr("Synced {0}").format(when_text(at))
            if isinstance(c.last, SyncReport) and (c.last.relayed or c.last.acks):
                text = " · ".join([text, *self.relay_texts(c.last)])
            return text, tip, OK_STYLE
        if key == "export":
            return self.tr("Last sync or export: {0}").format(when_text(at)), tip, ""
        text = _tr("SyncStatus", SHORT.get(key, SYNC_FAILED))
        if key not in ("sync.cancelled", USB_FAILED) and c.timer.isActive() and c.schedule.next_at is not None:
            text = self.tr("{0} — will retry at {1}").format(text, when_text(c.schedule.next_at))
        return text, tip, ERROR_STYLE if key in ("sync.revoked", "sync.unauthorised") else WARN_STYLE

    def relay_texts(self, r: SyncReport) -> list[str]:
        """An officer's sync: what went up for the schools, and what waits for the next stick."""
        out = []
        if r.relayed:
            out.append(self.tr("%n school bundle(s) relayed to the province", "", r.relayed))
        if r.acks:
            out.append(self.tr("acknowledgements for %n school computer(s) wait for the next Export to USB", "",
                               len(r.acks)))
        return out

    def _last(self) -> tuple[str | None, Any, str]:
        """(result key, when, full sentence) of this session's last sync, else of the store's last run."""
        c = self.controller
        if isinstance(c.last, SyncReport):
            r = c.last
            said = self.tr("Sent {0}, received {1}.").format(fmt_number(r.sent), fmt_number(r.received))
            if r.carried:
                said += " " + self.tr("%n of the relayed bundles could not be read here (sealed for the province "
                                      "only): their records came back from the province with this sync.", "",
                                      r.carried)
            if r.acks:
                said += " " + self.tr("The province's answers to the schools are in the data folder: Export to USB "
                                      "puts them on the stick.")
            return "ok", c.last_at, said
        if isinstance(c.last, SyncError):
            return c.last.key, c.last_at, c.last.message()
        run = self.last_run
        if not run:
            return None, None, ""
        if run["result"] == "ok":
            return ("ok" if run["transport"] == "http" else "export"), run["finished_at"], ""
        try:
            detail = json.loads(run.get("detail") or "{}")
        except ValueError:
            detail = {}
        key = USB_FAILED if run["transport"] == "usb" else run["result"]
        return key, run["finished_at"], str(detail.get("message", ""))

    def _render(self) -> None:
        c = self.controller
        if self.pending is None:
            self.pending_label.setText("")
        else:
            self.pending_label.setText(self.tr("Changes not yet sent: {0}").format(fmt_number(self.pending)))
        text, tip, style = self.result_text()
        self.sync_label.setText(text)
        url = c.enrolment.url if c.enrolment else ""
        self.sync_label.setToolTip("\n".join(x for x in (tip, self.tr("Server: {0}").format(url) if url else "") if x))
        self.sync_label.setStyleSheet(style)
        self.progress.setVisible(c.running)
        self.cancel_button.setVisible(c.running)
        self.cancel_button.setEnabled(not c.cancelling)
        if c.stage and c.stage[2]:
            self.progress.setRange(0, c.stage[2])
            self.progress.setValue(min(c.stage[1], c.stage[2]))
        else:
            self.progress.setRange(0, 0)  # busy: the total is not known while receiving
        self.sync_action.setEnabled(c.enrolled and not c.running)
        self.sync_button.setVisible(c.enrolled)
        total = sum(self.counts.values())
        self.notices_button.setVisible(total > 0)
        self.notices_button.setText(self.tr("%n notice(s) from the server", "", total))
        self.notices_button.setToolTip("\n".join(
            f"{notice_kind_text(k)}: {fmt_number(n)}" for k, n in sorted(self.counts.items())))
        self.notices_action.setEnabled(total > 0)
        self.rendered.emit()

    def _on_progress(self, _stage: str, _done: int, _total: int) -> None:
        self._render()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------ dialogs
    def open_notices(self) -> NoticesDialog:
        self.notices_dialog = NoticesDialog(self.ctx, self.window())
        self.notices_dialog.open()
        return self.notices_dialog

    def open_enrol(self) -> EnrolDialog:
        self.enrol_dialog = EnrolDialog(self.ctx, self.controller, self.window())
        self.enrol_dialog.open()
        return self.enrol_dialog


class SyncCard(QFrame):
    """The sync state where the eye is, under the navigation: a coloured dot with the last
    result in words, the changes not yet sent, and the one thing to do next (sync now, or
    connect to the server)."""

    def __init__(self, bar: SyncStatusBar, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar = bar
        self.setObjectName("sync_card")
        self.state = QLabel(objectName="sync_card_state", wordWrap=True)
        self.pending = QLabel(objectName="sync_card_pending", wordWrap=True)
        # the next thing to do, as a link that wraps in the narrow bar (a button would be cut)
        self.button = QLabel(objectName="sync_card_button", wordWrap=True)
        self.button.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.button.linkActivated.connect(lambda _l: self.action is not None and self.action.trigger())
        self.action: QAction | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(4)
        lay.addWidget(self.state)
        lay.addWidget(self.pending)
        lay.addWidget(self.button)
        bar.rendered.connect(self.render)
        self.render()

    def render(self) -> None:
        text, tip, style = self.bar.result_text()
        color = {OK_STYLE: "#1b6e20", ERROR_STYLE: "#b00020"}.get(style, "#b35c00" if style else "#5a6b7b")
        self.state.setText(f'<span style="color:{color}">●</span> {_html(text)}')
        self.state.setToolTip(self.bar.sync_label.toolTip())
        pending = self.bar.pending
        self.pending.setText("" if pending is None else self.tr("Changes not yet sent: {0}").format(
            fmt_number(pending)))
        self.action = self.bar.sync_action if self.bar.controller.enrolled else self.bar.enrol_action
        words = _html(self.action.text().replace("&&", "\0").replace("&", "").replace("\0", "&"))
        self.button.setText(f'<a href="do">{words}</a>' if self.action.isEnabled() else words)
        self.button.setToolTip(self.action.toolTip())


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class NoticesDialog(QDialog):
    """Each notice in words: the record, what kind, what the server says. A student's
    row opens the student's form (double-click)."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict[str, Any]] = []
        self.setObjectName("sync_notices")
        self.setWindowTitle(self.tr("What the server says of our records"))
        intro = QLabel(self.tr("The provincial server keeps these records aside or warns about them. Correct the "
                               "record here, or ask the education office; the next sync sends the correction."))
        intro.setWordWrap(True)
        heads = [self.tr("Record"), self.tr("Kind"), self.tr("What the server says")]
        self.table = table_widget("notices_table", heads, row_numbers=False, stretch=2)
        self.table.setWordWrap(True)
        self.table.cellDoubleClicked.connect(self._open_record)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        self.resize(820, 420)
        self.reload()

    def reload(self) -> None:
        self.ctx.ops.run(sync_queries.notices, on_done=self._fill, owner=self)

    def _fill(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, n in enumerate(rows):
            label = n["label"] or f"{n['record_kind']} {n['record_id'][:8]}"
            kind = QTableWidgetItem(notice_kind_text(n["kind"]))
            kind.setForeground(QColor("#b00020" if n["kind"] != "duplicate" else "#b35c00"))
            for col, item in enumerate((QTableWidgetItem(label), kind, QTableWidgetItem(notice_text(n)))):
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.loaded.emit()

    def _open_record(self, row: int, _col: int) -> None:
        n = self.rows[row]
        if n["record_kind"] == "student" and n["label"]:
            StudentForm(self.ctx, n["record_id"], self).open()


class CaFileChooser:
    """The system's file chooser for the province's CA certificate, in one place so tests can
    replace it."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> str | None:
        title = QCoreApplication.translate("CaFile", "Choose the CA certificate file from the education office")
        filters = QCoreApplication.translate("CaFile", "Certificates (*.pem *.crt *.cer);;All files (*)")
        name, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), filters)
        return name or None


class EnrolDialog(QDialog):
    """"Connect to the provincial server": the address and the one-time code the
    education office gave; the first sync starts once connected."""

    enrolled = Signal(object)  # the Enrolment

    def __init__(self, ctx: AppContext, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.controller = controller
        self.setObjectName("enrol_dialog")
        self.setWindowTitle(self.tr("Connect to the provincial server"))
        intro = QLabel(self.tr("Enter the server address and the one-time code from the education office "
                               "(Phòng/Sở GD&ĐT). Each code works once."))
        intro.setWordWrap(True)
        self.url = QLineEdit(objectName="enrol_url", placeholderText="https://songmay.example.vn")
        self.code = QLineEdit(objectName="enrol_code", placeholderText="ABCDE-FGHJK")
        self.message = QLabel(objectName="enrol_message", wordWrap=True)
        # a province running its own certificate authority hands its CA file out with the codes
        self.ca_path = ""
        self.ca_label = QLabel(objectName="enrol_ca_label", wordWrap=True)
        self.ca_button = QPushButton(self.tr("Choose…"), objectName="enrol_ca")
        self.ca_button.setToolTip(self.tr("Only if the education office gave you its CA certificate file "
                                          "(.pem, .crt) with the code: its server has its own certificate authority."))
        self.ca_button.clicked.connect(self.choose_ca)
        self.ca_clear = QPushButton(self.tr("Remove"), objectName="enrol_ca_clear")
        self.ca_clear.clicked.connect(lambda: self.set_ca_file(""))
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_label, 1)
        ca_row.addWidget(self.ca_button)
        ca_row.addWidget(self.ca_clear)
        self.set_ca_file("")
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.url)
        form.addRow(self.tr("One-time code"), self.code)
        form.addRow(self.tr("CA certificate"), ca_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton(self.tr("Connect"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setObjectName("enrol_connect")
        self.connect_button.setDefault(True)
        self.buttons.accepted.connect(self.connect_to_server)
        self.buttons.rejected.connect(self.reject)
        # without a network: the file an officer wrote for this school's new computer
        self.file_button = QPushButton(self.tr("Use an enrolment file from the officer…"), objectName="enrol_file")
        self.file_button.setToolTip(self.tr("No network here? The collecting officer can write an enrolment file "
                                            "for this school's new computer (.sme); choose it here."))
        self.file_button.clicked.connect(self.use_file)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.file_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.resize(520, 260)
        ctx.ops.run(sync_queries.server_url, on_done=self._prefill, owner=self)

    def _prefill(self, url: str) -> None:
        if url and not self.url.text():
            self.url.setText(url)

    def _say(self, text: str, style: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)

    def choose_ca(self) -> None:
        path = CaFileChooser.ask(self)
        if path:
            self.set_ca_file(path)

    def set_ca_file(self, path: str) -> None:
        """The province's CA certificate file to verify the server by ("": the system's
        store); read and checked when Connect is pressed."""
        self.ca_path = path
        self.ca_label.setText(Path(path).name if path else self.tr("None (the computer's own list)"))
        self.ca_label.setToolTip(path)
        self.ca_clear.setVisible(bool(path))

    def connect_to_server(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url or not code:
            self._say(self.tr("Enter both the server address and the code."), ERROR_STYLE)
            return
        self._busy(True)
        self._say(self.tr("Connecting to {0}…").format(url))
        self.controller.enrol(url, code, self._done, self._failed, owner=self, ca_file=self.ca_path)

    def use_file(self) -> None:
        path = EnrolmentFileChooser.ask(self)
        if not path:
            return
        self._busy(True)
        self._say(self.tr("Reading the enrolment file…"))
        self.controller.enrol_file(path, self._file_done, self._failed, owner=self)

    def _file_done(self, result: Any) -> None:
        e, unit = result
        self._say(self.tr(
            "Enrolled with the officer's file: this computer now works for {0} – {1}. Its USB bundles (Sync → Export "
            "to USB…) are now for the province and the collecting officer ({2}); the first sync with a network "
            "completes the enrolment with the provincial server.").format(
            unit["code"], unit["name"], ", ".join(unit["officers"]) or "?"), OK_STYLE)
        for w in (self.connect_button, self.file_button):
            w.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.enrolled.emit(e)

    def _busy(self, busy: bool) -> None:
        for w in (self.url, self.code, self.connect_button, self.file_button, self.ca_button, self.ca_clear):
            w.setEnabled(not busy)

    def _done(self, result: Any) -> None:
        e, unit = result
        self._say(self.tr("Connected. This computer now syncs {0} – {1} with {2}; the first sync has started.").format(
            e.unit_code, unit["name"], e.url), OK_STYLE)
        self.connect_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.enrolled.emit(e)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if isinstance(exc, SyncError) and exc.key in RETRYABLE and not self.controller.enrolled:
            # not connected yet: nothing waits to "be sent when a connection appears"
            self._say(self.tr("Could not reach the server {0}. Check the address and the network, then press "
                              "Connect again. This computer is not connected to the server yet: its data stay "
                              "here and can go by USB stick meanwhile.").format(self.url.text().strip()),
                      ERROR_STYLE)
        elif isinstance(exc, SongMayError):
            self._say(exc.message(), ERROR_STYLE)
        else:
            self._say("")
            report_exception(exc, self)
