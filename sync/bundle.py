"""The USB bundle file: one transfer, encrypted to its readers, signed by its sender.

No store here (``sync.usb`` exports and imports with one), so the provincial server opens
relayed bundles with the same code and its own key. Layout (integers big-endian)::

    b"SMBUNDLE" | format version (1 byte) | header length (4 bytes) | header (UTF-8 JSON)
    | ciphertext | Ed25519 signature (64 bytes) of everything before it

The header is plaintext and holds nothing secret: format, bundle (a random id),
created_at, app_version, sender {instance, unit_id, unit_code, unit_name}, summary (what
the sender knew: the END marker's claim), since (the destination's summary the bundle was
cut against), scope (the claims' scope key), records and kinds (counts), readers
[{id, kind, unit_code, key}] (``key``: the content key sealed to that reader), payload
{bytes, sha256} of the ciphertext. The plaintext payload is the transfer's protocol
batches (``sync.protocol``), in order, each after its length (4 bytes); the last batch
ends with the END marker.

Crypto is PyNaCl's (libsodium) only. A random 32-byte content key encrypts the payload
(``SecretBox``: XSalsa20-Poly1305, authenticated); for each reader it is sealed with a
``SealedBox`` to the Curve25519 twin of the reader's Ed25519 key (the key it enrolled
with: the province's server key, or an officer installation's key). Reading checks, in
this order, and refuses with a ``BundleError`` before anything is decrypted: the file is a
bundle, of a format this version reads, whole (not cut short); its sender is an enrolled
installation of the reader's area, the signature is that installation's, it is not
revoked; the reader is among the readers. Only then is the payload decrypted and every
batch decoded, so a bundle is taken whole or not at all.

Every decode is bounded before it runs (DESIGN §8): the header's length (``_MAX_HEADER``)
and nesting (``sync.protocol.check_json``), the sealed parts', each batch's (``read_batch``),
the number of records (what the header says, at most); ``read_bundle`` reads a file only
if it is a regular file whose header says it is a bundle of its size, at most
``MAX_BUNDLE_BYTES``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nacl.exceptions import CryptoError
from nacl.public import SealedBox
from nacl.secret import SecretBox
from nacl.signing import SigningKey, VerifyKey
from nacl.utils import random as random_bytes

from app.changes import END
from app.errors import SongMayError
from app.private_files import fsync_folder
from sync.protocol import (
    ProtocolError,
    Unbounded,
    Unreadable,
    loads_bounded,
    megabytes,
    open_regular,
    os_words,
    read_batch,
)

FORMAT_VERSION = 1
MAGIC = b"SMBUNDLE"
EXTENSION = ".smb"
_PREFIX = len(MAGIC) + 1 + 4
_SIGNATURE = 64
_MAX_HEADER = 16 * 1024 * 1024
MAX_BUNDLE_BYTES = 512 * 1024 * 1024  # the largest bundle read (the server's upload limit too)
_HEADER_WORDS = ("phần đầu của gói", "the bundle's header")
_SEALED_WORDS = ("phần niêm phong của phần đầu", "the sealed part of the header")
_CIPHER = "xsalsa20poly1305;sealedbox-x25519;ed25519"


class BundleError(SongMayError):
    """A bundle that is refused: not a bundle, damaged, unknown sender, not for us…
    Nothing of it was imported."""

    key = "bundle.not_bundle"


@dataclass(frozen=True)
class Manifest:
    """The header of a bundle, checked for shape (not yet for authenticity)."""

    format: int
    bundle: str
    created_at: str
    app_version: str
    sender: str
    unit_id: str
    unit_code: str
    unit_name: str
    summary: dict[str, int]
    since: dict[str, int]
    scope: str
    records: int
    kinds: dict[str, int]
    readers: list[dict[str, str]]
    payload_bytes: int
    payload_sha256: str
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. "ack": the province's acknowledgement

    def reader_ids(self) -> list[str]:
        return [r["id"] for r in self.readers]

    def counters(self) -> tuple[int, int]:
        """The sender's own counters the bundle spans: (since, up to)."""
        return self.since.get(self.sender, 0), self.summary.get(self.sender, 0)


@dataclass
class Bundle:
    """An opened bundle: checked, decrypted, decoded. ``id`` is the SHA-256 of the file."""

    id: str
    manifest: Manifest
    changes: list[dict[str, Any]] = field(default_factory=list)
    sender: dict[str, Any] = field(default_factory=dict)  # the installation entry it was checked against
    private: dict[str, Any] = field(default_factory=dict)  # the header's sealed part, decrypted


