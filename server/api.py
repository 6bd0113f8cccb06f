"""The provincial server's HTTP API (FastAPI). OpenAPI at ``/openapi.json``, docs at ``/docs``.

Sync (devices, token auth):
  POST /api/v1/enrol          one-time code → device token
  POST /api/v1/sync/hello     the device's summary → a frame stream: header (the server's
                              summary, the device's scope, notices) then the batches the
                              device lacks, ``more`` when it should ask again
  POST /api/v1/sync/push      one encoded batch → its acknowledgement (idempotent)
Operators (HTTP Basic, argon2-hashed passwords): /api/v1/admin/...
"""


import base64
import json
import logging
import struct
import time
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from app import __version__
from app.errors import SongMayError, SyncError
from server.storage import Installation, ServerStore
from sync.protocol import PROTOCOL_VERSION, ProtocolError, read_batch

log = logging.getLogger("songmay.server")
STREAM_TYPE = "application/x-songmay-stream"
BATCH_TYPE = "application/x-songmay-batch"
MAX_PUSH_BYTES = 16 * 1024 * 1024


def frame(kind: bytes, payload: bytes) -> bytes:
    """One frame of a hello stream: type (H header, B batch) | length (4 bytes) | payload."""
    return kind + struct.pack(">I", len(payload)) + payload


class EnrolRequest(BaseModel):
    code: str = Field(max_length=40)
    instance_id: str = Field(min_length=8, max_length=64)
    public_key: str = Field(min_length=64, max_length=64, description="Ed25519 verify key, hex")
    unit: dict[str, Any] | None = None
    name: str = Field(default="", max_length=200)
    app_version: str = Field(default="", max_length=40)


class HelloRequest(BaseModel):
    protocol: int
    summary: dict[str, int] = {}
    batch_bytes: int = Field(default=256 * 1024, ge=4096, le=4 * 1024 * 1024)
    conflicts: list[dict[str, Any]] = Field(default=[], max_length=500,
                                            description="losing versions the device holds, to relay")


class EnrolmentCodeRequest(BaseModel):
    unit_code: str = Field(min_length=1, max_length=40)
    hours: float = Field(default=72, gt=0, le=24 * 30)


class RevokeRequest(BaseModel):
    reason: str = Field(default="", max_length=500)


