"""The main window: screens on the left, the work in the middle, and the state that
must always be visible (changes not yet sent, last sync/export, version) below."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QLabel, QListWidget, QMainWindow, QSplitter, QStackedWidget

from app import __version__
from ui import i18n
from ui.conflicts import ConflictIndicator
from ui.context import AppContext
from ui.enrolment_file import enrolment_file_action
from ui.sync_controller import SyncController
from ui.sync_panel import SyncStatusBar
from ui.usb import usb_actions


def page_factories():
    """(object name, title, factory) of each screen, in menu order."""
    from ui.pages.allocations import AllocationsPage
    from ui.pages.coverage import CoveragePage
    from ui.pages.dashboard import DashboardPage
    from ui.pages.devices import DevicesPage
    from ui.pages.donations import DonationsPage
    from ui.pages.handovers import HandoversPage
    from ui.pages.reports import ReportsPage
    from ui.pages.students import StudentsPage

    return [
        ("students", QT_TRANSLATE_NOOP("MainWindow", "Students and needs"), StudentsPage),
        ("dashboard", QT_TRANSLATE_NOOP("MainWindow", "Dashboard"), DashboardPage),
        ("devices", QT_TRANSLATE_NOOP("MainWindow", "Devices and SIMs"), DevicesPage),
        ("donations", QT_TRANSLATE_NOOP("MainWindow", "Donations"), DonationsPage),
        ("allocations", QT_TRANSLATE_NOOP("MainWindow", "Allocation decisions"), AllocationsPage),
        ("handovers", QT_TRANSLATE_NOOP("MainWindow", "Handovers"), HandoversPage),
        ("coverage", QT_TRANSLATE_NOOP("MainWindow", "Connectivity"), CoveragePage),
        ("reports", QT_TRANSLATE_NOOP("MainWindow", "Reports"), ReportsPage),
    ]


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setObjectName("main_window")
        # sync with the server: schedule + status bar (changes not yet sent, last result, notices)
        self.sync = SyncController(ctx, self)
        self.sync_status = SyncStatusBar(ctx, self.sync, self)
        self.pending_label, self.sync_label = self.sync_status.pending_label, self.sync_status.sync_label
        self.version_label = QLabel(f"SongMay {__version__}", objectName="version_label")
        self.statusBar().addWidget(self.sync_status)
        self.statusBar().addPermanentWidget(self.version_label)
        self.conflicts = ConflictIndicator(ctx, self)  # "N conflicts to review", opens the review
        self.statusBar().addWidget(self.conflicts)
        self._status_timer = QTimer(self, interval=30_000)
        self._status_timer.timeout.connect(self.refresh_status)
        self._status_timer.start()
        ctx.changes.changed.connect(lambda _k: self.refresh_status())
        self.build()
        self.resize(1200, 760)

    def build(self) -> None:
        """(Re)build screens and menus in the current language."""
        old = self.centralWidget()
        current = self.nav.currentRow() if old is not None else 0
        self.setWindowTitle(self.tr("SongMay – {0}").format(self.ctx.unit["name"]))
        self.nav = QListWidget(objectName="nav")
        self.stack = QStackedWidget(objectName="stack")
        self.pages = {}
        for name, title, factory in page_factories():
            page = factory(self.ctx, self)
            self.pages[name] = page
            self.stack.addWidget(page)
            self.nav.addItem(QCoreApplication.translate("MainWindow", title))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self._connect_pages()
        self.nav.setMaximumWidth(230)
        split = QSplitter()
        split.addWidget(self.nav)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        self.setCentralWidget(split)
        if old is not None:
            old.deleteLater()
        self.nav.setCurrentRow(min(max(current, 0), self.nav.count() - 1))
        self._build_menus()
        self.refresh_status()

    def _connect_pages(self) -> None:
        dash, students = self.pages.get("dashboard"), self.pages.get("students")
        if dash and students:
            dash.show_waiting.connect(lambda: (students.show_waiting(), self.show_page("students")))
            dash.student_activated.connect(students.open_form)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(self.tr("&File"))
        switch = QAction(self.tr("&Switch user…"), self, objectName="switch_user")
        switch.triggered.connect(self.switch_user)
        file_menu.addAction(switch)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.sync_menu = bar.addMenu(self.tr("&Sync"))
        self.sync_menu.addActions([self.sync_status.sync_action, self.sync_status.enrol_action,
                                   self.sync_status.notices_action])
        self.sync_menu.addSeparator()
        self.sync_menu.addActions(usb_actions(self))  # Export to USB… / Import from USB… (ui/usb.py)
        if self.ctx.unit.get("kind", "school") != "school":  # an office enrols schools' computers offline
            self.sync_menu.addAction(enrolment_file_action(self))  # ui/enrolment_file.py
        self.sync_menu.addSeparator()
        review = QAction(self.tr("Review &conflicts…"), self, objectName="review_conflicts")
        review.triggered.connect(self.conflicts.open_review)
        self.sync_menu.addAction(review)
        lang_menu = bar.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, text in (("vi", "Tiếng Việt"), ("en", "English")):
            a = QAction(text, self, checkable=True, objectName=f"lang_{code}")
            a.setChecked(i18n.current() == code)
            a.triggered.connect(lambda _c=False, c=code: self.switch_language(c))
            group.addAction(a)
            lang_menu.addAction(a)

    def switch_user(self) -> None:
        """Another teacher takes the laptop: sign in with their PIN, same window."""
        self.ctx.worker.submit(lambda store, job: store.users(), self._ask_user, owner=self)

    def _ask_user(self, users: list[dict]) -> None:
        from ui.main import LoginDialog

        worker = self.ctx.worker
        login = LoginDialog(users, lambda uid, pin: worker.call(lambda store: store.check_pin(uid, pin)), self)
        login.accepted.connect(lambda: self.set_user(login.user()))
        login.open()
        self._login = login  # tests reach the dialog here

    def set_user(self, user) -> None:
        self.ctx.user = user
        self.build()  # the workflow buttons depend on the role
        self.statusBar().showMessage(self.tr("Signed in: {0}").format(user.name), 5000)

    def switch_language(self, lang: str) -> None:
        i18n.set_language(lang)
        self.ctx.worker.submit(lambda store, job: store.set_setting("language", lang))
        self.build()

    def show_page(self, name: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(name))

    def refresh_status(self) -> None:
        self.sync_status.refresh()

    def closeEvent(self, event) -> None:
        self._status_timer.stop()
        self.sync.stop()
        super().closeEvent(event)

