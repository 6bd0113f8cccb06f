"""Handover screen: the dialog on the real store, the minute PDF, returns and reassignments."""

from __future__ import annotations

import re
import threading
import unicodedata

import pypdf
import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.ops import paper as paper_ops
from app.paper import PaperSettings
from app.records import Device, Handover, Need
from tests.helpers import factories as f
from ui.pages.handovers import HandoverDialog, HandoversPage, MinuteActions, ReturnDialog


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def printed(minute_no: str) -> str:
    """The number as the paper prints it: without the computer's mark (issue 16 item 6)."""
    return minute_no.rsplit(".", 1)[0]


def pdf_text(path) -> list[str]:
    """Each page's text, NFC, white space collapsed (pypdf puts tabs between Qt's words)."""
    return [re.sub(r"\s+", " ", nfc(p.extract_text())) for p in pypdf.PdfReader(str(path)).pages]


@pytest.fixture
def minutes(monkeypatch):
    """What would have been offered, opened or printed (no viewer, no printer)."""
    got: dict[str, list] = {"offer": [], "print": [], "open": [], "threads": []}
    monkeypatch.setattr(MinuteActions, "offer", staticmethod(lambda parent, written: got["offer"].append(written)))
    monkeypatch.setattr(MinuteActions, "print", staticmethod(lambda parent, minute: got["print"].append(minute)))
    monkeypatch.setattr(MinuteActions, "open", staticmethod(lambda path, parent=None: got["open"].append(path)))
    import ui.minute_pdf as mp

    real = mp.write_minute_pdf

    def spy(path, minute):
        got["threads"].append(threading.current_thread() is threading.main_thread())
        return real(path, minute)

    monkeypatch.setattr(mp, "write_minute_pdf", spy)
    return got


@pytest.fixture
def page(app_window, qtbot):
    p = HandoversPage(app_window.ctx)
    qtbot.addWidget(p)
    p.show()
    return p


def call(window, fn):
    result = window.ctx.worker.call(fn)
    window.ctx.notify("*")
    return result


def child_with_need(store, **kw):
    st = f.student(store, **{"guardian_name": "Lò Văn Bình", "guardian_relation": "Bố", **kw})
    return st, f.approved_need(store, st)


def open_dialog(page, qtbot, row: int = 0) -> HandoverDialog:
    qtbot.waitUntil(lambda: page.waiting.rowCount() > row)
    page.waiting_table.selectRow(row)
    page.hand_over_button.click()
    dlg = page.findChild(HandoverDialog)
    qtbot.waitUntil(lambda: dlg.device.count() > 1 and dlg.guardian_name.text() != "")
    return dlg


def test_the_giver_is_the_representative_of_the_paper_settings(app_window, page, qtbot):
    """Issue 16 item 13: the dialog names the school's representative from Thiết lập văn bản
    (with position) as the giver; without one, the signed-in user as before."""
    call(app_window, lambda s: (child_with_need(s), f.device(s)))
    dlg = open_dialog(page, qtbot)
    assert dlg.giver_rep.text() == "Lò Thị Hoa" and dlg.giver_position.text() == "Hiệu trưởng"
    dlg.close()
    call(app_window, lambda s: paper_ops.save(s, PaperSettings(representative="Vàng Văn Sử",
                                                               representative_title="Phó hiệu trưởng")))
    dlg = open_dialog(page, qtbot)
    qtbot.waitUntil(lambda: dlg.giver_rep.text() == "Vàng Văn Sử")
    assert dlg.giver_position.text() == "Phó hiệu trưởng"
    assert not dlg.has_unsaved_changes()


