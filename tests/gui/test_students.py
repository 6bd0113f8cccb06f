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
    # sex, birth date and household start empty: the teacher chooses them
    form.inputs["sex"].setCurrentIndex(form.inputs["sex"].findData("F"))
    qtbot.keyClicks(form.inputs["birth_date"].line, "20/06/2016")
    form.inputs["household"].setCurrentIndex(form.inputs["household"].findData("poor"))
    form.survey.setChecked(True)
    with qtbot.waitSignal(form.saved, timeout=3000):
        form.save()
    st = app_window.ctx.worker.call(lambda store: store.search_students("giang thi my")[0])
    assert st.full_name == "Giàng Thị Mỷ" and st.guardian_phone == "0912345678" and st.class_name == "3A"
    assert (st.sex, st.birth_date, st.household) == ("F", "2016-06-20", "poor")
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
    assert "Phê duyệt nhu cầu" in actions and "Tạo mới" in actions
    assert actions.count("Tạo mới") == 2  # the moves saved nothing the teacher had not changed


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


# ---------------------------------------------------------------- issue 13: the form
def new_form(app_window, qtbot, ctx=None):
    from ui.student_form import StudentForm

    form = StudentForm(ctx or app_window.ctx, None, app_window)
    qtbot.addWidget(form)
    form.show()
    return form


def fill_child(form, qtbot, name="Giang Thi My", birth="20/06/2016", household="poor"):
    form.inputs["full_name"].setText(name)
    form.inputs["sex"].setCurrentIndex(form.inputs["sex"].findData("F"))
    qtbot.keyClicks(form.inputs["birth_date"].line, birth)
    form.inputs["household"].setCurrentIndex(form.inputs["household"].findData(household))


def test_a_new_child_starts_with_nothing_assumed(app_window, qtbot):
    """Once: Nam, Kinh, Hộ nghèo, 01/01/2016, saved as such unnoticed."""
    def school(store):
        f.student(store, full_name="Giàng A Páo", ethnicity="Mông")
        f.student(store, full_name="Giàng Thị Dua", ethnicity="Mông")
        f.student(store, full_name="Lò Văn Sình", ethnicity="Thái")
    app_window.ctx.worker.call(school)
    form = new_form(app_window, qtbot)
    assert form.inputs["sex"].currentData() == "" and form.inputs["household"].currentData() == ""
    assert form.inputs["birth_date"].text() == ""
    qtbot.waitUntil(lambda: form.inputs["ethnicity"].text() == "Mông")  # the school's most common, shown
    form.inputs["full_name"].setText("Giàng Thị Mỷ")
    form.save()
    qtbot.waitUntil(lambda: form.errors["sex"].isVisible())
    assert form.inputs["birth_date"].error.isVisible() and form.errors["household"].isVisible()
    assert "diện hộ" in form.errors["household"].text()
    assert app_window.ctx.worker.call(lambda store: store.count(Student)) == 3


def test_a_birth_date_typed_is_saved_exactly_or_refused(app_window, qtbot):
    """Once: 15/08/2027 typed gave 15/06/2016; 20/06/2016 gave 01/06/2016."""
    form = new_form(app_window, qtbot)
    fill_child(form, qtbot, birth="15/08/2027")
    form.save()
    qtbot.waitUntil(lambda: form.inputs["birth_date"].error.isVisible())
    assert "sau hôm nay" in form.inputs["birth_date"].error.text()
    qtbot.wait(100)
    assert app_window.ctx.worker.call(lambda store: store.count(Student)) == 0
    form.inputs["birth_date"].line.clear()
    qtbot.keyClicks(form.inputs["birth_date"].line, "20062016")
    with qtbot.waitSignal(form.saved, timeout=3000):
        form.save()
    [st] = app_window.ctx.worker.call(lambda store: store.find(Student))
    assert st.birth_date == "2016-06-20"


