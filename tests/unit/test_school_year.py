"""The school year follows the calendar (issue 13, item 8)."""

import datetime as dt

from app.school_year import current_school_year, is_school_year, parse_turn, school_year_start


def test_the_year_turns_on_the_first_of_september():
    assert current_school_year(dt.date(2026, 12, 6)) == "2026-2027"
    assert current_school_year(dt.date(2026, 9, 1)) == "2026-2027"
    assert current_school_year(dt.date(2026, 8, 31)) == "2025-2026"
    assert current_school_year(dt.date(2027, 1, 1)) == "2026-2027"


def test_a_configured_turn_day():
    assert current_school_year(dt.date(2026, 8, 20), turn="08-15") == "2026-2027"
    assert current_school_year(dt.date(2026, 8, 14), turn="08-15") == "2025-2026"
    # an unreadable setting falls back to 1 September instead of stopping the app
    assert parse_turn("hôm nay") == (9, 1)
    assert parse_turn("02-30") == (9, 1)
    assert parse_turn("2-29") == (2, 29)


def test_default_day_is_today():
    today = dt.date.today()
    assert current_school_year() == current_school_year(today)


def test_school_year_text():
    assert school_year_start("2026-2027") == 2026
    assert not is_school_year("2026-2028")
    assert not is_school_year("2026")


def test_new_needs_and_students_take_the_current_year(store):
    """A child entered last year and surveyed now: the need is for this year."""
    from app.ops.students import save_student_and_need
    from app.records import Need, Student

    year = current_school_year()
    old = Student(unit_id=store.unit_id, full_name="Lò Văn Sình", birth_date="2015-02-03", sex="M",
                  household="poor", school_year="2024-2025")
    st, need = save_student_and_need(store, old, Need(unit_id=store.unit_id), "gv")
    assert st.school_year == "2024-2025" and need.school_year == year
    new, _ = save_student_and_need(store, Student(unit_id=store.unit_id, full_name="Lò Thị Dua",
                                                  birth_date="2015-02-04", sex="F"), None, "gv")
    assert new.school_year == year


def test_the_turn_day_is_a_setting(store):
    from app.school_year import SETTING, store_school_year

    store.set_setting(SETTING, "08-15")
    assert store_school_year(store, dt.date(2026, 8, 20)) == "2026-2027"
    store.set_setting(SETTING, "09-05")
    assert store_school_year(store, dt.date(2026, 9, 1)) == "2025-2026"


def test_every_report_says_which_school_year_it_covers(store, tmp_path):
    from app import reports
    from app.reports.labels import w
    from app.reports.model import Period
    from tests.helpers.reports import Grid, pdf_text

    source = reports.store_source(store)
    unit = reports.find_unit(source, store.unit().code)
    december = Period(dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    for kind in reports.KINDS:
        data = reports.build(source, kind, unit, december)
        assert data.school_year == "2026-2027", kind
    data = reports.build(source, "handovers", unit, Period(dt.date(2026, 7, 1), dt.date(2026, 12, 31)))
    assert data.school_year == "2025-2026, 2026-2027"
    xlsx, pdf = reports.write(data, tmp_path / "h.xlsx"), reports.write(data, tmp_path / "h.pdf")
    line = w("school_year").format("2025-2026, 2026-2027")
    assert line in Grid(xlsx).texts() and line in pdf_text(pdf)
