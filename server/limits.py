"""Limits on guessing: failures counted per key, refusal with exponential backoff.

``RateLimiter`` is small and knows nothing of what it guards: operators' logins use it
per client address and per account name (``server.accounts``); enrolment-code attempts
and the web console can use it the same way, each with a limiter of its own.

In-process: the counts live in this process's memory. ``songmay-server serve --workers
N`` runs N processes, each with its own counts, so an attacker spread over them gets at
most N times the allowance; a restart forgets them. This is a brake on guessing and on
floods, not an account lock-out (nothing is written to the database).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from app.errors import SyncError


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
                while e.failures and now - e.failures[0] > self.window:
                    e.failures.popleft()
                if e.strikes and now - max(e.last, e.until) > self.window:
                    e.strikes = 0  # a quiet window since the last refusal ended: start again
                e.failures.append(now)
                e.last = now
                if len(e.failures) >= self.threshold or e.strikes:  # once refused, each failure doubles
                    e.strikes += 1
                    e.until = now + min(self.cap, self.base ** min(e.strikes, 64))
                    wait = max(wait, e.until - now)
        return math.ceil(wait)

    def succeeded(self, *keys: Hashable) -> None:
        """Forgets ``keys`` (a good login clears its account's count)."""
        with self._lock:
            for k in keys:
                self._entries.pop(k, None)

    def __len__(self) -> int:
        return len(self._entries)
