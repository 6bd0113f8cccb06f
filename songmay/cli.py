"""``songmay`` command line: the composition root of the desktop installation.

It stands above the layers (``app`` ← ``sync`` ← ``ui``) and is the one place that wires them
together; without a command it opens the desktop app (:mod:`songmay.gui`).

Every command takes ``--data-dir``; errors go to stderr in the user's language with a
non-zero exit status (1 known error, 2 unreadable input, 3 partly rejected input,
70 unexpected failure, logged to ``songmay.log`` in the data folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import time
import traceback
from pathlib import Path

from app import __version__, messages
from app.errors import RosterError, SongMayError

log = logging.getLogger("songmay")

EXIT_ERROR = 1
EXIT_UNREADABLE = 2
EXIT_PARTIAL = 3
EXIT_BUG = 70


def _common(default) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=default,
                        help="data folder (default: SONGMAY_DATA_DIR or the user data folder)")
    common.add_argument("--lang", default=default, choices=messages.LANGUAGES,
                        help="language of messages: vi (default) or en")
    return common


def build_parser() -> argparse.ArgumentParser:
    # Options may stand before or after the command; the command's copy must not reset
    # a value given before it, hence SUPPRESS as its default.
    common = _common(argparse.SUPPRESS)
    p = argparse.ArgumentParser(
        prog="songmay", parents=[_common(None)],
        description="SongMay – Sóng và máy tính cho em. Without a command, opens the desktop app.",
    )
    p.add_argument("--version", action="version", version=f"SongMay {__version__}")
    p.add_argument("--self-check", action="store_true",
                   help="start the desktop app offscreen on the data folder, open the main window, "
                        "check fonts, translations and the database, exit 0 (or 1, saying why)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("setup", parents=[common], help="set up this installation's school (or office) without "
                                                         "the wizard")
    s.add_argument("--code", required=True, help="school (or office) code")
    s.add_argument("--name", required=True, help="school (or office) name")
    s.add_argument("--commune", default="", help="commune/ward code (5 digits): a school's, or a commune office's")
    s.add_argument("--province", default="", help="province code (2 digits): a provincial department's")
    s.add_argument("--level", default="TH", help="MN, TH, THCS, THPT, GDTX, TH&THCS, THCS&THPT or PTDTBT (schools)")
    s.add_argument("--kind", default="school", choices=["school", "commune", "cluster", "province"],
                   help="school (default); commune, cluster (a legacy district or cluster of communes) or "
                        "province: an education office collecting from schools (officer mode)")

    d = sub.add_parser("demo", parents=[common], help="fill the data folder with realistic demo data")
    d.add_argument("--students", type=int, default=300)
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--schools", type=int, default=1, help="schools to spread the students over")

    u = sub.add_parser("user", parents=[common], help="the people who use this computer: teachers and heads "
                                                      "with a PIN")
    usub = u.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    ua = usub.add_parser("add", parents=[common], help="add a user (asks for the PIN unless --pin/--pin-stdin)")
    ua.add_argument("name")
    ua.add_argument("--role", required=True, choices=["teacher", "head", "officer", "province"])
    _pin_options(ua)
    ul = usub.add_parser("list", parents=[common], help="list the users")
    ul.add_argument("--all", dest="include_disabled", action="store_true", help="disabled users too")
    ul.add_argument("--json", action="store_true", help="one JSON object per line")
    ud = usub.add_parser("disable", parents=[common], help="disable a user (the last head stays)")
    ud.add_argument("name")
    ur = usub.add_parser("reset-pin", parents=[common], help="give a user a new PIN")
    ur.add_argument("name")
    _pin_options(ur)

    st = sub.add_parser("students", parents=[common], help="list students (search without accents)")
    st.add_argument("--search", default="", help='e.g. "nguyen thi anh", a class or a personal ID')
    st.add_argument("--json", action="store_true", help="one JSON object per line")
    st.add_argument("--limit", type=int, default=0, help="at most this many (0: all)")

    stat = sub.add_parser("status", parents=[common], help="this installation's unit, counts and pending changes")
    stat.add_argument("--json", action="store_true")

    en = sub.add_parser("enrol", parents=[common], help="register this installation with the provincial server "
                                                         "(a one-time code online, or an officer's file offline)")
    en.add_argument("--server", default=None, help="the server's address, e.g. https://songmay.laichau.edu.vn")
    en.add_argument("--code", default=None, help="the one-time enrolment code from the education office")
    en.add_argument("--file", default=None, help="an officer's enrolment file ENROL_….sme (no network needed)")
    en.add_argument("--ca", default=None, metavar="PEM",
                    help="the province's CA certificate to verify the server by, where the province runs its own "
                         "CA (default: the system's certificate store; the server may hand its CA over at enrolment)")

    ef = sub.add_parser("enrolment-file", parents=[common],
                        help="(officer) write an enrolment file for a new computer of one of the office's schools")
    ef.add_argument("--school", required=True, help="the school's code")
    ef.add_argument("--out", required=True, help="a folder (e.g. the USB stick) or a FILE.sme")
    ef.add_argument("--days", type=int, default=30, help="how many days the file may be used (default 30)")

    sy = sub.add_parser("sync", parents=[common], help="one sync with the provincial server now (progress on stderr)")
    sy.add_argument("--server", default=None,
                    help="another address for the server this time (default: the enrolled one)")
    sy.add_argument("--json", action="store_true", help="print the result as JSON")

    ex = sub.add_parser("export", parents=[common], help="write a USB bundle of what the province lacks")
    ex.add_argument("--out", required=True, help="a folder (the file is named SCHOOL_instance_from-to_date.smb) "
                                                 "or a FILE.smb")
    ex.add_argument("--all", dest="everything", action="store_true",
                    help="everything of this installation's unit, not only what the province lacks")
    ex.add_argument("--json", action="store_true", help="print the result as JSON")

    im = sub.add_parser("import", parents=[common], help="import USB bundles (files or folders of .smb files)")
    im.add_argument("paths", nargs="+", metavar="BUNDLE", help="a bundle file or a folder holding bundles")
    im.add_argument("--json", action="store_true", help="print the result as JSON")

    r = sub.add_parser("roster", parents=[common], help="class rosters")
    rsub = r.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    ri = rsub.add_parser("import", parents=[common], help="import a class roster (.xlsx or .csv)")
    ri.add_argument("file")
    ri.add_argument("--class", dest="class_name", default="", help="class for rows that have none")
    ri.add_argument("--dry-run", action="store_true", help="check the file, import nothing")
    ri.add_argument("--different", default="", metavar="ROWS",
                    help="rows (e.g. 4,9) the teacher confirms are a different child from the likely "
                         "duplicate they resemble (without it such rows wait, listed with the other child)")
    ri.add_argument("--json", action="store_true", help="print the result as JSON")

    mi = sub.add_parser("minute", parents=[common], help="write a handover minute as a PDF, by its number or the "
                                                         "child's latest")
    mi.add_argument("number", nargs="?", default="", metavar="HANDOVER_NO",
                    help="the minute number as printed, e.g. 001/2025/BBBG-TH0001")
    mi.add_argument("--student", default="", metavar="ID",
                    help="the child's personal ID (or MOET code): their latest handover or return minute")
    mi.add_argument("--out", default="", help="FILE.pdf (default: the minute's number as the name, here)")

    from app.reports import KINDS as REPORT_KINDS  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    rp = sub.add_parser("report", parents=[common], help="official reports as .xlsx or .pdf; submit and freeze them")
    rp.add_argument("kind", choices=REPORT_KINDS, metavar="KIND", help=", ".join(REPORT_KINDS))
    rp.add_argument("--out", default="", help="FILE.xlsx or FILE.pdf (the format follows the extension)")
    rp.add_argument("--from", dest="date_from", default="", help="first day of the period (dd/mm/yyyy)")
    rp.add_argument("--to", dest="date_to", default="", help="last day of the period (default: this month; "
                                                             "review: these six months)")
    rp.add_argument("--unit", default="", help="school, office, commune (5 digits) or province (2 digits) code")
    rp.add_argument("--snapshot", default="", help="export submitted report N (its number) as it was submitted")
    rp.add_argument("--submit", action="store_true", help="freeze the figures under the next report number")
    rp.add_argument("--by", default="", help="who prepares/submits the report (default: this computer's user)")
    rp.add_argument("--list", action="store_true", help="list the submitted reports of this kind")
    return p


def _pin_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pin", default=None, help="the PIN, 4 to 8 digits")
    parser.add_argument("--pin-stdin", action="store_true", help="read the PIN from the standard input")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.lang:
        messages.set_language(args.lang)
    if args.command is None:
        return _gui(args, self_check=args.self_check)
    handler = {
        "setup": cmd_setup, "demo": cmd_demo, "students": cmd_students,
        "status": cmd_status, "roster": cmd_roster, "enrol": cmd_enrol, "sync": cmd_sync,
        "enrolment-file": cmd_enrolment_file, "user": cmd_user,
        "report": cmd_report, "export": cmd_export, "import": cmd_import, "minute": cmd_minute,
    }[args.command]
    try:
        return handler(args)
    except SongMayError as e:
        print(e.message(), file=sys.stderr)
        return EXIT_UNREADABLE if isinstance(e, RosterError) else EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug: say so briefly, keep the details in the log
        logfile = _log_unexpected(args)
        print(messages.text("cli.unexpected", reason=f"{type(e).__name__}: {e}", log=logfile), file=sys.stderr)
        return EXIT_BUG


def _log_unexpected(args: argparse.Namespace) -> Path | str:
    from app.db import resolve_data_dir  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    try:
        folder = resolve_data_dir(args.data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        logfile = folder / "songmay.log"
        with open(logfile, "a", encoding="utf-8") as f:
            f.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} SongMay {__version__}: {sys.argv}\n")
            f.write(traceback.format_exc())
        return logfile
    except OSError:
        traceback.print_exc()
        return "stderr"


def _open(args: argparse.Namespace):
    from app.store import Store  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    return Store.open(args.data_dir)


def _gui(args: argparse.Namespace, self_check: bool = False) -> int:
    try:
        # start-up time: the commands never load Qt; and PySide6 may be missing (server-only install)
        from songmay import gui  # noqa: PLC0415
    except ImportError as e:
        print(messages.text("cli.no_gui", reason=str(e)), file=sys.stderr)
        return EXIT_ERROR
    return gui.open_app(args.data_dir, args.lang, self_check=self_check)


def cmd_setup(args: argparse.Namespace) -> int:
    from app.records import Unit  # noqa: PLC0415  (start-up time: a command loads only what it runs)
    from app.unit_code import clean_unit_code  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    with _open(args) as store:
        if args.kind == "province":
            if not args.province or not store.admin_units("commune", province_code=args.province):
                raise SongMayError("cli.province_unknown", value=args.province)
        elif args.kind != "cluster" or args.commune:
            if store.admin_unit(args.commune) is None:
                raise SongMayError("cli.commune_unknown", value=args.commune)
        elif not args.province:
            raise SongMayError("cli.province_unknown", value=args.province)
        unit = store.unit() or Unit()
        unit.code, unit.name, unit.kind = clean_unit_code(args.code), args.name, args.kind
        unit.level = args.level if args.kind == "school" else ""
        unit.commune_code = args.commune if args.kind != "province" else ""
        unit.province_code = args.province
        unit = store.set_unit(unit, "setup")
        key = "cli.setup_done" if unit.kind == "school" else "cli.setup_office_done"
        print(messages.text(key, code=unit.code, name=unit.name))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo import generate  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    started = time.perf_counter()
    with _open(args) as store:
        result = generate(store, students=args.students, seed=args.seed, schools=args.schools, make_users=True)
    print(messages.text("cli.demo_done", students=result.students, schools=result.schools,
                        seconds=time.perf_counter() - started))
    if result.duplicates:  # the few children entered at two schools on purpose
        print(messages.text("cli.demo_duplicates", names="; ".join(
            f"{d['full_name']} ({d['personal_id']}: {' / '.join(d['schools'])})" for d in result.duplicates)))
    _print_accounts(result.users)
    return 0


def _print_accounts(accounts: list[dict]) -> None:
    from app.users import role_name  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    if accounts:
        print(messages.text("users.demo_accounts"))
        for a in accounts:
            print(messages.text("users.account_line", role=role_name(a["role"]), name=a["name"], pin=a["pin"]))


def _read_pin(args: argparse.Namespace) -> str:
    if args.pin is not None:
        return args.pin
    if args.pin_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    import getpass  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    return getpass.getpass(messages.text("users.pin_prompt"))


def cmd_user(args: argparse.Namespace) -> int:
    from app import users  # noqa: PLC0415  (start-up time: a command loads only what it runs)
    from app.ops import users as user_ops  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    with _open(args) as store:
        if args.user_command == "add":
            user_ops.add_user(store, args.name, args.role, _read_pin(args), actor="songmay user")
            added = users.find_user(store, args.name, include_disabled=False)
            print(messages.text("users.added", role=users.role_name(args.role), name=added["name"]))
        elif args.user_command == "disable":
            user = user_ops.disable_user(store, args.name, actor="songmay user")
            print(messages.text("users.disabled", name=user["name"]))
        elif args.user_command == "reset-pin":
            user = user_ops.reset_pin(store, args.name, _read_pin(args), actor="songmay user")
            print(messages.text("users.pin_reset", name=user["name"]))
        else:
            rows = users.list_users(store, include_disabled=args.include_disabled)
            if not rows and not args.json:
                print(messages.text("users.none"))
            lang = messages.LANGUAGES.index(messages.language())
            for r in rows:
                if args.json:
                    print(json.dumps({"name": r["name"], "role": r["role"], "disabled": bool(r["disabled"]),
                                      "created_at": r["created_at"]}, ensure_ascii=False))
                else:
                    state = f"  ({messages.text('users.disabled_mark')})" if r["disabled"] else ""
                    print(f"{r['name']:<32} {users.role_name(r['role'])[lang]}{state}")
    return 0


def cmd_students(args: argparse.Namespace) -> int:
    with _open(args) as store:
        rows = store.search_students(args.search, limit=args.limit or None)
        for s in rows:
            if args.json:
                print(json.dumps({
                    "id": s.id, "full_name": s.full_name, "personal_id": s.personal_id,
                    "class_name": s.class_name, "birth_date": s.birth_date, "sex": s.sex,
                    "unit_id": s.unit_id, "household": s.household,
                }, ensure_ascii=False))
            else:
                print(f"{s.class_name:<6} {s.full_name:<32} {s.birth_date}  {s.personal_id}")
    return 0


def cmd_enrol(args: argparse.Namespace) -> int:
    from sync.client import enrol  # noqa: PLC0415  (start-up time: a command loads only what it runs)
    from sync.enrolment import enrol_from_file  # noqa: PLC0415  (start-up time: a command loads only what it runs)
    from sync.tls import read_ca_file  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    if not args.file and not (args.server and args.code):
        print(messages.text("cli.enrol_usage"), file=sys.stderr)
        return EXIT_ERROR
    with _open(args) as store:
        if store.unit() is None and store.unit_id:
            raise SongMayError("sync.not_set_up")
        if args.file:
            e = enrol_from_file(store, args.file)
            print(messages.text("cli.enrolled_offline", unit=e.unit_code))
            return 0
        e = enrol(store, args.server, args.code, ca_pem=read_ca_file(args.ca or ""))
    print(messages.text("cli.enrolled", unit=e.unit_code, server=e.url))
    return 0


def cmd_enrolment_file(args: argparse.Namespace) -> int:
    from sync.enrolment import issue_file, issued_files  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    with _open(args) as store:
        path = issue_file(store, args.school, args.out, days=args.days)
        info = next(d for d in issued_files(store) if d["file"] == path.name)
    until = dt.datetime.fromisoformat(info["valid_until"]).astimezone().strftime("%d/%m/%Y")
    print(messages.text("cli.enrolment_issued", school=info["school"], path=path, until=until))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from sync.client import sync  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    def progress(stage: str, done: int, total: int | None) -> None:
        if total:
            line = messages.text(f"cli.sync_{stage}_of", done=done, total=total, percent=100 * done // max(total, 1))
        else:
            line = messages.text(f"cli.sync_{stage}", done=done)
        print("\r" + line, end="", file=sys.stderr, flush=True)

    with _open(args) as store:
        try:
            report = sync(store, url=args.server, progress=progress)
        finally:
            print(file=sys.stderr)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print(messages.text("cli.sync_done", sent=report.sent, received=report.received,
                            conflicts=report.conflicts, rejected=len(report.rejected), pending=report.pending,
                            seconds=report.seconds))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from sync.usb import export_bundle  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    with _open(args) as store:
        done = export_bundle(store, args.out, everything=args.everything)
    if args.json:
        print(json.dumps(done.as_dict(), ensure_ascii=False))
    elif done.path is None:
        print(messages.text("cli.export_nothing"))
        if done.acks:
            print(messages.text("cli.export_acks", count=len(done.acks), folder=done.folder))
    else:
        print(messages.text("cli.export_done", path=done.path, records=done.records, unit=done.manifest.unit_code,
                            size=max(1, round(done.size / 1024))))
        if done.acks:
            print(messages.text("cli.export_acks", count=len(done.acks), folder=done.path.parent))
        if done.acks_error is not None:
            print(done.acks_error.message(), file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """One line per bundle (and per school in it) as each is done; exit 0 when all were
    imported (or had been), 3 when some bundles or records were refused, 2 when nothing was."""
    from sync.usb import find_bundles, import_bundles  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    def each(b, _done: int, _total: int) -> None:
        if args.json:
            return
        if b.status != "imported":
            print(b.error.message(), file=sys.stderr if b.status == "refused" else sys.stdout)
            return
        print(messages.text("cli.import_done", name=b.path.name, records=b.manifest.records,
                            unit=b.manifest.unit_code))
        for s in b.schools:
            print(messages.text("cli.import_school", code=s.unit_code or s.unit_id[:8], school=s.unit_name,
                                new=s.new, changed=s.changed, conflicts=s.conflicts, unchanged=s.unchanged,
                                duplicates=s.duplicates, refused=s.refused))
        for r in b.rejected:
            print(messages.text("cli.import_record_refused", kind=r.kind, id=r.id, reason=r.reason), file=sys.stderr)

    if not find_bundles(args.paths):
        print(messages.text("bundle.none_found", paths=", ".join(args.paths)), file=sys.stderr)
        return EXIT_UNREADABLE
    with _open(args) as store:
        report = import_bundles(store, args.paths, each=each)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        codes = {s.unit_id: s.unit_code for b in report.bundles for s in b.schools}
        twice: dict[str, set[str]] = {}
        for p in report.duplicates:
            twice.setdefault(p["personal_id"], set()).update({codes.get(p["unit_id"], ""), p["other_code"]})
        if twice:
            print(messages.text("cli.import_duplicates", count=len(twice)))
            for pid, units in sorted(twice.items())[:20]:
                print(f"  {pid}: {', '.join(sorted(u for u in units if u))}")
        print(messages.text("cli.import_summary", total=len(report.bundles), imported=report.count("imported"),
                            already=report.count("already"), refused=report.count("refused"),
                            skipped=report.count("skipped"), seconds=report.seconds))
    return report.exit_code


def _sync_status(store) -> dict:
    from app import sync_state  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    e = sync_state.enrolment(store)
    last = store.last_sync()
    if last is not None:
        last = {k: last[k] for k in ("transport", "started_at", "finished_at", "result", "sent", "received")}
    return {"enrolled": e is not None, "server": e.url if e else sync_state.server_url(store) or None,
            "unit_code": e.unit_code if e else None, "last": last,
            "notices": sync_state.notice_counts(store)}


def _choice(labels: dict, value: str, vi: bool) -> str:
    """A stored choice (``approved``, ``in_stock``…) in the user's language."""
    labels = {"total": ("tổng", "total"), **labels}
    return labels[value][0 if vi else 1] if value in labels else value


