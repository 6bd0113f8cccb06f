"""Vietnamese text helpers: clean names and accent-free search keys."""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_WORD_START = re.compile(r"(^|[\s'’\-])(\w)")
# đ/Đ are letters of their own, not d plus a combining mark: NFD leaves them alone.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


class _DropMarks(dict):
    """A str.translate table that drops combining marks (what NFD splits accents into) and
    keeps every other character, learning each code point on first sight."""

    def __missing__(self, cp: int) -> int | None:
        self[cp] = None if unicodedata.combining(chr(cp)) else cp
        return self[cp]


_COMBINING = _DropMarks()


# short texts cleaned before (villages, classes, ethnic groups, years repeat: a sync of 10,000
# records cleans 56,000 values, 9,700 of them different), forgotten all at once when full
_CLEANED: dict[str, str] = {}
_CLEANED_MAX, _CLEANED_LEN = 65536, 64


def clean(text: str | None) -> str:
    """NFC-normalise, trim and collapse runs of white space to one space."""
    if text is None:
        return ""
    if type(text) is not str:
        text = str(text)
    done = _CLEANED.get(text)
    if done is not None:
        return done
    # already clean (as everything that comes back from the store is): checks in C only
    if (text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "
            and (text.isascii() or unicodedata.is_normalized("NFC", text))):
        done = text
    else:
        done = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if len(text) <= _CLEANED_LEN:
        if len(_CLEANED) >= _CLEANED_MAX:
            _CLEANED.clear()
        _CLEANED[text] = done
    return done


def clean_name(text: str | None) -> str:
    """A person's or place's name as stored: clean, with each word capitalised
    only when the whole name was typed in one case ("NGUYỄN VĂN A" → "Nguyễn Văn A")."""
    name = clean(text)
    if name and (name.isupper() or name.islower()):
        # capitalise after a space, an apostrophe or a hyphen: "H'HEN NIÊ" → "H'Hen Niê"
        name = _WORD_START.sub(lambda m: m.group(1) + m.group(2).upper(), name.lower())
    return name


def fold(text: str | None) -> str:
    """Search key: lower case, no diacritics, đ → d, single spaces.

    >>> fold("  Nguyễn Thị   ÁNH ")
    'nguyen thi anh'
    >>> fold("Đặng")
    'dang'
    """
    if not text:
        return ""
    return _fold(str(text))


@functools.lru_cache(maxsize=32768)  # class names, villages and many names repeat
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA_FOLDS))
    stripped = decomposed.translate(_COMBINING)
    return _SPACES.sub(" ", stripped.lower().translate(_EXTRA_FOLDS)).strip()


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str | None) -> tuple:
    """Sort key that orders numbers inside text by value, letters without case or accents:
    1A1, 1A2, 1A10, 1A100 (not 1A1, 1A10, 1A100, 1A2); 2B before 10A."""
    parts = _DIGITS.split(fold(text or ""))
    return tuple((0, int(p), "") if i % 2 else (1, 0, p) for i, p in enumerate(parts) if p != "")


_SCHOOL_WORDS = (  # the usual abbreviations of Vietnamese school names, longest first
    ("trung học phổ thông", "THPT"), ("trung học cơ sở", "THCS"), ("tiểu học", "TH"), ("mầm non", "MN"),
    ("phổ thông dân tộc bán trú", "PTDTBT"), ("phổ thông dân tộc nội trú", "PTDTNT"),
)


def short_school_name(name: str | None) -> str:
    """A school's name as a list column shows it: without "Trường", with the usual
    abbreviations ("Trường Tiểu học Đoàn Kết" → "TH Đoàn Kết", "Trường PTDTBT TH&THCS Nậm
    Cha" → "PTDTBT TH&THCS Nậm Cha"); another unit's name unchanged."""
    text = clean(name)
    low = text.lower()
    if not low.startswith("trường "):
        return text
    text, low = text[len("trường "):], low[len("trường "):]
    changed = True
    while changed:
        changed = False
        for words, short in _SCHOOL_WORDS:
            at = low.find(words)
            if at >= 0:
                text, low = text[:at] + short + text[at + len(words):], low[:at] + short.lower() + low[at + len(words):]
                changed = True
    return text
