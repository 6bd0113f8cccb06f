"""Children counted twice: the same personal ID active at two schools of this store.

"Never twice" (DESIGN §2) is checked where the data meet: a school checks its own
records as they are saved; an officer, whose store gathers many schools' bundles, finds
the same child active at two schools here; the server does so across the province. A
student is active while a need of theirs is neither rejected nor withdrawn, or while they
hold a handed-over device (the same rule as the server's).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.store import Store

def _active(s: str) -> str:
    """SQL: student ``s`` has a live need or holds a handed-over device (a handover not
    followed by a return or reassignment; written so that the indexes serve it)."""
    return (f"(EXISTS (SELECT 1 FROM needs n WHERE n.student_id={s}.id AND n._deleted=0"
            f" AND n.status NOT IN ('rejected', 'withdrawn'))"
            f" OR EXISTS (SELECT 1 FROM handovers h WHERE h.student_id={s}.id AND h._deleted=0"
            f" AND h.event='handed_over' AND NOT EXISTS (SELECT 1 FROM handovers c"
            f" WHERE c.refers_to=h.id AND c.refers_to != '' AND c._deleted=0)))")


def cross_school(store: Store, unit_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Pairs (a child of one of ``unit_ids`` — default every unit — and an active student
    with the same personal ID at another unit): personal_id, student_id, unit_id,
    full_name, other_id, other_unit, other_code, other_name, ordered by personal ID."""
    where, params = "", []
    if unit_ids is not None:
        params = sorted(set(unit_ids))
        if not params:
            return []
        where = f"AND m.unit_id IN ({','.join('?' * len(params))})"
    sql = f"""
        SELECT m.personal_id, m.id AS student_id, m.unit_id, m.full_name,
               e.id AS other_id, e.unit_id AS other_unit, coalesce(u.code, '') AS other_code,
               e.full_name AS other_name
        FROM students m
        CROSS JOIN students e ON e.personal_id = m.personal_id AND e.personal_id != ''
             AND e.unit_id != m.unit_id AND e._deleted=0
        LEFT JOIN units u ON u.id = e.unit_id
        WHERE m._deleted=0 AND +m.personal_id != '' {where} AND {_active("m")} AND {_active("e")}"""
    rows = [dict(r) for r in store.conn.execute(sql, params)]
    return sorted(rows, key=lambda r: (r["personal_id"], r["unit_id"], r["other_unit"], r["other_id"]))