def test_hand_over_writes_the_record_and_the_minute(app_window, page, qtbot, minutes):
    st, need, dev = call(app_window, lambda s: (*child_with_need(s), f.device(s, imei="356938035643809")))
    dlg = open_dialog(page, qtbot)
    assert dlg.child.currentData() == st.id
    assert dlg.guardian_name.text() == "Lò Văn Bình" and dlg.guardian_relation.text() == "Bố"
    assert dlg.place.text() == "Trường PTDTBT TH Nậm Cha"
    assert dlg.giver_rep.text() == "Lò Thị Hoa" and dlg.giver_position.text() == "Hiệu trưởng"
    assert dlg.date.date().toString("dd/MM/yyyy") == dlg.date.date().currentDate().toString("dd/MM/yyyy")
    # a scanner types the serial and Enter: that device is picked and the dialog stays open
    qtbot.keyClicks(dlg.device_search, dev.serial.lower())
    qtbot.keyClick(dlg.device_search, Qt.Key.Key_Return)
    assert dlg.device.currentData() == dev.id and dlg.isVisible()
    dlg.guardian_id_no.setText("012080001234")
    dlg.accessories.setText("Sạc, tai nghe")  # keyClicks is ASCII only
    with qtbot.waitSignal(dlg.saved, timeout=5000):
        dlg.save_button.click()
    qtbot.waitUntil(lambda: bool(minutes["offer"]), timeout=10_000)

    h = app_window.ctx.worker.call(lambda s: s.active_handovers(st.id))[0]
    assert h.minute_no.startswith("001/") and "/BBBG-TH0001." in h.minute_no
    assert (h.guardian_id_no, h.accessories, h.device_id) == ("012080001234", "Sạc, tai nghe", dev.id)
    assert app_window.ctx.worker.call(lambda s: s.get(Device, dev.id).status) == "handed_over"
    assert app_window.ctx.worker.call(lambda s: s.get(Need, need.id).status) == "fulfilled"

    [(path, minute)] = minutes["offer"][0]
    # named by the number as printed: without the computer's mark the record keeps (issue 16 item 6)
    assert path == app_window.ctx.data_dir / "minutes" / (printed(h.minute_no).replace("/", "-") + ".pdf")
    assert not path.with_suffix(".tmp").exists()
    assert minutes["threads"] == [False]  # written on a pool thread, not the GUI thread
    pages = pdf_text(path)
    assert len(pages) >= 1
    text = "\n".join(pages)
    for expected in ("Nguyễn Thị Ánh", printed(h.minute_no), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", dev.serial,
                     "BIÊN BẢN BÀN GIAO THIẾT BỊ HỌC TẬP", "Lò Văn Bình", "012080001234", "356938035643809"):
        assert nfc(expected) in text, expected
    # the lists follow: the child no longer waits, the event is listed
    qtbot.waitUntil(lambda: page.waiting.rowCount() == 0 and page.events.rowCount() == 1)
    assert page.events.index(0, 0).data() == printed(h.minute_no)
    assert page.events.index(0, 2).data() == "Nguyễn Thị Ánh"


def test_device_not_in_stock_shows_the_rule_and_saves_nothing(app_window, page, qtbot, minutes):
    st, need, dev = call(app_window, lambda s: (*child_with_need(s), f.device(s)))
    dlg = open_dialog(page, qtbot)
    dlg.device.setCurrentIndex(dlg.device.findData(dev.id))
    # meanwhile the device was reported lost on this computer
    app_window.ctx.worker.call(lambda s: s.save(Device(**{**s.get(Device, dev.id).to_row(), "status": "lost"}), "gv"))
    dlg.save_button.click()
    qtbot.waitUntil(lambda: dlg.message.text() != "")
    assert dev.serial in dlg.message.text() and "không còn trong kho" in dlg.message.text()
    assert dlg.isVisible() and dlg.save_button.isEnabled()
    assert app_window.ctx.worker.call(lambda s: s.count(Handover)) == 0
    assert app_window.ctx.worker.call(lambda s: s.get(Need, need.id).status) == "approved"
    assert minutes["offer"] == []


def test_child_holding_a_device_needs_an_override_reason(app_window, page, qtbot, minutes):
    def fill(s):
        st, need = child_with_need(s)
        f.handover(s, st, need, f.device(s))
        need2 = s.save(Need(unit_id=st.unit_id, student_id=st.id, school_year="2026-2027"), "gv")
        for action, role in (("submit", "teacher"), ("verify", "head"), ("approve", "head")):
            need2 = s.need_action(need2.id, action, "gv", role)
        return st, f.device(s, kind="laptop", brand_model="Dell Latitude 3420")

    st, laptop = call(app_window, fill)
    dlg = open_dialog(page, qtbot)
    dlg.device.setCurrentIndex(dlg.device.findData(laptop.id))
    assert not dlg.override_reason.isVisible()
    dlg.save_button.click()
    qtbot.waitUntil(lambda: dlg.override_reason.isVisible())
    assert "đang giữ thiết bị" in dlg.message.text()
    assert len(app_window.ctx.worker.call(lambda s: s.active_handovers(st.id))) == 1
    dlg.override_reason.setText("Máy tính bảng hỏng màn hình, cấp thêm laptop")
    with qtbot.waitSignal(dlg.saved, timeout=5000):
        dlg.save_button.click()
    active = app_window.ctx.worker.call(lambda s: s.active_handovers(st.id))
    assert len(active) == 2
    assert active[-1].override_reason == "Máy tính bảng hỏng màn hình, cấp thêm laptop"
    qtbot.waitUntil(lambda: bool(minutes["offer"]), timeout=10_000)
    assert "Lý do giao thêm thiết bị" in "".join(pdf_text(minutes["offer"][0][0][0]))


