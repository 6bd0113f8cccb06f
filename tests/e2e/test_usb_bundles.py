"""USB bundles with keys handed out by a real server: a school and its commune officer
enrol, the school exports on a stick, the officer imports without a network; a device
the server revokes is refused once the officer has heard of it."""

from __future__ import annotations

from app import sync_state
from app.records import Student, Unit
from sync import bundle, client, usb
from tests.helpers import factories as f


def test_a_school_bundle_reaches_the_officer_with_the_servers_keys(devices, server_cmd, tmp_path):
    school = devices.school(name="Trường PTDTBT TH Nậm Cha")
    client.sync(school)  # the server knows the school from its first sync
    officer = devices.open()
    officer.set_unit(Unit(code=f"XA-{school.unit().code}", name="UBND xã Nậm Cha", kind="commune",
                          commune_code="03388"), "cán bộ")
    client.enrol(officer, devices.server.url, devices.code(officer.unit().code))
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
