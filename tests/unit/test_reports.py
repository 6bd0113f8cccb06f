"""Official reports of one school, from data made here: each report's figures, its
breakdown rows and its list, read back from the XLSX (openpyxl) and the PDF (pypdf)."""

from __future__ import annotations

import datetime as dt

import pytest

from app import reports
from app.records import CoverageGap, Donation, Need, Unit
from app.reports.labels import w
from app.reports.model import Period
from tests.helpers import factories as f
from tests.helpers.reports import Grid, pdf_text

H2_2025 = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))


@pytest.fixture
def school(store):
    """A school with children in every situation the reports tell apart."""
    s = store
    anh = f.student(s, full_name="Nguyễn Thị Ánh", class_name="3A", household="poor")
    hung = f.student(s, full_name="Đặng Văn Hưng", class_name="3A", household="near_poor", sex="M",
                     birth_date="2016-05-06", village="Bản Nậm Cha")
    dinh = f.student(s, full_name="Sùng Seo Dính", class_name="5B", household="other_hardship", sex="M",
                     birth_date="2014-02-03", ethnicity="Mông")
    f.student(s, full_name="Lò Thị Mai", class_name="5B", household="none", birth_date="2014-06-07")
    f.student(s, full_name="Giàng A Páo", class_name="1A", household="poor", sex="M", birth_date="2018-09-10")
    rejected = f.student(s, full_name="Tẩn Thị Mẩy", class_name="1A", household="near_poor", birth_date="2018-01-02")
    need_anh = f.approved_need(s, anh, device_requested="tablet", needs_sim=True)
    f.approved_need(s, hung, device_requested="laptop")
    need_dinh = s.save(Need(unit_id=s.unit_id, student_id=dinh.id, school_year="2025-2026",
                            device_requested="smartphone"), "gv")
    s.need_action(need_dinh.id, "submit", "gv", "teacher")
    need_r = s.save(Need(unit_id=s.unit_id, student_id=rejected.id, school_year="2025-2026"), "gv")
    s.need_action(need_r.id, "submit", "gv", "teacher")
    s.need_action(need_r.id, "reject", "ht", "head", "Đã nhận máy từ chương trình khác")
    tablet = f.device(s, kind="tablet", value_vnd=4_990_000, donor="Tập đoàn Viettel", meets_spec="meets",
                      received_date="2025-08-20")
    f.device(s, kind="laptop", brand_model="Dell Latitude 3420", value_vnd=6_500_000, donor="Quỹ Vì trẻ em",
             received_date="2025-09-01")
    f.device(s, kind="tablet", value_vnd=3_000_000, donor="Quỹ Vì trẻ em", received_date="2025-05-02")
    s.save(Donation(unit_id=s.unit_id, donor_name="Công ty CP FPT", donor_kind="enterprise", cash_vnd=12_500_000,
                    received_date="2025-09-10", receipt_no="07/BB-TN/2025"), "test")
    sim = f.sim(s, free_until="2026-06-30", data_package="Gói học tập 4G 10GB/tháng")
    f.handover(s, anh, need_anh, tablet, sim_id=sim.id, date="2025-10-15")
    s.save(CoverageGap(unit_id=s.unit_id, village="Bản Nậm Cha", status="uncovered"), "test")
    s.save(CoverageGap(unit_id=s.unit_id, village="Thôn Pá Khôm", status="covered", covered_on="2025-09-20",
                       carrier="viettel"), "test")
    return s


def make(store, kind: str, tmp_path, period: Period = H2_2025, **kw):
    source = reports.store_source(store)
    unit = reports.find_unit(source, store.unit().code)
    data = reports.build(source, kind, unit, period, **kw)
    return data, reports.write(data, tmp_path / f"{kind}.xlsx"), reports.write(data, tmp_path / f"{kind}.pdf")


