"""Báo cáo thiết bị trao tặng cho học sinh: handovers dated in the period by device kind,
value and donor, per unit below (a school's report: per class); the SIMs given with the
date their free period ends; the list of handovers."""

from __future__ import annotations

from collections.abc import Callable

from app import minute_numbers
from app.records import CARRIERS, DEVICE_KINDS
from app.reports.common import (
    Progress,
    breakdown,
    class_order,
    count_if,
    frame,
    grouped,
    label_column,
    step,
    total_row,
    units_title,
    whole_table,
)
from app.reports.labels import choice, w
from app.reports.model import DATE, INT, MONEY, TEXT, Column, Period, ReportData, Row, Table
from app.reports.source import Scope, Source
from app.text import fold

FROM = ("handovers h JOIN units u ON u.id = h.unit_id "
        "LEFT JOIN devices x ON x.id = h.device_id "
        "LEFT JOIN students s ON s.id = h.student_id "
        "LEFT JOIN sims m ON m.id = h.sim_id")
WHERE = "h._deleted = 0 AND h.event = 'handed_over' AND h.date BETWEEN :start AND :end"
CLOSED = "EXISTS (SELECT 1 FROM handovers c WHERE c.refers_to = h.id AND c.refers_to <> '' AND c._deleted = 0)"

MEASURES = [
    # children given a device: a SIM alone is counted under "sims", not as a child reached
    ("children", "COUNT(DISTINCT CASE WHEN h.device_id <> '' THEN h.student_id END)"),
    *((f"kind_{k}", count_if(f"x.kind = '{k}'")) for k in DEVICE_KINDS),
    ("handed", count_if("h.device_id <> ''")),
    ("value", "SUM(COALESCE(x.value_vnd, 0))"),
    ("sims", count_if("h.sim_id <> ''")),
    ("signed", count_if("h.signed_paper = 1")),
    ("closed", count_if(CLOSED)),
]


def columns(lang: str) -> list[Column]:
    return [
        Column("children", w("children", lang)),
        *(Column(f"kind_{k}", choice(DEVICE_KINDS, k, lang), INT, w("g_kind", lang)) for k in DEVICE_KINDS),
        Column("handed", w("handed", lang)),
        Column("value", w("value", lang), MONEY, width=1.6),
        Column("sims", w("sims", lang)),
        Column("signed", w("signed", lang)),
        Column("closed", w("closed", lang)),
    ]


def figures(source: Source, scope: Scope, period: Period) -> dict[str, int]:
    got = grouped(source, scope, MEASURES, FROM, WHERE, period.as_dict(), keys=[]).get((), {})
    return {"handed": got.get("handed", 0), "sims": got.get("sims", 0), "children": got.get("children", 0)}


def build(source: Source, scope: Scope, period: Period, *, lang: str = "vi", detail: bool = True,
          progress: Progress = None) -> ReportData:
    report = frame(source, "handovers", scope, period, lang=lang)
    params = period.as_dict()
    cols = columns(lang)
    step(progress, 0, 4)
    data = grouped(source, scope, MEASURES, FROM, WHERE, params, local="s.class_name")
    main = Table("units", units_title(scope, "t_by_class", lang), [label_column(scope, w("class", lang)), *cols],
                 breakdown(scope, cols, data, local_order=class_order), total_row(cols, data, lang))
    step(progress, 1, 4)
    donor_cols = [c for c in cols if c.key.startswith("kind_") or c.key in ("handed", "value")]
    by_donor = grouped(source, scope, MEASURES, FROM, WHERE + " AND h.device_id <> ''", params,
                       keys=["COALESCE(x.donor, '')"])
    donors = whole_table("by_donor", w("t_by_donor", lang), Column("label", w("donor", lang), TEXT, width=3.0),
                         donor_cols, by_donor, lang, labeller=lambda k: k or "—")
    step(progress, 2, 4)
    report.tables = [main, donors, sims_table(source, scope, params, lang)]
    report.figures = {k: v for k, v in (main.totals or {}).items() if k != "label"}
    step(progress, 3, 4)
    if detail:
        report.detail = handovers(source, scope, params, lang)
    step(progress, 4, 4)
    return report


