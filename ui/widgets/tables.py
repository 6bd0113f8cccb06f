"""Tables in the house style: whole rows selected, never edited in place, the row numbers
hidden where the pages hide them; ``fit_columns`` (ui.models) sizes columns to their text."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget

ROW_HEIGHT = 24  # the lists' compact rows


def house_style(view: QTableView, *, single: bool = False, sortable: bool = False, compact: bool = False,
                row_numbers: bool = True, resize: QHeaderView.ResizeMode | None = None,
                stretch: int | None = None) -> QTableView:
    """Style ``view``: rows selected whole (``single``: one at a time), no edit triggers;
    ``sortable``: sorted by a header click, unsorted at first; ``compact``: 24-pixel rows;
    ``row_numbers`` False: the vertical header hidden; ``resize``: every column's resize
    mode; ``stretch``: the column that takes the room left."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if sortable:
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    if compact:
        view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    if not row_numbers:
        view.verticalHeader().hide()
    header = view.horizontalHeader()
    if resize is not None:
        header.setSectionResizeMode(resize)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def table_view(name: str, model: QAbstractItemModel | None = None, **style) -> QTableView:
    """A QTableView named ``name`` over ``model``, in the house style (``house_style``)."""
    view = QTableView(objectName=name)
    if model is not None:
        view.setModel(model)
    return house_style(view, **style)


def table_widget(name: str, headers: list[str], **style) -> QTableWidget:
    """A QTableWidget named ``name`` with ``headers`` and no rows yet, in the house style."""
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    house_style(table, **style)
    return table
