"""Donations and allocation decisions through the real widgets, offscreen: a donation and
its devices at a school; an office drafting, approving (then locked) a decision; the
school seeing the decision addressed to it read-only and confirming the receipt."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import QLabel

from app import changes as C
from app.ops import stock as ops
from app.records import Allocation, Device, Donation, Unit
from app.store import Store
from tests.helpers import factories as f
from ui.pages.allocation_receipt import ConfirmReceiptDialog
from ui.pages.allocations import AllocationsPage
from ui.pages.donations import DonationsPage

OFFICER = "Vàng Văn Sử"


def tr(context: str, text: str, n: int = -1) -> str:
    return QCoreApplication.translate(context, text, None, n)


def call(window, fn):
    return window.ctx.worker.call(fn)


def start_window(qtbot, data_dir):
    from ui.main import make_app, start

    make_app()
    worker, window = start(data_dir, "vi")
    qtbot.addWidget(window)
    window.show()
    return worker, window


def add_school(store: Store, code: str, name: str, commune: str = "03388") -> Unit:
    unit = Unit(code=code, name=name, kind="school", level="TH", commune_code=commune)
    unit.unit_id = unit.id
    return store.save(unit, "setup")


@pytest.fixture
def office_dir(tmp_path):
    """A commune office with two schools of its commune and one of another, and four
    devices in its stock (one below the minimum specification)."""
    d = tmp_path / "office"
    with Store.open(d) as s:
        s.set_unit(Unit(code="UBND-NAMCHA", name="UBND xã Nậm Cha", kind="commune", commune_code="03388"), "setup")
        s.add_user(OFFICER, "officer", "1234")
        add_school(s, "TH0001", "Trường PTDTBT TH Nậm Cha")
        add_school(s, "THCS0002", "Trường THCS Nậm Cha")
        add_school(s, "TH0099", "Trường TH Bình Lư", "03390")
        for serial in ("OFF-T1", "OFF-T2", "OFF-T3"):
            f.device(s, serial=serial, meets_spec="meets", donor="Viettel")
        f.device(s, serial="OFF-WEAK", meets_spec="fails")
    return d


@pytest.fixture
def office(qtbot, office_dir):
    worker, window = start_window(qtbot, office_dir)
    yield window
    window.close()
    worker.shutdown()


def devices_by_serial(window) -> dict[str, Device]:
    return {d.serial: d for d in call(window, lambda store: store.find(Device))}


# ------------------------------------------------------------------ donations
@pytest.fixture
def donations_page(app_window, qtbot):
    page = app_window.pages["donations"]
    assert isinstance(page, DonationsPage)
    qtbot.waitUntil(lambda: page.summary.text() != "")
    return page


def test_record_a_donation_then_register_its_devices(app_window, donations_page, qtbot, qtmodeltester):
    page = donations_page
    dlg = page.open_new()
    assert dlg.isVisible()
    dlg.inputs["donor_name"].setText("Tập đoàn Viettel")
    dlg.inputs["donor_kind"].setCurrentIndex(dlg.inputs["donor_kind"].findData("enterprise"))
    dlg.inputs["received_date"].setDate(QDate(2025, 9, 5))
    dlg.cash.setValue(15_000_000)
    assert dlg.cash.text() == "15.000.000 ₫"  # Vietnamese grouping
    dlg.counts["tablet"].setValue(3)
    dlg.counts["laptop"].setValue(1)
    dlg.inputs["inspection"].setCurrentIndex(dlg.inputs["inspection"].findData("meets"))
    # cash without a receipt number: said next to the receipt number, nothing saved
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.errors["receipt_no"].isVisible())
    assert "biên nhận" in dlg.errors["receipt_no"].text()
    assert dlg.isVisible() and call(app_window, lambda store: store.count(Donation)) == 0
    qtbot.keyClicks(dlg.inputs["receipt_no"], "01/PT-2025")
    with qtbot.waitSignals([dlg.saved, dlg.accepted], timeout=3000):
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    [gift] = call(app_window, lambda store: store.find(Donation))
    assert (gift.donor_name, gift.cash_vnd, gift.devices, gift.receipt_no, gift.received_date, gift.inspection) == (
        "Tập đoàn Viettel", 15_000_000, {"tablet": 3, "laptop": 1}, "01/PT-2025", "2025-09-05", "meets")
    assert gift.unit_id == app_window.ctx.unit["id"]

    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    cols = [c for c, _h in page.model.COLUMNS]
    cell = lambda name: page.model.index(0, cols.index(name)).data()  # noqa: E731
    assert cell("cash_vnd") == "15.000.000" and cell("received_date") == "05/09/2025"
    assert cell("devices") == "Máy tính bảng: 3, Máy tính xách tay: 1" and cell("registered") == "0 / 4"
    assert page.table.isColumnHidden(cols.index("unit_name"))  # a school: all its own

    # the donation's devices: the pasted-list dialog, linked to the donation
    page.table.selectRow(0)
    assert page.register_button.isEnabled()
    reg = page.open_register()
    assert reg.inputs["donor"].text() == "Tập đoàn Viettel" and reg.inputs["kind"].currentData() == "tablet"
    assert reg.inputs["received_date"].date() == QDate(2025, 9, 5)
    assert reg.inputs["meets_spec"].currentData() == "meets"
    reg.paste.setPlainText("TAB-0001\nTAB-0002")
    qtbot.waitUntil(lambda: reg.save_button.isEnabled(), timeout=3000)
    with qtbot.waitSignal(reg.finished_saving, timeout=5000):
        qtbot.mouseClick(reg.save_button, Qt.MouseButton.LeftButton)
    stored = devices_by_serial(app_window)
    assert set(stored) == {"TAB-0001", "TAB-0002"}
    assert {(d.donation_id, d.donor, d.meets_spec, d.received_date, d.status) for d in stored.values()} == {
        (gift.id, "Tập đoàn Viettel", "meets", "2025-09-05", "in_stock")}
    qtbot.waitUntil(lambda: cell("registered") == "2 / 4")
    assert page.model.index(0, cols.index("inspection")).data(Qt.ItemDataRole.ToolTipRole) == \
        "Đạt cấu hình tối thiểu: 2"
    qtmodeltester.check(page.model)

    # reopen and edit: the same record changes
    page.table.selectRow(0)
    edit = page.open_selected()
    assert edit.cash.value() == 15_000_000 and edit.counts["tablet"].value() == 3
    edit.counts["tablet"].setValue(5)
    with qtbot.waitSignal(edit.saved, timeout=3000):
        edit.save()
    [again] = call(app_window, lambda store: store.find(Donation))
    assert again.id == gift.id and again.devices == {"tablet": 5, "laptop": 1}
    qtbot.waitUntil(lambda: cell("registered") == "2 / 6")


def test_donation_form_shows_every_problem_at_its_field(app_window, donations_page, qtbot):
    dlg = donations_page.open_new()
    dlg.save()  # nothing filled in: no donor, neither cash nor devices
    qtbot.waitUntil(lambda: dlg.errors["donor_name"].isVisible())
    assert dlg.errors["cash_vnd"].isVisible() and "tiền mặt hoặc thiết bị" in dlg.errors["cash_vnd"].text()
    assert not dlg.errors["receipt_no"].isVisible()
    assert call(app_window, lambda store: store.count(Donation)) == 0


# ---------------------------------------------------------------- allocations
def test_office_drafts_approves_and_the_decision_is_locked(office, qtbot, qtmodeltester, no_real_dialogs):
    office.show_page("allocations")
    page = office.pages["allocations"]
    assert isinstance(page, AllocationsPage) and page.office
    assert page.new_button.isVisible() and not page.confirm_button.isVisible()
    stock = devices_by_serial(office)

    dlg = page.open_new()
    with qtbot.waitSignal(dlg.ready, timeout=3000):
        pass
    schools = [dlg.inputs["to_unit_id"].itemText(i) for i in range(dlg.inputs["to_unit_id"].count())]
    assert schools[1:] == ["Trường PTDTBT TH Nậm Cha (TH0001)", "Trường THCS Nậm Cha (THCS0002)"]
    assert dlg.picker.rowCount() == 3  # the weak device cannot be allocated
    qtbot.keyClicks(dlg.inputs["decision_no"], "12/QD-UBND")
    dlg.inputs["decision_date"].setDate(QDate(2025, 10, 1))
    dlg.inputs["to_unit_id"].setCurrentIndex(1)
    dlg.inputs["donor"].setText("Viettel")
    dlg.pick(stock["OFF-T1"].id)
    dlg.pick(stock["OFF-T2"].id)
    assert dlg.counts["tablet"].value() == 2 and dlg.counts["tablet"].minimum() == 2
    assert dlg.picked_label.text().startswith(tr("AllocationDialog", "%n device(s) listed", 2))
    dlg.device_filter.setText("t3")
    assert [dlg.picker.isRowHidden(r) for r in range(3)].count(False) == 1
    with qtbot.waitSignal(dlg.saved, timeout=3000):
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    [decision] = call(office, lambda store: store.find(Allocation))
    assert decision.status == "draft" and decision.counts == {"tablet": 2}
    assert set(decision.device_ids) == {stock["OFF-T1"].id, stock["OFF-T2"].id}

    # the number is the unit's: a second decision with it is refused at the field
    dlg2 = page.open_new()
    qtbot.waitUntil(lambda: dlg2.loaded)
    dlg2.inputs["decision_no"].setText("12/QĐ-UBND")
    dlg2.inputs["to_unit_id"].setCurrentIndex(2)
    dlg2.counts["laptop"].setValue(1)
    dlg2.save()
    qtbot.waitUntil(lambda: dlg2.errors["decision_no"].isVisible())
    assert "12/QD-UBND" in dlg2.errors["decision_no"].text()
    assert dlg2.picker.rowCount() == 1  # the other draft's devices are not offered again
    dlg2.reject()
    assert call(office, lambda store: store.count(Allocation)) == 1

    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    qtmodeltester.check(page.model)
    page.table.selectRow(0)
    assert page.approve_button.isEnabled() and page.delete_button.isEnabled()
    with qtbot.waitSignal(page.approved, timeout=3000):
        qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    approved = call(office, lambda store: store.get(Allocation, decision.id))
    assert approved.status == "approved" and approved.approved_by == OFFICER
    moved = devices_by_serial(office)
    school = call(office, lambda store: store.find(Unit, "code='TH0001'"))[0]
    assert {(moved[s].unit_id, moved[s].status) for s in ("OFF-T1", "OFF-T2")} == {(school.id, "allocated")}
    assert moved["OFF-T3"].status == "in_stock" and moved["OFF-T3"].unit_id == office.ctx.unit["id"]

    # shown as locked; no approve, no delete; the dialog opens read-only
    cols = [c for c, _h in page.model.COLUMNS]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.record(0).locked)
    status = page.model.index(0, cols.index("status")).data()
    assert status == tr("AllocationsModel", "{0} (locked)").format("Đã phê duyệt")
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    page.table.selectRow(0)
    assert not page.approve_button.isEnabled() and not page.delete_button.isEnabled()
    view = page.open_selected()
    qtbot.waitUntil(lambda: view.loaded)
    assert view.read_only and not view.save_button.isVisible() and view.lock_note.isVisible()
    assert OFFICER in view.lock_note.text()
    assert not view.inputs["decision_no"].isEnabled() and not view.counts["tablet"].isEnabled()
    assert view.picker.rowCount() == 2 and len(view.picked_ids()) == 2
    assert not view.picker.item(0, 0).flags() & Qt.ItemFlag.ItemIsUserCheckable
    view.save()  # does nothing
    assert call(office, lambda store: store.get(Allocation, decision.id).counts) == {"tablet": 2}


def test_approving_with_a_device_no_longer_in_stock_is_refused(office, qtbot, no_real_dialogs):
    stock = devices_by_serial(office)

    def make(store):
        school = store.find(Unit, "code='TH0001'")[0]
        decision = ops.save_allocation(store, Allocation(decision_no="5/QĐ", decision_date="2025-10-01",
                                                        to_unit_id=school.id,
                                                        device_ids=[stock["OFF-T1"].id, stock["OFF-T3"].id]), OFFICER)
        gone = store.get(Device, stock["OFF-T3"].id)
        gone.status = "faulty"
        store.save(gone, OFFICER)
        return decision

    decision = call(office, make)
    office.ctx.notify("allocation")
    page = office.pages["allocations"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    page.approve_selected()
    qtbot.waitUntil(lambda: any(kind == "warn" for kind, _m in no_real_dialogs))
    message = next(m for kind, m in no_real_dialogs if kind == "warn")
    assert "OFF-T3" in message and "Hỏng" in message
    assert call(office, lambda store: store.get(Allocation, decision.id).status) == "draft"
    assert devices_by_serial(office)["OFF-T1"].status == "in_stock"


def test_a_school_sees_the_decision_addressed_to_it_read_only(office_dir, tmp_path, qtbot, no_real_dialogs):
    # the office decides and approves; the school's share reaches it (as sync or USB does)
    school_dir = tmp_path / "school"
    with Store.open(office_dir) as o, Store.open(school_dir) as s:
        unit = o.find(Unit, "code='TH0001'")[0]
        s.set_unit(unit, "setup")
        s.add_user("Lò Thị Hoa", "head", "1234")
        stock = {d.serial: d for d in o.find(Device)}
        decision = ops.save_allocation(o, Allocation(decision_no="7/QĐ-UBND", decision_date="2025-10-02",
                                                    to_unit_id=unit.id, donor="Viettel", counts={"laptop": 1},
                                                    device_ids=[stock["OFF-T1"].id, stock["OFF-T2"].id]), OFFICER)
        ops.approve_allocation(o, decision.id, OFFICER)
        for batch in C.changes_since(o, C.summary(s, [unit.id]), scope_unit_ids=[unit.id]):
            C.apply_changes(s, batch, actor="sync")

    worker, window = start_window(qtbot, school_dir)
    try:
        window.show_page("allocations")
        page = window.pages["allocations"]
        assert not page.office
        assert not page.new_button.isVisible() and not page.approve_button.isVisible()
        assert page.confirm_button.isVisible()
        qtbot.waitUntil(lambda: page.model.rowCount() == 1)
        row = page.model.record(0)
        assert row.decision_no == "7/QĐ-UBND" and row.locked and row.waiting == 2
        cols = [c for c, _h in page.model.COLUMNS]
        assert page.model.index(0, cols.index("device_ids")).data() == tr(
            "AllocationsModel", "{0} ({1} to confirm)").format(2, 2)
        page.table.selectRow(0)
        view = page.open_selected()
        qtbot.waitUntil(lambda: view.loaded)
        assert view.read_only and not view.save_button.isVisible()
        assert view.inputs["to_unit_id"].currentText() == "Trường PTDTBT TH Nậm Cha (TH0001)"
        assert view.picker.rowCount() == 2 and view.counts["laptop"].value() == 1
        view.reject()

        # before the receipt the devices cannot be handed over; confirming puts them in stock
        assert {d.status for d in window.ctx.worker.call(lambda st: st.find(Device))} == {"allocated"}
        assert page.confirm_button.isEnabled() and not page.register_button.isEnabled()
        qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
        dlg = page.findChild(ConfirmReceiptDialog)
        assert dlg is not None and dlg.isVisible()
        assert "2 máy tính bảng, 1 máy tính xách tay" in dlg.findChild(QLabel, "receipt_intro").text()
        assert dlg.received() == {"tablet": 2, "laptop": 1}  # what the decision allocates, to correct
        assert dlg.counts["laptop"].maximum() == 1
        with qtbot.waitSignal(page.received, timeout=3000) as got:
            qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
        assert got.args == [2]  # the two listed tablets went into the stock
        assert {d.status for d in window.ctx.worker.call(lambda st: st.find(Device))} == {"in_stock"}
        assert "7/QĐ-UBND" in page.notice.text() and page.notice.isVisible()
        qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.record(0).waiting == 0)
        assert page.model.record(0).allocation.received_counts == {"tablet": 2, "laptop": 1}
        assert page.model.index(0, cols.index("registered")).data() == "2 / 3"
        # the laptop came without a serial on the decision: the school registers it
        page.table.selectRow(0)
        assert page.register_button.isEnabled()
        reg = page.register_selected()
        assert reg.inputs["kind"].currentData() == "laptop" and reg.inputs["donor"].text() == "Viettel"
        assert "1" in reg.remaining.text()
        reg.paste.setPlainText("LAP-0001")
        qtbot.waitUntil(lambda: reg.save_button.isEnabled(), timeout=3000)
        with qtbot.waitSignal(reg.finished_saving, timeout=5000):
            qtbot.mouseClick(reg.save_button, Qt.MouseButton.LeftButton)
        [laptop] = window.ctx.worker.call(lambda st: st.find(Device, "kind='laptop'"))
        assert (laptop.serial, laptop.allocation_id, laptop.unit_id, laptop.status) == (
            "LAP-0001", row.id, window.ctx.unit["id"], "in_stock")
        qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.record(0).registered_total == 3)
        page.table.selectRow(0)
        assert not page.register_button.isEnabled()
        # the devices page of the school now counts them in stock
        devices = window.pages["devices"]
        qtbot.waitUntil(lambda: devices.devices_model.rowCount() == 3)
        assert {devices.devices_model.record(r).status for r in range(3)} == {"in_stock"}
    finally:
        window.close()
        worker.shutdown()