def test_workflow_buttons_on_a_new_form_confirm_and_send(app_window, qtbot, monkeypatch):
    """Once the buttons appeared only after saving and reopening."""
    from ui.errors import Dialogs

    asked = []
    monkeypatch.setattr(Dialogs, "confirm", staticmethod(lambda parent, msg: asked.append(msg) or True))
    form = new_form(app_window, qtbot)
    assert form.findChild(type(form.history_button), "action_submit") is None  # no survey, no step
    fill_child(form, qtbot)
    form.survey.setChecked(True)
    submit = form.findChild(type(form.history_button), "action_submit")
    assert submit is not None and submit.isEnabled() and "chưa lưu" in form.need_status.text()
    submit.click()
    qtbot.waitUntil(lambda: form.need is not None and form.need.status == "submitted")
    assert asked == ["Gửi nhu cầu của Giang Thi My?"]
    assert form.isVisible() and form.need_status.text() == "Đã gửi"
    need = app_window.ctx.worker.call(lambda store: store.find(Need)[0])
    assert need.status == "submitted"
    # the head's next step is on the form at once
    assert form.findChild(type(form.history_button), "action_verify").isEnabled()


def test_a_teacher_sees_who_takes_the_next_step(app_window, qtbot):
    import dataclasses

    from ui.context import User

    sid = add_students(app_window)
    app_window.ctx.worker.call(lambda store: store.need_action(
        store.save(Need(unit_id=store.unit_id, student_id=sid), "gv").id, "submit", "gv", "teacher"))
    ctx = dataclasses.replace(app_window.ctx, user=User("t1", "Giáo viên Vàng", "teacher"))
    from ui.student_form import StudentForm

    form = StudentForm(ctx, sid, app_window)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.workflow_hint.isVisible())
    verify = form.findChild(type(form.history_button), "action_verify")
    assert verify is not None and not verify.isEnabled()
    assert "hiệu trưởng" in form.workflow_hint.text() and "Lò Thị Hoa" in form.workflow_hint.text()
    assert verify.toolTip() == form.workflow_hint.text()


def test_a_rejection_without_a_reason_says_one_is_needed(app_window, qtbot, monkeypatch):
    from ui.errors import Dialogs
    from ui.student_form import StudentForm

    sid = add_students(app_window)
    app_window.ctx.worker.call(lambda store: store.need_action(
        store.save(Need(unit_id=store.unit_id, student_id=sid), "gv").id, "submit", "gv", "teacher"))
    monkeypatch.setattr(Dialogs, "ask_text", staticmethod(lambda parent, title, label: "   "))
    form = StudentForm(app_window.ctx, sid, app_window)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.findChild(type(form.history_button), "action_reject") is not None)
    form.findChild(type(form.history_button), "action_reject").click()
    assert "Cần ghi lý do để từ chối" in form.message.text()
    qtbot.wait(100)
    assert app_window.ctx.worker.call(lambda store: store.find(Need)[0].status) == "submitted"


def test_a_child_typed_twice_is_shown_before_saving(app_window, qtbot):
    """Item 5: a new child like one the school has asks for "Đây là một em khác"."""
    app_window.ctx.worker.call(lambda store: f.student(store, full_name="Giàng Thị Mỷ", birth_date="2016-06-20",
                                                       class_name="3A"))
    form = new_form(app_window, qtbot)
    fill_child(form, qtbot, name="giàng thị mỷ")
    form.save()
    qtbot.waitUntil(lambda: form.same_panel.isVisible())
    text = form.same_text.text()
    assert "Giàng Thị Mỷ" in text and "20/06/2016" in text and "lớp 3A" in text
    assert form.isVisible()
    assert app_window.ctx.worker.call(lambda store: store.count(Student)) == 1  # nothing saved yet
    with qtbot.waitSignal(form.saved, timeout=3000):
        qtbot.mouseClick(form.different_button, Qt.MouseButton.LeftButton)
    assert app_window.ctx.worker.call(lambda store: store.count(Student)) == 2
