"""Real devices syncing with a real server process (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import requests

from app import changes, sync_state
from app.errors import SyncError
from app.records import Need, Student
from sync import client
from tests.e2e.conftest import OPERATOR
from tests.helpers import factories as f
from tests.helpers.servers import ROOT


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from server.storage import MIGRATIONS

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def server_status(server_cmd) -> dict:
    out = server_cmd("status", "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def students_of(store) -> dict[str, tuple]:
    return {r["id"]: (r["full_name"], r["_vv"]) for r in store.conn.execute("SELECT * FROM students")}


def test_push_then_pull_to_a_second_device_of_the_school(devices, server_cmd):
    a = devices.school(name="Trường PTDTBT TH Nậm Cha")
    kids = [f.student(a, full_name=n) for n in ("Lò Thị Ánh", "Đặng Văn Bình", "Giàng A Páo")]
    f.approved_need(a, kids[0])
    assert a.pending_changes(sync_state.SERVER) > 0

    report = client.sync(a)
    # the unit record is the registry's (not sent up): the three children and the need
    assert report.sent >= 4 and report.pending == 0 and a.pending_changes(sync_state.SERVER) == 0

    b = devices.join(a)
    assert b.unit().id == a.unit().id  # a fresh installation: the registry's unit comes with the enrolment
    got = client.sync(b)
    assert got.received >= 4 and got.sent == 0
    assert b.unit().name == "Trường PTDTBT TH Nậm Cha" and b.unit_id == a.unit_id
    assert students_of(b) == students_of(a)
    assert b.get(Student, kids[1].id).full_name == "Đặng Văn Bình"
    assert b.pending_changes(sync_state.SERVER) == 0

    # an edit on b reaches a through the server
    st = b.get(Student, kids[2].id)
    st.village = "Bản Pa Ủ"
    b.save(st, "gv")
    assert b.pending_changes(sync_state.SERVER) == 1
    assert client.sync(b).sent == 1
    assert client.sync(a).received == 1
    assert a.get(Student, kids[2].id).village == "Bản Pa Ủ"
    # nothing more to do: one hello each, nothing sent, nothing received
    again = client.sync(a)
    assert (again.sent, again.received) == (0, 0)
    # a damaged batch is refused in words, and nothing of it is taken
    bad = requests.post(devices.server.url + "/api/v1/sync/push", data=b"SMSY" + b"\0" * 60, timeout=10,
                        headers={"Authorization": f"Bearer {sync_state.enrolment(a).token}"})
    assert bad.status_code == 400 and bad.json()["error"] in ("protocol.checksum", "protocol.garbage")


def test_concurrent_edits_become_a_conflict_shown_on_both_devices(devices):
    a = devices.school()
    kid = f.student(a, full_name="Lò Thị Ánh", village="Bản Nậm Cha")
    client.sync(a)
    b = devices.join(a)
    client.sync(b)

    on_a, on_b = a.get(Student, kid.id), b.get(Student, kid.id)
    on_a.village, on_b.village = "Bản Pa Ủ", "Bản Hô Sáng"
    a.save(on_a, "cô Mai")
    b.save(on_b, "thầy Páo")
    client.sync(a)  # the server takes a's version
    client.sync(b)  # b meets a's version: concurrent with its own
    client.sync(a)

    row_a, row_b = a.get(Student, kid.id), b.get(Student, kid.id)
    assert row_a.village == row_b.village  # one deterministic winner everywhere
    assert a.version(Student, kid.id) == b.version(Student, kid.id)
    for store in (a, b):
        [c] = changes.open_conflicts(store)
        assert c["record_id"] == kid.id
        loser = {"Bản Pa Ủ", "Bản Hô Sáng"} - {row_a.village}
        assert {c["data"]["village"]} == loser  # the other version is kept, not dropped

    # b's person takes the losing version: it wins everywhere, and the conflict closes on both
    [c] = changes.open_conflicts(b)
    changes.resolve_conflict(b, c["id"], "take", "thầy Páo")
    client.sync(b)
    client.sync(a)
    assert a.get(Student, kid.id).village == b.get(Student, kid.id).village == c["data"]["village"]


def test_records_outside_the_unit_are_refused_one_by_one(devices, server_cmd):
    a = devices.school()
    other = devices.school()
    mine = f.student(a, full_name="Lò Thị Ánh")
    stray = a.save(Student(unit_id=other.unit_id, full_name="Hờ A Sử", birth_date="2015-01-02", sex="M",
                           class_name="4A"), "gv")
    report = client.sync(a)

    assert [(r["id"], r["code"]) for r in report.rejected] == [(stray.id, "forbidden")]
    assert "ngoài phạm vi" in report.rejected[0]["reason"]
    [notice] = sync_state.notices(a, stray.id)
    assert notice["kind"] == "refused"
    # the refusal is the province's decision, said in words: nothing waits to be sent again for ever
    assert a.pending_changes(sync_state.SERVER) == 0
    assert client.sync(a).sent == 0
    # the rest went through, and the other school never receives the stray record
    client.sync(other)
    assert other.get_or_none(Student, stray.id) is None
    b = devices.join(a)
    client.sync(b)
    assert b.get(Student, mine.id).full_name == "Lò Thị Ánh"
    assert b.get_or_none(Student, stray.id) is None


def test_an_invalid_record_is_quarantined_and_reported_and_a_fix_gets_through(devices, server_cmd):
    a = devices.school()
    good = f.student(a, full_name="Lò Thị Ánh")
    bad = f.student(a, full_name="Vì Văn Nam", birth_date="2015-05-06", sex="M")
    # a version that the server's rules refuse (written by an older or broken app)
    a.conn.execute("UPDATE students SET sex='X' WHERE id=?", (bad.id,))
    a.conn.commit()

    report = client.sync(a)
    assert [(r["id"], r["code"]) for r in report.rejected] == [(bad.id, "invalid")]
    [notice] = sync_state.notices(a, bad.id)
    assert notice["kind"] == "quarantined" and notice["reason"]
    assert a.pending_changes(sync_state.SERVER) == 0  # refused for good: said, not sent again
    quarantined = json.loads(server_cmd("quarantine", "--json").stdout)
    assert [q["record_id"] for q in quarantined if q["record_id"] in (good.id, bad.id)] == [bad.id]

    fixed = a.get(Student, bad.id)
    fixed.sex = "M"
    a.save(fixed, "gv")
    report = client.sync(a)
    assert report.rejected == [] and a.pending_changes(sync_state.SERVER) == 0
    assert sync_state.notices(a, bad.id) == []
    assert bad.id not in [q["record_id"] for q in json.loads(server_cmd("quarantine", "--json").stdout)]


def test_a_revoked_device_is_refused_at_once(devices, server_cmd):
    a = devices.school()
    f.student(a)
    client.sync(a)
    out = server_cmd("revoke", a.instance_id[:12], "--reason", "máy bị mất")
    assert out.returncode == 0 and out.stdout.strip() == a.instance_id
    f.student(a, full_name="Lò Văn Chiến", sex="M")
    with pytest.raises(SyncError) as e:
        client.sync(a)
    assert e.value.key == "sync.revoked" and e.value.status == 403
    assert "thu hồi" in e.value.message("vi")
    assert a.pending_changes(sync_state.SERVER) == 1  # kept, for when it is enrolled again
    assert a.last_sync()["result"] == "sync.revoked"
    devices_json = json.loads(server_cmd("devices", "--json").stdout)
    assert [d["revoked_reason"] for d in devices_json if d["id"] == a.instance_id] == ["máy bị mất"]
    # found again: the office issues a new code, and the laptop sends what it kept
    old_token = sync_state.enrolment(a).token
    client.enrol(a, devices.server.url, devices.code_for(a))
    assert client.sync(a).pending == 0
    refused = requests.post(devices.server.url + "/api/v1/sync/push", data=b"x", timeout=10,
                            headers={"Authorization": f"Bearer {old_token}"})
    assert refused.status_code == 401  # the revoked token stays dead


def test_the_same_child_at_two_schools_is_reported_to_both(devices, server_cmd):
    a = devices.school(name="Trường TH Nậm Cha")
    b = devices.school(name="Trường TH Pa Ủ")
    pid = f.personal_id(2016, "F")
    ka = f.student(a, full_name="Lò Thị Ánh", personal_id=pid)
    kb = f.student(b, full_name="Lò Thị Ánh", personal_id=pid)
    a.save(Need(unit_id=a.unit_id, student_id=ka.id, school_year="2025-2026"), "gv")
    f.approved_need(b, kb)
    client.sync(a)
    client.sync(b)
    client.sync(a)

    for store, other in ((a, b), (b, a)):
        [n] = [n for n in sync_state.notices(store) if n["kind"] == "duplicate"]
        assert n["record_id"] == (ka.id if store is a else kb.id)
        assert n["detail"]["personal_id"] == pid
        assert n["detail"]["other_unit_code"] == other.unit().code
    dups = json.loads(server_cmd("duplicates", "--json").stdout)
    [d] = [d for d in dups if d["personal_id"] == pid]
    assert {s["student_id"] for s in d["students"]} == {ka.id, kb.id}

    # a's need is withdrawn: no longer active at two schools
    need = a.find(Need, "student_id=?", (ka.id,))[0]
    a.need_action(need.id, "withdraw", "gv", "teacher", "em đã chuyển trường")
    client.sync(a)
    client.sync(b)
    assert [n for n in sync_state.notices(b) if n["kind"] == "duplicate"] == []


def test_enrolment_codes_are_single_use_and_checked(devices, server, tmp_path):
    a = devices.school()
    code = devices.code_for(a)
    fresh = devices.open()  # the registry names the school: a fresh computer joins it at once
    client.enrol(fresh, server.url, code)
    assert fresh.unit().code == a.unit().code and fresh.unit_id == a.unit_id
    again = devices.open()
    with pytest.raises(SyncError) as e:
        client.enrol(again, server.url, code)
    assert e.value.key == "enrol.code_used"
    with pytest.raises(SyncError) as e:
        client.enrol(again, server.url, "AAAA-BBBB-CCCC-DDDD")
    assert e.value.key == "enrol.code_unknown"
    with pytest.raises(SyncError) as e:
        client.sync(devices.open())
    assert e.value.key == "sync.not_enrolled"


def test_unreachable_server_is_reported_as_offline_and_nothing_is_lost(devices):
    from tests.helpers.servers import free_port

    a = devices.school()
    f.student(a)
    with pytest.raises(SyncError) as e:
        client.sync(a, url=f"http://127.0.0.1:{free_port()}", attempts=2, backoff=0.01)
    assert e.value.key == "sync.offline"
    assert a.pending_changes(sync_state.SERVER) == 1  # the child (the unit is the registry's)
    assert a.last_sync()["result"] == "sync.offline"


def test_health_openapi_and_operator_login(server, server_cmd):
    health = requests.get(server.url + "/health", timeout=5).json()
    assert health["status"] == "ok" and health["schema"] == head_revision()
    spec = requests.get(server.url + "/openapi.json", timeout=5).json()
    assert {"/api/v1/enrol", "/api/v1/sync/hello", "/api/v1/sync/push"} <= set(spec["paths"])
    out = server_cmd("user", "add", "so.gddt2", "--role", "officer", "--password-stdin",
                     stdin="mật khẩu rất dài\n")
    assert out.returncode == 0, out.stderr
    assert server_cmd("user", "add", "x", "--role", "officer", "--password-stdin", stdin="ngắn\n").returncode == 1
    assert requests.get(server.url + "/api/v1/admin/status", auth=("so.gddt2", "sai"), timeout=5).status_code == 401
    revoke = requests.post(server.url + "/api/v1/admin/devices/x/revoke", json={},
                           auth=(b"so.gddt2", "mật khẩu rất dài".encode()), timeout=5)
    assert revoke.status_code == 403  # an officer may not revoke: the province's operators only
    ok = requests.get(server.url + "/api/v1/admin/status", auth=(b"so.gddt2", "mật khẩu rất dài".encode()), timeout=5)
    assert ok.status_code == 200 and "records" in ok.json()
    code = requests.post(server.url + "/api/v1/admin/enrolments", json={"unit_code": "TH9999"},
                         auth=(b"so.gddt2", "mật khẩu rất dài".encode()), timeout=5)
    assert code.status_code == 404  # not in the registry
    code = requests.post(server.url + "/api/v1/admin/enrolments",
                         json={"unit_code": "TH9999", "unit": {"name": "Trường TH 9999", "level": "TH",
                                                               "commune_code": "03388"}},
                         auth=(b"so.gddt2", "mật khẩu rất dài".encode()), timeout=5)
    assert code.status_code == 403  # only the province's operators add units
    code = requests.post(server.url + "/api/v1/admin/enrolments",
                         json={"unit_code": "TH9999", "unit": {"name": "Trường TH 9999", "level": "TH",
                                                               "commune_code": "03388"}},
                         auth=(OPERATOR[0].encode(), OPERATOR[1].encode()), timeout=5).json()
    assert code["unit_code"] == "TH9999" and len(code["code"]) == 19


def test_cli_enrol_sync_and_status(server, tmp_path):
    data = tmp_path / "school"

    def songmay(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "songmay", *args, "--data-dir", str(data)],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)

    assert songmay("setup", "--code", "THCLI01", "--name", "Trường TH Mường Tè", "--commune", "03388").returncode == 0
    code = server.cli("enrol", "--unit", "THCLI01", "--name", "Trường TH Mường Tè", "--level", "TH",
                      "--commune", "03388").stdout.strip()
    assert len(code) == 19
    out = songmay("enrol", "--server", server.url, "--code", code)
    assert out.returncode == 0, out.stderr
    assert songmay("demo", "--students", "40").returncode == 0
    status = json.loads(songmay("status", "--json").stdout)
    assert status["sync"]["unit_code"] == "THCLI01" and status["sync"]["server"] == server.url
    assert status["pending_changes"] > 40
    out = songmay("sync")
    assert out.returncode == 0, out.stderr
    assert "%" in out.stderr or "gửi" in out.stderr  # progress on stderr
    status = json.loads(songmay("status", "--json").stdout)
    assert status["pending_changes"] == 0
    assert status["sync"]["last"]["result"] == "ok" and status["sync"]["last"]["sent"] > 40
    server.stop()
    try:
        out = songmay("sync")
        assert out.returncode != 0 and "Không kết nối được" in out.stderr
        status = json.loads(songmay("status", "--json").stdout)
        assert status["sync"]["last"]["result"] == "sync.offline"
    finally:
        restarted = server.restart()
        server.proc = restarted.proc


def test_an_officer_sees_the_communes_schools_and_what_it_decides_flows_down(devices):
    from app.records import Allocation, Unit

    school = devices.school(name="Trường PTDTBT TH Nậm Cha")
    kid = f.student(school, full_name="Sùng Thị Mỷ")
    need = school.save(Need(unit_id=school.unit_id, student_id=kid.id, school_year="2025-2026"), "gv")
    need = school.need_action(need.id, "submit", "gv", "teacher")
    client.sync(school)

    officer = devices.open()
    officer.set_unit(Unit(code=f"XA-{school.unit().code}", name="UBND xã Nậm Cha", kind="commune",
                          commune_code="03388"), "cán bộ")
    client.enrol(officer, devices.server.url, devices.code_for(officer))
    client.sync(officer)
    assert officer.get(Student, kid.id).full_name == "Sùng Thị Mỷ"  # the commune's schools come up
    assert school.unit_id in sync_state.enrolment(officer).scope

    officer.need_action(need.id, "verify", "cán bộ xã", "officer")
    decision = officer.save(Allocation(unit_id=officer.unit_id, decision_no="12/QĐ-UBND", decision_date="2025-10-01",
                                       to_unit_id=school.unit_id, donor="Viettel", counts={"tablet": 3}), "cán bộ")
    report = client.sync(officer)
    assert report.rejected == []
    client.sync(school)
    assert school.get(Need, need.id).status == "verified"
    assert school.get(Allocation, decision.id).counts == {"tablet": 3}  # addressed to the school
    # and the school's recipients for USB bundles now include the commune's officer
    assert officer.instance_id in {r["id"] for r in sync_state.recipients(school)}
    # the school cannot push the officer's decision back as its own
    mine = school.get(Allocation, decision.id)
    mine.donor = "Sửa trái phép"
    school.save(mine, "gv")
    refused = client.sync(school).rejected
    assert [(r["id"], r["code"]) for r in refused] == [(decision.id, "forbidden")]
