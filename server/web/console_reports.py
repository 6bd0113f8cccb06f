"""The console's reports (issue 17, DESIGN §9): ``/console/bao-cao``.

Every official report (``app.reports.KINDS``) for any unit of the account's area — a unit
of the registry, a commune or a province whose schools are all in it, or the whole country
for the province's own account — and period, as the PDF or XLSX that ``songmay-server
report`` and ``/api/v1/admin/reports/{kind}`` make (``server.reports``: one snapshot, the
same build and render). ``server.reports.may_see`` decides, as in the API: outside the area
is 403.

And the reports units submitted (``app.reports.snapshots``: frozen, numbered), which reach
the province as ``SubmittedReport`` records by sync or by stick (``app.ops.reports.
publish_submitted``): listed by unit of the area, newest first, paged; each downloads as the
PDF or XLSX of what was stored — its JSON text, its digest checked, rendered, never
recomputed (``/console/bao-cao/da-nop/<id>``). Outside the area: 403.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from app import reports as app_reports
from app.errors import SongMayError
from app.reports.model import ReportData
from app.reports.source import commune_name, province_name
from app.rules import dmy
from server import reports as server_reports
from server import schema as S
from server.web import add_messages, language, paged, render, text
from server.web.console_registry import PREFIX, message, signed_in, to_sign_in

log = logging.getLogger("songmay.server.console")

add_messages({
    "crep.title": ("Báo cáo", "Reports"),
    "crep.kind": ("Loại báo cáo", "Report"),
    "crep.unit": ("Đơn vị", "Unit"),
    "crep.country": ("Toàn quốc", "The whole country"),
    "crep.pdf": ("Tải PDF", "Download PDF"),
    "crep.xlsx": ("Tải XLSX", "Download XLSX"),
    "crep.help": ("Báo cáo theo mẫu chính thức, như lệnh songmay-server report. Để trống ngày: kỳ mặc định "
                  "(tháng này; sơ kết: sáu tháng này).",
                  "The official reports, as songmay-server report makes them. Dates left empty: the default "
                  "period (this month; the review: these six months)."),
    "crep.submitted": ("Báo cáo các đơn vị đã nộp", "Reports the units submitted"),
    "crep.submitted_help": ("Báo cáo đã nộp (có số, đóng băng) lên máy chủ khi đồng bộ hoặc qua USB. Tải về là "
                            "đúng bản đã nộp, không tính lại.",
                            "Submitted (numbered, frozen) reports reach the server by sync or by USB stick. A "
                            "download is the report exactly as submitted, not computed again."),
    "crep.no_snapshots": ("Chưa có báo cáo nào được nộp lên máy chủ trong địa bàn.",
                          "No report of this area has been submitted to the server yet."),
    "crep.number": ("Số", "No."),
    "crep.report_unit": ("Báo cáo của", "Report of"),
    "crep.sent_by": ("Đơn vị nộp", "Submitted by unit"),
    "crep.period": ("Kỳ báo cáo", "Period"),
    "crep.submitted_at": ("Ngày nộp", "Submitted"),
    "crep.who": ("Người nộp", "By"),
    "crep.download": ("Tải về", "Download"),
    "crep.gone": ("Không tìm thấy báo cáo đã nộp này.", "No such submitted report."),
    "crep.forbidden": ("Báo cáo này nằm ngoài địa bàn của tài khoản.", "This report is outside this account's area."),
    "crep.k.needs": ("Nhu cầu thiết bị", "Device needs"),
    "crep.k.mobilisation": ("Vận động, tiếp nhận", "Mobilisation and donations"),
    "crep.k.handovers": ("Bàn giao thiết bị", "Devices handed over"),
    "crep.k.missed": ("Không để sót em nào", "Nobody missed"),
    "crep.k.coverage": ("Vùng chưa có sóng", "Places without signal"),
    "crep.k.review": ("Sơ kết sáu tháng", "Six-month review"),
})


def choices(store: Any, account: dict[str, Any]) -> list[tuple[str, str]]:
    """(code, label) of what the account may report on: its area's units, and the communes
    and provinces of its schools that ``may_see`` allows; the country for the province."""
    area = store.operator_area(account)
    units = store.units(area)
    out: list[tuple[str, str]] = [("", "")] if area is None else []
    places: list[tuple[str, str]] = []
    for code in sorted({u.get("province_code") or "" for u in units if u.get("kind") == "school"} - {""}):
        places.append((code, province_name(code)))
    for code in sorted({u.get("commune_code") or "" for u in units if u.get("kind") == "school"} - {""}):
        places.append((code, commune_name(code)))
    with server_reports.source(store.read_engine) as src:
        for code, name in places:
            try:
                if server_reports.may_see(src, account, server_reports.unit_of(src, code)):
                    out.append((code, f"{name} ({code})"))
            except SongMayError:
                continue
    out += [(u["code"], f"{u['name']} ({u['code']})") for u in units]
    return out


SUBMITTED_PAGE = 50  # submitted reports a page


def submitted(store: Any, account: dict[str, Any], page: int) -> tuple[list[dict[str, Any]], int, int]:
    """The reports submitted by the units of the account's area (the province: all), by unit,
    newest first: one page, with the page and the number of pages."""
    t, u = S.RECORD_TABLES["submitted_report"], S.RECORD_TABLES["unit"]
    area = store.operator_area(account)
    where = [t.c._deleted == 0]
    if area is not None:
        where.append(t.c.unit_id.in_(sorted(area) or [""]))
    with store.read_engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(t).where(*where)).scalar() or 0
        _rows, page, pages = paged(range(total), page, SUBMITTED_PAGE)
        rows = conn.execute(
            select(t.c.id, t.c.number, t.c.report_kind, t.c.unit_code, t.c.unit_name, t.c.period_start,
                   t.c.period_end, t.c.submitted_at, t.c.submitted_by, u.c.code.label("sender_code"),
                   u.c.name.label("sender_name"))
            .select_from(t.outerjoin(u, u.c.id == t.c.unit_id)).where(*where)
            .order_by(u.c.name, t.c.submitted_at.desc(), t.c.id)
            .limit(SUBMITTED_PAGE).offset((page - 1) * SUBMITTED_PAGE)).mappings().all()
    return [dict(r) for r in rows], page, pages


def stored_report(store: Any, account: dict[str, Any], rid: str) -> ReportData | None:
    """The submitted report ``rid`` as stored (its digest checked): None if there is none
    (404); ``PermissionError`` outside the account's area (403)."""
    t = S.RECORD_TABLES["submitted_report"]
    with store.read_engine.connect() as conn:
        row = conn.execute(select(t.c.unit_id, t.c.data, t.c.digest, t.c.number)
                           .where(t.c.id == rid, t.c._deleted == 0)).first()
    if row is None:
        return None
    area = store.operator_area(account)
    if area is not None and row.unit_id not in area:
        raise PermissionError(rid)
    if hashlib.sha256(row.data.encode()).hexdigest() != row.digest:
        raise SongMayError("report.snapshot_damaged", number=row.number)
    return ReportData.from_dict(json.loads(row.data))


