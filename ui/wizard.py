"""First run: language, the school (province → commune → school), the first user,
and an offer of demo data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QCompleter, QFormLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QVBoxLayout,
    QWizard, QWizardPage,
)

from app import sync_state
from app.errors import SongMayError
from app.records import LEVELS, Unit
from ui import i18n
from ui.errors import report_exception
from ui.tasks import DbWorker


def _searchable(box: QComboBox) -> QComboBox:
    """Type part of a name, accents optional, to pick from a long list."""
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    comp = box.completer()
    comp.setFilterMode(Qt.MatchFlag.MatchContains)
    comp.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return box


def _enrolled_school(store, _job=None) -> dict | None:
    """The school this installation is enrolled for, if its record is here (database thread)."""
    e, unit = sync_state.enrolment(store), store.unit()
    if e is None or unit is None or unit.id != e.unit_id:
        return None
    return {"id": unit.id, "code": unit.code, "name": unit.name}


class LanguagePage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.vi = QRadioButton("Tiếng Việt")
        self.vi.setObjectName("lang_vi")
        self.en = QRadioButton("English")
        self.en.setObjectName("lang_en")
        self.vi.setChecked(True)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Chọn ngôn ngữ / Choose the language"))
        lay.addWidget(self.vi)
        lay.addWidget(self.en)

    def validatePage(self) -> bool:
        i18n.set_language("vi" if self.vi.isChecked() else "en")
        self.wizard().retranslate()
        return True


class SchoolPage(QWizardPage):
    def __init__(self, worker: DbWorker):
        super().__init__()
        self.worker = worker
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
        for lab, w in zip(self.labels, (self.province, self.commune, self.existing, self.code, self.name, self.level)):
            self.form.addRow(lab, w)
        self.province.currentIndexChanged.connect(self._load_communes)
        self.commune.currentIndexChanged.connect(self._load_schools)
        self.existing.currentIndexChanged.connect(self._existing_changed)
        self.code.textChanged.connect(self.completeChanged)
        self.name.textChanged.connect(self.completeChanged)
        self.commune.currentIndexChanged.connect(self.completeChanged)
        self._existing: list[dict] = []
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
                                           self.tr("School code"), self.tr("School name"), self.tr("Level"))):
            lab.setText(text)
        self.file_button.setText(self.tr("I have an enrolment file from the officer…"))
        if self.province.count() == 0:
            self.worker.submit(lambda store, job: store.admin_units("province"), self._fill_provinces)
            self.worker.submit(_enrolled_school, self._file_done)  # enrolled with a file at an earlier start

    def _fill_provinces(self, rows: list[dict]) -> None:
        self.province.clear()
        for r in rows:
            self.province.addItem(r["name"], r["code"])

    def _load_communes(self) -> None:
        code = self.province.currentData()
        if code:
            self.worker.submit(lambda store, job: store.admin_units("commune", province_code=code), self._fill_communes)

    def _fill_communes(self, rows: list[dict]) -> None:
        self.commune.clear()
        for r in rows:
            self.commune.addItem(r["name"], r["code"])

    def _load_schools(self) -> None:
        code = self.commune.currentData()
        if code:
            self.worker.submit(
                lambda store, job: [{"id": u.id, "code": u.code, "name": u.name, "level": u.level}
                                    for u in store.find(Unit, "kind='school' AND commune_code=?", (code,))],
                self._fill_schools)

    def _fill_schools(self, rows: list[dict]) -> None:
        self._existing = rows
        self.existing.clear()
        self.existing.addItem(self.tr("A new school"), None)
        for r in rows:
            self.existing.addItem(f"{r['code']} – {r['name']}", r["id"])

    def _existing_changed(self) -> None:
        new = self.existing.currentData() is None
        for w in (self.code, self.name, self.level):
            w.setEnabled(new)
        self.completeChanged.emit()

    def use_file(self) -> None:
        from sync.enrolment import enrol_from_file
        from ui.enrolment_file import EnrolmentFileChooser

        path = EnrolmentFileChooser.ask(self)
        if not path:
            return
        self.file_button.setEnabled(False)
        self._say(self.tr("Reading the enrolment file…"))
        self.worker.submit(lambda store, job: (enrol_from_file(store, path), _enrolled_school(store))[1],
                           self._file_done, self._file_failed)

    def _file_done(self, school: dict | None) -> None:
        if school is None:
            return
        self.enrolled = school
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

    def isComplete(self) -> bool:
        if self.enrolled is not None:
            return True
        if not self.commune.currentData():
            return False
        return self.existing.currentData() is not None or (bool(self.code.text().strip()) and bool(self.name.text().strip()))

    def unit(self) -> Unit | str:
        """The existing school's id, or a new Unit to create."""
        if self.enrolled is not None:
            return self.enrolled["id"]
        if self.existing.currentData():
            return self.existing.currentData()
        return Unit(code=self.code.text(), name=self.name.text(), kind="school",
                    level=self.level.currentData(), commune_code=self.commune.currentData())


class UserPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.name = QLineEdit(objectName="user_name")
        self.role = QComboBox(objectName="user_role")
        self.pin = QLineEdit(objectName="pin", echoMode=QLineEdit.EchoMode.Password)
        self.pin2 = QLineEdit(objectName="pin2", echoMode=QLineEdit.EchoMode.Password)
        self.problem = QLabel(objectName="user_problem")
        self.problem.setStyleSheet("color: #b00020")
        self.labels = [QLabel() for _ in range(4)]
        form = QFormLayout(self)
        for lab, w in zip(self.labels, (self.name, self.role, self.pin, self.pin2)):
            form.addRow(lab, w)
        form.addRow(self.problem)
        for w in (self.name, self.pin, self.pin2):
            w.textChanged.connect(self.completeChanged)

    def initializePage(self) -> None:
        self.setTitle(self.tr("You"))
        self.setSubTitle(self.tr("The first user of this computer. A PIN of 4 to 8 digits protects your work."))
        for lab, text in zip(self.labels, (self.tr("Your name"), self.tr("Role"), self.tr("PIN"), self.tr("PIN again"))):
            lab.setText(text)
        self.role.clear()
        self.role.addItem(self.tr("Teacher"), "teacher")
        self.role.addItem(self.tr("School head"), "head")

    def isComplete(self) -> bool:
        pin = self.pin.text()
        ok_pin = pin.isdigit() and 4 <= len(pin) <= 8
        same = pin == self.pin2.text()
        self.problem.setText("" if (ok_pin and same) or not pin else
                             self.tr("The PIN must be 4 to 8 digits.") if not ok_pin else self.tr("The two PINs differ."))
        return bool(self.name.text().strip()) and ok_pin and same


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
        if self.wizard().school_page.enrolled is not None:  # made-up children must never reach the province
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
        self.language_page = LanguagePage()
        self.school_page = SchoolPage(worker)
        self.user_page = UserPage()
        self.demo_page = DemoPage()
        for p in (self.language_page, self.school_page, self.user_page, self.demo_page):
            self.addPage(p)
        self.retranslate()
        self.resize(640, 460)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("SongMay – first start"))

    def result_plan(self) -> dict:
        return {
            "language": "vi" if self.language_page.vi.isChecked() else "en",
            "unit": self.school_page.unit(),
            "user": (self.user_page.name.text(), self.user_page.role.currentData(), self.user_page.pin.text()),
            "demo": self.demo_page.demo.isChecked(),
        }


def apply_first_run(store, plan: dict) -> dict:
    """Runs on the database thread: set up the school, the user, maybe demo data."""
    with store.transaction():
        unit = plan["unit"]
        if isinstance(unit, str):
            unit = store.get(Unit, unit)
        unit = store.set_unit(unit, plan["user"][0])
        uid = store.add_user(*plan["user"])
        store.set_setting("language", plan["language"])
    if plan["demo"]:
        from app.demo import generate

        generate(store, students=300, seed=1)
    return {"user_id": uid, "unit": {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind}}
