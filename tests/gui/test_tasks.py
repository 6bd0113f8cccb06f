"""DbWorker never holds the last reference to a finished job: what a job's function or
callbacks captured (widgets, call()'s QEventLoop) is released on the GUI thread. A QObject
released on the database thread waits there for the GIL while holding Qt's locks, which
deadlocked the app at start-up (seen in `songmay --self-check`)."""

from __future__ import annotations

import weakref

import pytest

from ui.tasks import DbWorker


class Marker:
    pass


class FakeStore:
    def close(self) -> None:
        pass


@pytest.fixture
def worker(qapp):
    w = DbWorker(FakeStore)
    yield w
    w.shutdown()


def test_a_finished_job_is_released_with_what_it_captured(worker):
    marker = Marker()
    ref = weakref.ref(marker)
    assert worker.call(lambda store, m=marker: "done") == "done"
    del marker
    assert ref() is None  # not kept alive by the database thread until its next job


def test_owner_of_a_submitted_job_is_released_on_this_thread(worker, qtbot):
    from PySide6.QtCore import QObject

    owner = QObject()
    ref = weakref.ref(owner)
    got = []
    worker.submit(lambda store, job: 1, got.append, owner=owner)
    qtbot.waitUntil(lambda: got == [1])
    del owner
    assert ref() is None
