"""Figures of the school dashboard beyond ``Store.dashboard``: the children still waiting
("nobody missed") and the SIMs. Read-only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.predicates import waiting
from app.workflow import priority, priority_rank

WAITING_LIST_LIMIT = 50


@dataclass(frozen=True)
class WaitingChild:
    student_id: str
    full_name: str
    class_name: str
    village: str
    tier: int
    reason: str  # "approved": approved but holds no device; "no_need": eligible, no need recorded


def waiting_children(store, unit_id: str | None = None) -> list[WaitingChild]:
    """Children nobody may miss: those with an approved need who hold no device, and
    those in a priority group (app.workflow.priority) for whom no need has been recorded
    at all. Most urgent first: tier (policy families first), then the approved ones (only
    a device is missing), then class and name."""
    scope = "AND s.unit_id=?" if unit_id else ""
    params = (unit_id,) if unit_id else ()
    approved = "EXISTS (SELECT 1 FROM needs n WHERE n.student_id=s.id AND n._deleted=0 AND n.status='approved')"
    rows = store.conn.execute(
        f"""
        SELECT s.id, s.full_name, s.class_name, s.village, s.household, s.covid_orphan,
               s.covid_hardship, s.policy_family, s.search_key,
               (SELECT min(n.priority_tier) FROM needs n
                WHERE n.student_id=s.id AND n._deleted=0 AND n.status='approved') AS approved_tier,
               {approved} AS is_approved
        FROM students s
        WHERE s._deleted=0 {scope} AND {waiting("s")}
        """,
        params,
    ).fetchall()
    out: list[tuple[tuple, WaitingChild]] = []
    for r in rows:
        own_tier = priority(r["household"], bool(r["covid_orphan"]), bool(r["covid_hardship"]))
        if r["is_approved"]:
            tier, reason = r["approved_tier"] or own_tier or 4, "approved"
        elif own_tier is not None:
            tier, reason = own_tier, "no_need"
        else:
            continue
        key = (priority_rank(tier, bool(r["policy_family"])), reason != "approved", r["class_name"],
               r["search_key"])
        out.append((key, WaitingChild(r["id"], r["full_name"], r["class_name"], r["village"], tier, reason)))
    out.sort(key=lambda x: x[0])
    return [w for _k, w in out]


def sim_figures(store, unit_id: str | None = None, *, today: dt.date | None = None,
                days: int = 30) -> dict[str, int]:
    """SIMs in stock, and SIMs in stock or with a child whose free period ends between
    today and ``days`` days from now (inclusive)."""
    today = today or dt.date.today()
    scope = " AND unit_id=?" if unit_id else ""
    params: tuple = (unit_id,) if unit_id else ()
    in_stock = store.conn.execute(
        f"SELECT count(*) FROM sims WHERE _deleted=0 AND status='in_stock'{scope}", params).fetchone()[0]
    ending = store.conn.execute(
        "SELECT count(*) FROM sims WHERE _deleted=0 AND status IN ('in_stock', 'handed_over') "
        f"AND free_until!='' AND free_until BETWEEN ? AND ?{scope}",
        (today.isoformat(), (today + dt.timedelta(days=days)).isoformat(), *params),
    ).fetchone()[0]
    return {"sims_in_stock": in_stock, "sims_ending_soon": ending}


def dashboard(store, unit_id: str | None = None, *, today: dt.date | None = None,
              limit: int = WAITING_LIST_LIMIT) -> dict:
    """``Store.dashboard`` plus: approved in all (approved + handed over), the children
    still waiting (count, split by reason, and the first ``limit`` of them), the SIMs."""
    figures = store.dashboard(unit_id)
    by_status = figures["needs_by_status"]
    waiting = waiting_children(store, unit_id)
    figures.update(
        approved=by_status.get("approved", 0) + by_status.get("fulfilled", 0),
        in_need=sum(figures["in_need_by_tier"].values()),
        waiting=len(waiting),
        waiting_approved=sum(1 for w in waiting if w.reason == "approved"),
        waiting_no_need=sum(1 for w in waiting if w.reason == "no_need"),
        waiting_list=waiting[:limit],
        **sim_figures(store, unit_id, today=today),
    )
    return figures


def waiting_count(store, unit_id: str | None = None) -> int:
    """How many children are still waiting (``waiting_children``): the navigation's badge."""
    return len(waiting_children(store, unit_id))
