"""The public transparency pages (issue 17), over SQLite and PostgreSQL: three schools of Lai
Châu sync children, needs, donations, devices, handovers and villages without signal to a
real server; then, without signing in, the province's, the communes' and the schools' pages
show the figures, agree with ``songmay-server report`` for the same unit, say "dưới 5" for a
school's small counts, give the same figures as CSV and JSON, are cacheable — and no page
nor any file they link to holds anything of a child: a crawl of /cong-khai/ looks for every
name, personal ID, birth date, guardian, phone and village made here."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from app.records import CoverageGap, Donation, Need, Unit
from app.reports.labels import w
from app.rules import dmy
from app.school_year import current_school_year
from sync import client
from tests.e2e.conftest import Devices
from tests.helpers import factories as f
from tests.helpers.reports import Grid
from tests.helpers.servers import server_cli

TODAY = dt.date.today()
YEAR = current_school_year(TODAY)
START = TODAY.year if TODAY.month >= 9 else TODAY.year - 1  # the school year's first calendar year


def day(month: int, d: int) -> str:
    """A date of this school year that is not in the future."""
    y = START if month >= 9 else START + 1
    return min(dt.date(y, month, d), TODAY).isoformat()


def enrolled(devices: Devices, unit: Unit):
    s = devices.open()
    s.set_unit(unit, "test")
    client.enrol(s, devices.server.url, devices.code_for(s))
    registered = s.unit()  # the registry's record of the unit: the school says its signal
    registered.coverage = unit.coverage
    s.save(registered, "test")
    return s


PEOPLE = []  # every child made here: what must never show


def child(store, name: str, born: str, guardian: str, phone: str, village: str, **kw):
    st = f.student(store, full_name=name, birth_date=born, guardian_name=guardian, guardian_relation="Mẹ",
                   guardian_phone=phone, village=village, school_year=YEAR, **kw)
    PEOPLE.append(st)
    return st


def approved(store, st):
    return f.approved_need(store, st, device_requested="tablet")


@pytest.fixture(scope="module")
def world(server, tmp_path_factory):
    """Lai Châu (12): Xã Sin Suối Hồ (03394) with a primary school of 7 children (6 in need,
    5 reached by a donor's tablets) and a lower-secondary school of 3 (2 in need, 1
    reached), Xã Tả Lèng (03405) with a school of 1 child in need and no signal."""
    PEOPLE.clear()
    devices = Devices(server, tmp_path_factory.mktemp("public-devices"))
    a = enrolled(devices, Unit(code="TH-SSH", name="Trường PTDTBT TH Sin Suối Hồ", level="TH",
                               commune_code="03394", province_code="12", coverage="2G"))
    don_a = a.save(Donation(unit_id=a.unit_id, donor_name="Tập đoàn Viettel", donor_kind="enterprise",
                            cash_vnd=10_000_000, devices={"tablet": 5}, received_date=day(9, 20),
                            receipt_no="BB-01", note="Bàn giao tại trường"), "test")
    names = [("Giàng Thị Xúa", "2016-02-11", "Giàng Thị Dợ", "0912345601", "Bản Sì Choang"),
             ("Sùng A Tủa", "2015-03-12", "Sùng Thị Pà", "0912345602", "Bản Phìn Khò"),
             ("Lý Thị Mỷ", "2017-04-13", "Lý Thị Chù", "0912345603", "Bản Sì Choang"),
             ("Vừ A Sềnh", "2014-05-14", "Vừ Thị Dinh", "0912345604", "Bản Thàng Giàng"),
             ("Thào Thị Súa", "2016-06-15", "Thào Thị Mại", "0912345605", "Bản Phìn Khò"),
             ("Mùa A Chớ", "2015-07-16", "Mùa Thị Lầu", "0912345606", "Bản Lả Nhì Thàng"),
             ("Hảng Thị Dế", "2018-08-17", "Hảng Thị Sua", "0912345607", "Bản Sì Choang")]
    kids = [child(a, *n, household="poor") for n in names]
    for i, st in enumerate(kids[:6]):
        need = approved(a, st)
        if i < 5:
            dev = f.device(a, kind="tablet", value_vnd=4_990_000, donor="Tập đoàn Viettel", donation_id=don_a.id,
                           received_date=day(9, 20))
            f.handover(a, st, need, dev, guardian_name=st.guardian_name, date=day(10, 5))
    a.save(CoverageGap(unit_id=a.unit_id, village="Bản Pắc Ma", commune_code="03394"), "test")
    a.save(CoverageGap(unit_id=a.unit_id, village="Bản Đán Khao", commune_code="03394", status="covered",
                       covered_on=day(9, 2)), "test")

    b = enrolled(devices, Unit(code="THCS-SSH", name="Trường PTDTBT THCS Sin Suối Hồ", level="THCS",
                               commune_code="03394", province_code="12", coverage="4G"))
    don_b = b.save(Donation(unit_id=b.unit_id, donor_name="Quỹ Bảo trợ trẻ em tỉnh", donor_kind="organisation",
                            devices={"laptop": 1}, received_date=day(10, 1)), "test")
    kb = [child(b, "Vàng Thị Dua", "2013-04-05", "Vàng Thị Sinh", "0987654321", "Bản Nậm Chản", class_name="6A"),
          child(b, "Thào A Sử", "2012-08-09", "Thào Thị Chía", "0987654322", "Bản Tả Chải", class_name="7B",
                sex="M"),
          child(b, "Lầu Thị Pằng", "2013-01-20", "Lầu Thị Xê", "0987654323", "Bản Tả Chải", class_name="6A",
                household="none")]
    need = approved(b, kb[0])
    lap = f.device(b, kind="laptop", value_vnd=9_000_000, donor="Quỹ Bảo trợ trẻ em tỉnh", donation_id=don_b.id,
                   received_date=day(10, 1))
    f.handover(b, kb[0], need, lap, guardian_name=kb[0].guardian_name, date=day(10, 8))
    approved(b, kb[1])

    c = enrolled(devices, Unit(code="TH-TL", name="Trường TH Tả Lèng", level="TH", commune_code="03405",
                               province_code="12", coverage="none"))
    c.save(Donation(unit_id=c.unit_id, donor_name="Ông Trần Văn Tâm", donor_kind="person", cash_vnd=2_000_000,
                    received_date=day(11, 1)), "test")
    tai = child(c, "Lường Văn Tài", "2017-01-02", "Lường Thị Ón", "0971112233", "Bản Hua Bó", sex="M",
                ethnicity="Thái")
    need = c.save(Need(unit_id=c.unit_id, student_id=tai.id, school_year=YEAR, device_requested="smartphone"), "gv")
    c.need_action(need.id, "submit", "gv", "teacher")
    c.save(CoverageGap(unit_id=c.unit_id, village="Bản Hồ Thầu", commune_code="03405"), "test")

    for s in (a, b, c):
        assert client.sync(s).pending == 0
    server.stores = {"a": a, "b": b, "c": c}
    yield server
    for s in devices.opened:
        s.close()


def get(world, path: str, **kw) -> requests.Response:
    resp = requests.get(urljoin(world.url, path), timeout=60, **kw)
    assert resp.status_code == 200, (path, resp.status_code, resp.text[:500])
    return resp


class Figures(HTMLParser):
    """The figures a page shows: ``data-field`` cells, per row (``data-code``) or the page's."""

    def __init__(self):
        super().__init__()
        self.page: dict[str, str] = {}
        self.rows: dict[str, dict[str, str]] = {}
        self.links: list[str] = []
        self._row = None
        self._field = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-code" in a:
            self._row = a["data-code"]
            self.rows[self._row] = {}
        if "data-field" in a:
            self._field, self._text = a["data-field"], ""
        if tag in ("a", "link") and a.get("href"):
            self.links.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "tr":
            self._row = None
        if self._field and tag in ("b", "td", "th"):
            (self.rows[self._row] if self._row is not None else self.page)[self._field] = self._text.strip()
            self._field = None

    def handle_data(self, data):
        if self._field:
            self._text += data


