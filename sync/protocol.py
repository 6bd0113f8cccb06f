"""The wire format of sync batches, shared by device, server and USB bundles (no HTTP here).

A batch is a list of changes (``app.changes.changes_since``) framed as::

    b"SMSY" | SHA-256 of what follows (32 bytes) | format version (1 byte) | codec (1 byte)
    | compressed payload

A pull (``POST /api/v1/sync/hello``) answers with a stream of frames (``frame``,
``read_frames``; the server writes them, the client reads them)::

    kind (1 byte: b"H" the header, JSON; b"B" a batch as above) | length (4 bytes, big-endian)
    | payload

the header first, then the batches the device lacks, as the server encodes them.

The payload is UTF-8 JSON laid out by columns, per kind: field names once per batch,
instance IDs and scopes interned into tables once per batch, each field's values as one
list, counters of a version vector as deltas from the row before. Columns of similar
values next to each other are what makes the compression work (see bench/ for figures).
The digest is the batch id: the same changes encode to the same bytes, so a receiver
acknowledges a batch it has already applied without applying it twice. Anything that is
not a whole, unaltered batch of a version this code reads raises ``ProtocolError``.

A change's stamp ("i", "c") is not sent: it is the greatest entry of its vector.

Bounded input (DESIGN §8: every parser bounds depth and size before decoding). The inflated
payload is at most ``_MAX_PAYLOAD`` bytes; before ``json.loads`` sees it, a linear scan of
its brackets outside strings (``check_json``) refuses nesting deeper than ``MAX_DEPTH`` and
more than ``MAX_VALUES`` values, so no batch can exhaust the stack or memory of its reader.
The same helpers bound the USB bundle's header and the offline enrolment file, and
``open_regular`` opens a named file for reading only if it is a regular file.
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import lzma
import operator
import os
import re
import stat
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app import messages
from app.changes import END, gc_paused, stamp
from app.errors import SongMayError

PROTOCOL_VERSION = 1  # the HTTP hello's version (the header's "protocol"): unchanged since the first devices
MAGIC = b"SMSY"
# the batch's layout (its frame's version byte and the payload's "v"): 1, the first; 2 adds
# references to the batch's own records as numbers, and single-entry version vectors as two
# flat columns (fewer bytes, faster to read). A reader takes both; a writer uses 2 only with
# a peer that said it reads it (``FORMATS`` in a hello, an enrolment's or a hello's answer).
FORMAT_V1, FORMAT_V2 = 1, 2
FORMATS = (FORMAT_V2, FORMAT_V1)  # the layouts this code reads, best first
BATCH_TYPE = "application/x-songmay-batch"  # one batch (a push's body)
STREAM_TYPE = "application/x-songmay-stream"  # frames (a hello's answer)
HEADER, BATCH = b"H", b"B"  # the kinds of frame
HEADER_Z = b"h"  # a header as zlib-compressed JSON (API 2's one request, both ways: ~60 % fewer bytes)
MAX_HEADER = 2 * 1024 * 1024  # an inflated header's bound
FRAME = _FRAME = struct.Struct(">cI")  # a frame's head: kind, length
ZLIB, LZMA = 1, 2  # every version ever shipped reads both (LZMA: the .xz container)
LZMA_RAW = 3  # LZMA2 without a container, tuned for batches (``_LZMA_FILTERS``): 2-3 % fewer bytes
# the compressions this code reads, in the order a slow link prefers them (LZMA: about a
# fifth fewer bytes than zlib, three to five times the CPU)
CODECS = (LZMA_RAW, LZMA, ZLIB)
# text-like JSON and random ids: no position bits (pb 0), long matches kept (nice_len); the
# dictionary bounded, since a reader allocates it whole (a batch is at most a few MB)
_LZMA_FILTERS = [{"id": lzma.FILTER_LZMA2, "preset": 6, "dict_size": 4 << 20, "lc": 3, "lp": 0, "pb": 0,
                  "nice_len": 273}]
_HEAD = len(MAGIC) + 2 + 32
_MAX_PAYLOAD = 256 * 1024 * 1024  # refuse to inflate more than this (decompression bombs)
# a batch is 5 levels deep (document, kinds, a kind's columns, the values' columns, a
# column) plus what a record's JSON fields nest (a need's history: 2); deeper is hostile
MAX_DEPTH = 32
# values of one JSON document: ~0.6 per compressed byte in real batches (10,000 students:
# 270,000 in 458 kB), at most ~3 for near-identical wide records; so 16 M is 4x the largest
# batch a peer may ask for (4 MiB), and caps what a hostile one makes the reader allocate
# (an empty list costs 64 bytes of memory for 3 bytes of payload) at about 1 GB
MAX_VALUES = 16 * 1024 * 1024
_BATCH_WORDS = ("dữ liệu đồng bộ", "the sync data")
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
def encode_batch(changes: Iterable[dict[str, Any]], *, codec: int = ZLIB, fmt: int = FORMAT_V1) -> bytes:
    """``changes`` as one batch, compressed with ``codec``, laid out as ``fmt`` (only a
    peer that reads ``FORMAT_V2`` gets it)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown batch format {fmt}")
    with gc_paused():
        doc = _columns(list(changes), fmt)
        blob = doc.pop("_ids", b"")
        payload = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    if fmt >= FORMAT_V2:  # the records' ids as 16 raw bytes each after the JSON (which holds no NUL)
        payload += b"\0" + blob
    if codec == ZLIB:
        body = zlib.compress(payload, 6)
    elif codec == LZMA:
        body = lzma.compress(payload, format=lzma.FORMAT_XZ, check=lzma.CHECK_NONE, preset=6)
    elif codec == LZMA_RAW:
        body = lzma.compress(payload, format=lzma.FORMAT_RAW, filters=_LZMA_FILTERS)
    else:
        raise ValueError(f"unknown codec {codec}")
    rest = bytes((fmt, codec)) + body  # the digest covers what follows it, the SHA-256 replaces xz's check
    return MAGIC + hashlib.sha256(rest).digest() + rest


