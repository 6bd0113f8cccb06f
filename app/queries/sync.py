"""What the sync-side screens read (DESIGN §3): the status of the sync with the province,
its notices, the open conflicts and one of them side by side, a record's history. The
resolving of a conflict is ``app.ops.conflicts``; the state itself is ``app.sync_state``'s."""

from __future__ import annotations

from typing import Any

from app import changes, sync_state
from app.store import Store


def start(store: Store) -> tuple[sync_state.Enrolment | None, dict[str, Any] | None]:
    """What the sync controller starts from: the enrolment (None: not connected) and the
    last run."""
    return sync_state.enrolment(store), store.last_sync()


def status(store: Store) -> tuple[int, dict[str, Any] | None, dict[str, int]]:
    """The status bar's: the changes not yet at the province, the last run, the notices
    counted (``sync_state.notice_counts``)."""
    return store.pending_changes(sync_state.SERVER), store.last_sync(), sync_state.notice_counts(store)


def notices(store: Store) -> list[dict[str, Any]]:
    """The province's notices (``sync_state.notices``), each with the ``label`` a person
    knows its record by."""
    out = sync_state.notices(store)
    for n in out:
        n["label"] = changes.record_label(store, n["record_kind"], n["record_id"])
    return out


def server_url(store: Store) -> str:
    """The provincial server's address this computer knows ('' if none)."""
    return sync_state.server_url(store)


def open_conflicts(store: Store) -> list[dict[str, Any]]:
    """The open conflicts for the review list (``changes.conflict_overview``)."""
    return changes.conflict_overview(store)


def conflict(store: Store, conflict_id: int) -> dict[str, Any]:
    """Both versions of one open conflict (``changes.conflict_pair``)."""
    return changes.conflict_pair(store, conflict_id)


def open_conflict_count(store: Store) -> int:
    return changes.count_open_conflicts(store)


def history(store: Store, record_ids: list[str]) -> list[dict[str, Any]]:
    """The audit events of ``record_ids``, in the order they happened."""
    return sorted((e for rid in record_ids for e in store.history(rid)), key=lambda e: e["seq"])