def create_app(store: ServerStore) -> FastAPI:
    app = FastAPI(title="SongMay provincial server", version=__version__,
                  description="Sync and enrolment for SongMay installations; operators' endpoints.")
    app.state.store = store

    @app.exception_handler(SongMayError)
    async def _known(_request: Request, exc: SongMayError) -> JSONResponse:
        status = exc.status if isinstance(exc, SyncError) else 400
        return JSONResponse(status_code=status, content=_error_body(exc))

    @app.middleware("http")
    async def _log_requests(request: Request, call_next):  # noqa: ANN001, ANN202
        start = time.perf_counter()
        response = await call_next(request)
        log.info("request", extra={"method": request.method, "path": request.url.path,
                                   "status": response.status_code,
                                   "ms": round((time.perf_counter() - start) * 1000, 1),
                                   "client": request.client.host if request.client else ""})
        return response

    def device(authorization: Annotated[str, Header()] = "") -> Installation:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer":
            raise SyncError("sync.unauthorised")
        return store.authenticate(token.strip())

    def operator(authorization: Annotated[str, Header()] = "") -> dict[str, Any]:
        scheme, _, value = authorization.partition(" ")
        try:
            name, _, password = base64.b64decode(value).decode().partition(":")
        except ValueError:
            name = password = ""
        if scheme.lower() != "basic" or not name:
            raise HTTPException(401, "login required", headers={"WWW-Authenticate": 'Basic realm="SongMay"'})
        return store.check_account(name, password)

    def province(user: Annotated[dict, Depends(operator)]) -> dict[str, Any]:
        if user["role"] != "province":
            raise HTTPException(403, "the province's operators only")
        return user

    @app.get("/health", tags=["operations"])
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "protocol": PROTOCOL_VERSION,
                "database": store.dialect, "schema": store.revision()}

    @app.post("/api/v1/enrol", tags=["sync"])
    def enrol(body: EnrolRequest) -> dict[str, Any]:
        return store.enrol(body.code, instance_id=body.instance_id, public_key=body.public_key,
                           unit=body.unit, name=body.name, app_version=body.app_version)

    @app.post("/api/v1/sync/hello", tags=["sync"], response_class=Response,
              responses={200: {"content": {STREAM_TYPE: {}}}})
    def hello(body: HelloRequest, dev: Annotated[Installation, Depends(device)]) -> Response:
        if body.protocol != PROTOCOL_VERSION:
            raise SyncError("sync.protocol_mismatch", server=PROTOCOL_VERSION, client=body.protocol, status=426)
        header, batches = store.hello(dev, body.summary, batch_bytes=body.batch_bytes, conflicts=body.conflicts)

        def frames() -> Iterator[bytes]:  # batches are encoded as the device takes them in
            yield frame(b"H", json.dumps(header, ensure_ascii=False).encode())
            for b in batches:
                yield frame(b"B", b)

        return StreamingResponse(frames(), media_type=STREAM_TYPE)

    @app.post("/api/v1/sync/push", tags=["sync"],
              openapi_extra={"requestBody": {"content": {BATCH_TYPE: {"schema": {"type": "string",
                                                                                  "format": "binary"}}}}})
    async def push(request: Request, dev: Annotated[Installation, Depends(device)]) -> dict[str, Any]:
        size = int(request.headers.get("content-length") or 0)
        if size > MAX_PUSH_BYTES:
            raise HTTPException(413, f"a batch may hold at most {MAX_PUSH_BYTES} bytes")
        data = await request.body()
        if len(data) > MAX_PUSH_BYTES:
            raise HTTPException(413, f"a batch may hold at most {MAX_PUSH_BYTES} bytes")
        try:
            batch = read_batch(data)
        except ProtocolError as e:
            return JSONResponse(status_code=400, content=_error_body(e))
        return await run_in_threadpool(store.push, dev, batch)

    # ------------------------------------------------------------ operators
    @app.get("/api/v1/admin/status", tags=["operators"])
    def admin_status(_user: Annotated[dict, Depends(operator)]) -> dict[str, Any]:
        return store.status()

    @app.get("/api/v1/admin/duplicates", tags=["operators"])
    def admin_duplicates(_user: Annotated[dict, Depends(operator)]) -> list[dict[str, Any]]:
        return store.duplicates()

    @app.get("/api/v1/admin/quarantine", tags=["operators"])
    def admin_quarantine(_user: Annotated[dict, Depends(operator)]) -> list[dict[str, Any]]:
        return store.quarantined()

    @app.get("/api/v1/admin/devices", tags=["operators"])
    def admin_devices(_user: Annotated[dict, Depends(operator)]) -> list[dict[str, Any]]:
        return store.installations()

    @app.post("/api/v1/admin/enrolments", tags=["operators"])
    def admin_enrolment(body: EnrolmentCodeRequest, user: Annotated[dict, Depends(operator)]) -> dict[str, str]:
        code, expires = store.issue_code(body.unit_code, hours=body.hours, created_by=user["name"])
        return {"code": code, "unit_code": body.unit_code.upper(), "expires_at": expires}

    @app.post("/api/v1/admin/devices/{device_id}/revoke", tags=["operators"])
    def admin_revoke(device_id: str, body: RevokeRequest,
                     _user: Annotated[dict, Depends(province)]) -> dict[str, str]:
        return {"revoked": store.revoke(device_id, body.reason)}

    return app


def _error_body(exc: SongMayError) -> dict[str, Any]:
    return {"error": exc.key, "message": exc.message("vi"), "message_en": exc.message("en"),
            "params": {k: v for k, v in exc.params.items() if isinstance(v, (str, int, float))}}
