"""The public transparency pages (issue 17, DESIGN §9), for anyone, without signing in:

  GET /cong-khai/                    the province (several in the registry: a page listing them)
  GET /cong-khai/tinh/<code>         a province (2 digits)
  GET /cong-khai/xa/<code>           a commune or ward (5 digits)
  GET /cong-khai/truong/<code>       a school (its code in the registry)
  …/du-lieu.csv, …/du-lieu.json      the same figures as open data (docs/open-data.md)

The figures come from ``server.public`` (no personal data; small counts of one school
suppressed); a page is plain HTML (no script), a few kB. Every answer is cacheable: an
ETag of its bytes (``If-None-Match`` → 304) and ``Cache-Control: public`` for a few
minutes; the figures of a page are kept as long in the process, so a crowd on a 2G link
costs the database one read per page per few minutes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import select

from app.records import COVERAGE, DEVICE_KINDS, DONOR_KINDS
from app.reports.labels import choice
from app.rules import dmy
from server import public
from server import schema as S
from server.reports import source as report_source
from server.storage import UNITS_STAMP
from server.web import SECURITY_HEADERS, add_messages, language, number, render, text

PREFIX = "/cong-khai"
log = logging.getLogger(__name__)
MAX_AGE = int(os.environ.get("SONGMAY_PUBLIC_MAX_AGE", "300"))  # seconds a page may be cached
LEVEL_PATHS = {"province": "tinh", "commune": "xa", "school": "truong"}
LIST_MAX = 100  # donations, schools or villages listed on a page (a page ≤ 100 kB); the data files hold all

add_messages({
    "pub.title": ("Công khai, minh bạch", "Public figures"),
    "pub.national": ("Các tỉnh, thành phố", "Provinces"),
    "pub.as_of": ("Số liệu đến ngày {date}", "Figures as of {date}"),
    "pub.intro": ("Tiền và thiết bị tài trợ đã tiếp nhận, thiết bị đã trao cho học sinh, số em được hỗ trợ "
                  "so với số em có nhu cầu, và nơi còn chưa có sóng. Trang không có thông tin cá nhân của "
                  "học sinh; số học sinh dưới 5 của một trường được ghi “dưới 5”.",
                  "Money and devices donated, devices handed to children, children reached against children "
                  "in need, and the places still without signal. No child's personal data is shown; a count "
                  "of fewer than 5 children at one school is shown as “fewer than 5”."),
    "pub.below": ("dưới 5", "fewer than 5"),
    "pub.hidden": ("ẩn", "hidden"),
    "pub.more": ("… và {n} dòng nữa, trong tệp dữ liệu:", "… and {n} more, in the data files:"),
    "pub.hidden_note": ("“ẩn”: số không công bố để không ai suy ra được một số “dưới 5” từ các số khác và tổng.",
                        "“hidden”: a figure not published, so that no “fewer than 5” can be worked out from the "
                        "other figures and the total."),
    "pub.school_year": ("Năm học {year}", "School year {year}"),
    "pub.cumulative": ("Lũy kế từ đầu chương trình", "Since the programme began"),
    "pub.h_children": ("Học sinh được hỗ trợ", "Children reached"),
    "pub.h_donations": ("Tài trợ đã tiếp nhận", "Donations received"),
    "pub.h_donors": ("Theo nhà tài trợ", "By donor"),
    "pub.h_handed": ("Thiết bị đã trao cho học sinh", "Devices handed to children"),
    "pub.h_units.national": ("Theo tỉnh, thành phố", "By province"),
    "pub.h_units.province": ("Theo xã, phường", "By commune"),
    "pub.h_units.commune": ("Theo trường", "By school"),
    "pub.h_signal": ("Nơi chưa có sóng", "Places without signal"),
    "pub.h_schools_no_signal": ("Trường chưa có sóng 3G/4G", "Schools without 3G/4G"),
    "pub.h_villages": ("Thôn, bản chưa có sóng", "Villages without signal"),
    "pub.h_open_data": ("Dữ liệu mở", "Open data"),
    "pub.open_data": ("Cùng số liệu dưới dạng tệp: ", "The same figures as files: "),
    "pub.none": ("Chưa có.", "None yet."),
    "pub.direct": ("Trực thuộc tỉnh", "Directly under the province"),
    "pub.office": ("(cơ quan)", "(office)"),
    "f.donations": ("Lượt tài trợ", "Donations"),
    "f.cash_vnd": ("Tiền mặt (đồng)", "Cash (VND)"),
    "f.devices_received": ("Thiết bị tiếp nhận", "Devices received"),
    "f.devices_value_vnd": ("Giá trị thiết bị (đồng)", "Devices' value (VND)"),
    "f.devices_handed": ("Thiết bị đã trao", "Devices handed over"),
    "f.children_in_need": ("Học sinh có nhu cầu", "Children in need"),
    "f.children_approved": ("Được duyệt hỗ trợ", "Approved"),
    "f.children_reached": ("Đã nhận thiết bị", "Reached"),
    "f.children_waiting": ("Đang chờ", "Still waiting"),
    "f.schools": ("Số trường", "Schools"),
    "f.schools_without_signal": ("Trường không có sóng", "Schools without signal"),
    "f.villages_without_signal": ("Thôn, bản chưa có sóng", "Villages without signal"),
    "f.date": ("Ngày", "Date"),
    "f.donor": ("Nhà tài trợ", "Donor"),
    "f.donor_kind": ("Loại", "Kind"),
    "f.unit": ("Đơn vị nhận", "Received by"),
    "f.devices": ("Thiết bị theo biên bản", "Devices (minute)"),
    "f.value_vnd": ("Tổng giá trị (đồng)", "Total value (VND)"),
    "f.kind": ("Loại thiết bị", "Kind of device"),
    "f.count": ("Số lượng", "Count"),
    "f.name": ("Tên", "Name"),
    "f.commune": ("Xã, phường", "Commune"),
    "f.coverage": ("Sóng", "Signal"),
    "f.village": ("Thôn, bản", "Village"),
    "f.school": ("Trường", "School"),
    "f.reached_share": ("Tỉ lệ đã nhận", "Share reached"),
})

# the summary's figures as the page's cards show them
CARDS = {
    "children": ("children_in_need", "children_approved", "children_reached", "children_waiting"),
    "donations": ("donations", "cash_vnd", "devices_received", "devices_value_vnd"),
}
UNIT_COLUMNS = ("children_in_need", "children_reached", "children_waiting", "devices_handed", "donations",
                "cash_vnd", "devices_received", "schools_without_signal", "villages_without_signal")


class _Pages:
    """The figures of each page for ``MAX_AGE`` seconds in this process (a page of the day),
    keyed only on the pages there are (``public.known_pages``, read again when the registry's
    stamp changes or after ``MAX_AGE``): a request for a made-up code is 404 before anything
    is built, and nothing of it is kept, so no crowd of made-up addresses can push the real
    pages out. Least recently used out first beyond ``size``.

    One build of a page at a time (the country's takes seconds at national scale): a request
    for a page being built waits for that build instead of starting another, and a page past
    its ``seconds`` but younger than twice that is answered at once from what is kept while
    one request's thread builds it afresh behind it (stale-while-revalidate) — so a crowd
    arriving as a page expires costs one build, not one each."""

    def __init__(self, seconds: int, size: int = 4096, *, wait: float = 120.0):
        self.seconds, self.size, self.wait = seconds, size, wait
        self._items: OrderedDict[tuple, tuple[float, Any]] = OrderedDict()
        self._known: tuple[float, str, set[tuple[str, str]]] | None = None
        self._building: dict[tuple, threading.Event] = {}
        self._lock = threading.Lock()
        # rebuilds behind stale answers: one at a time, a few waiting at most (a crawler walking
        # every page as they expire must not start a build per page)
        self._rebuilds = ThreadPoolExecutor(1, thread_name_prefix="public-page")
        self._queued = 0

    def known(self, engine: Any) -> set[tuple[str, str]]:
        with engine.connect() as conn:
            stamp = conn.execute(select(S.meta.c.value).where(S.meta.c.key == UNITS_STAMP)).scalar() or ""
        now = time.monotonic()
        with self._lock:
            held = self._known
            if held is not None and held[1] == stamp and now - held[0] < max(self.seconds, 1):
                return held[2]
        with report_source(engine) as src:
            pages = public.known_pages(src)
        with self._lock:
            self._known = (now, stamp, pages)
        return pages

    def get(self, key: tuple, make: Any) -> Any:
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            age = now - hit[0] if hit is not None else None
            if hit is not None and age is not None and age < self.seconds:
                self._items.move_to_end(key)
                return hit[1]
            building = self._building.get(key)
            if hit is not None and age is not None and age < 2 * self.seconds:
                # answered now; one rebuild behind it, unless one is under way or too many wait
                if building is None and self._queued < 4:
                    self._building[key] = threading.Event()
                    self._queued += 1
                    try:
                        self._rebuilds.submit(self._refresh, key, make)
                    except RuntimeError:  # no thread to be had: the next request tries again
                        self._queued -= 1
                        self._building.pop(key).set()
                return hit[1]
            if building is None:
                self._building[key] = threading.Event()
        if building is None:
            return self._build(key, make)
        building.wait(self.wait)  # another request is building this page: take what it makes
        with self._lock:
            hit = self._items.get(key)
            fresh = hit is not None and time.monotonic() - hit[0] < 2 * self.seconds
        return hit[1] if fresh else make()

    def _refresh(self, key: tuple, make: Any) -> None:
        with self._lock:
            self._queued -= 1
        try:
            self._build(key, make)
        except Exception:  # the kept page goes on being answered; the next request tries again
            log.exception("public page %s: the rebuild failed", key)

    def _build(self, key: tuple, make: Any) -> Any:
        try:
            value = make()
            if value is not None:  # nothing kept of a page that is not
                with self._lock:
                    self._items[key] = (time.monotonic(), value)
                    self._items.move_to_end(key)
                    while len(self._items) > self.size:
                        self._items.popitem(last=False)
            return value
        finally:
            with self._lock:
                self._building.pop(key).set()


def href(level: str, code: str, suffix: str = "") -> str:
    if level == "national" or not code:
        return f"{PREFIX}/{suffix}"
    return f"{PREFIX}/{LEVEL_PATHS[level]}/{quote(code, safe='')}/{suffix}"


def mount(app: FastAPI) -> None:
    """The public pages' routes on ``app`` (its ``state.store`` the server's store)."""
    router = APIRouter(prefix=PREFIX, tags=["public"])
    cache = _Pages(MAX_AGE)

    def data(request: Request, level: str, code: str) -> dict[str, Any]:
        engine = request.app.state.store.read_engine  # the replica, if any (docs/deploy.md)
        today = dt.date.today()
        key = public.page_key(level, code)
        if key not in cache.known(engine):
            raise HTTPException(404, "no such unit")
        found = cache.get((*key, today), lambda: public.build(engine, level, key[1], today))
        if found is None:
            raise HTTPException(404, "no such unit")
        return found

    def cached(request: Request, body: bytes, media: str, *, vary: bool = False) -> Response:
        tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {"ETag": tag, "Cache-Control": f"public, max-age={MAX_AGE}", **SECURITY_HEADERS}
        if vary:
            headers["Vary"] = "Cookie"
        if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=media, headers=headers)

    def html(request: Request, level: str, code: str) -> Response:
        d = data(request, level, code)
        lang = language(request)
        page = render(request, "public/page.html", _context(d, lang))
        return cached(request, page.body, "text/html; charset=utf-8", vary=True) if page.status_code == 200 else page

    def csv_file(request: Request, level: str, code: str) -> Response:
        return cached(request, public.to_csv(data(request, level, code)), "text/csv; charset=utf-8")

    def json_file(request: Request, level: str, code: str) -> Response:
        return cached(request, public.to_json(data(request, level, code)), "application/json")

    @router.get("/", include_in_schema=False)
    def home(request: Request) -> Response:
        return _keep_cookie(request, html(request, "", ""))

    @router.get("/du-lieu.csv")
    def home_csv(request: Request) -> Response:
        return csv_file(request, "", "")

    @router.get("/du-lieu.json")
    def home_json(request: Request) -> Response:
        return json_file(request, "", "")

    for level, path in LEVEL_PATHS.items():
        def bind(level: str = level, path: str = path) -> None:
            @router.get(f"/{path}/{{code}}/", include_in_schema=False, name=f"public_{level}")
            def page(request: Request, code: str) -> Response:
                return _keep_cookie(request, html(request, level, code))

            @router.get(f"/{path}/{{code}}", include_in_schema=False)
            def page_no_slash(request: Request, code: str) -> Response:
                return _keep_cookie(request, html(request, level, code))

            @router.get(f"/{path}/{{code}}/du-lieu.csv", name=f"public_{level}_csv")
            def page_csv(request: Request, code: str) -> Response:
                return csv_file(request, level, code)

            @router.get(f"/{path}/{{code}}/du-lieu.json", name=f"public_{level}_json")
            def page_json(request: Request, code: str) -> Response:
                return json_file(request, level, code)

        bind()

    app.include_router(router)


def _keep_cookie(request: Request, response: Response) -> Response:
    """A ``?lang=`` choice is remembered (as ``server.web.render`` does). The answer that sets
    the cookie is private and not stored (``no-store``, no ETag): a shared cache must never
    keep one person's ``Set-Cookie`` to hand to others; every other answer is public."""
    chosen = request.query_params.get("lang")
    if response.status_code == 200 and chosen in ("vi", "en") and chosen != request.cookies.get("lang"):
        response.set_cookie("lang", chosen, max_age=365 * 24 * 3600, samesite="lax", httponly=True,
                            secure=request.url.scheme == "https")
        response.headers["Cache-Control"] = "private, no-store"
        if "etag" in response.headers:
            del response.headers["etag"]
    return response


