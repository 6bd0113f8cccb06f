"""The report queries are standard SQL: copied into PostgreSQL tables shaped like the
device's (what the server holds), the same data gives the same reports."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest

from app import reports
from app.demo import generate
from app.records import KINDS, Unit
from app.reports.model import Period
from app.store import Store
from tests.helpers.servers import postgres_unavailable, start_postgres

H2_2025 = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))


@pytest.fixture(scope="module")
def postgres():
    reason = postgres_unavailable()
    if reason:
        if os.environ.get("SONGMAY_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here (SONGMAY_REQUIRE_POSTGRES) but: {reason}")
        pytest.skip(f"no PostgreSQL: {reason}")
    pg = start_postgres()
    yield pg
    pg.stop()


@pytest.fixture(scope="module")
def both(postgres, tmp_path_factory):
    """A demo store of three schools (and a commune office), and the same rows in PostgreSQL."""
    import sqlalchemy as sa

    store = Store.open(tmp_path_factory.mktemp("pg-reports"))
    generate(store, students=240, schools=3, seed=11, school_year="2025-2026")  # the period asked about
    office = Unit(code="UBND-XA", name="UBND xã", kind="commune", commune_code=store.unit().commune_code)
    office.unit_id = office.id
    store.save(office, "test")
    engine = sa.create_engine(postgres.create_database(f"reports_{uuid.uuid4().hex[:8]}").replace(
        "postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        for cls in KINDS.values():
            info = store.conn.execute(f"PRAGMA table_info({cls.TABLE})").fetchall()
            cols = [(r[1], "BIGINT" if r[2].upper() == "INTEGER" else "TEXT") for r in info]
            conn.execute(sa.text(f"CREATE TABLE {cls.TABLE} ({', '.join(f'{n} {t}' for n, t in cols)})"))
            names = [n for n, _t in cols]
            rows = [dict(zip(names, r, strict=True)) for r in store.conn.execute(
                f"SELECT {', '.join(names)} FROM {cls.TABLE}").fetchall()]
            if rows:
                conn.execute(sa.text(f"INSERT INTO {cls.TABLE} ({', '.join(names)}) VALUES "
                                     f"({', '.join(':' + n for n in names)})"), rows)
    conn = engine.connect()
    pg = reports.Source(lambda sql, params: conn.execute(sa.text(sql), params).all())
    pg_sets = reports.Source(lambda sql, params: conn.execute(sa.text(sql), params).all(), grouping_sets=True)
    yield store, reports.store_source(store), pg, pg_sets
    conn.close()
    engine.dispose()
    store.close()


def comparable(data) -> dict:
    d = data.to_dict()
    d.pop("generated_at")
    if d["detail"]:
        d["detail"]["rows"] = sorted(repr(sorted(r["values"].items())) for r in d["detail"]["rows"])
    return d


@pytest.mark.parametrize("kind", reports.KINDS)
def test_same_reports_from_postgresql(both, kind):
    store, lite, pg, pg_sets = both
    school = store.unit()
    for code in (school.code, "UBND-XA", school.province_code, None):
        unit_l = reports.find_unit(lite, code) if code else None
        unit_p = reports.find_unit(pg, code) if code else None
        assert unit_l == unit_p
        a = reports.build(lite, kind, unit_l, H2_2025)
        b = reports.build(pg, kind, unit_p, H2_2025)
        assert comparable(a) == comparable(b), (kind, code)
        # the server's way: breakdowns of the same rows in one GROUPING SETS query
        assert comparable(reports.build(pg_sets, kind, unit_p, H2_2025)) == comparable(a), (kind, code)
        assert a.tables[0].rows, (kind, code)
