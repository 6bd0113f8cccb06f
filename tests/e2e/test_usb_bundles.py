"""USB bundles with keys handed out by a real server: a school and its commune officer
enrol, the school exports on a stick, the officer imports without a network; a device
the server revokes is refused once the officer has heard of it."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import requests

from app import sync_state
from app.errors import SyncError
from app.records import Student, Unit
from sync import bundle, client, usb
from tests.helpers import factories as f


def commune_office(devices, name: str):
    """An office of commune 03388 (a code of its own: the server is shared by the tests),
    set up and enrolled."""
    officer = devices.open()
    code = f"XA-{uuid.uuid4().hex[:6].upper()}"
    officer.set_unit(Unit(code=code, name=name, kind="commune", commune_code="03388"), "cán bộ")
    client.enrol(officer, devices.server.url, devices.code_for(officer))
    return officer


def test_a_school_bundle_reaches_the_officer_with_the_servers_keys(devices, server_cmd, tmp_path):
    school = devices.school(name="Trường PTDTBT TH Nậm Cha")
    client.sync(school)  # the server knows the school from its first sync
    officer = devices.open()
    officer.set_unit(Unit(code=f"XA-{school.unit().code}", name="UBND xã Nậm Cha", kind="commune",
                          commune_code="03388"), "cán bộ")
    client.enrol(officer, devices.server.url, devices.code_for(officer))
    client.sync(officer)  # the server learns of the commune office
    client.sync(school)  # learns that the commune's officer now reads its bundles
    assert {r["id"] for r in sync_state.recipients(school)} >= {"server", officer.instance_id}

    kids = [f.student(school, full_name=n) for n in ("Sùng Thị Mỷ", "Giàng A Páo")]  # no signal since
    done = usb.export_bundle(school, tmp_path / "stick")
    m = bundle.read_manifest(done.path.read_bytes())
    assert m.records == 2 and m.since  # cut against what the server acknowledged
    assert set(m.reader_ids()) >= {"server", officer.instance_id}

    client.sync(officer)  # the officer knows the school's installation from the server
    report = usb.import_bundles(officer, [tmp_path / "stick"])
    (b,) = report.bundles
    assert b.status == "imported", b.error and b.error.message()
    assert [(s.unit_code, s.new) for s in b.schools] == [(school.unit().code, 2)]
    assert [officer.get(Student, k.id).full_name for k in kids] == ["Sùng Thị Mỷ", "Giàng A Páo"]

    out = server_cmd("revoke", school.instance_id[:12], "--reason", "máy bị mất")
    assert out.returncode == 0, out.stderr
    f.student(school, full_name="Lò Văn Tủa")
    later = usb.export_bundle(school, tmp_path / "later")
    client.sync(officer)
    refused = usb.import_bundles(officer, [later.path])
    assert refused.bundles[0].error.key == "bundle.revoked" and refused.exit_code == 2


def test_round_trip_school_stick_officer_province_and_back(devices, server_cmd, tmp_path):
    """A school without signal: its bundle goes to the officer on a stick, the officer relays
    it to the province when online, the province's acknowledgement comes back on the stick,
    and the school's "not yet at the province" count falls to zero — with the officer's
    allocation for the school on board."""
    from app.records import Allocation
    from sync import relay

    school = devices.school(name="Trường PTDTBT TH Nậm Cha")
    client.sync(school)
    officer = devices.open()
    officer.set_unit(Unit(code=f"XA-{school.unit().code}", name="UBND xã Nậm Cha", kind="commune",
                          commune_code="03388"), "cán bộ")
    client.enrol(officer, devices.server.url, devices.code_for(officer))
    client.sync(officer)
    client.sync(school)  # the last time the school had signal

    kids = [f.student(school, full_name=n) for n in ("Sùng Thị Mỷ", "Giàng A Páo", "Lý Thị Chăn")]
    assert school.pending_changes(sync_state.SERVER) == 3
    decision = officer.save(Allocation(unit_id=officer.unit_id, decision_no="7/QĐ-UBND", decision_date="2025-10-02",
                                       to_unit_id=school.unit_id, donor="VNPT", counts={"laptop": 2}), "cán bộ")
    client.sync(officer)  # the decision reaches the province
    stick = tmp_path / "stick"
    usb.export_bundle(school, stick)  # the officer visits the school
    assert usb.import_bundles(officer, [stick]).bundles[0].status == "imported"
    token = sync_state.enrolment(officer).token  # back at the office, online: relay first
    students_before = json.loads(server_cmd("status", "--json").stdout)["records"]["student"]
    assert len(relay.pending_relays(officer)) == 1
    synced = client.sync(officer)  # the officer's sync relays what it carries, then pushes
    assert synced.relayed == 1 and len(synced.acks) == 1
    assert json.loads(server_cmd("status", "--json").stdout)["records"]["student"] == students_before + 3
    assert relay.pending_relays(officer) == []
    again = relay.relay(officer, client.Client(devices.server.url, token))
    assert again.relayed == [] and again.acks == []  # once only
    status = json.loads(server_cmd("status", "--json").stdout)
    assert status["quarantined"] == 0

    # the server took the school's own signature, not the officer's word: a forged copy is refused
    kept = officer.data_dir / usb.received_bundles(officer)[0]["kept"]
    forged = bytearray(kept.read_bytes())
    forged[-1] ^= 1
    refused = requests.post(devices.server.url + "/api/v1/bundles", data=bytes(forged), timeout=30,
                            headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 400 and refused.json()["error"] == "bundle.damaged"

    # the officer's export puts the acknowledgement on the stick beside the officer's own
    # bundle; the school imports the whole stick and skips what is not for it
    (ack,) = synced.acks
    back = tmp_path / "stick-back"
    out = usb.export_bundle(officer, back)
    assert [p.name for p in out.acks] == [Path(ack).name] and (back / Path(ack).name).is_file()
    assert out.path is None and list(back.glob("XA-*")) == []  # its decision is at the province: no empty bundle
    out = usb.export_bundle(school, back)  # and the school's own bundle sits on the same stick
    report = usb.import_bundles(school, [back])
    by_status = {b.status: b for b in report.bundles}
    assert set(by_status) == {"imported", "skipped"}, [b.as_dict() for b in report.bundles]
    assert by_status["skipped"].path == out.path and by_status["skipped"].error.key == "bundle.not_for_us"
    assert by_status["imported"].path.name == Path(ack).name
    assert report.exit_code == 0, [(b.status, [r._asdict() for r in b.rejected]) for b in report.bundles]
    assert school.pending_changes(sync_state.SERVER) == 0  # all of it is at the province now
    assert relay.pending_relays(school) == []  # the acknowledgement is not sent back up
    assert school.get(Allocation, decision.id).counts == {"laptop": 2}  # and the decision came down
    assert [school.get(Student, k.id).full_name for k in kids][0] == "Sùng Thị Mỷ"
    assert usb.import_bundles(school, [back / Path(ack).name]).bundles[0].status == "already"


def test_a_computer_enrolled_offline_by_the_officer_reaches_the_province(devices, server_cmd, tmp_path):
    """Part 5 of the round trip: the officer, online once, holds the province's delegation;
    at the school (no signal) it writes an enrolment file for a new laptop; the laptop's
    first bundle carries its key and the file; the officer imports and relays it; the
    server registers the laptop, acknowledges, and the laptop later syncs over HTTP with
    a token it gets by proving its key. The same file cannot enrol a second computer."""
    from sync import enrolment, relay

    school = devices.school(name="Trường PTDTBT TH Pa Vệ Sủ")
    client.sync(school)
    officer = commune_office(devices, "UBND xã Pa Vệ Sủ")
    client.sync(officer)  # the commune office's scope grows to its schools: the delegation names them
    assert school.unit_id in enrolment.delegation(officer)["body"]["units"]
    code = school.unit().code
    sme = enrolment.issue_file(officer, code, tmp_path / "stick")

    laptop = devices.open()  # a fresh installation at the school, no network
    enrolment.enrol_from_file(laptop, sme)
    assert laptop.unit().code == code and sync_state.enrolment(laptop).token == ""
    kids = [f.student(laptop, full_name=n) for n in ("Vàng Thị Dua", "Sùng A Lử")]
    out = usb.export_bundle(laptop, tmp_path / "stick")
    assert "enrolment_key" in out.manifest.extra and "enrolment" in out.manifest.extra["sealed"]

    report = usb.import_bundles(officer, [out.path])
    assert report.bundles[0].status == "imported", report.bundles[0].error.message()
    synced = client.sync(officer)  # back online: relay registers the laptop at the province
    # an acknowledgement for the laptop, and one for the school's first computer: the
    # laptop's records are new to it (every school computer with something waiting gets one)
    assert synced.relayed == 1 and sorted(Path(a).name.split("_")[2] for a in synced.acks) == sorted(
        [laptop.instance_id[:8], school.instance_id[:8]])
    devices_list = server_cmd("devices")
    assert laptop.instance_id[:8] in devices_list.stdout, devices_list.stdout
    status = json.loads(server_cmd("status", "--json").stdout)
    assert status["quarantined"] == 0

    back = tmp_path / "back"
    usb.export_bundle(officer, back)
    took = usb.import_bundles(laptop, [back])
    assert took.count("imported") == 1, [b.as_dict() for b in took.bundles]
    assert laptop.pending_changes(sync_state.SERVER) == 0
    assert enrolment.bundle_extra(laptop) is None  # the province knows it: no more file in bundles

    # a signal at last: the laptop proves its key, gets a token and syncs like any other
    done = client.sync(laptop)
    assert sync_state.enrolment(laptop).token and done.pending == 0
    f.student(laptop, full_name="Lý Thị Mai")
    assert client.sync(laptop).sent == 1
    assert {laptop.get(Student, k.id).full_name for k in kids} == {"Vàng Thị Dua", "Sùng A Lử"}

    # the same file on a second computer: the officer refuses it (the grant is used), and so
    # does the province, to whoever brings it
    second = devices.open()
    enrolment.enrol_from_file(second, sme)
    f.student(second)
    again = usb.export_bundle(second, tmp_path / "second")
    refused = usb.import_bundles(officer, [again.path]).bundles[0]
    assert refused.status == "refused" and refused.error.key == "bundle.enrolment_refused"
    assert relay.pending_relays(officer) == []
    up = requests.post(devices.server.url + "/api/v1/bundles", data=again.path.read_bytes(), timeout=30,
                       headers={"Authorization": f"Bearer {sync_state.enrolment(officer).token}"})
    assert up.status_code == 409 and up.json()["error"] == "enrol.code_used"
    with pytest.raises(SyncError) as err:  # nor over HTTP
        client.sync(second)
    assert err.value.key == "enrol.code_used"


def test_a_new_schools_first_sync_already_names_its_officer_as_a_reader(devices, tmp_path):
    """The officer is enrolled before the school exists on the server: the school's unit
    arrives with its first push, and that push's acknowledgement names the officer, so a
    school that never gets signal again still exports bundles the officer can read."""
    officer = commune_office(devices, "UBND xã Nậm Cha")
    client.sync(officer)
    school = devices.school(name="Trường PTDTBT TH Nậm Cha")  # enrols; unknown to the server until its push
    client.sync(school)  # one sync only
    assert {r["id"] for r in sync_state.recipients(school)} >= {"server", officer.instance_id}


def test_three_schools_one_stick_there_and_back(devices, server_cmd, tmp_path):
    """The whole round trip for several schools on one stick: each school exports onto it,
    the officer imports the folder, relays to the province, exports back onto the same
    stick (its own bundle and one acknowledgement per school), and each school imports the
    whole stick: it takes its own acknowledgement, skips the rest, and has nothing pending."""
    officer = commune_office(devices, "UBND xã Nậm Cha")
    client.sync(officer)
    schools = [devices.school(name=f"Trường PTDTBT TH số {n}") for n in (1, 2, 3)]
    for s in schools:
        client.sync(s)  # the last signal each school had
    client.sync(officer)  # the officer learns the schools' installations
    stick = tmp_path / "stick"
    for n, s in enumerate(schools):
        for k in range(n + 2):
            f.student(s, full_name=f"Học sinh {n}-{k}")
        usb.export_bundle(s, stick)
    report = usb.import_bundles(officer, [stick])
    assert report.count("imported") == 3 and report.exit_code == 0
    assert sorted(sc.new for b in report.bundles for sc in b.schools) == [2, 3, 4]
    synced = client.sync(officer)
    # one acknowledgement per school (and for any other school of the commune, on this
    # shared server, with something waiting: every one gets its own)
    mine = {s.instance_id[:8] for s in schools}
    assert synced.relayed == 3 and {Path(a).name.split("_")[2] for a in synced.acks} >= mine
    out = usb.export_bundle(officer, stick)
    assert {p.name.split("_")[2] for p in out.acks} >= mine
    for s in schools:
        took = usb.import_bundles(s, [stick])
        statuses = sorted(b.status for b in took.bundles)
        assert statuses.count("imported") == 1 and set(statuses) <= {"imported", "skipped"}, statuses
        assert s.pending_changes(sync_state.SERVER) == 0
    status = json.loads(server_cmd("status", "--json").stdout)
    assert status["quarantined"] == 0


def test_the_province_takes_a_stick_brought_by_hand_with_its_command_line(devices, server_cmd, tmp_path):
    """No officer in between: a stick reaches the provincial office. ``songmay-server import``
    takes the good bundle once, refuses a damaged one with the reason, and writes the
    acknowledgement the school then imports."""
    school = devices.school()
    client.sync(school)
    kids = [f.student(school, full_name=n) for n in ("Hờ Thị Sua", "Mùa A Chứ")]
    stick = tmp_path / "stick"
    good = usb.export_bundle(school, stick)
    bad = stick / "damaged.smb"
    data = bytearray(good.path.read_bytes())
    data[len(data) // 2] ^= 0x40
    bad.write_bytes(bytes(data))
    back = tmp_path / "back"
    out = server_cmd("import", str(stick), "--acks-out", str(back), "--json")
    assert out.returncode == 3, out.stderr
    result = json.loads(out.stdout)
    taken = {Path(b["file"]).name: b for b in result["bundles"]}
    assert taken[good.path.name]["inserted"] == 2 and taken["damaged.smb"]["refused"] == "bundle.damaged"
    assert len(result["acks"]) == 1
    again = server_cmd("import", str(good.path))
    assert again.returncode == 0 and ("2 bản ghi" in again.stdout or "2 records" in again.stdout), again.stdout
    took = usb.import_bundles(school, [back])
    assert took.count("imported") == 1 and school.pending_changes(sync_state.SERVER) == 0
    assert {school.get(Student, k.id).full_name for k in kids} == {"Hờ Thị Sua", "Mùa A Chứ"}
    status = json.loads(server_cmd("status", "--json").stdout)
    assert status["records"]["student"] >= 2


def test_grants_die_with_their_officers_enrolment_but_a_registered_computer_keeps_its_token(
        devices, server_cmd, tmp_path):
    """An officer re-enrolled (a laptop recovered after a theft) voids what it delegated
    before; a computer the province registered already needs only its proof of key."""
    import time

    from sync import enrolment

    school = devices.school()
    client.sync(school)
    officer = commune_office(devices, "UBND xã Nậm Cha")
    client.sync(officer)
    code = school.unit().code
    early = enrolment.issue_file(officer, code, tmp_path / "early")
    kept = enrolment.issue_file(officer, code, tmp_path / "kept")
    registered = devices.open()
    enrolment.enrol_from_file(registered, kept)
    f.student(registered)
    assert usb.import_bundles(officer, [usb.export_bundle(registered, tmp_path / "r").path]).exit_code == 0
    assert client.sync(officer).relayed == 1  # the province registers that computer now

    time.sleep(2.1)  # times are to the second, with a second's grace: the delegation is 2 s older
    assert server_cmd("revoke", officer.instance_id).returncode == 0
    client.enrol(officer, devices.server.url, devices.code_for(officer))  # back, with a new code
    late = devices.open()
    enrolment.enrol_from_file(late, early)  # a file written before: its delegation is void now
    with pytest.raises(SyncError) as err:
        client.sync(late)
    assert err.value.key == "enrol.officer_revoked"
    done = client.sync(registered)  # registered before: its proof of key is enough
    assert sync_state.enrolment(registered).token and done.pending == 0


def test_an_unreadable_stick_is_carried_and_every_waiting_school_gets_its_acknowledgement(devices, tmp_path):
    """Issue 14 items 1 and 3. Two schools synced before their commune office enrolled, so
    their bundles are sealed for the province only. The office carries the one it cannot
    read, relays it, and its records come down by the same sync; the province's
    acknowledgements come back for the school that sent the bundle AND for the school an
    approved decision is addressed to, which sent nothing. Each school imports the stick:
    the first's pending count falls to 0, the second sees its decision, and the first's
    next bundle is readable at the office."""
    from app.records import Allocation
    from sync import relay

    sender = devices.school(name="Trường PTDTBT TH Nậm Cha")
    quiet = devices.school(name="Trường PTDTBT THCS Nậm Cha")
    client.sync(sender)
    client.sync(quiet)
    officer = commune_office(devices, "UBND xã Nậm Cha")  # after the schools' last sync
    client.sync(officer)
    assert officer.instance_id not in {r["id"] for r in sync_state.recipients(sender)}

    kids = [f.student(sender, full_name=n) for n in ("Sùng Thị Mỷ", "Giàng A Páo")]
    stick = tmp_path / "stick"
    usb.export_bundle(sender, stick)
    report = usb.import_bundles(officer, [stick])
    (b,) = report.bundles
    assert b.status == "carried", b.error and b.error.message()
    assert "đồng bộ một lần" in b.error.message()
    assert officer.get_or_none(Student, kids[0].id) is None  # not readable here

    decision = officer.save(Allocation(unit_id=officer.unit_id, decision_no="9/QĐ-UBND", decision_date="2025-10-02",
                                       to_unit_id=quiet.unit_id, counts={"tablet": 5}, status="approved"),
                            "cán bộ")
    synced = client.sync(officer)  # relays the carried bundle, pushes the decision, fetches the acks
    assert synced.relayed == 1 and synced.carried == 1
    assert officer.get(Student, kids[0].id).full_name == "Sùng Thị Mỷ"  # came down by the same sync
    ack_for = {Path(a).name.split("_")[2] for a in synced.acks}
    assert {sender.instance_id[:8], quiet.instance_id[:8]} <= ack_for
    assert relay.pending_relays(officer) == []

    back = tmp_path / "back"
    out = usb.export_bundle(officer, back)
    assert {p.name.split("_")[2] for p in out.acks} >= {sender.instance_id[:8], quiet.instance_id[:8]}
    assert usb.import_bundles(sender, [back]).count("imported") == 1
    assert sender.pending_changes(sync_state.SERVER) == 0
    assert officer.instance_id in {r["id"] for r in sync_state.recipients(sender)}  # learnt from the ack
    assert usb.import_bundles(quiet, [back]).count("imported") == 1
    assert quiet.get(Allocation, decision.id).counts == {"tablet": 5}

    f.student(sender, full_name="Lò Văn Tủa")  # the next stick: readable at the office
    nxt = usb.export_bundle(sender, tmp_path / "next")
    assert usb.import_bundles(officer, [nxt.path]).bundles[0].status == "imported"
