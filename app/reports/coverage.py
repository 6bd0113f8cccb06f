"""Coverage report: schools by mobile signal and fixed broadband, and the villages without
signal (điểm lõm sóng) — still uncovered at the end of the period, covered during it, or
covered before — per unit below; the schools without 3G/4G, and the villages with the
date they got signal."""

from __future__ import annotations

from app.records import CARRIERS, COVERAGE, GAP_STATUSES
from app.reports.common import (
    Progress,
    breakdown,
    count_if,
    frame,
    grouped,
    label_column,
    merge,
    step,
    total_row,
)
from app.reports.labels import choice, w
from app.reports.model import DATE, INT, TEXT, Column, Period, ReportData, Row, Table
from app.reports.source import Scope, Source, commune_name
from app.text import fold

SCHOOLS_FROM = "units u"
SCHOOLS_WHERE = "u._deleted = 0 AND u.kind = 'school'"
SCHOOLS = [
    ("schools", "COUNT(*)"),
    ("no_signal", count_if("u.coverage = 'none'")),
    ("only_2g", count_if("u.coverage = '2G'")),
    ("has_3g4g", count_if("u.coverage IN ('3G', '4G')")),
    ("broadband", count_if("u.broadband = 1")),
]
GAPS_FROM = "coverage_gaps g JOIN units u ON u.id = g.unit_id"
GAPS_WHERE = "g._deleted = 0"
COVERED_IN = "g.status = 'covered' AND g.covered_on BETWEEN :start AND :end"
GAPS = [
    ("gaps", "COUNT(*)"),
    ("uncovered", count_if("g.status = 'uncovered' OR (g.status = 'covered' AND g.covered_on > :end)")),
    ("covered_in", count_if(COVERED_IN)),
    ("covered_before", count_if("g.status = 'covered' AND g.covered_on < :start")),
]


def columns(lang: str) -> list[Column]:
    gs, gg = w("g_schools", lang), w("g_gaps", lang)
    return [*(Column(k, w(k, lang), INT, gs) for k, _e in SCHOOLS),
            *(Column(k, w(k, lang), INT, gg) for k, _e in GAPS)]


def figures(source: Source, scope: Scope, period: Period) -> dict[str, int]:
    got = grouped(source, scope, GAPS, GAPS_FROM, GAPS_WHERE, period.as_dict(), keys=[]).get((), {})
    return {"covered_in": got.get("covered_in", 0), "uncovered": got.get("uncovered", 0)}


def build(source: Source, scope: Scope, period: Period, *, lang: str = "vi", detail: bool = True,
          progress: Progress = None) -> ReportData:
    report = frame(source, "coverage", scope, period, lang=lang)
    params = period.as_dict()
    cols = columns(lang)
    step(progress, 0, 3)
    data = merge(grouped(source, scope, SCHOOLS, SCHOOLS_FROM, SCHOOLS_WHERE, {}, local="u.name"),
                 grouped(source, scope, GAPS, GAPS_FROM, GAPS_WHERE, params, local="u.name"))
    main = Table("units", w("t_units", lang), [label_column(scope, w("school", lang)), *cols],
                 breakdown(scope, cols, data), total_row(cols, data, lang))
    report.tables = [main, weak_schools(source, scope, lang)]
    report.figures = {k: v for k, v in (main.totals or {}).items() if k != "label"}
    step(progress, 1, 3)
    report.detail = villages(source, scope, params, lang)
    report.print_detail = True
    step(progress, 3, 3)
    return report


def weak_schools(source: Source, scope: Scope, lang: str) -> Table:
    rows = source.rows(f"SELECT u.name, u.commune_code, u.coverage, u.carrier, u.broadband FROM {SCHOOLS_FROM} "
                       f"WHERE {SCHOOLS_WHERE} AND u.coverage IN ('none', '2G') AND {scope.where}", scope.params)
    rows.sort(key=lambda r: (r[2] != "none", fold(commune_name(r[1])), fold(r[0])))
    cols = [Column("school", w("school", lang), TEXT, width=3.0),
            Column("commune", w("commune", lang), TEXT, width=2.0),
            Column("coverage", w("coverage", lang), TEXT, width=1.4),
            Column("carrier", w("carrier", lang), TEXT, width=1.2),
            Column("broadband", w("broadband", lang), TEXT, width=1.2)]
    yes = w("yes", lang)
    return Table("weak_schools", w("t_no_signal", lang), cols, [
        Row({"school": name, "commune": commune_name(commune) if commune else "",
             "coverage": choice(COVERAGE, cov, lang), "carrier": choice(CARRIERS, carrier, lang),
             "broadband": yes if broadband else ""}) for name, commune, cov, carrier, broadband in rows], None)


def villages(source: Source, scope: Scope, params: dict, lang: str) -> Table:
    rows = source.rows(
        f"SELECT g.village, g.commune_code, u.name, g.status, g.covered_on, g.carrier, g.note "
        f"FROM {GAPS_FROM} WHERE {GAPS_WHERE} AND {scope.where}", scope.params)
    end = params["end"]

    def still(status: str, covered_on: str) -> bool:
        return status == "uncovered" or (covered_on or "") > end

    rows.sort(key=lambda r: (not still(r[3], r[4]), fold(commune_name(r[1])), fold(r[2]), fold(r[0])))
    cols = [Column("village", w("village", lang), TEXT, width=2.4),
            Column("commune", w("commune", lang), TEXT, width=2.0),
            Column("school", w("school", lang), TEXT, width=3.0),
            Column("status", w("status", lang), TEXT, width=1.4),
            Column("covered_on", w("covered_on", lang), DATE),
            Column("carrier", w("carrier", lang), TEXT, width=1.2),
            Column("note", w("note", lang), TEXT, width=3.0)]
    return Table("villages", w("t_gaps_list", lang), cols, [
        Row({"village": village, "commune": commune_name(commune) if commune else "", "school": school,
             "status": choice(GAP_STATUSES, "uncovered" if still(status, covered) else "covered", lang),
             "covered_on": covered if not still(status, covered) else "", "carrier": choice(CARRIERS, carrier, lang),
             "note": note}) for village, commune, school, status, covered, carrier, note in rows], None)
