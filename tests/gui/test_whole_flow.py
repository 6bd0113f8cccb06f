"""The teacher's whole day through the real widgets: first run → import a class list →
survey and approve a need → receive a device → hand it over → the printed minute."""

from __future__ import annotations

import re
import unicodedata

import pypdf
from PySide6.QtWidgets import QPushButton

from app.records import Device, Need
from ui.main import after_wizard, make_app, start
from ui.pages.handovers import HandoverDialog, MinuteActions
from ui.roster_dialog import RosterImportDialog
from ui.student_form import StudentForm


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_first_run_to_printed_minute(qtbot, tmp_path, monkeypatch):
    offered = []
    monkeypatch.setattr(MinuteActions, "offer", staticmethod(lambda parent, written: offered.append(written)))
    make_app()
    data = tmp_path / "school"
    worker, wizard = start(data, None, interactive=False)
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        # 1. first run: Vietnamese, a new school in Lai Châu, the head teacher, no demo
        wizard.next()
        school = wizard.school_page
        qtbot.waitUntil(lambda: school.province.findData("12") >= 0)
        school.province.setCurrentIndex(school.province.findData("12"))
        qtbot.waitUntil(lambda: school.commune.findData("03388") >= 0)
        school.commune.setCurrentIndex(school.commune.findData("03388"))
        qtbot.waitUntil(lambda: school.existing.count() >= 1)
        school.code.setText("TH0007")
        school.name.setText("Trường PTDTBT TH Nậm Cha")
        wizard.next()
        wizard.user_page.name.setText("Lò Thị Hoa")
        wizard.user_page.role.setCurrentIndex(wizard.user_page.role.findData("head"))
        wizard.user_page.pin.setText("2468")
        wizard.user_page.pin2.setText("2468")
        wizard.next()
        window = after_wizard(worker, wizard, data)
        qtbot.addWidget(window)
        window.show()

        # 2. the class list, as the school office exported it (semicolons, BOM, a title row)
        roster = tmp_path / "lop4a.csv"
        roster.write_text(
            "DANH SÁCH HỌC SINH LỚP 4A\n\n"
            "STT;Họ và tên;Ngày sinh;Giới tính;Số định danh;Hộ nghèo/cận nghèo;Họ tên cha/mẹ\n"
            "1;Lò Thị Ánh;12/05/2016;Nữ;012316000123;Hộ nghèo;Lò Văn Bình\n"
            "2;Giàng A Sình;01/01/2016;Nam;;;Giàng A Chứ\n", encoding="utf-8-sig")
        dlg = RosterImportDialog(window.ctx, window)
        qtbot.addWidget(dlg)
        dlg.show()
        dlg.default_class.setText("4A")
        dlg.load_file(roster)
        qtbot.waitUntil(lambda: dlg.stack.currentIndex() == dlg.MAPPING and dlg.model.rowCount() == 2,
                        timeout=10_000)
        dlg.import_button.click()
        qtbot.waitUntil(lambda: dlg.stack.currentIndex() == dlg.SUMMARY, timeout=15_000)
        students = window.pages["students"]
        qtbot.waitUntil(lambda: students.model.total() == 2)

        # 3. the need survey, then submit, verify, approve (the head may do all three)
        row = next(r for r in range(2) if students.model.index(r, 0).data() == "Lò Thị Ánh")
        sid = students.model.student_id(row)
        form = StudentForm(window.ctx, sid, window)
        qtbot.addWidget(form)
        form.show()
        qtbot.waitUntil(lambda: form.student is not None)
        form.survey.setChecked(True)
        form.inputs["device_requested"].setCurrentIndex(form.inputs["device_requested"].findData("tablet"))
        with qtbot.waitSignal(form.saved, timeout=5000):
            form.save()
        form = StudentForm(window.ctx, sid, window)
        qtbot.addWidget(form)
        form.show()
        for action in ("submit", "verify", "approve"):
            qtbot.waitUntil(lambda a=action: form.findChild(QPushButton, f"action_{a}") is not None)
            form.findChild(QPushButton, f"action_{action}").click()
        qtbot.waitUntil(lambda: form.need is not None and form.need.status == "approved")

        # 4. a donated tablet arrives
        devices = window.pages["devices"]
        receive = devices.open_receive_device()
        receive.inputs["brand_model"].setText("Samsung Galaxy Tab A8")
        receive.inputs["serial"].setText("R9XT000777")
        with qtbot.waitSignal(receive.saved, timeout=5000):
            receive.save_button.click()
        [device] = worker.call(lambda store: store.find(Device))

        # 5. the handover and its minute
        window.show_page("handovers")
        handovers = window.pages["handovers"]
        qtbot.waitUntil(lambda: handovers.waiting.rowCount() == 1)
        handovers.waiting_table.selectRow(0)
        handovers.hand_over_button.click()
        hd = handovers.findChild(HandoverDialog)
        qtbot.waitUntil(lambda: hd.device.count() > 1 and hd.guardian_name.text() == "Lò Văn Bình")
        hd.device.setCurrentIndex(hd.device.findData(device.id))
        with qtbot.waitSignal(hd.saved, timeout=5000):
            hd.save_button.click()
        qtbot.waitUntil(lambda: bool(offered), timeout=10_000)
        [(path, _minute)] = offered[0]
        pages = pypdf.PdfReader(str(path)).pages
        assert len(pages) >= 1
        text = re.sub(r"\s+", " ", nfc(" ".join(p.extract_text() for p in pages)))
        assert "Lò Thị Ánh" in text and "R9XT000777" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        need = worker.call(lambda store: store.find(Need, "student_id=?", (sid,))[0])
        assert need.status == "fulfilled"
        assert worker.call(lambda store: store.get(Device, device.id).status) == "handed_over"
    finally:
        worker.shutdown()
