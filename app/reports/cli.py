"""``songmay report KIND``: build, submit, list and export reports from the command line
(the argument parser is in songmay/cli.py)."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from app import messages
from app.errors import SongMayError
from app.reports import FORMATS, build, default_period, find_unit, snapshots, store_source, write
from app.reports.model import Period, parse_date
from app.reports.render import with_paper


def _date(text: str):
    try:
        return parse_date(text)
    except (ValueError, TypeError):
        raise SongMayError("report.date", value=text) from None


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a service account, a container)
        return ""


def run_report(store, args: argparse.Namespace) -> int:
    source = store_source(store)
    if args.unit:
        unit = find_unit(source, args.unit)
        if unit is None:
            raise SongMayError("report.unit_unknown", value=args.unit)
    else:
        own = store.require_unit()
        unit = find_unit(source, own.code)
    code = unit["code"]
    if args.list:
        for s in snapshots.listing(store, code, args.kind):
            print(f"{s.number}\t{s.period_start}\t{s.period_end}\t{s.submitted_at}\t{s.submitted_by}")
        return 0
    if not (args.out or args.submit):
        raise SongMayError("cli.report_nothing")
    if args.out and Path(args.out).suffix.lower() not in FORMATS:
        raise SongMayError("report.format", path=args.out)  # before anything is submitted
    if args.snapshot:
        data = snapshots.load(store, args.snapshot, code, args.kind)
        if args.submit:
            raise SongMayError("report.already_submitted", number=data.number)
    else:
        default = default_period(args.kind)
        period = Period(_date(args.date_from) if args.date_from else default.start,
                        _date(args.date_to) if args.date_to else default.end)
        extra = {"previous_snapshot": snapshots.previous_review(store, code)} if args.kind == "review" else {}
        data = build(source, args.kind, unit, period, lang=messages.language(), **extra)
        with_paper(data, store, prepared_by=args.by or "")  # the preparer is a person's name, never the login
        if args.submit:
            data = snapshots.submit(store, data, args.by or _user())
            print(messages.text("cli.report_submitted", number=data.number))
    if args.out:
        path = write(data, args.out)
        print(messages.text("cli.report_written", path=path))
    return 0
