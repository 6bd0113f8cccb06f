"""The one way a widget runs an action or a query (DESIGN §3): ``Operations.run``.

The function runs on the database lane (``ui.tasks.DbWorker``), with a progress dialog
when it lasts (shown after ~600 ms, with Cancel when the function takes a ``job``), its
result or error delivered on the GUI thread, and — for an action (``app.ops.action``) —
every view told which record kinds changed (``AppContext.notify``), once.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.ops import ALL, changed_by, changed_if_failed
from ui.errors import report_exception
from ui.tasks import Cancelled, Job

PROGRESS_AFTER_MS = 600
_CANCELLED = object()  # what a job cancelled halfway answers


def _takes_job(fn: Callable[..., Any]) -> bool:
    try:
        return "job" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


class Operations:
    """Runs ``fn(store, *args, **kwargs)`` for the widgets of one window (``ctx``: its
    AppContext, with the database worker and the change notifier)."""

    def __init__(self, ctx: Any):
        self.ctx = ctx

    @classmethod
    def before_login(cls, worker: Any) -> Operations:
        """A runner for the start-up and the first-run wizard, before any window: the same
        lane, no views to tell."""
        return cls(SimpleNamespace(worker=worker, notify=lambda _kind="*": None))

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, owner: QObject | None = None,
            progress: str | None = None, parent: QWidget | None = None, notify: bool = True,
            on_progress: Callable[[int, int], None] | None = None,
            on_cancelled: Callable[[], None] | None = None, **kwargs: Any) -> Job:
        """Submits the call. ``progress``: the text of a progress dialog (over ``parent``)
        shown if it lasts; a ``fn`` with a ``job`` parameter gets the Job (``job.check(done,
        total)`` reports progress and raises once cancelled). ``notify``: tell the views
        what changed after success (``app.ops.changed_by``: what the result says, else the
        kinds ``fn`` is marked with; a query is marked with none and tells nothing), and
        after a failure what ``fn`` is marked to change even then. Errors go to ``on_error``,
        or to the error dialog; a job cancelled ends in ``on_cancelled`` (if given) and
        nothing else. ``on_progress(done, total)``: each ``job.check`` of a widget that
        shows progress its own way."""
        wants_job = _takes_job(fn)
        dialog = self._progress(progress, parent) if progress else None
        over = []  # set once the job answered (done, failed or cancelled)

        def work(store: Any, job: Job) -> Any:
            try:
                if wants_job:
                    return fn(store, *args, job=job, **kwargs)
                return fn(store, *args, **kwargs)
            except Cancelled:  # the worker would drop it silently: the dialog must close
                return _CANCELLED

        def done(result: Any) -> None:
            over.append(True)
            _close(dialog)
            if result is _CANCELLED:
                if on_cancelled is not None:
                    on_cancelled()
                return
            if notify:
                self.tell(changed_by(fn, result))
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            over.append(True)
            _close(dialog)
            if isinstance(exc, Cancelled):
                return
            if notify:
                self.tell(changed_if_failed(fn))
            if on_error is not None:
                on_error(exc)
            else:
                report_exception(exc, parent)

        def moved(n: int, total: int) -> None:
            if dialog is not None and shiboken6.isValid(dialog) and not dialog.wasCanceled():
                dialog.setMaximum(max(total, 1))
                dialog.setValue(min(n, total))
            if on_progress is not None:
                on_progress(n, total)

        job = self.ctx.worker.submit(work, done, failed, moved, owner=owner)

        # what a cancel does besides stopping the job: nothing here may refer back to the job
        # (a cycle would free it, with the widgets it holds, wherever the GC runs: see ui.tasks)
        job.settle = functools.partial(self._settle, over, done, owner)
        if dialog is not None:
            dialog.canceled.connect(job.cancel)
            dialog.canceled.connect(job.settle)
            if not wants_job:
                dialog.setCancelButton(None)  # it cannot stop halfway: nothing to cancel
        return job

    def cancel(self, job: Job) -> None:
        """Cancel a job ``run`` started: it stops at its next check (or before it starts)
        and ends in its ``on_cancelled``, its progress dialog closed — unless it had
        already finished."""
        job.cancel()
        if job.settle is not None:
            job.settle()

    def _settle(self, over: list, done: Callable[[Any], None], owner: QObject | None) -> None:
        """After a cancel: once the lane is past the job, end it as cancelled if it never
        answered (a job cancelled before it started is dropped without a word)."""
        self.after(lambda: over or done(_CANCELLED), owner=owner)

    def after(self, callback: Callable[[], None], *, owner: QObject | None = None) -> Job:
        """Calls ``callback`` on the GUI thread once the database lane is past everything
        submitted so far (a job cancelled before it started answers nothing: this tells
        when it is over)."""
        return self.ctx.worker.submit(lambda _store, _job: None, lambda _r: callback(), owner=owner)

    def call(self, fn: Callable[..., Any], *args: Any, notify: bool = True, timeout_ms: int = 60_000,
             **kwargs: Any) -> Any:
        """Runs ``fn`` and waits for it (up to ``timeout_ms``, then TimeoutError), the event
        loop running (start-up, tests); raises what it raised. The views are told what
        changed, as with ``run``."""
        result = self.ctx.worker.call(lambda store: fn(store, *args, **kwargs), timeout_ms=timeout_ms)
        if notify:
            self.tell(changed_by(fn, result))
        return result

    def tell(self, kinds: frozenset[str]) -> None:
        """Every view learns which kinds changed, each once ("*": everything, alone). For
        work that is not one function run here — a sync's stages (``ui.sync_controller``),
        what an enrolment changed of the unit; an action run here is told by ``run``."""
        for kind in sorted(kinds) if ALL not in kinds else [ALL]:
            self.ctx.notify(kind)

    @staticmethod
    def _progress(text: str, parent: QWidget | None) -> QProgressDialog:
        dialog = QProgressDialog(text, QCoreApplication.translate("Operations", "Cancel"), 0, 0, parent)
        dialog.setObjectName("operation_progress")
        if parent is not None:
            dialog.setWindowTitle(parent.windowTitle())
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(PROGRESS_AFTER_MS)
        dialog.setValue(0)
        return dialog


def _close(dialog: QProgressDialog | None) -> None:
    if dialog is not None and shiboken6.isValid(dialog):
        with contextlib.suppress(RuntimeError):
            dialog.close()
            dialog.deleteLater()
