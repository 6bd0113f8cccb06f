"""The form dialog base of the stock dialogs (receive a device, a list, a SIM, a donation,
an allocation decision, a receipt)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from app.errors import SongMayError, ValidationError
from ui.context import AppContext
from ui.dates import DateField
from ui.errors import report_exception
from ui.forms import ERROR_COLOUR, UnsavedChangesGuard, add_field, date_problems


class FormDialog(UnsavedChangesGuard, QDialog):
    """Fields with an inline error label under each (``_add``; ``show_errors`` puts a
    refused record's problems under its fields), a message line, Save/Cancel; Enter in a
    field never closes it unsaved, and closed with unsaved changes it asks whether to save
    them (ui.forms.UnsavedChangesGuard). A subclass lays out its fields and ``save``s."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.saving = False
        self.message = QLabel(objectName="form_message")
        self.message.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _add(self, form: QFormLayout, name: str, text: str, widget: QWidget) -> QWidget:
        return add_field(form, name, text, widget, self.inputs, self.errors)

    @staticmethod
    def _date_edit(allow_empty: bool = False, max_today: bool = False) -> DateField:
        """A typed date (ui.dates): empty where optional, else today until changed; its
        calendar opens at the current month when it is empty."""
        w = DateField(None if allow_empty else QDate.currentDate(), optional=allow_empty,
                      minimum=QDate(2000, 1, 1))
        if max_today:
            w.setMaximumDate(QDate.currentDate())
        return w

    def dates_ok(self) -> bool:
        """False (each problem shown under its field) while a typed date is not a date."""
        problems = date_problems(self)
        if problems:
            self.message.setText(QCoreApplication.translate("Forms", "Check the dates marked in red."))
        return not problems

    @staticmethod
    def _value(w: QWidget):
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QSpinBox):
            return w.value()
        if isinstance(w, DateField):
            return w.iso()
        return None

    def values(self, names) -> dict:
        return {n: self._value(self.inputs[n]) for n in names if n in self.inputs}

    def show_errors(self, by_field: dict[str, str], summary: str = "") -> None:
        for field, text in by_field.items():
            if field in self.errors:
                self.errors[field].setText(text)
                self.errors[field].show()
        rest = [t for f, t in by_field.items() if f not in self.errors]
        self.message.setText(" ".join(rest) if rest or by_field else summary)

    def clear_errors(self) -> None:
        for e in self.errors.values():
            e.hide()
            e.setText("")
        self.message.setText("")

    def _saving(self, on: bool) -> None:
        """While a save runs the form can be neither saved again nor closed."""
        self.saving = on
        self.buttons.setEnabled(not on)

    def reject(self) -> None:
        if not self.saving:
            super().reject()

    def failed(self, exc: BaseException) -> None:
        self._saving(False)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.by_field(), exc.message())
        elif isinstance(exc, SongMayError):
            self.message.setText(exc.message())
        else:
            report_exception(exc, self)

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def keyPressEvent(self, e) -> None:  # Enter in a field must not close the form unsaved
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(e)
