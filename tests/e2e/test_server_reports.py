"""Official reports made by the server (issue 6), over SQLite and PostgreSQL: schools,
a commune office and a second province sync real device stores to a real server, then
``songmay-server report`` writes XLSX and PDF files for a school, the commune office, the
province and the whole country, and the admin endpoint returns one. The files are read
back with openpyxl and pypdf and their figures checked against the children made here."""

from __future__ import annotations

import io

import pytest
import requests

from app.records import Unit
from app.reports.labels import w
from sync import client
from tests.e2e.conftest import OPERATOR, Devices, enrolled, submitted
from tests.helpers import factories as f
from tests.helpers.reports import Grid, pdf_text
from tests.helpers.servers import server_cli

PERIOD = ("--from", "01/07/2025", "--to", "31/12/2025")
YEAR = "2025-2026"
OFFICER = ("can.bo.xa", "mật khẩu cán bộ xã Sin Suối Hồ")


@pytest.fixture(scope="module")
def world(server, tmp_path_factory):
    """Lai Châu (12): Xã Sin Suối Hồ (03394) with a primary and a lower-secondary school and
    the commune's office, Xã Tả Lèng (03405) with one school; Hà Nội (01): one school.
    Everything is made on devices and reaches the server by sync."""
    devices = Devices(server, tmp_path_factory.mktemp("report-devices"))
    a = enrolled(devices, Unit(code="TH-SSH", name="Trường PTDTBT TH Sin Suối Hồ", level="TH",
                               commune_code="03394", province_code="12"))
    anh = f.student(a, full_name="Nguyễn Thị Ánh", class_name="3A", household="poor")
    hung = f.student(a, full_name="Đặng Văn Hưng", class_name="3A", household="near_poor", sex="M",
                     birth_date="2016-05-06", village="Bản Nậm Cha")
    dinh = f.student(a, full_name="Sùng Seo Dính", class_name="5B", household="other_hardship", sex="M",
                     birth_date="2014-02-03", ethnicity="Mông")
    f.student(a, full_name="Giàng A Páo", class_name="1A", household="poor", sex="M", birth_date="2018-09-10")
    f.student(a, full_name="Lò Thị Mai", class_name="5B", household="none", birth_date="2014-06-07")
    need_anh = f.approved_need(a, anh, device_requested="tablet", needs_sim=True)
    f.approved_need(a, hung, device_requested="laptop")
    submitted(a, dinh, device_requested="smartphone")
    f.handover(a, anh, need_anh, f.device(a, kind="tablet", value_vnd=4_990_000))

    b = enrolled(devices, Unit(code="THCS-SSH", name="Trường PTDTBT THCS Sin Suối Hồ", level="THCS",
                               commune_code="03394", province_code="12"))
    dua = f.student(b, full_name="Vàng Thị Dua", class_name="6A", household="poor", birth_date="2013-04-05",
                    ethnicity="Mông")
    su = f.student(b, full_name="Thào A Sử", class_name="7B", household="near_poor", sex="M",
                   birth_date="2012-08-09", ethnicity="Mông")
    f.approved_need(b, dua, device_requested="tablet")
    need_su = submitted(b, su, device_requested="tablet")
    b.need_action(need_su.id, "verify", "ht", "head")

    c = enrolled(devices, Unit(code="TH-TL", name="Trường TH Tả Lèng", level="TH", commune_code="03405",
                               province_code="12"))
    tai = f.student(c, full_name="Lường Văn Tài", class_name="2A", household="poor", sex="M",
                    birth_date="2017-01-02", ethnicity="Thái")
    f.approved_need(c, tai, device_requested="smartphone")

    d = enrolled(devices, Unit(code="TH-BD", name="Trường TH Ba Đình", level="TH", commune_code="00004",
                               province_code="01"))
    khoi = f.student(d, full_name="Trần Minh Khôi", class_name="4A", household="poor", sex="M",
                     birth_date="2015-03-03")
    submitted(d, khoi, device_requested="laptop")

    office = enrolled(devices, Unit(code="UBND-03394", name="UBND xã Sin Suối Hồ", kind="commune",
                                    commune_code="03394", province_code="12"))
    for s in (a, b, c, d, office):
        assert client.sync(s).pending == 0
    out = server_cli(server.db, "user", "add", OFFICER[0], "--role", "officer", "--unit", "UBND-03394",
                     "--password-stdin", stdin=OFFICER[1] + "\n")
    assert out.returncode == 0, out.stderr
    yield server
    for s in devices.opened:
        s.close()


