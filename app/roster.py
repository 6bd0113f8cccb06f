"""Class roster import (danh sách học sinh) from the .xlsx and .csv files schools really have.

Reading (:func:`read_roster`) finds the header row below any title rows, maps the
Vietnamese column names (any spelling, with or without accents) to :class:`Student`
fields, and turns every data row into field values, stopping at the footer (totals,
place and date, signatures). Importing (:func:`import_roster`) validates each row, matches
it to a student already stored (personal ID, else name + birth date + class) and saves
every accepted row in one transaction; a rejected row is reported with its row number
and reason, the others go ahead.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import io
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import messages, validate
from app.admin import is_birth_province_code
from app.area import school_in_area
from app.duplicates import digits_phone
from app.errors import FieldError, RosterError, SongMayError, ValidationError
from app.records import HOUSEHOLDS, Student, Unit, label
from app.rules import dmy
from app.school_year import store_school_year
from app.store import to_row
from app.text import clean, fold

if TYPE_CHECKING:
    from app.store import Store

#: the header must be within this many rows from the top (see "roster.no_header")
HEADER_SEARCH_ROWS = 15
PROGRESS_EVERY = 100

#: Student fields a roster column can fill
IMPORT_FIELDS = (
    "full_name", "birth_date", "sex", "personal_id", "moet_code", "ethnicity", "class_name",
    "school_year", "guardian_name", "guardian_relation", "guardian_phone", "village", "household",
    "policy_family", "poverty_cert_no", "poverty_cert_year", "covid_orphan", "covid_hardship",
)
REQUIRED_COLUMNS = ("full_name", "birth_date")
_FLAGS = ("policy_family", "covid_orphan", "covid_hardship")

_XLSX_EXT = {".xlsx", ".xlsm"}
_CSV_EXT = {".csv", ".txt", ".tsv"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls


# ------------------------------------------------------------------ public types
@dataclass
class RosterRow:
    """One data row: ``values`` are ready for ``Student(**values)``; only the fields the
    row actually has are present, so an empty cell never wipes a stored value."""

    row_no: int  # 1-based, as the spreadsheet shows it
    values: dict[str, Any]
    problems: list[str] = field(default_factory=list)  # what rejects the row, current language
    problem_fields: set[str] = field(default_factory=set)
    # what keeps the child but is said: an optional cell dropped, a household label read
    warnings: list[str] = field(default_factory=list)
    # children this row may be again (app.duplicates.likely_same_child dicts, plus "row" for
    # an earlier row of the file): not imported unless the teacher says "a different child"
    likely: list[dict[str, Any]] = field(default_factory=list)
    outcome: str = ""  # after check_roster: imported / updated / unchanged / rejected / held


@dataclass
class RosterTable:
    """What was read from a roster file; ``mapping`` is column index (0-based, into
    ``headers``) → Student field name, for a dialog to show and correct."""

    path: Path
    sheet: str
    header_row: int  # 1-based
    headers: list[str]
    mapping: dict[int, str]
    rows: list[RosterRow]
    default_class: str = ""
    grid: list[list[Any]] = field(default_factory=list, repr=False)
    data_start: int = field(default=0, repr=False)  # 0-based index of the first data row
    copies: set[tuple[int, int]] = field(default_factory=set, repr=False)
    epoch: dt.datetime | None = field(default=None, repr=False)
    defaults: dict[str, str] = field(default_factory=dict, repr=False)

    def cells(self, row_no: int) -> list[Any]:
        """The original cells of file row ``row_no`` (1-based), one per header; [] if none."""
        if not 0 < row_no <= len(self.grid):
            return []
        return list(self.grid[row_no - 1][:len(self.headers)])


@dataclass
class RosterResult:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # rows imported with a remark
    header_row: int = 0
    mapping: dict[int, str] = field(default_factory=dict)
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
            "rejected": [{"row": n, "reason": r} for n, r in self.rejected],
            "warnings": [{"row": n, "warning": t} for n, t in self.warnings],
            "header_row": self.header_row,
            "mapping": {str(k): v for k, v in sorted(self.mapping.items())},
            "dry_run": self.dry_run,
        }


# ------------------------------------------------------------------ reading
def read_roster(path: Path, *, default_class: str = "",
                mapping: dict[int, str] | None = None) -> RosterTable:
    """Read a roster file (.xlsx or .csv). ``mapping`` overrides the detected columns.

    Raises RosterError ("roster.unreadable", "roster.format", "roster.no_header").
    """
    path = Path(path)
    sheets = _load_sheets(path)
    for sheet in sheets:
        header = _find_header(sheet.grid)
        if header is not None:
            break
    else:
        raise RosterError("roster.no_header")
    defaults = _title_defaults(sheet.grid[: header.row])
    table = RosterTable(
        path=path, sheet=sheet.name, header_row=header.row + 1, headers=header.texts,
        mapping=header.mapping, rows=[], default_class=clean(default_class),
        grid=sheet.grid, data_start=header.data_start, copies=sheet.copies,
        epoch=sheet.epoch, defaults=defaults,
    )
    return apply_mapping(table, mapping) if mapping is not None else _with_rows(table)


def apply_mapping(table: RosterTable, mapping: dict[int, str]) -> RosterTable:
    """The same table read again with the columns mapped as ``mapping`` says
    (column index → Student field); unmapped columns are ignored."""
    bad = {f for f in mapping.values() if f not in IMPORT_FIELDS}
    if bad:
        raise ValueError(f"not importable fields: {sorted(bad)}")
    missing = [f for f in REQUIRED_COLUMNS if f not in mapping.values()]
    if missing:
        raise RosterError("roster.mapping_missing",
                          fields=", ".join(messages.field_label(f) for f in missing))
    clean_map = {int(k): v for k, v in mapping.items() if 0 <= int(k) < len(table.headers)}
    return _with_rows(dataclasses.replace(table, mapping=clean_map))


def _with_rows(table: RosterTable) -> RosterTable:
    columns = [_Column(i, f, _flavour(f, table.headers[i])) for i, f in sorted(table.mapping.items())]
    defaults = dict(table.defaults)
    if table.default_class:
        defaults["class_name"] = table.default_class.upper()
    rows = list(_parse_rows(table, columns, defaults))
    return dataclasses.replace(table, rows=rows)


# ------------------------------------------------------------------ file formats
@dataclass
class _Sheet:
    name: str
    grid: list[list[Any]]  # raw cell values, merged cells filled in
    copies: set[tuple[int, int]] = field(default_factory=set)  # (row, col) filled from the row above
    epoch: dt.datetime | None = None


def _unreadable(path: Path, key: str, **params: object) -> RosterError:
    return RosterError("roster.unreadable", path=str(path), reason=messages.text(key, **params))


def _load_sheets(path: Path) -> list[_Sheet]:
    ext = path.suffix.lower()
    if ext not in _XLSX_EXT | _CSV_EXT:
        raise RosterError("roster.format", ext=ext or path.name)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise _unreadable(path, "roster.os_error", detail=e.strerror or str(e)) from None
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise _unreadable(path, "roster.empty")
    if data.startswith(_OLE_MAGIC):
        raise RosterError("roster.format", ext=".xls")
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(path, data)
    if ext in _XLSX_EXT:
        raise _unreadable(path, "roster.not_xlsx", detail="not a zip archive")
    return [_Sheet(name="", grid=_read_csv(path, data))]


def _read_xlsx(path: Path, data: bytes) -> list[_Sheet]:
    """Every visible sheet, the active one first. Not read-only: merged cells are needed."""
    import openpyxl  # noqa: PLC0415  (start-up time: openpyxl loads when a class list is read)

    try:
        # openpyxl warns (UserWarning) about what it drops from the teacher's workbook: data
        # validation, conditional formatting, unknown extensions, no default style. It is the
        # file's, not ours, and the grid is read whole all the same.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl fails on damaged files in many ways
        raise _unreadable(path, "roster.not_xlsx", detail=f"{type(e).__name__}: {e}") from None
    worksheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"] or list(wb.worksheets)
    active = wb.active if wb.active in worksheets else None
    ordered = ([active] if active else []) + [ws for ws in worksheets if ws is not active]
    return [_sheet_of(ws, wb.epoch) for ws in ordered]


def _sheet_of(ws: Any, epoch: dt.datetime) -> _Sheet:
    fill: dict[tuple[int, int], Any] = {}
    copies: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        value = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    fill[(r - 1, c - 1)] = value
                    if r != rng.min_row:
                        copies.add((r - 1, c - 1))
    grid: list[list[Any]] = []
    for r, row in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True)):
        grid.append([fill.get((r, c), v) if v is None else v for c, v in enumerate(row)])
    while grid and all(_text(v) == "" for v in grid[-1]):
        grid.pop()
    return _Sheet(name=ws.title, grid=grid, copies=copies, epoch=epoch)


def _read_csv(path: Path, data: bytes) -> list[list[Any]]:
    text = _decode(path, data)
    delimiter = _delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as e:
        raise _unreadable(path, "roster.not_text", detail=str(e)) from None
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return [[clean(c) for c in r] for r in rows]


def _decode(path: Path, data: bytes) -> str:
    """UTF-16 (with BOM), else strict UTF-8 (BOM optional), else Windows-1258; NFC."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        candidates = ("utf-16",)
    elif b"\x00" in data[:4096]:
        raise _unreadable(path, "roster.not_text", detail="NUL")
    else:
        candidates = ("utf-8-sig", "cp1258")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _unreadable(path, "roster.encoding")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
    if controls > max(2, len(text) // 100):
        raise _unreadable(path, "roster.not_text", detail="binary")
    return unicodedata.normalize("NFC", text)


def _delimiter(text: str) -> str:
    """The separator giving the widest row in the first lines (title lines have none)."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS + 5])
    best, width = ",", 0
    for d in (";", ",", "\t", "|"):
        try:
            w = max((len(r) for r in csv.reader(io.StringIO(head), delimiter=d)), default=0)
        except csv.Error:
            continue
        if w > width:
            best, width = d, w
    return best


# ------------------------------------------------------------------ header
# Folded (accent-free, lower case, punctuation → space) column names per field.
# "_stt" (row number) counts when choosing the header row but fills no field; "_ignore"
# names columns that would otherwise pass for a field ("Dân tộc thiểu số" holds ticks).
_ALIASES: dict[str, tuple[str, ...]] = {
    "_stt": ("stt", "tt", "so tt", "so thu tu", "thu tu"),
    "_ignore": ("dan toc thieu so", "dtts", "ngay cap", "noi cap", "noi sinh", "ho khau",
                "ho khau thuong tru", "que quan", "ghi chu"),
    "full_name": ("ho va ten", "ho ten", "ho ten hoc sinh", "ho va ten hoc sinh", "ten hoc sinh",
                  "hoc sinh", "ho ten hs", "ho va ten hs", "ho va ten tre", "ho ten tre", "ten tre",
                  "ho dem", "ho va ten dem", "ho va dem", "ho", "ten", "full name"),
    "birth_date": ("ngay sinh", "ngay thang nam sinh", "ngay thang sinh", "ns", "sinh ngay",
                   "ngay sinh hs", "ntns", "birth date", "date of birth", "dob"),
    "sex": ("gioi tinh", "gt", "nu", "nam", "phai", "nam nu", "sex", "gender"),
    "ethnicity": ("dan toc", "ethnicity"),
    "class_name": ("lop", "lop hoc", "ten lop", "class"),
    "personal_id": ("ma dinh danh", "so dinh danh", "ma dinh danh ca nhan", "so dinh danh ca nhan",
                    "ma ddcn", "so ddcn", "ddcn", "cccd", "so cccd", "so cmnd cccd", "cmnd cccd",
                    "can cuoc", "so can cuoc", "can cuoc cong dan", "dinh danh", "personal id"),
    "moet_code": ("ma hoc sinh", "ma hs", "ma moet", "moet", "ma hoc sinh moet",
                  "ma dinh danh bo gd", "ma dinh danh bo gddt", "ma dinh danh moet"),
    "guardian_name": ("ho ten cha me", "ho va ten cha me", "ho ten bo me", "ho va ten bo me",
                      "ho ten phu huynh", "ho va ten phu huynh", "nguoi giam ho",
                      "ho ten nguoi giam ho", "ho va ten nguoi giam ho", "ten phu huynh",
                      "ten cha me", "phu huynh", "ho ten cha", "ho ten me", "cha me hoac nguoi giam ho",
                      "guardian"),
    "guardian_relation": ("quan he", "moi quan he", "quan he voi hoc sinh", "relation"),
    "guardian_phone": ("so dien thoai", "sdt", "so dt", "dien thoai", "dien thoai lien he",
                       "dt lien he", "phone"),
    "village": ("thon ban", "thon", "ban", "xom", "thon xom", "thon to", "to dan pho", "dia chi",
                "dia chi thuong tru", "noi o", "noi o hien nay", "cho o", "cho o hien nay",
                "village", "address"),
    "household": ("ho ngheo can ngheo", "ho ngheo", "can ngheo", "ho can ngheo", "dien ho",
                  "hoan canh", "hoan canh gia dinh", "thuoc dien", "dien", "household"),
    "policy_family": ("con gia dinh chinh sach", "gia dinh chinh sach", "con gd chinh sach",
                      "chinh sach", "gdcs", "con gdcs", "dien chinh sach"),
    "covid_orphan": ("mo coi do covid", "mo coi do covid 19", "mo coi covid", "mo coi",
                     "cha me mat do covid", "cha me mat do covid 19", "cha hoac me mat do covid",
                     "co cha me mat do covid"),
    "covid_hardship": ("anh huong covid", "anh huong do covid", "anh huong dich covid",
                       "kho khan do covid"),
    "poverty_cert_no": ("so giay chung nhan ho ngheo", "so giay chung nhan", "so gcn",
                        "so gcn ho ngheo", "so giay cn", "so chung nhan", "giay chung nhan",
                        "so so ho ngheo"),
    "poverty_cert_year": ("nam cap", "nam cap giay chung nhan", "nam cap gcn", "nam chung nhan",
                          "nam cong nhan", "nam duoc cong nhan"),
    "school_year": ("nam hoc", "school year"),
}
# Short names that only count when they are the whole header ("Họ" but not "Hộ khẩu").
_EXACT_ONLY = {"tt", "ns", "gt", "nam", "ban", "ho", "ten", "lop", "dien", "xom", "hoc sinh",
               "thon", "moet", "class", "phone", "address", "guardian", "relation", "household"}
_ALIAS_LIST = [(a, f) for f, aliases in _ALIASES.items() for a in aliases]
# Guardian words: "Họ và tên cha mẹ" is the guardian, not the child.
_GUARDIAN_WORDS = {"cha", "me", "bo", "phu", "huynh", "giam"}
_DATE_PARTS = {"ngay": 0, "thang": 1, "nam": 2}
# Fields that may come from several columns (joined or combined).
_MULTI = {"full_name", "sex", "household"}
_NAME_PARTS = {"ho", "ho dem", "ho va ten dem", "ho va dem", "ten"}


def _key(text: Any) -> str:
    """Folded text with punctuation as spaces: "Mã ĐDCN" → "ma ddcn"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(_text(text))).split())


