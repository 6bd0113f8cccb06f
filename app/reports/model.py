"""What a report is, whatever produced it: plain data that renderers draw and snapshots
store as JSON (``to_dict`` / ``from_dict``), so a submitted report is rendered from what
was stored, never recomputed.

A report has tables; the first is the main one ("broken down by the unit below": each
row a unit, ``level`` 1 for the units under a level-0 row), the others are breakdowns of
the whole (by ethnicity, by donor…). ``detail`` is the list behind the figures (the
children counted, the donations, the handovers…).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

# Column kinds: how a value is stored, summed and shown.
TEXT, INT, MONEY, DATE = "text", "int", "money", "date"
SUMMED = (INT, MONEY)


@dataclass
class Column:
    key: str
    title: str
    kind: str = INT
    group: str = ""  # a header spanning the adjacent columns of the same group
    width: float = 0.0  # relative width; 0: a default for the kind


@dataclass
class Row:
    values: dict[str, Any]
    level: int = 0  # 0: the unit below; 1: the unit below that (under the last level-0 row)
    key: str = ""  # the unit's id or code, the class, the donor… (for drill-down)


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    totals: dict[str, Any] | None = None  # values of the total row ("label" holds its caption)
    numbered: bool = True  # an STT (row number) column before the others

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.end < self.start:
            self.start, self.end = self.end, self.start

    def previous(self) -> Period:
        """The period of the same shape just before: the previous month for a calendar
        month, the previous half-year for a half-year, else as many days before."""
        s, e = self.start, self.end
        if s.day == 1 and (e + dt.timedelta(days=1)).day == 1:
            months = (e.year - s.year) * 12 + e.month - s.month + 1
            y, m = divmod(s.year * 12 + s.month - 1 - months, 12)
            start = dt.date(y, m + 1, 1)
            return Period(start, s - dt.timedelta(days=1))
        days = (e - s).days + 1
        return Period(s - dt.timedelta(days=days), s - dt.timedelta(days=1))

    def as_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @classmethod
    def from_dict(cls, d: dict) -> Period:
        return cls(dt.date.fromisoformat(d["start"]), dt.date.fromisoformat(d["end"]))


def month(day: dt.date) -> Period:
    """The calendar month of ``day``."""
    nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return Period(day.replace(day=1), nxt - dt.timedelta(days=1))


def half_year(day: dt.date) -> Period:
    """The six months (January–June or July–December) of ``day``: the sơ kết period."""
    if day.month <= 6:
        return Period(dt.date(day.year, 1, 1), dt.date(day.year, 6, 30))
    return Period(dt.date(day.year, 7, 1), dt.date(day.year, 12, 31))


@dataclass
class ReportData:
    kind: str
    title: str
    unit: dict[str, Any]  # id, code, name, kind, heading (the body above it), locality
    period: dict[str, str]  # start, end (ISO dates)
    generated_at: str  # ISO date-time
    lang: str = "vi"
    subtitle: str = ""
    number: str = ""  # the submitted number ("12/BC-TH0001"); "" for a draft
    submitted_at: str = ""
    submitted_by: str = ""
    prepared_by: str = ""  # the preparer's name as printed (a person's name, never a login)
    paper: dict[str, Any] = field(default_factory=dict)  # app.paper.PaperSettings as of making it ({}: defaults)
    school_year: str = ""
    tables: list[Table] = field(default_factory=list)
    detail: Table | None = None  # the list behind the figures
    print_detail: bool = False  # the PDF prints the list too (it is the report's point)
    notes: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)  # headline totals (the review reads them)

    # the main table, for short access
    @property
    def columns(self) -> list[Column]:
        return self.tables[0].columns if self.tables else []

    @property
    def rows(self) -> list[Row]:
        return self.tables[0].rows if self.tables else []

    @property
    def totals(self) -> dict[str, Any] | None:
        return self.tables[0].totals if self.tables else None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReportData:
        data = dict(d)
        data["tables"] = [_table(t) for t in d.get("tables", [])]
        data["detail"] = _table(d["detail"]) if d.get("detail") else None
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def _table(d: dict[str, Any]) -> Table:
    return Table(
        key=d["key"], title=d["title"], columns=[Column(**c) for c in d["columns"]],
        rows=[Row(**r) for r in d.get("rows", [])], totals=d.get("totals"), numbered=d.get("numbered", True),
    )


# ------------------------------------------------------------------ formatting
def fmt_int(value: Any, lang: str = "vi") -> str:
    """1234567 → "1.234.567" (Vietnamese) or "1,234,567"."""
    if value is None or value == "":
        return ""
    text = f"{int(value):,}"
    return text.replace(",", ".") if lang == "vi" else text


def fmt_date(iso: Any) -> str:
    """yyyy-mm-dd → dd/mm/yyyy."""
    if not iso:
        return ""
    try:
        return dt.date.fromisoformat(str(iso)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(iso)


def cell_text(column: Column, value: Any, lang: str = "vi") -> str:
    if column.kind in SUMMED:
        return fmt_int(value, lang)
    if column.kind == DATE:
        return fmt_date(value)
    return "" if value is None else str(value)


def parse_date(text: str) -> dt.date:
    """dd/mm/yyyy or yyyy-mm-dd; ValueError otherwise."""
    text = text.strip()
    if "/" in text:
        d, m, y = text.split("/")
        return dt.date(int(y), int(m), int(d))
    return dt.date.fromisoformat(text)
