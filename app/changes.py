"""The merge core of sync: what this store knows, what it sends, how it merges what comes.

Transport-independent (HTTP and USB bundles call it) and, with app.store, the only module
that writes record tables. DESIGN §5 in code; the rules below are the contract.

Versions. A record carries ``_vv`` {instance: counter}, the writes it has seen, and the
stamp ``(_inst, _ctr)`` of its last write. Counters are Lamport clocks: ``apply_changes``
raises the local counter to the highest counter it stores, so a write made after seeing
another has a greater counter. Hence a record's stamp is always the entry of its vector
with the greatest (counter, instance), and its data are the data of that write.

Merge (``apply_changes``), record by record:
  unknown → inserted as it came (origin stamp and vector; merging never makes a version);
  incoming vector dominates → fast-forward; dominated or equal → ignored;
  concurrent → the version whose stamp has the greater (counter, instance) wins; the row
  keeps the winner's data and stamp with the element-wise max of both vectors, and the
  loser goes to ``conflicts`` for a person (unless the winner had already seen it).
Why it converges: a row is a function of the set of writes it has seen — the data of the
greatest write in its vector, where "greatest" respects causality (Lamport). Merging is
therefore a join (commutative, associative, idempotent): stores that have seen the same
writes hold the same row, whatever the order of arrival. Merging stamps nothing new, so
two stores meeting the same conflict resolve it the same way and never ping-pong; a
person's "take" is an ordinary save whose new version dominates both.

Summary. ``summary()`` is a knowledge vector K: K[i] = c claims the store has seen every
write of instance i up to counter c in the scope — except a write superseded by a later
write of i to the same record that is still on its way. It is not the highest counter of
rows held: holding a row at (i, 9) says nothing of i's write 5 to another record that
travelled another way, and a summary built from rows would skip it for good.
K grows only by own writes (K[self] = counter) and by the claims a sender attaches to
what it sends. Selection: a sender sends every row with a vector entry above the
receiver's K. Order: rows are grouped by the smallest instance id among those entries
and sent group by group, ascending by that instance's counter. With S the sender's own
summary, a row of group g claims {g: min(vv[g], S[g])}, the last row of a group
{g: S[g]}, and the END marker closing the stream all of S. A receiver that applied a
prefix of the stream in order merges every claim in it: each g-write up to a claim is
applied, was known before, or is superseded by a later g-write on a row still to come.
So a dropped transfer resumes exactly (asking again selects just the rest), and any
number of hops works: every instance's own rows reach every store that syncs with it.
Rejected versions (invalid, unknown kind) are never applied nor claimed: K stays below
them (``sync_holds``) until a version dominating the rejected one is stored, so a relay
never hides a record from the next hop. The province is the last hop and the authority
(``app.authz``): its refusals are decisions (``final_refusals``, ``Verdict.final``),
quarantined and answered, and K moves past them, so nothing is sent again for ever — bar
a version it cannot check yet (``Verdict`` not final), which it holds as above.
Claims are only as good as their sender: the province keeps from a device's claims its
own instance only, and a device pushes to it the rows holding its own writes
(``changes_since(writer=…)``); the others' writes go up from their writers. Scopes (units, kinds) key the claims; K
for a
scope uses every stored scope that covers it. A kinds-limited transfer claims only for
those kinds. K and the holds live in ``meta`` as JSON (no schema change).

Transports must apply a stream's batches in order (re-applying one is harmless,
skipping one is not: its successors' claims assume it). Derived fields (``DERIVED``)
are not sent; the receiver recomputes them with ``checked()``, which also gates what
is stored: a version that fails validation is refused, one bad record never blocks the
others.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import heapq
import itertools
import json
import operator
import re
import threading
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from app import rules
from app.errors import NotFound, RuleError, SongMayError
from app.records import KINDS, without_clock_checks
from app.rows import SYNC_META, from_row, now_iso, to_row

if TYPE_CHECKING:  # the store calls this module (Store.open): only its type here
    from app.store import Store

END = "end"  # kind of the marker that closes a transfer; carries the sender's summary
# Fields worked out from the others by ``checked()``: not sent, recomputed on arrival.
DERIVED: dict[str, tuple[str, ...]] = {"student": ("search_key",)}
ALL = "*"
# Records that belong to one unit but are addressed to another, which sees them in its scope
# (read-only there: a receiver can't push them back, they are outside its unit).
ADDRESSED: dict[str, tuple[str, ...]] = {"allocation": ("to_unit_id",),
                                          "placement": ("keep_unit_id", "release_unit_id")}
_KNOWN, _HOLDS = "sync_known", "sync_holds"


class Rejected(NamedTuple):
    kind: str
    id: str
    reason: str
    code: str = "invalid"  # "invalid" (fails validation), "scope" (screened out by the receiver),
    # "forbidden" (the sender may not write it), "deferred" (not checkable yet: sent again later)


class Verdict(NamedTuple):
    """A receiver's refusal of one version, from ``apply_changes``'s ``screen``. ``final``:
    a decision about that version (quarantined and answered), counted as seen, so the
    summaries move past it and nothing is sent again for ever; else the receiver's summary
    stays below it (``sync_holds``) until a version covering it arrives."""

    reason: str
    code: str = "scope"
    final: bool = False
    hold: dict[str, int] | None = None  # the entries to hold (default: all the receiver lacks)


class MergeTarget(Protocol):
    """What the merge core needs of a store: the device's ``app.store.Store`` and the
    server's storage both implement it. ``conn`` speaks sqlite3's dialect (``?`` marks,
    rows by name); ``row_lock`` is appended to the reads of rows about to be merged (the
    server's PostgreSQL: `` FOR UPDATE``); the sync meta values are JSON text."""

    instance_id: str
    row_lock: str

    @property
    def conn(self) -> Any: ...

    @property
    def counter(self) -> int: ...

    def transaction(self) -> Any: ...

    def sync_meta(self, key: str, default: str | None = None) -> str | None: ...

    def set_sync_meta(self, key: str, value: str) -> None: ...

    def raise_counter(self, value: int) -> None: ...

    def merged(self, rows: dict[tuple[str, str], dict[str, Any]], before: dict[tuple[str, str], Any]) -> None:
        """The merge wrote ``rows`` ((table, id) → the row as stored), over ``before`` (the
        rows as they were, None for a new one), in its transaction: the server keeps its
        summaries here; a device has nothing to do."""

    # Optional: ``grow_claims(claims)`` — {scope key: {instance: counter}} merged into what
    # the store knows (max per entry), in place of reading and rewriting all of it; the
    # server, whose claims are rows of their own, has it.


Screen = Callable[[dict[str, Any], "dict[str, Any] | None"], "Verdict | str | None"]


@dataclass
class ApplyResult:
    inserted: int = 0
    updated: int = 0
    ignored: int = 0
    conflicts: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    applied: dict[str, int] = field(default_factory=dict)  # instance → highest stamp accepted
    complete: bool = False  # the END marker was applied: the transfer is whole

    @property
    def changed(self) -> int:
        return self.inserted + self.updated + self.conflicts


# ------------------------------------------------------------------ bulk steps
_GC = threading.Lock()
_gc_holders = 0
_gc_threshold: tuple[int, ...] = ()
_GC_PAUSED_GEN0 = 100_000  # allocations between two young collections during a bulk step (Python's: 700)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector's young collections made rare for one bulk step (a batch
    decoded, merged, read or encoded): such a step makes tens of thousands of small dicts and
    lists that live to its end, and the collector's passes over them cost a share of its time.
    The collector is slowed, never switched off: on a server whose sync threads overlap without
    end it still runs (every ``_GC_PAUSED_GEN0`` allocations), so cyclic garbage made meanwhile
    by any thread stays bounded. Nested and concurrent steps share the setting, put back as it
    was when the last one ends."""
    global _gc_holders, _gc_threshold
    with _GC:
        if _gc_holders == 0:
            _gc_threshold = gc.get_threshold()
            gc.set_threshold(max(_GC_PAUSED_GEN0, _gc_threshold[0]), *_gc_threshold[1:])
        _gc_holders += 1
    try:
        yield
    finally:
        with _GC:
            _gc_holders -= 1
            if _gc_holders == 0:
                gc.set_threshold(*_gc_threshold)


_encode_str = json.encoder.encode_basestring_ascii  # what json.dumps does to a key (ensure_ascii)


def vv_text(vv: dict[str, int]) -> str:
    """A vector as stored (``json.dumps(vv, sort_keys=True)``), the one-entry vector of
    most records without the encoder's machinery."""
    if len(vv) == 1:
        for inst, ctr in vv.items():
            if inst.__class__ is str and ctr.__class__ is int:
                return f"{{{_encode_str(inst)}: {ctr}}}"
    return json.dumps(vv, sort_keys=True)


