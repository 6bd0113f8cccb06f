"""The server's storage: SQLAlchemy Core over SQLite (default) or PostgreSQL (production).

The record tables mirror the device's, so the merge core of ``app.changes`` runs here
unchanged through ``_Target``, a thin adapter that gives it what it expects of a store
(a DB-API-like ``conn``, meta keys, a counter). Everything else (installations,
enrolment codes, accounts, quarantine, acknowledged batches) is plain Core.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import re
import secrets
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey
from sqlalchemy import Float, Integer, String, create_engine, event, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError

from app import __version__, authz, changes, predicates
from app.errors import SyncError
from app.private_files import prepare_sqlite
from app.records import KINDS
from app.store import now_iso
from server import public_counts, registry, summaries
from server import schema as S
from server.accounts import Accounts
from server.keys import ProvinceKeys, open_as_province
from sync.bundle import seal
from sync.enrolment import (
    TRAVEL_DAYS,
    EnrolmentFileError,
    check,
    check_proof,
    delegate,
    is_instance_id,
    is_key,
    voucher,
)
from sync.protocol import PROTOCOL_VERSION, iter_batches
from sync.usb import trim_claims

log = logging.getLogger("songmay.server")
MIGRATIONS = Path(__file__).parent / "migrations"
ROLES = ("province", "officer")
UNITS_STAMP = "units_stamp"  # meta row: changed with the registry (``ServerStore.units_changed``)
QUARANTINE_PER_DEVICE = 5_000  # refused versions kept per installation (a flood is answered, not all kept)
QUARANTINE_DATA_BYTES = 16_000  # of each refused version, enough to read it
CONFLICTS_PER_DEVICE = 500  # open losing versions one installation may report
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over a phone


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def _salted(raw: str) -> str:
    """``s1$LOOKUP$SALT$HASH`` of a 16-character code: its first four characters find the
    row; the rest is hashed with a salt of its own."""
    salt = secrets.token_hex(16)
    return f"s1${raw[:4]}${salt}${hashlib.sha256((salt + raw[4:]).encode()).hexdigest()}"


def _salted_matches(stored: str, raw: str) -> bool:
    try:
        _, lookup, salt, digest = stored.split("$")
    except ValueError:
        return False
    return lookup == raw[:4] and secrets.compare_digest(
        digest, hashlib.sha256((salt + raw[4:]).encode()).hexdigest())


def enrol_message(instance_id: str, code: str) -> bytes:
    """What an installation signs to enrol with a one-time code: its id and the code."""
    return f"songmay-enrol|{instance_id}|{normalise_code(code)}".encode()


def _proof_ok(public_key: str, message: bytes, proof: str) -> bool:
    try:
        VerifyKey(bytes.fromhex(public_key)).verify(message, bytes.fromhex(proof))
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True


@dataclass(frozen=True)
class Installation:
    id: str
    unit_id: str
    unit_code: str
    name: str
    public_key: str
    revoked_at: str


# ------------------------------------------------------------------ the merge adapter
class _Row(tuple):
    """A result row read by name or by position, like sqlite3.Row."""

    __slots__ = ()
    _index: dict[str, int] = {}
    _keys: tuple[str, ...] = ()

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> tuple[str, ...]:
        return self._keys


_ROW_TYPES: dict[tuple[str, ...], type[_Row]] = {}


def _row_type(keys: tuple[str, ...]) -> type[_Row]:
    """The row class of a result's columns, made once per column list (making a class
    costs more than a small query's rows)."""
    t = _ROW_TYPES.get(keys)
    if t is None:
        if len(_ROW_TYPES) > 2000:  # statements built from varying text: never grows without bound
            _ROW_TYPES.clear()
        t = _ROW_TYPES[keys] = type("Row", (_Row,), {"_index": {k: i for i, k in enumerate(keys)},
                                                      "_keys": keys, "__slots__": ()})
    return t


class _Result:
    def __init__(self, cursor: Any):
        self._cursor = cursor
        d = cursor.description
        self._type = _row_type(tuple(c[0] for c in d) if d else ())

    def __iter__(self) -> Iterator[_Row]:
        t = self._type
        for r in self._cursor:
            yield t(r)

    def fetchone(self) -> _Row | None:
        r = self._cursor.fetchone()
        return None if r is None else self._type(r)

    def fetchall(self) -> list[_Row]:
        t = self._type
        return [t(r) for r in self._cursor.fetchall()]


_PG_SQL: dict[str, str] = {}
# Statements psycopg keeps prepared per connection (its default, 100, is less than the distinct
# statements of a few syncs: the sync's own were pushed out before being reused, and planned
# again at every sync — the notices' queries took more time to plan than to run)
PREPARED_MAX = 1000
# A statement with more parameters than this has its text made for the call (a list of ids):
# not prepared — its generic plan, made once, could outlive the table's statistics
PREPARED_PARAMS = 16


class _Conn:
    """The part of a sqlite3 connection ``app.changes`` uses, over a SQLAlchemy connection.
    Its SQL is written with ``?`` placeholders; PostgreSQL's driver wants ``%s``.

    Statements go to the driver's cursor on the connection's transaction (begun as
    SQLAlchemy's autobegin would), without SQLAlchemy's result machinery: a push or a hello
    runs dozens of small statements, and that per-statement Python was a good part of a
    sync's cost. Driver errors are raised as SQLAlchemy's (``DBAPIError`` and its kinds),
    as before."""

    def __init__(self, sa: Connection):
        self.sa = sa
        self.pg = sa.dialect.name == "postgresql"

    def _sql(self, sql: str) -> str:
        if not self.pg:
            return sql
        out = _PG_SQL.get(sql)
        if out is None:
            out = sql.replace("%", "%%").replace("?", "%s")
            if len(sql) <= 4000:  # a text made for one call (many rows' markers) is not kept
                if len(_PG_SQL) > 5000:
                    _PG_SQL.clear()
                _PG_SQL[sql] = out
        return out

    def _cursor(self) -> Any:
        if not self.sa.in_transaction():
            self.sa.begin()  # what SQLAlchemy does before its first statement (autobegin)
        raw = self.sa.connection.dbapi_connection
        if self.pg and raw.prepared_max < PREPARED_MAX:  # type: ignore[union-attr]
            raw.prepared_max = PREPARED_MAX  # type: ignore[union-attr]
        return raw.cursor()  # type: ignore[union-attr]

    def execute(self, sql: str, params: Any = (), *, prepare: bool | None = None) -> _Result:
        """``prepare=False``: a statement whose text is made for this call (rows or ids
        inlined as markers), never worth preparing on the server.
        (Every list of ids sent as one array, ``= ANY(?)``, so that their statements are
        prepared once, was tried: PostgreSQL spent more on a sync's statements in all; where
        one is measured faster that way, it is written so: ``summaries.touched``.)"""
        statement, args = self._sql(sql), tuple(params)
        if not self.pg:
            prepare = None  # sqlite3 prepares every statement itself
        elif prepare is None and len(args) > PREPARED_PARAMS:
            prepare = False
        cursor = self._cursor()
        try:
            if prepare is None:
                cursor.execute(statement, args)
            else:
                cursor.execute(statement, args, prepare=prepare)
        except self.sa.dialect.loaded_dbapi.Error as e:
            raise DBAPIError.instance(statement, args, e, self.sa.dialect.loaded_dbapi.Error,
                                      dialect=self.sa.dialect) from e
        return _Result(cursor)

    def executemany(self, sql: str, seq: Any) -> None:
        """On PostgreSQL, a plain ``INSERT INTO t (a, b) VALUES (?, ?)`` of several rows (a
        merge's new records, its audit events) is a ``COPY t (a, b) FROM STDIN`` of them
        (``_copied``): the same rows, with psycopg's rows written in C and PostgreSQL's
        fastest way in — 50 audit rows cost 0.15 ms of Python and 0.30 ms of PostgreSQL
        rather than 0.73 and 0.57 ms through the pipeline. Any other statement (an upsert,
        an update), or a value PostgreSQL would have cast, goes through psycopg's pipeline.
        (Tried and dropped: one many-row ``VALUES`` list — its text, new at every call, was
        parsed and planned each time; an INSERT of one array per column, ``unnest`` — more
        Python than the pipeline, 1.04 ms against 0.77 ms.)"""
        rows = [tuple(r) for r in seq]
        if len(rows) == 1:  # a plain statement: no pipeline to enter and leave (0.12 → 0.07 ms on PostgreSQL);
            self.execute(sql, rows[0], prepare=True)  # its text is one row's, whatever the rows: prepared
            return
        if not rows:
            return
        copy = _copied(sql, rows) if self.pg else None
        statement = copy or self._sql(sql)
        try:
            if copy is not None:
                with self._cursor().copy(copy) as out:
                    for r in rows:
                        out.write_row(r)
            else:
                self._cursor().executemany(statement, rows)
        except self.sa.dialect.loaded_dbapi.Error as e:
            raise DBAPIError.instance(statement, rows[:1], e, self.sa.dialect.loaded_dbapi.Error,
                                      dialect=self.sa.dialect) from e


_INSERT = re.compile(r"\s*INSERT INTO (\w+)\s*\(([\w\s,]+)\)\s*VALUES\s*\(([?,\s]+)\)\s*", re.IGNORECASE)
_COPIES: dict[str, tuple[str, list[tuple[type, ...]]] | None] = {}


def _copied(sql: str, rows: list[tuple]) -> str | None:
    """The ``COPY … FROM STDIN`` that writes ``rows`` as the plain INSERT ``sql`` would, or
    None: not a plain INSERT of a table of ``server.schema``, or a value not of its column's
    own type (an INSERT's parameter PostgreSQL would cast, which COPY would read as text)."""
    plan = _COPIES.get(sql, ...)
    if plan is ...:
        plan = _COPIES[sql] = _copy_plan(sql)
    if plan is None:
        return None
    statement, types = plan
    for r in rows:
        if len(r) != len(types):
            return None
        for v, ok in zip(r, types, strict=True):
            if v is not None and type(v) not in ok:
                return None
    return statement


def _copy_plan(sql: str) -> tuple[str, list[tuple[type, ...]]] | None:
    m = _INSERT.fullmatch(sql)
    table = S.metadata.tables.get(m.group(1)) if m else None
    if m is None or table is None:
        return None
    names = [n.strip() for n in m.group(2).split(",")]
    if m.group(3).count("?") != len(names) or any(n not in table.c for n in names):
        return None
    types: list[tuple[type, ...]] = []
    for n in names:
        t = table.c[n].type
        if isinstance(t, Integer):  # and BigInteger
            types.append((int,))
        elif isinstance(t, Float):
            types.append((float, int))
        elif isinstance(t, String):  # and Text
            types.append((str,))
        else:
            return None
    return f"COPY {m.group(1)} ({', '.join(names)}) FROM STDIN", types


