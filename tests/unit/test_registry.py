"""The province's unit registry (``server.registry``) and a computer taking the registry's
record of its school (``Store.rekey_unit``), online or with an officer's file."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from app import changes
from app.errors import SongMayError
from app.records import CoverageGap, Student, Unit
from app.store import Store
from server.storage import ServerStore
from sync import enrolment as E
from tests.helpers import factories as f
from tests.helpers.bundles import Commune
from tests.unit.test_enrolment_offline import delegate_to_officer, school_at_officer


@pytest.fixture
def server(tmp_path):
    s = ServerStore.open(f"sqlite:///{tmp_path / 'server.db'}")
    yield s
    s.close()


def test_units_are_added_checked_and_written_as_the_servers_own_versions(server):
    u = server.add_unit(" th 0001 ", "Trường PTDTBT TH Nậm Cha", level="TH", commune_code="3388")
    assert (u["code"], u["commune_code"], u["province_code"], u["kind"]) == ("TH0001", "03388", "12", "school")
    with server.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT _vv, _inst FROM units WHERE id = ?", (u["id"],)).first()
    assert row._inst == "server" and json.loads(row._vv) == {"server": 1}
    with pytest.raises(SongMayError) as e:
        server.add_unit("TH0001", "Trùng mã", level="TH", commune_code="03388")
    assert e.value.key == "registry.exists"
    for kw, key in (({"level": "XX"}, "registry.level"), ({"commune_code": "99999"}, "registry.commune"),
                    ({"commune_code": ""}, "registry.commune_required"), ({"kind": "bộ"}, "registry.kind")):
        with pytest.raises(SongMayError) as e:
            server.add_unit("TH0002", "Trường", **{"level": "TH", "commune_code": "03388", **kw})
        assert e.value.key == key and e.value.message("vi")
    office = server.add_unit("XA-03388", "UBND xã", kind="commune", commune_code="03388")
    child = server.add_unit("TH0003", "Trường TH", level="TH", commune_code="03388", parent_code="XA-03388")
    assert child["parent_id"] == office["id"]


def test_a_csv_or_xlsx_list_is_imported_whole_or_not_at_all(server, tmp_path):
    csv = tmp_path / "truong.csv"
    csv.write_text("mã trường;tên trường;cấp học;mã xã;đơn vị cấp trên\n"
                   "TH0001;Trường TH Nậm Cha;TH;03388;XA01\n"
                   "XA01;UBND xã Nậm Cha;;03388;\n", encoding="utf-8-sig")
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,level,commune\nTH0009,Trường A,TH,03388\nTH0010,Trường B,ZZ,03388\n"
                   "TH0009,Trùng,TH,03388\n")
    res = server.import_units(bad)
    assert [n for n, _ in res.errors] == [3, 4] and not res.added
    assert server.unit_by_code("TH0009") is None  # nothing half-applied
    res = server.import_units(csv)  # XA01 reads as a school without a level: a commune needs its kind
    assert [n for n, _ in res.errors] == [3] and "XA01" not in res.added
    csv.write_text("mã trường;tên trường;cấp học;mã xã;đơn vị cấp trên;loại\n"
                   "TH0001;Trường TH Nậm Cha;TH;03388;XA01;school\n"
                   "XA01;UBND xã Nậm Cha;;03388;;commune\n", encoding="utf-8-sig")
    res = server.import_units(csv)
    assert sorted(res.added) == ["TH0001", "XA01"] and not res.errors
    assert server.unit_by_code("TH0001")["parent_id"] == server.unit_by_code("XA01")["id"]
    again = server.import_units(csv)
    assert sorted(again.unchanged) == ["TH0001", "XA01"]
    wb = Workbook()
    wb.active.append(["code", "name", "level", "commune"])
    wb.active.append(["TH0001", "Trường PTDTBT TH Nậm Cha", "TH", "03388"])  # renamed by the province
    wb.save(tmp_path / "truong.xlsx")
    res = server.import_units(tmp_path / "truong.xlsx")
    assert res.updated == ["TH0001"] and server.unit_by_code("TH0001")["name"] == "Trường PTDTBT TH Nậm Cha"


def test_a_school_set_up_here_takes_the_registrys_id_with_all_its_records(tmp_path):
    s = Store.open(tmp_path / "laptop")
    mine = s.set_unit(Unit(code="TH0001", name="Trường TH", level="TH", commune_code="03388"), "t")
    kid = f.student(s)
    gap = s.save(CoverageGap(unit_id=s.unit_id, village="Bản Pa Ủ", school_ids=[mine.id]), "gv")
    s.rekey_unit(mine.id, "registry-id", actor="enrolment")
    assert s.unit_id == "registry-id" and s.get_or_none(Unit, mine.id) is None
    assert s.get(Student, kid.id).unit_id == "registry-id"
    assert s.get(CoverageGap, gap.id).school_ids == ["registry-id"]
    s.close()


def test_an_officers_file_for_the_same_school_code_moves_a_set_up_computer_to_the_registrys_unit(tmp_path):
    area = Commune(tmp_path)
    try:
        school_at_officer(area, "TH0001", tmp_path)
        delegate_to_officer(area)
        doc = E.issue_file(area.officer, "TH0001", tmp_path)
        laptop = area.open("laptop2")
        laptop.set_unit(Unit(code="TH0001", name="Trường gõ tay", level="TH", commune_code="03388"), "gv")
        kid = f.student(laptop)
        E.enrol_from_file(laptop, doc)
        registry_unit = json.loads(doc.read_bytes())["grant"]["body"]["unit_id"]
        assert laptop.unit_id == registry_unit and laptop.get(Student, kid.id).unit_id == registry_unit
        assert laptop.unit().code == "TH0001" and laptop.unit().name != "Trường gõ tay"
        assert changes.summary(laptop)  # a working store
    finally:
        area.close()
