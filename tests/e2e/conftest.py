"""End-to-end fixtures: a real ``songmay-server`` process on 127.0.0.1 over SQLite and over a
real PostgreSQL started here, and real device stores that enrol and sync with it."""

from __future__ import annotations

import itertools
import os
import uuid

import pytest
import requests

from app.records import Need, Unit
from app.store import Store
from sync import client
from tests.helpers.servers import postgres_unavailable, server_cli, start_postgres, start_server

_units = itertools.count(1)


def need_postgres() -> None:
    reason = postgres_unavailable()
    if reason:
        if os.environ.get("SONGMAY_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here (SONGMAY_REQUIRE_POSTGRES) but: {reason}")
        pytest.skip(f"no PostgreSQL: {reason}")


@pytest.fixture(scope="session")
def postgres():
    need_postgres()
    pg = start_postgres()
    yield pg
    pg.stop()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server_db(request, tmp_path_factory):
    """A database URL for the server: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('server') / 'songmay-server.db'}"
    pg = request.getfixturevalue("postgres")
    return pg.create_database(f"songmay_{uuid.uuid4().hex[:12]}")


OPERATOR = ("so.gddt", "mật khẩu của Sở GD&ĐT")


@pytest.fixture(scope="module")
def server(server_db):
    out = server_cli(server_db, "user", "add", OPERATOR[0], "--role", "province", "--password-stdin",
                     stdin=OPERATOR[1] + "\n")
    assert out.returncode == 0, out.stderr
    srv = start_server(server_db)
    yield srv
    srv.stop()


def registry_fields(store: Store) -> dict:
    """The registry's fields of the unit ``store`` was set up for (its parent by code)."""
    u = store.unit()
    parent = store.get_or_none(Unit, u.parent_id) if u.parent_id else None
    return {"name": u.name, "kind": u.kind, "level": u.level if u.kind == "school" else "",
            "commune_code": u.commune_code, "parent_code": parent.code if parent else ""}


class Devices:
    """Makes school installations that are enrolled with the server."""

    def __init__(self, server, tmp_path):
        self.server = server
        self.tmp = tmp_path
        self.opened: list[Store] = []

    def code(self, unit_code: str, unit: dict | None = None) -> str:
        """A one-time code, issued as the province's operator would (the CLI is tested apart);
        ``unit``: the fields to register the unit with first, if the registry lacks it."""
        resp = requests.post(self.server.url + "/api/v1/admin/enrolments",
                             json={"unit_code": unit_code, "unit": unit},
                             auth=(OPERATOR[0].encode(), OPERATOR[1].encode()), timeout=30)
        assert resp.ok, resp.text
        return resp.json()["code"]

    def code_for(self, store: Store) -> str:
        """A one-time code for the unit ``store`` is set up for, registering that unit (as
        the province does with ``songmay-server unit add``) if the registry lacks it."""
        return self.code(store.unit().code, registry_fields(store))

    def school(self, code: str | None = None, name: str = "Trường PTDTBT TH Nậm Cha") -> Store:
        """A new installation set up for a new school (unique code), enrolled."""
        code = code or f"TH{next(_units):04d}-{uuid.uuid4().hex[:4].upper()}"
        s = self.open()
        s.set_unit(Unit(code=code, name=name, level="TH", commune_code="03388"), "test")
        client.enrol(s, self.server.url, self.code(code, {"name": name, "level": "TH", "commune_code": "03388"}))
        return s

    def join(self, school: Store) -> Store:
        """A second, fresh installation of the same school."""
        s = self.open()
        client.enrol(s, self.server.url, self.code(school.unit().code))
        return s

    def open(self) -> Store:
        s = Store.open(self.tmp / f"device{len(self.opened)}")
        self.opened.append(s)
        return s


@pytest.fixture
def devices(server, tmp_path):
    d = Devices(server, tmp_path)
    yield d
    for s in d.opened:
        s.close()


@pytest.fixture
def server_cmd(server):
    def run(*args: str, stdin: str | None = None):
        return server_cli(server.db, *args, stdin=stdin)
    return run


def enrolled(devices: Devices, unit: Unit) -> Store:
    """A computer of ``unit``, set up and enrolled with the server of ``devices``."""
    s = devices.open()
    s.set_unit(unit, "test")
    client.enrol(s, devices.server.url, devices.code_for(s))
    return s


def submitted(s: Store, st, school_year: str = "2025-2026", **kw):
    """A need of the child ``st`` in ``school_year``, submitted by a teacher."""
    need = s.save(Need(unit_id=s.unit_id, student_id=st.id, school_year=school_year, **kw), "gv")
    return s.need_action(need.id, "submit", "gv", "teacher")
