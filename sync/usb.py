"""USB bundles to and from a store: ``songmay export`` at a school, ``songmay import`` at the
officer's (the file format is ``sync.bundle``; docs/bundle-format.md tells it whole).

Export cuts a transfer (``app.changes.changes_since``, as an HTTP push) against what the
province was last known to hold (the server summary of the last HTTP sync or
acknowledgement; nothing known: everything) and writes it atomically, encrypted to the
readers the server named at enrolment (the province and the covering officers).

Import opens each bundle for this installation (its key, the installations and scope the
server told it), refuses what it must with a message and nothing imported, and merges the
rest, each bundle whole or not at all, reporting per school what is new, changed, in
conflict, refused, and which children are also active at another school here. The
original file of each accepted bundle is kept in ``bundles/received/`` of the data folder,
untouched, for relay to the server; ``received_bundles`` lists them.

Claims. A bundle's claims ("I now know everything of instance i up to c") hold for a
receiver that already knew what the bundle was cut against (``since``), which is the
province, not necessarily this officer. So a claim for instance i is kept only where this
store's knowledge of i in the claim's scope reaches ``since[i]``; the records are merged
either way, and what this store could not claim is simply offered to it again later.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import __version__, authz, changes, duplicates, sync_state
from app.changes import ApplyResult, Rejected
from app.errors import SongMayError
from app.ops.reports import publish_submitted
from app.records import KINDS, Unit
from app.store import Store, now_iso
from sync import enrolment, keys
from sync.bundle import (
    EXTENSION,
    MAX_BUNDLE_BYTES,
    Bundle,
    BundleError,
    Manifest,
    bundle_id,
    check_bundle,
    check_carried,
    clear_stale_parts,
    fsync_folder,
    open_bundle,
    read_bundle,
    read_manifest,
    seal,
    write_atomic,
)
from sync.protocol import iter_batches
from sync.relay import acks_to_carry, copy_acks
from sync.session import take_notices

BATCH_BYTES = 1 << 20
GROUP_SECONDS = 1.0
RECEIVED = Path("bundles") / "received"


# ------------------------------------------------------------------ export
@dataclass
class Exported:
    path: Path | None  # None: nothing new for the province, so no bundle was written
    records: int
    size: int
    manifest: Manifest | None
    seconds: float
    acks: list[Path] = field(default_factory=list)  # the province's acknowledgements put beside it
    acks_error: SongMayError | None = None  # why they could not be (the bundle itself is written)
    folder: Path | None = None  # where it was written (or would have been)

    def as_dict(self) -> dict[str, Any]:
        m = self.manifest
        first, last = m.counters() if m else (0, 0)
        return {"path": str(self.path) if self.path else None, "records": self.records, "bytes": self.size,
                "unit_code": m.unit_code if m else "", "instance": m.sender if m else "", "from": first,
                "to": last, "readers": m.reader_ids() if m else [], "acks": [str(p) for p in self.acks],
                "seconds": round(self.seconds, 2), "written": self.path is not None}


def bundle_name(unit_code: str, instance: str, first: int, last: int, when: dt.datetime) -> str:
    """SCHOOLCODE_instance8_first-last_YYYYMMDD-HHMM.smb: many schools' bundles, and many
    bundles of one school, side by side on one stick (FAT-safe characters only)."""
    code = re.sub(r"[^A-Za-z0-9-]+", "-", unit_code).strip("-") or "UNIT"
    return f"{code}_{instance[:8]}_{first}-{last}_{when:%Y%m%d-%H%M}{EXTENSION}"


def export_bundle(store: Store, out: str | Path, *, everything: bool = False,
                  when: dt.datetime | None = None, progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> Exported:
    """Writes a bundle of what the province lacks (``everything``: of all this installation
    holds) to ``out``: a file ``*.smb``, or a folder (made if missing) in which
    it is named by ``bundle_name``; an officer's acknowledgements for the schools
    (``sync.relay.copy_acks``) go beside it. ``progress(records read, about how many)``
    as the records are read; ``cancelled()`` is asked until the file is written (then
    BundleError "bundle.export_cancelled", nothing written). Raises BundleError (not
    enrolled, cannot write)."""
    started = time.perf_counter()
    e = sync_state.enrolment(store)
    readers = sync_state.recipients(store)
    if e is None or not readers:
        raise BundleError("bundle.not_enrolled")
    publish_submitted(store)  # the reports submitted here go up as records, on the stick too
    unit = store.unit()
    since = {} if everything else changes.remote_summary(store, sync_state.SERVER)
    run = sync_state.start_run(store, "usb")
    try:
        # the same selection and claims as an HTTP push (sync.client): the province takes
        # the bundle as it takes a push, and its summary then covers it
        total = store.pending_changes(sync_state.SERVER) if not everything and progress else 0
        picked: list[dict[str, Any]] = []
        writer = None if everything else store.instance_id  # the others' writes go up from them
        for batch in changes.changes_since(store, since, limit_bytes=BATCH_BYTES, writer=writer):
            if cancelled is not None and cancelled():
                raise BundleError("bundle.export_cancelled")
            picked += batch
            if progress is not None:
                progress(len(picked), max(total, len(picked)))
        end = picked[-1]
        if len(picked) == 1 and not everything and not enrolment.bundle_extra(store):
            # nothing the province lacks: no empty bundle on the stick (an officer's
            # acknowledgements for the schools still go on it)
            folder = Path(out).parent if Path(out).suffix.lower() == EXTENSION and not Path(out).is_dir() else Path(out)
            result = Exported(None, 0, 0, None, time.perf_counter() - started, folder=folder)
            result.acks, result.acks_error = _put_acks(store, folder)
            sync_state.finish_run(store, run, "ok", sent=0, detail=result.as_dict())
            return result
        kinds = Counter(ch["k"] for ch in picked[:-1])
        m_sender = {"instance": store.instance_id, "unit_id": e.unit_id,
                    "unit_code": unit.code if unit else e.unit_code, "unit_name": unit.name if unit else ""}
        chunks, manifest = seal(
            iter_batches(picked, BATCH_BYTES), sender_key=keys.signing_key(store), sender=m_sender, readers=readers,
            summary=dict(end.get("p") or {}), since=since, scope=end["s"], records=len(picked) - 1,
            kinds=dict(kinds), created_at=now_iso(), app_version=__version__, **_extra(store))
        path = _target(Path(out), manifest, when or dt.datetime.now())
        if cancelled is not None and cancelled():
            raise BundleError("bundle.export_cancelled")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            clear_stale_parts(path.parent)  # what a killed export left on this stick
            write_atomic(path, chunks)
        except OSError as err:
            raise BundleError("bundle.write_failed", path=str(path), detail=err.strerror or str(err)) from err
    except SongMayError as err:
        sync_state.finish_run(store, run, err.key, detail={"message": err.message()})
        raise
    acks, acks_error = _put_acks(store, path.parent)
    result = Exported(path, manifest.records, sum(map(len, chunks)), manifest, time.perf_counter() - started,
                      acks=acks, acks_error=acks_error, folder=path.parent)
    sync_state.finish_run(store, run, "ok", sent=result.records, detail=result.as_dict())
    return result


def _put_acks(store: Store, folder: Path) -> tuple[list[Path], SongMayError | None]:
    """An officer's acknowledgements for the schools onto the stick (``sync.relay.copy_acks``);
    what could not go on it is said, not raised (the bundle, if any, is written)."""
    if not acks_to_carry(store):
        return [], None
    try:
        return copy_acks(store, folder), None
    except BundleError as err:
        return [], err


def _extra(store: Store) -> dict[str, Any]:
    """An installation enrolled offline carries its enrolment until the province knows it
    (its key in the plain header, the file sealed for the readers)."""
    carried = enrolment.bundle_extra(store)
    return {"extra": carried[0], "private": carried[1]} if carried else {}


def _target(out: Path, m: Manifest, when: dt.datetime) -> Path:
    if out.suffix.lower() == EXTENSION and not out.is_dir():
        return out
    return out / bundle_name(m.unit_code, m.sender, *m.counters(), when)


# ------------------------------------------------------------------ import
@dataclass
class SchoolResult:
    unit_id: str
    unit_code: str
    unit_name: str
    new: int = 0
    changed: int = 0
    conflicts: int = 0
    unchanged: int = 0
    refused: int = 0
    duplicates: int = 0  # personal IDs of this school's active children active at another school here


@dataclass
class BundleResult:
    path: Path
    status: str  # "imported", "already" (imported before: nothing changed), "refused", "skipped"
    # ("skipped": found in a folder but addressed to other readers — another school's
    # bundle, or this installation's own export, on a shared stick), or "carried" (an
    # office's: a school bundle of its area sealed for the province only, kept unread and
    # relayed; ``error`` says why it could not be read and what fixes it)
    error: SongMayError | None = None
    manifest: Manifest | None = None
    schools: list[SchoolResult] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)  # records refused one by one
    kept: str = ""  # the original's copy, relative to the data folder
    id: str = ""
    found: bool = False  # listed by ``scan_bundles``, before any import

    def as_dict(self) -> dict[str, Any]:
        m = self.manifest
        return {"file": str(self.path), "status": self.status, "id": self.id,
                "error": self.error.key if self.error else None,
                "message": self.error.message() if self.error else None,
                "sender": m.sender if m else None, "unit_code": m.unit_code if m else None,
                "records": m.records if m else None, "created_at": m.created_at if m else None,
                "schools": [s.__dict__ for s in self.schools],
                "refused_records": [{"kind": r.kind, "id": r.id, "reason": r.reason} for r in self.rejected],
                "kept": self.kept or None}


@dataclass
class ImportReport:
    bundles: list[BundleResult] = field(default_factory=list)
    seconds: float = 0.0
    duplicates: list[dict[str, Any]] = field(default_factory=list)  # children active at two schools, at the end
    cancelled: bool = False  # stopped between bundles: those not listed were not read

    def count(self, status: str) -> int:
        return sum(1 for b in self.bundles if b.status == status)

    @property
    def exit_code(self) -> int:
        """0: every bundle imported (or imported before) whole; 3: some bundles or records
        refused; 2: nothing importable."""
        refused = self.count("refused") + sum(1 for b in self.bundles if b.rejected)
        if not self.bundles or self.count("refused") + self.count("skipped") == len(self.bundles):
            return 2
        return 3 if refused else 0

    def as_dict(self) -> dict[str, Any]:
        return {"bundles": [b.as_dict() for b in self.bundles], "imported": self.count("imported"),
                "already": self.count("already"), "refused": self.count("refused"),
                "skipped": self.count("skipped"), "carried": self.count("carried"), "cancelled": self.cancelled,
                "duplicates": self.duplicates,
                "seconds": round(self.seconds, 2)}


def find_bundles(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, and the ``*.smb`` files in the folders named (and below; links to
    folders are not followed), in order. Nothing is opened: what a named path is (a
    pipe, a device, a link loop…) is for the reader to refuse (``sync.bundle.read_bundle``);
    a folder that cannot be listed is itself in the list, to be refused in words."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            clear_stale_parts(p)  # what a killed export left on the stick
            try:
                out += sorted(f for f in p.rglob(f"*{EXTENSION}") if f.is_file() and not f.name.startswith("."))
            except (OSError, RuntimeError):
                out.append(p)
        else:
            out.append(p)
    seen: set[Path] = set()
    return [p for p in out if not (_resolved(p) in seen or seen.add(_resolved(p)))]


def _resolved(p: Path) -> Path:
    """``p`` with its links followed, as far as they lead (a link loop: ``p`` made absolute)."""
    try:
        return p.resolve()
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a link loop, before Python 3.13
        return p.absolute()


def import_bundles(store: Store, paths: Iterable[str | Path], *, actor: str = "usb-import",
                   each: Callable[[BundleResult, int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Imports the bundles at ``paths`` (files or folders), each whole or not at all.
    ``each(result, done, total)`` is called for each once it is committed; ``cancelled()``
    is asked between bundles (what was imported stays; the rest waits for the next
    import). A bundle found in a folder but addressed to other readers (a shared stick:
    other schools' bundles, this installation's own) is "skipped", not refused. Raises
    BundleError only when this installation cannot import at all (not enrolled).

    Bundles are committed a group at a time (about ``GROUP_SECONDS`` of work): a commit
    with ``synchronous=FULL`` costs an fsync, which a slow stick-and-laptop disk makes the
    bulk of a small bundle's import. Each bundle is a savepoint inside the group, so a
    crash loses the group's bundles whole (imported again next time), never part of one."""
    started = time.perf_counter()
    opener, carries = _opener(store)  # an office carries its schools' bundles it cannot read
    paths = list(paths)
    files = find_bundles(paths)
    named = {_resolved(Path(p)) for p in paths if not Path(p).is_dir()}
    skip = {f for f in files if _resolved(f) not in named}  # found in a folder: skipped if not for us
    report = ImportReport()
    run = sync_state.start_run(store, "usb")
    # the next bundle is read, checked and decoded on a thread while this one merges (the
    # hashing, signature, decryption and decompression let go of the GIL)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="songmay-bundle") as pool:
        ahead: deque[Future] = deque()
        n = 0
        while n < len(files):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            group: list[BundleResult] = []
            with store.transaction():
                until = time.perf_counter() + GROUP_SECONDS
                while n < len(files) and (not group or time.perf_counter() < until):
                    while len(ahead) < 2 and n + len(ahead) < len(files):
                        f = files[n + len(ahead)]
                        ahead.append(pool.submit(_open, f, opener, f in skip, carries))
                    group.append(_merge(store, files[n], ahead.popleft().result(), opener["scope"], actor))
                    n += 1
                    if cancelled is not None and cancelled():
                        break
                if any(r.kept for r in group):  # the copies' names are durable before the group commits
                    fsync_folder(store.data_dir / RECEIVED)
            _count_duplicates(store, group, opener["scope"])
            for result in group:
                report.bundles.append(result)
                if each is not None:
                    each(result, len(report.bundles), len(files))
    report.duplicates = _count_duplicates(store, report.bundles, opener["scope"])  # every school in: final
    report.seconds = time.perf_counter() - started
    refusals = [b.error.key for b in report.bundles if b.status == "refused" and b.error]
    received = sum(s.new + s.changed + s.conflicts for b in report.bundles for s in b.schools)
    sync_state.finish_run(store, run, refusals[0] if refusals and report.exit_code == 2 else "ok",
                          received=received, detail={k: v for k, v in report.as_dict().items() if k != "bundles"})
    return report