def parse(html: str) -> Figures:
    p = Figures()
    p.feed(html)
    return p


def value(text: str):
    """A figure as the page writes it: "10.000.000" → 10000000, "dưới 5" → "<5", "ẩn" → "x"."""
    if text in ("dưới 5", "fewer than 5"):
        return "<5"
    if text in ("ẩn", "hidden"):
        return "x"
    return int(text.replace(".", "").replace(",", ""))


def test_province_page(world):
    resp = get(world, "/cong-khai/")
    html = resp.text
    assert "<script" not in html.lower() and len(resp.content) < 100_000
    assert f"Số liệu đến ngày {dmy(TODAY.isoformat())}" in html
    assert "Lai Châu" in html
    p = parse(html)
    figures = {k: value(v) for k, v in p.page.items()}
    assert figures["children_in_need"] == 9  # 6 + 2 + 1 (submitted and beyond)
    assert figures["children_approved"] == 8
    # reached 6 = 5 + 1 and waiting 2 = 1 + 1: with the schools' "dưới 5", the province's
    # figures would give them back; hidden (secondary suppression, see below)
    assert figures["children_reached"] == "x" and figures["children_waiting"] == "<5"
    assert figures["donations"] == 3 and figures["cash_vnd"] == 12_000_000
    assert figures["devices_received"] == 6 and figures["devices_value_vnd"] == 5 * 4_990_000 + 9_000_000
    assert figures["devices_handed"] == "x" and figures["handed_tablet"] == "x" and figures["handed_laptop"] == "<5"
    assert figures["villages_without_signal"] == 2 and figures["schools_without_signal"] == 1
    # communes: Tả Lèng's 1 is its one school's: "dưới 5", and then Sin Suối Hồ's 8 too (9 − 8)
    assert value(p.rows["03394"]["children_in_need"]) == "x" and value(p.rows["03405"]["children_in_need"]) == "<5"
    assert "hidden-note" in html
    assert "/cong-khai/xa/03394/" in p.links and "/cong-khai/xa/03405/" in p.links
    assert "Tập đoàn Viettel" in html and "Ông Trần Văn Tâm" in html  # donors are public
    english = get(world, "/cong-khai/?lang=en").text
    assert "Children in need" in english and "Figures as of" in english