def bundle_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------ writing
def seal(batches: Iterable[bytes], *, sender_key: SigningKey, sender: dict[str, str],
         readers: list[dict[str, Any]], summary: dict[str, int], since: dict[str, int], scope: str,
         records: int, kinds: dict[str, int], created_at: str,
         app_version: str, extra: dict[str, Any] | None = None,
         private: dict[str, Any] | None = None) -> tuple[list[bytes], Manifest]:
    """The bundle's bytes, as a few chunks to be written in order, and its manifest.
    ``sender``: {instance, unit_id, unit_code, unit_name}; ``readers``: [{id, kind,
    unit_code, public_key (Ed25519, hex)}]; ``extra``: more of the header, in plain text;
    ``private``: more of it that only the readers may see (each value encrypted with the
    content key, in ``extra.sealed``; ``Bundle.private`` once opened)."""
    payload = b"".join(struct.pack(">I", len(b)) + b for b in batches)
    content_key = random_bytes(SecretBox.KEY_SIZE)
    ciphertext = bytes(SecretBox(content_key).encrypt(payload))
    if private:
        box = SecretBox(content_key)
        extra = {**(extra or {}), "sealed": {k: bytes(box.encrypt(json.dumps(v, ensure_ascii=False).encode())).hex()
                                            for k, v in private.items()}}
    sealed = []
    for r in readers:
        box = SealedBox(VerifyKey(bytes.fromhex(r["public_key"])).to_curve25519_public_key())
        sealed.append({"id": str(r["id"]), "kind": str(r.get("kind", "")), "unit_code": str(r.get("unit_code", "")),
                       "key": box.encrypt(content_key).hex()})
    header = {
        "format": FORMAT_VERSION, "bundle": random_bytes(16).hex(), "created_at": created_at,
        "app_version": app_version, "sender": sender, "summary": summary, "since": since, "scope": scope,
        "records": records, "kinds": kinds, "readers": sealed, "cipher": _CIPHER,
        "payload": {"bytes": len(ciphertext), "sha256": hashlib.sha256(ciphertext).hexdigest()},
    }
    if extra:
        header["extra"] = extra  # signed with the rest; readable before decryption
    head = json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    prefix = MAGIC + bytes((FORMAT_VERSION,)) + struct.pack(">I", len(head)) + head
    signature = sender_key.sign(prefix + ciphertext).signature
    step = 1 << 20
    chunks = [prefix, *(ciphertext[n:n + step] for n in range(0, len(ciphertext), step)), signature]
    return chunks, _manifest(header)


def write_atomic(path: Path, chunks: Iterable[bytes], *, sync_folder: bool = True) -> None:
    """Write ``chunks`` to ``path`` so that ``path`` holds the old file or the whole new one,
    whatever happens: a temporary file in the same folder, fsync, rename over, fsync the
    folder (where the system allows it; ``sync_folder=False``: the caller does it once,
    ``fsync_folder``, for several files). A failure removes the temporary file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with open(tmp, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if sync_folder:
        fsync_folder(path.parent)


STALE_PART_SECONDS = 15 * 60  # a write in progress touches its file far more often


def clear_stale_parts(folder: Path, *, now: float | None = None) -> list[Path]:
    """Removes the temporary files ``write_atomic`` left in ``folder`` when it was killed
    or the stick was pulled (``.NAME.smb.PID.part``, untouched for STALE_PART_SECONDS):
    hidden, full-size, and never taken for a bundle, they would only fill the stick.
    Returns what it removed; a file it cannot remove is left (the next time, then)."""
    now = time.time() if now is None else now
    gone = []
    try:
        candidates = list(Path(folder).glob(f".*{EXTENSION}.*.part"))
    except OSError:
        return gone
    for p in candidates:
        pid = p.name.rsplit(".", 2)[-2]
        try:
            if pid.isdigit() and p.is_file() and now - p.stat().st_mtime > STALE_PART_SECONDS:
                p.unlink()
                gone.append(p)
        except OSError:
            continue
    return gone


# ------------------------------------------------------------------ reading
def read_manifest(data: bytes, name: str = "") -> Manifest:
    """The header of ``data``, checked for shape and length: BundleError when ``data`` is
    not a bundle, is of a newer format, or is cut short. Nothing is authenticated yet."""
    if not isinstance(data, bytes):
        data = bytes(data)
    head_len = _head_length(data[:_PREFIX], len(data), name)
    m = _header(data[_PREFIX:_PREFIX + head_len], name)
    _whole(len(data), _PREFIX + head_len + m.payload_bytes + _SIGNATURE, name)
    return m


def _head_length(prefix: bytes, size: int, name: str) -> int:
    """The header's length, from the first ``_PREFIX`` bytes of a file of ``size`` bytes."""
    if len(prefix) < _PREFIX and MAGIC.startswith(prefix[:len(MAGIC)]):
        raise BundleError("bundle.truncated", name=name, have=size, want=_PREFIX + _SIGNATURE)
    if not prefix.startswith(MAGIC):
        raise BundleError("bundle.not_bundle", name=name)
    if len(prefix) < _PREFIX:
        raise BundleError("bundle.truncated", name=name, have=size, want=_PREFIX + _SIGNATURE)
    version = prefix[len(MAGIC)]
    if version > FORMAT_VERSION:
        raise BundleError("bundle.newer", name=name, found=version, supported=FORMAT_VERSION)
    if version < 1:
        raise BundleError("bundle.not_bundle", name=name)
    (head_len,) = struct.unpack(">I", prefix[len(MAGIC) + 1:_PREFIX])
    if head_len > _MAX_HEADER:
        raise BundleError("bundle.damaged", name=name, reason="header length")
    if size < _PREFIX + head_len:
        raise BundleError("bundle.truncated", name=name, have=size, want=_PREFIX + head_len + _SIGNATURE)
    return head_len


