"""Issue 14's acceptance test, "the collecting officer's whole day in the app: every stick
collected, every decision delivered", through the real widgets against a REAL
``songmay-server`` process on 127.0.0.1 (SQLite):

two schools sync their children (one child, the same personal ID, active at both) and then
lose the link → the commune office is set up in the first-run wizard and connected to the
server (Sync → Connect to the provincial server…), after the schools' last sync → one school
syncs once more (it learns the office's key), the other does not → each school exports onto
one stick → Import from USB… lists both bundles before Import, imports one and carries the
other → Sync now relays both and the carried school's records come down → the officer
verifies the child at two schools: the placement dialog, side by side, keeps the child at
school A; the other needs verified and approved → a donation recorded, a quantity decision
(5 tablets for school B, drawn on it) drafted and approved → Sync now: the decisions go up,
an acknowledgement comes back for each school → Export to USB… lists to whom and puts them on
the stick → each school imports the stick and sees its decision, with nothing left pending.

The school side is not under test: its stores sync and export with sync.client / sync.usb."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWizard

from app import sync_state
from app.queries.placements import placements_for
from app.records import Allocation, Donation, Need, Placement, Student, Unit
from app.store import Store
from sync import client, usb
from sync.client import SyncReport
from tests.helpers import factories as f
from tests.helpers.servers import start_server
from ui import drives
from ui.errors import Dialogs
from ui.main import after_wizard, make_app, start
from ui.pages.allocations import AllocationDialog
from ui.pages.donations import DonationDialog
from ui.placement_dialog import PlacementDialog
from ui.student_form import StudentForm
from ui.usb_import import ImportResultsModel as M

OFFICER, PIN = "Lò Văn Sơn", "2468"
A_CODE, A_NAME = "TH0101", "Trường PTDTBT TH Nậm Cha"
B_CODE, B_NAME = "TH0102", "Trường PTDTBT TH Pa Ủ"
OFFICE_CODE, OFFICE_NAME = "XA-03388", "UBND phường Đoàn Kết"  # what the wizard suggests for commune 03388
CHILD = "Lò Thị Ánh"  # active at both schools (the same personal ID)


# ------------------------------------------------------------------ fixtures
@pytest.fixture
def server(tmp_path):
    srv = start_server(f"sqlite:///{tmp_path / 'songmay-server.db'}")
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def no_drives(monkeypatch):
    """No USB drive plugged in on any machine: the stick is a folder chosen in the dialog."""
    monkeypatch.setattr(drives, "detect", lambda: [])


@pytest.fixture
def choose(monkeypatch):
    """What the system's folder chooser answers."""
    answer: dict[str, object] = {"folder": None}
    monkeypatch.setattr(drives.Ask, "folder", staticmethod(lambda parent, title, start: answer["folder"]))
    monkeypatch.setattr(drives.Ask, "files", staticmethod(lambda parent, title, start, filters: []))
    return answer


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Every question the app asks (answered Yes), in order."""
    questions: list[str] = []
    monkeypatch.setattr(Dialogs, "confirm", staticmethod(lambda parent, msg: questions.append(msg) or True))
    return questions


# ------------------------------------------------------------------ the schools (not under test)
def enrol_code(srv, code: str, name: str, *, kind: str = "school") -> str:
    """A one-time code, issued by the province's operator (registering the unit first)."""
    extra = ["--level", "TH"] if kind == "school" else []
    out = srv.cli("enrol", "--unit", code, "--name", name, "--kind", kind, "--commune", "03388", *extra)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def school(srv, folder: Path, code: str, name: str) -> Store:
    s = Store.open(folder)
    s.set_unit(Unit(code=code, name=name, level="TH", commune_code="03388"), "setup")
    client.enrol(s, srv.url, enrol_code(srv, code, name))
    return s


def submitted(store: Store, **kw) -> tuple[Student, Need]:
    st = f.student(store, **kw)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year=st.school_year,
                           device_requested="tablet"), "gv")
    return st, store.need_action(need.id, "submit", "gv", "teacher")