def vv_of(text: str) -> dict[str, int]:
    """A stored vector (``vv_text``) read back; a one-entry one without the JSON parser."""
    if text[:2] == '{"' and text[-1:] == "}" and "\\" not in text and ', "' not in text:
        at = text.find('": ', 2)
        if at > 0:
            ctr = text[at + 3:-1]
            if ctr.isdigit() and ctr.isascii():
                return {text[2:at]: int(ctr)}
    return json.loads(text)


# ------------------------------------------------------------------ vectors
def join(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    out = dict(a)
    for k, v in b.items():
        if v > out.get(k, 0):
            out[k] = v
    return out


def covers(a: dict[str, int], b: dict[str, int]) -> bool:
    """Every write ``b`` has seen, ``a`` has seen too."""
    return all(a.get(k, 0) >= v for k, v in b.items())


def stamp(vv: dict[str, int]) -> tuple[int, str]:
    """The (counter, instance) of the greatest write in ``vv``: the version's stamp."""
    return max((c, i) for i, c in vv.items())


def _scope_key(units: Iterable[str] | None, kinds: Iterable[str] | None) -> str:
    return "|".join(ALL if xs is None else ",".join(sorted(set(xs))) for xs in (units, kinds))


def _covers_scope(key: str, units: Iterable[str] | None, kinds: Iterable[str] | None) -> bool:
    for part, wanted in zip(key.split("|"), (units, kinds), strict=True):
        if part != ALL and (wanted is None or not set(wanted) <= set(part.split(","))):
            return False
    return True


def _load(store: MergeTarget, key: str) -> dict:
    return json.loads(store.sync_meta(key, "{}") or "{}")


def _store_json(store: MergeTarget, key: str, value: dict) -> None:
    store.set_sync_meta(key, json.dumps(value, sort_keys=True))


# ------------------------------------------------------------------ summary
def summary(store: MergeTarget, scope_unit_ids: Iterable[str] | None = None, *,
            kinds: Iterable[str] | None = None) -> dict[str, int]:
    """What this store knows in the scope: instance → counter (see the module notes)."""
    out: dict[str, int] = {}
    for key, vec in _load(store, _KNOWN).items():
        if _covers_scope(key, scope_unit_ids, kinds):
            out = join(out, vec)
    out = join(out, {store.instance_id: store.counter})
    for held in _load(store, _HOLDS).values():
        for inst, ctr in held.items():
            if out.get(inst, 0) >= ctr:
                out[inst] = ctr - 1
    return {k: v for k, v in out.items() if v > 0}


def record_received_summary(store: MergeTarget, sender_summary: dict[str, int],
                            scope_unit_ids: Iterable[str] | None = None, *,
                            kinds: Iterable[str] | None = None) -> None:
    """After a complete transfer (every change the sender selected applied, in order), the
    receiver knows what the sender knew. The END marker does this itself; transports call
    this only when they learn the sender's summary some other way."""
    with store.transaction():
        _claim(store, {_scope_key(scope_unit_ids, kinds): sender_summary})


def _claim(store: MergeTarget, claims: dict[str, dict[str, int]]) -> None:
    grow = getattr(store, "grow_claims", None)
    if grow is not None:  # a store keeping claims as rows of their own (the server) raises them in place
        grow({key: {k: int(v) for k, v in vec.items()} for key, vec in claims.items()})
        return
    known = _load(store, _KNOWN)
    merged = {key: join(known.get(key, {}), {k: int(v) for k, v in vec.items()})
              for key, vec in claims.items()}
    if any(known.get(k) != v for k, v in merged.items()):
        _store_json(store, _KNOWN, {**known, **merged})


def mark_acknowledged(store: Store, remote: str, remote_summary: dict[str, int]) -> None:
    """Record what ``remote`` now holds (max-merge), for ``Store.pending_changes``."""
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO remote_summary(remote, instance, counter) VALUES (?, ?, ?) "
            "ON CONFLICT(remote, instance) DO UPDATE SET counter=max(counter, excluded.counter)",
            [(remote, inst, int(ctr)) for inst, ctr in remote_summary.items()],
        )


def remote_summary(store: Store, remote: str) -> dict[str, int]:
    """What ``remote`` was last known to hold (``mark_acknowledged``): instance → counter.
    A USB bundle is cut against the server's, so it carries what the province lacks."""
    return {inst: int(ctr) for inst, ctr in store.conn.execute(
        "SELECT instance, counter FROM remote_summary WHERE remote=? AND counter > 0", (remote,))}


# ------------------------------------------------------------------ sending
def changes_since(store: MergeTarget, remote_summary: dict[str, int], *,
                  kinds: Iterable[str] | None = None,
                  scope_unit_ids: Iterable[str] | None = None,
                  limit_bytes: int | None = None,
                  writer: str | None = None,
                  limit_changes: int | None = None) -> Iterator[list[dict[str, Any]]]:
    """Every version the receiver (whose summary is ``remote_summary``) may lack, in the
    order that makes a prefix safe to claim, as batches of about ``limit_bytes`` raw bytes
    (or ``limit_changes`` changes). The last batch ends with the END marker. Apply the
    batches in order.

    A change: {"k": kind, "id", "i": instance, "c": counter, "vv", "d": 0/1, "t": updated_at,
    "f": {field: value}} plus, when it carries a claim, "p" {instance: counter} and "s" scope.

    ``writer``: only rows holding a write of that instance the receiver lacks (a device's
    push to the province, which takes from each installation its own writes only: the
    others' come from their writers).
    """
    with gc_paused():  # each stretch of work between two batches
        picked, mine, scope = _picked(store, remote_summary, kinds, scope_unit_ids, writer)
    yield from _batched(picked, mine, scope, limit_bytes, limit_changes)


