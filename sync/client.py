"""Sync with the provincial server over HTTP (requests). No Qt: progress is a plain callback.

``Client`` owns every endpoint the device calls (enrolment by code or by file, hello,
push, hello-and-push in one request for a server of API 2, a relayed bundle's upload, the
acknowledgements to fetch), over one requests.Session — one kept-alive connection, HTTPS
verified against the CA the enrolment delivered or the system's store (``sync.tls``) —
with timeouts and bounded retries on retryable codes. The stages of one sync are in
``sync.session``; ``sync`` here runs them in order on the calling thread (the CLI, tests),
and the desktop app runs the same stages with its store steps on the database lane.
"""

from __future__ import annotations

import platform
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import requests
from urllib3.util.retry import Retry

from app import __version__, sync_state
from app.errors import SyncError
from app.store import Store
from sync import keys, stages, tls
from sync.protocol import (
    BATCH,
    BATCH_TYPE,
    PROTOCOL_VERSION,
    STREAM_TYPE,
    ProtocolError,
    frame,
    header_frame,
    read_frames,
)
from sync.session import BATCH_BYTES, RETRYABLE, Progress, SyncReport, SyncSession, claim, enrolled
from sync.session import pause as _pause

__all__ = ["BATCH_BYTES", "RETRYABLE", "Client", "Progress", "SyncReport", "claim_token", "enrol", "probe", "sync",
           "_pause"]


class Client:
    """One requests.Session to one server: timeouts, bounded retries on retryable codes."""

    def __init__(self, url: str, token: str = "", *, timeout: tuple[float, float] = (15, 60),
                 retries: int = 2, session: requests.Session | None = None, ca_pem: str = ""):
        """``ca_pem``: the CA certificate the server's must chain to (delivered at enrolment);
        "" trusts the system's store."""
        if not url.startswith(("http://", "https://")):
            url = "https://" + url  # an address typed without a scheme is the secure one
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        self.link: float | None = None  # seconds the last new connection took (TCP + TLS): the link's speed
        # other=0: a certificate that does not verify is not tried again (nor any error after the request left)
        retry = Retry(total=retries, connect=retries, read=0, other=0, status=retries, backoff_factor=0.5,
                      status_forcelist=(429, 502, 503, 504), allowed_methods=None,
                      raise_on_status=False, respect_retry_after_header=True)
        adapter = tls.Adapter(ca_pem, fastopen=self.url.startswith("https://"), max_retries=retry)
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
              conflicts: list[dict[str, Any]] | None = None, *,
              accept: dict[str, list[int]] | None = None) -> Iterator[tuple[str, Any]]:
        """("header", dict) first, then ("batch", bytes) as each arrives (``sync.protocol``'s frames).
        ``accept``: {"formats": […], "codecs": […]} the device reads, best first (a server of
        API 1 ignores them and writes layout 1, zlib)."""
        resp = self._post("/api/v1/sync/hello", stream=True,
                          json={"protocol": PROTOCOL_VERSION, "summary": summary, "batch_bytes": batch_bytes,
                                "conflicts": conflicts or [], **(accept or {})})
        return self._frames(resp)

    def exchange(self, make: Callable[[float | None], tuple[dict[str, Any], Iterable[bytes]]]
                 ) -> Iterator[tuple[str, Any]]:
        """Hello and push in one request (``POST /api/v2/sync``, a server of API 2): the
        answer's frames, as ``hello``'s (the header holds one acknowledgement per batch sent).
        ``make(link)`` gives the hello and the encoded batches (taken one by one as the body
        goes out, chunked) once the connection is open:
        ``link`` is the seconds it took (TCP + TLS), so the encoding can suit the link."""

        def body() -> Iterator[bytes]:
            seconds = tls.last_handshake()  # the connection was opened just now, on this thread
            if seconds is not None:
                self.link = seconds
            hello, batches = make(self.link)
            yield header_frame(hello, compressed=True)
            for b in batches:
                yield frame(BATCH, b)

        resp = self._post("/api/v2/sync", stream=True, data=_Replayable(body), headers={"Content-Type": STREAM_TYPE})
        return self._frames(resp)

    def _frames(self, resp: requests.Response) -> Iterator[tuple[str, Any]]:
        try:
            yield from read_frames(lambda n, eof: self._read(resp, n, allow_eof=eof))
        except ProtocolError as e:
            raise SyncError("sync.bad_response", reason=e.params.get("reason", e.key)) from e
        finally:
            resp.close()

    def push(self, data: bytes) -> dict[str, Any]:
        return self._json(self._post("/api/v1/sync/push", data=data, headers={"Content-Type": BATCH_TYPE}))

    def enrol_file(self, doc: dict[str, Any], *, instance_id: str, public_key: str, proof: str) -> dict[str, Any]:
        """An installation enrolled with an officer's file meets the server: its token."""
        body = {"file": doc, "instance_id": instance_id, "public_key": public_key, "proof": proof,
                "name": platform.node(), "app_version": __version__}
        return self._json(self._post("/api/v1/enrol/file", json=body))

    def use_token(self, token: str) -> None:
        self.session.headers["Authorization"] = f"Bearer {token}"

    def upload_bundle(self, data: bytes, name: str) -> dict[str, Any]:
        """An officer relays a school's USB bundle (its original file) to the province."""
        return self._json(self._post("/api/v1/bundles", data=data, params={"name": name},
                                     headers={"Content-Type": "application/octet-stream"}))

    def waiting_acks(self) -> list[dict[str, Any]]:
        """The schools of this office's area the province has an acknowledgement for."""
        return self._json(self._post("/api/v1/bundles/acks", method="GET")).get("waiting") or []

    def fetch_ack(self, device: str) -> tuple[bytes, str]:
        """The acknowledgement bundle for the school installation ``device``: its bytes and
        the file name the server gives it ("" if none usable)."""
        resp = self._post(f"/api/v1/bundles/ack/{device}", method="GET")
        return resp.content, _filename(resp.headers.get("Content-Disposition", ""))

    # ------------------------------------------------------------ plumbing
    def health(self) -> dict[str, Any]:
        """GET /health: the server answers (no token needed). Cheap: one round trip."""
        return self._json(self._post("/health", method="GET"))

    def _post(self, path: str, *, method: str = "POST", **kw: Any) -> requests.Response:
        try:
            resp = self.session.request(method, self.url + path, timeout=self.timeout, **kw)
            seconds = tls.last_handshake()
            if seconds is not None:
                self.link = seconds
            tls.harvest()  # the session tickets the server sent: the next connection resumes
        except requests.exceptions.SSLError as e:
            raise tls.failure(e, self.url) or SyncError("sync.tls_failed", url=self.url, reason=str(e)) from e
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


