"""Báo cáo nhu cầu hỗ trợ: children in need (needs submitted and beyond, of the school year
the period ends in) by priority tier, household, ethnicity, school level, device
requested and SIM, per unit below; with the list of the children counted."""

from __future__ import annotations

from app.records import DEVICE_KINDS, HOUSEHOLDS, LEVELS, NEED_STATUSES, SEXES
from app.reports.common import (
    IN_NEED,
    LEVEL_OF_CLASS,
    Progress,
    breakdown,
    category,
    class_order,
    count_if,
    frame,
    grouped,
    grouped_sets,
    int_columns,
    label_column,
    school_year,
    step,
    total_row,
    units_title,
    whole_table,
)
from app.reports.labels import choice, w
from app.reports.model import DATE, INT, TEXT, Column, Period, ReportData, Row, Table
from app.reports.source import Scope, Source
from app.text import fold

FROM = "needs n JOIN students s ON s.id = n.student_id JOIN units u ON u.id = n.unit_id"
WHERE = f"n._deleted = 0 AND s._deleted = 0 AND n.school_year = :year AND n.status IN {IN_NEED}"
HH = ("poor", "near_poor", "other_hardship")  # and "other": the rest, so the household columns add up
MINORITY = "s.ethnicity NOT IN ('Kinh', '')"


# The same figures from the counts the provincial server keeps (``server.summaries``;
# ``Source.summaries``): per school, school year, class and ethnicity for a school's report
# (by class), per school, school year, level and ethnicity above — a few rows a school, so the
# country's report sums some 120,000 rows instead of counting 1.5 million needs. ``s`` stands
# for those rows, so the class and ethnicity expressions of the breakdowns read them unchanged.
BY_CLASS_FROM = "need_counts s JOIN units u ON u.id = s.unit_id"
BY_LEVEL_FROM = "need_levels s JOIN units u ON u.id = s.unit_id"
COUNTED_WHERE = "s.school_year = :year"
KEPT_LEVEL = "CASE WHEN s.level <> '' THEN s.level ELSE COALESCE(u.level, '') END"


Measures = list[tuple[str, str]]


def _counted(source: Source, scope: Scope, chosen: Measures) -> tuple[Measures, str, str, str]:
    """(measures, FROM, WHERE, the level's expression) of the figures ``chosen``: from the
    kept counts where the source has them, else counted over the needs."""
    if not source.summaries:
        return chosen, FROM, WHERE, LEVEL_OF_CLASS
    summed = [(k, f"SUM(s.{k})") for k, _e in chosen]
    if scope.school:
        return summed, BY_CLASS_FROM, COUNTED_WHERE, LEVEL_OF_CLASS
    return summed, BY_LEVEL_FROM, COUNTED_WHERE, KEPT_LEVEL


def measures() -> list[tuple[str, str]]:
    return [
        ("in_need", "COUNT(*)"),
        *((f"tier_{t}", count_if(f"n.priority_tier = {t}")) for t in (1, 2, 3, 4)),
        *((f"hh_{h}", count_if(f"s.household = '{h}'")) for h in HH),
        ("hh_other", count_if(f"COALESCE(s.household, '') NOT IN ({', '.join(repr(h) for h in HH)})")),
        ("policy", count_if("s.policy_family = 1")),
        ("minority", count_if(MINORITY)),
        *((f"kind_{k}", count_if(f"n.device_requested = '{k}'")) for k in DEVICE_KINDS),
        ("needs_sim", count_if("n.needs_sim = 1")),
        ("approved", count_if("n.status IN ('approved', 'fulfilled')")),
        ("fulfilled", count_if("n.status = 'fulfilled'")),
    ]


def columns(lang: str) -> list[Column]:
    g_hh = w("g_household", lang)
    return [
        *int_columns(lang, ["in_need"]),
        *int_columns(lang, ["tier_1", "tier_2", "tier_3", "tier_4"], "g_tier"),
        *(Column(f"hh_{h}", choice(HOUSEHOLDS, h, lang), INT, g_hh) for h in HH),
        Column("hh_other", w("hh_other", lang), INT, g_hh),
        Column("policy", w("of_which_policy", lang), INT, g_hh, width=1.3),
        *int_columns(lang, ["minority"]),
        *(Column(f"kind_{k}", choice(DEVICE_KINDS, k, lang), INT, w("g_device", lang)) for k in DEVICE_KINDS),
        *int_columns(lang, ["needs_sim", "approved", "fulfilled"]),
    ]


