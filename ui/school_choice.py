"""Which school? Asked by an office installation before a child is added or a class list
imported (a school installation adds to itself and is never asked)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget


class SchoolChoiceDialog(QDialog):
    """A list of the area's schools, ``preselected`` chosen (the students list's filter);
    OK hands the school ({id, code, name}) to ``then``."""

    def __init__(self, schools: list[dict], purpose: str, then: Callable[[dict], None],
                 preselected: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("school_choice")
        self.setWindowTitle(self.tr("Which school?"))
        self._then = then
        text = QLabel(purpose, objectName="school_choice_text", wordWrap=True)
        self.school = QComboBox(objectName="school_choice_combo")
        self.school.addItem(self.tr("– choose the school –"), None)
        for s in schools:
            self.school.addItem(f"{s['name']} ({s['code']})", s)
        found = next((i + 1 for i, s in enumerate(schools) if s["id"] == preselected), 0)
        if len(schools) == 1:
            found = 1  # the only school of the area
        self.school.setCurrentIndex(found)
        form = QFormLayout()
        form.addRow(self.tr("School"), self.school)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("school_choice_ok")
        self.ok.setText(self.tr("Continue"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.school.currentIndexChanged.connect(lambda _i: self.ok.setEnabled(self.chosen() is not None))
        self.ok.setEnabled(self.chosen() is not None)
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def chosen(self) -> dict | None:
        return self.school.currentData()

    def accept(self) -> None:
        school = self.chosen()
        if school is None:
            return
        super().accept()
        self._then(school)
