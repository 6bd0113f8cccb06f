"""Reports at every unit level over a multi-school store (``songmay demo --schools``): a
school, a commune office, the province and the country, each broken down by the unit
below; figures checked against the records themselves, counted here in Python."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from app import reports
from app.demo import generate
from app.records import Handover, Need, Student, Unit
from app.reports.labels import w
from app.reports.model import Period
from app.reports.render import title_lines
from app.reports.source import commune_name
from app.store import Store
from tests.helpers.reports import Grid, pdf_text

H2_2025 = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
IN_NEED = ("submitted", "verified", "approved", "fulfilled")


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """Four demo schools in two or more communes of Lai Châu, a commune office over the
    first school's commune and the provincial department."""
    store = Store.open(tmp_path_factory.mktemp("province"))
    result = generate(store, students=320, schools=4, seed=7, school_year="2025-2026")
    schools = [store.get(Unit, uid) for uid in result.unit_ids]
    commune = schools[0].commune_code
    office = Unit(code="UBND-NAM-CHA", name="UBND xã Nậm Chà", kind="commune", commune_code=commune)
    office.unit_id = office.id
    store.save(office, "test")
    dept = Unit(code="SGD-LAICHAU", name="Sở GD&ĐT Lai Châu", kind="province", province_code="12")
    dept.unit_id = dept.id
    store.save(dept, "test")
    yield store, schools
    store.close()


def needs_per_school(store) -> Counter:
    return Counter(n.unit_id for n in store.find(Need, "school_year='2025-2026'") if n.status in IN_NEED)


def handed_per_school(store) -> Counter:
    return Counter(h.unit_id for h in store.find(Handover, "event='handed_over'")
                   if h.device_id and "2025-07-01" <= h.date <= "2025-12-31")


def make(store, kind, code, tmp_path):
    source = reports.store_source(store)
    unit = reports.find_unit(source, code) if code else None
    data = reports.build(source, kind, unit, H2_2025)
    name = f"{kind}-{code or 'VN'}"
    return data, reports.write(data, tmp_path / f"{name}.xlsx"), reports.write(data, tmp_path / f"{name}.pdf")


def test_school_level_rows_are_classes(province, tmp_path):
    store, schools = province
    school = schools[1]
    data, xlsx, pdf = make(store, "needs", school.code, tmp_path)
    per_class = Counter(store.get(Student, n.student_id).class_name for n in store.find(Need, "unit_id=?", (school.id,))
                        if n.status in IN_NEED and n.school_year == "2025-2026")
    assert {r.values["label"]: r.values["in_need"] for r in data.rows} == dict(per_class)
    g = Grid(xlsx)
    assert g.value("Tổng cộng", w("in_need")) == needs_per_school(store)[school.id]
    assert school.name.upper() in pdf_text(pdf)


def test_commune_office_rows_are_its_schools(province, tmp_path):
    store, schools = province
    commune = schools[0].commune_code
    mine = [s for s in schools if s.commune_code == commune]
    expected = needs_per_school(store)
    data, xlsx, pdf = make(store, "needs", "UBND-NAM-CHA", tmp_path)
    assert {r.key for r in data.rows} == {s.id for s in mine}
    g = Grid(xlsx)
    for s in mine:
        assert g.value(s.name, w("in_need")) == expected[s.id]
    assert g.value("Tổng cộng", w("in_need")) == sum(expected[s.id] for s in mine)
    text = pdf_text(pdf)
    assert "ỦY BAN NHÂN DÂN XÃ NẬM CHÀ" in text and all(s.name in text for s in mine)
    assert "UBND TỈNH" not in text  # a commune's People's Committee heads its own papers
    assert not any(s.name in text for s in schools if s.commune_code != commune)


