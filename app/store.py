"""The local store: one installation's SQLite file, and the one way a record is written here.

A record written on this computer goes through :meth:`Store.save` (or a store method built
on it: ``delete``, ``set_unit``, ``need_action``, ``hand_over``, …), which in one
transaction validates the record, applies the domain rules, bumps the installation's
write counter, stamps the record's version (last writer instance + counter, version
vector) and appends the audit event. A failure anywhere leaves nothing behind. The user
actions in ``app.ops`` write through these methods and ``Store.transaction``.

Other writers use the store's connection, each for its own tables: ``app.changes`` writes
the records a sync brings (with the versions they came with), the conflicts and the
remote summary; ``app.sync_state`` the sync runs, notices, bundle ledger and enrolment
files; ``app.reports.snapshots`` the issued reports; ``app.ops.users`` an account's PIN
and disabling (with its audit event); ``app.migrations`` the schema.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app import db as dbmod
from app import predicates, rules
from app.changes import record_received_summary
from app.errors import NotFound, RuleError, StoreError
from app.records import KINDS, Handover, Need, Record, Sim, Student, Unit
from app.rows import SYNC_META, R, from_row, now_iso, to_row
from app.text import clean_name, fold, natural_key
from app.users import pin_hash
from app.workflow import check_move, priority, priority_rank


class Store:
    """One SQLite file of one installation. Not thread-safe: one thread owns it."""

    def __init__(self, db: Database, data_dir: Path):
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.data_dir = data_dir
        self.path = data_dir / dbmod.DB_NAME
        # names in Vietnamese order in SQL ("Đoàn Kết" after "Dào", before "San Thàng"): accent-free keys
        self.conn.create_function("fold", 1, fold, deterministic=True)
        self._ensure_identity()

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, data_dir: str | os.PathLike | None = None, *, verify: bool = True) -> Store:
        folder = dbmod.resolve_data_dir(data_dir)
        return cls(dbmod.open_database(folder, verify=verify), folder)

    @classmethod
    def reader(cls, data_dir: str | os.PathLike) -> Store:
        """A read-only view of the installation's file on a connection of its own, for a
        long read off the database lane (the sync's first push): nothing written, no
        migration, no identity check; a transaction (``snapshot``) is one consistent state
        of the file (WAL lets the lane write meanwhile). Close it after use."""
        folder = Path(data_dir)
        conn = sqlite3.connect(f"{(folder / dbmod.DB_NAME).resolve().as_uri()}?mode=ro", uri=True,
                               check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA query_only = 1")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.row_factory = sqlite3.Row  # as the lane's connection (app.db)
        self = cls.__new__(cls)
        self.db, self.conn, self.data_dir, self.path = Database(conn), conn, folder, folder / dbmod.DB_NAME
        self.conn.create_function("fold", 1, fold, deterministic=True)
        self.instance_id = self._meta("instance_id") or ""
        return self

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one state of the file (a read transaction; inside a transaction
        already, that one)."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def verify(self) -> None:
        """A full check of the file (SQLite quick_check); raises ``store.corrupt``."""
        dbmod.verify_database(self.conn, self.path)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES(?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, value),
        )

    def join_unit(self, unit_id: str) -> None:
        """A fresh installation joins the unit (school or office) ``unit_id`` the province
        knows (enrolment online or by file); inside the caller's transaction."""
        self._set_meta("unit_id", unit_id)

    # the merge core's view of this store (``app.changes.MergeTarget``)
    row_lock = ""  # one writer: SQLite's own locking suffices

    def sync_meta(self, key: str, default: str | None = None) -> str | None:
        return self._meta(key, default)

    def set_sync_meta(self, key: str, value: str) -> None:
        self._set_meta(key, value)

    def raise_counter(self, value: int) -> None:
        """Lamport: the local counter goes up to ``value`` (never down)."""
        if value > self.counter:
            self._set_meta("counter", str(value))

    def merged(self, rows: dict, before: dict) -> None:
        """A merge wrote ``rows`` (``app.changes.MergeTarget``): a device keeps no summaries."""

    def _file_identity(self) -> str:
        st = os.stat(self.path)
        return f"{st.st_dev}:{st.st_ino}:{self.path.resolve()}"

    def _ensure_identity(self) -> None:
        """A random instance ID; a copied or restored file gets a new one, so two files
        never hand out the same (instance, counter) pair."""
        ident = self._file_identity()
        copied_from = None
        if self._meta("instance_id") and self._meta("file_identity") == ident:
            self.instance_id: str = self._meta("instance_id") or ""
            return  # the usual case: nothing to write at start
        with self.db.atomic():
            inst = self._meta("instance_id")
            if inst is None:
                self._set_meta("instance_id", uuid.uuid4().hex)
                self._set_meta("counter", "0")
                self._set_meta("created_at", now_iso())
            elif self._meta("file_identity") != ident:
                self._set_meta("previous_instance_ids",
                               ",".join(filter(None, [self._meta("previous_instance_ids", ""), inst])))
                self._set_meta("instance_id", uuid.uuid4().hex)
                copied_from = (inst, int(self._meta("counter", "0") or 0))
            else:
                copied_from = None
            self._set_meta("file_identity", ident)
            self.instance_id = self._meta("instance_id") or ""
            if copied_from and copied_from[1]:
                # this file holds every write of the instance it was copied from: say so,
                # or peers would send those records back once more
                record_received_summary(self, {copied_from[0]: copied_from[1]})
                if self._meta("sync_enrolment"):  # a restored school laptop: what it never sent goes up
                    self._adopt_unsent(copied_from[0])

    @property
    def counter(self) -> int:
        return int(self._meta("counter", "0") or 0)

    def _adopt_unsent(self, old_instance: str) -> None:
        """A copied or restored file writes as a new installation; the writes of the one it
        was copied from that the province is not known to hold would never be sent (each
        installation sends its own writes only): they become this installation's writes,
        unchanged in content (an audited "restored" save each)."""
        sent = int((self.conn.execute("SELECT counter FROM remote_summary WHERE remote='server' AND instance=?",
                                      (old_instance,)).fetchone() or [0])[0])
        for cls in KINDS.values():
            rows = self.conn.execute(f"SELECT * FROM {cls.TABLE} WHERE _inst=? AND _ctr>?",
                                     (old_instance, sent)).fetchall()
            for old_row in rows:
                fields = {k: old_row[k] for k in old_row.keys() if k not in SYNC_META}
                # the copied installation's unsent write becomes this one's: its entry goes (it
                # never left that file, so nobody can have seen it), this write stands for it
                vv = {i: c for i, c in json.loads(old_row["_vv"]).items() if i != old_instance}
                self.write_row(cls, old_row["id"], fields, {**dict(old_row), "_vv": json.dumps(vv)}, "restore",
                            "restored", deleted=bool(old_row["_deleted"]))

    # ------------------------------------------------------------ transactions
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """All writes inside commit together or not at all (nested: savepoints)."""
        try:
            with self.db.atomic():
                yield self
        except (sqlite3.Error, OSError) as e:
            known = dbmod.translate_os_error(e, self.path)
            if known:
                raise known from e
            raise

    def _next_counter(self) -> int:
        return int(self.conn.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='counter' RETURNING value"
        ).fetchone()[0])

    # ------------------------------------------------------------------ reading
    def get(self, cls: type[R], record_id: str, *, include_deleted: bool = False) -> R:
        rec = self.get_or_none(cls, record_id, include_deleted=include_deleted)
        if rec is None:
            raise NotFound(kind=cls.KIND, id=record_id)
        return rec

    def get_or_none(self, cls: type[R], record_id: str, *, include_deleted: bool = False) -> R | None:
        row = self.conn.execute(
            f"SELECT * FROM {cls.TABLE} WHERE id=?" + ("" if include_deleted else " AND _deleted=0"),
            (record_id,),
        ).fetchone()
        return from_row(cls, row) if row else None

    def find(
        self,
        cls: type[R],
        where: str = "",
        params: tuple | list | dict = (),
        *,
        order_by: str | None = None,
        limit: int | None = None,
    ) -> list[R]:
        sql = f"SELECT * FROM {cls.TABLE} WHERE _deleted=0"
        if where:
            sql += f" AND ({where})"
        if order_by:
            sql += f" ORDER BY {order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [from_row(cls, r) for r in self.conn.execute(sql, params)]

    def count(self, cls: type[Record], where: str = "", params: tuple | list = ()) -> int:
        sql = f"SELECT count(*) FROM {cls.TABLE} WHERE _deleted=0"
        if where:
            sql += f" AND ({where})"
        return self.conn.execute(sql, params).fetchone()[0]

    def version(self, cls: type[Record], record_id: str) -> dict[str, Any]:
        row = self.conn.execute(
            f"SELECT _inst, _ctr, _vv, _deleted, _updated_at FROM {cls.TABLE} WHERE id=?",
            (record_id,),
        ).fetchone()
        if row is None:
            raise NotFound(kind=cls.KIND, id=record_id)
        return {"instance": row[0], "counter": row[1], "vv": json.loads(row[2]),
                "deleted": bool(row[3]), "updated_at": row[4]}

    def history(self, record_id: str) -> list[dict[str, Any]]:
        """The audit events of one record, oldest first."""
        out = []
        for r in self.conn.execute(
            "SELECT * FROM audit WHERE record_id=? ORDER BY seq", (record_id,)
        ):
            d = dict(r)
            d["before"] = json.loads(d["before"]) if d["before"] else None
            d["after"] = json.loads(d["after"]) if d["after"] else None
            out.append(d)
        return out

    # ------------------------------------------------------------------ writing
    def save(self, rec: R, actor: str, *, action: str | None = None) -> R:
        """Validate, apply the rules, version and audit ``rec`` in one transaction.

        Returns the normalised record as stored.
        """
        cls = type(rec)
        rec = rec.checked()
        with self.transaction():
            old_row = self.conn.execute(
                f"SELECT * FROM {cls.TABLE} WHERE id=?", (rec.id,)
            ).fetchone()
            old = from_row(cls, old_row) if old_row and not old_row["_deleted"] else None
            if old_row and old_row["_deleted"]:
                raise NotFound(kind=cls.KIND, id=rec.id)
            rules.before_save(self, rec, old, action or "")
            row = to_row(rec)
            if old is not None and row == to_row(old):
                return rec  # nothing changed: no new version, no audit event
            self.write_row(cls, rec.id, row, old_row, actor, action or ("update" if old else "create"))
            rules.after_save(self, rec, old, actor)
        return rec

    def write_row(
        self,
        cls: type[Record],
        record_id: str,
        row: dict[str, Any],
        old_row: sqlite3.Row | None,
        actor: str,
        action: str,
        *,
        deleted: bool = False,
    ) -> None:
        """Write one version of a record's row (``row``: its fields; ``old_row``: the row it
        replaces, or None): the next counter, the version vector, the audit event. Inside a
        transaction; no rule is checked (``save`` checks them, the merge core has its own)."""
        ctr = self._next_counter()
        vv = json.loads(old_row["_vv"]) if old_row else {}
        vv[self.instance_id] = ctr
        stamp = now_iso()
        full = {
            **row,
            "_inst": self.instance_id,
            "_ctr": ctr,
            "_vv": json.dumps(vv, sort_keys=True),
            "_deleted": int(deleted),
            "_updated_at": stamp,
        }
        cols = list(full)
        if old_row is None:
            self.conn.execute(
                f"INSERT INTO {cls.TABLE} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [full[c] for c in cols],
            )
        else:
            self.conn.execute(
                f"UPDATE {cls.TABLE} SET {', '.join(f'{c}=?' for c in cols if c != 'id')} WHERE id=?",
                [full[c] for c in cols if c != "id"] + [record_id],
            )
        if old_row is None:
            before, after = None, row
        else:
            # an update keeps only what changed: before → after of those fields
            before = {k: old_row[k] for k in old_row.keys() if k not in SYNC_META}
            changed = [k for k in row if before.get(k) != row[k]]
            after = None if deleted else {k: row[k] for k in changed}
            before = {k: before[k] for k in changed} if not deleted else before
        self.audit(actor, ctr, cls.KIND, record_id, action, before, after, stamp)

    def audit(self, actor, ctr, kind, record_id, action, before, after, stamp) -> None:
        """Append one event to the audit log (inside the caller's transaction)."""
        self.conn.execute(
            "INSERT INTO audit(at, actor, instance, counter, kind, record_id, action, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                stamp, actor, self.instance_id, ctr, kind, record_id, action,
                json.dumps(before, ensure_ascii=False) if before is not None else None,
                json.dumps(after, ensure_ascii=False) if after is not None else None,
            ),
        )

    def delete(self, cls: type[Record], record_id: str, actor: str, reason: str = "") -> None:
        """Tombstone: the row stays, marked deleted, so the deletion can sync."""
        if cls is Handover:
            raise RuleError("handover.not_active", minute=record_id)
        with self.transaction():
            old_row = self.conn.execute(
                f"SELECT * FROM {cls.TABLE} WHERE id=? AND _deleted=0", (record_id,)
            ).fetchone()
            if old_row is None:
                raise NotFound(kind=cls.KIND, id=record_id)
            row = {k: old_row[k] for k in old_row.keys() if k not in SYNC_META}
            self.write_row(cls, record_id, row, old_row, actor, "delete" + (f": {reason}" if reason else ""),
                        deleted=True)

    # ------------------------------------------------------------ settings
    def setting(self, key: str, default: str = "") -> str:
        """A local preference of this installation (never synced)."""
        return self._meta(f"setting:{key}", default) or default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self._set_meta(f"setting:{key}", value)

    # ------------------------------------------------------------ installation
    @property
    def unit_id(self) -> str:
        return self._meta("unit_id", "") or ""

    def unit(self) -> Unit | None:
        return self.get_or_none(Unit, self.unit_id) if self.unit_id else None

    def require_unit(self) -> Unit:
        u = self.unit()
        if u is None:
            raise StoreError("store.not_configured")
        return u

    def set_unit(self, unit: Unit, actor: str) -> Unit:
        """Make ``unit`` (a school or an office) the unit this installation works for."""
        if not unit.unit_id:
            unit.unit_id = unit.id
        with self.transaction():
            unit = self.save(unit, actor)
            self._set_meta("unit_id", unit.id)
        return unit

    def rekey_unit(self, old_id: str, new_id: str, actor: str) -> None:
        """This installation's unit takes the id the province's registry gives it (at
        enrolment): every record of the old id moves to the new one and the locally made
        unit record goes. Only for records that never left this installation (before its
        first enrolment), so no version changes."""
        with self.transaction():
            for cls in KINDS.values():
                self.conn.execute(f"UPDATE {cls.TABLE} SET unit_id=? WHERE unit_id=?", (new_id, old_id))
            self.conn.execute("UPDATE allocations SET to_unit_id=? WHERE to_unit_id=?", (new_id, old_id))
            self.conn.execute("UPDATE units SET parent_id=? WHERE parent_id=?", (new_id, old_id))
            for rid, ids in self.conn.execute("SELECT id, school_ids FROM coverage_gaps").fetchall():
                listed = json.loads(ids or "[]")
                if old_id in listed:
                    self.conn.execute("UPDATE coverage_gaps SET school_ids=? WHERE id=?",
                                      (json.dumps([new_id if x == old_id else x for x in listed]), rid))
            self.conn.execute("DELETE FROM units WHERE id=?", (old_id,))
            self.audit(actor, self.counter, "unit", new_id, "unit.registry_id", {"id": old_id},
                        {"id": new_id}, now_iso())
            self._set_meta("unit_id", new_id)

    def admin_unit(self, code: str) -> dict | None:
        row = self.conn.execute("SELECT * FROM admin_units WHERE code=?", (code,)).fetchone()
        return dict(row) if row else None

    def admin_units(self, kind: str, province_code: str | None = None, search: str = "") -> list[dict]:
        sql = "SELECT * FROM admin_units WHERE kind=?"
        params: list[Any] = [kind]
        if province_code:
            sql += " AND province_code=?"
            params.append(province_code)
        for word in fold(search).split():
            sql += " AND name_key LIKE ?"
            params.append(f"%{word}%")
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY code", params)]

    # ---------------------------------------------------------------- needs
    def need_action(self, need_id: str, action: str, actor: str, role: str, reason: str = "") -> Need:
        """Move a need through its workflow; who and when are kept in its history."""
        with self.transaction():
            need = self.get(Need, need_id)
            need.status = check_move(need.status, action, role, reason)
            if action in ("submit", "verify", "approve") and need.priority_tier is None:
                raise RuleError("need.ineligible")
            need.status_reason = reason.strip()
            need.history = [*need.history, {"status": need.status, "action": action, "by": actor,
                                            "role": role, "at": now_iso(), "reason": reason.strip()}]
            return self.save(need, actor, action=f"need.{action}")

    def refresh_priority(self, need: Need, student=None) -> None:
        st = student if student is not None and student.id == need.student_id else self.get_or_none(
            Student, need.student_id)
        if st is None:
            need.priority_tier = need.priority_rank = None
            return
        need.priority_tier = priority(st.household, st.covid_orphan, st.covid_hardship)
        need.priority_rank = priority_rank(need.priority_tier, st.policy_family)

    # ------------------------------------------------------------- handovers
    def hand_over(self, handover: Handover, actor: str) -> Handover:
        """Record a handover event; the rules check need, stock and 'one device each'."""
        with self.transaction():  # a refused handover must not use up a minute number
            if not handover.minute_no and handover.event == "handed_over":
                handover.minute_no = self._next_minute_no(handover.date)
            return self.save(handover, actor, action=f"handover.{handover.event}")

    def return_device(self, handover_id: str, actor: str, *, date: str, condition: str = "used_good",
                      reason: str = "", event: str = "returned") -> Handover:
        """Close an active handover with a 'returned' (or 'reassigned') event."""
        original = self.get(Handover, handover_id)
        closing = Handover(
            unit_id=original.unit_id, event=event, date=date, student_id=original.student_id,
            need_id=original.need_id, device_id=original.device_id, sim_id=original.sim_id,
            guardian_name=original.guardian_name, condition=condition, refers_to=original.id,
            minute_no=original.minute_no, note=reason,
        )
        return self.save(closing, actor, action=f"handover.{event}")

    def reassign(self, handover_id: str, new: Handover, actor: str, *, reason: str = "") -> Handover:
        """Move a device from one child to another: a closing event plus a new handover."""
        with self.transaction():
            self.return_device(handover_id, actor, date=new.date, reason=reason,
                               condition=new.condition, event="reassigned")
            return self.hand_over(new, actor)

    def active_handovers(self, student_id: str | None = None) -> list[Handover]:
        where = predicates.active_handover("handovers")
        params: tuple = ()
        if student_id:
            where += " AND student_id=?"
            params = (student_id,)
        return self.find(Handover, where, params, order_by="date")

    def _next_minute_no(self, date: str) -> str:
        year = (date or dt.date.today().isoformat())[:4]
        key = f"minute_seq:{year}"
        with self.transaction():
            seq = int(self._meta(key, "0") or 0) + 1
            self._set_meta(key, str(seq))
        unit = self.unit()
        code = unit.code if unit else "SM"
        return f"{seq:03d}/{year}/BBBG-{code}.{self.instance_id[:4].upper()}"

    # ---------------------------------------------------------------- users
    def add_user(self, name: str, role: str, pin: str, *, actor: str | None = None) -> str:
        """Store one local account (rules and checks: ``app.ops.users.add_user``); with
        ``actor``, the audit log says who added it."""
        uid = uuid.uuid4().hex
        name = clean_name(name)
        with self.transaction():
            self.conn.execute(
                "INSERT INTO users(id, name, role, pin_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                (uid, name, role, pin_hash(pin), now_iso()),
            )
            if actor is not None:
                self.audit(actor, self.counter, "user", uid, "user.add", None, {"name": name, "role": role},
                           now_iso())
        return uid

    def users(self, *, include_disabled: bool = False) -> list[dict]:
        """Local accounts, oldest first: {id, name, role, created_at, disabled}."""
        where = "" if include_disabled else " WHERE disabled=0"
        return [dict(r) for r in self.conn.execute(
            f"SELECT id, name, role, created_at, disabled FROM users{where} ORDER BY created_at, rowid")]

    def check_pin(self, user_id: str, pin: str) -> bool:
        row = self.conn.execute("SELECT pin_hash FROM users WHERE id=? AND disabled=0", (user_id,)).fetchone()
        if not row:
            return False
        _, salt, digest = row[0].split("$")
        got = hashlib.scrypt((pin or "").strip().encode(), salt=bytes.fromhex(salt), n=2**14, r=8, p=1)
        return secrets.compare_digest(got.hex(), digest)

    # --------------------------------------------------------------- search
    def search_students(self, text: str = "", *, unit_id: str | None = None, limit: int | None = 200,
                        offset: int = 0) -> list:
        """Students whose name, class or personal ID contain every word typed,
        accents optional: "nguyen thi anh" finds "Nguyễn Thị Ánh"."""
        where, params = search_clause(text)
        if unit_id:
            where = f"({where}) AND unit_id=?" if where else "unit_id=?"
            params.append(unit_id)
        return self.find(Student, where, params, order_by="class_name, search_key", limit=limit)

    # ------------------------------------------------------------ overviews
    STUDENT_OVERVIEW_COLUMNS = (
        "id", "full_name", "class_name", "birth_date", "sex", "personal_id", "household",
        "priority_tier", "need_id", "need_status", "has_device", "village", "policy_family", "unit_id",
    )

    def student_overview(
        self,
        text: str = "",
        *,
        unit_id: str | None = None,
        class_name: str = "",
        household: str = "",
        tier: int | None = None,
        need_status: str = "",
        has_device: bool | None = None,
        school_year: str = "",
        order_by: str = "",
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[tuple]:
        """One row per student (columns: STUDENT_OVERVIEW_COLUMNS) with the child's
        current need and whether the child holds a device now, filtered and ordered in
        SQL; ``limit``/``offset`` page through it (the table loads page by page).

        Filters and orders on the student alone page first and look up the need and the
        device of the page's rows only (fast as you type); filters or orders on the need
        or the device join them for every student first."""
        student_where, params = self._student_filters(text, unit_id, class_name, household)
        if need_status == WAITING:  # "still waiting", as the dashboard counts them
            student_where, need_status = f"{student_where} AND {WAITING_S}", ""
        by_need = tier is not None or need_status or has_device is not None or order_by in (
            "priority_tier", "need_status", "has_device")
        direction = "DESC" if descending else "ASC"
        if order_by in ("full_name",):
            order = f"s.search_key {direction}"
        elif order_by in ("class_name", "birth_date", "sex", "personal_id", "household", "village"):
            order = f"s.{order_by} {direction}, s.class_name, s.search_key"
        elif by_need and order_by in ("priority_tier", "need_status", "has_device"):
            order = f"{order_by} IS NULL, {order_by} {direction}, s.class_name, s.search_key"
        elif order_by == "school":  # an office's list: school by school (name, then code)
            order = (f"(SELECT fold(u.name) || ' ' || u.code FROM units u WHERE u.id = s.unit_id) {direction}, "
                     "s.class_name, s.search_key")
        else:
            order = "s.class_name, s.search_key"
        page = " LIMIT ? OFFSET ?" if limit is not None else ""
        year = "AND school_year=?" if school_year else ""
        current_need = (f"SELECT id FROM needs WHERE student_id=s.id AND _deleted=0 {year} "
                        "ORDER BY status IN ('rejected', 'withdrawn'), school_year DESC, _ctr DESC LIMIT 1")
        # holds a device: a SIM alone is not one (the child still waits for the device)
        holds = (f"EXISTS (SELECT 1 FROM handovers h WHERE h.student_id=s.id AND h._deleted=0 "
                 f"AND h.device_id <> '' AND {ACTIVE_HANDOVER_H})")
        if not by_need:
            sql = f"""
                SELECT s.id, s.full_name, s.class_name, s.birth_date, s.sex, s.personal_id, s.household,
                       n.priority_tier, n.id, n.status, {holds}, s.village, s.policy_family, s.unit_id
                FROM (SELECT * FROM students s WHERE {student_where} ORDER BY {order}{page}) s
                LEFT JOIN needs n ON n.id = ({current_need})
                ORDER BY {order}"""
            args = params + ([int(limit), int(offset)] if page else []) + ([school_year] if year else [])
        else:
            extra, extra_params = [], []
            if need_status:
                extra.append("need_status=?")
                extra_params.append(need_status)
            if tier is not None:
                extra.append("priority_tier=?")
                extra_params.append(tier)
            if has_device is not None:
                extra.append("has_device=?")
                extra_params.append(int(has_device))
            sql = f"""
                SELECT * FROM (
                    SELECT s.id, s.full_name, s.class_name, s.birth_date, s.sex, s.personal_id, s.household,
                           n.priority_tier AS priority_tier, n.id AS need_id, n.status AS need_status,
                           {holds} AS has_device, s.village, s.policy_family, s.unit_id, s.search_key
                    FROM students s LEFT JOIN needs n ON n.id = ({current_need})
                    WHERE {student_where}) s
                {"WHERE " + " AND ".join(extra) if extra else ""}
                ORDER BY {order}{page}"""
            args = ([school_year] if year else []) + params + extra_params + (
                [int(limit), int(offset)] if page else [])
        cur = self.conn.cursor()
        cur.row_factory = None  # plain tuples: thousands of rows convert fast
        rows = cur.execute(sql, args).fetchall()
        return [r[:14] for r in rows] if by_need else rows

    def student_overview_count(self, text: str = "", **filters: Any) -> int:
        """How many rows ``student_overview`` gives for the same filters."""
        filters.pop("order_by", None)
        filters.pop("descending", None)
        if not any(filters.get(k) not in (None, "", WAITING) for k in ("tier", "need_status", "has_device")):
            where, params = self._student_filters(text, filters.get("unit_id"), filters.get("class_name", ""),
                                                  filters.get("household", ""))
            if filters.get("need_status") == WAITING:
                where += f" AND {WAITING_S}"
            return self.conn.execute(f"SELECT count(*) FROM students s WHERE {where}", params).fetchone()[0]
        return len(self.student_overview(text, **filters))

    @staticmethod
    def _student_filters(text, unit_id, class_name, household) -> tuple[str, list[Any]]:
        where, params = search_clause(text)
        clauses = ["s._deleted=0"] + ([where.replace("search_key", "s.search_key")] if where else [])
        for col, value in (("s.unit_id", unit_id), ("s.class_name", class_name), ("s.household", household)):
            if value:
                clauses.append(f"{col}=?")
                params.append(value)
        return " AND ".join(clauses), params

    def classes(self, unit_id: str | None = None) -> list[str]:
        sql = "SELECT DISTINCT class_name FROM students WHERE _deleted=0 AND class_name!=''"
        params: tuple = ()
        if unit_id:
            sql += " AND unit_id=?"
            params = (unit_id,)

        return sorted((r[0] for r in self.conn.execute(sql, params)), key=natural_key)  # 1A2 before 1A10

    def dashboard(self, unit_id: str | None = None) -> dict:
        """Figures of the school dashboard: needs by tier, approved, handed over, waiting."""
        scope = "AND n.unit_id=?" if unit_id else ""
        params = (unit_id,) if unit_id else ()
        by_tier = {
            (r[0] if r[0] is not None else 0): r[1]
            for r in self.conn.execute(
                f"SELECT n.priority_tier, count(*) FROM needs n WHERE n._deleted=0 "
                f"AND n.status IN ('submitted','verified','approved','fulfilled') {scope} GROUP BY 1",
                params,
            )
        }
        by_status = {r[0]: r[1] for r in self.conn.execute(
            f"SELECT n.status, count(*) FROM needs n WHERE n._deleted=0 {scope} GROUP BY 1", params)}
        stock = {r[0]: r[1] for r in self.conn.execute(
            "SELECT kind, count(*) FROM devices WHERE _deleted=0 AND status='in_stock'"
            + (" AND unit_id=?" if unit_id else "") + " GROUP BY kind", params)}
        return {
            "in_need_by_tier": by_tier,
            "needs_by_status": by_status,
            "approved_waiting": by_status.get("approved", 0),
            "handed_over": by_status.get("fulfilled", 0),
            "in_stock_by_kind": stock,
            "in_stock": sum(stock.values()),
        }

    # --------------------------------------------------------------- status
    def pending_changes(self, remote: str = "server") -> int:
        """Records holding a write of this installation that ``remote`` is not known to have
        (what it still has to send; the writes of other installations it holds go up from
        those installations, or as their own bundles an officer relays)."""
        held = self.conn.execute("SELECT counter FROM remote_summary WHERE remote=? AND instance=?",
                                 (remote, self.instance_id)).fetchone()
        if held is not None and held[0] >= self.counter:
            return 0  # no write of ours is above our counter (merges raise it to every stamp they take)
        total = 0
        for cls in KINDS.values():
            total += self.conn.execute(  # a write of ours in the row's vector, above what remote holds
                f"SELECT count(*) FROM {cls.TABLE} t LEFT JOIN remote_summary s ON s.remote=? AND s.instance=? "
                "WHERE coalesce(json_extract(t._vv, ?), 0) > coalesce(s.counter, 0)",
                (remote, self.instance_id, f'$."{self.instance_id}"'),
            ).fetchone()[0]
        return total

    def last_sync(self) -> dict[str, Any] | None:
        """The newest finished sync or USB export/import attempt, if any."""
        row = self.conn.execute(
            "SELECT * FROM sync_runs WHERE finished_at!='' ORDER BY finished_at DESC, id DESC LIMIT 1"
        ).fetchone()
        return dict(row) if row else None

    def status(self) -> dict[str, Any]:
        unit = self.unit()
        needs = {r[0]: r[1] for r in self.conn.execute(
            "SELECT status, count(*) FROM needs WHERE _deleted=0 GROUP BY status")}
        devices = {r[0]: r[1] for r in self.conn.execute(
            "SELECT status, count(*) FROM devices WHERE _deleted=0 GROUP BY status")}
        return {
            "unit": {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind} if unit else None,
            "instance_id": self.instance_id,
            "data_dir": str(self.data_dir),
            "students": self.count(Student),
            "needs": {"total": sum(needs.values()), **dict(sorted(needs.items()))},
            "devices": {"total": sum(devices.values()), **dict(sorted(devices.items()))},
            "sims": self.count(Sim),
            "handovers": {
                "total": self.count(Handover, "event='handed_over'"),
                "active": len(self.active_handovers()),
            },
            "pending_changes": self.pending_changes(),
            "schema": self.conn.execute("PRAGMA user_version").fetchone()[0],
        }


WAITING = "waiting"  # student_overview(need_status=WAITING): the children still waiting
ACTIVE_HANDOVER_H = predicates.active_handover("h")


# "Nobody missed": the child ``s`` still waits — approved and given no device (a SIM alone
# fulfils only a SIM need), or eligible (poor, near-poor, other hardship, COVID) with no need
# recorded at all. The dashboard's figure, its list and the students page's filter.
WAITING_S = predicates.waiting("s")


def search_clause(text: str) -> tuple[str, list[Any]]:
    """SQL condition over ``search_key`` for every word of ``text`` (folded)."""
    words = fold(text).split()
    clauses, params = [], []
    for w in words:
        clauses.append("search_key LIKE ?")
        params.append(f"%{w.replace('%', '').replace('_', '')}%")
    return " AND ".join(clauses), params
