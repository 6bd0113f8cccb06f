"""Record validation (app/records.py), errors (app/errors.py) and messages (app/messages.py)."""

from __future__ import annotations

import datetime as dt
import string
import unicodedata

import pytest

from app import messages, records
from app.errors import FieldError, RuleError, ValidationError
from app.records import (
    CoverageGap,
    Device,
    Donation,
    Handover,
    Sim,
    Student,
    school_year_of,
)
from app.text import fold

TODAY = dt.date(2025, 10, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Every rule that looks at 'today' sees 1 October 2025."""
    monkeypatch.setattr(records, "today", lambda: TODAY)


@pytest.fixture
def language():
    saved = messages.language()
    yield
    messages.set_language(saved)


def problems_of(rec) -> list[FieldError]:
    with pytest.raises(ValidationError) as info:
        rec.checked()
    assert info.value.problems, "ValidationError without problems"
    return info.value.problems


def keys_of(rec) -> set[tuple[str, str]]:
    return {(p.field, p.key) for p in problems_of(rec)}


def student(**kw) -> Student:
    base = dict(unit_id="school-1", full_name="Lò Văn Páo", birth_date="05/09/2015", sex="M")
    base.update(kw)
    return Student(**base)


# ---------------------------------------------------------------- Student


def test_student_checked_normalises_everything():
    raw = Student(
        unit_id="school-1",
        full_name=unicodedata.normalize("NFD", "  NGUYỄN   THỊ ÁNH "),
        birth_date="05/09/2015",
        sex="F",
        class_name=" 5a1 ",
        guardian_name="nguyễn văn bình",
        guardian_phone="+84 912 345 678",
        personal_id="001 315 012.345",
        village=" BẢN  NÀ LỪA ",
        ethnicity="",
    )
    rec = raw.checked()
    assert rec.full_name == "Nguyễn Thị Ánh"
    assert rec.full_name == unicodedata.normalize("NFC", rec.full_name)
    assert rec.class_name == "5A1"
    assert rec.guardian_name == "Nguyễn Văn Bình"
    assert rec.guardian_phone == "0912345678"
    assert rec.personal_id == "001315012345"
    assert rec.birth_date == "2015-09-05"
    assert rec.village == "Bản Nà Lừa"
    assert rec.ethnicity == "Kinh"
    assert rec.school_year == "2025-2026"
    assert rec.search_key == "nguyen thi anh 5a1 001315012345"
    # checked() returns a copy; the original is untouched
    assert raw.full_name.startswith("  ")
    assert raw.search_key == ""
    assert rec.id == raw.id


def test_student_search_key_without_class_and_id():
    rec = student(full_name="Đặng Thị Hương").checked()
    assert rec.search_key == "dang thi huong"
    assert rec.search_key == fold(rec.full_name)


def test_student_accepts_date_objects():
    rec = student(birth_date=dt.date(2015, 9, 5)).checked()
    assert rec.birth_date == "2015-09-05"


def test_student_collects_every_problem_at_once():
    rec = Student(unit_id="school-1", full_name="  ", birth_date="01/01/2030", sex="M",
                  guardian_phone="12345")
    with pytest.raises(ValidationError) as info:
        rec.checked()
    err = info.value
    assert len(err.problems) == 3
    assert {(p.field, p.key) for p in err.problems} == {
        ("full_name", "required"),
        ("birth_date", "date.future"),
        ("guardian_phone", "phone.invalid"),
    }
    by_field = err.by_field("en")
    assert set(by_field) == {"full_name", "birth_date", "guardian_phone"}
    assert by_field["full_name"] == "Full name: is required."
    assert "01/01/2030" in by_field["birth_date"]
    assert "12345" in by_field["guardian_phone"]
    assert by_field["birth_date"] != err.by_field("vi")["birth_date"]
    # the ValidationError's own key is its first problem's
    assert err.key == err.problems[0].key


def test_student_many_problems_including_pid_and_choices():
    rec = Student(unit_id="", full_name="", birth_date="31/02/2015", sex="X",
                  personal_id="003315012345", household="rich", guardian_phone="0112345678")
    assert keys_of(rec) == {
        ("unit_id", "required"),
        ("full_name", "required"),
        ("sex", "choice.invalid"),
        ("birth_date", "date.invalid"),
        ("personal_id", "pid.province"),
        ("guardian_phone", "phone.invalid"),
        ("household", "choice.invalid"),
    }


def test_student_required_fields():
    assert keys_of(Student(unit_id="school-1")) == {
        ("full_name", "required"), ("birth_date", "required"), ("sex", "required"),
    }


def test_student_personal_id_checked_against_birth_and_sex():
    assert keys_of(student(sex="F", personal_id="001215012345")) == {("personal_id", "pid.sex")}
    assert keys_of(student(sex="M", personal_id="001216012345")) == {("personal_id", "pid.year")}
    assert student(sex="M", personal_id="001215012345").checked().personal_id == "001215012345"


@pytest.mark.parametrize(
    "born", ["15/06/2024", "15/06/2025", "30/09/1999", "01/01/1990", "01/01/1950"]
)
def test_student_age_outside_2_to_25_rejected(born):
    assert keys_of(student(birth_date=born)) == {("birth_date", "date.age")}


@pytest.mark.parametrize("born", ["01/09/2023", "01/10/2022", "02/10/2000", "01/01/2010"])
def test_student_age_inside_2_to_25_accepted(born):
    student(birth_date=born).checked()


@pytest.mark.parametrize(
    "today, born, ok",
    [
        (dt.date(2026, 1, 1), "02/01/2000", True),  # 25 years old, 26 tomorrow
        (dt.date(2026, 1, 1), "02/01/2024", False),  # 1 year old, 2 tomorrow
    ],
)
def test_student_age_is_counted_in_calendar_years(monkeypatch, today, born, ok):
    monkeypatch.setattr(records, "today", lambda: today)
    if ok:
        student(birth_date=born).checked()
    else:
        assert ("birth_date", "date.age") in keys_of(student(birth_date=born))


def test_student_pre_1900_birth_with_pid_gives_validation_error():
    rec = student(birth_date="01/01/1899", personal_id="001099012345")
    with pytest.raises(ValidationError):
        rec.checked()


@pytest.mark.parametrize("household", ["poor", "near_poor", "other_hardship", "none"])
def test_student_household_known(household):
    assert student(household=household).checked().household == household


@pytest.mark.parametrize("household", ["", "ngheo", "Poor", None])
def test_student_household_unknown(household):
    assert keys_of(student(household=household)) == {("household", "choice.invalid")}


def test_student_poverty_certificate_year():
    assert student(household="poor", poverty_cert_year="2024").checked().poverty_cert_year == 2024
    assert student(household="near_poor", poverty_cert_year="").checked().poverty_cert_year is None
    assert keys_of(student(household="poor", poverty_cert_year="năm ngoái")) == {
        ("poverty_cert_year", "number.invalid")
    }


def test_student_keeps_given_school_year():
    assert student(school_year=" 2024-2025 ").checked().school_year == "2024-2025"


# ---------------------------------------------------------------- school year


@pytest.mark.parametrize(
    "day, year",
    [
        (dt.date(2025, 9, 5), "2025-2026"),
        (dt.date(2025, 12, 31), "2025-2026"),
        (dt.date(2026, 1, 1), "2025-2026"),
        (dt.date(2026, 5, 31), "2025-2026"),
        (dt.date(2026, 7, 31), "2025-2026"),
        (dt.date(2026, 9, 1), "2026-2027"),
    ],
)
def test_school_year_of(day, year):
    assert school_year_of(day) == year


# ---------------------------------------------------------------- Device

VALID_IMEI = "490154203237518"


def test_device_needs_serial_or_imei():
    assert keys_of(Device(unit_id="u")) == {("serial", "device.identity")}
    assert Device(unit_id="u", serial=" ab-12 c ").checked().serial == "AB-12 C"
    assert Device(unit_id="u", imei="49-015420-323751-8").checked().imei == VALID_IMEI


def test_device_bad_imei_rejected_once():
    problems = problems_of(Device(unit_id="u", imei="490154203237519"))
    assert [(p.field, p.key) for p in problems] == [("imei", "imei.invalid")]


def test_device_other_fields():
    rec = Device(unit_id="u", serial="S1", kind="phone", value_vnd=-1, condition="broken",
                 meets_spec="yes", status="sold", received_date="01/01/2030")
    assert keys_of(rec) == {
        ("kind", "choice.invalid"), ("value_vnd", "number.invalid"),
        ("condition", "choice.invalid"), ("meets_spec", "choice.invalid"),
        ("status", "choice.invalid"), ("received_date", "date.future"),
    }
    ok = Device(unit_id="u", serial="S1", value_vnd="3500000", received_date="15/09/2025",
                brand_model="  Samsung   Galaxy Tab A9 ").checked()
    assert ok.value_vnd == 3500000
    assert ok.received_date == "2025-09-15"
    assert ok.label == "Samsung Galaxy Tab A9 S1"


# ---------------------------------------------------------------- Donation


def donation(**kw) -> Donation:
    base = dict(unit_id="u", donor_name=" Viettel ", received_date="15/09/2025")
    base.update(kw)
    return Donation(**base)


def test_donation_needs_cash_or_devices():
    assert keys_of(donation()) == {("cash_vnd", "donation.empty")}
    assert keys_of(donation(devices={"tablet": 0})) == {("cash_vnd", "donation.empty")}
    ok = donation(cash_vnd="50000000").checked()
    assert ok.cash_vnd == 50_000_000
    assert ok.donor_name == "Viettel"
    ok = donation(devices={"tablet": "10", "laptop": 0, "smartphone": 3}).checked()
    assert ok.devices == {"tablet": 10, "smartphone": 3}
    assert ok.cash_vnd == 0


def test_donation_negative_cash_rejected():
    assert keys_of(donation(cash_vnd=-1)) == {("cash_vnd", "number.invalid")}
    assert keys_of(donation(cash_vnd="nhiều")) == {("cash_vnd", "number.invalid")}


def test_donation_unknown_device_kind_rejected():
    problems = problems_of(donation(devices={"phone": 3, "tablet": 2}))
    assert [(p.field, p.key, p.params["value"]) for p in problems] == [
        ("devices", "choice.invalid", "phone")
    ]


def test_donation_device_counts_must_be_numbers():
    assert ("devices", "number.invalid") in keys_of(donation(devices={"tablet": "mười"}))


def test_donation_other_fields():
    rec = Donation(unit_id="u", donor_name="", donor_kind="bank", received_date="",
                   inspection="ok", cash_vnd=1)
    assert keys_of(rec) == {
        ("donor_name", "required"), ("donor_kind", "choice.invalid"),
        ("received_date", "required"), ("inspection", "choice.invalid"),
    }
    assert keys_of(donation(cash_vnd=1, received_date="02/10/2025")) == {
        ("received_date", "date.future")
    }


# ---------------------------------------------------------------- Handover


def handover(**kw) -> Handover:
    base = dict(unit_id="u", student_id="s1", date="20/09/2025", guardian_name="  lò thị mai ",
                device_id="d1")
    base.update(kw)
    return Handover(**base)


def test_handover_handed_over_ok():
    rec = handover().checked()
    assert rec.guardian_name == "Lò Thị Mai"
    assert rec.date == "2025-09-20"
    assert handover(device_id="", sim_id="sim1").checked().sim_id == "sim1"


def test_handover_needs_guardian_and_device_or_sim():
    assert keys_of(handover(guardian_name=" ", device_id="")) == {
        ("guardian_name", "handover.guardian"),
        ("device_id", "handover.nothing"),
    }


def test_handover_returned_needs_refers_to():
    rec = handover(event="returned", guardian_name="", device_id="d1")
    assert keys_of(rec) == {("refers_to", "required")}
    assert handover(event="returned", guardian_name="", refers_to="h1").checked().refers_to == "h1"
    assert keys_of(handover(event="reassigned")) == {("refers_to", "required")}


def test_handover_other_fields():
    rec = Handover(unit_id="u", event="sold", student_id="", date="", condition="x",
                   guardian_name="A", device_id="d")
    assert keys_of(rec) == {
        ("event", "choice.invalid"), ("student_id", "required"), ("date", "required"),
        ("condition", "choice.invalid"), ("refers_to", "required"),
    }
    assert keys_of(handover(date="01/01/2026")) == {("date", "date.future")}


# ---------------------------------------------------------------- Sim / CoverageGap


def test_sim_number_normalised():
    rec = Sim(unit_id="u", number="+84 912 345 678", iccid="8984 0480 0000 1234 5678",
              data_package=" D60G ", free_until="31/12/2026").checked()
    assert rec.number == "0912345678"
    assert rec.iccid == "89840480000012345678"
    assert rec.data_package == "D60G"
    assert rec.free_until == "2026-12-31"  # a future date is fine here


def test_sim_problems():
    assert keys_of(Sim(unit_id="u")) == {("number", "required")}
    assert keys_of(Sim(unit_id="u", number="12345", iccid="123", carrier="gmobile",
                       status="x")) == {
        ("number", "phone.invalid"), ("iccid", "iccid.invalid"),
        ("carrier", "choice.invalid"), ("status", "choice.invalid"),
    }


def test_coverage_gap_covered_needs_date():
    assert keys_of(CoverageGap(unit_id="u", village="Bản Nà Lừa", status="covered")) == {
        ("covered_on", "required")
    }
    rec = CoverageGap(unit_id="u", village="BẢN NÀ LỪA", status="covered",
                      covered_on="15/08/2025").checked()
    assert rec.covered_on == "2025-08-15"
    assert rec.village == "Bản Nà Lừa"
    assert CoverageGap(unit_id="u", village="Bản Pá").checked().status == "uncovered"


def test_coverage_gap_problems():
    assert keys_of(CoverageGap(unit_id="u", village="", status="maybe", covered_on="abc")) == {
        ("village", "required"), ("status", "choice.invalid"), ("covered_on", "date.invalid"),
    }


# ---------------------------------------------------------------- messages


def _fields(template: str) -> list[tuple[str, str]]:
    return [(name, spec) for _lit, name, spec, _conv in string.Formatter().parse(template)
            if name is not None]


def _dummy(name: str, spec: str) -> object:
    return 1.5 if spec and spec[-1] in "eEfFgG%" else f"<{name}>"


def test_catalog_has_both_languages():
    assert messages.LANGUAGES == ("vi", "en")
    for key, pair in messages.CATALOG.items():
        assert len(pair) == 2, key
        vi, en = pair
        assert vi.strip() and en.strip(), key


def test_catalog_vietnamese_is_not_english():
    differing = [k for k, (vi, en) in messages.CATALOG.items() if vi != en]
    assert len(differing) >= 0.9 * len(messages.CATALOG)
    with_marks = [k for k, (vi, _en) in messages.CATALOG.items() if not vi.isascii()]
    assert len(with_marks) >= 0.9 * len(messages.CATALOG)


def test_catalog_placeholders_agree_and_format():
    for key, (vi, en) in messages.CATALOG.items():
        vi_names = {n for n, _ in _fields(vi)}
        en_names = {n for n, _ in _fields(en)}
        assert vi_names == en_names, key
        params = {n: _dummy(n, s) for n, s in _fields(vi) + _fields(en)}
        for lang in messages.LANGUAGES:
            out = messages.text(key, lang, **params)
            assert "{" not in out and "}" not in out, (key, lang, out)
            for n, value in params.items():
                if n != "field" and isinstance(value, str):
                    assert value in out, (key, lang, n)


def test_field_labels_are_bilingual():
    for name, (vi, en) in messages.FIELDS.items():
        assert vi.strip() and en.strip(), name
    assert messages.field_label("full_name", "vi") == "Họ và tên"
    assert messages.field_label("full_name", "en") == "Full name"
    assert messages.field_label("no_such_field", "vi") == "no_such_field"


def test_text_translates_the_field_placeholder():
    assert messages.text("required", "vi", field="birth_date") == "Ngày sinh: bắt buộc nhập."
    assert messages.text("required", "en", field="birth_date") == "Birth date: is required."


def test_validation_error_message_per_language():
    with pytest.raises(ValidationError) as info:
        Student(unit_id="u", full_name="", birth_date="01/01/2030", sex="M").checked()
    err = info.value
    en, vi = err.message("en"), err.message("vi")
    assert en != vi
    assert "Full name: is required." in en
    assert "Họ và tên: bắt buộc nhập." in vi
    assert str(err) == "; ".join(p.message("en") for p in err.problems)


def test_set_language_switches_default(language):
    err = FieldError("full_name", "required")
    messages.set_language("en")
    assert messages.language() == "en"
    assert err.message() == "Full name: is required."
    assert RuleError("need.reason", action="x").message() == "A reason is required to x."
    messages.set_language("vi")
    assert messages.language() == "vi"
    assert err.message() == "Họ và tên: bắt buộc nhập."
    assert messages.text("need.reason", action="x") == "Cần ghi lý do khi x."


def test_set_language_rejects_unknown(language):
    before = messages.language()
    with pytest.raises(ValueError):
        messages.set_language("fr")
    assert messages.language() == before


def test_every_reported_field_has_a_label():
    bad_records = [
        Handover(unit_id="u", event="returned", student_id="", date="20/09/2025"),
        Donation(unit_id="u", donor_name="X", received_date="15/09/2025", devices={"phone": 1},
                 inspection="ok"),
        Device(unit_id="u", serial="S", meets_spec="ok"),
    ]
    unlabelled = set()
    for rec in bad_records:
        for p in problems_of(rec):
            if "field" in {n for n, _ in _fields(messages.CATALOG[p.key][0])}:
                if p.field not in messages.FIELDS:
                    unlabelled.add(p.field)
    assert unlabelled == set()