def test_commune_page_and_small_counts(world):
    html = get(world, "/cong-khai/xa/03394/").text
    p = parse(html)
    a, b = p.rows["TH-SSH"], p.rows["THCS-SSH"]
    # 6 and 5 beside THCS's "dưới 5" would give THCS's 2 and 1 back from the commune's 8 and 6:
    # hidden ("ẩn") — secondary suppression
    assert a["children_in_need"] == "ẩn" and a["children_reached"] == "ẩn" and a["devices_handed"] == "ẩn"
    assert a["children_waiting"] == "dưới 5"
    assert b["children_in_need"] == "dưới 5" and b["children_reached"] == "dưới 5"
    assert value(b["donations"]) == 1  # donations are the donors', not children's: never hidden
    assert value(p.page["children_approved"]) == 8 and p.page["children_in_need"] == "ẩn"
    assert "/cong-khai/truong/TH-SSH/" in p.links and "/cong-khai/truong/THCS-SSH/" in p.links
    assert "Bản Pắc Ma" in html and "Bản Đán Khao" not in html  # still without signal / covered
    assert "Tập đoàn Viettel" in html and "Quỹ Bảo trợ trẻ em tỉnh" in html
    assert "Bản Hồ Thầu" not in html and "Ông Trần Văn Tâm" not in html  # another commune's