def cmd_status(args: argparse.Namespace) -> int:
    from app.records import DEVICE_STATUSES, NEED_STATUSES  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    with _open(args) as store:
        status = store.status()
        status["sync"] = _sync_status(store)
    status["version"] = __version__
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
        return 0
    unit = status["unit"]
    vi = messages.language() == "vi"
    lines = [
        (("Đơn vị", "Unit"), f"{unit['code']} – {unit['name']}" if unit else "—"),
        (("Học sinh", "Students"), status["students"]),
        (("Nhu cầu", "Needs"), ", ".join(f"{_choice(NEED_STATUSES, k, vi)}: {v}" for k, v in status["needs"].items())),
        (("Thiết bị", "Devices"), ", ".join(f"{_choice(DEVICE_STATUSES, k, vi)}: {v}"
                                            for k, v in status["devices"].items())),
        (("SIM", "SIMs"), status["sims"]),
        (("Bàn giao", "Handovers"), f"{status['handovers']['total']} ({status['handovers']['active']} "
                                    + ("đang giữ" if vi else "active") + ")"),
        (("Thay đổi chưa gửi", "Changes not yet sent"), status["pending_changes"]),
        (("Máy chủ", "Server"), f"{status['sync']['server']} ({status['sync']['unit_code']})"
                                if status["sync"]["enrolled"] else "—"),
        (("Lần đồng bộ gần nhất", "Last sync"),
         f"{status['sync']['last']['finished_at']} {status['sync']['last']['result']}"
         if status["sync"]["last"] else "—"),
        (("Thư mục dữ liệu", "Data folder"), status["data_dir"]),
    ]
    for (label_vi, label_en), value in lines:
        print(f"{label_vi if vi else label_en}: {value}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from app.reports.cli import run_report  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    with _open(args) as store:
        return run_report(store, args)


def cmd_minute(args: argparse.Namespace) -> int:
    """A handover minute from the command line, drawn by the desktop app's writer (Qt's
    offscreen platform: no display needed)."""
    import os  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    from app.queries import handovers as hq  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    if bool(args.number) == bool(args.student):
        raise SongMayError("cli.minute_usage")
    if args.out and Path(args.out).suffix.lower() != ".pdf":
        raise SongMayError("cli.minute_not_pdf", path=args.out)
    others: list[str] = []
    with _open(args) as store:
        if args.number:
            h = hq.find_minute(store, args.number)
            if h is None:
                raise SongMayError("cli.minute_unknown", number=args.number)
        else:
            st = hq.find_student(store, args.student)
            if st is None:
                raise SongMayError("cli.minute_no_student", student=args.student)
            h = hq.student_minute(store, st.id)
            if h is None:
                raise SongMayError("cli.minute_none_for_child", name=st.full_name)
            others = [m["number"] for m in hq.student_minutes(store, st.id) if m["id"] != h.id]
        minute = hq.minute_data(store, h.id)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # start-up time: Qt only for this command; the writer embeds the bundled fonts
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415

    from ui.minute_pdf import write_minute_pdf  # noqa: PLC0415

    _app = QGuiApplication.instance() or QGuiApplication(["songmay"])
    out = Path(args.out) if args.out else Path(hq.minute_file_name(minute["number"]))
    path = write_minute_pdf(out, minute)
    print(messages.text("cli.minute_written", number=minute["number"], path=path))
    if others:
        print(messages.text("cli.minute_others", numbers=", ".join(others)))
    return 0


def cmd_roster(args: argparse.Namespace) -> int:
    from app.ops.students import import_class_list  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    with _open(args) as store:
        different = [int(x) for x in args.different.replace(" ", "").split(",") if x.isdigit()]
        result = import_class_list(store, Path(args.file), actor="roster-import", default_class=args.class_name,
                                   dry_run=args.dry_run, different=different)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        for row, reason in result.rejected:
            print(messages.text("roster.row", row=row, reason=reason), file=sys.stderr)
        print(messages.text("cli.roster_summary", imported=result.imported, updated=result.updated,
                            unchanged=result.unchanged, rejected=len(result.rejected)))
        if args.dry_run:
            print(messages.text("cli.dry_run"))
    return EXIT_PARTIAL if result.rejected else 0


if __name__ == "__main__":
    sys.exit(main())
