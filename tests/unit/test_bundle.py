"""USB bundles: the file, export and import between real stores (keys set as enrolment
leaves them: tests/helpers/bundles.py says why no server is needed here)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app import changes, sync_state
from app.records import Need, Student
from sync import bundle as B
from sync import keys, usb
from sync.protocol import encode_batch
from tests.helpers import factories as f
from tests.helpers.bundles import Commune, device_entry

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def area(tmp_path):
    c = Commune(tmp_path)
    yield c
    c.close()


def active_child(store, **kw) -> Student:
    """A child with a submitted need: active, so counted for duplicates."""
    st = f.student(store, **kw)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year=st.school_year), "gv")
    store.need_action(need.id, "submit", "gv", "teacher")
    return st


# ------------------------------------------------------------------ the file
def test_export_names_the_file_and_the_manifest_says_what_it_holds(area, tmp_path):
    school = area.school("TH0001")
    kids = [f.student(school, full_name=f"Lò Thị Hoa {n}") for n in range(3)]
    done = usb.export_bundle(school, tmp_path / "stick")
    assert re.fullmatch(rf"TH0001_{school.instance_id[:8]}_0-{school.counter}_\d{{8}}-\d{{4}}\.smb", done.path.name)
    m = B.read_manifest(done.path.read_bytes())
    assert (m.format, m.sender, m.unit_id, m.unit_code) == (1, school.instance_id, school.unit_id, "TH0001")
    assert m.records == 4 and m.kinds == {"unit": 1, "student": 3}  # the school's own unit record too
    assert m.since == {} and m.summary == {school.instance_id: school.counter}
    assert m.reader_ids() == ["server", area.officer.instance_id]
    assert done.records == 4 and not list(done.path.parent.glob(".*"))  # no temporary file left
    data = done.path.read_bytes()
    for k in kids:  # the records travel encrypted
        assert k.full_name.encode() not in data and k.personal_id.encode() not in data


def test_export_to_a_named_file_and_everything_on_request(area, tmp_path):
    school = area.school()
    f.student(school)
    changes.mark_acknowledged(school, sync_state.SERVER, changes.summary(school))  # the province has it all
    f.student(school, full_name="Giàng Thị Dua")
    delta = usb.export_bundle(school, tmp_path / "x.smb")
    assert delta.path == tmp_path / "x.smb" and delta.records == 1
    assert B.read_manifest(delta.path.read_bytes()).since == {school.instance_id: school.counter - 1}
    full = usb.export_bundle(school, tmp_path / "all", everything=True)
    assert full.records == 3 and full.path.parent == tmp_path / "all"
    assert [r["transport"] for r in school.conn.execute("SELECT transport FROM sync_runs")] == ["usb", "usb"]


def test_an_export_with_nothing_new_writes_no_bundle_and_says_so(area, tmp_path):
    """Issue 14 item 12: once the province has everything, a second export writes nothing
    (no empty bundle on the stick) and says so, in the CLI too."""
    school = area.school()
    f.student(school)
    changes.mark_acknowledged(school, sync_state.SERVER, changes.summary(school))  # the province has it all
    stick = tmp_path / "stick"
    done = usb.export_bundle(school, stick)
    assert done.path is None and done.records == 0 and not list(stick.glob("*.smb"))
    assert done.as_dict()["written"] is False
    assert usb.export_bundle(school, tmp_path / "x.smb").path is None and not (tmp_path / "x.smb").exists()
    assert usb.export_bundle(school, stick, everything=True).records == 2  # on request, all of it
    out = subprocess.run([sys.executable, "-m", "songmay", "--data-dir", str(school.data_dir), "export", "--out",
                          str(tmp_path / "cli")], capture_output=True, text=True,
                         env={**os.environ, "SONGMAY_LANG": "vi"})
    assert out.returncode == 0 and "Không có gì mới" in out.stdout, out.stdout + out.stderr
    assert not (tmp_path / "cli").exists() or not list((tmp_path / "cli").glob("*.smb"))


def test_the_province_opens_a_bundle_with_its_own_key_without_a_store(area, tmp_path):
    school = area.school()
    kid = f.student(school)
    data = usb.export_bundle(school, tmp_path).path.read_bytes()
    opened = B.open_bundle(data, reader_id="server", reader_key=area.province, devices=[device_entry(school)])
    assert opened.id == B.bundle_id(data)
    assert {ch["id"] for ch in opened.changes if ch["k"] == "student"} == {kid.id}
    assert opened.changes[-1]["k"] == changes.END


def test_export_without_enrolment_says_so(store, tmp_path):
    with pytest.raises(B.BundleError) as e:
        usb.export_bundle(store, tmp_path)
    assert e.value.key == "bundle.not_enrolled" and "songmay enrol" in e.value.message()


def test_export_to_a_place_that_cannot_be_written_says_so(area, tmp_path):
    school = area.school()
    (tmp_path / "plain-file").write_text("x")
    with pytest.raises(B.BundleError) as e:
        usb.export_bundle(school, tmp_path / "plain-file" / "sub")
    assert e.value.key == "bundle.write_failed" and "USB" in e.value.message()
    assert school.last_sync()["result"] == "bundle.write_failed"


# ------------------------------------------------------------------ atomic write
def test_a_write_that_fails_midway_leaves_the_old_file(tmp_path):
    target = tmp_path / "TH0001.smb"
    target.write_bytes(b"old bundle")

    def chunks():
        yield b"new bundle, first part"
        raise OSError(5, "Input/output error")  # the stick is pulled out

    with pytest.raises(OSError):
        B.write_atomic(target, chunks())
    assert target.read_bytes() == b"old bundle"
    assert [p.name for p in tmp_path.iterdir()] == ["TH0001.smb"]
    with pytest.raises(OSError):
        B.write_atomic(tmp_path / "new.smb", chunks())
    assert not (tmp_path / "new.smb").exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the dying writer is a forked child")
def test_a_process_killed_midway_leaves_the_old_file_or_nothing(tmp_path):
    """A real death mid-write (os._exit: no cleanup runs), as when the power goes."""
    old = tmp_path / "old.smb"
    old.write_bytes(b"old bundle")
    script = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from sync.bundle import write_atomic

        def chunks():
            yield b"x" * 100_000
            os._exit(9)

        for name in ("old.smb", "new.smb"):
            if os.fork() == 0:
                write_atomic(Path({str(tmp_path)!r}) / name, chunks())
            os.wait()
    """)
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=60)
    assert old.read_bytes() == b"old bundle"
    assert not (tmp_path / "new.smb").exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("old.smb",)]
    assert leftovers and all(n.startswith(".") and n.endswith(".part") for n in leftovers)
    assert usb.find_bundles([tmp_path]) == [old]  # a leftover is never taken for a bundle
    assert all((tmp_path / n).exists() for n in leftovers)  # fresh: perhaps a write still going on

    # issue 14, item 11: left from a killed export, they are cleared by the next import or export
    stale = time.time() - B.STALE_PART_SECONDS - 60
    for n in leftovers:
        os.utime(tmp_path / n, (stale, stale))
    (tmp_path / ".Trashes").write_bytes(b"not ours")
    (tmp_path / ".fresh.smb.123.part").write_bytes(b"a write going on")
    assert usb.find_bundles([tmp_path]) == [old]
    assert not any((tmp_path / n).exists() for n in leftovers)
    assert (tmp_path / ".Trashes").exists() and (tmp_path / ".fresh.smb.123.part").exists()