@dataclass
class Carried:
    """A bundle an office keeps unread for the province (``sync.bundle.check_carried``)."""

    manifest: Manifest
    sender: dict[str, Any] | None  # the installation whose signature was checked; None: unknown here


def _is_office(store: Store) -> bool:
    unit = store.unit()
    return unit is not None and unit.kind in authz.OFFICE_KINDS


def scan_bundles(store: Store, paths: Iterable[str | Path]) -> list[BundleResult]:
    """What an import of ``paths`` would find, before anything is imported: each bundle with
    its manifest (school, exported when, records) and what would become of it — "ready"
    (readable here, checked: whole, signed by an installation of the area, not revoked),
    "carry" (an office's: sealed for the province only, to be carried; ``error`` says why),
    "already" (imported before), "skipped" (another computer's, on a shared stick) or
    "refused" (``error`` says why). Reads and checks signatures; decrypts nothing, writes
    nothing. Raises BundleError when this installation is not enrolled."""
    opener, carries = _opener(store)
    paths = list(paths)
    files = find_bundles(paths)
    named = {_resolved(Path(p)) for p in paths if not Path(p).is_dir()}
    out: list[BundleResult] = []
    for f in files:
        skip = _resolved(f) not in named
        try:
            data = read_bundle(f, name=f.name)
            m = read_manifest(data, f.name)
        except BundleError as err:
            out.append(BundleResult(f, "refused", err))
            continue
        bid = bundle_id(data)
        if (before := sync_state.received(store, bid)) is not None:
            at = _local_time(before["at"])
            out.append(BundleResult(f, "already", BundleError("bundle.already", name=f.name, at=at), manifest=m,
                                    id=bid))
            continue
        try:
            if opener["reader_id"] in m.reader_ids():
                check_bundle(data, devices=opener["devices"], scope=opener["scope"], name=f.name)
                out.append(BundleResult(f, "ready", manifest=m, id=bid))
                continue
            if not carries:
                raise BundleError("bundle.not_for_us", name=f.name, unit=m.unit_code or m.sender[:8])
            c = Carried(*check_carried(data, reader_id=opener["reader_id"], devices=opener["devices"],
                                       scope=opener["scope"], name=f.name))
            unit = f"{m.unit_name} ({m.unit_code})" if m.unit_name else (m.unit_code or m.sender[:8])
            out.append(BundleResult(f, "carry", BundleError(
                "bundle.carried" if c.sender is not None else "bundle.carried_unchecked", name=f.name, unit=unit,
                records=m.records, created=_local_time(m.created_at)), manifest=m, id=bid))
        except BundleError as err:
            if skip and err.key in ("bundle.not_for_us", "bundle.not_addressed", "bundle.other_unit",
                                    "bundle.unknown_sender"):
                refusal = BundleError("bundle.not_for_us", name=f.name, unit=m.unit_code or m.sender[:8])
                out.append(BundleResult(f, "skipped", refusal, manifest=m, id=bid))
            else:
                out.append(BundleResult(f, "refused", err, manifest=m, id=bid))
    for b in out:
        b.found = True
    return out


