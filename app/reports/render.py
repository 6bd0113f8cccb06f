"""Texts the XLSX and PDF renderers print alike, so both papers say the same: the issuing
unit's block, number and date line, the title ("BÁO CÁO") and the summary line below it,
the period, row numbers, who signs and as what, and "Nơi nhận" — in the form of Nghị định
30/2020/NĐ-CP, Phụ lục I, from the unit's paper settings (``app.paper``) frozen into the
report (``ReportData.paper``; defaults by the unit's level where none were saved)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from app.paper import PaperSettings, completed, paper_settings
from app.reports.labels import w
from app.reports.model import ReportData, Row, fmt_date

# the paper's own words (Vietnamese, English)
WORDS = {
    "report": ("BÁO CÁO", "REPORT"),
    "recipients": ("Nơi nhận:", "Recipients:"),
    "archive": ("Lưu: VT", "File: Office"),
    "nothing": ("Không phát sinh.", "Nothing to report."),
    "month": ("tháng {0} năm {1}", "in {0}/{1}"),
    "first_half": ("6 tháng đầu năm {0}", "in the first half of {0}"),
    "second_half": ("6 tháng cuối năm {0}", "in the second half of {0}"),
    "year": ("năm {0}", "in {0}"),
    "span": ("từ ngày {0} đến ngày {1}", "from {0} to {1}"),
}


def say(key: str, lang: str = "vi") -> str:
    return WORDS[key][0 if lang == "vi" else 1]


# ------------------------------------------------------------------ settings
def with_paper(data: ReportData, store: Any, *, prepared_by: str = "") -> ReportData:
    """``data`` with the unit's paper settings of this installation (when the report is
    the installation's own unit's: a report made here for a school below is that school's
    paper, with its defaults) and the preparer's name."""
    own = store.unit()
    if own is not None and (data.unit.get("code") or "") == own.code:
        data.paper = dataclasses.asdict(paper_settings(store))
    if person(prepared_by):
        data.prepared_by = person(prepared_by)
    return data


def paper(data: ReportData) -> PaperSettings:
    """The report's paper settings, each empty field by the unit's level."""
    names = {f.name for f in dataclasses.fields(PaperSettings)}
    saved = PaperSettings(**{k: v for k, v in (data.paper or {}).items() if k in names}) if data.paper else None
    return completed(saved, data.unit)


def person(name: str | None) -> str:
    """A person's name as signed ("Lò Thị Hoa"); a login ("root", "gv") is no name: ""."""
    name = " ".join((name or "").split())
    return name if " " in name else ""


# ------------------------------------------------------------------- heading
def issuer(data: ReportData) -> tuple[str, str]:
    """(managing body, the unit's name) as the top-left block prints them, upper case. A
    commune's People's Committee heads its own papers ("ỦY BAN NHÂN DÂN / XÃ …", nothing
    above); the department reads "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in full under "UBND TỈNH …"."""
    unit = data.unit
    settings = paper(data)
    body = (settings.managing_body or unit.get("heading") or "").upper()
    name = (unit.get("name") or "").strip()
    kind = unit.get("kind")
    if kind == "commune" and name.upper().startswith("UBND "):
        name = "ỦY BAN NHÂN DÂN\n" + name[5:]
    elif kind == "province" and name.upper().replace(" ", "").startswith(("SỞGD&ĐT", "SỞGDĐT")) and body:
        name = "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    elif kind == "cluster" and name.upper().replace(" ", "").startswith("PHÒNGGD&ĐT") and body:
        name = "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
    return body, name.upper()


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
    place = paper(data).place or data.unit.get("locality") or ""
    when = vn_date(day) if data.lang == "vi" else day.strftime("%d/%m/%Y")
    return f"{place}, {when}" if place else when[:1].upper() + when[1:]


def symbol(data: ReportData) -> str:
    """The body's symbol in the report's number: "BC-THCSLL"."""
    return paper(data).symbol


