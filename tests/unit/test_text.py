"""Vietnamese text helpers: clean, clean_name, fold (app/text.py)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.text import clean, clean_name, fold


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# ---------------------------------------------------------------- clean


def test_clean_none_and_empty():
    assert clean(None) == ""
    assert clean("") == ""
    assert clean("   \t\n ") == ""


def test_clean_composes_decomposed_input():
    decomposed = nfd("Nguyễn Thị Ánh")
    assert decomposed != "Nguyễn Thị Ánh"  # the test really starts from NFD
    out = clean(decomposed)
    assert out == "Nguyễn Thị Ánh"
    assert out == nfc(out)
    assert len(out) == len("Nguyễn Thị Ánh")


def test_clean_trims_and_collapses_white_space():
    assert clean("  Lò \t Văn\n\nPáo  ") == "Lò Văn Páo"
    # non-breaking spaces pasted from Excel/Word
    assert clean("Lò\u00a0Văn\u00a0\u00a0Páo\u00a0") == "Lò Văn Páo"


def test_clean_keeps_case():
    assert clean("nGUYỄN") == "nGUYỄN"


def test_clean_accepts_non_strings():
    assert clean(12) == "12"


@given(st.text())
def test_clean_is_idempotent_and_nfc(s):
    once = clean(s)
    assert clean(once) == once
    assert once == nfc(once)
    assert once == once.strip()
    assert "  " not in once


# ---------------------------------------------------------------- clean_name


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("NGUYỄN VĂN A", "Nguyễn Văn A"),
        ("nguyễn văn a", "Nguyễn Văn A"),
        ("  ĐẶNG   THỊ  HƯƠNG ", "Đặng Thị Hương"),
        ("TRẦN ĐỨC", "Trần Đức"),
        # mixed case is the user's choice and is kept
        ("Lò Văn Páo", "Lò Văn Páo"),
        ("H'Mông", "H'Mông"),
        ("H'Hen Niê", "H'Hen Niê"),
        ("McDonald", "McDonald"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_name(raw, expected):
    assert clean_name(raw) == expected


def test_clean_name_of_decomposed_all_caps():
    out = clean_name(nfd("NGUYỄN THỊ ÁNH"))
    assert out == "Nguyễn Thị Ánh"
    assert out == nfc(out)


def test_clean_name_all_caps_ede_name_keeps_capital_after_apostrophe():
    assert clean_name("H'HEN NIÊ") == "H'Hen Niê"


# ---------------------------------------------------------------- fold


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Nguyễn Thị Ánh", "nguyen thi anh"),
        ("  Nguyễn Thị   ÁNH ", "nguyen thi anh"),
        ("Đặng", "dang"),
        ("đặng", "dang"),
        ("ĐỖ ĐỨC ĐẠT", "do duc dat"),
        ("Phường Ngọc Hà", "phuong ngoc ha"),
        ("Trương Ưng", "truong ung"),
        ("Lò Văn Páo", "lo van pao"),
        ("5A1", "5a1"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_examples(raw, expected):
    assert fold(raw) == expected


def test_fold_decomposed_input():
    assert fold(nfd("Nguyễn Thị Ánh")) == "nguyen thi anh"
    assert fold(nfd("Đặng")) == "dang"


def test_fold_non_breaking_space_and_tabs():
    assert fold("Lò\u00a0Văn\tPáo") == "lo van pao"


# -- property tests on arbitrary text


@given(st.text())
def test_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


@given(st.text())
def test_fold_output_has_no_marks_and_no_d_stroke(s):
    out = fold(s)
    assert not any(unicodedata.combining(c) for c in out)
    assert "đ" not in out and "Đ" not in out


@given(st.text())
def test_fold_ignores_normal_form(s):
    assert fold(nfd(s)) == fold(nfc(s)) == fold(s)


@given(st.text())
def test_fold_spaces_are_single_and_trimmed(s):
    out = fold(s)
    assert out == out.strip()
    assert "  " not in out
    assert not any(c.isspace() and c != " " for c in out)


# -- Vietnamese names with random diacritics, checked against a hand-written table

# Every Vietnamese letter with its diacritic-free base, written out by hand (not derived
# from unicodedata, so the test does not share fold's method).
_VARIANTS = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
    "d": "dđ",
}
_HAND_STRIP = {v: base for base, vs in _VARIANTS.items() for v in vs}
_HAND_STRIP.update({v.upper(): base for base, vs in _VARIANTS.items() for v in vs})

# Plain (diacritic-free) syllables of common names, villages and classes.
_SYLLABLES = [
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui",
    "do", "ho", "ngo", "duong", "ly", "lo", "van", "thi", "anh", "minh", "hoa", "tuan",
    "duc", "quynh", "huong", "pao", "mai", "lan", "ngoc", "thuy", "dung", "yen", "khanh",
    "giang", "hue", "nghia", "truong", "uyen", "khuong", "oanh", "dien", "a", "y",
]


def _hand_strip(name: str) -> str:
    return "".join(_HAND_STRIP.get(c, c) for c in name).lower()


@st.composite
def vietnamese_names(draw):
    words = draw(st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=5))
    out_words = []
    for w in words:
        letters = []
        for ch in w:
            variants = _VARIANTS.get(ch, ch)
            letter = draw(st.sampled_from(list(variants)))
            if draw(st.booleans()):
                letter = letter.upper()
            letters.append(letter)
        out_words.append("".join(letters))
    seps = draw(
        st.lists(st.sampled_from([" ", "  ", "\t", "\u00a0", " \n"]),
                 min_size=len(out_words) - 1, max_size=len(out_words) - 1)
    )
    name = out_words[0]
    for sep, w in zip(seps, out_words[1:], strict=False):
        name += sep + w
    lead = draw(st.sampled_from(["", " ", "\t "]))
    trail = draw(st.sampled_from(["", " ", "\u00a0"]))
    form = draw(st.sampled_from(["NFC", "NFD"]))
    return unicodedata.normalize(form, lead + name + trail), " ".join(words)


@given(vietnamese_names())
def test_fold_of_vietnamese_name_equals_hand_stripped(pair):
    name, plain = pair
    expected = _hand_strip(" ".join(nfc(name).split()))
    assert expected == plain
    assert fold(name) == plain
    assert fold(name) == fold(plain)


@given(vietnamese_names())
def test_clean_name_of_vietnamese_name_folds_to_same_key(pair):
    name, plain = pair
    cleaned = clean_name(name)
    assert cleaned == nfc(cleaned)
    assert fold(cleaned) == plain
    # one case throughout -> title case; mixed case -> kept as typed (cleaned)
    typed = clean(name)
    if typed.isupper() or typed.islower():
        assert all(w[0].isupper() and (w[1:] == "" or w[1:].islower()) for w in cleaned.split(" "))
    else:
        assert cleaned == typed


def test_short_school_names_keep_a_list_readable():
    from app.text import short_school_name

    assert short_school_name("Trường Tiểu học Đoàn Kết") == "TH Đoàn Kết"
    assert short_school_name("Trường PTDTBT TH&THCS Nậm Cha") == "PTDTBT TH&THCS Nậm Cha"
    assert short_school_name("Trường Phổ thông dân tộc bán trú Tiểu học Pa Vệ Sủ") == "PTDTBT TH Pa Vệ Sủ"
    assert short_school_name("trường Trung học cơ sở Sìn Hồ") == "THCS Sìn Hồ"
    assert short_school_name("UBND xã Nậm Cha") == "UBND xã Nậm Cha"  # not a school: as it is
    assert short_school_name("") == ""
