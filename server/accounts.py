"""Operator accounts (the province, officers): passwords, logins and their limits.

- Passwords are hashed with argon2id at parameters a two-core server survives under a
  flood (OWASP's m=19 MiB, t=2, p=1), on ``MAX_HASHING`` threads of their own per process
  (at most two at once, the others queue): 40 logins at once cost 2 × 19 MiB, not 40 × 64.
  Hashes made with other parameters (the first versions used argon2-cffi's defaults,
  64 MiB) still verify, and are rehashed at the next good login.
- An unknown or disabled account is answered at once, without argon2: account names are
  not secrets (they are told to people, and the answer's timing may reveal them); the
  limits below are what stop guessing.
- Failures are counted per client address and per account name (``server.limits``):
  after 5 in 5 minutes the address (or name) is refused for 2, 4, 8 … seconds, at most
  15 minutes, with HTTP 429 and Retry-After, before any password is looked at. The
  counts are per process (each worker keeps its own).
- Each failed login is logged (name, address, reason); never the password.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from app.errors import SyncError
from app.store import now_iso
from server import schema as S
from server.limits import RateLimiter, SharedRateLimiter, TooManyAttempts

log = logging.getLogger("songmay.server.accounts")
ROLES = ("province", "officer")
MIN_PASSWORD = 10
MAX_NAME = 64

# argon2id, OWASP's first recommended setting (19 MiB, 2 passes, 1 lane)
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
MAX_HASHING = 2  # argon2 runs at once in this process
SLOT_WAIT = 20.0  # seconds a login waits for a free slot before "busy, try again"
# argon2 runs on these threads only: at most MAX_HASHING at once, and its memory is
# taken from their own malloc arenas (run on each request's thread, glibc kept 19 MiB
# in each of up to 8 arenas per core: 300 MiB on two cores after a flood)
_pool = ThreadPoolExecutor(MAX_HASHING, thread_name_prefix="argon2")
_count_lock = threading.Lock()
_hashes = 0

T = TypeVar("T")


def hash_count() -> int:
    """How many argon2 operations (hash or verify) this process has run: what a test
    reads to see that a login cost none."""
    return _hashes


def _argon2(fn: Callable[..., T], *args: Any) -> T:
    """One argon2 operation, on one of the process's few argon2 threads; waited for at
    most ``SLOT_WAIT`` seconds in the queue (then 503 "busy", Retry-After)."""

    def run() -> T:
        global _hashes
        with _count_lock:
            _hashes += 1
        return fn(*args)

    future = _pool.submit(run)
    try:
        return future.result(timeout=SLOT_WAIT)
    except FutureTimeout:
        if future.cancel():  # still queued: never runs
            raise TooManyAttempts("server.login_busy", retry_after=5, status=503) from None
        return future.result()  # started meanwhile: it ends soon


def hash_password(password: str) -> str:
    return _argon2(HASHER.hash, password)


def login_limiter(engine: Engine | None = None) -> RateLimiter:
    """The limits on logins: 5 failures in 5 minutes, then 2, 4, 8 … s, at most 15 min;
    counted in the database of ``engine`` (every worker and host together), else in memory."""
    limits = {"threshold": 5, "window": 300.0, "base": 2.0, "cap": 900.0}
    return SharedRateLimiter(engine, "login", **limits) if engine is not None else RateLimiter(**limits)


class Accounts:
    """The accounts of one server database, and the login limits (kept in it too)."""

    def __init__(self, engine: Engine, *, limiter: RateLimiter | None = None):
        self.engine = engine
        self.limiter = limiter or login_limiter(engine)

    # ---------------------------------------------------------- managing
    def add(self, name: str, role: str, password: str, unit_code: str = "") -> None:
        name = self._checked_name(name)
        if role not in ROLES:
            raise SyncError("server.role_unknown", role=role, roles=", ".join(ROLES))
        self._check_password(password)
        if self._row(name) is not None:
            raise SyncError("server.account_exists", name=name, status=409)
        hashed = hash_password(password)
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(S.accounts).values(name=name, role=role, unit_code=unit_code.strip().upper(),
                                                       password_hash=hashed, created_at=now_iso()))
        except IntegrityError:  # added by someone else meanwhile
            raise SyncError("server.account_exists", name=name, status=409) from None
        log.info("account added", extra={"user": name, "role": role})

    def list(self) -> list[dict[str, Any]]:
        """Every account: name, role, unit_code, disabled, created_at, last_login_at."""
        a = S.accounts.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(a.name, a.role, a.unit_code, a.disabled, a.created_at, a.last_login_at)
                                .order_by(a.name)).all()
        return [{**r._mapping, "disabled": bool(r.disabled)} for r in rows]

    def set_disabled(self, name: str, disabled: bool = True) -> None:
        """Disables (or enables again) an account: a disabled one cannot log in."""
        self._update(name, disabled=int(disabled))
        log.info("account disabled" if disabled else "account enabled", extra={"user": name})

    def set_password(self, name: str, password: str) -> None:
        self._check_password(password)
        if self._row(name) is None:
            raise SyncError("server.account_unknown", name=name, status=404)
        self._update(name, password_hash=hash_password(password))
        log.info("password changed", extra={"user": name})

    # ---------------------------------------------------------- logging in
    def check(self, name: str, password: str, client: str = "") -> dict[str, Any]:
        """The account ``name`` if ``password`` is its own and it is enabled, else
        ``server.login_failed`` (401); ``TooManyAttempts`` (429) while ``client`` or
        ``name`` has failed too often lately, before anything is checked."""
        by_addr, by_name = ("addr", client or "?"), ("user", name)
        wait = self.limiter.retry_after(by_addr, by_name)
        if wait:
            self._failed(name, client, "limited", retry_after=wait)
            raise TooManyAttempts("server.login_limited", retry_after=wait, seconds=wait)
        row = self._row(name) if 0 < len(name) <= MAX_NAME else None
        if row is None or row.disabled:
            self.limiter.failed(by_addr)  # a name that cannot log in is counted by address only
            self._failed(name, client, "unknown" if row is None else "disabled")
            raise SyncError("server.login_failed")
        try:
            _argon2(HASHER.verify, row.password_hash, password)
        except (VerificationError, InvalidHashError):
            self.limiter.failed(by_addr, by_name)
            self._failed(name, client, "password")
            raise SyncError("server.login_failed") from None
        self.limiter.succeeded(by_name)
        values: dict[str, Any] = {}
        if HASHER.check_needs_rehash(row.password_hash):  # made with older parameters
            values["password_hash"] = hash_password(password)
        now = now_iso()
        if _minutes_apart(row.last_login_at, now) >= 1:
            values["last_login_at"] = now
        if values:
            a = S.accounts.c
            with self.engine.begin() as conn:  # the hash it was checked against: a racing passwd wins
                conn.execute(update(S.accounts).where(a.name == row.name, a.password_hash == row.password_hash)
                             .values(**values))
        return {"name": row.name, "role": row.role, "unit_code": row.unit_code}

    # ---------------------------------------------------------- helpers
    @staticmethod
    def _failed(name: str, client: str, reason: str, **extra: Any) -> None:
        log.warning("login failed", extra={"user": name[:MAX_NAME], "client": client, "reason": reason, **extra})

    @staticmethod
    def _checked_name(name: str) -> str:
        name = name.strip()
        if not name or len(name) > MAX_NAME or ":" in name or any(ch.isspace() or not ch.isprintable() for ch in name):
            raise SyncError("server.account_name_bad", name=name, limit=MAX_NAME)
        return name

    @staticmethod
    def _check_password(password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise SyncError("server.password_short")

    def _row(self, name: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(select(S.accounts).where(S.accounts.c.name == name)).first()

    def _update(self, name: str, **values: Any) -> None:
        with self.engine.begin() as conn:
            done = conn.execute(update(S.accounts).where(S.accounts.c.name == name).values(**values)).rowcount
        if not done:
            raise SyncError("server.account_unknown", name=name, status=404)


def _minutes_apart(earlier: str, later: str) -> float:
    try:
        return (dt.datetime.fromisoformat(later) - dt.datetime.fromisoformat(earlier)).total_seconds() / 60
    except (TypeError, ValueError):
        return float("inf")
