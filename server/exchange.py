"""The sync in one request (API 2), and what the server tells devices of its TLS and encodings.

``POST /api/v2/sync``: the device's hello and the first batch of its push in one body, the
answer holding the push's acknowledgement and the pull, in the frames of ``sync.protocol``::

    request:  h {protocol, summary, batch_bytes, conflicts, formats, codecs}  then B batch …
    answer:   h {the hello's header…, "acks": [one per batch, in order]}     then B batch …

(``h``: a header frame whose JSON is zlib-compressed, ``sync.protocol.HEADER_Z``.)

On a 2G link a round trip is 600 ms: TCP + TLS 1.3 + this one request is the whole of a
small sync. The batches are merged first (each is its own transaction, acknowledged again
and never re-applied when it comes a second time — a retried request after a lost answer),
then the hello is answered with the server's summary after them: the last batch and the
answer are one job of the server's thread pool, on one database connection, and what the
last acknowledgement and the header tell the device (scope, summary, recipients, notices)
is looked up once (``ServerStore.exchange``). Devices of API 1 keep
``/api/v1/sync/hello`` and ``/api/v1/sync/push`` (``server.api``), which stay as they were.

The encodings are negotiated: a device says which batch layouts and codecs it reads
(``formats``, ``codecs``, its preferred first; a device that says nothing gets layout 1 and
zlib, as it always did), and the server's answers say what it reads (``capabilities``), so
a device writes layout 2 or LZMA only to a server that reads them.

TLS: ``songmay-server serve --tls-cert --tls-key [--tls-ca]``; the CA certificate given with
``--tls-ca`` (a province's own CA) is handed to devices in the enrolment answer (``tls_ca``),
to verify this server by from then on (``sync.tls``).
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import os
import weakref
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import StreamingResponse
from pydantic import ValidationError
from starlette.concurrency import iterate_in_threadpool

from app.errors import SyncError
from server.serving import tls_ca
from sync.protocol import (
    BATCH,
    CODECS,
    FORMAT_V1,
    FORMATS,
    FRAME,
    HEADER,
    HEADER_Z,
    PROTOCOL_VERSION,
    STREAM_TYPE,
    ZLIB,
    ProtocolError,
    Unbounded,
    frame,
    header_bytes,
    header_frame,
    loads_bounded,
    read_batch,
)

API = 2
EXCHANGE_PATH = "/api/v2/sync"
# Syncs merged and answered at once by one worker process (its threads): a storm of schools
# queues here, in the order the requests came, rather than running hundreds of transactions
# at once that share one interpreter lock — each then finishes its work in a few tens of
# milliseconds, not all of them at the end, and holds its database transaction as briefly
SYNC_THREADS_ENV = "SONGMAY_SERVER_SYNC_THREADS"
SYNC_THREADS = 4
PULL_AHEAD = 2  # batches of a small pull encoded with the answer (``mount``)
PULL_SMALL = 1_000  # changes: a pull of more sends its header with its first batch alone
T = TypeVar("T")
_LANES: weakref.WeakKeyDictionary[Any, CapacityLimiter] = weakref.WeakKeyDictionary()


def sync_threads() -> int:
    try:
        return max(1, int(os.environ.get(SYNC_THREADS_ENV, "") or SYNC_THREADS))
    except ValueError:
        return SYNC_THREADS


async def in_sync_lane(fn: Callable[..., T], *args: Any, **kw: Any) -> T:
    """``fn`` on a thread, at most ``sync_threads()`` of them at once in this process (its
    event loop's limiter; the thread pool's other work — operators, pages — waits on none)."""
    loop = asyncio.get_running_loop()
    lane = _LANES.get(loop)
    if lane is None:
        lane = _LANES[loop] = CapacityLimiter(sync_threads())
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kw), limiter=lane)


def capabilities() -> dict[str, Any]:
    """What this server reads and offers, for a device to keep (hello header, enrolment, health)."""
    return {"api": API, "formats": list(FORMATS), "codecs": list(CODECS)}


def enrolment_extras() -> dict[str, Any]:
    """Added to an enrolment's answer: the CA to trust, and what the server reads."""
    out: dict[str, Any] = {"capabilities": capabilities()}
    ca = tls_ca()
    if ca:
        out["tls_ca"] = ca
    return out


def encoding(formats: list[int] | None, codecs: list[int] | None) -> dict[str, int]:
    """The layout and codec for a device's pull: the first of its own lists this server
    writes; layout 1 and zlib for a device that named none (API 1 devices)."""
    fmt = next((f for f in formats or () if f in FORMATS), FORMAT_V1)
    codec = next((c for c in codecs or () if c in CODECS), ZLIB)
    return {"fmt": fmt, "codec": codec}