def _match_header(text: str) -> tuple[str, tuple[int, int]] | None:
    """The field a header cell names, with a score: (3 exact | 2 prefix | 1 contained, length)."""
    key = _key(text)
    if not key:
        return None
    if clean(text).lower().rstrip(" :") == "năm":  # "Năm" (year) folds like "Nam" (male)
        return "poverty_cert_year", (3, 3)
    best: tuple[str, tuple[int, int]] | None = None
    for alias, name in _ALIAS_LIST:
        if key == alias:
            score = (3, len(alias))
        elif alias in _EXACT_ONLY:
            continue
        elif key.startswith(alias + " "):
            score = (2, len(alias))
        elif " " in alias and f" {alias} " in f" {key} ":
            score = (1, len(alias))
        else:
            continue
        if best is None or score > best[1]:
            best = (name, score)
    if best and best[0] == "full_name" and _GUARDIAN_WORDS & set(key.split()):
        best = ("guardian_name", best[1])
    return best


@dataclass
class _Header:
    row: int  # 0-based
    texts: list[str]
    mapping: dict[int, str]
    data_start: int
    score: int


def _map_headers(texts: list[str], parents: list[str] | None = None) -> tuple[dict[int, str], int]:
    """Column → field for one header row, and the number of recognised columns."""
    found: list[tuple[int, str, tuple[int, int]]] = []
    for c, text in enumerate(texts):
        m = None
        if parents and _key(text) in _DATE_PARTS and _field_of(parents[c]) == "birth_date":
            m = ("birth_date", (3, 0))
        m = m or _match_header(text)
        if m:
            found.append((c, *m))
    mapping: dict[int, str] = {}
    by_field: dict[str, list[tuple[int, tuple[int, int]]]] = {}
    for c, name, score in found:
        by_field.setdefault(name, []).append((c, score))
    for name, cols in by_field.items():
        if name.startswith("_"):
            continue
        if name in _MULTI or (name == "birth_date" and any(s == (3, 0) for _, s in cols)):
            top = max(s[0] for _, s in cols)
            keep = [c for c, s in cols if s[0] == top]
        else:
            keep = [max(cols, key=lambda cs: (cs[1], -cs[0]))[0]]
        mapping.update({c: name for c in keep})
    return mapping, len(mapping) + (1 if "_stt" in by_field else 0)