def test_needs_report_counts_children_in_need_by_class_tier_and_device(school, tmp_path):
    data, xlsx, pdf = make(school, "needs", tmp_path)
    g = Grid(xlsx)
    assert g.value("Tổng cộng", w("in_need")) == 3  # submitted and beyond; not draft, not rejected
    assert g.value("3A", w("in_need")) == 2 and g.value("5B", w("in_need")) == 1
    assert "1A" not in [r.values["label"] for r in data.rows]  # the rejected need does not count
    totals = data.totals
    assert (totals["tier_1"], totals["tier_2"], totals["tier_3"], totals["tier_4"]) == (1, 1, 0, 1)
    assert (totals["kind_tablet"], totals["kind_laptop"], totals["kind_smartphone"]) == (1, 1, 1)
    assert totals["needs_sim"] == 1 and totals["minority"] == 1
    assert totals["approved"] == 2 and totals["fulfilled"] == 1
    by_eth = {r.values["label"]: r.values["in_need"] for r in data.tables[2].rows}
    assert by_eth == {"Kinh": 2, "Mông": 1}
    by_level = {r.values["label"]: r.values["in_need"] for r in data.tables[1].rows}
    assert by_level == {"Tiểu học": 3}
    # the list behind the figures, with diacritics, on the second sheet
    names = Grid(xlsx, 1).texts()
    assert {"Nguyễn Thị Ánh", "Đặng Văn Hưng", "Sùng Seo Dính"} <= names
    assert "Tẩn Thị Mẩy" not in names and "Lò Thị Mai" not in names
    text = pdf_text(pdf)
    assert "BÁO CÁO Nhu cầu hỗ trợ thiết bị học tập 6 tháng cuối năm 2025" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "TRƯỜNG PTDTBT TH NẬM CHA" in text
    assert "Kỳ báo cáo: từ ngày 01/07/2025 đến ngày 31/12/2025" in text
    assert "Năm học 2025-2026" in text
    assert "NGƯỜI LẬP BIỂU" in text and "HIỆU TRƯỞNG" in text  # a school's head signs
    assert "Tổng cộng 3 1 1 0 1" in text  # total, then tiers 1–4


def test_mobilisation_report_money_and_inspection(school, tmp_path):
    data, xlsx, pdf = make(school, "mobilisation", tmp_path)
    g = Grid(xlsx)
    cash, value = w("cash"), w("value")
    assert g.value("Công ty CP FPT", cash) == 12_500_000
    assert g.value("Tập đoàn Viettel", value) == 4_990_000
    assert g.value("Quỹ Vì trẻ em", value) == 6_500_000  # the device received in May is outside the period
    assert g.value("Tổng cộng", w("devices")) == 2
    assert g.value("Tổng cộng", value) == 11_490_000
    assert g.value("Tổng cộng", w("meets")) == 1 and g.value("Tổng cộng", w("pending")) == 1
    row = g.row_index("Tổng cộng")
    assert g.ws.cell(row + 1, g.column(cash) + 1).number_format == "#,##0"
    text = pdf_text(pdf)
    assert "12.500.000" in text and "11.490.000" in text
    assert "BÁO CÁO Kết quả huy động, tiếp nhận tài trợ" in text
    donations = Grid(xlsx, 1)
    assert donations.value("Công ty CP FPT", w("receipt_no")) == "07/BB-TN/2025"
    assert donations.value("Công ty CP FPT", w("date")) == dt.datetime(2025, 9, 10)


def test_handovers_report_devices_and_sims_with_free_until_dates(school, tmp_path):
    data, xlsx, pdf = make(school, "handovers", tmp_path)
    g = Grid(xlsx)
    assert g.value("3A", w("children")) == 1
    assert g.value("Tổng cộng", w("handed")) == 1 and g.value("Tổng cộng", w("sims")) == 1
    assert g.value("Tổng cộng", w("value")) == 4_990_000
    sims = data.tables[2]
    assert [(r.values["free_until"], r.values["count"]) for r in sims.rows] == [("2026-06-30", 1)]
    start = g.row_index(w("t_sims"))
    date_cell = g.ws.cell(g.row_index("Gói học tập 4G 10GB/tháng") + 1, g.column(w("free_until"), start) + 1)
    assert date_cell.value == dt.datetime(2026, 6, 30) and date_cell.number_format == "DD/MM/YYYY"
    assert "Nguyễn Thị Ánh" in Grid(xlsx, 1).texts()
    text = pdf_text(pdf)
    assert "30/06/2026" in text and "4.990.000" in text


def test_missed_list_names_approved_children_without_a_device(school, tmp_path):
    data, xlsx, pdf = make(school, "missed", tmp_path)
    t = data.totals
    assert (t["approved_all"], t["holding"], t["waiting"], t["tier_2"], t["no_need"]) == (2, 1, 1, 1, 1)
    text = pdf_text(pdf)
    assert "Đặng Văn Hưng" in text and "Bản Nậm Cha" in text  # the list is printed
    assert "Nguyễn Thị Ánh" not in text  # she holds a device
    assert "Giàng A Páo" in text  # eligible, but no need: counted and named (issue 16 item 11)
    assert [(r.values["full_name"], r.values["situation"]) for r in data.detail.rows] == [
        ("Đặng Văn Hưng", w("s_waiting")), ("Giàng A Páo", w("s_no_need"))]
    assert Grid(xlsx).value("3A", w("waiting")) == 1


