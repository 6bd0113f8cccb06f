"""Form helpers shared by the dialogs: a field with its inline error message below it, the
check of typed dates before saving, and the question asked when a form with unsaved
changes is closed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.dates import DateField

ERROR_COLOUR = "#b00020"


def add_field(form: QFormLayout, name: str, text: str, widget: QWidget,
              inputs: dict[str, QWidget], errors: dict[str, QLabel]) -> QWidget:
    """Add ``widget`` (objectName ``name``) with a hidden error label ``error_<name>``
    under it; both are recorded in ``inputs`` and ``errors`` for the form's code."""
    widget.setObjectName(name)
    err = QLabel(objectName=f"error_{name}")
    err.setStyleSheet(f"color: {ERROR_COLOUR}")
    err.setWordWrap(True)
    err.hide()
    box = QVBoxLayout()
    box.setSpacing(0)
    box.addWidget(widget)
    box.addWidget(err)
    form.addRow(text, box)
    inputs[name] = widget
    errors[name] = err
    return widget


# ---------------------------------------------------------------- dates typed wrong
def date_problems(dialog: QWidget) -> dict[str, str]:
    """{field name: what is wrong} for every date field of ``dialog`` whose text is not a
    date (or is empty where a date is required), each shown under its field. A form calls
    this before saving and saves nothing while it is not empty."""
    found = {}
    for f in dialog.findChildren(DateField):
        if f.isEnabled() and not f.check():
            found[f.objectName() or "date"] = f.problem()
    return found


# ---------------------------------------------------------------- unsaved changes
def form_state(dialog: QWidget) -> tuple:
    """What the user can change in ``dialog``, as a comparable value: the text, choice or
    tick of every input (date fields by their text), in the dialog's order."""
    out: list = []
    for w in dialog.findChildren(QWidget):
        if w.window() is not dialog:
            continue  # a calendar popup, a question asked over the dialog
        if isinstance(w, QLineEdit):
            if isinstance(w.parent(), (QComboBox, QAbstractSpinBox)) and not (
                    isinstance(w.parent(), QComboBox) and w.parent().isEditable()):
                continue  # a combo's or spin box's own line edit: its value is read below
            out.append(w.text().strip())
        elif isinstance(w, QComboBox):
            out.append(w.currentText() if w.isEditable() else w.currentData())
        elif isinstance(w, QCheckBox):
            out.append(w.isChecked())
        elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
            out.append(w.value())
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            out.append(w.toPlainText().strip())
        elif isinstance(w, QGroupBox) and w.isCheckable():
            out.append(w.isChecked())
        elif isinstance(w, QTableWidget):
            checks = []
            for r in range(w.rowCount()):
                item = w.item(r, 0)
                if item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                    checks.append((item.data(Qt.ItemDataRole.UserRole), item.checkState() == Qt.CheckState.Checked))
            out.append(tuple(sorted(checks, key=str)))
    return tuple(out)


class UnsavedChangesGuard:
    """Mixed into a QDialog (before QDialog in its bases): closing it (Cancel, Esc, the
    window's ×) while it holds changes asks "Lưu / Bỏ / Quay lại" instead of losing them.

    The dialog calls ``mark_clean()`` once its fields show the stored record (at the end
    of building, and again after an asynchronous fill or a save that keeps it open), and
    has a ``save()`` that closes it on success. The question is a window-modal message
    box opened without blocking (``unsaved_prompt``; buttons ``unsaved_save``,
    ``unsaved_discard``, ``unsaved_back``)."""

    _clean_state: tuple | None = None
    _leaving = False
    unsaved_prompt: QMessageBox | None = None

    def mark_clean(self) -> None:
        self._clean_state = form_state(self)

    def has_unsaved_changes(self) -> bool:
        if self._clean_state is None:
            return False
        return form_state(self) != self._clean_state

    def reject(self) -> None:
        if self._leaving or not self.has_unsaved_changes():
            super().reject()
            return
        self.ask_unsaved()

    def showEvent(self, e) -> None:
        if self._clean_state is None:
            self.mark_clean()
        super().showEvent(e)

    def ask_unsaved(self) -> QMessageBox:
        if self.unsaved_prompt is not None and self.unsaved_prompt.isVisible():
            return self.unsaved_prompt
        box = QMessageBox(
            QMessageBox.Icon.Question, QCoreApplication.translate("UnsavedChanges", "Unsaved changes"),
            QCoreApplication.translate("UnsavedChanges", "This form has changes that are not saved yet. Save them?"),
            QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("unsaved_prompt")
        save = box.addButton(QCoreApplication.translate("UnsavedChanges", "Save"),
                             QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(QCoreApplication.translate("UnsavedChanges", "Discard"),
                                QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton(QCoreApplication.translate("UnsavedChanges", "Go back"),
                             QMessageBox.ButtonRole.RejectRole)
        save.setObjectName("unsaved_save")
        discard.setObjectName("unsaved_discard")
        back.setObjectName("unsaved_back")
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(button) -> None:
            box.deleteLater()
            self.unsaved_prompt = None
            if button is save:
                self.save()
            elif button is discard:
                self.discard_changes()

        box.buttonClicked.connect(answered)
        self.unsaved_prompt = box
        box.open()
        return box

    def discard_changes(self) -> None:
        self._leaving = True
        try:
            self.reject()
        finally:
            self._leaving = False