def _opener(store: Store) -> tuple[dict[str, Any], bool]:
    """How this installation opens bundles (its key, the installations and scope the
    province told it), and whether it carries what it cannot read (an office)."""
    e = sync_state.enrolment(store)
    if e is None:
        raise BundleError("bundle.not_enrolled")
    province = [{"id": "server", "unit_id": e.unit_id, "unit_code": e.unit_code, "public_key": e.server_key,
                 "revoked": False}] if e.server_key else []  # the province signs acknowledgements
    known = [d for d in sync_state.known_devices(store) if d.get("id") != "server"]  # the province is ours alone
    used = {d["grant"]: d["id"] for d in known if d.get("grant")}
    revoked = frozenset(d["id"] for d in known if d.get("revoked"))
    opener = dict(reader_id=store.instance_id, reader_key=keys.signing_key(store), devices=[*province, *known],
                  scope=e.scope or [e.unit_id],
                  vouch=enrolment.voucher(e.server_key, used=used, revoked=revoked) if e.server_key else None)
    return opener, _is_office(store)


def _open(path: Path, opener: dict[str, Any], skip: bool = False,
          carries: bool = False) -> tuple[bytes, str, Bundle | Carried | BundleError]:
    """Reads and opens one bundle (no store: runs on the reading thread). ``skip``: a
    bundle not addressed to this reader comes back as a "bundle.not_for_us" error.
    ``carries`` (an office): a school bundle of its area that only the province can read
    comes back as ``Carried``. A file that cannot be a bundle (not a regular file, too
    large, cut short — ``read_bundle``) comes back as its error, unread."""
    try:
        data = read_bundle(path, name=path.name)
    except BundleError as err:
        return b"", "", err
    if skip or carries:
        with contextlib.suppress(BundleError):  # damaged headers are refused below, as named files are
            m = read_manifest(data, path.name)
            if opener["reader_id"] not in m.reader_ids():
                if carries:
                    try:
                        return data, bundle_id(data), Carried(*check_carried(
                            data, reader_id=opener["reader_id"], devices=opener["devices"], scope=opener["scope"],
                            name=path.name))
                    except BundleError as err:
                        if not skip:
                            return data, bundle_id(data), err
                return data, "", BundleError("bundle.not_for_us", name=path.name, unit=m.unit_code or m.sender[:8])
    try:
        return data, bundle_id(data), open_bundle(data, name=path.name, **opener)
    except BundleError as err:
        return data, bundle_id(data), err