def _header(raw: bytes, name: str) -> Manifest:
    """The header's JSON (bounded before it is decoded), checked for shape."""
    try:
        m = _manifest(loads_bounded(raw, max_bytes=_MAX_HEADER, what=_HEADER_WORDS))
    except Unbounded as e:
        raise BundleError("bundle.damaged", name=name, reason=e.words()) from e
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError) as e:
        raise BundleError("bundle.damaged", name=name, reason=f"header: {type(e).__name__}") from e
    if m.format > FORMAT_VERSION:
        raise BundleError("bundle.newer", name=name, found=m.format, supported=FORMAT_VERSION)
    return m


def _whole(size: int, want: int, name: str) -> None:
    if size < want:
        raise BundleError("bundle.truncated", name=name, have=size, want=want)
    if size > want:
        raise BundleError("bundle.damaged", name=name, reason=f"{size - want} bytes too many")


def read_bundle(path: str | Path, *, name: str | None = None, limit: int = MAX_BUNDLE_BYTES) -> bytes:
    """The bytes of the bundle file at ``path``, read whole only once it can be one: a
    regular file (a folder, pipe, device, socket, broken link or link loop is refused
    unopened: "bundle.not_a_file", "bundle.read_failed"), whose header (read first) is
    whole and well formed and says a size of at most ``limit`` bytes
    ("bundle.too_large"), the file's size ("bundle.truncated", "bundle.damaged").
    BundleError, with the reason in words, for each; nothing but the header is read
    before these checks, and never more than the header says."""
    name = Path(path).name if name is None else name
    try:
        f, size = open_regular(path)
    except Unreadable as e:
        if not e.regular:
            raise BundleError("bundle.not_a_file", name=name, what=e.words) from e
        raise BundleError("bundle.read_failed", name=name, detail=e.words) from e
    with f:
        try:
            prefix = f.read(_PREFIX)
            head_len = _head_length(prefix, size, name)
            m = _header(f.read(head_len), name)
            want = _PREFIX + head_len + m.payload_bytes + _SIGNATURE
            if want > limit:  # said by the header: refused before the rest is read
                raise BundleError("bundle.too_large", name=name, size=megabytes(want), limit=megabytes(limit))
            _whole(size, want, name)
            f.seek(0)
            data = f.read(want + 1)  # one allocation; a byte more: a file that grew is noticed
        except OSError as e:
            raise BundleError("bundle.read_failed", name=name, detail=os_words(e)) from e
    _whole(len(data), want, name)  # it changed while it was read: as it is now
    return data