def figures(source: Source, scope: Scope, period: Period) -> dict[str, int]:
    """The headline totals (for the six-month review)."""
    chosen, from_, where, _level = _counted(source, scope, [
        ("in_need", "COUNT(*)"), ("approved", count_if("n.status IN ('approved', 'fulfilled')"))])
    data = grouped(source, scope, chosen, from_, where, {"year": school_year(period, source)}, keys=[])
    return data.get((), {"in_need": 0, "approved": 0})


def build(source: Source, scope: Scope, period: Period, *, lang: str = "vi", detail: bool = True,
          progress: Progress = None) -> ReportData:
    year = school_year(period, source)
    report = frame(source, "needs", scope, period, lang=lang, school_year=year)
    params = {"year": year}
    cols = columns(lang)
    step(progress, 0, 4)
    chosen, from_, where, level = _counted(source, scope, measures())
    data, by_level, by_eth = grouped_sets(source, scope, chosen, from_, where, params,
                                          [None, [level], ["COALESCE(s.ethnicity, '')"]],
                                          local="s.class_name")
    main = Table("units", units_title(scope, "t_by_class", lang), [label_column(scope, w("class", lang)), *cols],
                 breakdown(scope, cols, data, local_order=class_order), total_row(cols, data, lang))
    step(progress, 1, 4)
    short = [c for c in cols if c.key in ("in_need", "tier_1", "tier_2", "tier_3", "tier_4", "needs_sim")]
    order = list(LEVELS)
    level_table = whole_table(
        "by_level", w("t_by_level", lang), Column("label", w("level", lang), TEXT, width=3.0), short, by_level,
        lang, labeller=lambda k: choice(LEVELS, k, lang) or "—",
        order=lambda k: order.index(k) if k in order else len(order))
    step(progress, 2, 4)
    eth_table = whole_table("by_ethnicity", w("t_by_ethnicity", lang),
                            Column("label", w("ethnicity", lang), TEXT, width=3.0), short, by_eth, lang,
                            labeller=lambda k: k or "—",
                            order=lambda k: (-by_eth[(k,)]["in_need"], fold(k)))
    report.tables = [main, level_table, eth_table]
    report.notes = [w("households_note", lang), w("levels_note", lang)]
    report.figures = {k: v for k, v in (main.totals or {}).items() if k != "label"}
    step(progress, 3, 4)
    if detail:
        report.detail = children(source, scope, params, lang)
    step(progress, 4, 4)
    return report


def children(source: Source, scope: Scope, params: dict, lang: str) -> Table:
    """The children counted, school by school, class by class."""
    rows = source.rows(
        f"SELECT s.full_name, s.birth_date, s.sex, s.class_name, u.name, s.village, s.ethnicity, s.household, "
        f"s.policy_family, n.priority_tier, n.device_requested, n.needs_sim, n.status, s.personal_id, "
        f"s.covid_orphan, s.covid_hardship "
        f"FROM {FROM} WHERE ({WHERE}) AND {scope.where}", {**scope.params, **params})
    rows.sort(key=lambda r: (fold(r[4]), class_order(r[3] or ""), fold(r[0])))
    cols = [
        Column("full_name", w("full_name", lang), TEXT, width=3.0),
        Column("birth_date", w("birth_date", lang), DATE),
        Column("sex", w("sex", lang), TEXT, width=0.8),
        Column("class_name", w("class", lang), TEXT, width=0.8),
        *([] if scope.school else [Column("school", w("school", lang), TEXT, width=3.0)]),
        Column("village", w("village", lang), TEXT, width=1.8),
        Column("ethnicity", w("ethnicity", lang), TEXT, width=1.2),
        Column("household", w("household", lang), TEXT, width=1.6),
        Column("tier", w("tier", lang), INT, width=0.8),
        Column("device_requested", w("device_requested", lang), TEXT, width=1.8),
        Column("needs_sim", w("needs_sim", lang), TEXT, width=1.0),
        Column("status", w("status", lang), TEXT, width=1.4),
        Column("personal_id", w("personal_id", lang), TEXT, width=1.6),
    ]

    yes = w("yes", lang)
    out = []
    for (name, born, sex, cls, school, village, eth, hh, policy, tier, kind, sim, status, pid, orphan,
         hardship) in rows:
        household = category(hh, orphan, hardship, policy, lang)
        out.append(Row({
            "full_name": name, "birth_date": born, "sex": choice(SEXES, sex, lang), "class_name": cls,
            "school": school, "village": village, "ethnicity": eth, "household": household, "tier": tier,
            "device_requested": choice(DEVICE_KINDS, kind, lang), "needs_sim": yes if sim else "",
            "status": choice(NEED_STATUSES, status, lang), "personal_id": pid,
        }))
    return Table("children", w("t_needs_list", lang), cols, out, None)