def number_text(seq: int, symbol_: str) -> str:
    """"01/BC-THCSLL": two digits below 10 (Nghị định 30/2020, Phụ lục I)."""
    return f"{seq:02d}/{symbol_}"


def number_line(data: ReportData) -> str:
    """"Số: 01/BC-THCSLL"; a draft leaves the number blank for the office to write."""
    number = data.number or f"{' ' * 6}/{symbol(data)}"
    return w("number", data.lang).format(number)


def title_lines(data: ReportData) -> tuple[str, str]:
    """("BÁO CÁO", the summary line below it: "Thiết bị trao tặng cho học sinh tháng 10
    năm 2025"). A list's title ("DANH SÁCH …") is a report's summary too."""
    lang = data.lang
    head = say("report", lang)
    text = data.title.strip()
    for prefix in (head + " ", "REPORT ON ", "REPORT "):
        if text.upper().startswith(prefix):
            text = text[len(prefix):]
            break
    text = text[:1].upper() + text[1:].lower() if text.isupper() else text
    when = period_phrase(data)
    if text.endswith(" 6 tháng") and when.startswith("6 tháng"):  # "Sơ kết 6 tháng cuối năm 2025"
        text = text[:-len(" 6 tháng")]
    return head, f"{text} {when}".strip()


def period_phrase(data: ReportData) -> str:
    """The period as the summary line says it: a calendar month, a half-year, a year, or
    from one day to another."""
    lang = data.lang
    start, end = dt.date.fromisoformat(data.period["start"]), dt.date.fromisoformat(data.period["end"])
    whole_months = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if whole_months and start.year == end.year:
        if months == 1:
            return say("month", lang).format(f"{start.month:02d}" if start.month < 3 else start.month, start.year) \
                if lang == "vi" else say("month", lang).format(f"{start.month:02d}", start.year)
        if months == 6 and start.month in (1, 7):
            return say("first_half" if start.month == 1 else "second_half", lang).format(start.year)
        if months == 12:
            return say("year", lang).format(start.year)
    return say("span", lang).format(fmt_date(data.period["start"]), fmt_date(data.period["end"]))


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


# ------------------------------------------------------------------ signing
def signer_titles(data: ReportData) -> list[str]:
    """The signer's lines above the signature: ["HIỆU TRƯỞNG"], or signing for the head
    ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"], for a collective ["TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH"] (Nghị định 30/2020, Điều 13)."""
    settings = paper(data)
    head = settings.head_title.upper() if data.lang == "vi" else w("head", data.lang)
    if settings.sign_for and data.lang == "vi":
        return [f"{settings.sign_for} {head}", *([settings.signer_title.upper()] if settings.signer_title else [])]
    return [head]


def preparer(data: ReportData) -> str:
    """Who prepared the report: the signed-in user's name (an older snapshot: who submitted
    it, if that is a person's name) — never a login."""
    return person(data.prepared_by) or person(data.submitted_by)


def signers(data: ReportData) -> list[tuple[str, str]]:
    """(title, name) of the preparer and of the signer (the signer's title lines joined
    by a line break: "KT. HIỆU TRƯỞNG\\nPHÓ HIỆU TRƯỞNG")."""
    return [(w("preparer", data.lang), preparer(data)), ("\n".join(signer_titles(data)), paper(data).signer_name)]


def recipients(data: ReportData) -> list[str]:
    """"Nơi nhận": the settings' list, else the body the unit reports to and "Lưu: VT";
    each line as the Decree writes it ("- Phòng GD&ĐT …;", the last with a full stop)."""
    items = list(paper(data).recipients)
    if not items:
        items = [x for x in (data.unit.get("reports_to") or "",) if x] + [say("archive", data.lang)]
    out = []
    for i, item in enumerate(items):
        text = item.strip().lstrip("-–• ").rstrip(" ;.,")
        out.append(f"- {text}{'.' if i == len(items) - 1 else ';'}")
    return out
