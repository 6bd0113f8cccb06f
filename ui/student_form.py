"""A student's form with the need survey on the same screen, inline validation,
the workflow buttons the user's role allows, and the record's history."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from app import messages, sync_state
from app.errors import SongMayError, ValidationError
from app.operations import save_student_and_need
from app.records import CURRENT_DEVICE, DEVICE_KINDS, HOME_INTERNET, HOUSEHOLDS, NEED_STATUSES, SEXES, Need, Student, label
from app.workflow import ACTIONS, allowed_actions
from ui.context import AppContext
from ui.forms import add_field
from ui.errors import Dialogs, report_exception


def _choices(box: QComboBox, choices: dict) -> QComboBox:
    lang = messages.language()
    for k, v in choices.items():
        if k:
            box.addItem(v[0 if lang == "vi" else 1], k)
    return box


class StudentForm(QDialog):
    saved = Signal(str)  # student id

    def __init__(self, ctx: AppContext, student_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.student: Student | None = None
        self.need: Need | None = None
        self.setObjectName("student_form")
        self.setWindowTitle(self.tr("Student"))
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}

        form = QFormLayout()
        self._add(form, "full_name", self.tr("Full name"), QLineEdit())
        bd = QDateEdit(calendarPopup=True)
        bd.setDisplayFormat("dd/MM/yyyy")
        bd.setDate(QDate(2016, 1, 1))
        self._add(form, "birth_date", self.tr("Birth date"), bd)
        self._add(form, "sex", self.tr("Sex"), _choices(QComboBox(), SEXES))
        self._add(form, "personal_id", self.tr("Personal ID (12 digits)"), QLineEdit())
        self._add(form, "ethnicity", self.tr("Ethnicity"), QLineEdit("Kinh"))
        self._add(form, "class_name", self.tr("Class"), QLineEdit())
        self._add(form, "village", self.tr("Village"), QLineEdit())
        self._add(form, "guardian_name", self.tr("Parent or guardian"), QLineEdit())
        self._add(form, "guardian_relation", self.tr("Relation"), QLineEdit())
        self._add(form, "guardian_phone", self.tr("Phone"), QLineEdit())
        self._add(form, "household", self.tr("Household category"), _choices(QComboBox(), HOUSEHOLDS))
        self._add(form, "poverty_cert_no", self.tr("Poverty certificate number"), QLineEdit())
        year = QSpinBox()
        year.setRange(0, 2100)
        year.setSpecialValueText("—")
        self._add(form, "poverty_cert_year", self.tr("Certificate year"), year)
        self._add(form, "policy_family", self.tr("Policy family"), QCheckBox())
        self._add(form, "covid_orphan", self.tr("A parent died of COVID-19"), QCheckBox())
        self._add(form, "covid_hardship", self.tr("Family hit hard by COVID-19"), QCheckBox())
        self._add(form, "covid_note", self.tr("COVID-19 note"), QLineEdit())

        survey = QGroupBox(self.tr("Need survey"))
        survey.setCheckable(True)
        survey.setChecked(False)
        survey.setObjectName("need_survey")
        self.survey = survey
        nform = QFormLayout(survey)
        self._add(nform, "current_device", self.tr("Device the child has now"), _choices(QComboBox(), CURRENT_DEVICE))
        self._add(nform, "home_internet", self.tr("Internet at home"), _choices(QComboBox(), HOME_INTERNET))
        self._add(nform, "device_requested", self.tr("Device requested"), _choices(QComboBox(), DEVICE_KINDS))
        self._add(nform, "needs_sim", self.tr("Needs a SIM / data"), QCheckBox())
        self._add(nform, "received_elsewhere", self.tr("Already received a device elsewhere"), QCheckBox())
        self._add(nform, "received_source", self.tr("From whom"), QLineEdit())
        self.need_status = QLabel("—")
        self.need_status.setObjectName("need_status")
        nform.addRow(self.tr("Status"), self.need_status)
        self.workflow_box = QHBoxLayout()
        nform.addRow(self.workflow_box)

        self.message = QLabel()
        self.message.setObjectName("form_message")
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("save")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.history_button = buttons.addButton(self.tr("History…"), QDialogButtonBox.ButtonRole.HelpRole)
        self.history_button.setObjectName("history")
        self.history_button.setEnabled(False)
        self.history_button.clicked.connect(self.show_history)

        cols = QHBoxLayout()
        left = QWidget()
        left.setLayout(form)
        cols.addWidget(left, 3)
        cols.addWidget(survey, 2)
        # what the provincial server says of this child (a duplicate elsewhere, a refused version)
        self.notice_banner = QLabel(objectName="sync_notice_banner", wordWrap=True)
        self.notice_banner.setStyleSheet("background: #fff1c1; color: #6b3a00; padding: 6px")
        self.notice_banner.hide()
        lay = QVBoxLayout(self)
        lay.addWidget(self.notice_banner)
        lay.addLayout(cols)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(900, 640)
        if student_id:
            ctx.worker.submit(lambda store, job: self._load(store, student_id), self._fill, owner=self)
        else:
            self._render_workflow()

    # -- building
    def _add(self, form: QFormLayout, name: str, text: str, widget: QWidget) -> None:
        add_field(form, name, text, widget, self.inputs, self.errors)

    @staticmethod
    def _load(store, student_id: str):
        st = store.get(Student, student_id)
        needs = store.find(Need, "student_id=?", (student_id,), order_by="status IN ('rejected','withdrawn'), school_year DESC")
        return st, (needs[0] if needs else None)

    def _fill(self, loaded) -> None:
        self.student, self.need = loaded
        for name, w in self.inputs.items():
            src = self.student if hasattr(self.student, name) and name not in Need.field_names() else self.need
            if src is None or not hasattr(src, name):
                continue
            self._set(w, getattr(src, name))
        self.survey.setChecked(self.need is not None)
        self.history_button.setEnabled(True)
        self._render_workflow()
        ids = [self.student.id] + ([self.need.id] if self.need else [])
        self.ctx.worker.submit(lambda store, job: [n for i in ids for n in sync_state.notices(store, i)],
                               self._show_notices, owner=self)

    def _show_notices(self, notices: list[dict]) -> None:
        from ui.sync_panel import notice_text

        self.notice_banner.setText("\n".join(notice_text(n) for n in notices))
        self.notice_banner.setVisible(bool(notices))

    @staticmethod
    def _set(w: QWidget, value) -> None:
        if isinstance(w, QLineEdit):
            w.setText(str(value or ""))
        elif isinstance(w, QComboBox):
            i = w.findData(value)
            if i >= 0:
                w.setCurrentIndex(i)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QDateEdit) and value:
            w.setDate(QDate.fromString(str(value)[:10], "yyyy-MM-dd"))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value or 0))

    @staticmethod
    def _get(w: QWidget):
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QDateEdit):
            return w.date().toString("yyyy-MM-dd")
        if isinstance(w, QSpinBox):
            return w.value() or None
        return None

    def _render_workflow(self) -> None:
        while self.workflow_box.count():
            item = self.workflow_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        status = self.need.status if self.need else None
        lang = messages.language()
        self.need_status.setText(label(NEED_STATUSES, status, lang) if status else "—")
        if not self.need:
            return
        for action in allowed_actions(status, self.ctx.user.role):
            b = QPushButton(ACTIONS[action][0 if lang == "vi" else 1].capitalize())
            b.setObjectName(f"action_{action}")
            b.clicked.connect(lambda _c=False, a=action: self.run_action(a))
            self.workflow_box.addWidget(b)

    # -- actions
    def values(self) -> tuple[Student, Need | None]:
        student_fields = set(Student.field_names())
        base = self.student or Student(unit_id=self.ctx.unit["id"])
        st = dataclasses.replace(base, **{k: self._get(w) for k, w in self.inputs.items() if k in student_fields})
        need = None
        if self.survey.isChecked():
            need_fields = set(Need.field_names()) - {"id", "unit_id", "status", "history"}
            nbase = self.need or Need(unit_id=st.unit_id, student_id=st.id)
            need = dataclasses.replace(nbase, **{k: self._get(w) for k, w in self.inputs.items() if k in need_fields})
        return st, need

    def save(self) -> None:
        st, need = self.values()
        actor = self.ctx.actor
        self._clear_errors()
        self.ctx.worker.submit(lambda store, job: save_student_and_need(store, st, need, actor),
                               self._saved, self._failed)

    def _saved(self, result) -> None:
        self.student, self.need = result
        self.ctx.notify("student")
        self.saved.emit(self.student.id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            for field, text in exc.by_field().items():
                if field in self.errors:
                    self.errors[field].setText(text)
                    self.errors[field].show()
            self.message.setText(exc.message())
        elif isinstance(exc, SongMayError):
            self.message.setText(exc.message())
        else:
            report_exception(exc, self)

    def _clear_errors(self) -> None:
        for e in self.errors.values():
            e.hide()
            e.setText("")
        self.message.setText("")

    def run_action(self, action: str) -> None:
        reason = ""
        if action in ("reject", "withdraw"):
            reason = Dialogs.ask_text(self, self.tr("Reason"), self.tr("Why?")) or ""
            if not reason.strip():
                return
        need_id, actor, role = self.need.id, self.ctx.actor, self.ctx.user.role
        self.ctx.worker.submit(lambda store, job: store.need_action(need_id, action, actor, role, reason),
                               self._moved, self._failed)

    def _moved(self, need: Need) -> None:
        self.need = need
        self._render_workflow()
        self.ctx.notify("need")

    def show_history(self) -> None:
        from ui.history import HistoryDialog

        ids = [self.student.id] + ([self.need.id] if self.need else [])
        HistoryDialog(self.ctx, ids, self).open()

    def keyPressEvent(self, e) -> None:  # Enter in a field must not close the form unsaved
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(e)
