"""app.reports.periods (issue 14, item 6): whether a report's period holds data, and the
latest period that does — a calendar month for events, the school year for the needs
reports (the installation's turn day), six months for the review."""

from __future__ import annotations

import datetime as dt

from app import reports
from app.reports.model import Period, month
from app.reports.periods import period_hint, school_year_span, school_years
from app.school_year import SETTING
from tests.helpers import factories as f

TODAY = dt.date.today()


def hint(store, kind: str, period: Period):
    source = reports.store_source(store)
    return period_hint(source, kind, reports.find_unit(source, store.unit().code), period, today=TODAY)


def test_school_year_span_and_the_years_a_report_counts():
    assert school_year_span("2025-2026") == Period(dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    assert school_year_span("2025-2026", "08-15") == Period(dt.date(2025, 8, 15), dt.date(2026, 8, 14))
    assert school_year_span("2025-2027") is None
    h2 = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert school_years("needs", h2) == "2025-2026"  # a state: the year the period ends in
    assert school_years("handovers", h2) == "2024-2025, 2025-2026"  # events: every year touched


def test_an_empty_month_points_to_the_latest_month_and_school_year_with_data(store):
    anh = f.student(store, school_year="2024-2025")
    need = f.approved_need(store, anh)
    f.handover(store, anh, need, f.device(store, received_date="2025-03-02"), date="2025-03-10")
    empty = month(dt.date(2025, 12, 1))
    got = hint(store, "handovers", empty)
    assert not got.has_data and got.latest == month(dt.date(2025, 3, 1)) and got.latest_shape == "month"
    assert got.latest_year == "2024-2025"
    assert hint(store, "handovers", month(dt.date(2025, 3, 20))).has_data
    got = hint(store, "mobilisation", empty)  # the tablet was received in March
    assert not got.has_data and got.latest == month(dt.date(2025, 3, 1))
    # the needs report counts the school year the period ends in: 2025-2026 has none
    got = hint(store, "needs", empty)
    assert not got.has_data and got.latest_shape == "school_year" and got.latest_year == "2024-2025"
    assert got.latest == Period(dt.date(2024, 9, 1), dt.date(2025, 8, 31))
    assert hint(store, "needs", month(dt.date(2025, 5, 1))).has_data
    # the review: the six months ending in that school year
    got = hint(store, "review", Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30)))
    assert not got.has_data and got.latest == Period(dt.date(2025, 1, 1), dt.date(2025, 6, 30))


def test_the_school_year_follows_the_installations_turn_day(store):
    store.set_setting(SETTING, "08-15")
    f.approved_need(store, f.student(store, school_year="2024-2025"))
    got = hint(store, "needs", month(dt.date(2025, 11, 1)))
    assert got.latest == Period(dt.date(2024, 8, 15), dt.date(2025, 8, 14))


def test_nothing_recorded_has_no_latest_period(store):
    got = hint(store, "handovers", month(TODAY))
    assert not got.has_data and got.latest is None
    assert hint(store, "coverage", month(TODAY)).has_data  # the school's signal is a state: always reported
