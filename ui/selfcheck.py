"""``songmay --self-check``: start the desktop app offscreen on the data folder, build the
main window, wait until its first screen has its rows, check the database file, exit.

For whoever installs SongMay (and for the frozen build's smoke test): it proves that the
folder has what the app needs — Qt and its platform plugins, fonts, translations, the icon,
every module of app, sync, ui and songmay with what it imports — and that the data folder opens (an
older database is upgraded, after a backup, as when a teacher starts the app). It never shows a
window on screen, never syncs and asks nobody
anything:

- a data folder with no school yet: the first-run wizard is built instead of the window;
- a school with no user yet (e.g. made by ``songmay demo``) or several users: the main
  window is built for a stand-in user, as the app would after the wizard or sign-in. Nothing
  is written for it.

Prints one line when the first screen is usable (timed from the start of the check, with
the CPU time the whole process has used by then), a last line saying passed or FAILED;
exit 0 or 1.
"""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QPluginLoader, qInstallMessageHandler
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtPrintSupport import QPrinter  # noqa: F401 (printing the minute needs it)

from app import __version__, messages
from app.db import resolve_data_dir
from app.queries.setup import check_file, start_info, unit_info
from ui import i18n
from ui.context import AppContext, User
from ui.errors import Dialogs, ErrorDialog, known_message
from ui.main import font_failures, make_app, start
from ui.mainwindow import MainWindow
from ui.operations import Operations

FIRST_SCREEN_TIMEOUT_S = 60
NATIVE_PLATFORM = {"win32": "qwindows", "darwin": "qcocoa"}.get(sys.platform, "qxcb")


