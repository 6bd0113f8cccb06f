"""HTTPS as the schools use it: whom the device trusts, and a link that costs few round trips.

**Trust.** A province may run its own certificate authority. Its CA certificate (PEM) reaches
the device with the enrolment — in the server's answer to a one-time code, or inside the
officer's signed enrolment file — and is kept beside the sync settings (``app.sync_state``).
The device then trusts that CA alone for its server; with none, the operating system's
store (Windows' own, or /etc/ssl/certs), never certifi's bundle and never ``verify=False``.
A certificate that does not verify is a ``SyncError`` saying why in the user's language
(``sync.tls_untrusted``, ``sync.tls_hostname``, ``sync.tls_expired``, ``sync.tls_failed``),
and is not retried: a wrong certificate does not become right a second later.

**Round trips** (a 2G link has 600 ms of them): TLS 1.3 (one round trip for the handshake);
TCP Fast Open where the kernel offers it (``TCP_FASTOPEN_CONNECT``: the TLS ClientHello rides
in the SYN once the server has handed this computer a cookie, so TCP and TLS together cost
one round trip); keep-alive within a sync (one pooled connection); and TLS session tickets
kept per server for the life of the process (the desktop app syncs every few minutes), so a
later sync resumes instead of receiving the certificate again. Python's ``ssl`` has no
0-RTT early data and cannot write a session to disk, so each ``songmay sync`` process starts
with a full handshake.
"""

from __future__ import annotations

import errno
import socket
import ssl
import struct
import sys
import threading
import time
import weakref
from typing import Any
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from app.errors import SyncError

TCP_FASTOPEN_CONNECT = getattr(socket, "TCP_FASTOPEN_CONNECT", 30 if sys.platform.startswith("linux") else None)
TCP_FASTOPEN = getattr(socket, "TCP_FASTOPEN", None)

_lock = threading.Lock()


def _fastopen_works() -> bool:
    if TCP_FASTOPEN_CONNECT is None:
        return False
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.IPPROTO_TCP, TCP_FASTOPEN_CONNECT, 1)
        return True
    except OSError:
        return False


FASTOPEN = _fastopen_works()


class _SSLSocket(ssl.SSLSocket):
    """Python's ssl asks a socket for its peer before the handshake and takes one that has
    none for a socket never connected (it then reads to check nothing came before TLS, which
    a Fast Open socket answers with EAGAIN). A Fast Open socket is connected at its first
    write — the ClientHello, in the SYN — so before the handshake it may name no peer yet."""

    def getpeername(self) -> Any:
        try:
            return super().getpeername()
        except OSError as e:
            if e.errno == errno.ENOTCONN and getattr(self, "_sslobj", None) is None and _fastopen(self):
                return ("", 0)
            raise


class _ResumingContext(ssl.SSLContext):
    """A client context that offers the last session ticket of the same server, and keeps
    the ones its connections receive (``harvest``). A session belongs to the context that
    made it: one context per CA for the life of the process (``client_context``)."""

    sessions: dict[tuple[str, int], ssl.SSLSession]

    def wrap_socket(self, sock: socket.socket, *args: Any, server_hostname: str | None = None,
                    session: ssl.SSLSession | None = None, **kw: Any) -> ssl.SSLSocket:
        key = _key(sock, server_hostname)
        with _lock:
            session = session or self.sessions.get(key)
        try:
            wrapped = super().wrap_socket(sock, *args, server_hostname=server_hostname, session=session, **kw)
        except ssl.SSLError:
            if session is None:
                raise
            with _lock:  # a ticket the server no longer takes: forget it (this connection is gone)
                self.sessions.pop(key, None)
            raise
        with _lock:
            _live[wrapped] = (self, key)
        return wrapped


_live: weakref.WeakKeyDictionary[ssl.SSLSocket, tuple[_ResumingContext, tuple[str, int]]] = \
    weakref.WeakKeyDictionary()
_contexts: dict[str, _ResumingContext] = {}


