"""The provincial server's HTTP API (FastAPI). OpenAPI at ``/openapi.json``, docs at ``/docs``.

Sync (devices, token auth):
  POST /api/v1/enrol          one-time code → device token
  POST /api/v1/enrol/file     an officer's offline enrolment file + proof of key → device token
  POST /api/v1/sync/hello     the device's summary → a frame stream: header (the server's
                              summary, the device's scope, notices) then the batches the
                              device lacks, ``more`` when it should ask again
  POST /api/v1/sync/push      one encoded batch → its acknowledgement (idempotent)
  POST /api/v2/sync           hello and push in one request (``server.exchange``)
Operators (HTTP Basic, argon2-hashed passwords): /api/v1/admin/...
  GET  /api/v1/admin/reports/{kind}?unit=&from=&to=&format=xlsx|pdf   an official report file
"""


import base64
import json
import logging
import os
import time
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.concurrency import run_in_threadpool

from app import __version__
from app.errors import SongMayError, SyncError
from app.store import now_iso
from server import exchange as api2
from server import registry, web
from server import reports as server_reports
from server.limits import SharedRateLimiter, TooManyAttempts
from server.logs import setup_logging
from server.storage import Installation, ServerStore
from server.web import console as web_console
from server.web import console_pairs as web_pairs
from server.web import console_registry as web_registry
from server.web import console_reports as web_reports
from server.web import public as web_public
from sync.bundle import MAX_BUNDLE_BYTES
from sync.protocol import BATCH, BATCH_TYPE, HEADER, PROTOCOL_VERSION, STREAM_TYPE, ProtocolError, frame, read_batch

log = logging.getLogger("songmay.server")
MAX_PUSH_BYTES = 16 * 1024 * 1024
MAX_JSON_BYTES = 2 * 1024 * 1024  # a hello (its conflicts), an enrolment file, an operator's form
DATABASE_RETRY_AFTER = 5  # seconds a device waits when the database is down


class EnrolRequest(BaseModel):
    code: str = Field(max_length=40)
    instance_id: str = Field(min_length=8, max_length=64)
    public_key: str = Field(min_length=64, max_length=64, description="Ed25519 verify key, hex")
    proof: str = Field(default="", max_length=128,
                       description="signature (hex) of 'songmay-enrol|INSTANCE|CODE' by the key registered")
    unit: dict[str, Any] | None = Field(default=None, description="ignored: the unit comes from the registry")
    name: str = Field(default="", max_length=200)
    app_version: str = Field(default="", max_length=40)


class EnrolFileRequest(BaseModel):
    file: dict[str, Any]
    instance_id: str = Field(min_length=8, max_length=64)
    public_key: str = Field(min_length=64, max_length=64, description="Ed25519 verify key, hex")
    proof: dict[str, str]
    name: str = Field(default="", max_length=200)
    app_version: str = Field(default="", max_length=40)


class HelloRequest(BaseModel):
    protocol: int
    summary: dict[str, int] = {}
    batch_bytes: int = Field(default=256 * 1024, ge=4096, le=4 * 1024 * 1024)
    conflicts: list[dict[str, Any]] = Field(default=[], max_length=500,
                                            description="losing versions the device holds, to relay")
    formats: list[int] = Field(default=[], max_length=8, description="batch layouts the device reads, best first")
    codecs: list[int] = Field(default=[], max_length=8, description="compressions the device reads, best first")
    since: dict[str, int] = Field(default={}, description="API 2: the server's summary the device's batches "
                                                          "were cut against (what it was last told the server held)")


class UnitFields(BaseModel):
    """A unit for the province's registry (``songmay-server unit add``)."""

    name: str = Field(min_length=1, max_length=200)
    kind: str = Field(default="school", pattern="^(school|commune|cluster|province)$")
    level: str = Field(default="", max_length=10)
    commune_code: str = Field(default="", max_length=5)
    province_code: str = Field(default="", max_length=2, description="for a provincial department (else: the "
                                                                     "commune's province)")
    parent_code: str = Field(default="", max_length=40)
    address: str = Field(default="", max_length=300)


class UnitRequest(UnitFields):
    code: str = Field(min_length=1, max_length=40)


