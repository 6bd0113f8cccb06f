"""The console's children at two schools and its quarantine in a real Chromium (issue 17):
the province decides which school keeps a child and both schools' computers hold the
decision after their next sync, the released school's need withdrawn; an officer of another
area can neither open nor post the pair; a refused version shows with its reason, is marked
handled and leaves the list and the school's notices."""

from __future__ import annotations

import re
import sqlite3

import pytest

from app import sync_state
from app.errors import RuleError
from app.queries.placements import placements_for
from app.records import Need, Placement, Student, Unit
from sync import client
from tests.e2e.conftest import OPERATOR
from tests.helpers import factories as f
from tests.helpers.servers import server_cli
from tests.web.conftest import OFFICER, sign_in, submitted

ELSEWHERE = ("can.bo.ta.leng", "mật khẩu cán bộ xã Tả Lèng")  # an officer of another commune


def cli(world, *args: str, stdin: str | None = None) -> None:
    done = server_cli(world.db, *args, stdin=stdin)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def child(world):
    """The same child (one personal ID) with a need sent up at TH Sin Suối Hồ and at THCS
    Sin Suối Hồ; the province's department and Tả Lèng's office in the registry."""
    cli(world, "unit", "add", "SO-12", "--name", "Sở GD&ĐT Lai Châu", "--kind", "province", "--province", "12")
    cli(world, "unit", "add", "UBND-03405", "--name", "UBND xã Tả Lèng", "--kind", "commune", "--commune", "03405")
    cli(world, "user", "add", ELSEWHERE[0], "--role", "officer", "--unit", "UBND-03405", "--password-stdin",
        stdin=ELSEWHERE[1] + "\n")
    a, b = world.stores["a"], world.stores["b"]
    pid = f.personal_id(2014, "F")
    kid_a = f.student(a, personal_id=pid, full_name="Giàng Thị Mai", class_name="5A", household="poor",
                      birth_date="2014-09-10", guardian_name="Giàng A Páo")
    kid_b = f.student(b, personal_id=pid, full_name="Giàng Thị Mai", class_name="6A", household="poor",
                      birth_date="2014-09-10", guardian_name="Giàng A Páo")
    need_a = submitted(a, kid_a, device_requested="tablet")
    need_b = submitted(b, kid_b, device_requested="tablet")
    for s in (a, b):
        assert client.sync(s).rejected == []
    return {"pid": pid, "a": kid_a, "b": kid_b, "need_a": need_a, "need_b": need_b}


def csrf_of(page) -> str:
    return page.locator("input[name=csrf]").first.get_attribute("value")


def test_an_officer_of_another_area_cannot_open_or_post_the_pair(page, child):
    sign_in(page, ELSEWHERE)
    page.goto("/console/hai-truong")
    assert page.locator("#pairs").count() == 0 and "Giàng Thị Mai" not in page.content()
    for kid in ("a", "b"):
        resp = page.goto(f"/console/hai-truong/{child[kid].id}")
        assert resp.status == 403
        assert "Giàng Thị Mai" not in page.content() and child["pid"] not in page.content()
    resp = page.request.post(f"/console/hai-truong/{child['a'].id}",
                             form={"csrf": csrf_of(page), "keep": child["a"].id, "reason": "thử"})
    assert resp.status == 403
    assert page.request.get(f"/console/hai-truong/{child['a'].id}").status == 403  # still standing, untouched


def test_a_decision_without_the_forms_token_is_refused(page, child):
    sign_in(page)
    resp = page.request.post(f"/console/hai-truong/{child['a'].id}",
                             form={"csrf": "not-the-token", "keep": child["a"].id, "reason": "thử"})
    assert resp.status == 403
    assert page.request.get(f"/console/hai-truong/{child['a'].id}").status == 200  # nothing decided


