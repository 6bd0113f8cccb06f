"""Qt item models over the store. Rows are fetched by the database worker; the model
hands them to the view in pages (lazy loading) and sorts in memory."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal,
)

from app.records import HOUSEHOLDS, NEED_STATUSES, SEXES, label
from app.store import Store
from ui.i18n import fmt_date
from ui.tasks import DbWorker

COLS = Store.STUDENT_OVERVIEW_COLUMNS
PAGE = 500
_Index = QModelIndex | QPersistentModelIndex


class StudentsModel(QAbstractTableModel):
    """The school's students with their current need, filtered in SQL."""

    loaded = Signal(int)  # number of matching students

    HEADERS = (
        QT_TRANSLATE_NOOP("StudentsModel", "Full name"), QT_TRANSLATE_NOOP("StudentsModel", "Class"),
        QT_TRANSLATE_NOOP("StudentsModel", "Birth date"), QT_TRANSLATE_NOOP("StudentsModel", "Sex"),
        QT_TRANSLATE_NOOP("StudentsModel", "Personal ID"), QT_TRANSLATE_NOOP("StudentsModel", "Household"),
        QT_TRANSLATE_NOOP("StudentsModel", "Tier"), QT_TRANSLATE_NOOP("StudentsModel", "Need"),
        QT_TRANSLATE_NOOP("StudentsModel", "Has device"), QT_TRANSLATE_NOOP("StudentsModel", "Village"),
    )
    FIELDS = ("full_name", "class_name", "birth_date", "sex", "personal_id", "household",
              "priority_tier", "need_status", "has_device", "village")

    def __init__(self, worker: DbWorker, unit_id: str | None = None, parent=None):
        super().__init__(parent)
        self._worker = worker
        self._unit_id = unit_id
        self._rows: list[tuple] = []
        self._shown = 0
        self._filters: dict[str, Any] = {}
        self._text = ""
        self._generation = 0
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- loading
    def set_query(self, text: str = "", **filters: Any) -> None:
        self._text = text
        self._filters = {k: v for k, v in filters.items() if v not in (None, "")}
        self.refresh()

    def refresh(self) -> None:
        self._generation += 1
        gen = self._generation
        text, filters, unit = self._text, dict(self._filters), self._unit_id
        self._worker.submit(
            lambda store, job: store.student_overview(text, unit_id=unit, **filters),
            lambda rows: self._set_rows(gen, rows),
            owner=self,
        )

    def _set_rows(self, generation: int, rows: list[tuple]) -> None:
        if generation != self._generation:
            return  # an older query answered after a newer one was typed
        self.beginResetModel()
        self._rows = rows
        if self._sort:
            self._sort_rows(*self._sort)
        self._shown = min(PAGE, len(rows))
        self.endResetModel()
        self.loaded.emit(len(rows))

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        more = min(PAGE, len(self._rows) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    # -- model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.FIELDS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
                return QCoreApplication.translate("StudentsModel", self.HEADERS[section])
            if orientation == Qt.Orientation.Vertical:
                return str(section + 1)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= self._shown:
            return None
        row = self._rows[index.row()]
        name = self.FIELDS[index.column()]
        value = row[COLS.index(name)]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(name, value)
        if role == Qt.ItemDataRole.UserRole:
            return row[0]
        if role == Qt.ItemDataRole.ToolTipRole and name == "full_name":
            return row[COLS.index("personal_id")] or None
        return None

    def _display(self, name: str, value: Any) -> str:
        from app import messages

        lang = messages.language()
        if value is None:
            return ""
        if name == "birth_date":
            return fmt_date(value)
        if name == "sex":
            return label(SEXES, value, lang)
        if name == "household":
            return label(HOUSEHOLDS, value, lang)
        if name == "need_status":
            return label(NEED_STATUSES, value, lang)
        if name == "has_device":
            return QCoreApplication.translate("StudentsModel", "Yes") if value else ""
        return str(value)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.FIELDS):
            # no sort column: the store's order (class, then name); reload to restore it
            if self._sort is not None:
                self._sort = None
                self.refresh()
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        from app.text import fold

        name = self.FIELDS[column]
        i = COLS.index(name)
        if name in ("priority_tier", "has_device"):
            def key(r):
                return (r[i] is None, r[i] or 0)
        else:
            def key(r):
                return fold(str(r[i] or ""))
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    # -- helpers for views and tests
    def student_id(self, row: int) -> str:
        return self._rows[row][0]

    def need_id(self, row: int) -> str | None:
        return self._rows[row][COLS.index("need_id")]

    def total(self) -> int:
        return len(self._rows)