class Selected:
    """``changes_since``'s selection, read (``select``): ``count`` versions — their rows,
    made changes as they are taken — then the END marker ``end`` (which the caller may
    replace: a server cuts its claim). A server answers a pull's header as soon as the rows
    are read and releases its database; each change is made as its batch is encoded."""

    CHUNK = 1_000  # changes made at a time (with the collector's young passes made rare)

    def __init__(self, picked: list[_Picked], mine: dict[str, int], scope: str):
        self._picked, self._mine, self._scope = picked, mine, scope
        self.count = len(picked)
        self.end: dict[str, Any] = {"k": END, "p": mine, "s": scope}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for batch in _batched(self._picked, self._mine, self._scope, None, self.CHUNK, end=False):
            yield from batch
        yield self.end


def select(store: MergeTarget, remote_summary: dict[str, int], *, kinds: Iterable[str] | None = None,
           scope_unit_ids: Iterable[str] | None = None) -> Selected:
    """What ``changes_since`` would send, read now and made changes later (``Selected``)."""
    with gc_paused():
        picked, mine, scope = _picked(store, remote_summary, kinds, scope_unit_ids, None)
        return Selected(picked if isinstance(picked, list) else list(picked), mine, scope)


def _batched(picked: list[_Picked] | Iterator[_Picked], mine: dict[str, int], scope: str,
             limit_bytes: int | None, limit_changes: int | None, *, end: bool = True
             ) -> Iterator[list[dict[str, Any]]]:
    """``changes_since``'s batches of the rows ``picked`` (in order): each made a change with
    its claim; the END marker last (``end``)."""
    with gc_paused():
        rows = iter(picked)  # a list in order, or read in order as it goes (``_own_in_order``)
        ahead = next(rows, None)
    full = True
    makers: dict[str, Callable[[Any, dict[str, int]], dict[str, Any]]] = {}
    while full:
        with gc_paused():
            batch: list[dict[str, Any]] = []
            size, full = 0, False
            while ahead is not None and not full:
                group, ctr, kind, row, vv = ahead
                ahead = next(rows, None)
                last_of_group = ahead is None or ahead[0] != group
                claim = mine.get(group, 0) if last_of_group else min(ctr, mine.get(group, 0))
                make = makers.get(kind)
                if make is None:  # one per kind: a transfer's rows of a kind share their columns
                    make = makers[kind] = _maker(kind, row)
                change = make(row, vv)
                if claim:
                    change["p"], change["s"] = {group: claim}, scope
                batch.append(change)
                if limit_bytes:
                    size += _approx_size(change)
                    full = size >= limit_bytes
                elif limit_changes:
                    full = len(batch) >= limit_changes
            if not full and end:
                batch.append({"k": END, "p": mine, "s": scope})
        yield batch


_Picked = tuple[str, int, str, Any, dict[str, int]]  # (group instance, its counter, kind, row, vector)


def _picked(store: MergeTarget, remote_summary: dict[str, int], kinds: Iterable[str] | None,
            scope_unit_ids: Iterable[str] | None, writer: str | None
            ) -> tuple[list[_Picked] | Iterator[_Picked], dict[str, int], str]:
    """``changes_since``'s selection in its order: (group instance, its counter, kind, row,
    vector) for each row to send — a list, or rows read in that order as they are taken
    (``_own_in_order``); the sender's summary of the scope and the scope's key."""
    kinds = list(kinds) if kinds is not None else None
    units = sorted(set(scope_unit_ids)) if scope_unit_ids is not None else None
    remote = {k: int(v) for k, v in (remote_summary or {}).items()}
    mine = summary(store, units, kinds=kinds)
    scope = _scope_key(units, kinds)
    picked = []  # (group instance, its counter, kind, row, vv)
    wanted: dict[str, tuple[str, list]] = {}
    for kind in KINDS:
        if kinds is not None and kind not in kinds:
            continue
        where, params = "1", []
        if units is not None:
            marks = ",".join("?" * len(units))
            where, params = f"unit_id IN ({marks})", list(units)
            for to in ADDRESSED.get(kind, ()):  # e.g. an allocation decided upstairs, for this school
                where += f" OR {to} IN ({marks})"
                params += list(units)
        if writer is not None and _PLAIN_ID.fullmatch(writer):
            # only rows whose vector names the writer (as stored: "writer": counter); the vectors
            # are screened below all the same — this spares reading the others' rows at all
            where, params = f"({where}) AND _vv LIKE ?", [*params, f'%"{writer}"%']
        wanted[kind] = (where, params)
    if writer is not None:
        own = _own_in_order(store, wanted, remote, writer)
        if own is not None:
            return own, mine, scope
    # a receiver that knows something, of a few units (a school's sync): every kind's vectors
    # screened in one statement, whole rows read only for the kinds with rows to send
    above, hot, stamp_above, stamp_params = None, set(), "", []
    if remote and units is not None and len(units) <= 50:
        if len(remote) <= 40 and all(_PLAIN_ID.fullmatch(i) and 0 <= c < _SQL_INT for i, c in remote.items()):
            # rows whose stamp is above: read whole at once (a first pull: every row). Only a summary
            # SQL takes as it is goes into the statement (a hostile one is screened in Python below)
            stamp_above, stamp_params = _stamp_above(remote)
        above, hot = _ids_above(store, wanted, remote, stamp_above, stamp_params)
    for kind, (where, params) in wanted.items():
        table = KINDS[kind].TABLE
        if above is None:
            rows: Iterable[Any] = _rows_above(store, table, where, params, remote)
        else:
            rows = _rows_by_id(store, table, above.get(kind, []))
            if kind in hot:
                rows = itertools.chain(store.conn.execute(
                    f"SELECT * FROM {table} WHERE ({where}) AND {stamp_above}", [*params, *stamp_params]), rows)
        for row in rows:
            vv = vv_of(row["_vv"])
            if len(vv) == 1:  # most rows: one writer
                ((group, ctr),) = vv.items()
                if ctr > remote.get(group, 0):
                    if writer is None or group == writer:
                        picked.append((group, ctr, kind, row, vv))
                    continue
            if writer is not None and vv.get(writer, 0) <= remote.get(writer, 0):
                continue
            group = min(i for i, c in vv.items() if c > remote.get(i, 0))
            picked.append((group, vv[group], kind, row, vv))
    picked.sort(key=operator.itemgetter(0, 1))
    return picked, mine, scope


