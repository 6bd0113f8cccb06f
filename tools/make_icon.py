"""Draw SongMay's icon: a tablet under signal waves ("sóng và máy tính").

    python tools/make_icon.py        # writes resources/icons/songmay.png and songmay.ico

The PNG (256 px) is the window icon; the .ico (16–256 px, PNG-compressed entries,
Windows Vista and later) is the icon of SongMay.exe (build.spec). Drawn with QPainter,
so no image library is needed; the .ico container is written here by hand.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPen

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int):
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)
    # background: a rounded square, teal to deep blue
    grad = QLinearGradient(QPointF(0, 0), QPointF(0, 256))
    grad.setColorAt(0, QColor("#17a398"))
    grad.setColorAt(1, QColor("#1d4e89"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(grad))
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 48, 48)
    # the tablet
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(68, 118, 120, 104), 14, 14)
    p.setBrush(QColor("#1d4e89"))
    p.drawRoundedRect(QRectF(80, 130, 96, 76), 4, 4)
    p.setBrush(QColor("#f4c430"))  # a warm spot on the screen: the child's lesson
    p.drawEllipse(QPointF(128, 168), 16, 16)
    # the waves above it
    pen = QPen(QColor("#ffffff"), 14, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    for r in (22, 48, 74):
        p.drawArc(QRectF(128 - r, 104 - r, 2 * r, 2 * r), 45 * 16, 90 * 16)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawEllipse(QPointF(128, 100), 8, 8)
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(data)


def ico(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding one PNG per size (ICONDIR, ICONDIRENTRY…, images)."""
    head = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return head + entries + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts, painting)
    pngs = {size: draw(size) for size in SIZES}
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "songmay.png").write_bytes(pngs[256])
    (ICONS / "songmay.ico").write_bytes(ico(pngs))
    print(f"wrote {ICONS / 'songmay.png'} and {ICONS / 'songmay.ico'} ({', '.join(map(str, SIZES))} px)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
