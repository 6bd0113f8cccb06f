"""Qt item models over the store. Rows are fetched by the database worker; the model
hands them to the view in pages (lazy loading) and sorts in memory."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QHeaderView

from app import messages
from app.queries import students
from app.records import HOUSEHOLDS, NEED_STATUSES, SEXES, label
from app.store import Store
from app.text import short_school_name
from ui.i18n import fmt_date
from ui.operations import Operations

COLS = Store.STUDENT_OVERVIEW_COLUMNS
PAGE = 200  # rows per fetch: a screenful several times over
_Index = QModelIndex | QPersistentModelIndex


class StudentsModel(QAbstractTableModel):
    """The school's students with their current need, filtered in SQL. An office's list
    (``set_schools``) has a School column after the class, sorted in SQL too."""

    rows_ready = Signal()  # the first page of a new query is in the table
    loaded = Signal(int)  # number of matching students (may come a moment after the rows)

    HEADERS = (
        QT_TRANSLATE_NOOP("StudentsModel", "Full name"), QT_TRANSLATE_NOOP("StudentsModel", "Class"),
        QT_TRANSLATE_NOOP("StudentsModel", "Birth date"), QT_TRANSLATE_NOOP("StudentsModel", "Sex"),
        QT_TRANSLATE_NOOP("StudentsModel", "Personal ID"), QT_TRANSLATE_NOOP("StudentsModel", "Household"),
        QT_TRANSLATE_NOOP("StudentsModel", "Tier"), QT_TRANSLATE_NOOP("StudentsModel", "Need"),
        QT_TRANSLATE_NOOP("StudentsModel", "Has device"), QT_TRANSLATE_NOOP("StudentsModel", "Village"),
    )
    FIELDS = ("full_name", "class_name", "birth_date", "sex", "personal_id", "household",
              "priority_tier", "need_status", "has_device", "village")
    SCHOOL_HEADER = QT_TRANSLATE_NOOP("StudentsModel", "School")

    def __init__(self, ops: Operations, unit_id: str | None = None, parent=None):
        """``ops``: the window's operations runner (``ctx.ops``): the rows are read on the
        database lane."""
        super().__init__(parent)
        self._ops = ops
        self._unit_id = unit_id
        self._rows: list[tuple] = []
        self._total = 0
        self._filters: dict[str, Any] = {}
        self._text = ""
        self._generation = 0
        self._fetching = False
        self._order: tuple[str, bool] = ("", False)  # column name, descending
        self.count: int | None = None  # students matching the last query once counted (None: not yet)
        self.loaded.connect(self._counted)
        self.fields: tuple[str, ...] = self.FIELDS  # with "school" after the class in an office's list
        self._units: dict[str, dict[str, str]] = {}  # unit id → {code, name}

    def set_schools(self, labels: dict[str, dict[str, str]]) -> None:
        """An office's list: a School column, named from ``labels`` ({unit id: {code, name}})."""
        if "school" in self.fields:  # names refreshed (a bundle brought a school)
            self._units = dict(labels)
            col = self.column_of("school")
            if self._rows:
                self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col))
            return
        self.beginResetModel()
        self._units = dict(labels)
        i = self.FIELDS.index("class_name") + 1
        self.fields = (*self.FIELDS[:i], "school", *self.FIELDS[i:])
        self.endResetModel()

    def column_of(self, name: str) -> int:
        return self.fields.index(name) if name in self.fields else -1

    # -- loading: the first page with the count, further pages as the view scrolls
    def set_query(self, text: str = "", **filters: Any) -> None:
        self._text = text
        self._filters = {k: v for k, v in filters.items() if v not in (None, "")}
        self.refresh()

    def _counted(self, n: int) -> None:
        self.count = n

    def set_unit(self, unit_id: str | None) -> None:
        """The school whose children are listed (the registry's id, once enrolled)."""
        self._unit_id = unit_id

    def _query(self) -> dict[str, Any]:
        return {"unit_id": self._unit_id, "order_by": self._order[0], "descending": self._order[1],
                **self._filters}

    def refresh(self) -> None:
        self._generation += 1
        gen, text, query = self._generation, self._text, self._query()
        self._ops.run(students.overview, text, limit=PAGE, **query,
                      on_done=lambda rows: self._set_rows(gen, rows), owner=self)

    def _set_rows(self, generation: int, rows: list[tuple]) -> None:
        if generation != self._generation:
            return  # an older query answered after a newer one was typed
        self.beginResetModel()
        self._rows = list(rows)
        self._total = len(rows) if len(rows) < PAGE else -1  # -1: counting
        self._fetching = False
        self.endResetModel()
        self.rows_ready.emit()
        if self._total >= 0:
            self.loaded.emit(self._total)
            return
        # the rows first, the count a moment later: typing stays quick
        text, query = self._text, self._query()
        self._ops.run(students.overview_count, text, **query,
                      on_done=lambda n: self._set_total(generation, n), owner=self)

    def _set_total(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self._total = max(total, len(self._rows))
        self.loaded.emit(self._total)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        if parent.isValid():
            return False
        if self._total < 0:  # still counting: more if the last page was full
            return len(self._rows) > 0 and len(self._rows) % PAGE == 0
        return len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if self._fetching or not self.canFetchMore(parent):
            return
        self._fetching = True
        gen, text, query, offset = self._generation, self._text, self._query(), len(self._rows)
        self._ops.run(students.overview, text, limit=PAGE, offset=offset, **query,
                      on_done=lambda rows: self._append(gen, offset, rows), owner=self)

    def _append(self, generation: int, offset: int, rows: list[tuple]) -> None:
        if generation != self._generation:
            return
        if offset != len(self._rows):  # stale request: the view will ask again
            self._fetching = False
            return
        if len(rows) < PAGE and self._total < 0:
            self._total = len(self._rows) + len(rows)
        if rows:
            # still "fetching" while rows go in, so a view asking for more from inside
            # the insertion does not start a request at the old offset
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        elif self._total < 0 or self._total > len(self._rows):
            self._total = len(self._rows)
        self._fetching = False

    # -- model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.fields)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.fields):
                name = self.fields[section]
                text = self.SCHOOL_HEADER if name == "school" else self.HEADERS[self.FIELDS.index(name)]
                return QCoreApplication.translate("StudentsModel", text)
            if orientation == Qt.Orientation.Vertical:
                return str(section + 1)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        name = self.fields[index.column()]
        if name == "school":
            unit = self._units.get(row[COLS.index("unit_id")]) or {}
            if role == Qt.ItemDataRole.DisplayRole:  # "TH Đoàn Kết": the list stays readable at 1366 px
                return short_school_name(unit.get("name")) or row[COLS.index("unit_id")]
            if role == Qt.ItemDataRole.ToolTipRole:
                return " – ".join(x for x in (unit.get("code"), unit.get("name")) if x) or None
            return row[0] if role == Qt.ItemDataRole.UserRole else None
        value = row[COLS.index(name)]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(name, value)
        if role == Qt.ItemDataRole.UserRole:
            return row[0]
        if role == Qt.ItemDataRole.ToolTipRole and name == "full_name":
            return row[COLS.index("personal_id")] or None
        return None

    def _display(self, name: str, value: Any) -> str:
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
        """Sorting happens in SQL, so every page comes in the chosen order."""
        name = self.fields[column] if 0 <= column < len(self.fields) else ""
        new = (name, order == Qt.SortOrder.DescendingOrder)
        if new != self._order:
            self._order = new
            self.refresh()

    # -- helpers for views and tests
    def student_id(self, row: int) -> str:
        return self._rows[row][0]

    def unit_id(self, row: int) -> str:
        """The unit (school) the child of ``row`` belongs to."""
        return self._rows[row][COLS.index("unit_id")]

    def need_id(self, row: int) -> str | None:
        return self._rows[row][COLS.index("need_id")]

    def total(self) -> int:
        """Students matching the query (the view may hold only the first pages)."""
        return self._total if self._total >= 0 else len(self._rows)


class ListTableModel(QAbstractTableModel):
    """A flat table over a list of rows, its headers translated in the context named
    after the subclass (list them with QT_TRANSLATE_NOOP("<Class>", ...))."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return QCoreApplication.translate(type(self).__name__, self.HEADERS[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def valid(self, index: _Index) -> bool:
        return index.isValid() and 0 <= index.row() < len(self._rows) and 0 <= index.column() < len(self.HEADERS)


def fit_columns(view, cap: int = 280, rows: int = 100, keep: dict[int, int] | None = None) -> None:
    """Columns as wide as their content (headers and the first ``rows`` rows), none wider
    than ``cap``: a 300-character name is cut with "…" and the columns beside it stay on
    the screen (its full text is in the tooltip or the form). When they are wider than the
    table, the widest give up room first, down to 90 pixels (``keep``: column → a larger
    floor, such as the name's)."""
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(rows)
    model = view.model()
    if model is None:
        return
    for col in range(model.columnCount()):
        if header.isSectionHidden(col):
            continue
        view.resizeColumnToContents(col)
        header.resizeSection(col, min(max(header.sectionSize(col), header.sectionSizeHint(col)), cap))
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # wider than the table: the widest columns give up room first, down to a floor
    cols = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
    room = view.viewport().width() - 2
    excess = sum(header.sectionSize(c) for c in cols) - room
    keep = keep or {}

    titles = {c: min(header.sectionSizeHint(c), 140) for c in cols}  # a title is never cut to "hóm ưu tiê"

    def floor(c: int) -> int:
        return max(min(keep.get(c, 90), header.sectionSize(c)) if c in keep else 90, titles[c])

    while excess > 0 and room > 0:
        wide = [c for c in cols if header.sectionSize(c) > floor(c)]
        if not wide:
            break
        widest = max(wide, key=lambda c: header.sectionSize(c) - floor(c))
        give = min(excess, header.sectionSize(widest) - floor(widest), max(excess // len(wide), 8))
        header.resizeSection(widest, header.sectionSize(widest) - give)
        excess -= give