def test_school_pages(world):
    p = parse(get(world, "/cong-khai/truong/TH-SSH/").text)
    # hidden on the school's own page as on its commune's: no page undoes another's
    assert p.page["children_in_need"] == "ẩn" and p.page["children_reached"] == "ẩn"
    assert p.page["children_waiting"] == "dưới 5"
    assert p.page["handed_tablet"] == "ẩn" and value(p.page["cash_vnd"]) == 10_000_000
    small = get(world, "/cong-khai/truong/THCS-SSH/")
    q = parse(small.text)
    for k in ("children_in_need", "children_approved", "children_reached", "children_waiting", "devices_handed",
              "handed_laptop"):
        assert q.page[k] == "dưới 5", k
    assert q.page["handed_tablet"] == "0"  # nobody: nothing to hide
    assert value(q.page["devices_received"]) == 1
    data = get(world, "/cong-khai/truong/THCS-SSH/du-lieu.json").json()
    assert data["summary"]["children_in_need"] == "<5" and data["suppressed"] == "<5"
    assert data["donors"][0]["devices_handed"] == "<5"
    en = get(world, "/cong-khai/truong/THCS-SSH/?lang=en").text
    assert "fewer than 5" in en
    assert requests.get(world.url + "/cong-khai/truong/KHONG-CO/", timeout=30).status_code == 404
    assert requests.get(world.url + "/cong-khai/xa/99999/", timeout=30).status_code == 404
    # a code that is no school's (here: a path trying to leave /cong-khai/) finds nothing
    assert requests.get(world.url + "/cong-khai/truong/..%2F..%2Fapi/", timeout=30).status_code == 404


PAGES = ["/cong-khai/", "/cong-khai/tinh/12/", "/cong-khai/xa/03394/", "/cong-khai/xa/03405/",
         "/cong-khai/truong/TH-SSH/", "/cong-khai/truong/THCS-SSH/", "/cong-khai/truong/TH-TL/"]


@pytest.mark.parametrize("path", PAGES)
def test_csv_and_json_hold_the_pages_figures(world, path):
    p = parse(get(world, path).text)
    data = get(world, path + "du-lieu.json").json()
    rows = list(csv.DictReader(io.StringIO(get(world, path + "du-lieu.csv").content.decode("utf-8-sig"))))

    def as_data(v):
        return v if v in ("<5", "x") else int(v)

    summary = {r["item"]: r["value"] for r in rows if r["section"] == "summary"}
    for field, shown in p.page.items():
        assert value(shown) == data["summary"][field] == as_data(summary[field]), field
    for code, cells in p.rows.items():
        unit = next(u for u in data["units"] if u["code"] == code)
        in_csv = {r["item"]: r["value"] for r in rows if r["section"].startswith("unit:") and r["unit_code"] == code}
        for field, shown in cells.items():
            assert value(shown) == unit[field] == as_data(in_csv[field]), (code, field)
    cash = sum(int(r["value"]) for r in rows if r["section"] == "donation" and r["item"] == "cash_vnd")
    assert cash == sum(d["cash_vnd"] for d in data["donations"])
    if data["donations"]:
        assert cash == data["summary"]["cash_vnd"]
    villages = {r["value"] for r in rows if r["section"] == "village_without_signal"}
    assert villages == {v["village"] for v in data["villages_without_signal"]}


def test_caching_headers(world):
    for path in ("/cong-khai/xa/03394/", "/cong-khai/xa/03394/du-lieu.csv", "/cong-khai/xa/03394/du-lieu.json"):
        resp = get(world, path)
        assert "public" in resp.headers["cache-control"] and "max-age=" in resp.headers["cache-control"]
        tag = resp.headers["etag"]
        again = requests.get(world.url + path, headers={"If-None-Match": tag}, timeout=30)
        assert again.status_code == 304 and not again.content
    assert get(world, "/cong-khai/du-lieu.csv").headers["content-type"].startswith("text/csv")
    assert get(world, "/cong-khai/du-lieu.json").headers["content-type"].startswith("application/json")


