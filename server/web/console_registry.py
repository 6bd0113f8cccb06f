"""The console's units and computers (issue 17, DESIGN §9): ``/console/don-vi``.

The registry of the account's area (``ServerStore.units`` over ``operator_area``, as the
API's ``/api/v1/admin/units``); adding a school (``ServerStore.add_unit``, the API's rule:
the province's accounts only, one of a unit under a unit of its area); importing the
province's list of schools from CSV or XLSX (``server.registry.parse_rows``) with a
preview of what will be added, changed or refused and why (``registry.preview_rows``),
then the rows not refused (``registry.import_rows``; the province's own account only, as
``songmay-server unit import``); one-time enrolment codes for a unit of the area
(``ServerStore.issue_code``, as ``/api/v1/admin/enrolments``) on a plain page to print,
shown once and never cached; each unit's computers with their last contact; revoking a
computer with a reason (``ServerStore.revoke``, as ``/api/v1/admin/devices/{id}/revoke``:
the province's accounts).

Every POST carries the session's CSRF token. A unit or computer outside the account's area
is refused (403), an unknown one is 404. The preview travels to the confirmation signed
(the session's key, its own salt, the account's name and session id, one hour), never as
the file again: a preview made before a sign-out is refused after it.
"""

from __future__ import annotations

import email.parser
import email.policy
import hmac
import logging
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature
from starlette.concurrency import run_in_threadpool

from app.errors import SongMayError
from app.records import LEVELS
from app.reports.source import commune_name
from server import registry
from server.web import add_messages, language, paged, render, text

log = logging.getLogger("songmay.server.console")

PREFIX = "/console"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # the API's body limit (server.api.BodyLimit) holds it too
PAGE = 100  # units a page of the registry (DESIGN §7: a page ≤ 100 kB)
PREVIEW_ROWS = 100  # rows to add or unchanged listed in an import's preview (all refused and changed are)
IMPORT_SALT = "songmay.console.import"
IMPORT_HOURS = 1

