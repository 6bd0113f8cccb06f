"""Issue 13's acceptance test, "a school's whole day works without help", through the real
widgets: a fresh data folder → the wizard with a teacher and the head → the class list →
the teacher surveys and submits a need (the birth date typed) → File → Switch user… to the
head, who verifies and approves → a tablet and a SIM received (dates typed) → a SIM alone
handed over (the child still waits for the tablet: nobody missed) → the tablet handed over
→ the printed minute. Every date is typed on the keyboard; the figures the teacher sees
(waiting counts, the navigation's badge, the dashboard) are checked at each step."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWizard

from app.records import Device, Handover, Need, Sim, Student
from tests.helpers import factories as f
from ui.dates import DateField
from ui.errors import Dialogs
from ui.main import after_wizard, make_app, start
from ui.pages.devices import AddSimDialog, ReceiveDeviceDialog
from ui.pages.handovers import HandoverDialog, MinuteActions, ReturnDialog
from ui.roster_dialog import RosterImportDialog
from ui.student_form import StudentForm

TEACHER, TEACHER_PIN = "Vàng Thị Mai", "1357"
HEAD, HEAD_PIN = "Lò Văn Minh", "2468"
CHILD = "Lò Thị Ánh"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def typed(day: dt.date) -> str:
    """A date as a teacher types it without separators: 20062016."""
    return day.strftime("%d%m%Y")


def type_date(qtbot, field: DateField, day: dt.date) -> None:
    """Empty the field as a person does (select all, delete), then type the date."""
    field.line.setFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field.line, Qt.Key.Key_Delete)
    qtbot.keyClicks(field.line, typed(day))
    field.line.editingFinished.emit()  # leaving the field (offscreen there is no focus change)
    assert field.text() == day.strftime("%d/%m/%Y") and not field.problem()


def button(widget, name: str) -> QPushButton | None:
    return widget.findChild(QPushButton, name)


def dashboard_figures(window, qtbot) -> dict[str, str]:
    """The dashboard's tiles as the teacher reads them, after the page has read the figures."""
    window.show_page("dashboard")
    dash = window.pages["dashboard"]
    before = dash.figures
    dash.refresh()  # what showing the page does when something changed (not waiting for the debounce)
    qtbot.waitUntil(lambda: dash.figures is not before)
    return {name: label.text() for name, label in dash.tiles.items()}


def handovers_page(window, qtbot, count_text: str):
    window.show_page("handovers")
    page = window.pages["handovers"]
    qtbot.waitUntil(lambda: page.waiting_count.text().startswith(count_text), timeout=5000)
    return page


def switch_user(window, qtbot, name: str, pin: str) -> None:
    """File → Switch user…: the login dialog, the name chosen, the PIN typed, Enter."""
    window.findChild(QAction, "switch_user").trigger()
    qtbot.waitUntil(lambda: getattr(window, "_login", None) is not None and window._login.isVisible())
    login = window._login
    login.who.setCurrentIndex(login.who.findText(name))
    qtbot.keyClicks(login.pin, "0000")  # a wrong PIN first: said, nothing changes
    qtbot.keyClick(login.pin, Qt.Key.Key_Return)
    assert name in login.problem.text() and login.isVisible()
    qtbot.keyClicks(login.pin, pin)
    qtbot.keyClick(login.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.ctx.user.name == name)
    assert not login.isVisible()


def open_child(window, qtbot) -> StudentForm:
    """The students page: double-click the child's row (the page opens the form)."""
    window.show_page("students")
    students = window.pages["students"]
    qtbot.waitUntil(lambda: students.model.total() == 3)
    row = next(r for r in range(students.model.rowCount()) if students.model.index(r, 0).data() == CHILD)
    students.table.doubleClicked.emit(students.model.index(row, 0))
    form = students.findChild(StudentForm)
    qtbot.waitUntil(lambda: form.student is not None)
    return form