def _report_totals(world, tmp_path, kind: str, unit: str, *titles: str) -> dict[str, int]:
    out = tmp_path / f"{kind}-{unit}.xlsx"
    done = server_cli(world.db, "report", kind, "--unit", unit, "--out", str(out), "--from", "01/01/2000",
                      "--to", dmy(TODAY.isoformat()))
    assert done.returncode == 0, done.stderr
    g = Grid(out)
    return {t: int(g.value("Tổng cộng", w(t)) or 0) for t in titles}


@pytest.mark.parametrize(("path", "unit"), [("/cong-khai/", "12"), ("/cong-khai/xa/03394/", "03394"),
                                            ("/cong-khai/truong/TH-SSH/", "TH-SSH"),
                                            ("/cong-khai/truong/THCS-SSH/", "THCS-SSH")])
def test_figures_agree_with_the_official_reports(world, tmp_path, path, unit):
    s = get(world, path + "du-lieu.json").json()["summary"]
    school = unit.startswith("TH")
    expected = {}
    got = _report_totals(world, tmp_path, "mobilisation", unit, "donations", "cash", "devices", "value")
    expected.update(donations=got["donations"], cash_vnd=got["cash"], devices_received=got["devices"],
                    devices_value_vnd=got["value"])
    got = _report_totals(world, tmp_path, "handovers", unit, "handed")
    expected["devices_handed"] = got["handed"]
    got = _report_totals(world, tmp_path, "needs", unit, "in_need", "approved")
    expected.update(children_in_need=got["in_need"], children_approved=got["approved"])
    got = _report_totals(world, tmp_path, "missed", unit, "holding", "waiting")
    expected.update(children_reached=got["holding"], children_waiting=got["waiting"])
    child = {"devices_handed", "children_in_need", "children_approved", "children_reached", "children_waiting"}
    for field, n in expected.items():
        if s[field] == "x":  # hidden so that no "dưới 5" can be worked out: a figure of 5 or more
            assert field in child and n >= 5, (field, n)
            continue
        want = "<5" if field in child and 0 < n < 5 and (school or s[field] == "<5") else n
        assert s[field] == want, (field, s[field], n)
    assert any(v for v in expected.values())


# ------------------------------------------------------------------ no personal data
def _forbidden() -> dict[str, str]:
    """Every piece of a child's (or their guardian's) data made here, by what it is."""
    out = {}
    for st in PEOPLE:
        out[st.full_name] = "name"
        out[st.personal_id] = "personal ID"
        out[st.birth_date] = "birth date (ISO)"
        out[dmy(st.birth_date)] = "birth date (dd/mm/yyyy)"
        out[st.guardian_name] = "guardian"
        out[st.guardian_phone] = "phone"
        out[st.village] = "village"
    return {k: v for k, v in out.items() if k}


def crawl(world, start: list[str]) -> dict[str, bytes]:
    """Every page and file reachable from ``start`` by links within /cong-khai/, in both
    languages."""
    seen: dict[str, bytes] = {}
    todo = list(start)
    while todo:
        url = urljoin(world.url, todo.pop())
        parts = urlsplit(url)
        assert parts.netloc == urlsplit(world.url).netloc, url  # nothing links off the server
        key = parts.path + ("?" + parts.query if parts.query else "")
        if key in seen or not parts.path.startswith("/cong-khai/"):
            continue
        resp = requests.get(url, timeout=60, allow_redirects=False)
        assert resp.status_code == 200, (url, resp.status_code)
        seen[key] = resp.content
        if resp.headers["content-type"].startswith("text/html"):
            for link in parse(resp.text).links:
                target = urljoin(url, link)
                assert not urlsplit(target).path.startswith(("/api", "/console")), (key, link)
                todo.append(target)
    return seen


