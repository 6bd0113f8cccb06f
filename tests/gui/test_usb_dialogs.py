"""USB bundles in the desktop app: "Export to USB…" at a school into a folder (the folder
chooser replaced), "Import from USB…" at the commune officer's of a stick holding several
schools' bundles, a damaged one and one for another office, Cancel between bundles, the
not-connected state, and which mounted volumes are offered as drives. Real stores and
keys (tests/helpers/bundles.py: enrolment state set directly, no server)."""

from __future__ import annotations

import re
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton

from app.records import Need, Student
from sync import bundle as B
from sync import ops as sync_ops
from sync import usb
from tests.helpers import factories as f
from tests.helpers.bundles import Commune
from ui import drives
from ui.drives import DRIVE_FIXED, DRIVE_REMOVABLE, Drive, Volume, candidates
from ui.usb_import import ImportResultsModel as M


@pytest.fixture
def area(tmp_path):
    c = Commune(tmp_path / "commune")
    yield c
    c.close()


@pytest.fixture(autouse=True)
def no_drives(monkeypatch):
    """The same on every machine: no USB drive plugged in (candidates() is tested below)."""
    monkeypatch.setattr(drives, "detect", lambda: [])


@pytest.fixture
def choose(monkeypatch):
    """What the system's folder chooser 'answers' (None: the user cancelled)."""
    answer: dict[str, object] = {"folder": None, "asked": 0}

    def folder(parent, title, start):
        answer["asked"] += 1
        answer["start"] = start
        return answer["folder"]

    monkeypatch.setattr(drives.Ask, "folder", staticmethod(folder))
    monkeypatch.setattr(drives.Ask, "files", staticmethod(lambda parent, title, start, filters: []))
    return answer


def active_child(store, **kw) -> Student:
    st = f.student(store, **kw)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year=st.school_year), "gv")
    store.need_action(need.id, "submit", "gv", "teacher")
    return st


def open_dialog(window, name: str, qtbot):
    """Sync → Export to USB… / Import from USB…; waits until it knows the enrolment and
    has looked for drives."""
    action = window.findChild(QAction, name)
    assert action is not None and action in window.sync_menu.actions()
    action.trigger()
    dialog = window.usb_dialog
    qtbot.waitUntil(lambda: dialog.enrolled is not None and dialog.picker.refresh_button.isEnabled(), timeout=10_000)
    assert dialog.isVisible()
    return dialog


def click(qtbot, button) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_folder(dialog, qtbot, choose, folder) -> None:
    choose["folder"] = str(folder)
    click(qtbot, dialog.picker.folder_button)
    assert dialog.picker.paths() == [str(folder)]


# ------------------------------------------------------------------ export
def test_a_school_exports_to_a_folder_and_the_dialog_says_what_it_wrote(area, open_app, qtbot, choose, tmp_path):
    school = area.school("TH0001")
    for n in range(3):
        f.student(school, full_name=f"Lò Thị Hoa {n}")
    window = open_app(school, "Lò Thị Hoa", "teacher")
    stick = tmp_path / "stick"
    stick.mkdir()
    dialog = open_dialog(window, "usb_export", qtbot)
    assert dialog.state.text() == "Chưa có ở tỉnh: 4 bản ghi."  # the school's unit and three children
    assert not dialog.export_button.isEnabled()  # no USB drive on this machine, no folder chosen yet
    choose_folder(dialog, qtbot, choose, stick)

    with qtbot.waitSignal(dialog.exported, timeout=20_000) as sig:
        click(qtbot, dialog.export_button)
    done = sig.args[0]
    (written,) = stick.iterdir()
    assert done.path == written and re.fullmatch(r"TH0001_[0-9a-f]{8}_0-\d+_\d{8}-\d{4}\.smb", written.name)
    m = B.read_manifest(written.read_bytes())
    assert (m.unit_code, m.records) == ("TH0001", 4) and area.officer.instance_id in m.reader_ids()
    text = dialog.result.text()
    assert f"Đã ghi: {drives.native(written)}" in text and "4 bản ghi của TH0001" in text
    assert "giấy báo nhận" not in text  # a school carries no acknowledgements for others
    # the status bar shows the export as the last run
    qtbot.waitUntil(lambda: (window.sync_status.last_run or {}).get("transport") == "usb", timeout=10_000)
    assert window.sync_label.text().startswith("Lần đồng bộ/xuất gần nhất:")

    dialog.close()
    again = open_dialog(window, "usb_export", qtbot)  # the folder of last time is offered first
    assert again.picker.paths() == [str(stick)] and again.export_button.isEnabled()
    again.everything.setChecked(True)
    with qtbot.waitSignal(again.exported, timeout=20_000) as sig2:
        click(qtbot, again.export_button)
    assert sig2.args[0].records == 4  # everything: the same four again (the province is not known to have them)


