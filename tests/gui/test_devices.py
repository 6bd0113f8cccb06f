"""Devices and SIMs screen: the stock tables, receiving one device or a pasted list
(one transaction, cancel leaves nothing), SIMs with their free period, faulty/lost."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QPushButton

from app.records import Device, Sim
from app.validate import luhn_ok
from tests.helpers import factories as f
from ui.errors import Dialogs
from ui.pages.devices import ENDED, ENDING, DevicesPage


def tr(context: str, text: str, n: int = -1) -> str:
    """The text as the app shows it in the current language (the catalogue may translate it)."""
    return QCoreApplication.translate(context, text, None, n)


def imei(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_ok(body + d))


@pytest.fixture
def page(app_window, qtbot):
    p = DevicesPage(app_window.ctx)
    qtbot.addWidget(p)
    qtbot.waitUntil(lambda: p.device_counts.text() != "" and p.sim_counts.text() != "")
    return p


def call(window, fn):
    return window.ctx.worker.call(fn)


def devices_in_db(window) -> list[Device]:
    return call(window, lambda store: store.find(Device, order_by="serial"))


def test_receive_one_device_through_the_dialog(app_window, page, qtbot):
    dlg = page.open_receive_device()
    assert dlg.isVisible()
    dlg.inputs["kind"].setCurrentIndex(dlg.inputs["kind"].findData("smartphone"))
    qtbot.keyClicks(dlg.inputs["brand_model"], "Samsung Galaxy A05")
    qtbot.keyClicks(dlg.inputs["serial"], "  r9xt-00123 ")
    qtbot.keyClicks(dlg.inputs["imei"], "3569 3803 5643 809")
    dlg.inputs["value_vnd"].setValue(2_500_000)
    dlg.inputs["donor"].setText("Tập đoàn Viettel")  # QTest types ASCII only
    # the checklist decides the inspection: one box left unticked → fails, all → meets
    dlg.checklist.setChecked(True)
    assert not dlg.meets_spec.isEnabled()
    for name, box in dlg.spec.items():
        box.setChecked(name != "spec_camera")
    assert dlg.meets_spec.currentData() == "fails"
    dlg.spec["spec_camera"].setChecked(True)
    assert dlg.meets_spec.currentData() == "meets"
    with qtbot.waitSignals([dlg.saved, dlg.accepted], timeout=3000):
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    [dev] = devices_in_db(app_window)
    assert dev.serial == "R9XT-00123" and dev.imei == "356938035643809"
    assert (dev.kind, dev.brand_model, dev.donor, dev.value_vnd) == ("smartphone", "Samsung Galaxy A05",
                                                                     "Tập đoàn Viettel", 2_500_000)
    assert dev.meets_spec == "meets" and dev.status == "in_stock" and dev.unit_id == app_window.ctx.unit["id"]
    assert dev.received_date == dt.date.today().isoformat()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dlg))  # a closed dialog is deleted
    # the page refreshed itself on ctx.notify("device")
    qtbot.waitUntil(lambda: page.devices_model.rowCount() == 1)
    assert page.devices_model.index(0, 2).data() == "R9XT-00123"
    assert page.devices_model.index(0, 7).data() == dt.date.today().strftime("%d/%m/%Y")


def test_checklist_failures_are_kept_in_the_note(app_window, page, qtbot):
    dlg = page.open_receive_device()
    qtbot.keyClicks(dlg.inputs["serial"], "OLD-LAPTOP-1")
    dlg.inputs["condition"].setCurrentIndex(dlg.inputs["condition"].findData("used_good"))
    dlg.checklist.setChecked(True)
    dlg.spec["spec_screen"].setChecked(True)
    with qtbot.waitSignal(dlg.saved, timeout=3000):
        dlg.save()
    [dev] = devices_in_db(app_window)
    assert dev.meets_spec == "fails" and dev.condition == "used_good"
    assert tr("ReceiveDeviceDialog", "RAM at least 2 GB") in dev.note
    assert tr("ReceiveDeviceDialog", "Screen at least 8 inches") not in dev.note


def test_bad_imei_shows_inline_message_and_saves_nothing(app_window, page, qtbot):
    dlg = page.open_receive_device()
    qtbot.keyClicks(dlg.inputs["imei"], "356938035643808")  # last digit breaks the Luhn check
    dlg.save()
    qtbot.waitUntil(lambda: dlg.errors["imei"].isVisible())
    assert "356938035643808" in dlg.errors["imei"].text() and "Luhn" in dlg.errors["imei"].text()
    assert dlg.isVisible() and dlg.save_button.isEnabled()
    assert devices_in_db(app_window) == []
    # neither serial nor IMEI: said next to the serial
    dlg.inputs["imei"].clear()
    dlg.save()
    qtbot.waitUntil(lambda: dlg.errors["serial"].isVisible())
    assert "serial" in dlg.errors["serial"].text() and not dlg.errors["imei"].isVisible()
    assert devices_in_db(app_window) == []


def test_a_serial_already_recorded_is_refused(app_window, page, qtbot):
    call(app_window, lambda store: f.device(store, serial="R9XT000777"))
    dlg = page.open_receive_device()
    qtbot.keyClicks(dlg.inputs["serial"], "r9xt000777")
    dlg.save()
    qtbot.waitUntil(lambda: dlg.errors["serial"].isVisible())
    assert "R9XT000777" in dlg.errors["serial"].text()
    assert len(devices_in_db(app_window)) == 1


def test_paste_list_saves_valid_lines_and_explains_skipped(app_window, page, qtbot):
    good = imei("86012345678901")
    dlg = page.open_receive_list()
    qtbot.keyClicks(dlg.inputs["brand_model"], "Lenovo Tab M8")
    dlg.inputs["donor"].setText("Quỹ Vì em")
    dlg.paste.setPlainText("\n".join([
        "sn-0001",
        "SN-0002\t" + good,
        "123456789012345",  # invalid IMEI
        "SN-0001",  # duplicate of line 1
        imei("86012345678902"),
    ]))
    qtbot.waitUntil(lambda: dlg.save_button.isEnabled(), timeout=3000)
    assert dlg.preview_table.rowCount() == 5
    assert "IMEI" in dlg.preview_table.item(2, 3).text()
    same_as_1 = tr("ReceiveListDialog", "Same as line {0} of this list").format(1)
    assert dlg.preview_table.item(3, 3).text() == same_as_1
    assert dlg.preview_table.item(0, 1).text() == "SN-0001"
    assert tr("ReceiveListDialog", "%n ready to save", 3) in dlg.preview_label.text()
    assert tr("ReceiveListDialog", "%n with problems", 2) in dlg.preview_label.text()
    assert devices_in_db(app_window) == []  # the preview writes nothing

    with qtbot.waitSignal(dlg.finished_saving, timeout=5000) as saved:
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0] is not None
    stored = devices_in_db(app_window)
    assert sorted(d.serial for d in stored) == ["", "SN-0001", "SN-0002"]
    assert {d.brand_model for d in stored} == {"Lenovo Tab M8"} and {d.donor for d in stored} == {"Quỹ Vì em"}
    assert next(d for d in stored if d.serial == "SN-0002").imei == good
    # (that the lines share one all-or-nothing transaction is shown by the cancel test below)
    text = dlg.summary.text()
    assert text.startswith(tr("ReceiveListDialog", "Saved %n device(s).", 3))
    assert tr("ReceiveListDialog", "Skipped %n line(s):", 2) in text
    line3 = next(t for t in text.splitlines() if t.startswith(tr("ReceiveListDialog", "Line {0}: {1}").format(3, "")))
    assert "123456789012345" in line3 and "Luhn" in line3
    assert tr("ReceiveListDialog", "Line {0}: {1}").format(4, same_as_1) in text.splitlines()
    assert not dlg.save_button.isEnabled()
    qtbot.waitUntil(lambda: page.devices_model.rowCount() == 3)

    # pasting the same list again: everything is already recorded
    dlg.paste.setPlainText("SN-0002\nsn-0001")
    qtbot.waitSignal(dlg.previewed, timeout=3000).wait()
    already = tr("ReceiveListDialog", "Already recorded: {0} ({1})")
    assert dlg.preview_table.item(0, 3).text() == already.format("Lenovo Tab M8 SN-0002", "Trong kho")
    assert dlg.preview_table.item(1, 3).text() == already.format("Lenovo Tab M8 SN-0001", "Trong kho")
    assert not dlg.save_button.isEnabled()


@pytest.mark.parametrize("how", ["cancel button", "closing the dialog"])
def test_cancel_of_a_long_paste_leaves_nothing(app_window, page, qtbot, monkeypatch, how):
    from app.store import Store

    saves = []
    real_save = Store.save
    monkeypatch.setattr(Store, "save",
                        lambda self, rec, actor, **kw: saves.append(rec) or real_save(self, rec, actor, **kw))
    dlg = page.open_receive_list()
    dlg.paste.setPlainText("\n".join(f"BULK{i:05d}" for i in range(2000)))
    qtbot.waitUntil(lambda: dlg.save_button.isEnabled(), timeout=10000)
    assert tr("ReceiveListDialog", "%n ready to save", 2000) in dlg.preview_label.text()
    seen = []

    def cancel_on_first(done, total):
        seen.append((done, total))
        if len(seen) == 1:
            if how == "cancel button":
                dlg.progress.findChild(QPushButton).click()  # the progress dialog's Cancel
            else:
                dlg.reject()  # Esc or the window's close button while saving

    dlg.progressed.connect(cancel_on_first)
    with qtbot.waitSignal(dlg.finished_saving, timeout=20000) as finished:
        dlg.save()
    assert finished.args == [None]
    assert seen[0] == (0, 2000)
    assert 1 <= len(saves) < 2000  # it had written some rows when the cancel arrived
    assert dlg.summary.text() == tr("ReceiveListDialog", "Cancelled: nothing was saved.")
    assert devices_in_db(app_window) == []
    assert call(app_window, lambda store: store.count(Device)) == 0
    assert dlg.progress is None and dlg.paste.isEnabled() and dlg.isVisible()


def test_sim_free_until_highlighting(app_window, page, qtbot):
    today = dt.date.today()

    def fill(store):
        f.sim(store, number="0968000001", free_until=(today - dt.timedelta(days=3)).isoformat())
        f.sim(store, number="0968000002", free_until=(today + dt.timedelta(days=10)).isoformat())
        f.sim(store, number="0968000003", free_until=(today + dt.timedelta(days=90)).isoformat())
        f.sim(store, number="0968000004", free_until="")

    call(app_window, fill)
    app_window.ctx.notify("sim")
    model = page.sims_model
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    col = [c for c, _h in model.COLUMNS].index("free_until")
    rows = {model.index(r, 0).data(): r for r in range(4)}

    def cell(number, role=Qt.ItemDataRole.DisplayRole):
        return model.index(rows[number], col).data(role)

    ended = today - dt.timedelta(days=3)
    assert cell("0968000001") == ended.strftime("%d/%m/%Y")
    assert cell("0968000001", Qt.ItemDataRole.BackgroundRole).color() == ENDED[0]
    assert cell("0968000001", Qt.ItemDataRole.ForegroundRole).color() == ENDED[1]
    assert cell("0968000001", Qt.ItemDataRole.ToolTipRole) == tr(
        "SimsModel", "The free period ended on {0}.").format(f"{ended:%d/%m/%Y}")
    assert cell("0968000002", Qt.ItemDataRole.BackgroundRole).color() == ENDING[0]
    ending = today + dt.timedelta(days=10)
    assert cell("0968000002", Qt.ItemDataRole.ToolTipRole) == tr(
        "SimsModel", "The free period ends in %n day(s), on {0}.", 10).format(f"{ending:%d/%m/%Y}")
    for quiet in ("0968000003", "0968000004"):
        assert cell(quiet, Qt.ItemDataRole.BackgroundRole) is None
        assert cell(quiet, Qt.ItemDataRole.ToolTipRole) is None
    # other columns are not coloured
    assert model.index(rows["0968000001"], 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_add_sim_dialog(app_window, page, qtbot):
    dlg = page.open_add_sim()
    qtbot.keyClicks(dlg.inputs["number"], "+84 968 123 456")
    qtbot.keyClicks(dlg.inputs["iccid"], "8984 0480 0000 1234 567")
    dlg.inputs["carrier"].setCurrentIndex(dlg.inputs["carrier"].findData("viettel"))
    qtbot.keyClicks(dlg.inputs["data_package"], "ST70K")
    qtbot.keyClicks(dlg.inputs["free_until"].line, "31052027")  # typed without separators
    dlg.inputs["free_until"].line.editingFinished.emit()
    assert dlg.inputs["free_until"].text() == "31/05/2027"
    with qtbot.waitSignal(dlg.saved, timeout=3000):
        dlg.save()
    [sim] = call(app_window, lambda store: store.find(Sim))
    assert (sim.number, sim.iccid, sim.free_until, sim.data_package) == (
        "0968123456", "8984048000001234567", "2027-05-31", "ST70K")
    qtbot.waitUntil(lambda: page.sims_model.rowCount() == 1)
    assert page.sims_model.index(0, 4).data() == "31/05/2027"
    # the same number again is refused next to the field; no date means no free period
    dlg2 = page.open_add_sim()
    qtbot.keyClicks(dlg2.inputs["number"], "0968 123 456")
    dlg2.save()
    qtbot.waitUntil(lambda: dlg2.errors["number"].isVisible())
    assert "0968123456" in dlg2.errors["number"].text()
    dlg2.inputs["number"].setText("0968123457")
    with qtbot.waitSignal(dlg2.saved, timeout=3000):
        dlg2.save()
    assert call(app_window, lambda store: store.find(Sim, "number='0968123457'"))[0].free_until == ""


def test_models_pass_modeltester(qtmodeltester, app_window, page, qtbot):
    def fill(store):
        f.device(store, imei=imei("35693803564380"), value_vnd=3_000_000, received_date="2025-09-01")
        f.device(store, status="faulty", note="Vỡ màn hình")
        f.sim(store, free_until="2020-01-01")
        f.sim(store)

    call(app_window, fill)
    app_window.ctx.notify("*")
    qtbot.waitUntil(lambda: page.devices_model.rowCount() == 2 and page.sims_model.rowCount() == 2)
    qtmodeltester.check(page.devices_model)
    qtmodeltester.check(page.sims_model)
    page.devices_table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    serials = [page.devices_model.index(r, 2).data() for r in range(2)]
    assert serials == sorted(serials, reverse=True)
    qtmodeltester.check(page.devices_model)


def test_counts_label_and_status_filter(app_window, page, qtbot):
    def fill(store):
        for status in ("in_stock", "in_stock", "in_stock", "handed_over", "faulty"):
            f.device(store, status=status)
        f.device(store, unit_id="another-school")  # not this school's stock
        f.sim(store)
        f.sim(store, status="expired")

    call(app_window, fill)
    app_window.ctx.notify("*")
    qtbot.waitUntil(lambda: page.devices_model.rowCount() == 5)
    total = tr("DevicesPage", "Total: {0}")
    assert page.device_counts.text() == total.format(5) + " — Trong kho: 3, Đã bàn giao: 1, Hỏng: 1"
    qtbot.waitUntil(lambda: page.sim_counts.text() == total.format(2) + " — Trong kho: 1, Hết hạn: 1")
    page.device_status.setCurrentIndex(page.device_status.findData("in_stock"))
    qtbot.waitUntil(lambda: page.devices_model.rowCount() == 3)
    assert {page.devices_model.record(r).status for r in range(3)} == {"in_stock"}
    assert page.device_counts.text().startswith(total.format(5))  # counts ignore the filter
    page.sim_status.setCurrentIndex(page.sim_status.findData("expired"))
    qtbot.waitUntil(lambda: page.sims_model.rowCount() == 1)


def test_mark_faulty_or_lost_but_not_a_handed_over_device(app_window, page, qtbot, monkeypatch, no_real_dialogs):
    def fill(store):
        return f.device(store, serial="KEEP-1").id, f.device(store, serial="WITH-CHILD", status="handed_over").id

    keep, given = call(app_window, fill)
    app_window.ctx.notify("device")
    qtbot.waitUntil(lambda: page.devices_model.rowCount() == 2)
    asked = []
    monkeypatch.setattr(Dialogs, "ask_text",
                        staticmethod(lambda parent, title, text: asked.append(text) or "Vỡ màn hình"))

    def select(serial):
        row = next(r for r in range(page.devices_model.rowCount()) if page.devices_model.record(r).serial == serial)
        page.devices_table.selectRow(row)

    assert not page.faulty_button.isEnabled()
    select("WITH-CHILD")
    assert "WITH-CHILD" in page.faulty_button.toolTip()
    qtbot.mouseClick(page.faulty_button, Qt.MouseButton.LeftButton)
    assert no_real_dialogs and no_real_dialogs[-1][0] == "warn" and "WITH-CHILD" in no_real_dialogs[-1][1]
    assert asked == []
    assert call(app_window, lambda store: store.get(Device, given).status) == "handed_over"

    select("KEEP-1")
    qtbot.mouseClick(page.faulty_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: call(app_window, lambda store: store.get(Device, keep).status) == "faulty")
    dev = call(app_window, lambda store: store.get(Device, keep))
    assert dev.condition == "faulty" and dev.note.endswith("Vỡ màn hình") and "KEEP-1" in asked[0]
    history = call(app_window, lambda store: store.history(keep))
    assert history[-1]["action"] == "device.faulty"
    qtbot.waitUntil(lambda: "Hỏng: 1" in page.device_counts.text())

    select("KEEP-1")
    qtbot.mouseClick(page.lost_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: call(app_window, lambda store: store.get(Device, keep).status) == "lost")


def test_sim_free_until_calendar_opens_at_the_current_month(app_window, page, qtbot):
    """It opened at January 2000 (issue 13): empty, it opens at this month."""
    import datetime as _dt

    dlg = page.open_add_sim()
    field = dlg.inputs["free_until"]
    assert field.text() == ""  # optional: no date until one is chosen
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    cal = field.calendar
    qtbot.waitUntil(lambda: cal.isVisible())
    today = _dt.date.today()
    assert (cal.yearShown(), cal.monthShown()) == (today.year, today.month)
    cal.hide()
