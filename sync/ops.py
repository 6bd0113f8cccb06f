"""The sync-side actions and reads of the desktop app's USB, enrolment-file and connect
dialogs, as functions of the store for its operations runner (``ui.operations``; DESIGN
§3): export to a stick, look at a stick, import from it, write an enrolment file, enrol
this computer (online or with a file), and what those dialogs show first. Each long one
takes the runner's ``job`` (``job.check(done, total)`` reports progress,
``job.cancelled`` asks for a stop); the command line calls ``sync.usb``, ``sync.enrolment``
and ``sync.client`` directly.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import sync_state
from app.ops import ALL, action
from app.queries import area
from app.store import Store
from sync import client as sync_client
from sync import enrolment
from sync.bundle import BundleError
from sync.relay import describe_acks, pending_relays
from sync.usb import BundleResult, Exported, ImportReport, export_bundle, find_bundles, import_bundles, scan_bundles

FOLDER_SETTING = "usb_folder"  # the folder used last time (a local preference, never synced)
SYNC = "sync"  # what the status bar shows: the last run, what waits to go to the province


def _reporter(job: Any) -> Callable[[int, int], None]:
    """Progress for the runner's job. Its ``check`` raises once cancelled; sync.usb asks
    ``cancelled`` itself, so that the run is recorded as cancelled, not left open."""
    def report(done: int, total: int) -> None:
        if job is not None:
            with contextlib.suppress(Exception):  # the job's Cancelled: see above
                job.check(done, total)
    return report


def _cancelled(job: Any) -> Callable[[], bool]:
    return lambda: job is not None and job.cancelled


# ------------------------------------------------------------------ USB
def usb_export_state(store: Store, officer: bool) -> dict[str, Any]:
    """What "Export to USB" shows first: {enrolled, pending (records the province lacks),
    folder (used last time), acks (an officer's acknowledgements for the schools,
    ``describe_acks``), waiting_up (an officer's school bundles not yet relayed)}."""
    return {"enrolled": sync_state.enrolment(store) is not None, "pending": store.pending_changes(sync_state.SERVER),
            "folder": store.setting(FOLDER_SETTING), "acks": describe_acks(store) if officer else [],
            "waiting_up": pending_relays(store) if officer else []}


def usb_import_state(store: Store) -> dict[str, Any]:
    """What "Import from USB" shows first: {enrolled, folder (used last time)}."""
    return {"enrolled": sync_state.enrolment(store) is not None, "folder": store.setting(FOLDER_SETTING)}


@action(SYNC, failed=(SYNC,))
def export_to(store: Store, folder: str, *, everything: bool = False, job: Any = None) -> Exported:
    """A bundle of what the province lacks (``everything``: all) written to ``folder``
    (``sync.usb.export_bundle``), the folder remembered for next time. A cancel ends in
    BundleError "bundle.export_cancelled"; the run is recorded either way."""
    done = export_bundle(store, folder, everything=everything, progress=_reporter(job), cancelled=_cancelled(job))
    store.set_setting(FOLDER_SETTING, folder)
    return done


def look_at(store: Store, paths: list[str], *, job: Any = None) -> list[BundleResult]:
    """The bundles at ``paths`` as an import would find them (``sync.usb.scan_bundles``);
    nothing if cancelled before it began (another place was chosen)."""
    if job is not None and job.cancelled:
        return []
    return scan_bundles(store, paths)


@dataclass
class Imported:
    """An import from a stick: the report, and for an officer how many school bundles now
    wait to go up to the province."""

    report: ImportReport
    waiting: int | None

    @property
    def changes(self) -> frozenset[str]:
        """Records came in (every view), or only the run and the ledger (the status bar)."""
        return frozenset({ALL}) if self.report.count("imported") else frozenset({SYNC})


@action(ALL, failed=(ALL,))
def import_from(store: Store, paths: list[str], *, actor: str, officer: bool,
                arrived: list[BundleResult] | None = None, job: Any = None) -> Imported:
    """Imports the bundles at ``paths`` (``sync.usb.import_bundles``), each whole or not at
    all, stopping between bundles once cancelled; each one done is appended to ``arrived``
    (read by the GUI thread as progress comes) and reported as progress. The folder is
    remembered. Raises BundleError "bundle.none_found" when there is no bundle there."""
    def each(result: BundleResult, done: int, total: int) -> None:
        if arrived is not None:
            arrived.append(result)
        _reporter(job)(done, total)

    if not find_bundles(paths):
        raise BundleError("bundle.none_found", paths=", ".join(os.fspath(Path(p)) for p in paths))
    report = import_bundles(store, paths, actor=actor, each=each, cancelled=_cancelled(job))
    first = Path(paths[0])
    store.set_setting(FOLDER_SETTING, str(first if first.suffix.lower() != ".smb" else first.parent))
    return Imported(report, len(pending_relays(store)) if officer else None)


# ------------------------------------------------------------------ enrolment files
def enrolment_file_state(store: Store) -> dict[str, Any]:
    """What an officer's "Enrolment file for a new computer" shows: {enrolled, delegation
    (the province's, its body), schools (those it names that this computer holds: code,
    name), issued (the files written), folder (used last time)}."""
    e = sync_state.enrolment(store)
    signed = enrolment.delegation(store)
    body = signed.get("body") if isinstance(signed, dict) else None
    schools: list[dict[str, str]] = []
    if isinstance(body, dict):
        named = set(body.get("units") or [])
        schools = [{"code": u["code"], "name": u["name"]} for u in area.schools(store) if u["id"] in named]
    return {"enrolled": e is not None and bool(e.server_key), "delegation": body, "schools": schools,
            "issued": enrolment.issued_files(store), "folder": store.setting(FOLDER_SETTING)}


def write_enrolment_file(store: Store, school_code: str, folder: str, days: int
                         ) -> tuple[Path, dict[str, Any], list[dict[str, Any]]]:
    """An enrolment file for ``school_code`` written to ``folder`` (``sync.enrolment``),
    the folder remembered: (its path, its row of the files issued, all of them). Not an
    action on records: it writes the issued files' ledger, which only its dialog shows."""
    path = enrolment.issue_file(store, school_code, folder, days=days)
    store.set_setting(FOLDER_SETTING, folder)
    issued = enrolment.issued_files(store)
    return path, next((d for d in issued if d["file"] == path.name), {}), issued


# ------------------------------------------------------------------ enrolment
def enrol_online(store: Store, url: str, code: str, ca_pem: str = "") -> tuple[sync_state.Enrolment, dict[str, Any]]:
    """Redeems the one-time ``code`` at the server at ``url`` (``sync.client.enrol``; the
    enrolment is kept in the store): (the enrolment, this unit's {code, name, id}).
    ``ca_pem``: the province's CA certificate, where it runs its own (``sync.tls``)."""
    http = sync_client.Client(url, retries=1, ca_pem=ca_pem)
    try:
        e = sync_client.enrol(store, url, code, client=http, ca_pem=ca_pem)
    finally:
        http.close()
    unit = store.unit()
    return e, {"code": unit.code if unit else e.unit_code, "name": unit.name if unit else "", "id": store.unit_id}


@action(SYNC)
def enrol_with_file(store: Store, path: str) -> tuple[sync_state.Enrolment, dict[str, Any]]:
    """Enrols with an officer's enrolment file, no network needed (``sync.enrolment``):
    (the enrolment, this unit's {code, name, officers (their unit codes), id}). The status
    bar is told: the changes not yet sent now go to the province."""
    e = enrolment.enrol_from_file(store, path)
    unit = store.unit()
    officers = [r.get("unit_code", "") for r in sync_state.recipients(store) if r.get("kind") == "officer"]
    return e, {"code": unit.code if unit else e.unit_code, "name": unit.name if unit else "",
               "officers": [c for c in officers if c], "id": store.unit_id}