add_messages({
    "creg.title": ("Đơn vị và máy tính", "Units and computers"),
    "creg.code": ("Mã", "Code"),
    "creg.name": ("Tên", "Name"),
    "creg.kind": ("Loại", "Kind"),
    "creg.level": ("Cấp học", "Level"),
    "creg.commune": ("Xã/phường", "Commune"),
    "creg.commune_code": ("Mã xã/phường", "Commune code"),
    "creg.parent": ("Đơn vị cấp trên (mã)", "Unit above (code)"),
    "creg.address": ("Địa chỉ", "Address"),
    "creg.computers": ("Máy tính", "Computers"),
    "creg.no_units": ("Chưa có đơn vị nào trong địa bàn.", "No unit in this area yet."),
    "creg.add_school": ("Thêm trường", "Add a school"),
    "creg.add": ("Thêm", "Add"),
    "creg.added": ("Đã thêm đơn vị {code}.", "Unit {code} added."),
    "creg.import": ("Nhập danh sách trường (XLSX/CSV)", "Import the list of schools (XLSX/CSV)"),
    "creg.import_help": ("Cột: mã, tên, cấp học, mã xã (và nếu có: loại, đơn vị cấp trên, địa chỉ). "
                         "Xem trước rồi mới xác nhận.",
                         "Columns: code, name, level, commune code (optionally kind, parent, address). "
                         "A preview comes before anything is written."),
    "creg.file": ("Tệp", "File"),
    "creg.preview": ("Xem trước", "Preview"),
    "creg.preview_title": ("Xem trước: nhập danh sách trường", "Preview: importing the list of schools"),
    "creg.row": ("Dòng", "Row"),
    "creg.action": ("Sẽ làm", "Action"),
    "creg.why": ("Chi tiết", "Details"),
    "creg.act_add": ("Thêm mới", "Add"),
    "creg.act_change": ("Cập nhật", "Change"),
    "creg.act_same": ("Không đổi", "Unchanged"),
    "creg.act_refuse": ("Từ chối", "Refused"),
    "creg.preview_counts": ("{add} thêm mới, {change} cập nhật, {same} không đổi, {refuse} bị từ chối.",
                            "{add} to add, {change} to change, {same} unchanged, {refuse} refused."),
    "creg.confirm": ("Xác nhận nhập", "Confirm the import"),
    "creg.preview_more": ("… và {n} dòng thêm mới hoặc không đổi nữa (không liệt kê).",
                          "… and {n} more rows to add or unchanged (not listed)."),
    "creg.nothing": ("Không có dòng nào để nhập.", "No row to import."),
    "creg.imported": ("Đã nhập: {added} thêm mới, {updated} cập nhật, {unchanged} không đổi.",
                      "Imported: {added} added, {updated} changed, {unchanged} unchanged."),
    "creg.import_expired": ("Bản xem trước đã hết hạn. Hãy tải tệp lên lại.",
                            "The preview has expired. Upload the file again."),
    "creg.no_file": ("Hãy chọn tệp CSV hoặc XLSX.", "Choose a CSV or XLSX file."),
    "creg.province_only": ("Chỉ tài khoản của Sở GD&ĐT được thay đổi danh mục đơn vị.",
                           "Only the department's accounts change the unit registry."),
    "creg.import_whole": ("Chỉ tài khoản của Sở (toàn tỉnh) được nhập danh sách trường.",
                          "Only the department's own account (the whole province) imports the list of schools."),
    "creg.commune_outside": ("Xã/phường “{commune}” nằm ngoài địa bàn của tài khoản.",
                             "Commune “{commune}” is outside this account's area."),
    "creg.parent_required": ("Hãy ghi đơn vị cấp trên thuộc địa bàn của tài khoản.",
                             "Give the unit above, one of this account's area."),
    "creg.enrol": ("Mã đăng ký một lần", "One-time enrolment code"),
    "creg.enrol_help": ("Mã dùng một lần để đăng ký một máy tính của đơn vị với máy chủ. Mã chỉ hiện một lần: "
                        "hãy in hoặc ghi lại.",
                        "A code used once to enrol one of the unit's computers with the server. It is shown "
                        "once: print it or write it down."),
    "creg.hours": ("Hiệu lực (giờ)", "Valid for (hours)"),
    "creg.issue": ("Cấp mã", "Issue a code"),
    "creg.code_for": ("Mã đăng ký máy tính cho {name}", "Enrolment code for {name}"),
    "creg.expires": ("Hết hạn: {when}", "Expires: {when}"),
    "creg.issued_by": ("Người cấp: {who}", "Issued by: {who}"),
    "creg.server": ("Địa chỉ máy chủ: {url}", "Server address: {url}"),
    "creg.print_note": ("Mã chỉ dùng được một lần. Trang này không được lưu lại: hãy in ngay.",
                        "The code works once. This page is not kept: print it now."),
    "creg.computer": ("Máy", "Computer"),
    "creg.enrolled": ("Đăng ký", "Enrolled"),
    "creg.last_contact": ("Liên lạc gần nhất", "Last contact"),
    "creg.version": ("Phiên bản", "Version"),
    "creg.state": ("Trạng thái", "State"),
    "creg.live": ("Đang hoạt động", "Active"),
    "creg.revoked": ("Đã thu hồi {when}: {reason}", "Revoked {when}: {reason}"),
    "creg.never": ("chưa bao giờ", "never"),
    "creg.no_computers": ("Chưa có máy nào đăng ký.", "No computer enrolled."),
    "creg.reason": ("Lý do thu hồi", "Reason"),
    "creg.revoke": ("Thu hồi", "Revoke"),
    "creg.revoked_done": ("Đã thu hồi máy {device} lúc {when}. Lý do: {reason}",
                          "Computer {device} revoked at {when}. Reason: {reason}"),
    "creg.reason_required": ("Hãy ghi lý do thu hồi.", "Give the reason for revoking."),
    "creg.forbidden": ("Đơn vị hoặc máy này nằm ngoài địa bàn của tài khoản.",
                       "This unit or computer is outside this account's area."),
    "creg.unknown": ("Không tìm thấy “{code}”.", "No “{code}”."),
    "creg.overview": ("Xem số liệu", "See the figures"),
    "creg.back": ("Về danh mục đơn vị", "Back to the registry"),
})