def _merge(store: Store, path: Path, opened: tuple[bytes, str, Bundle | BundleError], scope: list[str],
           actor: str) -> BundleResult:
    """One opened bundle into the store, in a savepoint of the caller's transaction."""
    data, bid, b = opened
    before = sync_state.received(store, bid) if bid else None
    if before is not None:  # the same file again: whatever it would say now, it is in
        at = _local_time(before["at"])
        return BundleResult(path, "already", BundleError("bundle.already", name=path.name, at=at), id=bid)
    if isinstance(b, BundleError):
        return BundleResult(path, "skipped" if b.key == "bundle.not_for_us" else "refused", b, id=bid)
    try:
        kept = _keep(store, path.name, data, bid)
    except BundleError as err:
        return BundleResult(path, "refused", err, manifest=b.manifest, id=bid)
    if isinstance(b, Carried):
        return _carry(store, path, b, bid, kept)
    with store.transaction():
        results = _apply(store, b, scope, actor)
        if b.manifest.sender == "server" and isinstance(b.manifest.extra.get("ack"), dict):
            _acknowledged(store, b.manifest.extra["ack"])
        if "grant" in b.sender:  # a computer enrolled offline by an officer: known from now on
            sync_state.save_keys(store, None, [{**{k: v for k, v in b.sender.items() if k != "grant"},
                                                "grant": b.sender["grant"].id}])
        sync_state.record_received(store, bid, {
            "file": path.name, "kept": kept, "sender": b.manifest.sender,
            "unit_id": b.manifest.unit_id, "unit_code": b.manifest.unit_code, "records": b.manifest.records,
            "created_at": b.manifest.created_at, "bundle": b.manifest.bundle})
    rejected = [r for res in results.values() for r in res.rejected]
    return BundleResult(path, "imported", manifest=b.manifest, schools=_schools(store, results), rejected=rejected,
                        kept=kept, id=bid)