def _key(sock: socket.socket, hostname: str | None) -> tuple[str, int]:
    try:
        port = int(sock.getpeername()[1])
    except OSError:  # TCP Fast Open: not connected until the first bytes go out
        port = 0
    return (hostname or "", port)


def harvest() -> None:
    """Keeps the session tickets the live connections hold (TLS 1.3 sends them after the
    handshake: they are there once a response has been read)."""
    with _lock:
        for s, (ctx, key) in list(_live.items()):
            try:
                sess = s.session
            except (OSError, ValueError):
                continue
            if sess is not None and sess.has_ticket:
                ctx.sessions[key] = sess


def forget_sessions() -> None:
    with _lock:
        for ctx in _contexts.values():
            ctx.sessions.clear()


def client_context(ca_pem: str = "") -> ssl.SSLContext:
    """Verifies the server against ``ca_pem`` (the province's CA delivered at enrolment), or
    the system's store when there is none; TLS 1.2 at least, 1.3 when the server has it.
    One context per CA for the process, so that its session tickets serve the next sync."""
    with _lock:
        known = _contexts.get(ca_pem)
    if known is not None:
        return known
    ctx = _ResumingContext(ssl.PROTOCOL_TLS_CLIENT)  # CERT_REQUIRED and check_hostname
    ctx.sessions = {}
    ctx.sslsocket_class = _SSLSocket
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if ca_pem.strip():
        try:
            ctx.load_verify_locations(cadata=ca_pem)
        except (ssl.SSLError, ValueError) as e:
            raise SyncError("sync.tls_bad_ca", reason=str(e)) from e
    else:
        ctx.load_default_certs(ssl.Purpose.SERVER_AUTH)
    with _lock:
        return _contexts.setdefault(ca_pem, ctx)


def read_ca_file(path: str) -> str:
    """The PEM text of a province's CA certificate file ("" for no file), checked the way a
    sync will use it: a file that is unreadable, too large or no certificate is refused in
    words (``sync.tls_bad_ca``) before anything is sent anywhere."""
    from app import messages  # noqa: PLC0415  (the words only when a file is refused)
    from sync.protocol import Unreadable, read_regular  # noqa: PLC0415  (sync.protocol is heavier than this module)

    if not path:
        return ""
    try:
        data = read_regular(path, 64 * 1024)
    except Unreadable as e:
        raise SyncError("sync.tls_bad_ca", reason=e.words[messages.LANGUAGES.index(messages.language())]) from e
    text = data.decode("ascii", "replace")
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise SyncError("sync.tls_bad_ca", reason=path)
    client_context(text)  # parsed now: a damaged certificate is said at once, not at the first sync
    return text


_timing = threading.local()


def last_handshake() -> float | None:
    """Seconds the connection opened last on this thread took to be ready (TCP, and TLS
    for HTTPS), then forgotten; None when none was opened since (a kept-alive one was used)."""
    seconds = getattr(_timing, "seconds", None)
    _timing.seconds = None
    return seconds


class _TimedHTTP(HTTPConnection):
    def connect(self) -> None:
        t = time.monotonic()
        super().connect()
        _timing.seconds = time.monotonic() - t


class _TimedHTTPS(HTTPSConnection):
    def connect(self) -> None:
        t = time.monotonic()
        super().connect()  # with Fast Open, the SYN leaves with the ClientHello, inside this
        _timing.seconds = time.monotonic() - t
        if _fastopen(self.sock):  # back to Python's own timeouts once the handshake is done
            _kernel_timeouts(self.sock, 0.0)
            self.sock.settimeout(self.timeout if isinstance(self.timeout, (int, float)) else None)

    def _new_conn(self) -> socket.socket:
        """A Fast Open socket does its TCP handshake at its first write (the ClientHello),
        which a socket in Python's timeout mode (non-blocking underneath) fails with EAGAIN
        inside OpenSSL: the handshake runs blocking, bounded by the kernel's own timeouts."""
        sock = super()._new_conn()
        if _fastopen(sock):
            seconds = self.timeout if isinstance(self.timeout, (int, float)) else 60.0
            sock.settimeout(None)
            _kernel_timeouts(sock, float(seconds))
        return sock


