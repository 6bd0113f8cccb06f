"""Offline enrolment: an officer enrols a school's new computer where there is no network.

Three signed statements, Ed25519 (PyNaCl) over canonical JSON, each checked by whoever
receives it; nothing here invents cryptography:

1. **Delegation** (from the province, to an officer installation): "installation O, with
   key K, may enrol computers for the units U… until T". The server signs it with its
   own key and hands it to every office installation at enrolment and at each sync
   (``delegation`` in the answers); the officer keeps it (``sync_state``).
2. **Grant** (from the officer, for one new computer of one school): a random id, the
   school (and its unit record, so a fresh installation knows its school), the province's
   key and URL (and its CA certificate, where the province runs its own CA: the computer
   verifies the server's HTTPS by it from its first contact, ``sync.tls``), the readers of
   the school's bundles, valid until a date. Signed with the
   officer's installation key — the key the delegation names. Grant + signature +
   delegation make the enrolment file ``ENROL_<school>_<id8>.sme`` (JSON, UTF-8).
3. **The computer's own key**: the new installation keeps the file and puts it, with its
   public key, in every bundle it exports until the province acknowledges it (``extra``
   ``enrolment`` in the bundle header). The bundle's signature proves the key; the grant
   and delegation prove the officer and the province stood behind it.

Who checks what: the device checks the file is whole and consistent (it was handed over
in person, as a one-time code is); the officer's import and the server's relay check the
delegation against the province key they hold, the grant against the delegated key, the
school against the delegation's units, the dates, and — at the server — that the grant
was not used by another computer (one grant, one computer) and the officer is not revoked.
With a link, the device can also present the file over HTTP (``POST /api/v1/enrol/file``)
with a signature of its own as proof, and gets its token.

A file is read only if it is a regular file of at most ``MAX_FILE_BYTES``, its JSON decoded
only once its nesting and size are bounded (``sync.protocol.loads_bounded``), and a
document handed over already decoded (a bundle's, an HTTP request's) is walked, bounded,
before anything else touches it: a refusal in words (``EnrolmentFileError``), never a crash.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey
from nacl.utils import random as random_bytes

from app import changes, sync_state
from app.errors import SongMayError, SyncError
from sync import keys
from sync.bundle import BundleError, write_atomic
from sync.protocol import MAX_DEPTH, Unbounded, Unreadable, loads_bounded, read_regular

FORMAT = "songmay-enrolment"
VERSION = 1
EXTENSION = ".sme"
DELEGATION_DAYS = 180
GRANT_DAYS = 30
# a bundle may travel for weeks after the computer enrolled: the server takes a grant's
# first use until this long after it expired (the computer checked the date when enrolling)
TRAVEL_DAYS = 120
CLAIM_SECONDS = 600  # the HTTP proof of key: fresh within this many seconds
# a file is a few kB (a grant, a delegation, the school's unit record, its readers' keys)
MAX_FILE_BYTES = 1024 * 1024
_MAX_NODES = 100_000  # values in a decoded file: ample for the above, few enough to walk at once
_FILE_WORDS = ("nội dung tệp", "its content")


class EnrolmentFileError(SongMayError):
    key = "enrol.file_damaged"


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).isoformat(timespec="seconds")


def _parse(value: Any) -> dt.datetime:
    t = dt.datetime.fromisoformat(str(value))
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def _sign(key: SigningKey, body: dict[str, Any]) -> dict[str, Any]:
    return {"body": body, "signature": key.sign(canonical(body)).signature.hex()}


def _verify(signed: Any, public_key: str, what: str) -> dict[str, Any]:
    try:
        body, signature = signed["body"], bytes.fromhex(signed["signature"])
        VerifyKey(bytes.fromhex(public_key)).verify(canonical(body), signature)
    except (BadSignatureError, KeyError, TypeError, ValueError, RecursionError) as e:
        raise EnrolmentFileError("enrol.file_damaged", what=what) from e
    if not isinstance(body, dict):
        raise EnrolmentFileError("enrol.file_damaged", what=what)
    return body


# ------------------------------------------------------------------ the province
def delegate(server_key: SigningKey, *, officer: str, officer_key: str, unit_id: str, unit_code: str,
             units: list[str], days: int = DELEGATION_DAYS) -> dict[str, Any]:
    """The province's delegation to an office installation (signed)."""
    now = _now()
    return _sign(server_key, {"kind": "delegation", "officer": officer, "officer_key": officer_key,
                              "unit_id": unit_id, "unit_code": unit_code, "units": sorted(units),
                              "issued_at": _iso(now), "valid_until": _iso(now + dt.timedelta(days=days))})