def _carry(store: Store, path: Path, c: Carried, bid: str, kept: str) -> BundleResult:
    """Records a carried bundle (its copy is kept): relayed at the next sync like any
    imported bundle, nothing of it merged here."""
    m = c.manifest
    sync_state.record_received(store, bid, {
        "file": path.name, "kept": kept, "sender": m.sender, "unit_id": m.unit_id,
        "unit_code": m.unit_code, "records": m.records, "created_at": m.created_at, "bundle": m.bundle,
        "carried": True, "checked": c.sender is not None})
    unit = f"{m.unit_name} ({m.unit_code})" if m.unit_name else (m.unit_code or m.sender[:8])
    why = BundleError("bundle.carried" if c.sender is not None else "bundle.carried_unchecked", name=path.name,
                      unit=unit, records=m.records, created=_local_time(m.created_at))
    return BundleResult(path, "carried", why, manifest=m, kept=kept, id=bid)


def _local_time(iso: str) -> str:
    with contextlib.suppress(ValueError):
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%d/%m/%Y %H:%M")
    return iso


def _acknowledged(store: Store, ack: dict[str, Any]) -> None:
    """The province's acknowledgement, carried back on a stick: what reached it (this
    installation's "not yet at the province" count falls), its notices on this unit's
    records, and who now reads this unit's bundles — as an HTTP sync would have said."""
    summary = ack.get("summary")
    if isinstance(summary, dict):
        changes.mark_acknowledged(store, sync_state.SERVER,
                                  {str(k): v for k, v in summary.items() if type(v) is int})
    if isinstance(ack.get("notices"), list):
        take_notices(store, [n for n in ack["notices"] if isinstance(n, dict)])
    recipients, devices_ = ack.get("recipients"), ack.get("devices")
    sync_state.save_keys(store, recipients if isinstance(recipients, list) else None,
                         devices_ if isinstance(devices_, list) else None)
    enrolment.confirmed(store)  # enrolled offline: the province knows this installation now