def test_an_export_that_cannot_write_says_why_and_an_officer_carries_acknowledgements(
        area, open_app, qtbot, choose, tmp_path):
    officer = area.officer
    school = area.school("TH0001")
    f.student(school)
    acks = officer.data_dir / "bundles" / "acks"  # as the relay leaves them after a sync (sync.relay)
    acks.mkdir(parents=True)
    ack_name = f"ACK_TH0001_{school.instance_id[:8]}_20251015-1030.smb"
    (acks / ack_name).write_bytes(usb.export_bundle(school, tmp_path / "x.smb").path.read_bytes())
    window = open_app(officer, "Cán bộ Hà", "officer")
    dialog = open_dialog(window, "usb_export", qtbot)

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    choose_folder(dialog, qtbot, choose, blocked / "sub")
    with qtbot.waitSignal(dialog.failed, timeout=20_000):
        click(qtbot, dialog.export_button)
    assert dialog.result.text().startswith("Không ghi được gói vào")  # bundle.write_failed, in Vietnamese
    assert dialog.export_button.isEnabled()  # another try is possible
    bar = window.sync_status  # the status bar says the USB export stopped, not that a sync failed
    window.refresh_status()
    qtbot.waitUntil(lambda: "USB" in bar.sync_label.text())
    assert "đồng bộ" not in bar.sync_label.text().lower() and "sẽ thử lại" not in bar.sync_label.text()

    stick = tmp_path / "stick"
    choose_folder(dialog, qtbot, choose, stick)
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as sig:
        click(qtbot, dialog.export_button)
    assert [p.name for p in sig.args[0].acks] == [ack_name] and (stick / ack_name).is_file()
    assert "1 giấy báo nhận của tỉnh" in dialog.result.text()


def test_not_connected_says_what_to_do_and_offers_nothing_to_run(app_window, qtbot, choose, tmp_path):
    window = app_window  # conftest's school, never enrolled
    for name, button in (("usb_export", "export_button"), ("usb_import", "import_button")):
        dialog = open_dialog(window, name, qtbot)
        assert not dialog.enrolled and "chưa kết nối với máy chủ tỉnh" in dialog.state.text()
        choose_folder(dialog, qtbot, choose, tmp_path)
        assert not getattr(dialog, button).isEnabled()
        dialog.close()


