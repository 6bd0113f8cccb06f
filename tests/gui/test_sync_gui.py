"""Sync in the desktop app against a REAL ``songmay-server`` process on 127.0.0.1:
connect with a one-time code through the dialog, "Sync now", the server gone (offline,
nothing lost, backoff), cancel, a revoked device, and the server's notices shown in words.
Timers are never waited for: the controller's timer interval is read instead."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from app import sync_state
from app.errors import SyncError
from app.records import Need, Unit
from app.store import Store
from sync import client
from sync.client import SyncReport
from tests.helpers import factories as f
from tests.helpers.servers import start_server
from ui.student_form import StudentForm
from ui.sync_panel import when_text

SCHOOL = "Trường PTDTBT TH Nậm Cha"  # conftest's school_dir, code TH0001


@pytest.fixture
def server(tmp_path):
    srv = start_server(f"sqlite:///{tmp_path / 'songmay-server.db'}")
    yield srv
    srv.stop()


NAMES = {"TH0001": SCHOOL, "TH0002": "Trường TH Pa Ủ"}


def code_for(srv, unit: str = "TH0001") -> str:
    """A one-time code for the school, registered (as the province does) with the name it has here."""
    out = srv.cli("enrol", "--unit", unit, "--name", NAMES[unit], "--level", "TH", "--commune", "03388")
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def enrol_through_dialog(window, qtbot, srv):
    """Sync → Connect to the provincial server…, address and code, Connect; waits for the first sync."""
    window.sync_status.enrol_action.trigger()
    dialog = window.sync_status.enrol_dialog
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.url, srv.url)
    qtbot.keyClicks(dialog.code, code_for(srv))
    with qtbot.waitSignal(window.sync.finished, timeout=60_000) as first:
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert isinstance(first.args[0], SyncReport), first.args[0]
    return dialog


def add_student(window, **kw):
    st = window.ctx.worker.call(lambda store: f.student(store, **kw))
    window.ctx.notify("student")
    return st


def sync_now(window, qtbot):
    """Press "Sync now" in the status bar and wait for the outcome."""
    button = window.sync_status.sync_button
    assert button.isVisible() and button.isEnabled()
    with qtbot.waitSignal(window.sync.finished, timeout=60_000) as done:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return done.args[0]


def pending_is(window, qtbot, n: int) -> None:
    qtbot.waitUntil(lambda: window.pending_label.text() == f"Thay đổi chưa gửi: {n}", timeout=10_000)


def test_connect_sync_offline_cancel_and_revoked(app_window, qtbot, server, no_real_dialogs):
    window, said = app_window, no_real_dialogs
    status, controller = window.sync_status, window.sync
    qtbot.waitUntil(lambda: status.pending is not None)
    assert not status.sync_button.isVisible() and not status.sync_action.isEnabled()  # not connected yet
    assert window.sync_label.text() == "Chưa đồng bộ hoặc xuất dữ liệu lần nào"

    # a wrong code is said in words, and the dialog stays open for another try
    window.sync_status.enrol_action.trigger()
    dialog = status.enrol_dialog
    qtbot.keyClicks(dialog.url, server.url)
    qtbot.keyClicks(dialog.code, "AAAAA-BBBBB")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Mã đăng ký không đúng" in dialog.message.text())
    assert dialog.connect_button.isEnabled() and dialog.isVisible() and not controller.enrolled
    dialog.close()

    # the right code: connected, the unit is named, and the first sync sends the school
    dialog = enrol_through_dialog(window, qtbot, server)
    assert "TH0001" in dialog.message.text() and SCHOOL in dialog.message.text()
    assert dialog.message.text().startswith("Đã kết nối")
    assert not dialog.connect_button.isVisible()
    pending_is(window, qtbot, 0)
    assert window.sync_label.text().startswith("Đã đồng bộ ")
    assert status.sync_button.isVisible() and status.sync_action.isEnabled()
    assert controller.timer.isActive() and controller.timer.interval() == 15 * 60_000

    # Sync now sends a new child, with progress, and the server has it
    add_student(window, full_name="Lò Thị Ánh")
    pending_is(window, qtbot, 1)
    steps: list[tuple] = []
    controller.progress.connect(lambda *a: steps.append(a))
    report = sync_now(window, qtbot)
    assert isinstance(report, SyncReport) and report.sent == 1 and report.pending == 0
    assert ("push", 1, 1) in steps
    pending_is(window, qtbot, 0)
    records = json.loads(server.cli("status", "--json").stdout)["records"]
    assert records["student"] == 1

    # the server goes away: "offline" in words, the change kept, a retry in a minute
    server.stop()
    st = add_student(window, full_name="Vì Văn Nam", sex="M", birth_date="2015-05-06")
    pending_is(window, qtbot, 1)
    err = sync_now(window, qtbot)
    assert isinstance(err, SyncError) and err.key == "sync.offline"
    retry = when_text(controller.schedule.next_at)
    assert window.sync_label.text() == f"Ngoại tuyến — sẽ thử lại lúc {retry}"
    assert said[-1] == ("warn", SyncError("sync.offline", url=server.url).message("vi"))
    assert "ngoại tuyến" in window.sync_label.toolTip()
    assert controller.timer.isActive() and controller.timer.interval() == 60_000
    pending_is(window, qtbot, 1)
    assert window.ctx.worker.call(lambda store: store.pending_changes("server")) == 1
    assert window.ctx.worker.call(lambda store: store.get(type(st), st.id)).full_name == "Vì Văn Nam"
    # the timer's next try (automatic: no dialog) fails too: the wait doubles
    n_said = len(said)
    with qtbot.waitSignal(controller.finished, timeout=60_000):
        controller.timer.start(0)  # as if the minute had passed
    assert controller.timer.interval() == 120_000 and len(said) == n_said

    restarted = server.restart()
    try:
        # Cancel, pressed before the server answered: the sync stops, nothing is said in a dialog
        with qtbot.waitSignal(controller.finished, timeout=60_000) as stopped:
            status.sync_action.trigger()  # no events processed in between: the server has not answered yet
            assert status.cancel_button.isVisible() and not status.sync_action.isEnabled()
            status.cancel_button.click()
            assert window.sync_label.text() == "Đang dừng đồng bộ…"
        assert stopped.args[0].key == "sync.cancelled"
        assert window.sync_label.text() == "Đã dừng đồng bộ" and len(said) == n_said
        assert not status.cancel_button.isVisible()
        pending_is(window, qtbot, 1)
        assert controller.timer.interval() == 120_000  # a cancel is no failure: the backoff stays

        # the server is back: the kept change goes, the schedule is back to every 15 minutes
        report = sync_now(window, qtbot)
        assert isinstance(report, SyncReport) and report.sent == 1
        pending_is(window, qtbot, 0)
        assert controller.timer.interval() == 15 * 60_000 and controller.schedule.failures == 0

        # the device is revoked: said in words, and no automatic retries until someone acts
        device = window.ctx.worker.call(lambda store: store.instance_id)
        assert restarted.cli("revoke", device).returncode == 0
        add_student(window, full_name="Lò Văn Chiến", sex="M", birth_date="2015-08-09")
        err = sync_now(window, qtbot)
        assert isinstance(err, SyncError) and err.key == "sync.revoked"
        assert window.sync_label.text() == "Đã bị thu hồi quyền — hãy liên hệ Phòng/Sở GD&ĐT"
        assert said[-1] == ("warn", SyncError("sync.revoked").message("vi"))
        assert not controller.timer.isActive()
        pending_is(window, qtbot, 1)
    finally:
        restarted.stop()


def test_notices_in_words_and_records_received(app_window, qtbot, server, tmp_path):
    window = app_window
    pid = f.personal_id(2016, "F")
    # this school: a child with an active need, and a version the server's rules refuse
    # (as an old or broken app might have written it)
    def prepare(store):
        st = f.student(store, full_name="Lò Thị Ánh", personal_id=pid)
        store.save(Need(unit_id=store.unit_id, student_id=st.id, school_year="2025-2026"), "gv")
        bad = f.student(store, full_name="Hờ A Sử", sex="M", birth_date="2015-01-02")
        store.conn.execute("UPDATE students SET sex='X' WHERE id=?", (bad.id,))
        store.conn.commit()
        return st

    anh = window.ctx.worker.call(prepare)
    enrol_through_dialog(window, qtbot, server)

    # another school has the same child with an approved need; another laptop of this
    # school adds a child
    with Store.open(tmp_path / "pa-u") as other, Store.open(tmp_path / "laptop2") as laptop:
        other.set_unit(Unit(code="TH0002", name="Trường TH Pa Ủ", level="TH", commune_code="03388"), "test")
        client.enrol(other, server.url, code_for(server, "TH0002"))
        f.approved_need(other, f.student(other, full_name="Lò Thị Ánh", personal_id=pid))
        client.sync(other)
        client.enrol(laptop, server.url, code_for(server))
        client.sync(laptop)
        f.student(laptop, full_name="Vàng Thị Mai", class_name="3B")
        client.sync(laptop)

    students = window.pages["students"]
    names = lambda: {students.model.index(r, 0).data() for r in range(students.model.rowCount())}  # noqa: E731
    assert "Vàng Thị Mai" not in names()
    report = sync_now(window, qtbot)
    assert isinstance(report, SyncReport) and report.received >= 1 and report.notices == 2
    qtbot.waitUntil(lambda: "Vàng Thị Mai" in names())  # the list refreshed itself

    button = window.sync_status.notices_button
    qtbot.waitUntil(button.isVisible)
    assert button.text() == "2 thông báo từ máy chủ"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.sync_status.notices_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    rows = {dialog.table.item(r, 0).text(): (dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text())
            for r in range(2)}
    kind, text = rows["Lò Thị Ánh – 3A"]
    assert kind == "Trùng"
    assert text == f"Số định danh {pid} cũng đang có hồ sơ hiệu lực ở trường TH0002 – Trường TH Pa Ủ."
    kind, text = rows["Hờ A Sử – 3A"]
    assert kind == "Không được nhận" and text.startswith("Máy chủ không nhận phiên bản này: ")

    # the child's form says it too
    row = next(r for r in range(2) if dialog.table.item(r, 0).text() == "Lò Thị Ánh – 3A")
    dialog.table.cellDoubleClicked.emit(row, 0)
    form = dialog.findChild(StudentForm)
    assert form is not None and form.isVisible()
    qtbot.waitUntil(form.notice_banner.isVisible)
    assert pid in form.notice_banner.text() and "TH0002" in form.notice_banner.text()
    assert window.ctx.worker.call(lambda store: len(sync_state.notices(store, anh.id))) == 1
    form.close()


def test_schedule_at_start_on_failure_and_when_the_network_appears(school_dir, qtbot, no_real_dialogs):
    """An enrolled installation whose server is unreachable (a closed port): the first
    automatic sync waits for the window, fails quietly, backs off; the network appearing
    brings the next try forward."""
    from PySide6.QtNetwork import QNetworkInformation

    from tests.helpers.servers import free_port
    from ui.main import make_app, start

    url = f"http://127.0.0.1:{free_port()}"
    with Store.open(school_dir) as s:
        sync_state.save_enrolment(s, sync_state.Enrolment(url=url, token="t", device_id=s.instance_id,
                                                          unit_id=s.unit_id, unit_code="TH0001"))
    make_app()
    worker, window = start(school_dir, "vi")
    qtbot.addWidget(window)
    window.show()
    try:
        controller = window.sync
        qtbot.waitUntil(lambda: controller.enrolled)
        assert controller.timer.isActive() and controller.timer.interval() == controller.STARTUP_DELAY * 1000
        assert window.sync_status.sync_button.isVisible()

        with qtbot.waitSignal(controller.finished, timeout=60_000) as failed:
            controller.timer.start(0)  # as if the start-up delay had passed
        assert failed.args[0].key == "sync.offline"
        assert controller.timer.interval() == 60_000
        assert no_real_dialogs == []  # automatic: the status bar says it, no dialog
        qtbot.waitUntil(lambda: window.sync_label.text().startswith("Ngoại tuyến — sẽ thử lại lúc "))

        controller._reachability(QNetworkInformation.Reachability.Online)  # what Qt's backend signals
        assert controller.timer.interval() == controller.schedule.soon * 1000
        controller._reachability(QNetworkInformation.Reachability.Disconnected)
        assert controller.timer.interval() == controller.schedule.soon * 1000  # nothing changes
    finally:
        window.close()
        worker.shutdown()


def test_the_first_push_is_read_off_the_database_lane(app_window, qtbot, server, monkeypatch):
    """Issue 15 item 3: the push's long read (every record the province lacks) runs on a
    reader of its own, not on the database lane where the students search waits."""
    import threading

    from sync import session

    window = app_window
    enrol_through_dialog(window, qtbot, server)
    for n in range(3):
        add_student(window, full_name=f"Hoc sinh {n}")
    where: list[tuple[str, int]] = []
    real = session.changes.changes_since

    def spy(store, summary, **kw):
        if kw.get("writer"):  # the push's read (``session.PushRead``)
            where.append((threading.current_thread().name, store.conn.execute("PRAGMA query_only").fetchone()[0]))
        return real(store, summary, **kw)

    monkeypatch.setattr(session.changes, "changes_since", spy)
    report = sync_now(window, qtbot)
    assert isinstance(report, SyncReport) and report.sent == 3, report
    assert where and all(name != "songmay-db" and query_only == 1 for name, query_only in where), where
    pending_is(window, qtbot, 0)


def test_connect_to_a_server_with_the_provinces_own_ca(app_window, qtbot, tmp_path, monkeypatch, no_real_dialogs):
    """A province running its own certificate authority: the first contact is refused in words
    until the teacher chooses the CA file the office gave with the code; a file that is no
    certificate is refused before anything is sent; with the right one the computer enrols,
    keeps the CA and syncs over HTTPS."""
    from tests.helpers.tls import make_certs
    from ui.sync_panel import CaFileChooser

    certs = make_certs(tmp_path / "certs")
    srv = start_server(f"sqlite:///{tmp_path / 'tls-server.db'}", tls=certs)
    try:
        window = app_window
        window.sync_status.enrol_action.trigger()
        dialog = window.sync_status.enrol_dialog
        assert dialog.ca_label.text() == "Không có (danh sách của máy này)" and not dialog.ca_clear.isVisible()
        qtbot.keyClicks(dialog.url, srv.url)
        qtbot.keyClicks(dialog.code, code_for(srv))
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.message.text().startswith("Không xác minh được máy chủ"), timeout=30_000)
        assert dialog.connect_button.isEnabled() and not window.sync.enrolled

        junk = tmp_path / "not-a-ca.pem"
        junk.write_text("hello")
        monkeypatch.setattr(CaFileChooser, "ask", classmethod(lambda cls, parent: str(junk)))
        qtbot.mouseClick(dialog.ca_button, Qt.MouseButton.LeftButton)
        assert dialog.ca_label.text() == "not-a-ca.pem" and dialog.ca_clear.isVisible()
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.message.text().startswith("Tệp chứng chỉ (CA) của Sở không đọc được"))
        assert not window.sync.enrolled

        monkeypatch.setattr(CaFileChooser, "ask", classmethod(lambda cls, parent: str(certs.ca)))
        qtbot.mouseClick(dialog.ca_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(window.sync.finished, timeout=60_000) as first:
            qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        assert isinstance(first.args[0], SyncReport), first.args[0]
        assert dialog.message.text().startswith("Đã kết nối")
        e = window.ctx.worker.call(sync_state.enrolment)
        assert e.url == srv.url and e.url.startswith("https://") and e.ca_pem == certs.ca_pem
        assert not [s for s in no_real_dialogs if s[0] == "error"]
    finally:
        srv.stop()
