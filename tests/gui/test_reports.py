"""The Reports screen on a real store: preview, export XLSX and PDF, submit, reopen a
submitted report after the data changed; and an officer's choice of unit."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.demo import generate
from app.records import Unit
from app.reports.labels import w
from app.store import Store
from tests.helpers import factories as f
from tests.helpers.reports import Grid, pdf_text
from ui.errors import Dialogs
from ui.pages.reports import ReportsPage

START, END = dt.date(2025, 7, 1), dt.date(2025, 12, 31)


def call(window, fn):
    result = window.ctx.worker.call(fn)
    window.ctx.notify("*")
    return result


@pytest.fixture
def page(app_window, qtbot):
    p = ReportsPage(app_window.ctx)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitUntil(lambda: p.unit.count() >= 1 and p.unit.currentData() is not None)
    return p


@pytest.fixture
def save_to(monkeypatch, tmp_path):
    """Where the save dialog 'chooses' to write."""
    target: dict[str, str] = {}

    def ask(parent, title, suggested, filters):
        target["suggested"] = suggested
        return target.get("path")

    monkeypatch.setattr(Dialogs, "save_file", staticmethod(ask))
    return target


def children(window):
    def make(store):
        anh = f.student(store, full_name="Nguyễn Thị Ánh", class_name="3A")
        hung = f.student(store, full_name="Đặng Văn Hưng", class_name="4B", sex="M", birth_date="2015-05-06")
        need = f.approved_need(store, anh)
        f.approved_need(store, hung)
        f.handover(store, anh, need, f.device(store, received_date="2025-08-20"), date="2025-10-15")
    call(window, make)


def click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(page, kind: str) -> None:
    page.kind.setCurrentIndex(page.kind.findData(kind))
    page.set_period(START, END)


def test_preview_export_and_submit(app_window, page, qtbot, save_to, tmp_path, no_real_dialogs, qtmodeltester):
    children(app_window)
    choose(page, "needs")
    with qtbot.waitSignal(page.shown, timeout=20_000):
        click(qtbot, page.preview_button)
    qtmodeltester.check(page.model)
    m = page.model
    last = m.rowCount() - 1
    labels = [m.text(r, 1) for r in range(m.rowCount())]
    assert labels == ["3A", "4B", "Tổng cộng"]
    assert m.text(last, 2) == "2"  # children in need
    assert "Draft" in page.state.text() or "nháp" in page.state.text().lower()
    # the list behind the figures
    page.table_choice.setCurrentIndex(page.table_choice.count() - 1)
    names = {m.text(r, 1) for r in range(m.rowCount())}
    assert names == {"Nguyễn Thị Ánh", "Đặng Văn Hưng"}

    save_to["path"] = str(tmp_path / "needs")  # no extension typed: .xlsx is added
    with qtbot.waitSignal(page.exported, timeout=20_000) as sig:
        click(qtbot, page.xlsx_button)
    assert sig.args[0].endswith("needs.xlsx") and save_to["suggested"].endswith(".xlsx")
    assert Grid(sig.args[0]).value("Tổng cộng", w("in_need")) == 2

    with qtbot.waitSignal(page.submitted, timeout=20_000) as sub:
        click(qtbot, page.submit_button)
    assert sub.args[0] == "01/BC-PTDTBTTHNC"
    assert any("01/BC-PTDTBTTHNC" in msg for kind, msg in no_real_dialogs if kind == "info")
    qtbot.waitUntil(lambda: page.snapshots_model.rowCount() == 1)
    assert not page.submit_button.isEnabled()

    # later a third child is approved: a new preview counts three, the submitted report two
    call(app_window, lambda store: f.approved_need(store, f.student(store, full_name="Vàng Thị Dua",
                                                                     class_name="3A")))
    with qtbot.waitSignal(page.shown, timeout=20_000):
        click(qtbot, page.preview_button)
    assert page.model.text(page.model.rowCount() - 1, 2) == "3"
    with qtbot.waitSignal(page.shown, timeout=20_000):
        page.open_snapshot(0)
    assert page.data.number == "01/BC-PTDTBTTHNC"
    assert page.model.text(page.model.rowCount() - 1, 2) == "2"
    save_to["path"] = str(tmp_path / "sent.pdf")
    with qtbot.waitSignal(page.exported, timeout=20_000) as sig:
        click(qtbot, page.pdf_button)
    text = pdf_text(sig.args[0])
    assert "Số: 01/BC-PTDTBTTHNC" in text and "Tổng cộng 2" in text


def test_export_without_preview_makes_the_report_first(app_window, page, qtbot, save_to, tmp_path):
    children(app_window)
    choose(page, "missed")
    save_to["path"] = str(tmp_path / "missed.pdf")
    with qtbot.waitSignal(page.exported, timeout=30_000) as sig:
        click(qtbot, page.pdf_button)
    text = pdf_text(sig.args[0])
    assert "Đặng Văn Hưng" in text and "Nguyễn Thị Ánh" not in text


def test_a_teacher_cannot_submit(app_window, page):
    app_window.ctx.user.role = "teacher"
    p = ReportsPage(app_window.ctx)
    assert not p.submit_button.isEnabled()
    p.deleteLater()


def test_cancel_leaves_the_page_usable(app_window, page, qtbot):
    choose(page, "needs")
    page.preview()
    page.cancel()
    qtbot.waitUntil(lambda: page.job is None, timeout=20_000)
    assert page.preview_button.isEnabled()


def test_the_page_is_in_the_main_window(app_window):
    assert isinstance(app_window.pages["reports"], ReportsPage)


@pytest.fixture
def province_dir(tmp_path):
    """A provincial officer's installation holding three demo schools."""
    d = tmp_path / "province"
    with Store.open(d) as s:
        generate(s, students=150, schools=3, seed=3, school_year="2025-2026")
        dept = Unit(code="SGD-LAICHAU", name="Sở GD&ĐT Lai Châu", kind="province", province_code="12")
        s.set_unit(dept, "setup")
        s.add_user("Nguyễn Văn Long", "province", "1234")
    return d


