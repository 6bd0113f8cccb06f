"""Sync with the provincial server over HTTP (requests). No Qt: progress is a plain callback.

One sync is a few round trips, whatever the number of records (links are 2G/3G, 300+ ms):
  1. hello: the device's summary goes up; the server answers with its own summary, the
     device's scope, its notices and, in the same response, the batches the device lacks
     (applied as they arrive, each in one transaction; ``more`` → ask again);
  2. push: the records above the server's summary, in batches bounded by bytes, each
     acknowledged; the last acknowledgement carries the server's new summary.
A dropped link loses at most the batch in flight: the next attempt starts again with a
hello, and the summaries select exactly what is still missing (``app.changes``). Retries
are bounded, with backoff, on retryable failures only (no connection, timeouts, 502-504).
"""

from __future__ import annotations

import json
import platform
import queue
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from app import __version__, authz, changes, sync_state
from app.errors import SyncError
from app.store import Store
from sync import enrolment, keys
from sync.protocol import PROTOCOL_VERSION, ProtocolError, iter_counted_batches, read_batch

Progress = Callable[[str, int, int | None], None]  # (stage "pull"/"push", done, total or None)
RETRYABLE = ("sync.offline", "sync.timeout", "sync.server_error", "sync.server_unavailable")
BATCH_BYTES = 128 * 1024


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


class Client:
    """One requests.Session to one server: timeouts, bounded retries on retryable codes."""

    def __init__(self, url: str, token: str = "", *, timeout: tuple[float, float] = (15, 60),
                 retries: int = 2, session: requests.Session | None = None):
        if not url.startswith(("http://", "https://")):
            url = "https://" + url  # an address typed without a scheme is the secure one
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        retry = Retry(total=retries, connect=retries, read=0, status=retries, backoff_factor=0.5,
                      status_forcelist=(429, 502, 503, 504), allowed_methods=None,
                      raise_on_status=False, respect_retry_after_header=True)
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = f"SongMay/{__version__} ({platform.system()})"
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self.session.close()

    # ------------------------------------------------------------ calls
    def enrol(self, code: str, *, instance_id: str, public_key: str, proof: str, name: str) -> dict[str, Any]:
        body = {"code": code.strip(), "instance_id": instance_id, "public_key": public_key, "proof": proof,
                "name": name, "app_version": __version__}
        return self._json(self._post("/api/v1/enrol", json=body))

    def hello(self, summary: dict[str, int], batch_bytes: int = BATCH_BYTES,
              conflicts: list[dict[str, Any]] | None = None) -> Iterator[tuple[str, Any]]:
        """("header", dict) first, then ("batch", bytes) as each arrives."""
        resp = self._post("/api/v1/sync/hello", stream=True,
                          json={"protocol": PROTOCOL_VERSION, "summary": summary, "batch_bytes": batch_bytes,
                                "conflicts": conflicts or []})
        try:
            while True:
                head = self._read(resp, 5, allow_eof=True)
                if not head:
                    return
                kind, length = head[:1], struct.unpack(">I", head[1:])[0]
                payload = self._read(resp, length)
                if kind == b"H":
                    yield "header", json.loads(payload)
                elif kind == b"B":
                    yield "batch", payload
                else:
                    raise SyncError("sync.bad_response", reason=f"frame {kind!r}")
        except (ValueError, UnicodeDecodeError) as e:
            raise SyncError("sync.bad_response", reason=str(e)) from e
        finally:
            resp.close()

    def push(self, data: bytes) -> dict[str, Any]:
        return self._json(self._post("/api/v1/sync/push", data=data,
                                     headers={"Content-Type": "application/x-songmay-batch"}))

    # ------------------------------------------------------------ plumbing
    def health(self) -> dict[str, Any]:
        """GET /health: the server answers (no token needed). Cheap: one round trip."""
        return self._json(self._post("/health", method="GET"))

    def _post(self, path: str, *, method: str = "POST", **kw: Any) -> requests.Response:
        try:
            resp = self.session.request(method, self.url + path, timeout=self.timeout, **kw)
        except requests.Timeout as e:
            raise SyncError("sync.timeout", url=self.url) from e
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as e:
            raise SyncError("sync.offline", url=self.url) from e
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema) as e:
            raise SyncError("sync.bad_url", url=self.url) from e
        except requests.RequestException as e:
            raise SyncError("sync.bad_response", reason=str(e)) from e
        if resp.status_code >= 400:
            raise _refusal(resp, self.url)
        return resp

    def _read(self, resp: requests.Response, n: int, *, allow_eof: bool = False) -> bytes:
        buf = b""
        try:
            while len(buf) < n:
                chunk = resp.raw.read(n - len(buf))
                if not chunk:
                    break
                buf += chunk
        except requests.Timeout as e:
            raise SyncError("sync.timeout", url=self.url) from e
        except Exception as e:  # noqa: BLE001 - urllib3's read errors: the link dropped
            raise SyncError("sync.offline", url=self.url) from e
        if len(buf) < n and not (allow_eof and not buf):
            raise SyncError("sync.offline", url=self.url)
        return buf

    def _json(self, resp: requests.Response) -> dict[str, Any]:
        try:
            return resp.json()
        except requests.exceptions.ChunkedEncodingError as e:
            raise SyncError("sync.offline", url=self.url) from e
        except ValueError as e:
            raise SyncError("sync.bad_response", reason=str(e)) from e


