"""Reading produced reports back the way a person's tools would: openpyxl for XLSX,
pypdf's text extraction for PDF."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import openpyxl
import pypdf


def pdf_text(path: Path) -> str:
    """All pages' text, NFC, white space collapsed."""
    pages = pypdf.PdfReader(str(path)).pages
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", " ".join(p.extract_text() for p in pages)))


def pdf_pages(path: Path) -> int:
    return len(pypdf.PdfReader(str(path)).pages)


def sheet_rows(path: Path, sheet: int = 0) -> list[tuple]:
    wb = openpyxl.load_workbook(str(path))
    ws = wb.worksheets[sheet]
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def sheet(path: Path, index: int = 0):
    return openpyxl.load_workbook(str(path)).worksheets[index]


class Grid:
    """A report sheet: find a table's header cells and a row by its label."""

    def __init__(self, path: Path, index: int = 0):
        self.ws = sheet(path, index)
        self.rows = [list(r) for r in self.ws.iter_rows(values_only=True)]

    def column(self, title: str, after_row: int = 0) -> int:
        """0-based column index of the first header cell titled ``title`` below ``after_row``."""
        for r in self.rows[after_row:]:
            if title in r:
                return r.index(title)
        raise KeyError(title)

    def row(self, label: str, after_row: int = 0) -> list:
        for r in self.rows[after_row:]:
            if label in r:
                return r
        raise KeyError(label)

    def row_index(self, label: str) -> int:
        return next(i for i, r in enumerate(self.rows) if label in r)

    def value(self, label: str, title: str, after_row: int = 0) -> object:
        return self.row(label, after_row)[self.column(title, after_row)]

    def texts(self) -> set:
        return {v for r in self.rows for v in r if isinstance(v, str)}
