"""A unit's code as it is stored: it appears in every minute number, report number and
bundle file name, so it holds only unaccented letters, digits, "-" and "_", upper-cased."""

from __future__ import annotations

import re

from app.errors import FieldError

_CODE = re.compile(r"[A-Z0-9_-]+")


def clean_unit_code(text: str | None) -> str:
    """"ptdtbt-th-pa ủ" is refused in words; " th-nam-cha " → "TH-NAM-CHA"."""
    code = (text or "").strip().upper()
    if not _CODE.fullmatch(code):
        raise FieldError("code", "unit.code_format", value=(text or "").strip())
    return code


def unit_code_problem(text: str | None) -> str:
    """The message for a code that cannot be used ('' when it can, or is still empty)."""
    if not (text or "").strip():
        return ""
    try:
        clean_unit_code(text)
    except FieldError as e:
        return e.message()
    return ""
