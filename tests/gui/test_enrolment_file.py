"""Offline enrolment in the desktop app: the officer writes an enrolment file for a school's
new computer (Sync → Enrolment file for a new computer…), the new computer enrols with it
(Sync → Connect to the provincial server… → Use an enrolment file from the officer…, or
at the first start), a damaged file is refused in words. Real stores and keys
(tests/helpers/bundles.py: the province's delegation set directly, no server); the
system's choosers replaced (drives.Ask, EnrolmentFileChooser.ask)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWizard

from app import sync_state
from app.store import Store
from sync import enrolment as E
from sync import keys, usb
from tests.helpers import factories as f
from tests.helpers.bundles import Commune
from ui import drives, i18n
from ui.context import AppContext, User
from ui.enrolment_file import EnrolmentFileChooser, EnrolmentFileDialog
from ui.sync_controller import SyncController
from ui.sync_panel import EnrolDialog, SyncStatusBar
from ui.tasks import DbWorker


@pytest.fixture
def area(tmp_path):
    c = Commune(tmp_path / "commune")
    yield c
    c.close()


@pytest.fixture(autouse=True)
def no_drives(monkeypatch):
    """The same on every machine: no USB drive plugged in."""
    monkeypatch.setattr(drives, "detect", lambda: [])


@pytest.fixture
def choose(monkeypatch):
    """What the system's choosers 'answer': a folder (officer), an enrolment file (school)."""
    answer: dict[str, object] = {"folder": None, "file": None, "asked": 0}

    def file(cls, parent):
        answer["asked"] += 1
        return answer["file"]

    monkeypatch.setattr(drives.Ask, "folder", staticmethod(lambda parent, title, start: answer["folder"]))
    monkeypatch.setattr(EnrolmentFileChooser, "ask", classmethod(file))
    return answer


def known_school(area: Commune, code: str, tmp_path) -> Store:
    """A school of the commune whose records (its unit among them) the officer holds."""
    school = area.school(code)
    f.student(school)
    assert usb.import_bundles(area.officer, [usb.export_bundle(school, tmp_path / "in" / code).path]).exit_code == 0
    return school


def delegate(area: Commune, units: list[str] | None = None) -> None:
    """The province's delegation, as the officer keeps it from a sync's answer."""
    o = area.officer
    E.keep_delegation(o, E.delegate(area.province, officer=o.instance_id, officer_key=keys.public_key_hex(o),
                                    unit_id=o.unit_id, unit_code=o.unit().code,
                                    units=units if units is not None else area.scope))


def open_enrolment_file(window, qtbot) -> EnrolmentFileDialog:
    action = window.findChild(QAction, "enrolment_file")
    assert action is not None and action in window.sync_menu.actions() and action.isEnabled()
    action.trigger()
    dialog = window.enrolment_file_dialog
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=10_000)
    if dialog.can_issue:  # the drives were looked for
        qtbot.waitUntil(lambda: dialog.picker.refresh_button.isEnabled(), timeout=10_000)
    assert dialog.isVisible()
    return dialog


def click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def write_file(dialog, qtbot, choose, folder):
    choose["folder"] = str(folder)
    click(qtbot, dialog.picker.folder_button)
    with qtbot.waitSignal(dialog.written, timeout=20_000) as sig:
        click(qtbot, dialog.write_button)
    return sig.args[0]


# ------------------------------------------------------------------ the officer
def test_an_officer_without_the_provinces_delegation_is_told_to_sync_once(area, open_app, qtbot, choose, tmp_path):
    known_school(area, "TH0001", tmp_path)  # a school is there, but the province gave no right yet
    window = open_app(area.officer, "Cán bộ Hà", "officer")
    dialog = open_enrolment_file(window, qtbot)
    text = dialog.status.text()
    assert "Tỉnh chưa giao cho đơn vị này quyền ghi tệp đăng ký" in text and "đồng bộ" in text
    choose["folder"] = str(tmp_path)
    dialog.picker.choose_folder()
    assert not dialog.write_button.isEnabled() and not dialog.school.isEnabled()
    assert dialog.table.rowCount() == 0
    dialog.write()  # even if asked: nothing is written
    assert list(tmp_path.glob("*.sme")) == [] and dialog.job is None


