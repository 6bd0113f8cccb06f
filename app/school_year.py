"""The school year follows the calendar.

A Vietnamese school year ("năm học") runs from early September to the next summer: on
5 September 2026 the year is "2026-2027", on 31 August 2026 still "2025-2026". The day it
turns is a setting of the installation ("MM-DD", default "09-01"): provinces that open
earlier (a late-August start) set their own. New students and needs take the current year,
and every report says which year it covers.
"""

from __future__ import annotations

import datetime as dt
import re

DEFAULT_TURN = "09-01"
SETTING = "school_year_turn"  # Store.setting key: "MM-DD", the day a new school year starts

_TURN = re.compile(r"^\s*(\d{1,2})-(\d{1,2})\s*$")
_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def parse_turn(turn: str | None) -> tuple[int, int]:
    """(month, day) of a "MM-DD" turn; anything unreadable or impossible is the default
    (1 September), so a bad setting never stops the app. 29 February turns on 1 March in
    common years (the day is clamped to the month)."""
    m = _TURN.match(turn or "")
    if m:
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            try:
                dt.date(2024, month, day)  # a leap year: every real month-day exists
                return month, day
            except ValueError:
                pass
    return 9, 1


def current_school_year(today: dt.date | None = None, turn: str = DEFAULT_TURN) -> str:
    """The school year on ``today`` (default: this computer's date): "2026-2027" from the
    turn day (default 1 September 2026) to the day before the next one.

    >>> current_school_year(dt.date(2026, 12, 6))
    '2026-2027'
    >>> current_school_year(dt.date(2026, 8, 31))
    '2025-2026'
    >>> current_school_year(dt.date(2026, 8, 20), turn="08-15")
    '2026-2027'
    """
    day = today or dt.date.today()
    month, d = parse_turn(turn)
    start = day.year if (day.month, day.day) >= (month, d) else day.year - 1
    return f"{start}-{start + 1}"


def school_year_start(year: str) -> int | None:
    """2026 for "2026-2027"; None for text that is not a school year."""
    m = _YEAR.match((year or "").strip())
    if not m or int(m.group(2)) != int(m.group(1)) + 1:
        return None
    return int(m.group(1))


def is_school_year(year: str) -> bool:
    return school_year_start(year) is not None


def year_of_day(day: dt.date, turn: str = DEFAULT_TURN) -> str:
    """The school year a given day falls in (a report period's end, a handover's date)."""
    return current_school_year(day, turn)


def store_turn(store) -> str:
    """The installation's turn day ("MM-DD"), from its settings (default 1 September)."""
    setting = getattr(store, "setting", None)  # a report source over another database has none
    return (setting(SETTING, DEFAULT_TURN) if setting else "") or DEFAULT_TURN


def store_school_year(store, today: dt.date | None = None) -> str:
    """The current school year at this installation (its turn setting applied)."""
    return current_school_year(today, store_turn(store))