def mount(app: FastAPI, store: Any) -> None:
    @app.get(PREFIX + "/bao-cao", include_in_schema=False)
    async def reports_page(request: Request) -> Response:
        lang = language(request)
        session, account = await run_in_threadpool(signed_in, app, request)
        if account is None:
            return to_sign_in(request)
        units = await run_in_threadpool(choices, store, account)
        raw = request.query_params.get("page", "1")
        sent, page, pages = await run_in_threadpool(submitted, store, account,
                                                    int(raw) if raw.isdigit() and len(raw) < 7 else 1)
        return render(request, "console/reports.html", {
            "account": account, "csrf": session["c"], "kinds": app_reports.KINDS,
            "units": [(c, label or text("crep.country", lang)) for c, label in units],
            "sent": sent, "page": page, "pages": pages, "dmy": dmy})

    @app.get(PREFIX + "/bao-cao/da-nop/{rid}", include_in_schema=False)
    async def download_submitted(request: Request, rid: str,
                                 format: Annotated[str, Query(max_length=5)] = "pdf") -> Response:  # noqa: A002
        lang = language(request)
        session, account = await run_in_threadpool(signed_in, app, request)
        if account is None:
            return to_sign_in(request)
        ctx = {"account": account, "csrf": session["c"]}
        rid = rid[:64]
        try:
            suffix = server_reports.check_format(format)
            data = await run_in_threadpool(stored_report, store, account, rid)
        except PermissionError:
            log.warning("console refused", extra={"user": account["name"], "submitted_report": rid})
            return message(request, ctx, text("crep.forbidden", lang), 403)
        except SongMayError as e:
            return message(request, ctx, e.message(lang), 400)
        if data is None:
            return message(request, ctx, text("crep.gone", lang), 404)
        body = await run_in_threadpool(server_reports.render, data, suffix)
        number = re.sub(r"[^A-Za-z0-9_-]+", "-", data.number or "").strip("-") or "bao-cao"
        name = f"{data.kind}-{number}{suffix}"
        log.info("console submitted report", extra={"user": account["name"], "submitted_report": rid,
                                                     "bytes": len(body)})
        return Response(body, media_type=server_reports.MEDIA[suffix],
                        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})

    @app.get(PREFIX + "/bao-cao/tai", include_in_schema=False)
    async def download(request: Request, kind: Annotated[str, Query(max_length=20)] = "needs",
                       unit: Annotated[str, Query(max_length=64)] = "",
                       date_from: Annotated[str, Query(alias="from", max_length=20)] = "",
                       date_to: Annotated[str, Query(alias="to", max_length=20)] = "",
                       format: Annotated[str, Query(max_length=5)] = "pdf") -> Response:  # noqa: A002
        lang = language(request)
        session, account = await run_in_threadpool(signed_in, app, request)
        if account is None:
            return to_sign_in(request)
        ctx = {"account": account, "csrf": session["c"]}

        def run() -> tuple[bytes, str] | None:
            with server_reports.source(store.read_engine) as src:
                target = server_reports.unit_of(src, unit)
                if not server_reports.may_see(src, account, target):
                    return None
                data = server_reports.build(src, kind, target, period, lang=lang)
            return server_reports.render(data, suffix), server_reports.file_name(data, suffix)

        try:
            server_reports.check_kind(kind)
            suffix = server_reports.check_format(format)
            period = server_reports.period_of(kind, date_from, date_to)
            done = await run_in_threadpool(run)
        except SongMayError as e:
            status = 404 if e.key == "report.unit_unknown" else 400
            return message(request, ctx, e.message(lang), status)
        if done is None:
            log.warning("console refused", extra={"user": account["name"], "unit": unit, "kind": kind})
            return message(request, ctx, text("crep.forbidden", lang), 403)
        body, name = done
        log.info("console report", extra={"user": account["name"], "kind": kind, "unit": unit or "VN",
                                          "bytes": len(body)})
        return Response(body, media_type=server_reports.MEDIA[suffix],
                        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