def test_a_schools_whole_day(qtbot, tmp_path, monkeypatch, no_real_dialogs):
    offered: list = []
    monkeypatch.setattr(MinuteActions, "offer", staticmethod(lambda parent, written: offered.append(written)))
    asked: list[str] = []
    refuse: list[str] = []  # the teacher answers No to a question containing one of these

    def confirm(parent, msg: str) -> bool:
        asked.append(msg)
        return not any(words in msg for words in refuse)

    monkeypatch.setattr(Dialogs, "confirm", staticmethod(confirm))
    today = dt.date.today()
    make_app()
    data = tmp_path / "school"
    worker, wizard = start(data, None, interactive=False)
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        # 1. first run on a fresh folder: Vietnamese, the school, a teacher and the head
        nxt = wizard.button(QWizard.WizardButton.NextButton)
        nxt.click()
        school = wizard.school_page
        qtbot.waitUntil(lambda: school.province.findData("12") >= 0)
        school.province.setCurrentIndex(school.province.findData("12"))
        qtbot.waitUntil(lambda: school.commune.findData("03388") >= 0)
        school.commune.setCurrentIndex(school.commune.findData("03388"))
        qtbot.waitUntil(lambda: school.existing.count() >= 1)
        qtbot.keyClicks(school.code, "th0007")
        assert school.code.text() == "TH0007"
        school.name.setText("Trường PTDTBT TH Nậm Cha")
        assert nxt.isEnabled()
        nxt.click()
        you = wizard.user_page
        you.name.setText(TEACHER)  # QtTest types ASCII only
        you.role.setCurrentIndex(you.role.findData("teacher"))
        assert you.head_box.isVisible()
        qtbot.keyClicks(you.pin, TEACHER_PIN)
        qtbot.keyClicks(you.pin2, TEACHER_PIN)
        assert not nxt.isEnabled()  # the head, or "later"
        you.head_name.setText(HEAD)
        qtbot.keyClicks(you.head_pin, HEAD_PIN)
        qtbot.keyClicks(you.head_pin2, HEAD_PIN)
        assert nxt.isEnabled(), you.problem.text()
        nxt.click()
        assert not wizard.demo_page.demo.isChecked()
        wizard.button(QWizard.WizardButton.FinishButton).click()
        window = after_wizard(worker, wizard, data)
        qtbot.addWidget(window)
        window.show()
        assert (window.ctx.user.name, window.ctx.user.role) == (TEACHER, "teacher")
        users = {u["name"]: u for u in worker.call(lambda s: s.users())}
        assert users[HEAD]["role"] == "head" and worker.call(lambda s: s.check_pin(users[HEAD]["id"], HEAD_PIN))

        # 2. the class list as the office exported it; two children in a priority group
        roster = tmp_path / "lop4a.csv"
        roster.write_text(
            "DANH SÁCH HỌC SINH LỚP 4A\n\n"
            "STT;Họ và tên;Ngày sinh;Giới tính;Số định danh;Hộ nghèo/cận nghèo;Họ tên cha/mẹ\n"
            "1;Lò Thị Ánh;12/05/2016;Nữ;;Hộ nghèo;Lò Văn Bình\n"
            "2;Giàng A Sình;01/01/2016;Nam;;;Giàng A Chứ\n"
            "3;Sùng Thị Dợ;03/09/2016;Nữ;;Hộ cận nghèo;Sùng A Lử\n", encoding="utf-8-sig")
        monkeypatch.setattr(Dialogs, "open_file", staticmethod(lambda parent, title, filters: str(roster)))
        window.show_page("students")
        button(window.pages["students"], "import_roster").click()
        dlg = window.pages["students"].findChild(RosterImportDialog)
        button(dlg, "choose_file").click()
        qtbot.waitUntil(lambda: dlg.stack.currentIndex() == dlg.MAPPING and dlg.model.rowCount() == 3,
                        timeout=10_000)
        dlg.default_class.setText("4A")
        dlg.import_button.click()
        qtbot.waitUntil(lambda: dlg.stack.currentIndex() == dlg.SUMMARY, timeout=15_000)
        dlg.close()
        # nobody missed: the two poor / near-poor children without a need are "still waiting"
        figures = dashboard_figures(window, qtbot)
        assert (figures["in_need"], figures["approved"], figures["handed_over"], figures["waiting"]) == \
            ("0", "0", "0", "2")
        assert window.pages["dashboard"].figures["waiting_no_need"] == 2
        qtbot.waitUntil(lambda: window.waiting == 2, timeout=5000)

        # 3. the teacher: the birth certificate says 20/06/2016; the need survey; submit
        form = open_child(window, qtbot)
        assert form.inputs["birth_date"].text() == "12/05/2016"
        type_date(qtbot, form.inputs["birth_date"], dt.date(2016, 6, 20))
        form.survey.setChecked(True)
        form.inputs["current_device"].setCurrentIndex(form.inputs["current_device"].findData("none"))
        form.inputs["device_requested"].setCurrentIndex(form.inputs["device_requested"].findData("tablet"))
        form.inputs["needs_sim"].setChecked(True)
        qtbot.waitUntil(lambda: button(form, "action_submit") is not None)
        assert button(form, "action_submit").isEnabled()
        button(form, "action_submit").click()
        qtbot.waitUntil(lambda: form.need is not None and form.need.status == "submitted")
        assert asked[-1] == f"Gửi nhu cầu của {CHILD}?"
        # the head's steps are on the form, not the teacher's to take, and say who takes them
        qtbot.waitUntil(lambda: button(form, "action_verify") is not None and form.workflow_hint.isVisible())
        assert not button(form, "action_verify").isEnabled()
        assert HEAD in form.workflow_hint.text()
        form.close()
        st = worker.call(lambda s: s.find(Student, "full_name=?", (CHILD,))[0])
        assert st.birth_date == "2016-06-20"
        page = handovers_page(window, qtbot, "0 em đang chờ")
        qtbot.waitUntil(lambda: "phê duyệt" in page.waiting_count.text() and HEAD in page.waiting_count.text())
        figures = dashboard_figures(window, qtbot)
        assert (figures["in_need"], figures["approved"], figures["waiting"]) == ("1", "0", "1")

        # 4. the head signs in on the same window (File → Switch user…), verifies, approves
        switch_user(window, qtbot, HEAD, HEAD_PIN)
        assert window.ctx.user.role == "head"
        form = open_child(window, qtbot)
        for action in ("verify", "approve"):
            qtbot.waitUntil(lambda a=action: button(form, f"action_{a}") is not None
                            and button(form, f"action_{a}").isEnabled())
            button(form, f"action_{action}").click()
            qtbot.waitUntil(lambda a=action: form.need.status == {"verify": "verified", "approve": "approved"}[a])
        assert form.need_status.text() == "Đã phê duyệt"
        form.close()
        figures = dashboard_figures(window, qtbot)
        assert (figures["in_need"], figures["approved"], figures["handed_over"], figures["waiting"]) == \
            ("1", "1", "0", "2")
        qtbot.waitUntil(lambda: window.waiting == 2, timeout=5000)

        # 5. back to the teacher; a donated tablet and a SIM arrive (dates typed)
        switch_user(window, qtbot, TEACHER, TEACHER_PIN)
        window.show_page("devices")
        devices = window.pages["devices"]
        button(devices, "receive_device").click()
        receive = devices.findChild(ReceiveDeviceDialog)
        receive.inputs["kind"].setCurrentIndex(receive.inputs["kind"].findData("tablet"))
        qtbot.keyClicks(receive.inputs["brand_model"], "Samsung Galaxy Tab A8")
        qtbot.keyClicks(receive.inputs["serial"], "r9xt000777")
        received = today - dt.timedelta(days=3)
        type_date(qtbot, receive.inputs["received_date"], received)
        with qtbot.waitSignal(receive.saved, timeout=5000):
            button(receive, "save").click()
        [device] = worker.call(lambda s: s.find(Device))
        assert (device.serial, device.kind, device.received_date) == ("R9XT000777", "tablet", received.isoformat())
        button(devices, "add_sim").click()
        add_sim = devices.findChild(AddSimDialog)
        qtbot.keyClicks(add_sim.inputs["number"], "0968 123 456")
        add_sim.inputs["carrier"].setCurrentIndex(add_sim.inputs["carrier"].findData("viettel"))
        free_until = dt.date(today.year + 1, 5, 31)
        type_date(qtbot, add_sim.inputs["free_until"], free_until)
        with qtbot.waitSignal(add_sim.saved, timeout=5000):
            button(add_sim, "save").click()
        [sim] = worker.call(lambda s: s.find(Sim))
        assert (sim.number, sim.free_until) == ("0968123456", free_until.isoformat())
        figures = dashboard_figures(window, qtbot)
        assert (figures["in_stock"], figures["sims_in_stock"], figures["waiting"]) == ("1", "1", "2")

        # 6. the SIM alone: the child asked for a tablet, so she still waits (nobody missed)
        page = handovers_page(window, qtbot, "1 em đang chờ")
        page.waiting_table.selectRow(0)
        page.hand_over_button.click()
        hd = page.findChild(HandoverDialog)
        qtbot.waitUntil(lambda: hd.sim.count() > 1 and hd.guardian_name.text() == "Lò Văn Bình")
        assert hd.child.currentText().startswith(CHILD)
        hd.sim.setCurrentIndex(hd.sim.findData(sim.id))
        assert hd.sim_note.isVisible() and "vẫn chờ thiết bị" in hd.sim_note.text()
        sim_day = today - dt.timedelta(days=2)
        type_date(qtbot, hd.date, sim_day)
        with qtbot.waitSignal(hd.saved, timeout=5000):
            hd.save_button.click()
        qtbot.waitUntil(lambda: len(offered) == 1, timeout=10_000)
        [(sim_pdf, sim_minute)] = offered[0]
        assert sim_minute["date"] == sim_day.isoformat()
        sim_text = re.sub(r"\s+", " ", nfc(" ".join(p.extract_text() for p in pypdf.PdfReader(str(sim_pdf)).pages)))
        assert CHILD in sim_text and "0968123456" in sim_text
        page = handovers_page(window, qtbot, "1 em đang chờ")
        assert page.waiting.row(0)["full_name"] == CHILD and page.waiting.index(0, 4).data() == ""
        figures = dashboard_figures(window, qtbot)
        assert (figures["approved"], figures["waiting"], figures["sims_in_stock"], figures["in_stock"]) == \
            ("1", "2", "0", "1")
        assert window.pages["dashboard"].figures["waiting_approved"] == 1
        # the dashboard lists both children the tile counts (its button: see the test below)
        dash = window.pages["dashboard"]
        assert dash.waiting_caption.text() == "Số em còn chờ: 2"
        assert sorted(dash.waiting_model.index(r, 0).data() for r in range(dash.waiting_model.rowCount())) == \
            sorted([CHILD, "Sùng Thị Dợ"])
        need = worker.call(lambda s: s.find(Need, "student_id=?", (st.id,))[0])
        assert need.status == "approved"

        # 7. the tablet, the date typed; the minute names the child and the serial
        page.waiting_table.selectRow(0)
        page.hand_over_button.click()
        hd = page.findChild(HandoverDialog)
        qtbot.waitUntil(lambda: hd.device.count() > 1 and hd.guardian_name.text() == "Lò Văn Bình")
        qtbot.keyClicks(hd.device_search, "r9xt000777")
        assert hd.device.currentData() == device.id
        assert not hd.sim_note.isVisible()
        # a slip of the year (last year's date): before the tablet came — asked; No writes nothing
        slip = today - dt.timedelta(days=1 + 365)
        type_date(qtbot, hd.date, slip)
        refuse.append("trước ngày trường nhận")
        hd.save_button.click()
        assert "trước ngày trường nhận" in asked[-1] and received.strftime("%d/%m/%Y") in asked[-1]
        assert slip.strftime("%d/%m/%Y") in asked[-1] and "R9XT000777" in asked[-1]
        qtbot.wait(200)
        assert hd.isVisible() and len(offered) == 1 and worker.call(lambda s: s.count(Handover)) == 1
        refuse.clear()
        questions = len(asked)
        hand_day = today - dt.timedelta(days=1)
        type_date(qtbot, hd.date, hand_day)
        with qtbot.waitSignal(hd.saved, timeout=5000):
            hd.save_button.click()
        assert len(asked) == questions  # the right date: nothing asked
        qtbot.waitUntil(lambda: len(offered) == 2, timeout=10_000)
        [(path, minute)] = offered[1]
        assert minute["date"] == hand_day.isoformat()
        assert (minute["giver_rep"], minute["giver_position"]) == (TEACHER, "Giáo viên chủ nhiệm")
        text = re.sub(r"\s+", " ", nfc(" ".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)))
        assert CHILD in text and "R9XT000777" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert hand_day.strftime("%d/%m/%Y") in text or f"ngày {hand_day.day:02d}" in text or \
            f"ngày {hand_day.day}" in text
        page = handovers_page(window, qtbot, "0 em đang chờ")
        assert page.events.rowCount() == 2
        figures = dashboard_figures(window, qtbot)
        assert (figures["in_need"], figures["approved"], figures["handed_over"], figures["waiting"],
                figures["in_stock"]) == ("1", "1", "1", "1", "0")
        qtbot.waitUntil(lambda: window.waiting == 1, timeout=5000)
        need = worker.call(lambda s: s.get(Need, need.id))
        assert need.status == "fulfilled"
        assert worker.call(lambda s: s.get(Device, device.id).status) == "handed_over"
        handovers = worker.call(lambda s: s.find(Handover, order_by="date"))
        assert [(h.date, bool(h.sim_id), bool(h.device_id)) for h in handovers] == \
            [(sim_day.isoformat(), True, False), (hand_day.isoformat(), False, True)]
        assert no_real_dialogs == []
        window.close()
    finally:
        worker.shutdown()


