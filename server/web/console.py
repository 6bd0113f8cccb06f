"""The province's web console (issue 17, DESIGN §9): ``/console/``.

Sign-in with the server's operator accounts (the API's own check and login limits:
``ServerStore.check_account``), then pages scoped to the account's area
(``server.reports.may_see``, as the API's reports): the overview of a unit and a drill-down
province → commune → school (``/console/unit/<code>``).

Sessions are signed cookies and a row each on the server (docs/security.md, "The web
console"): the cookie ``songmay_console`` holds the account's name, a fingerprint of its
password hash, the session's id and its CSRF token, signed with ``itsdangerous`` under a
key derived from the province's signing key, and good for ``SESSION_HOURS``; the server's
``meta`` table holds a row ``console.session.<id>`` per signed-in session, which sign-out
deletes — so a copy of the cookie is dead after sign-out. Each request reads the account
and the row again: a disabled account, a changed password or a signed-out session is
over. Every POST carries the CSRF token in a hidden field; one without it, or with
another, is refused (403).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from typing import Annotated, Any
from urllib.parse import parse_qs, quote, urlencode

from fastapi import FastAPI, Query, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, insert, select
from starlette.concurrency import run_in_threadpool

from app.errors import SongMayError
from app.reports.labels import w
from app.rules import dmy
from server import schema as S
from server.limits import TooManyAttempts
from server.web import add_messages, language, paged, render, text
from server.web.console_data import SILENT_DAYS, SORTS, Forbidden, home_code, overview, period_of, sort_lines

log = logging.getLogger("songmay.server.console")

COOKIE = "songmay_console"
SESSION_HOURS = 8
PREFIX = "/console"
MAX_FORM_BYTES = 16 * 1024
OVERVIEW_PAGE = 100  # units (or classes) a page of the overview, the laggards first (a page ≤ 100 kB)

add_messages({
    "console.title": ("Bảng điều hành", "Console"),
    "console.sign_in": ("Đăng nhập", "Sign in"),
    "console.sign_out": ("Đăng xuất", "Sign out"),
    "console.user": ("Tên đăng nhập", "User name"),
    "console.password": ("Mật khẩu", "Password"),
    "console.sign_in_intro": ("Dành cho cán bộ Sở GD&ĐT và cán bộ xã, cụm trường có tài khoản trên máy chủ.",
                              "For the department's and the communes' officers with an account on this server."),
    "console.signed_in_as": ("Đăng nhập: {name}", "Signed in: {name}"),
    "console.bad_form": ("Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.",
                         "The form has expired or is not valid. Reload the page and try again."),
    "console.overview": ("Tổng quan", "Overview"),
    "console.pages": ("Các trang", "Pages"),
    "console.period": ("Kỳ báo cáo", "Period"),
    "console.from": ("Từ ngày", "From"),
    "console.to": ("Đến ngày", "To"),
    "console.show": ("Xem", "Show"),
    "console.school_year": ("Năm học {year}", "School year {year}"),
    "console.in_need": ("Có nhu cầu", "In need"),
    "console.approved": ("Đã duyệt", "Approved"),
    "console.fulfilled": ("Đã bàn giao", "Handed over"),
    # in need and not yet handed a device (the public pages' "Đang chờ" counts approved
    # children not yet reached: another figure, so another word)
    "console.waiting": ("Chưa nhận thiết bị", "Not yet received"),
    "console.stock": ("Thiết bị trong kho", "Devices in stock"),
    "console.share": ("Tỷ lệ đã bàn giao", "Share handed over"),
    "console.contact": ("Liên lạc gần nhất", "Last contact"),
    "console.never": ("chưa bao giờ", "never"),
    "console.silent": ("Im lặng ≥ {days} ngày", "Silent ≥ {days} days"),
    "console.silent_schools": ("{n} trường im lặng ≥ {days} ngày", "{n} schools silent ≥ {days} days"),
    "console.laggards_first": ("Xếp các đơn vị chậm nhất lên đầu (tỷ lệ đã bàn giao thấp nhất, rồi nhu cầu chờ "
                               "duyệt lâu nhất).",
                               "The units lagging most come first (lowest share handed over, then the oldest "
                               "waiting approval)."),
    "console.since": ("Chờ duyệt từ", "Waiting approval since"),
    "console.since_title": ("Ngày gửi sớm nhất của các nhu cầu đã gửi hoặc đã xác minh mà chưa được duyệt "
                            "(trong ngoặc: số nhu cầu đó)",
                            "The earliest submission among the needs submitted or verified and not yet approved "
                            "(in brackets: how many)"),
    "console.no_rows": ("Chưa có số liệu.", "No figures yet."),
    "console.computers": ("Máy tính của trường", "The school's computers"),
    "console.computer": ("Máy", "Computer"),
    "console.enrolled": ("Đăng ký", "Enrolled"),
    "console.revoked": ("Đã thu hồi", "Revoked"),
    "console.no_computers": ("Trường chưa có máy nào đăng ký với máy chủ.",
                             "No computer of this school is enrolled with the server."),
    "console.forbidden_unit": ("Đơn vị này nằm ngoài địa bàn của tài khoản.",
                               "This unit is outside this account's area."),
    "console.unknown_unit": ("Không tìm thấy đơn vị “{code}”.", "No unit “{code}”."),
    "console.back": ("Về trang tổng quan", "Back to the overview"),
    "console.date_bad": ("Ngày không hợp lệ.", "A date is not valid."),
})


SESSION_KEY = "console.session."  # a meta row per signed-in session: "<name> <expiry, ISO UTC>"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Sessions:
    """Signed session cookies: ``{"u": name, "h": password fingerprint, "s": session id,
    "c": csrf}``, or ``{"c": csrf}`` before sign-in (the sign-in form's token). A signed-in
    session lives while its ``meta`` row does (``SESSION_KEY`` + id): sign-out deletes it."""

    def __init__(self, store: Any):
        self.store = store
        self._serializer: URLSafeTimedSerializer | None = None

    @property
    def serializer(self) -> URLSafeTimedSerializer:
        if self._serializer is None:  # the province's key file opens on first use
            seed = bytes(self.store.signing_key())
            secret = hashlib.blake2b(b"songmay web console sessions v1", key=seed, digest_size=32).digest()
            self._serializer = URLSafeTimedSerializer(secret, salt="songmay.console.session")
        return self._serializer

    def read(self, request: Request) -> dict[str, Any]:
        raw = request.cookies.get(COOKIE)
        if not raw:
            return {}
        try:
            data = self.serializer.loads(raw, max_age=SESSION_HOURS * 3600)
        except BadSignature:  # also SignatureExpired
            return {}
        return data if isinstance(data, dict) and isinstance(data.get("c"), str) else {}

    def account(self, session: dict[str, Any]) -> dict[str, Any] | None:
        """The signed-in account, read again: None if it is gone, disabled, or its password changed."""
        name = session.get("u")
        if not isinstance(name, str) or not name:
            return None
        a = S.accounts.c
        with self.store.engine.connect() as conn:
            row = conn.execute(select(a.name, a.role, a.unit_code, a.password_hash, a.disabled)
                               .where(a.name == name)).first()
            sid = session.get("s")
            live = conn.execute(select(S.meta.c.value).where(S.meta.c.key == SESSION_KEY + sid)).scalar() \
                if isinstance(sid, str) and 16 <= len(sid) <= 64 else None
        if row is None or row.disabled or not hmac.compare_digest(_fingerprint(row.password_hash),
                                                                   str(session.get("h") or "")):
            return None
        who, _sp, until = (live or "").partition(" ")
        if who != row.name or until <= _now():  # signed out (no row), or its hours are over
            return None
        return {"name": row.name, "role": row.role, "unit_code": row.unit_code}

    def write(self, response: Response, request: Request, account: dict[str, Any] | None = None,
              password_hash: str = "", csrf: str = "") -> str:
        """A session on ``response``: signed in as ``account``, else before sign-in; a new
        CSRF token unless ``csrf`` is given. Returns the token."""
        csrf = csrf or secrets.token_urlsafe(24)
        data: dict[str, Any] = {"c": csrf}
        if account is not None:
            sid = secrets.token_urlsafe(24)
            now = dt.datetime.now(dt.UTC)
            until = (now + dt.timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")
            m = S.meta.c
            with self.store.engine.begin() as conn:
                # sessions whose hours are over go when a new one starts (the table stays small)
                old = [k for k, v in conn.execute(select(m.key, m.value).where(m.key.like(SESSION_KEY + "%")))
                       if v.partition(" ")[2] <= now.isoformat(timespec="seconds")]
                if old:
                    conn.execute(delete(S.meta).where(m.key.in_(old)))
                conn.execute(insert(S.meta).values(key=SESSION_KEY + sid, value=f"{account['name']} {until}"))
            data.update(u=account["name"], h=_fingerprint(password_hash), s=sid)
        response.set_cookie(COOKIE, self.serializer.dumps(data), max_age=SESSION_HOURS * 3600, path=PREFIX,
                            httponly=True, samesite="lax", secure=request.url.scheme == "https")
        return csrf

    def end(self, session: dict[str, Any]) -> None:
        """Signs the session out on the server: its row goes, so no copy of its cookie opens a page."""
        sid = session.get("s")
        if isinstance(sid, str) and sid:
            with self.store.engine.begin() as conn:
                conn.execute(delete(S.meta).where(S.meta.c.key == SESSION_KEY + sid))

    @staticmethod
    def clear(response: Response, request: Request) -> None:
        response.delete_cookie(COOKIE, path=PREFIX, httponly=True, samesite="lax",
                               secure=request.url.scheme == "https")


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:32]


def _password_hash(store: Any, name: str) -> str:
    with store.engine.connect() as conn:
        return conn.execute(select(S.accounts.c.password_hash).where(S.accounts.c.name == name)).scalar() or ""


async def _form(request: Request) -> dict[str, str]:
    """An urlencoded form, bounded (the console's forms are a few fields)."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return {}
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=50)
    except (UnicodeDecodeError, ValueError):
        return {}
    return {k: v[0] for k, v in fields.items()}


def _kept_period(date_from: str, date_to: str) -> str:
    """The query a drill-down link carries: the period asked for, if any."""
    chosen = {k: v for k, v in (("from", date_from), ("to", date_to)) if v}
    return "?" + urlencode(chosen) if chosen else ""


def _safe_next(value: str) -> str:
    """Where to go after signing in: a console page of this server, never elsewhere."""
    if value.startswith(PREFIX + "/") and not value.startswith("//") and "\\" not in value:
        return value
    return PREFIX + "/"


def mount(app: FastAPI, store: Any) -> None:
    sessions = Sessions(store)
    app.state.console_sessions = sessions

    def to_sign_in(request: Request) -> RedirectResponse:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"{PREFIX}/sign-in?next={quote(target, safe='')}", status_code=303)

    def refused(request: Request, lang: str, key: str = "console.bad_form") -> Response:
        return render(request, "console/message.html", {"message": text(key, lang), "account": None, "csrf": ""},
                      status=403)

    @app.get(PREFIX, include_in_schema=False)
    def console_root() -> RedirectResponse:
        return RedirectResponse(PREFIX + "/", status_code=307)

    @app.get(PREFIX + "/sign-in", include_in_schema=False)
    def sign_in_form(request: Request, next: str = "") -> Response:  # noqa: A002 - the query parameter's name
        session = sessions.read(request)
        if sessions.account(session) is not None:
            return RedirectResponse(_safe_next(next), status_code=303)
        csrf = session.get("c") or secrets.token_urlsafe(24)
        response = render(request, "console/sign_in.html", {"error": "", "name": "", "next": _safe_next(next),
                                                            "account": None, "csrf": csrf})
        if not session:
            sessions.write(response, request, csrf=csrf)
        return response

    @app.post(PREFIX + "/sign-in", include_in_schema=False)
    async def sign_in(request: Request) -> Response:
        lang = language(request)
        form = await _form(request)
        session = sessions.read(request)
        if not session or not hmac.compare_digest(form.get("csrf", ""), session["c"]):
            return refused(request, lang)
        name, password = form.get("name", "").strip(), form.get("password", "")
        nxt = _safe_next(form.get("next", ""))
        client = request.client.host if request.client else ""
        headers: dict[str, str] = {}
        try:
            account = await run_in_threadpool(store.check_account, name, password, client)
        except TooManyAttempts as e:
            error, status, headers = e.message(lang), e.status, {"Retry-After": str(e.retry_after)}
        except SongMayError as e:  # server.login_failed: nothing more is said
            error, status = e.message(lang), 401
        else:
            response = RedirectResponse(nxt, status_code=303)
            hashed = await run_in_threadpool(_password_hash, store, account["name"])
            await run_in_threadpool(sessions.end, session)  # one signed in already in this browser
            await run_in_threadpool(sessions.write, response, request, account, hashed)  # a new session, token
            log.info("console sign-in", extra={"user": account["name"], "client": client})
            return response
        return render(request, "console/sign_in.html", {"error": error, "name": name, "next": nxt,
                                                        "account": None, "csrf": session["c"]},
                      status=status, headers=headers)

    @app.post(PREFIX + "/sign-out", include_in_schema=False)
    async def sign_out(request: Request) -> Response:
        form = await _form(request)
        session = sessions.read(request)
        if not session or not hmac.compare_digest(form.get("csrf", ""), session["c"]):
            return refused(request, language(request))
        response = RedirectResponse(PREFIX + "/sign-in", status_code=303)
        await run_in_threadpool(sessions.end, session)
        sessions.clear(response, request)
        log.info("console sign-out", extra={"user": session.get("u", "")})
        return response

    async def unit_page(request: Request, code: str | None, date_from: str, date_to: str, sort: str,
                        order: str, page: int = 1) -> Response:
        lang = language(request)
        session = sessions.read(request)
        account = await run_in_threadpool(sessions.account, session)
        if account is None:
            return to_sign_in(request)
        ctx: dict[str, Any] = {"account": account, "csrf": session["c"]}
        try:
            period = period_of(date_from, date_to)
        except SongMayError:
            return render(request, "console/message.html", {**ctx, "message": text("console.date_bad", lang)},
                          status=400)
        if code is None:
            code = await run_in_threadpool(home_code, store, account)
        try:
            ov = await run_in_threadpool(lambda: overview(store, account, code, period, lang=lang))
        except Forbidden:
            log.warning("console refused", extra={"user": account["name"], "unit": code})
            return render(request, "console/message.html",
                          {**ctx, "message": text("console.forbidden_unit", lang)}, status=403)
        except SongMayError:
            return render(request, "console/message.html",
                          {**ctx, "message": text("console.unknown_unit", lang, code=code)}, status=404)
        sort = sort if sort in SORTS else "share"
        descending = order == "desc"
        lines, page, pages = paged(sort_lines(ov.lines, sort, descending), page, OVERVIEW_PAGE)
        kept = {k: v for k, v in (("from", date_from), ("to", date_to), ("sort", sort), ("dir", order)) if v}
        return render(request, "console/overview.html", {
            **ctx, "ov": ov, "lines": lines, "page": page, "pages": pages, "page_query": "&" + urlencode(kept),
            "sort": sort,
            "descending": descending, "silent_days": SILENT_DAYS, "keep": _kept_period(date_from, date_to),
            "date_from": ov.period.start.isoformat(), "date_to": ov.period.end.isoformat(),
            "w": lambda key: w(key, lang), "dmy": dmy})

    @app.get(PREFIX + "/", include_in_schema=False)
    async def console_home(request: Request, date_from: Annotated[str, Query(alias="from", max_length=20)] = "",
                           date_to: Annotated[str, Query(alias="to", max_length=20)] = "",
                           sort: Annotated[str, Query(max_length=20)] = "share",
                           dir: Annotated[str, Query(max_length=4)] = "asc",  # noqa: A002
                           page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
        return await unit_page(request, None, date_from, date_to, sort, dir, page)

    @app.get(PREFIX + "/unit/{code}", include_in_schema=False)
    async def console_unit(request: Request, code: str,
                           date_from: Annotated[str, Query(alias="from", max_length=20)] = "",
                           date_to: Annotated[str, Query(alias="to", max_length=20)] = "",
                           sort: Annotated[str, Query(max_length=20)] = "share",
                           dir: Annotated[str, Query(max_length=4)] = "asc",  # noqa: A002
                           page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
        return await unit_page(request, code[:64], date_from, date_to, sort, dir, page)
