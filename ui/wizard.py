"""First run: language and what this computer works for, the school (province → commune →
school) or an education office (officer mode: a commune office, a legacy district or
cluster, the provincial department), the first user, and an offer of demo data."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app.errors import SongMayError
from app.queries import setup as q
from app.records import LEVELS, Unit
from app.text import fold
from app.unit_code import clean_unit_code, unit_code_problem
from sync.enrolment import enrol_from_file
from ui import i18n
from ui.enrolment_file import EnrolmentFileChooser
from ui.errors import report_exception
from ui.operations import Operations
from ui.tasks import DbWorker

# page ids: a school goes language → school → user → demo, an office language → office → user → demo
LANGUAGE, SCHOOL, OFFICE, USER, DEMO = range(5)
# the offices an installation may work for (app.records.UNIT_KINDS), and the suggested code's prefix
OFFICE_KINDS = {
    "commune": (QT_TRANSLATE_NOOP("OfficePage", "Commune or ward office"), "XA"),
    "cluster": (QT_TRANSLATE_NOOP("OfficePage", "District (before July 2025) or cluster of communes"), "CUM"),
    "province": (QT_TRANSLATE_NOOP("OfficePage", "Provincial Department of Education and Training"), "SO"),
}


class _FoldFilter(QSortFilterProxyModel):
    """The entries whose name holds every word typed, accents optional ("lai chau" finds
    "Lai Châu", "muong te" "Xã Mường Tè")."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.words: list[str] = []

    def set_text(self, text: str) -> None:
        self.words = fold(text).split()
        self.setFilterFixedString(" ".join(self.words))  # filters again (our test below decides)

    def filterAcceptsRow(self, row: int, parent) -> bool:
        name = fold(self.sourceModel().index(row, 0, parent).data() or "")
        return bool(name) and all(w in name for w in self.words)  # the empty "none" entry is no match


def best_match(names: list[str], typed: str) -> int:
    """The row of ``names`` that ``typed`` means, accents optional: the name itself, then
    a name starting with the words typed, then one holding every word typed ("nam chay"
    finds "Xã Nậm Chày", "lai chau" "Lai Châu"); -1 when none does."""
    words = fold(typed).split()
    if not words:
        return -1
    key = " ".join(words)
    folded = [fold(n) for n in names]
    for test in (lambda n: n == key, lambda n: n.endswith(" " + key) or n.startswith(key),
                 lambda n: all(w in n for w in words)):
        for row, name in enumerate(folded):
            if name and test(name):
                return row
    return -1


def _searchable(box: QComboBox) -> QComboBox:
    """Type part of a name, accents optional, to pick from a long list. What is typed and
    left (Enter, Tab, a click elsewhere) becomes the entry it means, with its accents; text
    that means none goes back to the entry chosen. The hint ("– choose the province –") is
    the line's placeholder, never text to delete (set it with ``set_hint``)."""
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    matches = _FoldFilter(box)
    matches.setSourceModel(box.model())
    comp = QCompleter(matches, box)
    # the filter chooses the rows; the completer shows them all (QComboBox maps the chosen row back)
    comp.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    box.setCompleter(comp)
    box.lineEdit().textEdited.connect(matches.set_text)
    box.lineEdit().editingFinished.connect(lambda: _settle(box))
    box.matches = matches  # tests and the page read it
    return box


def _settle(box: QComboBox) -> None:
    """The typed text becomes the entry it means (or the empty entry when cleared)."""
    typed = box.lineEdit().text()
    if box.currentIndex() >= 0 and typed == box.itemText(box.currentIndex()):
        return
    if not typed.strip():
        row = box.findData("")  # "none chosen", where the list has such an entry
    else:
        row = best_match([box.itemText(i) for i in range(box.count())], typed)
        if row < 0:
            row = box.currentIndex()  # means nothing: back to what was chosen
    if row != box.currentIndex():
        box.setCurrentIndex(row)
    box.lineEdit().setText(box.itemText(row) if row >= 0 else "")
    # the filter stays as typed: a row of the popup being activated now still means what it showed


def set_hint(box: QComboBox, text: str) -> None:
    """The hint shown in the empty line while nothing is chosen."""
    box.lineEdit().setPlaceholderText(text)