# ------------------------------------------------------------------ import
@pytest.fixture
def stick(area, tmp_path):
    """Three schools' bundles (a child active at two of them), one cut short, one for
    another commune's office."""
    a, b, c = area.school("TH0001"), area.school("TH0002"), area.school("TH0003")
    pid = f.personal_id(2016, "F")
    active_child(a, personal_id=pid, full_name="Nguyễn Thị Ánh")
    f.student(a, full_name="Vàng Văn Páo")
    active_child(b, personal_id=pid, full_name="Nguyễn Thị Ánh")
    f.student(c, full_name="Sùng Thị Mỷ")
    folder = tmp_path / "stick"
    exported = {s.unit().code: usb.export_bundle(s, folder) for s in (a, b, c)}
    data = exported["TH0003"].path.read_bytes()
    (folder / "TH0009_cut.smb").write_bytes(data[: len(data) // 2])  # pulled out mid-copy
    other = Commune(tmp_path / "other")  # another office, its own keys
    try:
        f.student(other.school("TH0500"))
        usb.export_bundle(other.schools[0], folder)
    finally:
        other.close()
    return folder, exported, pid


def rows(model) -> list[tuple[str, ...]]:
    return [tuple(model.text(r, c) for c in range(model.columnCount())) for r in range(model.rowCount())]


def test_an_officer_imports_a_stick_and_sees_per_school_results(area, stick, open_app, qtbot, choose, qtmodeltester,
                                                                monkeypatch):
    folder, exported, pid = stick
    # a commit per bundle: TH0001's row first comes without the child TH0002 brings; the table
    # shows the counts as they are at the end
    monkeypatch.setattr(usb, "GROUP_SECONDS", 0.0)
    window = open_app(area.officer, "Cán bộ Hà", "officer")
    dialog = open_dialog(window, "usb_import", qtbot)
    choose_folder(dialog, qtbot, choose, folder)
    with qtbot.waitSignal(window.ctx.changes.changed, timeout=20_000), \
            qtbot.waitSignal(dialog.imported, timeout=20_000) as sig:
        click(qtbot, dialog.import_button)
    report = sig.args[0]
    qtmodeltester.check(dialog.model)
    got = {r[M.FILE]: r for r in rows(dialog.model)}
    assert len(got) == dialog.model.rowCount() == 5  # one school per bundle here
    for code, dup in (("TH0001", "1"), ("TH0002", "1"), ("TH0003", "0")):
        r = got[exported[code].path.name]
        assert r[M.SCHOOL] == f"{code} – Trường PTDTBT TH Nậm Cha" and r[M.RESULT] == "Đã nhập"
        assert (r[M.NEW], r[M.CHANGED], r[M.CONFLICTS], r[M.DUPLICATES], r[M.REFUSED]) == (
            str(exported[code].records), "0", "0", dup, "0")
    cut = got["TH0009_cut.smb"]
    assert cut[M.RESULT] == "Bị từ chối" and "không đầy đủ" in cut[M.MESSAGE] and cut[M.NEW] == ""
    (skipped,) = [r for name, r in got.items() if name.startswith("TH0500_")]
    assert skipped[M.RESULT] == "Bỏ qua: không gửi cho máy này" and "TH0500" in skipped[M.MESSAGE]

    summary = dialog.summary.text()
    first_line = "5 gói: 3 đã nhập, 0 đã nhập trước đó, 1 bị từ chối, 1 không gửi cho máy này."
    assert summary.splitlines()[0] == first_line
    assert "3 gói đang chờ chuyển lên tỉnh" in summary
    details = dialog.details.toPlainText()
    assert f"{pid} Nguyễn Thị Ánh: TH0001, TH0002" in details
    names = window.ctx.worker.call(lambda store: {s.full_name for s in store.find(Student)})
    assert {"Vàng Văn Páo", "Sùng Thị Mỷ", "Nguyễn Thị Ánh"} <= names
    assert report.count("imported") == 3

    with qtbot.waitSignal(dialog.imported, timeout=20_000):  # the same stick again: nothing new
        click(qtbot, dialog.import_button)
    qtmodeltester.check(dialog.model)
    again = {r[M.FILE]: r[M.RESULT] for r in rows(dialog.model)}
    assert [again[exported[c].path.name] for c in ("TH0001", "TH0002", "TH0003")] == ["Đã nhập trước đó"] * 3
    assert again["TH0009_cut.smb"] == "Bị từ chối"
    assert "3 gói đang chờ chuyển lên tỉnh" in dialog.summary.text()  # still waiting for a sync


def test_refused_records_are_listed_with_their_reasons(area, open_app, qtbot, choose, tmp_path):
    """A school's bundle holding a record of a school outside the officer's area: that
    record alone is refused, and said so."""
    from app import sync_state
    from app.changes import changes_since
    from sync import keys
    from sync.protocol import encode_batch

    school = area.school("TH0001")
    outside = area.school("TH0099", in_scope=False, known=False)
    stranger = f.student(outside, full_name="Người Ngoài Xã")
    f.student(school)
    picked = [ch for batch in changes_since(school, {}) for ch in batch][:-1]
    picked += [ch for batch in changes_since(outside, {}) for ch in batch]
    chunks, _m = B.seal(
        [encode_batch(picked)], sender_key=keys.signing_key(school),
        sender={"instance": school.instance_id, "unit_id": school.unit_id, "unit_code": "TH0001", "unit_name": ""},
        readers=sync_state.recipients(school), summary={}, since={}, scope="*|*", records=len(picked) - 1,
        kinds={}, created_at="2025-10-01T00:00:00+00:00", app_version="test")
    (tmp_path / "stick").mkdir()
    (tmp_path / "stick" / "mixed.smb").write_bytes(b"".join(chunks))
    window = open_app(area.officer, "Cán bộ Hà", "officer")
    dialog = open_dialog(window, "usb_import", qtbot)
    choose_folder(dialog, qtbot, choose, tmp_path / "stick")
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        click(qtbot, dialog.import_button)
    ours, theirs = sorted(rows(dialog.model), key=lambda r: r[M.REFUSED])  # TH0099 is not known here
    assert ours[M.SCHOOL].startswith("TH0001") and ours[M.RESULT] == theirs[M.RESULT] == "Đã nhập"
    assert (ours[M.NEW], ours[M.REFUSED]) == ("2", "0")
    assert theirs[M.REFUSED] == "2" and "2 bản ghi bị từ chối" in theirs[M.MESSAGE]
    details = dialog.details.toPlainText()
    assert f"student {stranger.id}: " in details and "ngoài địa bàn" in details


def test_cancel_stops_between_bundles_and_keeps_what_was_imported(area, stick, open_app, qtbot, choose,
                                                                   monkeypatch):
    folder, exported, _pid = stick
    monkeypatch.setattr(usb, "GROUP_SECONDS", 0.0)  # one bundle per commit: a cancel lands between two
    gate = threading.Event()  # holds the import after its first bundle until Cancel was pressed
    real = sync_ops.import_bundles

    def held(store, paths, *, each, **kw):
        def each_then_wait(result, done, total):
            each(result, done, total)
            gate.wait(30)

        return real(store, paths, each=each_then_wait, **kw)

    monkeypatch.setattr(sync_ops, "import_bundles", held)
    window = open_app(area.officer, "Cán bộ Hà", "officer")
    dialog = open_dialog(window, "usb_import", qtbot)
    choose_folder(dialog, qtbot, choose, folder)
    try:
        click(qtbot, dialog.import_button)
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=20_000)  # the first bundle, shown as it came
        assert dialog.progress is not None
        dialog.progress.findChild(QPushButton).click()  # the progress dialog's Cancel
        assert dialog.job.cancelled
    finally:
        gate.set()
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as sig:
        pass
    report = sig.args[0]
    assert report.cancelled and len(report.bundles) == 1 and report.count("imported") == 1
    assert "Đã dừng trước khi hết" in dialog.summary.text() and dialog.model.rowCount() == 1
    first = exported["TH0001"].path.name
    assert rows(dialog.model)[0][M.FILE] == first
    units = window.ctx.worker.call(lambda store: {s.unit_id for s in store.find(Student)})
    assert len(units) == 1  # only the first school's children came in

    monkeypatch.setattr(sync_ops, "import_bundles", real)
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as rest:  # the rest, the next time
        click(qtbot, dialog.import_button)
    assert rest.args[0].count("already") == 1 and rest.args[0].count("imported") == 2


# ------------------------------------------------------------------ drives
def test_linux_offers_sticks_and_media_mounts_not_the_system():
    vols = [
        Volume("/", device="/dev/vda", fs_type="ext4", system=True, free=80 << 30),
        Volume("/boot/efi", device="/dev/vda1", fs_type="vfat", free=500 << 20, removable=False),
        Volume("/run/netns", device="/dev/vda", fs_type="ext4", free=80 << 30),  # a bind mount of the system
        Volume("/mnt/chroot", device="/dev/vda", fs_type="ext4", free=80 << 30),  # the system again
        Volume("/mnt/sandbox", device="tmpfs", fs_type="tmpfs", read_only=True),
        Volume("/media/hoa/SONGMAY", label="SONGMAY", device="/dev/sdb1", fs_type="vfat", free=14 << 30),
        Volume("/run/media/hoa/CARD", label="CARD", device="/dev/mmcblk0p1", fs_type="exfat", free=1 << 30),
        Volume("/srv/backup", label="DATA", device="/dev/sdc1", fs_type="ext4", free=2 << 30, removable=True),
        Volume("/media/hoa/DVD", device="/dev/sr0", fs_type="iso9660", read_only=True),
        Volume("/media/hoa/SLOW", device="/dev/sdd1", fs_type="vfat", ready=False),
        Volume("/mnt/share", device="server:/export", fs_type="nfs4", free=9 << 30),
        Volume("/home", device="/dev/vda2", fs_type="ext4", free=30 << 30, removable=False),
    ]
    got = candidates(vols, "linux", system_device="/dev/vda")
    assert [d.root for d in got] == ["/media/hoa/SONGMAY", "/run/media/hoa/CARD", "/srv/backup"]
    assert got[0] == Drive("/media/hoa/SONGMAY", "SONGMAY", 14 << 30, True)


def test_windows_prefers_removable_drives_and_keeps_other_fixed_ones():
    vols = [
        Volume("C:/", label="Windows", fs_type="NTFS", system=True, drive_type=DRIVE_FIXED, free=50 << 30),
        Volume("D:/", label="DATA", fs_type="NTFS", drive_type=DRIVE_FIXED, free=100 << 30),
        Volume("E:/", label="SONGMAY", fs_type="FAT32", drive_type=DRIVE_REMOVABLE, free=7 << 30),
        Volume("F:/", label="DVD", fs_type="CDFS", drive_type=5, free=0),
        Volume("Z:/", label="share", fs_type="NTFS", drive_type=4, free=1 << 40),
        Volume("G:/", fs_type="", drive_type=DRIVE_REMOVABLE, ready=False),
    ]
    got = candidates(vols, "win32")
    assert [(d.root, d.removable) for d in got] == [("E:/", True), ("D:/", False)]


def test_macos_offers_volumes_only():
    vols = [Volume("/", device="/dev/disk1s1", fs_type="apfs", system=True),
            Volume("/System/Volumes/Data", device="/dev/disk1s2", fs_type="apfs"),
            Volume("/Volumes/SONGMAY", label="SONGMAY", device="/dev/disk2s1", fs_type="msdos", free=1 << 30)]
    assert [d.root for d in candidates(vols, "darwin", "/dev/disk1s1")] == ["/Volumes/SONGMAY"]


def test_the_picker_chooses_a_stick_first_then_the_folder_used_last_on_it(app_window, qtbot, tmp_path):
    from ui.usb_common import PlacePicker

    stick, other = tmp_path / "STICK", tmp_path / "elsewhere"
    (stick / "SongMay").mkdir(parents=True)
    other.mkdir()
    picker = PlacePicker(app_window.ctx)
    qtbot.addWidget(picker)
    assert picker.paths() == [] and picker.folder() is None  # nothing found, nothing chosen
    found = [Drive(str(stick), "STICK", 8 << 30, True), Drive(str(tmp_path / "D"), "DATA", 1 << 30, False)]
    picker._detected((found, str(other)))  # the folder of last time is not on the stick: the stick wins
    assert picker.paths() == [str(stick)] and "STICK" in picker.combo.currentText()
    assert picker.combo.count() == 3 and "8,0 GB" in picker.combo.currentText()
    picker2 = PlacePicker(app_window.ctx)
    qtbot.addWidget(picker2)
    picker2._detected((found, str(stick / "SongMay")))  # last time's folder on the stick: that one
    assert picker2.folder() == str(stick / "SongMay")


# ------------------------------------------------------------------ issue 14: the officer's stick
def test_the_import_dialog_lists_the_bundles_found_before_import(area, stick, open_app, qtbot, choose, tmp_path):
    """Item 8: choosing the stick lists every bundle (school, exported when, records, and
    what will become of it) before "Import" is pressed; nothing is imported by looking.
    Item 1: a school bundle sealed for the province only is listed as one to carry."""
    folder, exported, _pid = stick
    sealed = area.school("TH0004", readers=[area.office("XA-KHAC")])  # synced before this office enrolled
    f.student(sealed, full_name="Lù Thị Dế")
    carried = usb.export_bundle(sealed, folder)
    window = open_app(area.officer, "Cán bộ Hà", "officer")
    dialog = open_dialog(window, "usb_import", qtbot)
    choose_folder(dialog, qtbot, choose, folder)
    qtbot.waitUntil(lambda: dialog.scanned is not None, timeout=20_000)
    got = {r[M.FILE]: r for r in rows(dialog.model)}
    assert len(got) == 6
    for code in ("TH0001", "TH0002", "TH0003"):
        r = got[exported[code].path.name]
        assert r[M.RESULT] == "Sẵn sàng nhập" and r[M.SCHOOL].startswith(code)
        assert "xuất lúc" in r[M.MESSAGE] and f"{exported[code].records} bản ghi" in r[M.MESSAGE]
    assert got[carried.path.name][M.RESULT] == "Sẽ mang lên tỉnh: máy này không đọc được"
    assert "đồng bộ một lần" in got[carried.path.name][M.MESSAGE]
    assert got["TH0009_cut.smb"][M.RESULT] == "Bị từ chối"
    summary = dialog.summary.text()
    assert summary.startswith("Tìm thấy 6 gói: 3 sẽ nhập") and "mang" not in summary.splitlines()[0]
    assert "1 gói không đọc được ở máy này" in summary
    assert window.ctx.worker.call(lambda store: store.conn.execute(
        "SELECT count(*) FROM students").fetchone()[0]) == 0  # looking imports nothing

    with qtbot.waitSignal(dialog.imported, timeout=20_000) as sig:
        click(qtbot, dialog.import_button)
    report = sig.args[0]
    assert report.count("imported") == 3 and report.count("carried") == 1
    after = {r[M.FILE]: r[M.RESULT] for r in rows(dialog.model)}
    assert after[carried.path.name] == "Mang lên tỉnh: máy này không đọc được"
    assert "4 gói đang chờ chuyển lên tỉnh" in dialog.summary.text()  # the carried one goes up too


def test_the_officers_export_lists_what_goes_to_whom_and_writes_no_empty_bundle(area, open_app, qtbot, choose,
                                                                                  tmp_path):
    """Items 3, 9 and 12: the officer's export dialog names each school an acknowledgement
    is for and what it holds, warns of school bundles not yet relayed, and an export with
    nothing new for the province writes no bundle (the acknowledgements still go)."""
    from app import changes, sync_state
    from app.records import Allocation

    officer = area.officer
    school = area.school("TH0001")
    f.student(school)
    decision = officer.save(Allocation(unit_id=officer.unit_id, decision_no="9/QĐ", decision_date="2025-10-02",
                                       to_unit_id=school.unit_id, counts={"tablet": 5}), "cán bộ")
    assert decision.id
    # an acknowledgement as the relay leaves it (sealed for the school, holding the decision)
    acks = officer.data_dir / "bundles" / "acks"
    acks.mkdir(parents=True)
    ack_name = f"ACK_TH0001_{school.instance_id[:8]}_20251015-1030.smb"
    from sync import keys
    chunks, _m = B.seal([B"".join([])] if False else [], sender_key=area.province, sender={
        "instance": "server", "unit_id": school.unit_id, "unit_code": "", "unit_name": ""},
        readers=[{"id": school.instance_id, "kind": "device", "unit_code": "TH0001",
                  "public_key": keys.signing_key(school).verify_key.encode().hex()}],
        summary={}, since={}, scope="*|*", records=2, kinds={"allocation": 1, "placement": 1},
        created_at="2025-10-15T10:30:00+00:00", app_version="test",
        extra={"ack": {"notices": [{"kind": "duplicate"}]}})
    (acks / ack_name).write_bytes(b"".join(chunks))
    # a school bundle imported here but not yet relayed
    stick_in = tmp_path / "in"
    usb.export_bundle(school, stick_in)
    assert usb.import_bundles(officer, [stick_in]).count("imported") == 1
    changes.mark_acknowledged(officer, sync_state.SERVER, changes.summary(officer))  # its own: all at the province

    window = open_app(officer, "Cán bộ Hà", "officer")
    dialog = open_dialog(window, "usb_export", qtbot)
    qtbot.waitUntil(lambda: dialog.to_whom.isVisible(), timeout=10_000)
    text = dialog.to_whom.text()
    assert "Cho các trường, từ tỉnh (1 máy của trường):" in text
    assert "TH0001 – Trường PTDTBT TH Nậm Cha: Allocation: 1" not in text  # the kinds in Vietnamese
    line = [ln for ln in text.splitlines() if "TH0001" in ln and "•" in ln][0]
    assert "1 cảnh báo" in line and ": 1" in line
    assert "Còn 1 gói của trường chờ chuyển lên tỉnh (TH0001)" in text and "Đồng bộ ngay" in text

    stick = tmp_path / "stick"
    choose_folder(dialog, qtbot, choose, stick)
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as sig:
        click(qtbot, dialog.export_button)
    done = sig.args[0]
    assert done.path is None and [p.name for p in stick.iterdir()] == [ack_name]  # no empty bundle
    assert dialog.result.text().startswith("Không có gì mới để gửi lên tỉnh")
    assert "1 giấy báo nhận của tỉnh" in dialog.result.text()


def test_the_status_bar_after_an_officers_sync_says_what_was_relayed(area, open_app, qtbot):
    """Item 9: after "Sync now" the status bar says what went up for the schools and that
    the acknowledgements wait for the next stick, not only the time."""
    from sync.client import SyncReport

    window = open_app(area.officer, "Cán bộ Hà", "officer")
    controller = window.sync_status.controller
    controller._succeeded(SyncReport(sent=1, relayed=2, carried=1,
                                     acks=[f"bundles/acks/ACK_{x}.smb" for x in "abc"]))
    text = window.sync_status.sync_label.text()
    assert "đã chuyển 2 gói của trường lên tỉnh" in text
    assert "giấy báo nhận cho 3 máy của trường chờ lần Xuất ra USB tới" in text
    tip = window.sync_status.sync_label.toolTip()
    assert "1 gói đã chuyển không đọc được" in tip and "Xuất ra USB" in tip
