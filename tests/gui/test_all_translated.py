"""Every string a teacher sees is Vietnamese: the main window, every page, every dialog
reachable from the menus and the pages' buttons, and Qt's own buttons and dialogs. A text
holding an English word of the interface's vocabulary (a word of an English source string
that no Vietnamese translation uses) fails the test, naming the widget."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from tools import translations
from ui.qt_strings import QT_VI

# proper names, codes and words that read the same in Vietnamese
ALLOWED = {
    "songmay", "usb", "sim", "sims", "imei", "iccid", "pdf", "xlsx", "csv", "excel", "internet", "qt", "viettel",
    "vinaphone", "mobifone", "vietnamobile", "gmobile", "itel", "wifi", "id", "moet", "vnd", "covid", "smb",
    "sme", "english", "demo", "pin", "ok", "https", "http", "serial", "email", "online", "offline", "tablet", "laptop",
    "server", "data", "mb", "kb", "gb", "tb", "pc", "dd", "mm", "yyyy", "the", "qr", "fax", "web", "zalo",
    "long",  # a Vietnamese given name (Nguyễn Văn Long), as well as an English word
}
WORD = re.compile(r"[A-Za-z]{3,}")


def _vocabulary() -> set[str]:
    """English words of the interface (our sources, Qt's texts) not used in Vietnamese."""
    english, vietnamese = set(), set()
    tree = ET.parse(translations.ts_path("vi"))
    for m in tree.iter("message"):
        english |= {w.lower() for w in WORD.findall((m.findtext("source") or "").replace("&", ""))}
        tr = m.find("translation")
        texts = [tr.text or ""] + [f.text or "" for f in tr.findall("numerusform")]
        for t in texts:
            vietnamese |= {w.lower() for w in WORD.findall(t.replace("&", ""))}
    for table in QT_VI.values():
        for src, vi in table.items():
            english |= {w.lower() for w in WORD.findall(src.replace("&", ""))}
            vietnamese |= {w.lower() for w in WORD.findall(vi.replace("&", ""))}
    return english - vietnamese - ALLOWED


VOCAB = _vocabulary()


def english_words(text: str) -> list[str]:
    text = re.sub(r"https?://\S+|\S+@\S+|\S*[/\\]\S*|\S+\.(?:smb|sme|xlsx|pdf|csv|png)\b", "", text or "")
    return [w for w in WORD.findall(text.replace("&", "")) if w.lower() in VOCAB]


def texts_of(root: QWidget, visible_only: bool = True) -> list[tuple[str, str]]:
    """(where, text) of every text a person can see in ``root`` and below."""
    out: list[tuple[str, str]] = []

    def add(w: QWidget, what: str, text: str) -> None:
        if text:
            out.append((f"{type(w).__name__} {w.objectName() or ''} {what}".strip(), text))

    for w in [root, *root.findChildren(QWidget)]:
        if visible_only and not w.isVisibleTo(root.window()) and w is not root:
            continue
        add(w, "tooltip", w.toolTip())
        if w.isWindow():
            add(w, "title", w.windowTitle())
        if isinstance(w, (QLabel, QAbstractButton)):
            add(w, "text", w.text())
        if isinstance(w, QGroupBox):
            add(w, "title", w.title())
        if isinstance(w, QLineEdit):
            add(w, "placeholder", w.placeholderText())
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, f"item {i}", w.itemText(i))
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w, f"tab {i}", w.tabText(i))
        if isinstance(w, QMenu):
            for a in w.actions():
                add(w, "action", a.text())
                add(w, "action tip", a.toolTip() if a.toolTip() != a.text().replace("&", "") else "")
        if isinstance(w, QAbstractItemView) and isinstance(w.model(), QAbstractItemModel):
            m = w.model()
            try:
                cols = m.columnCount(QModelIndex())
            except TypeError:  # a list model (Qt's QAbstractListModel hides columnCount)
                cols = 1
            for c in range(cols):
                add(w, f"header {c}", str(m.headerData(c, Qt.Orientation.Horizontal) or ""))
            for r in range(min(m.rowCount(QModelIndex()), 15)):
                for c in range(cols):
                    value = m.data(m.index(r, c))
                    if isinstance(value, str):
                        add(w, f"cell {r},{c}", value)
    return out


def untranslated(root: QWidget, visible_only: bool = True) -> list[str]:
    problems = [f"{where}: {text!r} ({', '.join(words)})"
                for where, text in texts_of(root, visible_only) if (words := english_words(text))]
    # "Sở GD&ĐT" on a button, menu or a form's label shows "Sở GDĐT" with an underlined Đ
    for w in [root, *root.findChildren(QWidget)]:
        texts = []
        if isinstance(w, QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QLabel) and w.buddy() is not None:
            texts.append(w.text())
        if isinstance(w, QMenu):
            texts += [a.text() for a in w.actions()]
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        problems += [f"{type(w).__name__} {w.objectName()}: {t!r} (& taken as a shortcut)"
                     for t in texts if "GD&Đ" in t]
    return problems