def test_no_personal_data_on_any_public_page_or_file(world):
    forbidden = _forbidden()
    assert len(PEOPLE) == 11 and len(forbidden) > 50
    pages = crawl(world, ["/cong-khai/", "/cong-khai/?lang=en"])
    assert len([p for p in pages if p.endswith("/")]) >= 6  # province, 2 communes, 3 schools, …
    assert any(p.endswith("du-lieu.csv") for p in pages) and any(p.endswith("du-lieu.json") for p in pages)
    assert {"/cong-khai/truong/TH-SSH/", "/cong-khai/truong/THCS-SSH/", "/cong-khai/truong/TH-TL/"} <= set(pages)
    ids = {s.unit_id for s in world.stores.values()} | {st.id for st in PEOPLE}
    for path, body in pages.items():
        text = body.decode("utf-8-sig")
        # JSON escapes nothing (ensure_ascii off); CSV quotes only: the raw text is what a reader sees
        for needle, what in forbidden.items():
            assert needle not in text, f"{path} shows a child's {what}: {needle!r}"
        for rid in ids:
            assert rid not in text, f"{path} shows an internal record id"
        assert not re.search(r"\b\d{12}\b", text), f"{path} holds a 12-digit number (a personal ID?)"


def test_public_pages_need_no_sign_in_and_open_nothing_else(world):
    for path in PAGES:
        resp = requests.get(world.url + path, timeout=30)  # no cookie, no Authorization
        assert resp.status_code == 200
        assert "set-cookie" not in {k.lower() for k in resp.headers} or "lang=" in resp.headers["set-cookie"]
    # the operators' API stays closed to the same anonymous visitor
    for path in ("/api/v1/admin/status", "/api/v1/admin/units", "/api/v1/admin/reports/needs"):
        assert requests.get(world.url + path, timeout=30).status_code == 401
    # only GET: nothing to post
    assert requests.post(world.url + "/cong-khai/", timeout=30).status_code == 405


def test_the_language_cookie_is_never_on_a_public_cached_answer(world):
    """Finding: a ``Cache-Control: public`` answer that also sets the ``lang`` cookie could be
    kept by a shared cache and hand one person's cookie to all. The answer that sets it is
    private and not stored; an answer to a visitor who has it already is public and sets none."""
    chosen = requests.get(world.url + "/cong-khai/xa/03394/?lang=en", timeout=30)
    assert chosen.status_code == 200 and "lang=en" in chosen.headers["set-cookie"]
    assert chosen.headers["cache-control"] == "private, no-store" and "etag" not in chosen.headers
    again = requests.get(world.url + "/cong-khai/xa/03394/", cookies={"lang": "en"}, timeout=30)
    assert "set-cookie" not in again.headers and "public" in again.headers["cache-control"]
    assert "Children in need" in again.text
    for path in PAGES:
        resp = requests.get(world.url + path, timeout=30)
        assert "set-cookie" not in resp.headers or "public" not in resp.headers["cache-control"], path


def test_made_up_addresses_neither_cost_a_build_nor_push_pages_out_of_the_cache(world):
    """Finding: the cache was emptied when 512 entries had been kept, and kept answers for
    codes that name nothing — a loop of made-up codes flushed the real pages. Now only the
    pages there are are kept: a page read, its unit renamed behind the server's back, 1,500
    made-up codes asked for (404), and the page still shows what was kept."""
    from sqlalchemy import create_engine, text  # noqa: PLC0415 - only this test writes behind the server

    path = "/cong-khai/truong/TH-TL/"
    assert "Trường TH Tả Lèng" in get(world, path).text
    engine = create_engine(world.db)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE units SET name = 'Trường Đổi Tên Ngầm' WHERE code = 'TH-TL'"))
        with requests.Session() as s:
            for i in range(1500):
                level = ("truong", "xa", "tinh")[i % 3]
                assert s.get(f"{world.url}/cong-khai/{level}/GIA-{i:05d}/", timeout=30).status_code == 404
            assert s.get(world.url + "/cong-khai/tinh/012/", timeout=30).status_code == 404
        page = get(world, path).text
        assert "Trường TH Tả Lèng" in page and "Trường Đổi Tên Ngầm" not in page  # still the kept page
    finally:
        with engine.begin() as conn:
            conn.execute(text("UPDATE units SET name = 'Trường TH Tả Lèng' WHERE code = 'TH-TL'"))
        engine.dispose()


