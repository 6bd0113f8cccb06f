"""The programme's rules as SQL, built once (DESIGN §3): what makes a handover active, a
need active, a child eligible, a child still waiting, a child active at a school. The
store, the queries, the reports and the provincial server use these, never a copy.

Each is a function of the table alias it speaks of, returning a condition (text with no
parameters) that SQLite and PostgreSQL both read. The written forms are chosen so the
indexes serve them (``refers_to <> ''`` lets SQLite use the partial index on
``handovers.refers_to``).
"""

from __future__ import annotations

from app.workflow import ACTIVE_NEED_STATUSES

HOUSEHOLDS_ELIGIBLE = ("poor", "near_poor", "other_hardship")
# Needs that no longer count: refused, or withdrawn (e.g. by an office's placement decision).
CLOSED_NEED_STATUSES = ("rejected", "withdrawn")
# A need that asks only for a SIM or data package: the child has a device of their own.
SIM_ONLY_NEED = "({n}.needs_sim = 1 AND {n}.current_device = 'own')"


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def active_handover(h: str = "h") -> str:
    """Handover ``h`` is a handing over not yet closed by a later return or reassignment."""
    return (f"{h}.event = 'handed_over' AND NOT EXISTS (SELECT 1 FROM handovers c "
            f"WHERE c.refers_to <> '' AND c.refers_to = {h}.id AND c._deleted = 0)")


def fulfilling_handover(h: str = "h") -> str:
    """What handover ``h`` gives fulfils the child's need: a device fulfils any need; a SIM
    alone only a SIM/data need."""
    return (f"({h}.device_id <> '' OR ({h}.sim_id <> '' AND EXISTS (SELECT 1 FROM needs q "
            f"WHERE q.id = {h}.need_id AND {SIM_ONLY_NEED.format(n='q')})))")


def active_need(n: str = "n") -> str:
    """Need ``n`` is live: from draft to fulfilled, not deleted."""
    return f"{n}._deleted = 0 AND {n}.status IN ({_quoted(ACTIVE_NEED_STATUSES)})"


def open_need(n: str = "n") -> str:
    """Need ``n`` still counts for the child (neither refused nor withdrawn), not deleted."""
    return f"{n}._deleted = 0 AND {n}.status NOT IN ({_quoted(CLOSED_NEED_STATUSES)})"


def eligible(s: str = "s") -> str:
    """Child ``s`` belongs to a priority group: poor, near-poor or other hardship household,
    or affected by COVID-19."""
    return (f"({s}.household IN ({_quoted(HOUSEHOLDS_ELIGIBLE)}) "
            f"OR {s}.covid_orphan = 1 OR {s}.covid_hardship = 1)")


def holds_device(s: str = "s") -> str:
    """Child ``s`` holds what their need asked for (an active, fulfilling handover)."""
    return (f"EXISTS (SELECT 1 FROM handovers h WHERE h.student_id = {s}.id AND h._deleted = 0 "
            f"AND {active_handover('h')} AND {fulfilling_handover('h')})")


def waiting(s: str = "s") -> str:
    """"Nobody missed": child ``s`` still waits — approved and given nothing that fulfils
    the need, or eligible with no need recorded at all."""
    return (f"((EXISTS (SELECT 1 FROM needs n WHERE n.student_id = {s}.id AND n._deleted = 0 "
            f"AND n.status = 'approved') AND NOT {holds_device(s)}) "
            f"OR (NOT EXISTS (SELECT 1 FROM needs n WHERE n.student_id = {s}.id AND n._deleted = 0) "
            f"AND {eligible(s)}))")


def active_at_school(s: str = "s") -> str:
    """Child ``s`` is active at their school: a need that still counts, or a device handed
    over and not returned (the cross-school duplicate check, on the device and the server)."""
    return (f"(EXISTS (SELECT 1 FROM needs n WHERE n.student_id = {s}.id AND {open_need('n')}) "
            f"OR EXISTS (SELECT 1 FROM handovers h WHERE h.student_id = {s}.id AND h._deleted = 0 "
            f"AND {active_handover('h')}))")
