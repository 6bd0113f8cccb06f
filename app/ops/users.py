"""The accounts of this computer (File → Users…, ``songmay user …``): add one, disable one,
reset a forgotten PIN. The rules (who manages, the last head kept, a PIN's form) and the
reads are in ``app.users``. Accounts are local (never synced): they are marked as
changing "user", which only the views of accounts listen for."""

from __future__ import annotations

from app.ops import action
from app.store import now_iso
from app.text import clean_name, fold
from app.users import USER_ROLES, UserError, check_manager, check_pin_format, find_user, holders, pin_hash


@action("user")
def add_user(store, name: str, role: str, pin: str, *, by_role: str | None = None,
             actor: str = "") -> str:
    """Add an account; returns its id. ``by_role``: the role of whoever adds it (None: the
    installer — the wizard, the demo, the command line)."""
    check_manager(store, by_role)
    name = clean_name(name)
    if not name:
        raise UserError("users.name_required")
    if role not in USER_ROLES:
        raise UserError("users.role_invalid", role=role, roles=", ".join(USER_ROLES))
    pin = check_pin_format(pin)
    if any(fold(u["name"]) == fold(name) for u in store.users()):
        raise UserError("users.name_taken", name=name)
    return store.add_user(name, role, pin, actor=actor or name)


@action("user")
def disable_user(store, name_or_id: str, *, by_role: str | None = None, actor: str = "") -> dict:
    """Disable an account (it can no longer sign in). The last active head is kept."""
    check_manager(store, by_role)
    user = find_user(store, name_or_id, include_disabled=False)
    with store.transaction():
        if user["role"] == "head" and len(holders(store, "head")) <= 1:
            raise UserError("users.last_head", name=user["name"])
        if len(store.users()) <= 1:  # the app would start over with the first-run wizard
            raise UserError("users.last_user", name=user["name"])
        store.conn.execute("UPDATE users SET disabled=1 WHERE id=?", (user["id"],))
        store.audit(actor or "", store.counter, "user", user["id"], "user.disable", None,
                     {"name": user["name"]}, now_iso())
    return user


@action("user")
def reset_pin(store, name_or_id: str, pin: str, *, by_role: str | None = None, actor: str = "") -> dict:
    """Give an account a new PIN (a forgotten PIN is reset by the head or an officer)."""
    check_manager(store, by_role)
    pin = check_pin_format(pin)
    user = find_user(store, name_or_id, include_disabled=False)
    with store.transaction():
        store.conn.execute("UPDATE users SET pin_hash=? WHERE id=?", (pin_hash(pin), user["id"]))
        store.audit(actor or "", store.counter, "user", user["id"], "user.reset_pin", None,
                     {"name": user["name"]}, now_iso())
    return user
