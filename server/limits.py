"""Limits on guessing: failures counted per key, refusal with exponential backoff.

``RateLimiter`` is small and knows nothing of what it guards: operators' logins use it
per client address and per account name (``server.accounts``); enrolment-code attempts
and the web console can use it the same way, each with a limiter of its own.

``RateLimiter`` keeps its counts in this process's memory (a restart forgets them).
``SharedRateLimiter``, what the server runs, keeps them in the server's database (rows
``limit|…`` of table ``meta``): N worker processes on two hosts behind a proxy count one
address or one name together, so spreading guesses over them gains nothing. Either is a
brake on guessing and on floods, not an account lock-out.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from sqlalchemy import delete, select, text
from sqlalchemy.engine import Engine

from app.errors import SyncError
from server import schema as S


class TooManyAttempts(SyncError):
    """Refused before any check: too many recent failures (429), or the server too busy
    to check now (503). ``retry_after``: whole seconds, for the Retry-After header."""

    key = "server.too_many_attempts"

    def __init__(self, key: str | None = None, /, *, retry_after: int, status: int = 429, **params: object):
        super().__init__(key, retry_after=max(1, int(retry_after)), status=status, **params)

    @property
    def retry_after(self) -> int:
        return int(self.params["retry_after"])  # type: ignore[arg-type]


@dataclass
class _Entry:
    failures: deque[float]
    strikes: int = 0
    until: float = 0.0
    last: float = field(default=0.0)


class RateLimiter:
    """After ``threshold`` failures of one key within ``window`` seconds, that key is
    refused for ``base`` seconds; each failure after that (once the refusal ends) doubles
    it (``base ** k``: 2, 4, 8 … s), at most ``cap``. A quiet ``window`` after the last
    refusal ended forgets it all; ``succeeded`` forgets a key at once. At most ``max_keys`` keys are kept (the least
    recently seen
    go first), so a flood of new keys costs bounded memory. Thread-safe.

    Keys are any hashable values; use a tuple naming what they count, e.g.
    ``("addr", "10.0.0.7")``, ``("user", "so.gddt")``."""

    def __init__(self, *, threshold: int = 5, window: float = 300.0, base: float = 2.0, cap: float = 900.0,
                 max_keys: int = 10_000, clock: Callable[[], float] = time.monotonic):
        if threshold < 1 or window <= 0 or base <= 1 or cap <= 0 or max_keys < 1:
            raise ValueError("RateLimiter: threshold ≥ 1, window > 0, base > 1, cap > 0, max_keys ≥ 1")
        self.threshold, self.window, self.base, self.cap, self.max_keys = threshold, window, base, cap, max_keys
        self.clock = clock
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, *keys: Hashable) -> int:
        """Whole seconds to wait before ``keys`` may be tried again (0: now)."""
        now = self.clock()
        with self._lock:
            wait = max((e.until - now for k in keys if (e := self._entries.get(k)) is not None), default=0.0)
        return math.ceil(wait) if wait > 0 else 0

    def check(self, *keys: Hashable, what: str = "server.too_many_attempts", **params: object) -> None:
        """Raises ``TooManyAttempts`` (429, the message ``what``) while any of ``keys`` waits."""
        wait = self.retry_after(*keys)
        if wait:
            raise TooManyAttempts(what, retry_after=wait, seconds=wait, **params)

    def failed(self, *keys: Hashable) -> int:
        """Counts a failure against each key; returns the wait it now imposes (seconds)."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for k in keys:
                e = self._entries.get(k)
                if e is None:
                    e = self._entries[k] = _Entry(deque(maxlen=self.threshold))
                    while len(self._entries) > self.max_keys:
                        self._entries.popitem(last=False)
                else:
                    self._entries.move_to_end(k)
                wait = max(wait, self._fail(e, now))
        return math.ceil(wait)

    def _fail(self, e: _Entry, now: float) -> float:
        """One failure counted in ``e``; the wait it imposes now (seconds, 0: none)."""
        while e.failures and now - e.failures[0] > self.window:
            e.failures.popleft()
        if e.strikes and now - max(e.last, e.until) > self.window:
            e.strikes = 0  # a quiet window since the last refusal ended: start again
        e.failures.append(now)
        e.last = now
        if len(e.failures) >= self.threshold or e.strikes:  # once refused, each failure doubles
            e.strikes += 1
            e.until = now + min(self.cap, self.base ** min(e.strikes, 64))
            return e.until - now
        return 0.0

    def succeeded(self, *keys: Hashable) -> None:
        """Forgets ``keys`` (a good login clears its account's count)."""
        with self._lock:
            for k in keys:
                self._entries.pop(k, None)

    def __len__(self) -> int:
        return len(self._entries)


