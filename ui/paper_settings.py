"""File → Paper settings… ("Thiết lập văn bản…"): what the unit's papers print about it
(``app.paper.PaperSettings``): the managing body above its name, the symbol in report
numbers, who signs and as what, "Nơi nhận", the date line's place and the representative
at handovers. Read with ``app.paper.paper_settings``, saved with ``app.ops.paper.save``;
both through the operations runner."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.ops import paper as paper_ops
from app.paper import SIGN_FOR, PaperSettings, paper_settings
from ui.errors import report_exception


class PaperSettingsDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("paper_settings")
        self.setWindowTitle(self.tr("Paper settings"))
        self.loaded: PaperSettings | None = None
        form = QFormLayout()

        def line(name: str, hint: str) -> QLineEdit:
            edit = QLineEdit(objectName=name)
            edit.setPlaceholderText(hint)
            return edit

        self.managing_body = line("managing_body", self.tr("e.g. UBND XÃ NẬM CHA (empty: worked out)"))
        self.symbol = line("symbol", self.tr("e.g. BC-THCSLL → No. 01/BC-THCSLL"))
        self.head_title = line("head_title", self.tr("e.g. HIỆU TRƯỞNG"))
        self.sign_for = QComboBox(objectName="sign_for")
        for code, text in zip(SIGN_FOR, (self.tr("The head signs"), self.tr("KT. — a deputy signs for the head"),
                                          self.tr("TM. — for a collective body"), self.tr("TL."),
                                          self.tr("TUQ.")), strict=True):
            self.sign_for.addItem(text, code)
        self.signer_title = line("signer_title", self.tr("e.g. PHÓ HIỆU TRƯỞNG (when signing for the head)"))
        self.signer_name = line("signer_name", self.tr("Full name of who signs"))
        self.recipients = QPlainTextEdit(objectName="recipients")
        self.recipients.setPlaceholderText(self.tr("One a line, e.g.\nPhòng GD&ĐT …\nLưu: VT"))
        self.recipients.setMaximumHeight(90)
        self.place = line("place", self.tr("The date line's place (empty: the commune)"))
        self.representative = line("representative", self.tr("Who hands devices over for the school"))
        self.representative_title = line("representative_title", self.tr("e.g. Hiệu trưởng"))
        form.addRow(self.tr("Managing body:"), self.managing_body)
        form.addRow(self.tr("Symbol:"), self.symbol)
        form.addRow(self.tr("Head's position:"), self.head_title)
        form.addRow(self.tr("Signing:"), self.sign_for)
        form.addRow(self.tr("Signer's position:"), self.signer_title)
        form.addRow(self.tr("Signer's name:"), self.signer_name)
        form.addRow(self.tr("Recipients (Nơi nhận):"), self.recipients)
        form.addRow(self.tr("Place:"), self.place)
        form.addRow(self.tr("Representative at handovers:"), self.representative)
        form.addRow(self.tr("Their position:"), self.representative_title)
        note = QLabel(self.tr("Empty fields take the defaults of the unit's level. Reports already submitted keep "
                              "the settings they were submitted with."), wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(note)
        box.addWidget(self.buttons)
        self.ctx.ops.run(paper_settings, on_done=self.show_settings, owner=self)

    def show_settings(self, settings: PaperSettings) -> None:
        self.loaded = settings
        for name in ("managing_body", "symbol", "head_title", "signer_title", "signer_name", "place",
                     "representative", "representative_title"):
            getattr(self, name).setText(getattr(settings, name))
        self.sign_for.setCurrentIndex(max(0, self.sign_for.findData(settings.sign_for)))
        self.recipients.setPlainText("\n".join(settings.recipients))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)

    def settings(self) -> PaperSettings:
        values = {name: getattr(self, name).text() for name in (
            "managing_body", "symbol", "head_title", "signer_title", "signer_name", "place", "representative",
            "representative_title")}
        return PaperSettings(**values, sign_for=self.sign_for.currentData() or "",
                             recipients=self.recipients.toPlainText().splitlines())

    def save(self) -> None:
        self.buttons.setEnabled(False)
        self.ctx.ops.run(paper_ops.save, self.settings(), on_done=self._saved,
                         on_error=self._failed, owner=self, parent=self)

    def _saved(self, _settings: PaperSettings) -> None:
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        report_exception(exc, self)


def open_paper_settings(window) -> PaperSettingsDialog:
    """File → Paper settings… (ui/mainwindow.py)."""
    dialog = PaperSettingsDialog(window.ctx, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    window._paper_dialog = dialog  # noqa: SLF001 (a test hook: tests reach the dialog here)
    return dialog
