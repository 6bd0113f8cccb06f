"""A report as an A4 PDF in the form of Nghị định 30/2020/NĐ-CP (Phụ lục I): the issuing
unit under its managing body beside the national heading, number and date line, "BÁO CÁO"
with its summary line, the tables (header repeated on every page, totals in bold), notes,
and at the end the signatures with "Nơi nhận" — kept on a page with the last lines of the
body. Page numbers at the top centre from page 2.

Type and page as the Decree asks: Liberation Serif (metric-compatible with Times New Roman,
every Vietnamese letter, SIL OFL 1.1, embedded), body 13 pt, national heading 12–13 pt
bold, margins top 20, bottom 20, left 30, right 15 mm. Tables are set as large as they fit
(13 pt down to 11 pt, in landscape when a table needs it): each column is as wide as its
widest value, so no figure is ever cut, and headers wrap at spaces only.

Drawn with fpdf2 (pure Python, LGPL-3.0), so it runs the same in the desktop app, the CLI
and the server, without Qt or a display."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

import resources
from app.reports.labels import w
from app.reports.model import DATE, SUMMED, TEXT, Column, ReportData, Table, cell_text
from app.reports.render import (
    date_line,
    issuer,
    number_line,
    period_line,
    recipients,
    row_numbers,
    say,
    signers,
    title_lines,
)

FAMILY = "LiberationSerif"
FONTS = {"": "LiberationSerif-Regular.ttf", "B": "LiberationSerif-Bold.ttf", "I": "LiberationSerif-Italic.ttf",
         "BI": "LiberationSerif-BoldItalic.ttf"}
TOP, BOTTOM, LEFT, RIGHT = 20.0, 20.0, 30.0, 15.0  # mm (Nghị định 30/2020: 20–25, 20–25, 30–35, 15–20)
BODY = 13.0  # pt
PT = 0.3528  # mm per point
LEADING = 1.2  # line height / font size
PAD = 1.0  # mm inside a table cell
INDENT = 3.0  # mm: a row under another row
SIGN_SPACE = 22.0  # mm left for the signature and seal
PORTRAIT = (13.0, 12.5, 12.0, 11.5, 11.0)  # table sizes tried on a portrait page, largest first
LANDSCAPE = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)  # then landscape: 11 pt; smaller only if nothing else fits


class _Pdf(FPDF):
    orientation = "P"  # of every page: the document's, decided by its widest table

    def add_page(self, *args, **kwargs) -> None:
        kwargs.setdefault("orientation", self.orientation)
        super().add_page(*args, **kwargs)

    def header(self) -> None:
        if self.page_no() > 1:  # page numbers at the top centre, from page 2
            self.set_font(FAMILY, "", BODY)
            self.set_xy(self.l_margin, 9)
            self.cell(self.w - self.l_margin - self.r_margin, 6, str(self.page_no()), align="C")
            self.set_y(self.t_margin)


def _tables(data: ReportData) -> list[Table]:
    return [*data.tables, *([data.detail] if data.detail is not None and data.print_detail else [])]


def write_pdf(data: ReportData, path: str | Path) -> None:
    pdf = _Pdf(unit="mm", format="A4")
    for style, name in FONTS.items():
        pdf.add_font(FAMILY, style, str(resources.path("fonts", name)))
    pdf.c_margin = 0  # cells are padded by hand (PAD)
    # the orientation: portrait if every table fits there at 11 pt or more
    portrait_width = pdf.w - LEFT - RIGHT
    probe = _Doc(pdf, data, portrait_width)
    landscape = any(probe.layout(t, PORTRAIT) is None for t in _tables(data) if not _empty(t))
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(False, BOTTOM)  # breaks are placed by hand (tables, keep-with)
    pdf.set_title(" ".join(title_lines(data)) + (f" {data.number}" if data.number else ""))
    pdf.set_creator("SongMay")
    pdf.set_lang("vi" if data.lang == "vi" else "en")
    pdf.orientation = "L" if landscape else "P"
    pdf.add_page()
    doc = _Doc(pdf, data, pdf.w - LEFT - RIGHT)
    doc.heading()
    tables = _tables(data)
    if tables and all(_empty(t) for t in tables):
        doc.keep_room(doc.tail_height() + 10)
        doc.paragraph(say("nothing", data.lang), size=BODY, after=3)
    else:
        # the last table with figures keeps its last rows with what follows it: the empty
        # tables after it ("Không phát sinh") and the signatures, so the signatures never
        # stand on a page holding only an empty table's line
        last = max(i for i, t in enumerate(tables) if not _empty(t))
        trailing = sum(doc.empty_height(t, i > 0 or len(data.tables) > 1)
                       for i, t in enumerate(tables) if i > last)
        for i, table in enumerate(tables):
            titled = i > 0 or len(data.tables) > 1
            doc.table(table, title=titled, final=i == last, trailing=trailing if i == last else 0.0)
    for note in data.notes:
        doc.paragraph(note, italic=True, size=12)
    doc.signatures()
    pdf.output(str(path))


def _empty(table: Table) -> bool:
    """Nothing to show: no rows, or every figure naught."""
    if not table.rows:
        return True
    summed = [c.key for c in table.columns if c.kind in SUMMED]
    return bool(summed) and all(not r.values.get(k) for r in table.rows for k in summed)


@dataclass
class _Layout:
    size: float
    widths: list[float]
    columns: list[Column]
    head: float = 0.0  # the header's size
    footnote: str = ""  # "(1) MTB: Máy tính bảng; …" when headers are abbreviated


# Header words a wide table abbreviates to keep its headers at 11 pt (Nghị định 30/2020: a
# landscape table down to 11 pt; issue 16 item 8: abbreviate with a footnote)
ABBREVIATIONS = {
    "Máy tính bảng": "MTB", "Máy tính xách tay": "MTXT", "Điện thoại thông minh": "ĐTTM",
    "Máy tính để bàn": "MTĐB", "Trong đó: gia đình chính sách": "Trong đó: GĐCS",
    "Tổng số HS có nhu cầu": "Tổng số HS", "HS dân tộc thiểu số": "HS DTTS", "Khó khăn khác": "KK khác",
    "Mức 1 (hộ nghèo)": "Mức 1", "Mức 2 (cận nghèo)": "Mức 2", "Mức 3 (COVID-19)": "Mức 3",
    "Mức 4 (khó khăn khác)": "Mức 4", "Khác (COVID-19…)": "Khác", "Cần SIM/gói cước": "Cần SIM",
}
FOOTNOTE = ("(1) Viết tắt: {0}.", "(1) Abbreviations: {0}.")


class _Doc:
    def __init__(self, pdf: _Pdf, data: ReportData, width: float):
        self.pdf, self.data, self.lang = pdf, data, data.lang
        self.width = width
        self._current: tuple = ()
        self._widths: dict[tuple, float] = {}

    # -- text helpers (tables draw thousands of cells: fonts, widths and wrapping are cached,
    # and lines are placed with ``text``, far lighter than fpdf2's cell machinery)
    def _font(self, size: float, bold: bool = False, italic: bool = False) -> None:
        key = (size, bold, italic)
        if key != self._current:
            self.pdf.set_font(FAMILY, ("B" if bold else "") + ("I" if italic else ""), size)
            self._current = key

    def _width(self, text: str) -> float:
        key = (self._current, text)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = self.pdf.get_string_width(text)
        return found

    def _measure(self, text: str, size: float, bold: bool = False, italic: bool = False) -> float:
        self._font(size, bold, italic)
        return self._width(text)

    def _lines(self, text: str, width: float) -> list[str]:
        """``text`` wrapped at spaces (and its own line breaks) to ``width`` (mm) in the
        current font. The tables are laid out so that every word fits; a word longer than
        the width (only ever in free text) is cut between letters rather than overflow."""
        if "\n" in text:
            return [line for part in text.split("\n") for line in self._lines(part, width)]
        width += 0.01  # a word measured to fit exactly fits (float noise)
        if not text or self._width(text) <= width:
            return [text or ""]
        lines: list[str] = []
        cur, cur_w, space = "", 0.0, self._width(" ")
        for word in text.split(" "):
            ww = self._width(word)
            if cur and cur_w + space + ww <= width:
                cur, cur_w = f"{cur} {word}", cur_w + space + ww
                continue
            if cur:
                lines.append(cur)
            cur, cur_w = word, ww
            while cur_w > width and len(cur) > 1:
                cut = len(cur) - 1
                while cut > 1 and self._width(cur[:cut]) > width:
                    cut -= 1
                lines.append(cur[:cut])
                cur = cur[cut:]
                cur_w = self._width(cur)
        lines.append(cur)
        return lines

    def _put(self, lines: list[str], x: float, top: float, width: float, h: float, align: str, lh: float) -> None:
        """Lines in a box, vertically centered, aligned L, C or R inside the padding."""
        size = self._current[0] * PT
        y = top + (h - len(lines) * lh) / 2 + (lh - size) / 2 + 0.78 * size
        for line in lines:
            if line:
                tw = self._width(line)
                tx = x + PAD if align == "L" else x + width - PAD - tw if align == "R" else x + (width - tw) / 2
                self.pdf.text(tx, y, line)
            y += lh

    def _fit(self, text: str, width: float, size: float, bold: bool = False, smallest: float = 11.0) -> float:
        """The largest size down to ``smallest`` at which each line of ``text`` fits."""
        while size > smallest:
            self._font(size, bold)
            if all(self._width(part) <= width for part in text.split("\n")):
                break
            size -= 0.5
        return size

    def block(self, x: float, y: float, width: float, text: str, size: float, bold: bool = False,
              italic: bool = False, underline: bool = False, draw: bool = True) -> float:
        """Centered wrapped text at a fixed place; returns the y below it."""
        self._font(size, bold, italic)
        lh = size * PT * LEADING
        for line in self._lines(text, width):
            if draw:
                tw = self._width(line)
                self.pdf.text(x + (width - tw) / 2, y + (lh - size * PT) / 2 + 0.78 * size * PT, line)
                if underline:
                    self.pdf.set_line_width(0.3)
                    self.pdf.line(x + (width - tw) / 2, y + lh + 0.4, x + (width + tw) / 2, y + lh + 0.4)
            y += lh
        return y

    def paragraph(self, text: str, *, size: float = BODY, bold: bool = False, italic: bool = False,
                  align: str = "L", after: float = 1.5) -> None:
        pdf = self.pdf
        self._font(size, bold, italic)
        lh = size * PT * LEADING
        lines = self._lines(text, self.width)
        self.keep_room(len(lines) * lh)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(self.width, lh, "\n".join(lines), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(pdf.get_y() + after)

    def room(self) -> float:
        return self.pdf.h - BOTTOM - self.pdf.get_y()

    def keep_room(self, height: float) -> None:
        if height > self.room():
            self.pdf.add_page()

    # -- blocks
    def heading(self) -> None:
        pdf, data, lang = self.pdf, self.data, self.lang
        x0, y0 = pdf.l_margin, pdf.t_margin
        landscape = pdf.cur_orientation == "L"
        lw = self.width * (0.38 if landscape else 0.42)
        rw = self.width * (0.5 if landscape else 0.58)
        rx = x0 + self.width - rw
        body, name = issuer(data)
        y = y0
        if body:
            y = self.block(x0, y, lw, body, self._fit(body, lw, 13, smallest=12))
        y = self.block(x0, y, lw, name, self._fit(name, lw, 13, True, 12), bold=True)
        pdf.set_line_width(0.3)
        pdf.line(x0 + lw * 0.3, y + 0.8, x0 + lw * 0.7, y + 0.8)
        number = number_line(data)  # one line: "Số:" never alone
        y = self._line(x0, y + 3, lw, number, self._fit(number, lw, 13, smallest=8))
        motto = w("motto", lang)
        ry = self.block(rx, y0, rw, motto, self._fit(motto, rw, 13, True, 12), bold=True)
        slogan = w("slogan", lang)
        ry = self.block(rx, ry, rw, slogan, self._fit(slogan, rw, 14, True, 13), bold=True, underline=True)
        ry = self.block(rx, ry + 3, rw, date_line(data), self._fit(date_line(data), rw, 14, False, 13), italic=True)
        pdf.set_y(max(y, ry) + 8)
        head, summary = title_lines(data)
        self.paragraph(head, size=14, bold=True, align="C", after=0)
        self.paragraph(summary, size=14, bold=True, align="C", after=0.5)
        if data.subtitle:
            self.paragraph(f"({data.subtitle})", size=BODY, italic=True, align="C", after=0.5)
        self.paragraph(period_line(data), size=BODY, align="C", after=0.5)
        if data.school_year:
            self.paragraph(w("school_year", lang).format(data.school_year), size=BODY, align="C", after=0.5)
        if not data.number:
            self.paragraph(w("draft", lang), size=11, italic=True, align="C", after=0.5)
        pdf.set_y(pdf.get_y() + 4)

    def _line(self, x: float, y: float, width: float, text: str, size: float) -> float:
        """One centered line that never wraps (a number: "Số: 01/BC-…")."""
        self._font(size)
        lh = size * PT * LEADING
        tw = self._width(text)
        self.pdf.text(x + max(0.0, (width - tw) / 2), y + (lh - size * PT) / 2 + 0.78 * size * PT, text)
        return y + lh

    # -- tables
    def columns(self, table: Table) -> list[Column]:
        return ([Column("stt", w("stt", self.lang), TEXT, width=0.8)] if table.numbered else []) + table.columns

    def layout(self, table: Table, sizes: tuple[float, ...]) -> _Layout | None:
        """The largest of ``sizes`` at which every column holds its widest value whole
        (headers wrapped at spaces), with the widths; None if none fits the page. Headers
        are set a point below the cells but never below 11 pt while the cells are at 11 pt
        or more: first with their own words, then with the long ones abbreviated
        (``ABBREVIATIONS``, explained in a footnote "(1) …" under the table)."""
        cols = self.columns(table)
        short, note = _abbreviated(cols, self.lang)
        tries = [(cols, "")] + ([(short, note)] if note else [])
        for whole_names in (True, False):  # first the largest size ≥ 11 pt that keeps names on one line
            for titles, footnote in tries:
                for size in (x for x in sizes if x >= 11):
                    head = max(11.0, _head(size))
                    widths = self._widths_at(table, titles, size, whole_names, head)
                    if widths is not None:
                        return _Layout(size, widths, titles, head, footnote)
        for size in (x for x in sizes if x < 11):  # smaller only if nothing else fits
            widths = self._widths_at(table, short, size, False, _head(size))
            if widths is not None:
                return _Layout(size, widths, short, _head(size), note)
        return None

    def _widths_at(self, table: Table, cols: list[Column], size: float,
                   whole_names: bool = False, head: float = 0.0) -> list[float] | None:
        head = head or _head(size)
        nested = any(r.level for r in table.rows)
        numbers = row_numbers(table.rows)
        least, wanted = [], []
        for k, c in enumerate(cols):
            words = max((self._measure(x, head, True) for x in c.title.split()), default=0.0)
            title_w = self._measure(c.title, head, True)
            if c.key == "stt":
                values = [self._measure(n, size, nested and r.level == 0) for n, r in zip(numbers, table.rows,
                                                                                           strict=True)]
                full = max(values, default=0.0)
                least.append(max(words, full) + 2 * PAD)
                wanted.append(least[-1])
                continue
            full = word = 0.0
            for r in table.rows:
                text = cell_text(c, r.values.get(c.key), self.lang)
                if not text:
                    continue
                bold, italic = nested and r.level == 0, r.level > 0 and c.key == "label"
                indent = INDENT if (c.key == "label" and r.level) else 0.0
                tw = self._measure(text, size, bold, italic) + indent
                full = max(full, tw)
                if c.kind == TEXT:
                    word = max(word, max(self._measure(x, size, bold, italic) for x in text.split()) + indent)
                else:
                    word = max(word, tw)
            if table.totals is not None and k > (1 if table.numbered else 0):
                text = cell_text(c, table.totals.get(c.key), self.lang)
                if text:
                    tw = self._measure(text, size, True)
                    full, word = max(full, tw), max(word, tw if c.kind != TEXT else
                                                    max(self._measure(x, size, True) for x in text.split()))
            least.append(max(words, word) + 2 * PAD)
            if c.kind == TEXT:
                wanted.append(max(least[-1], min(full, self.width * 0.4) + 2 * PAD, title_w / 2 + 2 * PAD))
            else:
                wanted.append(max(least[-1], title_w / 2 + 2 * PAD))
        # a group header spans its columns: its longest word must fit them
        for a, b, g in _spans(cols):
            need = max(self._measure(x, head, True) for x in g.split()) + 2 * PAD
            have = sum(least[a:b + 1])
            if need > have:
                for k in range(a, b + 1):
                    least[k] += (need - have) / (b - a + 1)
                    wanted[k] = max(wanted[k], least[k])
        # the totals' caption spans the row-number column and the first
        if table.totals is not None:
            first = 1 if table.numbered else 0
            caption = str(table.totals.get(cols[first].key) or w("total", self.lang))
            need = max(self._measure(x, size, True) for x in caption.split()) + 2 * PAD
            if need > sum(least[:first + 1]):
                least[first] += need - sum(least[:first + 1])
                wanted[first] = max(wanted[first], least[first])
        if whole_names:  # each text column as wide as its widest value (up to 40 % of the page)
            least = [max(a, b) if c.kind == TEXT and c.key != "stt" else a
                     for a, b, c in zip(least, wanted, cols, strict=True)]
        if sum(least) > self.width + 1e-6:
            return None
        # the room left goes first to the text columns (names on fewer lines), then to the
        # headers (fewer lines), then to every column alike
        widths = list(least)
        for phase in (True, False):
            extra = self.width - sum(widths)
            grow = [max(0.0, b - a) if (c.kind == TEXT and c.key != "stt") == phase else 0.0
                    for a, b, c in zip(widths, wanted, cols, strict=True)]
            scale = min(1.0, extra / sum(grow)) if sum(grow) else 0.0
            widths = [a + g * scale for a, g in zip(widths, grow, strict=True)]
        rest = self.width - sum(widths)
        total = sum(widths)
        return [x + rest * x / total for x in widths]

    def empty_height(self, table: Table, title: bool) -> float:
        """The height of an empty table's block: its title, then "Không phát sinh."."""
        lh = BODY * PT * LEADING
        self._font(BODY, True)
        h = (len(self._lines(table.title, self.width)) * lh + 0.5) if title else 0.0
        return h + lh + 4

    def table(self, table: Table, *, title: bool, final: bool, trailing: float = 0.0) -> None:
        """``final``: the last table with figures, whose last rows go with the ``trailing``
        height (the empty tables after it) and the notes and signatures."""
        pdf = self.pdf
        empty = _empty(table)
        if empty:
            if title:
                self.keep_room(2 * BODY * PT * LEADING + (self.tail_height() if final else 0))
                self.paragraph(table.title, size=BODY, bold=True, after=0.5)
            elif final:
                self.keep_room(BODY * PT * LEADING + self.tail_height())
            self.paragraph(say("nothing", self.lang), size=BODY, italic=True, after=4)
            return
        lay = self.layout(table, PORTRAIT if pdf.cur_orientation == "P" else LANDSCAPE) \
            or self.layout(table, LANDSCAPE) or self.layout(table, (7.0, 6.5, 6.0))
        if lay is None:  # a word wider than the page: the free text's words are cut
            cols = self.columns(table)
            lay = _Layout(6.0, [self.width / len(cols)] * len(cols), cols, _head(6.0))
        size, widths, cols = lay.size, lay.widths, lay.columns
        lh = size * PT * LEADING
        left = pdf.l_margin + (self.width - sum(widths)) / 2
        xs = [left + sum(widths[:i]) for i in range(len(cols))]

        def cell_lines(text: str, width: float) -> list[str]:
            return self._lines(text, width - 2 * PAD)

        # header: a group row above the grouped columns, the others spanning both rows
        hsize = lay.head
        hlh = hsize * PT * LEADING
        self._font(hsize, True)
        spans = _spans(cols)
        title_lines = [cell_lines(c.title, wd) for c, wd in zip(cols, widths, strict=True)]
        group_lines = [cell_lines(g, sum(widths[a:b + 1])) for a, b, g in spans]
        group_h = max([len(x) for x in group_lines], default=0) * hlh + 2 * PAD
        in_group = {k for a, b, _g in spans for k in range(a, b + 1)}
        low_h = max([len(title_lines[k]) for k in in_group], default=0) * hlh + 2 * PAD
        solo_h = max([len(title_lines[k]) for k in range(len(cols)) if k not in in_group], default=0) * hlh + 2 * PAD
        if spans:
            low_h = max(low_h, solo_h - group_h)
            header_h = group_h + low_h
        else:
            header_h = solo_h

        def header() -> None:
            y = pdf.get_y()
            self._font(hsize, True)
            pdf.set_line_width(0.2)
            for (a, b, _g), lines in zip(spans, group_lines, strict=True):
                gw = sum(widths[a:b + 1])
                pdf.rect(xs[a], y, gw, group_h)
                self._put(lines, xs[a], y, gw, group_h, "C", hlh)
            for k, _c in enumerate(cols):
                top, h = (y + group_h, low_h) if k in in_group else (y, header_h)
                pdf.rect(xs[k], top, widths[k], h)
                self._put(title_lines[k], xs[k], top, widths[k], h, "C", hlh)
            pdf.set_y(y + header_h)

        # the rows, measured before any is drawn (the keep-with rule looks ahead)
        nested = any(r.level for r in table.rows)
        aligns = ["C" if c.key == "stt" or c.kind == DATE else "R" if c.kind in SUMMED else "L" for c in cols]
        rows = []
        for number, r in zip(row_numbers(table.rows), table.rows, strict=True):
            bold, italic = nested and r.level == 0, r.level > 0
            lines = []
            for c, wd in zip(cols, widths, strict=True):
                text = number if c.key == "stt" else cell_text(c, r.values.get(c.key), self.lang)
                indent = INDENT if (c.key == "label" and r.level) else 0.0
                self._font(size, bold, italic and c.key == "label")
                lines.append(cell_lines(text, wd - indent) if c.kind == TEXT else [text])
            rows.append((r, bold, italic, lines, max(len(x) for x in lines) * lh + 2 * PAD))
        total_h = 0.0
        first = 1 if table.numbered else 0
        cap_w = sum(widths[:first + 1])
        if table.totals is not None:
            self._font(size, True)
            caption = str(table.totals.get(cols[first].key) or w("total", self.lang))
            cap_lines = cell_lines(caption, cap_w)
            total_h = max(len(cap_lines), 1) * lh + 2 * PAD
        after = 5.0
        foot_lines: list[str] = []
        if lay.footnote:
            self._font(11, False, True)
            foot_lines = self._lines(lay.footnote, self.width)
            after += len(foot_lines) * 11 * PT * LEADING + 1.0
        tail = self.tail_height() + trailing if final else 0.0

        title_h = (BODY * PT * LEADING + 1.5) if title else 0.0
        first_rows = sum(h for *_x, h in rows[:3])
        lead = title_h + header_h + first_rows + (total_h if len(rows) <= 3 else 0) + \
            ((after + tail) if final and len(rows) <= 2 else 0)
        self.keep_room(lead)
        if title:
            self.paragraph(table.title, size=BODY, bold=True, after=1.5)
        header()
        keep_from = max(0, len(rows) - 2)  # the last two rows go with the totals and the signatures
        for i, (r, bold, italic, lines, h) in enumerate(rows):
            need = h
            if final and i == keep_from:
                need = sum(x[-1] for x in rows[i:]) + total_h + after + tail
                if need > pdf.h - TOP - BOTTOM - header_h:
                    need = h
            elif table.totals is not None and i == len(rows) - 1:
                need = h + total_h
            if need > self.room():
                pdf.add_page()
                header()
            y = pdf.get_y()
            pdf.set_line_width(0.2)
            for k, c in enumerate(cols):
                pdf.rect(xs[k], y, widths[k], h)
                indent = INDENT if (c.key == "label" and r.level) else 0.0
                self._font(size, bold, italic and c.key == "label")
                self._put(lines[k], xs[k] + indent, y, widths[k] - indent, h, aligns[k], lh)
            pdf.set_y(y + h)
        if table.totals is not None:
            if total_h > self.room():
                pdf.add_page()
                header()
            self._font(size, True)
            y = pdf.get_y()
            pdf.rect(xs[0], y, cap_w, total_h)
            self._put(cap_lines, xs[0], y, cap_w, total_h, "C", lh)
            for k in range(first + 1, len(cols)):
                pdf.rect(xs[k], y, widths[k], total_h)
                self._put([cell_text(cols[k], table.totals.get(cols[k].key), self.lang)], xs[k], y, widths[k],
                          total_h, aligns[k], lh)
            pdf.set_y(y + total_h)
        if foot_lines:  # the abbreviations' footnote, under the table
            self._font(11, False, True)
            y = pdf.get_y() + 1.0
            for line in foot_lines:
                pdf.text(pdf.l_margin, y + 0.78 * 11 * PT, line)
                y += 11 * PT * LEADING
            pdf.set_y(y)
            after -= len(foot_lines) * 11 * PT * LEADING + 1.0
        pdf.set_y(pdf.get_y() + after)

    # -- the end: notes, signatures and "Nơi nhận"
    def tail_height(self) -> float:
        """The height of what follows the last table: the notes and the signatures."""
        h = 0.0
        for note in self.data.notes:
            self._font(12, False, True)
            h += len(self._lines(note, self.width)) * 12 * PT * LEADING + 1.5
        return h + self.signatures(draw=False)

    def signatures(self, draw: bool = True) -> float:
        """The preparer (left) and the signer (right), then "Nơi nhận" at the left; returns
        the height. The tables keep room for it on the page of the body's last lines; a new
        page here is only a safety net."""
        height = self._signatures(False)
        if draw:
            self.keep_room(height)
            self._signatures(True)
        return height

    def _signatures(self, draw: bool) -> float:
        pdf, lang = self.pdf, self.lang
        (left_title, left_name), (right_title, right_name) = signers(self.data)
        col = self.width / 2
        x0, top = pdf.l_margin, pdf.get_y()
        y = top + 2
        sides = ((left_title, left_name, w("sign", lang)), (right_title, right_name, w("sign_seal", lang)))
        names_at = y
        for i, (t, _name, hint) in enumerate(sides):
            x = x0 + i * col
            yy = self.block(x, y, col, t, BODY, bold=True, draw=draw)
            names_at = max(names_at, self.block(x, yy, col, hint, BODY, italic=True, draw=draw) + SIGN_SPACE)
        bottoms = [names_at + BODY * PT * LEADING]
        for i, (_t, name, _hint) in enumerate(sides):  # both names on one line
            if name:
                bottoms.append(self.block(x0 + i * col, names_at, col, name, BODY, bold=True, draw=draw))
        yy = max(bottoms) + 3
        self._font(12, True, True)
        if draw:
            pdf.text(x0, yy + 0.78 * 12 * PT, say("recipients", lang))
        yy += 12 * PT * LEADING
        self._font(11)
        for line in recipients(self.data):
            for part in self._lines(line, col - 2):
                if draw:
                    pdf.text(x0, yy + 0.78 * 11 * PT, part)
                yy += 11 * PT * LEADING
        if draw:
            pdf.set_y(yy)
        return yy - top


