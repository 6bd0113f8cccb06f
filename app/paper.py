"""What the unit's papers print about the unit (Nghị định 30/2020/NĐ-CP, Phụ lục I): the
managing body above its name, its document symbol, who signs and as what, where the papers
go ("Nơi nhận"), the place of the date line, the school's representative at handovers.

Kept per installation in the store's settings (``paper``, JSON; never synced: each office
prints its own papers). Reports (``app.reports``) and minutes (``ui.minute_pdf``) read it
with ``paper_settings``; the settings dialog saves it with ``app.ops.paper.save``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from typing import Any

from app.text import clean, clean_name, fold

SETTING = "paper"
# Signing for the head (Nghị định 30/2020, Điều 13): "KT." a deputy signs for the head;
# "TM." for a collective body (a People's Committee); "" the head signs.
SIGN_FOR = ("", "KT.", "TM.", "TL.", "TUQ.")


@dataclass
class PaperSettings:
    managing_body: str = ""  # "UBND XÃ NẬM CHA" above a school; "" = worked out (app.reports.source.heading)
    symbol: str = ""  # the unit's abbreviation in document numbers: "BC-THNC" → "01/BC-THNC"
    head_title: str = ""  # the head's position as printed: "HIỆU TRƯỞNG", "CHỦ TỊCH", "GIÁM ĐỐC"
    signer_name: str = ""  # who signs: the head, or a deputy
    sign_for: str = ""  # one of SIGN_FOR
    signer_title: str = ""  # the signer's own position when signing for the head: "PHÓ HIỆU TRƯỞNG"
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận": "Phòng GD&ĐT …", "Lưu: VT"
    place: str = ""  # the date line's place name; "" = worked out from the commune / province
    representative: str = ""  # the school's representative at handovers and returns
    representative_title: str = ""  # their position: "Hiệu trưởng", "Giáo viên chủ nhiệm"

    def clean(self) -> PaperSettings:
        out = dataclasses.replace(
            self, managing_body=clean(self.managing_body), symbol=clean(self.symbol).upper(),
            head_title=clean(self.head_title), signer_name=clean_name(self.signer_name),
            sign_for=self.sign_for if self.sign_for in SIGN_FOR else "", signer_title=clean(self.signer_title),
            recipients=[clean(r) for r in self.recipients if clean(r)], place=clean(self.place),
            representative=clean_name(self.representative), representative_title=clean(self.representative_title))
        return out


def paper_settings(store: Any) -> PaperSettings:
    """The unit's paper settings (defaults where none were saved)."""
    raw = store.setting(SETTING, "")
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        data = {}
    names = {f.name for f in dataclasses.fields(PaperSettings)}
    return PaperSettings(**{k: v for k, v in data.items() if k in names}) if isinstance(data, dict) else PaperSettings()


def write_paper_settings(store: Any, settings: PaperSettings) -> PaperSettings:
    """Saves ``settings`` (cleaned); returns what was saved."""
    clean_ = settings.clean()
    store.set_setting(SETTING, json.dumps(dataclasses.asdict(clean_), ensure_ascii=False))
    return clean_


# What a unit's papers print when its settings leave a field empty, by the unit's kind
# (app.reports.source.LEVELS): who signs and as what (Nghị định 30/2020, Điều 13) and the
# body's abbreviation in its document numbers.
HEAD_TITLES = {"school": "HIỆU TRƯỞNG", "commune": "ỦY BAN NHÂN DÂN", "cluster": "TRƯỞNG PHÒNG",
               "province": "GIÁM ĐỐC", "national": "THỦ TRƯỞNG ĐƠN VỊ"}
SYMBOLS = {"commune": "BC-UBND", "cluster": "BC-PGDĐT", "province": "BC-SGDĐT", "national": "BC"}


def abbreviation(name: str) -> str:
    """A unit's abbreviation from its name: the acronyms as written, the initials of the
    other words ("Trường THCS Lê Lợi" → "THCSLL"; "Trường PTDTBT TH Nậm Cha" → "PTDTBTTHNC")."""
    out = []
    for word in (name or "").replace("&", " ").split():
        letters = re.sub(r"[^\w]", "", word)
        if not letters or fold(letters) in ("truong",):
            continue
        out.append(letters if letters.isupper() and len(letters) > 1 else letters[0].upper())
    return "".join(out)


def defaults(unit: dict[str, Any]) -> PaperSettings:
    """The settings a unit's papers use where none were saved: a school's head signs as
    "HIỆU TRƯỞNG" (a continuing-education centre's as "GIÁM ĐỐC"), a commune's chairman for
    the People's Committee ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"), the department's director;
    the symbol from the body's abbreviation ("BC-THCSLL"), never the internal code."""
    kind = unit.get("kind") or "school"
    if kind == "school":
        head = "GIÁM ĐỐC" if unit.get("level") == "GDTX" else HEAD_TITLES["school"]
        symbol = f"BC-{abbreviation(unit.get('name') or '')}".rstrip("-")
        return PaperSettings(head_title=head, symbol=symbol)
    if kind == "commune":
        return PaperSettings(head_title=HEAD_TITLES["commune"], sign_for="TM.", signer_title="CHỦ TỊCH",
                             symbol=SYMBOLS["commune"])
    return PaperSettings(head_title=HEAD_TITLES.get(kind, HEAD_TITLES["national"]), symbol=SYMBOLS.get(kind, "BC"))


def completed(settings: PaperSettings | None, unit: dict[str, Any]) -> PaperSettings:
    """``settings`` with each empty field taken from the unit's ``defaults`` (the signer's
    own title only goes with the default way of signing)."""
    base = defaults(unit)
    if settings is None:
        return base
    out = dataclasses.replace(settings)
    for name in ("symbol", "head_title"):
        if not getattr(out, name):
            setattr(out, name, getattr(base, name))
    if not out.sign_for and not settings.head_title and base.sign_for:
        out.sign_for, out.signer_title = base.sign_for, out.signer_title or base.signer_title
    return out
