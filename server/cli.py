"""``songmay-server``: serve, enrol, revoke, accounts, status, import of USB bundles, reports (DESIGN §6).

The database is ``--db URL`` (``postgresql://…`` in production), else ``SONGMAY_SERVER_DB``,
else a SQLite file ``songmay-server.db`` in ``--data-dir`` / ``SONGMAY_SERVER_DATA_DIR`` /
the user data folder. Errors go to stderr with exit status 1; logs are JSON lines.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from app import __version__, messages
from app.errors import SongMayError
from server import serving
from server.logs import setup_logging

EXIT_ERROR = 1
def database_url(args: argparse.Namespace) -> str:
    if getattr(args, "db", None):
        return args.db
    if os.environ.get("SONGMAY_SERVER_DB"):
        return os.environ["SONGMAY_SERVER_DB"]
    folder = Path(args.data_dir or os.environ.get("SONGMAY_SERVER_DATA_DIR") or _default_dir())
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'songmay-server.db'}"


def _read_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--read-db", default=os.environ.get("SONGMAY_SERVER_READ_DB") or None, metavar="URL",
                        help="a streaming replica of --db for the reads that may lag: reports, the console's "
                             "overviews, the public pages (default: SONGMAY_SERVER_READ_DB, else --db itself; "
                             "docs/deploy.md)")


def _default_dir() -> str:
    import platformdirs  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    return platformdirs.user_data_dir("SongMayServer", appauthor=False)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS,
                        help="database URL: sqlite:///FILE or postgresql://user@host/db (default: SONGMAY_SERVER_DB,"
                             " else songmay-server.db in the data folder)")
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help="folder of the default SQLite database")
    common.add_argument("--lang", default=argparse.SUPPRESS, choices=messages.LANGUAGES)
    p = argparse.ArgumentParser(prog="songmay-server", description="SongMay provincial server")
    p.add_argument("--version", action="version", version=f"SongMay server {__version__}")
    p.set_defaults(db=None, data_dir=None, lang=None)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    s = sub.add_parser("serve", parents=[common], help="run the HTTP server (uvicorn)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--log-level", default="info")
    s.add_argument("--workers", type=int, default=1,
                   help="worker processes (one per CPU core suits PostgreSQL; SQLite: 1)")
    serving.add_options(s)  # --tls-cert, --tls-key, --tls-ca
    _read_db_option(s)

    sub.add_parser("migrate", parents=[common], help="bring the database schema up to date and exit")

    e = sub.add_parser("enrol", parents=[common], help="print a one-time enrolment code for a unit of the registry")
    e.add_argument("--unit", required=True, help="the school's (or office's) code")
    e.add_argument("--hours", type=float, default=72, help="the code expires after this many hours")
    e.add_argument("--json", action="store_true")
    _unit_options(e, required=False)

    un = sub.add_parser("unit", parents=[common], help="the province's registry of schools and offices")
    unsub = un.add_subparsers(dest="unit_command", metavar="ACTION", required=True)
    una = unsub.add_parser("add", parents=[common], help="add a school or an office to the registry")
    una.add_argument("code")
    _unit_options(una, required=True)
    uni = unsub.add_parser("import", parents=[common],
                           help="add or update the registry from the province's list (CSV or XLSX with columns "
                                "code, name, level, commune; optional kind, parent, address): all rows or none")
    uni.add_argument("file")
    uni.add_argument("--dry-run", action="store_true", help="check the file only")
    uni.add_argument("--json", action="store_true")
    unl = unsub.add_parser("list", parents=[common], help="the units of the registry")
    unl.add_argument("--json", action="store_true")

    r = sub.add_parser("revoke", parents=[common], help="stop an enrolled device at once")
    r.add_argument("device", help="the device's id (or an unambiguous start of it)")
    r.add_argument("--reason", default="")

    d = sub.add_parser("devices", parents=[common], help="list enrolled devices")
    d.add_argument("--json", action="store_true")
    d.add_argument("--unit", default="", help="only this unit's area (a school, an office and what it covers)")

    u = sub.add_parser("user", parents=[common], help="operator accounts")
    usub = u.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    ua = usub.add_parser("add", parents=[common], help="add an officer or provincial account")
    ua.add_argument("name")
    ua.add_argument("--role", required=True, choices=("province", "officer"))
    ua.add_argument("--unit", default="", help="the officer's unit code")
    ua.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    ul = usub.add_parser("list", parents=[common], help="the accounts: role, unit, disabled, created, last login")
    ul.add_argument("--json", action="store_true")
    ud = usub.add_parser("disable", parents=[common], help="stop an account from logging in")
    ud.add_argument("name")
    ue = usub.add_parser("enable", parents=[common], help="let a disabled account log in again")
    ue.add_argument("name")
    up = usub.add_parser("passwd", parents=[common], help="set an account's password")
    up.add_argument("name")
    up.add_argument("--password-stdin", action="store_true", help="read the password from stdin")

    k = sub.add_parser("key", parents=[common], help="the province's key: show, rotate, retire, passphrase")
    ksub = k.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    ks = ksub.add_parser("show", parents=[common], help="the key file, the current key and the secondary ones")
    ks.add_argument("--json", action="store_true")
    ksub.add_parser("rotate", parents=[common], help="a new current key; the old one kept to open bundles sealed to it")
    kr = ksub.add_parser("retire", parents=[common], help="forget a secondary key (after the transition)")
    kr.add_argument("name")
    kp = ksub.add_parser("passphrase", parents=[common],
                         help="encrypt the key file with a new passphrase (empty: in clear); the current one, if "
                              "any, is read from SONGMAY_SERVER_KEY_PASSPHRASE")
    kp.add_argument("--passphrase-stdin", action="store_true", help="read the new passphrase from stdin")

    st = sub.add_parser("status", parents=[common], help="records, devices, quarantine and duplicates")
    st.add_argument("--json", action="store_true")
    st.add_argument("--unit", default="", help="only this unit's area (a school, an office and what it covers)")

    dup = sub.add_parser("duplicates", parents=[common], help="personal IDs active at more than one school")
    dup.add_argument("--json", action="store_true")
    dup.add_argument("--unit", default="", help="only this unit's area (a school, an office and what it covers)")

    q = sub.add_parser("quarantine", parents=[common], help="versions refused as invalid or out of scope")
    q.add_argument("--json", action="store_true")
    q.add_argument("--unit", default="", help="only this unit's area (a school, an office and what it covers)")

    sm = sub.add_parser("summaries", parents=[common],
                        help="the counts kept as records merge (reports, the console, the public pages): compare them "
                             "with a recount")
    sm.add_argument("--rebuild", action="store_true",
                    help="recount every school first (after restoring tables from elsewhere, say)")

    im = sub.add_parser("import", parents=[common],
                        help="take USB bundles brought to the province (files, or folders of .smb files)")
    im.add_argument("paths", nargs="+", metavar="BUNDLE")
    im.add_argument("--acks-out", default="", help="a folder (the stick) for an acknowledgement per school "
                                                   "installation whose bundle was taken")
    im.add_argument("--json", action="store_true")

    from app.reports import KINDS as REPORT_KINDS  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    rp = sub.add_parser("report", parents=[common],
                        help="an official report (.xlsx or .pdf) for any unit or the country")
    rp.add_argument("kind", choices=REPORT_KINDS, metavar="KIND", help=", ".join(REPORT_KINDS))
    _read_db_option(rp)
    rp.add_argument("--unit", default="", help="a unit's code, a commune (5 digits) or province (2 digits) code;"
                                               " none: the whole country")
    rp.add_argument("--out", required=True, help="FILE.xlsx or FILE.pdf (the format follows the extension)")
    rp.add_argument("--from", dest="date_from", default="", help="first day of the period (dd/mm/yyyy)")
    rp.add_argument("--to", dest="date_to", default="", help="last day of the period (default: this month;"
                                                             " review: these six months)")
    rp.add_argument("--detail", action=argparse.BooleanOptionalAction, default=None,
                    help="the list behind the figures (default: yes for a school, commune or cluster;"
                         " no for a province or the country)")
    rp.add_argument("--depth", type=int, choices=(1, 2), default=2, help="levels of units below in the breakdown")
    return p


def _area(store: Any, unit_code: str) -> set[str] | None:
    """The units of ``unit_code``'s area in the registry (as an operator account of that
    unit sees them), or None: the whole database."""
    if not unit_code:
        return None
    if store.unit_by_code(unit_code) is None:
        raise SongMayError("enrol.unit_unregistered", code=unit_code.upper())
    return store.operator_area({"role": "officer", "unit_code": unit_code})


def _unit_options(p: argparse.ArgumentParser, *, required: bool) -> None:
    """The fields of a unit for the registry (with ``enrol``: to register it first)."""
    p.add_argument("--name", required=required, help="the unit's full name")
    p.add_argument("--kind", default="school", choices=("school", "commune", "cluster", "province"))
    p.add_argument("--level", default="", help="a school's level: MN, TH, THCS, THPT, GDTX, TH&THCS, THCS&THPT, PTDTBT")
    p.add_argument("--commune", default="", help="the commune's 5-digit code (its province follows)")
    p.add_argument("--province", default="", help="a provincial department's 2-digit province code")
    p.add_argument("--parent", default="", help="the code of the unit above (a cluster, an office)")
    p.add_argument("--address", default="")


def _unit_cmd(args: argparse.Namespace, store: Any) -> int:
    if args.unit_command == "add":
        u = store.add_unit(args.code, args.name, kind=args.kind, level=args.level, commune_code=args.commune,
                           province_code=args.province, parent_code=args.parent, address=args.address, actor="cli")
        print(f"{u['code']}  {u['name']}  ({u['kind']}, {u['commune_code'] or '-'}, {u['province_code'] or '-'})")
        return 0
    if args.unit_command == "import":
        res = store.import_units(args.file, actor="cli", dry_run=args.dry_run)
        if args.json:
            print(json.dumps(res.as_dict(), ensure_ascii=False))
        else:
            for n, msg in res.errors:
                print(messages.text("registry.row_error", row=n, message=msg), file=sys.stderr)
            if not res.errors:
                print(messages.text("registry.imported", added=len(res.added), updated=len(res.updated),
                                    unchanged=len(res.unchanged)) + (" (--dry-run)" if args.dry_run else ""))
        return EXIT_ERROR if res.errors else 0
    rows = store.units()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    for u in rows if not args.json else []:
        print(f"{u['code']:<14} {u['kind']:<9} {u['level'] or '-':<6} {u['commune_code'] or '-':<6} {u['name']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.lang:
        messages.set_language(args.lang)
    try:
        return _run(args)
    except SongMayError as e:
        print(e.message(), file=sys.stderr)
        return EXIT_ERROR
    except Exception as e:  # noqa: BLE001 - a clear line, then the details
        from sqlalchemy.exc import OperationalError  # noqa: PLC0415  (start-up time: a command loads only what it runs)

        if isinstance(e, OperationalError):
            print(f"database: {e.orig}", file=sys.stderr)
            return EXIT_ERROR
        raise


def _run(args: argparse.Namespace) -> int:
    from server.storage import ServerStore  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    url = database_url(args)
    if args.command == "serve":
        return _serve(args, url)
    if args.command == "report":
        return _report(args, url)
    store = ServerStore.open(url)
    try:
        if args.command == "import":
            return _import(args, store)
        if args.command == "migrate":
            print(store.revision())
        if args.command == "unit":
            return _unit_cmd(args, store)
        if args.command == "enrol":
            if args.name and store.unit_by_code(args.unit) is None:
                store.add_unit(args.unit, args.name, kind=args.kind, level=args.level, commune_code=args.commune,
                               province_code=args.province, parent_code=args.parent, address=args.address,
                               actor="cli")
            code, expires = store.issue_code(args.unit, hours=args.hours, created_by="cli")
            if args.json:
                print(json.dumps({"code": code, "unit_code": args.unit.upper(), "expires_at": expires}))
            else:
                print(code)
                print(f"unit {args.unit.upper()}, single use, expires {expires}", file=sys.stderr)
        elif args.command == "revoke":
            print(store.revoke(args.device, args.reason))
        elif args.command == "devices":
            rows = store.installations(_area(store, args.unit))
            if args.json:
                print(json.dumps(rows, ensure_ascii=False))
            for r in rows if not args.json else []:
                state = f"revoked {r['revoked_at']}" if r["revoked_at"] else f"last seen {r['last_seen_at'] or '-'}"
                print(f"{r['id']}  {r['unit_code']:<12} {r['name'][:30]:<30} {state}")
        elif args.command == "user":
            return _user_cmd(args, store)
        elif args.command == "key":
            return _key_cmd(args, store)
        elif args.command == "status":
            st = store.status(_area(store, args.unit))
            if args.json:
                print(json.dumps(st, ensure_ascii=False))
            else:
                print(f"database: {st['database']} (schema {st['schema']})")
                for kind, n in st["records"].items():
                    print(f"  {kind:<14}{n:>10}")
                print(f"devices: {st['devices']['enrolled']} enrolled, {st['devices']['revoked']} revoked")
                print(f"quarantined: {st['quarantined']}  duplicates: {st['duplicates']}  conflicts: {st['conflicts']}")
        elif args.command == "duplicates":
            rows = store.duplicates(_area(store, args.unit))
            if args.json:
                print(json.dumps(rows, ensure_ascii=False))
            for d in rows if not args.json else []:
                names = "; ".join(f"{s['full_name']} ({s['unit_id']})" for s in d["students"])
                print(f"{d['personal_id']}: {names}")
        elif args.command == "summaries":
            wrong = store.check_summaries(rebuild=args.rebuild)
            for line in wrong[:50]:
                print(line)
            print(f"{len(wrong)} difference(s) between the kept counts and a recount" if wrong
                  else "the kept counts equal a recount")
            return EXIT_ERROR if wrong else 0
        elif args.command == "quarantine":
            rows = store.quarantined(_area(store, args.unit))
            if args.json:
                print(json.dumps(rows, ensure_ascii=False))
            for q in rows if not args.json else []:
                print(f"{q['received_at']} {q['device_id'][:8]} {q['kind']} {q['record_id']}: {q['reason']}")
    finally:
        store.close()
    return 0


def _secret(from_stdin: bool, prompt: str = "Password: ") -> str:
    """A password (or passphrase): a line of stdin, or typed twice at a prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("Again: ") != first:
        raise SongMayError("server.passwords_differ")
    return first