def _manifest(h: dict[str, Any]) -> Manifest:
    def vector(v: Any) -> dict[str, int]:
        if not isinstance(v, dict) or not all(isinstance(k, str) and type(c) is int for k, c in v.items()):
            raise TypeError("vector")
        return dict(v)

    def text(v: Any) -> str:
        if not isinstance(v, str):
            raise TypeError("text")
        return v

    sender, payload = h["sender"], h["payload"]
    readers = [{k: text(r[k]) for k in ("id", "kind", "unit_code", "key")} for r in h["readers"]]
    if type(h["format"]) is not int or type(h["records"]) is not int or type(payload["bytes"]) is not int \
            or payload["bytes"] < 0 or h.get("cipher") != _CIPHER:
        raise TypeError("numbers")
    return Manifest(
        format=h["format"], bundle=text(h["bundle"]), created_at=text(h["created_at"]),
        app_version=text(h["app_version"]), sender=text(sender["instance"]), unit_id=text(sender["unit_id"]),
        unit_code=text(sender["unit_code"]), unit_name=text(sender["unit_name"]), summary=vector(h["summary"]),
        since=vector(h["since"]), scope=text(h["scope"]), records=h["records"], kinds=vector(h["kinds"]),
        readers=readers, payload_bytes=payload["bytes"], payload_sha256=text(payload["sha256"]),
        extra=h["extra"] if isinstance(h.get("extra"), dict) else {})


def open_bundle(data: bytes, *, reader_id: str, reader_key: SigningKey, devices: Iterable[dict[str, Any]],
                scope: Iterable[str] | None = None, name: str = "",
                vouch: Callable[[Manifest, Any], dict[str, Any]] | None = None) -> Bundle:
    """Check, decrypt and decode a bundle for the reader ``reader_id`` (an officer's
    instance id, or "server") holding ``reader_key``. ``devices``: the installations whose
    bundles the reader accepts, {id, unit_id, unit_code, public_key, revoked}; ``scope``:
    the unit ids the reader covers (None: every unit). ``vouch(manifest, enrolment)``: the
    entry of a sender not among ``devices`` whose bundle carries an offline enrolment
    (``sync.enrolment.voucher``; the enrolment travels sealed, so it is checked once the
    signature by the key it names holds and the bundle is decrypted), or a BundleError.
    BundleError for any refusal; ``Bundle.sender`` is the entry the bundle was checked against."""
    data = bytes(data)
    m, device, vouched = _authentic(data, devices=devices, scope=scope, name=name, vouch=vouch is not None)
    mine = next((r for r in m.readers if r["id"] == reader_id), None)
    if mine is None:
        readers = ", ".join(r["unit_code"] or r["kind"] for r in m.readers)
        raise BundleError("bundle.not_addressed", name=name, readers=readers)
    head_end = len(data) - m.payload_bytes - _SIGNATURE
    ciphertext = data[head_end:-_SIGNATURE]
    try:
        content_key = SealedBox(reader_key.to_curve25519_private_key()).decrypt(bytes.fromhex(mine["key"]))
        payload = SecretBox(content_key).decrypt(ciphertext)
    except (CryptoError, ValueError, TypeError) as e:
        raise BundleError("bundle.key_mismatch", name=name) from e
    private = _private(m, content_key, name)
    if vouched:
        try:
            device = vouch(m, private.get("enrolment"))  # type: ignore[misc]
        except BundleError as err:
            raise BundleError(err.key, **{**err.params, "name": name}) from err
    changes = list(_changes(payload, name, m.records + 1))
    if not changes or changes[-1].get("k") != END or len(changes) - 1 != m.records:
        raise BundleError("bundle.damaged", name=name, reason="record count")
    return Bundle(id=bundle_id(data), manifest=m, changes=changes, sender=device, private=private)


def _authentic(data: bytes, *, devices: Iterable[dict[str, Any]], scope: Iterable[str] | None, name: str,
               vouch: bool) -> tuple[Manifest, dict[str, Any], bool]:
    """The checks that need no reader's key, in order: the file is a whole bundle; its
    sender is one of ``devices`` (or, ``vouch``, carries an offline enrolment: its own key
    for now), the signature is that sender's, it is not revoked, sender and unit are in
    ``scope``; the payload is the one the header names. Returns (manifest, the sender's
    entry, vouched); BundleError for any refusal."""
    m = read_manifest(data, name)
    signed, signature = data[:-_SIGNATURE], data[-_SIGNATURE:]
    inside = None if scope is None else set(scope)
    device = next((d for d in devices if d.get("id") == m.sender), None)
    vouched = device is None and vouch and isinstance(m.extra.get("enrolment_key"), str) \
        and isinstance(m.extra.get("sealed"), dict) and "enrolment" in m.extra["sealed"]
    if vouched:  # a computer enrolled offline: its own key for now, the enrolment checked once opened
        device = {"id": m.sender, "unit_id": m.unit_id, "unit_code": m.unit_code,
                  "public_key": m.extra["enrolment_key"], "revoked": False}
    if device is None:  # the unit it names is its own word: unchecked, so not a reason
        raise BundleError("bundle.unknown_sender", name=name, device=m.sender[:8], unit=m.unit_code)
    try:
        VerifyKey(bytes.fromhex(str(device.get("public_key", "")))).verify(signed, signature)
    except (CryptoError, ValueError, TypeError) as e:
        raise BundleError("bundle.damaged", name=name, reason="signature") from e
    if device.get("revoked"):
        raise BundleError("bundle.revoked", name=name, device=m.sender[:8], unit=m.unit_code)
    if inside is not None and (m.unit_id not in inside or device.get("unit_id") not in inside):
        raise BundleError("bundle.other_unit", name=name, unit=m.unit_code or m.unit_id)
    ciphertext = data[len(data) - m.payload_bytes - _SIGNATURE:-_SIGNATURE]
    if hashlib.sha256(ciphertext).hexdigest() != m.payload_sha256:
        raise BundleError("bundle.damaged", name=name, reason="payload digest")
    return m, device, bool(vouched)


