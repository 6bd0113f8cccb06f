"""The printed handover minute (biên bản bàn giao / thu hồi / chuyển giao) as a PDF.

Drawn with QPainter on a QPdfWriter (or a QPrinter: ``render_minute`` takes any paged
device), QtGui only, so it works from the command line with a QGuiApplication and on a
pool thread (QFontDatabase is thread-safe; QPainter may paint on print devices outside the
GUI thread). Layout after Decree 30/2020/NĐ-CP: issuing unit and national motto side by
side, title, parties, a ruled table of devices whose header repeats on every page,
commitments and signature blocks. The minute is a Vietnamese legal paper, so its text is
Vietnamese whatever the interface language. Fonts come from ``resources/fonts`` and are
embedded; no system font is used: Liberation Serif (metric-compatible with the Decree's Times
New Roman, every Vietnamese letter), DejaVu Serif when it is missing.

The Decree's sizes and margins (Phụ lục I): body 13 pt, the national heading 12–13 pt bold,
the title 14 pt bold, margins top 20, bottom 20, left 30, right 15 mm, page numbers at the
top centre from page 2 in 13 pt. The device table may go down to 11 pt (9 when its
identifiers need the room).

Nothing is ever broken inside a word: lines break at spaces only, so a serial, an IMEI, an
ICCID or a minute number is always whole on one line. The table's columns are as wide as
their longest word (and share what is left by their content); the minute number stands on
one line, shrunk to fit within limits.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import threading
from pathlib import Path

from fontTools.ttLib import TTFont  # fpdf2's dependency
from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)

import resources

MARGINS_MM = (30.0, 20.0, 15.0, 20.0)  # left, top, right, bottom (Nghị định 30/2020: 30–35, 20–25, 15–20, 20–25)
BODY_PT = 13.0  # the body (13–14)
HEADING_PT = 13.0  # the issuing unit and the national motto's second line (12–13, 13–14)
MOTTO_PT = 12.0  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (12–13, bold)
TITLE_PT = 14.0  # the minute's name (13–14, bold)
PAGE_NO_PT = 13.0  # page numbers, top centre, from page 2 (13–14)
TABLE_PT = (11.0, 9.0)  # the device table: its size, and how far it may shrink to keep identifiers whole
# Families tried in order: the Decree's Times New Roman metrics first.
FONTS = (
    ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
     "LiberationSerif-BoldItalic.ttf"),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
)
FAMILY = "SongMay Minute Serif"  # the bundled faces' family in Qt, no system font's (see _renamed)
_BREAK = "\u2028"  # a forced line break put before a word that would otherwise be split
PROGRAMME = "Chương trình “Sóng và máy tính cho em”"
TITLES = {
    "handed_over": "BIÊN BẢN BÀN GIAO THIẾT BỊ HỌC TẬP",
    "returned": "BIÊN BẢN THU HỒI THIẾT BỊ HỌC TẬP",
    "reassigned": "BIÊN BẢN CHUYỂN GIAO THIẾT BỊ HỌC TẬP",
}
# (party A, party B, how the guardian acts for the child)
PARTIES = {
    "handed_over": ("BÊN GIAO", "BÊN NHẬN", "Người nhận thay"),
    "returned": ("BÊN THU HỒI", "BÊN TRẢ THIẾT BỊ", "Người trả thay"),
    "reassigned": ("BÊN THU HỒI", "BÊN TRẢ THIẾT BỊ", "Người trả thay"),
}
COLUMNS = (  # header, share of the width, alignment
    ("STT", 6, Qt.AlignmentFlag.AlignHCenter),
    ("Tên thiết bị", 19, Qt.AlignmentFlag.AlignLeft),
    ("Số serial / ICCID", 14, Qt.AlignmentFlag.AlignLeft),
    ("IMEI", 19, Qt.AlignmentFlag.AlignLeft),
    ("SIM / số thuê bao", 14, Qt.AlignmentFlag.AlignLeft),
    ("Phụ kiện", 11, Qt.AlignmentFlag.AlignLeft),
    ("Tình trạng", 10, Qt.AlignmentFlag.AlignLeft),
    ("Số lượng", 7, Qt.AlignmentFlag.AlignHCenter),
)
LINE_KEYS = ("name", "serial", "imei", "sim", "accessories", "condition", "quantity")

_font_lock = threading.Lock()
_write_lock = threading.Lock()
_family: list[str] = []


def font_family() -> str:
    """Register the bundled serif (Liberation Serif, else DejaVu Serif) once; its family name."""
    with _font_lock:
        if not _family:
            for names in FONTS:
                files = [resources.path("fonts", n) for n in names]
                if not all(f.is_file() for f in files):
                    continue
                for f in files:
                    fid = QFontDatabase.addApplicationFontFromData(_renamed(f, FAMILY))
                    if fid < 0:
                        raise OSError(f"cannot load the font {f.name}")
                    _family.extend(x for x in QFontDatabase.applicationFontFamilies(fid) if x not in _family)
                break
            if not _family:
                raise OSError("no font for the minute in resources/fonts")
        return _family[0]


def _renamed(file: Path, family: str) -> bytes:
    """The font ``file`` under a family name of its own, in memory (the file is untouched).

    Qt keeps one face per family, foundry and style: a system's own "Liberation Serif" — Debian's
    fonts-liberation 1.07, without Ộ, Ậ, Ệ, Ủ… — could stand for our bold, and Qt would then
    take those capitals from another font (DejaVu Serif Bold) in the middle of a word. The
    PostScript name, the one the PDF shows, stays "LiberationSerif-Bold" etc."""
    font = TTFont(io.BytesIO(file.read_bytes()), lazy=True)  # only the name table is rewritten
    names = font["name"]
    style = names.getDebugName(2) or "Regular"
    for rec in list(names.names):
        if rec.nameID in (1, 16):
            names.setName(family, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID in (3, 4):
            names.setName(f"{family} {style}", rec.nameID, rec.platformID, rec.platEncID, rec.langID)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def vn_date(iso: str) -> str:
    """2025-10-15 → "ngày 15 tháng 10 năm 2025" (days below 10 and months 1–2 get a 0)."""
    d = dt.date.fromisoformat(str(iso)[:10])
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def write_minute_pdf(path: str | os.PathLike, minute: dict) -> Path:
    """Write ``minute`` as an A4 PDF at ``path``, atomically (temp file, fsync, rename)."""
    path = Path(path)
    tmp = path.with_suffix(".tmp")
    with _write_lock:  # two pool jobs printing the same minute must not share the temp file
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = None
        try:
            writer = QPdfWriter(str(tmp))
            writer.setResolution(600)
            writer.setTitle(f"{TITLES.get(minute.get('event', ''), TITLES['handed_over'])} {minute.get('number', '')}")
            writer.setCreator("SongMay")
            render_minute(writer, minute)
            writer = None  # deleting the writer closes the file
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            writer = None
            tmp.unlink(missing_ok=True)
            raise
    return path


def render_minute(device: QPagedPaintDevice, minute: dict) -> None:
    """Draw the minute on a paged device (QPdfWriter, or a QPrinter for printing)."""
    left, top, right, bottom = MARGINS_MM
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(left, top, right, bottom), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("cannot write the minute (is the folder writable and the disk not full?)")
    try:
        _Minute(_Canvas(device, painter), minute).draw()
    finally:
        painter.end()


class _Canvas:
    """A page-flowing cursor over a paged device, in device units."""

    def __init__(self, device: QPagedPaintDevice, painter: QPainter):
        self.device, self.p = device, painter
        self.family = font_family()
        self.mm = device.logicalDpiY() / 25.4
        self.width, self.height = float(device.width()), float(device.height())
        self.y = 0.0
        self.page = 1
        self.on_new_page = None  # e.g. repeat the table header
        self._fonts: dict[tuple, QFont] = {}
        self._options: dict = {}

    def font(self, size: float, bold: bool = False, italic: bool = False) -> QFont:
        key = (size, bold, italic)
        f = self._fonts.get(key)
        if f is None:
            f = QFont(self.family)
            f.setPointSizeF(size)
            f.setBold(bold)
            f.setItalic(italic)
            self._fonts[key] = f
        return f

    def layout(self, runs, size: float, width: float, align=Qt.AlignmentFlag.AlignLeft,
               indent: float = 0.0) -> tuple[QTextLayout, float]:
        """Wrap ``runs`` (a str or [(text, "b"/"i"/"bi"/"")]) to ``width`` at spaces only; the
        layout and its height. Qt may break after "-" or "/" (or anywhere in a word longer
        than the line): a word it splits is moved whole to the next line instead."""
        if isinstance(runs, str):
            runs = [(runs, "")]
        text = "".join(t for t, _s in runs)
        for _try in range(200):
            lay, y = self._layout(runs, text, size, width, align, indent)
            at = _split_word(lay, text)
            if at is None:
                return lay, y
            text = text[:at] + _BREAK + text[at + 1:]  # the space before the split word
        return lay, y

    def _layout(self, runs, text: str, size: float, width: float, align, indent: float) -> tuple[QTextLayout, float]:
        styles = {s for t, s in runs if t}
        base = next(iter(styles)) if len(styles) == 1 else ""
        lay = QTextLayout(text, self.font(size, "b" in base, "i" in base), self.device)
        opt = self._options.get(align)
        if opt is None:
            opt = self._options[align] = QTextOption(align)
            opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        lay.setTextOption(opt)
        if len(styles) > 1:  # mixed runs, e.g. a bold label before plain text
            ranges, pos = [], 0
            for t, style in runs:
                if style and t:
                    fmt = QTextCharFormat()
                    fmt.setFont(self.font(size, "b" in style, "i" in style))
                    r = QTextLayout.FormatRange()
                    r.start, r.length, r.format = pos, len(t), fmt
                    ranges.append(r)
                pos += len(t)
            lay.setFormats(ranges)
        lay.beginLayout()
        y, first = 0.0, True
        while True:
            line = lay.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width - (indent if first else 0.0))
            line.setPosition(QPointF(indent if first else 0.0, y))
            y += line.height()
            first = False
        lay.endLayout()
        return lay, y

    def word_width(self, text: str, size: float, bold: bool = False) -> float:
        """The width of the longest word of ``text`` (what a column must hold on one line)."""
        fm = QFontMetricsF(self.font(size, bold), self.device)
        return max((fm.horizontalAdvance(w) for w in text.split()), default=0.0)

    def line_width(self, text: str, size: float, bold: bool = False) -> float:
        return QFontMetricsF(self.font(size, bold), self.device).horizontalAdvance(text)

    def new_page(self) -> None:
        self.device.newPage()
        self.page += 1
        self.y = 0.0
        lay, h = self.layout(str(self.page), PAGE_NO_PT, self.width, Qt.AlignmentFlag.AlignHCenter)
        lay.draw(self.p, QPointF(0, 0))  # Decree 30: page numbers at the top, from page 2
        self.y = h + 3 * self.mm
        if self.on_new_page:
            self.on_new_page()

    def fits(self, h: float) -> bool:
        return self.y + h <= self.height

    def ensure(self, h: float) -> None:
        if not self.fits(h) and self.y > 0:
            self.new_page()

    def paragraph(self, runs, size: float = BODY_PT, align=Qt.AlignmentFlag.AlignJustify, indent_mm: float = 0.0,
                  left_mm: float = 0.0, after_mm: float = 1.5) -> None:
        """Flowing text: lines that do not fit go to the next page."""
        x = left_mm * self.mm
        lay, _h = self.layout(runs, size, self.width - x, align, indent_mm * self.mm)
        for i in range(lay.lineCount()):
            line = lay.lineAt(i)
            if not self.fits(line.height()):
                self.new_page()
            line.draw(self.p, QPointF(x, self.y - line.y()))
            self.y += line.height()
        self.y += after_mm * self.mm

    def block(self, x: float, y: float, width: float, runs, size: float,
              align=Qt.AlignmentFlag.AlignHCenter) -> float:
        """Draw wrapped text at a fixed place (header and signature columns); its height."""
        lay, h = self.layout(runs, size, width, align)
        lay.draw(self.p, QPointF(x, y))
        return h

    def text_width(self, text: str, font: QFont) -> float:
        return QFontMetricsF(font, self.device).horizontalAdvance(text)

    def rule(self, x1: float, x2: float, y: float, width_mm: float = 0.25) -> None:
        self.p.setPen(QPen(Qt.GlobalColor.black, width_mm * self.mm))
        self.p.drawLine(QPointF(x1, y), QPointF(x2, y))


class _Minute:
    def __init__(self, c: _Canvas, m: dict):
        self.c, self.m = c, m
        self.event = m.get("event") or "handed_over"

    def draw(self) -> None:
        self.header()
        self.title()
        self.parties()
        self.table()
        self.closing()
        self.signatures()

    # -- blocks
    def header(self) -> None:
        c, m = self.c, self.m
        lw = c.width * 0.42
        rx, rw = lw, c.width - lw
        # left: the managing body, the unit in bold, a short rule, the number (one line each)
        y = 0.0
        if m.get("parent_unit"):
            parent = m["parent_unit"].upper()
            y += c.block(0, y, lw, parent, self._fit(parent, lw, HEADING_PT, False, shrink_to=11))
        school = (m.get("unit_name") or "").upper()
        y += c.block(0, y, lw, [(school, "b")], self._fit(school, lw, HEADING_PT, True, shrink_to=11))
        y += 1.5 * c.mm
        c.rule(lw * 0.3, lw * 0.7, y, 0.3)
        y += 2.5 * c.mm
        y += self.one_line(0, y, lw, "Số: " + (m.get("number") or "……"), BODY_PT, shrink_to=9)
        # right: national motto, the rule, place and date in italics
        motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        ry = c.block(rx, 0, rw, [(motto, "b")], self._fit(motto, rw, MOTTO_PT, True))
        slogan = "Độc lập - Tự do - Hạnh phúc"
        size = self._fit(slogan, rw, HEADING_PT, True)
        ry += c.block(rx, ry, rw, [(slogan, "b")], size)
        sw = c.text_width(slogan, c.font(size, True))
        ry += 1.5 * c.mm
        c.rule(rx + (rw - sw) / 2, rx + (rw + sw) / 2, ry, 0.3)
        ry += 3.5 * c.mm
        where = m.get("locality") or m.get("place") or ""
        when = vn_date(m["date"]) if m.get("date") else "ngày … tháng … năm …"
        ry += c.block(rx, ry, rw, [(f"{where}, {when}" if where else when.capitalize(), "i")], BODY_PT)
        c.y = max(y, ry) + 6 * c.mm

    def one_line(self, x: float, y: float, width: float, text: str, size: float, shrink_to: float) -> float:
        """``text`` on one line, centred in ``width``: shrunk (down to ``shrink_to``) until it
        fits, and never wrapped — past the floor it runs into the gutter beside it."""
        c = self.c
        size = self._fit(text, width, size, False, shrink_to)
        lay = QTextLayout(text, c.font(size), c.device)
        opt = QTextOption(Qt.AlignmentFlag.AlignHCenter)
        opt.setWrapMode(QTextOption.WrapMode.NoWrap)
        lay.setTextOption(opt)
        lay.beginLayout()
        line = lay.createLine()
        line.setNumColumns(len(text))
        natural = line.naturalTextWidth()
        line.setPosition(QPointF(max(0.0, (width - natural) / 2), 0.0))
        lay.endLayout()
        lay.draw(c.p, QPointF(x, y))
        return line.height()

    def _fit(self, text: str, width: float, size: float, bold: bool, shrink_to: float = 9.0) -> float:
        """The largest size ≤ ``size`` (down to ``shrink_to``) at which ``text`` fits on one line."""
        while size > shrink_to and self.c.text_width(text, self.c.font(size, bold)) > width:
            size -= 0.5
        return size

    def title(self) -> None:
        c = self.c
        c.paragraph([(TITLES.get(self.event, TITLES["handed_over"]), "b")], TITLE_PT, Qt.AlignmentFlag.AlignHCenter,
                    after_mm=0.5)
        c.paragraph([(f"({PROGRAMME})", "i")], BODY_PT, Qt.AlignmentFlag.AlignHCenter, after_mm=5)

    def parties(self) -> None:
        c, m = self.c, self.m
        st, g = m.get("student") or {}, m.get("guardian") or {}
        a, b, proxy = PARTIES.get(self.event, PARTIES["handed_over"])
        place = m.get("place") or m.get("unit_name") or "…"
        when = vn_date(m["date"]) if m.get("date") else "ngày … tháng … năm …"
        c.paragraph(f"Hôm nay, {when}, tại {place}, chúng tôi gồm:", indent_mm=10)
        c.paragraph([(f"1. {a} (Bên A): ", "b"), (m.get("unit_name") or "", "")], indent_mm=10, after_mm=0.8)
        rep = f"Đại diện: Ông/Bà {m.get('giver_rep') or '………………'}"
        rep += f"; Chức vụ: {m.get('giver_position') or '………………'}"
        if m.get("unit_address"):
            rep += f"; Địa chỉ: {m['unit_address']}"
        c.paragraph(rep, left_mm=10)
        child = f"Học sinh {st.get('full_name') or '…'}"
        if st.get("class_name"):
            child += f", lớp {st['class_name']}"
        child += f", {m.get('unit_name') or ''}"
        c.paragraph([(f"2. {b} (Bên B): ", "b"), (child, "")], indent_mm=10, after_mm=0.8)
        about = []
        if st.get("birth_date"):
            about.append(f"Ngày sinh: {_dmy(st['birth_date'])}")
        if st.get("personal_id"):
            about.append(f"Số định danh cá nhân: {st['personal_id']}")
        if about:
            c.paragraph("; ".join(about), left_mm=10, after_mm=0.8)
        who = f"{proxy}: Ông/Bà {g.get('name') or '………………'}"
        if g.get("relation"):
            who += f", quan hệ với học sinh: {g['relation']}"
        who += f"; Số CCCD: {g.get('id_no') or '………………'}"
        c.paragraph(who, left_mm=10, after_mm=3)
        if self.event == "handed_over":
            c.paragraph(f"Hai bên thống nhất bàn giao thiết bị học tập thuộc {PROGRAMME} như sau:", indent_mm=10)
        else:
            ref = m.get("refers_to_number") or "…"
            verb = "thu hồi" if self.event == "returned" else "thu hồi để chuyển giao"
            c.paragraph(f"Hai bên thống nhất {verb} thiết bị học tập đã bàn giao theo Biên bản bàn giao số "
                        f"{ref} thuộc {PROGRAMME} như sau:", indent_mm=10)

    def table(self) -> None:
        c = self.c
        pad = 1.2 * c.mm
        lines = self.m.get("lines") or []
        cells = [[str(i)] + [str(line.get(k, "") or "") for k in LINE_KEYS] for i, line in enumerate(lines, 1)]
        size, widths = self.columns(cells, pad)

        def row(texts: list, bold: bool) -> None:
            lays = []
            for (_h, _w, align), w, text in zip(COLUMNS, widths, texts, strict=True):
                runs = [(str(text or ""), "b" if bold else "")]
                lays.append(c.layout(runs, size, w - 2 * pad, Qt.AlignmentFlag.AlignHCenter if bold else align))
            h = max(hh for _l, hh in lays) + 2 * pad
            if not c.fits(h):
                c.new_page()
            x = 0.0
            c.p.setPen(QPen(Qt.GlobalColor.black, 0.2 * c.mm))
            for (lay, _hh), w in zip(lays, widths, strict=True):
                c.p.drawRect(QRectF(x, c.y, w, h))
                lay.draw(c.p, QPointF(x + pad, c.y + pad))
                x += w
            c.y += h

        def header() -> None:
            row([h for h, _w, _a in COLUMNS], True)

        header_h = max(c.layout([(h, "b")], size, w - 2 * pad)[1]
                       for (h, _w, _a), w in zip(COLUMNS, widths, strict=True))
        c.ensure(header_h + 2 * pad + 12 * c.mm)  # never a lonely header at the foot of a page
        header()
        c.on_new_page = header
        for texts in cells:
            row(texts, False)
        c.on_new_page = None
        c.y += 4 * c.mm

    def columns(self, cells: list[list[str]], pad: float) -> tuple[float, list[float]]:
        """The table's size and column widths: every column at least as wide as its longest
        word (a serial, an IMEI, an ICCID — never split), the rest of the width shared by
        what each column's text would need on one line, then by the columns' shares. At
        ``TABLE_PT[0]`` unless the words need less, down to ``TABLE_PT[1]``."""
        c = self.c
        size, floor = TABLE_PT
        while True:
            least = [max([c.word_width(h, size, True)] + [c.word_width(r[i], size) for r in cells]) + 2 * pad + 0.5
                     for i, (h, _w, _a) in enumerate(COLUMNS)]
            if sum(least) <= c.width or size <= floor:
                break
            size -= 0.5
        want = [max([w] + [c.line_width(r[i], size) + 2 * pad + 0.5 for r in cells])
                for i, w in enumerate(least)]
        widths = list(least)
        spare = c.width - sum(widths)
        need = sum(w - m for w, m in zip(want, least, strict=True))
        if spare > 0 and need > 0:
            give = min(spare, need)
            widths = [m + give * (w - m) / need for w, m in zip(want, least, strict=True)]
            spare -= give
        if spare > 0:  # everything fits on one line: share the rest as the columns' shares
            total = sum(share for _h, share, _a in COLUMNS)
            widths = [w + spare * share / total for w, (_h, share, _a) in zip(widths, COLUMNS, strict=True)]
        return size, widths

    def closing(self) -> None:
        c, m = self.c, self.m
        if self.event == "handed_over":
            if m.get("override_reason"):
                c.paragraph([("Lý do giao thêm thiết bị: ", "b"), (m["override_reason"], "")], indent_mm=10)
            c.paragraph("Bên B đã kiểm tra và nhận đủ thiết bị nêu trên. Bên B cam kết sử dụng thiết bị đúng mục "
                        "đích học tập; bảo quản cẩn thận, không bán, cho, tặng, cầm cố hoặc cho mượn; không tự ý "
                        "tháo lắp, thay đổi linh kiện. Khi học sinh chuyển trường, thôi học hoặc không còn nhu cầu "
                        "sử dụng, Bên B có trách nhiệm trả lại thiết bị (và SIM, nếu có) cho nhà trường để chuyển "
                        "giao cho học sinh khác.", indent_mm=10)
        else:
            if m.get("reason"):
                what = "Lý do thu hồi: " if self.event == "returned" else "Lý do chuyển giao: "
                c.paragraph([(what, "b"), (m["reason"], "")], indent_mm=10)
            nxt = m.get("transfer_to") or {}
            if self.event == "reassigned" and nxt.get("full_name"):
                to = f"Thiết bị được chuyển giao cho học sinh {nxt['full_name']}"
                if nxt.get("class_name"):
                    to += f", lớp {nxt['class_name']}"
                if nxt.get("number"):
                    to += f", theo Biên bản bàn giao số {nxt['number']}"
                c.paragraph(to + ".", indent_mm=10)
            c.paragraph("Bên A đã nhận lại đủ thiết bị nêu trên với tình trạng như ghi trong bảng. Kể từ ngày ký "
                        "biên bản này, Bên B không còn trách nhiệm quản lý, bảo quản thiết bị.", indent_mm=10)
        c.paragraph("Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản có giá trị như nhau.", indent_mm=10,
                    after_mm=5)

    def signatures(self) -> None:
        """Side by side (with the witness in the middle when there is one), kept on one page."""
        c, m = self.c, self.m
        a, b, _proxy = PARTIES.get(self.event, PARTIES["handed_over"])
        blocks = [(f"ĐẠI DIỆN {a}", m.get("giver_rep") or "")]
        if m.get("witness"):
            blocks.append(("NGƯỜI CHỨNG KIẾN", m["witness"]))
        blocks.append((f"ĐẠI DIỆN {b}", (m.get("guardian") or {}).get("name") or ""))
        col = c.width / len(blocks)
        size = BODY_PT if len(blocks) == 2 else BODY_PT - 1
        space = 22 * c.mm

        def top(title: str) -> float:
            return c.layout([(title, "b")], size, col)[1] + c.layout([("(Ký, ghi rõ họ tên)", "i")], size, col)[1]

        names_at = max(top(t) for t, _n in blocks) + space  # the names on one line whatever the titles
        h = names_at + max(c.layout([(n or " ", "b")], size, col)[1] for _t, n in blocks)
        c.ensure(h)
        for i, (title, name) in enumerate(blocks):
            y = c.y + c.block(i * col, c.y, col, [(title, "b")], size)
            c.block(i * col, y, col, [("(Ký, ghi rõ họ tên)", "i")], size)
            c.block(i * col, c.y + names_at, col, [(name, "b")], size)
        c.y += h


def _dmy(iso: str) -> str:
    try:
        return dt.date.fromisoformat(str(iso)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(iso)


def _split_word(lay: QTextLayout, text: str) -> int | None:
    """Where a word was split across two lines: the index of the space before that word (to
    become a forced break), or None when every line starts at a word (or the word is longer
    than a whole line, which no break can help)."""
    for i in range(1, lay.lineCount()):
        start = lay.lineAt(i).textStart()
        if start <= 0 or start >= len(text) or text[start - 1].isspace() or text[start - 1] == _BREAK:
            continue
        if text[start].isspace():
            continue
        line_start = lay.lineAt(i - 1).textStart()
        space = text.rfind(" ", line_start, start)
        if space > line_start:
            return space
    return None
