"""The wire format of sync batches, shared by device, server and USB bundles (no HTTP here).

A batch is a list of changes (``app.changes.changes_since``) framed as::

    b"SMSY" | format version (1 byte) | codec (1 byte) | SHA-256 of what follows (32 bytes)
    | compressed payload

The payload is UTF-8 JSON laid out by columns, per kind: field names once per batch,
instance IDs and scopes interned into tables once per batch, each field's values as one
list, counters of a version vector as deltas from the row before. Columns of similar
values next to each other are what makes the compression work (see bench/ for figures).
The digest is the batch id: the same changes encode to the same bytes, so a receiver
acknowledges a batch it has already applied without applying it twice. Anything that is
not a whole, unaltered batch of a version this code reads raises ``ProtocolError``.

A change's stamp ("i", "c") is not sent: it is the greatest entry of its vector.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from app.changes import END, stamp
from app.errors import SongMayError

PROTOCOL_VERSION = 1
MAGIC = b"SMSY"
ZLIB, LZMA = 1, 2
_HEAD = len(MAGIC) + 2 + 32
_MAX_PAYLOAD = 256 * 1024 * 1024  # refuse to inflate more than this (decompression bombs)
_PLAIN = ("id", "d", "t")  # per-change keys sent as columns as they are
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class ProtocolError(SongMayError):
    """Data that is not a whole, unaltered batch this version can read."""

    key = "protocol.garbage"


@dataclass
class Batch:
    id: str
    changes: list[dict[str, Any]]


# ------------------------------------------------------------------ encoding
def encode_batch(changes: Iterable[dict[str, Any]], *, codec: int = ZLIB) -> bytes:
    payload = json.dumps(_columns(list(changes)), ensure_ascii=False, separators=(",", ":")).encode()
    if codec == ZLIB:
        body = zlib.compress(payload, 6)
    elif codec == LZMA:
        body = lzma.compress(payload, preset=6)
    else:
        raise ValueError(f"unknown codec {codec}")
    rest = bytes((PROTOCOL_VERSION, codec)) + body
    return MAGIC + hashlib.sha256(rest).digest() + rest


def _columns(changes: list[dict[str, Any]]) -> dict[str, Any]:
    insts: dict[str, int] = {}
    scopes: dict[str, int] = {}
    groups: dict[str, list[dict[str, Any]]] = {}
    order = []
    for ch in changes:
        rows = groups.setdefault(ch["k"], [])
        order.append(list(groups).index(ch["k"]))
        rows.append(ch)

    def vector(vec: dict[str, int] | None, base: dict[str, int], prev: dict[str, int] | None) -> list[int] | None:
        """Flat [instance index, delta, ...]: deltas from the row before (``prev``, updated)
        or from ``base``, the same row's vector."""
        if vec is None:
            return None
        flat = []
        for inst, ctr in sorted(vec.items()):
            flat += [insts.setdefault(inst, len(insts)), ctr - (prev if prev is not None else base).get(inst, 0)]
        if prev is not None:
            prev.update(vec)
        return flat

    kinds = []
    for kind, rows in groups.items():
        fields = sorted({f for ch in rows for f in ch.get("f", {})})
        prev: dict[str, int] = {}
        col: dict[str, Any] = {"k": kind, "fields": fields}
        for key in _PLAIN:
            if any(key in ch for ch in rows):
                col[key] = [ch.get(key) for ch in rows]
        if all(isinstance(x, str) and _UUID.fullmatch(x) for x in col.get("id", [None])):
            col["idhex"] = "".join(x.replace("-", "") for x in col.pop("id"))  # ~4 bytes a row less
        col["vv"] = [vector(ch.get("vv"), {}, prev) for ch in rows]
        col["p"] = [vector(ch.get("p"), ch.get("vv") or {}, None) for ch in rows]
        col["s"] = [scopes.setdefault(ch["s"], len(scopes)) if "s" in ch else None for ch in rows]
        col["cols"] = [[ch.get("f", {}).get(f) for ch in rows] for f in fields]
        missing = [[n for n, f in enumerate(fields) if f not in ch.get("f", {})] for ch in rows]
        if any(missing):  # changes that lack some of the kind's fields (never from changes_since)
            col["miss"] = missing
        kinds.append(col)
    out: dict[str, Any] = {"v": PROTOCOL_VERSION, "inst": list(insts), "scopes": list(scopes), "kinds": kinds}
    if len(groups) > 1:
        out["order"] = order
    return out