def test_province_rows_are_communes_with_their_schools(province, tmp_path):
    store, schools = province
    expected = needs_per_school(store)
    handed = handed_per_school(store)
    data, xlsx, pdf = make(store, "needs", "SGD-LAICHAU", tmp_path)
    communes = {s.commune_code for s in schools}
    assert len(communes) >= 2, "the demo should spread four schools over communes"
    level0 = {r.key: r.values["in_need"] for r in data.rows if r.level == 0}
    assert level0 == {c: sum(expected[s.id] for s in schools if s.commune_code == c) for c in communes}
    level1 = {r.key: r.values["in_need"] for r in data.rows if r.level == 1}
    assert level1 == {s.id: expected[s.id] for s in schools}
    g = Grid(xlsx)
    for c in communes:
        assert g.value(commune_name(c), w("in_need")) == level0[c]
    assert g.value("Tổng cộng", w("in_need")) == sum(expected.values())
    text = pdf_text(pdf)
    assert "UBND TỈNH LAI CHÂU SỞ GIÁO DỤC VÀ ĐÀO TẠO" in text
    assert all(s.name in text for s in schools)
    data, xlsx, pdf = make(store, "handovers", "SGD-LAICHAU", tmp_path)
    assert {r.key: r.values["handed"] for r in data.rows if r.level == 1} == {s.id: handed[s.id] for s in schools}
    assert Grid(xlsx).value("Tổng cộng", w("handed")) == sum(handed.values())


def test_national_rows_are_provinces(province, tmp_path):
    store, schools = province
    data, xlsx, pdf = make(store, "needs", "", tmp_path)
    assert [(r.values["label"], r.level) for r in data.rows if r.level == 0] == [("Lai Châu", 0)]
    assert data.totals["in_need"] == sum(needs_per_school(store).values())
    assert "Toàn quốc".upper() in pdf_text(pdf)


def test_virtual_commune_by_its_code(province, tmp_path):
    store, schools = province
    other = next(s for s in schools if s.commune_code != schools[0].commune_code)
    data, xlsx, pdf = make(store, "missed", other.commune_code, tmp_path)
    mine = {s.id for s in schools if s.commune_code == other.commune_code}
    assert {r.key for r in data.rows} == mine
    # the list: approved, no device now — counted here from the records
    holding = {h.student_id for h in store.active_handovers()}
    expected = sorted(store.get(Student, n.student_id).full_name for n in store.find(Need, "status='approved'")
                      if n.unit_id in mine and n.student_id not in holding and n.school_year == "2025-2026")
    listed = [(r.values["situation"], r.values["full_name"]) for r in data.detail.rows]
    assert sorted(name for situation, name in listed if situation == w("s_waiting")) == expected
    # and the children in a priority group with no need this year, holding nothing (issue 16 item 11)
    asked = {n.student_id for n in store.find(Need, "school_year='2025-2026'")}
    eligible = sorted(st.full_name for st in store.find(Student) if st.unit_id in mine and st.id not in asked
                      and st.id not in holding and (st.household != "none" or st.covid_orphan or st.covid_hardship))
    assert sorted(name for situation, name in listed if situation == w("s_no_need")) == eligible
    assert len(eligible) == sum(r.values["no_need"] for r in data.rows)
    text = pdf_text(pdf)
    assert all(name in text for name in expected + eligible)


def test_every_kind_at_every_level_renders(province, tmp_path):
    store, schools = province
    for kind in reports.KINDS:
        for code in (schools[0].code, "UBND-NAM-CHA", "SGD-LAICHAU", ""):
            data, xlsx, pdf = make(store, kind, code, tmp_path)
            assert " ".join(title_lines(data)) in pdf_text(pdf)
            assert {*title_lines(data), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"} <= Grid(xlsx).texts()


def test_choosable_units_from_the_province(province):
    store, schools = province
    source = reports.store_source(store)
    units = reports.source.choosable_units(source, reports.find_unit(source, "SGD-LAICHAU"))
    kinds = [u["kind"] for u in units]
    assert kinds[0] == "province" and "commune" in kinds and kinds.count("school") == len(schools)
    assert {u["code"] for u in units if u["kind"] == "commune"} >= {"UBND-NAM-CHA"}