class LanguagePage(QWizardPage):
    """The language, and whether this computer works for a school or an education office."""

    def __init__(self):
        super().__init__()
        self.vi = QRadioButton("Tiếng Việt")
        self.vi.setObjectName("lang_vi")
        self.en = QRadioButton("English")
        self.en.setObjectName("lang_en")
        self.vi.setChecked(True)
        self.en.toggled.connect(self._language_toggled)
        self.for_label = QLabel(objectName="works_for")
        self.school = QRadioButton(objectName="for_school")
        self.office = QRadioButton(objectName="for_office")
        self.school.setChecked(True)
        group = QButtonGroup(self)  # apart from the language buttons
        group.addButton(self.school)
        group.addButton(self.office)
        self.office_note = QLabel(objectName="office_locked", wordWrap=True)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Chọn ngôn ngữ / Choose the language"))
        lay.addWidget(self.vi)
        lay.addWidget(self.en)
        lay.addSpacing(12)
        lay.addWidget(self.for_label)
        lay.addWidget(self.school)
        lay.addWidget(self.office)
        lay.addWidget(self.office_note)
        lay.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.for_label.setText(self.tr("This computer works for:"))
        self.school.setText(self.tr("A school"))
        self.office.setText(self.tr("An education office (commune, district or cluster, provincial department)"))
        if not self.office.isEnabled():
            self.office_note.setText(self.tr("This computer is enrolled for a school, so it cannot be set up "
                                             "for an office."))

    def _language_toggled(self) -> None:
        """The page speaks the chosen language at once."""
        i18n.set_language("en" if self.en.isChecked() else "vi")
        self.retranslate()
        if self.wizard() is not None:
            self.wizard().retranslate()

    def lock_school(self) -> None:
        """Enrolled for a school (with an officer's file): an office is no longer a choice."""
        self.school.setChecked(True)
        self.office.setEnabled(False)
        self.retranslate()

    def nextId(self) -> int:
        return OFFICE if self.office.isChecked() else SCHOOL

    def validatePage(self) -> bool:
        i18n.set_language("vi" if self.vi.isChecked() else "en")
        self.wizard().retranslate()
        return True


