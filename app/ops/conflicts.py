"""Resolving a conflict a sync found (DESIGN §3): keep this version, take the other, or
merge fields of the other (``app.changes.resolve_conflict``). The list and the pair are
read with ``app.queries.sync``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app import changes
from app.ops import ALL, action
from app.store import Store


@dataclass(frozen=True)
class Resolved:
    """A conflict resolved: its id and the kind of its record (what changed)."""

    conflict_id: int
    kind: str

    @property
    def changes(self) -> frozenset[str]:
        return frozenset({self.kind})


@action(ALL)
def resolve(store: Store, conflict_id: int, kind: str, choice: str, actor: str, *,
            fields: dict[str, Any] | Iterable[str] | None = None) -> Resolved:
    """"keep", "take" or "merge" (with ``fields``) the open conflict ``conflict_id`` of a
    record of ``kind``; the views of that kind are told (the conflict list too)."""
    changes.resolve_conflict(store, conflict_id, choice, actor, fields=fields)
    return Resolved(conflict_id, kind)