class SharedRateLimiter(RateLimiter):
    """``RateLimiter``'s limits, counted in the server's database so that every worker
    process on every host sees the same counts at once (docs/deploy.md, "Stateless").

    One row of ``meta`` per key: ``limit|NAME|digest`` → ``EXPIRY|{json}``, EXPIRY the wall
    clock (seconds, zero-padded: it sorts as text) after which the row counts for nothing;
    expired rows are deleted now and then. The clock is the wall clock, which the hosts
    share (NTP), not this process's monotonic one. A read costs one indexed select; only a
    failure not already refused writes (at most ``threshold`` per key and window, then one
    per wait), so a flood of refused attempts writes nothing."""

    PREFIX = "limit|"

    def __init__(self, engine: Engine, name: str, *, clock: Callable[[], float] = time.time, **limits: float):
        super().__init__(clock=clock, **limits)  # type: ignore[arg-type]
        self.engine, self.name = engine, name

    def _row_key(self, key: Hashable) -> str:
        digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
        return f"{self.PREFIX}{self.name}|{digest}"

    def _expiry(self, e: _Entry) -> str:
        return f"{max(e.last, e.until) + self.window:017.3f}"

    def _decode(self, value: str | None, now: float) -> _Entry | None:
        if not value:
            return None
        expiry, _, body = value.partition("|")
        try:
            if float(expiry) < now:
                return None
            d = json.loads(body)
            return _Entry(deque(d["f"], maxlen=self.threshold), int(d["s"]), float(d["u"]), float(d["l"]))
        except (ValueError, KeyError, TypeError):
            return None  # a damaged row counts for nothing (and is written anew at the next failure)

    def retry_after(self, *keys: Hashable) -> int:
        now = self.clock()
        with self.engine.connect() as conn:
            values = conn.execute(select(S.meta.c.value).where(
                S.meta.c.key.in_([self._row_key(k) for k in keys]))).scalars().all()
        wait = max((e.until - now for v in values if (e := self._decode(v, now)) is not None), default=0.0)
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, *keys: Hashable) -> int:
        now = self.clock()
        wait = 0.0
        upsert = text("INSERT INTO meta(key, value) VALUES (:k, :v) ON CONFLICT(key) DO NOTHING")
        with self.engine.begin() as conn:
            for row_key in sorted({self._row_key(k) for k in keys}):  # one order: no deadlocks
                conn.execute(upsert, {"k": row_key, "v": ""})  # a row to lock, if there was none
                value = conn.execute(select(S.meta.c.value).where(S.meta.c.key == row_key)
                                     .with_for_update()).scalar()
                e = self._decode(value, now) or _Entry(deque(maxlen=self.threshold))
                wait = max(wait, self._fail(e, now))
                body = json.dumps({"f": list(e.failures), "s": e.strikes, "u": e.until, "l": e.last})
                conn.execute(S.meta.update().where(S.meta.c.key == row_key)
                             .values(value=f"{self._expiry(e)}|{body}"))
            if random.random() < 0.05:  # now and then: the rows that count for nothing any more
                conn.execute(delete(S.meta).where(S.meta.c.key.startswith(self.PREFIX, autoescape=True),
                                                  S.meta.c.value < f"{now:017.3f}"))
        return math.ceil(wait)

    def succeeded(self, *keys: Hashable) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(S.meta).where(S.meta.c.key.in_([self._row_key(k) for k in keys])))

    def __len__(self) -> int:
        now = f"{self.clock():017.3f}"
        with self.engine.connect() as conn:
            return len(conn.execute(select(S.meta.c.key).where(
                S.meta.c.key.startswith(self.PREFIX + self.name + "|", autoescape=True),
                S.meta.c.value >= now)).all())