def _columns(changes: list[dict[str, Any]], fmt: int = FORMAT_V1) -> dict[str, Any]:
    insts: dict[str, int] = {}
    scopes: dict[str, int] = {}
    groups: dict[str, list[dict[str, Any]]] = {}
    order = []
    index: dict[str, int] = {}
    for ch in changes:
        kind = ch["k"]
        rows = groups.get(kind)
        if rows is None:
            rows = groups[kind] = []
            index[kind] = len(index)
        order.append(index[kind])
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

    # v2: a value that is the id of a change in this batch goes as its number (a delta from the
    # column's value before): a need's student, a handover's need, device and student
    batch_ids: dict[str, int] = {}
    if fmt >= FORMAT_V2:  # numbered as the reader lists them: each kind's "id" column in turn
        pos = 0
        for rows in groups.values():
            if any("id" in ch for ch in rows):
                for ch in rows:
                    rid = ch.get("id")
                    if rid.__class__ is str:
                        batch_ids.setdefault(rid, pos)
                    pos += 1
    kinds = []
    ids: list[bytes] = []
    for kind, rows in groups.items():
        fs = [ch.get("f", {}) for ch in rows]
        fields = sorted({f for fd in fs for f in fd})
        whole = all(len(fd) == len(fields) for fd in fs)  # every change has every field (changes_since's)
        col: dict[str, Any] = {"k": kind, "fields": fields}
        for key in _PLAIN:
            if any(key in ch for ch in rows):
                col[key] = [ch.get(key) for ch in rows]
        if all(isinstance(x, str) and _UUID.fullmatch(x) for x in col.get("id", [None])):
            if fmt >= FORMAT_V2:  # binary: ~1.5 bytes a row fewer than hex once compressed
                ids.append(bytes.fromhex("".join(x.replace("-", "") for x in col.pop("id"))))
                col["idb"] = 1
            else:
                col["idhex"] = "".join(x.replace("-", "") for x in col.pop("id"))  # ~4 bytes a row less
        if fmt >= FORMAT_V2 and _single(rows):
            _flat_vectors(col, rows, insts)
        else:
            prev: dict[str, int] = {}
            col["vv"] = [vector(ch.get("vv"), {}, prev) for ch in rows]
            col["p"] = [vector(ch.get("p"), ch.get("vv") or {}, None) for ch in rows]
        col["s"] = [scopes.setdefault(ch["s"], len(scopes)) if "s" in ch else None for ch in rows]
        if whole and len(fields) > 1:  # the rows' values by field, transposed in C
            col["cols"] = [list(c) for c in zip(*map(operator.itemgetter(*fields), fs), strict=True)]
        else:
            col["cols"] = [[fd.get(f) for fd in fs] for f in fields]
        if batch_ids:
            refs = []
            for n, values in enumerate(col["cols"]):
                if fields[n] != "unit_id" and _refers(values, batch_ids):
                    at, out = 0, []
                    for v in values:
                        if v.__class__ is str and v in batch_ids:
                            out.append(batch_ids[v] - at)
                            at = batch_ids[v]
                        else:
                            out.append(v)
                    col["cols"][n] = out
                    refs.append(n)
            if refs:
                col["refs"] = refs
        if not whole:  # changes that lack some of the kind's fields (never from changes_since)
            missing = [[n for n, f in enumerate(fields) if f not in fd] for fd in fs]
            if any(missing):
                col["miss"] = missing
        kinds.append(col)
    out: dict[str, Any] = {"v": fmt, "inst": list(insts), "scopes": list(scopes), "kinds": kinds}
    if len(groups) > 1:
        out["order"] = order
    if ids:
        out["_ids"] = b"".join(ids)
    return out