# ------------------------------------------------------------------ the officer
def issue(*, officer_key: SigningKey, delegation: dict[str, Any], server_key: str, server_url: str,
          school: dict[str, Any], unit_changes: list[dict[str, Any]], readers: list[dict[str, Any]],
          days: int = GRANT_DAYS, server_ca: str = "") -> dict[str, Any]:
    """An enrolment file (as a dict, ``dump`` writes it) for one new computer of ``school``
    (its unit row), signed by the officer. Raises EnrolmentFileError when the delegation
    does not allow it (expired, another school)."""
    d = _verify(delegation, server_key, "delegation")
    now = _now()
    if _parse(d["valid_until"]) < now:
        raise EnrolmentFileError("enrol.delegation_expired", until=d["valid_until"][:10])
    if school["id"] not in d["units"] or school.get("kind", "school") != "school":
        raise EnrolmentFileError("enrol.school_outside", code=school.get("code", ""))
    if d["officer_key"] != bytes(officer_key.verify_key).hex():
        raise EnrolmentFileError("enrol.file_damaged", what="delegation")
    grant = {"kind": "grant", "id": random_bytes(16).hex(), "unit_id": school["id"], "unit_code": school["code"],
             "unit_name": school.get("name", ""), "unit_changes": unit_changes, "server_key": server_key,
             "server_url": server_url, "readers": readers, "issued_by": d["officer"],
             "issued_at": _iso(now), "valid_until": _iso(now + dt.timedelta(days=days))}
    if server_ca:
        grant["server_ca"] = server_ca
    return {"format": FORMAT, "version": VERSION, "grant": _sign(officer_key, grant), "delegation": delegation}


def file_name(grant: dict[str, Any]) -> str:
    code = "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in grant["unit_code"]).strip("-") or "UNIT"
    return f"ENROL_{code}_{grant['id'][:8]}{EXTENSION}"


