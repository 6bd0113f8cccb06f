"""Every user action, as a plain function of the store (DESIGN §3): the desktop app's
widgets call them through ``ui.operations.Operations`` (on the database lane), the CLI
calls them directly. Each is marked with ``action(kinds…)``: the record kinds it may change,
so the views showing those kinds are told once it succeeded.

Where an action lives: ``students`` (children, needs, class lists), ``stock`` (devices,
SIMs, donations, allocation decisions, receipts), ``handovers``, ``coverage``, ``setup``
(the installation's unit, first run, school year), ``users``, ``placements``, ``reports``
(submitting one). The reads are
in ``app.queries``; the rules the actions keep are in ``app.rules`` and ``app.workflow``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
ALL = "*"


def action(*kinds: str, failed: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Marks ``fn`` as a user action changing records of ``kinds`` (record kinds of
    ``app.records.KINDS``, "sync" for the sync state the status bar shows, or "*" for
    anything: an import, a demo). ``failed``: the kinds told even when it fails (a sync
    records its run either way, and what arrived before a failure stays). Returns ``fn``
    itself, with ``fn.changes`` (and ``fn.changes_if_failed``) set."""
    def mark(fn: F) -> F:
        fn.changes = frozenset(kinds) or frozenset({ALL})  # type: ignore[attr-defined]
        fn.changes_if_failed = frozenset(failed)  # type: ignore[attr-defined]
        return fn
    return mark


def changes_of(fn: Callable[..., Any]) -> frozenset[str]:
    """The kinds ``fn`` is marked to change (an unmarked function: anything)."""
    return getattr(fn, "changes", frozenset({ALL}))


def changed_by(fn: Callable[..., Any], result: Any) -> frozenset[str]:
    """What to tell the views once ``fn`` returned ``result``: what the result says it
    changed (its ``changes``: an import that brought records, or only its run's record),
    else the kinds ``fn`` is marked with; an unmarked function (a query): nothing."""
    if not hasattr(fn, "changes"):
        return frozenset()
    said = getattr(result, "changes", None)
    return said if isinstance(said, frozenset) else changes_of(fn)


def changed_if_failed(fn: Callable[..., Any]) -> frozenset[str]:
    """What to tell the views when ``fn`` failed (``action(failed=…)``): mostly nothing."""
    return getattr(fn, "changes_if_failed", frozenset())