class SchoolPage(QWizardPage):
    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self.province = _searchable(QComboBox(objectName="province"))
        self.commune = _searchable(QComboBox(objectName="commune"))
        self.existing = QComboBox(objectName="existing_school")
        self.code = QLineEdit(objectName="school_code")
        self.name = QLineEdit(objectName="school_name")
        self.level = QComboBox(objectName="school_level")
        for k, v in LEVELS.items():
            self.level.addItem(f"{k} – {v[0]}", k)
        self.form = QFormLayout(self)
        self.labels = [QLabel() for _ in range(6)]
        fields = (self.province, self.commune, self.existing, self.code, self.name, self.level)
        for lab, w in zip(self.labels, fields, strict=True):
            self.form.addRow(lab, w)
        self.province.currentIndexChanged.connect(self._load_communes)
        self.commune.currentIndexChanged.connect(self._load_schools)
        self.existing.currentIndexChanged.connect(self._existing_changed)
        self.code.textChanged.connect(self.completeChanged)
        self.code.textEdited.connect(self._upper_code)
        self.name.textChanged.connect(self.completeChanged)
        self.commune.currentIndexChanged.connect(self.completeChanged)
        self.code_problem = QLabel(objectName="school_code_problem", wordWrap=True)
        self.code_problem.setStyleSheet("color: #b00020")
        self.form.insertRow(self.form.getWidgetPosition(self.code)[0] + 1, self.code_problem)
        self._existing: list[dict] = []
        self.present: dict | None = None  # the school this folder holds already (app.queries.setup.set_up_already)
        # a school's new computer where there is no network: the officer's enrolment file
        # brings the school's record (sync.enrolment); then on as for an existing school
        self.enrolled: dict | None = None  # {id, code, name} once enrolled with a file
        self.file_button = QPushButton(objectName="wizard_enrol_file")
        self.file_button.clicked.connect(self.use_file)
        self.file_message = QLabel(objectName="wizard_enrol_message", wordWrap=True)
        self.form.addRow(self.file_button)
        self.form.addRow(self.file_message)

    def initializePage(self) -> None:
        self.setTitle(self.tr("Your school"))
        self.setSubTitle(self.tr("Choose the province and the commune or ward, then your school or a new one."))
        for lab, text in zip(self.labels, (self.tr("Province"), self.tr("Commune / ward"), self.tr("School"),
                                           self.tr("School code"), self.tr("School name"), self.tr("Level")),
                             strict=True):
            lab.setText(text)
        self.file_button.setText(self.tr("I have an enrolment file from the officer…"))
        set_hint(self.province, self.tr("– choose the province –"))
        set_hint(self.commune, self.tr("– choose the commune or ward –"))
        if self.province.count() == 0:
            self.ops.run(q.provinces, on_done=self._fill_provinces, owner=self)
            # enrolled with a file at an earlier start
            self.ops.run(q.enrolled_school, on_done=self._file_done, owner=self)

    def _fill_provinces(self, rows: list[dict]) -> None:
        self.province.clear()
        for r in rows:
            self.province.addItem(r["name"], r["code"])
        # none chosen until the user does (the hint shows): the school's, if this folder holds one
        self.province.setCurrentIndex(self.province.findData(self.present["province"]) if self.present else -1)

    def _load_communes(self) -> None:
        code = self.province.currentData()
        if code:
            self.ops.run(q.communes, code, on_done=self._fill_communes, owner=self)
        else:
            self._fill_communes([])

    def _fill_communes(self, rows: list[dict]) -> None:
        self.commune.clear()
        for r in rows:
            self.commune.addItem(r["name"], r["code"])
        present = self.commune.findData(self.present["commune"]) if self.present else -1
        self.commune.setCurrentIndex(present)  # none chosen (the hint shows) unless this folder's school

    def _load_schools(self) -> None:
        code = self.commune.currentData()
        if code:
            self.ops.run(q.schools_of_commune, code, on_done=self._fill_schools, owner=self)

    def _fill_schools(self, rows: list[dict]) -> None:
        self._existing = rows
        self.existing.clear()
        self.existing.addItem(self.tr("A new school"), None)
        for r in rows:
            self.existing.addItem(f"{r['code']} – {r['name']}", r["id"])
        if self.present and self.existing.findData(self.present["id"]) >= 0:
            self.existing.setCurrentIndex(self.existing.findData(self.present["id"]))

    def _upper_code(self, text: str) -> None:
        """The code is upper case as it is typed (it is printed in every minute number)."""
        if text != text.upper():
            pos = self.code.cursorPosition()
            self.code.setText(text.upper())
            self.code.setCursorPosition(pos)

    def _existing_changed(self) -> None:
        new = self.existing.currentData() is None
        for w in (self.code, self.name, self.level):
            w.setEnabled(new)
        self.completeChanged.emit()

    def use_file(self) -> None:
        path = EnrolmentFileChooser.ask(self)
        if not path:
            return
        self.file_button.setEnabled(False)
        self._say(self.tr("Reading the enrolment file…"))
        self.ops.run(enrol_from_file, path, on_error=self._file_failed,
                     on_done=lambda _e: self.ops.run(q.enrolled_school, on_done=self._file_done,
                                                     on_error=self._file_failed))

    def _file_done(self, school: dict | None) -> None:
        if school is None:
            return
        self.enrolled = school
        if self.wizard() is not None:
            self.wizard().language_page.lock_school()
        for w in (self.province, self.commune, self.existing, self.code, self.name, self.level, self.file_button):
            w.setEnabled(False)
        self._say(self.tr("This computer is enrolled for {0} – {1} with the officer's file. Its USB bundles go to the "
                          "province and the officer; the first sync with a network completes the enrolment.").format(
            school["code"], school["name"]), "color: #1b6e20")
        self.completeChanged.emit()

    def _file_failed(self, exc: BaseException) -> None:
        self.file_button.setEnabled(True)
        if isinstance(exc, SongMayError):
            self._say(exc.message(), "color: #b00020")
        else:
            self._say("")
            report_exception(exc, self)

    def _say(self, text: str, style: str = "") -> None:
        self.file_message.setText(text)
        self.file_message.setStyleSheet(style)

    def nextId(self) -> int:
        return USER

    def isComplete(self) -> bool:
        if self.enrolled is not None:
            return True
        new = self.existing.currentData() is None
        problem = unit_code_problem(self.code.text()) if new else ""
        self.code_problem.setText(problem)
        self.code_problem.setVisible(bool(problem))
        if not self.commune.currentData():
            return False
        return not new or (bool(self.code.text().strip()) and bool(self.name.text().strip()) and not problem)

    def unit(self) -> Unit | str:
        """The existing school's id, or a new Unit to create."""
        if self.enrolled is not None:
            return self.enrolled["id"]
        if self.existing.currentData():
            return self.existing.currentData()
        return Unit(code=clean_unit_code(self.code.text()), name=self.name.text(), kind="school",
                    level=self.level.currentData(), commune_code=self.commune.currentData())