def dump(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode()


# ------------------------------------------------------------------ everyone who reads one
@dataclass(frozen=True)
class Grant:
    id: str
    unit_id: str
    unit_code: str
    unit_name: str
    officer: str
    officer_key: str  # the key the province delegated to: the officer's key at the time
    officer_unit_code: str
    delegated_at: dt.datetime
    server_key: str
    server_url: str
    readers: list[dict[str, Any]]
    unit_changes: list[dict[str, Any]]
    valid_until: dt.datetime
    doc: dict[str, Any]
    server_ca: str = ""  # PEM: the CA the server's certificate chains to ("": the system's store)


def load(data: bytes | str | Path) -> dict[str, Any]:
    """The enrolment file's JSON, checked for shape only. EnrolmentFileError otherwise:
    a path that is not a regular file of at most ``MAX_FILE_BYTES`` is not read
    ("enrol.file_unreadable"), JSON nested too deep or too large is not decoded
    ("enrol.file_malformed")."""
    try:
        if isinstance(data, Path):
            data = read_regular(data, MAX_FILE_BYTES)
        doc = loads_bounded(data, max_bytes=MAX_FILE_BYTES, what=_FILE_WORDS)
    except Unreadable as e:
        raise EnrolmentFileError("enrol.file_unreadable", detail=e.words) from e
    except OSError as e:
        raise EnrolmentFileError("enrol.file_unreadable", detail=e.strerror or str(e)) from e
    except Unbounded as e:
        raise EnrolmentFileError("enrol.file_malformed", reason=e.words()) from e
    except (ValueError, UnicodeDecodeError, RecursionError) as e:
        raise EnrolmentFileError("enrol.file_damaged", what="JSON") from e
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise EnrolmentFileError("enrol.file_damaged", what="format")
    if type(doc.get("version")) is not int or doc["version"] > VERSION:
        raise EnrolmentFileError("enrol.file_newer", found=doc.get("version"), supported=VERSION)
    return doc


def check(doc: dict[str, Any], *, server_key: str | None = None, now: dt.datetime | None = None,
          grace_days: int = 0) -> Grant:
    """Verifies an enrolment file: the delegation by the province key (``server_key``;
    None: the one the file names — the device's own check, which has no other), the grant
    by the delegated officer key, the shape of everything it carries, the school among the
    delegated units, and the dates (``grace_days`` past the grant's end: bundles travel).
    EnrolmentFileError otherwise."""
    bounded(doc)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise EnrolmentFileError("enrol.file_damaged", what="format")
    try:
        named = doc["grant"]["body"]["server_key"]
    except (KeyError, TypeError) as e:
        raise EnrolmentFileError("enrol.file_damaged", what="grant") from e
    if not is_key(named):
        raise EnrolmentFileError("enrol.file_damaged", what="grant")
    if server_key is not None and named != server_key:
        raise EnrolmentFileError("enrol.other_province")
    d = _verify(doc.get("delegation"), named, "delegation")
    g = _verify(doc.get("grant"), str(d.get("officer_key", "")), "grant")
    now = now or _now()
    try:
        valid_until, d_until = _parse(g["valid_until"]), _parse(d["valid_until"])
        issued, d_from = _parse(g["issued_at"]), _parse(d["issued_at"])
        units, readers, unit_changes = d["units"], g["readers"], g.get("unit_changes") or []
        texts = [g["id"], g["unit_id"], g["unit_code"], g.get("unit_name", ""), g.get("server_url", ""),
                 d["officer"], d.get("unit_code", ""), d["officer_key"], g.get("server_ca", "")]
        if not (all(isinstance(t, str) for t in texts) and isinstance(units, list)
                and all(isinstance(u, str) for u in units) and isinstance(readers, list)
                and all(isinstance(r, dict) and isinstance(r.get("id"), str) and is_key(r.get("public_key"))
                        for r in readers) and isinstance(unit_changes, list)
                and all(isinstance(c, dict) and c.get("k") == "unit" for c in unit_changes)):
            raise TypeError("shape")
        if not any(r["id"] == "server" and r["public_key"] == named for r in readers):
            raise TypeError("readers")
        grant = Grant(id=g["id"], unit_id=g["unit_id"], unit_code=g["unit_code"], unit_name=g.get("unit_name", ""),
                      officer=d["officer"], officer_key=d["officer_key"], officer_unit_code=d.get("unit_code", ""),
                      delegated_at=d_from, server_key=named, server_url=g.get("server_url", ""), readers=readers,
                      unit_changes=unit_changes, valid_until=valid_until, doc=doc,
                      server_ca=g.get("server_ca", ""))
        expired = valid_until + dt.timedelta(days=grace_days) < now
    except (KeyError, TypeError, ValueError, OverflowError) as e:
        raise EnrolmentFileError("enrol.file_damaged", what="grant") from e
    if g.get("issued_by") != d["officer"] or grant.unit_id not in units:
        raise EnrolmentFileError("enrol.school_outside", code=grant.unit_code)
    if not (d_from <= issued <= d_until):  # the officer's delegation held when it signed
        raise EnrolmentFileError("enrol.delegation_expired", until=str(d["valid_until"])[:10])
    if expired:
        raise EnrolmentFileError("enrol.file_expired", until=_local_day(valid_until))
    return grant


def bounded(doc: Any, *, max_depth: int = MAX_DEPTH, max_nodes: int = _MAX_NODES) -> None:
    """EnrolmentFileError ("enrol.file_malformed") when a decoded document nests deeper
    than ``max_depth`` or holds more than ``max_nodes`` values: walked without recursion,
    before anything (a signature check, a copy) recurses into it."""
    stack, nodes = [(doc, 1)], 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > max_nodes:
            raise EnrolmentFileError("enrol.file_malformed", reason=Unbounded(
                "json.too_many_values", what=_FILE_WORDS, limit=max_nodes).words())
        if isinstance(value, dict | list | tuple):
            if depth > max_depth:
                raise EnrolmentFileError("enrol.file_malformed", reason=Unbounded(
                    "json.too_deep", what=_FILE_WORDS, limit=max_depth).words())
            items = value.values() if isinstance(value, dict) else value
            if nodes + len(items) > max_nodes:
                raise EnrolmentFileError("enrol.file_malformed", reason=Unbounded(
                    "json.too_many_values", what=_FILE_WORDS, limit=max_nodes).words())
            stack.extend((v, depth + 1) for v in items)


def is_key(value: Any) -> bool:
    """An Ed25519 public key in hex."""
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def is_instance_id(value: Any) -> bool:
    """An installation's id as ``app.store`` makes them (uuid4, hex): never "server"."""
    return isinstance(value, str) and len(value) == 32 and all(c in "0123456789abcdef" for c in value)


def _local_day(t: dt.datetime) -> str:
    return t.astimezone().strftime("%d/%m/%Y")


def _claim_text(instance_id: str, grant_id: str, at: str) -> bytes:
    return f"songmay-enrol|{instance_id}|{grant_id}|{at}".encode()


def proof(key: SigningKey, instance_id: str, grant_id: str, at: str | None = None) -> dict[str, str]:
    """The HTTP proof that the caller holds the key it presents with a file (bound to the
    file's grant, dated by the server's clock)."""
    at = at or _iso(_now())
    return {"at": at, "signature": key.sign(_claim_text(instance_id, grant_id, at)).signature.hex()}


def check_proof(public_key: str, instance_id: str, grant_id: str, p: dict[str, Any],
                now: dt.datetime | None = None) -> None:
    try:
        at = _parse(p["at"])
        VerifyKey(bytes.fromhex(public_key)).verify(_claim_text(instance_id, grant_id, str(p["at"])),
                                                    bytes.fromhex(p["signature"]))
        stale = abs(((now or _now()) - at).total_seconds()) > CLAIM_SECONDS
    except (BadSignatureError, KeyError, TypeError, ValueError, OverflowError) as e:
        raise EnrolmentFileError("enrol.file_damaged", what="proof") from e
    if stale:
        raise EnrolmentFileError("enrol.proof_stale")


# ------------------------------------------------------------------ with a store
_DELEGATION = "sync_delegation"
_FILE = "sync_offline_enrolment"
_CONFIRMED = "sync_offline_enrolment_confirmed"


def keep_delegation(store: Any, signed: Any) -> None:
    """What the province said in an answer: its delegation to this (office) installation."""
    if isinstance(signed, dict) and signed.get("body") and store.sync_meta(_DELEGATION) != json.dumps(signed):
        with store.transaction():
            store.set_sync_meta(_DELEGATION, json.dumps(signed))


def delegation(store: Any) -> dict[str, Any] | None:
    raw = store.sync_meta(_DELEGATION)
    return json.loads(raw) if raw else None


def issue_file(store: Any, school_code: str, out: str | Path, *, days: int = GRANT_DAYS) -> Path:
    """The officer's enrolment file for a new computer of the school ``school_code`` (one
    of this office's area), written atomically into the folder ``out`` (or to ``out`` if
    it ends in .sme). SongMayError when this installation may not issue one."""
    e = sync_state.enrolment(store)
    signed = delegation(store)
    if e is None or not e.server_key:
        raise EnrolmentFileError("bundle.not_enrolled")
    if signed is None:
        raise EnrolmentFileError("enrol.no_delegation")
    row = store.conn.execute("SELECT * FROM units WHERE upper(code)=upper(?) AND _deleted=0 ORDER BY id",
                             (school_code.strip(),)).fetchone()
    if row is None:
        raise EnrolmentFileError("enrol.school_unknown", code=school_code)
    school = dict(row)
    unit_changes = [{k: v for k, v in ch.items() if k not in ("p", "s")}
                    for batch in changes.changes_since(store, {}, kinds=["unit"], scope_unit_ids=[school["id"]])
                    for ch in batch if ch.get("k") == "unit"]
    me = store.unit()
    readers = [{"id": "server", "kind": "server", "unit_code": "", "public_key": e.server_key},
               {"id": store.instance_id, "kind": "officer", "unit_code": me.code if me else e.unit_code,
                "public_key": keys.public_key_hex(store)}]
    doc = issue(officer_key=keys.signing_key(store), delegation=signed, server_key=e.server_key, server_url=e.url,
                school=school, unit_changes=unit_changes, readers=readers, days=days, server_ca=e.ca_pem)
    out = Path(out)
    path = out if out.suffix.lower() == EXTENSION and not out.is_dir() else out / file_name(doc["grant"]["body"])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, [dump(doc)])
    except OSError as err:
        raise EnrolmentFileError("bundle.write_failed", path=str(path), detail=err.strerror or str(err)) from err
    body = doc["grant"]["body"]
    sync_state.record_issued_file(store, {  # the officer's list of files issued
        "id": body["id"], "school": school["code"], "school_name": school.get("name", ""),
        "issued_at": body["issued_at"], "valid_until": body["valid_until"], "file": path.name})
    return path