def _field_of(text: str) -> str | None:
    m = _match_header(text)
    return m[0] if m else None


def _find_header(grid: list[list[Any]]) -> _Header | None:
    """The row (within the first rows) naming the most known columns, with at least a
    name and a birth-date column; a second header row below it is merged in."""
    best: _Header | None = None
    for r in range(min(HEADER_SEARCH_ROWS, len(grid))):
        texts = [_text(v) for v in grid[r]]
        mapping, score = _map_headers(texts)
        if not all(f in mapping.values() for f in REQUIRED_COLUMNS):
            continue
        header = _two_row_header(grid, r, texts, mapping) or _Header(r, texts, mapping, r + 1, score)
        if best is None or header.score > best.score:
            best = header
    return best


def _two_row_header(grid: list[list[Any]], r: int, texts: list[str],
                    mapping: dict[int, str]) -> _Header | None:
    """Header cells split over two rows ("Họ và tên" over "Họ đệm" | "Tên", "Ngày sinh"
    over "Ngày" | "Tháng" | "Năm", "Giới tính" over "Nam" | "Nữ")."""
    if r + 1 >= len(grid):
        return None
    sub = [_text(v) for v in grid[r + 1]] + [""] * max(0, len(texts) - len(grid[r + 1]))
    texts = texts + [""] * max(0, len(sub) - len(texts))
    name_col = min(c for c, f in mapping.items() if f == "full_name")
    date_col = min(c for c, f in mapping.items() if f == "birth_date")
    if sub[name_col] and sub[name_col] != texts[name_col] and _field_of(sub[name_col]) is None:
        return None
    try:
        if _to_date(grid[r + 1][date_col] if date_col < len(grid[r + 1]) else None, None):
            return None
    except FieldError:
        pass
    combined = list(texts)
    changed = False
    for c, s in enumerate(sub):
        if not s or s == texts[c]:
            continue
        part = _key(s) in _DATE_PARTS and _field_of(texts[c]) == "birth_date"
        if part or _field_of(s):
            combined[c] = s
            changed = True
    if not changed:
        return None
    new_map, score = _map_headers(combined, parents=texts)
    if not all(f in new_map.values() for f in REQUIRED_COLUMNS):
        return None
    sub_map, sub_score = _map_headers(sub)
    if all(f in sub_map.values() for f in REQUIRED_COLUMNS) and sub_score >= score:
        return None  # the lower row is a whole header by itself
    return _Header(r, combined, new_map, r + 2, score)


