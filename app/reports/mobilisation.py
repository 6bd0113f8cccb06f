"""Báo cáo huy động: cash and donations received in the period (by their receipt date),
and the devices received (one row per physical device, by its receipt date) by kind,
value and inspection against the minimum specification; per unit below (a school's
report: per donor) and per donor; with the list of donations.

The devices are counted one row per device booked, whatever the donation's minute said:
the list gives each donation's minute ("Máy tính bảng: 5") beside the devices booked
against it in the period, and a line for the devices booked without a donation in the
list, so the booked column adds up to the devices of the tables above — a device that
arrived broken and was booked beyond the minute shows as a difference, not a lost unit."""

from __future__ import annotations

import json

from app.records import DEVICE_KINDS, DONOR_KINDS, INSPECTION
from app.reports.common import (
    Progress,
    breakdown,
    count_if,
    frame,
    grouped,
    int_columns,
    label_column,
    merge,
    step,
    total_row,
    units_title,
    whole_table,
)
from app.reports.labels import choice, w
from app.reports.model import DATE, INT, MONEY, TEXT, Column, Period, ReportData, Row, Table
from app.reports.source import Scope, Source
from app.text import fold

DONATIONS = "donations d JOIN units u ON u.id = d.unit_id"
DONATIONS_WHERE = "d._deleted = 0 AND d.received_date BETWEEN :start AND :end"
DEVICES = "devices x JOIN units u ON u.id = x.unit_id"
DEVICES_WHERE = "x._deleted = 0 AND x.received_date <> '' AND x.received_date BETWEEN :start AND :end"

CASH = [("donations", "COUNT(*)"), ("cash", "SUM(d.cash_vnd)")]
DEVICES_M = [
    *((f"kind_{k}", count_if(f"x.kind = '{k}'")) for k in DEVICE_KINDS),
    ("devices", "COUNT(*)"),
    ("value", "SUM(x.value_vnd)"),
    *((f"spec_{s}", count_if(f"x.meets_spec = '{s}'")) for s in INSPECTION),
]


def columns(lang: str) -> list[Column]:
    return [
        Column("donations", w("donations", lang)),
        Column("cash", w("cash", lang), MONEY, width=1.6),
        *(Column(f"kind_{k}", choice(DEVICE_KINDS, k, lang), INT, w("g_kind", lang)) for k in DEVICE_KINDS),
        *int_columns(lang, ["devices"]),
        Column("value", w("value", lang), MONEY, width=1.6),
        *(Column(f"spec_{s}", w(s, lang), INT, w("g_inspection", lang)) for s in ("meets", "fails", "pending")),
    ]


def _data(source: Source, scope: Scope, period: Period, *, by_donor: bool = False) -> dict:
    """Donations and devices per unit below (a school's: per donor), or per donor."""
    params = period.as_dict()
    if by_donor:
        cash = {"keys": ["COALESCE(d.donor_name, '')"]}
        devices = {"keys": ["COALESCE(x.donor, '')"]}
    else:
        cash, devices = {"local": "d.donor_name"}, {"local": "x.donor"}
    return merge(grouped(source, scope, CASH, DONATIONS, DONATIONS_WHERE, params, **cash),
                 grouped(source, scope, DEVICES_M, DEVICES, DEVICES_WHERE, params, **devices))


def figures(source: Source, scope: Scope, period: Period) -> dict[str, int]:
    data = merge(grouped(source, scope, CASH, DONATIONS, DONATIONS_WHERE, period.as_dict(), keys=[]),
                 grouped(source, scope, DEVICES_M, DEVICES, DEVICES_WHERE, period.as_dict(), keys=[]))
    got = data.get((), {})
    return {"cash": got.get("cash", 0), "devices": got.get("devices", 0), "meets": got.get("spec_meets", 0)}