def issued_files(store: Any) -> list[dict[str, Any]]:
    """The enrolment files this officer issued, newest first."""
    return sync_state.issued_files(store)


def enrol_from_file(store: Any, path: str | Path) -> Any:
    """Enrols this installation with an officer's file, without a network: it becomes the
    school's computer (a fresh installation takes the school's record from the file), its
    bundles are for the province and the officer, and carry the file until the province
    acknowledges them. Returns the ``sync_state.Enrolment``. EnrolmentFileError if the
    file is not a whole, valid, current one for this school."""
    grant = check(load(Path(path)))
    unit = store.unit()
    if unit is not None and unit.id != grant.unit_id and unit.code.upper() != grant.unit_code.upper():
        raise SyncError("enrol.file_other_unit", code=grant.unit_code, mine=unit.code)
    before = sync_state.enrolment(store)
    if before is not None and before.token:  # online already: a file would only lose the token
        raise SyncError("enrol.already_enrolled", unit=before.unit_code, server=before.url)
    if unit is None and store.unit_id and store.unit_id != grant.unit_id:
        raise SyncError("sync.not_set_up")
    e = sync_state.Enrolment(url=grant.server_url, token="", device_id=store.instance_id, unit_id=grant.unit_id,
                             unit_code=grant.unit_code, scope=[grant.unit_id], server_key=grant.server_key,
                             enrolled_at=changes.now_iso(), ca_pem=grant.server_ca)
    with store.transaction():
        if unit is not None and unit.id != grant.unit_id:
            # the school set up here before its file came: it takes the province's record of
            # itself (the registry's id), as an online enrolment does; nothing here was sent yet
            store.rekey_unit(unit.id, grant.unit_id, actor=f"enrolment:{grant.officer[:8]}")
            unit = None
        if unit is None and grant.unit_changes:
            changes.apply_changes(store, grant.unit_changes, actor=f"enrolment:{grant.officer[:8]}")
        if unit is None and store.conn.execute("SELECT 1 FROM units WHERE id=?", (grant.unit_id,)).fetchone() is None:
            raise EnrolmentFileError("enrol.file_damaged", what="unit")  # rolls back: nothing half-enrolled
        if not store.unit_id:
            store.join_unit(grant.unit_id)
        sync_state.save_enrolment(store, e)
        sync_state.save_keys(store, grant.readers, None)
        store.set_sync_meta(_FILE, json.dumps(grant.doc, ensure_ascii=False, sort_keys=True))
        store.set_sync_meta(_CONFIRMED, "")
    return e