def test_the_province_decides_and_both_schools_hold_the_decision_after_their_sync(page, world, child):
    a, b = world.stores["a"], world.stores["b"]
    sign_in(page)
    page.click("text=Học sinh ở hai trường")  # the console's navigation
    page.wait_for_url(re.compile(r".*/console/hai-truong$"))
    row = page.locator("#pairs tbody tr", has_text="Giàng Thị Mai")
    assert row.get_attribute("data-student") in (child["a"].id, child["b"].id)
    assert "Trường PTDTBT TH Sin Suối Hồ (TH-SSH)" in row.inner_text()
    assert "Trường PTDTBT THCS Sin Suối Hồ (THCS-SSH)" in row.inner_text()
    row.locator("a").click()

    heads = page.locator("#records thead th")
    assert heads.count() == 3  # the two records side by side
    assert {heads.nth(i).inner_text() for i in (1, 2)} == {"Trường PTDTBT TH Sin Suối Hồ (TH-SSH)",
                                                           "Trường PTDTBT THCS Sin Suối Hồ (THCS-SSH)"}
    table = page.locator("#records").inner_text()
    for words in ("5A", "6A", "2014-09-10", "Giàng A Páo", "Đã gửi", child["pid"]):
        assert words in table, words

    page.check(f"input[name=keep][value='{child['a'].id}']")
    page.fill("textarea[name=reason]", "Em học lớp 5A ở trường tiểu học từ tháng 9")
    page.click("#decide button[type=submit]")
    page.wait_for_url(re.compile(r".*/console/hai-truong\?done=1$"))
    assert page.locator("#done").is_visible()
    assert page.locator("#pairs tbody tr", has_text="Giàng Thị Mai").count() == 0
    for kid in ("a", "b"):
        assert page.goto(f"/console/hai-truong/{child[kid].id}").status == 404  # no longer at two schools

    conn = sqlite3.connect(world.path)
    department = conn.execute("SELECT id FROM units WHERE code = 'SO-12'").fetchone()[0]
    conn.close()
    for school in (a, b):
        assert client.sync(school).rejected == []
        [decision] = school.find(Placement, "personal_id=?", (child["pid"],))
        assert (decision.keep_student_id, decision.release_student_id) == (child["a"].id, child["b"].id)
        assert decision.decided_by == OPERATOR[0] and decision.decided_at
        assert decision.unit_id == department  # the province's department decided
    assert a.get(Need, child["need_a"].id).status == "submitted"
    withdrawn = b.get(Need, child["need_b"].id)
    assert withdrawn.status == "withdrawn"
    assert "Sở GD&ĐT Lai Châu" in withdrawn.status_reason and "Trường PTDTBT TH Sin Suối Hồ" in withdrawn.status_reason
    assert withdrawn.history[-1]["action"] == "withdraw" and withdrawn.history[-1]["by"] == OPERATOR[0]
    assert placements_for(a, child["a"].id, "vi")[0]["kept"]
    assert not placements_for(b, child["b"].id, "vi")[0]["kept"]
    # the school's computer names who decided: the department if it holds that unit, else "the
    # education authority" — never "Phòng/xã" for the province's decision
    held = b.get_or_none(Unit, department)
    who = "Sở GD&ĐT Lai Châu" if held is not None else "Cơ quan quản lý giáo dục"
    notice = placements_for(b, child["b"].id, "vi")[0]["text"]
    assert notice.startswith(who) and "hòng/xã" not in notice, notice
    with pytest.raises(RuleError) as refused:  # the released child's need cannot come back
        b.save(Need(unit_id=b.unit_id, student_id=child["b"].id, school_year=withdrawn.school_year), "gv")
    words = refused.value.message("vi")
    assert refused.value.key == "need.placement_released" and "hòng/xã" not in words, words
    assert (who if held is not None else "cơ quan quản lý giáo dục") + " đã quyết định" in words, words
    assert "the education authority decided" in refused.value.message("en") or held is not None
    assert not [n for n in sync_state.notices(b) if n["kind"] == "duplicate"]  # the schools are told no more
    assert b.get(Student, child["b"].id).full_name == "Giàng Thị Mai"  # the record itself stays


def test_a_refused_version_is_shown_marked_handled_and_leaves_the_schools_notices(page, world):
    c = world.stores["c"]  # Trường TH Tả Lèng
    bad = f.student(c, full_name="Vì Văn Nam", birth_date="2016-05-06", sex="M")
    c.conn.execute("UPDATE students SET sex='X' WHERE id=?", (bad.id,))  # as a broken app would write it
    c.conn.commit()
    [refused] = client.sync(c).rejected
    assert refused["id"] == bad.id
    [notice] = sync_state.notices(c, bad.id)

    sign_in(page, OFFICER)  # Sin Suối Hồ's officer: Tả Lèng is not theirs
    page.goto("/console/quarantine")
    assert page.locator(f"tr[data-record='{bad.id}']").count() == 0
    other = page.context.browser.new_context(base_url=world.url, locale="vi-VN")  # the province, at once
    province = other.new_page()
    try:
        sign_in(province)
        province.click("text=Bản ghi bị từ chối")
        province.wait_for_url(re.compile(r".*/console/quarantine$"))
        row = province.locator(f"tr[data-record='{bad.id}']")
        assert row.count() == 1
        assert row.locator(".reason").inner_text() == notice["reason"]  # the reason in words, as the school has it
        assert "Vì Văn Nam" in row.inner_text()
        assert "Trường TH Tả Lèng (TH-TL)" in province.locator("h2").all_inner_texts()
        entry = row.get_attribute("data-entry")

        resp = page.request.post(f"/console/quarantine/{entry}/handled", form={"csrf": csrf_of(page)})
        assert resp.status == 404  # the other commune's officer: as if there were no such entry

        row.locator("button").click()
        province.wait_for_url(re.compile(r".*/console/quarantine\?done=1&page=1$"))
        assert province.locator("#done").is_visible()
        assert province.locator(f"tr[data-record='{bad.id}']").count() == 0
        resp = province.request.post(f"/console/quarantine/{entry}/handled", form={"csrf": csrf_of(province)})
        assert resp.status == 404  # handled once
    finally:
        other.close()

    assert client.sync(c).rejected == []
    assert sync_state.notices(c, bad.id) == []  # the school's notices no longer list it
