"""A report as an Excel workbook (openpyxl), laid out like the paper form: issuing unit
top left, national heading top right, number and date (the date line once), title and
period, the tables with their totals, notes, and the signature block; the list behind
the figures on a second sheet, as the list attached to the report. Numbers stay numbers
(format ``#,##0``: 1.234.567 where the thousands separator is a dot, as in Vietnamese
Excel); dates are dates shown dd/mm/yyyy.

Ready to print as it is: A4, fit to the page's width, portrait or landscape by each
sheet's own width, the Decree's margins, "Trang 1/3" in the footer, and a table's header
rows repeated on every page it runs onto (the list's always; the report's main table's
when it runs past the first page — a repeat on a page holding only the tables below it
would stand over the wrong columns).

Where the main table nests units (a province's communes with their schools), the
commune rows are the sums of the school rows under them: the school rows are grouped
under their commune (Excel's outline, summary rows above, "−/+" to fold them), set in
italic and numbered 1.1, 1.2…, and a note under the table says to sum one kind of row
only, so a column summed over the school rows gives the total row, not twice it."""

from __future__ import annotations

import datetime as dt
from copy import copy
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.reports.labels import w
from app.reports.model import DATE, SUMMED, Column, ReportData, Table, fmt_date
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

FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NUMBER_FORMAT = "#,##0"
DATE_FORMAT = "DD/MM/YYYY"
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
# A4 and the Decree's margins (Nghị định 30/2020, Phụ lục I: top and bottom 20–25 mm, left
# 30–35 mm, right 15–20 mm), in millimetres
A4 = (210.0, 297.0)
MARGINS = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
FOOTER = ("Trang &P/&N", "Page &P/&N")
ROW_MM = 15 * 25.4 / 72  # Excel's default row height, 15 pt


@dataclass
class Placed:
    """Where a table landed on its sheet (1-based rows)."""

    header: tuple[int, int]  # its header rows, first and last
    body: tuple[int, int]  # its rows, first and last (last < first when there are none)
    total: int  # the total row, 0 when none


def _font(size: float = 12, bold: bool = False, italic: bool = False, underline: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic, underline="single" if underline else None)


def _width(c: Column) -> float:
    if c.key == "label":
        return 34
    if c.width:
        return max(8.0, c.width * 11)
    return {DATE: 12}.get(c.kind, 11)


def _value(c: Column, v):
    if c.kind in SUMMED:
        return None if v in (None, "") else int(v)
    if c.kind == DATE and v:
        try:
            return dt.date.fromisoformat(str(v)[:10])
        except ValueError:
            return str(v)
    return v


