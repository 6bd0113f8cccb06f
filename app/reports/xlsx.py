"""A report as an Excel workbook (openpyxl), laid out like the paper form: issuing unit
top left, national heading top right, number and date, title and period, the tables with
their totals, notes, and the signature block; the list behind the figures on a second
sheet. Numbers stay numbers (format ``#,##0``: 1.234.567 where the thousands separator
is a dot, as in Vietnamese Excel); dates are dates shown dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.reports.labels import w
from app.reports.model import DATE, SUMMED, Column, ReportData, Table
from app.reports.render import date_line, number_line, period_line, row_numbers, signers

FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NUMBER_FORMAT = "#,##0"
DATE_FORMAT = "DD/MM/YYYY"
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


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

    def table(self, table: Table, *, title: bool, lang: str) -> None:
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
        nested = any(r.level for r in table.rows)
        for number, r in zip(row_numbers(table.rows), table.rows, strict=True):
            values = ([number] if table.numbered else []) + [_value(c, r.values.get(c.key)) for c in table.columns]
            bold = nested and r.level == 0
            for k, (c, v) in enumerate(zip(cols, values, strict=True), 1):
                self.styled(ws.cell(self.row, k, v), c, bold=bold, italic=r.level > 0 and c.key == "label",
                            indent=2 * r.level if c.key == "label" else 0)
            self.row += 1
        if table.totals is not None:
            first = cols[0].key if not table.numbered else cols[1].key
            for k, c in enumerate(cols, 1):
                v = table.totals.get(c.key) if c.key != first else table.totals.get(first, w("total", lang))
                cell = ws.cell(self.row, k, _value(c, v) if c.key != first else v)
                cell.border = BOX
                cell.font = _font(11, bold=True)
                if c.kind in SUMMED and c.key != "stt":
                    cell.number_format = NUMBER_FORMAT
            if table.numbered:
                ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=2)
                ws.cell(self.row, 1, table.totals.get(first, w("total", lang))).alignment = CENTER
            self.row += 1
        self.row += 1
        return None


def write_xlsx(data: ReportData, path: str | Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = w("report", data.lang)
    lang = data.lang
    main_cols = (1 if data.tables and data.tables[0].numbered else 0) + len(data.columns)
    ncols = max([main_cols, 6] + [len(t.columns) + t.numbered for t in data.tables])
    sheet = _Sheet(ws, ncols)
    _header(sheet, data)
    for i, table in enumerate(data.tables):
        sheet.table(table, title=i > 0 or len(data.tables) > 1, lang=lang)
    if data.detail is not None and data.print_detail:
        sheet.table(data.detail, title=True, lang=lang)
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
    _print_setup(ws, ncols)
    if data.detail is not None:
        _detail_sheet(wb, data)
    wb.properties.title = data.title
    wb.properties.creator = "SongMay"
    wb.save(str(path))


def _header(s: _Sheet, data: ReportData) -> None:
    lang, unit = data.lang, data.unit
    left = max(2, s.ncols * 2 // 5)
    right = max(left + 1, s.ncols - max(3, s.ncols // 2) + 1)
    s.text(1, left, unit.get("heading") or "", _font(12))
    s.text(right, s.ncols, w("motto", lang), _font(12, bold=True))
    s.row += 1
    s.text(1, left, (unit.get("name") or "").upper(), _font(12, bold=True))
    s.text(right, s.ncols, w("slogan", lang), _font(13, bold=True, underline=True))
    s.row += 1
    s.text(1, left, number_line(data), _font(12))
    s.text(right, s.ncols, date_line(data), _font(12, italic=True))
    s.row += 2
    s.line(data.title, _font(14, bold=True), height=36)
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
    s.row += 1
    s.text(right, s.ncols, date_line(data), _font(12, italic=True))
    s.row += 1
    (prep_title, prep_name), (head_title, head_name) = signers(data)
    s.text(1, left, prep_title, _font(12, bold=True))
    s.text(right, s.ncols, head_title, _font(12, bold=True))
    s.row += 1
    s.text(1, left, w("sign", lang), _font(11, italic=True))
    s.text(right, s.ncols, w("sign_seal", lang), _font(11, italic=True))
    s.row += 5
    s.text(1, left, prep_name, _font(12, bold=True))
    s.text(right, s.ncols, head_name, _font(12, bold=True))
    s.row += 1


def _print_setup(ws: Worksheet, ncols: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if ncols > 9 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.7


def _detail_sheet(wb: Workbook, data: ReportData) -> None:
    table = data.detail
    ws = wb.create_sheet(w("list", data.lang))
    ncols = len(table.columns) + table.numbered
    s = _Sheet(ws, ncols)
    s.line(table.title.upper(), _font(13, bold=True), height=24)
    s.line(f"{data.unit.get('name', '')} – {period_line(data)}", _font(11, italic=True))
    s.row += 1
    header = s.row
    s.table(table, title=False, lang=data.lang)
    ws.freeze_panes = ws.cell(header + 1, 1)
    ws.print_title_rows = f"{header}:{header}"
    if table.rows:
        ws.auto_filter.ref = f"A{header}:{get_column_letter(ncols)}{header + len(table.rows)}"
    cols = ([Column("stt", "", "text")] if table.numbered else []) + table.columns
    for k, c in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(k)].width = 6 if c.key == "stt" else _width(c)
    _print_setup(ws, ncols)
