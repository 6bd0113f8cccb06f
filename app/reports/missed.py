""""Nobody missed": the children whose need is approved (this school year) who hold no
device now, school by school, most urgent first; with per unit the approved, those
holding a device, those still waiting by tier, and the children in a priority group for
whom no need was recorded at all."""

from __future__ import annotations

from app import predicates
from app.predicates import SIM_ONLY_NEED
from app.records import DEVICE_KINDS, HOUSEHOLDS
from app.reports.common import (
    ACTIVE_H,
    Progress,
    breakdown,
    class_order,
    count_if,
    frame,
    grouped,
    label_column,
    merge,
    school_year,
    step,
    total_row,
)
from app.reports.labels import choice, w
from app.reports.model import DATE, INT, TEXT, Column, Period, ReportData, Row, Table
from app.reports.source import Scope, Source
from app.text import fold
from app.workflow import priority_rank

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
NO_NEED_WHERE = (f"s._deleted = 0 AND {ELIGIBLE} AND NOT EXISTS (SELECT 1 FROM needs n "
                 "WHERE n.student_id = s.id AND n._deleted = 0 AND n.school_year = :year)")

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
    main = Table("units", w("t_units", lang), [label_column(scope, w("class", lang)), *cols],
                 breakdown(scope, cols, data, local_order=class_order), total_row(cols, data, lang))
    report.tables = [main]
    report.figures = {k: v for k, v in (main.totals or {}).items() if k != "label"}
    step(progress, 1, 3)
    if detail:  # the list is the report's point; only a province's or the country's leaves it out
        report.detail = waiting_children(source, scope, params, lang)
        report.print_detail = True
    step(progress, 3, 3)
    return report


def waiting_children(source: Source, scope: Scope, params: dict, lang: str) -> Table:
    """Approved, no device: school by school, priority (policy families first), class, name."""
    rows = source.rows(
        f"SELECT s.full_name, s.birth_date, s.class_name, u.name, s.village, n.priority_tier, s.policy_family, "
        f"s.household, n.device_requested, n.needs_sim, s.personal_id, s.guardian_name "
        f"FROM {FROM} WHERE ({WHERE}) AND {WAITING} AND {scope.where}", {**scope.params, **params})
    rows.sort(key=lambda r: (fold(r[3]), priority_rank(r[5], bool(r[6])) or 99, class_order(r[2] or ""),
                             fold(r[0])))
    cols = [
        Column("full_name", w("full_name", lang), TEXT, width=3.0),
        Column("birth_date", w("birth_date", lang), DATE),
        Column("class_name", w("class", lang), TEXT, width=0.8),
        *([] if scope.school else [Column("school", w("school", lang), TEXT, width=3.0)]),
        Column("village", w("village", lang), TEXT, width=2.0),
        Column("tier", w("tier", lang), INT, width=0.8),
        Column("household", w("household", lang), TEXT, width=1.8),
        Column("device_requested", w("device_requested", lang), TEXT, width=1.8),
        Column("needs_sim", w("needs_sim", lang), TEXT, width=1.0),
        Column("guardian", w("guardian", lang), TEXT, width=2.4),
    ]
    yes = w("yes", lang)
    out = [Row({
        "full_name": name, "birth_date": born, "class_name": cls, "school": school, "village": village,
        "tier": tier, "household": choice(HOUSEHOLDS, hh, lang) + (f", {w('policy', lang).lower()}" if policy else ""),
        "device_requested": choice(DEVICE_KINDS, kind, lang), "needs_sim": yes if sim else "",
        "guardian": guardian,
    }, 0, pid) for (name, born, cls, school, village, tier, policy, hh, kind, sim, pid, guardian) in rows]
    return Table("waiting", w("t_missed_list", lang), cols, out, None)