# ------------------------------------------------------------------ the office's widgets
def click(qtbot, button) -> None:
    assert button is not None and button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def set_up_office(qtbot, wiz) -> None:
    """The first-run wizard: an education office, Lai Châu, phường Đoàn Kết, the officer."""
    nxt = wiz.button(QWizard.WizardButton.NextButton)
    assert wiz.currentPage() is wiz.language_page
    wiz.language_page.office.setChecked(True)
    click(qtbot, nxt)
    page = wiz.office_page
    assert wiz.currentPage() is page and page.kind.currentData() == "commune"
    qtbot.waitUntil(lambda: page.province.findData("12") >= 0)
    page.province.setCurrentIndex(page.province.findData("12"))
    qtbot.waitUntil(lambda: page.commune.findData("03388") >= 0)
    page.commune.setCurrentIndex(page.commune.findData("03388"))
    assert (page.code.text(), page.name.text()) == (OFFICE_CODE, OFFICE_NAME)
    assert page.problem.text() == "" and nxt.isEnabled()
    click(qtbot, nxt)
    user = wiz.user_page
    assert wiz.currentPage() is user
    assert [user.role.itemData(i) for i in range(user.role.count())] == ["officer"]
    user.name.setText(OFFICER)
    qtbot.keyClicks(user.pin, PIN)
    qtbot.keyClicks(user.pin2, PIN)
    assert nxt.isEnabled(), user.problem.text()
    click(qtbot, nxt)
    assert wiz.currentPage() is wiz.demo_page and not wiz.demo_page.demo.isChecked()
    click(qtbot, wiz.button(QWizard.WizardButton.FinishButton))


def sync_now(window, qtbot):
    """"Sync now" in the status bar; the outcome."""
    with qtbot.waitSignal(window.sync.finished, timeout=60_000) as done:
        click(qtbot, window.sync_status.sync_button)
    report = done.args[0]
    assert isinstance(report, SyncReport), getattr(report, "message", lambda: report)()
    return report


def open_usb(window, name: str, qtbot):
    """Sync → Export to USB… / Import from USB…, once it knows the enrolment."""
    action = window.findChild(QAction, name)
    assert action is not None and action in window.sync_menu.actions() and action.isEnabled()
    action.trigger()
    dialog = window.usb_dialog
    qtbot.waitUntil(lambda: dialog.enrolled is not None and dialog.picker.refresh_button.isEnabled(), timeout=10_000)
    assert dialog.isVisible() and dialog.enrolled
    return dialog


def choose_stick(dialog, qtbot, choose, folder: Path) -> None:
    choose["folder"] = str(folder)
    click(qtbot, dialog.picker.folder_button)
    assert dialog.picker.paths() == [str(folder)]


def table_rows(model) -> dict[str, tuple[str, ...]]:
    return {model.text(r, M.FILE): tuple(model.text(r, c) for c in range(model.columnCount()))
            for r in range(model.rowCount())}


def listed(window, qtbot, total: int) -> list[tuple[str, str, str]]:
    """The students page as the officer reads it: (name, class, need) of each row."""
    window.show_page("students")
    students = window.pages["students"]
    qtbot.waitUntil(lambda: students.model.total() == total and students.model.rowCount() == total, timeout=10_000)
    m = students.model
    cols = [m.column_of(c) for c in ("full_name", "class_name", "need_status")]
    return sorted(tuple(m.index(r, c).data() for c in cols) for r in range(m.rowCount()))


def open_child(window, qtbot, name: str, class_name: str) -> StudentForm:
    """Double-click the child's row on the students page: the form opens."""
    window.show_page("students")
    students = window.pages["students"]
    m = students.model
    name_col, class_col = m.column_of("full_name"), m.column_of("class_name")
    [row] = [r for r in range(m.rowCount())
             if m.index(r, name_col).data() == name and m.index(r, class_col).data() == class_name]
    before = set(students.findChildren(StudentForm))
    students.table.doubleClicked.emit(m.index(row, 0))
    [form] = [w for w in students.findChildren(StudentForm) if w not in before]
    qtbot.waitUntil(lambda: form.student is not None and form.student.id == m.student_id(row))
    return form


def take(qtbot, form: StudentForm, action: str, status: str) -> None:
    button = lambda: form.findChild(QPushButton, f"action_{action}")  # noqa: E731
    qtbot.waitUntil(lambda: button() is not None and button().isVisible() and button().isEnabled(), timeout=10_000)
    click(qtbot, button())
    qtbot.waitUntil(lambda: form.need is not None and form.need.status == status, timeout=10_000)