def check_bundle(data: bytes, *, devices: Iterable[dict[str, Any]], scope: Iterable[str] | None,
                 name: str = "") -> Manifest:
    """The checks ``open_bundle`` makes before it decrypts (whole, signed by a known
    installation of ``scope``, not revoked, the payload the header names): a preview."""
    return _authentic(bytes(data), devices=devices, scope=scope, name=name, vouch=True)[0]


def check_carried(data: bytes, *, reader_id: str, devices: Iterable[dict[str, Any]], scope: Iterable[str],
                  name: str = "") -> tuple[Manifest, dict[str, Any] | None]:
    """A bundle an office carries to the province without reading it (sealed for the
    province only, before the office was among its readers): checked as far as the office
    can — whole, the payload the header names, and, when the sender is an installation it
    knows, that installation's signature, not revoked, of its area. An unknown sender
    (enrolled since the office last synced) is carried on its unit's word, for the province
    to check: (manifest, None). BundleError when it is not a bundle to carry: damaged,
    revoked, another area's, the office's own or the province's, or one the province
    cannot read either."""
    m = read_manifest(data, name)
    if m.sender in (reader_id, "server") or not any(r["id"] == "server" for r in m.readers):
        raise BundleError("bundle.not_for_us", name=name, unit=m.unit_code or m.sender[:8])
    try:
        _m, device, _v = _authentic(data, devices=devices, scope=scope, name=name, vouch=True)
    except BundleError as err:
        if err.key != "bundle.unknown_sender" or m.unit_id not in set(scope):
            raise
        ciphertext = data[len(data) - m.payload_bytes - _SIGNATURE:-_SIGNATURE]
        if hashlib.sha256(ciphertext).hexdigest() != m.payload_sha256:
            raise BundleError("bundle.damaged", name=name, reason="payload digest") from err
        return m, None
    return m, device


def _private(m: Manifest, content_key: bytes, name: str) -> dict[str, Any]:
    sealed = m.extra.get("sealed")
    if not isinstance(sealed, dict):
        return {}
    try:
        box = SecretBox(content_key)
        return {str(k): loads_bounded(box.decrypt(bytes.fromhex(v)), max_bytes=_MAX_HEADER, what=_SEALED_WORDS)
                for k, v in sealed.items()}
    except Unbounded as e:
        raise BundleError("bundle.damaged", name=name, reason=e.words()) from e
    except (CryptoError, ValueError, TypeError, OverflowError, RecursionError) as e:
        raise BundleError("bundle.damaged", name=name, reason="sealed header") from e


def _changes(payload: bytes, name: str, most: int | None = None) -> Iterator[dict[str, Any]]:
    """The changes of the payload's batches, in order; BundleError as soon as a batch is
    not one (each is bounded by ``read_batch``) or they come to more than ``most``."""
    at, count = 0, 0
    while at < len(payload):
        if at + 4 > len(payload):
            raise BundleError("bundle.damaged", name=name, reason="batch frame")
        (n,) = struct.unpack(">I", payload[at:at + 4])
        if at + 4 + n > len(payload):
            raise BundleError("bundle.damaged", name=name, reason="batch frame")
        try:
            changes = read_batch(payload[at + 4:at + 4 + n]).changes
        except ProtocolError as e:  # why, in words: the bound it broke, or the whole message
            said = e.params.get("reason")
            reason = said if isinstance(said, tuple) else (e.message("vi"), e.message("en"))
            raise BundleError("bundle.damaged", name=name, reason=reason) from e
        count += len(changes)
        if most is not None and count > most:
            raise BundleError("bundle.damaged", name=name, reason="record count")
        yield from changes
        at += 4 + n
