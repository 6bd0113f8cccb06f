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


def action(*kinds: str) -> Callable[[F], F]:
    """Marks ``fn`` as a user action changing records of ``kinds`` (record kinds of
    ``app.records.KINDS``, or "*" for anything: an import, a demo). Returns ``fn`` itself,
    with ``fn.changes`` set."""
    def mark(fn: F) -> F:
        fn.changes = frozenset(kinds) or frozenset({ALL})  # type: ignore[attr-defined]
        return fn
    return mark


def changes_of(fn: Callable[..., Any]) -> frozenset[str]:
    """The kinds ``fn`` is marked to change (an unmarked function: anything)."""
    return getattr(fn, "changes", frozenset({ALL}))
