"""Texts the XLSX and PDF renderers print alike (number, date line, period, row numbers,
signers), so both papers say the same."""

from __future__ import annotations

import datetime as dt

from app.reports.labels import w
from app.reports.model import ReportData, Row, fmt_date


def vn_date(day: dt.date) -> str:
    """"ngày 05 tháng 10 năm 2025" (days below 10 and months 1–2 get a 0, Decree 30)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def report_date(data: ReportData) -> dt.date:
    stamp = data.submitted_at or data.generated_at
    try:
        return dt.date.fromisoformat(stamp[:10])
    except ValueError:
        return dt.date.today()


def date_line(data: ReportData) -> str:
    day = report_date(data)
    place = data.unit.get("locality") or ""
    when = vn_date(day) if data.lang == "vi" else day.strftime("%d/%m/%Y")
    return f"{place}, {when}" if place else when[:1].upper() + when[1:]


def number_line(data: ReportData) -> str:
    number = data.number or f"{' ' * 6}/BC-{data.unit.get('code') or ''}"
    return w("number", data.lang).format(number)


def period_line(data: ReportData) -> str:
    return w("period", data.lang).format(fmt_date(data.period["start"]), fmt_date(data.period["end"]))


def row_numbers(rows: list[Row]) -> list[str]:
    """1, 2, 3… for the units below; 1.1, 1.2… for the units under them."""
    out, top, sub = [], 0, 0
    for r in rows:
        if r.level == 0:
            top, sub = top + 1, 0
            out.append(str(top))
        else:
            sub += 1
            out.append(f"{top}.{sub}")
    return out


def signers(data: ReportData) -> list[tuple[str, str]]:
    """(title, name) of the preparer and of the head of the unit."""
    return [(w("preparer", data.lang), data.submitted_by or ""), (w("head", data.lang), "")]