class EnrolmentCodeRequest(BaseModel):
    unit_code: str = Field(min_length=1, max_length=40)
    hours: float = Field(default=72, gt=0, le=24 * 30)
    unit: UnitFields | None = Field(default=None, description="registers the unit first if the registry lacks "
                                                              "it (the province's operators only)")


class RevokeRequest(BaseModel):
    reason: str = Field(default="", max_length=500)


class BodyLimit:
    """ASGI middleware: a request body above ``limit`` bytes is refused (413) before the
    application parses it — by its Content-Length at once, a chunked one as it grows.
    The paths that take large binary bodies (pushes, bundles) read theirs with their own
    caps (``_body``)."""

    def __init__(self, app: Any, limit: int = MAX_JSON_BYTES, exempt: tuple[str, ...] = ()):
        self.app, self.limit, self.exempt = app, limit, exempt

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt:
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await _too_large(send, self.limit)
        # read the body here (at most ``limit`` bytes are ever held), then hand it on whole
        messages, seen = [], 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            seen += len(message.get("body", b""))
            if seen > self.limit:
                return await _too_large(send, self.limit)
            if not message.get("more_body"):
                break

        async def replay() -> dict:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


class RequestLog:
    """ASGI middleware: each request logged once it has been answered (its method, path,
    status, milliseconds and client), or failed (status 500). Plain ASGI rather than
    Starlette's ``@app.middleware("http")``, whose wrapping of every request and response
    (a task and a stream of its own) cost a sync more than the logging."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = [500]  # unless a response comes: the request is logged either way

        async def sending(message: dict) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client")
            log.info("request", extra={"method": scope["method"], "path": scope["path"], "status": status[0],
                                       "ms": round((time.perf_counter() - start) * 1000, 1),
                                       "client": client[0] if client else ""})


async def _too_large(send: Any, limit: int) -> None:
    body = json.dumps({"detail": f"a request may hold at most {limit} bytes"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def create_app(store: ServerStore) -> FastAPI:
    app = FastAPI(title="SongMay provincial server", version=__version__,
                  description="Sync and enrolment for SongMay installations; operators' endpoints.")
    app.state.store = store
    app.add_middleware(BodyLimit, exempt=("/api/v1/sync/push", "/api/v1/bundles", api2.EXCHANGE_PATH))
    web.mount(app)  # the web pages' static files (server/web: DESIGN §9)
    web_public.mount(app)  # the public transparency pages, no sign-in: /cong-khai/
    web_console.mount(app, store)  # the province's console: /console/
    web_pairs.mount(app, store)  # its children at two schools and quarantine: /console/hai-truong, /quarantine
    web_registry.mount(app, store)  # its units and computers: /console/don-vi
    web_reports.mount(app, store)  # its reports: /console/bao-cao

    @app.exception_handler(SongMayError)
    async def _known(_request: Request, exc: SongMayError) -> JSONResponse:
        status = exc.status if isinstance(exc, SyncError) else 400
        return JSONResponse(status_code=status, content=_error_body(exc))

    @app.exception_handler(TooManyAttempts)
    async def _too_many(_request: Request, exc: TooManyAttempts) -> JSONResponse:
        """429 (too many failures) or 503 (too busy to check), with Retry-After."""
        return JSONResponse(status_code=exc.status, content=_error_body(exc),
                            headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(DBAPIError)
    async def _database(_request: Request, exc: DBAPIError) -> JSONResponse:
        """The database cannot be reached (stopped, restarting, out of connections): 503
        with Retry-After, so devices try again with their backoff; anything else a bug."""
        if not (exc.connection_invalidated or isinstance(exc, (OperationalError, InterfaceError))):
            raise exc
        log.warning("database unavailable", extra={"error": str(exc.orig)[:200]})
        err = SyncError("server.database_unavailable")
        return JSONResponse(status_code=503, content=_error_body(err),
                            headers={"Retry-After": str(DATABASE_RETRY_AFTER)})

    app.add_middleware(RequestLog)

    # wrong one-time codes, per client address, counted in the database: all workers, all hosts
    enrolments = SharedRateLimiter(store.engine, "enrol", threshold=10, window=600)

    def enrolling(request: Request) -> str:
        """The client's address, refused (429) while it waits after too many wrong codes."""
        addr = request.client.host if request.client else ""
        enrolments.check(("addr", addr), what="enrol.too_many_attempts")
        return addr

    def counted(addr: str, call: Any) -> Any:
        try:
            return call()
        except SyncError as e:
            if e.key in ("enrol.code_unknown", "enrol.code_expired", "enrol.code_used", "enrol.proof_failed",
                         "enrol.file_damaged", "enrol.bad_request"):
                enrolments.failed(("addr", addr))
                log.warning("enrolment refused", extra={"client": addr, "error": e.key})
            raise

    def device(authorization: Annotated[str, Header()] = "") -> Installation:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer":
            raise SyncError("sync.unauthorised")
        return store.authenticate(token.strip())

    def operator(request: Request, authorization: Annotated[str, Header()] = "") -> dict[str, Any]:
        """HTTP Basic: the account, checked with the limits on failures per client address
        and per name (``server.accounts``; 429 with Retry-After). The address is the peer's,
        or the X-Forwarded-For of a proxy uvicorn trusts (FORWARDED_ALLOW_IPS)."""
        scheme, _, value = authorization.partition(" ")
        try:
            name, _, password = base64.b64decode(value).decode().partition(":")
        except ValueError:
            name = password = ""
        if scheme.lower() != "basic" or not name:
            raise HTTPException(401, "login required", headers={"WWW-Authenticate": 'Basic realm="SongMay"'})
        return store.check_account(name, password, client=request.client.host if request.client else "")

    def province(user: Annotated[dict, Depends(operator)]) -> dict[str, Any]:
        if user["role"] != "province":
            raise HTTPException(403, "the province's operators only")
        return user

    @app.get("/health", tags=["operations"])
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "protocol": PROTOCOL_VERSION,
                "database": store.dialect, "schema": store.revision(), "time": now_iso(), **api2.capabilities()}

    @app.post("/api/v1/enrol/file", tags=["sync"])
    def enrol_file(body: EnrolFileRequest, addr: Annotated[str, Depends(enrolling)]) -> dict[str, Any]:
        """An installation enrolled offline with an officer's file, online for the first
        time: the file, and a signature by the key it presents, dated by the server's clock."""
        return {**counted(addr, lambda: store.enrol_with_file(body.file, instance_id=body.instance_id,
                                                              public_key=body.public_key, proof=body.proof,
                                                              name=body.name, app_version=body.app_version)),
                **api2.enrolment_extras()}

    @app.post("/api/v1/enrol", tags=["sync"])
    def enrol(body: EnrolRequest, addr: Annotated[str, Depends(enrolling)]) -> dict[str, Any]:
        return {**counted(addr, lambda: store.enrol(body.code, instance_id=body.instance_id,
                                                    public_key=body.public_key, proof=body.proof, name=body.name,
                                                    app_version=body.app_version)),
                **api2.enrolment_extras()}

    @app.post("/api/v1/sync/hello", tags=["sync"], response_class=Response,
              responses={200: {"content": {STREAM_TYPE: {}}}})
    async def hello(body: HelloRequest, dev: Annotated[Installation, Depends(device)]) -> Response:
        if body.protocol != PROTOCOL_VERSION:
            raise SyncError("sync.protocol_mismatch", server=PROTOCOL_VERSION, client=body.protocol, status=426)
        header, batches = await api2.in_sync_lane(
            store.hello, dev, body.summary, batch_bytes=body.batch_bytes, conflicts=body.conflicts,
            encoding=api2.encoding(body.formats, body.codecs))
        header.update(api2.capabilities())

        def frames() -> Iterator[bytes]:  # batches are encoded as the device takes them in
            yield frame(HEADER, json.dumps(header, ensure_ascii=False).encode())
            for b in batches:
                yield frame(BATCH, b)

        return StreamingResponse(frames(), media_type=STREAM_TYPE)

    @app.post("/api/v1/sync/push", tags=["sync"],
              openapi_extra={"requestBody": {"content": {BATCH_TYPE: {"schema": {"type": "string",
                                                                                  "format": "binary"}}}}})
    async def push(request: Request, dev: Annotated[Installation, Depends(device)]) -> dict[str, Any]:
        data = await _body(request, MAX_PUSH_BYTES, "a batch")

        def take() -> Any:  # decoding too runs off the event loop
            try:
                batch = read_batch(data)
            except ProtocolError as e:
                return JSONResponse(status_code=400, content=_error_body(e))
            return store.push(dev, batch)

        return await api2.in_sync_lane(take)

    api2.mount(app, store, device=device, hello_request=HelloRequest, max_bytes=MAX_PUSH_BYTES,
               max_json=MAX_JSON_BYTES)

    @app.post("/api/v1/bundles", tags=["usb"],
              openapi_extra={"requestBody": {"content": {"application/octet-stream": {
                  "schema": {"type": "string", "format": "binary"}}}}})
    async def relay(request: Request, dev: Annotated[Installation, Depends(device)],
                    name: str = "") -> dict[str, Any]:
        """An officer relays a school's original USB bundle: the server checks the school
        device's own signature, decrypts it with the province's key and merges it once."""
        data = await _body(request, MAX_BUNDLE_BYTES, "a bundle")
        return await run_in_threadpool(store.relay, dev, data, name)

    @app.get("/api/v1/bundles/acks", tags=["usb"])
    def acks_waiting(dev: Annotated[Installation, Depends(device)]) -> dict[str, Any]:
        """The school installations of the caller's area with something the province has
        for them (decisions, verifications, records of their other computers, warnings):
        the acknowledgements an officer should carry on the next stick."""
        return {"waiting": store.waiting_acks(dev)}

    @app.get("/api/v1/bundles/ack/{device_id}", tags=["usb"], response_class=Response,
             responses={200: {"content": {"application/octet-stream": {}}}})
    def ack(device_id: str, dev: Annotated[Installation, Depends(device)]) -> Response:
        """The acknowledgement bundle for a school installation the caller covers, to carry
        back on the stick: what reached the province and what flows down to the school."""
        name, data = store.ack_bundle(device_id, carrier=dev)
        return Response(data, media_type="application/octet-stream",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    # ------------------------------------------------------------ operators
    # every operator's endpoint acts within the account's area (``ServerStore.operator_area``):
    # a province account without a unit sees the whole registry, any other account its unit
    # and what that covers
    @app.get("/api/v1/admin/status", tags=["operators"])
    def admin_status(user: Annotated[dict, Depends(operator)]) -> dict[str, Any]:
        return store.status(store.operator_area(user))

    @app.get("/api/v1/admin/duplicates", tags=["operators"])
    def admin_duplicates(user: Annotated[dict, Depends(operator)]) -> list[dict[str, Any]]:
        return store.duplicates(store.operator_area(user))

    @app.get("/api/v1/admin/quarantine", tags=["operators"])
    def admin_quarantine(user: Annotated[dict, Depends(operator)],
                         limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
                         offset: Annotated[int, Query(ge=0)] = 0) -> list[dict[str, Any]]:
        """Refused versions of the account's area, a page at a time."""
        return store.quarantined(store.operator_area(user), limit=limit, offset=offset)

    @app.get("/api/v1/admin/devices", tags=["operators"])
    def admin_devices(user: Annotated[dict, Depends(operator)]) -> list[dict[str, Any]]:
        return store.installations(store.operator_area(user))

    @app.get("/api/v1/admin/units", tags=["operators"])
    def admin_units(user: Annotated[dict, Depends(operator)]) -> list[dict[str, Any]]:
        """The registry's units in the account's area."""
        return store.units(store.operator_area(user))

    @app.post("/api/v1/admin/units", tags=["operators"], status_code=201)
    def admin_add_unit(body: UnitRequest, user: Annotated[dict, Depends(province)]) -> dict[str, Any]:
        """A new unit in the province's registry (the province's operators only)."""
        area = store.operator_area(user)
        if area is not None and body.parent_code:
            parent = store.unit_by_code(body.parent_code)
            if parent is None or parent["id"] not in area:
                raise HTTPException(403, "outside this account's area")
            if ((body.commune_code or body.kind == "school")
                    and body.commune_code not in registry.area_communes(store.units(area))):
                raise HTTPException(403, "the unit's commune is outside this account's area")
        elif area is not None:
            raise HTTPException(403, "a province account of a unit adds units under a unit of its area")
        fields = body.model_dump()
        return store.add_unit(fields.pop("code"), **fields, actor=f"operator:{user['name']}")

    @app.post("/api/v1/admin/enrolments", tags=["operators"])
    def admin_enrolment(body: EnrolmentCodeRequest, user: Annotated[dict, Depends(operator)]) -> dict[str, str]:
        """A one-time enrolment code for a unit of the registry in the account's area."""
        if body.unit is not None and store.unit_by_code(body.unit_code) is None:
            if user["role"] != "province":
                raise HTTPException(403, "only the province's operators add units to the registry")
            store.add_unit(body.unit_code, **body.unit.model_dump(), actor=f"operator:{user['name']}")
        code, expires = store.issue_code(body.unit_code, hours=body.hours, created_by=user["name"],
                                         area=store.operator_area(user))
        return {"code": code, "unit_code": body.unit_code.upper(), "expires_at": expires}

    @app.get("/api/v1/admin/reports/{kind}", tags=["operators"], response_class=Response,
             responses={200: {"content": {t: {} for t in server_reports.MEDIA.values()}}})
    async def admin_report(kind: str, user: Annotated[dict, Depends(operator)], unit: str = "",
                           date_from: Annotated[str, Query(alias="from")] = "",
                           date_to: Annotated[str, Query(alias="to")] = "",
                           format: str = "xlsx",  # noqa: A002 - the query parameter's name
                           lang: Annotated[str, Query(pattern="^(vi|en)$")] = "vi",
                           detail: bool | None = None) -> Response:
        """An official report as a file: ``unit`` a unit's code, a commune or province code,
        or none for the whole country (the province's operators only). An officer may ask
        for their own unit and the units it covers."""
        server_reports.check_kind(kind)
        suffix = server_reports.check_format(format)
        period = server_reports.period_of(kind, date_from, date_to)

        def run() -> tuple[bytes, str]:
            with server_reports.source(store.read_engine) as src:  # the replica, if any
                target = server_reports.unit_of(src, unit)
                if not server_reports.may_see(src, user, target):
                    raise HTTPException(403, "outside this account's unit")
                data = server_reports.build(src, kind, target, period, lang=lang, detail=detail)
            return server_reports.render(data, suffix), server_reports.file_name(data, suffix)

        body, name = await run_in_threadpool(run)
        log.info("report", extra={"user": user["name"], "kind": kind, "unit": unit or "VN", "bytes": len(body)})
        return Response(body, media_type=server_reports.MEDIA[suffix],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.post("/api/v1/admin/devices/{device_id}/revoke", tags=["operators"])
    def admin_revoke(device_id: str, body: RevokeRequest,
                     user: Annotated[dict, Depends(province)]) -> dict[str, str]:
        return {"revoked": store.revoke(device_id, body.reason, area=store.operator_area(user))}

    return app


def app_from_env() -> FastAPI:
    """The app of one worker process (``songmay-server serve --workers N``): the database
    from ``SONGMAY_SERVER_DB``, already migrated by the parent."""
    setup_logging(os.environ.get("SONGMAY_SERVER_LOG_LEVEL", "info"))
    return create_app(ServerStore.open(os.environ["SONGMAY_SERVER_DB"], upgrade=False,
                                       read_url=os.environ.get("SONGMAY_SERVER_READ_DB")))


async def _body(request: Request, limit: int, what: str) -> bytes:
    """The request's body, read as it comes and refused (413) past ``limit`` bytes: a
    Content-Length says so at once, a chunked upload (none) as soon as it grows past it."""
    too_large = HTTPException(413, f"{what} may hold at most {limit} bytes")
    try:
        if int(request.headers.get("content-length") or 0) > limit:
            raise too_large
    except ValueError:
        raise HTTPException(400, "a bad Content-Length") from None
    parts, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        parts.append(chunk)
    return b"".join(parts)


def _error_body(exc: SongMayError) -> dict[str, Any]:
    return {"error": exc.key, "message": exc.message("vi"), "message_en": exc.message("en"),
            "params": {k: v for k, v in exc.params.items() if isinstance(v, (str, int, float))}}
