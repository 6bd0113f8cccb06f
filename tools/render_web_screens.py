"""The screenshots of the province's web pages in ``docs/screenshots/`` (``web-*.png``): a
real ``songmay-server`` on a temporary SQLite database, its registry imported from a list of
schools of Lai Châu, each school's computer (a store filled by ``app.demo.generate``) enrolled
with a one-time code and synced as in the field, a province operator account — then
Debian's Chromium, driven by Playwright through its executable path (nothing downloaded),
shows the console (sign-in, the province's overview, a commune, the reports with those the
schools of one commune submitted) and the public pages (the province, a school) at 1366×768.

    .venv/bin/python -m tools.render_web_screens [--out docs/screenshots]

Needs ``apt-get install chromium chromium-l10n`` (or ``SONGMAY_CHROMIUM``; the l10n pack for
the date fields' Vietnamese order) and the test extras (Playwright).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from app.demo import generate
from app.ops.reports import submit_report
from app.queries.reports import report as report_of
from app.records import Unit
from app.reports import default_period
from app.school_year import current_school_year
from app.store import Store
from sync import client
from tests.helpers.servers import server_cli, start_server

ROOT = Path(__file__).resolve().parent.parent
VIEWPORT = {"width": 1366, "height": 768}
OPERATOR = ("so.gddt.laichau", "mật khẩu của Sở GD&ĐT Lai Châu")
PRINCIPALS = ("Lò Văn Hùng", "Tao Thị Mai", "Giàng A Sềnh", "Vàng Thị Chi")  # who submits a school's report
COMMUNE = "03394"  # Xã Sin Suối Hồ: the commune drilled into
SCHOOL = "PTDTBT-TH-SSH"  # its primary school: the public school page
SILENT = "TH-MUONGTE"  # its computers last heard from long ago: flagged in the overview
# the province's list of schools (code, name, level, commune) and the children each has
SCHOOLS = [
    ("PTDTBT-TH-SSH", "Trường PTDTBT Tiểu học Sin Suối Hồ", "TH", "03394", 140),
    ("PTDTBT-THCS-SSH", "Trường PTDTBT THCS Sin Suối Hồ", "THCS", "03394", 110),
    ("PTDTBT-TH-THCS-TL", "Trường PTDTBT TH&THCS Tả Lèng", "TH&THCS", "03405", 160),
    ("PTDTBT-TH-BUMTO", "Trường PTDTBT Tiểu học Bum Tở", "TH", "03433", 90),
    ("PTDTBT-THCS-BUMTO", "Trường PTDTBT THCS Bum Tở", "THCS", "03433", 80),
    (SILENT, "Trường Tiểu học Mường Tè", "TH", "03445", 120),
]


def chromium() -> str:
    for candidate in (os.environ.get("SONGMAY_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                      shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise SystemExit("Chromium is missing: apt-get install -y chromium (or set SONGMAY_CHROMIUM)")


def cli(db: str, *args: str, stdin: str | None = None) -> str:
    done = server_cli(db, *args, stdin=stdin)
    if done.returncode != 0:
        raise SystemExit(f"songmay-server {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def fill(db: str, url: str, work: Path) -> None:
    """The registry, the schools' computers enrolled and synced, the operator account."""
    listing = work / "truong.csv"
    with listing.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["code", "name", "level", "commune"])
        out.writerows(row[:4] for row in SCHOOLS)
    cli(db, "unit", "import", str(listing))
    cli(db, "user", "add", OPERATOR[0], "--role", "province", "--password-stdin", stdin=OPERATOR[1] + "\n")
    for seed, (code, name, level, commune, students) in enumerate(SCHOOLS, start=11):
        store = Store.open(work / code)
        try:
            store.set_unit(Unit(code=code, name=name, level=level, commune_code=commune, province_code="12"), "demo")
            enrolment = json.loads(cli(db, "enrol", "--unit", code, "--json"))
            client.enrol(store, url, enrolment["code"])
            generate(store, students=students, seed=seed)
            if commune == COMMUNE:  # the commune's schools submit their needs report: the console lists them
                data, _hint = report_of(store, "needs", {"code": code}, default_period("needs"), "vi")
                submit_report(store, data, PRINCIPALS[seed % len(PRINCIPALS)])
            report = client.sync(store)
            if report.pending:
                raise SystemExit(f"{code}: {report.pending} changes not synced")
        finally:
            store.close()
    # one school's computers silent since the spring: the console flags it (30 days)
    conn = sqlite3.connect(db.removeprefix("sqlite:///"))
    with conn:
        conn.execute("UPDATE installations SET last_seen_at = ? WHERE unit_code = ?",
                     ((dt.date.today() - dt.timedelta(days=75)).isoformat() + "T08:00:00+07:00", SILENT))
    conn.close()


def shoot(url: str, out: Path) -> list[Path]:
    today = dt.date.today()
    start = current_school_year(today)[:4] + "-09-01"  # the school year so far
    query = f"?from={start}&to={today.isoformat()}"
    shots = [
        ("web-console-sign-in", "/console/sign-in", False),
        ("web-console-overview", f"/console/{query}", True),
        ("web-console-commune", f"/console/unit/{COMMUNE}{query}", True),
        ("web-console-reports", "/console/bao-cao#submitted", True),
        ("web-public-province", "/cong-khai/", False),
        ("web-public-school", f"/cong-khai/truong/{SCHOOL}/", False),
    ]
    written = []
    with sync_playwright() as pw:
        args = ["--no-sandbox"] if os.geteuid() == 0 else []  # Chromium's sandbox refuses root
        # the date fields in Vietnamese order (dd/mm/yyyy), as an officer's browser shows them:
        # Chromium takes it from LANG, with its Vietnamese pack (chromium-l10n) installed
        if not Path("/usr/lib/chromium/locales/vi.pak").exists():
            print("note: without chromium-l10n the date fields show mm/dd/yyyy", file=sys.stderr)
        browser = pw.chromium.launch(executable_path=chromium(), headless=True, args=args,
                                     env={**os.environ, "LANG": "vi_VN.UTF-8"})
        context = browser.new_context(base_url=url, locale="vi-VN", viewport=VIEWPORT)
        page = context.new_page()
        page.set_default_timeout(30_000)
        signed = False
        for name, path, signed_in in shots:
            if signed_in and not signed:
                page.goto("/console/sign-in")
                page.fill("input[name=name]", OPERATOR[0])
                page.fill("input[name=password]", OPERATOR[1])
                page.click("button[type=submit]")
                page.wait_for_url("**/console/")
                signed = True
            response = page.goto(path)
            if response is None or response.status != 200:
                raise SystemExit(f"{path}: {response.status if response else 'no answer'}")
            target = out / f"{name}.png"
            page.screenshot(path=str(target))
            written.append(target)
        context.close()
        browser.close()
    return written


def render(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="songmay-web-screens-") as tmp:
        work = Path(tmp)
        db = f"sqlite:///{work / 'songmay-server.db'}"
        cli(db, "migrate")
        server = start_server(db, log=work / "server.log")
        try:
            fill(db, server.url, work)
            return shoot(server.url, out)
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    for path in render(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