class _Sheet:
    def __init__(self, ws: Worksheet, ncols: int):
        self.ws, self.ncols, self.row = ws, ncols, 1
        self._styles: dict[tuple, object] = {}

    def styled(self, cell, c: Column, *, bold: bool = False, italic: bool = False, indent: int = 0) -> None:
        """Style a table cell; the style of each kind of cell is made once and copied (openpyxl
        is slow to look styles up cell by cell, and a province's list has many thousand)."""
        key = (c.kind, c.key == "stt", bold, italic, indent)
        done = self._styles.get(key)
        if done is not None:
            cell._style = copy(done)  # noqa: SLF001  (openpyxl's fast style copy, as its docs advise)
            return
        cell.border = BOX
        cell.font = _font(11, bold=bold, italic=italic)
        if c.kind in SUMMED and c.key != "stt":
            cell.number_format = NUMBER_FORMAT
            cell.alignment = Alignment(horizontal="right", vertical="center")
        elif c.kind == DATE:
            cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(horizontal="center", vertical="center")
        elif c.key == "stt":
            cell.alignment = Alignment(horizontal="center", vertical="center")
        else:
            cell.alignment = Alignment(vertical="center", wrap_text=True, indent=indent)
        self._styles[key] = copy(cell._style)  # noqa: SLF001  (see above)

    def text(self, col: int, last: int, value: str, font: Font, align: str = "center", height: float = 0) -> None:
        ws = self.ws
        cell = ws.cell(self.row, col, value)
        cell.font = font
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        if last > col:
            ws.merge_cells(start_row=self.row, start_column=col, end_row=self.row, end_column=last)
        if height:
            ws.row_dimensions[self.row].height = height

    def line(self, value: str, font: Font, align: str = "center", height: float = 0) -> None:
        self.text(1, self.ncols, value, font, align, height)
        self.row += 1

    def table(self, table: Table, *, title: bool, lang: str) -> Placed:
        ws = self.ws
        if title:
            self.text(1, self.ncols, table.title, _font(12, bold=True), "left")
            self.row += 1
        cols = ([Column("stt", w("stt", lang), "text")] if table.numbered else []) + table.columns
        grouped = any(c.group for c in cols)
        top = self.row
        i = 0
        while i < len(cols):
            c = cols[i]
            col = i + 1
            if grouped and c.group:
                j = i
                while j + 1 < len(cols) and cols[j + 1].group == c.group:
                    j += 1
                ws.cell(top, col, c.group)
                if j > i:
                    ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=j + 1)
                for k in range(i, j + 1):
                    ws.cell(top + 1, k + 1, cols[k].title)
                i = j + 1
                continue
            ws.cell(top, col, c.title)
            if grouped:
                ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
            i += 1
        header_rows = 2 if grouped else 1
        for r in range(top, top + header_rows):
            ws.row_dimensions[r].height = 32 if grouped else 45
            for k in range(1, len(cols) + 1):
                cell = ws.cell(r, k)
                cell.font = _font(11, bold=True)
                cell.alignment = CENTER
                cell.border = BOX
        self.row = top + header_rows
        first = self.row
        nested = any(r.level for r in table.rows)
        # the rows below a unit add up to it (not "of which" lines of a table with no total)
        summed = nested and table.totals is not None
        for number, r in zip(row_numbers(table.rows), table.rows, strict=True):
            values = ([number] if table.numbered else []) + [_value(c, r.values.get(c.key)) for c in table.columns]
            bold = nested and r.level == 0
            for k, (c, v) in enumerate(zip(cols, values, strict=True), 1):
                self.styled(ws.cell(self.row, k, v), c, bold=bold, italic=r.level > 0 and c.key == "label",
                            indent=2 * r.level if c.key == "label" else 0)
            if summed and r.level:  # grouped under the row it adds up to (Excel's outline, summary above)
                ws.row_dimensions[self.row].outlineLevel = r.level
            self.row += 1
        placed = Placed((top, top + header_rows - 1), (first, self.row - 1), 0)
        if summed:
            ws.sheet_properties.outlinePr.summaryBelow = False
            ws.sheet_format.outlineLevelRow = max(r.level for r in table.rows)
        if table.totals is not None:
            key = cols[0].key if not table.numbered else cols[1].key
            for k, c in enumerate(cols, 1):
                v = table.totals.get(c.key) if c.key != key else table.totals.get(key, w("total", lang))
                cell = ws.cell(self.row, k, _value(c, v) if c.key != key else v)
                cell.border = BOX
                cell.font = _font(11, bold=True)
                if c.kind in SUMMED and c.key != "stt":
                    cell.number_format = NUMBER_FORMAT
            if table.numbered:
                ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=2)
                ws.cell(self.row, 1, table.totals.get(key, w("total", lang))).alignment = CENTER
            placed.total = self.row
            self.row += 1
        if summed:  # say it where the figures are: which rows add up to which
            self.line(w("nested_note", lang).format(outer=table.columns[0].title.lower()), _font(10, italic=True),
                      "left", height=30)
        self.row += 1
        return placed


