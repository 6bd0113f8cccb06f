"""The operations runner (ui/operations.py): an action runs on the database lane, its
result or error comes back on the GUI thread, the views are told once which kinds it
changed, a long one shows progress and can be cancelled."""

from __future__ import annotations

import threading

import pytest

from app.ops import action
from app.records import Student
from tests.helpers import factories as f


@action("student")
def rename(store, student_id: str, name: str) -> Student:
    s = store.get(Student, student_id)
    s.full_name = name
    return store.save(s, "test")


def count(store) -> int:
    return store.count(Student)


@action("*")
def slow(store, *, job, gate: threading.Event) -> int:
    n = 0
    while not gate.wait(0.01):
        n += 1
        job.check(n, 1000)
    return n


@pytest.fixture
def ctx(app_window):
    return app_window.ctx


def test_an_action_runs_off_the_gui_thread_and_tells_the_views_what_changed(ctx, qtbot):
    kid = ctx.worker.call(lambda store: f.student(store))
    seen: list[str] = []
    ctx.changes.changed.connect(seen.append)
    gui = threading.get_ident()
    threads: list[int] = []

    @action("student")
    def where(store, student_id):
        threads.append(threading.get_ident())
        return rename(store, student_id, "Lo Thi Anh")

    got: list[Student] = []
    ctx.ops.run(where, kid.id, on_done=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    assert got[0].full_name == "Lo Thi Anh"
    assert threads and threads[0] != gui
    assert seen == ["student"]  # once, the kind it is marked with

    seen.clear()
    total: list[int] = []
    ctx.ops.run(count, on_done=total.append)  # a query tells nobody
    qtbot.waitUntil(lambda: bool(total), timeout=10_000)
    assert total[0] >= 1 and seen == []


def test_an_error_reaches_the_caller_and_nothing_is_notified(ctx, qtbot):
    seen: list[str] = []
    ctx.changes.changed.connect(seen.append)
    errors: list[BaseException] = []
    ctx.ops.run(rename, "no-such-child", "x", on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert seen == []


def test_a_long_action_shows_progress_and_cancel_stops_it(ctx, qtbot, app_window):
    gate = threading.Event()
    done: list[int] = []
    job = ctx.ops.run(slow, gate=gate, on_done=done.append, progress="Working", parent=app_window)
    qtbot.waitUntil(lambda: app_window.findChild(object, "operation_progress") is not None, timeout=10_000)
    job.cancel()  # the loop's next check raises: the job ends without a result
    qtbot.waitUntil(lambda: app_window.ctx.worker.call(lambda store: True), timeout=10_000)
    gate.set()
    assert done == []  # cancelled: no result delivered
