"""Connectivity screen (the school's signal, villages without signal), the dashboard
and the bar chart."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QRectF, Qt
from PySide6.QtGui import QColor, qGray

from app.records import CoverageGap, Unit
from app.text import fold
from tests.helpers import factories as f
from ui.chart import PALETTE, BarChart
from ui.pages.coverage import CoveragePage
from ui.pages.dashboard import DashboardPage


def open_page(app_window, qtbot, cls):
    page = cls(app_window.ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def call(app_window, fn):
    return app_window.ctx.worker.call(fn)


def click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# ---------------------------------------------------------------- coverage
def test_school_coverage_saved_from_the_widgets(app_window, qtbot):
    page = open_page(app_window, qtbot, CoveragePage)
    qtbot.waitUntil(lambda: page.unit is not None)
    assert page.coverage.currentData() == "none" and not page.carrier.isEnabled()

    # a signal without a carrier is refused inline, nothing saved
    page.coverage.setCurrentIndex(page.coverage.findData("3G"))
    assert page.carrier.isEnabled()
    click(qtbot, page.save_button)
    assert page.errors["carrier"].isVisible() and page.errors["carrier"].text()
    assert call(app_window, lambda s: s.unit().coverage) == "none"

    page.coverage.setCurrentIndex(page.coverage.findData("2G"))
    page.carrier.setCurrentIndex(page.carrier.findData("viettel"))
    page.broadband.setChecked(True)
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: page.school_message.text() != "")
    assert not page.errors["carrier"].isVisible()
    unit = call(app_window, lambda s: s.unit())
    assert (unit.coverage, unit.carrier, unit.broadband) == ("2G", "viettel", True)
    assert [e["action"] for e in call(app_window, lambda s: s.history(unit.id))][-1] == "update"

    # no signal: the carrier is cleared with it
    page.coverage.setCurrentIndex(page.coverage.findData("none"))
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: call(app_window, lambda s: s.unit().coverage) == "none")
    assert call(app_window, lambda s: s.unit().carrier) == ""


def add_villagers(app_window):
    def fill(store):
        f.student(store, full_name="Lò Thị Hoa", village="Bản Nậm Cha")
        f.student(store, full_name="Lò Văn Bình", sex="M", village="ban nam cha")
        f.student(store, full_name="Sùng A Páo", sex="M", village="Bản Pá Khoang")
    call(app_window, fill)
    app_window.ctx.notify("student")


def test_village_gap_added_counted_covered_and_uncovered(app_window, qtbot, qtmodeltester, no_real_dialogs):
    add_villagers(app_window)
    page = open_page(app_window, qtbot, CoveragePage)
    qtbot.waitUntil(lambda: page.village.count() == 2)
    villages = [page.village.itemText(i) for i in range(page.village.count())]
    assert [fold(v) for v in villages] == ["ban nam cha", "ban pa khoang"]

    page.village.setCurrentIndex(0)
    page.note.setText("Phải lên đồi mới có sóng")
    click(qtbot, page.add_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.index(0, 5).data() == "2"  # two students live there, spelt two ways
    assert page.model.index(0, 2).data() == "Chưa có sóng"
    assert page.model.index(0, 4).data() == "Phải lên đồi mới có sóng"
    qtbot.waitUntil(lambda: page.village.count() == 1)
    assert fold(page.village.itemText(0)) == "ban pa khoang"
    gap = call(app_window, lambda s: s.find(CoverageGap)[0])
    unit = call(app_window, lambda s: s.unit())
    assert (gap.unit_id, gap.commune_code, gap.school_ids, gap.status) == (unit.id, "03388", [unit.id], "uncovered")

    # the same village again, spelt otherwise: refused inline
    page.village.setEditText("BẢN NẬM CHA")
    click(qtbot, page.add_button)
    qtbot.waitUntil(lambda: page.village_error.isVisible())
    assert "Nậm Cha" in page.village_error.text()
    # an empty name: the core's own message, inline
    page.village.setEditText("  ")
    click(qtbot, page.add_button)
    qtbot.waitUntil(lambda: "bắt buộc" in page.village_error.text())
    assert call(app_window, lambda s: s.count(CoverageGap)) == 1

    # a village typed by hand, where none of our students live yet
    page.village.setEditText("Bản Mới")
    click(qtbot, page.add_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert not page.village_error.isVisible()
    assert {page.model.index(r, 0).data(): page.model.index(r, 5).data() for r in range(2)} == {
        gap.village: "2", "Bản Mới": "0"}
    qtmodeltester.check(page.model)

    # covered with a date and a carrier
    page.table.selectRow(page.model.row_of(gap.id))
    assert page.mark_covered_button.isEnabled() and not page.mark_uncovered_button.isEnabled()
    page.covered_on.line.clear()
    qtbot.keyClicks(page.covered_on.line, "5/3/2026")  # typed as said: day/month/year
    page.covered_carrier.setCurrentIndex(page.covered_carrier.findData("vinaphone"))
    click(qtbot, page.mark_covered_button)
    qtbot.waitUntil(lambda: call(app_window, lambda s: s.get(CoverageGap, gap.id).status) == "covered")
    stored = call(app_window, lambda s: s.get(CoverageGap, gap.id))
    assert (stored.covered_on, stored.carrier) == ("2026-03-05", "vinaphone")
    qtbot.waitUntil(lambda: page.model.index(page.model.row_of(gap.id), 3).data() == "05/03/2026")
    row = page.model.row_of(gap.id)
    assert page.model.index(row, 2).data() == "Đã có sóng" and page.model.index(row, 1).data() == "VinaPhone"
    assert page.selected_gap_id() == gap.id and page.mark_uncovered_button.isEnabled()
    history = call(app_window, lambda s: s.history(gap.id))
    assert [(e["action"], e["after"]["status"]) for e in history] == [
        ("create", "uncovered"), ("coverage.covered", "covered")]
    assert history[1]["before"]["status"] == "uncovered"

    # and lost again: nothing deleted, the covered date stays in the history
    click(qtbot, page.mark_uncovered_button)
    qtbot.waitUntil(lambda: call(app_window, lambda s: s.get(CoverageGap, gap.id).status) == "uncovered")
    history = call(app_window, lambda s: s.history(gap.id))
    assert [e["action"] for e in history] == ["create", "coverage.covered", "coverage.uncovered"]
    assert history[2]["before"]["covered_on"] == "2026-03-05" and history[2]["after"]["covered_on"] == ""
    assert call(app_window, lambda s: s.count(CoverageGap)) == 2
    assert no_real_dialogs == []  # confirm() was asked, nothing warned


def test_mark_covered_date_cannot_be_in_the_future(app_window, qtbot):
    page = open_page(app_window, qtbot, CoveragePage)
    assert page.covered_on.date() == QDate.currentDate()  # today until changed
    page.village.setEditText("Bản Mới")
    click(qtbot, page.add_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    future = QDate.currentDate().addDays(10)
    page.covered_on.line.clear()
    qtbot.keyClicks(page.covered_on.line, future.toString("dd/MM/yyyy"))
    click(qtbot, page.mark_covered_button)
    # not saved as another date: the typed date is refused in words under the field
    assert page.covered_on.error.isVisible() and "sau hôm nay" in page.covered_on.error.text()
    qtbot.wait(100)
    assert call(app_window, lambda s: s.find(CoverageGap)[0].status) == "uncovered"


# --------------------------------------------------------------- dashboard
def build_programme(store):
    """2 tier-1 children approved, 1 handed over; devices and SIMs in stock."""
    a = f.student(store, full_name="Lò Thị Hoa")
    b = f.student(store, full_name="Lò Văn Bình", sex="M")
    need_a = f.approved_need(store, a)
    f.approved_need(store, b)
    f.handover(store, a, need_a, f.device(store))
    f.device(store)
    f.device(store, kind="laptop", serial="LPT0001")
    f.device(store, kind="laptop", serial="LPT0002")
    today = dt.date.today()
    f.sim(store, free_until=(today + dt.timedelta(days=12)).isoformat())
    f.sim(store, free_until=(today + dt.timedelta(days=200)).isoformat())
    return b


def test_dashboard_figures_match_the_data(app_window, qtbot, qtmodeltester):
    b = call(app_window, build_programme)
    page = open_page(app_window, qtbot, DashboardPage)
    qtbot.waitUntil(lambda: page.tiles["handed_over"].text() == "1")
    tiles = {name: label.text() for name, label in page.tiles.items()}
    assert tiles == {"in_need": "2", "approved": "2", "handed_over": "1", "waiting": "1", "in_stock": "3",
                     "sims_in_stock": "2", "sims_ending_soon": "1"}
    assert page.findChild(type(page.tiles["waiting"]), "tile_waiting") is page.tiles["waiting"]
    assert page.tier_chart.data()[0][1] == 2 and [v for _l, v in page.tier_chart.data()[1:]] == [0, 0, 0]
    assert dict(page.stock_chart.data()) == {"Máy tính bảng": 1, "Máy tính xách tay": 2,
                                             "Điện thoại thông minh": 0, "Máy tính để bàn": 0}
    assert page.waiting_model.rowCount() == 1 and page.waiting_model.index(0, 0).data() == "Lò Văn Bình"
    assert page.waiting_model.student_id(0) == b.id
    assert "1" in page.waiting_caption.text()
    qtmodeltester.check(page.waiting_model)

    # an eligible child with no need yet is not missed; one in no priority group is not listed
    def more(store):
        f.student(store, full_name="Hà Văn Tú", sex="M", household="near_poor", class_name="2A")
        f.student(store, full_name="Lý Văn Sình", sex="M", household="none")
    call(app_window, more)
    app_window.ctx.notify("student")
    qtbot.waitUntil(lambda: page.tiles["waiting"].text() == "2")
    assert [page.waiting_model.index(r, 0).data() for r in range(2)] == ["Lò Văn Bình", "Hà Văn Tú"]
    qtmodeltester.check(page.waiting_model)

    with qtbot.waitSignal(page.show_waiting, timeout=1000):
        click(qtbot, page.waiting_button)


def test_dashboard_refreshes_once_for_a_burst_of_changes(app_window, qtbot):
    page = open_page(app_window, qtbot, DashboardPage)
    qtbot.waitUntil(lambda: page.tiles["waiting"].text() == "0")
    before = page.loads
    call(app_window, lambda s: f.student(s, full_name="Giàng Thị Mỷ"))
    for kind in ("student", "need", "*", "device", "handover"):
        app_window.ctx.notify(kind)
    qtbot.waitUntil(lambda: page.tiles["waiting"].text() == "1", timeout=3000)
    qtbot.wait(400)
    assert page.loads == before + 1


def test_numbers_use_vietnamese_grouping(app_window, qtbot):
    page = open_page(app_window, qtbot, DashboardPage)
    qtbot.waitUntil(lambda: page.figures != {})
    page.set_tile("waiting", 1234567)
    assert page.tiles["waiting"].text() == "1.234.567"
    page.set_waiting_caption(1234)
    assert "1.234" in page.waiting_caption.text() and "50" in page.waiting_caption.text()
    page.tier_chart.set_data([("Hộ nghèo", 12345)])
    assert "12.345" in page.tier_chart.accessibleDescription()


# ------------------------------------------------------------------- chart
def coloured_pixels(image, rect: QRectF, background: QColor) -> int:
    r = rect.toAlignedRect()
    return sum(1 for x in range(r.left(), r.right() + 1) for y in range(r.top(), r.bottom() + 1)
               if image.pixelColor(x, y) != background)


def within(bar: QRectF, widget) -> bool:
    """QRectF.contains() is False for empty rectangles (a zero bar): compare the edges."""
    return 0 <= bar.left() <= bar.right() <= widget.width() and 0 <= bar.top() <= bar.bottom() <= widget.height()


def test_chart_draws_bars_and_describes_them(qtbot):
    chart = BarChart("Thiết bị trong kho")
    qtbot.addWidget(chart)
    chart.set_data([("Máy tính bảng", 3), ("Máy tính xách tay", 1), ("Điện thoại", 0)])
    chart.resize(360, 140)
    image = chart.grab().toImage()
    background = chart.palette().window().color()
    assert image.pixelColor(1, 1) == background
    bars = chart.bar_rects()
    assert len(bars) == 3
    assert abs(bars[0].width() / bars[1].width() - 3) < 0.05 and bars[2].width() == 0
    for bar in bars[:2]:
        assert coloured_pixels(image, bar, background) > 0.9 * bar.width() * bar.height()
    assert chart.accessibleName() == "Thiết bị trong kho"
    desc = chart.accessibleDescription()
    assert "Máy tính bảng: 3" in desc and "Máy tính xách tay: 1" in desc and "Điện thoại: 0" in desc
    assert chart.sizeHint().height() >= 3 * chart.fontMetrics().height()


def test_vertical_chart_and_bars_stay_inside_the_widget(qtbot):
    chart = BarChart("Theo mức ưu tiên", Qt.Orientation.Vertical)
    qtbot.addWidget(chart)
    chart.set_data([(f"Mức {i}", v) for i, v in enumerate((5, 10, 2, 0, 7, 1), start=1)])
    for w, h in ((40, 30), (150, 60), (300, 220), (900, 500)):
        chart.resize(w, h)
        assert all(within(bar, chart) for bar in chart.bar_rects()), (w, h)
    chart.resize(300, 220)
    bars = chart.bar_rects()
    assert bars[1].height() == max(b.height() for b in bars) and bars[1].height() == 2 * bars[0].height()
    image = chart.grab().toImage()
    background = chart.palette().window().color()
    assert coloured_pixels(image, bars[1], background) > 0.9 * bars[1].width() * bars[1].height()

    horizontal = BarChart("", Qt.Orientation.Horizontal)
    qtbot.addWidget(horizontal)
    horizontal.set_data([("a" * 60, 1000), ("b", 3)])
    for w, h in ((30, 20), (120, 40), (600, 300)):
        horizontal.resize(w, h)
        assert all(within(bar, horizontal) for bar in horizontal.bar_rects()), (w, h)


def test_chart_colours_differ_in_grey_and_empty_chart_says_so(qtbot):
    greys = sorted(qGray(QColor(c).rgb()) for c in PALETTE)
    assert all(b - a >= 30 for a, b in zip(greys, greys[1:], strict=False))
    chart = BarChart("Trống")
    qtbot.addWidget(chart)
    chart.set_data([])
    assert chart.bar_rects() == [] and chart.accessibleDescription()
    chart.grab()  # paints the "no data" text without raising


def test_unit_record_untouched_by_opening_the_page(app_window, qtbot):
    """Opening the screen and loading the form writes nothing."""
    uid = call(app_window, lambda s: s.unit_id)
    before = len(call(app_window, lambda s: s.history(uid)))
    page = open_page(app_window, qtbot, CoveragePage)
    qtbot.waitUntil(lambda: page.unit is not None)
    assert len(call(app_window, lambda s: s.history(uid))) == before
    assert isinstance(page.unit, Unit)
