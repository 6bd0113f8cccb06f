"""What the reports say, checked against the records made here (issue 16 items 11 and 12):
"nobody missed" names the eligible children with no request as well as the approved ones
still waiting, COVID-19 children show their category; the household columns add up to
the total; a donor's devices agree between the tables and the list of donations; the main
table's title says what its rows are."""

from __future__ import annotations

import datetime as dt

import pytest

from app import reports
from app.records import Donation, Unit
from app.reports.labels import w
from app.reports.model import Period
from tests.helpers import factories as f
from tests.helpers.reports import Grid

H2_2025 = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))


def build(store, kind: str, code: str | None = None):
    source = reports.store_source(store)
    return reports.build(source, kind, reports.find_unit(source, code or store.unit().code), H2_2025)


@pytest.fixture
def school(store):
    s = store
    # approved, waiting: a COVID-19 orphan of no poor household (tier 3)
    lan = f.student(s, full_name="Hoàng Thị Lan", class_name="4A", household="none", covid_orphan=True)
    f.approved_need(s, lan, device_requested="tablet")
    # no request this year: poor, near-poor, a COVID-19 orphan, other hardship
    f.student(s, full_name="Giàng A Páo", class_name="1A", household="poor", sex="M", birth_date="2018-09-10")
    f.student(s, full_name="Vàng Thị Sua", class_name="2A", household="near_poor", birth_date="2017-02-03")
    f.student(s, full_name="Lò Văn Tiến", class_name="3A", household="none", covid_orphan=True, sex="M")
    f.student(s, full_name="Hà Thị Nga", class_name="5A", household="other_hardship", policy_family=True,
              birth_date="2014-04-05")
    # no request this year, but holds the tablet given last year: not missed
    kept = f.student(s, full_name="Sùng A Dế", class_name="5A", household="poor", sex="M", birth_date="2014-01-01",
                     school_year="2024-2025")
    old = f.approved_need(s, kept, device_requested="tablet")
    f.handover(s, kept, old, f.device(s, received_date="2024-09-01"), date="2024-10-01")
    # in no priority group, no request: not missed
    f.student(s, full_name="Lò Thị Mai", class_name="5B", household="none", birth_date="2014-06-07")
    return s


# ------------------------------------------------------------------ item 11
def test_nobody_missed_names_the_eligible_children_with_no_request(school, tmp_path):
    data = build(school, "missed")
    listed = {r.values["full_name"]: r.values for r in data.detail.rows}
    assert set(listed) == {"Hoàng Thị Lan", "Giàng A Páo", "Vàng Thị Sua", "Lò Văn Tiến", "Hà Thị Nga"}
    assert listed["Hoàng Thị Lan"]["situation"] == w("s_waiting")
    assert {listed[n]["situation"] for n in listed if n != "Hoàng Thị Lan"} == {w("s_no_need")}
    assert data.totals["waiting"] == 1 and data.totals["no_need"] == 4  # the list and the count agree
    # most urgent first: the approved, then poor, near-poor, COVID-19, other hardship
    assert [r.values["full_name"] for r in data.detail.rows] == [
        "Hoàng Thị Lan", "Giàng A Páo", "Vàng Thị Sua", "Lò Văn Tiến", "Hà Thị Nga"]
    assert [r.values["tier"] for r in data.detail.rows] == [3, 1, 2, 3, 4]
    # by name in the files too
    path = reports.write(data, tmp_path / "missed.xlsx")
    names = Grid(path, 1).texts()
    assert {"Giàng A Páo", "Lò Văn Tiến"} <= names and "Sùng A Dế" not in names and "Lò Thị Mai" not in names


