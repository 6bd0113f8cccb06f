"""A report as an A4 PDF in the Vietnamese administrative layout (Decree 30/2020/NĐ-CP):
issuing unit and national heading side by side, number and date, title and period, the
tables (header repeated on every page, totals in bold), notes, and the signature block;
page numbers at the top from page 2.

Drawn with fpdf2 (pure Python, LGPL-3.0) with the bundled DejaVu Serif embedded, so it
runs the same in the desktop app, the CLI and the server, without Qt or a display."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

import resources
from app.reports.labels import w
from app.reports.model import DATE, MONEY, SUMMED, TEXT, Column, ReportData, Table, cell_text
from app.reports.render import date_line, number_line, period_line, row_numbers, signers

FAMILY = "DejaVuSerif"
FONTS = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf",
         "BI": "DejaVuSerif-BoldItalic.ttf"}
MARGIN = 15.0  # mm
PAD = 0.9  # mm inside a table cell
WEIGHTS = {TEXT: 2.0, DATE: 1.35, MONEY: 1.6}  # default relative widths; INT: 1.0


class _Pdf(FPDF):
    def header(self) -> None:
        if self.page_no() > 1:  # Decree 30: page numbers at the top, from page 2
            self.set_font(FAMILY, "", 10)
            self.set_y(6)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_y(self.t_margin)


def write_pdf(data: ReportData, path: str | Path) -> None:
    wide = max([len(t.columns) + t.numbered for t in data.tables] +
               ([len(data.detail.columns) + 1] if data.detail is not None and data.print_detail else [0]))
    pdf = _Pdf(orientation="L" if wide > 8 else "P", unit="mm", format="A4")
    for style, name in FONTS.items():
        pdf.add_font(FAMILY, style, str(resources.path("fonts", name)))
    pdf.set_margins(MARGIN + 5, MARGIN, MARGIN)  # a wider left margin for binding
    pdf.set_auto_page_break(True, MARGIN)
    pdf.c_margin = 0  # cells are padded by hand (PAD)
    pdf.set_title(f"{data.title} {data.number}".strip())
    pdf.set_creator("SongMay")
    pdf.set_lang("vi" if data.lang == "vi" else "en")
    pdf.add_page()
    doc = _Doc(pdf, data)
    doc.heading()
    for i, table in enumerate(data.tables):
        doc.table(table, title=i > 0 or len(data.tables) > 1)
    if data.detail is not None and data.print_detail:
        doc.table(data.detail, title=True)
    for note in data.notes:
        doc.paragraph(note, italic=True, size=10)
    doc.signatures()
    pdf.output(str(path))


class _Doc:
    def __init__(self, pdf: _Pdf, data: ReportData):
        self.pdf, self.data, self.lang = pdf, data, data.lang
        self.width = pdf.w - pdf.l_margin - pdf.r_margin
        self.size = 8.0 if pdf.cur_orientation == "L" else 9.0
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

    def _lines(self, text: str, width: float) -> list[str]:
        """``text`` wrapped at spaces to ``width`` (mm) in the current font; a word longer
        than the width is cut between letters."""
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
            while cur_w > width and len(cur) > 1:  # cut a long word
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
        size = self._current[0] * 0.3528  # pt → mm
        y = top + (h - len(lines) * lh) / 2 + (lh - size) / 2 + 0.78 * size
        for line in lines:
            if line:
                tw = self._width(line)
                tx = x + PAD if align == "L" else x + width - PAD - tw if align == "R" else x + (width - tw) / 2
                self.pdf.text(tx, y, line)
            y += lh

    def _fit(self, text: str, width: float, size: float, bold: bool = False, smallest: float = 8.5) -> float:
        while size > smallest:
            self._font(size, bold)
            if self._width(text) <= width:
                break
            size -= 0.5
        return size

    def block(self, x: float, y: float, width: float, text: str, size: float, bold: bool = False,
              italic: bool = False, underline: bool = False) -> float:
        """Centered wrapped text at a fixed place; returns the y below it."""
        self._font(size, bold, italic)
        lh = size * 0.45
        for line in self._lines(text, width):
            self.pdf.set_xy(x, y)
            self.pdf.cell(width, lh, line, align="C")
            if underline:
                sw = self.pdf.get_string_width(line)
                self.pdf.set_line_width(0.3)
                self.pdf.line(x + (width - sw) / 2, y + lh + 0.6, x + (width + sw) / 2, y + lh + 0.6)
            y += lh
        return y

    def paragraph(self, text: str, *, size: float = 12, bold: bool = False, italic: bool = False,
                  align: str = "L", after: float = 1.5) -> None:
        pdf = self.pdf
        self._font(size, bold, italic)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(self.width, size * 0.45, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(pdf.get_y() + after)

    # -- blocks
    def heading(self) -> None:
        pdf, data, lang = self.pdf, self.data, self.lang
        x0, y0 = pdf.l_margin, pdf.t_margin
        lw = self.width * (0.4 if pdf.cur_orientation == "L" else 0.45)
        rw = self.width * 0.5
        rx = x0 + self.width - rw
        body = data.unit.get("heading") or ""
        y = y0
        if body:
            y = self.block(x0, y, lw, body, self._fit(body, lw, 12))
        name = (data.unit.get("name") or "").upper()
        y = self.block(x0, y, lw, name, self._fit(name, lw, 12, True, 10), bold=True)
        pdf.set_line_width(0.3)
        pdf.line(x0 + lw * 0.3, y + 1.2, x0 + lw * 0.7, y + 1.2)
        y = self.block(x0, y + 3, lw, number_line(data), 12)
        motto = w("motto", lang)
        ry = self.block(rx, y0, rw, motto, self._fit(motto, rw, 12, True), bold=True)
        slogan = w("slogan", lang)
        ry = self.block(rx, ry, rw, slogan, self._fit(slogan, rw, 13, True), bold=True, underline=True)
        ry = self.block(rx, ry + 3, rw, date_line(data), 12, italic=True)
        pdf.set_y(max(y, ry) + 7)
        self.paragraph(data.title, size=14, bold=True, align="C", after=0.5)
        if data.subtitle:
            self.paragraph(f"({data.subtitle})", size=12, italic=True, align="C", after=0.5)
        self.paragraph(period_line(data), size=12, align="C", after=0.5)
        if data.school_year:
            self.paragraph(w("school_year", lang).format(data.school_year), size=12, align="C", after=0.5)
        if not data.number:
            self.paragraph(w("draft", lang), size=10, italic=True, align="C", after=0.5)
        pdf.set_y(pdf.get_y() + 4)

    def table(self, table: Table, *, title: bool) -> None:
        pdf, size = self.pdf, self.size
        lh = size * 0.42
        cols = ([Column("stt", w("stt", self.lang), TEXT, width=0.8)] if table.numbered else []) + table.columns
        weights = [c.width or (3.0 if c.key == "label" else WEIGHTS.get(c.kind, 1.0)) for c in cols]
        unit = min(self.width / sum(weights), 18.0)  # narrow tables are not stretched, but centered
        widths = [unit * x for x in weights]
        left = pdf.l_margin + (self.width - sum(widths)) / 2
        xs = [left + sum(widths[:i]) for i in range(len(cols))]
        head = size - 1

        def cell_lines(text: str, width: float) -> list[str]:
            return self._lines(text, width - 2 * PAD)

        # header: a group row above the grouped columns, the others spanning both rows
        self._font(head, True)
        grouped = any(c.group for c in cols)
        title_lines = [cell_lines(c.title, wd) for c, wd in zip(cols, widths, strict=True)]
        spans: list[tuple[int, int, str]] = []  # (first, last, group title)
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
        group_h = max([len(cell_lines(g, sum(widths[a:b + 1]))) for a, b, g in spans], default=0) * lh + 2 * PAD
        in_group = {k for a, b, _g in spans for k in range(a, b + 1)}
        low_h = max([len(title_lines[k]) for k in in_group], default=0) * lh + 2 * PAD
        solo_h = max([len(title_lines[k]) for k in range(len(cols)) if k not in in_group], default=0) * lh + 2 * PAD
        if grouped:
            low_h = max(low_h, solo_h - group_h)
            header_h = group_h + low_h
        else:
            header_h = solo_h

        def draw_text(lines: list[str], x: float, y: float, width: float, h: float, align: str) -> None:
            self._put(lines, x, y, width, h, align, lh)

        def header() -> None:
            y = pdf.get_y()
            self._font(head, True)
            pdf.set_line_width(0.2)
            for a, b, g in spans:
                gw = sum(widths[a:b + 1])
                pdf.rect(xs[a], y, gw, group_h)
                draw_text(cell_lines(g, gw), xs[a], y, gw, group_h, "C")
            for k, _c in enumerate(cols):
                top, h = (y + group_h, low_h) if k in in_group else (y, header_h)
                pdf.rect(xs[k], top, widths[k], h)
                draw_text(title_lines[k], xs[k], top, widths[k], h, "C")
            pdf.set_y(y + header_h)

        if title:
            need = 6 + header_h + 3 * (lh + 2 * PAD)
            if pdf.get_y() + need > pdf.page_break_trigger:
                pdf.add_page()
            self.paragraph(table.title, size=11, bold=True, after=1)
        elif pdf.get_y() + header_h + 3 * (lh + 2 * PAD) > pdf.page_break_trigger:
            pdf.add_page()
        header()
        nested = any(r.level for r in table.rows)
        aligns = ["C" if c.key == "stt" or c.kind == DATE else "R" if c.kind in SUMMED else "L" for c in cols]
        for number, r in zip(row_numbers(table.rows), table.rows, strict=True):
            bold, italic = nested and r.level == 0, r.level > 0
            self._font(size, bold)
            texts = [number if c.key == "stt" else cell_text(c, r.values.get(c.key), self.lang) for c in cols]
            lines = []
            for c, t, wd in zip(cols, texts, widths, strict=True):
                indent = 3.0 if (c.key == "label" and r.level) else 0.0
                if c.key == "label" and italic:
                    self._font(size, bold, True)
                lines.append(cell_lines(t, wd - indent) if c.kind == TEXT else [t])
                self._font(size, bold)
            h = max(len(x) for x in lines) * lh + 2 * PAD
            if pdf.get_y() + h > pdf.page_break_trigger:
                pdf.add_page()
                header()
            y = pdf.get_y()
            pdf.set_line_width(0.2)
            for k, c in enumerate(cols):
                pdf.rect(xs[k], y, widths[k], h)
                indent = 3.0 if (c.key == "label" and r.level) else 0.0
                self._font(size, bold, italic and c.key == "label")
                draw_text(lines[k], xs[k] + indent, y, widths[k] - indent, h, aligns[k])
            pdf.set_y(y + h)
        if table.totals is not None:
            self._font(size, True)
            first = 1 if table.numbered else 0
            texts = [cell_text(c, table.totals.get(c.key), self.lang) if k > first else "" for k, c in enumerate(cols)]
            caption = str(table.totals.get(cols[first].key) or w("total", self.lang))
            cap_w = sum(widths[:first + 1])
            cap_lines = cell_lines(caption, cap_w)
            h = max(len(cap_lines), 1) * lh + 2 * PAD
            if pdf.get_y() + h > pdf.page_break_trigger:
                pdf.add_page()
                header()
            y = pdf.get_y()
            pdf.rect(xs[0], y, cap_w, h)
            draw_text(cap_lines, xs[0], y, cap_w, h, "C")
            for k in range(first + 1, len(cols)):
                pdf.rect(xs[k], y, widths[k], h)
                draw_text([texts[k]], xs[k], y, widths[k], h, aligns[k])
            pdf.set_y(y + h)
        pdf.set_y(pdf.get_y() + 5)

    def signatures(self) -> None:
        pdf = self.pdf
        (left_title, left_name), (right_title, right_name) = signers(self.data)
        need = 48
        if pdf.get_y() + need > pdf.page_break_trigger:
            pdf.add_page()
        col = self.width / 2
        x0, y = pdf.l_margin, pdf.get_y() + 2
        for i, (t, name, hint) in enumerate(((left_title, left_name, w("sign", self.lang)),
                                              (right_title, right_name, w("sign_seal", self.lang)))):
            yy = self.block(x0 + i * col, y, col, t, 12, bold=True)
            yy = self.block(x0 + i * col, yy, col, hint, 11, italic=True)
            if name:
                self.block(x0 + i * col, yy + 24, col, name, 12, bold=True)
        pdf.set_y(y + need - 2)
