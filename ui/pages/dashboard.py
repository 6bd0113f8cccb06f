"""The school dashboard: children in need by tier, approved, handed over, still waiting
(nobody missed, with the first of them listed), devices and SIMs in stock."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app import messages
from app.queries.dashboard import WAITING_LIST_LIMIT, dashboard
from app.records import DEVICE_KINDS, label
from ui.chart import BarChart
from ui.context import AppContext
from ui.i18n import fmt_number
from ui.models import ListTableModel
from ui.widgets.tables import table_view

_Index = QModelIndex | QPersistentModelIndex
REFRESH_DELAY_MS = 300


def _tr(text: str) -> str:
    return QCoreApplication.translate("DashboardPage", text)


class WaitingModel(ListTableModel):
    """The first children still waiting, most urgent first."""

    HEADERS = (
        QT_TRANSLATE_NOOP("WaitingModel", "Full name"), QT_TRANSLATE_NOOP("WaitingModel", "Class"),
        QT_TRANSLATE_NOOP("WaitingModel", "Village"), QT_TRANSLATE_NOOP("WaitingModel", "Tier"),
        QT_TRANSLATE_NOOP("WaitingModel", "Why waiting"),
    )

    def student_id(self, row: int) -> str:
        return self._rows[row].student_id

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not self.valid(index):
            return None
        w = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            why = (self.tr("Approved, no device yet") if w.reason == "approved"
                   else self.tr("Eligible, no need recorded"))
            return (w.full_name, w.class_name, w.village, str(w.tier), why)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return w.student_id
        return None


class DashboardPage(QWidget):
    show_waiting = Signal()  # "show me the children still waiting" (the students page)
    student_activated = Signal(str)  # a child of the waiting list was double-clicked

    TILES = (
        ("in_need", QT_TRANSLATE_NOOP("DashboardPage", "Children in need")),
        ("approved", QT_TRANSLATE_NOOP("DashboardPage", "Approved")),
        ("handed_over", QT_TRANSLATE_NOOP("DashboardPage", "Handed over")),
        ("waiting", QT_TRANSLATE_NOOP("DashboardPage", "Still waiting")),
        ("in_stock", QT_TRANSLATE_NOOP("DashboardPage", "Devices in stock")),
        ("sims_in_stock", QT_TRANSLATE_NOOP("DashboardPage", "SIMs in stock")),
        ("sims_ending_soon", QT_TRANSLATE_NOOP("DashboardPage", "SIMs whose free period ends within 30 days")),
    )
    TIERS = (
        (1, QT_TRANSLATE_NOOP("DashboardPage", "Tier 1: poor")),
        (2, QT_TRANSLATE_NOOP("DashboardPage", "Tier 2: near-poor")),
        (3, QT_TRANSLATE_NOOP("DashboardPage", "Tier 3: COVID-19")),
        (4, QT_TRANSLATE_NOOP("DashboardPage", "Tier 4: other hardship")),
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("dashboard_page")
        self.figures: dict = {}
        self.loads = 0  # database reads started (the debounce keeps this low)
        self._generation = 0

        self.tiles: dict[str, QLabel] = {}
        grid = QGridLayout()
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 2.2 if big.pointSizeF() > 0 else 22)
        big.setBold(True)
        for i, (name, caption) in enumerate(self.TILES):
            frame = QFrame(objectName=f"tile_frame_{name}")
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            number = QLabel("—", objectName=f"tile_{name}")
            number.setFont(big)
            number.setAccessibleName(_tr(caption))
            text = QLabel(_tr(caption))
            text.setWordWrap(True)
            box = QVBoxLayout(frame)
            box.addWidget(number)
            box.addWidget(text)
            self.tiles[name] = number
            grid.addWidget(frame, i // 4, i % 4)

        self.tier_chart = BarChart(self.tr("Children in need by priority tier"), parent=self)
        self.tier_chart.setObjectName("chart_tiers")
        self.stock_chart = BarChart(self.tr("Devices in stock by kind"), parent=self)
        self.stock_chart.setObjectName("chart_stock")
        charts = QHBoxLayout()
        charts.addWidget(self.tier_chart, 1)
        charts.addWidget(self.stock_chart, 1)

        self.waiting_caption = QLabel(objectName="waiting_caption")
        self.waiting_button = QPushButton(self.tr("Show the children still waiting"), objectName="show_waiting")
        self.waiting_button.clicked.connect(lambda: self.show_waiting.emit())
        self.waiting_model = WaitingModel(self)
        self.waiting_table = table_view("waiting_table", self.waiting_model,
                                        resize=QHeaderView.ResizeMode.ResizeToContents, stretch=0)
        self.waiting_table.doubleClicked.connect(
            lambda idx: self.student_activated.emit(self.waiting_model.student_id(idx.row())))
        head = QHBoxLayout()
        head.addWidget(self.waiting_caption, 1)
        head.addWidget(self.waiting_button)

        lay = QVBoxLayout(self)
        lay.addLayout(grid)
        lay.addLayout(charts)
        lay.addLayout(head)
        lay.addWidget(self.waiting_table, 1)

        self._debounce = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        ctx.changes.changed.connect(self._on_changed)  # a bound slot: disconnected when the page goes
        self._stale = True  # figures are read when the page is first shown, not at start-up

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _on_changed(self, _kind: str) -> None:
        self._stale = True
        if self.isVisible():
            self._debounce.start()  # any kind of change; a burst restarts the timer

    # -- loading
    def refresh(self) -> None:
        self._stale = False
        self._debounce.stop()
        self.loads += 1
        self._generation += 1
        gen, unit_id = self._generation, _school_id(self.ctx)
        self.ctx.ops.run(dashboard, unit_id, on_done=lambda f: self._loaded(gen, f))

    def _loaded(self, generation: int, figures: dict) -> None:
        if not isValid(self) or generation != self._generation:
            return  # the page was closed, or a newer refresh is on its way
        self.figures = figures
        for name, _caption in self.TILES:
            self.set_tile(name, figures.get(name, 0))
        by_tier = figures["in_need_by_tier"]
        tiers = [(_tr(text), by_tier.get(t, 0)) for t, text in self.TIERS]
        if by_tier.get(0):
            tiers.append((self.tr("No priority tier"), by_tier[0]))
        self.tier_chart.set_data(tiers)
        lang = messages.language()
        stock = figures["in_stock_by_kind"]
        self.stock_chart.set_data([(label(DEVICE_KINDS, k, lang), stock.get(k, 0)) for k in DEVICE_KINDS]
                                  + [(k, n) for k, n in stock.items() if k not in DEVICE_KINDS])
        self.waiting_model.set_rows(figures["waiting_list"])
        self.set_waiting_caption(figures["waiting"])

    def set_tile(self, name: str, value: int) -> None:
        self.tiles[name].setText(fmt_number(value))

    def set_waiting_caption(self, total: int) -> None:
        text = self.tr("Children still waiting: %Ln", "", total)
        if total > WAITING_LIST_LIMIT:
            text += " " + self.tr("(the first {0} are listed below)").format(fmt_number(WAITING_LIST_LIMIT))
        self.waiting_caption.setText(text)


def _school_id(ctx) -> str | None:  # noqa: ANN001 - read each time: enrolment may give the registry's id
    return ctx.unit["id"] if ctx.unit.get("kind") == "school" else None