def report(world, tmp_path, kind: str, name: str, *args: str) -> str:
    out = server_cli(world.db, "report", kind, "--out", str(tmp_path / name), *PERIOD, *args)
    assert out.returncode == 0, out.stderr
    assert str(tmp_path / name) in out.stdout
    return tmp_path / name


IN_NEED = w("in_need")


def test_school_report(world, tmp_path):
    xlsx = report(world, tmp_path, "needs", "school.xlsx", "--unit", "th-ssh")
    g = Grid(xlsx)
    assert g.value("Tổng cộng", IN_NEED) == 3  # submitted and beyond, not the children without a need
    assert g.value("3A", IN_NEED) == 2 and g.value("5B", IN_NEED) == 1
    # a school's report lists the children counted, with their diacritics
    assert {"Nguyễn Thị Ánh", "Đặng Văn Hưng", "Sùng Seo Dính"} <= Grid(xlsx, 1).texts()
    assert "Lò Thị Mai" not in Grid(xlsx, 1).texts()
    pdf = report(world, tmp_path, "missed", "school-missed.pdf", "--unit", "TH-SSH")
    text = pdf_text(pdf)
    assert "TRƯỜNG PTDTBT TH SIN SUỐI HỒ" in text
    assert "Đặng Văn Hưng" in text and "Bản Nậm Cha" in text  # approved, no device: listed
    assert "Nguyễn Thị Ánh" not in text  # she holds a tablet


def test_the_servers_list_prints_the_minute_number_as_the_paper(world, tmp_path):
    """The server has no store: the report works the printed number out over its own
    database (no computer mark, as the minute prints it)."""
    xlsx = report(world, tmp_path, "handovers", "school-handovers.xlsx", "--unit", "TH-SSH")
    numbers = {x for x in Grid(xlsx, 1).texts() if isinstance(x, str) and "/BBBG-" in x}
    assert numbers == {"001/2025/BBBG-TH-SSH"}, numbers


def test_commune_office_report(world, tmp_path):
    xlsx = report(world, tmp_path, "needs", "commune.xlsx", "--unit", "UBND-03394")
    g = Grid(xlsx)
    assert g.value("Tổng cộng", IN_NEED) == 5
    assert g.value("Trường PTDTBT TH Sin Suối Hồ", IN_NEED) == 3
    assert g.value("Trường PTDTBT THCS Sin Suối Hồ", IN_NEED) == 2
    assert "Trường TH Tả Lèng" not in g.texts()  # another commune
    assert g.value("Mông", IN_NEED) == 3 and g.value("Kinh", IN_NEED) == 2  # by ethnicity
    pdf = report(world, tmp_path, "missed", "commune-missed.pdf", "--unit", "UBND-03394")
    text = pdf_text(pdf)
    assert "ỦY BAN NHÂN DÂN XÃ SIN SUỐI HỒ" in text  # the commune heads its own papers (issue 16 item 7)
    assert "Vàng Thị Dua" in text and "Đặng Văn Hưng" in text
    assert "Lường Văn Tài" not in text
    missed = Grid(report(world, tmp_path, "missed", "commune-missed.xlsx", "--unit", "UBND-03394"))
    assert missed.value("Tổng cộng", w("waiting")) == 2 and missed.value("Tổng cộng", w("holding")) == 1


