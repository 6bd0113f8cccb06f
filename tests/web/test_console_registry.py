"""The console's units, computers and reports in a real Chromium (issue 17): adding a
school, importing the list of schools with a preview, a one-time enrolment code that
enrols a store, its computer's last contact, revoking it with a reason, report downloads
against ``songmay-server report``, and the area's limits by URL."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

import pytest

from app.errors import SongMayError
from app.reports.labels import w
from app.store import Store
from sync import client
from tests.helpers.reports import Grid
from tests.web.conftest import OFFICER, PERIOD, sign_in
from tests.web.test_console import cli_report


def test_add_a_school(page):
    sign_in(page, then="/console/don-vi")
    assert page.locator("h1").inner_text() == "Đơn vị và máy tính"
    assert page.locator("#registry tr[data-code='TH-SSH']").count() == 1
    form = page.locator("#add-school")
    form.locator("input[name=code]").fill("th-moi-01")
    form.locator("input[name=name]").fill("Trường TH Nậm Mới")
    form.locator("select[name=level]").select_option("TH")
    form.locator("input[name=commune_code]").fill("03394")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/console/don-vi/TH-MOI-01$"))
    assert page.locator("h1").inner_text() == "Trường TH Nậm Mới"
    assert "Xã Sin Suối Hồ" in page.locator("main").inner_text()
    assert page.locator("#computers").count() == 0  # none enrolled yet
    page.goto("/console/don-vi")
    assert page.locator("#registry tr[data-code='TH-MOI-01']").count() == 1
    # the same code again: refused with the reason, the form kept
    form = page.locator("#add-school")
    form.locator("input[name=code]").fill("TH-MOI-01")
    form.locator("input[name=name]").fill("Trường khác")
    form.locator("input[name=commune_code]").fill("03394")
    with page.expect_response(lambda r: r.url.endswith("/console/don-vi/them")) as resp:
        form.locator("button[type=submit]").click()
    assert resp.value.status == 400
    assert "TH-MOI-01" in page.locator(".error").inner_text()
    assert page.locator("#add-school input[name=name]").input_value() == "Trường khác"


def test_import_schools_with_a_preview(page, tmp_path):
    path = tmp_path / "truong.csv"
    path.write_text("Mã trường,Tên trường,Cấp học,Mã xã\n"
                    "TH-NHAP-1,Trường TH Nhập Một,TH,03394\n"
                    "TH-NHAP-X,Trường TH Sai Xã,TH,99999\n"
                    "THCS-NHAP-2,Trường THCS Nhập Hai,THCS,03405\n", encoding="utf-8")
    sign_in(page, then="/console/don-vi")
    page.set_input_files("#import input[type=file]", str(path))
    page.click("#import button[type=submit]")
    preview = page.locator("#preview")
    assert preview.locator("tr[data-action='add']").count() == 2
    refused = preview.locator("tr[data-action='refuse']")
    assert refused.count() == 1
    assert refused.get_attribute("data-code") == "TH-NHAP-X"
    assert refused.locator("td.why").inner_text() == "Không có xã/phường mã 99999."
    assert "2 thêm mới, 0 cập nhật, 0 không đổi, 1 bị từ chối." in preview.inner_text()
    assert page.locator("#registry tr[data-code='TH-NHAP-1']").count() == 0  # nothing written yet
    page.click("#confirm-import")
    assert page.locator("#notice").inner_text() == "Đã nhập: 2 thêm mới, 0 cập nhật, 0 không đổi."
    for code in ("TH-NHAP-1", "THCS-NHAP-2"):
        assert page.locator(f"#registry tr[data-code='{code}']").count() == 1, code
    assert page.locator("#registry tr[data-code='TH-NHAP-X']").count() == 0
    # the same file again: the two are unchanged now
    page.set_input_files("#import input[type=file]", str(path))
    page.click("#import button[type=submit]")
    assert page.locator("#preview tr[data-action='same']").count() == 2


def test_enrolment_code_enrol_last_contact_and_revoke(page, world, tmp_path):
    sign_in(page, then="/console/don-vi/TH-TL")
    assert page.locator("h1").inner_text() == "Trường TH Tả Lèng"
    before = page.locator("#computers tbody tr").count()
    with page.expect_response(lambda r: r.url.endswith("/ma-dang-ky")) as resp:
        page.click("#enrol button[type=submit]")
    assert resp.value.headers["cache-control"] == "no-store"
    code = page.locator("#code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code)
    assert "Trường TH Tả Lèng" in page.locator("h1").inner_text()
    assert page.locator("header").count() == 0  # a plain page to print

    s = Store.open(tmp_path / "new-computer")
    try:
        client.enrol(s, world.url, code)
        assert s.unit().code == "TH-TL"
        client.sync(s)
        page.goto("/console/don-vi/TH-TL")
        assert page.locator("#computers tbody tr").count() == before + 1
        row = page.locator(f"#computers tr[data-device='{s.instance_id}']")
        today = dt.datetime.now(dt.UTC).date().isoformat()
        assert row.locator("td.contact").inner_text().startswith(today)
        assert row.locator("td.state").inner_text() == "Đang hoạt động"
        # the code was for one computer only
        with pytest.raises(SongMayError):
            client.enrol(Store.open(tmp_path / "second"), world.url, code)

        row.locator("input[name=reason]").fill("Máy bị mất trộm")
        row.locator("button:has-text('Thu hồi')").click()
        page.wait_for_url(re.compile(r".*/console/don-vi/TH-TL\?thu-hoi=.*"))
        notice = page.locator("#notice").inner_text()  # drawn from the server's record, not the query
        assert notice.startswith("Đã thu hồi máy ") and f"{s.instance_id[:8]}) lúc {today}" in notice, notice
        assert notice.endswith("Lý do: Máy bị mất trộm"), notice
        state = page.locator(f"#computers tr[data-device='{s.instance_id}'] td.state").inner_text()
        assert "Đã thu hồi" in state and "Máy bị mất trộm" in state
        with pytest.raises(SongMayError) as refused:
            client.sync(s)
        assert refused.value.key == "sync.revoked"
    finally:
        s.close()


def test_download_report_pdf_and_xlsx(page, world, tmp_path):
    sign_in(page, then="/console/bao-cao")
    assert "Chưa có báo cáo nào được nộp" in page.locator("#no-snapshots").inner_text()
    form = page.locator("#report")
    form.locator("select[name=kind]").select_option("needs")
    form.locator("select[name=unit]").select_option("03394")
    form.locator("input[name=from]").fill(PERIOD["from"])
    form.locator("input[name=to]").fill(PERIOD["to"])
    with page.expect_download() as got:
        form.locator("button[value=xlsx]").click()
    xlsx = tmp_path / got.value.suggested_filename
    got.value.save_as(xlsx)
    assert xlsx.name == "needs-03394-2025-07-01_2025-12-31.xlsx"
    grid, cli = Grid(xlsx), cli_report(world, tmp_path, "03394")
    for title in ("in_need", "approved", "fulfilled"):
        assert grid.value("Tổng cộng", w(title)) == cli.value("Tổng cộng", w(title)), title
    assert grid.value("Tổng cộng", w("in_need")) == 5  # Sin Suối Hồ: three children of TH, two of THCS
    with page.expect_download() as got:
        form.locator("button[value=pdf]").click()
    pdf = tmp_path / got.value.suggested_filename
    got.value.save_as(pdf)
    assert pdf.name.endswith(".pdf") and pdf.read_bytes().startswith(b"%PDF")


def test_an_officer_cannot_open_another_areas_unit_computer_or_report(page, world):
    sign_in(page, OFFICER, then="/console/don-vi")
    codes = page.locator("#registry tbody tr").evaluate_all("rows => rows.map(r => r.dataset.code)")
    assert set(codes) >= {"UBND-03394", "TH-SSH", "THCS-SSH"} and not {"TH-TL", "TH-BD"} & set(codes)
    assert page.locator("#add-school").count() == 0 and page.locator("#import").count() == 0  # the province's
    for other in ("TH-TL", "TH-BD"):
        resp = page.goto(f"/console/don-vi/{other}")
        assert resp.status == 403, other
        assert page.locator("#computers").count() == 0
        resp = page.goto(f"/console/bao-cao/tai?kind=needs&unit={other}&format=pdf")
        assert resp.status == 403, other
    assert page.goto("/console/bao-cao/tai?kind=needs&unit=&format=xlsx").status == 403  # the country
    assert page.goto("/console/don-vi/TH-SSH").status == 200
    csrf = page.locator("#enrol input[name=csrf]").input_value()
    tl_device = next(r[0] for r in _installations(world, "TH-TL"))
    resp = page.request.post(f"/console/may/{tl_device}/thu-hoi", form={"csrf": csrf, "reason": "thử"})
    assert resp.status == 403
    resp = page.request.post("/console/don-vi/TH-TL/ma-dang-ky", form={"csrf": csrf})
    assert resp.status == 403 and "#code" not in resp.text() and 'id="code"' not in resp.text()
    assert page.goto("/console/don-vi/KHONG-CO").status == 404


def _installations(world, unit_code: str) -> list[tuple[str, str]]:
    conn = sqlite3.connect(world.path)
    try:
        return conn.execute("SELECT id, revoked_at FROM installations WHERE unit_code = ? AND revoked_at = ''",
                            (unit_code,)).fetchall()
    finally:
        conn.close()


def _sheets(path) -> list[list[list]]:
    from openpyxl import load_workbook  # noqa: PLC0415

    wb = load_workbook(path, read_only=True)
    try:
        return [[list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets]
    finally:
        wb.close()


def test_submitted_reports_reach_the_console_by_sync_and_by_stick_as_they_were_stored(page, world, tmp_path):
    """Issue 17: "the submitted snapshots schools sent up" — a school submits its needs
    report (numbered, frozen) and syncs; another school submits one and sends a USB stick
    the province imports; the console lists both under their units and downloads each as
    the PDF/XLSX of what was stored: after the school's figures change, the download is the
    same, while the live report is not."""
    from app.ops.reports import submit_report  # noqa: PLC0415
    from app.queries.reports import report  # noqa: PLC0415
    from app.reports import snapshots, write  # noqa: PLC0415
    from app.reports.model import Period  # noqa: PLC0415
    from sync import usb  # noqa: PLC0415
    from tests.helpers import factories as f  # noqa: PLC0415
    from tests.helpers.servers import server_cli  # noqa: PLC0415

    a, c = world.stores["a"], world.stores["c"]
    period = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    sent = submit_report(a, report(a, "needs", {"code": "TH-SSH"}, period, "vi")[0], "Hiệu trưởng Lò Văn Hùng")
    client.sync(a)
    by_stick = submit_report(c, report(c, "needs", {"code": "TH-TL"}, period, "vi")[0], "Hiệu trưởng Tả Lèng")
    stick = tmp_path / "stick"
    bundle = usb.export_bundle(c, stick)
    done = server_cli(world.db, "import", str(bundle.path))
    assert done.returncode == 0, done.stderr

    sign_in(page, then="/console/bao-cao")
    rows = page.locator("#submitted-reports tbody tr")
    numbers = {rows.nth(i).get_attribute("data-number"): rows.nth(i).inner_text() for i in range(rows.count())}
    assert sent.number in numbers and by_stick.number in numbers, numbers
    assert "Trường PTDTBT TH Sin Suối Hồ" in numbers[sent.number] and "Hiệu trưởng Lò Văn Hùng" in numbers[sent.number]
    assert "Trường TH Tả Lèng" in numbers[by_stick.number]
    row = page.locator(f"#submitted-reports tr[data-number='{sent.number}']")
    with page.expect_download() as got:
        row.locator("a", has_text="XLSX").click()
    console_xlsx = tmp_path / "console.xlsx"
    got.value.save_as(console_xlsx)
    own_xlsx = write(snapshots.load(a, sent.number), tmp_path / "own.xlsx")  # the school's own, as stored
    assert _sheets(console_xlsx) == _sheets(own_xlsx)
    assert Grid(console_xlsx).value("Tổng cộng", w("in_need")) == 3
    with page.expect_download() as got:
        row.locator("a", has_text="PDF").click()
    assert got.value.suggested_filename.endswith(".pdf")

    # the school's figures change: the submitted report does not
    f.approved_need(a, f.student(a, full_name="Giàng A Chư", class_name="4A", household="poor"),
                    device_requested="tablet")
    client.sync(a)
    with page.expect_download() as got:
        page.locator(f"#submitted-reports tr[data-number='{sent.number}'] a", has_text="XLSX").click()
    again = tmp_path / "again.xlsx"
    got.value.save_as(again)
    assert _sheets(again) == _sheets(own_xlsx)
    assert Grid(again).value("Tổng cộng", w("in_need")) == 3
    assert cli_report(world, tmp_path, "TH-SSH").value("Tổng cộng", w("in_need")) == 4  # the live report moved

    # the officer of Sin Suối Hồ sees its schools' reports, not Tả Lèng's
    page.context.clear_cookies()
    sign_in(page, OFFICER, then="/console/bao-cao")
    listed = page.locator("#submitted-reports").inner_text()
    assert sent.number in listed and "Trường TH Tả Lèng" not in listed
    rid = page.locator(f"#submitted-reports tr[data-number='{sent.number}']").get_attribute("data-id")
    assert page.request.get(f"/console/bao-cao/da-nop/{rid}?format=pdf").status == 200
