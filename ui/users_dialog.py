"""File → Users…: the people who sign in on this computer. The head or an officer adds
teachers and heads, disables an account and resets a forgotten PIN (app.ops.users); the last
head is kept. While the computer has no head nor officer, its users may add one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import users as U
from app.errors import SongMayError
from app.ops import users as user_ops
from app.queries.users import accounts
from app.workflow import ROLES
from ui import i18n
from ui.context import AppContext
from ui.errors import Dialogs, report_exception
from ui.widgets.tables import table_widget

OK_STYLE, BAD_STYLE = "color: #1b6e20", "color: #b00020"


class UsersDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("users_dialog")
        self.setWindowTitle(self.tr("Users of this computer"))
        self.rows: list[dict] = []
        self.may_manage = False

        self.table = table_widget("users_table", [self.tr("Name"), self.tr("Role"), self.tr("State")], single=True,
                                  row_numbers=False, stretch=0)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.note = QLabel(objectName="users_note", wordWrap=True)

        # the selected user: disable, or a new PIN
        self.disable_button = QPushButton(self.tr("Disable"), objectName="users_disable")
        self.disable_button.clicked.connect(self.disable_selected)
        self.new_pin = QLineEdit(objectName="users_new_pin", echoMode=QLineEdit.EchoMode.Password)
        self.new_pin.setPlaceholderText(self.tr("new PIN (4–8 digits)"))
        self.new_pin.setMaxLength(8)
        self.new_pin.setMinimumWidth(190)
        self.reset_button = QPushButton(self.tr("Reset PIN"), objectName="users_reset_pin")
        self.reset_button.clicked.connect(self.reset_selected)
        selected = QHBoxLayout()
        selected.addWidget(self.disable_button)
        selected.addStretch(1)
        selected.addWidget(self.new_pin)
        selected.addWidget(self.reset_button)

        # a new user
        self.add_box = QGroupBox(self.tr("Add a user"), objectName="users_add_box")
        self.name = QLineEdit(objectName="users_name")
        self.role = QComboBox(objectName="users_role")
        school = ctx.unit.get("kind", "school") == "school"
        roles = ("teacher", "head") if school else ("officer", "province", "teacher")
        lang = 1 if i18n.current() == "en" else 0
        for r in roles:
            self.role.addItem(ROLES[r][lang], r)
        self.pin = QLineEdit(objectName="users_pin", echoMode=QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin2 = QLineEdit(objectName="users_pin2", echoMode=QLineEdit.EchoMode.Password)
        self.pin2.setMaxLength(8)
        self.add_button = QPushButton(self.tr("Add"), objectName="users_add")
        self.add_button.clicked.connect(self.add)
        form = QFormLayout(self.add_box)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("PIN (4–8 digits)"), self.pin)
        form.addRow(self.tr("PIN again"), self.pin2)
        form.addRow(self.add_button)

        self.message = QLabel(objectName="users_message", wordWrap=True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        lay.addLayout(selected)
        lay.addWidget(self.add_box)
        lay.addWidget(self.message)
        lay.addWidget(close)
        self.resize(560, 520)
        self._enable()
        self.refresh()

    # ------------------------------------------------------------------ reading
    def refresh(self) -> None:
        self.ctx.ops.run(accounts, on_done=self._show, on_error=self._failed, owner=self)

    def _show(self, got: dict) -> None:
        self.rows = got["users"]
        managers = got["managers"]
        me = self.ctx.user.role
        self.may_manage = me in U.MANAGER_ROLES or not managers
        lang = 1 if i18n.current() == "en" else 0
        self.table.setRowCount(len(self.rows))
        for i, u in enumerate(self.rows):
            cells = (u["name"], ROLES.get(u["role"], (u["role"], u["role"]))[lang],
                     self.tr("disabled") if u["disabled"] else self.tr("active"))
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if u["disabled"]:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(i, j, item)
        if me in U.MANAGER_ROLES:
            self.note.setText(self.tr("You add teachers and heads, disable an account that is no longer used and "
                                      "reset a forgotten PIN. The last head of the school is kept."))
        elif not managers:
            self.note.setText(self.tr("This computer has no school head yet, so nobody can verify or approve the "
                                      "needs. Add the head here (the head types their own PIN)."))
            self.role.setCurrentIndex(max(0, self.role.findData("head")))
        else:
            self.note.setText(self.tr("Only the school head or an officer manages the users: ask {0}.")
                              .format(", ".join(managers)))
        self._enable()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()] if rows else None

    def select_name(self, name: str) -> None:
        """Select a user's row (tests, and after adding)."""
        for i, u in enumerate(self.rows):
            if u["name"] == name:
                self.table.selectRow(i)

    def _selection_changed(self) -> None:
        self._enable()

    def _enable(self) -> None:
        chosen = self.selected()
        active = chosen is not None and not chosen["disabled"]
        self.add_box.setEnabled(self.may_manage)
        for w in (self.disable_button, self.new_pin, self.reset_button):
            w.setEnabled(self.may_manage and active)

    # ------------------------------------------------------------------ actions
    def _run(self, op, *args, done_text) -> None:
        """Run the account action ``op`` as this user; say what it did, then list again."""
        me = self.ctx.user

        def done(result) -> None:
            self._say(done_text(result), OK_STYLE)
            self.refresh()

        self.ctx.ops.run(op, *args, by_role=me.role, actor=me.name, on_done=done, on_error=self._failed, owner=self)

    def add(self) -> None:
        name, role, pin = self.name.text(), self.role.currentData(), self.pin.text()
        if pin != self.pin2.text():
            self._say(self.tr("The two PINs differ."), BAD_STYLE)
            return

        def added(_uid) -> str:
            self.name.clear()
            self.pin.clear()
            self.pin2.clear()
            return self.tr("{0} can now sign in with their PIN.").format(name.strip())

        self._run(user_ops.add_user, name, role, pin, done_text=added)

    def disable_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if not Dialogs.confirm(self, self.tr("Disable the account of {0}? They will no longer be able to sign in.")
                               .format(chosen["name"])):
            return
        self._run(user_ops.disable_user, chosen["id"],
                  done_text=lambda user: self.tr("{0} can no longer sign in.").format(user["name"]))

    def reset_selected(self) -> None:
        chosen, pin = self.selected(), self.new_pin.text()
        if chosen is None:
            return

        def reset(user) -> str:
            self.new_pin.clear()
            return self.tr("{0} signs in with the new PIN from now on.").format(user["name"])

        self._run(user_ops.reset_pin, chosen["id"], pin, done_text=reset)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, SongMayError):
            self._say(exc.message(), BAD_STYLE)
        else:
            self._say("")
            report_exception(exc, self)

    def _say(self, text: str, style: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)


def open_users_dialog(window) -> UsersDialog:
    """File → Users… (ui/mainwindow.py)."""
    dialog = UsersDialog(window.ctx, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    window._users_dialog = dialog  # noqa: SLF001 (a test hook: tests reach the dialog here)
    return dialog