def build(source: Source, scope: Scope, period: Period, *, lang: str = "vi", detail: bool = True,
          progress: Progress = None) -> ReportData:
    report = frame(source, "mobilisation", scope, period, lang=lang)
    cols = columns(lang)
    step(progress, 0, 3)
    data = _data(source, scope, period)
    main = Table("units", units_title(scope, "t_by_donor", lang),
                 [label_column(scope, w("donor", lang)), *cols], breakdown(scope, cols, data),
                 total_row(cols, data, lang))
    report.tables = [main]
    step(progress, 1, 3)
    if not scope.school:
        by_donor = _data(source, scope, period, by_donor=True)
        report.tables.append(whole_table("by_donor", w("t_by_donor", lang),
                                         Column("label", w("donor", lang), TEXT, width=3.0), cols, by_donor, lang,
                                         labeller=lambda k: k or "—"))
    report.notes = [w("devices_note", lang)]
    report.figures = {k: v for k, v in (main.totals or {}).items() if k != "label"}
    step(progress, 2, 3)
    if detail:
        report.detail = donations(source, scope, period, lang)
    step(progress, 3, 3)
    return report


def donations(source: Source, scope: Scope, period: Period, lang: str) -> Table:
    """The donations received in the period, each with the devices booked against it; then
    the devices booked in the period against no donation listed here, per school and donor."""
    params = {**scope.params, **period.as_dict()}
    rows = source.rows(
        f"SELECT d.received_date, d.receipt_no, d.donor_name, d.donor_kind, d.cash_vnd, d.devices, "
        f"d.inspection, u.name, d.note, d.id FROM {DONATIONS} WHERE ({DONATIONS_WHERE}) AND {scope.where}", params)
    rows.sort(key=lambda r: (r[0], fold(r[7]), fold(r[2])))
    # the devices the tables above count (in scope, received in the period), by the donation
    # they were booked against; a few rows per donation, however many devices
    booked: dict[str, int] = {}
    unlinked: dict[tuple[str, str], int] = {}
    listed = {r[9] for r in rows}
    for donation_id, donor, unit_name, n in source.rows(
            f"SELECT COALESCE(x.donation_id, ''), COALESCE(x.donor, ''), u.name, COUNT(*) FROM {DEVICES} "
            f"WHERE ({DEVICES_WHERE}) AND {scope.where} GROUP BY x.donation_id, x.donor, u.name", params):
        if donation_id in listed:
            booked[donation_id] = booked.get(donation_id, 0) + int(n)
        else:
            key = (unit_name, donor)
            unlinked[key] = unlinked.get(key, 0) + int(n)
    cols = [
        Column("date", w("date", lang), DATE),
        Column("receipt_no", w("receipt_no", lang), TEXT, width=1.4),
        Column("donor", w("donor", lang), TEXT, width=3.0),
        Column("donor_kind", w("donor_kind", lang), TEXT, width=1.4),
        *([] if scope.school else [Column("school", w("school", lang), TEXT, width=2.6)]),
        Column("cash", w("cash", lang), MONEY, width=1.6),
        Column("devices", w("devices_minute", lang), TEXT, width=2.6),
        Column("booked", w("devices_booked", lang), INT, width=1.2),
        Column("inspection", w("inspection", lang), TEXT, width=1.6),
        Column("note", w("note", lang), TEXT, width=2.4),
    ]
    out = []
    for date, receipt, donor, kind, cash, devices, inspection, unit_name, note, donation_id in rows:
        try:
            counts = json.loads(devices or "{}")
        except ValueError:
            counts = {}
        counts = {k: int(n) for k, n in counts.items() if isinstance(n, int | float) and n}
        text = ", ".join(f"{choice(DEVICE_KINDS, k, lang)}: {n}" for k, n in counts.items())
        got = booked.get(donation_id, 0)
        if counts and got != sum(counts.values()):
            note = "; ".join(x for x in (note, w("booked_diff", lang).format(got, sum(counts.values()))) if x)
        out.append(Row({"date": date, "receipt_no": receipt, "donor": donor,
                        "donor_kind": choice(DONOR_KINDS, kind, lang), "school": unit_name, "cash": cash or 0,
                        "devices": text, "booked": got, "inspection": choice(INSPECTION, inspection, lang),
                        "note": note}))
    for (unit_name, donor), n in sorted(unlinked.items(), key=lambda kv: (fold(kv[0][0]), fold(kv[0][1]))):
        out.append(Row({"date": "", "receipt_no": "", "donor": donor or "—", "donor_kind": "", "school": unit_name,
                        "cash": 0, "devices": "", "booked": n, "inspection": "", "note": w("unlinked", lang)}))
    totals = {"date": w("total", lang), "cash": sum(int(r.values["cash"]) for r in out),
              "booked": sum(int(r.values["booked"]) for r in out)}
    return Table("donations", w("t_donations_list", lang), cols, out, totals)
