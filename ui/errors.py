"""One bridge for errors: known errors → a clear message in the user's language;
anything else → a dialog with "Copy details", and the traceback in songmay.log."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.errors import SongMayError

log = logging.getLogger("songmay.ui")
_log_file: Path | None = None


def setup_logging(data_dir: Path) -> Path:
    """Log warnings and errors of the app to ``songmay.log`` in the data folder."""
    global _log_file
    data_dir.mkdir(parents=True, exist_ok=True)
    _log_file = data_dir / "songmay.log"
    handler = logging.FileHandler(_log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("songmay")
    if not any(isinstance(h, logging.FileHandler) and Path(h.baseFilename) == _log_file for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    sys.excepthook = _excepthook
    return _log_file


def _excepthook(exc_type, exc, tb) -> None:
    report_exception(exc, tb=tb)


class ErrorDialog(QDialog):
    """For the unexpected: what happened in plain words, details to copy for support."""

    def __init__(self, summary: str, details: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("Errors", "Unexpected error"))
        self.details = details
        lay = QVBoxLayout(self)
        text = QLabel(
            QCoreApplication.translate(
                "Errors", "Something went wrong that SongMay did not expect. What you saved before is safe.")
            + "\n\n" + summary
            + ("\n\n" + QCoreApplication.translate("Errors", "The details were written to {0}.").format(_log_file)
               if _log_file else "")
        )
        text.setWordWrap(True)
        lay.addWidget(text)
        box = QPlainTextEdit(details)
        box.setReadOnly(True)
        box.setObjectName("details")
        lay.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(QCoreApplication.translate("Errors", "Copy details"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 380)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)


def known_message(exc: BaseException) -> str | None:
    if isinstance(exc, SongMayError):
        return exc.message()
    return None


def report_exception(exc: BaseException, parent: QWidget | None = None, tb=None) -> None:
    """Show ``exc`` to the user; log the unexpected ones with their traceback."""
    msg = known_message(exc)
    if msg is not None:
        log.info("known error shown: %s", exc)
        show_warning(parent, msg)
        return
    details = f"SongMay {__version__}\n" + "".join(
        traceback.format_exception(type(exc), exc, tb or exc.__traceback__))
    log.error("unexpected error\n%s", details)
    if QApplication.instance() is None:
        print(details, file=sys.stderr)
        return
    ErrorDialog(f"{type(exc).__name__}: {exc}", details, parent or QApplication.activeWindow()).exec()


def show_warning(parent: QWidget | None, message: str) -> None:
    """A known problem, said plainly (through ``Dialogs.warn``, which tests replace)."""
    Dialogs.warn(parent, message)


class Dialogs:
    """Modal questions and notices in one place, so tests can replace them
    (pytest-qt's advice for dialogs)."""

    @staticmethod
    def warn(parent: QWidget | None, message: str) -> None:
        QMessageBox.warning(parent, QCoreApplication.translate("Errors", "SongMay"), message)

    @staticmethod
    def info(parent: QWidget | None, message: str) -> None:
        QMessageBox.information(parent, QCoreApplication.translate("Errors", "SongMay"), message)

    @staticmethod
    def confirm(parent: QWidget | None, message: str) -> bool:
        answer = QMessageBox.question(parent, QCoreApplication.translate("Errors", "SongMay"), message)
        return answer == QMessageBox.StandardButton.Yes

    @staticmethod
    def ask_text(parent: QWidget | None, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(parent, title, label)
        return text if ok else None

    @staticmethod
    def open_file(parent: QWidget | None, title: str, filters: str) -> str | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
        return name or None

    @staticmethod
    def save_file(parent: QWidget | None, title: str, suggested: str, filters: str) -> str | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return name or None