def _values(shown, total: int) -> range:
    """What a figure may be, as a reader sees it: itself, 1–4 for "<5", 5 up for "x"."""
    if shown == "<5":
        return range(1, 5)
    if shown == "x":
        return range(5, max(total, 5) + 1)
    return range(int(shown), int(shown) + 1)


def _pinned(total, parts) -> list[int]:
    """The hidden terms of ``total = sum(parts)`` that only one value fits, by brute force."""
    bound = max([int(v) for v in (total, *parts) if v not in ("<5", "x")] + [40])
    terms = [total, *parts]
    options = [_values(v, bound) for v in terms]
    seen: list[set[int]] = [set() for _ in terms]
    for combo in itertools.product(*options):
        if combo[0] == sum(combo[1:]):
            for i, v in enumerate(combo):
                seen[i].add(v)
    return [i for i, v in enumerate(terms) if v in ("<5", "x") and len(seen[i]) < 2]


def test_no_hidden_figure_can_be_worked_out_from_the_others(world):
    """Secondary suppression: from what all the pages' JSON show together — each commune
    beside its schools, the province beside its communes, within each page devices by kind
    and by donor, approved = reached + waiting — no "<5" nor "x" has a single possible value."""
    data = {path: get(world, path + "du-lieu.json").json() for path in PAGES}
    child = ("children_in_need", "children_approved", "children_reached", "children_waiting", "devices_handed",
             "handed_tablet", "handed_laptop", "handed_smartphone", "handed_desktop")
    hidden = 0
    for path, d in data.items():
        for field in child:
            if d["units"]:
                assert not _pinned(d["summary"][field], [u[field] for u in d["units"]]), (path, field)
        for row in [d["summary"], *d["units"]]:
            hidden += sum(row[k] in ("<5", "x") for k in child)
            assert not _pinned(row["devices_handed"], [row[f"handed_{k}"] for k in
                                                       ("tablet", "laptop", "smartphone", "desktop")]), path
            assert not _pinned(row["children_approved"], [row["children_reached"], row["children_waiting"]]), path
        assert not _pinned(d["summary"]["devices_handed"], [r["devices_handed"] for r in d["donors"]]), path
    # a school's figures agree between its own page and its commune's list
    for code in ("TH-SSH", "THCS-SSH"):
        own = data[f"/cong-khai/truong/{code}/"]["summary"]
        listed = next(u for u in data["/cong-khai/xa/03394/"]["units"] if u["code"] == code)
        assert all(own[k] == listed[k] for k in child), code
    assert hidden > 10


def test_the_pages_from_the_kept_counts_are_the_pages_counted_over_the_records(world):
    """The server sums the counts it keeps as records merge (server/public_counts.py); every
    page of this world — today, and on days before some of its records — is the same from
    them as counted over the records (SQLite and PostgreSQL)."""
    from types import SimpleNamespace  # noqa: PLC0415

    from sqlalchemy import create_engine  # noqa: PLC0415

    from tests.e2e.test_public_counts import pages  # noqa: PLC0415

    engine = create_engine(world.db)
    try:
        server = SimpleNamespace(engine=engine)
        for today in (dt.date.today(), dt.date.fromisoformat(day(10, 6)), dt.date.fromisoformat(day(9, 25))):
            kept, counted = pages(server, today, True), pages(server, today, False)
            assert len(kept) == 7 and kept == counted, today
    finally:
        engine.dispose()
