"""Field validation and normalisation (app/validate.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.admin import LEGACY_PROVINCES, is_birth_province_code
from app.errors import FieldError
from app.validate import (
    century_sex_digit,
    check_iccid,
    check_imei,
    check_personal_id,
    international_phone,
    luhn_ok,
    normalise_phone,
    parse_date,
)

PROVINCES = sorted(LEGACY_PROVINCES)


def raises_key(fn, *args, key: str, field: str | None = None, **kw) -> FieldError:
    with pytest.raises(FieldError) as info:
        fn(*args, **kw)
    assert info.value.key == key
    if field is not None:
        assert info.value.field == field
    return info.value


# ---------------------------------------------------------------- provinces


def test_legacy_provinces_table():
    assert len(LEGACY_PROVINCES) == 63
    assert len({new for _name, new in LEGACY_PROVINCES.values()}) == 34
    assert all(len(c) == 3 and c.isdigit() for c in LEGACY_PROVINCES)
    assert is_birth_province_code("001")
    assert is_birth_province_code("079")
    assert not is_birth_province_code("003")
    assert not is_birth_province_code("01")
    assert not is_birth_province_code("000")


# ---------------------------------------------------------------- personal ID


@pytest.mark.parametrize(
    "year, sex, digit",
    [
        (1900, "M", 0), (1985, "M", 0), (1999, "F", 1),
        (2000, "M", 2), (2015, "F", 3), (2099, "M", 2),
        (2100, "M", 4), (2150, "F", 5),
        (2200, "M", 6), (2299, "F", 7),
        (2300, "M", 8), (2399, "F", 9),
    ],
)
def test_century_sex_digit(year, sex, digit):
    assert century_sex_digit(year, sex) == digit


@pytest.mark.parametrize("year", [1899, 1800, 2400, 2500])
def test_century_sex_digit_out_of_range(year):
    with pytest.raises(ValueError):
        century_sex_digit(year, "M")


GIRL_2015 = dt.date(2015, 9, 5)
GIRL_2015_PID = "001315012345"  # Hà Nội, 2000s female (3), born '15


@pytest.mark.parametrize(
    "typed",
    [
        "001315012345",
        "001 315 012 345",
        "001.315.012.345",
        "001-315-012345",
        " 001315012345 ",
        "0013 1501 2345",
    ],
)
def test_personal_id_accepted_and_normalised(typed):
    assert check_personal_id(typed, GIRL_2015, "F") == GIRL_2015_PID


@pytest.mark.parametrize(
    "typed",
    ["", "00131501234", "0013150123456", "00131501234A", "O01315012345", "001_315012345",
     "001315012345x", "abcdefghijkl"],
)
def test_personal_id_must_be_twelve_digits(typed):
    e = raises_key(check_personal_id, typed, GIRL_2015, "F", key="pid.digits", field="personal_id")
    assert e.params["value"] == typed


def test_personal_id_none_is_rejected_as_digits():
    raises_key(check_personal_id, None, None, None, key="pid.digits")


@pytest.mark.parametrize("code", ["003", "000", "005", "099", "100", "999"])
def test_personal_id_unknown_province(code):
    e = raises_key(check_personal_id, code + "315012345", GIRL_2015, "F", key="pid.province")
    assert e.params["code"] == code


def test_personal_id_year_mismatch():
    e = raises_key(check_personal_id, "001316012345", GIRL_2015, "F", key="pid.year")
    assert e.params["digits"] == "16"
    assert e.params["year"] == 2015


def test_personal_id_sex_mismatch():
    # a boy born 2015 needs 2, not 3
    raises_key(check_personal_id, GIRL_2015_PID, GIRL_2015, "M", key="pid.sex")
    # 1900s digit for a 2000s birth
    raises_key(check_personal_id, "001115012345", GIRL_2015, "F", key="pid.sex")


def test_personal_id_checks_only_format_without_birth_date():
    for fourth in "0123456789":
        pid = "001" + fourth + "99012345"
        assert check_personal_id(pid, None, None) == pid
        assert check_personal_id(pid, None, "F") == pid


def test_personal_id_without_sex_checks_year_only():
    assert check_personal_id("001015012345", GIRL_2015, None) == "001015012345"
    raises_key(check_personal_id, "001016012345", GIRL_2015, None, key="pid.year")


def test_personal_id_1990s_boy():
    assert check_personal_id("079090123456", dt.date(1990, 1, 1), "M") == "079090123456"
    raises_key(check_personal_id, "079290123456", dt.date(1990, 1, 1), "M", key="pid.sex")


@st.composite
def valid_pids(draw):
    born = draw(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2025, 12, 31)))
    sex = draw(st.sampled_from(["M", "F"]))
    province = draw(st.sampled_from(PROVINCES))
    tail = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    pid = f"{province}{century_sex_digit(born.year, sex)}{born.year % 100:02d}{tail}"
    return born, sex, pid


@given(valid_pids(), st.sampled_from(["", " ", ".", "-", " - "]))
def test_valid_pid_property(case, sep):
    born, sex, pid = case
    assert len(pid) == 12
    typed = sep.join([pid[:3], pid[3:6], pid[6:9], pid[9:]])
    assert check_personal_id(typed, born, sex) == pid


@given(valid_pids(), st.sampled_from("0123456789"))
def test_changed_fourth_digit_rejected(case, digit):
    born, sex, pid = case
    assume(digit != pid[3])
    bad = pid[:3] + digit + pid[4:]
    raises_key(check_personal_id, bad, born, sex, key="pid.sex")


@given(valid_pids(), st.integers(0, 99))
def test_changed_year_digits_rejected(case, yy):
    born, sex, pid = case
    assume(f"{yy:02d}" != pid[4:6])
    bad = pid[:4] + f"{yy:02d}" + pid[6:]
    raises_key(check_personal_id, bad, born, sex, key="pid.year")


def test_personal_id_full_width_digits_not_accepted_as_is():
    typed = "001" + "３１５０１２３４５"  # full-width digits after the province
    try:
        out = check_personal_id(typed, None, None)
    except FieldError:
        return
    assert out == "001315012345"


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "+84 912 345 678",
        "+84912345678",
        "84912345678",
        "0084912345678",
        "0084 912 345 678",
        "(+84) 91-234-5678",
        "912345678",  # Excel dropped the leading zero
        " 0912345678 ",
    ],
)
def test_mobile_normalised(typed):
    assert normalise_phone(typed) == "0912345678"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("0327 123 456", "0327123456"),  # Viettel 03x
        ("0562 123 456", "0562123456"),  # Vietnamobile 05x
        ("0707 123 456", "0707123456"),  # MobiFone 07x
        ("0889 123 456", "0889123456"),  # VinaPhone 08x
        ("024 3825 1234", "02438251234"),  # Hà Nội landline
        ("028.3829.5555", "02838295555"),  # Hồ Chí Minh landline
        ("+84 24 3825 1234", "02438251234"),
        ("0084 24 3825 1234", "02438251234"),
    ],
)
def test_other_numbers_normalised(typed, expected):
    assert normalise_phone(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "", "12345", "0112345678", "0123456789", "0212345678", "0412345678",
        "0612345678", "0312345678", "0512345678", "0712345678", "0802345678",
        "09123456789", "091234567", "+1 912 345 678", "84 91234567", "abc",
    ],
)
def test_bad_phone_rejected(typed):
    e = raises_key(normalise_phone, typed, key="phone.invalid", field="guardian_phone")
    assert e.params["value"] == typed


def test_phone_none_rejected():
    raises_key(normalise_phone, None, key="phone.invalid")


def test_phone_field_name_is_passed_through():
    raises_key(normalise_phone, "12345", "number", key="phone.invalid", field="number")


def test_international_phone():
    assert international_phone("0912345678") == "+84912345678"
    assert international_phone("02438251234") == "+842438251234"


@pytest.mark.parametrize("typed", ["(+84) 24 3825 1234", "84 24 3825 1234"])
def test_landline_with_bracketed_or_bare_84_prefix(typed):
    assert normalise_phone(typed) == "02438251234"


MOBILE_PREFIXES = (
    [f"03{d}" for d in "23456789"]
    + ["052", "056", "058", "059"]
    + ["070", "076", "077", "078", "079"]
    + [f"08{d}" for d in "123456789"]
    + [f"09{d}" for d in "0123456789"]
)


@st.composite
def mobiles(draw):
    prefix = draw(st.sampled_from(MOBILE_PREFIXES))
    rest = draw(st.text(alphabet="0123456789", min_size=7, max_size=7))
    return prefix + rest


@given(mobiles())
def test_mobile_round_trips_through_international_form(n):
    assert normalise_phone(n) == n
    intl = international_phone(n)
    assert intl.startswith("+84") and len(intl) == 12
    assert normalise_phone(intl) == n
    assert normalise_phone("00" + intl[1:]) == n
    assert normalise_phone(intl[1:]) == n
    assert normalise_phone(n[1:]) == n  # Excel dropped the zero
    spaced = f"{intl[:3]} {intl[3:6]} {intl[6:9]} {intl[9:]}"
    assert normalise_phone(spaced) == n


@given(st.sampled_from(["00", "01", "04", "06"]), st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_numbers_outside_the_plan_rejected(prefix, rest):
    raises_key(normalise_phone, prefix + rest, key="phone.invalid")


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value, expected",
    [
        ("05/09/2015", dt.date(2015, 9, 5)),
        ("5/9/2015", dt.date(2015, 9, 5)),
        ("5-9-2015", dt.date(2015, 9, 5)),
        ("05-09-2015", dt.date(2015, 9, 5)),
        ("05.09.2015", dt.date(2015, 9, 5)),
        (" 05/09/2015 ", dt.date(2015, 9, 5)),
        ("2015-09-05", dt.date(2015, 9, 5)),
        ("2015-09-05 00:00:00", dt.date(2015, 9, 5)),
        ("29/02/2020", dt.date(2020, 2, 29)),
        ("31/12/1999", dt.date(1999, 12, 31)),
        (dt.date(2015, 9, 5), dt.date(2015, 9, 5)),
        (dt.datetime(2015, 9, 5, 13, 45), dt.date(2015, 9, 5)),
    ],
)
def test_parse_date(value, expected):
    out = parse_date(value, "birth_date")
    assert out == expected
    assert type(out) is dt.date


@pytest.mark.parametrize(
    "value",
    ["31/02/2020", "29/02/2019", "00/01/2020", "32/01/2020", "15/13/2020", "abc", "", None,
     "2020-02-31", "05/09/15"],
)
def test_parse_date_invalid(value):
    e = raises_key(parse_date, value, "birth_date", key="date.invalid", field="birth_date")
    assert "value" in e.params


def test_parse_date_is_day_first():
    assert parse_date("03/04/2020", "date") == dt.date(2020, 4, 3)


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["/", "-", "."]), st.booleans())
def test_parse_date_round_trip(day, sep, pad):
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if pad else (str(day.day), str(day.month))
    assert parse_date(f"{d}{sep}{m}{sep}{day.year:04d}", "date") == day
    assert parse_date(day.isoformat(), "date") == day


# ---------------------------------------------------------------- IMEI / ICCID


def luhn_digit(body: str) -> str:
    """Check digit computed independently of app.validate."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # positions that get doubled once the check digit is appended
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return str((10 - total % 10) % 10)