def close_form(qtbot, form: StudentForm) -> None:
    form.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(form) or not form.isVisible())


# ------------------------------------------------------------------ the day
def test_the_collecting_officers_whole_day(qtbot, tmp_path, server, choose, asked, no_real_dialogs):
    today = dt.date.today()
    stick = tmp_path / "stick"

    # 1. two schools of commune 03388 sync their children over HTTP; the child at both has a need at each
    a = school(server, tmp_path / "school-a", A_CODE, A_NAME)
    b = school(server, tmp_path / "school-b", B_CODE, B_NAME)
    pid = f.personal_id(2016, "F")
    kid_a, need_a = submitted(a, full_name=CHILD, personal_id=pid, class_name="3A", guardian_name="Lò Văn Bình")
    _paw, need_paw = submitted(a, full_name="Giàng A Páo", sex="M", birth_date="2016-02-11", class_name="3A")
    _my, need_my = submitted(b, full_name="Sùng Thị Mỷ", class_name="4B")
    for s in (a, b):
        assert client.sync(s).rejected == []

    # 2. the commune office, set up in the wizard and connected AFTER the schools' last sync
    make_app()
    data = tmp_path / "office"
    worker, wiz = start(data, "vi", interactive=False)
    qtbot.addWidget(wiz)
    wiz.show()
    window = None
    try:
        set_up_office(qtbot, wiz)
        window = after_wizard(worker, wiz, data)
        qtbot.addWidget(window)
        window.show()
        assert window.ctx.unit["kind"] == "commune" and window.ctx.user.role == "officer"
        assert window.windowTitle() == f"SongMay – {OFFICE_NAME}"
        office_code = enrol_code(server, OFFICE_CODE, OFFICE_NAME, kind="commune")
        window.sync_status.enrol_action.trigger()
        enrol = window.sync_status.enrol_dialog
        assert enrol.isVisible()
        qtbot.keyClicks(enrol.url, server.url)
        qtbot.keyClicks(enrol.code, office_code)
        with qtbot.waitSignal(window.sync.finished, timeout=60_000) as first:
            click(qtbot, enrol.connect_button)
        assert isinstance(first.args[0], SyncReport), first.args[0]
        assert OFFICE_CODE in enrol.message.text() and server.url in enrol.message.text()
        enrol.close()
        office_id = worker.call(lambda store: store.instance_id)
        # the schools' children came down with the first sync: the officer sees all three
        assert listed(window, qtbot, 3) == sorted([
            (CHILD, "3A", "Đã gửi"), ("Giàng A Páo", "3A", "Đã gửi"), ("Sùng Thị Mỷ", "4B", "Đã gửi")])

        # 3. school A syncs once more (it learns the office's key); school B never does. Both
        # go on offline, and export onto one stick
        client.sync(a)
        assert office_id in {r["id"] for r in sync_state.recipients(a)}
        assert office_id not in {r["id"] for r in sync_state.recipients(b)}
        _tua, need_tua = submitted(a, full_name="Vàng Văn Tủa", sex="M", birth_date="2016-07-01", class_name="3A")
        kid_b, need_b = submitted(b, full_name=CHILD, personal_id=pid, class_name="4B", guardian_name="Lò Thị Xuân")
        from_a, from_b = usb.export_bundle(a, stick), usb.export_bundle(b, stick)
        assert from_a.records >= 2 and from_b.records >= 2

        # 4. Import from USB…: both listed before Import, one to carry; then one imported, one carried
        dialog = open_usb(window, "usb_import", qtbot)
        choose_stick(dialog, qtbot, choose, stick)
        qtbot.waitUntil(lambda: dialog.scanned is not None and dialog.model.rowCount() == 2, timeout=20_000)
        found = table_rows(dialog.model)
        ra, rb = found[from_a.path.name], found[from_b.path.name]
        assert ra[M.SCHOOL] == f"{A_CODE} – {A_NAME}" and ra[M.RESULT] == "Sẵn sàng nhập"
        assert f"{from_a.records} bản ghi" in ra[M.MESSAGE] and "xuất lúc" in ra[M.MESSAGE]
        assert rb[M.SCHOOL] == f"{B_CODE} – {B_NAME}"
        assert rb[M.RESULT] == "Sẽ mang lên tỉnh: máy này không đọc được"
        assert "đồng bộ một lần" in rb[M.MESSAGE]
        assert dialog.summary.text().startswith("Tìm thấy 2 gói: 1 sẽ nhập")
        assert "1 gói không đọc được ở máy này" in dialog.summary.text()
        with qtbot.waitSignal(dialog.imported, timeout=20_000) as sig:
            click(qtbot, dialog.import_button)
        report = sig.args[0]
        assert report.count("imported") == 1 and report.count("carried") == 1
        done = table_rows(dialog.model)
        assert done[from_a.path.name][M.RESULT] == "Đã nhập" and done[from_a.path.name][M.NEW] == str(
            from_a.records)
        assert done[from_b.path.name][M.RESULT] == "Mang lên tỉnh: máy này không đọc được"
        assert "2 gói đang chờ chuyển lên tỉnh" in dialog.summary.text()
        dialog.close()
        assert (_tua.full_name, "3A", "Đã gửi") in listed(window, qtbot, 4)  # school A's new child is here

        # 5. Sync now: both bundles relayed, the carried one's records came down by the same sync
        synced = sync_now(window, qtbot)
        assert synced.relayed == 2 and synced.carried == 1
        said = window.sync_status.sync_label.text()
        assert said.startswith("Đã đồng bộ") and "đã chuyển 2 gói của trường lên tỉnh" in said
        assert "giấy báo nhận cho 2 máy của trường chờ lần Xuất ra USB tới" in said
        assert "1 gói đã chuyển không đọc được" in window.sync_status.sync_label.toolTip()
        rows = listed(window, qtbot, 5)
        assert (CHILD, "3A", "Đã gửi") in rows and (CHILD, "4B", "Đã gửi") in rows  # one child, two schools

        # 6. the child at two schools: the officer verifies at school A; both records side by side;
        # kept at school A with the reason. Then every other need verified and approved
        form = open_child(window, qtbot, CHILD, "3A")
        qtbot.waitUntil(lambda: form.findChild(QPushButton, "action_verify") is not None
                        and form.findChild(QPushButton, "action_verify").isVisible()
                        and form.findChild(QPushButton, "action_verify").isEnabled(), timeout=10_000)
        verify = form.findChild(QPushButton, "action_verify")
        click(qtbot, verify)
        qtbot.waitUntil(lambda: form.findChild(PlacementDialog) is not None, timeout=10_000)
        placement = form.findChild(PlacementDialog)
        assert f"{B_NAME} ({B_CODE})" in form.message.text()  # why Verify stopped: the other school
        qtbot.waitUntil(lambda: placement.table.columnCount() == 2)
        assert pid in placement.intro.text() and CHILD in placement.intro.text()
        column = {placement.table.item(0, c).text(): c for c in range(2)}
        assert set(column) == {f"{A_NAME} ({A_CODE})", f"{B_NAME} ({B_CODE})"}
        by_row = {placement.table.verticalHeaderItem(r).text(): r for r in range(placement.table.rowCount())}
        keep, other = column[f"{A_NAME} ({A_CODE})"], column[f"{B_NAME} ({B_CODE})"]
        assert placement.table.item(by_row["Lớp"], keep).text() == "3A"
        assert placement.table.item(by_row["Lớp"], other).text() == "4B"
        assert placement.table.item(by_row["Cha mẹ/người giám hộ"], keep).text().startswith("Lò Văn Bình")
        assert placement.table.item(by_row["Cha mẹ/người giám hộ"], other).text().startswith("Lò Thị Xuân")
        assert placement.table.item(by_row["Trạng thái nhu cầu"], other).text() == "Đã gửi"
        qtbot.keyClicks(placement.reason, "Em hoc o truong Nam Cha tu thang 9")
        keep_button = placement.findChild(QPushButton, f"keep_{keep}")
        qtbot.waitUntil(keep_button.isVisible)  # laid out under school A's record
        assert keep_button.text() == "Giữ ở trường này" and keep_button.toolTip() == f"{A_NAME} ({A_CODE})"
        click(qtbot, keep_button)
        qtbot.waitUntil(lambda: not shiboken6.isValid(placement) or not placement.isVisible(), timeout=10_000)
        assert asked[-1] == f"Giữ {CHILD} ở {A_NAME} ({A_CODE})? Nhu cầu ở {B_NAME} ({B_CODE}) sẽ được rút lại."
        qtbot.waitUntil(lambda: form.placement_banner.isVisible(), timeout=10_000)
        assert A_NAME in form.placement_banner.text()
        take(qtbot, form, "verify", "verified")  # the kept child's need verifies now
        take(qtbot, form, "approve", "approved")
        assert form.need_status.text() == "Đã phê duyệt"
        close_form(qtbot, form)
        for name, class_name in (("Giàng A Páo", "3A"), ("Vàng Văn Tủa", "3A"), ("Sùng Thị Mỷ", "4B")):
            form = open_child(window, qtbot, name, class_name)
            take(qtbot, form, "verify", "verified")
            take(qtbot, form, "approve", "approved")
            close_form(qtbot, form)
        released = open_child(window, qtbot, CHILD, "4B")  # school B's record: withdrawn, naming school A
        qtbot.waitUntil(lambda: released.need is not None and released.need_status.text() == "Rút lại")
        qtbot.waitUntil(lambda: released.placement_banner.isVisible())
        assert A_NAME in released.placement_banner.text()
        close_form(qtbot, released)
        assert sorted(listed(window, qtbot, 5)) == sorted([
            (CHILD, "3A", "Đã phê duyệt"), (CHILD, "4B", "Rút lại"), ("Giàng A Páo", "3A", "Đã phê duyệt"),
            ("Sùng Thị Mỷ", "4B", "Đã phê duyệt"), ("Vàng Văn Tủa", "3A", "Đã phê duyệt")])

        # 7. a donation recorded; a quantity decision for school B drawn on it, approved
        window.show_page("donations")
        donations = window.pages["donations"]
        click(qtbot, donations.new_button)
        gift = donations.findChild(DonationDialog)
        gift.inputs["donor_name"].setText("Tập đoàn Viettel")
        gift.inputs["donor_kind"].setCurrentIndex(gift.inputs["donor_kind"].findData("enterprise"))
        gift.inputs["received_date"].setDate(QDate(today.year, today.month, today.day).addDays(-7))
        qtbot.keyClicks(gift.inputs["receipt_no"], "05/BB-TN")
        gift.counts["tablet"].setValue(10)
        gift.inputs["inspection"].setCurrentIndex(gift.inputs["inspection"].findData("meets"))
        with qtbot.waitSignal(gift.saved, timeout=5000):
            click(qtbot, gift.save_button)
        qtbot.waitUntil(lambda: donations.model.rowCount() == 1)
        assert donations.summary.text().startswith("1 khoản tài trợ — tiền mặt: 0 ₫ · thiết bị theo biên bản "
                                                   "tiếp nhận: 10")
        [donation] = worker.call(lambda store: store.find(Donation))

        window.show_page("allocations")
        decisions = window.pages["allocations"]
        click(qtbot, decisions.new_button)
        dlg = decisions.findChild(AllocationDialog)
        qtbot.waitUntil(lambda: dlg.loaded)
        assert dlg.donations.rowCount() == 1 and dlg.donations.item(0, 3).text() == "Máy tính bảng: 10"
        qtbot.keyClicks(dlg.inputs["decision_no"], "15/QD-UBND")
        schools = dlg.inputs["to_unit_id"]
        assert {schools.itemText(i) for i in range(1, schools.count())} >= {f"{A_NAME} ({A_CODE})",
                                                                            f"{B_NAME} ({B_CODE})"}
        schools.setCurrentIndex(schools.findData(b.unit_id))
        dlg.donations.item(0, 0).setCheckState(Qt.CheckState.Checked)  # ticked, as a click on its box does
        assert dlg.inputs["donor"].text() == "Tập đoàn Viettel" and dlg.inputs["donor"].isReadOnly()
        assert "Máy tính bảng: 10" in dlg.pool_label.text()
        dlg.counts["tablet"].setValue(5)
        with qtbot.waitSignal(dlg.saved, timeout=5000):
            click(qtbot, dlg.save_button)
        qtbot.waitUntil(lambda: decisions.model.rowCount() == 1)
        decisions.table.selectRow(0)
        with qtbot.waitSignal(decisions.approved, timeout=5000):
            click(qtbot, decisions.approve_button)
        assert "15/QD-UBND" in asked[-1] and f"5 máy tính bảng được chuyển về {B_NAME}" in asked[-1]
        assert decisions.notice.isVisible()
        assert "Đã phê duyệt quyết định 15/QD-UBND" in decisions.notice.text()
        assert "5 máy tính bảng" in decisions.notice.text()
        [decision] = worker.call(lambda store: store.find(Allocation))
        assert (decision.status, decision.counts, decision.to_unit_id, decision.donation_ids) == (
            "approved", {"tablet": 5}, b.unit_id, [donation.id])

        # 8. Sync now: the decisions go up; an acknowledgement comes back for each school
        synced = sync_now(window, qtbot)
        assert synced.rejected == [] and synced.sent >= 1 and len(synced.acks) == 2
        assert "giấy báo nhận cho 2 máy của trường chờ lần Xuất ra USB tới" in window.sync_status.sync_label.text()
        assert worker.call(lambda store: store.pending_changes(sync_state.SERVER)) == 0

        # 9. Export to USB… onto the same stick: to whom, then the acknowledgements written
        export = open_usb(window, "usb_export", qtbot)
        qtbot.waitUntil(export.to_whom.isVisible, timeout=10_000)
        to_whom = export.to_whom.text()
        assert to_whom.startswith("Cho các trường, từ tỉnh (2 máy của trường):")
        lines = {code: [ln for ln in to_whom.splitlines() if f"• {code} – " in ln] for code in (A_CODE, B_CODE)}
        assert len(lines[A_CODE]) == 1 and A_NAME in lines[A_CODE][0]
        assert len(lines[B_CODE]) == 1 and B_NAME in lines[B_CODE][0]
        assert "chờ chuyển lên tỉnh" not in to_whom  # nothing of the schools is left to relay
        choose_stick(export, qtbot, choose, stick)
        with qtbot.waitSignal(export.exported, timeout=20_000) as sig:
            click(qtbot, export.export_button)
        out = sig.args[0]
        names = sorted(p.name for p in out.acks)
        assert len(names) == 2 and all((stick / n).is_file() for n in names)
        assert [n.split("_")[1] for n in names] == [A_CODE, B_CODE]
        assert {n.split("_")[2] for n in names} == {a.instance_id[:8], b.instance_id[:8]}
        assert "2 giấy báo nhận của tỉnh" in export.result.text()
        export.close()

        # 10. each school imports the stick: its acknowledgement, its decisions, nothing pending
        for s in (a, b):
            took = usb.import_bundles(s, [stick])
            statuses = sorted(r.status for r in took.bundles)
            assert statuses.count("imported") == 1 and set(statuses) <= {"imported", "skipped", "already"}, statuses
            assert s.pending_changes(sync_state.SERVER) == 0
        kept = a.find(Placement)
        assert [(p.keep_student_id, p.release_student_id) for p in kept] == [(kid_a.id, kid_b.id)]
        assert placements_for(a, kid_a.id, "vi")[0]["kept"]
        assert a.get(Need, need_a.id).status == "approved"
        assert {a.get(Need, n.id).status for n in (need_paw, need_tua)} == {"approved"}
        assert b.get(Allocation, decision.id).counts == {"tablet": 5}
        assert b.get(Allocation, decision.id).status == "approved"
        notice = placements_for(b, kid_b.id, "vi")
        assert notice and not notice[0]["kept"] and A_NAME in notice[0]["text"]
        withdrawn = b.get(Need, need_b.id)
        assert withdrawn.status == "withdrawn" and A_NAME in withdrawn.status_reason
        assert b.get(Need, need_my.id).status == "approved"
        assert [k for k, _ in no_real_dialogs if k in ("warn", "error")] == []
    finally:
        if window is not None:
            window.close()
        worker.shutdown()
        a.close()
        b.close()
