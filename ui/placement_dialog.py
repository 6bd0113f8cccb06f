"""One child at two schools: both records side by side, and the office's decision of which
school keeps the child (``app.ops.placements``). Opened when an officer's verification meets
``need.duplicate``; "Giữ ở trường này" under a record decides for that school, with the
reason written above the buttons. The decision goes to both schools with the next sync."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import messages
from app.errors import SongMayError
from app.ops.placements import keep_child_at
from app.queries.placements import duplicate_records
from app.records import NEED_STATUSES, label
from ui.context import AppContext
from ui.errors import Dialogs, report_exception
from ui.i18n import fmt_date


class PlacementDialog(QDialog):
    decided = Signal(str)  # the kept child's student id

    def __init__(self, ctx: AppContext, student_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.student_id = student_id
        self.records: list[dict] = []
        self.setObjectName("placement_dialog")
        self.setWindowTitle(self.tr("One child at two schools"))
        self.intro = QLabel(self.tr("Loading the records…"), objectName="placement_intro", wordWrap=True)
        self.rows = [
            ("school", self.tr("School")), ("class_name", self.tr("Class")), ("full_name", self.tr("Full name")),
            ("birth_date", self.tr("Birth date")), ("guardian", self.tr("Parent or guardian")),
            ("guardian_phone", self.tr("Phone")), ("village", self.tr("Village")),
            ("need_status", self.tr("Need status")), ("submitted_at", self.tr("Need sent on")),
            ("updated_at", self.tr("Last changed")),
        ]
        self.table = QTableWidget(len(self.rows), 0, objectName="placement_table")
        self.table.setVerticalHeaderLabels([text for _k, text in self.rows])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.reason = QLineEdit(objectName="placement_reason")
        self.reason.setPlaceholderText(self.tr("Reason for the decision (required), e.g. moved school in September"))
        self.buttons_row = QHBoxLayout()
        self.message = QLabel(objectName="placement_message", wordWrap=True)
        self.message.setStyleSheet("color: #b00020")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.table)
        lay.addWidget(QLabel(self.tr("Reason")))
        lay.addWidget(self.reason)
        lay.addLayout(self.buttons_row)
        lay.addWidget(self.message)
        lay.addWidget(close)
        self.resize(760, 460)
        ctx.ops.run(duplicate_records, student_id, on_done=self._show, on_error=self._failed, owner=self)

    def _show(self, records: list[dict]) -> None:
        self.records = records
        lang = messages.language()
        first = records[0]
        if len(records) < 2:
            self.intro.setText(self.tr("{0} is no longer active at another school: there is nothing to decide.")
                               .format(first["full_name"]))
            return
        self.intro.setText(self.tr(
            "{0} (personal ID {1}) is active at more than one school. Compare the records and decide which school "
            "keeps the child: the other school's need is withdrawn, and both schools receive the decision.")
            .format(first["full_name"], first["personal_id"]))
        self.table.setColumnCount(len(records))
        self.table.setHorizontalHeaderLabels([r["school_code"] or r["school"] for r in records])
        for col, r in enumerate(records):
            values = {
                **r, "birth_date": fmt_date(r["birth_date"]), "submitted_at": fmt_date(r["submitted_at"]),
                "updated_at": fmt_date(r["updated_at"]),
                "need_status": label(NEED_STATUSES, r["need_status"], lang) if r["need_status"] else "—",
                "guardian": " ".join(x for x in (r["guardian_name"], f"({r['guardian_relation']})"
                                                 if r["guardian_relation"] else "") if x),
            }
            for row, (key, _text) in enumerate(self.rows):
                item = QTableWidgetItem(str(values.get(key) or ""))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)
            button = QPushButton(self.tr("Keep at this school"), objectName=f"keep_{col}")
            button.setToolTip(r["school"])
            button.clicked.connect(lambda _c=False, c=col: self.keep(c))
            self.buttons_row.addWidget(button)

    def keep(self, col: int) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.message.setText(self.tr("Write the reason for the decision first: nothing was changed."))
            self.reason.setFocus()
            return
        kept = self.records[col]
        others = [r for i, r in enumerate(self.records) if i != col]
        if not Dialogs.confirm(self, self.tr("Keep {0} at {1}? The need at {2} is withdrawn.").format(
                kept["full_name"], kept["school"], ", ".join(r["school"] for r in others))):
            return
        actor = self.ctx.actor
        self.message.setText("")
        for b in self.findChildren(QPushButton):
            b.setEnabled(False)
        self.ctx.ops.run(keep_child_at, kept["student_id"], [r["student_id"] for r in others], reason, actor,
                         on_done=lambda _done: self._decided(kept["student_id"]), on_error=self._failed, owner=self)

    def _decided(self, student_id: str) -> None:
        self.decided.emit(student_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        for b in self.findChildren(QPushButton):
            b.setEnabled(True)

        if isinstance(exc, SongMayError):
            self.message.setText(exc.message())
        else:
            report_exception(exc, self)