KIND_NAMES = {"school": ("Trường", "School"), "commune": ("UBND xã", "Commune"),
              "cluster": ("Cụm trường", "Cluster"), "province": ("Sở GD&ĐT", "Department"),
              "national": ("Bộ", "Ministry")}


class Refused(Exception):
    """A unit or computer outside the account's area (403)."""


class Unknown(Exception):
    """No such unit or computer (404)."""


# ------------------------------------------------------------------ shared with console_reports
def signed_in(app: FastAPI, request: Request) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The session and its account (None: not signed in), by the console's ``Sessions``."""
    sessions = app.state.console_sessions
    session = sessions.read(request)
    return session, sessions.account(session)


def to_sign_in(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"{PREFIX}/sign-in?next={quote(target, safe='')}", status_code=303)


def message(request: Request, ctx: dict[str, Any], words: str, status: int) -> Response:
    return render(request, "console/message.html", {**ctx, "message": words}, status=status)


def csrf_ok(session: dict[str, Any], form: dict[str, Any]) -> bool:
    token = form.get("csrf")
    return bool(session) and isinstance(token, str) and hmac.compare_digest(token, session.get("c", ""))


async def read_form(request: Request, limit: int = MAX_UPLOAD_BYTES) -> dict[str, Any]:
    """An urlencoded or multipart form, bounded: {name: text} or, for a file, {name: (filename, bytes)}."""
    body = await request.body()
    if len(body) > limit:
        return {}
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):
        head = f"Content-Type: {ctype}\r\nMIME-Version: 1.0\r\n\r\n".encode("utf-8", "replace")
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        if not msg.is_multipart():
            return {}
        out: dict[str, Any] = {}
        for part in list(msg.iter_parts())[:20]:
            name = part.get_param("name", header="content-disposition")
            if not isinstance(name, str) or name in out:
                continue
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            out[name] = (filename, payload) if filename is not None else payload.decode("utf-8", "replace")
        return out
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=50)
    except (UnicodeDecodeError, ValueError):
        return {}
    return {k: v[0] for k, v in fields.items()}


# ------------------------------------------------------------------ the area
async def posted(app: FastAPI, request: Request, limit: int = MAX_UPLOAD_BYTES) -> Response | tuple[
        str, dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A console form POSTed: (language, form, session, account, page context) — or the
    answer when it may not go on: 403 without the session's CSRF token (checked first,
    before anything is read of the account), the sign-in page without a session."""
    lang = language(request)
    form = await read_form(request, limit)
    session, account = await run_in_threadpool(signed_in, app, request)
    ctx = {"account": account, "csrf": session.get("c", "")}
    if not csrf_ok(session, form):
        return message(request, {**ctx, "account": None}, text("console.bad_form", lang), 403)
    if account is None:
        return to_sign_in(request)
    return lang, form, session, account, ctx


def area_unit(store: Any, account: dict[str, Any], code: str) -> dict[str, Any]:
    """The registry's unit ``code`` if the account's area holds it."""
    unit = store.unit_by_code(code)
    if unit is None:
        raise Unknown(code)
    area = store.operator_area(account)
    if area is not None and unit["id"] not in area:
        raise Refused(code)
    return unit


def area_installation(store: Any, account: dict[str, Any], device_id: str) -> dict[str, Any]:
    found = next((i for i in store.installations() if i["id"] == device_id), None)
    if found is None:
        raise Unknown(device_id)
    area = store.operator_area(account)
    if area is not None and found["unit_id"] not in area:
        raise Refused(device_id)
    return found


def _just_revoked(computers: list[dict[str, Any]], device: str) -> dict[str, Any] | None:
    """The computer of this unit that ``?thu-hoi=<id>`` names, if it is revoked: the notice
    is drawn from the server's record of it (name, time, reason), never from the query."""
    device = device.strip()[:64]
    if len(device) < 8:
        return None
    found = [c for c in computers if c["id"] == device or c["id"].startswith(device)]
    return found[0] if len(found) == 1 and found[0].get("revoked_at") else None