class OfficePage(QWizardPage):
    """An education office (officer mode), as ``songmay setup --kind …`` sets it up: a commune
    office needs its commune or ward, the provincial department its province, a district or
    cluster the province and, if it has one, its commune."""

    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self.kind = QComboBox(objectName="office_kind")
        for k in OFFICE_KINDS:
            self.kind.addItem("", k)
        self.province = _searchable(QComboBox(objectName="office_province"))
        self.commune = _searchable(QComboBox(objectName="office_commune"))
        self.code = QLineEdit(objectName="office_code")
        self.name = QLineEdit(objectName="office_name")
        self.problem = QLabel(objectName="office_problem", wordWrap=True)
        self.problem.setStyleSheet("color: #b00020")
        self.form = QFormLayout(self)
        self.labels = [QLabel() for _ in range(5)]
        for lab, w in zip(self.labels, (self.kind, self.province, self.commune, self.code, self.name), strict=True):
            self.form.addRow(lab, w)
        self.form.addRow(self.problem)
        self._provinces: dict[str, dict] = {}
        self._communes: dict[str, dict] = {}
        self._suggested = {"code": "", "name": ""}  # replaced while the user has not typed their own
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.province.currentIndexChanged.connect(self._load_communes)
        self.commune.currentIndexChanged.connect(self._suggest)
        for w in (self.code, self.name):
            w.textChanged.connect(self.completeChanged)
        self._kind_changed()

    def initializePage(self) -> None:
        self.setTitle(self.tr("Your education office"))
        self.setSubTitle(self.tr("Officer mode: this computer collects the data of the schools of your commune, "
                                 "district or cluster, or province."))
        for lab, text in zip(self.labels, (self.tr("Office"), self.tr("Province"), self.tr("Commune / ward"),
                                           self.tr("Office code"), self.tr("Office name")), strict=True):
            lab.setText(text)
        for i, (title, _prefix) in enumerate(OFFICE_KINDS.values()):
            self.kind.setItemText(i, QCoreApplication.translate("OfficePage", title))
        self.name.setPlaceholderText(self.tr("e.g. Phòng GD&ĐT huyện Mường Tè (cũ)"))
        if self.province.count() == 0:
            self.ops.run(q.provinces, on_done=self._fill_provinces, owner=self)
        self._retell()

    def _fill_provinces(self, rows: list[dict]) -> None:
        self._provinces = {r["code"]: r for r in rows}
        self.province.blockSignals(True)
        self.province.clear()
        self.province.addItem("", "")  # none chosen: the line shows the hint (set_hint)
        for r in rows:
            self.province.addItem(r["name"], r["code"])
        self.province.setCurrentIndex(0)
        self.province.blockSignals(False)
        self._load_communes()

    def _load_communes(self) -> None:
        code = self.province.currentData()
        self._fill_communes([])
        if code:
            self.ops.run(q.communes, code, on_done=lambda rows: self._communes_loaded((code, rows)), owner=self)

    def _communes_loaded(self, got: tuple[str, list[dict]]) -> None:
        code, rows = got
        if code == self.province.currentData():  # not an answer for a province chosen before
            self._fill_communes(rows)

    def _fill_communes(self, rows: list[dict]) -> None:
        self._communes = {r["code"]: r for r in rows}
        self.commune.blockSignals(True)
        self.commune.clear()
        self.commune.addItem("", "")  # none chosen: a cluster may do without
        for r in rows:
            self.commune.addItem(r["name"], r["code"])
        self.commune.setCurrentIndex(0)
        self.commune.blockSignals(False)
        self._retell()
        self._suggest()

    def _kind_changed(self) -> None:
        kind = self.office_kind()
        self.form.setRowVisible(self.commune, kind != "province")
        self._retell()
        self._suggest()

    def _retell(self) -> None:
        """The hints; the commune's says whether a commune is needed."""
        set_hint(self.province, self.tr("– choose the province –"))
        set_hint(self.commune, self.tr("– choose the commune or ward –") if self.office_kind() == "commune"
                 else self.tr("– none: the whole cluster or district –"))

    def office_kind(self) -> str:
        return self.kind.currentData() or "commune"

    def _suggest(self) -> None:
        """Suggest a code (XA-03388, CUM-…, SO-12) and a name; what the user typed stays."""
        kind, province, commune = self.office_kind(), self.province.currentData(), self.commune.currentData()
        place = province if kind == "province" else commune or (province if kind == "cluster" else "")
        code = f"{OFFICE_KINDS[kind][1]}-{place}" if place else ""
        name = ""
        if kind == "province" and province in self._provinces:
            pname = self._provinces[province]["name"]
            name = "Sở GD&ĐT " + (pname[len("Thành phố "):] if pname.startswith("Thành phố ") else pname)
        elif kind == "commune" and commune in self._communes:
            c = self._communes[commune]
            cname, division = c["name"], c.get("division") or ""
            if division and cname.lower().startswith(division + " "):
                cname = division + cname[len(division):]  # "Xã Bình Lư" → "UBND xã Bình Lư"
            name = f"UBND {cname}"
        for field, widget, text in (("code", self.code, code), ("name", self.name, name)):
            if widget.text().strip() in ("", self._suggested[field]):
                widget.setText(text)
            self._suggested[field] = text
        self.completeChanged.emit()

    def trouble(self) -> str:
        """What keeps the office from being set up, in words ('' when nothing)."""
        kind = self.office_kind()
        if not self.province.currentData():
            return self.tr("Choose the province of the office.")
        if kind == "commune" and not self.commune.currentData():
            return self.tr("A commune office needs its commune or ward: choose it.")
        if not self.code.text().strip():
            return self.tr("Enter the office's code.")
        if unit_code_problem(self.code.text()):
            return unit_code_problem(self.code.text())
        if not self.name.text().strip():
            return self.tr("Enter the office's name.")
        return ""

    def isComplete(self) -> bool:
        trouble = self.trouble()
        self.problem.setText(trouble)
        return not trouble

    def nextId(self) -> int:
        return USER

    def unit(self) -> Unit:
        """The office to create (the province code is checked against the commune's by app.rules)."""
        kind = self.office_kind()
        return Unit(code=clean_unit_code(self.code.text()), name=self.name.text(), kind=kind, level="",
                    commune_code="" if kind == "province" else (self.commune.currentData() or ""),
                    province_code=self.province.currentData() or "")