def _count_duplicates(store: Store, results: list[BundleResult], scope: list[str]) -> list[dict[str, Any]]:
    """Sets each school's count of children also active at another school of this store;
    returns the pairs (``app.duplicates.cross_school``)."""
    inside = set(scope)
    schools = [s for r in results for s in r.schools if s.unit_id in inside]
    pairs = duplicates.cross_school(store, {s.unit_id for s in schools})
    per_unit: dict[str, set[str]] = {}
    for p in pairs:
        per_unit.setdefault(p["unit_id"], set()).add(p["personal_id"])
    for s in schools:
        s.duplicates = len(per_unit.get(s.unit_id, ()))
    return pairs


def _keep(store: Store, name: str, data: bytes, bid: str) -> str:
    """An untouched copy of the original in bundles/received/ (written before the merge
    commits: an imported bundle always has its copy)."""
    folder = store.data_dir / RECEIVED
    dest = folder / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if (dest.exists() or dest.is_symlink()) and _file_id(dest) != bid:
            dest = folder / f"{Path(name).stem}-{bid[:8]}{EXTENSION}"
        write_atomic(dest, [data], sync_folder=False)  # the folder once per group (import_bundles)
    except OSError as err:
        raise BundleError("bundle.write_failed", path=str(dest), detail=err.strerror or str(err)) from err
    return dest.relative_to(store.data_dir).as_posix()


