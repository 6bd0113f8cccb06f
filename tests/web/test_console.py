"""The province's web console in a real Chromium (issue 17): sign-in and sign-out, the
overview's figures against ``songmay-server report``, drill-down, the area's limits, CSRF."""

from __future__ import annotations

import re

from app.reports.labels import w
from tests.e2e.conftest import OPERATOR
from tests.helpers.reports import Grid
from tests.helpers.servers import server_cli
from tests.web.conftest import OFFICER, PERIOD, sign_in

QUERY = f"?from={PERIOD['from']}&to={PERIOD['to']}"


def figures(where) -> dict[str, int]:
    """The figures (``data-figure`` cells) in a page's totals, or in a row."""
    cells = where.locator("[data-figure]")
    return {cells.nth(i).get_attribute("data-figure"): int(cells.nth(i).inner_text().replace(".", ""))
            for i in range(cells.count())}


def rows(page) -> dict[str, dict[str, int]]:
    lines = page.locator("#units tbody tr")
    return {lines.nth(i).locator("td.label").inner_text().strip(): figures(lines.nth(i))
            for i in range(lines.count())}


def cli_report(world, tmp_path, unit: str) -> Grid:
    out = tmp_path / f"needs-{unit}.xlsx"
    done = server_cli(world.db, "report", "needs", "--unit", unit, "--out", str(out),
                      "--from", "01/07/2025", "--to", "31/12/2025")
    assert done.returncode == 0, done.stderr
    return Grid(out)