def mount(app: FastAPI, store: Any, *, device: Any, hello_request: Any, max_bytes: int, max_json: int) -> None:
    """``POST /api/v2/sync`` on ``app``; ``device``: the token's dependency of ``server.api``,
    ``hello_request``: its hello model (the same bounds); ``max_bytes`` a batch's bound (a
    push's), ``max_json`` the hello's."""

    @app.post(EXCHANGE_PATH, tags=["sync"], response_class=StreamingResponse,
              responses={200: {"content": {STREAM_TYPE: {}}}},
              openapi_extra={"requestBody": {"content": {STREAM_TYPE: {"schema": {"type": "string",
                                                                                   "format": "binary"}}}}})
    async def exchange(request: Request, dev: Any = Depends(device)) -> Any:  # noqa: B008 - FastAPI's idiom
        """Hello and push in one request (API 2): each batch is merged as soon as it has
        arrived whole (while the next is still coming), the last one with the answer (one job
        of the thread pool: ``ServerStore.exchange``), then the pull is answered, with one
        acknowledgement per batch in the header. A ProtocolError (400) or SyncError is
        answered by the app's handler; batches merged before it stay merged (each is whole
        and acknowledged again if it comes back)."""
        frames = _Frames(request.stream(), max_bytes=max_bytes, max_json=max_json)
        first = await frames.next()
        if first is None or first[0] not in (HEADER, HEADER_Z):
            raise ProtocolError("protocol.garbage", reason="no hello")
        try:
            hello = hello_request.model_validate(_json(header_bytes(*first)))
        except ValidationError as e:
            raise ProtocolError("protocol.garbage", reason=str(e.errors()[:1])) from e
        if hello.protocol != PROTOCOL_VERSION:
            raise SyncError("sync.protocol_mismatch", server=PROTOCOL_VERSION, client=hello.protocol, status=426)
        # the batches were cut against what the device was last told this server held: if it
        # holds less (a database restored from a backup), their claims would be untrue — they
        # are not merged, and the device sends again from the summary of this answer
        presumed = int(hello.since.get(dev.id, 0) or 0) if hello.since else 0
        skip = presumed > 0 and await in_sync_lane(_holds, store, dev.id) < presumed
        acks: list[dict[str, Any]] = []
        last = None  # the last batch: merged with the answer
        while (item := await frames.next()) is not None:
            if item[0] != BATCH:
                raise ProtocolError("protocol.garbage", reason="a second hello")
            if skip:
                acks.append({"skipped": True})
            elif await frames.more():  # another frame follows: this one is merged while it comes
                acks.append(await in_sync_lane(lambda data=item[1]: store.push(dev, read_batch(data))))
            else:
                last = item[1]

        def answer() -> tuple[bytes, list[bytes], Any]:
            # the last batch and the hello in one job on one connection (``ServerStore.exchange``):
            # a sync is one turn of the thread pool, so the answers go out in the order the
            # requests came, and what the acknowledgement and the header say is looked up once
            ack, header, pull = store.exchange(dev, read_batch(last) if last is not None else None, hello.summary,
                                               batch_bytes=hello.batch_bytes, conflicts=hello.conflicts,
                                               encoding=encoding(hello.formats, hello.codecs))
            header.update(capabilities(), acks=[*acks, ack] if ack is not None else acks)
            # the pull's first batches encoded here too: a small pull (a school's END marker, a
            # few records) is then sent without another turn of the thread pool for each; a
            # large one (a device's first pull) goes with its first batch alone, so that the
            # device applies it while the next are encoded (two ahead cost it ~0.1 s of waiting)
            small = int(header.get("changes") or 0) <= PULL_SMALL
            return header_frame(header, compressed=True), \
                list(itertools.islice(pull, PULL_AHEAD if small else 1)), pull, small

        head, ahead, pull, small = await in_sync_lane(answer)

        async def out() -> AsyncIterator[bytes]:
            yield head
            for b in ahead:
                yield frame(BATCH, b)
            if len(ahead) == PULL_AHEAD or not small:  # perhaps more: encoded as the device takes them in
                async for b in iterate_in_threadpool(pull):
                    yield frame(BATCH, b)

        return StreamingResponse(out(), media_type=STREAM_TYPE)


def _holds(store: Any, device_id: str) -> int:
    """What this server holds of the writes of installation ``device_id`` (its counter):
    its rows alone, not the whole province's summary."""
    with store.engine.connect() as conn:
        held = int(store.merge_target(conn, locking=False).summary_of({device_id}).get(device_id, 0))
        conn.commit()  # not a rollback: the driver would forget its prepared statements
        return held


def _json(payload: bytes) -> Any:
    try:
        return loads_bounded(payload, what=("lời chào đồng bộ", "the sync's hello"))
    except Unbounded as e:
        raise ProtocolError(e.protocol_key, limit=e.params.get("limit"), reason=e.words()) from e
    except ValueError as e:
        raise ProtocolError("protocol.garbage", reason=str(e)) from e


class _Frames:
    """The frames of a request body as they arrive (``sync.protocol.frame``): a frame's
    length is checked against its bound before its bytes are gathered."""

    def __init__(self, stream: AsyncIterator[bytes], *, max_bytes: int, max_json: int):
        self.stream, self.max_bytes, self.max_json = stream, max_bytes, max_json
        self.buf = bytearray()
        self.ended = False

    async def _fill(self, n: int) -> bool:
        while len(self.buf) < n and not self.ended:
            try:
                chunk = await self.stream.__anext__()
            except StopAsyncIteration:
                self.ended = True
                break
            self.buf += chunk
        return len(self.buf) >= n

    async def more(self) -> bool:
        """Whether another frame follows (once its first byte, or the body's end, has come)."""
        return await self._fill(1)

    async def next(self) -> tuple[bytes, bytes] | None:
        if not await self._fill(FRAME.size):
            if self.buf:
                raise ProtocolError("protocol.garbage", reason="a frame cut short")
            return None
        kind, length = FRAME.unpack(bytes(self.buf[:FRAME.size]))
        limit = self.max_json if kind == HEADER else self.max_bytes
        if length > limit:
            raise HTTPException(413, f"a frame may hold at most {limit} bytes")
        if not await self._fill(FRAME.size + length):
            raise ProtocolError("protocol.garbage", reason="a frame cut short")
        payload = bytes(self.buf[FRAME.size:FRAME.size + length])
        del self.buf[:FRAME.size + length]
        return kind, payload
