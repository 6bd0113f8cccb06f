"""USB bundles in the desktop app: the Sync menu's two actions. "Export to USB…" is
ui.usb_export, "Import from USB…" ui.usb_import (what they share is ui.usb_common); the
work is sync.usb's, run on the database worker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from ui.usb_export import ExportDialog
from ui.usb_import import ImportDialog


def usb_actions(window: Any) -> list[QAction]:
    """"Export to USB…" and "Import from USB…" for the Sync menu of ``window`` (a
    MainWindow: its ``ctx``), made once and re-labelled in the current language at each
    menu rebuild; the dialog opened last is ``window.usb_dialog``."""
    actions = getattr(window, "usb_menu_actions", None)
    if actions is None:
        def export() -> None:
            window.usb_dialog = ExportDialog(window.ctx, window)
            window.usb_dialog.open()

        def import_() -> None:
            window.usb_dialog = ImportDialog(window.ctx, window)
            window.usb_dialog.open()

        actions = [QAction(window, objectName="usb_export"), QAction(window, objectName="usb_import")]
        actions[0].triggered.connect(export)
        actions[1].triggered.connect(import_)
        window.usb_menu_actions = actions
    out, into = actions
    out.setText(QCoreApplication.translate("Usb", "&Export to USB…"))
    out.setToolTip(QCoreApplication.translate(
        "Usb", "Write what the provincial server does not have yet to a USB stick, for the collecting officer"))
    into.setText(QCoreApplication.translate("Usb", "&Import from USB…"))
    into.setToolTip(QCoreApplication.translate(
        "Usb", "Read the bundles on a USB stick: the schools' data, or the province's acknowledgements"))
    return actions