# ------------------------------------------------------------------ import
def test_import_shows_per_school_what_is_new_changed_and_in_conflict(area, tmp_path):
    school = area.school("TH0001")
    kid = f.student(school)
    f.student(school, full_name="Vàng Văn Páo")
    first = usb.import_bundles(area.officer, [usb.export_bundle(school, tmp_path / "a").path])
    (b,) = first.bundles
    assert b.status == "imported" and first.exit_code == 0
    assert [(s.unit_code, s.new, s.changed, s.conflicts, s.refused) for s in b.schools] == [("TH0001", 3, 0, 0, 0)]
    assert area.officer.get(Student, kid.id).full_name == kid.full_name

    st = school.get(Student, kid.id)
    st.village = "Bản Nậm Cha"
    school.save(st, "gv")
    mine = area.officer.get(Student, kid.id)
    mine.guardian_name = "Lò Văn Bình"  # the officer corrects the same child meanwhile
    area.officer.save(mine, "cán bộ")
    other = f.student(school, full_name="Sùng Thị Mỷ")
    second = usb.import_bundles(area.officer, [usb.export_bundle(school, tmp_path / "b").path])
    (s,) = second.bundles[0].schools
    assert (s.new, s.changed, s.conflicts) == (1, 0, 1) and s.unchanged == 2
    assert area.officer.get(Student, other.id).full_name == "Sùng Thị Mỷ"
    assert changes.count_open_conflicts(area.officer) == 1


