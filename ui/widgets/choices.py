"""A combo box of one of ``app.records``' choice dicts (``DEVICE_KINDS``, ``CARRIERS``…:
{key: (Vietnamese, English)}), labelled in the current language."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from app import messages


def choice_label(names: tuple[str, str], lang: str | None = None) -> str:
    """A choice's label in ``lang`` (the current language by default)."""
    return names[0 if (lang or messages.language()) == "vi" else 1]


def choice_items(choices: dict[str, tuple[str, str]], *, with_empty: bool = False) -> list[tuple[str, str]]:
    """(label, key) of each choice, in the current language; the empty key ("not said")
    only ``with_empty``."""
    return [(choice_label(names), key) for key, names in choices.items() if key or with_empty]


class ChoiceCombo(QComboBox):
    """The choices of ``choices`` in the current language, each item's data its key.
    ``first``: a first item ("— chọn —", "All statuses") with ``first_value`` as data;
    ``with_empty``: the dict's own empty key too."""

    def __init__(self, choices: dict[str, tuple[str, str]], *, first: str | None = None, first_value: Any = "",
                 with_empty: bool = False, objectName: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        if first:
            self.addItem(first, first_value)
        for text, key in choice_items(choices, with_empty=with_empty):
            self.addItem(text, key)

    def value(self) -> Any:
        """The chosen key (the first item's value when that is chosen)."""
        return self.currentData()

    def set_value(self, key: Any) -> None:
        """Choose ``key``; one not among the choices leaves the first item chosen."""
        self.setCurrentIndex(max(self.findData(key), 0))
