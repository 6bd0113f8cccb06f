"""When the next automatic sync runs: every ``interval`` while syncs succeed; after a
failure 1, 2, 4 … minutes, capped (``max_retry``), back to the interval on success.
No Qt, no clock of its own: the desktop app arms a timer with ``delay`` seconds, and
tests pass a fixed clock instead of waiting real minutes.

Some failures are not cured by waiting (the device was revoked, its token is unknown,
the protocol changed): automatic syncs stop until a person acts — enrols again, or
presses "Sync now".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

# Errors after which retrying on a timer only hammers the server: a person must act.
STOPPING = frozenset({"sync.revoked", "sync.unauthorised", "sync.not_enrolled", "sync.protocol_mismatch"})


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


@dataclass
class Schedule:
    interval: float = 15 * 60  # seconds between syncs while they succeed
    first_retry: float = 60  # after the first failure; doubled after each further one
    max_retry: float = 60 * 60
    soon: float = 5  # after the network appears (it often flaps: let it settle)
    clock: Callable[[], dt.datetime] = field(default=_now, repr=False)
    failures: int = 0  # failures in a row
    stopped_by: str | None = None  # the error key that stopped automatic syncs
    next_at: dt.datetime | None = None  # when the next automatic sync is due, if any

    def _at(self, delay: float | None) -> float | None:
        self.next_at = None if delay is None else self.clock() + dt.timedelta(seconds=delay)
        return delay

    def retry_delay(self) -> float:
        """The wait after ``failures`` failures in a row (≥ 1)."""
        return min(self.max_retry, self.first_retry * 2 ** max(0, self.failures - 1))

    def start(self, delay: float | None = None) -> float | None:
        """The first automatic sync of a session (or after enrolling)."""
        self.stopped_by = None
        return self._at(self.soon if delay is None else delay)

    def succeeded(self) -> float:
        self.failures, self.stopped_by = 0, None
        return self._at(self.interval)  # type: ignore[return-value]

    def failed(self, key: str) -> float | None:
        """The delay before the next try, or None when automatic syncs stop."""
        if key in STOPPING:
            self.stopped_by = key
            return self._at(None)
        if key == "sync.cancelled":  # a person stopped it: not the link's fault
            return self._at(self.retry_delay() if self.failures else self.interval)
        self.failures += 1
        return self._at(self.retry_delay())

    def network_up(self) -> float | None:
        """The network appeared: sync soon, unless a person must act first."""
        if self.stopped_by:
            return None
        return self._at(min(self.soon, self.delay_left()) if self.next_at else self.soon)

    def delay_left(self) -> float:
        if self.next_at is None:
            return self.soon
        return max(0.0, (self.next_at - self.clock()).total_seconds())
