"""The public pages' kept counts on PostgreSQL when two merges at once write rows linked across
units (the review's case): one computer changes a device's kind while another hands that
device over in another school. Without a lock on the device the second merge recounted its
school with the old kind, for good; with ``public_counts.lock_links`` (taken by the server's
merge before it works out which units to recount) it waits, and the counts equal a recount."""

from __future__ import annotations

import threading
import time
import uuid

from app import changes as C
from server import public_counts
from server.storage import ServerStore, _Conn

X, Y = "unit-x", "unit-y"


def _row(record_kind: str, rid: str, ctr: int, **fields):
    change = {"k": record_kind, "id": rid, "vv": {"inst1": ctr}, "f": fields, "t": "2026-01-01T00:00:00"}
    _cls, _data, row = C._prepare(change)
    return row


def _insert(conn, table: str, row: dict) -> None:
    cols = list(row)
    conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                 [row[k] for k in cols])


def _merged(conn, rows, before) -> None:  # what ServerStore.merged does for the public counts
    public_counts.lock_links(conn, rows, before)
    public_counts.merged(conn, rows, before, set(), set())


def test_a_device_changed_while_another_school_hands_it_over(postgres):
    server = ServerStore.open(postgres.create_database(f"songmay_{uuid.uuid4().hex[:12]}"))
    try:
        dev0 = _row("device", "dev-D", 1, unit_id=X, kind="tablet", donor="Quỹ A", received_date="2025-10-01")
        with server.engine.connect() as sa:
            c = _Conn(sa)
            _insert(c, "devices", dev0)
            _merged(c, {("devices", "dev-D"): dev0}, {})
            sa.commit()
        dev1 = {**dev0, "kind": "laptop", "_ctr": 2, "_vv": '{"inst1": 2}'}
        handover = _row("handover", "ho-1", 3, unit_id=Y, device_id="dev-D", student_id="st-1",
                        date="2025-11-01", event="handed_over")
        a_sa, b_sa = server.engine.connect(), server.engine.connect()
        a, b = _Conn(a_sa), _Conn(b_sa)
        # A: the device's new kind written and its counts recounted, not committed yet
        a.execute("UPDATE devices SET kind = ?, _ctr = ?, _vv = ? WHERE id = ?", ("laptop", 2, dev1["_vv"], "dev-D"))
        _merged(a, {("devices", "dev-D"): dev1}, {("devices", "dev-D"): dev0})
        # B: the handover in school Y, merged on another connection meanwhile
        done = threading.Event()

        def merge_b() -> None:
            _insert(b, "handovers", handover)
            _merged(b, {("handovers", "ho-1"): handover}, {})
            b_sa.commit()
            done.set()

        t = threading.Thread(target=merge_b)
        t.start()
        time.sleep(0.5)
        assert not done.is_set()  # B waits for A's device
        a_sa.commit()
        t.join(30)
        assert done.is_set()
        a_sa.close()
        b_sa.close()
        with server.engine.connect() as sa:
            assert public_counts.differences(_Conn(sa)) == []
            laptops = _Conn(sa).execute("SELECT handed_laptop FROM public_donors WHERE unit_id = ?", (Y,)).fetchone()
            assert laptops[0] == 1
    finally:
        server.close()