def _user_cmd(args: argparse.Namespace, store: Any) -> int:
    """``user add|list|disable|enable|passwd``: the operator accounts (``server.accounts``)."""
    accounts = store.accounts
    if args.user_command == "add":
        store.add_account(args.name, args.role, _secret(args.password_stdin), args.unit)
        print(messages.text("server.account_added", name=args.name.strip(), role=args.role))
    elif args.user_command == "list":
        rows = accounts.list()
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        for r in rows if not args.json else []:
            state = "disabled" if r["disabled"] else "enabled"
            print(f"{r['name']:<24} {r['role']:<9} {r['unit_code'] or '-':<12} {state:<9} "
                  f"created {r['created_at'] or '-'}  last login {r['last_login_at'] or '-'}")
    elif args.user_command in ("disable", "enable"):
        accounts.set_disabled(args.name, args.user_command == "disable")
        print(messages.text(f"server.account_{args.user_command}d", name=args.name))
    elif args.user_command == "passwd":
        accounts.set_password(args.name, _secret(args.password_stdin, "New password: "))
        print(messages.text("server.password_changed", name=args.name))
    return 0


def _key_cmd(args: argparse.Namespace, store: Any) -> int:
    """``key show|rotate|retire|passphrase``: the province's keys (``server.keys``,
    docs/security.md "Keys and rotation")."""
    from server.keys import ENV_PASSPHRASE, fingerprint  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    keys = store.province_keys
    if args.key_command == "show":
        info = keys.describe()
        if args.json:
            print(json.dumps(info, ensure_ascii=False))
            return 0
        print(f"{info['file']}  ({'encrypted' if info['encrypted'] else 'not encrypted'})")
        for k in info["keys"]:
            role = "current" if k["current"] else f"secondary since {k['retired_at']}, " \
                                                   f"{k['installations']} installation(s) still sealing to it"
            print(f"  {k['name']:<26} {k['fingerprint']}  made {k['created_at'] or '-'}  {role}")
    elif args.key_command == "rotate":
        new, old = keys.rotate()
        print(messages.text("server.key_rotated", new=fingerprint(new.public), old=old.name))
    elif args.key_command == "retire":
        gone = keys.retire(args.name)
        print(messages.text("server.key_retired", name=gone.name, fingerprint=fingerprint(gone.public)))
    elif args.key_command == "passphrase":
        phrase = _secret(args.passphrase_stdin, "New passphrase (empty: none): ")
        keys.set_passphrase(phrase)
        print(messages.text("server.key_passphrase_set" if phrase else "server.key_passphrase_removed",
                            path=str(keys.file.path), env=ENV_PASSPHRASE))
    return 0


