"""The main window: screens on the left (with icons, the children still waiting, and the
sync state under them), the work in the middle, and the state that must always be visible
(changes not yet sent, last sync/export, version) below. The window fits the screen it
opens on and comes back as it was left (size, place, maximised)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QFontMetrics, QGuiApplication, QIcon, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
)

import resources
from app import __version__
from app.ops.setup import choose_language
from app.queries.dashboard import waiting_count
from app.queries.setup import check_pin
from app.users import list_users
from resources.style import STYLESHEET
from ui import i18n
from ui.conflicts import ConflictIndicator
from ui.context import AppContext
from ui.enrolment_file import enrolment_file_action
from ui.icons import nav_icon
from ui.login import LoginDialog
from ui.pages.allocations import AllocationsPage
from ui.pages.coverage import CoveragePage
from ui.pages.dashboard import DashboardPage
from ui.pages.devices import DevicesPage
from ui.pages.donations import DonationsPage
from ui.pages.handovers import HandoversPage
from ui.pages.reports import ReportsPage
from ui.pages.students import StudentsPage
from ui.paper_settings import open_paper_settings
from ui.sync_controller import SyncController
from ui.sync_panel import SyncCard, SyncStatusBar
from ui.usb import usb_actions
from ui.users_dialog import open_users_dialog

BADGE = Qt.ItemDataRole.UserRole + 1  # a count shown on a navigation item (children waiting)
DEFAULT_SIZE = QSize(1280, 800)
WINDOW_FRAME = QSize(16, 40)  # a window's frame and title bar, about


def fit_to(available: QRect, wanted: QSize = DEFAULT_SIZE, frame: QSize = WINDOW_FRAME) -> QRect:
    """The window's place on a screen whose free area is ``available``: the wanted size
    when it fits with the frame and title bar, else the free area less them; centred."""
    w = min(wanted.width(), available.width() - frame.width())
    h = min(wanted.height(), available.height() - frame.height())
    x = available.x() + (available.width() - w) // 2
    y = available.y() + max((available.height() - frame.height() - h) // 2, 0) + frame.height() - frame.width() // 2
    return QRect(x, min(y, available.bottom() - h), w, h)


class NavDelegate(QStyledItemDelegate):
    """A navigation item with its count on the right, in a rounded badge."""

    def paint(self, painter: QPainter, option, index) -> None:
        count = index.data(BADGE)
        if not count:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        room = opt.rect.width() - opt.decorationSize.width() - 24 - self._badge_width(opt, count)
        opt.text = opt.fontMetrics.elidedText(opt.text, Qt.TextElideMode.ElideRight, max(room, 20))
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(option.font)
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        painter.setFont(font)
        text = i18n.fmt_number(count)
        w = painter.fontMetrics().horizontalAdvance(text) + 12
        h = painter.fontMetrics().height() + 2
        r = option.rect
        badge = QRect(r.right() - w - 10, r.center().y() - h // 2, w, h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#c25e00"))
        painter.drawRoundedRect(badge, h / 2, h / 2)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    @staticmethod
    def _badge_width(option, count: int) -> int:
        font = QFont(option.font)
        font.setBold(True)
        return QFontMetrics(font).horizontalAdvance(i18n.fmt_number(count)) + 22

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + (40 if index.data(BADGE) else 0), size.height())


def page_factories():
    """(object name, title, factory) of each screen, in menu order."""
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
        self.conflicts = ConflictIndicator(ctx, self)  # "N conflicts to review", opens the review
        # permanent: a passing message ("Signed in: …", "Decision … approved: …") is shown beside
        # them and never hides "Sync now" or the changes not yet sent (a normal widget it would)
        for w in (self.sync_status, self.conflicts, self.version_label):
            self.statusBar().addPermanentWidget(w)
        self._status_timer = QTimer(self, interval=30_000)
        self._status_timer.timeout.connect(self.refresh_status)
        self._status_timer.start()
        ctx.changes.changed.connect(lambda _k: self.refresh_status())
        # the children still waiting: a read of ~0.1 s at 30,000 students, so only after a
        # change that can move it, and not in the middle of a burst of saves or typing
        self._waiting_timer = QTimer(self, singleShot=True, interval=1500)
        self._waiting_timer.timeout.connect(self.refresh_waiting)
        ctx.changes.changed.connect(
            lambda k: self._waiting_timer.start() if k in ("*", "student", "need", "handover") else None)
        self.waiting: int | None = None  # children still waiting (the navigation's badge)
        app = QApplication.instance()
        if app is not None and not app.styleSheet():
            app.setStyleSheet(STYLESHEET)
        self.build()
        self.restore_geometry()

    # ------------------------------------------------------------ size and place
    def settings(self) -> QSettings:
        """Per data folder (a portable stick carries it), not in the registry."""
        return QSettings(str(self.ctx.data_dir / "window.ini"), QSettings.Format.IniFormat)

    def restore_geometry(self) -> None:
        """As it was left, else fitted to the screen it opens on (1366×768: the whole
        free area, status bar included); a small screen opens maximised."""
        saved = self.settings().value("main/geometry")
        if saved is not None and self.restoreGeometry(saved):
            return
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry()
        self.setGeometry(fit_to(available))
        if available.height() < DEFAULT_SIZE.height() + 40 or available.width() < DEFAULT_SIZE.width() + 16:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    # an offscreen run (--self-check, screenshots, tests) must not leave its pretend screen
    # to the teacher's next start
    remember_offscreen = False

    def save_geometry(self) -> None:
        if QGuiApplication.platformName() == "offscreen" and not self.remember_offscreen:
            return
        s = self.settings()
        s.setValue("main/geometry", self.saveGeometry())
        s.sync()

    def build(self) -> None:
        """(Re)build screens and menus in the current language."""
        old = self.centralWidget()
        current = self.nav.currentRow() if old is not None else 0
        self.setWindowTitle(self.tr("SongMay – {0}").format(self.ctx.unit["name"]))
        self.nav = QListWidget(objectName="nav")
        self.nav.setItemDelegate(NavDelegate(self.nav))
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setResizeMode(QListView.ResizeMode.Adjust)
        self.stack = QStackedWidget(objectName="stack")
        self.pages = {}
        for name, title, factory in page_factories():
            page = factory(self.ctx, self)
            self.pages[name] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(nav_icon(name), QCoreApplication.translate("MainWindow", title))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self._connect_pages()
        panel = QFrame(objectName="nav_panel")
        panel.setMinimumWidth(200)
        panel.setMaximumWidth(270)
        side = QVBoxLayout(panel)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(0)
        # whose data this is: the app's mark, the school (or office) and its code
        head = QHBoxLayout()
        head.setContentsMargins(12, 10, 6, 6)
        mark = QLabel(objectName="nav_mark")
        icon = resources.path("icons", "songmay.png")
        if icon.exists():
            mark.setPixmap(QIcon(str(icon)).pixmap(QSize(32, 32)))
        head.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        names.setSpacing(0)
        school = QLabel(self.ctx.unit["name"], objectName="nav_school", wordWrap=True)
        school.setTextFormat(Qt.TextFormat.PlainText)
        names.addWidget(school)
        code = QLabel(self.ctx.unit.get("code", ""), objectName="nav_unit_code")
        code.setTextFormat(Qt.TextFormat.PlainText)
        names.addWidget(code)
        head.addLayout(names, 1)
        side.addLayout(head)
        side.addWidget(self.nav, 1)
        self.sync_card = SyncCard(self.sync_status, panel)
        side.addWidget(self.sync_card)
        split = QSplitter(objectName="main_split")
        split.setChildrenCollapsible(False)
        split.addWidget(panel)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        split.setSizes([245, 1100])
        self.setCentralWidget(split)
        if old is not None:
            old.deleteLater()
        self.nav.setCurrentRow(min(max(current, 0), self.nav.count() - 1))
        self._build_menus()
        self.refresh_status()
        if self.waiting is None:
            self.refresh_waiting()
        else:
            self._show_waiting(self.waiting)  # a rebuild (language, user): the count stays

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
        people = QAction(self.tr("&Users…"), self, objectName="manage_users")  # ui/users_dialog.py
        people.triggered.connect(self.open_users)
        file_menu.addAction(people)
        paper = QAction(self.tr("&Paper settings…"), self, objectName="paper_settings")  # ui/paper_settings.py
        paper.triggered.connect(lambda: open_paper_settings(self))
        file_menu.addAction(paper)
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
        self.ctx.ops.run(list_users, on_done=self._ask_user, owner=self)

    def open_users(self) -> None:
        open_users_dialog(self)

    def _ask_user(self, users: list[dict]) -> None:
        ops = self.ctx.ops
        login = LoginDialog(users, lambda uid, pin: ops.call(check_pin, uid, pin), self)
        login.accepted.connect(lambda: self.set_user(login.user()))
        login.open()
        self._login = login  # tests reach the dialog here

    def set_user(self, user) -> None:
        self.ctx.user = user
        self.build()  # the workflow buttons depend on the role
        self.statusBar().showMessage(self.tr("Signed in: {0}").format(user.name), 5000)

    def switch_language(self, lang: str) -> None:
        i18n.set_language(lang)
        self.ctx.ops.run(choose_language, lang)
        self.build()

    def show_page(self, name: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(name))

    def refresh_status(self) -> None:
        self.sync_status.refresh()

    def refresh_waiting(self) -> None:
        unit_id = self.ctx.unit["id"] if self.ctx.unit.get("kind", "school") == "school" else None
        self.ctx.ops.run(waiting_count, unit_id, on_done=self._show_waiting, owner=self)

    def _show_waiting(self, n: int) -> None:
        self.waiting = n
        for i in range(self.nav.count()):
            item = self.nav.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == "students":
                item.setData(BADGE, n)
                item.setToolTip(self.tr("Children still waiting: %Ln", "", n) if n else "")

    def closeEvent(self, event) -> None:
        self.save_geometry()
        self._status_timer.stop()
        self.sync.stop()
        super().closeEvent(event)