def test_province_and_national_reports(world, tmp_path):
    xlsx = report(world, tmp_path, "needs", "province.xlsx", "--unit", "12")
    g = Grid(xlsx)
    assert g.value("Tổng cộng", IN_NEED) == 6
    assert g.value("Xã Sin Suối Hồ", IN_NEED) == 5 and g.value("Xã Tả Lèng", IN_NEED) == 1
    assert g.value("Trường TH Tả Lèng", IN_NEED) == 1
    assert "Trường TH Ba Đình" not in g.texts()
    assert len(g.ws.parent.worksheets) == 1  # no list of children at a province's scale by default
    detailed = report(world, tmp_path, "needs", "province-list.xlsx", "--unit", "12", "--detail")
    assert "Lường Văn Tài" in Grid(detailed, 1).texts()

    national = Grid(report(world, tmp_path, "needs", "national.xlsx"))
    assert national.value("Tổng cộng", IN_NEED) == 7
    assert national.value("Lai Châu", IN_NEED) == 6 and national.value("Thành phố Hà Nội", IN_NEED) == 1
    assert national.value("Phường Ba Đình", IN_NEED) == 1
    text = pdf_text(report(world, tmp_path, "needs", "national.pdf"))
    assert "BÁO CÁO Nhu cầu hỗ trợ thiết bị học tập" in text
    assert "Tổng cộng 7 4 2 0 1" in text  # total, then tiers 1–4
    missed = pdf_text(report(world, tmp_path, "missed", "national-missed.pdf", "--detail"))
    assert "Lường Văn Tài" in missed and "Vàng Thị Dua" in missed and "Trần Minh Khôi" not in missed
    counts = report(world, tmp_path, "missed", "national-missed.xlsx")  # the country: counts, no list
    assert Grid(counts).value("Lai Châu", w("waiting")) == 3 and "Vàng Thị Dua" not in pdf_text(
        report(world, tmp_path, "missed", "national-counts.pdf"))
    english = Grid(report(world, tmp_path, "needs", "national-en.xlsx", "--lang", "en"))
    assert english.value("Total", "Children in need") == 7


def test_errors_are_said_in_words(world, tmp_path):
    out = server_cli(world.db, "report", "needs", "--unit", "KHONG-CO", "--out", str(tmp_path / "x.xlsx"))
    assert out.returncode == 1 and "Không tìm thấy đơn vị mã “KHONG-CO”" in out.stderr
    out = server_cli(world.db, "report", "needs", "--out", str(tmp_path / "x.docx"))
    assert out.returncode == 1 and "chỉ hỗ trợ tệp .xlsx hoặc .pdf" in out.stderr
    out = server_cli(world.db, "report", "needs", "--out", str(tmp_path / "x.pdf"), "--from", "31/02/2025")
    assert out.returncode == 1 and "không hợp lệ" in out.stderr
    assert not list(tmp_path.iterdir())


def test_admin_endpoint(world):
    import openpyxl

    url = world.url + "/api/v1/admin/reports/needs"
    period = {"from": "2025-07-01", "to": "2025-12-31"}
    resp = requests.get(url, params={**period, "format": "xlsx"}, auth=(OPERATOR[0].encode(), OPERATOR[1].encode()),
                        timeout=60)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="needs-VN-2025-07-01_2025-12-31.xlsx"' in resp.headers["content-disposition"]
    rows = [r for r in openpyxl.load_workbook(io.BytesIO(resp.content)).worksheets[0].iter_rows(values_only=True)]
    total = next(r for r in rows if "Tổng cộng" in r)
    head = next(r for r in rows if IN_NEED in r)
    assert total[head.index(IN_NEED)] == 7

    officer = (OFFICER[0].encode(), OFFICER[1].encode())
    resp = requests.get(url, params={**period, "unit": "03394", "format": "pdf"}, auth=officer, timeout=60)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "application/pdf"
    import pypdf

    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(resp.content)).pages).split())
    assert "Trường PTDTBT THCS Sin Suối Hồ" in text  # (a long name may wrap in its cell)
    for other in ("TH-TL", "12", ""):  # another commune's school, the province, the country
        resp = requests.get(url, params={**period, "unit": other}, auth=officer, timeout=60)
        assert resp.status_code == 403, (other, resp.text)
    resp = requests.get(url, params={**period, "unit": "TH-SSH"}, auth=officer, timeout=60)
    assert resp.status_code == 200
    resp = requests.get(url, params={"unit": "NOWHERE"}, auth=officer, timeout=60)
    assert resp.status_code == 400 and resp.json()["error"] == "report.unit_unknown"
    resp = requests.get(url, params={"format": "docx"}, auth=officer, timeout=60)
    assert resp.status_code == 400 and resp.json()["error"] == "report.format"
    assert requests.get(url, timeout=60).status_code == 401
