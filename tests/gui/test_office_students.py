"""An officer's students list (issue 14, item 7): the children of every school of the
commune, each row saying its school, a school filter, sorting by school; "Add student" and
"Import class list…" ask which school first and save into it. A school's list is unchanged.
Real store, real widgets offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.records import Student, Unit
from app.store import Store
from tests.helpers import factories as f
from tests.unit.test_roster import write_csv
from ui.roster_dialog import RosterImportDialog
from ui.school_choice import SchoolChoiceDialog
from ui.student_form import StudentForm

DOAN_KET, SAN_THANG = "Trường TH Đoàn Kết", "Trường TH San Thàng"
SHORT = {DOAN_KET: "TH Đoàn Kết", SAN_THANG: "TH San Thàng"}  # as the column shows them (app.text)


def school(store, code: str, name: str) -> Unit:
    unit = Unit(code=code, name=name, level="TH", commune_code="03388")
    unit.unit_id = unit.id  # a unit's record belongs to itself
    return store.save(unit, "test")


@pytest.fixture
def office(tmp_path):
    """A commune office holding two schools whose children come in pairs (3A and 4B at both)."""
    store = Store.open(tmp_path / "office")
    store.set_unit(Unit(code="XA-03388", name="UBND phường Đoàn Kết", kind="commune", commune_code="03388",
                        province_code="12", level=""), "setup")
    # San Thàng first: a list in the order things were saved would not group by school
    b, a = school(store, "TH0002", SAN_THANG), school(store, "TH0001", DOAN_KET)
    f.student(store, unit_id=b.id, full_name="Vàng Thị Dua", class_name="3A")
    f.student(store, unit_id=a.id, full_name="Lò Thị Ánh", class_name="3A")
    f.student(store, unit_id=b.id, full_name="Sùng A Páo", class_name="4B", sex="M", birth_date="2015-02-03")
    f.student(store, unit_id=a.id, full_name="Giàng A Sình", class_name="4B", sex="M", birth_date="2015-05-06")
    store.ids = {"a": a.id, "b": b.id}
    return store


@pytest.fixture
def page(office, open_app, qtbot):
    ids = office.ids
    window = open_app(office, "Lò Văn Sơn", "officer")
    p = window.pages["students"]
    window.show_page("students")
    qtbot.waitUntil(lambda: p.model.total() == 4 and p.school_filter.count() == 3, timeout=10_000)
    p.ids = ids
    return p


def column(p, name: str) -> list[str]:
    col = p.model.column_of(name)
    return [p.model.index(r, col).data() for r in range(p.model.rowCount())]


def test_the_office_list_names_each_childs_school_filters_and_sorts_by_school(page, qtbot, qtmodeltester):
    qtmodeltester.check(page.model)
    col = page.model.column_of("school")
    assert col == page.model.column_of("class_name") + 1  # beside the class
    assert page.model.headerData(col, Qt.Orientation.Horizontal) == "Trường"
    schools = dict(zip(column(page, "full_name"), column(page, "school"), strict=True))
    assert schools == {"Lò Thị Ánh": SHORT[DOAN_KET], "Giàng A Sình": SHORT[DOAN_KET],
                       "Vàng Thị Dua": SHORT[SAN_THANG], "Sùng A Páo": SHORT[SAN_THANG]}
    assert page.school_filter.isVisibleTo(page)
    assert [page.school_filter.itemText(i) for i in range(3)] == [
        "Tất cả các trường", f"{DOAN_KET} (TH0001)", f"{SAN_THANG} (TH0002)"]

    # one school: its two children only, and its classes
    page.school_filter.setCurrentIndex(page.school_filter.findData(page.ids["b"]))
    qtbot.waitUntil(lambda: page.model.total() == 2)
    assert set(column(page, "full_name")) == {"Vàng Thị Dua", "Sùng A Páo"}
    assert set(column(page, "school")) == {SHORT[SAN_THANG]}

    # all schools again, sorted by school: Đoàn Kết before San Thàng (Vietnamese order, not code points)
    page.school_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.model.total() == 4)
    page.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: column(page, "school") == [SHORT[DOAN_KET]] * 2 + [SHORT[SAN_THANG]] * 2)
    assert column(page, "full_name") == ["Lò Thị Ánh", "Giàng A Sình", "Vàng Thị Dua", "Sùng A Páo"]
    page.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: column(page, "school") == [SHORT[SAN_THANG]] * 2 + [SHORT[DOAN_KET]] * 2)


def choice_dialog(page, qtbot) -> SchoolChoiceDialog:
    qtbot.waitUntil(lambda: page.school_dialog is not None and page.school_dialog.isVisible())
    return page.school_dialog


def test_add_student_asks_the_school_and_saves_the_child_there(page, qtbot):
    # the filter's school is chosen already
    page.school_filter.setCurrentIndex(page.school_filter.findData(page.ids["a"]))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dlg = choice_dialog(page, qtbot)
    assert dlg.chosen()["id"] == page.ids["a"]
    # the officer takes the other school
    dlg.school.setCurrentIndex(dlg.school.findText(f"{SAN_THANG} (TH0002)"))
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.findChild(StudentForm) is not None)
    form = page.findChild(StudentForm)
    assert SAN_THANG in form.windowTitle()
    form.inputs["full_name"].setText("Giang Thi My")
    form.inputs["sex"].setCurrentIndex(form.inputs["sex"].findData("F"))
    qtbot.keyClicks(form.inputs["birth_date"].line, "20/06/2016")
    form.inputs["class_name"].setText("3A")
    form.inputs["household"].setCurrentIndex(form.inputs["household"].findData("poor"))
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    worker = page.ctx.worker
    saved = worker.call(lambda store: store.find(Student, "full_name=?", ("Giang Thi My",)))
    assert [s.unit_id for s in saved] == [page.ids["b"]]


def test_nothing_chosen_nothing_opens(page, qtbot):
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dlg = choice_dialog(page, qtbot)
    assert dlg.chosen() is None and not dlg.ok.isEnabled()  # "– chọn trường –": no school assumed
    dlg.reject()
    qtbot.wait(50)
    assert page.findChild(StudentForm) is None


def test_the_class_list_import_asks_the_school_and_imports_into_it(page, qtbot, tmp_path):
    path = write_csv(tmp_path / "lop 5A.csv", [
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "Diện hộ"],
        [1, "Hầu Thị Mai", "03/04/2015", "Nữ", "5A", "Hộ nghèo"],
        [2, "Lý A Chứ", "04/05/2015", "Nam", "5A", "Cận nghèo"],
    ])
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dlg = choice_dialog(page, qtbot)
    dlg.school.setCurrentIndex(dlg.school.findText(f"{DOAN_KET} (TH0001)"))
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.findChild(RosterImportDialog) is not None)
    roster = page.findChild(RosterImportDialog)
    assert DOAN_KET in roster.windowTitle() and roster.unit_id == page.ids["a"]
    roster.load_file(path)
    qtbot.waitUntil(lambda: roster.stack.currentIndex() == roster.MAPPING and roster.preview is not None,
                    timeout=10_000)
    roster.import_button.click()
    qtbot.waitUntil(lambda: roster.stack.currentIndex() == roster.SUMMARY, timeout=15_000)
    assert roster.result.imported == 2
    units = page.ctx.worker.call(lambda store: {s.full_name: s.unit_id for s in store.find(Student, "class_name='5A'")})
    assert units == {"Hầu Thị Mai": page.ids["a"], "Lý A Chứ": page.ids["a"]}
    # and the list shows them at that school
    qtbot.waitUntil(lambda: page.model.total() == 6)


def test_a_school_installation_is_not_asked(app_window, qtbot):
    p = app_window.pages["students"]
    assert not p.office and not p.school_filter.isVisibleTo(p) and p.model.column_of("school") == -1
    qtbot.mouseClick(p.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: p.findChild(StudentForm) is not None)
    assert p.school_dialog is None
    form = p.findChild(StudentForm)
    assert form._new_student.unit_id == app_window.ctx.unit["id"]
    form.reject()
