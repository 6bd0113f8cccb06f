"""Form helpers shared by the dialogs: a field with its inline error message below it."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

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
