"""An officer's relay: the schools' original USB bundles go up to the province when a link
appears, and the province's acknowledgements come back, to carry to the schools.

The bundles were checked and merged here on import (``sync.usb``) and kept untouched in
``bundles/received/``; the server checks each one again against the school device's own
key, so the officer's installation cannot forge a school's records. Each acknowledgement
(``ACK_….smb`` in ``bundles/acks/``) is signed by the province and readable only by the
school device it is for; the school imports it like any bundle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from app import sync_state
from app.changes import join
from app.errors import SongMayError, SyncError
from app.store import Store
from sync.bundle import EXTENSION, BundleError, read_bundle, read_manifest, write_atomic
from sync.stages import OnLink, OnStore, Steps, run

ACKS = Path("bundles") / "acks"


@dataclass
class RelayReport:
    relayed: list[dict[str, Any]] = field(default_factory=list)  # {file, sender, unit_code, result, carried}
    refused: list[dict[str, Any]] = field(default_factory=list)  # {file, reason}
    acks: list[str] = field(default_factory=list)  # files written, relative to the data folder
    summary: dict[str, int] = field(default_factory=dict)  # what the province said it holds after them
    senders: dict[str, str] = field(default_factory=dict)  # installation → unit code, of what went up

    def as_dict(self) -> dict[str, Any]:
        return {"relayed": self.relayed, "refused": self.refused, "acks": self.acks}


def pending_relays(store: Store) -> list[dict[str, Any]]:
    """Imported bundles not yet relayed to the province, oldest first (the province's own
    acknowledgements, imported at a school, are not sent back to it)."""
    return [b for b in sync_state.received_bundles(store) if b["sender"] != "server" and b["relayed"] is None]


def relay(store: Store, client: Any, *, progress: Callable[[int, int], None] | None = None) -> RelayReport:
    """Uploads every pending bundle, then fetches the acknowledgements to carry back
    (``upload``, then ``fetch_acks``)."""
    report = upload(store, client, progress=progress)
    report.acks = fetch_acks(store, client, report.senders)
    return report


def upload(store: Store, client: Any, *, progress: Callable[[int, int], None] | None = None) -> RelayReport:
    """Uploads every pending bundle (``upload_steps``, run here)."""
    return run(upload_steps(client, progress=progress), store)


def upload_steps(client: Any, *, progress: Callable[[int, int], None] | None = None) -> Steps[RelayReport]:
    """The relay stage: every pending bundle goes up (``client``: a ``sync.client.Client``
    with this installation's token), the carried ones too (the province reads them). A
    bundle the server refuses is reported, marked, not retried (the refusal is final:
    damaged, revoked…); a dropped link stops with SyncError, and the rest goes next time."""
    report = RelayReport()
    todo, data_dir = yield OnStore("relay", lambda store: (pending_relays(store), store.data_dir))
    senders = report.senders
    for n, b in enumerate(todo, 1):
        try:
            answer = yield OnLink("relay", partial(_upload, client, data_dir / b["kept"], b["file"]))
        except SyncError as e:
            if e.key in ("sync.offline", "sync.timeout", "sync.server_error", "sync.revoked", "sync.unauthorised"):
                raise
            report.refused.append({"file": b["file"], "reason": e.message()})
            answer = {"refused": e.key}
        else:
            report.relayed.append({"file": b["file"], "sender": b["sender"], "unit_code": b.get("unit_code", ""),
                                   "carried": bool(b.get("carried")),
                                   "result": {k: answer.get(k) for k in ("inserted", "updated", "ignored",
                                                                          "conflicts", "repeated")}})
            senders[b["sender"]] = b.get("unit_code", "")
            if isinstance(answer.get("summary"), dict):
                report.summary = join(report.summary, {k: int(v) for k, v in answer["summary"].items()})
        yield OnStore("relay", partial(sync_state.mark_relayed, bundle_id=b["id"], answer=answer))
        if progress:
            progress(n, len(todo))
    return report


def _upload(client: Any, path: Path, name: str) -> dict[str, Any]:
    return client.upload_bundle(path.read_bytes(), name)


def fetch_acks(store: Store, client: Any, senders: dict[str, str] | None = None) -> list[str]:
    """``fetch_acks_steps``, run here."""
    return run(fetch_acks_steps(client, senders), store)


def fetch_acks_steps(client: Any, senders: dict[str, str] | None = None) -> Steps[list[str]]:
    """The ack stage: fetches an acknowledgement for each school installation of the area
    the province has something for (its decisions, verifications, warnings:
    ``Client.waiting_acks``) and for each whose bundle just went up (``senders``: its "not
    yet at the province" count falls once it imports it). Each replaces the older one for
    that installation in ``bundles/acks/``; returns the files written, relative to the data
    folder."""
    data_dir = yield OnStore("ack", lambda store: store.data_dir)
    return (yield OnLink("ack", partial(_fetch_acks, client, data_dir / ACKS, senders)))


def _fetch_acks(client: Any, folder: Path, senders: dict[str, str] | None) -> list[str]:
    waiting = client.waiting_acks()
    wanted = list(dict.fromkeys([*(senders or {}), *(str(w["device"]) for w in waiting
                                                      if isinstance(w, dict) and w.get("device"))]))
    written = []
    for sender in wanted:
        content, name = client.fetch_ack(sender)
        name = name or f"ACK_{sender[:8]}.smb"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(folder / name, [content])
        except OSError as e:
            raise SongMayError("bundle.write_failed", path=str(folder / name), detail=e.strerror or str(e)) from e
        for older in _acks_of(folder, sender):  # the new one says all they said, and more
            if older.name != name:
                older.unlink(missing_ok=True)
        written.append((ACKS / name).as_posix())
    return written


def acks_to_carry(store: Store) -> list[Path]:
    """The acknowledgements waiting to go to the schools: the latest one per school
    installation (``relay`` keeps no other)."""
    folder = store.data_dir / ACKS
    return sorted(folder.glob(f"ACK_*{EXTENSION}")) if folder.is_dir() else []


def describe_acks(store: Store) -> list[dict[str, Any]]:
    """What each acknowledgement waiting to go to the schools holds, from its plain header:
    {file, device, unit_code, unit_name, records, kinds, notices, created_at} — for the
    export dialog's list of what goes to whom."""
    out = []
    for path in acks_to_carry(store):
        try:
            m = read_manifest(read_bundle(path), path.name)
        except BundleError:
            continue
        reader = m.readers[0] if m.readers else {"id": "", "unit_code": ""}
        ack = m.extra.get("ack") if isinstance(m.extra.get("ack"), dict) else {}
        row = store.conn.execute("SELECT name FROM units WHERE id = ? OR code = ? ORDER BY id = ? DESC LIMIT 1",
                                 (m.unit_id, reader["unit_code"], m.unit_id)).fetchone()
        out.append({"file": path.name, "device": reader["id"], "unit_code": reader["unit_code"],
                    "unit_name": row[0] if row else "", "records": m.records, "kinds": dict(m.kinds),
                    "notices": len(ack.get("notices") or []), "created_at": m.created_at})
    return sorted(out, key=lambda d: (d["unit_code"], d["file"]))


def copy_acks(store: Store, dest: str | Path) -> list[Path]:
    """Puts the acknowledgements on the stick (``dest``: a folder), each written
    atomically, replacing an older one for the same installation there (the school
    imports the whole folder; what is not for it is skipped). Returns the files written."""
    folder, out = Path(dest), []
    for ack in acks_to_carry(store):
        target = folder / ack.name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            newer = [p for p in _acks_of(folder, _device_part(ack.name)) if _stamp(p.name) > _stamp(ack.name)]
            if newer:  # another officer left a newer one there: it says more than ours
                continue
            write_atomic(target, [ack.read_bytes()])
            for older in _acks_of(folder, _device_part(ack.name)):
                if older.name != ack.name:
                    older.unlink(missing_ok=True)
        except OSError as e:
            raise BundleError("bundle.write_failed", path=str(target), detail=e.strerror or str(e)) from e
        out.append(target)
    return out


def _device_part(name: str) -> str:
    """ACK_<unit code>_<installation 8>_<YYYYMMDD-HHMM>.smb → the installation part."""
    parts = Path(name).stem.split("_")
    return parts[-2] if len(parts) >= 4 else ""


def _stamp(name: str) -> str:
    """ACK_…_<YYYYMMDD-HHMM>.smb → its time, comparable as text."""
    return Path(name).stem.split("_")[-1]


def _acks_of(folder: Path, device: str) -> list[Path]:
    if not device or not folder.is_dir():
        return []
    return [p for p in folder.glob(f"ACK_*{EXTENSION}") if _device_part(p.name) == device[:8]]