def test_coverage_report_villages_and_since_when(school, tmp_path):
    data, xlsx, pdf = make(school, "coverage", tmp_path)
    g = Grid(xlsx)
    assert g.value("Tổng cộng", w("schools")) == 1 and g.value("Tổng cộng", w("no_signal")) == 1
    assert g.value("Tổng cộng", w("uncovered")) == 1 and g.value("Tổng cộng", w("covered_in")) == 1
    text = pdf_text(pdf)
    assert "Bản Nậm Cha" in text and "Thôn Pá Khôm" in text and "20/09/2025" in text
    # seen from before the village got signal, it was still a gap
    early, *_ = make(school, "coverage", tmp_path, Period(dt.date(2025, 1, 1), dt.date(2025, 6, 30)))
    assert early.totals["uncovered"] == 2 and early.totals["covered_in"] == 0


def test_review_puts_this_half_year_beside_the_previous(school, tmp_path):
    data, xlsx, pdf = make(school, "review", tmp_path)
    by = {r.key: r.values for r in data.rows}
    assert by["handed"]["this"] == 1 and by["handed"]["prev"] == 0 and by["handed"]["change"] == 1
    assert by["devices"]["this"] == 2 and by["devices"]["prev"] == 1  # the tablet received in May
    assert by["cash"]["this"] == 12_500_000
    assert by["waiting"]["this"] == 1
    text = pdf_text(pdf)
    assert "BÁO CÁO Sơ kết 6 tháng cuối năm 2025" in text and "Kỳ trước: từ ngày 01/01/2025 đến ngày 30/06/2025" in text
    assert "12.500.000" in text


def test_english_report(school, tmp_path):
    data, xlsx, pdf = make(school, "needs", tmp_path, lang="en")
    text = pdf_text(pdf)
    assert "REPORT On the need for learning devices in the second half of 2025" in text
    assert "Period: from 01/07/2025 to 31/12/2025" in text
    assert Grid(xlsx).value("Total", "Children in need") == 3


def test_unknown_extension_and_unwritable_folder_are_said_plainly(school, tmp_path):
    from app.errors import SongMayError

    data, *_ = make(school, "needs", tmp_path)
    with pytest.raises(SongMayError) as e:
        reports.write(data, tmp_path / "r.docx")
    assert e.value.key == "report.format"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SongMayError) as e:
        reports.write(data, blocker / "r.pdf")
    assert e.value.key == "report.not_written"


def test_report_data_round_trips_through_json(school, tmp_path):
    import json

    data, *_ = make(school, "handovers", tmp_path)
    again = reports.ReportData.from_dict(json.loads(json.dumps(data.to_dict())))
    assert again == data


def test_office_report_counts_its_own_donations(school, tmp_path):
    """A commune office holding donations itself: they show under its own row."""
    s = school
    unit = Unit(code="UBND-03388", name="UBND xã Nậm Cha", kind="commune", commune_code="03388")
    unit.unit_id = unit.id
    office = s.save(unit, "test")
    s.save(Donation(unit_id=office.id, donor_name="Hội Chữ thập đỏ tỉnh Lai Châu", donor_kind="organisation",
                    cash_vnd=3_000_000, received_date="2025-11-02"), "test")
    source = reports.store_source(s)
    data = reports.build(source, "mobilisation", reports.find_unit(source, "UBND-03388"), H2_2025)
    rows = {r.values["label"]: r.values for r in data.rows}
    assert rows["UBND xã Nậm Cha"]["cash"] == 3_000_000
    assert rows["Trường PTDTBT TH Nậm Cha"]["cash"] == 12_500_000
    assert data.totals["cash"] == 15_500_000


def test_a_sim_alone_is_not_a_device_in_the_reports(school, tmp_path):
    """Issue 13 item 7: Hưng, approved for a laptop, is given only a SIM: he is still
    waiting ("nobody missed" lists him) and the handovers report counts devices' children."""
    hung = next(s for s in school.search_students("Đặng Văn Hưng"))
    need = school.find(Need, "student_id=?", (hung.id,))[0]
    f.handover(school, hung, need, None, sim_id=f.sim(school).id, date="2025-11-02")
    data, *_ = make(school, "missed", tmp_path)
    t = data.totals
    assert (t["approved_all"], t["holding"], t["waiting"]) == (2, 1, 1)
    assert [r.values["full_name"] for r in data.detail.rows if r.values["situation"] == w("s_waiting")] == [
        "Đặng Văn Hưng"]
    data, *_ = make(school, "handovers", tmp_path)
    t = data.totals
    assert (t["children"], t["handed"], t["sims"]) == (1, 1, 2)
