"""What a new child's form starts with: only what is safe to assume.

Sex, birth date and household category start empty and must be chosen (a default there is
saved unnoticed: a girl recorded as a boy, a child as poor). The ethnicity starts as the
school's most common one — shown on the form, so a teacher sees it and changes it."""

from __future__ import annotations

from app.records import Student

FALLBACK_ETHNICITY = "Kinh"


def most_common_ethnicity(store, unit_id: str) -> str:
    """The ethnicity most of the unit's children have (ties: alphabetical), or Kinh when
    the unit has none recorded yet."""
    row = store.conn.execute(
        f"SELECT ethnicity, count(*) AS n FROM {Student.TABLE} WHERE unit_id=? AND _deleted=0 AND ethnicity != ''"
        " GROUP BY ethnicity ORDER BY n DESC, ethnicity LIMIT 1", (unit_id,)).fetchone()
    return row[0] if row else FALLBACK_ETHNICITY
