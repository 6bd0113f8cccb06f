"""Reviewing a conflict: both versions side by side, and a merge of chosen fields."""

from __future__ import annotations

import pytest

from app import changes as C
from app.errors import NotFound, RuleError, ValidationError
from app.records import Student, Unit
from app.store import Store
from tests.helpers.conflicts import student_conflict, transfer


@pytest.fixture
def stores(tmp_path):
    home, other = Store.open(tmp_path / "home"), Store.open(tmp_path / "other")
    home.set_unit(Unit(code="TH0001", name="Trường TH Nậm Cha", level="TH", commune_code="03388"), "t")
    yield home, other
    home.close()
    other.close()


@pytest.fixture
def conflict(stores):
    home, other = stores
    sid, mine, theirs = student_conflict(home, other)
    [c] = C.open_conflicts(home)
    return home, other, sid, mine, theirs, c["id"]


def row(store: Store, sid: str) -> dict:
    return dict(store.conn.execute("SELECT * FROM students WHERE id=?", (sid,)).fetchone())


def audit_count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM audit").fetchone()[0]


def test_conflict_pair_shows_both_versions_and_what_differs(conflict):
    home, other, sid, mine, theirs, cid = conflict
    pair = C.conflict_pair(home, cid)
    assert (pair["kind"], pair["record_id"], pair["label"]) == ("student", sid, "Lò Thị Ánh – 3B")
    assert pair["current"]["village"] == "Bản Pa Ủ" and pair["other"]["village"] == "Bản Huổi Lếch"
    assert pair["current"]["guardian_phone"] == "0912345678" and pair["other"]["guardian_phone"] == "0987654321"
    assert pair["current"]["class_name"] == "3B" and pair["other"]["class_name"] == "3A"
    assert sorted(pair["differ"]) == ["class_name", "guardian_phone", "village"]
    assert "search_key" not in pair["fields"] and "id" not in pair["fields"] and "full_name" in pair["fields"]
    assert pair["current"]["policy_family"] is False  # values as the record holds them
    assert (pair["instance"], pair["current_instance"], pair["this_instance"]) == (
        other.instance_id, home.instance_id, home.instance_id)
    assert not pair["current_deleted"] and not pair["other_deleted"]
    assert pair["refs"] == {home.unit_id: "Trường TH Nậm Cha"}  # what the ids name


def test_overview_lists_open_conflicts_with_a_label(conflict):
    home, other, sid, *_ = conflict
    [o] = C.conflict_overview(home)
    assert (o["kind"], o["record_id"], o["label"], o["mine"], o["deleted"]) == (
        "student", sid, "Lò Thị Ánh – 3B", False, False)
    assert o["instance"] == other.instance_id and o["detected_at"]
    assert C.count_open_conflicts(home) == 1 and C.count_open_conflicts(other) == 0


def test_merge_takes_the_chosen_fields_and_wins_everywhere(conflict):
    home, other, sid, mine, theirs, cid = conflict
    losing_vv = C.open_conflicts(home)[0]["vv"]
    C.resolve_conflict(home, cid, "merge", "thầy Dũng", fields=["guardian_phone"])
    st = home.get(Student, sid)
    assert (st.village, st.class_name, st.guardian_phone) == ("Bản Pa Ủ", "3B", "0987654321")
    v = home.version(Student, sid)
    assert v["instance"] == home.instance_id and C.covers(v["vv"], losing_vv)
    assert C.open_conflicts(home) == [] and C.count_open_conflicts(home) == 0
    done = home.conn.execute("SELECT resolution, resolved_by FROM conflicts WHERE id=?", (cid,)).fetchone()
    assert tuple(done) == ("merge", "thầy Dũng")
    event = home.history(sid)[-1]
    assert event["action"] == "sync.conflict.merge" and event["after"] == {"guardian_phone": "0987654321"}
    [result] = transfer(home, other)  # the merged version dominates both: no new conflict
    assert result.updated == 1 and result.conflicts == 0
    assert row(other, sid) == row(home, sid)
    with pytest.raises(NotFound):
        C.resolve_conflict(home, cid, "merge", "thầy Dũng", fields=["village"])


def test_merge_with_given_values_is_validated_like_a_save(conflict):
    home, other, sid, mine, theirs, cid = conflict
    before, audits = row(home, sid), audit_count(home)
    with pytest.raises(ValidationError) as e:
        C.resolve_conflict(home, cid, "merge", "gv", fields={"village": "Bản Mới", "guardian_phone": "12345"})
    assert "guardian_phone" in e.value.by_field()
    assert row(home, sid) == before and audit_count(home) == audits
    assert [c["id"] for c in C.open_conflicts(home)] == [cid]  # still open
    C.resolve_conflict(home, cid, "merge", "gv", fields={"village": "  bản   mới ", "guardian_phone": "0987654321"})
    st = home.get(Student, sid)
    assert (st.village, st.guardian_phone, st.class_name) == ("Bản Mới", "0987654321", "3B")


def test_merge_of_nothing_new_resolves_without_a_new_version(conflict):
    home, other, sid, mine, theirs, cid = conflict
    before = row(home, sid)
    C.resolve_conflict(home, cid, "merge", "gv", fields={"village": "Bản Pa Ủ"})
    assert row(home, sid) == before and C.open_conflicts(home) == []
    assert home.history(sid)[-1]["action"] == "sync.conflict.merge"


def test_merge_refuses_unknown_or_computed_fields(conflict):
    home, other, sid, mine, theirs, cid = conflict
    for bad in (["search_key"], ["id"], {"favourite_colour": "xanh"}):
        with pytest.raises(ValueError):
            C.resolve_conflict(home, cid, "merge", "gv", fields=bad)
    with pytest.raises(ValueError):
        C.resolve_conflict(home, cid, "split", "gv")
    assert C.count_open_conflicts(home) == 1


def test_a_deletion_cannot_be_merged(conflict):
    home, other, sid, mine, theirs, cid = conflict
    home.delete(Student, sid, "gv")
    pair = C.conflict_pair(home, cid)
    assert pair["current_deleted"] and not pair["other_deleted"]
    with pytest.raises(RuleError) as e:
        C.resolve_conflict(home, cid, "merge", "gv", fields=["village"])
    assert e.value.key == "conflict.merge_deleted"
    assert C.count_open_conflicts(home) == 1
    C.resolve_conflict(home, cid, "take", "gv")  # taking the other version brings the child back
    assert home.get(Student, sid).village == "Bản Huổi Lếch"


def test_conflict_pair_of_a_resolved_conflict_is_not_found(conflict):
    home, other, sid, mine, theirs, cid = conflict
    C.resolve_conflict(home, cid, "keep", "gv")
    with pytest.raises(NotFound):
        C.conflict_pair(home, cid)
    assert C.conflict_overview(home) == []