def test_an_officer_writes_an_enrolment_file_and_sees_it_listed(area, open_app, qtbot, choose, tmp_path):
    known_school(area, "TH0001", tmp_path)
    known_school(area, "TH0002", tmp_path)
    outsider = area.school("TH0777", in_scope=False)  # held by the officer, but not named by the province
    usb.import_bundles(area.officer, [usb.export_bundle(outsider, tmp_path / "out").path])
    delegate(area)
    window = open_app(area.officer, "Cán bộ Hà", "officer")
    dialog = open_enrolment_file(window, qtbot)
    assert [dialog.school.itemData(i) for i in range(dialog.school.count())] == ["TH0001", "TH0002"]
    assert dialog.days.value() == 30
    assert "2 trường" in dialog.status.text()
    assert not dialog.write_button.isEnabled()  # no drive, no folder chosen yet

    dialog.school.setCurrentIndex(dialog.school.findData("TH0002"))
    dialog.days.setValue(10)
    stick = tmp_path / "stick"
    path = write_file(dialog, qtbot, choose, stick)
    assert path.parent == stick and path.name.startswith("ENROL_TH0002_") and path.suffix == ".sme"
    grant = E.check(E.load(path))  # a whole, valid file for that school
    assert grant.unit_code == "TH0002" and grant.officer == window.ctx.worker.call(lambda s: s.instance_id)
    until = (dt.datetime.now().astimezone() + dt.timedelta(days=10)).strftime("%d/%m/%Y")
    text = dialog.result.text()
    assert drives.native(path) in text and until in text and "Dùng tệp đăng ký của cán bộ" in text
    assert "Mỗi tệp chỉ đăng ký được một máy" in text
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text().startswith("TH0002 – ") and dialog.table.item(0, 2).text() == until
    assert dialog.table.item(0, 3).text() == path.name

    dialog.close()  # the list is kept, newest first, and the folder of last time is offered
    again = open_enrolment_file(window, qtbot)
    assert again.picker.paths() == [str(stick)]
    second = write_file(again, qtbot, choose, stick)
    assert again.table.rowCount() == 2  # (newest first: both were written within the same second here)
    assert {again.table.item(i, 3).text() for i in range(2)} == {path.name, second.name}


def test_the_menu_action_is_only_for_an_office(app_window, area, open_app, qtbot):
    assert app_window.ctx.unit["kind"] == "school"
    assert app_window.findChild(QAction, "enrolment_file") is None
    assert "enrolment_file" not in [a.objectName() for a in app_window.sync_menu.actions()]
    window = open_app(area.officer, "Cán bộ Hà", "officer")
    assert "enrolment_file" in [a.objectName() for a in window.sync_menu.actions()]
    window.switch_language("en")  # the menus are rebuilt: the one action is there, relabelled
    actions = [a for a in window.sync_menu.actions() if a.objectName() == "enrolment_file"]
    assert len(actions) == 1 and actions[0].text() == "Enrolment &file for a new computer…"
    window.switch_language("vi")


# ------------------------------------------------------------------ the school's new computer
@pytest.fixture
def fresh(qtbot, tmp_path):
    """A fresh installation's database worker, sync controller and status bar."""
    from ui.main import make_app

    make_app()
    i18n.set_language("vi")
    data = tmp_path / "new-laptop"
    worker = DbWorker(lambda: Store.open(data))
    ctx = AppContext(worker=worker, data_dir=data, user=User("u", "Lò Thị Hoa", "teacher"),
                     unit={"id": "", "code": "", "name": "", "kind": "school"})
    controller = SyncController(ctx, network=False)
    bar = SyncStatusBar(ctx, controller)
    qtbot.addWidget(bar)
    bar.show()
    qtbot.waitUntil(lambda: bar.pending is not None)
    yield ctx, controller, bar
    controller.stop()
    worker.shutdown()


def issued_file(area: Commune, tmp_path, code: str = "TH0001"):
    school = known_school(area, code, tmp_path)
    delegate(area)
    return school, E.issue_file(area.officer, code, tmp_path / "stick")


def enrol_dialog(ctx, controller, qtbot) -> EnrolDialog:
    dialog = EnrolDialog(ctx, controller)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_fresh_computer_enrols_with_the_file_through_connect(area, fresh, qtbot, choose, tmp_path):
    school, path = issued_file(area, tmp_path)
    ctx, controller, bar = fresh
    assert not controller.enrolled and not bar.sync_button.isVisible()
    dialog = enrol_dialog(ctx, controller, qtbot)
    choose["file"] = None  # the user closes the chooser: nothing happens
    click(qtbot, dialog.findChild(type(dialog.connect_button), "enrol_file"))
    assert choose["asked"] == 1 and dialog.message.text() == "" and not controller.enrolled

    choose["file"] = str(path)
    with qtbot.waitSignal(dialog.enrolled, timeout=20_000) as sig:
        click(qtbot, dialog.file_button)
    e = sig.args[0]
    assert (e.unit_id, e.unit_code, e.token) == (school.unit_id, "TH0001", "")
    assert controller.enrolled and controller.enrolment.unit_code == "TH0001"
    text = dialog.message.text()
    assert "TH0001 – Trường PTDTBT TH Nậm Cha" in text and "XA-03388" in text
    assert "lần đồng bộ đầu tiên" in text
    assert not dialog.file_button.isVisible() and not dialog.connect_button.isVisible()
    # the status bar knows it: "Sync now" is offered, the first automatic sync is due
    assert bar.sync_button.isVisible() and bar.sync_action.isEnabled() and controller.timer.isActive()
    instance, enrolled, unit, bundle_carries = ctx.worker.call(lambda s: (
        s.instance_id, sync_state.enrolment(s), s.unit(), E.bundle_extra(s)))
    assert enrolled.unit_code == "TH0001" and unit.name == school.unit().name  # the school's record came along
    assert bundle_carries[1]["enrolment"]["grant"]["body"]["unit_code"] == "TH0001"  # (sealed, for the readers)
    # its first bundle is taken by the officer, who never heard of this computer
    out = ctx.worker.call(lambda s: usb.export_bundle(s, tmp_path / "to-officer"))
    report = usb.import_bundles(area.officer, [out.path])
    assert report.bundles[0].status == "imported"
    assert instance in {d["id"] for d in sync_state.known_devices(area.officer)}


