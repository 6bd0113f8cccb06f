"""The automatic sync schedule: interval while syncs succeed, 1, 2, 4 … 60 minutes after
failures, reset on success, stopped by errors that waiting does not cure. A fixed
clock: no real minutes pass."""

from __future__ import annotations

import datetime as dt

from sync.schedule import Schedule

T0 = dt.datetime(2026, 11, 23, 10, 42, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def schedule() -> Schedule:
    return Schedule(clock=lambda: T0)


def test_backoff_doubles_from_one_minute_and_is_capped_at_an_hour():
    s = schedule()
    delays = [s.failed("sync.offline") for _ in range(9)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
    assert s.failures == 9
    assert s.next_at == T0 + dt.timedelta(hours=1)


def test_success_resets_to_the_interval():
    s = schedule()
    for _ in range(4):
        s.failed("sync.timeout")
    assert s.succeeded() == 15 * 60
    assert s.failures == 0 and s.next_at == T0 + dt.timedelta(minutes=15)
    assert s.failed("sync.server_error") == 60  # the backoff starts again from one minute


def test_will_retry_at_is_the_clock_plus_the_delay():
    s = schedule()
    s.failed("sync.offline")
    s.failed("sync.offline")
    s.failed("sync.offline")
    assert s.next_at.strftime("%H:%M") == "10:46"


def test_revoked_and_unknown_token_stop_automatic_syncs_until_a_person_acts():
    for key in ("sync.revoked", "sync.unauthorised", "sync.not_enrolled", "sync.protocol_mismatch"):
        s = schedule()
        s.failed("sync.offline")
        assert s.failed(key) is None
        assert s.stopped_by == key and s.next_at is None
        assert s.network_up() is None  # the network coming back does not restart them
        assert s.start() == s.soon and s.stopped_by is None  # enrolling again does


def test_a_cancel_is_not_counted_as_a_failure():
    s = schedule()
    assert s.failed("sync.cancelled") == 15 * 60 and s.failures == 0
    s.failed("sync.offline")
    s.failed("sync.offline")
    assert s.failed("sync.cancelled") == 120 and s.failures == 2  # the backoff in force stays


def test_network_up_syncs_soon_but_never_later_than_already_due():
    now = [T0]
    s = Schedule(clock=lambda: now[0])
    for _ in range(6):
        s.failed("sync.offline")  # next try in 32 minutes
    assert s.network_up() == s.soon
    assert s.next_at == T0 + dt.timedelta(seconds=s.soon)
    s.next_at = T0 + dt.timedelta(seconds=2)
    assert s.network_up() == 2
