"""Demo data (app.demo): realistic, valid, deterministic, and consistent with the rules."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app import validate
from app.demo import generate
from app.records import NEED_STATUSES, CoverageGap, Device, Donation, Handover, Need, Sim, Student, Unit
from app.school_year import current_school_year
from app.store import Store
from app.text import fold


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("demo"))
    result = generate(store, students=200, seed=3)
    yield store, result
    store.close()


def _roster(store: Store) -> list[tuple]:
    return [(s.full_name, s.personal_id, s.class_name, s.birth_date, s.sex, s.guardian_phone)
            for s in store.find(Student, order_by="rowid")]


def test_counts(demo):
    store, result = demo
    assert result.students == 200 == store.count(Student)
    assert result.schools == 1 == store.count(Unit)
    unit = store.unit()
    assert unit is not None and unit.kind == "school" and unit.id == result.unit_ids[0]
    assert store.admin_unit(unit.commune_code)["province_code"] == "12"  # Lai Châu
    assert result.devices == store.count(Device) > 0
    assert result.sims == store.count(Sim) > 0
    assert result.donations == store.count(Donation) > 0
    assert result.coverage_gaps == store.count(CoverageGap) > 0
    assert sum(result.needs.values()) == store.count(Need)
    status = store.status()
    assert status["students"] == 200
    assert status["handovers"]["total"] == result.handovers


def test_every_need_state_is_present(demo):
    store, result = demo
    states = {n.status for n in store.find(Need)}
    assert states == set(NEED_STATUSES)
    for need in store.find(Need, "status IN ('rejected', 'withdrawn')"):
        assert need.status_reason and need.history[-1]["reason"] == need.status_reason
    for need in store.find(Need):
        assert need.priority_tier is not None  # needs only for children in a priority group
        assert need.school_year == current_school_year()  # not a year written into the code


def test_students_are_valid_and_realistic(demo):
    store, _ = demo
    students = store.find(Student)
    for s in students:
        assert s.checked() == s  # passes validation and is already normalised
        grade = int(s.class_name[0])
        age_in_sept = int(current_school_year()[:4]) - int(s.birth_date[:4])
        assert age_in_sept in (5 + grade, 6 + grade)
        if s.guardian_phone:
            assert validate.normalise_phone(s.guardian_phone) == s.guardian_phone
        assert s.guardian_relation in ("Bố", "Mẹ", "Ông", "Bà")
    assert len({s.ethnicity for s in students}) >= 6
    assert any(ch in "ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵ" for s in students for ch in s.full_name.lower())
    households = [s.household for s in students]
    assert 0.25 < households.count("poor") / len(households) < 0.45
    assert 0.10 < households.count("near_poor") / len(households) < 0.30
    certified = [s for s in students if s.poverty_cert_no]
    assert certified and all(s.household in ("poor", "near_poor") and s.poverty_cert_year for s in certified)


def test_personal_ids_unique_and_valid(demo):
    store, _ = demo
    students = store.find(Student)
    pids = [s.personal_id for s in students if s.personal_id]
    assert len(pids) == len(set(pids))
    assert 0 < len(students) - len(pids) < len(students) * 0.15  # a few still without one
    for s in students:
        if s.personal_id:
            born = dt.date.fromisoformat(s.birth_date)
            assert validate.check_personal_id(s.personal_id, born, s.sex) == s.personal_id
    assert sum(p.startswith("012") for p in pids) > len(pids) * 0.7  # mostly born in Lai Châu


def test_deterministic_for_a_seed(demo, tmp_path):
    store, _ = demo
    with Store.open(tmp_path / "again") as again:
        generate(again, students=200, seed=3)
        assert _roster(again) == _roster(store)
        assert sorted(d.serial for d in again.find(Device)) == sorted(d.serial for d in store.find(Device))
        assert again.status()["needs"] == store.status()["needs"]
    with Store.open(tmp_path / "other") as other:
        generate(other, students=200, seed=4)
        assert _roster(other) != _roster(store)


def test_search_without_accents(demo):
    store, _ = demo
    everyone = store.find(Student)
    for query, accented in (("nguyen", "Nguyễn"), ("dang", "Đặng")):
        expected = {s.id for s in everyone if query in fold(s.full_name)}
        found = store.search_students(query, limit=None)
        assert {s.id for s in found} == expected
        if query == "nguyen":
            assert len(found) >= 3
        assert all(query in fold(s.full_name) for s in found)
        if any(accented in s.full_name for s in everyone):
            assert any(accented in s.full_name for s in found)


def test_handovers_devices_and_needs_agree(demo):
    store, result = demo
    active = store.active_handovers()
    assert active and len(active) == result.handovers - result.returned
    returns = store.find(Handover, "event='returned'")
    assert 1 <= len(returns) == result.returned
    active_devices = {h.device_id for h in active}
    assert len(active_devices) == len(active)  # one device, one child
    for d in store.find(Device):
        assert (d.status == "handed_over") == (d.id in active_devices), d.label
        assert d.serial or d.imei
        if d.imei:
            assert validate.check_imei(d.imei) == d.imei
    returned_ids = {h.device_id for h in returns}
    assert returned_ids and all(store.get(Device, i).status in ("in_stock", "faulty") for i in returned_ids)
    fulfilled = {n.id for n in store.find(Need, "status='fulfilled'")}
    assert fulfilled == {h.need_id for h in active}
    for h in active:
        assert h.guardian_name and h.minute_no and h.giver_rep
    active_sims = {h.sim_id for h in active if h.sim_id}
    assert active_sims
    for sim in store.find(Sim):
        assert (sim.status == "handed_over") == (sim.id in active_sims), sim.number


def test_several_schools_and_an_existing_unit(tmp_path):
    with Store.open(tmp_path) as store:
        first = store.set_unit(Unit(code="TH-MUONGTE", name="Trường Tiểu học Mường Tè", kind="school",
                                    level="TH", commune_code="03445"), "setup")
        result = generate(store, students=60, seed=5, schools=3)
        assert result.schools == 3 and result.unit_ids[0] == first.id == store.unit_id
        per_school = {u: store.count(Student, "unit_id=?", (u,)) for u in result.unit_ids}
        assert sum(per_school.values()) == 60 and all(n == 20 for n in per_school.values())
        # the existing primary school only gets primary classes
        assert all(s.class_name[0] in "12345" for s in store.find(Student, "unit_id=?", (first.id,)))
        units = store.find(Unit)
        assert len({u.code for u in units}) == 3
        assert all(store.admin_unit(u.commune_code)["province_code"] == "12" for u in units)


def test_cli_demo_then_status(tmp_path, capsys):
    from songmay.cli import main

    assert main(["demo", "--students", "40", "--data-dir", str(tmp_path), "--lang", "en"]) == 0
    assert "40 students" in capsys.readouterr().out
    assert main(["status", "--json", "--data-dir", str(tmp_path)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["students"] == 40 and status["needs"]["total"] > 0 and status["devices"]["total"] > 0


@pytest.mark.parametrize(("kind", "commune", "province"), [("commune", "03388", ""), ("province", "", "12"),
                                                           ("cluster", "", "12")])
def test_an_office_gets_schools_of_its_own_area_below_it(tmp_path, kind, commune, province):
    store = Store.open(tmp_path / kind)
    try:
        office = store.set_unit(Unit(code=f"OFF-{kind}", name="Văn phòng", kind=kind, commune_code=commune,
                                     province_code=province), "t")
        result = generate(store, students=60, seed=5, schools=3)
        schools = [store.get(Unit, u) for u in result.unit_ids]
        assert office.id not in result.unit_ids and len(schools) == 3 and store.unit_id == office.id
        assert all(s.kind == "school" for s in schools)
        assert {st.unit_id for st in store.find(Student)} <= set(result.unit_ids)  # no child at the office
        if kind == "commune":
            assert {s.commune_code for s in schools} == {"03388"}
        else:
            assert {s.province_code for s in schools} == {"12"}
        assert all(s.parent_id == (office.id if kind == "cluster" else "") for s in schools)
    finally:
        store.close()


def test_the_demo_makes_the_schools_users(tmp_path):
    with Store.open(tmp_path) as store:
        result = generate(store, students=30, seed=5, make_users=True)
        people = store.users()
        assert [(u["name"], u["role"]) for u in people] == [(a["name"], a["role"]) for a in result.users]
        assert {u["role"] for u in people} == {"head", "teacher"}
        for u, made in zip(people, result.users, strict=True):
            assert store.check_pin(u["id"], made["pin"])
        # the head's name is the one the demo's approvals are signed with
        approved = [n for n in store.find(Need) if n.status in ("approved", "fulfilled")]
        head = next(u["name"] for u in people if u["role"] == "head")
        assert any(h["by"] == head for n in approved for h in n.history if h.get("action") == "approve")


def test_demo_data_added_to_a_filled_school_every_time(tmp_path):
    with Store.open(tmp_path) as store:
        generate(store, students=40, seed=1, make_users=True)
        for seed in (1, 1, 2, 3, 4, 5, 6, 7, 8, 1):
            generate(store, students=40, seed=seed, schools=2, make_users=True)
        assert store.count(Student) == 40 + 10 * 40
        gaps = [(g.unit_id, fold(g.village)) for g in store.find(CoverageGap)]
        assert len(gaps) == len(set(gaps))
        assert len(store.users()) == 2  # its accounts were made once


def test_the_demo_uses_the_given_school_year(tmp_path):
    with Store.open(tmp_path) as store:
        generate(store, students=20, seed=2, school_year="2024-2025")
        assert {n.school_year for n in store.find(Need)} == {"2024-2025"}


def test_schools_share_no_children_except_the_labelled_duplicates(tmp_path):
    """Issue 14 item 2: ``songmay demo --schools N`` gives each school its own children; the
    few entered at two schools on purpose (to try an office's decision) are listed and say so."""
    from app import duplicates

    with Store.open(tmp_path / "office") as store:
        store.set_unit(Unit(code="XA-NAMCHA", name="UBND xã Nậm Cha", kind="commune", commune_code="03388"), "t")
        result = generate(store, students=300, seed=4, schools=3)
        assert store.count(Student) == 300 == result.students
        shared = {r[0]: r[1] for r in store.conn.execute(
            "SELECT personal_id, count(DISTINCT unit_id) FROM students WHERE personal_id<>'' GROUP BY personal_id "
            "HAVING count(*) > 1")}
        assert len(result.duplicates) == 3 and set(shared) == {d["personal_id"] for d in result.duplicates}
        assert set(shared.values()) == {2}  # at two schools, never twice at one
        for d in result.duplicates:
            source, copy = (store.get(Student, i) for i in d["student_ids"])
            assert (source.full_name, source.birth_date, source.personal_id) == (
                copy.full_name, copy.birth_date, d["personal_id"])
            assert source.unit_id != copy.unit_id and len(set(d["schools"])) == 2
            needs = store.find(Need, "student_id IN (?, ?)", (source.id, copy.id))
            assert sorted(n.status for n in needs) == ["submitted", "submitted"]  # active at both: to decide
            [label] = [n.note for n in needs if n.student_id == copy.id]
            assert label.startswith("Dữ liệu mẫu") and "hai trường" in label
        assert {p["personal_id"] for p in duplicates.cross_school(store)} == set(shared)
        assert generate(store, students=40, seed=4, schools=1).duplicates == []  # one school: none


def test_two_schools_filled_with_the_same_seed_get_different_children(tmp_path):
    """Each school's own computer filled with ``songmay demo`` (the wizard's demo too: seed 1)."""
    rosters = []
    for code in ("TH-NAMCHA", "TH-PAU"):
        with Store.open(tmp_path / code) as store:
            store.set_unit(Unit(code=code, name=f"Trường {code}", level="TH", commune_code="03388"), "t")
            generate(store, students=120, seed=1)
            rosters.append({(s.personal_id or s.full_name + s.birth_date) for s in store.find(Student)})
    assert rosters[0].isdisjoint(rosters[1])


def test_cli_demo_names_the_children_at_two_schools(tmp_path, capsys):
    from songmay.cli import main

    assert main(["demo", "--students", "60", "--schools", "2", "--data-dir", str(tmp_path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Entered at two schools on purpose" in out
    assert main(["demo", "--students", "20", "--data-dir", str(tmp_path / "one"), "--lang", "en"]) == 0
    assert "on purpose" not in capsys.readouterr().out
