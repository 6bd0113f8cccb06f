"""Issue 14 through the real widgets, offscreen. Item 10: the officer's window is 1366×768;
the decisions table keeps the status in view without scrolling, "Trường nhận" is never cut,
and approving asks first and then says what moved. Item 4: a quantity-only decision is
spoken of by what it moves ("5 máy tính bảng"), drawn on a donation chosen in the dialog,
never beyond what it has left. Item 5: the donations header says what each figure counts
and the figures add up."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ops import stock as ops
from app.records import Allocation, Donation, Unit
from tests.gui.test_donations_allocations import OFFICER, add_school, call, office, office_dir  # noqa: F401
from tests.helpers import factories as f
from ui.errors import Dialogs


def _long_decisions(store):
    school = add_school(store, "THCS0777", "Trường Phổ thông Dân tộc Bán trú Trung học cơ sở Nậm Cha số 2")
    other = store.find(Unit, "code='TH0001'")[0]
    for n, to in ((1, school), (2, other)):
        ops.save_allocation(store, Allocation(
            decision_no=f"{n}/QĐ-UBND-VHXH-2025", decision_date="2025-10-01", to_unit_id=to.id,
            donor="Tập đoàn Công nghiệp – Viễn thông Quân đội (Viettel) và Quỹ Vì em hiếu học",
            counts={"tablet": 5, "laptop": 2}), OFFICER)


def test_status_and_school_header_fit_at_1366(office, qtbot):
    call(office, _long_decisions)
    office.resize(1366, 768)
    office.show_page("allocations")
    page = office.pages["allocations"]
    office.ctx.notify("allocation")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    qtbot.wait(50)
    header = page.table.horizontalHeader()
    cols = [c for c, _h in page.model.COLUMNS]
    to, status = cols.index("to_name"), cols.index("status")
    title = page.model.headerData(to, Qt.Orientation.Horizontal)
    assert title == "Trường nhận"
    # the header's text fits its section (what the style paints: text plus the sort arrow's room)
    assert header.sectionSize(to) >= header.fontMetrics().horizontalAdvance(title) + 16
    # the status is in view, whole, without scrolling sideways
    x = header.sectionViewportPosition(status)
    assert page.table.horizontalScrollBar().value() == 0
    assert 0 <= x and x + header.sectionSize(status) <= page.table.viewport().width()
    assert header.sectionSize(status) >= header.fontMetrics().horizontalAdvance(
        page.model.index(0, status).data())

    # every column's title is whole
    for c in range(page.model.columnCount()):
        text = page.model.headerData(c, Qt.Orientation.Horizontal)
        assert header.sectionSize(c) >= header.fontMetrics().horizontalAdvance(text) + 16, text


def _gift(store, devices=None) -> Donation:
    return ops.save_donation(store, Donation(donor_name="Tập đoàn Viettel", devices=devices or {"tablet": 10},
                                            received_date="2025-09-01", receipt_no="05/BB-TN"), OFFICER)


def test_approving_a_quantity_only_decision_asks_then_says_what_moved(office, qtbot, monkeypatch):
    def make(store):
        school = store.find(Unit, "code='TH0001'")[0]
        return ops.save_allocation(store, Allocation(decision_no="12/QĐ-UBND", decision_date="2025-10-01",
                                                    to_unit_id=school.id, counts={"tablet": 5},
                                                    donation_ids=[_gift(store).id]), OFFICER)

    decision = call(office, make)
    asked: list[str] = []
    monkeypatch.setattr(Dialogs, "confirm", staticmethod(lambda parent, msg: asked.append(msg) or True))
    office.show_page("allocations")
    page = office.pages["allocations"]
    office.ctx.notify("allocation")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    with qtbot.waitSignal(page.approved, timeout=3000):
        qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    [question] = asked
    assert "12/QĐ-UBND" in question and "5 máy tính bảng được chuyển về Trường PTDTBT TH Nậm Cha" in question
    assert "0 thiết bị" not in question
    assert page.notice.isVisible()
    said = page.notice.text()
    assert "Đã phê duyệt quyết định 12/QĐ-UBND" in said and "5 máy tính bảng" in said
    assert office.statusBar().currentMessage() == said
    assert call(office, lambda store: store.get(Allocation, decision.id).status) == "approved"
    cols = [c for c, _h in page.model.COLUMNS]
    qtbot.waitUntil(lambda: page.model.record(0).locked)
    assert page.model.index(0, cols.index("received")).data() == "chưa xác nhận"
    assert page.model.index(0, cols.index("registered")).data() == "0 / 5"


def test_declining_the_question_approves_nothing(office, qtbot, monkeypatch):
    def make(store):
        school = store.find(Unit, "code='TH0001'")[0]
        return ops.save_allocation(store, Allocation(decision_no="13/QĐ", decision_date="2025-10-01",
                                                    to_unit_id=school.id, counts={"laptop": 1}), OFFICER)

    decision = call(office, make)
    monkeypatch.setattr(Dialogs, "confirm", staticmethod(lambda parent, msg: False))
    office.show_page("allocations")
    page = office.pages["allocations"]
    office.ctx.notify("allocation")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    page.approve_selected()
    qtbot.wait(100)
    assert call(office, lambda store: store.get(Allocation, decision.id).status) == "draft"
    assert not page.notice.isVisible()


def test_a_decision_draws_on_a_donation_chosen_in_the_dialog(office, qtbot):
    gift = call(office, lambda store: _gift(store, {"tablet": 10, "laptop": 2}))
    office.show_page("allocations")
    page = office.pages["allocations"]
    dlg = page.open_new()
    qtbot.waitUntil(lambda: dlg.loaded)
    assert dlg.donations.rowCount() == 1
    assert dlg.donations.item(0, 3).text() == "Máy tính bảng: 10, Máy tính xách tay: 2"  # what it has left
    assert not dlg.inputs["donor"].isReadOnly()
    dlg.pick_donation(gift.id)
    assert dlg.inputs["donor"].text() == "Tập đoàn Viettel" and dlg.inputs["donor"].isReadOnly()
    assert "Máy tính bảng: 10" in dlg.pool_label.text()
    qtbot.keyClicks(dlg.inputs["decision_no"], "14/QD")
    dlg.inputs["to_unit_id"].setCurrentIndex(1)
    dlg.counts["tablet"].setValue(11)
    dlg.save()
    qtbot.waitUntil(lambda: dlg.message.text() != "")
    assert "11 máy tính bảng" in dlg.message.text() and "còn 10 máy tính bảng" in dlg.message.text()
    assert call(office, lambda store: store.count(Allocation)) == 0
    dlg.counts["tablet"].setValue(5)
    with qtbot.waitSignal(dlg.saved, timeout=3000):
        dlg.save()
    [saved] = call(office, lambda store: store.find(Allocation))
    assert (saved.donation_ids, saved.donor, saved.counts) == ([gift.id], "Tập đoàn Viettel", {"tablet": 5})
    # the next decision sees what is left
    dlg2 = page.open_new()
    qtbot.waitUntil(lambda: dlg2.loaded)
    assert dlg2.donations.item(0, 3).text() == "Máy tính bảng: 5, Máy tính xách tay: 2"
    dlg2.reject()


def test_the_donations_header_says_what_each_figure_counts_and_adds_up(app_window, qtbot):
    """It said "thiết bị: 58, đã ghi sổ: 60" when a device was registered beyond its minute."""
    def make(store):
        a = ops.save_donation(store, Donation(donor_name="Tập đoàn Viettel", devices={"tablet": 2},
                                             received_date="2025-09-01"), "gv")
        b = ops.save_donation(store, Donation(donor_name="Quỹ Vì em", devices={"tablet": 4},
                                             received_date="2025-09-02"), "gv")
        for _ in range(3):  # one more than its minute says (a broken extra)
            f.device(store, donation_id=a.id)
        f.device(store, donation_id=b.id)

    call(app_window, make)
    page = app_window.pages["donations"]
    app_window.ctx.notify("donation")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    qtbot.waitUntil(lambda: "biên bản" in page.summary.text())
    assert page.summary.text() == (
        "2 khoản tài trợ — tiền mặt: 0 ₫ · thiết bị theo biên bản tiếp nhận: 6 · đã ghi sổ từng máy: 3 · "
        "còn phải ghi sổ: 3 · ghi sổ ngoài biên bản: 1")
    cols = [c for c, _h in page.model.COLUMNS]
    cells = {page.model.record(r).donor_name: page.model.index(r, cols.index("registered")).data()
             for r in range(2)}
    assert cells == {"Tập đoàn Viettel": "2 / 2 (+1)", "Quỹ Vì em": "1 / 4"}
