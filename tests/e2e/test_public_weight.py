"""The public pages of the largest province stay under 100 kB (DESIGN §7, issue 17): the
registry of the province with the most communes (168 since July 2025), six schools in each
— 1,008 schools, none with 3G/4G yet — over SQLite and PostgreSQL. The province's page
lists every commune; its lists of places (schools without signal, donations, villages)
show the first 100 and say how many more the data files hold."""

from __future__ import annotations

import collections
import csv
import json

import requests

from app.admin import communes
from tests.helpers.servers import server_cli

LIMIT = 100 * 1024


def _largest_province() -> tuple[str, list]:
    by = collections.defaultdict(list)
    for c in communes():
        if c.code and c.province_code:
            by[c.province_code].append(c)
    return max(by.items(), key=lambda kv: len(kv[1]))


def test_the_largest_provinces_pages_are_under_100_kb(server, tmp_path):
    province, found = _largest_province()
    assert len(found) >= 160
    listing = tmp_path / "truong.csv"
    with listing.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["code", "name", "level", "commune"])
        out.writerows([f"TH-{c.code}-{i}", f"Trường Tiểu học và Trung học cơ sở {c.name} số {i}", "TH", c.code]
                      for c in found for i in range(6))
    done = server_cli(server.db, "unit", "import", str(listing))
    assert done.returncode == 0, done.stderr
    home = requests.get(server.url + "/cong-khai/", timeout=120)
    assert home.status_code == 200 and len(home.content) <= LIMIT, len(home.content)
    assert home.text.count('<tr data-code="') == len(found)  # every commune listed
    assert home.text.count("<li>") == 100 and "… và 908 dòng nữa" in home.text
    data = json.loads(requests.get(server.url + "/cong-khai/du-lieu.json", timeout=120).content)
    assert len(data["schools_without_signal"]) == 6 * len(found)  # the files hold every one
    commune = requests.get(server.url + f"/cong-khai/xa/{found[0].code}/", timeout=60)
    assert commune.status_code == 200 and len(commune.content) <= LIMIT
