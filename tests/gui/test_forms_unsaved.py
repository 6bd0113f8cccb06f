"""Closing a half-filled form asks "Lưu / Bỏ / Quay lại" (ui.forms.UnsavedChangesGuard):
the student form, the device and SIM dialogs, the donation and allocation dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.records import Donation, Sim, Student, Unit
from app.store import Store
from tests.helpers import factories as f


def call(window, fn):
    return window.ctx.worker.call(fn)


def prompt_of(qtbot, dlg) -> QMessageBox:
    qtbot.waitUntil(lambda: dlg.unsaved_prompt is not None and dlg.unsaved_prompt.isVisible())
    box = dlg.unsaved_prompt
    assert sorted(b.text() for b in box.buttons()) == sorted(["Lưu", "Bỏ", "Quay lại"])
    return box


def answer(box: QMessageBox, name: str) -> None:
    box.findChild(QPushButton, name).click()


def test_student_form_asks_before_losing_what_was_typed(app_window, qtbot):
    from ui.student_form import StudentForm

    form = StudentForm(app_window.ctx, None, app_window)
    qtbot.addWidget(form)
    form.show()
    form.reject()  # nothing typed: closes at once
    assert not form.isVisible()

    form = StudentForm(app_window.ctx, None, app_window)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.inputs["ethnicity"].text() != "")  # the default arriving is no change
    qtbot.keyClicks(form.inputs["full_name"], "Giang Thi My")
    form.reject()  # Cancel, Esc or the window's ×
    answer(prompt_of(qtbot, form), "unsaved_back")
    assert form.isVisible() and form.inputs["full_name"].text() == "Giang Thi My"
    # "Lưu" saves: the rules still refuse what is missing, and the form stays open to mend
    form.close()
    answer(prompt_of(qtbot, form), "unsaved_save")
    qtbot.waitUntil(lambda: form.inputs["birth_date"].error.isVisible())
    assert form.isVisible()
    form.inputs["sex"].setCurrentIndex(form.inputs["sex"].findData("F"))
    qtbot.keyClicks(form.inputs["birth_date"].line, "20/06/2016")
    form.inputs["household"].setCurrentIndex(form.inputs["household"].findData("poor"))
    form.reject()
    with qtbot.waitSignal(form.saved, timeout=3000):
        answer(prompt_of(qtbot, form), "unsaved_save")
    qtbot.waitUntil(lambda: not form.isVisible())
    [st] = call(app_window, lambda s: s.find(Student))
    assert (st.full_name, st.birth_date) == ("Giang Thi My", "2016-06-20")


def test_discard_closes_and_saves_nothing(app_window, qtbot):
    from ui.student_form import StudentForm

    sid = call(app_window, lambda s: f.student(s, full_name="Lò Thị Hoa").id)
    form = StudentForm(app_window.ctx, sid, app_window)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.student is not None)
    form.reject()  # opened and left unchanged: no question
    assert not form.isVisible()
    form = StudentForm(app_window.ctx, sid, app_window)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.student is not None)
    form.inputs["class_name"].setText("5C")
    form.reject()
    answer(prompt_of(qtbot, form), "unsaved_discard")
    assert not form.isVisible()
    assert call(app_window, lambda s: s.get(Student, sid).class_name) != "5C"


def test_sim_dialog_asks_and_saves(app_window, qtbot):
    page = app_window.pages["devices"]
    dlg = page.open_add_sim()
    qtbot.keyClicks(dlg.inputs["number"], "0968 123 456")
    dlg.reject()
    with qtbot.waitSignal(dlg.saved, timeout=3000):
        answer(prompt_of(qtbot, dlg), "unsaved_save")
    assert [s.number for s in call(app_window, lambda s: s.find(Sim))] == ["0968123456"]


def test_device_dialog_asks_then_goes_back(app_window, qtbot):
    page = app_window.pages["devices"]
    dlg = page.open_receive_device()
    qtbot.keyClicks(dlg.inputs["serial"], "SN-001")
    dlg.reject()
    answer(prompt_of(qtbot, dlg), "unsaved_back")
    assert dlg.isVisible() and dlg.inputs["serial"].text() == "SN-001"
    dlg.reject()
    answer(prompt_of(qtbot, dlg), "unsaved_discard")
    assert not dlg.isVisible()


def test_donation_dialog_asks(app_window, qtbot):
    page = app_window.pages["donations"]
    dlg = page.open_new()
    qtbot.keyClicks(dlg.inputs["donor_name"], "Viettel")
    dlg.counts["tablet"].setValue(3)
    dlg.reject()
    answer(prompt_of(qtbot, dlg), "unsaved_discard")
    assert not dlg.isVisible()
    assert call(app_window, lambda s: s.count(Donation)) == 0


@pytest.fixture
def office(qtbot, tmp_path):
    from ui.main import make_app, start

    d = tmp_path / "office"
    with Store.open(d) as s:
        s.set_unit(Unit(code="UBND-NAMCHA", name="UBND xã Nậm Cha", kind="commune", commune_code="03388"), "setup")
        s.add_user("Vàng A Chứ", "officer", "1234")
        school = Unit(code="TH0001", name="Trường PTDTBT TH Nậm Cha", kind="school", level="TH",
                      commune_code="03388")
        school.unit_id = school.id
        s.save(school, "setup")
        f.device(s, serial="OFF-T1", meets_spec="meets")
    make_app()
    worker, window = start(d, "vi")
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
    worker.shutdown()


def test_allocation_dialog_asks_only_after_a_change(office, qtbot):
    office.show_page("allocations")
    page = office.pages["allocations"]
    dlg = page.open_new()
    with qtbot.waitSignal(dlg.ready, timeout=3000):
        pass
    dlg.reject()  # the schools and devices arriving are no change
    assert not dlg.isVisible()
    dlg = page.open_new()
    with qtbot.waitSignal(dlg.ready, timeout=3000):
        pass
    dlg.inputs["to_unit_id"].setCurrentIndex(1)
    dlg.reject()
    answer(prompt_of(qtbot, dlg), "unsaved_back")
    assert dlg.isVisible()


def test_the_handover_dialog_asks_before_losing_what_was_typed(app_window, qtbot):
    """What the dialog fills in itself (the stock, the children waiting) is no change; a
    guardian typed is, and closing asks before losing it."""
    from ui.pages.handovers import HandoverDialog

    call(app_window, lambda s: f.approved_need(s, f.student(s, full_name="Lò Thị Ánh")))
    dlg = HandoverDialog(app_window.ctx, None, parent=app_window)  # deletes itself on close
    dlg.show()
    qtbot.waitUntil(lambda: dlg.sim.count() > 0)  # the stock arrived
    with qtbot.waitSignal(dlg.destroyed, timeout=3000):  # nothing typed: gone at once, no question
        dlg.reject()
    dlg = HandoverDialog(app_window.ctx, None, parent=app_window)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.sim.count() > 0)
    qtbot.keyClicks(dlg.guardian_name, "Lo Van Binh")
    dlg.reject()
    answer(prompt_of(qtbot, dlg), "unsaved_back")
    assert dlg.isVisible() and dlg.guardian_name.text() == "Lo Van Binh"
    dlg.reject()
    with qtbot.waitSignal(dlg.destroyed, timeout=3000):
        answer(prompt_of(qtbot, dlg), "unsaved_discard")