class _Target:
    """The server seen as a store by ``app.changes``: it has no writes of its own.

    ``locking`` (pushes on PostgreSQL, where several run at once): the rows a batch merges
    are read FOR UPDATE (one order everywhere, so no deadlocks); claims are rows of their
    own that only grow (upserted with GREATEST), and the holds are merged into what is
    there under a row lock taken at the very end (this batch's additions and removals).
    So concurrent pushes never lose each other's claims or holds, and pushes of different
    installations do not wait on each other."""

    instance_id = "server"

    def __init__(self, sa: Connection, *, locking: bool = False):
        self.conn = _Conn(sa)
        self.locking = locking and self.conn.pg
        self.row_lock = " FOR UPDATE" if self.locking else ""
        self._seen: dict[str, str | None] = {}
        self.units_moved = False  # a merge wrote a unit whose place in the registry changed (``merged``)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[_Target]:
        yield self  # the caller holds the transaction

    def sync_meta(self, key: str, default: str | None = None) -> str | None:
        if key == "sync_known":
            value = json.dumps(self._known())
        else:
            row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
            value = row[0] if row else default
        self._seen.setdefault(key, value)
        return value

    def _known(self) -> dict[str, dict[str, int]]:
        """The claims: one meta row per scope and instance (``known|SCOPE|INSTANCE``), so
        pushes of different installations touch different rows and never wait on each
        other (a single JSON value would make every push queue for it)."""
        # one statement: the older layout's value, the scopes' names, and each scope's rows
        # gathered into one JSON object by the database (a province's hundreds of rows are
        # not turned into Python rows one by one at every sync)
        agg = ("json_object_agg(substr(key, 32), CAST(value AS BIGINT))::text" if self.conn.pg
               else "json_group_object(substr(key, 32), CAST(value AS INTEGER))")
        out: dict[str, dict[str, int]] = {}
        scopes: dict[str, str] = {}
        groups = []
        # (reading only the scopes that may cover a sync's units — those naming the first of
        # them, with LIKE — was tried: slower at 600 schools, 1.3 + 1.8 ms against 1.2 + 1.1 ms
        # of Python and PostgreSQL for a school's summary)
        for key, value in self.conn.execute(
                "SELECT key, value FROM meta WHERE key = 'sync_known' OR key LIKE 'scope|%' UNION ALL "
                f"SELECT substr(key, 1, 30), {agg} FROM meta WHERE key LIKE 'known|%' GROUP BY substr(key, 1, 30)"):
            if key == "sync_known":
                out = json.loads(value or "{}")  # older layout
            elif key.startswith("scope|"):
                scopes[key[len("scope|"):]] = value
            else:  # known|DIGEST (the digest is 24 characters: ``_digest``)
                groups.append((key[len("known|"):], value))
        for digest, vec in groups:
            if digest in scopes:
                have = out.setdefault(scopes[digest], {})
                for inst, ctr in json.loads(vec).items():
                    if ctr > have.get(inst, 0):
                        have[inst] = ctr
        return out

    def summary_of(self, instances: set[str]) -> dict[str, int]:
        """``changes.summary(self)`` (the whole scope) cut to ``instances``, reading only
        their rows: what a device is told of the server's summary (``ServerStore._summary_for``)."""
        whole = f"{changes.ALL}|{changes.ALL}"
        d = _digest(whole)
        wanted = sorted(instances)
        keys = ["sync_known", "sync_holds", "counter", f"scope|{d}", *(f"known|{d}|{i}" for i in wanted)]
        rows = {k: v for k, v in self.conn.execute(
            f"SELECT key, value FROM meta WHERE key IN ({','.join('?' * len(keys))})", keys)}
        older = json.loads(rows.get("sync_known") or "{}").get(whole, {})
        out = {i: int(older[i]) for i in wanted if i in older}
        if f"scope|{d}" in rows:
            for i in wanted:
                v = rows.get(f"known|{d}|{i}")
                if v is not None and int(v) > out.get(i, 0):
                    out[i] = int(v)
        if self.instance_id in instances:
            c = int(rows.get("counter") or 0)
            if c > out.get(self.instance_id, 0):
                out[self.instance_id] = c
        for held in json.loads(rows.get("sync_holds") or "{}").values():
            for inst, ctr in held.items():
                if inst in instances and out.get(inst, 0) >= ctr:
                    out[inst] = ctr - 1
        return {k: v for k, v in out.items() if v > 0}

    def grow_claims(self, claims: dict[str, dict[str, int]]) -> None:
        """``changes``' claims merged in (``app.changes._claim``): each (scope, instance) row
        raised to its counter where it is below, without reading the others' rows."""
        rows = sorted((f"known|{_digest(scope)}|{inst}", str(ctr)) for scope, vec in claims.items()
                      for inst, ctr in vec.items() if ctr > 0)
        if not rows:
            return
        grow = "GREATEST" if self.conn.pg else "max"
        self.conn.executemany(  # a scope's name once (it can be long: an office's many units)
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
            sorted({(f"scope|{_digest(sc)}", sc) for sc, vec in claims.items() if any(c > 0 for c in vec.values())}))
        self.conn.executemany(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
            f"CAST({grow}(CAST(meta.value AS BIGINT), CAST(excluded.value AS BIGINT)) AS TEXT) "
            "WHERE CAST(meta.value AS BIGINT) < CAST(excluded.value AS BIGINT)", rows)

    def _plain(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def raise_counter(self, value: int) -> None:
        """Merging moves no counter here: the server's own writes (the unit registry) take
        a counter above the row they change (``ServerStore.write_as_server``), so pushes
        never queue on one counter row."""

    def set_sync_meta(self, key: str, value: str) -> None:
        if key == "sync_known":
            seen = json.loads(self._seen.get("sync_known") or "{}")
            grow = "GREATEST" if self.conn.pg else "max"
            rows, scopes = [], set()
            for scope, vec in json.loads(value).items():
                for inst, ctr in vec.items():
                    if ctr > seen.get(scope, {}).get(inst, 0):
                        rows.append((f"known|{_digest(scope)}|{inst}", str(ctr)))
                        scopes.add(scope)
            self.conn.executemany(  # a scope's name once (it can be long: an office's many units)
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
                sorted((f"scope|{_digest(sc)}", sc) for sc in scopes))
            self.conn.executemany(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                f"CAST({grow}(CAST(meta.value AS BIGINT), CAST(excluded.value AS BIGINT)) AS TEXT)", sorted(rows))
            return
        if self.locking and key == "sync_holds":  # rare: only when versions are refused or arrive fixed
            row = self.conn.execute("SELECT value FROM meta WHERE key=? FOR UPDATE", (key,)).fetchone()
            value = _merge_holds(row[0] if row else None, self._seen.get(key), value)
        self.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))

    @property
    def counter(self) -> int:
        """The counter of the server's own writes (the registry's units)."""
        return int(self._plain("counter") or 0)

    def merged(self, rows: dict[tuple[str, str], dict[str, Any]], before: dict[tuple[str, str], Any]) -> None:
        """The merge wrote ``rows`` (over ``before``): recount the schools they count in
        (``server.summaries``), in this transaction."""
        for (table, rid), row in rows.items():
            if table == "units" and not self.units_moved:
                old = before.get((table, rid))
                self.units_moved = old is None or any(old[k] != row[k] for k in _UNIT_SCOPE_FIELDS)
        public_counts.lock_links(self.conn, rows, before)  # linked rows of other units' merges: one after the other
        need_units, device_units = summaries.touched(self.conn, rows, before)
        public_counts.merged(self.conn, rows, before, need_units, device_units)  # the public pages' counts
        if need_units or device_units:
            summaries.refresh(self.conn, need_units, device_units)


# What ``ServerStore._units`` keeps of a unit (and whether it is there): a merge changing any
# of them changes scopes, so the workers' units are reloaded (``ServerStore.units_changed``).
_UNIT_SCOPE_FIELDS = ("kind", "parent_id", "commune_code", "province_code", "code", "_deleted")


def _in(c: _Conn, column: str, values: Any) -> tuple[str, list[Any]]:
    """``column`` among ``values`` (text), and its parameters: on PostgreSQL one array (one
    statement text, prepared once, whatever their number), on SQLite one marker each."""
    values = sorted(values)
    if c.pg:
        return f"{column} = ANY(CAST(? AS text[]))", [values]
    return f"{column} IN ({','.join('?' * len(values)) or 'NULL'})", values


def _digest(scope: str) -> str:
    return hashlib.sha256(scope.encode()).hexdigest()[:24]


def _notices_digest(notices: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(notices, sort_keys=True, default=str).encode()).hexdigest()[:24]


def _merge_holds(now: str | None, seen: str | None, mine: str) -> str:
    """The holds to write when others may have changed them since they were read (``seen``):
    ``now`` is their value under lock; this merge's own additions and removals (``mine``
    against ``seen``) are applied to it."""
    current, wanted, before = json.loads(now or "{}"), json.loads(mine), json.loads(seen or "{}")
    for k in before.keys() - wanted.keys():
        current.pop(k, None)
    for k, v in wanted.items():
        if before.get(k) != v:
            current[k] = v
    return json.dumps(current, sort_keys=True)


