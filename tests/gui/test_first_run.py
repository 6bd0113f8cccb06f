"""Start-up: the first-run wizard, signing in, the language switch, start-up errors."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from app.records import Student
from app.store import Store
from ui.main import LoginDialog, after_login, after_wizard, make_app, start
from ui.wizard import FirstRunWizard


def test_first_run_wizard_sets_up_school_user_and_demo(qtbot, tmp_path):
    make_app()
    data = tmp_path / "new"
    worker, wizard = start(data, None, interactive=False)
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        assert wizard.currentPage() is wizard.language_page
        wizard.language_page.vi.setChecked(True)
        wizard.next()
        page = wizard.school_page
        qtbot.waitUntil(lambda: page.province.count() == 34)
        page.province.setCurrentIndex(page.province.findData("12"))  # Lai Châu
        qtbot.waitUntil(lambda: page.commune.findData("03388") >= 0)
        page.commune.setCurrentIndex(page.commune.findData("03388"))
        qtbot.waitUntil(lambda: page.existing.count() >= 1)
        assert not page.isComplete()
        page.code.setText("th0042")
        page.name.setText("Trường PTDTBT TH Pa Ủ")
        page.level.setCurrentIndex(page.level.findData("TH"))
        assert page.isComplete()
        wizard.next()
        user = wizard.user_page
        user.name.setText("Lò Thị Hoa")
        user.role.setCurrentIndex(user.role.findData("teacher"))
        user.pin.setText("12")
        assert not user.isComplete() and "4" in user.problem.text()
        user.pin.setText("2468")
        user.pin2.setText("2468")
        # a teacher first: the school's head is asked for too (only a head approves)
        assert user.head_box.isVisible() and not user.isComplete()
        user.head_name.setText("Lò Văn Minh")
        user.head_pin.setText("1357")
        user.head_pin2.setText("1357")
        assert user.isComplete()
        wizard.next()
        wizard.demo_page.demo.setChecked(True)
        assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
        window = after_wizard(worker, wizard, data)
        qtbot.addWidget(window)
        assert window.ctx.unit["code"] == "TH0042"
        assert window.ctx.user.name == "Lò Thị Hoa" and window.ctx.user.role == "teacher"
        people = worker.call(lambda store: store.users())
        assert [(u["name"], u["role"]) for u in people] == [("Lò Thị Hoa", "teacher"), ("Lò Văn Minh", "head")]
        assert worker.call(lambda store: store.check_pin(people[1]["id"], "1357"))
        status = worker.call(lambda store: store.status())
        assert status["unit"]["name"] == "Trường PTDTBT TH Pa Ủ"
        assert status["students"] == 300  # the demo data
        assert worker.call(lambda store: store.setting("language")) == "vi"
        page = window.pages["students"]
        qtbot.waitUntil(lambda: page.model.total() == 300, timeout=10_000)
    finally:
        worker.shutdown()


def test_login_when_several_users(qtbot, school_dir):
    with Store.open(school_dir) as s:
        s.add_user("Hà Văn Minh", "teacher", "5555")
    make_app()
    worker, login = start(school_dir, "vi", interactive=False)
    qtbot.addWidget(login)
    try:
        login.who.setCurrentIndex(login.who.findText("Hà Văn Minh"))
        login.pin.setText("1234")
        login._try()
        assert login.result() == 0 and login.problem.text()
        login.pin.setText("5555")
        login._try()
        assert login.result() == 1
        window = after_login(worker, login, school_dir, {"id": "x", "code": "TH0001", "name": "N", "kind": "school"})
        qtbot.addWidget(window)
        assert window.ctx.user.name == "Hà Văn Minh" and window.ctx.user.role == "teacher"
    finally:
        worker.shutdown()


def test_language_switch(app_window, qtbot):
    page = app_window.pages["students"]
    assert page.add_button.text() == "Thêm học sinh"
    assert app_window.nav.item(0).text() == "Học sinh và nhu cầu"
    app_window.findChild(type(app_window.menuBar().actions()[0]), "lang_en").trigger()
    page = app_window.pages["students"]
    assert page.add_button.text() == "Add student"
    assert app_window.nav.item(0).text() == "Students and needs"
    assert page.model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "Full name"
    assert app_window.ctx.worker.call(lambda store: store.setting("language")) == "en"
    app_window.switch_language("vi")
    assert app_window.pages["students"].add_button.text() == "Thêm học sinh"


def test_too_new_database_is_reported_at_start(qtbot, school_dir, monkeypatch):
    from ui import main as ui_main
    from ui.errors import Dialogs

    c = sqlite3.connect(school_dir / "songmay.db")
    c.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('songmay', '0099_x', '2030')")
    c.commit()
    c.close()
    said = []
    monkeypatch.setattr(Dialogs, "warn", staticmethod(lambda parent, msg: said.append(msg)))
    assert ui_main.run(str(school_dir), "vi") == 1
    assert said and "phiên bản SongMay mới hơn" in said[0]


def test_unexpected_error_dialog_copies_details(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from ui.errors import ErrorDialog

    make_app()
    dlg = ErrorDialog("ZeroDivisionError: x", "Traceback …\nZeroDivisionError: x")
    qtbot.addWidget(dlg)
    dlg.copy_button.click()
    assert "ZeroDivisionError" in QApplication.clipboard().text()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_saved_student_survives_restart(qtbot, school_dir, lang):
    make_app()
    worker, window = start(school_dir, lang)
    qtbot.addWidget(window)
    from tests.helpers import factories as f

    worker.call(lambda store: f.student(store))
    worker.shutdown()
    with Store.open(school_dir) as s:
        assert s.count(Student) == 1


def test_switch_user_changes_role_and_actor(app_window, qtbot):
    app_window.ctx.worker.call(lambda store: store.add_user("Hà Văn Minh", "teacher", "5555"))
    app_window.findChild(type(app_window.menuBar().actions()[0]), "switch_user").trigger()
    qtbot.waitUntil(lambda: getattr(app_window, "_login", None) is not None and app_window._login.isVisible())
    login = app_window._login
    login.who.setCurrentIndex(login.who.findText("Hà Văn Minh"))
    login.pin.setText("0000")
    login._try()
    assert login.isVisible() and login.problem.text()
    login.pin.setText("5555")
    login._try()
    qtbot.waitUntil(lambda: app_window.ctx.user.name == "Hà Văn Minh")
    assert app_window.ctx.user.role == "teacher" and app_window.ctx.actor == "Hà Văn Minh"


def test_unexpected_error_is_logged_to_the_data_folder(qtbot, tmp_path, monkeypatch, fail_on_error_log):
    import logging
    import sys

    from ui import errors

    make_app()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    logger = logging.getLogger("songmay")
    before = list(logger.handlers)
    log_file = errors.setup_logging(tmp_path / "data")
    shown = []
    monkeypatch.setattr(errors.ErrorDialog, "exec", lambda self: shown.append(self.details) or 0)
    try:
        1 / 0  # noqa: B018 (the error the dialog must show)
    except ZeroDivisionError as e:
        errors.report_exception(e)
    fail_on_error_log.records.clear()  # this test logs an error on purpose
    for h in __import__("logging").getLogger("songmay").handlers:
        h.flush()
    text = log_file.read_text(encoding="utf-8")
    for h in [h for h in logger.handlers if h not in before]:
        logger.removeHandler(h)
        h.close()
    assert "ZeroDivisionError" in text and "Traceback" in text
    assert shown and "ZeroDivisionError" in shown[0]


def _school_page(qtbot, tmp_path):
    make_app()
    worker, wizard = start(tmp_path / "new", None, interactive=False)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    page = wizard.school_page
    qtbot.waitUntil(lambda: page.province.count() == 34)
    return worker, wizard, page


def _pick(qtbot, box, typed: str) -> None:
    """Type into a searchable list and take the first entry the popup offers."""
    box.lineEdit().setFocus()
    box.lineEdit().clear()
    qtbot.keyClicks(box.lineEdit(), typed)
    popup = box.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_province_and_commune_are_found_without_accents(qtbot, tmp_path):
    worker, wizard, page = _school_page(qtbot, tmp_path)
    try:
        _pick(qtbot, page.province, "lai chau")
        assert page.province.currentData() == "12" and page.province.currentText() == "Lai Châu"
        qtbot.waitUntil(lambda: page.commune.findData("03388") >= 0)
        _pick(qtbot, page.commune, "doan ket")
        assert page.commune.currentData() == "03388"  # Phường Đoàn Kết
    finally:
        worker.shutdown()


def test_the_school_code_is_checked_and_upper_cased(qtbot, tmp_path):
    worker, wizard, page = _school_page(qtbot, tmp_path)
    try:
        page.province.setCurrentIndex(page.province.findData("12"))
        qtbot.waitUntil(lambda: page.commune.findData("03388") >= 0)
        page.commune.setCurrentIndex(page.commune.findData("03388"))
        page.name.setText("Trường Tiểu học Đoàn Kết")
        qtbot.keyClicks(page.code, "th 42")
        assert not page.isComplete()
        assert "khoảng trắng" in page.code_problem.text() and page.code_problem.isVisibleTo(page)
        page.code.clear()
        qtbot.keyClicks(page.code, "th-doan_ket")
        assert page.code.text() == "TH-DOAN_KET"
        assert page.isComplete() and not page.code_problem.text()
        assert page.unit().code == "TH-DOAN_KET"
    finally:
        worker.shutdown()


def test_combined_levels_are_offered(qtbot, tmp_path):
    worker, wizard, page = _school_page(qtbot, tmp_path)
    try:
        levels = [page.level.itemData(i) for i in range(page.level.count())]
        assert {"TH&THCS", "THCS&THPT", "PTDTBT"} <= set(levels)
    finally:
        worker.shutdown()


def test_the_head_may_be_added_later_or_be_the_first_user(qtbot, tmp_path):
    make_app()
    worker, wizard = start(tmp_path / "new", None, interactive=False)
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        wizard.next()
        page = wizard.school_page
        qtbot.waitUntil(lambda: page.province.count() == 34)
        page.province.setCurrentIndex(page.province.findData("12"))
        qtbot.waitUntil(lambda: page.commune.findData("03388") >= 0)
        page.commune.setCurrentIndex(page.commune.findData("03388"))
        page.code.setText("TH0042")
        page.name.setText("Trường Tiểu học Đoàn Kết")
        wizard.next()
        user = wizard.user_page
        user.name.setText("Lò Thị Hoa")
        user.pin.setText("2468")
        user.pin2.setText("2468")
        user.role.setCurrentIndex(user.role.findData("teacher"))
        user.head_name.setText("lò thị hoa")
        user.head_pin.setText("1357")
        user.head_pin2.setText("1357")
        assert not user.isComplete() and "người khác" in user.problem.text()
        user.head_later.setChecked(True)
        assert user.isComplete() and wizard.result_plan()["head"] is None
        user.head_later.setChecked(False)
        user.role.setCurrentIndex(user.role.findData("head"))  # the first user is the head
        assert not user.head_box.isVisibleTo(user) and user.isComplete()
        assert wizard.result_plan()["head"] is None and wizard.result_plan()["user"][1] == "head"
    finally:
        worker.shutdown()


def test_login_pin_has_the_focus_and_a_wrong_pin_says_so(qtbot, school_dir):
    with Store.open(school_dir) as s:
        s.add_user("Hà Văn Minh", "teacher", "5555")
    make_app()
    worker, login = start(school_dir, "vi", interactive=False)
    qtbot.addWidget(login)
    try:
        login.show()
        qtbot.waitUntil(login.isActiveWindow)
        assert QApplication.focusWidget() is login.pin
        assert login.role.text() == "Hiệu trưởng"  # Lò Thị Hoa
        qtbot.keyClicks(login.pin, "0000")
        qtbot.keyClick(login.pin, Qt.Key.Key_Return)
        assert login.isVisible() and "Sai mã PIN" in login.problem.text() and "Lò Thị Hoa" in login.problem.text()
        assert login.pin.text() == "" and QApplication.focusWidget() is login.pin
        qtbot.keyClicks(login.pin, "1234")
        qtbot.keyClick(login.pin, Qt.Key.Key_Return)
        assert login.result() == 1
    finally:
        worker.shutdown()


def test_after_songmay_demo_the_app_opens_into_the_demo_school(qtbot, tmp_path):
    from songmay.cli import main

    data = tmp_path / "demo"
    assert main(["demo", "--students", "30", "--data-dir", str(data)]) == 0
    make_app()
    worker, first = start(data, "vi", interactive=False)
    qtbot.addWidget(first)
    try:
        assert isinstance(first, LoginDialog) and not isinstance(first, FirstRunWizard)
        assert {u["role"] for u in first.users} == {"head", "teacher"}
    finally:
        worker.shutdown()


def test_a_folder_with_a_school_but_no_user_keeps_its_school_and_is_not_offered_demo(qtbot, tmp_path):
    from app.demo import generate

    data = tmp_path / "old-demo"
    with Store.open(data) as s:
        generate(s, students=40, seed=2)
        with s.transaction():  # a folder an older `songmay demo` left without users
            s.conn.execute("DELETE FROM users")
        unit = s.unit()
    make_app()
    worker, wizard = start(data, "vi", interactive=False)
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        assert isinstance(wizard, FirstRunWizard)
        wizard.next()
        page = wizard.school_page
        qtbot.waitUntil(lambda: page.existing.currentData() == unit.id)  # not Hà Nội: its own school
        assert page.province.currentData() == "12" and page.commune.currentData() == unit.commune_code
        wizard.next()
        user = wizard.user_page
        user.name.setText("Lò Văn Minh")
        user.role.setCurrentIndex(user.role.findData("head"))
        user.pin.setText("2468")
        user.pin2.setText("2468")
        wizard.next()
        assert not wizard.demo_page.demo.isChecked() and not wizard.demo_page.demo.isEnabled()
        assert "40" in wizard.demo_page.note.text()
        window = after_wizard(worker, wizard, data)
        qtbot.addWidget(window)
        assert worker.call(lambda store: store.status()["students"]) == 40
    finally:
        worker.shutdown()