def may_add(account: dict[str, Any]) -> bool:
    return account.get("role") == "province"


def may_import(account: dict[str, Any]) -> bool:
    return account.get("role") == "province" and not account.get("unit_code")


def page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 7 else 1


def registry_view(store: Any, account: dict[str, Any], lang: str, page: int = 1) -> dict[str, Any]:
    area = store.operator_area(account)
    every = store.units(area)
    units, page, pages = paged(every, page, PAGE)
    shown = {u["id"] for u in units}
    computers: dict[str, list[dict[str, Any]]] = {}
    for inst in store.installations(shown):
        if not inst.get("revoked_at"):
            computers.setdefault(inst["unit_id"], []).append(inst)
    i = 1 if lang == "en" else 0
    rows = [{**u, "kind_name": KIND_NAMES.get(u.get("kind") or "", (u.get("kind"), u.get("kind")))[i],
             "commune": commune_name(u["commune_code"]) if u.get("commune_code") else "",
             "computers": len(computers.get(u["id"], [])),
             "last_contact": max((c.get("last_seen_at") or "" for c in computers.get(u["id"], [])), default="")}
            for u in units]
    parents = [u for u in every if u.get("kind") != "school"]
    return {"units": rows, "may_add": may_add(account), "may_import": may_import(account), "parents": parents,
            "scoped": area is not None, "levels": LEVELS, "page": page, "pages": pages}


