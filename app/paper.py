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
from dataclasses import dataclass, field
from typing import Any

from app.text import clean, clean_name

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