def test_officer_chooses_a_unit_below(qtbot, province_dir, save_to, tmp_path):
    from ui.main import make_app, start

    make_app()
    worker, window = start(province_dir, "vi")
    qtbot.addWidget(window)
    try:
        window.show()
        page = window.pages["reports"]
        window.show_page("reports")
        qtbot.waitUntil(lambda: page.unit.count() > 3, timeout=20_000)
        kinds = [page.unit.itemData(i)["kind"] for i in range(page.unit.count())]
        assert kinds[0] == "province" and kinds.count("school") == 3 and "commune" in kinds
        choose(page, "handovers")
        with qtbot.waitSignal(page.shown, timeout=20_000):
            click(qtbot, page.preview_button)
        assert page.data.rows[0].level == 0 and any(r.level == 1 for r in page.data.rows)
        school = kinds.index("school")
        page.unit.setCurrentIndex(school)
        assert "Preview again" in page.state.text() or "Xem trước" in page.state.text()
        with qtbot.waitSignal(page.shown, timeout=20_000):
            click(qtbot, page.preview_button)
        assert page.data.unit["kind"] == "school"
        assert all(r.values["label"][:1].isdigit() for r in page.data.rows)  # classes
    finally:
        window.close()
        worker.shutdown()


def test_typed_dates_give_exactly_that_period_or_an_error(app_window, page, qtbot):
    """Typing "20/06/2016" once gave 01/06/2016, "2019" gave 20/01/2016 (issue 13)."""
    page.kind.setCurrentIndex(page.kind.findData("needs"))
    for edit, text in ((page.date_from, "1/7/2025"), (page.date_to, "31122025")):
        edit.line.clear()
        qtbot.keyClicks(edit.line, text)
        edit.line.editingFinished.emit()
    assert page.preset.currentData() == "custom"
    assert (page.period().start, page.period().end) == (START, END)
    assert page.date_to.text() == "31/12/2025"
    with qtbot.waitSignal(page.shown, timeout=20_000):
        click(qtbot, page.preview_button)
    assert (page.data.period["start"], page.data.period["end"]) == ("2025-07-01", "2025-12-31")
    # a year alone is no date: said under the field, and no report is made of another period
    page.date_from.line.clear()
    qtbot.keyClicks(page.date_from.line, "2019")
    page.date_from.line.editingFinished.emit()
    assert page.period() is None
    assert page.date_from.error.isVisible() and "bốn chữ số" in page.date_from.error.text()
    made = page.data
    click(qtbot, page.preview_button)
    qtbot.wait(200)
    assert page.job is None and page.data is made
