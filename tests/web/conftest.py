"""Browser tests of the web pages (issue 17): a real ``songmay-server`` process and Debian's
Chromium driven by Playwright for Python through its executable path (never ``playwright
install``: nothing is downloaded). Where Chromium or Playwright is missing the tests skip
with the reason, unless ``SONGMAY_REQUIRE_BROWSER`` is set (``.ci/run``), which makes them
fail instead, as ``SONGMAY_REQUIRE_POSTGRES`` does for PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.records import Unit
from sync import client
from tests.e2e.conftest import OPERATOR, Devices, enrolled, submitted
from tests.helpers import factories as f
from tests.helpers.servers import server_cli, start_server

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
YEAR = "2025-2026"
PERIOD = {"from": "2025-07-01", "to": "2025-12-31"}  # the console's query; the CLI's --from/--to
OFFICER = ("can.bo.xa", "mật khẩu cán bộ xã Sin Suối Hồ")


def chromium_path() -> str | None:
    """Debian's Chromium (``apt-get install chromium``), or ``SONGMAY_CHROMIUM``."""
    for candidate in (os.environ.get("SONGMAY_CHROMIUM"), *CHROMIUM_PATHS, shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if chromium_path() is None:
        return "Chromium is not installed (apt-get install -y chromium)"
    return None


def need_browser() -> None:
    reason = browser_unavailable()
    if reason:
        if os.environ.get("SONGMAY_REQUIRE_BROWSER"):
            pytest.fail(f"a browser is required here (SONGMAY_REQUIRE_BROWSER) but: {reason}")
        pytest.skip(f"no browser: {reason}")


@pytest.fixture(scope="session")
def browser():
    need_browser()
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    args = ["--no-sandbox"] if os.geteuid() == 0 else []  # Chromium's sandbox refuses root
    b = pw.chromium.launch(executable_path=chromium_path(), headless=True, args=args)
    yield b
    b.close()
    pw.stop()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A server (SQLite) with Lai Châu (12): Xã Sin Suối Hồ (03394) with two schools and the
    commune's office, Xã Tả Lèng (03405) with one school, silent for months; Hà Nội (01)
    with one school. Made on devices and synced; a province and a commune officer account."""
    need_browser()  # before any work
    db = f"sqlite:///{tmp_path_factory.mktemp('web-server') / 'songmay-server.db'}"
    out = server_cli(db, "user", "add", OPERATOR[0], "--role", "province", "--password-stdin",
                     stdin=OPERATOR[1] + "\n")
    assert out.returncode == 0, out.stderr
    server = start_server(db)
    devices = Devices(server, tmp_path_factory.mktemp("web-devices"))
    try:
        a = enrolled(devices, Unit(code="TH-SSH", name="Trường PTDTBT TH Sin Suối Hồ", level="TH",
                                   commune_code="03394", province_code="12"))
        anh = f.student(a, full_name="Nguyễn Thị Ánh", class_name="3A", household="poor")
        hung = f.student(a, full_name="Đặng Văn Hưng", class_name="3A", household="near_poor", sex="M",
                         birth_date="2016-05-06")
        dinh = f.student(a, full_name="Sùng Seo Dính", class_name="5B", household="other_hardship", sex="M",
                         birth_date="2014-02-03", ethnicity="Mông")
        need_anh = f.approved_need(a, anh, device_requested="tablet")
        f.approved_need(a, hung, device_requested="laptop")
        submitted(a, dinh, device_requested="smartphone")
        f.handover(a, anh, need_anh, f.device(a, kind="tablet"))
        f.device(a, kind="laptop")  # two devices in stock
        f.device(a, kind="tablet")

        b = enrolled(devices, Unit(code="THCS-SSH", name="Trường PTDTBT THCS Sin Suối Hồ", level="THCS",
                                   commune_code="03394", province_code="12"))
        dua = f.student(b, full_name="Vàng Thị Dua", class_name="6A", household="poor", birth_date="2013-04-05")
        su = f.student(b, full_name="Thào A Sử", class_name="7B", household="near_poor", sex="M",
                       birth_date="2012-08-09")
        need_dua = f.approved_need(b, dua, device_requested="tablet")
        f.handover(b, dua, need_dua, f.device(b, kind="tablet"))
        submitted(b, su, device_requested="tablet")

        c = enrolled(devices, Unit(code="TH-TL", name="Trường TH Tả Lèng", level="TH", commune_code="03405",
                                   province_code="12"))
        tai = f.student(c, full_name="Lường Văn Tài", class_name="2A", household="poor", sex="M",
                        birth_date="2017-01-02")
        f.approved_need(c, tai, device_requested="smartphone")
        f.device(c, kind="smartphone")

        d = enrolled(devices, Unit(code="TH-BD", name="Trường TH Ba Đình", level="TH", commune_code="00004",
                                   province_code="01"))
        khoi = f.student(d, full_name="Trần Minh Khôi", class_name="4A", household="poor", sex="M",
                         birth_date="2015-03-03")
        submitted(d, khoi, device_requested="laptop")

        office = enrolled(devices, Unit(code="UBND-03394", name="UBND xã Sin Suối Hồ", kind="commune",
                                        commune_code="03394", province_code="12"))
        for s in (a, b, c, d, office):
            assert client.sync(s).pending == 0
        out = server_cli(db, "user", "add", OFFICER[0], "--role", "officer", "--unit", "UBND-03394",
                         "--password-stdin", stdin=OFFICER[1] + "\n")
        assert out.returncode == 0, out.stderr
        # Tả Lèng's computer last heard from long ago: the console flags the school
        path = db.removeprefix("sqlite:///")
        conn = sqlite3.connect(path)
        with conn:
            conn.execute("UPDATE installations SET last_seen_at = '2025-01-02T08:00:00+07:00' "
                         "WHERE unit_code = 'TH-TL'")
        conn.close()
        server.stores = {"a": a, "b": b, "c": c, "d": d}
        server.path = Path(path)
        yield server
    finally:
        server.stop()
        for s in devices.opened:
            s.close()


@pytest.fixture
def page(browser, world):
    """A fresh browser context (no cookies) on the world's server."""
    context = browser.new_context(base_url=world.url, locale="vi-VN")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def sign_in(page, who: tuple[str, str] = OPERATOR, then: str = "/console/") -> None:
    page.goto(then)
    page.fill("input[name=name]", who[0])
    page.fill("input[name=password]", who[1])
    page.click("button[type=submit]")
    page.wait_for_load_state()
