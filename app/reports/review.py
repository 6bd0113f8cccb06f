"""Sơ kết 6 tháng: the headline figures of every report for this period beside the
previous one, and per unit below the flows of both periods.

Figures that describe a state (children in need, approved, still waiting, villages still
without signal) cannot be recomputed for a past date; where a review of the previous
period was submitted, its figures are taken from that snapshot, as reported then.
"""

from __future__ import annotations

from collections.abc import Callable

from app.reports import coverage, handovers, missed, mobilisation, needs
from app.reports.common import (
    Progress,
    breakdown,
    frame,
    grouped,
    label_column,
    merge,
    step,
    total_row,
    units_title,
)
from app.reports.labels import w
from app.reports.model import INT, MONEY, TEXT, Column, Period, ReportData, Row, Table, fmt_date
from app.reports.source import Scope, Source

# (key, label key, kind, module giving it, figure name)
INDICATORS = (
    ("in_need", "r_in_need", INT, needs, "in_need"),
    ("approved", "r_approved", INT, needs, "approved"),
    ("cash", "r_cash", MONEY, mobilisation, "cash"),
    ("devices", "r_devices", INT, mobilisation, "devices"),
    ("meets", "r_meets", INT, mobilisation, "meets"),
    ("handed", "r_handed", INT, handovers, "handed"),
    ("sims", "r_sims", INT, handovers, "sims"),
    ("waiting", "r_waiting", INT, missed, "waiting"),
    ("covered_in", "r_covered", INT, coverage, "covered_in"),
    ("uncovered", "r_uncovered", INT, coverage, "uncovered"),
)
SUB = {"meets"}  # "of which" rows, shown indented


def indicators(source: Source, scope: Scope, period: Period) -> dict[str, int]:
    got: dict[str, dict[str, int]] = {}
    out = {}
    for key, _label, _kind, module, name in INDICATORS:
        if module.__name__ not in got:
            got[module.__name__] = module.figures(source, scope, period)
        out[key] = got[module.__name__].get(name, 0)
    return out


def build(source: Source, scope: Scope, period: Period, *, lang: str = "vi", detail: bool = True,
          progress: Progress = None,
          previous_snapshot: Callable[[Period], tuple[str, dict] | None] | None = None) -> ReportData:
    """``previous_snapshot(period)`` → (number, figures) of the review submitted for the
    previous period, if any (the device and the server keep snapshots differently)."""
    report = frame(source, "review", scope, period, lang=lang, school_year=needs.school_year(period, source))
    prev = period.previous()
    step(progress, 0, 4)
    now = indicators(source, scope, period)
    step(progress, 1, 4)
    before = indicators(source, scope, prev)
    reported = previous_snapshot(prev) if previous_snapshot else None
    if reported:
        number, figures = reported
        before.update({k: v for k, v in figures.items() if k in before})
        report.notes.append(w("r_prev_from", lang).format(number))
    else:
        report.notes.append(w("r_prev_computed", lang))
    report.notes.insert(0, w("previous_period", lang).format(fmt_date(prev.start.isoformat()),
                                                              fmt_date(prev.end.isoformat())))
    step(progress, 2, 4)
    cols = [Column("label", w("indicator", lang), TEXT, width=4.0),
            Column("prev", w("prev", lang), MONEY, width=1.6), Column("this", w("this", lang), MONEY, width=1.6),
            Column("change", w("change", lang), MONEY, width=1.6)]
    rows = [Row({"label": ("- " if key in SUB else "") + w(lab, lang), "prev": before[key], "this": now[key],
                 "change": now[key] - before[key]}, 1 if key in SUB else 0, key)
            for key, lab, _kind, _m, _n in INDICATORS]
    report.tables = [Table("indicators", w("t_indicators", lang), cols, rows, None)]
    report.figures = dict(now)
    report.tables.append(units_table(source, scope, period, prev, lang))
    step(progress, 4, 4)
    return report


def units_table(source: Source, scope: Scope, period: Period, prev: Period, lang: str) -> Table:
    """Per unit below: devices received and handed over, in both periods."""
    def flows(p: Period, suffix: str) -> dict:
        params = p.as_dict()
        return merge(
            grouped(source, scope, [(f"devices{suffix}", "COUNT(*)")], mobilisation.DEVICES,
                    mobilisation.DEVICES_WHERE, params, local="x.donor"),
            grouped(source, scope, [(f"handed{suffix}", "SUM(CASE WHEN h.device_id <> '' THEN 1 ELSE 0 END)")],
                    handovers.FROM, handovers.WHERE, params, local="x.donor"),
            grouped(source, scope, [(f"cash{suffix}", "SUM(d.cash_vnd)")], mobilisation.DONATIONS,
                    mobilisation.DONATIONS_WHERE, params, local="d.donor_name"),
        )

    data = merge(flows(prev, "_prev"), flows(period, ""))
    g_dev, g_hand, g_cash = w("r_devices", lang), w("r_handed", lang), w("r_cash", lang)
    cols = [Column("cash_prev", w("prev", lang), MONEY, g_cash, 1.6),
            Column("cash", w("this", lang), MONEY, g_cash, 1.6),
            Column("devices_prev", w("prev", lang), INT, g_dev), Column("devices", w("this", lang), INT, g_dev),
            Column("handed_prev", w("prev", lang), INT, g_hand), Column("handed", w("this", lang), INT, g_hand)]
    return Table("units", units_title(scope, "t_by_donor", lang), [label_column(scope, w("donor", lang)), *cols],
                 breakdown(scope, cols, data), total_row(cols, data, lang))
