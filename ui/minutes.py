"""Writing, opening and printing handover minutes from any screen: the handover page, and
the student's form ("In biên bản…"). The minute's data is read on the database lane
(``app.queries.handovers.minutes``), the PDF written on a pool thread by ``ui.minute_pdf``,
then offered to open or print through ``MinuteActions`` (replaceable in tests, like ``Dialogs``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from shiboken6 import isValid

from app.errors import SongMayError
from app.queries import handovers as hq
from app.queries.handovers import minute_file_name
from ui import minute_pdf  # the module: tests replace its writer
from ui.context import AppContext
from ui.tasks import run_in_pool


def guarded(widget: QWidget, fn):
    """``fn`` as a pool-job callback that does nothing once ``widget`` was deleted
    (run_in_pool has no ``owner`` like DbWorker.submit)."""
    return lambda *args: fn(*args) if isValid(widget) else None


class MinuteActions:
    """Opening and printing a minute, in one place so tests can replace them."""

    @staticmethod
    def offer(parent: QWidget | None, minutes: list[tuple[Path, dict]]) -> None:
        box = QMessageBox(parent)
        where = "\n".join(str(p) for p, _m in minutes)
        box.setWindowTitle(QCoreApplication.translate("MinuteActions", "Minute"))
        box.setText(QCoreApplication.translate("MinuteActions", "The minute was saved to {0}.").format(where))
        open_button = box.addButton(QCoreApplication.translate("MinuteActions", "Open"),
                                    QMessageBox.ButtonRole.AcceptRole)
        print_button = box.addButton(QCoreApplication.translate("MinuteActions", "Print…"),
                                     QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if not isValid(box):  # its window was closed under it (the app quitting)
            return
        if box.clickedButton() is open_button:
            for path, _m in minutes:
                MinuteActions.open(path, parent)
        elif box.clickedButton() is print_button:
            for _p, minute in minutes:
                MinuteActions.print(parent, minute)

    @staticmethod
    def open(path: Path, parent: QWidget | None = None) -> bool:
        """Open the minute in this computer's PDF viewer; with none installed, say so and
        offer the folder it is in (the file can be copied or printed from elsewhere)."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return True
        MinuteActions.no_viewer(parent, Path(path))
        return False

    @staticmethod
    def no_viewer(parent: QWidget | None, path: Path) -> QMessageBox:
        """The message when no program opens PDF files, with a button opening the folder
        (shown with open(), not exec(): it does not stop the rest of the app)."""
        box = QMessageBox(parent)
        box.setObjectName("no_pdf_viewer")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(QCoreApplication.translate("MinuteActions", "Minute"))
        box.setText(QCoreApplication.translate(
            "MinuteActions", "This computer has no program that opens PDF files, so the minute could not be shown. "
            "It is saved as {0}: open its folder to copy or print it, or install a PDF reader.").format(path))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder = box.addButton(QCoreApplication.translate("MinuteActions", "Open the folder"),
                               QMessageBox.ButtonRole.ActionRole)
        folder.setObjectName("open_folder")
        box.addButton(QMessageBox.StandardButton.Close)
        folder.clicked.connect(lambda: MinuteActions.open_folder(box.parentWidget(), path.parent))
        box.open()
        return box

    @staticmethod
    def open_folder(parent: QWidget | None, folder: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            text = QCoreApplication.translate(
                "MinuteActions", "The folder could not be opened either. The minutes are in {0}.").format(folder)
            QMessageBox.information(parent, QCoreApplication.translate("MinuteActions", "Minute"), text)

    @staticmethod
    def print(parent: QWidget | None, minute: dict) -> None:
        """Print on the GUI thread: the user is in a modal print dialog anyway."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted:
            minute_pdf.render_minute(printer, minute)


def write_minutes(ctx: AppContext, handover_ids: list[str], on_done, on_error=None) -> None:
    """Read the minutes on the database thread, write the PDFs on a pool thread; then
    ``on_done([(path, minute), …])`` on the GUI thread."""
    folder = ctx.data_dir / "minutes"

    def write(minutes: list[dict]) -> list[tuple[Path, dict]]:
        out = []
        for m in minutes:
            path = folder / minute_file_name(m["number"])
            try:
                out.append((minute_pdf.write_minute_pdf(path, m), m))
            except OSError as e:
                raise SongMayError("handover.minute_not_written", path=str(path), detail=str(e)) from e
        return out

    ctx.ops.run(hq.minutes, handover_ids,
                on_done=lambda minutes: run_in_pool(ctx.worker, lambda: write(minutes), on_done, on_error),
                on_error=on_error)
