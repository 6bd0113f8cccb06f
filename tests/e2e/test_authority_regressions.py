"""Regressions of issue 12's findings that the authorization matrix does not already cover,
each against a real server process (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import uuid

from app import changes, sync_state
from app.records import Allocation, Student, Unit
from sync import client, usb
from tests.e2e.conftest import registry_fields
from tests.helpers import factories as f


def office(devices, name: str = "UBND xã Nậm Cha"):
    s = devices.open()
    s.set_unit(Unit(code=f"XA-{uuid.uuid4().hex[:6].upper()}", name=name, kind="commune", commune_code="03388"),
               "cán bộ")
    client.enrol(s, devices.server.url, devices.code(s.unit().code, registry_fields(s)))
    return s


def test_refused_versions_do_not_pin_the_senders_knowledge(devices):
    """Finding 12: an office's demo schools, refused by the province, left every later office
    write pending at every school for good and sent down again at every sync."""
    school = devices.school()
    client.sync(school)
    ox = office(devices)
    client.sync(ox)
    # a school the office made up (not in the province's registry), with children
    fake = Unit(code="TH-DEMO", name="Trường demo", level="TH", commune_code="03388", parent_id=ox.unit_id)
    fake.unit_id = fake.id  # as the office's demo data makes them
    fake = ox.save(fake, "cán bộ")
    kids = [ox.save(Student(unit_id=fake.id, full_name=f"Em demo {n}", birth_date="2016-01-02", sex="M",
                            class_name="1A"), "cán bộ") for n in range(5)]
    report = client.sync(ox)
    assert {r["id"] for r in report.rejected} == {fake.id, *(k.id for k in kids)}
    assert all(r["code"] == "forbidden" and r["reason"] for r in report.rejected)
    assert {n["record_id"] for n in sync_state.notices(ox)} >= {fake.id}  # said in words
    assert ox.pending_changes(sync_state.SERVER) == 0
    # the office's later decisions reach the school once, and nothing stays pending anywhere
    for n in range(3):
        ox.save(Allocation(unit_id=ox.unit_id, decision_no=f"{n + 1:02d}/QĐ", decision_date="2025-10-01",
                           to_unit_id=school.unit_id, counts={"tablet": n + 1}), "cán bộ")
        assert client.sync(ox).rejected == []
        got = client.sync(school)
        assert got.received == 1
        assert client.sync(school).received == 0  # not sent down again
        for s in (ox, school):
            assert s.pending_changes(sync_state.SERVER) == 0
        assert client.sync(ox).sent == 0


def test_a_relayed_bundle_is_judged_as_its_signing_school_not_the_officer(devices, tmp_path):
    """The relaying officer may change every school of its commune; a school's bundle it
    carries may change only that school."""
    a, b = devices.school(name="Trường TH A"), devices.school(name="Trường TH B")
    kid_a = f.student(a, full_name="Lò Thị Ánh")
    client.sync(a)
    ox = office(devices)
    client.sync(ox)
    client.sync(b)  # b learns that the commune's officer reads its bundles
    # b's laptop holds a's child (taken from a stick, say) and changes it: in a bundle
    stolen = ox.get(Student, kid_a.id)

    row = a.conn.execute("SELECT * FROM students WHERE id=?", (kid_a.id,)).fetchone()
    stream = [ch for batch in changes.changes_since(a, {}, kinds=["student"]) for ch in batch
              if ch.get("id") == row["id"]]
    changes.apply_changes(b, stream, actor="test", trusted=True)
    taken = b.get(Student, kid_a.id)
    taken.village = "Bản của B"
    b.save(taken, "gv")
    out = usb.export_bundle(b, tmp_path / "stick")
    imported = usb.import_bundles(ox, [out.path])
    [res] = imported.bundles
    assert res.status == "imported" and [(r.kind, r.id, r.code) for r in res.rejected] == [
        ("student", kid_a.id, "forbidden")]
    assert ox.get(Student, kid_a.id).village == stolen.village  # the officer's own copy is not changed
    relayed = client.sync(ox)
    assert relayed.relayed == 1
    client.sync(a)
    assert a.get(Student, kid_a.id).village == kid_a.village  # the province did not take it either
    [q] = [q for q in json.loads(devices.server.cli("quarantine", "--json").stdout) if q["record_id"] == kid_a.id]
    assert q["device_id"] == b.instance_id and q["code"] == "forbidden"


def test_reimporting_a_relayed_bundle_at_the_province_says_nothing_new(devices, tmp_path):
    """Finding 11: re-importing an already relayed bundle printed "400 new"."""
    school = devices.school()
    client.sync(school)
    ox = office(devices)
    client.sync(ox)
    client.sync(school)
    for n in range(4):
        f.student(school, full_name=f"Em {n}")
    out = usb.export_bundle(school, tmp_path / "stick")
    usb.import_bundles(ox, [out.path])
    assert client.sync(ox).relayed == 1
    again = devices.server.cli("import", str(out.path))
    assert again.returncode == 0, again.stderr
    assert "không có gì mới" in again.stdout and "4 mới" not in again.stdout


def test_an_upload_without_a_length_is_cut_at_the_limit(devices):
    """A chunked push or relay (no Content-Length) is refused as soon as it grows past the
    limit, never read whole into memory."""
    import requests

    school = devices.school()
    token = sync_state.enrolment(school).token

    def chunks():
        for _ in range(40):
            yield b"\0" * (1 << 20)

    for path in ("/api/v1/sync/push", "/api/v1/bundles"):
        resp = requests.post(devices.server.url + path, data=chunks(), timeout=60,
                             headers={"Authorization": f"Bearer {token}"})
        assert resp.status_code == 413 if path.endswith("push") else resp.status_code in (400, 413)


def test_a_school_enrolled_online_writes_bundles_its_officer_reads_before_any_sync(devices, tmp_path):
    """Finding 11: a school that enrolled but never synced wrote bundles only the province
    could read (its unit reached the server with its first push). The registry knows the
    unit at enrolment: the school learns its officers' keys then."""
    ox = office(devices)
    client.sync(ox)
    school = devices.school()  # enrolled, never synced
    assert ox.instance_id in {r["id"] for r in sync_state.recipients(school)}
    f.student(school, full_name="Lò Thị Ánh")
    client.sync(ox)  # the officer learns the new computer's key
    out = usb.export_bundle(school, tmp_path / "stick")
    [res] = usb.import_bundles(ox, [out.path]).bundles
    assert res.status == "imported" and res.rejected == []