def _single(rows: list[dict[str, Any]]) -> bool:
    """Every change of ``rows`` has a one-entry vector, and its claim (if any) is of that
    same instance alone: the common case (a record last written on one computer)."""
    for ch in rows:
        vv, p = ch.get("vv"), ch.get("p")
        if not isinstance(vv, dict) or len(vv) != 1:
            return False
        if p is not None and (not isinstance(p, dict) or p.keys() != vv.keys()):
            return False
    return bool(rows)


def _flat_vectors(col: dict[str, Any], rows: list[dict[str, Any]], insts: dict[str, int]) -> None:
    """v2's vectors of one-entry rows: "vi" the instance (its index), "vc" the counter as a
    delta from the row before of the same instance, "pc" the claim as a delta from the row's
    own counter (null: no claim)."""
    vi, vc, pc = [], [], []
    last: dict[int, int] = {}
    for ch in rows:
        ((inst, ctr),) = ch["vv"].items()
        i = insts.setdefault(inst, len(insts))
        vi.append(i)
        vc.append(ctr - last.get(i, 0))
        last[i] = ctr
        p = ch.get("p")
        pc.append(None if p is None else p[inst] - ctr)
    col["vi"] = vi[0] if len(set(vi)) == 1 else vi
    col["vc"], col["pc"] = vc, pc


def _refers(values: list[Any], batch_ids: dict[str, int]) -> bool:
    """A column of ids (or blanks) naming at least one change of the batch."""
    found = False
    for v in values:
        if v.__class__ is str:
            if v in batch_ids:
                found = True
        elif v is not None:
            return False
    return found


# ------------------------------------------------------------------ the stream of a pull
def frame(kind: bytes, payload: bytes) -> bytes:
    """One frame of a hello stream: kind (``HEADER`` or ``BATCH``) | length (4 bytes) | payload."""
    return _FRAME.pack(kind, len(payload)) + payload