def _own_in_order(store: MergeTarget, wanted: dict[str, tuple[str, list]], remote: dict[str, int],
                  writer: str) -> Iterator[_Picked] | None:
    """A push's rows (``writer``'s writes the receiver lacks) in ``_picked``'s order, read as
    they are taken — when every row naming ``writer`` holds its write alone (vector
    {writer: _ctr}, stamped by it: nearly every row of a school's installation). The order is
    then their counters', which each kind's index (``_inst``, ``_ctr``) reads in; merged across
    the kinds, a first push's first batch goes while its last rows are still unread. The same
    rows, vectors and order as reading all and sorting. None when a row holds another's write
    too (its group may be another instance): then all are read and sorted, as ever."""
    since = remote.get(writer, 0)
    if not (_PLAIN_ID.fullmatch(writer) and type(since) is int and 0 <= since < _SQL_INT):
        return None
    alone = f'{{"{writer}": '  # + counter + "}": the stored vector ``vv_text({writer: counter})``
    arms, args = [], []
    for kind, (where, params) in wanted.items():  # kinds: KINDS' names
        arms.append(f"SELECT 1 FROM {KINDS[kind].TABLE} WHERE ({where}) "
                    f"AND NOT (_inst = ? AND _vv = ? || _ctr || '}}')")
        args += [*params, writer, alone]
    if not arms or store.conn.execute(f"SELECT EXISTS ({' UNION ALL '.join(arms)})", args).fetchone()[0]:
        return None

    def read(kind: str, where: str, params: list) -> Iterator[_Picked]:
        for row in store.conn.execute(f"SELECT * FROM {KINDS[kind].TABLE} WHERE ({where}) AND _inst = ? "
                                      f"AND _ctr > ? ORDER BY _ctr, rowid", [*params, writer, since]):
            ctr = row["_ctr"]
            yield writer, ctr, kind, row, {writer: ctr}
    # stable: equal counters (never two writes of one installation) would keep KINDS' order, as the sort
    return heapq.merge(*(read(kind, where, params) for kind, (where, params) in wanted.items()),
                       key=operator.itemgetter(1))


_PLAIN_ID = re.compile(r"[0-9A-Za-z-]+")  # an instance id that JSON and LIKE take as it is
_SQL_INT = 2**53  # a counter every database's integer holds (SQLite's and PostgreSQL's bigint, a JSON number)


