"""The console's "never twice" list and its quarantine (issue 17, DESIGN §9).

- ``/console/hai-truong``: the children of the account's area active at two schools (the
  server's own pairs, ``server.placements``), ``/console/hai-truong/<student id>`` both
  records side by side and the decision "the child belongs to school X" with a reason
  (POST, CSRF): a ``Placement`` written by the server, the released school's need
  withdrawn; 403 outside the area, 404 once the child is no longer at two schools.
- ``/console/quarantine``: refused versions of the area's computers with the reason, by
  school, paged; "mark handled" (POST, CSRF) takes one off the list and off the notices
  the school's computer is given at its next sync or acknowledgement.

Sign-in, sessions and CSRF are ``server.web.console``'s (its ``Sessions`` on
``app.state.console_sessions``).
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app.errors import SongMayError
from app.records import KINDS, NEED_STATUSES, SEXES, label
from server import placements
from server.web import add_messages, language, paged, render, text
from server.web.console import PREFIX, _form

log = logging.getLogger("songmay.server.console")

PAIRS = PREFIX + "/hai-truong"
QUARANTINE = PREFIX + "/quarantine"
PAGE = 50  # refused versions a page
PAIRS_PAGE = 50  # children at two schools a page

add_messages({
    "pairs.title": ("Học sinh ở hai trường", "Children at two schools"),
    "pairs.intro": ("Cùng một số định danh cá nhân đang có nhu cầu hoặc thiết bị ở hai trường. Chọn trường giữ em; "
                    "quyết định được gửi xuống cả hai trường ở lần đồng bộ sau, nhu cầu ở trường kia được rút lại.",
                    "The same personal ID is active at two schools. Choose the school that keeps the child; the "
                    "decision goes down to both schools at their next sync, and the other school's need is withdrawn."),
    "pairs.none": ("Không có học sinh nào ở hai trường trong địa bàn.", "No child of this area is at two schools."),
    "pairs.personal_id": ("Số định danh", "Personal ID"),
    "pairs.schools": ("Các trường", "Schools"),
    "pairs.open": ("Xem và quyết định", "Review and decide"),
    "pairs.outside": ("Có trường ngoài địa bàn: Sở quyết định.", "A school outside this area: the province decides."),
    "pairs.school": ("Trường", "School"),
    "pairs.class": ("Lớp", "Class"),
    "pairs.name": ("Họ và tên", "Name"),
    "pairs.birth": ("Ngày sinh", "Birth date"),
    "pairs.sex": ("Giới tính", "Sex"),
    "pairs.guardian": ("Người giám hộ", "Guardian"),
    "pairs.village": ("Thôn, bản", "Village"),
    "pairs.need": ("Nhu cầu", "Need"),
    "pairs.year": ("Năm học", "School year"),
    "pairs.submitted": ("Ngày gửi", "Submitted"),
    "pairs.updated": ("Cập nhật gần nhất", "Last change"),
    "pairs.device": ("Đang giữ thiết bị", "Holds a device"),
    "pairs.yes": ("Có", "Yes"),
    "pairs.no": ("Không", "No"),
    "pairs.other_area": ("ngoài địa bàn", "outside this area"),
    "pairs.decide": ("Quyết định", "Decision"),
    "pairs.keep_at": ("Em học tại {school}", "The child belongs to {school}"),
    "pairs.reason": ("Lý do", "Reason"),
    "pairs.submit": ("Ghi quyết định", "Record the decision"),
    "pairs.decided": ("Đã ghi quyết định. Hai trường nhận được ở lần đồng bộ sau.",
                      "The decision is recorded. Both schools receive it at their next sync."),
    "pairs.gone": ("Học sinh này không còn ở hai trường (đã có quyết định hoặc đã thay đổi).",
                   "This child is no longer at two schools (decided already, or changed)."),
    "pairs.forbidden": ("Học sinh này thuộc trường ngoài địa bàn của tài khoản.",
                        "This child is at a school outside this account's area."),
    "pairs.no_office": ("Chưa có đơn vị Sở GD&ĐT của tỉnh trong danh mục: thêm đơn vị (loại province) trước khi "
                        "quyết định.", "The province's department is not in the registry: add it (kind province) "
                        "before deciding."),
    "pairs.choose": ("Chọn trường giữ em.", "Choose the school that keeps the child."),
    "pairs.back": ("Về danh sách học sinh ở hai trường", "Back to the children at two schools"),
    "quarantine.title": ("Bản ghi bị từ chối", "Quarantine"),
    "quarantine.intro": ("Các phiên bản máy chủ không nhận từ máy của các trường, với lý do. Khi đã xử lý (báo trường "
                         "sửa lại), đánh dấu “đã xử lý”: trường không còn thấy cảnh báo này.",
                         "Versions the server did not take from the schools' computers, with the reason. Once "
                         "dealt with (the school told how to fix it), mark it handled: the school no longer sees "
                         "the warning."),
    "quarantine.none": ("Không có bản ghi nào bị từ chối.", "Nothing refused."),
    "quarantine.kind": ("Loại", "Kind"),
    "quarantine.record": ("Bản ghi", "Record"),
    "quarantine.reason": ("Lý do", "Reason"),
    "quarantine.received": ("Nhận lúc", "Received"),
    "quarantine.refused": ("Bị từ chối", "Refused"),
    "quarantine.quarantined": ("Không được nhận", "Not accepted"),
    "quarantine.handle": ("Đánh dấu đã xử lý", "Mark handled"),
    "quarantine.handled": ("Đã đánh dấu đã xử lý.", "Marked handled."),
    "quarantine.gone": ("Bản ghi này không còn trong danh sách.", "This entry is no longer on the list."),
    "quarantine.page": ("Trang {n}/{of}", "Page {n} of {of}"),
    "quarantine.prev": ("‹ Trang trước", "‹ Previous"),
    "quarantine.next": ("Trang sau ›", "Next ›"),
    "quarantine.unknown_school": ("(đơn vị không rõ)", "(unknown unit)"),
})

KIND_WORDS = {"unit": ("Đơn vị", "Unit"), "coverage_gap": ("Vùng lõm sóng", "Coverage gap"),
              "student": ("Học sinh", "Student"), "need": ("Nhu cầu", "Need"), "donation": ("Tài trợ", "Donation"),
              "device": ("Thiết bị", "Device"), "sim": ("SIM", "SIM"), "allocation": ("Phân bổ", "Allocation"),
              "handover": ("Bàn giao", "Handover"), "placement": ("Quyết định trường học", "Placement"),
              "submitted_report": ("Báo cáo đã nộp", "Submitted report")}
_NAME_FIELDS = ("full_name", "name", "serial", "iccid", "donor_name", "decision_no", "village", "minute_no",
                "number")


def _what(data: str) -> str:
    """What a refused version was about, from its own fields (a name, a serial…)."""
    try:
        fields = (json.loads(data or "{}").get("f") or {})
    except (ValueError, AttributeError):
        return ""
    return next((str(fields[k]) for k in _NAME_FIELDS if isinstance(fields, dict) and fields.get(k)), "")


def mount(app: FastAPI, store: Any) -> None:
    sessions = app.state.console_sessions

    async def signed_in(request: Request) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        session = sessions.read(request)
        return await run_in_threadpool(sessions.account, session), session

    def to_sign_in(request: Request) -> RedirectResponse:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"{PREFIX}/sign-in?next={quote(target, safe='')}", status_code=303)

    def message(request: Request, ctx: dict[str, Any], key: str, status: int) -> Response:
        return render(request, "console/message.html", {**ctx, "message": text(key, language(request))},
                      status=status)

    async def form_of(request: Request, session: dict[str, Any]) -> dict[str, str] | None:
        """The posted form, or None when its CSRF token is not the session's."""
        form = await _form(request)
        if not session or not hmac.compare_digest(form.get("csrf", ""), session.get("c", "")):
            return None
        return form

    # ------------------------------------------------------------------ children at two schools
    @app.get(PAIRS, include_in_schema=False)
    async def pairs_list(request: Request, done: Annotated[str, Query(max_length=4)] = "",
                         page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
        account, session = await signed_in(request)
        if account is None:
            return to_sign_in(request)
        area = await run_in_threadpool(store.operator_area, account)
        found = await run_in_threadpool(placements.groups, store, area)
        shown, page, pages = paged(found, page, PAIRS_PAGE)
        return render(request, "console/pairs.html", {"account": account, "csrf": session["c"], "groups": shown,
                                                      "done": bool(done), "page": page, "pages": pages})

    def pair_context(request: Request, account: dict[str, Any], session: dict[str, Any],
                     group: placements.Group, error: str = "", reason: str = "") -> dict[str, Any]:
        lang = language(request)
        return {"account": account, "csrf": session["c"], "group": group, "error": error, "reason": reason,
                "need_status": lambda s: label(NEED_STATUSES, s, lang) if s else "—",
                "sex": lambda s: label(SEXES, s, lang) if s else ""}

    async def load_group(request: Request, student_id: str, account: dict[str, Any],
                         ctx: dict[str, Any]) -> placements.Group | Response:
        area = await run_in_threadpool(store.operator_area, account)
        try:
            return await run_in_threadpool(placements.group_of, store, student_id, area)
        except placements.OutsideArea:
            log.warning("console refused", extra={"user": account["name"], "student": student_id})
            return message(request, ctx, "pairs.forbidden", 403)
        except placements.Gone:
            return message(request, ctx, "pairs.gone", 404)

    @app.get(PAIRS + "/{student_id}", include_in_schema=False)
    async def pair_page(request: Request, student_id: str) -> Response:
        account, session = await signed_in(request)
        if account is None:
            return to_sign_in(request)
        group = await load_group(request, student_id[:64], account, {"account": account, "csrf": session["c"]})
        if isinstance(group, Response):
            return group
        return render(request, "console/pair.html", pair_context(request, account, session, group))

    @app.post(PAIRS + "/{student_id}", include_in_schema=False)
    async def pair_decide(request: Request, student_id: str) -> Response:
        lang = language(request)
        account, session = await signed_in(request)
        form = await form_of(request, session)
        if form is None:
            return message(request, {"account": None, "csrf": ""}, "console.bad_form", 403)
        if account is None:
            return to_sign_in(request)
        ctx = {"account": account, "csrf": session["c"]}
        student_id = student_id[:64]
        group = await load_group(request, student_id, account, ctx)
        if isinstance(group, Response):
            return group
        if not group.decidable:
            return message(request, ctx, "pairs.forbidden", 403)
        keep, reason = form.get("keep", "")[:64], form.get("reason", "")[:2000]
        if keep not in {r["student_id"] for r in group.records}:
            return render(request, "console/pair.html", pair_context(
                request, account, session, group, text("pairs.choose", lang), reason), status=400)
        area = await run_in_threadpool(store.operator_area, account)
        try:
            ids = await run_in_threadpool(placements.decide, store, account, student_id, keep, reason, area)
        except placements.OutsideArea:
            return message(request, ctx, "pairs.forbidden", 403)
        except placements.Gone:
            return message(request, ctx, "pairs.gone", 404)
        except placements.NoOffice:
            return render(request, "console/pair.html", pair_context(
                request, account, session, group, text("pairs.no_office", lang), reason), status=409)
        except SongMayError as e:  # no reason, a decision standing, the released child holds a device
            return render(request, "console/pair.html", pair_context(
                request, account, session, group, e.message(lang), reason), status=400)
        log.info("console placement", extra={"user": account["name"], "placements": ids})
        return RedirectResponse(PAIRS + "?done=1", status_code=303)

    # ------------------------------------------------------------------ quarantine
    @app.get(QUARANTINE, include_in_schema=False)
    async def quarantine_page(request: Request, page: Annotated[int, Query(ge=1, le=100_000)] = 1,
                              done: Annotated[str, Query(max_length=4)] = "") -> Response:
        lang = language(request)
        account, session = await signed_in(request)
        if account is None:
            return to_sign_in(request)
        area = await run_in_threadpool(store.operator_area, account)
        total = await run_in_threadpool(store.quarantine_count, area)
        rows = await run_in_threadpool(lambda: store.quarantined(area, limit=PAGE, offset=(page - 1) * PAGE))
        units = {u["id"]: u for u in await run_in_threadpool(store.units, area)}
        by_school: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            u = units.get(r["unit_id"])
            school = f"{u['name']} ({u['code']})" if u else text("quarantine.unknown_school", lang)
            by_school.setdefault(school, []).append({
                **r, "kind_words": label(KIND_WORDS, r["kind"], lang) if r["kind"] in KINDS else r["kind"],
                "what": _what(r["data"]),
                "code_words": text("quarantine.refused" if r["code"] in ("scope", "forbidden")
                                   else "quarantine.quarantined", lang)})
        pages = max(1, -(-total // PAGE))
        return render(request, "console/quarantine.html", {
            "account": account, "csrf": session["c"], "by_school": sorted(by_school.items()), "page": page,
            "pages": pages, "done": done})

    @app.post(QUARANTINE + "/{entry}/handled", include_in_schema=False)
    async def quarantine_handled(request: Request, entry: int) -> Response:
        account, session = await signed_in(request)
        form = await form_of(request, session)
        if form is None:
            return message(request, {"account": None, "csrf": ""}, "console.bad_form", 403)
        if account is None:
            return to_sign_in(request)
        ctx = {"account": account, "csrf": session["c"]}
        area = await run_in_threadpool(store.operator_area, account)
        row = await run_in_threadpool(store.quarantine_entry, entry)
        if row is not None and area is not None and row["unit_id"] not in area:
            # answered as an entry that is not there (404): the entries are numbered in order,
            # and a 403 would tell another area's refusals apart from numbers never used
            log.warning("console refused", extra={"user": account["name"], "quarantine": entry})
            return message(request, ctx, "quarantine.gone", 404)
        if row is None or not await run_in_threadpool(store.mark_handled, entry, account["name"], area):
            return message(request, ctx, "quarantine.gone", 404)
        log.info("console quarantine handled", extra={"user": account["name"], "quarantine": entry})
        page = form.get("page", "1")
        return RedirectResponse(f"{QUARANTINE}?done=1&page={int(page) if page.isdigit() else 1}", status_code=303)