def _context(d: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the template needs beyond the figures: labels, links, the breadcrumbs."""
    u = d["unit"]
    level = u["level"]

    def figure(value: Any) -> str:
        if value == public.SUPPRESSED:
            return text("pub.below", lang)
        return text("pub.hidden", lang) if value == public.HIDDEN else number(value, lang)

    crumbs = [(text("pub.title", lang), f"{PREFIX}/")]
    if level in ("commune", "school") and u.get("province_code"):
        crumbs.append((public.province_name(u["province_code"]), href("province", u["province_code"])))
    if level == "school" and u.get("commune_code"):
        crumbs.append((public.commune_name(u["commune_code"]), href("commune", u["commune_code"])))
    below = {"national": "province", "province": "commune", "commune": "school"}.get(level)
    rows = []
    for r in d["units"]:
        link = href(below, r["code"]) if r["level"] in ("province", "commune", "school") and r["code"] else ""
        name = r["name"] or text("pub.direct", lang)
        if r["level"] == "office":
            name = f"{r['name']} {text('pub.office', lang)}"
        rows.append({**r, "link": link, "label": name})
    if level == "national":
        title = text("pub.national", lang)
    else:
        title = u["name"]
    own = href(level, u["code"] if level != "province" else u["province_code"])
    return {
        "list_max": LIST_MAX,
        "has_hidden": any(v == public.HIDDEN for row in [d["summary"], *d["units"], *d["donors"]]
                          for v in row.values()) or (level != "school" and public.SUPPRESSED in d["summary"].values()),
        "d": d, "title": title, "crumbs": crumbs if level != "province" else crumbs[:1],
        "as_of": text("pub.as_of", lang, date=dmy(d["as_of"])), "fig": figure, "rows": rows,
        "cards": CARDS, "unit_columns": UNIT_COLUMNS, "kinds": list(DEVICE_KINDS),
        "kind_label": lambda k: choice(DEVICE_KINDS, k, lang), "donor_kind": lambda k: choice(DONOR_KINDS, k, lang),
        "coverage_label": lambda k: choice(COVERAGE, k, lang), "date": dmy,
        "csv_link": own + "du-lieu.csv", "json_link": own + "du-lieu.json",
        "units_title": text(f"pub.h_units.{level}", lang) if level != "school" else "",
    }
