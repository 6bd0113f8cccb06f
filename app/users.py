"""The people who work on this computer: local accounts with a role and a PIN.

Accounts are local to the installation (never synced). A school needs a teacher to survey
and a head (hiệu trưởng) to verify and approve; the head or an officer manages the
accounts (*Tệp → Người dùng…*, ``songmay user …``; the actions are in ``app.ops.users``). The last active head of a
school is
never disabled, so the school can always approve. ``role_needed_message`` tells a user who
may take a step they cannot, and who holds that role here.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from app.errors import SongMayError
from app.text import fold
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


def check_manager(store, by_role: str | None) -> None:
    """Refuses (UserError) a user of ``by_role`` who may not manage the accounts."""
    if not may_manage(store, by_role):
        raise UserError("users.not_allowed")


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


__all__ = ["USER_ROLES", "UserError", "approval_hint", "check_manager", "check_pin_format", "find_user", "holders",
           "list_users", "may_manage", "pin_hash", "role_needed_message", "role_name"]
