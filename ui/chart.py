"""A small bar chart drawn with QPainter (PySide6-Essentials ships no QtCharts).

Generic: a title and (label, value) bars, horizontal or vertical, values written beside
the bars with ``fmt_number``. The colours differ in lightness as well as hue, bars get
an outline and repeat with a hatch after the fourth, so a grey-scale printout still tells
them apart; the figures are also in the accessible description for screen readers.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.i18n import fmt_number

# grey levels (qGray) 55, 158, 107, 191: distinct without colour
PALETTE = ("#1b3a6b", "#e69f00", "#2c7fb8", "#a6dba0")
MARGIN = 8
GAP = 6


class BarChart(QWidget):
    def __init__(self, title: str = "", orientation: Qt.Orientation = Qt.Orientation.Horizontal,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._title = title
        self._orientation = orientation
        self._data: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._describe()

    # -- public
    def set_data(self, data: list[tuple[str, int]]) -> None:
        self._data = [(str(label), max(0, int(value or 0))) for label, value in data]
        self._describe()
        self.updateGeometry()
        self.update()

    def data(self) -> list[tuple[str, int]]:
        return list(self._data)

    def set_title(self, title: str) -> None:
        self._title = title
        self._describe()
        self.update()

    def title(self) -> str:
        return self._title

    def orientation(self) -> Qt.Orientation:
        return self._orientation

    @staticmethod
    def colour(i: int) -> QColor:
        return QColor(PALETTE[i % len(PALETTE)])

    # -- size
    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        head = self._title_height(fm)
        n = max(1, len(self._data))
        if self._orientation == Qt.Orientation.Horizontal:
            return QSize(360, 2 * MARGIN + head + n * (fm.height() + 4 + GAP))
        return QSize(max(240, 2 * MARGIN + n * 64), 220)

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(120, 2 * MARGIN + self._title_height(fm) + 2 * fm.height())

    # -- geometry (also used by tests: every bar stays inside the widget)
    def _title_height(self, fm: QFontMetrics) -> int:
        return fm.height() + GAP if self._title else 0

    def _plot_area(self) -> QRectF:
        top = min(MARGIN + self._title_height(self.fontMetrics()), self.height())
        return QRectF(min(MARGIN, self.width()), top, max(0, self.width() - 2 * MARGIN),
                      max(0, self.height() - MARGIN - top))

    def _layout(self) -> list[tuple[QRectF, QRectF, QRectF]]:
        """(bar, label box, value box) per bar, all within the plot area."""
        if not self._data:
            return []
        fm = self.fontMetrics()
        area = self._plot_area()
        top = max(v for _l, v in self._data) or 1
        value_w = max(fm.horizontalAdvance(fmt_number(v)) for _l, v in self._data) + GAP
        n = len(self._data)
        out = []
        if self._orientation == Qt.Orientation.Horizontal:
            label_w = min(max(fm.horizontalAdvance(lbl) for lbl, _v in self._data) + GAP, area.width() * 0.4)
            room = max(0.0, area.width() - label_w - value_w)
            row = min(fm.height() + 4 + GAP, area.height() / n)
            bar_h = row - min(GAP, row * 0.3)
            for i, (_lbl, v) in enumerate(self._data):
                y = area.top() + i * row
                length = room * v / top
                bar = QRectF(area.left() + label_w, y, length, bar_h)
                out.append((bar, QRectF(area.left(), y, max(0.0, label_w - GAP), bar_h),
                            QRectF(bar.right() + GAP / 2, y, value_w, bar_h)))
        else:
            text_h = fm.height() + 2
            room = max(0.0, area.height() - 2 * text_h)
            slot = area.width() / n
            bar_w = min(60.0, slot * 0.6)
            base = max(area.top(), area.bottom() - text_h)
            for i, (_lbl, v) in enumerate(self._data):
                x = area.left() + i * slot
                length = room * v / top
                bar = QRectF(x + (slot - bar_w) / 2, base - length, bar_w, length)
                out.append((bar, QRectF(x, base + 2, slot, text_h - 2),
                            QRectF(x, bar.top() - text_h, slot, text_h)))
        return out

    def bar_rects(self) -> list[QRectF]:
        return [bar for bar, _l, _v in self._layout()]

    # -- painting
    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setClipRect(self.rect())
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pal = self.palette()
        p.fillRect(self.rect(), pal.window())
        text = pal.windowText().color()
        fm = self.fontMetrics()
        if self._title:
            bold = QFont(self.font())
            bold.setBold(True)
            p.setFont(bold)
            title = QFontMetrics(bold).elidedText(self._title, Qt.TextElideMode.ElideRight, self.width() - 2 * MARGIN)
            p.setPen(text)
            p.drawText(QRectF(MARGIN, MARGIN, self.width() - 2 * MARGIN, fm.height() + 2),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
            p.setFont(self.font())
        if not self._data:
            p.setPen(text)
            p.drawText(self._plot_area(), Qt.AlignmentFlag.AlignCenter, self.tr("No data"))
            p.end()
            return
        horizontal = self._orientation == Qt.Orientation.Horizontal
        outline = QPen(text)
        outline.setWidth(1)
        for i, ((label, value), (bar, label_box, value_box)) in enumerate(zip(self._data, self._layout(), strict=True)):
            p.setPen(outline if bar.width() >= 1 and bar.height() >= 1 else Qt.PenStyle.NoPen)
            p.setBrush(self.colour(i))
            p.drawRect(bar.adjusted(0, 0, -1, -1) if bar.width() >= 2 and bar.height() >= 2 else bar)
            if i >= len(PALETTE):  # second round of colours: hatch them
                p.setBrush(QBrush(text, Qt.BrushStyle.BDiagPattern))
                p.drawRect(bar.adjusted(0, 0, -1, -1) if bar.width() >= 2 and bar.height() >= 2 else bar)
            p.setPen(text)
            p.setBrush(Qt.BrushStyle.NoBrush)
            label_text = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(label_box.width()))
            if horizontal:
                p.drawText(label_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label_text)
                p.drawText(value_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, fmt_number(value))
            else:
                p.drawText(label_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label_text)
                p.drawText(value_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, fmt_number(value))
        if not horizontal:  # the axis under the bars
            area = self._plot_area()
            y = self._layout()[0][0].bottom()
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        p.end()

    # -- accessibility
    def _describe(self) -> None:
        self.setAccessibleName(self._title or self.tr("Bar chart"))
        if self._data:
            self.setAccessibleDescription("; ".join(f"{label}: {fmt_number(v)}" for label, v in self._data))
        else:
            self.setAccessibleDescription(self.tr("No data"))
