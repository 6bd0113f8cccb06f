"""When and how the desktop app syncs with the provincial server, in the background.

One sync at a time, never while not enrolled. Triggers: "Sync now", a timer
(``sync.schedule``: every 15 minutes while syncs succeed, 1, 2, 4 … 60 minutes after
failures) and the network appearing (QNetworkInformation, where Qt has a backend for
this system; without one the timer alone does the work). The system's "offline" is not
trusted to skip a try: a school's server may sit on a LAN without a route to the internet.

A sync first probes the server on the thread pool (GET /health, no retries), so an
unreachable server — the usual case in a school without signal — costs the database
thread nothing. Then ``sync.session``'s stages run, driven from here on the GUI thread
(``_Stages``): each store step (what to push, one pulled batch, an acknowledgement, the
run's record) is a short job on the database lane, each network wait a job on the thread
pool — a search typed during a sync over a 2G link waits for one store step at most.
Progress comes back as a signal; Cancel stops it between steps (what was sent or received
is kept).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtWidgets import QWidget

from app import sync_state
from app.errors import SongMayError, SyncError
from app.queries import sync as sync_queries
from app.store import Store
from sync import client as sync_client
from sync import ops as sync_ops
from sync import tls
from sync.schedule import STOPPING, Schedule
from sync.stages import OnSnapshot, OnStore, Steps
from ui.context import AppContext
from ui.errors import Dialogs, report_exception
from ui.tasks import DbWorker, run_in_pool

log = logging.getLogger("songmay.ui")


def network_information() -> QNetworkInformation | None:
    """Qt's view of the network, or None where no backend tells reachability (CI, some
    Linux desktops): then the timer alone triggers syncs."""
    try:
        if not QNetworkInformation.loadDefaultBackend():
            return None
        info = QNetworkInformation.instance()
    except Exception:  # noqa: BLE001 - a missing plugin must never stop the app
        log.info("no network information backend", exc_info=True)
        return None
    if info is None or not info.supports(QNetworkInformation.Feature.Reachability):
        return None
    return info


class _Stages:
    """Drives a sync's stages (``sync.stages``) from the GUI thread: a store step as a job
    on the database lane, a link step on the thread pool; each result (or error) is sent
    back into the stages, which answer with the next step."""

    def __init__(self, worker: DbWorker, steps: Steps[Any], owner: QObject, on_done, on_error,
                 data_dir: Path | None = None):
        self.worker, self.steps, self.owner = worker, steps, owner
        self.data_dir = data_dir  # a snapshot step reads the file there on a connection of its own
        self.on_done, self.on_error = on_done, on_error

    def advance(self, result: Any = None, error: BaseException | None = None) -> None:
        try:
            step = self.steps.throw(error) if error is not None else self.steps.send(result)
        except StopIteration as stop:
            self.on_done(stop.value)
            return
        except BaseException as exc:  # noqa: BLE001 - the sync's outcome
            self.on_error(exc)
            return
        if isinstance(step, OnStore):
            fn = step.fn
            self.worker.submit(lambda store, job: fn(store), self.advance, self._thrown, owner=self.owner)
        elif isinstance(step, OnSnapshot) and self.data_dir is not None:
            fn, folder = step.fn, self.data_dir

            def read() -> Any:  # off the lane: a reader of its own, one snapshot
                reader = Store.reader(folder)
                try:
                    return fn(reader)
                finally:
                    reader.close()

            job = run_in_pool(self.worker, read, self.advance, self._thrown)
            job.owner = self.owner
        elif isinstance(step, OnSnapshot):
            fn = step.fn
            self.worker.submit(lambda store, job: fn(store), self.advance, self._thrown, owner=self.owner)
        else:
            job = run_in_pool(self.worker, step.fn, self.advance, self._thrown)
            job.owner = self.owner

    def _thrown(self, exc: BaseException) -> None:
        self.advance(error=exc)


class SyncController(QObject):
    started = Signal(bool)  # manual
    progress = Signal(str, int, int)  # stage ("pull", "push"), done, total (0: not known)
    finished = Signal(object)  # the SyncReport, or the SyncError
    state_changed = Signal()  # running, enrolment, next try: the status bar re-renders
    _job_progress = Signal(str, int, int)  # emitted on the database thread

    STARTUP_DELAY = 20.0  # seconds: the first automatic sync waits until the window is at work

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *, schedule: Schedule | None = None,
                 network: bool = True, attempts: int = 2, probe_timeout: tuple[float, float] = (10, 20)):
        super().__init__(parent)
        self.ctx = ctx
        self.schedule = schedule or Schedule()
        self.attempts = attempts
        self.probe_timeout = probe_timeout
        self.enrolment: sync_state.Enrolment | None = None
        self.running = False
        self.manual = False
        self.stage: tuple[str, int, int] | None = None  # the running sync's last progress
        self.last: Any = None  # this session's last outcome: SyncReport or SyncError
        self.last_at: dt.datetime | None = None
        self._cancel = threading.Event()
        self._stopped = False
        self.timer = QTimer(self, singleShot=True, objectName="sync_timer")
        self.timer.timeout.connect(self._due)
        self._job_progress.connect(self._on_progress)
        self.network = network_information() if network else None
        if self.network is not None:
            self.network.reachabilityChanged.connect(self._reachability)
        ctx.ops.run(sync_queries.start, on_done=self._loaded, owner=self)

    # ------------------------------------------------------------ state
    @property
    def enrolled(self) -> bool:
        return self.enrolment is not None

    @property
    def cancelling(self) -> bool:
        return self.running and self._cancel.is_set()

    def _loaded(self, loaded: tuple[sync_state.Enrolment | None, dict[str, Any] | None]) -> None:
        self.enrolment, last = loaded
        if last and last["result"] in STOPPING:  # revoked last time: wait for a person, as before
            self.schedule.stopped_by = last["result"]
        elif self.enrolment is not None:
            self._arm(self.schedule.start(self.STARTUP_DELAY))
        self.state_changed.emit()

    def _arm(self, delay: float | None) -> None:
        """Set the timer to the schedule's word: ``delay`` seconds, or stopped (None)."""
        if delay is None or self.enrolment is None:
            self.timer.stop()
        else:
            self.timer.start(max(0, int(delay * 1000)))
        self.state_changed.emit()

    @Slot(QNetworkInformation.Reachability)
    def _reachability(self, r: QNetworkInformation.Reachability) -> None:
        if self._stopped:
            return
        if r == QNetworkInformation.Reachability.Online and self.enrolled and not self.running:
            delay = self.schedule.network_up()
            if delay is not None:
                self._arm(delay)

    def _due(self) -> None:
        self.sync_now(manual=False)

    # ------------------------------------------------------------ one sync
    def sync_now(self, manual: bool = True) -> bool:
        """Start a sync unless one runs or this computer is not enrolled; False if none started."""
        if self.running or self._stopped:
            return False
        if self.enrolment is None:
            if manual:
                self._failed(SyncError("sync.not_enrolled"), manual=True)
            return False
        self.running, self.manual, self.stage = True, manual, None
        self._cancel.clear()
        self.timer.stop()
        self.started.emit(manual)
        self.state_changed.emit()
        url, timeout, ca = self.enrolment.url, self.probe_timeout, self.enrolment.ca_pem  # the CA enrolment gave
        job = run_in_pool(self.ctx.worker, lambda: sync_client.probe(url, timeout=timeout, ca_pem=ca), self._probed,
                          lambda exc: self._failed(exc, manual=manual))
        job.owner = self
        return True

    def cancel(self) -> None:
        if self.running and not self._cancel.is_set():
            self._cancel.set()
            self.state_changed.emit()

    def _probed(self, _health: Any) -> None:
        if self._cancel.is_set():
            self._failed(SyncError("sync.cancelled"), manual=self.manual)
            return
        received = {"n": 0}
        cancel, attempts, manual = self._cancel, self.attempts, self.manual

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage == "pull":
                received["n"] = done
            if not cancel.is_set():  # after a cancel the window may be going away
                self._job_progress.emit(stage, done, total or 0)

        session = sync_client.session(progress=progress, cancelled=cancel.is_set, attempts=attempts)
        _Stages(self.ctx.worker, session.steps(), self, self._succeeded,
                lambda exc: self._failed(exc, manual=manual, received=received["n"]),
                data_dir=self.ctx.data_dir).advance()

    @Slot(str, int, int)
    def _on_progress(self, stage: str, done: int, total: int) -> None:
        if self.running:
            self.stage = (stage, done, total)
            self.progress.emit(stage, done, total)

    def _succeeded(self, report: sync_client.SyncReport) -> None:
        self.running, self.stage = False, None
        self.last, self.last_at = report, self.schedule.clock()
        self._arm(self.schedule.succeeded())
        self.ctx.ops.tell(frozenset({"*" if report.received else "sync"}))
        self.finished.emit(report)

    def _failed(self, exc: BaseException, *, manual: bool, received: int = 0) -> None:
        if not shiboken6.isValid(self):
            return
        self.running, self.stage = False, None
        if not isinstance(exc, SyncError):  # a bug, not the network: say so, and retry later
            self._arm(self.schedule.failed("sync.failed"))
            report_exception(exc)
            return
        if self._cancel.is_set() and exc.key in sync_client.RETRYABLE:
            exc = SyncError("sync.cancelled")  # stopped by a person while the link failed anyway
        self.last, self.last_at = exc, self.schedule.clock()
        self._arm(self.schedule.failed(exc.key))
        # batches received before the failure are kept: the lists must show them
        self.ctx.ops.tell(frozenset({"*" if received else "sync"}))
        self.finished.emit(exc)
        if manual and exc.key != "sync.cancelled":
            parent = self.parent()
            Dialogs.warn(parent if isinstance(parent, QWidget) else None, exc.message())

    # ------------------------------------------------------------ enrolment
    def enrol(self, url: str, code: str, on_done, on_error, *, owner: QObject | None = None,
              ca_file: str = "") -> None:
        """Probe ``url``, then redeem the one-time ``code`` (on the database thread: the
        enrolment is kept in the store). ``on_done((enrolment, {code, name}))``; then the
        first sync starts. ``ca_file``: the province's CA certificate file, where it runs its
        own certificate authority (read and checked on the pool thread, with the probe)."""
        url = url.strip()
        timeout = self.probe_timeout

        def alive() -> bool:
            return owner is None or shiboken6.isValid(owner)

        def probe() -> str:
            ca_pem = tls.read_ca_file(ca_file)
            sync_client.probe(url, timeout=timeout, ca_pem=ca_pem)
            return ca_pem

        def probed(ca_pem: str) -> None:
            # owned by the controller: a dialog closed meanwhile must not lose the enrolment
            self.ctx.ops.run(sync_ops.enrol_online, url, code, ca_pem, on_done=done, on_error=failed, owner=self)

        def done(result: Any) -> None:
            self.enrolment = result[0]
            self.schedule.failures, self.schedule.stopped_by = 0, None
            self._take_registry_unit(result[1])
            self.state_changed.emit()
            if alive():
                on_done(result)
            if not self.sync_now(manual=False):
                self._arm(self.schedule.start())  # a sync was running: the next one soon

        def failed(exc: BaseException) -> None:
            if alive():
                on_error(exc)
            elif not isinstance(exc, SyncError):
                report_exception(exc)

        job = run_in_pool(self.ctx.worker, probe, probed, on_error)
        job.owner = owner

    def enrol_file(self, path: str, on_done, on_error, *, owner: QObject | None = None) -> None:
        """Enrol with an officer's enrolment file, no network needed (sync.enrolment, on
        the database thread). ``on_done((enrolment, {code, name, officers}))``; automatic
        syncs then start as after enrolling online: the first one that reaches the server
        completes the enrolment."""
        def done(result: Any) -> None:
            self.enrolment = result[0]
            self.schedule.failures, self.schedule.stopped_by = 0, None
            self._take_registry_unit(result[1])
            if not self.running:
                self._arm(self.schedule.start())
            self.state_changed.emit()
            if owner is None or shiboken6.isValid(owner):
                on_done(result)

        def failed(exc: BaseException) -> None:
            if owner is None or shiboken6.isValid(owner):
                on_error(exc)
            elif not isinstance(exc, SongMayError):
                report_exception(exc)

        # the runner tells the status bar: the changes not yet sent now go to the province
        self.ctx.ops.run(sync_ops.enrol_with_file, path, on_done=done, on_error=failed, owner=self)

    def _take_registry_unit(self, unit: dict[str, Any]) -> None:
        """The enrolment gave this school the province's record of it (the registry's id and
        name): every screen reads the unit from the context, so they follow at once."""
        if unit.get("id") and unit["id"] != self.ctx.unit.get("id"):
            self.ctx.unit.update({k: unit[k] for k in ("id", "code", "name") if unit.get(k)})
            self.ctx.ops.tell(frozenset({"*"}))

    def stop(self) -> None:
        """The window closes: no more syncs, and a running one stops at its next check."""
        self._stopped = True
        self.timer.stop()
        self._cancel.set()