def header_frame(obj: Any, *, compressed: bool = False) -> bytes:
    """A header frame: JSON, zlib-compressed (``HEADER_Z``) for a peer of API 2."""
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
    return frame(HEADER_Z, zlib.compress(data, 9)) if compressed else frame(HEADER, data)


def header_bytes(kind: bytes, payload: bytes) -> bytes:
    """The JSON of a header frame (inflated, at most ``MAX_HEADER`` bytes)."""
    if kind != HEADER_Z:
        return payload
    try:
        d = zlib.decompressobj()
        out = d.decompress(payload, MAX_HEADER)
        if d.unconsumed_tail or not d.eof:
            raise ValueError("incomplete or oversized header")
    except (zlib.error, ValueError) as e:
        raise ProtocolError("protocol.garbage", reason=str(e)) from e
    return out


def read_frames(read: Callable[[int, bool], bytes]) -> Iterator[tuple[str, Any]]:
    """("header", dict) first, then ("batch", bytes), as the frames arrive. ``read(n,
    allow_eof)`` returns ``n`` bytes, or b"" at the end of the stream where ``allow_eof``
    (between frames), and raises on anything shorter. ProtocolError on a frame of unknown
    kind or a header that is not JSON."""
    while True:
        head = read(_FRAME.size, True)
        if not head:
            return
        kind, length = _FRAME.unpack(head)
        payload = read(length, False)
        if kind in (HEADER, HEADER_Z):
            try:
                yield "header", json.loads(header_bytes(kind, payload))
            except (ValueError, UnicodeDecodeError) as e:
                raise ProtocolError("protocol.garbage", reason=str(e)) from e
        elif kind == BATCH:
            yield "batch", payload
        else:
            raise ProtocolError("protocol.garbage", reason=f"frame {kind!r}")


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
    if version not in FORMATS:
        raise ProtocolError("protocol.version", found=version, supported=max(FORMATS))
    try:
        payload = _inflate(codec, body)
        blob = b""
        if version >= FORMAT_V2:
            payload, _nul, blob = payload.partition(b"\0")
        if not payload.lstrip(b" \t\r\n").startswith(b"{"):
            raise ValueError("the payload is not a JSON object")
        with gc_paused():  # tens of thousands of small containers, no cycle
            doc = loads_bounded(payload, what=_BATCH_WORDS)
            changes = _rows(doc, version, blob)
    except ProtocolError:
        raise
    except Unbounded as e:
        raise ProtocolError(e.protocol_key, limit=e.params.get("limit"), reason=e.words()) from e
    except RecursionError as e:  # the last line: check_json refuses deep nesting before this
        raise ProtocolError("protocol.too_deep", limit=MAX_DEPTH) from e
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, MemoryError,
            zlib.error, lzma.LZMAError) as e:
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
    if codec in (LZMA, LZMA_RAW):
        d = lzma.LZMADecompressor() if codec == LZMA else \
            lzma.LZMADecompressor(format=lzma.FORMAT_RAW, filters=_LZMA_FILTERS)
        out = d.decompress(body, _MAX_PAYLOAD)
        if not d.eof or (codec == LZMA_RAW and d.unused_data):
            raise ValueError("incomplete or oversized lzma stream")
        return out
    raise ValueError(f"unknown codec {codec}")