def _flavour(name: str, header: str) -> str:
    """How a column's cells read: "x" in a "Nữ" column means female, etc."""
    key = _key(header)
    low = clean(header).lower()
    if name == "sex":
        if key == "nu" or key.startswith("nu "):
            return "F"
        if (key == "nam" or key.startswith("nam ")) and not low.startswith("năm"):
            return "M"
    elif name == "household":
        near, poor = "can ngheo" in key, bool(re.search(r"(^| )ho ngheo|^ngheo", key))
        if near != poor:
            return "near_poor" if near else "poor"
        if "kho khan" in key and not (near or poor):
            return "other_hardship"
    elif name == "birth_date" and key in _DATE_PARTS:
        return key
    return "text"


def _title_defaults(rows: list[list[Any]]) -> dict[str, str]:
    """Class and school year named in the title rows ("DANH SÁCH HỌC SINH LỚP 3A NĂM HỌC …")."""
    out: dict[str, str] = {}
    for row in rows:
        for v in row:
            key = _key(v)
            m = re.search(r"\blop (\d{1,2}(?: ?[a-z]{1,2}\d{0,2})?)\b", key)
            if m and "class_name" not in out:
                out["class_name"] = m.group(1).replace(" ", "").upper()
            y = re.search(r"\bnam hoc (\d{4}) (\d{4})\b", key)
            if y and int(y.group(2)) == int(y.group(1)) + 1 and "school_year" not in out:
                out["school_year"] = f"{y.group(1)}-{y.group(2)}"
    return out


# ------------------------------------------------------------------ rows
@dataclass(frozen=True)
class _Column:
    index: int
    field: str
    flavour: str


_FOOTER = re.compile(
    r"^(tong cong|tong so|cong( \d| hoc sinh| lop| so|$)|si so|nguoi lap|hieu truong|pho hieu truong|"
    r"giao vien chu nhiem|gvcn|ky ten|ky ghi ro|ky va ghi ro|xac nhan|ke toan|thu truong|"
    r"ban giam hieu|tm ban|t m ban|ghi chu|danh sach (nay|co|gom|tren))"
    r"|\bngay( \d+)? thang( \d+)? nam( \d+)?\b"
)


def _parse_rows(table: RosterTable, columns: list[_Column],
                defaults: dict[str, str]) -> Iterable[RosterRow]:
    """The data rows. Skipped without a word: blank rows, column numbers "(1) (2) …",
    repeated headers, class sub-titles ("Lớp 3B", which set the class of the rows below)
    and, from the first footer row on (totals, place and date, signatures), every row
    that is not a whole child (name and birth date)."""
    name_cols = [c for c in columns if c.field == "full_name"]
    in_footer = False
    block_class = ""
    for r in range(table.data_start, len(table.grid)):
        cells = table.grid[r]
        values, problems, notes = _row_values(cells, columns, table.epoch)
        name_copied = any((r, c.index) in table.copies for c in name_cols)
        has_name = not name_copied and any(ch.isalpha() for ch in values.get("full_name", ""))
        has_date = "birth_date" in values
        if not has_date:
            sub_title = _class_sub_title(cells)
            if sub_title:
                block_class = sub_title
                continue
            if has_name and _is_repeated_header(values):
                continue
        whole_child = has_name and has_date
        if not whole_child and _is_footer(cells):
            in_footer = True
            continue
        in_footer = in_footer and not whole_child
        if in_footer or not (has_name or has_date):
            continue
        if block_class:
            values.setdefault("class_name", block_class)
        for k, v in defaults.items():
            values.setdefault(k, v)
        _complete_pid(values, problems)
        kept = [p for p in problems if p.field in OPTIONAL_FIELDS]
        problems = [p for p in problems if p.field not in OPTIONAL_FIELDS]
        yield RosterRow(row_no=r + 1, values=values, problems=[p.message() for p in problems],
                        problem_fields={p.field for p in problems},
                        warnings=notes + [_dropped(p) for p in kept])


def _class_sub_title(cells: list[Any]) -> str:
    """ "3B" for a row holding only "Lớp 3B" (possibly merged across the row)."""
    texts = {_key(v) for v in cells if _text(v)}
    if len(texts) == 1:
        m = re.fullmatch(r"lop (\d{1,2} ?[a-z]{0,2}\d{0,2})", texts.pop())
        if m:
            return m.group(1).replace(" ", "").upper()
    return ""


def _is_footer(cells: list[Any]) -> bool:
    return any(_FOOTER.search(_key(v)) for v in cells if v is not None and not _is_number(v))


def _is_repeated_header(values: dict[str, Any]) -> bool:
    return _field_of(values.get("full_name", "")) == "full_name"


@dataclass
class _Noted:
    """A parsed value with what the reading should say about it, and other fields it sets
    ("Gia đình chính sách" in a household column: the policy-family flag)."""

    value: Any
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _row_values(cells: list[Any], columns: list[_Column],
                epoch: dt.datetime | None) -> tuple[dict[str, Any], list[FieldError], list[str]]:
    """Field values of one row (empty cells left out), the problems parsing them and the
    remarks on values read in a way the teacher should know."""
    grouped: dict[str, list[tuple[Any, str]]] = {}
    for col in columns:
        value = cells[col.index] if col.index < len(cells) else None
        grouped.setdefault(col.field, []).append((value, col.flavour))
    values: dict[str, Any] = {}
    problems: list[FieldError] = []
    notes: list[str] = []
    extra: dict[str, Any] = {}
    for name, cells_of in grouped.items():
        try:
            value = _PARSERS.get(name, _parse_text)(cells_of, epoch)
        except FieldError as e:
            problems.append(e)
            continue
        if isinstance(value, _Noted):
            notes += value.notes
            extra.update(value.extra)
            value = value.value
        if value not in (None, ""):
            values[name] = value
    for k, v in extra.items():  # a column of the field's own says more than a household label
        if values.get(k) in (None, "", False):
            values[k] = v
    return values, problems, notes


