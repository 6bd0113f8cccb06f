"""The console's reports (issue 17, DESIGN §9): ``/console/bao-cao``.

Every official report (``app.reports.KINDS``) for any unit of the account's area — a unit
of the registry, a commune or a province whose schools are all in it, or the whole country
for the province's own account — and period, as the PDF or XLSX that ``songmay-server
report`` and ``/api/v1/admin/reports/{kind}`` make (``server.reports``: one snapshot, the
same build and render). ``server.reports.may_see`` decides, as in the API: outside the area
is 403.

The reports schools submit (``app.reports.snapshots``: frozen, numbered) stay on the
school's computer: they are not synced, so the server holds none and the page says so.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app import reports as app_reports
from app.errors import SongMayError
from app.reports.source import commune_name, province_name
from server import reports as server_reports
from server.web import add_messages, language, render, text
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
    "crep.submitted": ("Báo cáo các trường đã nộp", "Reports the schools submitted"),
    "crep.no_snapshots": ("Máy chủ không lưu các báo cáo đã nộp: mỗi báo cáo nộp (đóng băng, có số) nằm trên "
                          "máy tính của trường và không được đồng bộ lên. Số liệu ở đây được tính lại từ dữ liệu "
                          "đã đồng bộ.",
                          "The server does not hold the reports schools submit: a submitted (frozen, numbered) "
                          "report stays on the school's computer and is not synced. The reports here are computed "
                          "from the synced records."),
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


def mount(app: FastAPI, store: Any) -> None:
    @app.get(PREFIX + "/bao-cao", include_in_schema=False)
    async def reports_page(request: Request) -> Response:
        lang = language(request)
        session, account = await run_in_threadpool(signed_in, app, request)
        if account is None:
            return to_sign_in(request)
        units = await run_in_threadpool(choices, store, account)
        return render(request, "console/reports.html", {
            "account": account, "csrf": session["c"], "kinds": app_reports.KINDS,
            "units": [(c, label or text("crep.country", lang)) for c, label in units]})

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