def _rows(doc: dict[str, Any], fmt: int = FORMAT_V1, blob: bytes = b"") -> list[dict[str, Any]]:
    if not isinstance(doc, dict) or doc.get("v") != fmt:
        raise ValueError("payload version")
    insts: list[str] = doc["inst"]
    scopes: list[str] = doc["scopes"]
    if not isinstance(insts, list) or not isinstance(scopes, list) or not isinstance(doc["kinds"], list) \
            or not all(isinstance(x, str) for x in (*insts, *scopes)):
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

    kinds = doc["kinds"]
    at = 0
    for col in kinds:
        if fmt >= FORMAT_V2 and col.get("idb"):
            n = len(col["vv"] if "vv" in col else col["vc"])
            if at + 16 * n > len(blob):
                raise ValueError("id column length")
            col["idhex"] = blob[at:at + 16 * n].hex()
            at += 16 * n
        if "idhex" in col:
            h = col["idhex"]
            if not isinstance(h, str) or len(h) != 32 * len(col["vv"] if "vv" in col else col["vc"]):
                raise ValueError("id column length")
            col["id"] = [f"{h[j:j+8]}-{h[j+8:j+12]}-{h[j+12:j+16]}-{h[j+16:j+20]}-{h[j+20:j+32]}"
                         for j in range(0, len(h), 32)]
    if at != len(blob):
        raise ValueError("ids left over")
    batch_ids: list[Any] = []
    if fmt >= FORMAT_V2 and any("refs" in col for col in kinds):
        for col in kinds:
            batch_ids += col.get("id") or []
    per_kind: list[list[dict[str, Any]]] = []
    for col in kinds:
        kind, fields = col["k"], col["fields"]
        flat = fmt >= FORMAT_V2 and "vc" in col
        n = len(col["vc"] if flat else col["vv"])
        for r in col.get("refs", ()) if fmt >= FORMAT_V2 else ():
            col["cols"][r] = _refs(col["cols"][r], batch_ids)
        plain = {key: col[key] for key in _PLAIN if key in col}
        if not all(isinstance(c, list) for c in (*plain.values(), col["cols"], *col["cols"])):
            raise TypeError("a column that is not a list")
        values = list(zip(*col["cols"], strict=True)) if fields else [()] * n
        misses = col.get("miss")
        if misses is not None and len(misses) != n:
            raise ValueError("columns of unequal length")
        if flat:
            vvs, stamps, claims = _flat_rows(col, insts, n)
        else:
            prev: dict[str, int] = {}
            vvs = [vector(vv, {}, prev) if vv is not None else None for vv in col["vv"]]
            stamps = [(stamp(vv) if vv else (0, "")) if vv is not None else None for vv in vvs]
            claims = [vector(p, vv or {}, None) if p is not None else None
                      for vv, p in zip(vvs, col["p"], strict=True)]
        scol = col["s"]
        if any(len(c) != n for c in (claims, scol, stamps, *plain.values())):
            raise ValueError("columns of unequal length")
        keys = list(plain)
        pcols = [plain[k] for k in keys]
        has_f = kind != END or bool(fields)
        rows = []
        plain_rows = zip(*pcols, strict=True) if pcols else itertools.repeat((), n)
        for j, (pv, vv, st, vals, p, s) in enumerate(zip(plain_rows, vvs, stamps, values, claims, scol, strict=True)):
            ch: dict[str, Any] = {"k": kind}
            ch.update(zip(keys, pv, strict=True))
            if vv is not None:
                ch["vv"] = vv
                ch["c"], ch["i"] = st
            if has_f:
                f = ch["f"] = dict(zip(fields, vals, strict=True))
                if misses is not None:
                    for m in misses[j]:
                        del f[fields[m]]
            if p is not None:
                ch["p"] = p
            if s is not None:
                ch["s"] = scopes[s]
            rows.append(ch)
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


def _refs(column: list[Any], batch_ids: list[Any]) -> list[Any]:
    """A v2 column of references: numbers (deltas) back to the batch's ids."""
    at, out = 0, []
    for v in column:
        if v.__class__ is int:
            at += v
            if at < 0:
                raise IndexError("a reference before the batch's first record")
            out.append(batch_ids[at])
        else:
            out.append(v)
    return out


