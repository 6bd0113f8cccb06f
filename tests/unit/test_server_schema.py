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