def _rows_above(store: MergeTarget, table: str, where: str, params: list, remote: dict[str, int]) -> Iterator[Any]:
    """Rows of ``table`` with a vector entry above ``remote``: vectors are screened first,
    whole rows read only for those that go."""
    if not remote:
        yield from store.conn.execute(f"SELECT * FROM {table} WHERE {where}", params)
        return
    ids = [rid for rid, vv in store.conn.execute(f"SELECT id, _vv FROM {table} WHERE {where}", params)
           if any(c > remote.get(i, 0) for i, c in vv_of(vv).items())]
    for n in range(0, len(ids), 500):
        chunk = ids[n:n + 500]
        yield from store.conn.execute(f"SELECT * FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk)


def _stamp_above(remote: dict[str, int]) -> tuple[str, list[Any]]:
    """SQL that holds for a row whose stamp (``_inst``, ``_ctr``: an entry of its vector) is
    above ``remote``, and its parameters."""
    whens = " ".join("WHEN ? THEN ?" for _ in remote)
    return f"_ctr > (CASE _inst {whens} ELSE 0 END)", [x for entry in sorted(remote.items()) for x in entry]


def _ids_above(store: MergeTarget, wanted: dict[str, tuple[str, list]], remote: dict[str, int],
               stamp_above: str = "", stamp_params: list[Any] | None = None) -> tuple[dict[str, list[str]], set[str]]:
    """``_rows_above``'s screening of every kind of ``wanted`` ({kind: (where, params)}) in one
    statement: {kind: ids of its rows with a vector entry above ``remote``}. With
    ``stamp_above`` (``_stamp_above``): only of the rows it does not hold for, and the kinds
    with rows it holds for (read whole by the caller, without their ids first), in the same
    statement (a school's incremental sync: as many statements as before)."""
    hot: set[str] = set()
    arms, args, stamps = [], [], list(stamp_params or ())
    for kind, (where, params) in wanted.items():  # kinds: KINDS' names
        table = KINDS[kind].TABLE
        if stamp_above:  # the others' vectors; and one row of NULLs if the kind has rows above
            arms.append(f"SELECT '{kind}', id, _vv FROM {table} WHERE ({where}) AND NOT ({stamp_above})")
            arms.append(f"SELECT '{kind}', NULL, NULL WHERE EXISTS "
                        f"(SELECT 1 FROM {table} WHERE ({where}) AND {stamp_above})")
            args += [*params, *stamps, *params, *stamps]
        else:
            arms.append(f"SELECT '{kind}', id, _vv FROM {table} WHERE ({where})")
            args += params
    out: dict[str, list[str]] = {}
    for kind, rid, vv in store.conn.execute(" UNION ALL ".join(arms), args):
        if rid is None:
            hot.add(kind)
        elif any(c > remote.get(i, 0) for i, c in vv_of(vv).items()):
            out.setdefault(kind, []).append(rid)
    return out, hot


def _rows_by_id(store: MergeTarget, table: str, ids: list[str]) -> Iterator[Any]:
    for n in range(0, len(ids), 500):
        chunk = ids[n:n + 500]
        yield from store.conn.execute(f"SELECT * FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk)


def _change(kind: str, row: Any, vv: dict[str, int]) -> dict[str, Any]:
    return _maker(kind, row)(row, vv)


def _maker(kind: str, row: Any) -> Callable[[Any, dict[str, int]], dict[str, Any]]:
    keys = tuple(row.keys())
    make = _CHANGE_MAKERS.get((kind, keys))
    if make is None:
        make = _CHANGE_MAKERS[(kind, keys)] = _change_maker(kind, keys)
    return make


_CHANGE_MAKERS: dict[tuple[str, tuple[str, ...]], Callable[[Any, dict[str, int]], dict[str, Any]]] = {}


def _change_maker(kind: str, keys: tuple[str, ...]) -> Callable[[Any, dict[str, int]], dict[str, Any]]:
    """``_change`` for rows of ``kind`` read with the columns ``keys``: the fields taken by
    position (many times faster than by name), the sync columns and derived fields left out."""
    left_out = {*SYNC_META, "id", *DERIVED.get(kind, ())}
    at = {k: n for n, k in enumerate(keys)}
    names = tuple(k for k in keys if k not in left_out)
    fields = operator.itemgetter(*(at[k] for k in names)) if len(names) > 1 else (
        lambda r, n=at[names[0]]: (r[n],)) if names else (lambda r: ())
    rid, inst, ctr, deleted, updated = (at[k] for k in ("id", "_inst", "_ctr", "_deleted", "_updated_at"))
    json_fields = KINDS[kind].JSON_FIELDS
    loads = json.loads

    def make(row: Any, vv: dict[str, int]) -> dict[str, Any]:
        row = tuple(row)
        f = dict(zip(names, fields(row), strict=True))
        for name in json_fields:
            f[name] = loads(f[name])
        return {"k": kind, "id": row[rid], "i": row[inst], "c": row[ctr], "vv": vv,
                "d": row[deleted], "t": row[updated], "f": f}
    return make


def _approx_size(change: dict[str, Any]) -> int:
    return 80 + sum(map(len, map(str, change["f"].values())))  # (in C: an export sizes 30,000)


# ------------------------------------------------------------------ receiving
class _Refused(Exception):
    def __init__(self, reason: str):
        self.reason = reason


def apply_changes(store: MergeTarget, changes: Iterable[dict[str, Any]], *, actor: str,
                  screen: Screen | None = None, trusted: bool = False,
                  final_refusals: bool = False) -> ApplyResult:
    """Merge ``changes`` (a prefix of a stream from ``changes_since``, in order) in one
    transaction. Invalid changes are refused one by one and never block the others.
    ``screen(change, stored)`` judges each change against the row this store holds
    (``None`` if none) before it is merged: None goes on; a ``Verdict`` (or a bare reason,
    code "scope") refuses it. A server keeps a device to what it may write this way.
    ``trusted``: the sender validated every version it holds (the provincial server, which
    refuses what fails the rules), so versions are only given their derived fields, not
    checked again — a device's first pull of a school is then several times faster.
    ``final_refusals``: this store is the authority (the provincial server): a version it
    refuses as invalid is a decision, counted as seen, never held (see ``Verdict``)."""
    with gc_paused():
        return _apply(store, changes, actor, screen, trusted, final_refusals)


def _apply(store: MergeTarget, changes: Iterable[dict[str, Any]], actor: str, screen: Screen | None,
           trusted: bool, final_refusals: bool) -> ApplyResult:
    result = ApplyResult()
    claims: dict[str, dict[str, int]] = {}
    ready: list[tuple[dict[str, Any], type, Any, dict[str, Any]]] = []
    refused: list[tuple[dict[str, Any], str, str, bool]] = []  # (change, reason, code, final)
    whole = f"{ALL}|{ALL}"
    for ch in changes:
        p = ch.get("p")
        if p is not None:
            key = ch.get("s", whole)
            if (isinstance(p, dict) and isinstance(key, str) and key.count("|") == 1
                    and all(isinstance(i, str) and type(c) is int for i, c in p.items())):
                known = claims.get(key)
                if known is None:
                    known = claims[key] = {}
                for i, c in p.items():  # join, in place
                    if c > known.get(i, 0):
                        known[i] = c
        if ch.get("k") == END:
            result.complete = True
            continue
        try:
            ready.append((ch, *_prepare(ch)))
        except _Refused as e:
            refused.append((ch, e.reason, "invalid", final_refusals))
    with store.transaction(), without_clock_checks():
        rows = _prefetch(store, ready)
        before = dict(rows)
        existed = {key for key, row in rows.items() if row is not None}
        if screen is not None:
            judged = []
            for item in ready:
                verdict = screen(item[0], rows[(item[1].TABLE, item[3]["id"])])
                if verdict is None:
                    judged.append(item)
                elif isinstance(verdict, Verdict):
                    ch = item[0] if verdict.hold is None else {**item[0], "vv": verdict.hold}
                    refused.append((ch, verdict.reason, verdict.code, verdict.final))
                else:
                    refused.append((item[0], str(verdict), "scope", False))
            ready = judged
        holds = _load(store, _HOLDS)
        holds_before = json.dumps(holds, sort_keys=True)
        for ch, reason, code, final in refused:
            result.rejected.append(Rejected(str(ch.get("k")), str(ch.get("id")), reason, code))
            if not final:
                _hold(store, holds, ch, rows)
        events, dirty = [], {}
        now = now_iso()
        top = store.counter
        applied = result.applied
        check = _derive if trusted else _validate
        for ch, cls, data, incoming in ready:
            rid = incoming["id"]
            key = (cls.TABLE, rid)
            vv = ch["vv"]  # checked by _prepare: {instance: counter > 0}
            old = rows.get(key)
            local_vv = vv_of(old["_vv"]) if old is not None else None
            if local_vv is None or not covers(local_vv, vv):
                try:  # only what would be stored is checked: re-sends stay cheap
                    check(cls, data, incoming)
                except _Refused as e:
                    result.rejected.append(Rejected(cls.KIND, rid, e.reason))
                    if not final_refusals:
                        _hold(store, holds, ch, rows)
                    continue
            inst, ctr = incoming["_inst"], incoming["_ctr"]  # the stamp: the vector's greatest entry
            if ctr > top:
                top = ctr
            if applied.get(inst, 0) < ctr:
                applied[inst] = ctr
            if old is None:  # an arrival (most of a first transfer): _merge's and _event's first case
                result.inserted += 1
                events.append((now, actor, inst, ctr, cls.KIND, rid, "sync.merge", None, None))
                rows[key] = dirty[key] = incoming
            else:
                merged, action = _merge(store, cls.KIND, old, incoming, result, vv, local_vv)
                if merged is not None:
                    events.append(_event(actor, merged, cls.KIND, action, old, now))
                    rows[key] = dirty[key] = merged
            if holds:
                held = holds.get(f"{cls.KIND}:{incoming['id']}")
                if held is not None and covers(vv_of(rows[key]["_vv"]), held):
                    del holds[f"{cls.KIND}:{incoming['id']}"]  # what was refused is here now
        _write(store, dirty, existed)
        if dirty:
            store.merged(dirty, before)
        store.conn.executemany(
            "INSERT INTO audit(at, actor, instance, counter, kind, record_id, action, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
        if top > store.counter:  # Lamport: later local writes get greater counters
            store.raise_counter(top)
        if json.dumps(holds, sort_keys=True) != holds_before:
            _store_json(store, _HOLDS, holds)
        if claims:
            _claim(store, claims)
    return result


def _prepare(ch: dict[str, Any]) -> tuple[type, dict[str, Any], dict[str, Any]]:
    """The fields (JSON ones decoded) and the row to store for one incoming change, or
    _Refused. No record object yet: only a version that will be stored is made one."""
    kind = ch.get("k")
    plan = _PLANS.get(kind)  # type: ignore[arg-type]
    if plan is None:
        cls = KINDS.get(kind)  # type: ignore[arg-type]
        if cls is None:
            raise _Refused(_text("sync.unknown_kind", kind=kind))
        plan = _plan(cls)
    cls, nameset, json_fields, bool_fields, defaults, not_null = plan
    rid, vv, f = ch.get("id"), ch.get("vv"), ch.get("f")
    if not isinstance(rid, str) or not rid or not isinstance(f, dict) or not isinstance(vv, dict) or not vv:
        raise _Refused(_text("sync.bad_change"))
    if len(vv) == 1:  # most versions: one writer
        ((i, c),) = vv.items()
        if not (isinstance(i, str) and type(c) is int and c > 0):
            raise _Refused(_text("sync.bad_change"))
    elif all(isinstance(k, str) and type(v) is int and v > 0 for k, v in vv.items()):
        c, i = stamp(vv)
    else:
        raise _Refused(_text("sync.bad_change"))
    if not f.keys() <= nameset:
        raise _Refused(_text("sync.unknown_field", fields=", ".join(sorted(set(f) - nameset))))
    if not all(map(isinstance, f.values(), _ALL_SCALARS)):  # in C; the JSON fields aside, in C too
        rest = f.copy()
        for n in json_fields:
            rest.pop(n, None)
        if not all(map(isinstance, rest.values(), _ALL_SCALARS)):
            raise _Refused(_text("sync.bad_change"))
    # a field sent empty that no store holds empty (in C; ``_ABSENT``: not sent): refused alone, not the batch
    if None in f.values() and None in map(f.get, not_null, _ABSENT):
        raise _Refused(_text("sync.bad_change"))
    try:
        data = {**f, "id": rid}
        row = {**defaults, **data}
        for n in json_fields:
            value = data.get(n)
            if isinstance(value, str):  # sent as JSON text
                value = data[n] = json.loads(value)
            elif n not in data:
                value = row[n]
            row[n] = _JSON_ROW(value)  # as app.store.to_row, no deep copy
        for n in bool_fields:
            row[n] = 1 if row[n] else 0
    except (TypeError, ValueError, AttributeError) as e:
        raise _Refused(_text("sync.bad_change")) from e
    row["_inst"], row["_ctr"], row["_vv"] = i, c, vv_text(vv)
    row["_deleted"], row["_updated_at"] = 1 if ch.get("d") else 0, str(ch.get("t") or now_iso())
    return cls, data, row


_SCALARS = (str, int, float, type(None))
_ALL_SCALARS = itertools.repeat(_SCALARS)
_ABSENT = itertools.repeat(object())  # ``f.get``'s default: a field not sent is never None
# ``json.dumps(value, ensure_ascii=False, sort_keys=True)`` without a new encoder each call
_JSON_ROW = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
# kind → (class, its field names, JSON fields, boolean fields, every field at its default, the
# fields never empty (None): those whose default is not None, NOT NULL in every store's table)
_Plan = tuple[type, frozenset[str], tuple[str, ...], tuple[str, ...], dict[str, Any], frozenset[str]]
_PLANS: dict[str, _Plan] = {}


def _plan(cls: type) -> _Plan:
    defaults = _default_row(cls)
    plan = _PLANS[cls.KIND] = (cls, frozenset(_names(cls)), tuple(cls.JSON_FIELDS), tuple(cls.BOOL_FIELDS),
                               defaults, frozenset(n for n, v in defaults.items() if v is not None))
    return plan


def _validate(cls: type, data: dict[str, Any], row: dict[str, Any]) -> None:
    """A gate: the version is stored as it was written, bar the derived fields."""
    try:
        good = cls.build(data).checked(copy=False)  # made to be checked; without clock checks here
    except SongMayError as e:
        if not row["_deleted"]:  # a tombstone's fields are never used again
            raise _Refused(e.message()) from e
        good = cls.build(data)
    except (TypeError, ValueError, AttributeError) as e:
        raise _Refused(_text("sync.bad_change")) from e
    for name in DERIVED.get(cls.KIND, ()):
        row[name] = getattr(good, name)


def _derive(cls: type, data: dict[str, Any], row: dict[str, Any]) -> None:
    """The derived fields of a version taken in unchecked (``trusted``)."""
    names = DERIVED.get(cls.KIND, ())
    if names:
        view = types.SimpleNamespace(**row)  # the row's fields as attributes (made in C); the record
        try:  # class's ``derive`` reads them and writes what it works out on the copy
            cls.derive(view)
        except (TypeError, ValueError, AttributeError) as e:
            raise _Refused(_text("sync.bad_change")) from e
        for name in names:
            row[name] = getattr(view, name)


_DEFAULT_ROWS: dict[type, dict[str, Any]] = {}


def _default_row(cls: type) -> dict[str, Any]:
    """Every field of ``cls`` at its default (lists and dicts made afresh by the caller's
    ``json.dumps``, never shared)."""
    row = _DEFAULT_ROWS.get(cls)
    if row is None:
        row = _DEFAULT_ROWS[cls] = {
            f.name: (f.default if f.default_factory is dataclasses.MISSING else f.default_factory())
            for f in dataclasses.fields(cls)}
    return row


_NAMES: dict[type, tuple[str, ...]] = {}


_NAMESETS: dict[type, frozenset[str]] = {}


def _names(cls: type) -> tuple[str, ...]:
    if cls not in _NAMES:
        _NAMES[cls] = cls.field_names()
        _NAMESETS[cls] = frozenset(_NAMES[cls])
    return _NAMES[cls]


def _prefetch(store: MergeTarget, ready: list[tuple]) -> dict[tuple[str, str], Any]:
    """The local rows the changes touch, a few queries per batch: {(table, id): row or None}."""
    wanted: dict[str, set[str]] = {}
    for _ch, cls, _rec, row in ready:
        wanted.setdefault(cls.TABLE, set()).add(row["id"])
    out: dict[tuple[str, str], Any] = {}
    lock = store.row_lock  # a server with concurrent writers locks what it merges
    for table in sorted(wanted):  # one order everywhere: concurrent merges never deadlock
        ids = wanted[table]
        out.update({(table, i): None for i in ids})
        todo = sorted(ids)
        for n in range(0, len(todo), 500):
            chunk = todo[n:n + 500]
            sql = f"SELECT * FROM {table} WHERE id IN ({','.join('?' * len(chunk))}){lock}"
            for r in store.conn.execute(sql, chunk):
                out[(table, r["id"])] = dict(r)
    return out


def _merge(store: MergeTarget, kind: str, old: dict[str, Any] | None, incoming: dict[str, Any],
           result: ApplyResult, vv: dict[str, int], local_vv: dict[str, int] | None
           ) -> tuple[dict[str, Any] | None, str]:
    """The row after merging ``incoming`` (vector ``vv``) into ``old`` (vector ``local_vv``;
    None: nothing to do) and the audit action."""
    if old is None or local_vv is None:
        result.inserted += 1
        return incoming, "sync.merge"
    if covers(local_vv, vv):
        result.ignored += 1
        return None, ""
    if covers(vv, local_vv):
        result.updated += 1
        return incoming, "sync.merge"
    # concurrent: the greater stamp wins, the row learns both vectors
    if (incoming["_ctr"], incoming["_inst"]) > (old["_ctr"], old["_inst"]):
        win, lose, win_vv = incoming, old, vv
    else:
        win, lose, win_vv = old, incoming, local_vv
    merged = {**win, "_vv": vv_text(join(vv, local_vv))}
    if win_vv.get(lose["_inst"], 0) >= lose["_ctr"]:  # the winner had seen the loser
        result.updated += 1
        return merged, "sync.merge"
    _keep_loser(store, kind, lose)
    result.conflicts += 1
    return merged, "sync.conflict"


def _write(store: MergeTarget, dirty: dict[tuple[str, str], dict[str, Any]], existed: set) -> None:
    by_table: dict[tuple[str, bool], list[dict[str, Any]]] = {}
    for (table, rid), row in dirty.items():
        by_table.setdefault((table, (table, rid) in existed), []).append(row)
    for (table, update), rows in by_table.items():
        cols = [k for k in rows[0] if k != "id"]  # (a row has the sync columns: never none)
        if update:
            sql = f"UPDATE {table} SET {', '.join(f'{c}=?' for c in cols)} WHERE id=?"
            store.conn.executemany(sql, map(operator.itemgetter(*cols, "id"), rows))  # tuples made in C
        else:
            sql = f"INSERT INTO {table} (id, {', '.join(cols)}) VALUES (?{', ?' * len(cols)})"
            store.conn.executemany(sql, map(operator.itemgetter("id", *cols), rows))


def _hold(store: MergeTarget, holds: dict, ch: dict[str, Any], rows: dict) -> None:
    """Keep the summary below the entries of a refused version this store lacks."""
    cls, vv = KINDS.get(str(ch.get("k"))), ch.get("vv")
    if not isinstance(vv, dict):
        return
    local: dict[str, int] = {}
    if cls is not None:
        key = (cls.TABLE, str(ch.get("id")))
        row = rows[key] if key in rows else store.conn.execute(
            f"SELECT _vv FROM {cls.TABLE} WHERE id=?", (key[1],)).fetchone()
        local = vv_of(row["_vv"]) if row else {}
    lacking = {i: c for i, c in vv.items() if isinstance(c, int) and c > local.get(i, 0)}
    if lacking:
        key = f"{ch.get('k')}:{ch.get('id')}"
        held = dict(holds.get(key, {}))  # another sender's refusal of this record stays held too
        for i, c in lacking.items():
            held[i] = min(c, held.get(i, c))
        holds[key] = held


def _fields(row: Any) -> dict[str, Any]:
    return {k: row[k] for k in row.keys() if k not in SYNC_META}


def _event(actor: str, row: dict[str, Any], kind: str, action: str, old: Any, now: str) -> tuple:
    """The audit event of one applied version; it names the version's origin stamp. As for
    a local save, an update keeps only what changed (before → after); an arrival keeps no
    copy of its fields (the row holds them, and the next change records them as "before")."""
    before = after = None
    if old is not None:
        changed = [k for k in row if k not in SYNC_META and old.get(k) != row[k]]
        before = json.dumps({k: old.get(k) for k in changed}, ensure_ascii=False)
        after = None if row["_deleted"] else json.dumps({k: row[k] for k in changed}, ensure_ascii=False)
    return (now, actor, row["_inst"], row["_ctr"], kind, row["id"], action, before, after)


def _keep_loser(store: MergeTarget, kind: str, lose: dict[str, Any]) -> None:
    seen = store.conn.execute(
        "SELECT 1 FROM conflicts WHERE record_id=? AND kind=? AND instance=? AND counter=?",
        (lose["id"], kind, lose["_inst"], lose["_ctr"])).fetchone()
    if not seen:
        store.conn.execute(
            "INSERT INTO conflicts(kind, record_id, instance, counter, vv, data, deleted, detected_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, lose["id"], lose["_inst"], lose["_ctr"], lose["_vv"],
             json.dumps(_fields(lose), ensure_ascii=False, sort_keys=True), lose["_deleted"], now_iso()))


def _text(key: str, **params: object) -> str:
    return SongMayError(key, **params).message()


# ------------------------------------------------------------------ conflicts
def open_conflicts(store: Store) -> list[dict[str, Any]]:
    """Losing versions waiting for a person, oldest first."""
    out = []
    for r in store.conn.execute("SELECT * FROM conflicts WHERE resolved_at='' ORDER BY id"):
        d = dict(r)
        d["vv"], d["data"] = json.loads(d["vv"]), json.loads(d["data"])
        out.append(d)
    return out


def resolve_conflict(store: Store, conflict_id: int, choice: str, actor: str, *,
                     fields: dict[str, Any] | Iterable[str] | None = None) -> None:
    """"keep" the current version, "take" the stored losing one, or "merge": the current
    record with ``fields`` from the other version — a mapping {name: value} gives the
    values, a list of names takes them from the losing version. "take" and "merge" are
    ordinary saves (validated; the rules apply) whose version dominates both, so they win
    everywhere they travel. A refused save raises and leaves the conflict open."""
    if choice not in ("keep", "take", "merge"):
        raise ValueError(f"choice must be 'keep', 'take' or 'merge', not {choice!r}")
    with store.transaction():
        c = store.conn.execute("SELECT * FROM conflicts WHERE id=? AND resolved_at=''",
                               (conflict_id,)).fetchone()
        if c is None:
            raise NotFound(kind="conflict", id=conflict_id)
        cls = KINDS[c["kind"]]
        if choice == "take":
            current = store.conn.execute(f"SELECT * FROM {cls.TABLE} WHERE id=?", (c["record_id"],)).fetchone()
            rec = from_row(cls, json.loads(c["data"]))
            if c["deleted"]:
                if current is not None and not current["_deleted"]:
                    store.delete(cls, rec.id, actor, "sync.conflict.take")
            elif current is not None and current["_deleted"]:  # bring the record back
                rec = rec.checked()
                rules.before_save(store, rec, None)
                store.write_row(cls, rec.id, to_row(rec), current, actor, "sync.conflict.take")
            else:
                store.save(rec, actor, action="sync.conflict.take")
        elif choice == "merge":
            _merge_conflict(store, c, cls, fields or {}, actor)
        else:
            store.audit(actor, store.counter, c["kind"], c["record_id"], "sync.conflict.keep",
                         None, None, now_iso())
        store.conn.execute("UPDATE conflicts SET resolved_at=?, resolved_by=?, resolution=? WHERE id=?",
                           (now_iso(), actor, choice, conflict_id))


# Fields a person never chooses between: the key, and what the store works out itself.
CONFLICT_COMPUTED = frozenset({"id", "search_key", "priority_tier", "priority_rank"})
# What names a record in the review list (a need or a handover also names its child).
_LABEL_FIELDS = {"unit": ("name",), "coverage_gap": ("village",), "student": ("full_name", "class_name"),
                 "need": ("school_year",), "donation": ("donor_name", "receipt_no"),
                 "device": ("brand_model", "serial"), "sim": ("number",), "allocation": ("decision_no",),
                 "handover": ("minute_no",)}


def _merge_conflict(store: Store, c: Any, cls: type, fields: dict[str, Any] | Iterable[str], actor: str) -> None:
    current = store.conn.execute(f"SELECT * FROM {cls.TABLE} WHERE id=?", (c["record_id"],)).fetchone()
    if current is None or current["_deleted"] or c["deleted"]:
        raise RuleError("conflict.merge_deleted")
    other = from_row(cls, json.loads(c["data"])).to_row()
    values = dict(fields) if hasattr(fields, "items") else {n: other[n] for n in fields}  # type: ignore[index]
    wrong = sorted(set(values) - (set(_names(cls)) - CONFLICT_COMPUTED))
    if wrong:
        raise ValueError(f"fields {wrong} cannot be merged into a {cls.KIND}")
    rec = cls.from_row({**from_row(cls, current).to_row(), **values})
    before = store.counter
    store.save(rec, actor, action="sync.conflict.merge")
    if store.counter == before:  # the chosen values were already the current ones
        store.audit(actor, store.counter, c["kind"], c["record_id"], "sync.conflict.merge",
                     None, None, now_iso())


def count_open_conflicts(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM conflicts WHERE resolved_at=''").fetchone()[0]


def _record_label(store: Store, kind: str, f: dict[str, Any]) -> str:
    parts = [str(f.get(n) or "") for n in _LABEL_FIELDS.get(kind, ())]
    if f.get("student_id") and kind in ("need", "handover"):
        row = store.conn.execute("SELECT full_name FROM students WHERE id=?", (f["student_id"],)).fetchone()
        parts.insert(0, row[0] if row else "")
    return " – ".join(p for p in parts if p) or str(f.get("id", ""))


def record_label(store: Store, kind: str, record_id: str) -> str | None:
    """How a person knows a record (the child's name and class, the device…), or None
    when this store does not hold it."""
    if kind not in KINDS:
        return None
    row = _current(store, kind, record_id)
    return _record_label(store, kind, _fields(row)) if row is not None else None


# Fields that hold another record's id, and that record's kind: shown by its label.
_REFERENCES = {"unit_id": "unit", "to_unit_id": "unit", "parent_id": "unit", "student_id": "student",
               "need_id": "need", "device_id": "device", "sim_id": "sim", "donation_id": "donation",
               "refers_to": "handover"}


def _reference_labels(store: Store, versions: Iterable[dict[str, Any]]) -> dict[str, str]:
    """{record id: label} of the records the versions refer to (their school, child, device…)."""
    out: dict[str, str] = {}
    for f in versions:
        for name, kind in _REFERENCES.items():
            rid = f.get(name)
            if isinstance(rid, str) and rid and rid not in out:
                row = _current(store, kind, rid)
                if row is not None:
                    out[rid] = _record_label(store, kind, _fields(row))
    return out


def _current(store: Store, kind: str, record_id: str) -> Any:
    return store.conn.execute(f"SELECT * FROM {KINDS[kind].TABLE} WHERE id=?", (record_id,)).fetchone()


def conflict_overview(store: Store) -> list[dict[str, Any]]:
    """The open conflicts for a review list, oldest first: id, kind, record_id, label
    (the child's name, the device…), detected_at, the other version's instance and
    counter, ``mine`` (that version was written here), ``deleted`` (it is a deletion)."""
    out = []
    for c in open_conflicts(store):
        row = _current(store, c["kind"], c["record_id"])
        data = _fields(row) if row is not None else {}
        out.append({"id": c["id"], "kind": c["kind"], "record_id": c["record_id"],
                    "label": _record_label(store, c["kind"], {**c["data"], **data}),
                    "detected_at": c["detected_at"], "instance": c["instance"], "counter": c["counter"],
                    "mine": c["instance"] == store.instance_id, "deleted": bool(c["deleted"])})
    return out


def conflict_pair(store: Store, conflict_id: int) -> dict[str, Any]:
    """Both versions of one open conflict, side by side, for a person to choose:
    ``current`` (the version kept in the record table) and ``other`` (the losing one) as
    {field: value} over ``fields`` (every field but the computed ones, in record order),
    ``differ`` (the fields whose values differ), ``current_deleted``/``other_deleted``
    (a deletion: there is nothing to merge), the other version's ``instance``, the kept
    one's ``current_instance``, ``this_instance`` (this store), ``label``, ``detected_at``,
    and ``refs`` {id: label} naming the records either version refers to."""
    c = store.conn.execute("SELECT * FROM conflicts WHERE id=? AND resolved_at=''", (conflict_id,)).fetchone()
    if c is None:
        raise NotFound(kind="conflict", id=conflict_id)
    cls = KINDS[c["kind"]]
    names = [n for n in _names(cls) if n not in CONFLICT_COMPUTED]
    other = from_row(cls, json.loads(c["data"])).to_row()
    row = _current(store, c["kind"], c["record_id"])
    current = from_row(cls, row).to_row() if row is not None else {}
    return {
        "id": c["id"], "kind": c["kind"], "record_id": c["record_id"],
        "label": _record_label(store, c["kind"], current or other),
        "detected_at": c["detected_at"], "instance": c["instance"], "counter": c["counter"],
        "current_instance": row["_inst"] if row is not None else "", "this_instance": store.instance_id,
        "fields": names,
        "current": {n: current.get(n) for n in names}, "other": {n: other.get(n) for n in names},
        "differ": [n for n in names if current.get(n) != other.get(n)],
        "current_deleted": row is None or bool(row["_deleted"]), "other_deleted": bool(c["deleted"]),
        "refs": _reference_labels(store, (current, other)),
    }


# ------------------------------------------------------------------ conflicts across devices
def conflicts_to_report(store: Store, limit: int = 500) -> list[dict[str, Any]]:
    """The losing versions this store holds (open and resolved, newest first), to tell the
    server: it relays open ones to the unit's other devices, so every device of the school
    shows a conflict, not just the one that happened to detect it."""
    out = []
    for r in store.conn.execute("SELECT * FROM conflicts ORDER BY id DESC LIMIT ?", (limit,)):
        out.append({"kind": r["kind"], "record_id": r["record_id"], "instance": r["instance"],
                    "counter": r["counter"], "vv": json.loads(r["vv"]), "data": json.loads(r["data"]),
                    "deleted": r["deleted"], "detected_at": r["detected_at"], "resolution": r["resolution"]})
    return out


def adopt_conflicts(store: Store, reported: Iterable[dict[str, Any]]) -> int:
    """Takes in losing versions another device or the server detected, for records whose
    current version here is the one that won over them. Returns how many were new here."""
    added = 0
    with store.transaction():
        for c in reported:
            cls = KINDS.get(str(c.get("kind")))
            vv, data = c.get("vv"), c.get("data")
            if cls is None or not isinstance(vv, dict) or not isinstance(data, dict) or not vv:
                continue
            inst, ctr = str(c.get("instance")), c.get("counter")
            if type(ctr) is not int or store.conn.execute(
                    "SELECT 1 FROM conflicts WHERE record_id=? AND instance=? AND counter=?",
                    (c.get("record_id"), inst, ctr)).fetchone():
                continue  # known here already (open or resolved)
            row = store.conn.execute(f"SELECT _inst, _ctr, _vv FROM {cls.TABLE} WHERE id=?",
                                     (c.get("record_id"),)).fetchone()
            if row is None or (row["_inst"], row["_ctr"]) == (inst, ctr) or not covers(json.loads(row["_vv"]), vv):
                continue  # not here yet, or the reported loser is what this store holds
            store.conn.execute(
                "INSERT INTO conflicts(kind, record_id, instance, counter, vv, data, deleted, detected_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (cls.KIND, c.get("record_id"), inst, ctr, json.dumps(vv, sort_keys=True),
                 json.dumps(data, ensure_ascii=False, sort_keys=True), int(bool(c.get("deleted"))),
                 str(c.get("detected_at") or now_iso())))
            added += 1
    return added
