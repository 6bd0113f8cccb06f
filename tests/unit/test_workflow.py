"""The need state machine and the priority tiers (app/workflow.py)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import workflow
from app.errors import RuleError
from app.records import NEED_STATUSES
from app.workflow import (
    ACTIVE_NEED_STATUSES,
    allowed_actions,
    check_move,
    priority,
    priority_rank,
)

OFFICIALS = {"head", "officer", "province"}

# The need workflow as the DESIGN (§2) and the brief state it, written independently of
# app.workflow.MOVES: action -> (from, to, roles, reason required).
SPEC: dict[str, tuple[set[str], str, set[str], bool]] = {
    "submit": ({"draft"}, "submitted", {"teacher", "head"}, False),
    "verify": ({"submitted"}, "verified", OFFICIALS, False),
    "approve": ({"verified"}, "approved", OFFICIALS, False),
    "reject": ({"submitted", "verified", "approved"}, "rejected", OFFICIALS, True),
    "withdraw": ({"draft", "submitted", "verified", "approved"}, "withdrawn",
                 {"teacher", "head", "officer", "province"}, True),
    "reopen": ({"rejected", "withdrawn"}, "draft", {"teacher", "head"}, False),
    "fulfil": ({"approved"}, "fulfilled", {"system"}, False),
    "unfulfil": ({"fulfilled"}, "approved", {"system"}, False),
}
ROLES = ["teacher", "head", "officer", "province", "system", "guest"]
STATUSES = list(NEED_STATUSES)
LEGAL_EDGES = {(src, to) for srcs, to, _r, _n in SPEC.values() for src in srcs}


def rule_key(fn, *args) -> str:
    with pytest.raises(RuleError) as info:
        fn(*args)
    return info.value.key


def test_statuses_and_actions_agree_with_records():
    assert set(workflow.MOVES) == set(SPEC) == set(workflow.ACTIONS)
    for move in workflow.MOVES.values():
        assert move.sources <= set(NEED_STATUSES)
        assert move.target in NEED_STATUSES
    assert set(ACTIVE_NEED_STATUSES) == {"draft", "submitted", "verified", "approved", "fulfilled"}
    assert set(workflow.ROLES) == set(ROLES) - {"guest"}


# ---------------------------------------------------------------- legal moves


LEGAL = [
    (src, action, role)
    for action, (srcs, _to, roles, _n) in SPEC.items()
    for src in sorted(srcs)
    for role in sorted(roles)
]


@pytest.mark.parametrize("src, action, role", LEGAL)
def test_every_legal_move(src, action, role):
    _srcs, target, _roles, needs_reason = SPEC[action]
    assert check_move(src, action, role, "Gia đình đã chuyển đi") == target
    if needs_reason:
        assert rule_key(check_move, src, action, role) == "need.reason"
        assert rule_key(check_move, src, action, role, "   ") == "need.reason"
    else:
        assert check_move(src, action, role) == target


@pytest.mark.parametrize("action", list(SPEC))
def test_whole_table_for_action(action):
    """Every (status, role) for this action gives the outcome the spec says."""
    srcs, target, roles, needs_reason = SPEC[action]
    for status, role in itertools.product(STATUSES, ROLES):
        where = (status, action, role)
        if status not in srcs:
            assert rule_key(check_move, status, action, role, "lý do") == "need.illegal_move", where
        elif role not in roles:
            assert rule_key(check_move, status, action, role, "lý do") == "need.role", where
        else:
            assert check_move(status, action, role, "lý do") == target, where
            if needs_reason:
                assert rule_key(check_move, status, action, role, "") == "need.reason", where


def test_illegal_move_examples():
    for status, action in [("draft", "verify"), ("draft", "approve"), ("submitted", "approve"),
                           ("draft", "fulfil"), ("verified", "fulfil"), ("fulfilled", "reject"),
                           ("fulfilled", "withdraw"), ("approved", "submit"),
                           ("draft", "reopen"), ("rejected", "approve")]:
        with pytest.raises(RuleError) as info:
            check_move(status, action, "province", "lý do")
        assert info.value.key == "need.illegal_move"
        # the statuses are named by their labels, in the message's language
        assert info.value.params["src"] == NEED_STATUSES[status]
        assert info.value.params["dst"] == NEED_STATUSES[SPEC[action][1]]


def test_unknown_action_is_illegal():
    with pytest.raises(RuleError) as info:
        check_move("draft", "delete", "head")
    assert info.value.key == "need.illegal_move"
    assert "“delete”" in info.value.message("en")


def test_illegal_move_is_reported_before_role_and_reason():
    assert rule_key(check_move, "draft", "approve", "teacher") == "need.illegal_move"


def test_role_is_reported_before_reason():
    assert rule_key(check_move, "submitted", "reject", "teacher") == "need.role"


def test_role_error_names_role_and_action():
    with pytest.raises(RuleError) as info:
        check_move("submitted", "verify", "teacher")
    assert "Giáo viên" in info.value.message("vi") and "xác minh" in info.value.message("vi")
    assert "Teacher" in info.value.message("en") and "verify" in info.value.message("en")  # not mixed
    assert "Giáo viên" in info.value.message("vi")
    with pytest.raises(RuleError) as info:
        check_move("approved", "fulfil", "province")
    assert info.value.key == "need.role"


@pytest.mark.parametrize("role", ["teacher", "head", "officer", "province"])
def test_only_the_system_fulfils(role):
    assert rule_key(check_move, "approved", "fulfil", role) == "need.role"
    assert rule_key(check_move, "fulfilled", "unfulfil", role) == "need.role"


def test_system_makes_no_human_moves():
    for action in ("submit", "verify", "approve", "reject", "withdraw", "reopen"):
        src = sorted(SPEC[action][0])[0]
        assert rule_key(check_move, src, action, "system", "lý do") == "need.role"


# ---------------------------------------------------------------- allowed_actions


@pytest.mark.parametrize(
    "status, role, expected",
    [
        ("draft", "teacher", {"submit", "withdraw"}),
        ("draft", "officer", {"withdraw"}),
        ("draft", "system", set()),
        ("submitted", "teacher", {"withdraw"}),
        ("submitted", "head", {"verify", "reject", "withdraw"}),
        ("verified", "officer", {"approve", "reject", "withdraw"}),
        ("approved", "province", {"reject", "withdraw"}),
        ("approved", "system", {"fulfil"}),
        ("fulfilled", "system", {"unfulfil"}),
        ("fulfilled", "head", set()),
        ("rejected", "teacher", {"reopen"}),
        ("withdrawn", "head", {"reopen"}),
        ("rejected", "officer", set()),
        ("draft", "guest", set()),
    ],
)
def test_allowed_actions(status, role, expected):
    got = allowed_actions(status, role)
    assert set(got) == expected
    assert len(got) == len(set(got))


def test_allowed_actions_agree_with_check_move():
    for status, role in itertools.product(STATUSES, ROLES):
        for action in SPEC:
            try:
                check_move(status, action, role, "lý do")
                ok = True
            except RuleError:
                ok = False
            assert (action in allowed_actions(status, role)) == ok, (status, role, action)


# ---------------------------------------------------------------- random walks

steps = st.lists(
    st.tuples(
        st.sampled_from(list(SPEC) + ["bogus"]),
        st.sampled_from(ROLES),
        st.sampled_from(["", "  ", "Gia đình đã nhận máy từ nguồn khác"]),
    ),
    max_size=60,
)


def _seen_since_last_draft(history: list[str], i: int, wanted: str) -> bool:
    for j in range(i - 1, -1, -1):
        if history[j] == wanted:
            return True
        if history[j] == "draft":
            return False
    return False


@given(steps)
def test_random_walk_only_takes_legal_moves(walk):
    status = "draft"
    history = [status]
    for action, role, reason in walk:
        try:
            new = check_move(status, action, role, reason)
        except RuleError as e:
            assert e.key in {"need.illegal_move", "need.role", "need.reason"}
            # the refusal is explained correctly
            spec = SPEC.get(action)
            if spec is None or status not in spec[0]:
                assert e.key == "need.illegal_move"
            elif role not in spec[2]:
                assert e.key == "need.role"
            else:
                assert e.key == "need.reason" and spec[3] and not reason.strip()
            continue
        srcs, target, roles, needs_reason = SPEC[action]
        assert status in srcs and role in roles and new == target
        assert not needs_reason or reason.strip()
        assert (status, new) in LEGAL_EDGES
        status = new
        history.append(status)

    assert set(history) <= set(NEED_STATUSES)
    for i, s in enumerate(history):
        if s == "fulfilled":
            assert history[i - 1] == "approved"
        if s == "approved":
            assert _seen_since_last_draft(history, i, "verified")
        if s == "verified":
            assert _seen_since_last_draft(history, i, "submitted")
        if s == "rejected":
            assert history[i - 1] in {"submitted", "verified", "approved"}
        if s == "draft" and i > 0:
            assert history[i - 1] in {"rejected", "withdrawn"}


# ---------------------------------------------------------------- priority


@pytest.mark.parametrize(
    "household, orphan, hardship, tier",
    [
        ("poor", False, False, 1),
        ("poor", True, True, 1),
        ("poor", True, False, 1),
        ("near_poor", False, False, 2),
        ("near_poor", False, True, 2),
        ("none", True, False, 3),
        ("none", False, True, 3),
        ("none", True, True, 3),
        ("other_hardship", True, False, 3),
        ("other_hardship", False, False, 4),
        ("none", False, False, None),
    ],
)
def test_priority(household, orphan, hardship, tier):
    assert priority(household, orphan, hardship) == tier


def test_priority_rank_orders_tiers_then_policy_families():
    assert priority_rank(None, True) is None
    assert priority_rank(None, False) is None
    assert priority_rank(1, True) < priority_rank(1, False)
    assert priority_rank(1, False) < priority_rank(2, True)
    ranks = [priority_rank(t, p) for t in (1, 2, 3, 4) for p in (True, False)]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) == len(ranks)


@given(st.integers(1, 4), st.booleans(), st.integers(1, 4), st.booleans())
def test_priority_rank_is_lexicographic(t1, p1, t2, p2):
    r1, r2 = priority_rank(t1, p1), priority_rank(t2, p2)
    key1, key2 = (t1, not p1), (t2, not p2)
    assert (r1 < r2) == (key1 < key2)
    assert (r1 == r2) == (key1 == key2)