def test_covid_children_show_their_category_not_none(school):
    data = build(school, "missed")
    listed = {r.values["full_name"]: r.values["household"] for r in data.detail.rows}
    assert listed["Hoàng Thị Lan"] == "Mồ côi do COVID-19"
    assert listed["Lò Văn Tiến"] == "Mồ côi do COVID-19"
    assert listed["Hà Thị Nga"] == "Khó khăn khác, gia đình chính sách"
    assert "Không" not in listed.values()
    needs = build(school, "needs")
    assert {r.values["full_name"]: r.values["household"] for r in needs.detail.rows} == {
        "Hoàng Thị Lan": "Mồ côi do COVID-19"}


# ------------------------------------------------------------------ item 12
def test_household_columns_add_up_to_the_total(school, tmp_path):
    data = build(school, "needs")
    parts = ("hh_poor", "hh_near_poor", "hh_other_hardship", "hh_other")
    for values in [r.values for r in data.rows] + [data.totals]:
        assert sum(values[k] for k in parts) == values["in_need"]
    assert data.totals["hh_other"] == 1  # the COVID-19 orphan
    assert any("«Khác»" in note for note in data.notes)
    g = Grid(reports.write(data, tmp_path / "needs.xlsx"))
    assert g.value("Tổng cộng", w("hh_other")) == 1 and g.value("Tổng cộng", w("of_which_policy")) == 0


def test_a_donor_s_devices_agree_between_the_tables_and_the_list(school, tmp_path):
    s = school
    donation = s.save(Donation(unit_id=s.unit_id, donor_name="Tập đoàn Viettel", donor_kind="enterprise",
                               devices={"tablet": 2}, received_date="2025-09-01", receipt_no="12/BB-TN"), "test")
    for _ in range(2):
        f.device(s, donor="Tập đoàn Viettel", donation_id=donation.id, received_date="2025-09-01")
    # arrived broken, booked beyond the minute
    f.device(s, donor="Tập đoàn Viettel", donation_id=donation.id, received_date="2025-09-01", condition="faulty",
             meets_spec="fails", status="faulty")
    # booked with no donation at all
    f.device(s, donor="Quỹ Vì trẻ em", received_date="2025-09-05")
    data = build(s, "mobilisation")
    per_donor = {r.values["label"]: r.values["devices"] for r in data.rows}
    assert per_donor == {"Tập đoàn Viettel": 3, "Quỹ Vì trẻ em": 1}
    rows = data.detail.rows
    viettel = next(r.values for r in rows if r.values["receipt_no"] == "12/BB-TN")
    assert viettel["devices"] == "Máy tính bảng: 2" and viettel["booked"] == 3
    assert w("booked_diff").format(3, 2) in viettel["note"]
    booked = {}
    for r in rows:
        booked[r.values["donor"]] = booked.get(r.values["donor"], 0) + r.values["booked"]
    assert booked == per_donor
    assert data.detail.totals["booked"] == data.totals["devices"] == 4
    assert any(w("unlinked") == r.values["note"] for r in rows)
    g = Grid(reports.write(data, tmp_path / "mobilisation.xlsx"), 1)
    assert g.value("Tổng cộng", w("devices_booked")) == 4


def test_the_main_table_title_says_what_its_rows_are(school, tmp_path):
    s = school
    office = Unit(code="UBND-03388", name="UBND xã Nậm Cha", kind="commune", commune_code="03388")
    office.unit_id = office.id
    s.save(office, "test")
    for kind, title in (("needs", "t_by_class"), ("handovers", "t_by_class"), ("missed", "t_by_class"),
                        ("mobilisation", "t_by_donor"), ("review", "t_by_donor")):
        data = build(s, kind)
        table = next(t for t in data.tables if t.key == "units")
        assert table.title == w(title), kind
        assert build(s, kind, "UBND-03388").tables[0 if kind != "review" else 1].title == w("t_units"), kind
    data = build(s, "needs")
    g = Grid(reports.write(data, tmp_path / "needs.xlsx"))
    assert g.row_index(w("t_by_class")) < g.row_index(w("class")) and w("t_units") not in g.texts()