# a 1366×768 screen less its taskbar at 125 % scaling, less a title bar: what a dialog gets
SMALL_SCREEN = (1093, 582 - 30)


def too_big(w: QWidget) -> list[str]:
    """A window that cannot fit a 1366×768 screen at 125 % (its buttons would be off it)."""
    hint = w.minimumSizeHint().expandedTo(w.minimumSize())
    if hint.width() > SMALL_SCREEN[0] or hint.height() > SMALL_SCREEN[1]:
        return [f"{type(w).__name__} {w.objectName()}: needs {hint.width()}×{hint.height()}, "
                f"more than a 1366×768 screen at 125 % ({SMALL_SCREEN[0]}×{SMALL_SCREEN[1]})"]
    return []


def empty_choices(root: QWidget) -> list[str]:
    """A drop-down shown with nothing in it and nothing typed: a box nobody can use."""
    return [f"QComboBox {w.objectName()}: shown empty" for w in root.findChildren(QComboBox)
            if w.isVisibleTo(root.window()) and w.count() == 0 and not w.isEditable()]


def settle(qtbot, ms: int = 150) -> None:
    qtbot.wait(ms)


def open_windows(before: set) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w not in before]


@pytest.fixture
def no_blocking(monkeypatch):
    """File choosers and modal loops would block offscreen: they answer "cancelled"."""
    for name in ("getOpenFileName", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    shown: list[QWidget] = []

    def fake_exec(self):
        self.show()
        shown.append(self)
        return 0

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


@pytest.fixture
def demo_window(qtbot, tmp_path):
    """The app on a demo school (several users: signed in as the head through the login)."""
    from app.demo import generate
    from app.store import Store
    from ui.main import LoginDialog, after_login, make_app, start

    folder = tmp_path / "school"
    with Store.open(folder) as store:
        generate(store, students=40, seed=3)
        if not store.users():
            store.add_user("Lò Thị Hoa", "head", "1234")
        unit = {"id": store.unit_id, **{k: getattr(store.unit(), k) for k in ("code", "name", "kind")}}
    make_app()
    worker, window = start(folder, "vi", interactive=False)
    if isinstance(window, LoginDialog):
        window.who.setCurrentIndex(next(i for i, u in enumerate(window.users) if u["role"] == "head")
                                   if any(u["role"] == "head" for u in window.users) else 0)
        window = after_login(worker, window, folder, unit)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.pages["students"].model.rowCount() > 0, timeout=10_000)
    yield window
    window.close()
    worker.shutdown()


def test_vocabulary_catches_english():
    assert english_words("Save") and english_words("Students and needs")
    assert not english_words("Lưu") and not english_words("Học sinh SongMay USB")


def test_standard_buttons_are_vietnamese(qtbot):
    """Qt asks "Save" (not "&Save"): every standard button reads Vietnamese."""
    box = QDialogButtonBox()
    qtbot.addWidget(box)
    B = QDialogButtonBox.StandardButton
    for b in (B.Ok, B.Save, B.SaveAll, B.Open, B.Yes, B.YesToAll, B.No, B.NoToAll, B.Abort, B.Retry, B.Ignore,
              B.Close, B.Cancel, B.Discard, B.Help, B.Apply, B.Reset, B.RestoreDefaults):
        box.addButton(b)
    from ui import i18n

    i18n.set_language("vi")
    box2 = QDialogButtonBox(B.Save | B.Cancel | B.Open | B.Close | B.Ok)
    qtbot.addWidget(box2)
    texts = [b.text() for b in box2.buttons()]
    assert "Lưu" in texts and "Hủy" in texts and "Mở" in texts, texts
    assert not [t for t in texts if english_words(t)], texts


def test_qt_file_and_print_dialogs_are_vietnamese(qtbot):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from ui import i18n

    i18n.set_language("vi")
    files = QFileDialog(None, "Chọn tệp")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    files.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(files)
    files.show()
    settle(qtbot)
    assert untranslated(files) == []
    printer = QPrinter()
    dlg = QPrintDialog(printer)
    qtbot.addWidget(dlg)
    dlg.show()
    settle(qtbot)
    assert untranslated(dlg) == []