def sims_table(source: Source, scope: Scope, params: dict, lang: str) -> Table:
    """The SIMs given in the period, by the date their free period ends, carrier and package."""
    keys = ["COALESCE(m.free_until, '')", "COALESCE(m.carrier, '')", "COALESCE(m.data_package, '')"]
    data = grouped(source, scope, [("count", "COUNT(*)")], FROM, WHERE + " AND h.sim_id <> ''", params, keys=keys)
    cols = [Column("free_until", w("free_until", lang), DATE), Column("carrier", w("carrier", lang), TEXT),
            Column("package", w("package", lang), TEXT, width=3.0), Column("count", w("count", lang))]
    rows = [Row({"free_until": k[0], "carrier": choice(CARRIERS, k[1], lang), "package": k[2],
                 "count": v["count"]}, 0, k[0]) for k, v in sorted(data.items())]
    totals = {"free_until": w("total", lang), "count": sum(v["count"] for v in data.values())}
    return Table("sims", w("t_sims", lang), cols, rows, totals)


def minute_printer(source: Source, scope: Scope) -> Callable[[str, str, str], str]:
    """``printed(number, event, unit_id)``: a minute's number as its paper prints it
    (``app.minute_numbers``: no computer mark, a second computer's letter), worked out from
    the handover minutes of the units in scope, as the minute itself works it out."""
    seen: dict[str, list[tuple[str, str]]] = {}
    for unit_id, number, date in source.rows(
            f"SELECT h.unit_id, h.minute_no, h.date FROM handovers h JOIN units u ON u.id = h.unit_id "
            f"WHERE h.event = 'handed_over' AND h.minute_no LIKE :marked AND {scope.where}",
            {**scope.params, "marked": "%.%"}):
        seen.setdefault(unit_id, []).append((number, date))
    cache: dict[tuple[str, str], dict[str, str]] = {}

    def printed(number: str, event: str, unit_id: str) -> str:
        made = minute_numbers.made(number)
        if not made:
            return minute_numbers.printed(number, event)
        key = (unit_id, made["year"])
        if key not in cache:
            cache[key] = minute_numbers.letters(seen.get(unit_id, []), made["year"])
        return minute_numbers.printed(number, event, cache[key])

    return printed


def handovers(source: Source, scope: Scope, params: dict, lang: str) -> Table:
    rows = source.rows(
        f"SELECT h.minute_no, h.date, COALESCE(s.full_name, ''), COALESCE(s.class_name, ''), u.name, "
        f"COALESCE(x.kind, ''), COALESCE(x.brand_model, ''), COALESCE(x.serial, ''), COALESCE(x.imei, ''), "
        f"COALESCE(x.donor, ''), COALESCE(m.number, ''), COALESCE(m.free_until, ''), h.signed_paper, "
        f"CASE WHEN {CLOSED} THEN 1 ELSE 0 END, h.event, h.unit_id "
        f"FROM {FROM} WHERE ({WHERE}) AND {scope.where}", {**scope.params, **params})
    printed = minute_printer(source, scope)
    rows = [(printed(r[0], r[14], r[15]), *r[1:14]) for r in rows]
    rows.sort(key=lambda r: (r[1], fold(r[4]), class_order(r[3]), fold(r[2])))
    cols = [
        Column("minute_no", w("minute_no", lang), TEXT, width=2.4),
        Column("date", w("date", lang), DATE),
        Column("full_name", w("full_name", lang), TEXT, width=2.6),
        Column("class_name", w("class", lang), TEXT, width=0.8),
        *([] if scope.school else [Column("school", w("school", lang), TEXT, width=2.6)]),
        Column("device", w("device", lang), TEXT, width=2.8),
        Column("serial", w("serial", lang), TEXT, width=2.2),
        Column("donor", w("donor", lang), TEXT, width=2.2),
        Column("sim", w("sim", lang), TEXT, width=1.4),
        Column("free_until", w("free_until", lang), DATE),
        Column("signed", w("signed", lang), TEXT, width=1.0),
        Column("closed", w("closed", lang), TEXT, width=1.2),
    ]
    yes = w("yes", lang)
    out = [Row({
        "minute_no": minute, "date": date, "full_name": name, "class_name": cls, "school": school,
        "device": " ".join(x for x in (choice(DEVICE_KINDS, kind, lang), model) if x),
        "serial": serial or imei, "donor": donor, "sim": sim, "free_until": free,
        "signed": yes if signed else "", "closed": yes if closed else "",
    }) for (minute, date, name, cls, school, kind, model, serial, imei, donor, sim, free, signed, closed) in rows]
    return Table("handovers", w("t_handovers_list", lang), cols, out, None)
