"""The console's answers to a security review (issue 17), in a real Chromium and over HTTP:
sign-out ends the session on the server (a copied cookie, and an import preview made before,
are dead after it), a notice is drawn from the server's records and never from the query, a
school added by an account of an area stays in its area's communes, an XLSX is checked for
its unpacked size before it is read, and the heaviest pages stay under 100 kB."""

from __future__ import annotations

import io
import json
import re
import zipfile

from tests.helpers.servers import server_cli
from tests.web.conftest import sign_in

PAGE_LIMIT = 100 * 1024  # DESIGN §7: a console page ≤ 100 kB


def cookie_of(page) -> dict:
    return next(c for c in page.context.cookies() if c["name"] == "songmay_console")


def test_a_copied_cookie_is_dead_after_sign_out(page, browser, world):
    sign_in(page)
    copied = cookie_of(page)
    other = browser.new_context(base_url=world.url)  # another computer, holding a copy of the cookie
    try:
        other.add_cookies([copied])
        thief = other.new_page()
        assert thief.goto("/console/").status == 200 and thief.locator("#totals").count() == 1
        page.click("header button:has-text('Đăng xuất')")
        page.wait_for_url(re.compile(r".*/console/sign-in$"))
        thief.goto("/console/")
        assert "/console/sign-in?next=" in thief.url  # the copy is dead: the session's row is gone
        assert thief.locator("#totals").count() == 0
        resp = thief.request.get("/console/don-vi", max_redirects=0)
        assert resp.status == 303
    finally:
        other.close()


def test_signing_in_again_does_not_revive_an_old_session(page, browser, world):
    sign_in(page)
    old = cookie_of(page)
    page.click("header button:has-text('Đăng xuất')")
    sign_in(page)  # a new session in the same browser
    assert cookie_of(page)["value"] != old["value"]
    other = browser.new_context(base_url=world.url)
    try:
        other.add_cookies([old])
        stale = other.new_page()
        stale.goto("/console/")
        assert "/console/sign-in?next=" in stale.url
    finally:
        other.close()


def test_an_import_preview_dies_with_sign_out(page, tmp_path):
    path = tmp_path / "truong.csv"
    path.write_text("Mã trường,Tên trường,Cấp học,Mã xã\nTH-SAU-DX,Trường TH Sau Đăng Xuất,TH,03394\n",
                    encoding="utf-8")
    sign_in(page, then="/console/don-vi")
    page.set_input_files("#import input[type=file]", str(path))
    page.click("#import button[type=submit]")
    token = page.locator("input[name=rows]").input_value()
    assert token
    page.click("header button:has-text('Đăng xuất')")
    sign_in(page, then="/console/don-vi")
    csrf = page.locator("#import input[name=csrf]").input_value()
    resp = page.request.post("/console/don-vi/nhap/xac-nhan", form={"csrf": csrf, "rows": token})
    assert resp.status == 400
    assert "Bản xem trước đã hết hạn" in resp.text()
    page.goto("/console/don-vi")
    assert page.locator("#registry tr[data-code='TH-SAU-DX']").count() == 0  # nothing written


def test_a_revocation_notice_comes_from_the_server_not_the_query(page):
    sign_in(page, then="/console/don-vi/TH-SSH?thu-hoi=Ban%20da%20bi%20lua%20-%20goi%200900")
    assert page.locator("#notice").count() == 0
    assert "0900" not in page.locator("main").inner_text()
    page.goto("/console/don-vi/TH-SSH?thu-hoi=" + "0" * 8)  # no such computer here
    assert page.locator("#notice").count() == 0


def test_a_unit_account_adds_a_school_only_in_its_areas_communes(page, world):
    who = ("so.don.vi", "mật khẩu tài khoản Sở theo đơn vị")
    done = server_cli(world.db, "user", "add", who[0], "--role", "province", "--unit", "UBND-03394",
                      "--password-stdin", stdin=who[1] + "\n")
    assert done.returncode == 0, done.stderr
    sign_in(page, who, then="/console/don-vi")
    form = page.locator("#add-school")
    form.locator("input[name=code]").fill("TH-XA-KHAC")
    form.locator("input[name=name]").fill("Trường TH Xã Khác")
    form.locator("select[name=level]").select_option("TH")
    form.locator("input[name=commune_code]").fill("03405")  # Tả Lèng: not this account's commune
    form.locator("input[name=parent_code]").fill("UBND-03394")
    with page.expect_response(lambda r: r.url.endswith("/console/don-vi/them")) as resp:
        form.locator("button[type=submit]").click()
    assert resp.value.status == 403
    assert page.locator(".error").inner_text() == "Xã/phường “03405” nằm ngoài địa bàn của tài khoản."
    form = page.locator("#add-school")
    form.locator("input[name=commune_code]").fill("03394")
    form.locator("input[name=code]").fill("TH-XA-NAY")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/console/don-vi/TH-XA-NAY$"))