#: fields a child's record is right without: a bad cell is dropped, the child imported
OPTIONAL_FIELDS = frozenset({"guardian_phone", "poverty_cert_year", "poverty_cert_no", "moet_code",
                             "guardian_relation", "village"})


def _dropped(problem: FieldError) -> str:
    if problem.field == "guardian_phone":
        return messages.text("roster.phone_dropped", value=problem.params.get("value", ""))
    return f"{problem.message()} {messages.text('roster.cell_dropped')}"


def _complete_pid(values: dict[str, Any], problems: list[FieldError]) -> None:
    """A personal ID of 10 or 11 digits written as text: its leading zeros were lost (a CSV
    saved by Excel) when the 12-digit number then fits the birth date and sex; otherwise
    it was mistyped, and the teacher is told how many digits it has — not that a padded
    number's year does not match."""
    pid = values.get("personal_id", "")
    if not (isinstance(pid, str) and pid.isdigit() and 10 <= len(pid) <= 11):
        return
    padded = pid.zfill(12)
    born = None
    with contextlib.suppress(ValueError, TypeError):
        born = dt.date.fromisoformat(str(values.get("birth_date", "")))
    try:
        if not is_birth_province_code(padded[:3]):
            raise FieldError("personal_id", "pid.province", code=padded[:3])
        values["personal_id"] = validate.check_personal_id(padded, born, values.get("sex") or None)
    except FieldError:
        values.pop("personal_id")
        problems.append(FieldError("personal_id", "roster.pid_length", value=pid, n=len(pid)))


