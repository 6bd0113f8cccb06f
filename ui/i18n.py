"""Language of the desktop app: Qt catalogues from resources/i18n plus the core's
messages (app.messages), dates dd/mm/yyyy and numbers grouped the Vietnamese way."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import resources
from app import messages
from ui.qt_strings import QtCatalogue

_installed: list[QTranslator] = []


def current() -> str:
    return messages.language()


def catalogue_path(lang: str):
    return resources.path("i18n", f"songmay_{lang}.qm")


def installed() -> list[str]:
    """Files of the catalogues now installed (ours first, then Qt's own where it has one)."""
    return [t.filePath() for t in _installed]


def set_language(lang: str) -> None:
    """Switch every catalogue (ours, Qt's own) and the core's messages to ``lang``."""
    app = QCoreApplication.instance()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    messages.set_language(lang)
    locale = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam) if lang == "vi" else QLocale(
        QLocale.Language.English, QLocale.Country.UnitedKingdom)
    QLocale.setDefault(locale)
    if lang == "vi":  # Qt has no Vietnamese catalogue: ours for its buttons and dialogs, asked last
        qt_vi = QtCatalogue(app)
        app.installTranslator(qt_vi)
        _installed.append(qt_vi)
    ours = QTranslator()
    if ours.load(str(catalogue_path(lang))):
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator()
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)


def fmt_date(iso: str | None) -> str:
    """yyyy-mm-dd → dd/mm/yyyy (the form used in both languages here)."""
    if not iso:
        return ""
    try:
        return dt.date.fromisoformat(str(iso)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(iso)


def fmt_number(n: int | float | None) -> str:
    """1234567 → 1.234.567 in Vietnamese, 1,234,567 in English."""
    if n is None:
        return ""
    return QLocale().toString(int(n))


def literal(text: str | None) -> str:
    """Text for a button, menu, tab, group box or a form's label, where Qt takes "&" as
    the start of a keyboard shortcut: "Sở GD&ĐT" would show "Sở GDĐT" with Đ underlined.
    Names and other data go through this; "&&" shows one "&"."""
    return (text or "").replace("&", "&&")