# ------------------------------------------------------------------ decoding
def read_batch(data: bytes) -> Batch:
    """Check and decode one batch; ``ProtocolError`` if it is not whole and unaltered."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ProtocolError("protocol.garbage", reason=type(data).__name__)
    data = bytes(data)
    if len(data) < _HEAD + 1 or not data.startswith(MAGIC):
        raise ProtocolError("protocol.garbage", reason="not a SongMay sync batch")
    digest, rest = data[len(MAGIC):len(MAGIC) + 32], data[len(MAGIC) + 32:]
    if hashlib.sha256(rest).digest() != digest:
        raise ProtocolError("protocol.checksum")
    version, codec, body = rest[0], rest[1], rest[2:]
    if version != PROTOCOL_VERSION:
        raise ProtocolError("protocol.version", found=version, supported=PROTOCOL_VERSION)
    try:
        payload = _inflate(codec, body)
        changes = _rows(json.loads(payload.decode("utf-8")))
    except ProtocolError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, zlib.error, lzma.LZMAError) as e:
        raise ProtocolError("protocol.garbage", reason=f"{type(e).__name__}: {e}") from e
    return Batch(id=digest.hex()[:32], changes=changes)


def decode_batch(data: bytes) -> list[dict[str, Any]]:
    return read_batch(data).changes


def batch_id(data: bytes) -> str:
    """The id of an encoded batch (the digest in its frame), without decoding it."""
    return bytes(data[len(MAGIC):len(MAGIC) + 32]).hex()[:32]


def _inflate(codec: int, body: bytes) -> bytes:
    if codec == ZLIB:
        d = zlib.decompressobj()
        out = d.decompress(body, _MAX_PAYLOAD)
        if d.unconsumed_tail or not d.eof:
            raise ValueError("incomplete or oversized zlib stream")
        return out
    if codec == LZMA:
        d = lzma.LZMADecompressor()
        out = d.decompress(body, _MAX_PAYLOAD)
        if not d.eof:
            raise ValueError("incomplete or oversized lzma stream")
        return out
    raise ValueError(f"unknown codec {codec}")


def _rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    if doc["v"] != PROTOCOL_VERSION:
        raise ValueError("payload version")
    insts: list[str] = doc["inst"]
    scopes: list[str] = doc["scopes"]
    if not all(isinstance(x, str) for x in (*insts, *scopes)):
        raise TypeError("instance and scope tables hold strings")

    def vector(flat: list[int] | None, base: dict[str, int], prev: dict[str, int] | None) -> dict[str, int] | None:
        if flat is None:
            return None
        out = {}
        for idx, delta in zip(flat[::2], flat[1::2], strict=True):
            if type(idx) is not int or type(delta) is not int or idx < 0:
                raise TypeError("vector entries are integers")
            inst = insts[idx]
            out[inst] = (prev if prev is not None else base).get(inst, 0) + delta
        if prev is not None:
            prev.update(out)
        return out

    per_kind: list[list[dict[str, Any]]] = []
    for col in doc["kinds"]:
        kind, fields = col["k"], col["fields"]
        n = len(col["vv"])
        prev: dict[str, int] = {}
        if "idhex" in col:
            h = col["idhex"]
            if not isinstance(h, str) or len(h) != 32 * n:
                raise ValueError("id column length")
            col["id"] = [f"{h[j:j+8]}-{h[j+8:j+12]}-{h[j+12:j+16]}-{h[j+16:j+20]}-{h[j+20:j+32]}"
                         for j in range(0, len(h), 32)]
        plain = {key: col[key] for key in _PLAIN if key in col}
        values = list(zip(*col["cols"], strict=True)) if fields else [()] * n
        misses = col.get("miss", [[]] * n)
        if len(misses) != n:
            raise ValueError("columns of unequal length")
        rows = []
        for j, (vv, p, s, vals) in enumerate(zip(col["vv"], col["p"], col["s"], values, strict=True)):
            ch: dict[str, Any] = {"k": kind}
            for key, column in plain.items():
                ch[key] = column[j]
            vv = vector(vv, {}, prev) if vv is not None else None
            if vv is not None:
                ch["vv"] = vv
                ch["c"], ch["i"] = stamp(vv) if vv else (0, "")
            if kind != END or fields:
                ch["f"] = dict(zip(fields, vals, strict=True))
                for m in misses[j]:
                    del ch["f"][fields[m]]
            p = vector(p, vv or {}, None) if p is not None else None
            if p is not None:
                ch["p"] = p
            if s is not None:
                ch["s"] = scopes[s]
            rows.append(ch)
        if any(len(c) != n for c in (col["p"], col["s"], *plain.values())):
            raise ValueError("columns of unequal length")
        per_kind.append(rows)
    order = doc.get("order", [0] * sum(map(len, per_kind)))
    taken = [0] * len(per_kind)
    out = []
    for k in order:
        out.append(per_kind[k][taken[k]])
        taken[k] += 1
    if taken != [len(r) for r in per_kind]:
        raise ValueError("order does not match the columns")
    return out


# ------------------------------------------------------------------ batching
def iter_batches(changes: Iterable[dict[str, Any]], max_bytes: int, *, codec: int = ZLIB) -> Iterator[bytes]:
    """Encode ``changes`` in order as batches of at most ``max_bytes`` each."""
    for data, _count in iter_counted_batches(changes, max_bytes, codec=codec):
        yield data


def iter_counted_batches(changes: Iterable[dict[str, Any]], max_bytes: int, *,
                         codec: int = ZLIB) -> Iterator[tuple[bytes, int]]:
    """As ``iter_batches``, each batch with how many of ``changes`` it holds."""
    per_change = 64.0  # encoded bytes per change, learnt from each batch encoded
    pending: list[dict[str, Any]] = []
    for ch in changes:
        pending.append(ch)
        if len(pending) * per_change >= max_bytes * 0.85:
            for data, count in _fit(pending, max_bytes, codec):
                per_change = max(8.0, len(data) / count)
                yield data, count
            pending = []
    if pending:
        yield from _fit(pending, max_bytes, codec)


def _fit(changes: list[dict[str, Any]], max_bytes: int, codec: int) -> Iterator[tuple[bytes, int]]:
    data = encode_batch(changes, codec=codec)
    if len(data) <= max_bytes:
        yield data, len(changes)
        return
    if len(changes) == 1:
        ch = changes[0]
        raise ProtocolError("protocol.too_large", kind=ch.get("k"), id=ch.get("id"), limit=max_bytes)
    half = len(changes) // 2
    yield from _fit(changes[:half], max_bytes, codec)
    yield from _fit(changes[half:], max_bytes, codec)