def test_a_damaged_file_is_refused_in_vietnamese_and_enrols_nothing(area, fresh, qtbot, choose, tmp_path):
    _school, path = issued_file(area, tmp_path)
    ctx, controller, bar = fresh
    dialog = enrol_dialog(ctx, controller, qtbot)
    cut = tmp_path / "cut.sme"  # the stick was pulled out while copying
    data = path.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    altered = json.loads(data)  # someone changed the school in it
    altered["grant"]["body"]["unit_code"] = "TH9999"
    forged = tmp_path / "forged.sme"
    forged.write_text(json.dumps(altered))
    for bad, part in ((cut, "JSON"), (forged, "grant")):
        choose["file"] = str(bad)
        click(qtbot, dialog.file_button)
        qtbot.waitUntil(lambda: dialog.file_button.isEnabled())
        text = dialog.message.text()
        assert text.startswith("Tệp đăng ký không dùng được") and f"“{part}”" in text and "hỏng" in text
    assert not controller.enrolled and not bar.sync_button.isVisible()
    assert ctx.worker.call(lambda s: (sync_state.enrolment(s), s.unit(), E.offline_file(s))) == (None, None, None)
    assert dialog.connect_button.isVisible() and dialog.file_button.isVisible()  # another try is possible


def test_a_computer_set_up_for_another_school_is_told_so(area, open_app, qtbot, choose, tmp_path):
    _school, path = issued_file(area, tmp_path)
    other = area.school("TH0042")  # set up (and enrolled) for another school
    window = open_app(other, "Lò Thị Hoa", "head")
    window.sync_status.enrol_action.trigger()
    dialog = window.sync_status.enrol_dialog
    choose["file"] = str(path)
    click(qtbot, dialog.file_button)
    qtbot.waitUntil(lambda: dialog.file_button.isEnabled())
    assert "dành cho trường TH0001" in dialog.message.text() and "TH0042" in dialog.message.text()
    assert window.sync.enrolment.unit_code == "TH0042"


# ------------------------------------------------------------------ first start
def test_the_first_start_wizard_enrols_with_the_file_and_goes_on_to_the_user(area, qtbot, choose, tmp_path):
    from ui.main import after_wizard, make_app, start

    school, path = issued_file(area, tmp_path)
    make_app()
    data = tmp_path / "new"
    worker, wizard = start(data, "vi", interactive=False)
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        wizard.next()
        page = wizard.school_page
        assert not page.isComplete() and page.file_button.text() == "Tôi có tệp đăng ký của cán bộ…"
        choose["file"] = str(tmp_path / "missing.sme")
        click(qtbot, page.file_button)
        qtbot.waitUntil(lambda: page.file_message.text() != "" and page.file_button.isEnabled())
        assert page.file_message.text().startswith("Không đọc được tệp đăng ký") and not page.isComplete()
        choose["file"] = str(path)
        click(qtbot, page.file_button)
        qtbot.waitUntil(lambda: page.enrolled is not None)
        assert page.isComplete() and "TH0001" in page.file_message.text()
        assert not page.province.isEnabled() and not page.file_button.isEnabled()
        wizard.next()
        assert wizard.currentPage() is wizard.user_page
        user = wizard.user_page
        user.name.setText("Lò Thị Hoa")
        user.pin.setText("2468")
        user.pin2.setText("2468")
        wizard.next()
        assert not wizard.demo_page.demo.isEnabled() and not wizard.demo_page.demo.isChecked()
        assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
        window = after_wizard(worker, wizard, data)
        qtbot.addWidget(window)
        assert window.ctx.unit == {"id": school.unit_id, "code": "TH0001", "name": school.unit().name,
                                   "kind": "school"}
        qtbot.waitUntil(lambda: window.sync.enrolled)
        assert window.sync.enrolment.unit_code == "TH0001"
        assert worker.call(lambda s: s.status()["students"]) == 0  # no demo children for a real school
        window.close()
    finally:
        worker.shutdown()