def _refusal(resp: requests.Response, url: str) -> SyncError:
    try:
        body = resp.json()
    except ValueError:
        body = {}
    key = body.get("error") if isinstance(body, dict) else None
    if resp.status_code == 503:  # the server answered: its database (or it) is briefly away
        try:
            wait = int(resp.headers.get("Retry-After", "0"))
        except ValueError:
            wait = 0
        return SyncError("sync.server_unavailable", status=503, retry_after=max(0, min(wait, 300)))
    if resp.status_code >= 500:
        return SyncError("sync.server_error", status=resp.status_code)
    if isinstance(key, str) and key.startswith(("sync.", "enrol.", "protocol.")):
        params = body.get("params") if isinstance(body.get("params"), dict) else {}
        return SyncError(key, **{**params, "status": resp.status_code})
    reason = body.get("detail") if isinstance(body, dict) else None
    return SyncError("sync.server_refused", reason=str(reason or resp.reason), status=resp.status_code)


def probe(url: str, *, timeout: tuple[float, float] = (10, 20)) -> dict[str, Any]:
    """Is the server there? One GET without retries, so that a caller can find out without
    holding the store (the desktop app probes on a pool thread, then syncs). Raises
    SyncError (sync.offline, sync.timeout, sync.server_error …)."""
    client = Client(url, retries=0, timeout=timeout)
    try:
        return client.health()
    finally:
        client.close()


# ------------------------------------------------------------------ enrolment
def enrol(store: Store, url: str, code: str, *, client: Client | None = None) -> sync_state.Enrolment:
    """Registers this installation with the server (one-time code) and keeps its token."""
    client = client or Client(url)
    unit = store.unit()
    message = f"songmay-enrol|{store.instance_id}|{''.join(c for c in code.upper() if c.isalnum())}".encode()
    answer = client.enrol(code, instance_id=store.instance_id, public_key=keys.public_key_hex(store),
                          proof=keys.signing_key(store).sign(message).signature.hex(), name=platform.node())
    if unit is not None and unit.code.upper() != str(answer.get("unit_code", "")).upper():
        raise SyncError("enrol.code_other_unit", code=answer.get("unit_code", ""), mine=unit.code)
    return _enrolled(store, client.url, answer)


def _enrolled(store: Store, url: str, answer: dict[str, Any]) -> sync_state.Enrolment:
    e = sync_state.Enrolment(url=url, token=answer["token"], device_id=store.instance_id,
                             unit_id=answer["unit_id"], unit_code=answer["unit_code"],
                             scope=list(answer.get("scope") or [answer["unit_id"]]),
                             server_key=answer.get("server_key", ""), enrolled_at=changes.now_iso())
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
            store._set_meta("unit_id", answer["unit_id"])
    return e


def claim_token(store: Store, client: Client) -> sync_state.Enrolment:
    """An installation enrolled offline (an officer's file) meets the server for the first
    time: it presents the file and proves it holds its key; the server registers it (if a
    relayed bundle has not already) and gives it a token."""
    doc = enrolment.offline_file(store)
    if doc is None:
        raise SyncError("sync.not_enrolled")
    server_time = client.health().get("time")  # the proof is dated by the server's clock, not ours
    body = {"file": doc, "instance_id": store.instance_id, "public_key": keys.public_key_hex(store),
            "proof": enrolment.proof(keys.signing_key(store), store.instance_id,
                                     str(doc.get("grant", {}).get("body", {}).get("id", "")), server_time),
            "name": platform.node(), "app_version": __version__}
    answer = client._json(client._post("/api/v1/enrol/file", json=body))
    e = _enrolled(store, client.url, answer)
    enrolment.confirmed(store)
    client.session.headers["Authorization"] = f"Bearer {e.token}"
    return e


