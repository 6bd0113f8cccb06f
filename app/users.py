"""The people who work on this computer: local accounts with a role and a PIN.

Accounts are local to the installation (never synced). A school needs a teacher to survey
and a head (hiệu trưởng) to verify and approve; the head or an officer manages the
accounts (*Tệp → Người dùng…*, ``songmay user …``). The last active head of a school is
never disabled, so the school can always approve. ``role_needed_message`` tells a user who
may take a step they cannot, and who holds that role here.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from app.errors import SongMayError
from app.text import clean_name, fold
from app.workflow import ACTIONS, ROLES

USER_ROLES = ("teacher", "head", "officer", "province")
MANAGER_ROLES = frozenset({"head", "officer", "province"})
_PIN = re.compile(r"\d{4,8}")


class UserError(SongMayError):
    """A user account action refused, in words."""


def role_name(role: str) -> tuple[str, str]:
    """The role as it reads inside a sentence: ("hiệu trưởng", "school head")."""
    vi, en = ROLES.get(role, (role, role))
    return vi.lower(), en.lower()


def check_pin_format(pin: str) -> str:
    pin = (pin or "").strip()
    if not _PIN.fullmatch(pin):
        raise UserError("users.pin_invalid")
    return pin


def list_users(store, *, include_disabled: bool = False) -> list[dict]:
    """{id, name, role, created_at, disabled}, oldest first."""
    return store.users(include_disabled=include_disabled)


def holders(store, role: str) -> list[str]:
    """Names of the active users with ``role``."""
    return [u["name"] for u in store.users() if u["role"] == role]


def find_user(store, name_or_id: str, *, include_disabled: bool = True) -> dict:
    """One user by id or by name (accents optional); UserError when none or several."""
    everyone = store.users(include_disabled=include_disabled)
    for u in everyone:
        if u["id"] == name_or_id:
            return u
    key = fold(name_or_id)
    found = [u for u in everyone if fold(u["name"]) == key]
    active = [u for u in found if not u["disabled"]]
    if len(active) == 1 or (len(found) == 1):
        return (active or found)[0]
    raise UserError("users.not_found", name=name_or_id)


def may_manage(store, role: str | None) -> bool:
    """The head or an officer manages the accounts; while this computer has neither, its
    users may (a teacher alone adds the school's head)."""
    if role is None or role in MANAGER_ROLES:
        return True
    return not any(u["role"] in MANAGER_ROLES for u in store.users())


def _check_manager(store, by_role: str | None) -> None:
    if not may_manage(store, by_role):
        raise UserError("users.not_allowed")


def add_user(store, name: str, role: str, pin: str, *, by_role: str | None = None,
             actor: str = "") -> str:
    """Add an account; returns its id. ``by_role``: the role of whoever adds it (None: the
    installer — the wizard, the demo, the command line)."""
    _check_manager(store, by_role)
    name = clean_name(name)
    if not name:
        raise UserError("users.name_required")
    if role not in USER_ROLES:
        raise UserError("users.role_invalid", role=role, roles=", ".join(USER_ROLES))
    pin = check_pin_format(pin)
    if any(fold(u["name"]) == fold(name) for u in store.users()):
        raise UserError("users.name_taken", name=name)
    with store.transaction():
        uid = store.add_user(name, role, pin)
        store._audit(actor or name, store.counter, "user", uid, "user.add", None,
                     {"name": name, "role": role}, _now())
    return uid


def disable_user(store, name_or_id: str, *, by_role: str | None = None, actor: str = "") -> dict:
    """Disable an account (it can no longer sign in). The last active head is kept."""
    _check_manager(store, by_role)
    user = find_user(store, name_or_id, include_disabled=False)
    with store.transaction():
        if user["role"] == "head" and len(holders(store, "head")) <= 1:
            raise UserError("users.last_head", name=user["name"])
        if len(store.users()) <= 1:  # the app would start over with the first-run wizard
            raise UserError("users.last_user", name=user["name"])
        store.conn.execute("UPDATE users SET disabled=1 WHERE id=?", (user["id"],))
        store._audit(actor or "", store.counter, "user", user["id"], "user.disable", None,
                     {"name": user["name"]}, _now())
    return user


def reset_pin(store, name_or_id: str, pin: str, *, by_role: str | None = None, actor: str = "") -> dict:
    """Give an account a new PIN (a forgotten PIN is reset by the head or an officer)."""
    _check_manager(store, by_role)
    pin = check_pin_format(pin)
    user = find_user(store, name_or_id, include_disabled=False)
    with store.transaction():
        store.conn.execute("UPDATE users SET pin_hash=? WHERE id=?", (pin_hash(pin), user["id"]))
        store._audit(actor or "", store.counter, "user", user["id"], "user.reset_pin", None,
                     {"name": user["name"]}, _now())
    return user


def role_needed_message(store, role: str, action: str = "approve", lang: str | None = None) -> str:
    """Why a step is not this user's: which role takes it and who holds that role here.

    "Cần hiệu trưởng phê duyệt — đăng nhập bằng tài khoản hiệu trưởng (Lò Văn Minh)."
    """
    names = holders(store, role)
    act = ACTIONS.get(action, (action, action))[:2]
    if names:
        return SongMayError("users.role_needed", role=role_name(role), action=act,
                            names=", ".join(names)).message(lang)
    return SongMayError("users.role_missing", role=role_name(role), action=act).message(lang)


def pin_hash(pin: str) -> str:
    """What is stored of a PIN: a salted scrypt digest (``Store.check_pin`` reads it)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def approval_hint(store, unit_id: str | None, role: str) -> str:
    """Why no child waits for a device although needs were sent: how many submitted or
    verified needs wait, and who approves them ('' when none wait)."""
    sql = "SELECT count(*) FROM needs WHERE _deleted=0 AND status IN ('submitted', 'verified')"
    count = store.conn.execute(sql + (" AND unit_id=?" if unit_id else ""), (unit_id,) if unit_id else ()).fetchone()[0]
    if not count:
        return ""
    if role in MANAGER_ROLES:
        return SongMayError("users.approval_waiting_you", count=count).message()
    unit = store.unit()
    approver = "head" if unit is None or unit.kind == "school" else "officer"
    return SongMayError("users.approval_waiting", count=count,
                        who=role_needed_message(store, approver, "approve")).message()


def _now() -> str:
    from app.store import now_iso

    return now_iso()


__all__ = ["USER_ROLES", "UserError", "add_user", "approval_hint", "disable_user", "find_user", "holders",
           "list_users", "may_manage", "pin_hash", "reset_pin", "role_needed_message", "role_name"]