def _flat_rows(col: dict[str, Any], insts: list[str], n: int) -> tuple[list, list, list]:
    """v2's flat vectors ("vi", "vc", "pc") as each row's vector, stamp and claim."""
    vi, vc, pc = col["vi"], col["vc"], col["pc"]
    if vi.__class__ is int:
        vi = [vi] * n
    if len(vi) != n or len(pc) != n:
        raise ValueError("columns of unequal length")
    last: dict[int, int] = {}
    vvs, stamps, claims = [], [], []
    for i, delta, p in zip(vi, vc, pc, strict=True):
        if i.__class__ is not int or delta.__class__ is not int or i < 0:
            raise TypeError("vector entries are integers")
        ctr = last.get(i, 0) + delta
        last[i] = ctr
        inst = insts[i]
        vvs.append({inst: ctr})
        stamps.append((ctr, inst))
        if p is None:
            claims.append(None)
        elif p.__class__ is int:
            claims.append({inst: ctr + p})
        else:
            raise TypeError("a claim is an integer")
    return vvs, stamps, claims


# ------------------------------------------------------------------ batching
def iter_batches(changes: Iterable[dict[str, Any]], max_bytes: int, *, codec: int = ZLIB,
                 fmt: int = FORMAT_V1) -> Iterator[bytes]:
    """Encode ``changes`` in order as batches of at most ``max_bytes`` each."""
    for data, _count in iter_counted_batches(changes, max_bytes, codec=codec, fmt=fmt):
        yield data


def iter_counted_batches(changes: Iterable[dict[str, Any]], max_bytes: int, *,
                         codec: int = ZLIB, fmt: int = FORMAT_V1) -> Iterator[tuple[bytes, int]]:
    """As ``iter_batches``, each batch with how many of ``changes`` it holds."""
    per_change = 64.0  # encoded bytes per change, learnt from each batch encoded
    pending: list[dict[str, Any]] = []
    for ch in changes:
        pending.append(ch)
        if len(pending) * per_change >= max_bytes * 0.85:
            for data, count in _fit(pending, max_bytes, codec, fmt):
                per_change = max(8.0, len(data) / count)
                yield data, count
            pending = []
    if pending:
        yield from _fit(pending, max_bytes, codec, fmt)


def _fit(changes: list[dict[str, Any]], max_bytes: int, codec: int,
         fmt: int = FORMAT_V1) -> Iterator[tuple[bytes, int]]:
    data = encode_batch(changes, codec=codec, fmt=fmt)
    if len(data) <= max_bytes:
        yield data, len(changes)
        return
    if len(changes) == 1:
        ch = changes[0]
        raise ProtocolError("protocol.too_large", kind=ch.get("k"), id=ch.get("id"), limit=max_bytes)
    half = len(changes) // 2
    yield from _fit(changes[:half], max_bytes, codec, fmt)
    yield from _fit(changes[half:], max_bytes, codec, fmt)


# ------------------------------------------------------------------ bounded input
class Unbounded(ValueError):
    """JSON refused before it is decoded: nested too deep, too many values, too large.
    ``key`` and ``params``: a message fragment of ``app.messages`` ("json.*"); ``words()``
    the (Vietnamese, English) pair, for the ``reason`` of a caller's own typed error."""

    def __init__(self, key: str, /, **params: Any):
        self.key, self.params = key, params
        super().__init__(messages.text(key, "en", **params))

    @property
    def protocol_key(self) -> str:
        return {"json.too_deep": "protocol.too_deep", "json.too_many_values": "protocol.too_many_values"}.get(
            self.key, "protocol.garbage")

    def words(self) -> tuple[str, str]:
        vi, en = (messages.text(self.key, lang, **self.params) for lang in messages.LANGUAGES)
        return vi, en


_NOT_STRUCTURE = bytes(range(256)).translate(None, b'"[]{}')  # delete all but quotes and brackets
_ONE_BRACKET = bytes.maketrans(b"{}", b"[]")  # objects nest as lists do


