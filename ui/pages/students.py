"""Students and needs: search as you type (accents optional), filters, counts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.queries import students as q
from app.records import HOUSEHOLDS, NEED_STATUSES
from app.store import WAITING
from app.text import natural_key
from ui.context import AppContext
from ui.errors import Dialogs
from ui.models import StudentsModel, fit_columns
from ui.roster_dialog import RosterImportDialog
from ui.school_choice import SchoolChoiceDialog
from ui.student_form import StudentForm
from ui.widgets.choices import choice_items
from ui.widgets.tables import table_view


class StudentsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("students_page")
        self.model = StudentsModel(ctx.ops, ctx.unit["id"] if ctx.unit.get("kind") == "school" else None, self)
        self.model.loaded.connect(self._show_count)
        self.model.rows_ready.connect(self._rows_ready)
        self._last_query: tuple | None = None
        self._new_search = False
        self._fitted = False

        self.search = QLineEdit(placeholderText=self.tr("Search name, class or personal ID (accents optional)"))
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._debounce.start())

        self.class_filter = self._combo("class_filter", [(self.tr("All classes"), "")])
        self.household_filter = self._combo(
            "household_filter", [(self.tr("All households"), ""), *choice_items(HOUSEHOLDS, with_empty=True)])
        self.tier_filter = self._combo(
            "tier_filter", [(self.tr("All tiers"), None)] + [(self.tr("Tier {0}").format(t), t) for t in (1, 2, 3, 4)])
        self.status_filter = self._combo(
            "status_filter", [(self.tr("All need statuses"), ""), *choice_items(NEED_STATUSES, with_empty=True),
                              (self.tr("Still waiting (nobody missed)"), WAITING)])
        self.device_filter = self._combo(
            "device_filter", [(self.tr("With or without device"), None), (self.tr("Has a device"), True),
                              (self.tr("No device yet"), False)])
        # an office lists the children of every school of its area: which school, and a filter
        self.office = ctx.unit.get("kind") != "school"
        self.schools: list[dict] = []  # the area's schools ({id, code, name}), once loaded
        self.school_dialog = None  # the "which school?" question, while open
        self.school_filter = QComboBox(objectName="school_filter")
        self.school_filter.addItem(self.tr("All schools"), "")
        self.school_filter.currentIndexChanged.connect(self._school_chosen)
        self.school_filter.setVisible(self.office)

        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        self.add_button = QPushButton(self.tr("Add student"))
        self.add_button.setObjectName("add_student")
        self.add_button.clicked.connect(self.add_student)
        self.import_button = QPushButton(self.tr("Import class list…"))
        self.import_button.setObjectName("import_roster")
        self.import_button.clicked.connect(self.import_roster)

        self.table = table_view("students_table", self.model, single=True, sortable=True, compact=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((230, 55, 90, 60, 115, 120, 95, 130, 75)):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda idx: self.open_form(self.model.student_id(idx.row())))
        self._fitting = self._user_sized = False
        self._fit_timer = QTimer(self, singleShot=True, interval=80)
        self._fit_timer.timeout.connect(self._fit_columns)
        header.sectionResized.connect(self._section_resized)
        self.table.installEventFilter(self)

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.add_button)
        top.addWidget(self.import_button)
        filters = QHBoxLayout()
        for w in (self.school_filter, self.class_filter, self.household_filter, self.tier_filter, self.status_filter,
                  self.device_filter):
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(self.table)

        ctx.changes.changed.connect(self._on_changed)
        self.reload()

    def _combo(self, name: str, items: list[tuple[str, object]]) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        for text, data in items:
            box.addItem(text, data)
        box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        return box

    def reload(self) -> None:
        unit = self.ctx.unit["id"] if self.ctx.unit.get("kind") == "school" else None
        self.model.set_unit(unit)  # read each time: an enrolment gives the school the registry's id
        if self.office:
            self.ctx.ops.run(q.schools_and_labels, on_done=self._set_schools, owner=self)
        classes_of = unit or self.school_filter.currentData() or None  # an office: the school filtered
        self.ctx.ops.run(q.classes, classes_of, on_done=self._set_classes, owner=self)
        self.apply_filters()

    def _set_schools(self, got: tuple[list[dict], dict]) -> None:
        self.schools, labels = got
        self.model.set_schools(labels)
        current = self.school_filter.currentData()
        self.school_filter.blockSignals(True)
        while self.school_filter.count() > 1:
            self.school_filter.removeItem(1)
        for s in self.schools:
            self.school_filter.addItem(f"{s['name']} ({s['code']})", s["id"])
        self.school_filter.setCurrentIndex(max(self.school_filter.findData(current), 0))
        self.school_filter.blockSignals(False)

    def _set_classes(self, classes: list[str]) -> None:
        current = self.class_filter.currentData()
        self.class_filter.blockSignals(True)
        while self.class_filter.count() > 1:
            self.class_filter.removeItem(1)
        for c in sorted(classes, key=natural_key):  # 1A2 before 1A10
            self.class_filter.addItem(c, c)
        i = self.class_filter.findData(current)
        self.class_filter.setCurrentIndex(max(i, 0))
        self.class_filter.blockSignals(False)

    def _school_chosen(self) -> None:
        """One school's children (or all): the class filter offers that school's classes."""
        school = self.school_filter.currentData() or None
        self.class_filter.blockSignals(True)
        self.class_filter.setCurrentIndex(0)
        self.class_filter.blockSignals(False)
        self.ctx.ops.run(q.classes, school, on_done=self._set_classes, owner=self)
        self.apply_filters()

    def apply_filters(self) -> None:
        filters = dict(
            unit_id=self.school_filter.currentData() if self.office else None,
            class_name=self.class_filter.currentData(),
            household=self.household_filter.currentData(),
            tier=self.tier_filter.currentData(),
            need_status=self.status_filter.currentData(),
            has_device=self.device_filter.currentData(),
        )
        query = (self.search.text(), tuple(filters.items()))
        # a new search starts at the top; a refresh after a save keeps the place
        self._new_search = self._new_search or query != self._last_query
        self._last_query = query
        self.model.set_query(self.search.text(), **filters)

    def _fit_columns(self) -> None:
        """Columns sized to their content and the table's width, until the user sizes one."""
        if self._user_sized or self.model.rowCount() == 0 or not self.table.isVisible():
            return
        self._fitting = True
        try:
            # the name and the personal ID keep room
            keep = {0: 200, self.model.column_of("personal_id"): 115}
            if "school" in self.model.fields:  # "PTDTBT TH&THCS Đoàn Kết" whole where the room allows
                keep[self.model.column_of("school")] = 150
            fit_columns(self.table, keep=keep)
        finally:
            self._fitting = False
        self._fitted = True

    def _section_resized(self, *_a) -> None:
        # a person dragging a column's edge (Qt's own stretching of the last one is not)
        if not self._fitting and self._fitted and QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self._user_sized = True

    def eventFilter(self, obj, event) -> bool:
        if obj is self.table and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._fit_timer.start()
        return super().eventFilter(obj, event)

    def _rows_ready(self) -> None:
        if not self._fitted:
            self._fit_columns()
        if self._new_search:
            self._new_search = False
            self.table.scrollToTop()

    def _show_count(self, n: int) -> None:
        self.count_label.setText(self.tr("%n student(s)", "", n))

    def _on_changed(self, kind: str) -> None:
        if kind in ("*", "student", "need", "handover"):
            self.reload()

    def show_waiting(self) -> None:
        """The children still waiting, as the dashboard counts them ("nobody missed"):
        approved and given no device, or eligible with no need recorded."""
        self.search.clear()
        for box in (self.school_filter, self.class_filter, self.household_filter, self.tier_filter,
                    self.device_filter):
            box.setCurrentIndex(0)
        self.status_filter.setCurrentIndex(self.status_filter.findData(WAITING))

    def open_form(self, student_id: str | None, unit: dict | None = None) -> None:
        """A child's form; a new child of ``unit`` (an office's: the school chosen)."""
        form = StudentForm(self.ctx, student_id, self, unit=unit)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.open()

    def add_student(self) -> None:
        """A new child: at an office, of the school the officer chooses first."""
        if not self.office:
            self.open_form(None)
            return
        self.ask_school(self.tr("Which school is the new child at?"), lambda school: self.open_form(None, school))

    def import_roster(self) -> None:
        if not self.office:
            self._open_roster(None)
            return
        self.ask_school(self.tr("Which school is this class list from?"), self._open_roster)

    def _open_roster(self, school: dict | None) -> None:
        dlg = RosterImportDialog(self.ctx, self, unit=school)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()

    def ask_school(self, question: str, then) -> None:
        """Which school of the area (the one filtered, if any, chosen already), then ``then(school)``."""
        if not self.schools:
            Dialogs.warn(self, self.tr("No school of your area is listed yet. A school's data arrives with its "
                                       "USB bundle or its first sync; the province adds new schools."))
            return
        self.school_dialog = SchoolChoiceDialog(self.schools, question, then, self.school_filter.currentData() or "",
                                                self)
        self.school_dialog.finished.connect(lambda _r: setattr(self, "school_dialog", None))
        self.school_dialog.open()
