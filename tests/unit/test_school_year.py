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
