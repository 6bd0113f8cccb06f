"""Records as SQLite rows and back, and the clock every write is stamped with: what the
store and the merge core (``app.changes``) both need, below either of them."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any, TypeVar

from app.records import Record

R = TypeVar("R", bound=Record)

# the columns of a record table that hold its version, not its fields
SYNC_META = ("_inst", "_ctr", "_vv", "_deleted", "_updated_at")


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def to_row(rec: Record) -> dict[str, Any]:
    row = rec.to_row()
    for f in rec.JSON_FIELDS:
        row[f] = json.dumps(row[f], ensure_ascii=False, sort_keys=True)
    for f in rec.BOOL_FIELDS:
        row[f] = int(bool(row[f]))
    return row


def from_row(cls: type[R], row: sqlite3.Row | dict) -> R:
    data = dict(row)
    for f in cls.JSON_FIELDS:
        if isinstance(data.get(f), str):
            data[f] = json.loads(data[f])
    return cls.from_row(data)