def test_signed_paper_and_return(app_window, page, qtbot, minutes):
    def fill(s):
        st, need = child_with_need(s)
        dev = f.device(s)
        return st, need, dev, f.handover(s, st, need, dev)

    st, need, dev, h = call(app_window, fill)
    qtbot.waitUntil(lambda: page.events.rowCount() == 1)
    page.events_table.selectRow(0)
    assert page.signed_button.isEnabled() and page.return_button.isEnabled()
    page.signed_button.click()
    qtbot.waitUntil(lambda: app_window.ctx.worker.call(lambda s: s.get(Handover, h.id).signed_paper))
    assert app_window.ctx.worker.call(lambda s: s.history(h.id))[-1]["action"] == "handover.signed_paper"

    qtbot.waitUntil(lambda: page.events.rowCount() == 1 and page.events.row(0)["signed_paper"])
    page.events_table.selectRow(0)
    assert not page.signed_button.isEnabled()
    page.return_button.click()
    dlg = page.findChild(ReturnDialog)
    dlg.condition.setCurrentIndex(dlg.condition.findData("used_good"))
    dlg.reason.setText("Chuyển trường")
    with qtbot.waitSignal(dlg.saved, timeout=5000):
        dlg.save_button.click()
    assert app_window.ctx.worker.call(lambda s: s.active_handovers(st.id)) == []
    assert app_window.ctx.worker.call(lambda s: s.get(Device, dev.id).status) == "in_stock"
    assert app_window.ctx.worker.call(lambda s: s.get(Need, need.id).status) == "approved"
    qtbot.waitUntil(lambda: bool(minutes["offer"]), timeout=10_000)
    [(path, minute)] = minutes["offer"][0]
    assert path.name == printed(h.minute_no).replace("/", "-").replace("BBBG", "BBTH") + ".pdf"
    text = "".join(pdf_text(path))
    assert "BIÊN BẢN THU HỒI THIẾT BỊ" in text and "Chuyển trường" in text and printed(h.minute_no) in text
    qtbot.waitUntil(lambda: page.events.rowCount() == 2 and page.waiting.rowCount() == 1)
    page.events_table.selectRow([page.events.row(i)["event"] for i in range(2)].index("handed_over"))
    assert not page.return_button.isEnabled() and page.print_button.isEnabled()
    page.print_button.click()
    qtbot.waitUntil(lambda: bool(minutes["print"]), timeout=10_000)
    assert minutes["print"][0]["number"] == printed(h.minute_no)


def test_reassign_to_another_child(app_window, page, qtbot, minutes):
    def fill(s):
        a, need_a = child_with_need(s)
        b, need_b = child_with_need(s, full_name="Sùng Thị Dợ", class_name="4B", guardian_name="Sùng A Páo")
        dev = f.device(s)
        return a, need_a, b, need_b, dev, f.handover(s, a, need_a, dev)

    a, need_a, b, need_b, dev, h = call(app_window, fill)
    qtbot.waitUntil(lambda: page.events.rowCount() == 1)
    page.events_table.selectRow(0)
    page.reassign_button.click()
    dlg = page.findChild(HandoverDialog)
    qtbot.waitUntil(lambda: dlg.child.count() == 1 and dlg.guardian_name.text() == "Sùng A Páo")
    assert dlg.child.currentData() == b.id and dlg.device.currentData() == dev.id
    dlg.reason.setText("Học sinh chuyển trường")
    with qtbot.waitSignal(dlg.saved, timeout=5000):
        dlg.save_button.click()
    active = app_window.ctx.worker.call(lambda s: s.active_handovers())
    assert [(x.student_id, x.device_id) for x in active] == [(b.id, dev.id)]
    assert app_window.ctx.worker.call(lambda s: (s.get(Need, need_a.id).status, s.get(Need, need_b.id).status)) == (
        "approved", "fulfilled")
    qtbot.waitUntil(lambda: bool(minutes["offer"]), timeout=10_000)
    (closing_path, closing), (new_path, new) = minutes["offer"][0]
    text = "".join(pdf_text(closing_path))
    assert "BIÊN BẢN CHUYỂN GIAO THIẾT BỊ" in text and nfc("Sùng Thị Dợ") in text and new["number"] in text
    assert nfc("Sùng Thị Dợ") in "".join(pdf_text(new_path)) and new["event"] == "handed_over"