class _UnitIndex:
    """Lookups over one load of the registry's units (``ServerStore._units``), made once:
    scopes and covering units are asked at every sync, and a walk over a province's
    hundreds of units each time was a good part of one."""

    def __init__(self, units: dict[str, Any]):
        self.units = units
        self.children: dict[str, list[str]] = {}
        self.in_commune: dict[str, list[str]] = {}
        self.in_province: dict[str, list[str]] = {}
        self.offices: dict[tuple[str, str], list[str]] = {}  # ("commune"|"province", code) → its offices
        for u in units.values():
            if u.parent_id:
                self.children.setdefault(u.parent_id, []).append(u.id)
            if u.commune_code:
                self.in_commune.setdefault(u.commune_code, []).append(u.id)
                if u.kind == "commune":
                    self.offices.setdefault(("commune", u.commune_code), []).append(u.id)
            if u.province_code:
                self.in_province.setdefault(u.province_code, []).append(u.id)
                if u.kind == "province":
                    self.offices.setdefault(("province", u.province_code), []).append(u.id)
        self._scopes: dict[str, tuple[str, ...]] = {}
        self._covering: dict[str, frozenset[str]] = {}

    def scope(self, unit_id: str) -> tuple[str, ...]:
        done = self._scopes.get(unit_id)
        if done is not None:
            return done
        me = self.units.get(unit_id)
        found = {unit_id}
        if me is not None and me.kind == "commune" and me.commune_code:
            found.update(self.in_commune.get(me.commune_code, ()))
        if me is not None and me.kind == "province" and me.province_code:
            found.update(self.in_province.get(me.province_code, ()))
        frontier = list(found)
        while frontier:
            nxt = [c for p in frontier for c in self.children.get(p, ()) if c not in found]
            found.update(nxt)
            frontier = nxt
        done = self._scopes[unit_id] = tuple(sorted(found))
        return done

    def covering(self, unit_id: str) -> frozenset[str]:
        done = self._covering.get(unit_id)
        if done is not None:
            return done
        me = self.units.get(unit_id)
        if me is None:
            return frozenset()
        offices = [*(self.offices.get(("commune", me.commune_code), ()) if me.commune_code else ()),
                   *(self.offices.get(("province", me.province_code), ()) if me.province_code else ())]
        todo, covering = [me.parent_id, *(u for u in offices if u != unit_id)], set()
        while todo:  # and whatever stands above those
            p = todo.pop()
            if p and p in self.units and p != unit_id and p not in covering:
                covering.add(p)
                todo.append(self.units[p].parent_id)
        done = self._covering[unit_id] = frozenset(covering)
        return done