# ------------------------------------------------------------------ sync
def sync(store: Store, *, url: str | None = None, progress: Progress | None = None,
         cancelled: Callable[[], bool] | None = None, client: Client | None = None,
         batch_bytes: int = BATCH_BYTES, attempts: int = 4, backoff: float = 1.0) -> SyncReport:
    """One sync with the server: pull, then push. Raises SyncError (nothing half-applied:
    each batch lands whole or not at all, and the next sync goes on from there)."""
    e = sync_state.enrolment(store)
    if e is None:  # a copied or restored file writes as a new installation: it enrols again
        raise SyncError("sync.copied_database" if sync_state.enrolled_as_another(store) else "sync.not_enrolled")
    own = client is None
    client = client or Client(url or e.url, e.token)
    if not e.token:  # enrolled offline: the first contact registers this installation
        try:
            e = claim_token(store, client)
        except SyncError:
            if own:
                client.close()
            raise
    report = SyncReport()
    started = time.monotonic()
    run = sync_state.start_run(store, "http")
    try:
        for attempt in range(1, attempts + 1):
            report.attempts = attempt
            try:
                _round(store, client, e, report, progress or (lambda *_: None), cancelled or (lambda: False),
                       batch_bytes)
                break
            except SyncError as err:
                # a server never reached is not hammered: urllib3 already retried the connect;
                # one that answers "unavailable" (its database restarting) is waited for
                answered = report.contacted or err.key == "sync.server_unavailable"
                if err.key not in RETRYABLE or attempt == attempts or not answered:
                    raise
                wait = max(backoff * 2 ** (attempt - 1), float(err.params.get("retry_after", 0) or 0))
                _pause(min(30.0, wait), cancelled)
    except SyncError as err:
        report.seconds = time.monotonic() - started
        report.pending = store.pending_changes(sync_state.SERVER)
        sync_state.finish_run(store, run, err.key, sent=report.sent, received=report.received,
                              detail={**report.as_dict(), "message": err.message()})
        raise
    finally:
        if own:
            client.close()
    report.seconds = time.monotonic() - started
    report.pending = store.pending_changes(sync_state.SERVER)
    sync_state.finish_run(store, run, "ok", sent=report.sent, received=report.received, detail=report.as_dict())
    return report


def _pause(seconds: float, cancelled: Callable[[], bool] | None) -> None:
    """Wait between attempts; a cancel ends the wait (and the sync) at once."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        if cancelled is not None and cancelled():
            raise SyncError("sync.cancelled")
        time.sleep(min(0.1, left))


def _round(store: Store, client: Client, e: sync_state.Enrolment, report: SyncReport, progress: Progress,
           cancelled: Callable[[], bool], batch_bytes: int) -> None:
    def check() -> None:
        if cancelled():
            raise SyncError("sync.cancelled")

    header = _pull(store, client, e, report, progress, check, batch_bytes)
    report.notices = len(header.get("notices") or [])
    from sync import relay  # an officer's installation: schools' USB bundles go up first

    server_summary = {k: int(v) for k, v in (header.get("summary") or {}).items()}
    relayed = None
    if relay.pending_relays(store):
        relayed = relay.upload(store, client)
        report.relayed = len(relayed.relayed)
        report.carried = sum(1 for r in relayed.relayed if r.get("carried"))
        # what the schools' bundles brought is at the province now: not pending here, not pushed
        server_summary = changes.join(server_summary, relayed.summary)
        changes.mark_acknowledged(store, sync_state.SERVER, relayed.summary)
    ack: dict[str, Any] = {}
    if changes.summary(store).get(store.instance_id, 0) > server_summary.get(store.instance_id, 0):
        ack = _push(store, client, server_summary, report, progress, check, batch_bytes)
    if isinstance(ack.get("recipients"), list):  # a new school: its officers are known once its unit is in
        sync_state.save_keys(store, ack["recipients"], None)
    if ack.get("scope") and ack["scope"] != e.scope:  # e.g. an office's first push: now its schools
        e.scope = list(ack["scope"])
        sync_state.set_scope(store, e.scope)
        _pull(store, client, e, report, progress, check, batch_bytes)
    elif report.conflicts or (relayed is not None and relayed.relayed):
        # found while pulling: tell the server now, for the school's other devices; or the
        # schools' bundles just relayed, the carried ones too: their records come down now
        _pull(store, client, e, report, progress, check, batch_bytes)
    unit = store.unit()
    if relayed is not None or (unit is not None and unit.kind in authz.OFFICE_KINDS):  # what its schools wait for
        # after the push, so the decisions made here since the last sync go in them too
        report.acks = [*report.acks, *relay.fetch_acks(store, client, relayed.senders if relayed else None)]


def _push(store: Store, client: Client, server_summary: dict[str, int], report: SyncReport, progress: Progress,
          check: Callable[[], None], batch_bytes: int) -> dict[str, Any]:
    """The records above the server's summary, batch by batch, each acknowledged."""
    # this installation's own writes: the province takes each installation's from it alone
    picked = [ch for b in changes.changes_since(store, server_summary, writer=store.instance_id)
              for ch in b]  # reads the store here
    total = len(picked) - 1  # what goes up now (the END marker aside): progress never passes it
    ack: dict[str, Any] = {}
    at, clean = 0, True
    for data, count in _encoded_ahead(picked, batch_bytes):
        check()
        ack = client.push(data)
        report.sent += sum(int(ack.get(k, 0)) for k in ("inserted", "updated", "ignored", "conflicts"))
        report.rejected += ack.get("rejected") or []
        clean = clean and not ack.get("rejected")
        if clean and not ack.get("complete"):  # a safe prefix is at the province: pending falls as it goes
            changes.mark_acknowledged(store, sync_state.SERVER, _claims(picked[at:at + count]))
        at += count
        progress("push", min(report.sent, total), total)
    if not ack.get("complete"):
        raise SyncError("sync.bad_response", reason="the last batch was not acknowledged as complete")
    changes.mark_acknowledged(store, sync_state.SERVER, {k: int(v) for k, v in ack.get("summary", {}).items()})
    _take_notices(store, ack.get("notices") or [])
    report.notices = len(ack.get("notices") or [])
    return ack


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


