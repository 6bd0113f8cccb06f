"""What this installation keeps about sync: its enrolment, its runs, the server's notices,
the bundle ledger and the enrolment files it issued.

The enrolment (server URL, token, unit, scope, keys, the CA certificate to verify the server
by and what the server reads: ``sync.tls``, ``server.exchange``) is kept through the store's sync
state (``Store.sync_meta``); it belongs to the instance that enrolled: a copied database
file gets a new instance ID (``Store``) and so must enrol again, rather than sync as
somebody else. Bundles and issued files have their own tables (``bundle_ledger``,
``enrolment_files``, migration 0007): nothing outside the store reads ``meta``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from app.store import Store, now_iso

SERVER = "server"  # the remote name of the provincial server (Store.pending_changes)
_KEYS = ("url", "token", "device_id", "unit_id", "unit_code", "scope", "server_key", "enrolled_at", "ca_pem",
         "server", "link")


@dataclass
class Enrolment:
    url: str
    token: str
    device_id: str
    unit_id: str
    unit_code: str
    scope: list[str] = field(default_factory=list)
    server_key: str = ""
    enrolled_at: str = ""
    ca_pem: str = ""  # the CA the server's certificate must chain to ("": the system's store)
    server: dict[str, Any] = field(default_factory=dict)  # what it reads: {"api", "formats", "codecs"}
    link: float = 0.0  # seconds the last sync's connection took to open (0: not known yet)


def enrolment(store: Store) -> Enrolment | None:
    """This installation's enrolment, or None (never enrolled, or enrolled as another
    instance: the file was copied)."""
    raw = store.sync_meta("sync_enrolment")
    if not raw:
        return None
    data = json.loads(raw)
    if data.get("device_id") != store.instance_id:
        return None
    empty = Enrolment("", "", "", "", "")
    return Enrolment(**{k: data.get(k, getattr(empty, k)) for k in _KEYS})


def enrolled_as_another(store: Store) -> bool:
    """This file was enrolled, as the installation it was copied (or restored) from."""
    raw = store.sync_meta("sync_enrolment")
    return bool(raw) and json.loads(raw).get("device_id") != store.instance_id


def save_enrolment(store: Store, e: Enrolment) -> None:
    with store.transaction():
        store.set_sync_meta("sync_enrolment", json.dumps(e.__dict__, sort_keys=True))


def set_scope(store: Store, scope: list[str]) -> None:
    e = enrolment(store)
    if e is not None and e.scope != scope:
        e.scope = scope
        save_enrolment(store, e)


def set_server(store: Store, server: dict[str, Any]) -> None:
    """What the server said it reads (a hello's answer): kept for the next sync."""
    e = enrolment(store)
    if e is not None and e.server != server:
        e.server = server
        save_enrolment(store, e)


def set_link(store: Store, seconds: float) -> None:
    """How long the last sync's connection took to open: the next sync encodes for it."""
    e = enrolment(store)
    if e is not None:
        e.link = round(float(seconds), 3)
        save_enrolment(store, e)


def server_url(store: Store) -> str:
    """The server URL last enrolled with (even by a copied file), for display."""
    raw = store.sync_meta("sync_enrolment")
    return json.loads(raw).get("url", "") if raw else ""


# ------------------------------------------------------------------ runs
def start_run(store: Store, transport: str) -> int:
    with store.transaction():
        cur = store.conn.execute("INSERT INTO sync_runs(transport, started_at) VALUES (?, ?)",
                                 (transport, now_iso()))
        return int(cur.lastrowid)


def finish_run(store: Store, run_id: int, result: str, *, sent: int = 0, received: int = 0,
               detail: dict[str, Any] | None = None) -> None:
    with store.transaction():
        store.conn.execute(
            "UPDATE sync_runs SET finished_at=?, result=?, sent=?, received=?, detail=? WHERE id=?",
            (now_iso(), result, sent, received, json.dumps(detail or {}, ensure_ascii=False), run_id))


# ------------------------------------------------------------------ notices
def replace_notices(store: Store, source: str, notices: list[dict[str, Any]]) -> None:
    """The server's current word on this installation's records replaces its previous one."""
    now = now_iso()
    with store.transaction():
        store.conn.execute("DELETE FROM sync_notices WHERE source=?", (source,))
        store.conn.executemany(
            "INSERT INTO sync_notices(source, kind, record_kind, record_id, reason, detail, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(source, str(n.get("kind", "")), str(n.get("record_kind", "")), str(n.get("record_id", "")),
              str(n.get("reason", "")), json.dumps(n.get("detail") or {}, ensure_ascii=False), now)
             for n in notices if isinstance(n, dict)])


def notices(store: Store, record_id: str | None = None) -> list[dict[str, Any]]:
    sql, params = "SELECT * FROM sync_notices", ()
    if record_id is not None:
        sql, params = sql + " WHERE record_id=?", (record_id,)
    out = []
    for r in store.conn.execute(sql + " ORDER BY id", params):
        d = dict(r)
        d["detail"] = json.loads(d["detail"] or "{}")
        out.append(d)
    return out


def notice_counts(store: Store) -> dict[str, int]:
    return {k: n for k, n in store.conn.execute("SELECT kind, count(*) FROM sync_notices GROUP BY kind")}