def test_duplicates_across_schools_are_counted_per_school(area, tmp_path):
    a, b = area.school("TH0001"), area.school("TH0002")
    pid = f.personal_id(2016, "F")
    active_child(a, personal_id=pid)
    active_child(b, personal_id=pid, full_name="Nguyễn Thị Ánh")
    active_child(b, full_name="Lý Thị Mai")
    stick = tmp_path / "stick"
    usb.export_bundle(a, stick)
    usb.export_bundle(b, stick)
    report = usb.import_bundles(area.officer, [stick])
    assert report.count("imported") == 2
    assert {s.unit_code: s.duplicates for r in report.bundles for s in r.schools} == {"TH0001": 1, "TH0002": 1}
    assert {(p["personal_id"], p["other_code"]) for p in report.duplicates} == {(pid, "TH0001"), (pid, "TH0002")}
    withdrawn = b.find(Need, "student_id IN (SELECT id FROM students WHERE personal_id=?)", (pid,))[0]
    b.need_action(withdrawn.id, "withdraw", "gv", "teacher", "học ở trường TH0001")  # no longer active here
    usb.export_bundle(b, tmp_path / "later")
    again = usb.import_bundles(area.officer, [tmp_path / "later"])
    assert [s.duplicates for s in again.bundles[0].schools] == [0] and again.duplicates == []


def test_imported_bundles_are_kept_untouched_for_relay(area, tmp_path):
    school = area.school()
    f.student(school)
    path = usb.export_bundle(school, tmp_path).path
    (b,) = usb.import_bundles(area.officer, [path]).bundles
    kept = area.officer.data_dir / b.kept
    assert kept.read_bytes() == path.read_bytes() and kept.parent == area.officer.data_dir / "bundles" / "received"
    (entry,) = usb.received_bundles(area.officer)
    assert entry["id"] == B.bundle_id(path.read_bytes()) and entry["kept"] == b.kept
    assert entry["sender"] == school.instance_id and entry["records"] == 2


def test_claims_are_kept_only_where_the_officer_knew_what_the_bundle_was_cut_against(area, tmp_path):
    """A bundle cut against the province's summary must not make an officer who lacks the
    earlier records believe it holds them: it would never be sent them."""
    school = area.school()
    early = f.student(school)
    full = usb.export_bundle(school, tmp_path / "full").path
    changes.mark_acknowledged(school, sync_state.SERVER, changes.summary(school))  # synced over HTTP
    late = f.student(school, full_name="Hờ Thị Sua")
    delta = usb.export_bundle(school, tmp_path / "delta").path
    o = area.officer
    usb.import_bundles(o, [delta])
    assert o.get_or_none(Student, late.id) and o.get_or_none(Student, early.id) is None
    assert changes.summary(o, [school.unit_id]).get(school.instance_id, 0) == 0  # nothing claimed
    usb.import_bundles(o, [full])
    assert changes.summary(o, [school.unit_id])[school.instance_id] == school.counter - 1
    picked = [ch["id"] for batch in changes.changes_since(school, changes.summary(o, [school.unit_id]),
                                                          scope_unit_ids=[school.unit_id])
              for ch in batch if ch["k"] != changes.END]
    assert picked == [late.id]  # only the late child is still offered: the officer has the rest