def walk(window, qtbot) -> list[str]:
    """Every page (a row chosen, each button pressed), every menu and the dialogs they open:
    the problems found in each."""
    problems: list[str] = []

    def close_new(before: set) -> None:
        for w in open_windows(before):
            if w is not window:
                problems.extend(f"[{w.windowTitle()}] {p}" for p in untranslated(w))
                problems.extend(f"[{w.windowTitle()}] {p}" for p in too_big(w))
                w.close()
        settle(qtbot, 50)

    for name in window.pages:
        window.show_page(name)
        settle(qtbot, 300)
        problems.extend(f"[page {name}] {p}" for p in untranslated(window))
        page = window.pages[name]
        problems.extend(f"[page {name}] {p}" for p in empty_choices(page))
        # a row chosen where there is one: more buttons come alive
        for view in page.findChildren(QAbstractItemView):
            if view.isVisible() and view.model() is not None and view.model().rowCount() > 0:
                view.setCurrentIndex(view.model().index(0, 0))
        settle(qtbot, 200)
        for button in page.findChildren(QAbstractButton):
            if not (button.isVisible() and button.isEnabled()) or button.isCheckable():
                continue
            before = set(QApplication.topLevelWidgets())
            button.click()
            settle(qtbot, 300)
            close_new(before)
    # menus: their texts, and the dialogs their actions open
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        problems.extend(f"[menu] {p}" for p in untranslated(menu, visible_only=False) if menu)
        problems.extend(f"[menu bar] {t!r}" for t in [menu_action.text()] if english_words(t))
        for action in menu.actions() if menu else []:
            if action.isSeparator() or not action.isEnabled() or action.objectName().startswith("lang_"):
                continue
            if action.objectName() in ("sync_now",) or action.text().replace("&", "") in ("Thoát",):
                continue
            before = set(QApplication.topLevelWidgets())
            action.trigger()
            settle(qtbot, 300)
            close_new(before)
    return problems


def test_every_page_and_dialog_is_vietnamese(demo_window, qtbot, no_blocking):
    window = demo_window
    base = set(QApplication.topLevelWidgets())
    problems = walk(window, qtbot)

    def close_new(before: set) -> None:
        for w in open_windows(before):
            if w is not window:
                problems.extend(f"[{w.windowTitle()}] {p}" for p in untranslated(w))
                w.close()
        settle(qtbot, 50)

    # the student's form and its history
    students = window.pages["students"]
    students.open_form(students.model.student_id(0))
    qtbot.waitUntil(lambda: any(isinstance(w, QDialog) and w.isVisible() and w.objectName() == "student_form"
                                for w in QApplication.topLevelWidgets()) or any(
        w.isVisible() for w in open_windows(base) if w is not window), timeout=5000)
    settle(qtbot, 400)
    for w in open_windows(base):
        if w is window:
            continue
        problems.extend(f"[{w.windowTitle()}] {p}" for p in untranslated(w))
        history = getattr(w, "history_button", None)
        if history is not None:
            before = set(QApplication.topLevelWidgets())
            history.click()
            settle(qtbot, 500)
            close_new(before)
        w.close()
    assert problems == [], "\n".join(sorted(set(problems)))


def test_an_office_window_is_vietnamese_and_keeps_gd_and_dt_whole(qtbot, tmp_path, open_app, no_blocking):
    """Officer mode, for "Sở GD&ĐT Lai Châu": every page and menu in Vietnamese, and no
    "GD&ĐT" shown as "GDĐT" with an underlined Đ."""
    from app.records import Unit
    from app.store import Store

    store = Store.open(tmp_path / "office")
    store.set_unit(Unit(code="SO-12", name="Sở GD&ĐT Lai Châu", kind="province", province_code="12"), "setup")
    window = open_app(store, "Trần Thu Hà", "province")
    settle(qtbot, 300)
    problems = walk(window, qtbot)
    assert problems == [], "\n".join(sorted(set(problems)))


def test_qt_wizard_message_and_progress_texts_are_vietnamese(qtbot):
    from PySide6.QtWidgets import QProgressDialog, QWizard, QWizardPage

    from ui import i18n

    i18n.set_language("vi")
    wizard = QWizard()
    wizard.addPage(QWizardPage())
    wizard.addPage(QWizardPage())
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    settle(qtbot)
    assert untranslated(wizard) == []
    box = QMessageBox(QMessageBox.Icon.Question, "SongMay", "Lưu không?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDetailedText("chi tiết")
    qtbot.addWidget(box)
    box.show()
    settle(qtbot)
    assert untranslated(box) == [] and "Có" in [b.text().replace("&", "") for b in box.buttons()]
    progress = QProgressDialog()
    qtbot.addWidget(progress)
    progress.show()
    settle(qtbot)
    assert untranslated(progress) == []
