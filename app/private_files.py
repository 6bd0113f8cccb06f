"""Files only their owner may read: databases, their -wal/-shm, key files, the data folder.

A school's ``songmay.db`` holds its sync token and signing seed; the server's database
its operators' password hashes; the province's key file its private key. On POSIX
they are created 0600 (a umask of 077 around the creation, and the file made before
SQLite opens it: SQLite gives its -wal and -shm the database file's mode) and their
folder 0700; files and folders made by an older version are tightened when opened.
On Windows the user profile's folder permissions protect them (docs/security.md):
nothing is changed there.

Changing a folder's mode is limited to folders this user owns that are not shared by
nature (``/``, the home folder, a sticky folder such as ``/tmp``): a database given by
path into such a folder keeps the folder as it is, its files are still made private.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

POSIX = os.name == "posix"
FILE_MODE = 0o600
DIR_MODE = 0o700
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """A umask of 077 for what is created inside (POSIX; the umask is process-wide, so
    other threads creating files meanwhile make them private too, never more open)."""
    if not POSIX:
        yield
        return
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def _may_lock(folder: Path) -> bool:
    """A folder this user owns and that is not shared by nature."""
    try:
        st = folder.stat()
        resolved = folder.resolve()
    except OSError:
        return False
    if st.st_uid != os.geteuid() or st.st_mode & stat.S_ISVTX:
        return False
    shared = {Path("/").resolve(), Path.home().resolve()}
    return resolved not in shared


def private_dir(folder: str | os.PathLike, *, lock: bool = True) -> Path:
    """``folder`` created (with its parents) under a umask of 077; with ``lock``, an
    existing one of this user's made 0700 as well. Best effort: a file system without
    modes (a FAT stick of a portable install) keeps what it has."""
    folder = Path(folder)
    with private_umask():
        folder.mkdir(parents=True, exist_ok=True)
    if POSIX and lock and _may_lock(folder):
        with contextlib.suppress(OSError):
            if stat.S_IMODE(folder.stat().st_mode) != DIR_MODE:
                os.chmod(folder, DIR_MODE)
    return folder


def private_file(path: str | os.PathLike) -> None:
    """An existing file of this user's made 0600 (nothing if it is missing)."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):
        st = os.stat(path)
        if st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) != FILE_MODE:
            os.chmod(path, FILE_MODE)


def prepare_sqlite(path: str | os.PathLike, *, lock_folder: bool = True) -> None:
    """Before SQLite opens ``path``: its folder private (``lock_folder``: made 0700 if it
    existed; a folder created here is 0700 anyway), the file made empty and 0600 if it
    is missing (SQLite takes an empty file for a new database and gives its -wal and
    -shm the same mode), and an existing file and companions made 0600."""
    path = Path(path)
    private_dir(path.parent, lock=lock_folder)
    if POSIX:
        with private_umask(), contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    for p in (path, *(path.with_name(path.name + s) for s in SQLITE_COMPANIONS)):
        private_file(p)


def write_private(path: str | os.PathLike, data: bytes, *, replace: bool = True) -> bool:
    """``data`` written to ``path`` atomically, 0600 from the first byte: a temporary file
    in the same folder, fsync, then renamed over ``path`` (``replace``) or linked to it
    only if ``path`` does not exist yet (``replace=False``: False when another process
    made it first, which is kept). The folder is made private if created here."""
    path = Path(path)
    private_dir(path.parent, lock=False)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with private_umask():
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), FILE_MODE)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        private_file(tmp)
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                return False
            except OSError:  # no hard links here (some Windows or network file systems)
                if path.exists():
                    return False
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    fsync_folder(path.parent)
    return True


def fsync_folder(folder: Path) -> None:
    """Makes a rename or a new file in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; its rename is durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def mode(path: str | os.PathLike) -> int:
    """The permission bits of ``path`` (for checks and tests)."""
    return stat.S_IMODE(os.stat(path).st_mode)