# ------------------------------------------------------------------ the store
class ServerStore:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name
        self._keys: dict[str, Any] = {}
        # (when, units, the registry's stamp then): see ``_units``
        self._units_cache: tuple[float, dict[str, Any], str | None] | None = None
        # reports, the console's overviews, the public pages: a streaming replica when given
        # (``open(read_url=…)``, ``serve --read-db``: docs/deploy.md), else the primary
        self.read_engine: Engine = engine

    @classmethod
    def open(cls, url: str, *, upgrade: bool = True, read_url: str | None = None) -> ServerStore:
        """``read_url``: a streaming replica of ``url`` for the reads that may lag (``read_engine``)."""
        engine = make_engine(url)
        store = cls(engine)
        if read_url and read_url != url:
            store.read_engine = make_engine(read_url)
            if store.read_engine.dialect.name == "postgresql":
                event.listen(store.read_engine, "checkout", _read_only)
        if upgrade:
            store.upgrade()
        store.signing_key()  # made (or read) now, never inside another transaction
        return store

    def close(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()

    def upgrade(self) -> None:
        """Brings the schema to the newest migration (Alembic)."""
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # servers of two hosts starting at once: one migrates
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('songmay.migrate'))"))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            for key, value in (("counter", "0"), ("sync_known", "{}"), ("sync_holds", "{}")):
                exists = conn.execute(select(S.meta.c.key).where(S.meta.c.key == key)).first()
                if not exists:
                    conn.execute(insert(S.meta).values(key=key, value=value))
            self._count_all_if_new(conn)

    @staticmethod
    def _count_all_if_new(conn: Connection) -> None:
        """Recount the summaries (``server.summaries``) when what they count has changed
        since they were counted — or they never were (a new or upgraded database)."""
        key = summaries.META_KEY
        if conn.dialect.name == "postgresql":  # workers starting together: one recounts
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('songmay.counts'))"))
        row = conn.execute(select(S.meta.c.value).where(S.meta.c.key == key)).first()
        if row is not None and row.value == summaries.VERSION:
            return
        summaries.refresh(_Conn(conn), None, None)
        if row is None:
            conn.execute(insert(S.meta).values(key=key, value=summaries.VERSION))
        else:
            conn.execute(update(S.meta).where(S.meta.c.key == key).values(value=summaries.VERSION))

    def check_summaries(self, *, rebuild: bool = False) -> list[str]:
        """``songmay-server summaries [--rebuild]``: recount every school first when asked,
        then where the kept counts differ from a recount ([]: nowhere), in one snapshot."""
        if rebuild:
            with self.engine.begin() as conn:
                if conn.dialect.name == "postgresql":  # not at the same time as another recount
                    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('songmay.counts'))"))
                summaries.refresh(_Conn(conn), None, None)
        opts = {"isolation_level": "REPEATABLE READ"} if self.dialect == "postgresql" else {}
        with self.engine.connect().execution_options(**opts) as conn:
            return summaries.differences(_Conn(conn))

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    # ---------------------------------------------------------- the unit registry
    def merge_target(self, conn: Connection, *, locking: bool = True) -> _Target:
        """The server as ``app.changes`` sees it, on ``conn``; ``locking``: for a merge (rows
        read FOR UPDATE on PostgreSQL, ``_Target``), not for a read such as its summary."""
        return _Target(conn, locking=locking)

    def units_changed(self) -> None:
        """The registry changed (units added, moved or brought by a batch; an office enrolled):
        a new stamp in the database, so every worker process, on every host, reloads its
        units at its next look (``_units``), not after its cache's few seconds."""
        self._units_cache = None
        self.__dict__.pop("_conn_index", None)  # the units looked at on open connections (``_index``) too
        with self.engine.begin() as conn:
            conn.execute(text("INSERT INTO meta(key, value) VALUES (:k, :v) "
                              "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                         {"k": UNITS_STAMP, "v": secrets.token_hex(8)})

    def add_unit(self, code: str, name: str, *, kind: str = "school", level: str = "", commune_code: str = "",
                 province_code: str = "", parent_code: str = "", address: str = "",
                 actor: str = "operator") -> dict[str, Any]:
        """A new unit in the province's registry (``registry.unit_fields`` checks it); an
        existing code is an error, not an update."""
        f = registry.unit_fields(code, name, kind=kind, level=level, commune_code=commune_code,
                                 province_code=province_code, address=address)
        with self.engine.begin() as conn:
            if registry.by_code(conn, f["code"]) is not None:
                raise SyncError("registry.exists", code=f["code"], status=409)
            if parent_code:
                parent = registry.by_code(conn, parent_code)
                if parent is None:
                    raise SyncError("registry.parent", code=f["code"], parent=parent_code, row="-", status=400)
                f["parent_id"] = parent["id"]
            registry.write(conn, self.merge_target(conn), f, actor=actor)
            unit = registry.by_code(conn, f["code"])
        self.units_changed()
        log.info("unit added", extra={"unit": f["code"], "by": actor})
        return {k: v for k, v in (unit or {}).items() if not k.startswith("_")}

    def import_units(self, path: str | Path, *, actor: str = "operator", dry_run: bool = False
                     ) -> registry.ImportResult:
        return registry.import_rows(self, registry.parse_rows(Path(path)), actor=actor, dry_run=dry_run)

    def unit_by_code(self, code: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            return self._unit_by_code(conn, code)

    def operator_area(self, account: dict[str, Any]) -> set[str] | None:
        """The units an operator account sees and acts on: a province account without a
        unit, the whole registry (None); any other account, its unit and what that covers
        in the registry (an officer without a registered unit: nothing)."""
        if account.get("role") == "province" and not account.get("unit_code"):
            return None
        with self.engine.connect() as conn:
            unit = self._unit_by_code(conn, account.get("unit_code") or "")
            return set(self._scope(conn, unit["id"])) if unit is not None else set()

    def units(self, area: set[str] | None = None) -> list[dict[str, Any]]:
        t = S.RECORD_TABLES["unit"]
        with self.engine.connect() as conn:
            rows = conn.execute(select(t).where(t.c._deleted == 0).order_by(t.c.code)).all()
        return [{k: v for k, v in r._mapping.items() if not k.startswith("_")} for r in rows
                if area is None or r.id in area]

    # ---------------------------------------------------------- enrolment
    def issue_code(self, unit_code: str, *, hours: float = 72, created_by: str = "",
                   area: set[str] | None = None) -> tuple[str, str]:
        """A one-time enrolment code for a unit of the registry: (code, expires_at). The code
        is ``LLLL-SSSS-SSSS-SSSS`` (31 letters and digits hard to confuse): ``LLLL`` finds
        it, the 12 others (~59 bits) are kept only as a salted hash. ``area``: the issuing
        operator's units (an officer's); None: the whole registry."""
        unit_code = unit_code.strip().upper()
        if not unit_code:
            raise SyncError("enrol.unit_required")
        with self.engine.connect() as conn:
            unit = self._unit_by_code(conn, unit_code)
        if unit is None:
            raise SyncError("enrol.unit_unregistered", code=unit_code, status=404)
        if area is not None and unit["id"] not in area:
            raise SyncError("enrol.unit_outside_area", code=unit_code, status=403)
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
        code = "-".join(raw[n:n + 4] for n in range(0, 16, 4))
        now = dt.datetime.now(dt.UTC)
        expires = (now + dt.timedelta(hours=hours)).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            conn.execute(insert(S.enrolment_codes).values(
                code_hash=_salted(raw), unit_code=unit_code,
                created_at=now.isoformat(timespec="seconds"), expires_at=expires, created_by=created_by))
        return code, expires

    def _code_row(self, conn: Connection, code: str) -> Any:
        """The stored row of a one-time code (salted: found by its first four characters),
        locked for the redemption; None if no code matches."""
        raw = normalise_code(code)
        codes = S.enrolment_codes.c
        if len(raw) == 16:
            for row in conn.execute(select(S.enrolment_codes).where(
                    codes.code_hash.startswith(f"s1${raw[:4]}$", autoescape=True)).with_for_update()).all():
                if _salted_matches(row.code_hash, raw):
                    return row
            return None
        if len(raw) == 10:  # the older unsalted codes, until they expire
            return conn.execute(select(S.enrolment_codes).where(codes.code_hash == _hash(raw))
                                .with_for_update()).first()
        return None

    def enrol(self, code: str, *, instance_id: str, public_key: str, name: str = "", app_version: str = "",
              proof: str = "") -> dict[str, Any]:
        """Redeems a one-time code: registers the installation under the code's unit (from
        the registry) and returns its token. ``proof``: the installation's signature of
        ``enrol_message(instance_id, code)`` by the key it registers. An instance id
        registered already is bound to its key: only that key (re-enrolling with a new code)
        or the province's revocation frees it."""
        if not is_instance_id(instance_id) or not is_key(public_key):
            raise SyncError("enrol.bad_request")
        if not _proof_ok(public_key, enrol_message(instance_id, code), proof):
            raise SyncError("enrol.proof_failed", status=403)
        now = now_iso()
        with self.engine.begin() as conn:
            row = self._code_row(conn, code)
            if row is None:
                raise SyncError("enrol.code_unknown")
            if row.used_at:
                raise SyncError("enrol.code_used")
            if row.expires_at < dt.datetime.now(dt.UTC).isoformat(timespec="seconds"):
                raise SyncError("enrol.code_expired")
            known = self._unit_by_code(conn, row.unit_code)
            if known is None:  # a code issued before the registry: the province registers the unit now
                raise SyncError("enrol.unit_unregistered", code=row.unit_code, status=404)
            unit_id = known["id"]
            existing = conn.execute(select(S.installations).where(S.installations.c.id == instance_id)).first()
            if existing is not None and not existing.revoked_at and existing.public_key != public_key:
                log.warning("enrolment refused: instance bound to another key",
                            extra={"device": instance_id, "unit": row.unit_code})
                raise SyncError("enrol.instance_taken", status=409)
            if existing is not None and existing.revoked_at:
                # an operator issued a new code for it: the device is trusted again (a new token;
                # the old one stays dead). Revocation stops a device, a code lets one back in.
                log.info("re-enrolled after revocation", extra={"device": instance_id})
            token = secrets.token_urlsafe(32)
            values = dict(unit_id=unit_id, unit_code=row.unit_code, name=name[:200], public_key=public_key,
                          token_hash=_hash(token), enrolled_at=now, app_version=app_version[:40],
                          revoked_at="", revoked_reason="")
            if existing is None:
                conn.execute(insert(S.installations).values(id=instance_id, **values))
            else:
                conn.execute(update(S.installations).where(S.installations.c.id == instance_id).values(**values))
            conn.execute(update(S.enrolment_codes).where(S.enrolment_codes.c.code_hash == row.code_hash)
                         .values(used_at=now, used_by=instance_id))
        log.info("enrolled", extra={"device": instance_id, "unit": row.unit_code})
        self.units_changed()  # a new office covers schools now: scopes and recipients follow at once
        return self._enrolled(Installation(instance_id, unit_id, row.unit_code, name, public_key, ""), token, known)

    def _enrolled(self, inst: Installation, token: str, unit: dict[str, Any] | None) -> dict[str, Any]:
        """The answer to an enrolment: the token, the unit and scope, the keys to know."""
        with self.engine.connect() as conn:
            scope = self._scope(conn, inst.unit_id)
            # the registry's record of the unit itself, as a pull would bring it: the
            # installation takes it at once (its own unit record becomes the registry's)
            unit_changes = [ch for b in changes.changes_since(_Target(conn), {}, kinds=["unit"],
                                                               scope_unit_ids=[inst.unit_id]) for ch in b]
            self._cut_end_claim(conn, unit_changes, inst.unit_id, scope)
            return {"device_id": inst.id, "token": token, "unit_id": inst.unit_id, "unit_code": inst.unit_code,
                    "unit": unit, "unit_changes": unit_changes, "scope": scope, "server_key": self.public_key(),
                    "recipients": self._recipients(conn, inst.unit_id), "devices": self._devices(conn, scope),
                    "delegation": self._delegation(conn, inst, scope)}

    def _delegation(self, conn: Connection, inst: Installation, scope: list[str]) -> dict[str, Any] | None:
        """An office installation may enrol its schools' computers offline
        (``sync.enrolment``): the province's signed delegation, renewed at every sync."""
        units = self._index(conn, inst.unit_id).units
        me = units.get(inst.unit_id)
        if me is None or me.kind == "school":
            return None
        schools = [u for u in scope if (x := units.get(u)) is not None and x.kind == "school"]
        return delegate(self.signing_key(), officer=inst.id, officer_key=inst.public_key, unit_id=inst.unit_id,
                        unit_code=inst.unit_code, units=schools)

    def enrol_with_file(self, doc: Any, *, instance_id: str, public_key: str, proof: dict[str, Any],
                        name: str = "", app_version: str = "") -> dict[str, Any]:
        """An installation enrolled offline by an officer's file meets the server: the caller
        proves it holds the key (signing its id, the grant's id and the server's time), and
        gets a token. Registered already (a relayed bundle, same key): the proof is enough,
        however old the grant. Else the file is checked and the grant taken, once."""
        if not is_instance_id(instance_id) or not is_key(public_key):
            raise SyncError("enrol.bad_request")
        grant_id = doc.get("grant", {}).get("body", {}).get("id") if isinstance(doc, dict) else None
        if not isinstance(grant_id, str):
            raise SyncError("enrol.file_damaged", status=400, what="grant")
        try:
            check_proof(public_key, instance_id, grant_id, proof)
        except EnrolmentFileError as e:
            raise SyncError(e.key, status=400, **e.params) from e
        token = secrets.token_urlsafe(32)
        inst = S.installations.c
        try:
            with self.engine.begin() as conn:
                row = conn.execute(select(S.installations).where(inst.id == instance_id)).first()
                if row is not None and row.public_key == public_key and not row.revoked_at \
                        and self._grant_user(conn, grant_id) == instance_id:
                    device = Installation(row.id, row.unit_id, row.unit_code, row.name, row.public_key, "")
                else:
                    try:
                        grant = check(doc, server_key=self.public_key(), grace_days=TRAVEL_DAYS)
                    except EnrolmentFileError as e:
                        raise SyncError(e.key, status=400, **e.params) from e
                    device = self._accept_grant(conn, grant, instance_id, public_key, name=name,
                                                app_version=app_version)
                conn.execute(update(S.installations).where(inst.id == instance_id).values(token_hash=_hash(token)))
                unit = self._unit_by_code(conn, device.unit_code)
        except IntegrityError as e:  # two computers claiming one grant at the same moment
            raise SyncError("enrol.code_used", status=409) from e
        log.info("enrolled with a file", extra={"device": instance_id, "unit": device.unit_code})
        return self._enrolled(device, token, unit)

    @staticmethod
    def _grant_user(conn: Connection, grant_id: str) -> str:
        codes = S.enrolment_codes.c
        row = conn.execute(select(codes.used_by).where(codes.code_hash == _hash(f"grant:{grant_id}"))).first()
        return row.used_by if row is not None else ""

    def _accept_grant(self, conn: Connection, grant: Any, instance_id: str, public_key: str, *, name: str = "",
                      app_version: str = "") -> Installation:
        """Registers ``instance_id`` with ``public_key`` under an officer's grant (checked for
        signatures, shape and dates by ``sync.enrolment.check``): the officer is enrolled,
        not revoked, with the key the delegation was made to and enrolled no later than the
        delegation (re-enrolling an officer — after a stolen laptop — voids its earlier
        delegations), and still covers the school; the grant was used by no other computer;
        a computer registered before keeps its key (and a revoked one stays revoked)."""
        if not is_instance_id(instance_id) or not is_key(public_key):
            raise SyncError("enrol.bad_request")
        inst = S.installations.c
        officer = conn.execute(select(S.installations).where(inst.id == grant.officer)).first()
        if officer is None or officer.revoked_at or officer.public_key != grant.officer_key:
            raise SyncError("enrol.officer_revoked", status=403, unit=grant.officer_unit_code)
        try:
            enrolled_at = dt.datetime.fromisoformat(officer.enrolled_at)
        except ValueError:
            enrolled_at = None
        if enrolled_at is not None and grant.delegated_at < enrolled_at.replace(
                tzinfo=enrolled_at.tzinfo or dt.UTC) - dt.timedelta(seconds=1):
            raise SyncError("enrol.officer_revoked", status=403, unit=grant.officer_unit_code)
        if grant.unit_id not in self._scope(conn, officer.unit_id):
            raise SyncError("enrol.school_outside", status=403, code=grant.unit_code)
        existing = conn.execute(select(S.installations).where(inst.id == instance_id)).first()
        if existing is not None:
            if existing.public_key != public_key or existing.unit_id != grant.unit_id:
                raise SyncError("enrol.code_used", status=409)
            if existing.revoked_at:
                raise SyncError("sync.revoked")
        codes = S.enrolment_codes.c
        key = _hash(f"grant:{grant.id}")
        used = conn.execute(select(S.enrolment_codes).where(codes.code_hash == key)).first()
        if used is not None and used.used_by != instance_id:
            raise SyncError("enrol.code_used", status=409)
        now = now_iso()
        if used is None:
            conn.execute(insert(S.enrolment_codes).values(
                code_hash=key, unit_code=grant.unit_code, created_at=grant.doc["grant"]["body"]["issued_at"],
                expires_at=grant.valid_until.isoformat(timespec="seconds"), used_at=now, used_by=instance_id,
                created_by=f"officer:{grant.officer}"))
        if existing is None:
            conn.execute(insert(S.installations).values(
                id=instance_id, unit_id=grant.unit_id, unit_code=grant.unit_code, name=name[:200] or "offline",
                public_key=public_key, token_hash=_hash(secrets.token_urlsafe(32)), enrolled_at=now,
                app_version=app_version[:40]))
            log.info("enrolled offline", extra={"device": instance_id, "unit": grant.unit_code,
                                                "officer": grant.officer})
        return Installation(instance_id, grant.unit_id, grant.unit_code, name, public_key, "")

    def _unit_by_code(self, conn: Connection, code: str) -> dict[str, Any] | None:
        t = S.RECORD_TABLES["unit"]
        row = conn.execute(select(t).where(func.upper(t.c.code) == code.upper(), t.c._deleted == 0)
                           .order_by(t.c.id)).first()
        if row is None:
            return None
        return {k: v for k, v in row._mapping.items() if not k.startswith("_")}

    def authenticate(self, token: str) -> Installation:
        if not token:
            raise SyncError("sync.unauthorised")
        # ended by a commit, not a rollback: the driver forgets its prepared statements at a
        # rollback, and this read opens every request of a device (the driver's own statement:
        # no SQLAlchemy statement to compile or look up in its cache)
        with self.engine.connect() as conn:
            row = _Conn(conn).execute("SELECT id, unit_id, unit_code, name, public_key, revoked_at FROM installations "
                                      "WHERE token_hash = ?", (_hash(token),)).fetchone()
            conn.commit()
        if row is None:
            raise SyncError("sync.unauthorised")
        if row[5]:
            raise SyncError("sync.revoked")
        return Installation(*row)

    def revoke(self, device: str, reason: str = "", *, area: set[str] | None = None) -> str:
        """Stops an installation at once (its id or an unambiguous prefix of it; of a unit of
        ``area`` when given: any other is unknown to the caller)."""
        inst = S.installations.c
        q = select(inst.id).where(inst.id.startswith(device.strip(), autoescape=True))
        if area is not None:
            q = q.where(inst.unit_id.in_(sorted(area)))
        with self.engine.begin() as conn:
            ids = [r.id for r in conn.execute(q)] if device.strip() else []
            if len(ids) != 1:
                raise SyncError("server.device_unknown" if not ids else "server.device_ambiguous", device=device)
            conn.execute(update(S.installations).where(S.installations.c.id == ids[0])
                         .values(revoked_at=now_iso(), revoked_reason=reason))
        log.info("revoked", extra={"device": ids[0]})
        return ids[0]

    def installations(self, area: set[str] | None = None) -> list[dict[str, Any]]:
        """Enrolled installations (of the units of ``area``; None: all), without token hashes."""
        q = select(S.installations).order_by(S.installations.c.enrolled_at)
        if area is not None:
            q = q.where(S.installations.c.unit_id.in_(sorted(area)))
        with self.engine.connect() as conn:
            return [{k: v for k, v in r._mapping.items() if k != "token_hash"} for r in conn.execute(q)]

    # ---------------------------------------------------------- accounts (server.accounts)
    @property
    def accounts(self) -> Any:
        """Operator accounts and this process's login limits (``server.accounts.Accounts``)."""
        acc = self.__dict__.get("_accounts")
        if acc is None:
            acc = self.__dict__["_accounts"] = Accounts(self.engine)
        return acc

    def add_account(self, name: str, role: str, password: str, unit_code: str = "") -> None:
        self.accounts.add(name, role, password, unit_code)

    def check_account(self, name: str, password: str, client: str = "") -> dict[str, Any]:
        """The account if the password is right; 401 otherwise, 429 after too many failures
        from ``client`` (its address) or for ``name`` (``server.accounts``)."""
        return self.accounts.check(name, password, client)

    # ---------------------------------------------------------- keys (server.keys)
    @property
    def province_keys(self) -> Any:
        """The province's keys, in their own file (``server.keys.ProvinceKeys``)."""
        keys = self.__dict__.get("_province_keys")
        if keys is None:
            keys = self.__dict__["_province_keys"] = ProvinceKeys(self.engine)
        return keys

    def signing_key(self, name: str = "server") -> Any:
        """The province's Ed25519 key (PyNaCl; ``server``: the current one), from the key
        file (moved there from the database at the first start, made on first use): it
        signs acknowledgement bundles, and its Curve25519 twin opens bundles encrypted to
        the province."""
        return self.province_keys.signing_key(name)

    def public_key(self, name: str = "server") -> str:
        return bytes(self.signing_key(name).verify_key).hex()

    def _open_as_province(self, data: bytes, **opener: Any) -> Any:
        """A bundle sealed to the province, opened with the current key or a secondary one
        kept after a rotation; which one is remembered for the sender's acknowledgement."""
        b, key = open_as_province(self.province_keys, data, **opener)
        self.province_keys.opened_with(b.sender["id"], key)
        return b

    # ---------------------------------------------------------- units, scope, keys
    def _units(self, conn: Connection, needed: str = "") -> dict[str, Any]:
        """Every unit (id, kind, parent, commune, province, code), kept for a few seconds:
        each sync needs its scope, and units change rarely (the cache is dropped when a
        batch brings units). ``needed``: a unit that must be in it — one registered since by
        another process (the CLI, another worker) reloads the cache at once, or an office
        enrolled at once would be given itself alone as its scope. The stamp (``units_changed``)
        is read first, so a change made by any process reloads the cache at once."""
        row = _Conn(conn).execute("SELECT value FROM meta WHERE key = ?", (UNITS_STAMP,)).fetchone()
        stamp = row[0] if row is not None else None
        cached = self._units_cache
        if (cached is not None and cached[2] == stamp and time.monotonic() - cached[0] < 10
                and (not needed or needed in cached[1])):
            return cached[1]
        t = S.RECORD_TABLES["unit"]
        rows = conn.execute(select(t.c.id, t.c.kind, t.c.parent_id, t.c.commune_code, t.c.province_code,
                                   t.c.code).where(t.c._deleted == 0)).all()
        units = {r.id: r for r in rows}
        self._units_cache = (time.monotonic(), units, stamp)
        return units

    def _index(self, conn: Connection, unit_id: str) -> _UnitIndex:
        """``_units`` with its lookups (children, communes, provinces, offices), made once
        per load of the units rather than by a walk over every unit at every call."""
        seen = self.__dict__.setdefault("_conn_index", weakref.WeakKeyDictionary())
        index = seen.get(conn)  # looked at already on this connection (one request): not asked again
        if index is not None and (not unit_id or unit_id in index.units):
            return index
        units = self._units(conn, unit_id)
        index = self.__dict__.get("_unit_index")
        if index is None or index.units is not units:
            index = self.__dict__["_unit_index"] = _UnitIndex(units)
        seen[conn] = index
        return index

    def _scope(self, conn: Connection, unit_id: str) -> list[str]:
        """The unit and every unit it covers: below it by parent_id; for a commune office
        the schools of its commune, for the province every unit of the province."""
        return list(self._index(conn, unit_id).scope(unit_id))

    def _covering(self, conn: Connection, unit_id: str) -> set[str]:
        """The units above ``unit_id``: its parents, its commune's office, its province's."""
        return set(self._index(conn, unit_id).covering(unit_id))

    def _recipients(self, conn: Connection, unit_id: str) -> list[dict[str, str]]:
        """Who may read this unit's USB bundles: the province (the server's key) and the
        enrolled officers of every unit that covers it."""
        out = [{"id": "server", "kind": "server", "unit_code": "", "public_key": self.public_key()}]
        covering = self._covering(conn, unit_id)
        if covering:
            c = _Conn(conn)
            where, params = _in(c, "unit_id", covering)
            for r in c.execute(f"SELECT id, unit_code, public_key FROM installations WHERE {where} "
                               "AND revoked_at = ''", params):
                out.append({"id": r[0], "kind": "officer", "unit_code": r[1], "public_key": r[2]})
        return out

    def _summary_for(self, conn: Connection, unit_id: str, scope: list[str],
                     seen: set[str] | None = None) -> dict[str, int]:
        """The server's summary as a device of ``unit_id`` may see it: the installations of
        its scope and of the offices above it (whose writes reach it), and the server's own
        — never the ids of the whole province's computers (``seen``: those, when known)."""
        if seen is None:
            seen = self._seen_instances(conn, unit_id, scope)
        return _Target(conn).summary_of(seen)

    def _seen_instances(self, conn: Connection, unit_id: str, scope: list[str]) -> set[str]:
        c = _Conn(conn)
        where, params = _in(c, "unit_id", set(scope) | self._covering(conn, unit_id))
        return {r[0] for r in c.execute(f"SELECT id FROM installations WHERE {where}", params)} | {
            _Target.instance_id}

    def _cut_end_claim(self, conn: Connection, picked: list[dict[str, Any]] | changes.Selected, unit_id: str,
                       scope: list[str], seen: set[str] | None = None) -> None:
        """The END marker of a stream for a device claims what the server knows of the
        installations that device may know of, not of the whole province."""
        end = picked.end if isinstance(picked, changes.Selected) else picked[-1] if picked else None
        if end is not None and end.get("k") == changes.END and isinstance(end.get("p"), dict):
            if seen is None:
                seen = self._seen_instances(conn, unit_id, scope)
            end = {**end, "p": {i: c for i, c in end["p"].items() if i in seen}}
            if isinstance(picked, changes.Selected):
                picked.end = end
            else:
                picked[-1] = end

    def _devices(self, conn: Connection, scope: list[str]) -> list[dict[str, Any]]:
        """The installations whose bundles a device of this scope may read and check."""
        c = _Conn(conn)
        where, params = _in(c, "unit_id", scope)
        return [{"id": r[0], "unit_id": r[1], "unit_code": r[2], "public_key": r[3], "revoked": bool(r[4])}
                for r in c.execute("SELECT id, unit_id, unit_code, public_key, revoked_at FROM installations "
                                   f"WHERE {where}", params)]

    def _recipients_for(self, unit_id: str) -> list[dict[str, str]]:
        with self.engine.connect() as conn:
            return self._recipients(conn, unit_id)

    def _devices_for(self, scope: list[str]) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return self._devices(conn, scope)

    def scope(self, device: Installation) -> list[str]:
        with self.engine.connect() as conn:
            return self._scope(conn, device.unit_id)

    def scope_of(self, conn: Connection, unit_id: str) -> list[str]:
        """``scope`` of a unit, on the caller's connection (bench/server_load.py times it)."""
        return self._scope(conn, unit_id)

    def notices(self, conn: Connection, device: Installation, scope: list[str]) -> list[dict[str, Any]]:
        """What an acknowledgement tells ``device`` (open conflicts and duplicates of its
        ``scope``, its quarantined records), on the caller's connection."""
        return self._notices(conn, device, scope)

    def push(self, device: Installation, batch: Any) -> dict[str, Any]:
        """Merges one decoded batch (``sync.protocol.Batch``) from ``device`` in one
        transaction. A batch already applied is acknowledged again, not re-applied."""
        return self._take(device, batch.id, batch.changes, actor=f"device:{device.id}")

    def relay(self, uploader: Installation, data: bytes, name: str = "") -> dict[str, Any]:
        """A school's USB bundle, uploaded by whoever carried it (an officer): checked against
        the ORIGINAL sender's enrolled key — so a carrier cannot forge a school's records —
        decrypted with the province's key and merged as that installation's push, once."""
        with self.engine.connect() as conn:
            inst = S.installations.c
            known = [{"id": r.id, "unit_id": r.unit_id, "unit_code": r.unit_code, "public_key": r.public_key,
                      "revoked": bool(r.revoked_at)}
                     for r in conn.execute(select(inst.id, inst.unit_id, inst.unit_code, inst.public_key,
                                                  inst.revoked_at))]

        b = self._open_as_province(data, devices=known, name=name, vouch=voucher(self.public_key()))
        sender = b.sender
        if "grant" in sender:  # enrolled offline by an officer: registered now, once
            try:
                with self.engine.begin() as conn:
                    self._accept_grant(conn, sender["grant"], sender["id"], sender["public_key"], name="offline",
                                       app_version=b.manifest.app_version)
            except IntegrityError as e:  # the same grant taken by another computer at the same moment
                raise SyncError("enrol.code_used", status=409) from e
        device = Installation(sender["id"], sender["unit_id"], sender["unit_code"], "", sender["public_key"], "")

        def summary_in(key: str) -> dict[str, int]:
            units, kinds = (None if part == changes.ALL else part.split(",") for part in key.split("|"))
            with self.engine.connect() as c:
                return changes.summary(_Target(c), units, kinds=kinds)

        stream = trim_claims(b.changes, b.manifest.since, summary_in)
        out = self._take(device, b.id, stream, actor=f"usb:{device.id} via {uploader.id}")
        with self.engine.begin() as conn:  # what the sender knew: the next ack starts there
            key = f"ack_since:{device.id}"
            before = json.loads(_Target(conn).sync_meta(key, "{}") or "{}")
            _Target(conn).set_sync_meta(key, json.dumps(changes.join(before, b.manifest.summary), sort_keys=True))
        log.info("relayed", extra={"sender": device.id, "by": uploader.id, "bundle": b.id[:16],
                                   "records": b.manifest.records})
        return {**out, "sender": device.id, "unit_code": device.unit_code, "records": b.manifest.records}

    def ack_bundle(self, device_id: str, *, carrier: Installation | None = None) -> tuple[str, bytes]:
        """An acknowledgement bundle for one installation (file name, bytes), signed by the
        province and readable by that installation only: what reached the province (the
        server's summary: the device's "not yet at the province" count falls), what the
        server says of its records (notices), and what flows down to its unit (approvals,
        allocations, the school's other devices' records) that it has not shown it knows.
        ``carrier``: the officer asking for it, who must cover the device's unit."""
        with self.engine.connect() as conn:
            row = conn.execute(select(S.installations).where(S.installations.c.id == device_id)).first()
            if row is None:
                raise SyncError("server.device_unknown", device=device_id)
            if carrier is not None and row.unit_id not in self._scope(conn, carrier.unit_id):
                raise SyncError("server.device_unknown", device=device_id)
            dev = Installation(row.id, row.unit_id, row.unit_code, row.name, row.public_key, row.revoked_at)
            target = _Target(conn)
            since = {k: int(v) for k, v in json.loads(target.sync_meta(f"ack_since:{dev.id}", "{}") or "{}").items()}
            scope = self._scope(conn, dev.unit_id)
            picked = [ch for b in changes.changes_since(target, since, scope_unit_ids=scope) for ch in b]
            self._cut_end_claim(conn, picked, dev.unit_id, scope)
            ack = {"summary": self._summary_for(conn, dev.unit_id, scope), "notices": self._notices(conn, dev, scope),
                   "scope": scope,
                   "recipients": self._recipients(conn, dev.unit_id), "devices": self._devices(conn, scope)}
        with self.engine.begin() as conn:  # the officer carries it: these are on their way
            given = dict(picked[-1].get("p") or {})
            for ch in picked[:-1]:  # what it holds, claimed or not (a held version is never claimed)
                given = changes.join(given, {k: int(v) for k, v in (ch.get("vv") or {}).items()})
            self._told(conn, dev.id, None, ack["notices"], given=given)
        end = picked[-1]
        kinds: dict[str, int] = {}
        for ch in picked[:-1]:
            kinds[ch["k"]] = kinds.get(ch["k"], 0) + 1
        created = now_iso()
        chunks, _manifest = seal(
            iter_batches(picked, 128 * 1024), sender_key=self.province_keys.key_for(dev.id),
            sender={"instance": "server", "unit_id": dev.unit_id, "unit_code": "", "unit_name": ""},
            readers=[{"id": dev.id, "kind": "device", "unit_code": dev.unit_code, "public_key": dev.public_key}],
            summary=dict(end.get("p") or {}), since=since, scope=end["s"], records=len(picked) - 1, kinds=kinds,
            created_at=created, app_version=__version__, extra={"ack": ack})
        minute = created[:16].replace('-', '').replace(':', '').replace('T', '-')
        name = f"ACK_{dev.unit_code}_{dev.id[:8]}_{minute}.smb"
        return name, b"".join(chunks)

    def sender(self, conn: Connection, device: Installation) -> authz.Sender:
        """Who ``device`` is for the authority: its unit's kind and province, and the units
        it may write in (a school: its own; an office: its area in the registry)."""
        me = self._index(conn, device.unit_id).units.get(device.unit_id)
        kind = me.kind if me is not None else ""
        area = {device.unit_id} if kind not in authz.OFFICE_KINDS else set(self._scope(conn, device.unit_id))
        return authz.Sender(instance=device.id, unit_id=device.unit_id, unit_kind=kind,
                            province_code=me.province_code if me is not None else "", area=frozenset(area))

    def _take(self, device: Installation, batch_id: str, stream: list[dict[str, Any]], *,
              actor: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            merged = self._merge(conn, device, batch_id, stream, actor=actor)
            if isinstance(merged, dict):
                return merged
            out, _view = self._settle(conn, device, batch_id, *merged)
            conn.commit()
        return out

    def _merge(self, conn: Connection, device: Installation, batch_id: str, stream: list[dict[str, Any]], *,
               actor: str) -> dict[str, Any] | tuple[changes.ApplyResult, list[dict[str, Any]]]:
        """One batch merged in a transaction of its own on ``conn`` (committed): the result
        and the stream as judged, or the acknowledgement of a batch applied before."""
        c = _Conn(conn)
        with conn.begin():
            seen = c.execute("SELECT result FROM batches WHERE device_id = ? AND batch_id = ?",
                             (device.id, batch_id)).fetchone()
            if seen is not None:
                return {**json.loads(seen[0]), "repeated": True}
            target = _Target(conn, locking=True)
            judge = authz.Authority(self.sender(conn, device), stream, authz.record_unit_lookup(target.conn.execute),
                                    lambda: changes.summary(_Target(conn)),
                                    registered=lambda: {r[0] for r in c.execute("SELECT id FROM installations")}
                                    | {_Target.instance_id})
            # a device claims knowledge of its own writes only (never another installation's)
            stream = [authz.own_claims(ch, device.id) for ch in stream]
            # the merge ends with the sync state's short locks: commit right after them
            result = changes.apply_changes(target, stream, actor=actor, screen=judge.judge, final_refusals=True)
        if target.units_moved:
            self.units_changed()  # scopes may have grown, in every worker
        return result, stream

    def _settle(self, conn: Connection, device: Installation, batch_id: str, result: changes.ApplyResult,
                stream: list[dict[str, Any]], *, seen_at: bool = True) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """After a merge, on ``conn`` in the transaction the caller commits: what the
        acknowledgement says, what was refused, the acknowledgement kept for a re-sent batch,
        the device's last contact (``seen_at``; else the caller writes it). Lost in a crash,
        they cost nothing: the batch comes again, merges to nothing new, and is refused or
        acknowledged again. Returns the acknowledgement and, for a complete push, what it
        tells the device of the server (``_view``: a hello answered in the same transaction
        tells the same)."""
        out: dict[str, Any] = {
            "batch": batch_id, "inserted": result.inserted, "updated": result.updated,
            "ignored": result.ignored, "conflicts": result.conflicts, "complete": result.complete,
            "rejected": [{"kind": r.kind, "id": r.id, "reason": r.reason, "code": r.code}
                         for r in result.rejected],
        }
        now = now_iso()
        c = _Conn(conn)
        if result.rejected:
            by_id = {(ch.get("k"), ch.get("id")): ch for ch in stream}
            room = [QUARANTINE_PER_DEVICE - conn.execute(select(func.count()).select_from(S.quarantine).where(
                S.quarantine.c.device_id == device.id)).scalar()]
            for r in result.rejected:
                ch = by_id.get((r.kind, r.id), {})
                vv = ch.get("vv") if isinstance(ch.get("vv"), dict) else {}
                ctr, i = changes.stamp(vv) if vv and all(type(v) is int for v in vv.values()) else (0, "")
                self._quarantine(conn, device, r, ch, i, ctr, now, room)
        view = None
        if result.complete:  # after the refusals: the notices name them
            view = self._view(conn, device)
            # the scope grows when units arrive; a new school's unit arrived just now: who reads
            # its USB bundles is known only now
            out.update(scope=view["scope"], summary=view["summary"], recipients=view["recipients"],
                       notices=view["notices"])
        if seen_at:
            c.execute("UPDATE installations SET last_seen_at = ? WHERE id = ?", (now, device.id))
        # a batch with a deferred version is merged again when it comes again (then it may pass);
        # the same batch sent twice at once: one record is enough
        if not any(r.code == "deferred" for r in result.rejected):
            c.execute("INSERT INTO batches (device_id, batch_id, received_at, result) "
                      "VALUES (?, ?, ?, ?) ON CONFLICT (device_id, batch_id) DO NOTHING",
                      (device.id, batch_id, now, json.dumps(out, ensure_ascii=False)))
        if result.rejected or result.conflicts:
            log.info("push", extra={"device": device.id, "rejected": len(result.rejected),
                                    "conflicts": result.conflicts})
        return out, view

    def _view(self, conn: Connection, device: Installation) -> dict[str, Any]:
        """What the server tells ``device`` of itself at a sync (an acknowledgement, a hello):
        its scope, the installations it may know of (``seen``) and the server's summary of
        them, who reads its USB bundles, its notices."""
        scope = self._scope(conn, device.unit_id)
        seen = self._seen_instances(conn, device.unit_id, scope)
        return {"scope": scope, "seen": seen, "summary": self._summary_for(conn, device.unit_id, scope, seen),
                "recipients": self._recipients(conn, device.unit_id), "notices": self._notices(conn, device, scope)}

    def _quarantine(self, conn: Connection, device: Installation, r: changes.Rejected, ch: dict[str, Any],
                    instance: str, counter: int, now: str, room: list[int]) -> None:
        """Keeps a refused version (``room``: how many more this installation may have kept)."""
        q = S.quarantine.c
        dup = conn.execute(select(q.id).where(q.device_id == device.id, q.kind == r.kind, q.record_id == r.id,
                                              q.instance == instance, q.counter == counter)).first()
        if dup is not None:
            conn.execute(update(S.quarantine).where(q.id == dup.id).values(reason=r.reason, received_at=now))
            return
        if room[0] <= 0:  # a flood of refusals: answered, logged, not all kept
            log.warning("quarantine full for a device", extra={"device": device.id, "kind": r.kind, "code": r.code})
            return
        room[0] -= 1
        conn.execute(insert(S.quarantine).values(  # filed under the sender's unit: whose problem it is
            device_id=device.id, unit_id=device.unit_id, kind=r.kind, record_id=r.id, instance=instance,
            counter=counter, code=r.code, reason=r.reason, received_at=now,
            data=json.dumps(ch, ensure_ascii=False, default=str)[:QUARANTINE_DATA_BYTES]))

    def hello(self, device: Installation, device_summary: dict[str, int], *, batch_bytes: int = 256 * 1024,
              max_changes: int = 200_000, conflicts: list[dict[str, Any]] | None = None,
              encoding: dict[str, int] | None = None) -> tuple[dict[str, Any], Iterator[bytes]]:
        """The start of a sync: what the server knows (for the device's push), what it
        says of the device's records, and what the device lacks (pull): the header, and the
        encoded batches (at most ``batch_bytes`` each) as an iterator that encodes them as
        they are sent — the database is read first and released before. At most
        ``max_changes`` go in one answer (``more``: ask again). ``conflicts``: the losing
        versions the device holds (``app.changes.conflicts_to_report``)."""
        if conflicts:
            self._record_conflicts(device, conflicts)
        with self.engine.connect() as conn:
            header, picked = self._answer(conn, device, device_summary, max_changes=max_changes)
            conn.commit()
        return header, iter_batches(picked, batch_bytes, **(encoding or {}))  # codec, fmt: what the device reads

    def exchange(self, device: Installation, batch: Any, device_summary: dict[str, int], *,
                 batch_bytes: int = 256 * 1024, max_changes: int = 200_000,
                 conflicts: list[dict[str, Any]] | None = None, encoding: dict[str, int] | None = None
                 ) -> tuple[dict[str, Any] | None, dict[str, Any], Iterator[bytes]]:
        """API 2's last batch (``server.exchange``; None: none) merged, then the hello
        answered: ``push`` then ``hello``, with the acknowledgement's bookkeeping and the
        answer in one transaction on one connection, and what both tell the device of the
        server (scope, summary, recipients, notices) looked up once. Returns the batch's
        acknowledgement (None without a batch), the header and the pull."""
        with self.engine.connect() as conn:
            ack = view = None
            merged = None
            if batch is not None:
                merged = self._merge(conn, device, batch.id, batch.changes, actor=f"device:{device.id}")
                if isinstance(merged, dict):
                    ack, merged = merged, None
            if conflicts:
                self._record_conflicts(device, conflicts)
            if merged is not None:
                ack, view = self._settle(conn, device, batch.id, *merged, seen_at=False)
            header, picked = self._answer(conn, device, device_summary, max_changes=max_changes, view=view)
            conn.commit()
        return ack, header, iter_batches(picked, batch_bytes, **(encoding or {}))

    def _answer(self, conn: Connection, device: Installation, device_summary: dict[str, int], *,
                max_changes: int, view: dict[str, Any] | None = None) -> tuple[dict[str, Any], changes.Selected]:
        """A hello's header and its pull (its rows read, made changes as they are encoded,
        after the caller's transaction), on ``conn`` in the transaction the caller commits;
        ``view``: ``_view`` looked up already in it."""
        target = _Target(conn)
        scope = view["scope"] if view is not None else self._scope(conn, device.unit_id)
        picked = changes.select(target, device_summary, scope_unit_ids=scope)
        more = picked.count + 1 >= max_changes  # (with the END marker) the device asks again
        if view is None:
            seen = self._seen_instances(conn, device.unit_id, scope)
            view = {"scope": scope, "seen": seen,
                    "summary": self._summary_for(conn, device.unit_id, scope, seen),
                    "notices": self._notices(conn, device, scope),
                    "recipients": self._recipients(conn, device.unit_id)}
        if not more:
            self._cut_end_claim(conn, picked, device.unit_id, scope, view["seen"])
        now = now_iso()
        header = {
            "protocol": PROTOCOL_VERSION, "server_time": now, "device": device.id,
            "unit_id": device.unit_id, "unit_code": device.unit_code, "scope": scope,
            "summary": view["summary"], "notices": view["notices"],
            "more": more, "changes": picked.count,
            "recipients": view["recipients"], "devices": self._devices(conn, scope),
            "delegation": self._delegation(conn, device, scope),
        }
        _Conn(conn).execute("UPDATE installations SET last_seen_at = ? WHERE id = ?", (now, device.id))
        self._told(conn, device.id, device_summary, header["notices"])
        return header, picked

    @staticmethod
    def _told(conn: Connection, device_id: str, knows: dict[str, int] | None, notices: list[dict[str, Any]],
              given: dict[str, int] | None = None) -> None:
        """What ``device_id`` has shown it knows (its summary at a sync, or a bundle's), what
        an acknowledgement on its way to it holds (``given``: the officer carries it until a
        newer one replaces it) and the notices it was last given: the next acknowledgement
        starts at what it knows, and an officer fetches one only for a school with something
        new since either (``waiting_acks``)."""
        c = _Conn(conn)
        keys = (f"ack_given:{device_id}", f"ack_since:{device_id}", f"ack_notices:{device_id}")
        have = {k: v for k, v in c.execute("SELECT key, value FROM meta WHERE key IN (?, ?, ?)", keys)}
        writes = []
        if given:
            before = json.loads(have.get(keys[0]) or "{}")
            writes.append((keys[0], json.dumps(changes.join(before, given), sort_keys=True)))
        if knows:
            before = json.loads(have.get(keys[1]) or "{}")
            joined = changes.join(before, {k: int(v) for k, v in knows.items() if type(v) is int})
            if joined != before:
                writes.append((keys[1], json.dumps(joined, sort_keys=True)))
        digest = _notices_digest(notices)
        if (have.get(keys[2]) or "") != digest:
            writes.append((keys[2], digest))
        c.executemany("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                      writes)

    def waiting_acks(self, carrier: Installation) -> list[dict[str, Any]]:
        """The school installations of ``carrier``'s area with something the province has
        for them that they have not shown they know — decisions, verifications, their
        other computers' records — or notices (warnings) they have not been given: each
        {device, unit_id, unit_code, unit_name, records, kinds, notices}. An officer fetches
        an acknowledgement for each and carries it on the stick."""
        out = []
        with self.engine.connect() as conn:
            units = self._units(conn)
            me = units.get(carrier.unit_id)
            if me is None or me.kind not in authz.OFFICE_KINDS:  # a school carries no one's
                return []
            area = set(self._scope(conn, carrier.unit_id))
            inst = S.installations.c
            rows = conn.execute(select(inst.id, inst.unit_id, inst.unit_code, inst.public_key, inst.name)
                                .where(inst.revoked_at == "").order_by(inst.unit_code, inst.id)).all()
            t = S.RECORD_TABLES["unit"]
            names = dict(conn.execute(select(t.c.id, t.c.name)).all())
            target = _Target(conn)
            for r in rows:
                u = units.get(r.unit_id)
                if r.id == carrier.id or r.unit_id not in area or u is None or u.kind in authz.OFFICE_KINDS:
                    continue
                dev = Installation(r.id, r.unit_id, r.unit_code, r.name, r.public_key, "")
                since = changes.join(*({k: int(v) for k, v in json.loads(target.sync_meta(f"{key}:{r.id}", "{}")
                                                                          or "{}").items()}
                                        for key in ("ack_since", "ack_given")))
                scope = self._scope(conn, r.unit_id)
                kinds: dict[str, int] = {}
                for batch in changes.changes_since(target, since, scope_unit_ids=scope):
                    for ch in batch:
                        if ch.get("k") != changes.END:
                            kinds[ch["k"]] = kinds.get(ch["k"], 0) + 1
                notices = self._notices(conn, dev, scope)
                fresh = target.sync_meta(f"ack_notices:{r.id}", "") != _notices_digest(notices)
                if kinds or fresh:
                    out.append({"device": r.id, "unit_id": r.unit_id, "unit_code": r.unit_code,
                                "unit_name": names.get(r.unit_id, ""), "records": sum(kinds.values()),
                                "kinds": kinds, "notices": len(notices) if fresh else 0})
        return out

    # ---------------------------------------------------------- duplicates, notices
    @staticmethod
    def _active(alias: str) -> str:
        """The student ``alias`` has an active need or handover (``app.predicates``, as on
        the devices)."""
        return predicates.active_at_school(alias)

    def _duplicates(self, conn: Connection, scope: list[str] | None = None) -> list[dict[str, Any]]:
        """Pairs (a student of ``scope``, the same personal ID active at another unit). The
        other side is found through the personal ID index, never by scanning the province."""
        c = _Conn(conn)
        params: list[Any] = []
        where = ""
        if scope is not None and not scope:
            return []  # an area without units (an officer whose unit is not registered)
        if scope is not None:
            where = f"AND m.unit_id IN ({','.join('?' * len(scope))})"
            params = list(scope)
        pairs = """
            FROM students m
            JOIN students e ON e.personal_id = m.personal_id AND e.unit_id != m.unit_id AND e._deleted=0"""
        if scope is not None:
            # a few units (a sync's notices): the pairs by the personal-ID index first, then
            # "active" for those alone — else PostgreSQL may hash every need and handover of
            # the province to test a school's few children, and SQLite tests "active" for each
            # child of the school before looking for their ID elsewhere (5,291 children: 8 → 3.5
            # ms). OFFSET 0 (SQLite: after LIMIT -1, no limit) keeps the subquery apart.
            pairs = f"""
                FROM (SELECT m.id AS mid, e.id AS eid {pairs}
                      WHERE m._deleted=0 AND m.personal_id != '' {where} {"" if c.pg else "LIMIT -1"} OFFSET 0) p
                JOIN students m ON m.id = p.mid JOIN students e ON e.id = p.eid"""
            where = ""  # said inside
        sql = f"""
            SELECT m.personal_id, m.id AS student_id, m.unit_id, m.full_name,
                   e.id AS other_id, e.unit_id AS other_unit, e.full_name AS other_name,
                   u.code AS other_code, u.name AS other_unit_name
            {pairs}
            LEFT JOIN units u ON u.id = e.unit_id
            WHERE m._deleted=0 AND m.personal_id != '' {where}
              AND {self._active("m")} AND {self._active("e")}
            ORDER BY m.personal_id, m.unit_id, e.unit_id"""
        return [dict(zip(r.keys(), r, strict=True)) for r in c.execute(sql, params)]

    def duplicate_pairs(self, area: set[str] | None = None) -> list[dict[str, Any]]:
        """The pairs ``_duplicates`` finds (the same its notices name) with a child of
        ``area`` (None: all): the console's list of children at two schools."""
        with self.engine.connect() as conn:
            return self._duplicates(conn, sorted(area) if area is not None else None)

    def duplicates(self, area: set[str] | None = None) -> list[dict[str, Any]]:
        """The province's list: each personal ID active at more than one unit (with a
        child of ``area`` among them; None: all)."""
        with self.engine.connect() as conn:
            pairs = self._duplicates(conn, sorted(area) if area is not None else None)
        out: dict[str, dict[str, Any]] = {}
        for p in pairs:
            entry = out.setdefault(p["personal_id"], {"personal_id": p["personal_id"], "students": {}})
            entry["students"][p["student_id"]] = {"student_id": p["student_id"], "unit_id": p["unit_id"],
                                                  "full_name": p["full_name"]}
            if area is not None:  # the other school, outside the area: named, its child by id only
                entry["students"].setdefault(p["other_id"], {"student_id": p["other_id"], "unit_id": p["other_unit"],
                                                             "unit_code": p["other_code"] or "", "full_name": ""})
        return [{"personal_id": e["personal_id"], "students": list(e["students"].values())} for e in out.values()]

    def _record_conflicts(self, device: Installation, reported: list[dict[str, Any]]) -> None:
        """Losing versions a device reports, to relay to its unit's other devices. Taken
        only where the server can vouch for them: a record of the sender's area, and a
        losing version the sender wrote itself (its own words) or one the server itself
        stored of that record (its audit names it) — or a conflict the server holds
        already, whose resolution the sender reports. Anything else is dropped unseen."""
        c = S.conflicts.c
        with self.engine.begin() as conn:
            area = self.sender(conn, device).area
            room = CONFLICTS_PER_DEVICE - conn.execute(
                select(func.count()).select_from(S.conflicts)
                .where(c.resolved_at == "", c.instance == device.id)).scalar()
            for r in reported[:500]:
                if not isinstance(r, dict) or r.get("kind") not in KINDS or type(r.get("counter")) is not int:
                    continue
                table = KINDS[r["kind"]].TABLE
                stored = conn.execute(text(f"SELECT unit_id FROM {table} WHERE id = :id"),
                                      {"id": str(r.get("record_id"))}).first()
                if stored is None or stored.unit_id not in area:
                    continue
                key = (c.record_id == str(r.get("record_id"))) & (c.instance == str(r.get("instance"))) \
                    & (c.counter == r["counter"])
                row = conn.execute(select(c.id, c.resolved_at).where(key)).first()
                if row is None and room > 0 and (r.get("instance") == device.id or conn.execute(
                        select(S.audit.c.id).where(S.audit.c.record_id == str(r.get("record_id")),
                                                   S.audit.c.instance == str(r.get("instance")),
                                                   S.audit.c.counter == r["counter"]).limit(1)).first()):
                    conn.execute(insert(S.conflicts).values(
                        kind=r["kind"], record_id=str(r.get("record_id")), instance=str(r.get("instance")),
                        counter=r["counter"], vv=json.dumps(r.get("vv") or {}, sort_keys=True),
                        data=json.dumps(r.get("data") or {}, ensure_ascii=False, sort_keys=True),
                        deleted=int(bool(r.get("deleted"))), detected_at=str(r.get("detected_at") or now_iso()),
                        resolved_at=now_iso() if r.get("resolution") else "",
                        resolved_by=f"device:{device.id}" if r.get("resolution") else "",
                        resolution=str(r.get("resolution") or "")))
                    room -= 1
                elif row is not None and r.get("resolution") and not row.resolved_at:
                    conn.execute(update(S.conflicts).where(c.id == row.id).values(
                        resolved_at=now_iso(), resolved_by=f"device:{device.id}", resolution=str(r["resolution"])))

    def _open_conflicts(self, conn: Connection, scope: list[str]) -> list[dict[str, Any]]:
        """The open conflicts on records of ``scope``: one query per kind, never a walk over
        the province's conflicts."""
        if not scope:
            return []
        c = _Conn(conn)
        marks = ",".join("?" * len(scope))
        # the kinds written in (names of KINDS): a school's statement has one parameter a kind,
        # few enough to be prepared once (``_Conn.execute``), not planned at every sync (with the
        # kinds as parameters too: 1.1 ms of Python and PostgreSQL a school, now 0.2 ms)
        parts = [(f"SELECT k.* FROM conflicts k JOIN {cls.TABLE} t ON t.id = k.record_id "
                  f"WHERE k.resolved_at = '' AND k.kind = '{kind}' AND t.unit_id IN ({marks})", list(scope))
                 for kind, cls in KINDS.items()]
        rows = []
        if len(scope) <= 100:  # a school's or a commune's: one statement (few parameters)
            rows = c.execute(" UNION ALL ".join(sql for sql, _p in parts), [x for _s, p in parts for x in p]).fetchall()
        else:
            for sql, params in parts:
                rows += c.execute(sql, params).fetchall()
        return [{"kind": "conflict", "record_kind": r["kind"], "record_id": r["record_id"],
                 "detail": {"kind": r["kind"], "record_id": r["record_id"], "instance": r["instance"],
                            "counter": r["counter"], "vv": json.loads(r["vv"]), "data": json.loads(r["data"]),
                            "deleted": r["deleted"], "detected_at": r["detected_at"]}}
                for r in sorted(rows, key=lambda r: r["id"])]

    def _notices(self, conn: Connection, device: Installation, scope: list[str]) -> list[dict[str, Any]]:
        notices: list[dict[str, Any]] = self._open_conflicts(conn, scope)
        for p in self._duplicates(conn, scope):
            notices.append({
                "kind": "duplicate", "record_kind": "student", "record_id": p["student_id"],
                "detail": {"personal_id": p["personal_id"], "other_unit_code": p["other_code"] or "",
                           "other_unit_name": p["other_unit_name"] or "", "other_student_id": p["other_id"]}})
        for kind, record_id, code, reason, instance, counter in _Conn(conn).execute(
                "SELECT kind, record_id, code, reason, instance, counter FROM quarantine "
                "WHERE device_id = ? AND handled_at = '' ORDER BY id", (device.id,)).fetchall():
            if self._superseded(conn, kind, record_id, instance, counter):
                continue
            notices.append({"kind": "refused" if code in ("scope", "forbidden") else "quarantined",
                            "record_kind": kind, "record_id": record_id, "reason": reason,
                            "detail": {"instance": instance, "counter": counter}})
        return notices

    def _superseded(self, conn: Connection, kind: str, record_id: str, instance: str, counter: int) -> bool:
        """A quarantined version the server has since received a version covering it of."""
        cls = KINDS.get(kind)
        if cls is None:
            return False
        row = conn.execute(text(f"SELECT _vv FROM {cls.TABLE} WHERE id = :id"), {"id": record_id}).first()
        return row is not None and json.loads(row[0]).get(instance, 0) >= counter

    def quarantined(self, area: set[str] | None = None, *, limit: int | None = None,
                    offset: int = 0) -> list[dict[str, Any]]:
        """Refused versions still standing and not marked handled, of senders of ``area``
        (None: all), newest last; ``limit``/``offset`` page through them."""
        q = select(S.quarantine).where(S.quarantine.c.handled_at == "").order_by(S.quarantine.c.id) \
            .offset(offset).limit(limit)
        if area is not None:
            q = q.where(S.quarantine.c.unit_id.in_(sorted(area)))
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
            return [dict(r._mapping) for r in rows
                    if not self._superseded(conn, r.kind, r.record_id, r.instance, r.counter)]

    def quarantine_count(self, area: set[str] | None = None) -> int:
        """How many refused versions of ``area`` are kept unhandled (superseded ones
        included: an upper bound of ``quarantined``'s, for paging)."""
        q = select(func.count()).select_from(S.quarantine).where(S.quarantine.c.handled_at == "")
        if area is not None:
            q = q.where(S.quarantine.c.unit_id.in_(sorted(area)))
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar() or 0)

    def mark_handled(self, quarantine_id: int, by: str, area: set[str] | None = None) -> bool:
        """An operator has dealt with a refused version (issue 17): it leaves the console's
        list and the notices its computer is given. False: none such unhandled in ``area``."""
        q = S.quarantine.c
        where = [q.id == quarantine_id, q.handled_at == ""]
        if area is not None:
            where.append(q.unit_id.in_(sorted(area)))
        with self.engine.begin() as conn:
            done = conn.execute(update(S.quarantine).where(*where).values(handled_at=now_iso(), handled_by=by))
        return bool(done.rowcount)

    def quarantine_entry(self, quarantine_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(S.quarantine).where(S.quarantine.c.id == quarantine_id)).first()
        return dict(row._mapping) if row is not None else None

    # ---------------------------------------------------------- status
    def status(self, area: set[str] | None = None) -> dict[str, Any]:
        """Counts of records, devices, quarantine, duplicates and open conflicts (of the
        units of ``area``; None: the whole database)."""
        units = sorted(area) if area is not None else None
        with self.engine.connect() as conn:
            records = {}
            for kind, t in S.RECORD_TABLES.items():
                q = select(func.count()).select_from(t).where(t.c._deleted == 0)
                records[kind] = conn.execute(q if units is None else q.where(t.c.unit_id.in_(units))).scalar()
            inst = S.installations.c
            mine = (inst.unit_id.in_(units),) if units is not None else ()
            enrolled = conn.execute(select(func.count()).select_from(S.installations)
                                    .where(inst.revoked_at == "", *mine)).scalar()
            revoked = conn.execute(select(func.count()).select_from(S.installations)
                                   .where(inst.revoked_at != "", *mine)).scalar()
            open_conflicts = sum(1 for r in conn.execute(select(S.conflicts.c.kind, S.conflicts.c.record_id)
                                                         .where(S.conflicts.c.resolved_at == "")).all()
                                 if units is None or self._record_unit(conn, r.kind, r.record_id) in area)
            revision = MigrationContext.configure(conn).get_current_revision()
        return {
            "database": self.dialect, "schema": revision, "records": records,
            "devices": {"enrolled": enrolled, "revoked": revoked},
            "quarantined": len(self.quarantined(area)), "duplicates": len(self.duplicates(area)),
            "conflicts": open_conflicts,
        }

    @staticmethod
    def _record_unit(conn: Connection, kind: str, record_id: str) -> str | None:
        cls = KINDS.get(kind)
        row = conn.execute(text(f"SELECT unit_id FROM {cls.TABLE} WHERE id = :id"),
                           {"id": record_id}).first() if cls else None
        return row.unit_id if row is not None else None


def _private_sqlite(url: str) -> None:
    """A SQLite file (and its -wal/-shm) made 0600 before SQLite opens it, its folder
    private: made 0700, or tightened to 0700 when it is the server's data folder (the
    file is ``songmay-server.db``). ``app.private_files``; nothing changes on Windows."""
    path = make_url(url).database
    if path and path != ":memory:" and not path.startswith("file:"):
        prepare_sqlite(path, lock_folder=Path(path).name == "songmay-server.db")


def _read_only(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    """A replica's connections begin read-only transactions. (SQLAlchemy resets
    ``postgresql_readonly`` to an explicit READ WRITE on check-in, which a hot standby refuses.)"""
    dbapi_conn.read_only = True


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite"):
        _private_sqlite(url)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):  # noqa: ANN001 - one writer at a time, and no upgrade deadlocks
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        # pysqlite's own transaction handling would BEGIN lazily; take it over
        @event.listens_for(engine, "connect")
        def _autocommit(dbapi_conn, _record):  # noqa: ANN001
            dbapi_conn.isolation_level = None

        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
