"""A student's form with the need survey on the same screen, inline validation,
the workflow buttons (each move confirmed; the steps of another role say who takes them),
and the record's history.

A new child starts with sex, birth date and household category empty: they must be
chosen. Saving a new child first asks ``app.duplicates.likely_same_child`` whether the
school already has them; if so the other child is shown and only a deliberate "Đây là
một em khác" goes on. Closing with unsaved changes asks "Lưu / Bỏ / Quay lại"."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import messages
from app.errors import SongMayError, ValidationError
from app.ops.students import save_form
from app.queries import handovers as hq
from app.queries import students as q
from app.queries.placements import placements_for
from app.records import (
    CURRENT_DEVICE,
    DEVICE_KINDS,
    HOME_INTERNET,
    HOUSEHOLDS,
    NEED_STATUSES,
    SEXES,
    Need,
    Student,
    label,
)
from app.student_defaults import most_common_ethnicity
from app.workflow import ACTIONS, MOVES, allowed_actions
from ui.context import AppContext
from ui.dates import DateField
from ui.errors import Dialogs, report_exception
from ui.forms import UnsavedChangesGuard, add_field, date_problems
from ui.history import HistoryDialog
from ui.i18n import fmt_date
from ui.minutes import MinuteActions, guarded, write_minutes
from ui.notices import notice_text
from ui.placement_dialog import PlacementDialog
from ui.widgets.choices import ChoiceCombo

#: fields a new child's form leaves empty until the teacher chooses (a default is saved unnoticed)
CHOSEN_FIELDS = ("birth_date", "sex", "household")


class StudentForm(UnsavedChangesGuard, QDialog):
    saved = Signal(str)  # student id

    def __init__(self, ctx: AppContext, student_id: str | None, parent: QWidget | None = None,
                 unit: dict | None = None):
        """``unit``: the school a new child is added to (an office chooses it; else this
        installation's own unit)."""
        super().__init__(parent)
        self.ctx = ctx
        self.student: Student | None = None
        self.need: Need | None = None
        self.setObjectName("student_form")
        self.setWindowTitle(self.tr("Student") + (f" – {unit['name']}" if unit and unit.get("name") else ""))
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}

        self._new_student = Student(unit_id=(unit or ctx.unit)["id"])  # one id for every try at saving it
        self._new_need: Need | None = None
        self._loading = bool(student_id)  # saving before the record arrived would make a new child
        self._different_child = False  # the teacher said "Đây là một em khác"
        self._pending: tuple[str | None, str] | None = None  # (action, reason) waiting on that answer
        choose = self.tr("— choose —")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add(form, "full_name", self.tr("Full name"), QLineEdit())
        self._add(form, "birth_date", self.tr("Birth date"),
                  DateField(optional=False, minimum=QDate(1990, 1, 1), maximum=QDate.currentDate()))
        self._add(form, "sex", self.tr("Sex"), ChoiceCombo(SEXES, first=choose))
        self._add(form, "personal_id", self.tr("Personal ID (12 digits)"), QLineEdit())
        self._add(form, "ethnicity", self.tr("Ethnicity"), QLineEdit())
        self._add(form, "class_name", self.tr("Class"), QLineEdit())
        self._add(form, "village", self.tr("Village"), QLineEdit())
        self._add(form, "guardian_name", self.tr("Parent or guardian"), QLineEdit())
        self._add(form, "guardian_relation", self.tr("Relation"), QLineEdit())
        self._add(form, "guardian_phone", self.tr("Phone"), QLineEdit())
        self._add(form, "household", self.tr("Household category"), ChoiceCombo(HOUSEHOLDS, first=choose))
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
        self._add(nform, "current_device", self.tr("Device the child has now"), ChoiceCombo(CURRENT_DEVICE))
        self._add(nform, "home_internet", self.tr("Internet at home"), ChoiceCombo(HOME_INTERNET))
        self._add(nform, "device_requested", self.tr("Device requested"), ChoiceCombo(DEVICE_KINDS))
        self._add(nform, "needs_sim", self.tr("Needs a SIM / data"), QCheckBox())
        self._add(nform, "received_elsewhere", self.tr("Already received a device elsewhere"), QCheckBox())
        self._add(nform, "received_source", self.tr("From whom"), QLineEdit())
        self.need_status = QLabel("—")
        self.need_status.setObjectName("need_status")
        nform.addRow(self.tr("Status"), self.need_status)
        self.workflow_box = QHBoxLayout()
        nform.addRow(self.workflow_box)
        self.workflow_hint = QLabel(objectName="workflow_hint", wordWrap=True)
        self.workflow_hint.setStyleSheet("color: #555")
        self.workflow_hint.hide()
        nform.addRow(self.workflow_hint)
        survey.toggled.connect(lambda _on: self._render_workflow())

        # "is this a child the school already has?" — asked before a new child is saved
        self.same_panel = QFrame(objectName="same_child_panel")
        self.same_panel.setStyleSheet("QFrame#same_child_panel { background: #fff1c1; }")
        self.same_text = QLabel(objectName="same_child_text", wordWrap=True)
        self.same_text.setStyleSheet("color: #6b3a00; padding: 4px")
        self.same_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.different_button = QPushButton(self.tr("This is a different child: save"), objectName="not_same_child")
        self.different_button.clicked.connect(self.confirm_different_child)
        same_lay = QVBoxLayout(self.same_panel)
        same_lay.addWidget(self.same_text)
        same_row = QHBoxLayout()
        same_row.addStretch(1)
        same_row.addWidget(self.different_button)
        same_lay.addLayout(same_row)
        self.same_panel.hide()

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
        # the child's handover minutes, printed again from here (shown once the child has one)
        self.minute_button = buttons.addButton(self.tr("Print minute…"), QDialogButtonBox.ButtonRole.HelpRole)
        self.minute_button.setObjectName("print_minute")
        self.minute_button.hide()
        self.minute_button.clicked.connect(self.print_minute)
        self.minute_menu = QMenu(self.minute_button)
        self.minute_menu.setObjectName("minute_menu")
        self._minutes: list[dict] = []

        cols = QHBoxLayout()
        left = QWidget()
        left.setLayout(form)
        scroll = QScrollArea(objectName="student_fields")  # errors under fields never squeezed out
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        cols.addWidget(scroll, 3)
        cols.addWidget(survey, 2)
        # what the provincial server says of this child (a duplicate elsewhere, a refused version)
        self.notice_banner = QLabel(objectName="sync_notice_banner", wordWrap=True)
        self.notice_banner.setStyleSheet("background: #fff1c1; color: #6b3a00; padding: 6px")
        self.notice_banner.hide()
        # an office's decision of which school keeps a child found at two (app.ops.placements)
        self.placement_banner = QLabel(objectName="placement_banner", wordWrap=True)
        self.placement_banner.setStyleSheet("background: #e3f0ff; color: #0b3d6e; padding: 6px")
        self.placement_banner.hide()
        lay = QVBoxLayout(self)
        lay.addWidget(self.notice_banner)
        lay.addWidget(self.placement_banner)
        lay.addLayout(cols)
        lay.addWidget(self.same_panel)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(900, 640)
        if student_id:
            ctx.ops.run(q.with_need, student_id, on_done=self._fill, owner=self)
        else:
            self._render_workflow()
            ctx.ops.run(most_common_ethnicity, self._new_student.unit_id, on_done=self._default_ethnicity, owner=self)

    # -- building
    def _add(self, form: QFormLayout, name: str, text: str, widget: QWidget) -> None:
        add_field(form, name, text, widget, self.inputs, self.errors)

    def _default_ethnicity(self, ethnicity: str) -> None:
        box: QLineEdit = self.inputs["ethnicity"]
        if box.text().strip() or self.student is not None:
            return  # the teacher typed one meanwhile
        clean = not self.has_unsaved_changes()
        box.setText(ethnicity)
        box.setToolTip(self.tr("The school's most common ethnicity: change it if the child's is another."))
        if clean:
            self.mark_clean()

    def _fill(self, loaded) -> None:
        self.student, self.need = loaded
        self._loading = False
        for name, w in self.inputs.items():
            src = self.student if hasattr(self.student, name) and name not in Need.field_names() else self.need
            if src is None or not hasattr(src, name):
                continue
            self._set(w, getattr(src, name))
        self.survey.setChecked(self.need is not None)
        self.history_button.setEnabled(True)
        self._render_workflow()
        self.mark_clean()
        ids = [self.student.id] + ([self.need.id] if self.need else [])
        self.ctx.ops.run(q.notices, ids, on_done=self._show_notices, owner=self)
        self.ctx.ops.run(placements_for, self.student.id, on_done=self._show_placements, owner=self)
        self.ctx.ops.run(hq.student_minutes, self.student.id, on_done=self._show_minutes, owner=self)

    def _show_notices(self, notices: list[dict]) -> None:
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
        elif isinstance(w, DateField):
            w.setDate(str(value or "")[:10] or None)
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
        if isinstance(w, DateField):
            return w.iso()
        if isinstance(w, QSpinBox):
            return w.value() or None
        return None

    def _render_workflow(self) -> None:
        """The moves of the need's status: those this user may take as buttons, those of
        another role shown disabled with who takes them. A new survey (not saved yet) is a
        draft: "Gửi" saves the form and sends it in one go."""
        while self.workflow_box.count():
            item = self.workflow_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.workflow_hint.hide()
        status = self.need.status if self.need else ("draft" if self.survey.isChecked() else None)
        lang = messages.language()
        if self.need is None and status:
            self.need_status.setText(self.tr("{0} (not saved yet)").format(label(NEED_STATUSES, status, lang)))
        else:
            self.need_status.setText(label(NEED_STATUSES, status, lang) if status else "—")
        if not status:
            return
        role = self.ctx.user.role
        mine = allowed_actions(status, role)
        steps = [a for a, m in MOVES.items() if status in m.sources and "system" not in m.roles]
        if self.need is None:
            steps = [a for a in steps if a != "withdraw"]  # nothing to withdraw before it exists
        others = [a for a in steps if a not in mine]
        for action in steps:
            b = QPushButton(ACTIONS[action][0 if lang == "vi" else 1].capitalize())
            b.setObjectName(f"action_{action}")
            b.setEnabled(action in mine)
            b.clicked.connect(lambda _c=False, a=action: self.run_action(a))
            self.workflow_box.addWidget(b)
        if others:
            kind = self.ctx.unit.get("kind", "school")
            self.ctx.ops.run(q.role_hints, others, kind, lang, on_done=self._show_hints,
                             on_error=lambda _e: self._show_hints({a: self.tr("Your role cannot take this step: ask "
                                                                              "the school head.") for a in others}),
                             owner=self)

    def _show_hints(self, hints: dict[str, str]) -> None:
        for action, text in hints.items():
            b = self.findChild(QPushButton, f"action_{action}")
            if b is not None:
                b.setToolTip(text)
        forward = [a for a in ("submit", "verify", "approve", "reopen") if a in hints]
        text = hints[forward[0]] if forward else next(iter(hints.values()), "")
        self.workflow_hint.setText(text)
        self.workflow_hint.setVisible(bool(text))

    # -- actions
    def values(self) -> tuple[Student, Need | None]:
        student_fields = set(Student.field_names())
        base = self.student or self._new_student
        st = dataclasses.replace(base, **{k: self._get(w) for k, w in self.inputs.items() if k in student_fields})
        need = None
        if self.survey.isChecked():
            need_fields = set(Need.field_names()) - {"id", "unit_id", "status", "history"}
            if self.need is None and self._new_need is None:
                self._new_need = Need(unit_id=st.unit_id, student_id=st.id)
            nbase = self.need or self._new_need
            need = dataclasses.replace(nbase, **{k: self._get(w) for k, w in self.inputs.items() if k in need_fields})
        return st, need

    def form_problems(self) -> dict[str, str]:
        """What the form itself refuses before the rules see it: a typed date that is no
        date (said under the date), a household category not chosen."""
        problems = date_problems(self)
        if self.inputs["household"].currentData() in ("", None):
            problems["household"] = self.tr("Choose the household category (choose “None” if the family is "
                                            "in no group).")
        return problems

    def save(self) -> None:
        self._submit(None, "")

    def _submit(self, action: str | None, reason: str) -> None:
        """Check, ask about a likely same child (new children), save when something
        changed, then take ``action`` — one job on the database worker."""
        if self._loading:
            return
        st, need = self.values()
        self._clear_errors()
        local = self.form_problems()
        actor, role = self.ctx.actor, self.ctx.user.role
        is_new, ask_same = self.student is None, self.student is None and not self._different_child
        changed = is_new or self.has_unsaved_changes() or (need is not None and self.need is None)
        self._pending = (action, reason)
        self.ctx.ops.run(save_form, st, need, actor, role, current=(self.student, self.need), changed=changed,
                         ask_same=ask_same, form_refused=bool(local), move=action, reason=reason,
                         on_done=lambda r: self._answered(r, local), on_error=self._failed, owner=self)

    def _answered(self, result, local: dict[str, str]) -> None:
        what = result[0]
        if what == "problems":
            self._show_problems({**result[1], **local}, result[2])
        elif what == "same":
            self._show_same(result[1])
        elif what == "saved":
            self._saved(result[1])
        elif what == "moved":
            self._after_save(result[1])
            self._moved(result[1][1])
        elif what == "move_failed":
            self._after_save(result[1])
            self._render_workflow()
            self.message.setText(result[2].message())
            if result[2].key == "need.duplicate" and self.ctx.unit.get("kind", "school") != "school":
                self.decide_placement()  # an office decides which school keeps the child

    def _show_problems(self, by_field: dict[str, str], summary: str) -> None:
        for field, text in by_field.items():
            w = self.inputs.get(field)
            if isinstance(w, DateField):
                w.show_problem(w.problem() or text)  # said under the date itself
            elif field in self.errors:
                self.errors[field].setText(text)
                self.errors[field].show()
        shown = [t for f, t in by_field.items() if f not in self.errors]
        self.message.setText(" ".join(shown) or self.tr("Check the fields marked in red."))

    def _show_same(self, others: list[dict]) -> None:
        lines = [self.tr("The school may already have this child. Check before saving:")]
        for o in others:
            parts = [o.get("full_name", "")]
            if o.get("birth_date"):
                parts.append(self.tr("born {0}").format(fmt_date(o["birth_date"])))
            if o.get("class_name"):
                parts.append(self.tr("class {0}").format(o["class_name"]))
            school = o.get("unit_name") or o.get("school_name")
            if school:
                parts.append(school)
            guardian = " ".join(x for x in (o.get("guardian_name", ""), o.get("guardian_phone", "")) if x)
            if guardian:
                parts.append(self.tr("guardian {0}").format(guardian))
            if o.get("personal_id"):
                parts.append(self.tr("personal ID {0}").format(o["personal_id"]))
            why = o.get("why") or o.get("reason")
            if why:
                parts.append(f"({why})")
            lines.append("• " + ", ".join(p for p in parts if p))
        lines.append(self.tr("If it is the same child, press Cancel and open their record in the list instead."))
        self.same_text.setText("\n".join(lines))
        self.same_panel.show()
        self.message.setText(self.tr("Not saved yet: is this another child?"))

    def confirm_different_child(self) -> None:
        """The teacher checked: another child of the same name and birth date. Go on."""
        self._different_child = True
        self.same_panel.hide()
        action, reason = self._pending or (None, "")
        self._submit(action, reason)

    def _after_save(self, saved) -> None:
        self.student, self.need = saved
        self.history_button.setEnabled(True)
        self.saved.emit(self.student.id)

    def _saved(self, result) -> None:
        self._after_save(result)
        self.mark_clean()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self._show_problems(exc.by_field(), exc.message())
        elif isinstance(exc, SongMayError):
            self.message.setText(exc.message())
        else:
            report_exception(exc, self)

    def _clear_errors(self) -> None:
        for e in self.errors.values():
            e.hide()
            e.setText("")
        for w in self.inputs.values():
            if isinstance(w, DateField):
                w.show_problem("")
        self.message.setText("")

    def run_action(self, action: str) -> None:
        """Confirm the move (a rejection or withdrawal asks its reason, and refuses none),
        then save what the form holds and take it."""
        lang = messages.language()
        verb = ACTIONS[action][0 if lang == "vi" else 1]
        name = self.inputs["full_name"].text().strip() or self.tr("this child")
        reason = ""
        if MOVES[action].needs_reason:
            answer = Dialogs.ask_text(self, verb.capitalize(), self.tr("Why {0} the need of {1}?").format(verb, name))
            if answer is None:
                return
            reason = answer.strip()
            if not reason:
                self.message.setText(self.tr("A reason is needed to {0}: nothing was changed.").format(verb))
                return
        elif not Dialogs.confirm(self, self.tr("{0} the need of {1}?").format(verb.capitalize(), name)):
            return
        self._submit(action, reason)

    def _moved(self, need: Need) -> None:
        self.need = need
        self.survey.setChecked(True)
        self._render_workflow()
        self.mark_clean()
        lang = messages.language()
        status = label(NEED_STATUSES, need.status, lang)
        self.message.setText(self.tr("Done: the need is now “{0}”.").format(status))

    def decide_placement(self) -> None:
        """Both records side by side; the officer decides which school keeps the child."""
        dlg = PlacementDialog(self.ctx, self.student.id, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.decided.connect(lambda _sid: self._reload())
        self.placement_dialog = dlg
        dlg.open()

    def _reload(self) -> None:
        self.ctx.ops.run(q.with_need, self.student.id, on_done=self._fill, owner=self)

    def _show_placements(self, found: list[dict]) -> None:
        """The office's decision of which school keeps the child, as both schools see it."""
        self.placement_banner.setText("\n".join(p["text"] for p in found))
        self.placement_banner.setVisible(bool(found))

    def _show_minutes(self, minutes: list[dict]) -> None:
        """The child's handover events: one minute prints at a press; several are listed."""
        self._minutes = minutes
        self.minute_menu.clear()
        for m in minutes:
            when = fmt_date(m["date"]) if m.get("date") else ""
            act = QAction(" – ".join(x for x in (m["number"], when, m.get("what", "")) if x), self.minute_menu)
            act.triggered.connect(lambda _c=False, hid=m["id"]: self.write_minute(hid))
            self.minute_menu.addAction(act)
        self.minute_button.setVisible(bool(minutes))

    def print_minute(self) -> None:
        """"In biên bản…": the minute of the child's only handover event, or a choice of them."""
        if len(self._minutes) == 1:
            self.write_minute(self._minutes[0]["id"])
        elif self._minutes:
            self.minute_menu.popup(self.minute_button.mapToGlobal(self.minute_button.rect().bottomLeft()))

    def write_minute(self, handover_id: str) -> None:
        """Write the minute again (through the handover page's writer) and offer to open or print it."""
        write_minutes(self.ctx, [handover_id], guarded(self, lambda written: MinuteActions.offer(self, written)),
                      guarded(self, lambda exc: report_exception(exc, self)))

    def show_history(self) -> None:
        ids = [self.student.id] + ([self.need.id] if self.need else [])
        HistoryDialog(self.ctx, ids, self).open()

    def keyPressEvent(self, e) -> None:  # Enter in a field must not close the form unsaved
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(e)
