"""The need workflow (an explicit state machine) and the priority tiers."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import RuleError
from app.records import NEED_STATUSES

ROLES = {
    "teacher": ("Giáo viên", "Teacher"),
    "head": ("Hiệu trưởng", "School head"),
    "officer": ("Cán bộ phòng/xã", "Collecting officer"),
    "province": ("Cán bộ Sở", "Provincial officer"),
    "system": ("Hệ thống", "System"),
}

ACTIONS = {
    "submit": ("gửi", "submit"),
    "verify": ("xác minh", "verify"),
    "approve": ("phê duyệt", "approve"),
    "reject": ("từ chối", "reject"),
    "withdraw": ("rút lại", "withdraw"),
    "reopen": ("mở lại", "reopen"),
    "fulfil": ("ghi nhận đã nhận thiết bị", "mark fulfilled"),
    "unfulfil": ("ghi nhận thu hồi thiết bị", "mark device returned"),
}


@dataclass(frozen=True)
class Move:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    needs_reason: bool = False


_ANY_OFFICIAL = frozenset({"head", "officer", "province"})
MOVES: dict[str, Move] = {
    m.action: m
    for m in (
        Move("submit", frozenset({"draft"}), "submitted", frozenset({"teacher", "head"})),
        Move("verify", frozenset({"submitted"}), "verified", _ANY_OFFICIAL),
        Move("approve", frozenset({"verified"}), "approved", _ANY_OFFICIAL),
        Move("reject", frozenset({"submitted", "verified", "approved"}), "rejected", _ANY_OFFICIAL, True),
        Move("withdraw", frozenset({"draft", "submitted", "verified", "approved"}), "withdrawn",
             frozenset({"teacher", "head", "officer", "province"}), True),
        Move("reopen", frozenset({"rejected", "withdrawn"}), "draft", frozenset({"teacher", "head"})),
        # Moves made by the handover rules, never by a button:
        Move("fulfil", frozenset({"approved"}), "fulfilled", frozenset({"system"})),
        Move("unfulfil", frozenset({"fulfilled"}), "approved", frozenset({"system"})),
    )
}

ACTIVE_NEED_STATUSES = ("draft", "submitted", "verified", "approved", "fulfilled")


def check_move(status: str, action: str, role: str, reason: str = "") -> str:
    """Return the status after ``action`` or raise RuleError saying why not."""
    move = MOVES.get(action)
    if move is None or status not in move.sources:
        target = move.target if move else action

        raise RuleError("need.illegal_move", src=NEED_STATUSES.get(status, (status, status)),
                        dst=NEED_STATUSES.get(target, (target, target)))
    if role not in move.roles:
        raise RuleError("need.role", role=ROLES.get(role, (role, role))[:2], action=ACTIONS[action][:2])
    if move.needs_reason and not (reason or "").strip():
        raise RuleError("need.reason", action=ACTIONS[action][:2])
    return move.target


def allowed_actions(status: str, role: str) -> list[str]:
    """The buttons to offer a user of ``role`` for a need in ``status``."""
    return [a for a, m in MOVES.items() if status in m.sources and role in m.roles]


def priority(household: str, covid_orphan: bool, covid_hardship: bool) -> int | None:
    """Priority tier: 1 poor, 2 near-poor, 3 COVID-19 orphan or hardship, 4 other hardship.

    None when the child is in no priority group.
    """
    if household == "poor":
        return 1
    if household == "near_poor":
        return 2
    if covid_orphan or covid_hardship:
        return 3
    if household == "other_hardship":
        return 4
    return None


def priority_rank(tier: int | None, policy_family: bool) -> int | None:
    """A sort key: tiers in order, policy families first within a tier."""
    if tier is None:
        return None
    return tier * 2 + (0 if policy_family else 1)