def _abbreviated(cols: list[Column], lang: str) -> tuple[list[Column], str]:
    """``cols`` with their long header titles abbreviated (the first column's title marked
    "(1)"), and the footnote saying what each abbreviation stands for; ("" when none is)."""
    out, said = [], []
    for c in cols:
        short = ABBREVIATIONS.get(c.title)
        if short and short != c.title:
            said.append(f"{short}: {c.title}")
            c = dataclasses.replace(c, title=short)
        out.append(c)
    if not said:
        return cols, ""
    first = 1 if out and out[0].key == "stt" and len(out) > 1 else 0
    out[first] = dataclasses.replace(out[first], title=f"{out[first].title} (1)")
    return out, FOOTNOTE[0 if lang == "vi" else 1].format("; ".join(dict.fromkeys(said)))


def _head(size: float) -> float:
    """A table header's size: a point below its cells' (the header words, not the figures,
    set a narrow column's width)."""
    return max(8.0, size - 1.0)


def _spans(cols: list[Column]) -> list[tuple[int, int, str]]:
    """(first, last, title) of each group of adjacent columns under one header."""
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(cols):
        if cols[i].group:
            j = i
            while j + 1 < len(cols) and cols[j + 1].group == cols[i].group:
                j += 1
            spans.append((i, j, cols[i].group))
            i = j + 1
        else:
            i += 1
    return spans