class _Replayable:
    """A request body made as it goes out (``make()``: its chunks), that a retry sends again
    whole. urllib3 retries a request on a retryable answer (a 502 while a host comes back, a
    503 while the database is away) only after the body went out in full, so the second
    time is the chunks kept from the first; a body cut on the way is never retried
    (``Retry(read=0, other=0)``). A generator alone would be sent empty the second time."""

    def __init__(self, make: Callable[[], Iterable[bytes]]):
        self._make = make
        self._sent: list[bytes] | None = None

    def __iter__(self) -> Iterator[bytes]:
        if self._sent is not None:
            yield from self._sent
            return
        self._sent = []
        for chunk in self._make():
            self._sent.append(chunk)
            yield chunk


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


def probe(url: str, *, timeout: tuple[float, float] = (10, 20), ca_pem: str = "") -> dict[str, Any]:
    """Is the server there? One GET without retries, so that a caller can find out without
    holding the store (the desktop app probes on a pool thread, then syncs). Raises
    SyncError (sync.offline, sync.timeout, sync.server_error …)."""
    client = Client(url, retries=0, timeout=timeout, ca_pem=ca_pem)
    try:
        return client.health()
    finally:
        client.close()


# ------------------------------------------------------------------ enrolment
def enrol(store: Store, url: str, code: str, *, client: Client | None = None,
          ca_pem: str = "") -> sync_state.Enrolment:
    """Registers this installation with the server (one-time code) and keeps its token.
    ``ca_pem``: the CA to verify the server by for this first contact (the province's, when
    it gives one with the code; else the system's store); the answer may carry the CA the
    server is to be verified by from then on (``tls_ca``), kept with the enrolment."""
    client = client or Client(url, ca_pem=ca_pem)
    unit = store.unit()
    message = f"songmay-enrol|{store.instance_id}|{''.join(c for c in code.upper() if c.isalnum())}".encode()
    answer = client.enrol(code, instance_id=store.instance_id, public_key=keys.public_key_hex(store),
                          proof=keys.signing_key(store).sign(message).signature.hex(), name=platform.node())
    if ca_pem and not answer.get("tls_ca"):  # the CA this first contact was verified by stays the one
        answer = {**answer, "tls_ca": ca_pem}
    if unit is not None and unit.code.upper() != str(answer.get("unit_code", "")).upper():
        raise SyncError("enrol.code_other_unit", code=answer.get("unit_code", ""), mine=unit.code)
    e = enrolled(store, client.url, answer)
    if client.link is not None:  # the link as this first contact found it: the first sync encodes for it
        sync_state.set_link(store, client.link)
        e.link = client.link
    return e


def claim_token(store: Store, client: Client) -> sync_state.Enrolment:
    """An installation enrolled offline presents its file (``sync.session.claim``, run here)."""
    return stages.run(claim(client), store)


# ------------------------------------------------------------------ sync
def sync(store: Store, *, url: str | None = None, progress: Progress | None = None,
         cancelled: Callable[[], bool] | None = None, client: Client | None = None,
         batch_bytes: int = BATCH_BYTES, attempts: int = 4, backoff: float = 1.0) -> SyncReport:
    """One sync with the server (``sync.session``'s stages, in order, here). Raises
    SyncError (nothing half-applied: each batch lands whole or not at all, and the next sync
    goes on from there)."""
    return stages.run(session(url=url, client=client, progress=progress, cancelled=cancelled,
                              batch_bytes=batch_bytes, attempts=attempts, backoff=backoff).steps(), store)


def session(*, url: str | None = None, client: Client | None = None, **kw: Any) -> SyncSession:
    """The stages of one sync over ``client`` (kept open), or over a Client of its own to
    ``url`` or the enrolment's server (closed at the end)."""
    if client is not None:
        return SyncSession(lambda _url, _token, _ca="": client, close=False, **kw)
    return SyncSession(lambda e_url, token, ca_pem="": Client(url or e_url, token, ca_pem=ca_pem), **kw)


def _filename(disposition: str) -> str:
    if 'filename="' in disposition:
        name = disposition.split('filename="', 1)[1].split('"', 1)[0]
        if name and "/" not in name and "\\" not in name and not name.startswith("."):
            return name
    return ""
