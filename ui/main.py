"""Start the desktop app: open the store on its thread, first-run wizard or login,
then the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QDialog

import resources
from app import __version__
from app.db import resolve_data_dir
from app.ops.setup import apply_first_run
from app.queries.setup import check_file, check_pin, start_info
from app.store import Store
from app.users import list_users
from ui import i18n
from ui.context import AppContext, User
from ui.errors import Dialogs, known_message, report_exception, setup_logging
from ui.login import LoginDialog
from ui.mainwindow import MainWindow
from ui.operations import Operations
from ui.tasks import DbWorker
from ui.wizard import FirstRunWizard

font_failures: list[str] = []  # font files that did not load at the last make_app()
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf",
              "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf")


def load_fonts() -> list[str]:
    """Add our fonts to Qt; returns the files that did not load (``--self-check`` says so)."""
    return [name for name in FONT_FILES
            if QFontDatabase.addApplicationFont(str(resources.path("fonts", name))) == -1]


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("SongMay")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("SongMay")
    icon = resources.path("icons", "songmay.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    font_failures[:] = load_fonts()
    if os.name != "nt":  # Windows has Segoe UI with Vietnamese; elsewhere make sure of it
        app.setFont(QFont("DejaVu Sans", 10))
    return app


def start(data_dir: Path, lang: str | None = None, *, interactive: bool = True):
    """Open the store and return (worker, window). The window is the main window, or,
    when ``interactive`` is False and the user must act first, the first-run wizard or the
    login dialog (tests drive them and then call ``after_wizard`` / ``after_login``)."""
    worker = DbWorker(lambda: Store.open(data_dir, verify=False))
    ops = Operations.before_login(worker)
    try:
        info = ops.call(start_info)
    except BaseException:
        worker.shutdown()
        raise
    i18n.set_language(lang or info["language"] or "vi")
    if info["unit"] is None or not info["users"]:
        wizard = FirstRunWizard(worker)
        if not interactive:
            return worker, wizard
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return worker, None
        return worker, after_wizard(worker, wizard, data_dir)
    users = info["users"]
    if len(users) == 1:
        user = User(users[0]["id"], users[0]["name"], users[0]["role"])
        return worker, MainWindow(AppContext(worker=worker, data_dir=data_dir, user=user, unit=info["unit"]))
    login = LoginDialog(users, lambda uid, pin: ops.call(check_pin, uid, pin))
    if not interactive:
        return worker, login
    if login.exec() != QDialog.DialogCode.Accepted:
        return worker, None
    return worker, after_login(worker, login, data_dir, info["unit"])


def after_wizard(worker: DbWorker, wizard: FirstRunWizard, data_dir: Path) -> MainWindow:
    ops = Operations.before_login(worker)
    done = ops.call(apply_first_run, wizard.result_plan(), timeout_ms=600_000)
    users = ops.call(list_users)
    user = next(User(u["id"], u["name"], u["role"]) for u in users if u["id"] == done["user_id"])
    return MainWindow(AppContext(worker=worker, data_dir=data_dir, user=user, unit=done["unit"]))


def after_login(worker: DbWorker, login: LoginDialog, data_dir: Path, unit: dict) -> MainWindow:
    return MainWindow(AppContext(worker=worker, data_dir=data_dir, user=login.user(), unit=unit))


def run(data_dir: str | None = None, lang: str | None = None) -> int:
    folder = resolve_data_dir(data_dir)
    app = make_app()
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    try:
        setup_logging(folder)
    except OSError as e:
        print(e, file=sys.stderr)
    try:
        worker, window = start(folder, lang)
    except Exception as e:
        msg = known_message(e)
        if msg is None:
            report_exception(e)
        else:
            Dialogs.warn(None, msg)
        return 1
    if window is None:
        worker.shutdown()
        return 0
    window.show()
    # the full file check runs after the window is up (0.2 s for 30,000 students)
    window.ctx.ops.run(check_file, on_error=lambda e: report_exception(e, window))
    code = app.exec()
    worker.shutdown()
    return code