def test_records_outside_the_officers_area_are_refused_one_by_one(area, tmp_path):
    school = area.school("TH0001")
    outside = area.school("TH0099", in_scope=False, known=False)
    stranger = f.student(outside, full_name="Người Ngoài Xã")
    kid = f.student(school)
    picked = [ch for batch in changes.changes_since(school, {}) for ch in batch][:-1]
    picked += [ch for batch in changes.changes_since(outside, {}) for ch in batch]  # ends with END
    chunks, _m = B.seal(
        [encode_batch(picked)], sender_key=keys.signing_key(school),
        sender={"instance": school.instance_id, "unit_id": school.unit_id, "unit_code": "TH0001", "unit_name": ""},
        readers=sync_state.recipients(school), summary={}, since={}, scope="*|*", records=len(picked) - 1,
        kinds={}, created_at="2025-10-01T00:00:00+00:00", app_version="test")
    path = tmp_path / "mixed.smb"
    path.write_bytes(b"".join(chunks))
    report = usb.import_bundles(area.officer, [path])
    (b,) = report.bundles
    assert b.status == "imported" and report.exit_code == 3
    assert {r.id for r in b.rejected} == {stranger.id, outside.unit_id}
    assert all("ngoài địa bàn" in r.reason for r in b.rejected)
    assert area.officer.get_or_none(Student, kid.id) and area.officer.get_or_none(Student, stranger.id) is None


def test_a_folder_of_many_schools_imports_in_one_go_with_results_as_they_come(area, tmp_path):
    stick = tmp_path / "stick"
    for n in range(5):
        s = area.school(f"TH{n:04d}")
        f.student(s)
        usb.export_bundle(s, stick / f"commune-{n % 2}")  # sub-folders are searched too
    seen = []
    report = usb.import_bundles(area.officer, [stick], each=lambda r, done, total: seen.append((done, total)))
    assert report.count("imported") == 5 and seen == [(n, 5) for n in range(1, 6)]
    assert json.loads(json.dumps(report.as_dict()))["imported"] == 5
    assert area.officer.last_sync()["transport"] == "usb" and area.officer.last_sync()["received"] == 10


def test_an_import_cancelled_between_bundles_keeps_what_it_took_and_takes_the_rest_later(area, tmp_path):
    stick = tmp_path / "stick"
    schools = [area.school(f"TH{n:04d}") for n in range(4)]
    for s in schools:
        f.student(s)
        usb.export_bundle(s, stick)
    usb.GROUP_SECONDS, before = 0.0, usb.GROUP_SECONDS  # one bundle per commit: cancel after the second
    try:
        seen: list[int] = []
        first = usb.import_bundles(area.officer, [stick], each=lambda r, done, total: seen.append(done),
                                   cancelled=lambda: len(seen) >= 2)
    finally:
        usb.GROUP_SECONDS = before
    assert first.cancelled and first.count("imported") == 2 and len(first.bundles) == 2
    assert first.as_dict()["cancelled"] is True
    got = {r[0] for r in area.officer.conn.execute("SELECT unit_id FROM students")}
    assert got == {s.unit_id for s in schools[:2]}  # the two taken are whole and committed
    rest = usb.import_bundles(area.officer, [stick])
    assert not rest.cancelled
    assert [b.status for b in rest.bundles].count("already") == 2 and rest.count("imported") == 2
    assert {r[0] for r in area.officer.conn.execute("SELECT unit_id FROM students")} == {s.unit_id for s in schools}


def test_a_shared_stick_skips_what_is_not_for_this_installation_but_a_named_file_is_refused(area, tmp_path):
    stick = tmp_path / "stick"
    a, b = area.school("TH0001"), area.school("TH0002")
    f.student(a)
    mine = usb.export_bundle(a, stick)  # a's own bundle stays on the stick
    theirs = usb.export_bundle(b, stick)  # and another school's
    report = usb.import_bundles(a, [stick])  # school a reads the stick: nothing here is for it
    assert [r.status for r in report.bundles] == ["skipped", "skipped"]
    assert {r.path for r in report.bundles} == {mine.path, theirs.path}
    assert "TH0002" in next(r for r in report.bundles if r.path == theirs.path).error.message("en")
    assert report.exit_code == 2 and report.as_dict()["skipped"] == 2
    named = usb.import_bundles(a, [theirs.path])  # named on purpose: a refusal with the reason
    assert named.bundles[0].status == "refused" and named.bundles[0].error.key in (
        "bundle.other_unit", "bundle.unknown_sender", "bundle.not_addressed")
    (stick / "junk.smb").write_bytes(os.urandom(300))  # damaged files in a folder are still refused
    again = usb.import_bundles(area.officer, [stick])
    assert {r.path.name: r.status for r in again.bundles}["junk.smb"] == "refused"
    assert again.count("imported") == 2

