"""The server's row writes (``server.storage._Conn.executemany``): on PostgreSQL a plain
INSERT of several rows goes as ``COPY … FROM STDIN`` — the rows stored must be exactly
those the INSERT would store, whatever their text holds — and anything else (an upsert, a
value PostgreSQL would have to cast) as it always did. On SQLite nothing changes."""

from __future__ import annotations

import uuid

import pytest

from server.storage import ServerStore, _Conn, _copied

AUDIT = ("INSERT INTO audit(at, actor, instance, counter, kind, record_id, action, before, after) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
HARD_TEXT = ["tab\there", "line\nbreak\r\n", "back\\slash \\N \\.", "Nguyễn Thị Ánh — “ngoặc”", "",
             "comma, and ; semicolon", "|pipe|", "'quote' \"double\"", "\\", "end\\"]


def test_which_inserts_are_copied():
    rows = [("2026-01-01", "device:x", "i", 1, "student", "r1", "insert", None, "{}")] * 2
    assert _copied(AUDIT, rows) == ("COPY audit (at, actor, instance, counter, kind, record_id, action, before, "
                                    "after) FROM STDIN")
    # a value of another type than its column's: PostgreSQL would cast it, COPY would read its text
    assert _copied(AUDIT, [rows[0], (*rows[0][:3], True, *rows[0][4:])]) is None
    assert _copied(AUDIT, [rows[0], (*rows[0][:3], "1", *rows[0][4:])]) is None
    # an upsert, an update, a table not of the schema: the pipeline, as before
    assert _copied("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING", [("a", "b")] * 2) is None
    assert _copied("UPDATE meta SET value=? WHERE key=?", [("a", "b")] * 2) is None
    assert _copied("INSERT INTO nowhere(a, b) VALUES (?, ?)", [("a", "b")] * 2) is None


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_copied_rows_are_the_inserted_rows(engine, tmp_path, request):
    if engine == "sqlite":
        url = f"sqlite:///{tmp_path / 'songmay-server.db'}"
    else:
        url = request.getfixturevalue("postgres").create_database(f"writes_{uuid.uuid4().hex[:8]}")
    store = ServerStore.open(url)
    rows = [(f"2026-01-0{i % 9 + 1}T00:00:00", f"device:{text}", "inst", 2**40 + i if i % 2 else i, "student",
             f"r{i}", "insert", None if i % 3 else text, text)
            for i, text in enumerate(HARD_TEXT)]
    try:
        with store.engine.connect() as conn:
            c = _Conn(conn)
            c.executemany(AUDIT, rows)  # COPY on PostgreSQL
            c.executemany(AUDIT, rows[:1])  # one row: one statement
            conn.commit()
        with store.engine.connect() as conn:
            got = [tuple(r) for r in _Conn(conn).execute(
                "SELECT at, actor, instance, counter, kind, record_id, action, before, after FROM audit ORDER BY id")]
            conn.commit()
    finally:
        store.close()
    assert got == [*rows, rows[0]]