def mount(app: FastAPI, store: Any) -> None:
    def serializer() -> Any:
        return app.state.console_sessions.serializer

    async def page(request: Request, *, form: dict[str, Any] | None = None, error: str = "", notice: str = "",
                   status: int = 200, preview: list[registry.PreviewRow] | None = None, token: str = "") -> Response:
        lang = language(request)
        session, account = await run_in_threadpool(signed_in, app, request)
        assert account is not None
        view = await run_in_threadpool(registry_view, store, account, lang, page_number(request))
        # the preview lists every row refused or changed, and the first PREVIEW_ROWS of the rest
        # (rows added or unchanged need no reading one by one; the counts say how many)
        told = [r for r in preview or [] if r.action in ("refuse", "change")]
        rest = [r for r in preview or [] if r.action not in ("refuse", "change")]
        shown = None if preview is None else sorted(told + rest[:PREVIEW_ROWS], key=lambda r: r.row)
        return render(request, "console/registry.html", {
            "account": account, "csrf": session["c"], **view, "form": form or {}, "error": error,
            "notice": notice, "preview": shown, "preview_more": max(0, len(rest) - PREVIEW_ROWS), "token": token,
            "counts": {a: sum(1 for r in preview or [] if r.action == a) for a in ("add", "change", "same", "refuse")}},
            status=status)

    @app.get(PREFIX + "/don-vi", include_in_schema=False)
    async def registry_page(request: Request) -> Response:
        _session, account = await run_in_threadpool(signed_in, app, request)
        if account is None:
            return to_sign_in(request)
        return await page(request)

    @app.post(PREFIX + "/don-vi/them", include_in_schema=False)
    async def add_school(request: Request) -> Response:
        got = await posted(app, request)
        if isinstance(got, Response):
            return got
        lang, form, session, account, ctx = got
        if not may_add(account):
            return message(request, ctx, text("creg.province_only", lang), 403)
        fields = {k: str(form.get(k, "")).strip() for k in ("code", "name", "level", "commune_code", "parent_code",
                                                           "address")}
        area = await run_in_threadpool(store.operator_area, account)
        if area is not None:  # as the API: a province account of a unit adds under a unit of its area
            parent = (await run_in_threadpool(store.unit_by_code, fields["parent_code"])
                      if fields["parent_code"] else None)
            if parent is None or parent["id"] not in area:
                return await page(request, form=fields, error=text("creg.parent_required", lang), status=403)
            # its commune too: under a unit of the area, a school of another commune would
            # bring that commune's school into the account's area
            communes = registry.area_communes(await run_in_threadpool(store.units, area))
            if fields["commune_code"] not in communes:
                log.warning("console refused", extra={"user": account["name"], "commune": fields["commune_code"]})
                return await page(request, form=fields, error=text("creg.commune_outside", lang,
                                                                   commune=fields["commune_code"]), status=403)
        try:
            unit = await run_in_threadpool(lambda: store.add_unit(
                fields["code"], fields["name"], kind="school", level=fields["level"].upper(),
                commune_code=fields["commune_code"], parent_code=fields["parent_code"], address=fields["address"],
                actor=f"operator:{account['name']}"))
        except SongMayError as e:
            return await page(request, form=fields, error=e.message(lang), status=400)
        log.info("console unit added", extra={"user": account["name"], "unit": unit["code"]})
        return RedirectResponse(f"{PREFIX}/don-vi/{quote(unit['code'], safe='')}", status_code=303)

    @app.post(PREFIX + "/don-vi/nhap", include_in_schema=False)
    async def import_preview(request: Request) -> Response:
        got = await posted(app, request)
        if isinstance(got, Response):
            return got
        lang, form, session, account, ctx = got
        if not may_import(account):
            return message(request, ctx, text("creg.import_whole", lang), 403)
        upload = form.get("file")
        if not isinstance(upload, tuple) or not upload[1]:
            return await page(request, error=text("creg.no_file", lang), status=400)
        filename, data = upload
        suffix = ".xlsx" if str(filename).lower().endswith(".xlsx") else ".csv"

        def parse() -> list[registry.PreviewRow]:
            with tempfile.TemporaryDirectory(prefix="songmay-import-") as tmp:
                path = Path(tmp) / f"units{suffix}"
                path.write_bytes(data)
                rows = registry.parse_rows(path)
            return registry.preview_rows(store, rows, lang=lang)

        try:
            preview = await run_in_threadpool(parse)
        except SongMayError as e:
            return await page(request, error=e.message(lang).replace(tempfile.gettempdir(), "…"), status=400)
        good = [r.source for r in preview if r.action != "refuse"]
        # tied to this session: it dies with sign-out (the session's row goes) as the cookie does
        token = serializer().dumps({"u": account["name"], "s": session.get("s", ""), "rows": good},
                                   salt=IMPORT_SALT) if good else ""
        return await page(request, preview=preview, token=token)

    @app.post(PREFIX + "/don-vi/nhap/xac-nhan", include_in_schema=False)
    async def import_confirm(request: Request) -> Response:
        got = await posted(app, request)
        if isinstance(got, Response):
            return got
        lang, form, session, account, ctx = got
        if not may_import(account):
            return message(request, ctx, text("creg.import_whole", lang), 403)
        try:
            data = serializer().loads(str(form.get("rows", "")), salt=IMPORT_SALT, max_age=IMPORT_HOURS * 3600)
        except BadSignature:
            data = None
        if (not isinstance(data, dict) or data.get("u") != account["name"] or not data.get("s")
                or data.get("s") != session.get("s") or not isinstance(data.get("rows"), list)):
            return await page(request, error=text("creg.import_expired", lang), status=400)
        rows = [{str(k): str(v) for k, v in r.items()} for r in data["rows"] if isinstance(r, dict)]
        result = await run_in_threadpool(lambda: registry.import_rows(store, rows, actor=f"operator:{account['name']}"))
        if result.errors:
            return await page(request, error="; ".join(m for _n, m in result.errors), status=400)
        log.info("console units imported", extra={"user": account["name"], "added": len(result.added),
                                                   "updated": len(result.updated)})
        return await page(request, notice=text("creg.imported", lang, added=len(result.added),
                                               updated=len(result.updated), unchanged=len(result.unchanged)))

    async def guarded_unit(request: Request, code: str) -> tuple[Any, dict[str, Any], dict[str, Any]] | Response:
        lang = language(request)
        session, account = await run_in_threadpool(signed_in, app, request)
        if account is None:
            return to_sign_in(request)
        ctx = {"account": account, "csrf": session["c"]}
        try:
            unit = await run_in_threadpool(area_unit, store, account, code[:64])
        except Refused:
            log.warning("console refused", extra={"user": account["name"], "unit": code[:64]})
            return message(request, ctx, text("creg.forbidden", lang), 403)
        except Unknown:
            return message(request, ctx, text("creg.unknown", lang, code=code[:64]), 404)
        return session, account, unit

    @app.get(PREFIX + "/don-vi/{code}", include_in_schema=False)
    async def unit_page(request: Request, code: str) -> Response:
        got = await guarded_unit(request, code)
        if isinstance(got, Response):
            return got
        session, account, unit = got
        lang = language(request)
        computers = sorted(await run_in_threadpool(store.installations, {unit["id"]}),
                           key=lambda i: (bool(i.get("revoked_at")), i.get("enrolled_at") or ""))
        i = 1 if lang == "en" else 0
        return render(request, "console/registry_unit.html", {
            "account": account, "csrf": session["c"], "unit": unit, "computers": computers,
            "kind_name": KIND_NAMES.get(unit.get("kind") or "", (unit.get("kind"), unit.get("kind")))[i],
            "commune": commune_name(unit["commune_code"]) if unit.get("commune_code") else "",
            "may_revoke": may_add(account), "error": "",
            "revoked": _just_revoked(computers, request.query_params.get("thu-hoi", ""))})

    @app.post(PREFIX + "/don-vi/{code}/ma-dang-ky", include_in_schema=False)
    async def enrolment_code(request: Request, code: str) -> Response:
        lang = language(request)
        form = await read_form(request, 16 * 1024)
        session = app.state.console_sessions.read(request)
        if not csrf_ok(session, form):
            return message(request, {"account": None, "csrf": ""}, text("console.bad_form", lang), 403)
        got = await guarded_unit(request, code)
        if isinstance(got, Response):
            return got
        session, account, unit = got
        try:
            hours = min(max(float(str(form.get("hours") or "72")), 1.0), 24 * 30)
        except ValueError:
            hours = 72.0
        try:
            issued, expires = await run_in_threadpool(lambda: store.issue_code(
                unit["code"], hours=hours, created_by=account["name"], area=store.operator_area(account)))
        except SongMayError as e:
            return message(request, {"account": account, "csrf": session["c"]}, e.message(lang), 400)
        log.info("console enrolment code", extra={"user": account["name"], "unit": unit["code"]})
        return render(request, "console/enrolment_code.html", {
            "unit": unit, "code": issued, "expires": expires[:16].replace("T", " "), "who": account["name"],
            "server_url": str(request.base_url).rstrip("/")},
            headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    @app.post(PREFIX + "/may/{device_id}/thu-hoi", include_in_schema=False)
    async def revoke(request: Request, device_id: str) -> Response:
        got = await posted(app, request, 16 * 1024)
        if isinstance(got, Response):
            return got
        lang, form, session, account, ctx = got
        try:
            inst = await run_in_threadpool(area_installation, store, account, device_id[:64])
        except Refused:
            log.warning("console refused", extra={"user": account["name"], "device": device_id[:64]})
            return message(request, ctx, text("creg.forbidden", lang), 403)
        except Unknown:
            return message(request, ctx, text("creg.unknown", lang, code=device_id[:64]), 404)
        if not may_add(account):
            return message(request, ctx, text("creg.province_only", lang), 403)
        reason = str(form.get("reason", "")).strip()[:500]
        if not reason:
            return message(request, ctx, text("creg.reason_required", lang), 400)
        done = await run_in_threadpool(lambda: store.revoke(inst["id"], reason, area=store.operator_area(account)))
        log.info("console revoked", extra={"user": account["name"], "device": done})
        return RedirectResponse(f"{PREFIX}/don-vi/{quote(inst['unit_code'], safe='')}?thu-hoi={quote(done[:8])}",
                                status_code=303)