class UserPage(QWizardPage):
    """The first user; at a school whose first user is a teacher, its head too: only a head
    (or an officer) verifies and approves the needs."""

    def __init__(self):
        super().__init__()
        self.name = QLineEdit(objectName="user_name")
        self.role = QComboBox(objectName="user_role")
        self.pin = QLineEdit(objectName="pin", echoMode=QLineEdit.EchoMode.Password)
        self.pin2 = QLineEdit(objectName="pin2", echoMode=QLineEdit.EchoMode.Password)
        self.problem = QLabel(objectName="user_problem", wordWrap=True)
        self.problem.setStyleSheet("color: #b00020")
        self.labels = [QLabel() for _ in range(4)]
        form = QFormLayout(self)
        for lab, w in zip(self.labels, (self.name, self.role, self.pin, self.pin2), strict=True):
            form.addRow(lab, w)
        # the school's head, when the first user is a teacher
        self.head_box = QGroupBox(objectName="head_box")
        self.head_note = QLabel(objectName="head_note", wordWrap=True)
        self.head_name = QLineEdit(objectName="head_name")
        self.head_pin = QLineEdit(objectName="head_pin", echoMode=QLineEdit.EchoMode.Password)
        self.head_pin2 = QLineEdit(objectName="head_pin2", echoMode=QLineEdit.EchoMode.Password)
        self.head_later = QCheckBox(objectName="head_later")
        self.head_labels = [QLabel() for _ in range(3)]
        head_form = QFormLayout(self.head_box)
        head_form.addRow(self.head_note)
        for lab, w in zip(self.head_labels, (self.head_name, self.head_pin, self.head_pin2), strict=True):
            head_form.addRow(lab, w)
        head_form.addRow(self.head_later)
        form.addRow(self.head_box)
        form.addRow(self.problem)
        for w in (self.name, self.pin, self.pin2, self.head_name, self.head_pin, self.head_pin2):
            w.textChanged.connect(self.completeChanged)
        self.head_later.toggled.connect(self._head_later_toggled)
        self.role.currentIndexChanged.connect(self._role_changed)

    def initializePage(self) -> None:
        self.setTitle(self.tr("You"))
        if self.wizard().unit_kind() == "school":  # "thầy cô": a school's word, never an officer's
            self.setSubTitle(self.tr("The first user of this computer. A PIN of 4 to 8 digits protects your work."))
        else:
            self.setSubTitle(self.tr("The first user of this office's computer. A PIN of 4 to 8 digits protects "
                                     "the office's work."))
        texts = (self.tr("Your name"), self.tr("Role"), self.tr("PIN"), self.tr("PIN again"))
        for lab, text in zip(self.labels, texts, strict=True):
            lab.setText(text)
        # the roles that fit the unit (app.workflow.ROLES): officers verify and approve needs
        kind, chosen = self.wizard().unit_kind(), self.role.currentData()
        self.role.clear()
        if kind == "school":
            self.role.addItem(self.tr("Teacher"), "teacher")
            self.role.addItem(self.tr("School head"), "head")
        elif kind == "province":
            self.role.addItem(self.tr("Provincial officer"), "province")
            self.role.addItem(self.tr("Collecting officer"), "officer")
        else:
            self.role.addItem(self.tr("Collecting officer"), "officer")
        self.role.setCurrentIndex(max(0, self.role.findData(chosen)))
        self.head_box.setTitle(self.tr("The school head"))
        self.head_note.setText(self.tr("Only the school head verifies and approves the needs. Give the head an "
                                       "account now (the head types their own PIN), or add it later in "
                                       "File → Users…"))
        for lab, text in zip(self.head_labels, (self.tr("Head's name"), self.tr("Head's PIN"),
                                                self.tr("Head's PIN again")), strict=True):
            lab.setText(text)
        self.head_later.setText(self.tr("Add the head later (until then nobody here can verify or approve)"))
        self._role_changed()

    def asks_head(self) -> bool:
        """A school whose first user is a teacher: ask for the head too."""
        return self.role.currentData() == "teacher"

    def _role_changed(self) -> None:
        self.head_box.setVisible(self.asks_head())
        self.completeChanged.emit()

    def _head_later_toggled(self, later: bool) -> None:
        for w in (self.head_name, self.head_pin, self.head_pin2):
            w.setEnabled(not later)
        self.completeChanged.emit()

    def head(self) -> tuple[str, str, str] | None:
        """(name, "head", PIN) of the head to add with the first user, or None."""
        if not self.asks_head() or self.head_later.isChecked() or not self.head_name.text().strip():
            return None  # (the Next button waits for the head or "later"; nothing typed is "later")
        return self.head_name.text(), "head", self.head_pin.text()

    def _pin_trouble(self, pin: str, again: str) -> str:
        """What is wrong with a PIN and its repetition ('' when nothing, or nothing typed yet)."""
        if not pin:
            return ""
        if not (pin.isdigit() and 4 <= len(pin) <= 8):
            return self.tr("The PIN must be 4 to 8 digits.")
        return self.tr("The two PINs differ.") if again and pin != again else ""

    def trouble(self) -> str:
        """What keeps the page from going on, in words ('' when nothing to say yet)."""
        said = self._pin_trouble(self.pin.text(), self.pin2.text())
        if said or not self.asks_head() or self.head_later.isChecked():
            return said
        if self.head_name.text().strip() and fold(self.head_name.text()) == fold(self.name.text()):
            return self.tr("The head is another person than you: enter the head's own name, or tick "
                           "“Add the head later”.")
        return self._pin_trouble(self.head_pin.text(), self.head_pin2.text())

    def isComplete(self) -> bool:
        trouble = self.trouble()
        self.problem.setText(trouble)

        def done(name: QLineEdit, pin: QLineEdit, again: QLineEdit) -> bool:
            return bool(name.text().strip()) and bool(pin.text()) and pin.text() == again.text()

        ok = not trouble and done(self.name, self.pin, self.pin2)
        if ok and self.asks_head() and not self.head_later.isChecked():
            ok = done(self.head_name, self.head_pin, self.head_pin2)
        return ok


class DemoPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.demo = QCheckBox(objectName="load_demo")
        self.note = QLabel()
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.demo)

    def initializePage(self) -> None:
        self.setTitle(self.tr("Ready"))
        self.note.setText(self.tr("You can start with your own class lists, or first try SongMay with made-up "
                                  "children (you can remove them later by starting a new data folder)."))
        self.demo.setText(self.tr("Load demo data to try things out (300 students)"))
        self.demo.setEnabled(True)
        if self.wizard().unit_kind() != "school":
            # app.demo makes schools of the office's own area, below it
            self.note.setText(self.tr("An education office receives the records of its schools by sync or on USB "
                                      "sticks (next: Sync → Connect to the provincial server… with the one-time "
                                      "code from the province). To try officer mode first, load made-up schools "
                                      "of your area; do not connect that data folder to the province."))
            self.demo.setText(self.tr("Load demo data to try things out (3 schools of the area, 300 students)"))
        elif (self.wizard().school_page.present or {}).get("students") and \
                self.wizard().school_page.existing.currentData() == self.wizard().school_page.present["id"]:
            self.demo.setChecked(False)  # not 300 made-up children on top of the school's own
            self.demo.setEnabled(False)
            self.note.setText(self.tr("This school already has {0} students in this data folder: demo data is "
                                      "not added. (songmay demo adds more, if you want them.)").format(
                i18n.fmt_number(self.wizard().school_page.present["students"])))
        elif self.wizard().school_page.enrolled is not None:  # made-up children must never reach the province
            self.demo.setChecked(False)
            self.demo.setEnabled(False)
            self.note.setText(self.tr("This computer is enrolled for a real school: its data goes to the province, "
                                      "so demo data is not offered. Start with your own class lists."))


