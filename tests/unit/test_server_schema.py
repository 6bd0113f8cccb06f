"""The server's Alembic migrations build exactly the tables ``server.schema`` describes, and
its record tables have the device's columns (the merge core runs on both)."""

from __future__ import annotations

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.records import KINDS
from app.store import Store
from server.schema import metadata
from server.storage import ServerStore


def test_migrations_match_the_schema(tmp_path):
    store = ServerStore.open(f"sqlite:///{tmp_path / 's.db'}")
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == [], f"server/schema.py and the migrations differ: add a migration\n{diff}"
    assert store.revision() == "0001"
    store.upgrade()  # running it again changes nothing
    assert store.revision() == "0001"


def test_record_tables_have_the_device_columns(tmp_path):
    device = Store.open(tmp_path / "device")
    ServerStore.open(f"sqlite:///{tmp_path / 's.db'}").close()
    server = sqlite3.connect(tmp_path / "s.db")
    for cls in KINDS.values():
        mine = {r[1] for r in device.conn.execute(f"PRAGMA table_info({cls.TABLE})")}
        theirs = {r[1] for r in server.execute(f"PRAGMA table_info({cls.TABLE})")}
        assert mine == theirs, cls.TABLE
    device.close()


def test_concurrent_pushes_merge_the_sync_state_instead_of_overwriting_it():
    """Two pushes read the sync state, then each writes its own view: the second write
    keeps the first one's claims, holds and counter (server.storage._merge_meta)."""
    import json

    from server.storage import _merge_meta

    assert _merge_meta("counter", "9", "5", "7") == "9"
    assert _merge_meta("counter", "5", "5", "7") == "7"
    now = json.dumps({"*|*": {"a": 5, "b": 2}})  # what another push wrote meanwhile
    mine = json.dumps({"*|*": {"a": 3, "c": 4}, "u|*": {"c": 4}})
    assert json.loads(_merge_meta("sync_known", now, "{}", mine)) == {"*|*": {"a": 5, "b": 2, "c": 4},
                                                                     "u|*": {"c": 4}}
    seen = json.dumps({"student:1": {"a": 3}, "student:2": {"b": 1}})
    now = json.dumps({"student:1": {"a": 3}, "student:2": {"b": 1}, "need:9": {"x": 2}})  # another added need:9
    mine = json.dumps({"student:1": {"a": 3}, "device:4": {"a": 7}})  # this push cleared student:2, added device:4
    assert json.loads(_merge_meta("sync_holds", now, seen, mine)) == {
        "student:1": {"a": 3}, "need:9": {"x": 2}, "device:4": {"a": 7}}