def _file_id(path: Path) -> str:
    """The bundle id of a file (bounded as a bundle is), "" if it cannot be read as one."""
    try:
        return bundle_id(read_bundle(path, limit=MAX_BUNDLE_BYTES))
    except BundleError:
        return ""


def _apply(store: Store, b: Bundle, scope: list[str], actor: str) -> dict[str, ApplyResult]:
    """Merges the bundle's changes grouped by school (one ApplyResult each), in the caller's
    transaction; claims trimmed to what this store may claim; records outside ``scope``
    refused one by one."""
    inside = set(scope)

    def in_scope(ch: dict[str, Any], _stored: dict[str, Any] | None) -> str | None:
        unit = ch["f"].get("unit_id") if isinstance(ch.get("f"), dict) else None
        to = changes.ADDRESSED.get(str(ch.get("k")), ())
        if isinstance(ch.get("f"), dict) and any(ch["f"].get(f) in inside for f in to):
            return None  # decided upstairs for a unit of ours (an allocation): ours to read
        if ch.get("k") in KINDS and unit not in inside:
            return SongMayError("bundle.record_out_of_scope", kind=ch.get("k"), unit=unit).message()
        return None

    province = b.sender.get("id") == "server"  # an acknowledgement: the authority's own word
    # and what the signing installation may write, by the province's rules (``app.authz``):
    # a school's stick changes that school's records only, whoever's stick it came in
    sender_unit = store.get_or_none(Unit, str(b.sender.get("unit_id") or ""))
    kind = sender_unit.kind if sender_unit is not None else ""
    judge = authz.Authority(
        authz.Sender(instance=str(b.sender.get("id") or ""), unit_id=str(b.sender.get("unit_id") or ""),
                     unit_kind=kind, province_code=sender_unit.province_code if sender_unit else "",
                     area=frozenset({str(b.sender.get("unit_id") or "")} if kind not in authz.OFFICE_KINDS
                                    else inside)),
        b.changes, authz.record_unit_lookup(store.conn.execute), lambda: changes.summary(store),
        new_own_unit=frozenset({"school"}))

    def screen(ch: dict[str, Any], stored: dict[str, Any] | None) -> Any:
        return in_scope(ch, stored) or (None if province else judge.judge(ch, stored))

    trimmed = trim_claims(b.changes, b.manifest.since, lambda key: _known(store, key))
    if not province:  # a school's stick speaks for its own writes only (as at the province)
        trimmed = [authz.own_claims(ch, str(b.sender.get("id") or "")) for ch in trimmed]
    groups: dict[str, list[dict[str, Any]]] = {}
    for ch in trimmed[:-1]:
        unit = ch["f"].get("unit_id") if isinstance(ch.get("f"), dict) else ""
        groups.setdefault(str(unit or ""), []).append(ch)
    last = list(groups)[-1] if groups else None
    if last is None:
        changes.apply_changes(store, trimmed[-1:], actor=actor)
    # the END marker (the sender's summary) goes last, with the last school's changes
    return {unit: changes.apply_changes(store, chs + trimmed[-1:] if unit == last else chs, actor=actor,
                                        screen=screen) for unit, chs in groups.items()}


