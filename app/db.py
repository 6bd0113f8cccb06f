"""Opening the device database: where it lives, pragmas, migrations, safety checks."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
import sys
from pathlib import Path

import platformdirs
from sqlite_utils import Database

from app.errors import StoreError
from app.migrations import MIGRATION_SET, known_names, migrations
from app.private_files import prepare_sqlite, private_dir

DB_NAME = "songmay.db"
SQLITE_MAGIC = b"SQLite format 3\x00"


PORTABLE_MARKERS = ("portable", "portable.txt")  # .txt: what Notepad makes of "portable"
PORTABLE_DATA = "data"


def portable_data_dir(executable: str | os.PathLike) -> Path | None:
    """``<folder of executable>/data`` when a file named ``portable`` (or ``portable.txt``)
    sits beside the executable, else None: SongMay run from a USB stick keeps its data on
    the stick (docs/install.md)."""
    folder = Path(executable).resolve().parent
    if any((folder / name).is_file() for name in PORTABLE_MARKERS):
        return folder / PORTABLE_DATA
    return None


def default_data_dir() -> Path:
    """``SONGMAY_DATA_DIR`` if set; else, in the built folder (frozen), ``data`` beside the
    executable when it is marked portable; else the platform's user data directory."""
    env = os.environ.get("SONGMAY_DATA_DIR")
    if env:
        return Path(env)
    if getattr(sys, "frozen", False):
        portable = portable_data_dir(sys.executable)
        if portable is not None:
            return portable

    return Path(platformdirs.user_data_dir("SongMay", appauthor=False))


def resolve_data_dir(data_dir: str | os.PathLike | None) -> Path:
    return Path(data_dir) if data_dir else default_data_dir()


def translate_os_error(exc: BaseException, path: Path) -> StoreError | None:
    """Known storage failures as typed errors with a message users understand."""
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return StoreError("store.disk_full")
        if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
            return StoreError("store.read_only", path=str(path))
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if "disk is full" in text or "database or disk is full" in text:
            return StoreError("store.disk_full")
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return StoreError("store.read_only", path=str(path))
        if "locked" in text or "busy" in text:
            return StoreError("store.locked")
    if isinstance(exc, sqlite3.DatabaseError) and (
        "not a database" in str(exc) or "malformed" in str(exc)
    ):
        return StoreError("store.corrupt", path=str(path))
    return None


def applied_names(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set=? ORDER BY rowid",
            (MIGRATION_SET,),
        )
    ]


def backup(conn: sqlite3.Connection, data_dir: Path, reason: str) -> Path:
    """A consistent copy of the database in ``data_dir/backups`` (SQLite backup API)."""
    folder = private_dir(data_dir / "backups")  # a copy holds the same secrets
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"songmay-{stamp}-{reason}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"songmay-{stamp}-{reason}-{n}.db"
    prepare_sqlite(target)
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def verify_database(conn: sqlite3.Connection, path: Path) -> None:
    """Raise ``store.corrupt`` unless SQLite's quick_check finds the file sound."""
    try:
        ok = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError:
        ok = "unreadable"
    if ok != "ok":
        raise StoreError("store.corrupt", path=str(path))


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=5, check_same_thread=True)
    conn.row_factory = sqlite3.Row
    return conn


def open_database(data_dir: str | os.PathLike | None = None, *, migrate: bool = True,
                  verify: bool = True) -> Database:
    """Open (creating if needed) ``songmay.db`` in ``data_dir``.

    Refuses a file that is not SQLite or is damaged (``store.corrupt``) and one written by
    a newer version (``store.too_new``), changing nothing in either case. Before pending
    migrations run on an existing database, a backup copy is made.

    ``verify`` runs SQLite's quick_check over the whole file (0.2 s for 30,000 students);
    the desktop app opens without it and runs ``verify_database`` right after its window
    shows, so a damaged file is still reported at start.
    """
    folder = resolve_data_dir(data_dir)
    try:
        private_dir(folder)  # 0700 on POSIX: the database holds the sync token and signing seed
    except OSError as e:
        raise translate_os_error(e, folder) or e  # noqa: B904  (the translated error carries e as its context)
    path = folder / DB_NAME
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        with open(path, "rb") as f:
            if f.read(16) != SQLITE_MAGIC:
                raise StoreError("store.corrupt", path=str(path))
    if not os.access(folder, os.W_OK):
        raise StoreError("store.read_only", path=str(folder))
    try:
        prepare_sqlite(path)  # 0600, and its -wal/-shm with it (app.private_files)
        conn = connect(path)
        db = Database(conn, execute_plugins=False)
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        if existed and verify:
            try:
                verify_database(conn, path)
            except StoreError:
                conn.close()
                raise
        applied = applied_names(conn)
        known = known_names()
        unknown = [n for n in applied if n not in known]
        if unknown:
            conn.close()
            raise StoreError("store.too_new", found=unknown[-1])
        if migrate:
            pending = [n for n in known if n not in applied]
            if pending and applied:
                backup(conn, folder, f"before-{pending[0]}")
            if pending:
                migrations.apply(db)
            if conn.execute("PRAGMA user_version").fetchone()[0] != len(known):
                conn.execute(f"PRAGMA user_version={len(known)}")
    except StoreError:
        raise
    except (sqlite3.Error, OSError) as e:
        raise translate_os_error(e, path) or e  # noqa: B904  (the translated error carries e as its context)
    return db
