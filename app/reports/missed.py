""""Nobody missed": the children in a priority group who hold no device now — those whose
need is approved (this school year) and still wait, and those for whom no need was
recorded this school year at all (poor, near-poor, COVID-19, other hardship: the ones
most likely to be missed) — named school by school, most urgent first; with per unit the
approved, those holding a device, those still waiting by tier, and those with no need."""

from __future__ import annotations

from app import predicates
from app.predicates import SIM_ONLY_NEED
from app.records import DEVICE_KINDS
from app.reports.common import (
    ACTIVE_H,
    Progress,
    breakdown,
    category,
    class_order,
    count_if,
    frame,
    grouped,
    label_column,
    merge,
    school_year,
    step,
    total_row,
    units_title,
)
from app.reports.labels import choice, w
from app.reports.model import DATE, INT, TEXT, Column, Period, ReportData, Row, Table
from app.reports.source import Scope, Source
from app.text import fold
from app.workflow import priority, priority_rank

FROM = "needs n JOIN students s ON s.id = n.student_id JOIN units u ON u.id = n.unit_id"
WHERE = ("n._deleted = 0 AND s._deleted = 0 AND n.school_year = :year "
         "AND n.status IN ('approved', 'fulfilled')")
# holding what the need asked for: a device (a SIM alone only for a SIM/data need)
HOLDING = ("EXISTS (SELECT 1 FROM handovers h WHERE h.student_id = n.student_id AND h._deleted = 0 "
           f"AND {ACTIVE_H} AND (h.device_id <> '' OR (h.sim_id <> '' AND {SIM_ONLY_NEED.format(n='n')})))")
# approved and not holding it (a need marked fulfilled by a SIM alone, before that was
# refused, still waits for its device)
WAITING = f"n.status IN ('approved', 'fulfilled') AND NOT {HOLDING}"
ELIGIBLE = predicates.eligible("s")
NO_NEED_FROM = "students s JOIN units u ON u.id = s.unit_id"
# eligible, no need this school year, and holding no device (one handed over before
# this year is not missed)
NO_NEED_WHERE = (f"s._deleted = 0 AND {ELIGIBLE} AND NOT EXISTS (SELECT 1 FROM needs n "
                 "WHERE n.student_id = s.id AND n._deleted = 0 AND n.school_year = :year) "
                 f"AND NOT {predicates.holds_device('s')}")

MEASURES = [
    ("approved_all", "COUNT(*)"),
    ("holding", count_if(HOLDING)),
    ("waiting", count_if(WAITING)),
    *((f"tier_{t}", count_if(f"n.priority_tier = {t} AND {WAITING}")) for t in (1, 2, 3, 4)),
]


def columns(lang: str) -> list[Column]:
    g = w("g_waiting", lang)
    return [
        Column("approved_all", w("approved_all", lang)),
        Column("holding", w("holding", lang)),
        Column("waiting", w("waiting", lang)),
        *(Column(f"tier_{t}", w(f"tier_{t}", lang), INT, g) for t in (1, 2, 3, 4)),
        Column("no_need", w("no_need", lang), width=1.6),
    ]


def figures(source: Source, scope: Scope, period: Period) -> dict[str, int]:
    got = grouped(source, scope, MEASURES, FROM, WHERE, {"year": school_year(period, source)}, keys=[]).get((), {})
    return {"waiting": got.get("waiting", 0)}


def build(source: Source, scope: Scope, period: Period, *, lang: str = "vi", detail: bool = True,
          progress: Progress = None) -> ReportData:
    year = school_year(period, source)
    report = frame(source, "missed", scope, period, lang=lang, school_year=year)
    params = {"year": year}
    cols = columns(lang)
    step(progress, 0, 3)
    data = merge(grouped(source, scope, MEASURES, FROM, WHERE, params, local="s.class_name"),
                 grouped(source, scope, [("no_need", "COUNT(*)")], NO_NEED_FROM, NO_NEED_WHERE, params,
                         local="s.class_name"))
    main = Table("units", units_title(scope, "t_by_class", lang), [label_column(scope, w("class", lang)), *cols],
                 breakdown(scope, cols, data, local_order=class_order), total_row(cols, data, lang))
    report.tables = [main]
    report.notes = [w("no_need_note", lang)]
    report.figures = {k: v for k, v in (main.totals or {}).items() if k != "label"}
    step(progress, 1, 3)
    if detail:  # the list is the report's point; only a province's or the country's leaves it out
        report.detail = missed_children(source, scope, params, lang)
        report.print_detail = True
    step(progress, 3, 3)
    return report


def missed_children(source: Source, scope: Scope, params: dict, lang: str) -> Table:
    """The children counted as waiting and as having no need, by name: school by school,
    the approved first, then by priority (policy families first), class, name."""
    both = {**scope.params, **params}
    waiting = source.rows(
        f"SELECT s.full_name, s.birth_date, s.class_name, u.name, s.village, n.priority_tier, s.policy_family, "
        f"s.household, s.covid_orphan, s.covid_hardship, n.device_requested, n.needs_sim, s.personal_id, "
        f"s.guardian_name FROM {FROM} WHERE ({WHERE}) AND {WAITING} AND {scope.where}", both)
    no_need = source.rows(
        f"SELECT s.full_name, s.birth_date, s.class_name, u.name, s.village, NULL, s.policy_family, "
        f"s.household, s.covid_orphan, s.covid_hardship, '', 0, s.personal_id, s.guardian_name "
        f"FROM {NO_NEED_FROM} WHERE ({NO_NEED_WHERE}) AND {scope.where}", both)
    rows = [(0, r[5], *r) for r in waiting]
    # no need yet: the tier the child's need would get
    rows += [(1, priority(r[7], bool(r[8]), bool(r[9])), *r) for r in no_need]
    rows.sort(key=lambda r: (fold(r[5]), r[0], priority_rank(r[1], bool(r[8])) or 99, class_order(r[4] or ""),
                             fold(r[2])))
    cols = [
        Column("full_name", w("full_name", lang), TEXT, width=3.0),
        Column("birth_date", w("birth_date", lang), DATE),
        Column("class_name", w("class", lang), TEXT, width=0.8),
        *([] if scope.school else [Column("school", w("school", lang), TEXT, width=3.0)]),
        Column("village", w("village", lang), TEXT, width=2.0),
        Column("situation", w("situation", lang), TEXT, width=1.8),
        Column("tier", w("tier", lang), INT, width=0.8),
        Column("household", w("household", lang), TEXT, width=2.2),
        Column("device_requested", w("device_requested", lang), TEXT, width=1.8),
        Column("needs_sim", w("needs_sim", lang), TEXT, width=1.0),
        Column("guardian", w("guardian", lang), TEXT, width=2.4),
    ]
    yes = w("yes", lang)
    situations = (w("s_waiting", lang), w("s_no_need", lang))
    out = [Row({
        "full_name": name, "birth_date": born, "class_name": cls, "school": school, "village": village,
        "situation": situations[which], "tier": tier,
        "household": category(hh, orphan, hardship, policy, lang),
        "device_requested": choice(DEVICE_KINDS, kind, lang), "needs_sim": yes if sim else "",
        "guardian": guardian,
    }, 0, pid) for (which, tier, name, born, cls, school, village, _t, policy, hh, orphan, hardship, kind, sim, pid,
                    guardian) in rows]
    return Table("missed", w("t_missed_list", lang), cols, out, None)
