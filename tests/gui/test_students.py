"""Students screen: table over the store, search without accents, filters, the form."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.records import Need, Student
from tests.helpers import factories as f


def add_students(window):
    def fill(store):
        a = f.student(store, full_name="Nguyễn Thị Ánh", class_name="4A")
        f.student(store, full_name="Đặng Văn Dũng", sex="M", class_name="5B", birth_date="2015-02-02",
                  household="near_poor")
        f.student(store, full_name="Lò Văn Sình", sex="M", class_name="5B", household="none", birth_date="2015-03-03")
        return a.id
    sid = window.ctx.worker.call(fill)
    window.ctx.notify("student")
    return sid


def test_model_passes_modeltester(qtmodeltester, app_window, qtbot):
    add_students(app_window)
    page = app_window.pages["students"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    qtmodeltester.check(page.model)


def test_search_as_you_type_without_accents(app_window, qtbot):
    add_students(app_window)
    page = app_window.pages["students"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    qtbot.keyClicks(page.search, "dang")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert page.model.index(0, 0).data() == "Đặng Văn Dũng"
    assert "1" in page.count_label.text()
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.class_filter.setCurrentIndex(page.class_filter.findData("5B"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.tier_filter.setCurrentIndex(page.tier_filter.findData(2))
    # tier comes from the need; no need yet → none match
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)


def test_sorting_by_name(app_window, qtbot):
    add_students(app_window)
    page = app_window.pages["students"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    expected = ["Đặng Văn Dũng", "Lò Văn Sình", "Nguyễn Thị Ánh"]
    qtbot.waitUntil(lambda: [page.model.index(r, 0).data() for r in range(3)] == expected)
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: [page.model.index(r, 0).data() for r in range(3)] == expected[::-1])


def test_form_shows_inline_errors_and_saves(app_window, qtbot):
    from ui.student_form import StudentForm

    page = app_window.pages["students"]
    form = StudentForm(app_window.ctx, None, page)
    qtbot.addWidget(form)
    form.show()
    form.inputs["guardian_phone"].setText("12345")
    form.save()
    qtbot.waitUntil(lambda: form.errors["full_name"].isVisible() and form.errors["guardian_phone"].isVisible())
    assert "bắt buộc" in form.errors["full_name"].text()
    assert "12345" in form.errors["guardian_phone"].text()
    form.inputs["full_name"].setText("  giàng   thị  mỷ ")
    form.inputs["guardian_phone"].setText("+84 912 345 678")
    form.inputs["class_name"].setText("3a")
    form.survey.setChecked(True)
    with qtbot.waitSignal(form.saved, timeout=3000):
        form.save()
    st = app_window.ctx.worker.call(lambda store: store.search_students("giang thi my")[0])
    assert st.full_name == "Giàng Thị Mỷ" and st.guardian_phone == "0912345678" and st.class_name == "3A"
    need = app_window.ctx.worker.call(lambda store: store.find(Need, "student_id=?", (st.id,)))
    assert len(need) == 1 and need[0].status == "draft" and need[0].priority_tier == 1
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)


def test_workflow_buttons_follow_role_and_history(app_window, qtbot):
    from ui.student_form import StudentForm

    sid = add_students(app_window)
    app_window.ctx.worker.call(lambda store: store.save(Need(unit_id=store.unit_id, student_id=sid), "gv"))
    form = StudentForm(app_window.ctx, sid, app_window)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.findChild(type(form.history_button), "action_submit") is not None)
    form.findChild(type(form.history_button), "action_submit").click()
    qtbot.waitUntil(lambda: form.findChild(type(form.history_button), "action_verify") is not None)
    form.findChild(type(form.history_button), "action_verify").click()
    qtbot.waitUntil(lambda: form.findChild(type(form.history_button), "action_approve") is not None)
    form.findChild(type(form.history_button), "action_approve").click()
    qtbot.waitUntil(lambda: form.need is not None and form.need.status == "approved")
    assert form.need_status.text() == "Đã phê duyệt"
    from ui.history import HistoryDialog

    dlg = HistoryDialog(app_window.ctx, [sid, form.need.id], form)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.tree.topLevelItemCount() >= 4)
    actions = [dlg.tree.topLevelItem(i).text(2) for i in range(dlg.tree.topLevelItemCount())]
    assert "need.approve" in actions and "create" in actions


def test_status_bar_shows_pending_and_version(app_window, qtbot):
    add_students(app_window)
    # the school and three students are not yet at the province
    qtbot.waitUntil(lambda: app_window.pending_label.text() == "Thay đổi chưa gửi: 4")
    assert app_window.sync_label.text() == "Chưa đồng bộ hoặc xuất dữ liệu lần nào"
    assert "0.1.0" in app_window.version_label.text()
    n = app_window.ctx.worker.call(lambda store: store.count(Student))
    assert n == 3


def test_default_order_is_class_then_name(app_window, qtbot):
    add_students(app_window)
    page = app_window.pages["students"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    names = [page.model.index(r, 0).data() for r in range(3)]
    assert names == ["Nguyễn Thị Ánh", "Đặng Văn Dũng", "Lò Văn Sình"]  # 4A, then 5B by name


def test_table_loads_page_by_page(app_window, qtbot, qtmodeltester):
    """30,000 students must not be loaded at once: pages of 500 as the view scrolls."""
    from app.demo import generate

    app_window.ctx.worker.call(lambda store: generate(store, students=1100, seed=2))
    page = app_window.pages["students"]
    page.apply_filters()
    qtbot.waitUntil(lambda: page.model.total() >= 1100, timeout=10_000)
    assert page.model.rowCount() == 200
    assert page.model.canFetchMore()
    page.model.fetchMore()
    qtbot.waitUntil(lambda: page.model.rowCount() == 400)
    qtmodeltester.check(page.model)
    page.table.scrollToBottom()
    for _ in range(100):
        if not page.model.canFetchMore():
            break
        page.model.fetchMore()
        qtbot.wait(20)
    assert page.model.rowCount() == page.model.total()
    ids = [page.model.student_id(r) for r in range(page.model.rowCount())]
    assert len(set(ids)) == len(ids)  # no row loaded twice
    assert "1" in page.count_label.text()