def _import(args: argparse.Namespace, store: Any) -> int:
    """USB bundles brought to the province by hand: each checked against its sender's own
    key (or its offline enrolment) and merged once, as a relayed one; 0 when all were
    taken, 3 when some were refused, 2 when none was."""
    from server.storage import Installation  # noqa: PLC0415  (start-up time: a command loads only what it runs)
    from sync.bundle import read_bundle, write_atomic  # noqa: PLC0415  (start-up time: a command loads only what it runs)
    from sync.usb import find_bundles  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    files = find_bundles(args.paths)
    if not files:
        raise SongMayError("bundle.none_found", paths=", ".join(args.paths))
    operator = Installation("operator-cli", "", "", "cli", "", "")
    results, senders = [], {}
    for path in files:
        try:
            out = store.relay(operator, read_bundle(path), path.name)  # a regular file, bounded, or refused
        except OSError as e:
            results.append({"file": str(path), "refused": "bundle.read_failed", "message": e.strerror or str(e)})
        except SongMayError as e:
            results.append({"file": str(path), "refused": e.key, "message": e.message()})
        else:
            results.append({"file": str(path), **{k: out.get(k) for k in (
                "sender", "unit_code", "records", "inserted", "updated", "ignored", "conflicts", "repeated")},
                "rejected": len(out.get("rejected") or [])})
            senders[out["sender"]] = out["unit_code"]
    acks = []
    if args.acks_out:
        folder = Path(args.acks_out)
        for sender in senders:
            name, data = store.ack_bundle(sender)
            try:
                folder.mkdir(parents=True, exist_ok=True)
                write_atomic(folder / name, [data])
            except OSError as e:
                raise SongMayError("bundle.write_failed", path=str(folder / name), detail=e.strerror or str(e)) from e
            acks.append(str(folder / name))
    refused = sum(1 for r in results if "refused" in r)
    if args.json:
        print(json.dumps({"bundles": results, "acks": acks}, ensure_ascii=False))
    else:
        for r in results:
            if "refused" in r:
                print(f"{Path(r['file']).name}: {r['message']}", file=sys.stderr)
            elif r["repeated"]:  # taken before (relayed by an officer, or brought twice): nothing new now
                print(messages.text("server.bundle_repeated", name=Path(r["file"]).name, unit=r["unit_code"],
                                    records=r["records"]))
            else:
                print(messages.text("server.bundle_taken", name=Path(r["file"]).name, unit=r["unit_code"],
                                    records=r["records"], inserted=r["inserted"], updated=r["updated"],
                                    conflicts=r["conflicts"], rejected=r["rejected"]))
        for a in acks:
            print(messages.text("server.ack_written", path=a))
    return 2 if refused == len(results) else 3 if refused else 0