def _encoded_ahead(picked: list[dict[str, Any]], batch_bytes: int,
                   ahead: int = 2) -> Iterator[tuple[bytes, int]]:
    """The batches of ``picked``, encoded on a thread a few batches ahead (each with how
    many of ``picked`` it holds): the next batch is being compressed while the server
    applies the one before."""
    out: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()
    done = object()

    def work() -> None:
        try:
            for data in iter_counted_batches(picked, batch_bytes):
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
    try:
        while (item := out.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join(timeout=5)


def _pull(store: Store, client: Client, e: sync_state.Enrolment, report: SyncReport, progress: Progress,
          check: Callable[[], None], batch_bytes: int) -> dict[str, Any]:
    """Hello, and apply what comes with it, until the server has nothing more."""
    header: dict[str, Any] = {}
    more = True
    while more:
        check()
        header = {}
        hello = client.hello(changes.summary(store, e.scope), batch_bytes, changes.conflicts_to_report(store))
        for kind, payload in hello:
            if kind == "header":
                header = payload
                report.contacted = True
                if header.get("protocol") != PROTOCOL_VERSION:
                    raise SyncError("sync.protocol_mismatch", server=header.get("protocol"), client=PROTOCOL_VERSION)
                if header.get("scope") and header["scope"] != e.scope:
                    e.scope = list(header["scope"])
                    sync_state.set_scope(store, e.scope)
                continue
            try:
                batch = read_batch(payload)
            except ProtocolError as err:
                raise SyncError("sync.bad_response", reason=err.message()) from err
            result = changes.apply_changes(store, batch.changes, actor="sync:server", trusted=True)
            report.received += result.changed
            report.conflicts += result.conflicts
            progress("pull", report.received, None)
            check()
        if not header:
            raise SyncError("sync.bad_response", reason="no header")
        more = bool(header.get("more"))
    changes.mark_acknowledged(store, sync_state.SERVER,
                              {k: int(v) for k, v in (header.get("summary") or {}).items()})
    _take_notices(store, header.get("notices") or [])
    sync_state.save_keys(store, header.get("recipients"), header.get("devices"))
    enrolment.keep_delegation(store, header.get("delegation"))
    return header


def _take_notices(store: Store, notices: list[dict[str, Any]]) -> None:
    changes.adopt_conflicts(store, [n.get("detail") or {} for n in notices if n.get("kind") == "conflict"])
    sync_state.replace_notices(store, sync_state.SERVER, [n for n in notices if n.get("kind") != "conflict"])
