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
    head = _head()
    assert store.revision() == head
    store.upgrade()  # running it again changes nothing
    assert store.revision() == head


def _head() -> str:
    """The newest migration in server/migrations/versions (one head, no branches)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from server.storage import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    heads = ScriptDirectory.from_config(cfg).get_heads()
    assert len(heads) == 1, f"the server's migrations branch: {heads}"
    return heads[0]


def test_record_tables_have_the_device_columns(tmp_path):
    device = Store.open(tmp_path / "device")
    ServerStore.open(f"sqlite:///{tmp_path / 's.db'}").close()
    server = sqlite3.connect(tmp_path / "s.db")
    for cls in KINDS.values():
        mine = {r[1] for r in device.conn.execute(f"PRAGMA table_info({cls.TABLE})")}
        theirs = {r[1] for r in server.execute(f"PRAGMA table_info({cls.TABLE})")}
        assert mine == theirs, cls.TABLE
    device.close()


def test_concurrent_pushes_merge_the_sync_state_instead_of_overwriting_it(tmp_path):
    """Two pushes read the sync state, then each writes its own view: claims only grow
    (one row per scope and instance), and holds keep the other push's edits."""
    import json

    from server.storage import _merge_holds, _Target

    seen = json.dumps({"student:1": {"a": 3}, "student:2": {"b": 1}})
    now = json.dumps({"student:1": {"a": 3}, "student:2": {"b": 1}, "need:9": {"x": 2}})  # another added need:9
    mine = json.dumps({"student:1": {"a": 3}, "device:4": {"a": 7}})  # this push cleared student:2, added device:4
    assert json.loads(_merge_holds(now, seen, mine)) == {"student:1": {"a": 3}, "need:9": {"x": 2},
                                                        "device:4": {"a": 7}}

    store = ServerStore.open(f"sqlite:///{tmp_path / 's.db'}")
    with store.engine.begin() as c1:
        first = _Target(c1, locking=True)
        old = json.loads(first.sync_meta("sync_known"))
        assert old == {}
        first.set_sync_meta("sync_known", json.dumps({"*|*": {"a": 5}, "u1,u2|*": {"b": 2}}))
        first.set_sync_meta("sync_known", json.dumps({"*|*": {"a": 3, "c": 1}}))  # a stale view: a stays 5
    with store.engine.connect() as conn:
        assert json.loads(_Target(conn).sync_meta("sync_known")) == {"*|*": {"a": 5, "c": 1}, "u1,u2|*": {"b": 2}}
    store.close()