def write_xlsx(data: ReportData, path: str | Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = w("report", data.lang)
    lang = data.lang
    main_cols = (1 if data.tables and data.tables[0].numbered else 0) + len(data.columns)
    ncols = max([main_cols, 6] + [len(t.columns) + t.numbered for t in data.tables])
    sheet = _Sheet(ws, ncols)
    _header(sheet, data)
    main = None
    for i, table in enumerate(data.tables):
        placed = sheet.table(table, title=i > 0 or len(data.tables) > 1, lang=lang)
        main = main or placed
    listed = data.detail is not None
    if listed and data.print_detail:
        # the list is the report's point: it is attached, on its own sheet with its own
        # header repeated on every page; said here where the paper prints it
        sheet.line(w("attached", lang).format(data.detail.title, w("list", lang), len(data.detail.rows)),
                   _font(12, bold=True), "left")
        sheet.row += 1
    for note in data.notes:
        sheet.line(note, _font(11, italic=True), "left")
    _signatures(sheet, data)
    widths = {}
    for table in data.tables:
        cols = ([Column("stt", "", "text", width=0.5)] if table.numbered else []) + table.columns
        for k, c in enumerate(cols, 1):
            widths[k] = max(widths.get(k, 0), 6 if c.key == "stt" else _width(c))
    for k in range(1, ncols + 1):
        ws.column_dimensions[get_column_letter(k)].width = widths.get(k, 12)
    _print_setup(ws, ncols, lang)
    if main is not None and _past_first_page(ws, ncols, main.total or main.body[1]):
        ws.print_title_rows = f"{main.header[0]}:{main.header[1]}"
    if listed:
        _detail_sheet(wb, data)
    wb.properties.title = data.title
    wb.properties.creator = "SongMay"
    _no_formulas(wb)
    wb.save(str(path))


def _no_formulas(wb: Workbook) -> None:
    """Every cell is a value: openpyxl takes a text starting with "=" for a formula, and the
    texts here come from records (a donor named "=HYPERLINK(…)", a school's name), so such a
    cell is kept as the text it is."""
    for ws in wb.worksheets:
        for c in ws._cells.values():  # noqa: SLF001  (every written cell, without making empty ones)
            if c.data_type == "f":
                c.data_type = "s"


def _header(s: _Sheet, data: ReportData) -> None:
    lang = data.lang
    left = max(2, s.ncols * 2 // 5)
    right = max(left + 1, s.ncols - max(3, s.ncols // 2) + 1)
    body, name = issuer(data)  # as the PDF prints them (render.py): the managing body, the unit
    s.text(1, left, body, _font(12))
    s.text(right, s.ncols, w("motto", lang), _font(12, bold=True))
    s.row += 1
    lines = name.count("\n") + 1  # a commune's "ỦY BAN NHÂN DÂN\nXÃ …"
    s.text(1, left, name, _font(12, bold=True), height=17 * lines if lines > 1 else 0)
    s.text(right, s.ncols, w("slogan", lang), _font(13, bold=True, underline=True))
    s.row += 1
    s.text(1, left, number_line(data), _font(12))
    s.text(right, s.ncols, date_line(data), _font(12, italic=True))
    s.row += 2
    head, summary = title_lines(data)  # "BÁO CÁO" and the summary line below it
    s.line(head, _font(14, bold=True), height=20)
    s.line(summary, _font(14, bold=True), height=36)
    if data.subtitle:
        s.line(f"({data.subtitle})", _font(12, italic=True))
    s.line(period_line(data), _font(12))
    if data.school_year:
        s.line(w("school_year", lang).format(data.school_year), _font(12))
    if not data.number:
        s.line(w("draft", lang), _font(11, italic=True))
    s.row += 1


def _signatures(s: _Sheet, data: ReportData) -> None:
    lang = data.lang
    left = max(2, s.ncols * 2 // 5)
    right = max(left + 1, s.ncols - max(3, s.ncols // 2) + 1)
    s.row += 1  # the date line is the heading's, once (Nghị định 30/2020)
    (prep_title, prep_name), (head_title, head_name) = signers(data)
    lines = max(prep_title.count("\n"), head_title.count("\n")) + 1  # "KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG"
    s.text(1, left, prep_title, _font(12, bold=True), height=17 * lines if lines > 1 else 0)
    s.text(right, s.ncols, head_title, _font(12, bold=True))
    s.row += 1
    s.text(1, left, w("sign", lang), _font(11, italic=True))
    s.text(right, s.ncols, w("sign_seal", lang), _font(11, italic=True))
    s.row += 5
    s.text(1, left, prep_name, _font(12, bold=True))
    s.text(right, s.ncols, head_name, _font(12, bold=True))
    s.row += 2
    s.text(1, left, say("recipients", lang), _font(12, bold=True, italic=True), "left")
    s.row += 1
    for line in recipients(data):  # "- Phòng GD&ĐT …;" … "- Lưu: VT."
        s.text(1, left, line, _font(11), "left")
        s.row += 1


def _sheet_mm(ws: Worksheet, ncols: int) -> float:
    """The printed width of the sheet's columns at 100 %: an Excel width of n characters is
    about 7n + 5 pixels at 96 dpi."""
    chars = [ws.column_dimensions[get_column_letter(k)].width or 8.43 for k in range(1, ncols + 1)]
    return sum(7 * c + 5 for c in chars) * 25.4 / 96


def _page(ws: Worksheet) -> tuple[float, float]:
    """The printable width and height of the sheet's page, in mm."""
    w_, h_ = A4 if ws.page_setup.orientation == "portrait" else A4[::-1]
    return w_ - MARGINS["left"] - MARGINS["right"], h_ - MARGINS["top"] - MARGINS["bottom"]


def _print_setup(ws: Worksheet, ncols: int, lang: str) -> None:
    """A4, fit to the page's width, pages as long as they come; landscape when the sheet is
    wider than a portrait page would show at 85 % (a donations or villages list, ~320 mm);
    the Decree's margins; "Trang 1/3" centred in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    if _sheet_mm(ws, ncols) * 0.85 > _page(ws)[0]:
        ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    inch = 25.4
    ws.page_margins.left, ws.page_margins.right = MARGINS["left"] / inch, MARGINS["right"] / inch
    ws.page_margins.top, ws.page_margins.bottom = MARGINS["top"] / inch, MARGINS["bottom"] / inch
    ws.page_margins.header = ws.page_margins.footer = 8 / inch
    ws.print_options.horizontalCentered = True
    footer = ws.oddFooter.center
    footer.text = FOOTER[0 if lang == "vi" else 1]
    footer.font, footer.size = f"{FONT},Regular", 11


def _past_first_page(ws: Worksheet, ncols: int, last_row: int) -> bool:
    """Rows 1..``last_row`` run past the first page, fitted to its width (an estimate from
    the rows' heights: near enough to tell one page from two)."""
    width, height = _page(ws)
    scale = min(1.0, width / max(1.0, _sheet_mm(ws, ncols)))
    used = sum(ws.row_dimensions[r].height * 25.4 / 72 if ws.row_dimensions[r].height else ROW_MM
               for r in range(1, last_row + 1))
    return used * scale > height


def _detail_sheet(wb: Workbook, data: ReportData) -> None:
    """The list behind the figures, attached to the report: its title, whose and which
    period, then the table, its header on every page."""
    table = data.detail
    lang = data.lang
    ws = wb.create_sheet(w("list", lang))
    ncols = len(table.columns) + table.numbered
    s = _Sheet(ws, ncols)
    s.line(table.title.upper(), _font(13, bold=True), height=24)
    number = number_line(data)[len(w("number", lang).format("")):]  # "12/BC-…", or blank before "/BC-…"
    s.line(w("attached_to", lang).format(number, fmt_date(data.submitted_at or data.generated_at)),
           _font(11, italic=True))
    s.line(f"{data.unit.get('name', '')} – {period_line(data)}", _font(11, italic=True))
    s.row += 1
    placed = s.table(table, title=False, lang=lang)
    header = placed.header[1]
    ws.freeze_panes = ws.cell(header + 1, 1)
    ws.print_title_rows = f"{placed.header[0]}:{placed.header[1]}"
    if table.rows:
        ws.auto_filter.ref = f"A{header}:{get_column_letter(ncols)}{header + len(table.rows)}"
    cols = ([Column("stt", "", "text")] if table.numbered else []) + table.columns
    for k, c in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(k)].width = 6 if c.key == "stt" else _width(c)
    _print_setup(ws, ncols, lang)