def trim_claims(stream: list[dict[str, Any]], since: dict[str, int],
                known: Callable[[str], dict[str, int]]) -> list[dict[str, Any]]:
    """``stream`` with each claim {instance: counter} kept only for the instances whose
    writes the receiver knew up to ``since`` (``known(scope key)``: the receiver's summary
    in that scope), the condition under which a transfer cut against ``since`` may claim."""
    cache: dict[str, dict[str, int]] = {}
    keys_ = {ch.get("s", f"{changes.ALL}|{changes.ALL}") for ch in stream if isinstance(ch.get("p"), dict)}
    if all(isinstance(k, str) and k.count("|") == 1 and changes.covers(cache.setdefault(k, known(k)), since)
           for k in keys_):
        return stream  # the receiver knew all the bundle was cut against: every claim holds
    out = []
    for ch in stream:
        p, key = ch.get("p"), ch.get("s", f"{changes.ALL}|{changes.ALL}")
        if isinstance(p, dict) and isinstance(key, str) and key.count("|") == 1:
            if key not in cache:
                cache[key] = known(key)
            mine = cache[key]
            kept = {i: c for i, c in p.items() if mine.get(i, 0) >= since.get(i, 0)}
            if kept != p:
                ch = {**ch, "p": kept} if kept else {k: v for k, v in ch.items() if k not in ("p", "s")}
        out.append(ch)
    return out


def _known(store: Store, key: str) -> dict[str, int]:
    units, kinds = (None if part == changes.ALL else part.split(",") for part in key.split("|"))
    return changes.summary(store, units, kinds=kinds)


def _schools(store: Store, results: dict[str, ApplyResult]) -> list[SchoolResult]:
    ids = sorted(results)
    names = {}
    if ids:
        names = {r["id"]: (r["code"], r["name"]) for r in store.conn.execute(
            f"SELECT id, code, name FROM units WHERE id IN ({','.join('?' * len(ids))})", ids)}
    out = []
    for unit in ids:
        r = results[unit]
        code, name = names.get(unit, ("", ""))
        out.append(SchoolResult(unit, code, name, new=r.inserted, changed=r.updated, conflicts=r.conflicts,
                                unchanged=r.ignored, refused=len(r.rejected)))
    return sorted(out, key=lambda s: (s.unit_code, s.unit_id))


def received_bundles(store: Store) -> list[dict[str, Any]]:
    """The bundles imported here, oldest first: id (SHA-256 of the file), file, kept (its
    copy, relative to the data folder), at, sender, unit_id, unit_code, records, created_at
    (``sync_state.received_bundles``: the bundle ledger)."""
    return sync_state.received_bundles(store)