def check_json(data: bytes, *, max_depth: int = MAX_DEPTH, max_values: int = MAX_VALUES,
               max_bytes: int | None = None, what: tuple[str, str] = ("dữ liệu", "the data")) -> None:
    """Refuses (``Unbounded``) UTF-8 JSON ``data`` that nests deeper than ``max_depth``,
    holds more than about ``max_values`` values or more than ``max_bytes`` bytes, before
    anything decodes it. Linear and cheap (bulk byte operations, ~1 ms a megabyte): escaped
    backslashes and quotes are dropped, then everything but quotes and brackets; strings
    without brackets vanish as pairs of quotes, the rest are cut out; what is left are the
    brackets outside strings (braces made brackets), and taking the innermost pairs away
    ``max_depth`` times (one level each time) leaves nothing only if none nests deeper.
    The scan lexes strings as a JSON parser does, so JSON that passes cannot nest deeper
    when decoded. Brackets that do not match are not JSON: ``ValueError`` (not decoded
    either), as the parser would say of a document cut short."""
    if max_bytes is not None and len(data) > max_bytes:
        raise Unbounded("json.too_large", what=what, size=len(data), limit=max_bytes)
    # every value but the first of a list or object follows a comma: values <= commas + brackets
    if len(data) > max_values and data.count(b",") + data.count(b"[") + data.count(b"{") >= max_values:
        raise Unbounded("json.too_many_values", what=what, limit=max_values)
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")  # the escapes, left to right as a parser reads
    left = data.translate(_ONE_BRACKET, _NOT_STRUCTURE).replace(b'""', b"")  # strings without brackets, gone
    if b'"' in left:
        left = b"".join(left.split(b'"')[::2])  # outside the strings that hold brackets
    for _ in range(max_depth):
        if not left:
            return
        left = left.replace(b"[]", b"")
    if b"[]" in left:  # pairs left after max_depth levels taken away
        raise Unbounded("json.too_deep", what=what, limit=max_depth)
    if left:  # brackets never closed (cut short) or closed before they open: not JSON, not decoded
        raise ValueError("brackets that do not match: not JSON (cut short?)")


