"""Field validation and normalisation rules shared by the app and the server."""

from __future__ import annotations

import datetime as dt
import re

from app.admin import is_birth_province_code
from app.errors import FieldError

_DIGITS = re.compile(r"[0-9]+")
_PID_SEPARATORS = re.compile(r"[\s.\-]")
_PID = re.compile(r"[0-9]{12}")
_DMY = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})")
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.+\-Z]*)?")
_PHONE_CHARS = re.compile(r"^[0-9\s.\-()+/]*$")
# Mobile prefixes in use since the 2018 renumbering, and fixed lines (02x area codes).
_MOBILE = re.compile(r"^0(3[2-9]|5[2-9]|7[06-9]|8[1-9]|9\d)\d{7}$")
_FIXED = re.compile(r"^02\d{9}$")


def century_sex_digit(birth_year: int, sex: str) -> int:
    """The 4th digit of a personal ID: century of birth and sex (Circular 07/2016/TT-BCA).

    1900s: male 0, female 1; 2000s: 2/3; 2100s: 4/5; 2200s: 6/7; 2300s: 8/9.
    """
    century_index = (birth_year - 1900) // 100  # 1900s → 0, 2000s → 1
    if not 0 <= century_index <= 4:
        raise ValueError(f"birth year {birth_year} outside 1900–2399")
    return century_index * 2 + (1 if sex == "F" else 0)


def check_personal_id(value: str, birth_date: dt.date | None, sex: str | None) -> str:
    """Return the normalised 12-digit personal ID or raise FieldError."""
    pid = value if len(value or "") == 12 and value.isdigit() and value.isascii() else \
        _PID_SEPARATORS.sub("", value or "")  # as stored, or typed with separators
    if not _PID.fullmatch(pid):
        raise FieldError("personal_id", "pid.digits", value=value)
    if not is_birth_province_code(pid[:3]):
        raise FieldError("personal_id", "pid.province", code=pid[:3])
    if birth_date is not None and 1900 <= birth_date.year <= 2399:
        if pid[4:6] != f"{birth_date.year % 100:02d}":
            raise FieldError("personal_id", "pid.year", digits=pid[4:6], year=birth_date.year)
        if sex in ("M", "F"):
            expected = century_sex_digit(birth_date.year, sex)
            if int(pid[3]) != expected:
                raise FieldError(
                    "personal_id",
                    "pid.sex",
                    digit=pid[3],
                    sex="Nam/male" if sex == "M" else "Nữ/female",
                    century=birth_date.year // 100 + 1,
                )
    return pid


def normalise_phone(value: str, field: str = "guardian_phone") -> str:
    """Vietnamese phone numbers to the national form 0xxxxxxxxx.

    Accepts spaces, dots, dashes, brackets, +84 / 84 / 0084 prefixes.
    """
    raw = (value or "").strip()
    if len(raw) == 10 and raw[0] == "0" and raw.isdigit() and raw.isascii():  # as stored: 0xxxxxxxxx
        if _MOBILE.match(raw) or _FIXED.match(raw):
            return raw
        raise FieldError(field, "phone.invalid", value=value)
    if not _PHONE_CHARS.match(raw):
        raise FieldError(field, "phone.invalid", value=value)
    digits = "".join(_DIGITS.findall(raw))
    if digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and (raw.lstrip("( ").startswith("+") or len(digits) in (11, 12)):
        digits = "0" + digits[2:]
    elif len(digits) in (9, 10) and not digits.startswith("0"):
        digits = "0" + digits  # Excel dropped the leading zero
    if _MOBILE.match(digits) or _FIXED.match(digits):
        return digits
    raise FieldError(field, "phone.invalid", value=value)


def international_phone(national: str) -> str:
    """0912345678 → +84912345678"""
    return "+84" + national[1:]


def parse_date(value: object, field: str) -> dt.date:
    """Dates as date/datetime objects, ISO text or dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():  # as stored: yyyy-mm-dd
        digits = text[:4] + text[5:7] + text[8:]
        if digits.isdigit():
            try:
                return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
            except ValueError:
                raise FieldError(field, "date.invalid", value=text) from None
    m = _DMY.fullmatch(text)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if not _ISO.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise FieldError(field, "date.invalid", value=text) from None


def _luhn_sum(digits: str, double_first: bool) -> int:
    """Luhn sum of ``digits`` read right to left, doubling every other digit."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if (i % 2 == 0) == double_first:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total


def luhn_ok(digits: str) -> bool:
    return _luhn_sum(digits, double_first=False) % 10 == 0


def luhn_check_digit(body: str) -> str:
    """The digit that makes ``body`` + digit pass the Luhn check (IMEI's 15th digit)."""
    return str((10 - _luhn_sum(body, double_first=True) % 10) % 10)


def check_imei(value: str) -> str:
    imei = re.sub(r"[\s\-/]", "", value or "")
    if not (re.fullmatch(r"[0-9]{15}", imei) and luhn_ok(imei)):
        raise FieldError("imei", "imei.invalid", value=value)
    return imei


def check_iccid(value: str) -> str:
    iccid = re.sub(r"\s", "", value or "")
    if not re.fullmatch(r"89[0-9]{17,18}", iccid):
        raise FieldError("iccid", "iccid.invalid", value=value)
    return iccid
