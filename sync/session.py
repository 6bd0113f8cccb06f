"""One HTTP sync with the provincial server, in named stages (``sync.stages``):

  hello  the enrolment read; an installation enrolled offline presents its file first
         (``claim``); the run is recorded as started;
  pull   the device's summary goes up; the server answers with its own summary, the
         device's scope, its notices and, in the same response, the batches the device
         lacks — each read and decoded off the store, then applied in one short store step
         (``more`` → ask again);
  relay  an officer's installation: the schools' USB bundles go up to the province;
  push   the records above the server's summary, in batches bounded by bytes, each
         acknowledged; the last acknowledgement carries the server's new summary (then a
         pull again when the scope grew, conflicts were found or bundles were relayed);
  ack    an officer's installation: the acknowledgements its schools wait for come down;
         the run is recorded as finished, with its result.

With a server of API 2 (``server.exchange``), the first pull and the first push batch are
one request: the device sends its summary with the records the server is not yet known to
hold (``changes.remote_summary``), and the answer acknowledges them and carries the pull —
on a 2G link, TCP + TLS + one request is the whole of a small sync. What is left goes up in
the push stage as before, against the summary the answer gave. The encoding follows the
link: over a link whose connection took more than ``SLOW_LINK`` seconds to open, batches
go as LZMA (fewer bytes), else zlib (less CPU); layout 2 where the server reads it.

A dropped link loses at most the batch in flight: the next attempt starts again with a
hello, and the summaries select exactly what is still missing (``app.changes``). Retries
are bounded, with backoff, on retryable failures only (no connection, timeouts, 502-504).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from app import authz, changes, sync_state
from app.errors import SyncError
from app.ops.reports import publish_submitted
from app.store import Store
from sync import enrolment, keys, relay
from sync.protocol import (
    CODECS,
    FORMAT_V1,
    FORMATS,
    PROTOCOL_VERSION,
    ZLIB,
    ProtocolError,
    iter_counted_batches,
    read_batch,
)
from sync.stages import OnLink, OnSnapshot, OnStore, Run, Steps

Progress = Callable[[str, int, int | None], None]  # (stage "pull"/"push", done, total or None)
RETRYABLE = ("sync.offline", "sync.timeout", "sync.server_error", "sync.server_unavailable")
BATCH_BYTES = 128 * 1024
SLOW_LINK = 0.15  # seconds to open a connection (TCP + TLS) above which bytes cost more than CPU


@dataclass
class SyncReport:
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    notices: int = 0
    pending: int = 0
    attempts: int = 0
    contacted: bool = False  # the server answered at least once during this sync
    relayed: int = 0  # schools' USB bundles relayed to the province (an officer's installation)
    carried: int = 0  # of them, carried unread (sealed for the province only)
    acks: list[str] = field(default_factory=list)  # acknowledgements to carry back, in the data folder
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"sent": self.sent, "received": self.received, "conflicts": self.conflicts,
                "rejected": len(self.rejected), "notices": self.notices, "pending": self.pending,
                "attempts": self.attempts, "seconds": round(self.seconds, 2), "relayed": self.relayed,
                "carried": self.carried,
                "acks": self.acks}


class SyncSession:
    """One sync: ``steps()`` is its stages, for a driver to run (``sync.stages.run``, or the
    desktop app's). ``connect(url, token)`` makes the client (a ``sync.client.Client``, or
    anything with its calls) once the enrolment is read; it is closed at the end."""

    def __init__(self, connect: Callable[[str, str], Any], *, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None, batch_bytes: int = BATCH_BYTES,
                 attempts: int = 4, backoff: float = 1.0, close: bool = True):
        self.connect = connect
        self.progress = progress or (lambda *_: None)
        self.cancelled = cancelled or (lambda: False)
        self.batch_bytes = batch_bytes
        self.attempts = attempts
        self.backoff = backoff
        self.close = close
        self.report = SyncReport()
        self.encoding: dict[str, int] = {"codec": ZLIB, "fmt": FORMAT_V1}  # of what goes up, once known
        # what the one request of API 2 left to push: (picked, how many went, their batches
        # encoded ahead), for the push stage to go on with
        self.rest: tuple[PushRead | list[dict[str, Any]], int, Any] | None = None

    def check(self) -> None:
        if self.cancelled():
            raise SyncError("sync.cancelled")

    # ------------------------------------------------------------ hello
    def steps(self) -> Steps[SyncReport]:
        yield OnStore("hello", publish_submitted)  # the reports submitted here go up as records
        e = yield OnStore("hello", _enrolment)
        client = self.connect(e.url, e.token, e.ca_pem)
        try:
            if not e.token:  # enrolled offline: the first contact registers this installation
                e = yield from claim(client)
            yield from self._attempts(client, e)
        finally:
            if self.close:
                client.close()
        return self.report

    def _attempts(self, client: Any, e: sync_state.Enrolment) -> Steps[None]:
        report, run = self.report, Run("http")
        started = time.monotonic()
        yield run.start()
        try:
            for attempt in range(1, self.attempts + 1):
                report.attempts = attempt
                try:
                    yield from self._round(client, e)
                    break
                except SyncError as err:
                    # a server never reached is not hammered: urllib3 already retried the connect;
                    # one that answers "unavailable" (its database restarting) is waited for
                    answered = report.contacted or err.key == "sync.server_unavailable"
                    if err.key not in RETRYABLE or attempt == self.attempts or not answered:
                        raise
                    wait = max(self.backoff * 2 ** (attempt - 1), float(err.params.get("retry_after", 0) or 0))
                    yield OnLink("hello", partial(pause, min(30.0, wait), self.cancelled))
        except SyncError as err:
            report.seconds = time.monotonic() - started
            report.pending = yield OnStore("ack", _pending)
            yield run.finish(err.key, sent=report.sent, received=report.received,
                             detail={**report.as_dict(), "message": err.message()})
            raise
        report.seconds = time.monotonic() - started
        report.pending = yield OnStore("ack", _pending)
        yield run.finish("ok", sent=report.sent, received=report.received, detail=report.as_dict())

    def _round(self, client: Any, e: sync_state.Enrolment) -> Steps[None]:
        report = self.report
        first_ack: dict[str, Any] = {}
        api2 = int(e.server.get("api", 1) or 1) >= 2 and hasattr(client, "exchange")
        if api2:
            header, first_ack = yield from self._exchange(client, e)
        else:
            header = yield from self._pull(client, e)
        report.notices = len(header.get("notices") or [])
        # ---- relay: an officer's installation: schools' USB bundles go up first
        server_summary = {k: int(v) for k, v in (header.get("summary") or {}).items()}
        relayed = None
        if (yield OnStore("relay", relay.pending_relays)):
            relayed = yield from relay.upload_steps(client)
            report.relayed = len(relayed.relayed)
            report.carried = sum(1 for r in relayed.relayed if r.get("carried"))
            # what the schools' bundles brought is at the province now: not pending here, not pushed
            server_summary = changes.join(server_summary, relayed.summary)
            yield OnStore("relay", partial(_acknowledged, summary=relayed.summary))
        # ---- push
        ack = first_ack
        rest, self.rest = self.rest, None  # the server checked the presumption (``since``): go on
        if rest is not None or (yield OnStore("push", partial(_ahead_of, server_summary))):
            ack = yield from self._push(client, server_summary, rest, end_waits=api2)
        if isinstance(ack.get("recipients"), list):  # a new school: its officers are known once its unit is in
            yield OnStore("push", partial(sync_state.save_keys, recipients=ack["recipients"], devices=None))
        if ack.get("scope") and ack["scope"] != e.scope:  # e.g. an office's first push: now its schools
            e.scope = list(ack["scope"])
            yield OnStore("push", partial(sync_state.set_scope, scope=e.scope))
            yield from self._pull(client, e)
        elif report.conflicts or (relayed is not None and relayed.relayed):
            # found while pulling: tell the server now, for the school's other devices; or the
            # schools' bundles just relayed, the carried ones too: their records come down now
            yield from self._pull(client, e)
        # ---- ack: what its schools wait for, after the push, so that the decisions made here
        # since the last sync go in them too
        office = yield OnStore("ack", _is_office)
        if relayed is not None or office:
            written = yield from relay.fetch_acks_steps(client, relayed.senders if relayed else None)
            report.acks = [*report.acks, *written]

    # ------------------------------------------------------------ pull
    def _pull(self, client: Any, e: sync_state.Enrolment) -> Steps[dict[str, Any]]:
        """Hello, and apply what comes with it, until the server has nothing more."""
        header: dict[str, Any] = {}
        more = True
        while more:
            self.check()
            header = {}
            summary, conflicts = yield OnStore("pull", partial(_hello_args, scope=e.scope))
            slow = getattr(client, "link", None) is not None and client.link >= SLOW_LINK
            accept = {"formats": list(FORMATS), "codecs": list(CODECS) if slow else [ZLIB, *CODECS[:-1]]}
            frames = client.hello(summary, self.batch_bytes, conflicts, accept=accept) \
                if hasattr(client, "exchange") else client.hello(summary, self.batch_bytes, conflicts)
            header = yield from self._take_frames(frames, e)
            if not header:
                raise SyncError("sync.bad_response", reason="no header")
            more = bool(header.get("more"))
        yield OnStore("pull", partial(_pulled, header=header))
        return header

    def _take_frames(self, frames: Iterator[tuple[str, Any]], e: sync_state.Enrolment) -> Steps[dict[str, Any]]:
        """The frames of a hello's (or an exchange's) answer: the header, then each batch
        decoded off the store and applied in one store step. Returns the header."""
        report = self.report
        header: dict[str, Any] = {}
        try:
            while (item := (yield OnLink("pull", partial(_next_frame, frames)))) is not None:
                kind, payload = item
                if kind == "header":
                    header = payload
                    report.contacted = True
                    if header.get("protocol") != PROTOCOL_VERSION:
                        raise SyncError("sync.protocol_mismatch", server=header.get("protocol"),
                                        client=PROTOCOL_VERSION)
                    if header.get("scope") and header["scope"] != e.scope:
                        e.scope = list(header["scope"])
                        yield OnStore("pull", partial(sync_state.set_scope, scope=e.scope))
                    server = _capabilities(header)
                    if server and server != e.server:  # what the server reads: for this sync and the next
                        e.server = server
                        yield OnStore("pull", partial(sync_state.set_server, server=server))
                    continue
                result = yield OnStore("pull", partial(_apply, batch=payload))
                report.received += result.changed
                report.conflicts += result.conflicts
                self.progress("pull", report.received, None)
                self.check()
        finally:
            frames.close()
        return header

    # ------------------------------------------------------------ hello and push in one request
    def _exchange(self, client: Any, e: sync_state.Enrolment) -> Steps[tuple[dict[str, Any], dict[str, Any]]]:
        """The first hello with the first batch of the push (API 2): of what the server is
        not known to hold (``since``: what this device was last told it held; a server that
        holds less merges none of it). The answer acknowledges the batch and carries the pull.
        Returns the header and the batch's acknowledgement ({} when nothing went up); the push
        stage goes on with the batches already encoded (``self.rest``), each acknowledged, so
        a drop costs one batch. (Streaming every batch in the one request was measured too:
        no faster on 127.0.0.1 within this machine's noise, and a drop would cost them all.)"""
        report = self.report
        self.check()
        summary, conflicts = yield OnStore("pull", partial(_hello_args, scope=e.scope))
        presumed = yield OnStore("push", _presumed)
        # read on a thread of its own as it is encoded and sent (``PushRead``): the first batch
        # goes up while the last rows are still being read
        picked: PushRead | list[dict[str, Any]] = (yield OnStore("push", partial(PushRead.start, presumed))) \
            if (yield OnStore("push", partial(_ahead_of, presumed))) else []
        # an END marker alone (no record of ours: only the counter moved with merges) goes up
        # too, in this one request: the province learns how far this installation has
        # written, which a USB bundle's claims presume later (``server`` ``trim_claims``)
        counts: list[int] = []
        # encoded while the connection opens: for a fast link at once; for a slow one as soon
        # as the connection has taken SLOW_LINK seconds without being ready (or at once, when
        # the last sync found the link slow), so that the waiting is spent compressing
        fast, slow_enc = _encoding(e.server, False), _encoding(e.server, True)
        ahead: dict[tuple[int, int], Iterator[tuple[bytes, int]]] = {}
        lock = threading.Lock()
        opened = threading.Event()

        def start(enc: dict[str, int]) -> Iterator[tuple[bytes, int]]:
            with lock:
                key = (enc["codec"], enc["fmt"])
                if key not in ahead:
                    ahead[key] = encoded_ahead(picked, self.batch_bytes, **enc)
                return ahead[key]

        if picked:
            start(slow_enc if e.link >= SLOW_LINK else fast)
            timer = threading.Timer(SLOW_LINK, lambda: None if opened.is_set() else start(slow_enc))
            timer.daemon = True
            timer.start()
        batches: list[Iterator[tuple[bytes, int]]] = []

        def make(link: float | None) -> tuple[dict[str, Any], Iterator[bytes]]:
            opened.set()
            slow = (link if link is not None else e.link) >= SLOW_LINK
            self.encoding = slow_enc if slow else fast
            hello = {"protocol": PROTOCOL_VERSION, "summary": summary, "batch_bytes": self.batch_bytes,
                     "conflicts": conflicts, "formats": list(FORMATS),
                     "codecs": list(CODECS) if slow else [ZLIB, *CODECS[:-1]], "since": presumed}
            if picked:
                batches.append(start(self.encoding))

            def going() -> Iterator[bytes]:  # the first batch; the rest go one by one, each acknowledged
                item = next(batches[-1], None) if batches else None
                if item is not None:
                    counts.append(item[1])
                    yield item[0]
            return hello, going()

        frames = client.exchange(make)
        keep = None
        try:
            header = yield from self._take_frames(frames, e)
            keep = batches[-1] if batches else None
        finally:
            opened.set()
            with lock:
                for b in ahead.values():
                    if b is not keep:
                        b.close()
        if not header:
            raise SyncError("sync.bad_response", reason="no header")
        link = getattr(client, "link", None)
        if link is not None and (link >= SLOW_LINK) != (e.link >= SLOW_LINK):
            e.link = link
            yield OnStore("push", partial(sync_state.set_link, seconds=link))
        acks = header.get("acks") or []
        if len(acks) != len(counts):
            raise SyncError("sync.bad_response", reason=f"{len(acks)} acknowledgements for {len(counts)} batches")
        if any(a.get("skipped") for a in acks):  # the server holds less than it was known to: none merged
            acks, counts = [], []
        ack: dict[str, Any] = {}
        at, clean = 0, True
        for ack, count in zip(acks, counts, strict=True):
            report.sent += sum(int(ack.get(k, 0)) for k in ("inserted", "updated", "ignored", "conflicts"))
            report.rejected += ack.get("rejected") or []
            clean = clean and not ack.get("rejected")
            if clean and not ack.get("complete"):
                yield OnStore("push", partial(_acknowledged, summary=_claims(picked[at:at + count])))
            at += count
        if ack.get("complete"):
            yield OnStore("push", partial(_pushed, ack=ack))
        if keep is not None:
            if counts and clean and not ack.get("complete"):
                self.rest = (picked, at, keep)  # the push stage goes on from the next batch
            else:
                keep.close()
        if counts:
            self._pushed_so_far(picked)
        if header.get("more"):  # more to pull than one answer holds: the hellos of API 1 go on
            header = yield from self._pull(client, e)
        else:
            yield OnStore("pull", partial(_pulled, header=header))
        return header, ack

    def _pushed_so_far(self, picked: PushRead | list[dict[str, Any]]) -> None:
        """The push's progress: what went up, of what goes up (the END marker aside; None
        while the read goes on) — never past it."""
        total = None if isinstance(picked, PushRead) and not picked.done else len(picked) - 1
        self.progress("push", self.report.sent if total is None else min(self.report.sent, total), total)

    # ------------------------------------------------------------ push
    def _push(self, client: Any, server_summary: dict[str, int],
              rest: tuple[PushRead | list[dict[str, Any]], int, Any] | None = None, *,
              end_waits: bool = False) -> Steps[dict[str, Any]]:
        """The records above the server's summary, batch by batch, each acknowledged.
        ``rest``: what API 2's one request left (its changes, how many went, the batches
        encoded ahead), gone on with rather than read and encoded again."""
        report = self.report
        if rest is not None:
            picked, at, batches = rest
        else:
            # this installation's own writes: the province takes each installation's from it alone
            picked = yield OnSnapshot("push", partial(_to_push, server_summary))
            if _only_end(picked) and end_waits:  # a server of API 2: its next one request carries it
                # no record of ours the server lacks (the counter moved with this sync's merges):
                # no request now — the next sync's one request carries the claim. Not marked
                # acknowledged here: the province does not know it yet, and a bundle's claims
                # presume only what the province was told (``since``)
                return {}
            at = 0
            if getattr(client, "link", None) is not None and hasattr(client, "exchange"):
                self.encoding = _encoding((yield OnStore("push", _server_caps)), client.link >= SLOW_LINK)
            batches = encoded_ahead(picked, self.batch_bytes, **self.encoding)
        ack: dict[str, Any] = {}
        clean = True
        try:
            while True:
                self.check()
                sent = yield OnLink("push", partial(_push_next, client, batches))
                if sent is None:
                    break
                ack, count = sent
                report.sent += sum(int(ack.get(k, 0)) for k in ("inserted", "updated", "ignored", "conflicts"))
                report.rejected += ack.get("rejected") or []
                clean = clean and not ack.get("rejected")
                if clean and not ack.get("complete"):  # a safe prefix is at the province: pending falls as it goes
                    yield OnStore("push", partial(_acknowledged, summary=_claims(picked[at:at + count])))
                at += count
                self._pushed_so_far(picked)
        finally:
            batches.close()
        if not ack.get("complete"):
            raise SyncError("sync.bad_response", reason="the last batch was not acknowledged as complete")
        yield OnStore("push", partial(_pushed, ack=ack))
        report.notices = len(ack.get("notices") or [])
        return ack


# ------------------------------------------------------------------ store steps
def _enrolment(store: Store) -> sync_state.Enrolment:
    e = sync_state.enrolment(store)
    if e is None:  # a copied or restored file writes as a new installation: it enrols again
        raise SyncError("sync.copied_database" if sync_state.enrolled_as_another(store) else "sync.not_enrolled")
    return e


def _presumed(store: Store) -> dict[str, int]:
    """What the server was last known to hold (its acknowledgements)."""
    return changes.remote_summary(store, sync_state.SERVER)


def _server_caps(store: Store) -> dict[str, Any]:
    e = sync_state.enrolment(store)
    return e.server if e is not None else {}


def _capabilities(header: dict[str, Any]) -> dict[str, Any]:
    """What a hello's answer says the server reads (a server of API 1 says nothing)."""
    if "api" not in header:
        return {}
    return {"api": int(header.get("api") or 1),
            "formats": [int(f) for f in header.get("formats") or [FORMAT_V1] if isinstance(f, int)],
            "codecs": [int(c) for c in header.get("codecs") or [ZLIB] if isinstance(c, int)]}


def _encoding(server: dict[str, Any], slow: bool) -> dict[str, int]:
    """The layout and codec of what goes up to ``server``: layout 2 and LZMA (on a slow
    link) where it reads them; layout 1 and zlib for a server that never said."""
    formats, codecs = server.get("formats") or [FORMAT_V1], server.get("codecs") or [ZLIB]
    fmt = max((f for f in formats if f in FORMATS), default=FORMAT_V1)
    best = next((c for c in CODECS if c in codecs), ZLIB)  # ours, most compact first
    return {"fmt": fmt, "codec": best if slow else ZLIB}


def _pending(store: Store) -> int:
    return store.pending_changes(sync_state.SERVER)


def _hello_args(store: Store, scope: list[str]) -> tuple[dict[str, int], list[dict[str, Any]]]:
    return changes.summary(store, scope), changes.conflicts_to_report(store)


def _apply(store: Store, batch: Any) -> changes.ApplyResult:
    return changes.apply_changes(store, batch.changes, actor="sync:server", trusted=True)


def _pulled(store: Store, header: dict[str, Any]) -> None:
    changes.mark_acknowledged(store, sync_state.SERVER, {k: int(v) for k, v in (header.get("summary") or {}).items()})
    take_notices(store, header.get("notices") or [])
    sync_state.save_keys(store, header.get("recipients"), header.get("devices"))
    enrolment.keep_delegation(store, header.get("delegation"))


def _acknowledged(store: Store, summary: dict[str, int]) -> None:
    changes.mark_acknowledged(store, sync_state.SERVER, summary)


def _ahead_of(server_summary: dict[str, int], store: Store) -> bool:
    return changes.summary(store).get(store.instance_id, 0) > server_summary.get(store.instance_id, 0)


def _to_push(server_summary: dict[str, int], store: Store) -> list[dict[str, Any]]:
    """Everything of this installation's the province lacks, read in one snapshot (on the
    database lane, or on a reader of its own: ``OnSnapshot``)."""
    with store.snapshot():
        return [ch for b in changes.changes_since(store, server_summary, writer=store.instance_id) for ch in b]


class PushRead:
    """This installation's writes the province lacks (as ``_to_push``), read on a thread of
    its own on a reader connection of its own (``Store.reader``: one snapshot; the database
    lane stays free) while the first batches are encoded and sent. A push whose rows hold
    this installation's writes alone is read in its order as it goes
    (``changes._own_in_order``): a first push of 10,000 records goes up after one batch's
    rows are read, not all of them (~0.15 s sooner, docs/benchmarks.md). Iterated by each encoder
    as the changes come; ``len`` and slices wait for what they need. A failed read is raised
    where the changes are taken."""

    CHUNK = 500  # changes handed on at a time

    def __init__(self, folder: Any, instance_id: str, server_summary: dict[str, int]):
        self.changes: list[dict[str, Any]] = []
        self.done = False
        self.error: BaseException | None = None
        self._cond = threading.Condition()
        threading.Thread(target=self._read, args=(folder, instance_id, server_summary),
                         name="songmay-push-read", daemon=True).start()

    @classmethod
    def start(cls, server_summary: dict[str, int], store: Store) -> PushRead | list[dict[str, Any]]:
        """A store step: the read started (a store of no file of its own: read here)."""
        path = getattr(store, "path", None)
        if path is None or not Path(path).is_file():
            return _to_push(server_summary, store)
        return cls(store.data_dir, store.instance_id, server_summary)

    def _read(self, folder: Any, instance_id: str, server_summary: dict[str, int]) -> None:
        try:
            reader = Store.reader(folder)
            try:
                reader.instance_id = instance_id  # as the lane's store has it
                with reader.snapshot():
                    for batch in changes.changes_since(reader, server_summary, writer=instance_id,
                                                       limit_changes=self.CHUNK):
                        with self._cond:
                            self.changes += batch
                            self._cond.notify_all()
            finally:
                reader.close()
        except BaseException as e:  # noqa: BLE001 - raised where the changes are taken
            self.error = e
        finally:
            with self._cond:
                self.done = True
                self._cond.notify_all()

    def _upto(self, n: int | None) -> None:
        """Waits until ``n`` changes are read (None: all of them); raises a failed read."""
        with self._cond:
            while not self.done and (n is None or len(self.changes) < n):
                self._cond.wait()
        if self.error is not None:
            raise self.error

    def __iter__(self) -> Iterator[dict[str, Any]]:
        at = 0
        while True:
            self._upto(at + 1)
            ready = self.changes[at:]
            if not ready:
                return
            at += len(ready)
            yield from ready

    def __len__(self) -> int:
        self._upto(None)
        return len(self.changes)

    def __bool__(self) -> bool:
        return True  # at least the END marker

    def __getitem__(self, at: slice) -> list[dict[str, Any]]:
        self._upto(at.stop)
        return self.changes[at]


def _only_end(picked: list[dict[str, Any]]) -> bool:
    return all(ch.get("k") == changes.END for ch in picked)


def _pushed(store: Store, ack: dict[str, Any]) -> None:
    changes.mark_acknowledged(store, sync_state.SERVER, {k: int(v) for k, v in ack.get("summary", {}).items()})
    take_notices(store, ack.get("notices") or [])


def _is_office(store: Store) -> bool:
    unit = store.unit()
    return unit is not None and unit.kind in authz.OFFICE_KINDS


def take_notices(store: Store, notices: list[dict[str, Any]]) -> None:
    """The server's notices (HTTP, or an acknowledgement carried back): conflicts become
    this store's to review, the rest replace what it said before."""
    changes.adopt_conflicts(store, [n.get("detail") or {} for n in notices if n.get("kind") == "conflict"])
    sync_state.replace_notices(store, sync_state.SERVER, [n for n in notices if n.get("kind") != "conflict"])


# ------------------------------------------------------------------ link steps
def _next_frame(frames: Iterator[tuple[str, Any]]) -> tuple[str, Any] | None:
    """The next frame of a hello, a batch decoded (off the store); None at the end."""
    item = next(frames, None)
    if item is None or item[0] != "batch":
        return item
    try:
        return "batch", read_batch(item[1])
    except ProtocolError as err:
        raise SyncError("sync.bad_response", reason=err.message()) from err


def _push_next(client: Any, batches: Iterator[tuple[bytes, int]]) -> tuple[dict[str, Any], int] | None:
    item = next(batches, None)
    if item is None:
        return None
    data, count = item
    return client.push(data), count


def pause(seconds: float, cancelled: Callable[[], bool] | None) -> None:
    """Wait between attempts; a cancel ends the wait (and the sync) at once."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        if cancelled is not None and cancelled():
            raise SyncError("sync.cancelled")
        time.sleep(min(0.1, left))


def _claims(stream: list[dict[str, Any]]) -> dict[str, int]:
    """What the receiver of ``stream`` (a prefix of a push, cut against its summary) now
    holds by the stream's own claims, where they are of the whole store (scope "*|*")."""
    out: dict[str, int] = {}
    whole = f"{changes.ALL}|{changes.ALL}"
    for ch in stream:
        p = ch.get("p")
        if isinstance(p, dict) and ch.get("s", whole) == whole:
            out = changes.join(out, p)
    return out


def encoded_ahead(picked: Iterable[dict[str, Any]], batch_bytes: int, ahead: int = 2, *, codec: int = ZLIB,
                  fmt: int = FORMAT_V1) -> Iterator[tuple[bytes, int]]:
    """The batches of ``picked``, encoded on a thread a few batches ahead (each with how
    many of ``picked`` it holds): the next batch is being compressed while the server
    applies the one before. The thread starts at once (encoding while a connection
    opens); ``close()`` the iterator to stop it."""
    out: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()
    done = object()

    def work() -> None:
        try:
            for data in iter_counted_batches(picked, batch_bytes, codec=codec, fmt=fmt):
                while not stop.is_set():
                    try:
                        out.put(data, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            out.put(done)
        except BaseException as e:  # noqa: BLE001 - handed to the consumer
            out.put(e)

    worker = threading.Thread(target=work, name="songmay-encode", daemon=True)
    worker.start()

    def taken() -> Iterator[tuple[bytes, int]]:
        try:
            while (item := out.get()) is not done:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            worker.join(timeout=5)

    return _Closing(taken(), stop)


class _Closing:
    """An iterator whose ``close()`` stops its thread even if it was never advanced."""

    def __init__(self, gen: Iterator[tuple[bytes, int]], stop: threading.Event):
        self.gen, self.stop = gen, stop

    def __iter__(self) -> _Closing:
        return self

    def __next__(self) -> tuple[bytes, int]:
        return next(self.gen)

    def close(self) -> None:
        self.stop.set()
        self.gen.close()


# ------------------------------------------------------------------ enrolment by file
def claim(client: Any) -> Steps[sync_state.Enrolment]:
    """An installation enrolled offline (an officer's file) meets the server for the first
    time: it presents the file and proves it holds its key; the server registers it (if a
    relayed bundle has not already) and gives it a token."""
    doc, instance_id, public_key, key = yield OnStore("hello", _claim_args)
    server_time = (yield OnLink("hello", client.health)).get("time")  # dated by the server's clock, not ours
    grant = str(doc.get("grant", {}).get("body", {}).get("id", ""))
    answer = yield OnLink("hello", partial(client.enrol_file, doc, instance_id=instance_id, public_key=public_key,
                                            proof=enrolment.proof(key, instance_id, grant, server_time)))
    e = yield OnStore("hello", partial(_claimed, url=client.url, answer=answer))
    client.use_token(e.token)
    return e


def _claim_args(store: Store) -> tuple[dict[str, Any], str, str, Any]:
    doc = enrolment.offline_file(store)
    if doc is None:
        raise SyncError("sync.not_enrolled")
    return doc, store.instance_id, keys.public_key_hex(store), keys.signing_key(store)


def _claimed(store: Store, url: str, answer: dict[str, Any]) -> sync_state.Enrolment:
    before = sync_state.enrolment(store)  # the file's: its CA verified this first contact
    if before is not None and before.ca_pem and not answer.get("tls_ca"):
        answer = {**answer, "tls_ca": before.ca_pem}
    e = enrolled(store, url, answer)
    enrolment.confirmed(store)
    return e


def enrolled(store: Store, url: str, answer: dict[str, Any]) -> sync_state.Enrolment:
    """The server's answer to an enrolment (a code or a file), kept in the store."""
    e = sync_state.Enrolment(url=url, token=answer["token"], device_id=store.instance_id,
                             unit_id=answer["unit_id"], unit_code=answer["unit_code"],
                             scope=list(answer.get("scope") or [answer["unit_id"]]),
                             server_key=answer.get("server_key", ""), enrolled_at=changes.now_iso(),
                             ca_pem=str(answer.get("tls_ca") or ""),
                             server=_capabilities(answer.get("capabilities") or {}))
    with store.transaction():
        # the province's registry names the unit: a unit set up here under another id takes
        # the registry's (its records were never sent anywhere: nothing else holds them)
        if store.unit_id and store.unit_id != answer["unit_id"]:
            store.rekey_unit(store.unit_id, answer["unit_id"], actor="enrolment")
        if answer.get("unit_changes"):
            changes.apply_changes(store, answer["unit_changes"], actor="sync:server", trusted=True)
        sync_state.save_enrolment(store, e)
        sync_state.save_keys(store, answer.get("recipients"), answer.get("devices"))
        enrolment.keep_delegation(store, answer.get("delegation"))
        if not store.unit_id:  # a fresh installation joins a school the server knows
            store.join_unit(answer["unit_id"])
    return e