class FirstRunWizard(QWizard):
    def __init__(self, worker: DbWorker, parent=None):
        super().__init__(parent)
        self.setObjectName("first_run")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.worker = worker
        # before anyone signs in: no window's context yet, and no view to tell of a change
        self.ops = Operations.before_login(worker)
        self.language_page = LanguagePage()
        self.school_page = SchoolPage(self.ops)
        self.office_page = OfficePage(self.ops)
        self.user_page = UserPage()
        self.demo_page = DemoPage()
        for pid, p in ((LANGUAGE, self.language_page), (SCHOOL, self.school_page), (OFFICE, self.office_page),
                       (USER, self.user_page), (DEMO, self.demo_page)):
            self.setPage(pid, p)
        self.setStartId(LANGUAGE)
        self.retranslate()
        self.resize(640, 560)
        # enrolled for a school with an officer's file at an earlier start: no office then
        self.ops.run(q.enrolled_school, on_done=lambda school: school and self.language_page.lock_school(), owner=self)
        self.ops.run(q.set_up_already, on_done=self._found_school, owner=self)

    def _found_school(self, present: dict | None) -> None:
        self.school_page.present = present

    def office(self) -> bool:
        """Set up an education office (officer mode) rather than a school."""
        return self.language_page.office.isChecked()

    def unit_kind(self) -> str:
        """school, or the office's kind: commune, cluster or province."""
        return self.office_page.office_kind() if self.office() else "school"

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("SongMay – first start"))

    def result_plan(self) -> dict:
        return {
            "language": "vi" if self.language_page.vi.isChecked() else "en",
            "unit": self.office_page.unit() if self.office() else self.school_page.unit(),
            "user": (self.user_page.name.text(), self.user_page.role.currentData(), self.user_page.pin.text()),
            "head": self.user_page.head(),
            "demo": self.demo_page.demo.isChecked(),
            "demo_schools": 3 if self.office() else 1,
        }