# ------------------------------------------------------------------ cell parsers
def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _text(v: Any) -> str:
    """A cell as clean NFC text; whole numbers without ".0", dates as dd/mm/yyyy."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "x" if v else "0"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, dt.date)):
        return v.strftime("%d/%m/%Y")
    return clean(str(v))


def _first(cells: list[tuple[Any, str]]) -> Any:
    return cells[0][0] if cells else None


def _parse_text(cells: list[tuple[Any, str]], epoch: Any = None) -> str:
    return _text(_first(cells))


def _parse_name(cells: list[tuple[Any, str]], epoch: Any = None) -> str:
    """One column, or name parts over several ("Họ đệm" + "Tên"); merged copies once."""
    parts: list[str] = []
    for v, _ in cells:
        t = _text(v)
        if t and (not parts or parts[-1] != t):
            parts.append(t)
    return " ".join(parts)


_DATE_RE = re.compile(
    r"(\d{1,4})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{2,4})"  # d/m/y or y-m-d
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"  # a time Excel may have added
)
_VI_DATE_RE = re.compile(r"(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})")


def _to_date(v: Any, epoch: dt.datetime | None) -> dt.date | None:
    """A real date, an Excel serial number (42370) or d/m/yyyy text (/ - . separators)."""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if _is_number(v):
        return _serial_date(float(v), epoch, _text(v))
    text = _text(v)
    if not text:
        return None
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _serial_date(float(text), epoch, text)
    m = _DATE_RE.fullmatch(text) or _VI_DATE_RE.fullmatch(_key(text))
    if m:
        a, b, c = m.groups()
        if len(a) == 4:
            y, mo, d = int(a), int(b), int(c)
        elif len(c) in (2, 4) and len(a) <= 2:
            y, mo, d = int(c), int(b), int(a)
            if len(c) == 2:
                y += 2000 if 2000 + y <= dt.date.today().year else 1900
        else:
            y = mo = d = 0
        try:
            return dt.date(y, mo, d)
        except ValueError:
            pass
    raise FieldError("birth_date", "date.invalid", value=text)


def _serial_date(n: float, epoch: dt.datetime | None, text: str) -> dt.date:
    from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel  # noqa: PLC0415  (start-up time: openpyxl loads when a class list is read)

    if 10000 <= n <= 80000:  # 1927…2119: anything else is not a birth date
        return from_excel(n, epoch or CALENDAR_WINDOWS_1900).date()
    raise FieldError("birth_date", "date.invalid", value=text)


def _parse_birth(cells: list[tuple[Any, str]], epoch: dt.datetime | None) -> str | None:
    """ISO birth date; day, month and year may be three columns under "Ngày sinh"."""
    parts = [(v, fl) for v, fl in cells if fl in _DATE_PARTS]
    if len(parts) >= 2:
        parts.sort(key=lambda p: _DATE_PARTS[p[1]])
        texts = [_text(v) for v, _ in parts]
        if not any(texts):
            return None
        d = _to_date("/".join(texts), epoch)
    else:
        d = _to_date(_first(cells), epoch)
    return d.isoformat() if d else None


def _parse_pid(cells: list[tuple[Any, str]], epoch: Any = None) -> str:
    """Digits of a personal ID; Excel numbers get their lost leading zeros back (text is
    completed, or not, once the row's birth date is known: ``_complete_pid``)."""
    v = _first(cells)
    if _is_number(v):
        s = str(int(v)) if float(v).is_integer() else _text(v)
        if s.isdigit() and 10 <= len(s) <= 11 and is_birth_province_code(s.zfill(12)[:3]):
            return s.zfill(12)
        return s
    else:
        s = _text(v).lstrip("'’`")
        compact = re.sub(r"[\s.\-]", "", s)
        if re.fullmatch(r"\d+\.0+", s.replace(" ", "")):
            compact = s.replace(" ", "").split(".")[0]
        elif re.fullmatch(r"\d+([.,]\d+)?[eE]\+?\d+", s.replace(" ", "")):
            try:
                compact = str(int(Decimal(s.replace(" ", "").replace(",", "."))))
            except (InvalidOperation, ValueError):
                pass
        if compact.isdigit():
            s = compact
        if re.fullmatch(r"\d+([.,]\d+)?[eE]\+?\d+|\d+\.0+", _text(v).replace(" ", "")):
            # a number Excel wrote as text: its zeros were lost the same way
            if s.isdigit() and 10 <= len(s) <= 11 and is_birth_province_code(s.zfill(12)[:3]):
                return s.zfill(12)
    return s


def _parse_phone(cells: list[tuple[Any, str]], epoch: Any = None) -> str:
    v = _first(cells)
    if _is_number(v) and float(v).is_integer():
        return str(int(v))
    return _text(v).lstrip("'’`")


def _parse_class(cells: list[tuple[Any, str]], epoch: Any = None) -> str:
    t = re.sub(r"^(lớp|lop)\s*:?\s*", "", _text(_first(cells)), flags=re.IGNORECASE)
    return re.sub(r"(?<=\d)\s+(?=[A-Za-z])", "", t).upper()


_MARK_SYMBOLS = {"✓", "✔", "√", "☑", "+", "*", "•", "v", "V"}
_TRUE_WORDS = {"x", "1", "co", "c", "yes", "y", "true", "dung"}
_FALSE_WORDS = {"0", "khong", "k", "no", "n", "false", "sai"}
_DASHES = {"-", "–", "—", "/"}
_MALE = {"nam", "m", "male", "trai", "nam gioi", "boy"}
_FEMALE = {"nu", "f", "female", "gai", "nu gioi", "girl"}


def _is_mark(v: Any) -> bool:
    return _text(v) in _MARK_SYMBOLS or _key(v) in _TRUE_WORDS


def _is_false(v: Any) -> bool:
    return _text(v) in _DASHES or _key(v) in _FALSE_WORDS or _key(v).startswith("khong ")


def _parse_sex(cells: list[tuple[Any, str]], epoch: Any = None) -> str | None:
    """M/F from a "Giới tính" column or from "Nam" / "Nữ" tick columns."""
    strong: set[str] = set()
    weak: set[str] = set()
    for v, flavour in cells:
        key = _key(v)
        if key in _MALE or key in _FEMALE:
            strong.add("M" if key in _MALE else "F")
        elif flavour in ("M", "F"):
            other = "F" if flavour == "M" else "M"
            if _is_mark(v):
                strong.add(flavour)
            elif _is_false(v):
                strong.add(other)
            elif not _text(v):
                weak.add(other)  # an empty tick in the "Nữ" column: a boy
            else:
                raise FieldError("sex", "roster.sex_unknown", value=_text(v))
        elif _text(v):
            raise FieldError("sex", "roster.sex_unknown", value=_text(v))
    if len(strong) > 1:
        raise FieldError("sex", "roster.sex_unknown",
                         value=" / ".join(_text(v) for v, _ in cells if _text(v)))
    if strong:
        return strong.pop()
    return weak.pop() if len(weak) == 1 else None


_HOUSEHOLD_RANK = {"poor": 3, "near_poor": 2, "other_hardship": 1, "none": 0}


def _household_word(key: str) -> str | None:
    if "thoat ngheo" in key:
        return None  # "mới thoát nghèo": no longer poor, not a category here: ask
    if "can ngheo" in key or key in {"cn", "hcn", "near poor"}:
        return "near_poor"
    if "ngheo" in key or key in {"hn", "poor"}:
        return "poor"
    if "kho khan" in key or key in {"kk", "hckk", "hardship", "other hardship"}:
        return "other_hardship"
    if key in {"khong", "khong co", "khong thuoc dien", "binh thuong", "none", "0", "k"}:
        return "none"
    return None


# Labels schools write in the household column that are not a category's name: the
# category they mean and what else they say (the flags of the child's record).
_HOUSEHOLD_LABELS: tuple[tuple[str, str, dict[str, bool]], ...] = (
    ("mo coi do covid", "other_hardship", {"covid_orphan": True}),
    ("mo coi", "other_hardship", {}),
    ("khuyet tat", "other_hardship", {}),
    ("hoan canh dac biet", "other_hardship", {}),
    ("dac biet kho khan", "other_hardship", {}),
    ("anh huong covid", "other_hardship", {"covid_hardship": True}),
    ("gia dinh chinh sach", "none", {"policy_family": True}),
    ("con thuong binh", "none", {"policy_family": True}),
    ("con benh binh", "none", {"policy_family": True}),
    ("con liet si", "none", {"policy_family": True}),
    ("chinh sach", "none", {"policy_family": True}),
    ("gdcs", "none", {"policy_family": True}),
)


def _household_label(key: str) -> tuple[str, dict[str, bool]] | None:
    for start, word, flags in _HOUSEHOLD_LABELS:
        if key == start or key.startswith(start + " ") or f" {start} " in f" {key} ":
            return word, flags
    return None


def _parse_household(cells: list[tuple[Any, str]], epoch: Any = None) -> _Noted | None:
    """The highest category any household column gives: words ("Hộ nghèo", "HCN"), or a
    tick in a column named for one category ("x" under "Cận nghèo"), or a label schools
    use ("Mồ côi", "Gia đình chính sách"), read with a remark that says how."""
    found: list[str] = []
    notes: list[str] = []
    extra: dict[str, Any] = {}
    for v, flavour in cells:
        text = _text(v)
        if not text:
            continue
        word = _household_word(_key(v))
        if word is None and (labelled := _household_label(_key(v))) is not None:
            word, flags = labelled
            extra.update(flags)
            category = label(HOUSEHOLDS, word, messages.language())
            if flags.get("policy_family"):
                category = messages.field_label("policy_family")
            elif flags:
                category += ", " + ", ".join(messages.field_label(f) for f in flags)
            notes.append(messages.text("roster.household_mapped", value=text, category=category))
        if word is None and flavour != "text" and _is_mark(v):
            word = flavour
        elif word is None and _is_false(v):
            word = "none"
        if word is None:
            raise FieldError("household", "roster.household_unknown", value=text)
        found.append(word)
    if not found:
        return None
    return _Noted(max(found, key=_HOUSEHOLD_RANK.__getitem__), notes, extra)


def _parse_flag(cells: list[tuple[Any, str]], epoch: Any = None) -> bool | None:
    """Empty: not said (None). "0", "không", "-": False. Any other mark or note: True."""
    said = [v for v, _ in cells if _text(v)]
    if not said:
        return None
    return any(not _is_false(v) for v in said)


def _parse_year(cells: list[tuple[Any, str]], epoch: Any = None) -> int | None:
    v = _first(cells)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.year
    text = _text(v)
    if not text:
        return None
    m = re.search(r"\b(19|20)\d{2}\b", text)
    if not m:
        raise FieldError("poverty_cert_year", "number.invalid", value=text)
    return int(m.group(0))


_PARSERS: dict[str, Callable[[list[tuple[Any, str]], Any], Any]] = {
    "full_name": _parse_name,
    "birth_date": _parse_birth,
    "sex": _parse_sex,
    "personal_id": _parse_pid,
    "guardian_phone": _parse_phone,
    "class_name": _parse_class,
    "household": _parse_household,
    "policy_family": _parse_flag,
    "covid_orphan": _parse_flag,
    "covid_hardship": _parse_flag,
    "poverty_cert_year": _parse_year,
}


# ------------------------------------------------------------------ import
class _RowRejected(SongMayError):
    """A row's problems, already in words."""

    def __init__(self, text: str):
        self.key, self.params, self.text = "roster.row", {}, text
        Exception.__init__(self, text)

    def message(self, lang: str | None = None) -> str:
        return self.text


class _Held(_RowRejected):
    """A new child who may be one already at the school or on an earlier row: not
    imported until the teacher says it is a different child."""


class _DryRun(Exception):
    """Raised at the end of a dry run so the transaction rolls everything back."""


def _phone_key(phone: str) -> str:
    return digits_phone(phone)


def _name_key(values: dict[str, Any]) -> tuple[str, str]:
    return fold(values.get("full_name", "")), str(values.get("birth_date", ""))


def _class_of(values: dict[str, Any]) -> str:
    return clean(values.get("class_name", "")).upper()


class _Known:
    """The unit's students, looked up by personal ID and by name + birth date (+ class)."""

    def __init__(self, students: list[Student]):
        self.by_pid = {s.personal_id: s for s in students if s.personal_id}
        self.by_name: dict[tuple[str, str], list[Student]] = {}
        self.by_phone: dict[tuple[str, str], list[Student]] = {}
        for s in students:
            self.by_name.setdefault((fold(s.full_name), s.birth_date), []).append(s)
            phone = _phone_key(s.guardian_phone)
            if phone:
                self.by_phone.setdefault((phone, s.birth_date), []).append(s)

    def likely(self, student: Student) -> list[dict[str, Any]]:
        """Children stored before this import who may be ``student`` again — the rule of
        ``app.duplicates.likely_same_child``, read from memory (one query for the file)."""
        found: dict[str, tuple[Student, list[str]]] = {}
        phone = _phone_key(student.guardian_phone)
        name = (fold(student.full_name), student.birth_date)
        for index, key, why in ((self.by_name, name, "student.likely_same_name"),
                                (self.by_phone, (phone, student.birth_date), "student.likely_same_phone")):
            if not key[0]:
                continue
            for s in index.get(key, []):
                if s.id == student.id or (student.personal_id and s.personal_id
                                          and s.personal_id != student.personal_id):
                    continue
                found.setdefault(s.id, (s, []))[1].append(messages.text(why))
        return [{"id": s.id, "full_name": s.full_name, "birth_date": s.birth_date, "class_name": s.class_name,
                 "guardian_name": s.guardian_name, "guardian_phone": s.guardian_phone, "why": "; ".join(whys)}
                for s, whys in sorted(found.values(), key=lambda sw: (fold(sw[0].full_name), sw[0].class_name))]

    def match(self, values: dict[str, Any]) -> Student | None:
        """The stored child this row is about, if any. A child stored with the same name,
        birth date and class but another personal ID is a conflict for a person to settle,
        not a second child."""
        pid = values.get("personal_id", "")
        if pid in self.by_pid:
            return self.by_pid[pid]
        candidates = self.by_name.get(_name_key(values), [])
        cls = _class_of(values)
        if cls:
            candidates = [s for s in candidates if s.class_name == cls]
        if len(candidates) != 1:
            return None
        found = candidates[0]
        if pid and found.personal_id and found.personal_id != pid:
            raise _RowRejected(messages.text(
                "roster.pid_conflict", name=found.full_name, pid=found.personal_id, value=pid))
        return found


class _Seen:
    """Children already met in this file: the same personal ID, or the same name,
    birth date and class (the same child twice: refused); and, for likely duplicates,
    the same name and birth date or the same guardian phone and birth date."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, ...], int] = {}
        self.likely: dict[tuple[str, ...], list[tuple[int, Student]]] = {}

    @staticmethod
    def _keys(values: dict[str, Any]) -> list[tuple[str, ...]]:
        pid = values.get("personal_id", "")
        return ([("pid", pid)] if pid else []) + [("name", *_name_key(values), _class_of(values))]

    @staticmethod
    def _likely_keys(student: Student) -> list[tuple[str, ...]]:
        keys = [("name", fold(student.full_name), student.birth_date)]
        phone = _phone_key(student.guardian_phone)
        return keys + ([("phone", phone, student.birth_date)] if phone else [])

    def check(self, values: dict[str, Any]) -> int | None:
        return next((self.rows[k] for k in self._keys(values) if k in self.rows), None)

    def add(self, values: dict[str, Any], row_no: int) -> None:
        for k in self._keys(values):
            self.rows.setdefault(k, row_no)

    def likely_rows(self, student: Student) -> list[tuple[int, Student, str]]:
        """Earlier rows that may be ``student`` again, with the reason in words."""
        found: dict[int, tuple[Student, list[str]]] = {}
        for key in self._likely_keys(student):
            why = messages.text("student.likely_same_name" if key[0] == "name" else "student.likely_same_phone")
            for row_no, other in self.likely.get(key, []):
                if student.personal_id and other.personal_id and other.personal_id != student.personal_id:
                    continue  # two IDs: two children
                found.setdefault(row_no, (other, []))[1].append(why)
        return [(n, st, "; ".join(whys)) for n, (st, whys) in sorted(found.items())]

    def add_likely(self, student: Student, row_no: int) -> None:
        for key in self._likely_keys(student):
            self.likely.setdefault(key, []).append((row_no, student))


def import_roster(
    store: Store,
    path: Path,
    *,
    actor: str,
    default_class: str = "",
    dry_run: bool = False,
    mapping: dict[int, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    different: Iterable[int] = (),
    unit_id: str = "",
) -> RosterResult:
    """Import a roster file into this installation's school (an office's installation:
    ``unit_id``, a school of its area), in one transaction.

    Raises StoreError when no school is set up and RosterError when the file cannot be
    read; problems of single rows are reported in ``RosterResult.rejected``. ``dry_run``
    does everything, then rolls it back. ``progress(done, total)`` is called every
    PROGRESS_EVERY rows and at the end; an exception raised from it cancels the import
    (nothing is saved). ``different``: the rows (file row numbers) the teacher confirmed
    to be a different child from the likely duplicate shown (``check_roster``); a new
    child who may be one already met is otherwise not imported, and says why.
    """
    store.require_unit()
    table = read_roster(Path(path), default_class=default_class, mapping=mapping)
    return import_table(store, table, actor=actor, dry_run=dry_run, progress=progress, different=different,
                        unit_id=unit_id)


def check_roster(store: Store, table: RosterTable, different: Iterable[int] = (), unit_id: str = "") -> RosterTable:
    """``table`` with every row as the import would take it — the same checks, run and
    rolled back: ``problems`` (the row is rejected), ``warnings`` (imported, with a
    remark), ``likely`` (a possible duplicate: held unless in ``different``) and
    ``outcome``. What the preview shows is what the import then does."""
    checked: dict[int, RosterRow] = {}
    import_table(store, table, actor="preview", dry_run=True, different=different, rows_out=checked,
                 unit_id=unit_id)
    return dataclasses.replace(table, rows=[checked.get(r.row_no, r) for r in table.rows])


def import_table(store: Store, table: RosterTable, *, actor: str, dry_run: bool = False,
                 progress: Callable[[int, int], None] | None = None, different: Iterable[int] = (),
                 rows_out: dict[int, RosterRow] | None = None, unit_id: str = "") -> RosterResult:
    """Import the rows of a table already read (``import_roster``): into ``unit_id`` (a
    school of an office's area), or the installation's own school."""
    unit = store.require_unit()
    if unit_id and unit_id != unit.id:
        unit = store.get(Unit, school_in_area(store, unit_id)["id"])
    result = RosterResult(header_row=table.header_row, mapping=dict(table.mapping), dry_run=dry_run)
    known = _Known(store.find(Student, "unit_id=?", (unit.id,)))
    seen = _Seen()
    ctx = _ImportContext(unit.id, actor, store_school_year(store), frozenset(different))
    total = len(table.rows)
    try:
        with store.transaction():
            for done, row in enumerate(table.rows, 1):
                out = dataclasses.replace(row, problems=[], warnings=list(row.warnings), likely=[])
                try:
                    out.outcome = _import_row(store, ctx, row, out, known, seen)
                    setattr(result, out.outcome, getattr(result, out.outcome) + 1)
                    result.warnings += [(row.row_no, t) for t in out.warnings]
                except SongMayError as e:
                    out.outcome = "held" if isinstance(e, _Held) else "rejected"
                    if not out.problems and out.outcome == "rejected":
                        out.problems = [e.message()]
                    result.rejected.append((row.row_no, e.message()))
                if rows_out is not None:
                    rows_out[row.row_no] = out
                if progress and (done % PROGRESS_EVERY == 0 or done == total):
                    progress(done, total)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


@dataclass(frozen=True)
class _ImportContext:
    unit_id: str
    actor: str
    year: str  # the current school year: rows without one take it
    different: frozenset[int]


def _import_row(store: Store, ctx: _ImportContext, row: RosterRow, out: RosterRow,
                known: _Known, seen: _Seen) -> str:
    """Save one row; returns "imported", "updated" or "unchanged", or raises SongMayError.
    ``out`` receives the row's problems, warnings and likely duplicates."""
    conflict: _RowRejected | None = None
    try:
        existing = known.match(row.values)
    except _RowRejected as e:
        existing, conflict = None, e
    base = existing or Student(unit_id=ctx.unit_id)
    values = {"school_year": ctx.year, **row.values}
    student = _checked(dataclasses.replace(base, **values), row, base, out)
    if conflict is not None:
        raise conflict
    other = seen.check(row.values)
    if other is not None:
        raise _RowRejected(messages.text("roster.duplicate_in_file", other=other))
    seen.add(row.values, row.row_no)
    if existing is None:
        _likely(student, row, out, seen, known)
        seen.add_likely(student, row.row_no)
        if out.likely and row.row_no not in ctx.different:
            first = out.likely[0]
            where = (messages.text("roster.row", row=first["row"], reason="").rstrip(": ").lower() if first.get("row")
                     else first["class_name"])
            label = f"{first['full_name']} ({where})" if where else first["full_name"]
            raise _Held(messages.text("roster.likely_same_skipped", name=label, why=first["why"]))
    if existing is not None and to_row(student) == to_row(existing):
        return "unchanged"
    store.save(student, ctx.actor)
    return "updated" if existing is not None else "imported"


def _likely(student: Student, row: RosterRow, out: RosterRow, seen: _Seen, known: _Known) -> None:
    """The children ``student`` (a new one) may be again: earlier rows of the file, then
    children at the school before this import."""
    for other_row, other, why in seen.likely_rows(student):
        out.likely.append({"id": "", "row": other_row, "full_name": other.full_name,
                           "birth_date": other.birth_date, "class_name": other.class_name,
                           "guardian_name": other.guardian_name, "guardian_phone": other.guardian_phone,
                           "why": why})
        out.warnings.append(messages.text("roster.likely_same_row", other=other_row, name=other.full_name, why=why))
    for d in known.likely(student):
        out.likely.append({**d, "row": 0})
        out.warnings.append(messages.text(
            "roster.likely_same_stored", name=d["full_name"], cls=d["class_name"] or "—",
            birth=dmy(d["birth_date"]), why=d["why"]))


def _checked(student: Student, row: RosterRow, base: Student, out: RosterRow) -> Student:
    """The validated student, or every problem of the row (parse and validation) at once.
    A problem in an optional field (a phone in a format not in use) drops that cell —
    the stored value, if any, stays — and is said in ``out.warnings``."""
    problems = list(row.problems)
    checked = None
    for _attempt in range(2):
        try:
            checked = student.checked()
            break
        except ValidationError as e:
            found = [p for p in e.problems if p.field not in row.problem_fields]
            optional = [p for p in found if p.field in OPTIONAL_FIELDS]
            if _attempt == 0 and optional and len(optional) == len(found):
                for p in optional:
                    out.warnings.append(_dropped(p))
                    setattr(student, p.field, getattr(base, p.field))  # the stored value, or none
                continue
            problems += [p.message() for p in found]
            break
    if problems or checked is None:
        out.problems = problems
        raise _RowRejected(" ".join(problems))
    return checked


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_rejected_csv(path: Path, table: RosterTable | None, rejected: list[tuple[int, str]],
                       row_header: str, reason_header: str) -> None:
    """The rejected rows of an import with their number, reason and original cells, as
    UTF-8 with a BOM (so Excel shows the Vietnamese letters right), for the school office.
    Fixed, the file can be imported again."""
    headers = list(table.headers) if table else []
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow([row_header, reason_header, *headers])
        for row_no, reason in rejected:
            cells = table.cells(row_no) if table else []
            out.writerow([row_no, reason, *(_cell_text(c) for c in cells)])