imeis = st.text(alphabet="0123456789", min_size=14, max_size=14).map(lambda b: b + luhn_digit(b))


def test_known_imei():
    assert luhn_digit("49015420323751") == "8"
    assert check_imei("490154203237518") == "490154203237518"
    assert check_imei("49-015420-323751-8") == "490154203237518"
    assert check_imei("490154 203237 518") == "490154203237518"
    assert check_imei("49/015420/323751/8") == "490154203237518"


@pytest.mark.parametrize(
    "value", ["490154203237519", "49015420323751", "4901542032375180", "", None, "49015420323751X"]
)
def test_bad_imei(value):
    raises_key(check_imei, value, key="imei.invalid", field="imei")


@given(imeis)
def test_generated_imei_accepted(imei):
    assert luhn_ok(imei)
    assert check_imei(imei) == imei
    assert check_imei(f"{imei[:2]}-{imei[2:8]}-{imei[8:14]}-{imei[14]}") == imei


@given(imeis, st.integers(0, 14), st.integers(1, 9))
def test_imei_with_one_changed_digit_rejected(imei, pos, delta):
    changed = imei[:pos] + str((int(imei[pos]) + delta) % 10) + imei[pos + 1:]
    assert changed != imei
    raises_key(check_imei, changed, key="imei.invalid")


def test_imei_non_ascii_digits_not_accepted_as_is():
    arabic = "490154203237518".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    try:
        out = check_imei(arabic)
    except FieldError:
        return
    assert out == "490154203237518"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("8984048000001234567", "8984048000001234567"),  # 19 digits
        ("89840480000012345678", "89840480000012345678"),  # 20 digits
        ("8984 0480 0000 1234 5678", "89840480000012345678"),
    ],
)
def test_iccid_accepted(value, expected):
    assert check_iccid(value) == expected


@pytest.mark.parametrize(
    "value",
    ["898404800000123456", "898404800000123456789", "8884048000001234567", "", None,
     "8984-0480-0000-1234-567", "89840480000012345A7"],
)
def test_iccid_rejected(value):
    raises_key(check_iccid, value, key="iccid.invalid", field="iccid")


@given(st.text(alphabet="0123456789", min_size=14, max_size=14))
def test_luhn_check_digit_completes_a_valid_imei(body):
    from app.validate import luhn_check_digit, luhn_ok

    imei = body + luhn_check_digit(body)
    assert luhn_ok(imei)
    assert check_imei(imei) == imei
    wrong = str((int(imei[-1]) + 1) % 10)
    assert not luhn_ok(body + wrong)