def offline_file(store: Any) -> dict[str, Any] | None:
    """The enrolment file this installation enrolled with, if it did so offline."""
    raw = store.sync_meta(_FILE)
    return json.loads(raw) if raw else None


def bundle_extra(store: Any) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """What this installation's bundles carry to enrol it at the province, until the
    province has acknowledged it (HTTP or a returned bundle): (plain header: its public
    key; sealed header, for the readers only: the file — a stick's bearer must not be able
    to take the file off it and enrol another computer first)."""
    doc = offline_file(store)
    if doc is None or store.sync_meta(_CONFIRMED):
        return None
    return {"enrolment_key": keys.public_key_hex(store)}, {"enrolment": doc}


def confirmed(store: Any) -> None:
    """The province knows this installation now: its bundles need not carry the file."""
    if offline_file(store) is not None and not store.sync_meta(_CONFIRMED):
        with store.transaction():
            store.set_sync_meta(_CONFIRMED, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))


def voucher(server_key: str, *, grace_days: int = TRAVEL_DAYS, used: dict[str, str] | None = None,
            revoked: set[str] | frozenset[str] = frozenset()) -> Any:
    """For ``sync.bundle.open_bundle``: the installation entry of a sender not yet known,
    from the enrolment its bundle carries (sealed), checked against the province key
    ``server_key`` — or a BundleError saying why not. ``used``: grant id → the installation
    it enrolled, as far as this reader knows (one grant, one computer; filled as it
    vouches); ``revoked``: installations known revoked (an officer's grants die with it).
    The entry has ``grant`` (a Grant) besides."""
    seen = used if used is not None else {}

    def refuse(m: Any, err: SongMayError) -> BundleError:
        return BundleError("bundle.enrolment_refused", name="", unit=m.unit_code, reason=err.message())

    def vouch(m: Any, carried: Any) -> dict[str, Any]:
        key = m.extra.get("enrolment_key")
        if not is_instance_id(m.sender) or not is_key(key):
            raise BundleError("bundle.unknown_sender", name="", device=m.sender[:8], unit=m.unit_code)
        try:
            g = check(carried, server_key=server_key, grace_days=grace_days)
        except EnrolmentFileError as err:
            raise refuse(m, err) from err
        if g.unit_id != m.unit_id:
            raise refuse(m, EnrolmentFileError("enrol.school_outside", code=g.unit_code))
        if g.officer in revoked:
            raise refuse(m, SongMayError("enrol.officer_revoked", unit=g.officer_unit_code))
        if seen.get(g.id, m.sender) != m.sender:
            raise refuse(m, SongMayError("enrol.code_used"))
        seen[g.id] = m.sender
        return {"id": m.sender, "unit_id": g.unit_id, "unit_code": g.unit_code, "public_key": key,
                "revoked": False, "grant": g}

    return vouch
