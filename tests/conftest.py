"""Shared test fixtures: temp data folders, a configured school store, record makers."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SONGMAY_LANG", "vi")
# the server's data folder (the key files of PostgreSQL databases, server.keys): never the real one,
# for this process and the server processes it starts
os.environ.setdefault("SONGMAY_SERVER_DATA_DIR", tempfile.mkdtemp(prefix="songmay-server-data-"))

import pytest  # noqa: E402

from app import messages  # noqa: E402
from app.records import Unit  # noqa: E402
from app.store import Store  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path_factory):
    """No test touches the real user data folder; messages start in Vietnamese."""
    monkeypatch.setenv("SONGMAY_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))
    messages.set_language("vi")
    yield
    messages.set_language("vi")


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def store(data_dir):
    """A store set up for one school in Lai Châu (commune 03388)."""
    s = Store.open(data_dir)
    s.set_unit(Unit(code="TH0001", name="Trường PTDTBT TH Nậm Cha", level="TH", commune_code="03388"), "test")
    yield s
    s.close()
