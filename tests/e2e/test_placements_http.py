"""A child active at two schools (issue 14, item 2) through a real server process: the
commune's officer decides which school keeps the child; the decision reaches both schools
with their next sync, and the province no longer lists the child as a duplicate."""

from __future__ import annotations

import pytest
import requests

from app.errors import RuleError
from app.ops.placements import decide_placement
from app.queries.placements import placements_for
from app.records import Need, Placement, Unit
from sync import client
from tests.e2e.conftest import OPERATOR
from tests.helpers import factories as f


def _submitted(store, **kw):
    st = f.student(store, **kw)
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year="2025-2026"), "gv")
    return st, store.need_action(need.id, "submit", "gv", "teacher")


def _duplicates(url: str) -> set[str]:
    resp = requests.get(url + "/api/v1/admin/duplicates", auth=(OPERATOR[0].encode(), OPERATOR[1].encode()),
                        timeout=30)
    assert resp.status_code == 200, resp.text
    return {d["personal_id"] for d in resp.json()}


def test_an_offices_placement_reaches_both_schools_through_the_server(devices):
    a = devices.school(name="Trường TH Nậm Cha")
    b = devices.school(name="Trường TH Pa Ủ")
    pid = f.personal_id(2016, "F")
    kid_a, need_a = _submitted(a, personal_id=pid, full_name="Lò Thị Ánh", class_name="3A")
    kid_b, need_b = _submitted(b, personal_id=pid, full_name="Lò Thị Ánh", class_name="3B")
    device_b = f.device(b)
    for s in (a, b):
        assert client.sync(s).rejected == []
    assert pid in _duplicates(devices.server.url)

    officer = devices.open()
    officer.set_unit(Unit(code=f"XA-{a.unit().code}", name="UBND xã Nậm Cha", kind="commune",
                          commune_code="03388"), "cán bộ")
    client.enrol(officer, devices.server.url, devices.code_for(officer))
    client.sync(officer)
    with pytest.raises(RuleError) as e:
        officer.need_action(need_b.id, "verify", "cán bộ xã", "officer")
    assert e.value.key == "need.duplicate" and f"Trường TH Nậm Cha ({a.unit().code})" in e.value.message()

    decision = decide_placement(officer, kid_a.id, kid_b.id, "Em hoc o truong A tu thang 9", "cán bộ xã")
    officer.need_action(need_a.id, "verify", "cán bộ xã", "officer")  # the kept child's need verifies now
    assert client.sync(officer).rejected == []
    assert pid not in _duplicates(devices.server.url)

    for school in (a, b):
        assert client.sync(school).rejected == []
        got = school.get(Placement, decision.id)  # addressed to both schools
        assert (got.keep_student_id, got.release_student_id) == (kid_a.id, kid_b.id)
    kept_notice = placements_for(a, kid_a.id, "vi")
    released_notice = placements_for(b, kid_b.id, "vi")
    assert kept_notice[0]["kept"] and not released_notice[0]["kept"]
    assert f"Trường TH Nậm Cha ({a.unit().code})" in released_notice[0]["text"]  # the released school learns where
    assert a.get(Need, need_a.id).status == "verified"
    withdrawn = b.get(Need, need_b.id)
    assert withdrawn.status == "withdrawn" and "Trường TH Nậm Cha" in withdrawn.status_reason
    # the released school can neither open the need again nor hand the child a device this year
    with pytest.raises(RuleError) as e:
        b.need_action(need_b.id, "reopen", "gv", "teacher")
    assert e.value.key == "need.placement_released"
    with pytest.raises(RuleError) as e:
        f.handover(b, kid_b, withdrawn, device_b)
    assert e.value.key == "handover.placement_released" and "Trường TH Nậm Cha" in e.value.message()
    # the school cannot push the office's decision back changed
    mine = b.get(Placement, decision.id)
    mine.status = "withdrawn"
    b.save(mine, "gv")
    assert [(r["id"], r["code"]) for r in client.sync(b).rejected] == [(decision.id, "forbidden")]
