"""The server's schema on a real PostgreSQL: the migrations build what server/schema.py says."""

from __future__ import annotations

import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server.schema import metadata
from server.storage import ServerStore
from tests.e2e.test_sync_http import head_revision


def test_migrations_match_the_schema_on_postgresql(postgres):
    url = postgres.create_database(f"schema_{uuid.uuid4().hex[:8]}")
    store = ServerStore.open(url)
    try:
        assert store.dialect == "postgresql" and store.revision() == head_revision()
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == [], diff
        store.upgrade()  # a second start changes nothing
        assert store.status()["records"]["student"] == 0
    finally:
        store.close()
