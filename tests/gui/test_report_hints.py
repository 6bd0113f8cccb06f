"""The Reports page says which period and school year a report counts, and never shows a
table of zeros without saying why (issue 14, item 6): "Không có số liệu trong kỳ này …
Dữ liệu gần nhất: tháng 10/2026 — chọn kỳ khác", with one click to that period; a page
that opens on a month without data chooses the latest period with data itself.
A commune office over a school of its commune; dates relative to today."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.records import Unit
from app.reports.model import month
from app.reports.periods import school_year_span
from app.school_year import year_of_day
from app.store import Store
from tests.helpers import factories as f

TODAY = dt.date.today()
LAST_YEAR = year_of_day(TODAY - dt.timedelta(days=365))  # the school year before this one
HANDED = (TODAY.replace(day=1) - dt.timedelta(days=40)).replace(day=15)  # the month before last


def dmy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def office(tmp_path):
    """A commune office: one school of its commune, two children approved last school year,
    one given a tablet the month before last; nothing this month, nothing this school year."""
    store = Store.open(tmp_path / "office")
    store.set_unit(Unit(code="XA-03388", name="UBND phường Đoàn Kết", kind="commune", commune_code="03388",
                        province_code="12", level=""), "setup")
    school = Unit(code="TH0001", name="Trường TH Đoàn Kết", level="TH", commune_code="03388")
    school.unit_id = school.id
    store.save(school, "test")
    anh = f.student(store, unit_id=school.id, full_name="Lò Thị Ánh", school_year=LAST_YEAR)
    f.approved_need(store, f.student(store, unit_id=school.id, full_name="Giàng A Sình", sex="M",
                                     birth_date="2015-05-06", school_year=LAST_YEAR))
    need = f.approved_need(store, anh)
    tablet = f.device(store, unit_id=school.id, received_date=(HANDED - dt.timedelta(days=5)).isoformat())
    f.handover(store, anh, need, tablet, unit_id=school.id, date=HANDED.isoformat())
    return store


@pytest.fixture
def page(office, open_app, qtbot):
    window = open_app(office, "Lò Văn Sơn", "officer")
    p = window.pages["reports"]
    window.show_page("reports")
    qtbot.waitUntil(lambda: p.unit.count() > 1, timeout=10_000)
    return p


def click(qtbot, button):
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_page_opens_on_the_latest_period_with_data_and_says_so(page, qtbot):
    """The default (needs, this month) counts this school year, which has none."""
    span = school_year_span(LAST_YEAR)
    qtbot.waitUntil(lambda: page.hint.isVisible(), timeout=10_000)
    assert page.kind.currentData() == "needs" and page.chosen_unit()["kind"] == "commune"
    assert (page.period().start, page.period().end) == (span.start, span.end)
    assert page.hint.text() == (f"Kỳ hiện tại chưa có số liệu: đã chọn kỳ có dữ liệu gần nhất "
                                f"(năm học {LAST_YEAR} ({dmy(span.start)}–{dmy(span.end)})).")
    assert page.period_info.text() == f"Số liệu tính: {dmy(span.start)}–{dmy(span.end)} · năm học {LAST_YEAR}"
    with qtbot.waitSignal(page.shown, timeout=20_000):
        click(qtbot, page.preview_button)
    assert page.data.school_year == LAST_YEAR and page.data.totals["in_need"] == 2
    assert not page.hint.isVisible()


def test_a_period_without_data_says_so_and_one_click_shows_the_latest(page, qtbot):
    qtbot.waitUntil(lambda: page.hint.isVisible(), timeout=10_000)  # the default chosen first
    this_month = month(TODAY)
    page.kind.setCurrentIndex(page.kind.findData("handovers"))
    page.set_period(this_month.start, this_month.end)
    assert not page.hint.isVisible()  # it spoke of other choices
    years = page.period_info.text().split("năm học ")[1]
    assert page.period_info.text() == f"Số liệu tính: {dmy(this_month.start)}–{dmy(this_month.end)} · năm học {years}"
    with qtbot.waitSignal(page.shown, timeout=20_000):
        click(qtbot, page.preview_button)
    assert page.data.totals["handed"] == 0  # all zeros…
    assert page.hint.isVisible()  # …and said in words, with where the data is
    assert page.hint.text() == (
        f"Không có số liệu trong kỳ này ({dmy(this_month.start)}–{dmy(this_month.end)}, năm học {years}). "
        f"Dữ liệu gần nhất: tháng {HANDED.strftime('%m/%Y')} — chọn kỳ khác.")
    with qtbot.waitSignal(page.shown, timeout=20_000):
        click(qtbot, page.latest_button)
    got = month(HANDED)
    assert (page.period().start, page.period().end) == (got.start, got.end)
    assert page.data.totals["handed"] == 1 and page.data.totals["children"] == 1
    assert not page.hint.isVisible() and not page.latest_button.isVisible()


def test_a_unit_with_nothing_recorded_says_so_without_a_button(app_window, qtbot):
    from ui.pages.reports import ReportsPage

    p = ReportsPage(app_window.ctx)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitUntil(lambda: p.unit.currentData() is not None and p._turn is not None)
    p.kind.setCurrentIndex(p.kind.findData("mobilisation"))
    p.set_period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert p.period_info.text() == "Số liệu tính: 01/07/2025–31/12/2025 · năm học 2024-2025, 2025-2026"
    with qtbot.waitSignal(p.shown, timeout=20_000):
        click(qtbot, p.preview_button)
    assert p.hint.text() == ("Không có số liệu trong kỳ này (01/07/2025–31/12/2025, năm học 2024-2025, 2025-2026), "
                             "cũng không có ở kỳ nào khác: chưa có số liệu nào cho báo cáo này tại "
                             "Trường PTDTBT TH Nậm Cha.")
    assert p.hint.isVisible() and not p.latest_button.isVisible()