def test_sign_in_wrong_then_right_password(page):
    page.goto("/console/")
    assert page.url.endswith("/console/sign-in?next=%2Fconsole%2F")  # not signed in: to the form
    assert page.locator("html").get_attribute("lang") == "vi"
    page.fill("input[name=name]", OPERATOR[0])
    page.fill("input[name=password]", "sai mật khẩu")
    with page.expect_response(lambda r: r.url.endswith("/console/sign-in") and r.request.method == "POST") as resp:
        page.click("button[type=submit]")
    assert resp.value.status == 401
    assert page.locator(".error").inner_text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert page.locator("input[name=name]").input_value() == OPERATOR[0]
    assert page.locator("input[name=password]").input_value() == ""  # never sent back
    cookie = next(c for c in page.context.cookies() if c["name"] == "songmay_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and not cookie["secure"]  # plain HTTP here

    page.fill("input[name=password]", OPERATOR[1])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/console/$"))
    assert page.locator("h1").inner_text() == "Toàn quốc"  # the registry holds two provinces: the country
    assert "so.gddt" in page.locator("header").inner_text()


def test_wrong_password_in_english(page):
    page.goto("/console/sign-in?lang=en")
    page.fill("input[name=name]", OPERATOR[0])
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    assert page.locator(".error").inner_text() == "Wrong user name or password."
    assert page.locator("html").get_attribute("lang") == "en"


def test_overview_figures_equal_the_servers_report(page, world, tmp_path):
    sign_in(page)
    for unit in ("12", "03394", "UBND-03394", "TH-SSH"):
        page.goto(f"/console/unit/{unit}{QUERY}")
        grid = cli_report(world, tmp_path, unit)
        total = figures(page.locator("#totals"))
        assert total["in_need"] == grid.value("Tổng cộng", w("in_need")), unit
        assert total["approved"] == grid.value("Tổng cộng", w("approved")), unit
        assert total["fulfilled"] == grid.value("Tổng cộng", w("fulfilled")), unit
        assert total["waiting"] == total["in_need"] - total["fulfilled"]
        for label, values in rows(page).items():
            assert values["in_need"] == grid.value(label, w("in_need")), (unit, label)
            assert values["approved"] == grid.value(label, w("approved")), (unit, label)
            assert values["fulfilled"] == grid.value(label, w("fulfilled")), (unit, label)
    page.goto(f"/console/unit/12{QUERY}")
    assert figures(page.locator("#totals")) == {"in_need": 6, "approved": 4, "fulfilled": 2, "waiting": 4, "stock": 3}
    lines = rows(page)
    assert list(lines) == ["Xã Tả Lèng", "Xã Sin Suối Hồ"]  # the laggard first: 0 of 1 handed over
    assert lines["Xã Sin Suối Hồ"]["stock"] == 2 and lines["Xã Tả Lèng"]["stock"] == 1
    # Tả Lèng's school has not been heard from since January: flagged
    assert "im lặng" in page.locator("#units tr[data-code='03405'] td.contact").inner_text()
    assert "im lặng" not in page.locator("#units tr[data-code='03394'] td.contact").inner_text()
    # sortable: by name, the other way round
    page.click("#units thead a:has-text('Xã')")
    assert list(rows(page)) == ["Xã Sin Suối Hồ", "Xã Tả Lèng"]


def test_drill_down_province_commune_school(page):
    sign_in(page, then=f"/console/unit/12{QUERY}")
    page.click("#units a:has-text('Xã Sin Suối Hồ')")
    assert page.locator("h1").inner_text() == "UBND Xã Sin Suối Hồ"
    assert set(rows(page)) == {"Trường PTDTBT TH Sin Suối Hồ", "Trường PTDTBT THCS Sin Suối Hồ"}
    assert page.url.endswith("/console/unit/03394" + QUERY)  # the links keep the period
    page.click("#units a:has-text('Trường PTDTBT TH Sin Suối Hồ')")
    assert page.locator("h1").inner_text() == "Trường PTDTBT TH Sin Suối Hồ"
    assert page.locator(".crumbs a").all_inner_texts() == ["Lai Châu", "Xã Sin Suối Hồ"]
    assert page.locator("#computers tbody tr").count() == 1
    page.click(".crumbs a:has-text('Xã Sin Suối Hồ')")
    assert page.locator("h1").inner_text() == "UBND Xã Sin Suối Hồ"


def test_an_officer_sees_only_their_area(page):
    sign_in(page, OFFICER)
    assert page.locator("h1").inner_text() == "UBND xã Sin Suối Hồ"  # the account's own unit
    for other in ("TH-TL", "03405", "12", "TH-BD", "01"):
        resp = page.goto(f"/console/unit/{other}")
        assert resp.status == 403, other
        assert page.locator(".error").inner_text() == "Đơn vị này nằm ngoài địa bàn của tài khoản."
    assert page.goto("/console/unit/TH-SSH").status == 200
    assert page.locator(".crumbs a").count() == 1  # the province is not theirs to open: the commune is
    assert page.goto("/console/unit/KHONG-CO").status == 404


def test_a_post_without_the_csrf_token_is_refused(page):
    sign_in(page)
    resp = page.request.post("/console/sign-out", form={"csrf": ""})
    assert resp.status == 403
    resp = page.request.post("/console/sign-out", form={"csrf": "not-the-token"})
    assert resp.status == 403
    assert page.goto("/console/").status == 200 and page.locator("#totals").count() == 1  # still signed in
    resp = page.request.post("/console/sign-in", form={"name": OPERATOR[0], "password": OPERATOR[1]})
    assert resp.status == 403


def test_sign_out(page):
    sign_in(page)
    page.click("header button:has-text('Đăng xuất')")
    page.wait_for_url(re.compile(r".*/console/sign-in$"))
    page.goto("/console/unit/12")
    assert "/console/sign-in?next=" in page.url
    assert page.locator("#totals").count() == 0


def test_english_switch(page):
    sign_in(page)
    page.click("header a.lang")
    assert page.locator("#totals").inner_text().count("In need") == 1
    page.goto("/console/")  # remembered
    assert "Handed over" in page.locator("#totals").inner_text()


def test_a_changed_password_or_a_disabled_account_ends_its_sessions(page, world):
    who = ("tam.thoi", "mật khẩu tạm thời dài")
    done = server_cli(world.db, "user", "add", who[0], "--role", "officer", "--unit", "UBND-03394",
                      "--password-stdin", stdin=who[1] + "\n")
    assert done.returncode == 0, done.stderr
    sign_in(page, who)
    assert page.locator("#totals").count() == 1
    done = server_cli(world.db, "user", "passwd", who[0], "--password-stdin", stdin="mật khẩu mới dài hơn\n")
    assert done.returncode == 0, done.stderr
    page.goto("/console/")
    assert "/console/sign-in?next=" in page.url  # the old session is over
    sign_in(page, (who[0], "mật khẩu mới dài hơn"))
    assert page.locator("#totals").count() == 1
    assert server_cli(world.db, "user", "disable", who[0]).returncode == 0
    page.goto("/console/")
    assert "/console/sign-in?next=" in page.url
