"""The navigation's icons, drawn in code (no files to ship): plain line pictures in the
app's blue, sharp at any scaling."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

INK = "#1f5f99"
SIZE = 24


def _students(p: QPainter) -> None:
    p.drawEllipse(QPointF(9, 8), 3.2, 3.2)
    p.drawArc(QRectF(3, 13, 12, 10), 0, 180 * 16)
    p.drawEllipse(QPointF(16.5, 9), 2.6, 2.6)
    p.drawArc(QRectF(13, 14, 8.5, 8), 0, 180 * 16)


def _dashboard(p: QPainter) -> None:
    for x, top in ((4, 13), (10, 7), (16, 10)):
        p.drawRect(QRectF(x, top, 4, 19 - top))
    p.drawLine(QPointF(2.5, 20), QPointF(21.5, 20))


def _devices(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(5, 5, 14, 10), 1.5, 1.5)
    p.drawLine(QPointF(2.5, 18.5), QPointF(21.5, 18.5))
    p.drawLine(QPointF(5, 15), QPointF(3, 18.5))
    p.drawLine(QPointF(19, 15), QPointF(21, 18.5))


def _donations(p: QPainter) -> None:
    p.drawRect(QRectF(4, 10, 16, 10))
    p.drawLine(QPointF(3, 10), QPointF(21, 10))
    p.drawLine(QPointF(12, 10), QPointF(12, 20))
    p.drawArc(QRectF(7, 5, 5, 5), 0, 270 * 16)
    p.drawArc(QRectF(12, 5, 5, 5), -90 * 16, 270 * 16)


def _allocations(p: QPainter) -> None:
    p.drawRect(QRectF(3, 4, 8, 8))
    p.drawRect(QRectF(13, 12, 8, 8))
    path = QPainterPath(QPointF(7, 12))
    path.lineTo(7, 16)
    path.lineTo(12, 16)
    p.drawPath(path)
    p.drawLine(QPointF(10, 14), QPointF(12, 16))
    p.drawLine(QPointF(10, 18), QPointF(12, 16))


def _handovers(p: QPainter) -> None:
    p.drawRect(QRectF(8, 3, 9, 7))
    path = QPainterPath(QPointF(3, 15))
    path.lineTo(8, 15)
    path.cubicTo(11, 15, 12, 13, 15, 13)
    path.lineTo(19, 13)
    path.cubicTo(21, 13, 21, 16, 19, 16)
    path.lineTo(12, 16)
    p.drawPath(path)
    path = QPainterPath(QPointF(3, 20))
    path.lineTo(14, 20)
    path.lineTo(21, 16.5)
    p.drawPath(path)


def _coverage(p: QPainter) -> None:
    for i, h in enumerate((4, 8, 12, 16)):
        p.drawRect(QRectF(4 + i * 4.5, 20 - h, 2.5, h))


def _reports(p: QPainter) -> None:
    path = QPainterPath(QPointF(6, 3))
    path.lineTo(14, 3)
    path.lineTo(18, 7)
    path.lineTo(18, 21)
    path.lineTo(6, 21)
    path.closeSubpath()
    p.drawPath(path)
    for y in (10, 13.5, 17):
        p.drawLine(QPointF(9, y), QPointF(15, y))


DRAW = {"students": _students, "dashboard": _dashboard, "devices": _devices, "donations": _donations,
        "allocations": _allocations, "handovers": _handovers, "coverage": _coverage, "reports": _reports}


def nav_icon(name: str, color: str = INK) -> QIcon:
    """The icon of a screen of the navigation (an empty icon for an unknown one)."""
    draw = DRAW.get(name)
    icon = QIcon()
    if draw is None:
        return icon
    for scale in (1, 2, 3):
        pix = QPixmap(SIZE * scale, SIZE * scale)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.scale(scale, scale)
        pen = QPen(QColor(color), 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        draw(p)
        p.end()
        icon.addPixmap(pix)
    return icon