def bomb() -> bytes:
    """An XLSX-looking zip of a few kB that states ~64 MB unpacked."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 * 1024 * 1024))
    return buf.getvalue()


def test_an_xlsx_bomb_is_refused_before_it_is_read(page):
    data = bomb()
    assert len(data) < 200 * 1024
    sign_in(page, then="/console/don-vi")
    csrf = page.locator("#import input[name=csrf]").input_value()
    resp = page.request.post("/console/don-vi/nhap", multipart={
        "csrf": csrf, "file": {"name": "truong.xlsx", "mimeType": "application/octet-stream", "buffer": data}})
    assert resp.status == 400
    assert "32 MB" in resp.text()


def test_the_overview_shows_the_oldest_waiting_approval_and_sorts_by_it(page, world):
    """Laggards: each row says since when its oldest need waits for approval (submitted or
    verified, not approved: the need's history, kept in the server's counts) with how many;
    "Chờ duyệt từ" sorts by it, the oldest first."""
    import json as _json  # noqa: PLC0415
    import sqlite3  # noqa: PLC0415

    conn = sqlite3.connect(world.path)
    with conn:  # Thào A Sử's need at THCS-SSH was submitted on 15 September
        row = conn.execute("SELECT n.id, n.history FROM needs n JOIN students s ON s.id = n.student_id "
                           "WHERE s.full_name = 'Thào A Sử'").fetchone()
        history = [{**h, "at": "2025-09-15T08:00:00+07:00"} if h.get("status") == "submitted" else h
                   for h in _json.loads(row[1])]
        conn.execute("UPDATE needs SET history = ? WHERE id = ?", (_json.dumps(history), row[0]))
    conn.close()
    done = server_cli(world.db, "summaries", "--rebuild")
    assert done.returncode == 0, done.stderr
    sign_in(page, then="/console/unit/03394?from=2025-07-01&to=2025-12-31")
    cells = {page.locator("#units tbody tr").nth(i).get_attribute("data-code"):
             page.locator("#units tbody tr").nth(i).locator("td.since").inner_text()
             for i in range(page.locator("#units tbody tr").count())}
    assert cells["THCS-SSH"] == "15/09/2025 (1)"
    assert re.fullmatch(r"\d\d/\d\d/20\d\d \(1\)", cells["TH-SSH"])  # Sùng Seo Dính's, submitted today
    assert page.locator("#total-since").inner_text() == "15/09/2025 (2)"
    page.click("#units th.since a")
    codes = [page.locator("#units tbody tr").nth(i).get_attribute("data-code")
             for i in range(page.locator("#units tbody tr").count())]
    assert codes[:2] == ["THCS-SSH", "TH-SSH"]
    assert "sort=since" in page.url
    page.goto("/console/unit/03394?from=2025-07-01&to=2025-12-31&lang=en")
    assert page.locator("#units th.since").inner_text().startswith("Waiting approval since")


def test_laggards_with_the_same_share_come_oldest_waiting_first():
    from server.web.console_data import Line, sort_lines  # noqa: PLC0415

    lines = [Line("A", in_need=4, fulfilled=1, waiting_since="2025-11-02T08:00:00+07:00"),
             Line("B", in_need=8, fulfilled=2, waiting_since="2025-09-20T08:00:00+07:00"),
             Line("C", in_need=4, fulfilled=1),  # nobody waits for approval
             Line("D", in_need=10, fulfilled=9), Line("E")]
    assert [x.label for x in sort_lines(lines, "share", False)] == ["B", "A", "C", "D", "E"]
    assert [x.label for x in sort_lines(lines, "since", False)] == ["B", "A", "C", "D", "E"]


def _many_rows(world, tmp_path) -> None:
    """450 schools in the registry, 300 refused versions and 150 children at two schools."""
    import sqlite3  # noqa: PLC0415 - only this test writes the server's database by hand
    import uuid  # noqa: PLC0415

    path = tmp_path / "many.csv"
    path.write_text("Mã trường,Tên trường,Cấp học,Mã xã\n" + "".join(
        f"TH-NHIEU-{i:03d},Trường Tiểu học Điểm Bản Nhiều Số {i:03d} Tả Lèng,TH,03405\n" for i in range(450)),
        encoding="utf-8")
    done = server_cli(world.db, "unit", "import", str(path))
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(world.path)
    with conn:
        ids = dict(conn.execute("SELECT code, id FROM units WHERE code IN ('TH-SSH', 'THCS-SSH')").fetchall())
        for i in range(300):
            conn.execute("INSERT INTO quarantine (device_id, unit_id, kind, record_id, instance, counter, code, "
                         "reason, data, received_at) VALUES ('x', ?, 'student', ?, 'x', ?, 'scope', ?, ?, "
                         "'2025-10-01T08:00:00+07:00')",
                         (ids["TH-SSH"], str(uuid.uuid4()), i, "Bản ghi ngoài địa bàn của máy gửi " * 3,
                          json.dumps({"f": {"full_name": f"Học Sinh Thử Nghiệm Số {i}"}})))
        for i in range(150):
            pid = f"0121{i:08d}"
            for code in ("TH-SSH", "THCS-SSH"):
                sid = str(uuid.uuid4())
                conn.execute("INSERT INTO students (id, unit_id, personal_id, full_name, class_name, birth_date) "
                             "VALUES (?, ?, ?, ?, '3A', '2016-01-01')",
                             (sid, ids[code], pid, f"Học Sinh Hai Trường Số {i:03d}"))
                conn.execute("INSERT INTO needs (id, unit_id, student_id, school_year, status) "
                             "VALUES (?, ?, ?, '2025-2026', 'submitted')", (str(uuid.uuid4()), ids[code], sid))
    conn.close()


def test_long_lists_are_paged_and_every_page_is_under_100_kb(page, world, tmp_path):
    _many_rows(world, tmp_path)
    sign_in(page)
    for path, rows, per_page in (("/console/don-vi", "#registry tbody tr", 100),
                                 ("/console/quarantine", "table tbody tr", 50),
                                 ("/console/hai-truong", "#pairs tbody tr", 50)):
        resp = page.goto(path)
        assert resp.status == 200, path
        assert len(resp.body()) <= PAGE_LIMIT, (path, len(resp.body()))
        assert page.locator(rows).count() <= per_page, path
        assert page.locator("nav.pages a[rel=next]").count() == 1, path
        page.click("nav.pages a[rel=next]")
        assert "page=2" in page.url
        assert page.locator(rows).count() > 0, path
    for path in ("/console/", "/console/unit/12", "/console/unit/03405", "/console/bao-cao"):
        resp = page.goto(path)
        assert resp.status == 200 and len(resp.body()) <= PAGE_LIMIT, (path, len(resp.body()))
    # the preview of a list of 600 schools: every refused row, the first 100 of the others
    big = tmp_path / "big.csv"
    big.write_text("Mã trường,Tên trường,Cấp học,Mã xã\n" + "".join(
        f"TH-LON-{i:03d},Trường Tiểu học Danh Sách Lớn Số {i:03d},TH,{'03405' if i % 100 else '99999'}\n"
        for i in range(600)), encoding="utf-8")
    page.goto("/console/don-vi")
    page.set_input_files("#import input[type=file]", str(big))
    with page.expect_response(lambda r: r.url.endswith("/console/don-vi/nhap")) as resp:
        page.click("#import button[type=submit]")
    assert resp.value.status == 200 and len(resp.value.body()) <= PAGE_LIMIT, len(resp.value.body())
    assert page.locator("#preview tr[data-action='refuse']").count() == 6
    assert page.locator("#preview tr[data-action='add']").count() == 100
    assert "594" in page.locator("#preview").inner_text()  # the counts: 594 to add
    assert "494" in page.locator("#preview-more").inner_text()
