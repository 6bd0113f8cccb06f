"""Rotating the province's key on a running server (docs/security.md, "Keys and rotation"):
a school's bundle sealed to the old key still opens, its acknowledgement is signed by the
key the school knows and brings it the new one; an installation online learns the new
key at its next sync, and an officer can go on issuing enrolment files."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from app import sync_state
from app.records import Student, Unit
from sync import bundle, client, enrolment, usb
from tests.helpers import factories as f


def test_a_rotation_reaches_schools_online_and_on_a_stick(devices, server_cmd, tmp_path):
    offline = devices.school(name="Trường PTDTBT TH Nậm Cha")  # will only be reached by stick
    online = devices.school(name="Trường PTDTBT TH Pa Vệ Sủ")
    officer = devices.open()
    officer.set_unit(Unit(code=f"XA-{uuid.uuid4().hex[:6].upper()}", name="UBND xã Nậm Cha", kind="commune",
                          commune_code="03388"), "cán bộ")
    client.enrol(officer, devices.server.url, devices.code_for(officer))
    for s in (offline, online, officer):
        client.sync(s)
    client.sync(officer)  # its scope has the schools now
    old = sync_state.enrolment(offline).server_key
    assert old and sync_state.enrolment(online).server_key == old

    kids = [f.student(offline, full_name=n) for n in ("Sùng Thị Mỷ", "Giàng A Páo")]
    stick = tmp_path / "stick"
    sealed_to_old = usb.export_bundle(offline, stick)

    out = server_cmd("key", "rotate")
    assert out.returncode == 0, out.stderr
    shown = json.loads(server_cmd("key", "show", "--json").stdout)
    new = next(k["public_key"] for k in shown["keys"] if k["current"])
    retired = next(k["name"] for k in shown["keys"] if not k["current"])
    assert new != old

    # online: the next sync brings the new key, and the officer's delegation signed by it
    client.sync(online)
    assert sync_state.enrolment(online).server_key == new
    client.sync(officer)
    assert sync_state.enrolment(officer).server_key == new
    enrolment.issue_file(officer, offline.unit().code, tmp_path / "files")  # checked against the new key

    # by stick: the province opens the bundle with the old key, and answers with it
    back = tmp_path / "back"
    out = server_cmd("import", str(stick), "--acks-out", str(back), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["bundles"][0]["inserted"] == 2
    (ack_path,) = json.loads(out.stdout)["acks"]
    ack = bundle.read_manifest(Path(ack_path).read_bytes())
    assert ack.sender == "server"
    shown = json.loads(server_cmd("key", "show", "--json").stdout)
    assert next(k["installations"] for k in shown["keys"] if k["name"] == retired) == 1
    took = usb.import_bundles(offline, [back])
    assert took.count("imported") == 1, [b.as_dict() for b in took.bundles]
    assert offline.pending_changes(sync_state.SERVER) == 0
    assert sync_state.enrolment(offline).server_key == new  # the acknowledgement brought the new key
    assert {r["public_key"] for r in sync_state.recipients(offline) if r["id"] == "server"} == {new}
    assert {offline.get(Student, k.id).full_name for k in kids} == {"Sùng Thị Mỷ", "Giàng A Páo"}

    # its next bundle is sealed to the new key, and so is the answer
    f.student(offline, full_name="Lò Văn Tủa")
    stick2, back2 = tmp_path / "stick2", tmp_path / "back2"
    usb.export_bundle(offline, stick2)
    out = server_cmd("import", str(stick2), "--acks-out", str(back2), "--json")
    assert out.returncode == 0, out.stderr
    shown = json.loads(server_cmd("key", "show", "--json").stdout)
    assert next(k["installations"] for k in shown["keys"] if k["name"] == retired) == 0  # time to retire it
    assert usb.import_bundles(offline, [back2]).count("imported") == 1

    out = server_cmd("key", "retire", retired)
    assert out.returncode == 0, out.stderr
    out = server_cmd("import", str(sealed_to_old.path), "--json")  # sealed to a key the province no longer holds
    assert out.returncode == 2 and json.loads(out.stdout)["bundles"][0]["refused"] == "bundle.key_mismatch"
    client.sync(online)  # the running server goes on with the new key
    assert sync_state.enrolment(online).server_key == new
