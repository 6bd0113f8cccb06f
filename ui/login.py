"""The sign-in dialog: at start-up when this computer has several users, and when another
teacher takes the laptop (the main window's "Switch user")."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.workflow import ROLES
from ui import i18n
from ui.context import User


class LoginDialog(QDialog):
    """Who is working: shown when this computer has several users. The PIN box has the
    focus (choose the name only when it is another's); a wrong PIN says so."""

    def __init__(self, users: list[dict], check_pin: Callable[[str, str], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("login")
        self.setWindowTitle(self.tr("Sign in"))
        self.users = users
        self.check_pin = check_pin
        self.who = QComboBox(objectName="login_user")
        for u in users:
            self.who.addItem(u["name"], u["id"])
        self.role = QLabel(objectName="login_role")
        self.pin = QLineEdit(objectName="login_pin", echoMode=QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.problem = QLabel(objectName="login_problem", wordWrap=True)
        self.problem.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        form.addRow(self.tr("User"), self.who)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("PIN"), self.pin)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.who.currentIndexChanged.connect(self._user_changed)
        self.pin.textEdited.connect(lambda _t: self.problem.clear())
        self._user_changed()
        self.setFocusProxy(self.pin)
        self.pin.setFocus()

    def _user_changed(self) -> None:
        u = self.users[self.who.currentIndex()] if self.users else None
        lang = 1 if i18n.current() == "en" else 0
        self.role.setText(ROLES.get(u["role"], (u["role"], u["role"]))[lang] if u else "")
        self.problem.clear()
        self.pin.clear()
        self.pin.setFocus()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.pin.setFocus()

    def _try(self) -> None:
        if self.check_pin(self.who.currentData(), self.pin.text()):
            self.accept()
        else:
            self.problem.setText(self.tr("Wrong PIN for {0}. Type it again, or choose your own name above.")
                                 .format(self.who.currentText()))
            self.pin.clear()
            self.pin.setFocus()

    def user(self) -> User:
        u = self.users[self.who.currentIndex()]
        return User(u["id"], u["name"], u["role"])