def test_models_pass_modeltester(app_window, page, qtbot, qtmodeltester):
    def fill(s):
        st, need = child_with_need(s)
        f.handover(s, st, need, f.device(s))
        child_with_need(s, full_name="Sùng Thị Dợ", class_name="4B")
        child_with_need(s, full_name="Hà Văn Tú", sex="M", class_name="2A", household="near_poor")
    call(app_window, fill)
    qtbot.waitUntil(lambda: page.waiting.rowCount() == 2 and page.events.rowCount() == 1)
    qtmodeltester.check(page.waiting)
    qtmodeltester.check(page.events)
    # priority first (poor before near-poor), then class and name
    assert [page.waiting.index(r, 1).data() for r in range(2)] == ["Sùng Thị Dợ", "Hà Văn Tú"]
    qtbot.keyClicks(page.search, "ha van")
    qtbot.waitUntil(lambda: page.waiting.rowCount() == 1 and page.events.rowCount() == 0)
    assert page.waiting.index(0, 1).data() == "Hà Văn Tú"


def test_long_device_list_continues_with_the_header(qapp, tmp_path):
    from ui.minute_pdf import write_minute_pdf

    lines = [{"name": "Máy tính bảng Samsung Galaxy Tab A8", "serial": f"R9XT{i:06d}", "imei": "356938035643809",
              "sim": "", "accessories": "Sạc, tai nghe", "condition": "Mới", "quantity": "1"} for i in range(40)]
    minute = {"event": "handed_over", "number": "007/2025/BBBG-TH0001.AB12", "date": "2025-10-15",
              "unit_name": "Trường PTDTBT TH Nậm Cha", "student": {"full_name": "Nguyễn Thị Ánh"},
              "guardian": {"name": "Lò Văn Bình"}, "giver_rep": "Lò Thị Hoa", "lines": lines}
    path = write_minute_pdf(tmp_path / "m.pdf", minute)
    pages = pdf_text(path)
    assert len(pages) >= 2
    assert all("Số serial" in p and "Tên thiết bị" in p for p in pages[:-1])  # header on every table page
    text = "".join(pages)
    assert all(f"R9XT{i:06d}" in text for i in range(40))
    assert "ngày 15 tháng 10 năm 2025" in text and "ĐẠI DIỆN BÊN NHẬN" in text
    assert list(tmp_path.iterdir()) == [path]


def test_a_failed_write_leaves_no_half_pdf(qapp, tmp_path, monkeypatch):
    import ui.minute_pdf as mp

    path = tmp_path / "m.pdf"
    path.write_bytes(b"the earlier minute")

    def crash(self):
        raise RuntimeError("power cut")

    monkeypatch.setattr(mp._Minute, "draw", crash)
    with pytest.raises(RuntimeError):
        mp.write_minute_pdf(path, {"event": "handed_over", "number": "1", "lines": []})
    assert path.read_bytes() == b"the earlier minute" and list(tmp_path.iterdir()) == [path]


def test_minute_that_cannot_be_written_is_reported_and_the_handover_kept(app_window, page, qtbot, minutes,
                                                                         no_real_dialogs):
    st, need, dev = call(app_window, lambda s: (*child_with_need(s), f.device(s)))
    (app_window.ctx.data_dir / "minutes").write_text("a file where the folder should be")
    dlg = open_dialog(page, qtbot)
    dlg.device.setCurrentIndex(dlg.device.findData(dev.id))
    with qtbot.waitSignal(dlg.saved, timeout=5000):
        dlg.save_button.click()
    qtbot.waitUntil(lambda: bool(no_real_dialogs), timeout=10_000)
    [(kind, text)] = no_real_dialogs
    assert kind == "warn" and "chưa ghi được biên bản" in text and "In lại biên bản" in text
    assert len(app_window.ctx.worker.call(lambda s: s.active_handovers(st.id))) == 1
    assert minutes["offer"] == []