def _report(args: argparse.Namespace, url: str) -> int:
    from app import reports  # noqa: PLC0415  (start-up time: a command loads only what it runs)
    from server import reports as server_reports  # noqa: PLC0415  (start-up time: a command loads only what it runs)
    from server.storage import ServerStore  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    server_reports.check_format(args.out)  # before any work
    period = server_reports.period_of(args.kind, args.date_from, args.date_to)
    store = ServerStore.open(url, read_url=args.read_db)
    try:
        data = server_reports.make(store, args.kind, args.unit, period, lang=messages.language(),
                                   detail=args.detail, depth=args.depth)
    finally:
        store.close()
    print(messages.text("cli.report_written", path=reports.write(data, args.out)))
    return 0


def _serve(args: argparse.Namespace, url: str) -> int:
    from server.api import create_app  # noqa: PLC0415  (start-up time: a command loads only what it runs)
    from server.storage import ServerStore  # noqa: PLC0415  (start-up time: a command loads only what it runs)

    setup_logging(args.log_level)
    store = ServerStore.open(url, read_url=args.read_db)  # migrates once, before any worker starts
    logging.getLogger("songmay.server").info("starting", extra={"database": store.dialect, "workers": args.workers,
                                                                "host": args.host, "port": args.port})
    if args.workers > 1:  # worker processes, each with its own connections (PostgreSQL in production)
        store.close()
        os.environ["SONGMAY_SERVER_DB"] = url
        os.environ["SONGMAY_SERVER_LOG_LEVEL"] = args.log_level
        if args.read_db:
            os.environ["SONGMAY_SERVER_READ_DB"] = args.read_db
        serving.run("server.api:app_from_env", factory=True, workers=args.workers, host=args.host,
                    port=args.port, log_level=args.log_level, args=args)
        return 0
    serving.run(create_app(store), host=args.host, port=args.port, workers=1, log_level=args.log_level, args=args)
    return 0
