"""What the USB dialogs share (DESIGN §3): their base (``UsbDialog``: the work through the
operations runner, its progress with Cancel, what a failure says), the place picker, the
not-connected notice, the styles. The dialogs are ui.usb_export and ui.usb_import (and the
enrolment file's, ui.enrolment_file); the Sync menu's actions are ui.usb's; the work is
sync.ops's."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QToolButton,
    QWidget,
)

from app.errors import SongMayError
from ui import drives
from ui.context import AppContext
from ui.errors import report_exception
from ui.tasks import Job, run_in_pool

log = logging.getLogger("songmay.ui")

PROGRESS_AFTER_MS = 600
ERROR_STYLE = "color: #b00020"
OK_STYLE = "color: #1b6e20"
EXTENSION = ".smb"


def not_connected_text() -> str:
    """Said instead of "bundle.not_enrolled" (whose advice is the command line's)."""
    return QCoreApplication.translate(
        "Usb", "This computer is not connected to the provincial server yet, so it has no keys to seal or open "
        "USB bundles. Connect it first: Sync → Connect to the provincial server…, with the address and the "
        "one-time code from the education office (an officer can also give an enrolment file).")


class PlacePicker(QWidget):
    """Where bundles go or come from: the removable drives found now (the first one
    chosen), the folder used last time, or a folder (and, for import, files) chosen with
    the system's dialog. Drives are looked for on the thread pool."""

    changed = Signal()
    detected = Signal()  # the drive list is (re)filled

    def __init__(self, ctx: AppContext, *, files: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.drives: list[drives.Drive] = []
        self.remembered = ""  # the folder used last time, when it is there now
        self._remembered_setting = ""  # the folder used last time, as the store keeps it
        self._chosen: list[tuple[str, list[str]]] = []  # (text, paths) the user picked, newest first
        self.combo = QComboBox(objectName="usb_place")
        self.combo.setMinimumContentsLength(36)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.refresh_button = QToolButton(objectName="usb_refresh")
        self.refresh_button.setText(self.tr("Look again"))
        self.refresh_button.setToolTip(self.tr("Look again for USB drives (after plugging one in)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.folder_button = QPushButton(self.tr("Choose folder…"), objectName="usb_choose_folder")
        self.folder_button.clicked.connect(self.choose_folder)
        self.files_button: QPushButton | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.combo, 1)
        lay.addWidget(self.refresh_button)
        lay.addWidget(self.folder_button)
        if files:
            self.files_button = QPushButton(self.tr("Choose files…"), objectName="usb_choose_files")
            self.files_button.clicked.connect(self.choose_files)
            lay.addWidget(self.files_button)
        self._fill()

    # ------------------------------------------------------------ choices
    def set_remembered(self, folder: str) -> None:
        """The folder used last time (checked for being there at the next ``refresh``)."""
        self._remembered_setting = folder

    def refresh(self) -> None:
        folder = self._remembered_setting

        def look() -> tuple[list[drives.Drive], str]:
            return drives.detect(), folder if folder and Path(folder).is_dir() else ""

        self.refresh_button.setEnabled(False)
        job = run_in_pool(self.ctx.worker, look, self._detected, self._detect_failed)
        job.owner = self

    def _detected(self, result: tuple[list[drives.Drive], str]) -> None:
        self.drives, self.remembered = result
        self.refresh_button.setEnabled(True)
        self._fill()
        self.detected.emit()

    def _detect_failed(self, exc: BaseException) -> None:
        log.warning("looking for USB drives failed: %r", exc)
        self._detected(([], ""))

    def _items(self) -> list[tuple[str, list[str]]]:
        items = list(self._chosen)
        roots = {d.root for d in self.drives}
        if self.remembered and self.remembered not in roots and all(p != [self.remembered] for _t, p in items):
            items.append((drives.native(self.remembered), [self.remembered]))
        for d in self.drives:
            name = d.label or (self.tr("USB drive") if d.removable else self.tr("Drive"))
            text = self.tr("{0} ({1}) — {2} free").format(name, drives.native(d.root), drives.size_text(d.free))
            items.append((text, [d.root]))
        return items

    def _default(self, items: list[tuple[str, list[str]]]) -> int:
        """A choice of the user's first; then the folder used last time if it is on a
        removable drive there now (or none is); then the first removable drive."""
        if self._chosen:
            return 0
        removable = [d.root for d in self.drives if d.removable]
        for i, (_t, paths) in enumerate(items):
            if paths == [self.remembered] and self.remembered and (
                    not removable or any(_inside(self.remembered, r) for r in removable)):
                return i
        for i, (_t, paths) in enumerate(items):
            if removable and paths == [removable[0]]:
                return i
        return 0

    def _fill(self) -> None:
        current = self.paths()
        items = self._items()
        self.combo.blockSignals(True)
        self.combo.clear()
        for text, paths in items:
            self.combo.addItem(text, paths)
            self.combo.setItemData(self.combo.count() - 1, "\n".join(drives.native(p) for p in paths),
                                   Qt.ItemDataRole.ToolTipRole)
        if not items:
            self.combo.setPlaceholderText(self.tr("No USB drive found: plug one in and look again, or choose a folder"))
        keep = next((i for i, (_t, p) in enumerate(items) if current and p == current), None)
        self.combo.setCurrentIndex(keep if keep is not None else (self._default(items) if items else -1))
        self.combo.blockSignals(False)
        self.changed.emit()

    def choose_folder(self) -> None:
        start = (self.paths() or [self.remembered or str(Path.home())])[0]
        folder = drives.Ask.folder(self.window(), self.tr("Choose the folder of the bundles"), start)
        if folder:
            self._pick(drives.native(folder), [folder])

    def choose_files(self) -> None:
        start = (self.paths() or [self.remembered or str(Path.home())])[0]
        names = drives.Ask.files(self.window(), self.tr("Choose bundles"), start,
                                 self.tr("SongMay bundles (*.smb);;All files (*)"))
        if names:
            text = Path(names[0]).name if len(names) == 1 else self.tr("%n file(s) in {0}", "", len(names)).format(
                drives.native(Path(names[0]).parent))
            self._pick(text, names)

    def _pick(self, text: str, paths: list[str]) -> None:
        self._chosen = [(text, paths), *((t, p) for t, p in self._chosen if p != paths)]
        self.combo.blockSignals(True)
        self.combo.clear()  # _fill keeps the current choice: the new one must win
        self.combo.blockSignals(False)
        self._fill()
        self.combo.setCurrentIndex(0)

    # ------------------------------------------------------------ the answer
    def paths(self) -> list[str]:
        data = self.combo.currentData() if self.combo.currentIndex() >= 0 else None
        return list(data) if data else []

    def folder(self) -> str | None:
        """The chosen folder (export), or None when files or nothing are chosen."""
        paths = self.paths()
        return paths[0] if len(paths) == 1 and not paths[0].lower().endswith(EXTENSION) else None


def _inside(path: str, root: str) -> bool:
    """``path`` is ``root`` or below it (by name only: no disk access on the GUI thread)."""
    return Path(os.path.normcase(os.path.normpath(path))).is_relative_to(os.path.normcase(os.path.normpath(root)))


def make_progress(parent: QWidget, text: str, cancel) -> QProgressDialog:
    """Shown only when the work lasts over ~600 ms; Cancel calls ``cancel``."""
    progress = QProgressDialog(text, QCoreApplication.translate("Usb", "Cancel"), 0, 0, parent)
    progress.setObjectName("usb_progress")
    progress.setWindowTitle(parent.windowTitle())
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setMinimumDuration(PROGRESS_AFTER_MS)
    progress.canceled.connect(cancel)
    progress.setValue(0)
    return progress


def close_progress(progress: QProgressDialog | None) -> None:
    if progress is not None and shiboken6.isValid(progress):
        progress.close()
        progress.deleteLater()


class UsbDialog(QDialog):
    """A dialog whose work (sync.ops) runs through the operations runner, one job at a
    time (``job``): with a progress dialog of its own (``progress``: its text follows the
    work) whose Cancel stops the work at its next check, the outcome said in
    ``self.outcome`` (a label), a failure said there in words (the error dialog for a bug).
    Close (or Esc) during work with progress cancels first. Subclasses set ``outcome`` and
    say what busy means (``_busy``)."""

    outcome: QLabel

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.enrolled: bool | None = None
        self.job: Job | None = None
        self.progress: QProgressDialog | None = None
        self._cancelling = self._cancelled = ""  # what a cancel says (run_work)

    @property
    def officer(self) -> bool:
        return self.ctx.unit.get("kind", "school") != "school"

    @staticmethod
    def _say(label: QLabel, text: str, style: str = "") -> None:
        label.setText(text)
        label.setStyleSheet(style)

    def run_work(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None],
                 progress: str | None = None, step: Callable[[int, int], str] | None = None,
                 cancelling: str = "", cancelled: str = "", on_progress: Callable[[int, int], None] | None = None,
                 **kwargs: Any) -> None:
        """``fn(store, *args, **kwargs)`` on the database lane. ``progress``: the text of
        the progress dialog, shown if it lasts (None: none, and no cancel); ``step(done,
        total)``: its text as the work goes on; ``cancelling``: said in ``outcome`` once
        Cancel was pressed, ``cancelled`` if the work had not begun."""
        self._cancelling, self._cancelled = cancelling, cancelled
        self.progress = make_progress(self, progress, self.cancel) if progress else None

        def moved(done: int, total: int) -> None:
            if on_progress is not None:
                on_progress(done, total)
            if self.progress is not None and not self.progress.wasCanceled():
                self.progress.setMaximum(max(total, 1))
                self.progress.setValue(min(done, total))
                if step is not None:
                    self.progress.setLabelText(step(done, total))

        self.job = self.ctx.ops.run(fn, *args, on_done=on_done, on_error=self._failed, on_progress=moved,
                                    on_cancelled=self._stopped, owner=self, **kwargs)
        self._busy(True)

    def _stopped(self) -> None:
        """Cancelled before it began: nothing was done."""
        self._end()
        self._say(self.outcome, self._cancelled)

    def cancel(self) -> None:
        """Stop the work at its next check: it ends in its ``on_done`` (an import stopped
        between bundles), a failure (an export cancelled) or its ``on_cancelled`` (it had
        not begun)."""
        if self.job is None or self.job.cancelled:
            return
        self._say(self.outcome, self._cancelling)
        self.ctx.ops.cancel(self.job)

    def failure_text(self, exc: BaseException) -> str:
        """What a failure says in ``outcome``: the message, or how to connect first; a bug
        goes to the error dialog and says nothing here."""
        if isinstance(exc, SongMayError):
            return not_connected_text() if exc.key == "bundle.not_enrolled" else exc.message()
        report_exception(exc, self)
        return ""

    def _failed(self, exc: BaseException) -> None:
        self._end()
        self._say(self.outcome, self.failure_text(exc), ERROR_STYLE)

    def _end(self) -> None:
        self.job = None
        close_progress(self.progress)
        self.progress = None
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        """Enable or disable what may not change while the work runs."""

    def reject(self) -> None:
        """Close; while working with progress, Close (or Esc) cancels first."""
        if self.job is not None and self.progress is not None:
            self.cancel()
            return
        super().reject()
