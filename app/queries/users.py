"""The accounts of this computer as the users dialog lists them (the actions are in
``app.ops.users``, the rules in ``app.users``)."""

from __future__ import annotations

from app.store import Store
from app.users import MANAGER_ROLES, list_users


def accounts(store: Store) -> dict:
    """{"users": every account, disabled ones too (``app.users.list_users``), "managers":
    the names of the active heads and officers}."""
    return {"users": list_users(store, include_disabled=True),
            "managers": [u["name"] for u in store.users() if u["role"] in MANAGER_ROLES]}