# ------------------------------------------------------------------ keys of others
def save_keys(store: Store, recipients: list[dict[str, Any]] | None, devices: list[dict[str, Any]] | None) -> None:
    """What the server said of keys: who may read this unit's USB bundles (``recipients``:
    the province and the covering officers, Ed25519 public keys in hex) and the enrolled
    installations of this scope whose bundles this one may import (``devices``)."""
    with store.transaction():
        if recipients is not None:
            store.set_sync_meta("sync_recipients", json.dumps(recipients, sort_keys=True))
            _take_server_key(store, recipients)
        if devices is not None:
            known = {d["id"]: d for d in known_devices(store)}
            for d in devices:  # what is said of an installation adds to what was known of it
                if isinstance(d, dict) and d.get("id"):
                    known[d["id"]] = {**known.get(d["id"], {}), **d}
            store.set_sync_meta("sync_devices", json.dumps(sorted(known.values(), key=lambda d: d["id"]),
                                                       sort_keys=True))


def _take_server_key(store: Store, recipients: list[dict[str, Any]]) -> None:
    """The province's key as the server says it now: after a rotation (``songmay-server key
    rotate``) the ``server`` entry brings the new key, in an answer this installation
    trusts (a sync over its token, or an acknowledgement signed by the key it knew). It
    then checks acknowledgements and delegations with the new key."""
    e = enrolment(store)
    new = next((r.get("public_key") for r in recipients
                if isinstance(r, dict) and r.get("id") == SERVER and r.get("kind") == "server"), None)
    if e is None or not isinstance(new, str) or len(new) != 64 or new == e.server_key:
        return
    try:
        bytes.fromhex(new)
    except ValueError:
        return
    e.server_key = new
    save_enrolment(store, e)


def recipients(store: Store) -> list[dict[str, Any]]:
    return json.loads(store.sync_meta("sync_recipients", "[]") or "[]")


def known_devices(store: Store) -> list[dict[str, Any]]:
    """Installations whose signatures this one can check: {id, unit_id, unit_code,
    public_key, revoked}."""
    return json.loads(store.sync_meta("sync_devices", "[]") or "[]")


# ------------------------------------------------------------------ the bundle ledger
_LEDGER = ("file", "kept", "sender", "unit_id", "unit_code", "records", "created_at", "bundle")


def received(store: Store, bundle_id: str) -> dict[str, Any] | None:
    """The ledger's entry of the bundle ``bundle_id`` (SHA-256 of its file), or None: never
    imported here."""
    row = store.conn.execute("SELECT * FROM bundle_ledger WHERE id=? AND received_at != ''",
                             (bundle_id,)).fetchone()
    return _entry(row) if row else None


def record_received(store: Store, bundle_id: str, entry: dict[str, Any]) -> None:
    """A bundle imported (merged, or kept to carry unread): {file, kept, sender, unit_id,
    unit_code, records, created_at, bundle, carried, checked}; in the caller's transaction."""
    with store.transaction():
        store.conn.execute(
            "INSERT INTO bundle_ledger (id, received_at, carried, checked, " + ", ".join(_LEDGER) + ")"
            " VALUES (?, ?, ?, ?" + ", ?" * len(_LEDGER) + ") ON CONFLICT(id) DO UPDATE SET"
            " received_at=excluded.received_at, carried=excluded.carried, checked=excluded.checked, "
            + ", ".join(f"{k}=excluded.{k}" for k in _LEDGER),
            (bundle_id, now_iso(), int(bool(entry.get("carried"))), int(bool(entry.get("checked"))),
             *(int(entry.get(k) or 0) if k == "records" else str(entry.get(k) or "") for k in _LEDGER)))


def received_bundles(store: Store) -> list[dict[str, Any]]:
    """The bundles imported here, oldest first: id, file, kept (its copy, relative to the
    data folder), at, sender, unit_id, unit_code, records, created_at, bundle, carried,
    checked, relayed (when it went up to the province, or None)."""
    rows = store.conn.execute("SELECT * FROM bundle_ledger WHERE received_at != '' ORDER BY received_at, id")
    return [_entry(r) for r in rows]


def mark_relayed(store: Store, bundle_id: str, answer: dict[str, Any]) -> None:
    """The bundle went up to the province (``answer``: what it said, or the refusal)."""
    with store.transaction():
        store.conn.execute("INSERT OR IGNORE INTO bundle_ledger (id) VALUES (?)", (bundle_id,))
        store.conn.execute("UPDATE bundle_ledger SET relayed_at=?, relay_answer=? WHERE id=?",
                           (now_iso(), json.dumps(answer, ensure_ascii=False, default=str), bundle_id))


def _entry(row: Any) -> dict[str, Any]:
    d = dict(row)
    answer = d.pop("relay_answer")
    return {"id": d["id"], **{k: d[k] for k in _LEDGER}, "at": d["received_at"], "carried": bool(d["carried"]),
            "checked": bool(d["checked"]), "relayed": d["relayed_at"],
            "relay_answer": json.loads(answer) if answer else None}


# ------------------------------------------------------------------ enrolment files issued
def record_issued_file(store: Store, entry: dict[str, Any]) -> None:
    """An officer issued an enrolment file: {id, school, school_name, issued_at, valid_until, file}."""
    with store.transaction():
        store.conn.execute(
            "INSERT OR REPLACE INTO enrolment_files (id, school, school_name, issued_at, valid_until, file)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            tuple(str(entry.get(k, "")) for k in ("id", "school", "school_name", "issued_at", "valid_until",
                                                   "file")))


def issued_files(store: Store) -> list[dict[str, Any]]:
    """The enrolment files this officer issued, newest first."""
    return [dict(r) for r in store.conn.execute(
        "SELECT id, school, school_name, issued_at, valid_until, file FROM enrolment_files"
        " ORDER BY issued_at DESC, id DESC")]