def test_a_return_dated_before_its_handover_is_refused(store, open_app, qtbot, monkeypatch):
    """The return's date typed with last year's year: refused, said, nothing written."""
    offered: list = []
    monkeypatch.setattr(MinuteActions, "offer", staticmethod(lambda parent, written: offered.append(written)))
    given = dt.date.today() - dt.timedelta(days=10)
    st = f.student(store, guardian_name="Lò Văn Bình")
    h = f.handover(store, st, f.approved_need(store, st), f.device(store, received_date=given.isoformat()),
                   date=given.isoformat())
    window = open_app(store, TEACHER, "teacher")
    page = handovers_page(window, qtbot, "0 em đang chờ")
    qtbot.waitUntil(lambda: page.events.rowCount() == 1)
    page.events_table.selectRow(0)
    page.return_button.click()
    dlg = page.findChild(ReturnDialog)
    type_date(qtbot, dlg.date, given - dt.timedelta(days=365))
    dlg.save_button.click()
    qtbot.waitUntil(lambda: "trước ngày bàn giao" in dlg.message.text())
    assert h.minute_no in dlg.message.text() and given.strftime("%d/%m/%Y") in dlg.message.text()
    assert window.ctx.worker.call(lambda s: s.count(Handover)) == 1 and offered == []
    type_date(qtbot, dlg.date, dt.date.today())
    with qtbot.waitSignal(dlg.saved, timeout=5000):
        dlg.save_button.click()
    qtbot.waitUntil(lambda: len(offered) == 1, timeout=10_000)


def test_show_waiting_lists_every_child_the_tile_counts(store, open_app, qtbot):
    f.approved_need(store, f.student(store, full_name=CHILD))
    f.student(store, full_name="Sùng Thị Dợ", birth_date="2016-09-03", household="near_poor")
    f.student(store, full_name="Giàng A Sình", birth_date="2016-01-01", sex="M", household="none")
    window = open_app(store, TEACHER, "teacher")
    figures = dashboard_figures(window, qtbot)
    assert figures["waiting"] == "2"
    button(window.pages["dashboard"], "show_waiting").click()
    students = window.pages["students"]
    qtbot.waitUntil(lambda: window.stack.currentWidget() is students)
    qtbot.waitUntil(lambda: students.count_label.text() != "" and students.model.rowCount() == students.model.total())
    qtbot.wait(200)
    names = sorted(students.model.index(r, 0).data() for r in range(students.model.rowCount()))
    assert names == sorted([CHILD, "Sùng Thị Dợ"])
