"""The server tier is stateless (issue 18, docs/deploy.md): two ``ServerStore`` objects on one
database stand for two worker processes (or two hosts) behind the proxy. What one of them
changes or counts, the other sees at once: the unit registry behind every device's scope,
the limits on wrong logins and wrong enrolment codes. And the reads that may lag go to the
replica when one is given (``read_engine``)."""

from __future__ import annotations

import shutil

import pytest

from app.errors import SongMayError, SyncError
from server import reports as server_reports
from server.limits import SharedRateLimiter, TooManyAttempts
from server.storage import ServerStore

PASSWORD = "mật khẩu của Sở GD&ĐT"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def two(tmp_path):
    """Two workers' stores on one database."""
    url = f"sqlite:///{tmp_path / 'server.db'}"
    a = ServerStore.open(url)
    b = ServerStore.open(url, upgrade=False)
    yield a, b
    a.close()
    b.close()


def test_a_unit_registered_by_one_worker_is_in_the_other_workers_scope_at_once(two):
    a, b = two
    office = a.add_unit("XA03388", "UBND xã Nậm Cha", kind="commune", commune_code="03388")
    a.add_unit("TH0001", "Trường TH Nậm Cha", level="TH", commune_code="03388")
    with b.engine.connect() as conn:
        before = b.scope_of(conn, office["id"])  # worker b caches the registry now
    assert len(before) == 2
    school = a.add_unit("TH0002", "Trường TH Nậm Cha 2", level="TH", commune_code="03388")
    with b.engine.connect() as conn:
        assert school["id"] in b.scope_of(conn, office["id"])  # not after the cache's 10 s


def test_failed_logins_counted_by_one_worker_hold_in_every_worker(two):
    a, b = two
    a.add_account("so.gddt", "province", PASSWORD)
    for store in (a, b, a, b, a):  # five failures spread over the two workers
        with pytest.raises(SyncError) as e:
            store.check_account("so.gddt", "đoán thử", client="203.0.113.9")
        assert e.value.key == "server.login_failed"
    for store in (a, b):
        with pytest.raises(TooManyAttempts) as e:
            store.check_account("so.gddt", PASSWORD, client="198.51.100.1")  # the name waits, from anywhere
        assert e.value.status == 429 and e.value.retry_after == 2


def test_the_shared_limiter_backs_off_forgets_and_cleans_up_like_the_one_in_memory(two):
    a, b = two
    clock = Clock()
    la = SharedRateLimiter(a.engine, "test", threshold=3, window=60, clock=clock)
    lb = SharedRateLimiter(b.engine, "test", threshold=3, window=60, clock=clock)
    key = ("addr", "10.0.0.7")
    assert la.failed(key) == 0 and lb.failed(key) == 0
    assert la.failed(key) == 2  # the third failure, wherever it was counted
    assert lb.retry_after(key) == 2 and la.retry_after(("addr", "10.0.0.8")) == 0
    with pytest.raises(TooManyAttempts):
        lb.check(key)
    clock.now += 2
    assert lb.retry_after(key) == 0
    assert lb.failed(key) == 4  # once refused, each failure doubles
    lb.succeeded(key)
    assert la.retry_after(key) == 0 and len(la) == 0
    la.failed(key)
    assert len(lb) == 1
    clock.now += 3600  # a quiet hour: the row counts for nothing, and goes at a later clean-up
    assert len(lb) == 0 and lb.retry_after(key) == 0 and la.failed(key) == 0


def test_reports_read_from_the_replica_when_one_is_given(tmp_path):
    primary = tmp_path / "primary.db"
    ServerStore.open(f"sqlite:///{primary}").close()
    shutil.copy(primary, tmp_path / "replica.db")  # the replica, behind by what comes next
    store = ServerStore.open(f"sqlite:///{primary}", read_url=f"sqlite:///{tmp_path / 'replica.db'}")
    try:
        store.add_unit("TH0003", "Trường TH Nậm Cha 3", level="TH", commune_code="03388")
        period = server_reports.period_of("needs")
        with pytest.raises(SongMayError) as e:
            server_reports.make(store, "needs", "TH0003", period)
        assert e.value.key == "report.unit_unknown"  # not on the replica yet
        assert store.unit_by_code("TH0003") is not None  # the primary has it
    finally:
        store.close()
    same = ServerStore.open(f"sqlite:///{primary}")
    try:
        assert same.read_engine is same.engine  # no replica: the primary
        assert server_reports.make(same, "needs", "TH0003", server_reports.period_of("needs")) is not None
    finally:
        same.close()