def loads_bounded(data: bytes, *, max_depth: int = MAX_DEPTH, max_values: int = MAX_VALUES,
                  max_bytes: int | None = None, what: tuple[str, str] = ("dữ liệu", "the data")) -> Any:
    """``json.loads`` of UTF-8 ``data`` once ``check_json`` let it through. ``Unbounded``
    for what it refuses; ``ValueError`` (UnicodeDecodeError, JSONDecodeError) for what is
    not JSON."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    data = bytes(data)
    check_json(data, max_depth=max_depth, max_values=max_values, max_bytes=max_bytes, what=what)
    text = data.decode("utf-8")
    try:
        return json.loads(text)
    except RecursionError as e:  # the last line (check_json should have refused it)
        raise Unbounded("json.too_deep", what=what, limit=max_depth) from e


# the kinds of file a reader must not open: (Vietnamese, English)
_NOT_REGULAR = (
    (stat.S_ISDIR, ("đây là một thư mục", "it is a folder")),
    (stat.S_ISFIFO, ("đây là một đường ống (FIFO), không phải tệp", "it is a pipe (FIFO), not a file")),
    (stat.S_ISCHR, ("đây là một thiết bị (như /dev/zero), không phải tệp",
                    "it is a device (such as /dev/zero), not a file")),
    (stat.S_ISBLK, ("đây là một ổ đĩa (thiết bị khối), không phải tệp", "it is a disk (block device), not a file")),
    (stat.S_ISSOCK, ("đây là một socket, không phải tệp", "it is a socket, not a file")),
)
_CHANGED = ("tệp thay đổi trong lúc đọc (vẫn đang được chép?)",
            "the file changed while it was read (still being copied?)")
_ERRNO_WORDS = {
    errno.ENOENT: ("không có tệp này (hoặc một liên kết trỏ tới tệp không còn nữa)",
                   "no such file (or a link to a file that is gone)"),
    errno.ELOOP: ("liên kết tượng trưng lặp vòng, không trỏ tới tệp nào",
                  "a symbolic link loop that leads to no file"),
    errno.EACCES: ("không có quyền đọc", "permission denied"),
    errno.EPERM: ("không có quyền đọc", "permission denied"),
    errno.ENOTDIR: ("một phần của đường dẫn không phải thư mục", "part of the path is not a folder"),
    errno.ENAMETOOLONG: ("đường dẫn quá dài", "the path is too long"),
    errno.EIO: ("lỗi đọc thiết bị (USB hỏng hoặc đã rút ra?)", "an input/output error (a faulty or removed stick?)"),
}


class Unreadable(OSError):
    """A file that is not opened for reading: not a regular file, or the system refused.
    ``words``: why, as a (Vietnamese, English) pair; ``regular``: False when it exists but
    is not a regular file (a folder, a pipe, a device, a socket)."""

    def __init__(self, words: tuple[str, str], *, regular: bool = True, err: int = 0):
        super().__init__(err, words[1])
        self.words, self.regular = words, regular


def os_words(err: OSError) -> tuple[str, str]:
    """Why a file could not be read, in words (Vietnamese, English)."""
    if isinstance(err, Unreadable):
        return err.words
    known = _ERRNO_WORDS.get(err.errno or 0)
    detail = err.strerror or str(err) or type(err).__name__
    return known or (detail, detail)


def open_regular(path: str | Path) -> tuple[BinaryIO, int]:
    """``path`` opened for reading, and its size, if it is (after following its links) a
    regular file: a folder, pipe, device, socket, dangling link or link loop is refused
    (``Unreadable``) without being opened — opening a pipe for reading blocks, reading a
    device never ends. The file is opened non-blocking where the system allows (a second
    guard against a pipe swapped in between), and checked again once open."""
    try:
        before = os.stat(path)
    except OSError as e:
        raise Unreadable(os_words(e), err=e.errno or 0) from e
    except ValueError as e:  # a NUL in the name
        raise Unreadable(("tên tệp không hợp lệ", "an invalid file name")) from e
    _regular(before)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise Unreadable(os_words(e), err=e.errno or 0) from e
    try:
        now = os.fstat(fd)
        _regular(now)
        if (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            raise Unreadable(_CHANGED)
        return os.fdopen(fd, "rb"), now.st_size
    except BaseException:
        os.close(fd)
        raise


def _regular(st: os.stat_result) -> None:
    if stat.S_ISREG(st.st_mode):
        return
    words = next((w for test, w in _NOT_REGULAR if test(st.st_mode)), ("đây không phải một tệp thông thường",
                                                                        "it is not a regular file"))
    raise Unreadable(words, regular=False)


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (``open_regular``), refused (``Unreadable``)
    when it holds more than ``limit`` bytes: never more than ``limit + 1`` bytes are read,
    whatever its size says (a file still growing, a lying file system)."""
    f, size = open_regular(path)
    with f:
        if size > limit:
            raise Unreadable(too_large(size, limit))
        try:
            data = f.read(size + 1)  # one byte more: a file that grew since is noticed
        except OSError as e:
            raise Unreadable(os_words(e), err=e.errno or 0) from e
    if len(data) > size:
        raise Unreadable(_CHANGED)
    return data


def too_large(size: int, limit: int) -> tuple[str, str]:
    vi, en = (messages.text("json.file_too_large", lang, size=megabytes(size), limit=megabytes(limit))
              for lang in messages.LANGUAGES)
    return vi, en


def megabytes(n: int) -> str:
    """``n`` bytes in MB, for a message."""
    return f"{n / (1024 * 1024):,.1f}" if n < 10 * 1024 * 1024 else f"{n // (1024 * 1024):,}"