def test_after_a_relay_the_officer_has_nothing_pending_and_exports_nothing_of_the_schools(devices, tmp_path):
    """Finding 11: an officer's pending count stayed high after a relay, and its next export
    re-shipped the schools' records as its own."""
    ox = office(devices)
    client.sync(ox)
    school = devices.school()
    client.sync(school)
    client.sync(ox)  # learns the new computer's key
    kids = [f.student(school, full_name=f"Em {n}") for n in range(5)]
    [res] = usb.import_bundles(ox, [usb.export_bundle(school, tmp_path / "in").path]).bundles
    assert res.status == "imported", res.error and res.error.message()
    assert ox.pending_changes(sync_state.SERVER) == 0  # the schools' records are theirs to send
    report = client.sync(ox)
    assert report.relayed == 1 and report.pending == 0
    out = usb.export_bundle(ox, tmp_path / "out")
    assert out.records == 0
    assert all(ox.get(Student, k.id) for k in kids)


def test_a_restored_copy_enrols_again_and_sends_what_the_original_never_sent(devices, tmp_path):
    """A laptop's data folder restored on another computer writes as a new installation: it
    is told to enrol again (not "not enrolled"), and the children the original never sent
    go up from the copy, once."""
    import shutil

    from app.errors import SyncError
    from app.store import Store

    school = devices.school()
    client.sync(school)
    kids = [f.student(school, full_name=f"Em {n}") for n in range(3)]  # never sent
    school.close()
    devices.opened.remove(school)
    shutil.copytree(school.data_dir, tmp_path / "restored")
    copy = Store.open(tmp_path / "restored")
    devices.opened.append(copy)
    try:
        client.sync(copy)
    except SyncError as e:
        assert e.key == "sync.copied_database" and "mã đăng ký mới" in e.message("vi")
    else:
        raise AssertionError("a copy synced as the original")
    client.enrol(copy, devices.server.url, devices.code_for(copy))
    report = client.sync(copy)
    assert report.rejected == [] and report.pending == 0 and report.sent >= 3
    with_server = json.loads(devices.server.cli("status", "--json", "--unit", copy.unit().code).stdout)
    assert with_server["records"]["student"] == 3 and all(copy.get(Student, k.id) for k in kids)
