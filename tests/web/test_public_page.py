"""The public transparency page in a real Chromium (issue 17): opened without signing in,
it shows the province's figures and, following its links, a commune's and a school's —
with no child's name anywhere on the way."""

from __future__ import annotations

CHILDREN = ("Nguyễn Thị Ánh", "Đặng Văn Hưng", "Sùng Seo Dính", "Vàng Thị Dua", "Thào A Sử", "Lường Văn Tài",
            "Trần Minh Khôi")


def no_child_on(page) -> None:
    text = page.content()
    for name in CHILDREN:
        assert name not in text, name


def test_public_pages_without_signing_in(page, world):
    page.goto("/cong-khai/")  # two provinces in this registry: the page lists them
    assert page.context.cookies() == []  # nothing to sign in to, no session
    page.click("a[href='/cong-khai/tinh/12/']")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Lai Châu"
    assert "Số liệu đến ngày" in page.locator("#as-of").inner_text()
    # the two tablets handed over at Sin Suối Hồ's schools (their factories' handovers), one
    # each: 2 would give each school's "dưới 5" back (2 = 1 + 1), so the commune's and the
    # province's are "dưới 5" too (secondary suppression), with the note saying why
    assert page.locator("#handed-table [data-field=devices_handed]").inner_text() == "dưới 5"
    assert page.locator("tr[data-code='03394'] [data-field=devices_handed]").inner_text() == "dưới 5"
    no_child_on(page)
    page.click("tr[data-code='03394'] a")
    page.wait_for_load_state()
    assert page.url.endswith("/cong-khai/xa/03394/")
    # one tablet at each school: fewer than 5, said so
    assert page.locator("tr[data-code='TH-SSH'] [data-field=devices_handed]").inner_text() == "dưới 5"
    no_child_on(page)
    page.click("tr[data-code='TH-SSH'] a")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Trường PTDTBT TH Sin Suối Hồ"
    assert page.locator("#handed-table [data-field=handed_tablet]").inner_text() == "dưới 5"
    no_child_on(page)
    page.click("a.lang")  # the base template's switch
    page.wait_for_load_state()
    assert "fewer than 5" in page.locator("#handed-table [data-field=handed_tablet]").inner_text()
