"""The public pages' figure cache (``server.web.public._Pages``): one build of a page at a
time, and a page just past its age answered from what is kept while one rebuild runs — a
crowd arriving as the country's page (seconds to build) expires costs one build."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from server.web.public import _Pages


class Builds:
    """A page's figures made slowly, counting how often."""

    def __init__(self, seconds: float = 0.3):
        self.seconds, self.calls, self.lock = seconds, 0, threading.Lock()

    def __call__(self) -> dict:
        with self.lock:
            self.calls += 1
            n = self.calls
        time.sleep(self.seconds)
        return {"build": n}


def test_a_crowd_asking_for_a_page_not_kept_waits_for_one_build():
    pages, make = _Pages(60), Builds()
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda _n: pages.get(("national", ""), make), range(8)))
    assert make.calls == 1 and got == [{"build": 1}] * 8
    assert pages.get(("national", ""), make) == {"build": 1} and make.calls == 1  # kept


def test_a_page_just_past_its_age_is_answered_at_once_while_one_rebuild_runs():
    pages, make = _Pages(1), Builds(0.5)
    assert pages.get(("province", "01"), make) == {"build": 1}
    time.sleep(1.1)  # past its age, younger than twice it
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda _n: pages.get(("province", "01"), make), range(8)))
    assert got == [{"build": 1}] * 8  # none waited for the rebuild
    deadline = time.monotonic() + 10
    while pages.get(("province", "01"), make) != {"build": 2}:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert make.calls == 2  # one rebuild for the crowd


def test_a_page_long_expired_is_built_afresh_and_a_failed_rebuild_keeps_the_page(caplog):
    pages = _Pages(1)
    assert pages.get(("school", "X"), lambda: {"v": 1}) == {"v": 1}
    time.sleep(1.1)

    def broken() -> dict:
        raise RuntimeError("database gone")

    assert pages.get(("school", "X"), broken) == {"v": 1}  # stale, the rebuild fails behind it
    deadline = time.monotonic() + 10
    while "the rebuild failed" not in caplog.text:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert pages.get(("school", "X"), lambda: {"v": 2}) in ({"v": 1}, {"v": 2})
    pages2 = _Pages(0.2)
    assert pages2.get(("school", "Y"), lambda: {"v": 1}) == {"v": 1}
    time.sleep(0.5)  # older than twice its age: not answered from the cache any more
    assert pages2.get(("school", "Y"), lambda: {"v": 3}) == {"v": 3}
    assert pages2.get(("school", "Z"), lambda: None) is None
    assert pages2.get(("school", "Z"), lambda: {"v": 4}) == {"v": 4}  # nothing kept of a page that was not


def test_a_crawler_walking_every_expired_page_starts_few_rebuilds_one_at_a_time():
    pages = _Pages(1)
    running, peak, started, lock = 0, 0, 0, threading.Lock()

    def make() -> dict:
        nonlocal running, peak, started
        with lock:
            running += 1
            started += 1
            peak = max(peak, running)
        time.sleep(0.2)
        with lock:
            running -= 1
        return {"v": 2}

    for n in range(100):
        pages.get(("school", str(n)), lambda: {"v": 1})
    time.sleep(1.1)
    t0 = time.monotonic()
    got = [pages.get(("school", str(n)), make) for n in range(100)]
    assert got == [{"v": 1}] * 100 and time.monotonic() - t0 < 1  # every one answered at once, from the cache
    assert started <= 5
    deadline = time.monotonic() + 10
    while running or len(pages._building):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert peak == 1 and 1 <= started <= 5