def test_the_dialog_explains_a_child_or_device_already_given_and_a_scanner_enter_saves_nothing(
        app_window, page, qtbot, minutes):
    """Issue 13 item 11."""
    def fill(s):
        st, need = child_with_need(s)  # Nguyễn Thị Ánh, guardian Lò Văn Bình
        dev = f.device(s, brand_model="Samsung Galaxy Tab A8", serial="R9XTGIVEN1")
        h = f.handover(s, st, need, dev, date="2025-10-15")
        other, _n = child_with_need(s, full_name="Vàng Seo Páo", sex="M", guardian_name="Vàng A Dũng",
                                    guardian_relation="Bố")
        return h, other, f.device(s)

    h, other, free = call(app_window, fill)
    dlg = open_dialog(page, qtbot)
    assert dlg.child.currentData() == other.id and dlg.guardian_name.text() == "Vàng A Dũng"
    # the focus is on the first field, never on Save: a scanner's Enter hands nothing over
    assert dlg.focusWidget() is not dlg.save_button
    qtbot.keyClicks(dlg.device_search, free.serial)
    qtbot.keyClick(dlg.device_search, Qt.Key.Key_Return)
    assert dlg.device.currentData() == free.id
    dlg.save_button.setFocus()
    qtbot.keyClick(dlg.save_button, Qt.Key.Key_Return)
    qtbot.wait(100)
    assert dlg.isVisible() and app_window.ctx.worker.call(lambda s: s.count(Handover)) == 1

    # a device already handed over, typed or scanned: where it went, with the minute
    dlg.device_search.clear()
    qtbot.keyClicks(dlg.device_search, "R9XTGIVEN1")
    qtbot.waitUntil(lambda: "theo biên bản số" in dlg.message.text())
    assert "Nguyễn Thị Ánh" in dlg.message.text() and printed(h.minute_no) in dlg.message.text()
    dlg.message.clear()
    qtbot.keyClick(dlg.device_search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "theo biên bản số" in dlg.message.text())

    # a child who already holds a device: said, not an empty list; the guardian of the
    # child shown before is cleared
    qtbot.keyClicks(dlg.child_search, "nguyen thi anh")
    qtbot.waitUntil(lambda: dlg.child_info.isVisible())
    said = f"đã nhận máy Samsung Galaxy Tab A8 R9XTGIVEN1 theo biên bản số {printed(h.minute_no)}"
    assert said in dlg.child_info.text()
    assert dlg.child.count() == 0 and dlg.guardian_name.text() == "" and dlg.guardian_relation.text() == ""
    dlg.child_search.clear()
    qtbot.waitUntil(lambda: not dlg.child_info.isVisible() and dlg.guardian_name.text() == "Vàng A Dũng")


class _Opened(QObject):
    """Stands in for the file manager: a handler QDesktopServices calls for file URLs."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.urls.append(url.toLocalFile())


# the offscreen platform's word for "no viewer" is this warning; here it is the point of the test
@pytest.mark.qt_log_ignore(r"^This plugin does not support QPlatformServices::openDocument\(\)")
def test_open_without_a_pdf_viewer_says_so_and_offers_the_folder(app_window, page, qtbot, tmp_path):
    """Issue 13 item 15: "Mở" did nothing on a computer with no PDF viewer (this test
    platform has none: QDesktopServices.openUrl returns False, as there)."""
    path = tmp_path / "minutes" / "001-2025-BBBG-TH0001.pdf"
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.4\n")
    assert MinuteActions.open(path, page) is False
    box = page.findChild(QMessageBox, "no_pdf_viewer")
    assert box is not None and box.isVisible() and str(path) in box.text()
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "show")
    try:
        box.findChild(QPushButton, "open_folder").click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened.urls == [str(path.parent)]


def test_a_sim_alone_says_the_child_keeps_waiting(app_window, page, qtbot, minutes):
    """Issue 13 item 7, in the dialog: a SIM without the tablet leaves the need open."""
    st, need, sim = call(app_window, lambda s: (*child_with_need(s), f.sim(s)))
    qtbot.waitUntil(lambda: page.waiting.rowCount() == 1)
    page.waiting_table.selectRow(0)
    page.hand_over_button.click()
    dlg = page.findChild(HandoverDialog)
    qtbot.waitUntil(lambda: dlg.sim.count() > 1 and dlg.guardian_name.text() != "")
    assert not dlg.sim_note.isVisible()
    dlg.sim.setCurrentIndex(dlg.sim.findData(sim.id))
    assert dlg.sim_note.isVisible() and "vẫn chờ thiết bị" in dlg.sim_note.text()
    with qtbot.waitSignal(dlg.saved, timeout=5000):
        dlg.save_button.click()
    assert app_window.ctx.worker.call(lambda s: s.get(Need, need.id).status) == "approved"
    qtbot.waitUntil(lambda: page.waiting.rowCount() == 1)  # still waiting for the device