def _fastopen(sock: socket.socket | None) -> bool:
    if sock is None or TCP_FASTOPEN_CONNECT is None:
        return False
    try:
        return bool(sock.getsockopt(socket.IPPROTO_TCP, TCP_FASTOPEN_CONNECT))
    except OSError:
        return False


def _kernel_timeouts(sock: socket.socket, seconds: float) -> None:
    whole = int(seconds)
    tv = struct.pack("ll", whole, int((seconds - whole) * 1e6))
    for opt in (socket.SO_RCVTIMEO, socket.SO_SNDTIMEO):
        sock.setsockopt(socket.SOL_SOCKET, opt, tv)


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _TimedHTTP


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _TimedHTTPS


class Adapter(HTTPAdapter):
    """requests' adapter over ``client_context``: the pool keeps its one connection alive
    through a sync; its sockets ask for TCP Fast Open where the kernel has it."""

    def __init__(self, ca_pem: str = "", *, fastopen: bool = True, **kw: Any):
        """``fastopen``: for HTTPS (there the TLS handshake, timed, waits for the SYN's answer;
        a plain HTTP request would leave inside the SYN and the link would go untimed)."""
        self.ssl_context = client_context(ca_pem)
        self.fastopen = fastopen
        super().__init__(**kw)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        options = [*HTTPConnection.default_socket_options]
        if FASTOPEN and self.fastopen:
            options.append((socket.IPPROTO_TCP, TCP_FASTOPEN_CONNECT, 1))
        pool_kwargs["socket_options"] = options
        pool_kwargs["ssl_context"] = self.ssl_context  # the pool manager drops it for http://
        super().init_poolmanager(connections, maxsize, block=block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        """Verification is the context's (the province's CA, or the system's store): requests
        would otherwise add certifi's bundle to it."""
        if url.lower().startswith("https"):
            conn.cert_reqs = "CERT_REQUIRED"
            conn.ca_certs = None
            conn.ca_cert_dir = None
        else:
            super().cert_verify(conn, url, verify, cert)


def failure(exc: BaseException, url: str) -> SyncError | None:
    """The TLS failure inside ``exc`` (requests and urllib3 wrap it twice), as a SyncError
    in words; None when it is not one."""
    seen: set[int] = set()
    stack: list[Any] = [exc]
    found: ssl.SSLError | None = None
    while stack:
        e = stack.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, ssl.SSLCertVerificationError):
            found = e
            break
        if isinstance(e, ssl.SSLError) and found is None:
            found = e
        stack += [e.__cause__, e.__context__, getattr(e, "reason", None), *e.args]
    if found is None:
        return None
    host = urlsplit(url).hostname or url
    if isinstance(found, ssl.SSLCertVerificationError):
        code = found.verify_code
        if code in (62, 64):  # X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH
            return SyncError("sync.tls_hostname", url=url, host=host)
        if code in (9, 10):  # not yet valid, expired
            return SyncError("sync.tls_expired", url=url, reason=found.verify_message or "")
        return SyncError("sync.tls_untrusted", url=url, reason=found.verify_message or str(found))
    return SyncError("sync.tls_failed", url=url, reason=getattr(found, "reason", None) or str(found))


# ------------------------------------------------------------------ the server's side
def listening_socket(host: str, port: int, *, fastopen_queue: int = 256) -> socket.socket:
    """The server's listening socket, with TCP Fast Open where the kernel offers it (the
    system must allow it too: ``net.ipv4.tcp_fastopen`` with bit 2 set, e.g. 3)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if TCP_FASTOPEN is not None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, TCP_FASTOPEN, fastopen_queue)
        except OSError:
            pass  # no Fast Open here: an ordinary handshake
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock
