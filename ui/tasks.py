"""Background work with results on the GUI thread.

Two lanes, as in Anki's taskman: one ``DbWorker`` thread (a Python thread fed by a
queue) owns the store (a sqlite3
connection belongs to the thread that opened it) and runs every database job in order;
network jobs go to the global QThreadPool. Results and errors come back through queued
signals and are delivered to callbacks on the GUI thread. The views learn what changed
from the operations runner (``ui.operations``), which tells them through the context's
``Changes`` once an action is done; the worker itself broadcasts nothing.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from ui.errors import report_exception

log = logging.getLogger("songmay.ui")


class Cancelled(Exception):
    """Raised inside a job by ``Job.check`` after the user pressed Cancel."""


@dataclass
class Job:
    """A submitted piece of work. ``check(done, total)`` reports progress and raises
    Cancelled once the job was cancelled; long jobs call it between chunks."""

    id: int
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    on_progress: Callable[[int, int], None] | None = None
    owner: QObject | None = None
    settle: Callable[[], None] | None = None  # a cancel that also ends it if it never starts (ui.operations)
    _cancel: threading.Event = field(default_factory=threading.Event)
    _emit_progress: Callable[[int, int, int], None] | None = None
    _fn: Callable[..., Any] | None = None

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self, done: int = 0, total: int = 0) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        if self._emit_progress and total:
            self._emit_progress(self.id, done, total)


class _Bridge(QObject):
    finished = Signal(int, bool, object)
    progress = Signal(int, int, int)


class DbWorker(QObject):
    """Runs ``fn(store, job)`` on the database thread, in submission order."""

    busy_changed = Signal(bool)

    def __init__(self, opener: Callable[[], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._jobs: dict[int, Job] = {}
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._finished)
        self._bridge.progress.connect(self._progress)
        self._opener = opener
        # A plain Python thread with a queue: Qt never calls into Python on this thread,
        # results travel back through a queued signal of the GUI-thread bridge.
        self._queue: queue.Queue = queue.Queue()
        self._outcomes: dict[int, tuple[bool, Any]] = {}  # job id → (ok, result or exception)
        self._thread = threading.Thread(target=self._loop, name="songmay-db", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        store = None
        while True:
            item = self._queue.get()
            if item is None:
                break
            job_id, fn, job = item
            # Never hold the last reference to a job here: its callbacks, its owner and what
            # its function captured may be QObjects (a widget, call()'s QEventLoop), and a
            # QObject destroyed on this thread waits for the GIL while holding Qt's locks —
            # a deadlock with the GUI thread connecting a signal. The GUI thread keeps the job
            # (with its function) in _jobs until _finished, so drop ours before each emit.
            item = result = None
            try:
                if store is None:
                    store = self._opener()
                if job.cancelled:
                    raise Cancelled()
                result = fn(store, job)
                outcome: tuple[bool, Any] = (True, result)
            except BaseException as e:  # delivered to the GUI thread, never lost
                if not isinstance(e, Cancelled):
                    log.debug("job %s failed", job_id, exc_info=True)
                traceback.clear_frames(e.__traceback__)  # their locals (the job…); lines stay
                outcome = (False, e)
            # The outcome (a result, or an exception and its traceback) is handed over in
            # _outcomes and only the job's id travels in the signal: once this thread has let
            # go of everything, whatever the GUI thread drops last is freed there, not here.
            fn = job = result = None
            ok = outcome[0]
            self._outcomes[job_id] = outcome
            outcome = None
            self._bridge.finished.emit(job_id, ok, None)
        if store is not None:
            store.close()

    def submit(
        self,
        fn: Callable[[Any, Job], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> Job:
        """``owner``: a widget or model the callbacks belong to; once it is deleted (a
        closed dialog, a page rebuilt after a language switch) they are not called."""
        # the job holds fn, released with it on this (the GUI) thread: see _loop
        job = Job(next(self._ids), on_done, on_error, on_progress, owner, _emit_progress=self._bridge.progress.emit,
                  _fn=fn)
        self._jobs[job.id] = job
        if len(self._jobs) == 1:
            self.busy_changed.emit(True)
        self._queue.put((job.id, fn, job))
        return job

    def call(self, fn: Callable[[Any], Any], timeout_ms: int = 60_000) -> Any:
        """Run ``fn(store)`` and wait for it, keeping the event loop running (start-up,
        tests). Raises what ``fn`` raised."""
        loop = QEventLoop()
        box: dict[str, Any] = {}

        def done(result: Any) -> None:
            box["result"] = result
            loop.quit()

        def failed(exc: BaseException) -> None:
            box["error"] = exc
            loop.quit()

        self.submit(lambda store, job: fn(store), done, failed)
        if "result" not in box and "error" not in box:
            QTimer.singleShot(timeout_ms, loop.quit)
            loop.exec()
        if "error" in box:
            raise box["error"]
        if "result" not in box:
            raise TimeoutError("database job did not finish")
        return box["result"]

    @Slot(int, bool, object)
    def _finished(self, job_id: int, ok: bool, payload: Any) -> None:
        ok, payload = self._outcomes.pop(job_id, (ok, payload))
        job = self._jobs.pop(job_id, None)
        if not self._jobs:
            self.busy_changed.emit(False)
        if job is None or (job.owner is not None and not shiboken6.isValid(job.owner)):
            return
        if ok:
            if job.on_done:
                job.on_done(payload)
        elif isinstance(payload, Cancelled):
            return
        elif job.on_error:
            job.on_error(payload)
        else:
            report_exception(payload)

    @Slot(int, int, int)
    def _progress(self, job_id: int, done: int, total: int) -> None:
        job = self._jobs.get(job_id)
        if job and job.on_progress and (job.owner is None or shiboken6.isValid(job.owner)):
            job.on_progress(done, total)

    def run_in_pool(self, fn: Callable[[], Any], on_done=None, on_error=None) -> Job:
        """``fn()`` on QThreadPool (network or other non-database work); its result or
        error delivered on the GUI thread as a database job's."""
        job = Job(next(self._ids), on_done, on_error)
        self._jobs[job.id] = job
        QThreadPool.globalInstance().start(_NetRunnable(fn, self._bridge, job.id))
        return job

    def shutdown(self) -> None:
        """Finish the queued jobs, close the store, end the thread."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(30)


class _NetRunnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], bridge: _Bridge, job_id: int):
        super().__init__()
        self.fn, self.bridge, self.job_id = fn, bridge, job_id

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as e:
            self.bridge.finished.emit(self.job_id, False, e)
        else:
            self.bridge.finished.emit(self.job_id, True, result)


def run_in_pool(worker: DbWorker, fn: Callable[[], Any], on_done=None, on_error=None) -> Job:
    """Network or other non-database work on QThreadPool; callbacks on the GUI thread."""
    return worker.run_in_pool(fn, on_done, on_error)