class _Problems(logging.Handler):
    """Errors the app logs (slots, workers) count as failures of the check."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.found.append(record.getMessage().splitlines()[0])


def _qt_message(mode, context, message: str) -> None:
    """Qt's own notes go to stderr as usual, less the offscreen platform's complaint that
    it cannot size a window frame (every dialog shown offscreen says it)."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def platform_plugins() -> dict[str, str]:
    """Base name → file of each platform plugin in the Qt that runs (qoffscreen, qwindows…)."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    found = {}
    if folder.is_dir():
        for f in folder.iterdir():
            found[f.name.split(".")[0].removeprefix("lib")] = str(f)
    return found


def native_platform_problem() -> str | None:
    """Why the desktop's own platform plugin cannot work, or None. On Windows it must load;
    elsewhere it must be there (loading it needs the X libraries of the machine)."""
    plugins = platform_plugins()
    if NATIVE_PLATFORM not in plugins:
        return messages.text("selfcheck.no_platform", name=NATIVE_PLATFORM, found=", ".join(sorted(plugins)) or "—")
    if sys.platform == "win32":
        loader = QPluginLoader(plugins[NATIVE_PLATFORM])
        if not loader.load():
            return messages.text("selfcheck.platform_fails", name=NATIVE_PLATFORM, reason=loader.errorString())
    return None


def resource_problems(app) -> list[str]:
    """Our fonts, the catalogue of the language in use and the icon, from ``resources``
    (a system font of the same name would hide a missing file: each file must load)."""
    problems = [messages.text("selfcheck.no_font", name=f) for f in font_failures]
    wanted = i18n.catalogue_path(i18n.current())
    if not any(Path(p) == Path(wanted) for p in i18n.installed()):
        problems.append(messages.text("selfcheck.no_catalogue", path=wanted))
    if app.windowIcon().isNull():
        problems.append(messages.text("selfcheck.no_icon"))
    return problems


def import_problems() -> list[str]:
    """Every module of app, sync, ui and songmay (the composition roots) that is there (in
    the built folder: every one the build collected) must import: a library the build left out shows here, not in a
    teacher's hands the day the module is first used."""
    problems = []
    for package in ("app", "sync", "ui", "songmay"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            if info.name.rsplit(".", 1)[-1] == "__main__":
                continue  # runs the program
            try:
                importlib.import_module(info.name)
            except Exception as e:
                problems.append(messages.text("selfcheck.import_failed", name=info.name,
                                              reason=f"{type(e).__name__}: {e}"))
    return problems


def network_backends() -> list[str]:
    """QNetworkInformation's backends (networklistmanager on Windows, networkmanager…)."""
    return sorted(QNetworkInformation.availableBackends())


def run_self_check(data_dir: str | None, lang: str | None) -> int:
    started = time.perf_counter()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never a window on screen, whatever the desktop

    if lang:
        messages.set_language(lang)
    folder = resolve_data_dir(data_dir)
    problems = _Problems()
    qInstallMessageHandler(_qt_message)
    logging.getLogger("songmay").addHandler(problems)
    # nothing may wait for a person: what would have been shown is a failure
    saved = (Dialogs.__dict__["warn"], Dialogs.__dict__["info"], Dialogs.__dict__["confirm"],
             ErrorDialog.exec, sys.excepthook)
    Dialogs.warn = staticmethod(lambda parent, msg: problems.found.append(msg))
    Dialogs.info = staticmethod(lambda parent, msg: None)
    Dialogs.confirm = staticmethod(lambda parent, msg: False)
    ErrorDialog.exec = lambda self: problems.found.append(self.details.strip().splitlines()[-1]) or 0
    sys.excepthook = lambda t, e, tb: problems.found.append(f"{t.__name__}: {e}")

    def fail(reason: str) -> int:
        print(messages.text("selfcheck.failed", reason=reason), file=sys.stderr)
        return 1

    app = make_app()
    worker = None
    try:
        try:
            worker, first = start(folder, lang, interactive=False)
        except Exception as e:
            return fail(known_message(e) or f"{type(e).__name__}: {e}")
        ops = Operations.before_login(worker)
        unit = ops.call(unit_info)
        if isinstance(first, MainWindow):
            window = first
        elif unit is None:
            window = first  # the first-run wizard: nothing to check beyond building it
        else:
            first.deleteLater()
            users = ops.call(start_info)["users"]
            u = users[0] if users else {"id": "self-check", "name": "self-check", "role": "teacher"}
            window = MainWindow(AppContext(worker=worker, data_dir=folder,
                                           user=User(u["id"], u["name"], u["role"]), unit=unit))
        if isinstance(window, MainWindow) and hasattr(window, "sync"):
            window.sync.stop()  # a check never syncs with the server
        window.show()
        if isinstance(window, MainWindow):
            model = window.pages["students"].model  # the first screen: usable once counted
            deadline = time.perf_counter() + FIRST_SCREEN_TIMEOUT_S
            while model.count is None and not problems.found and time.perf_counter() < deadline:
                QCoreApplication.processEvents()
                time.sleep(0.002)
            if model.count is None and not problems.found:
                return fail(messages.text("selfcheck.timeout", seconds=FIRST_SCREEN_TIMEOUT_S))
            if model.count is not None:
                print(messages.text("selfcheck.ready", seconds=time.perf_counter() - started,
                                    students=model.count, cpu=time.process_time()), flush=True)
        else:
            QCoreApplication.processEvents()
            print(messages.text("selfcheck.wizard"), flush=True)
        try:
            ops.call(check_file, timeout_ms=600_000)
        except Exception as e:
            return fail(known_message(e) or f"{type(e).__name__}: {e}")
        for _ in range(20):  # let late jobs (counts, status bar) land and fail if they must
            QCoreApplication.processEvents()
            time.sleep(0.005)
        found = problems.found + resource_problems(app) + import_problems()
        found += [p for p in [native_platform_problem()] if p]
        if found:
            return fail("; ".join(found))
        print(messages.text("selfcheck.info", backends=", ".join(network_backends()) or "—",
                            platforms=", ".join(sorted(platform_plugins()))))
        print(messages.text("selfcheck.ok", version=__version__, path=folder))
        window.close()
        return 0
    finally:
        if worker is not None:
            worker.shutdown()
        logging.getLogger("songmay").removeHandler(problems)
        Dialogs.warn, Dialogs.info, Dialogs.confirm, ErrorDialog.exec, sys.excepthook = saved
        qInstallMessageHandler(None)