# ------------------------------------------------------------------ command line
def songmay(*args: str, data_dir: Path, lang: str = "vi") -> subprocess.CompletedProcess:
    env = {**os.environ, "SONGMAY_LANG": lang, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "songmay", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, env=env, timeout=120)


def test_cli_export_then_import_a_stick(area, tmp_path):
    a, b = area.school("TH0001"), area.school("TH0002")
    f.student(a)
    f.student(b)
    stick = tmp_path / "stick"
    for s in (a, b):
        done = songmay("export", "--out", str(stick), data_dir=s.data_dir)
        assert done.returncode == 0, done.stderr
        assert "Đã ghi gói USB" in done.stdout and str(stick) in done.stdout
    out = json.loads(songmay("export", "--out", str(tmp_path / "b.smb"), "--json", data_dir=b.data_dir).stdout)
    assert out["records"] == 2 and out["unit_code"] == "TH0002"

    done = songmay("import", str(stick), data_dir=area.officer.data_dir)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert sum("đã nhập 2 bản ghi" in line for line in lines) == 2
    assert any(line.strip().startswith("TH0001") and "mới 2" in line for line in lines)
    assert "2 gói: 2 đã nhập, 0 đã nhập trước đó, 0 bị từ chối" in lines[-1]

    (stick / "junk.smb").write_bytes(b"PK\x03\x04 a zip file")
    again = songmay("import", str(stick), "--lang", "en", data_dir=area.officer.data_dir, lang="en")
    assert again.returncode == 3, again.stderr  # the junk is refused, the rest was imported before
    assert "is not a SongMay USB bundle" in again.stderr and again.stdout.count("already imported") == 2
    only_junk = songmay("import", str(stick / "junk.smb"), "--json", data_dir=area.officer.data_dir)
    assert only_junk.returncode == 2 and json.loads(only_junk.stdout)["refused"] == 1
    (tmp_path / "empty").mkdir()
    empty = songmay("import", str(tmp_path / "empty"), data_dir=area.officer.data_dir)
    assert empty.returncode == 2 and "Không tìm thấy gói USB" in empty.stderr
    missing = songmay("import", str(tmp_path / "gone.smb"), data_dir=area.officer.data_dir)
    assert missing.returncode == 2 and "Không đọc được tệp" in missing.stderr


def test_export_reports_progress_and_a_cancelled_export_writes_nothing(area, tmp_path):
    school = area.school("TH0001")
    for _ in range(40):
        f.student(school)
    usb.BATCH_BYTES, before = 2048, usb.BATCH_BYTES  # several batches: progress between them
    try:
        seen: list[tuple[int, int]] = []
        with pytest.raises(B.BundleError) as err:
            usb.export_bundle(school, tmp_path / "stick", progress=lambda d, t: seen.append((d, t)),
                              cancelled=lambda: len(seen) >= 2)
        assert err.value.key == "bundle.export_cancelled" and "huỷ" in err.value.message("vi")
        assert not (tmp_path / "stick").exists() or not list((tmp_path / "stick").iterdir())
        assert school.last_sync()["result"] == "bundle.export_cancelled"
        assert school.pending_changes(sync_state.SERVER) == 41  # nothing counted as sent
        seen.clear()
        done = usb.export_bundle(school, tmp_path / "stick", progress=lambda d, t: seen.append((d, t)))
    finally:
        usb.BATCH_BYTES = before
    assert len(seen) >= 2 and seen[-1][0] == done.records + 1  # the END marker is read too
    assert [d for d, _t in seen] == sorted(d for d, _t in seen) and all(d <= t for d, t in seen)
