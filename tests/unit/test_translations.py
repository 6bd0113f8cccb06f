"""Every user-visible string of the desktop app is in both catalogues, translated, and
the compiled .qm files match their .ts sources."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tools import translations


def test_no_untranslated_string_and_no_stale_catalogue():
    problems = translations.check()
    assert problems == [], "\n".join(problems)


def test_vietnamese_catalogue_really_is_vietnamese():
    tree = ET.parse(translations.ts_path("vi"))
    pairs = [(m.findtext("source"), m.findtext("translation") or "") for m in tree.iter("message")]
    assert len(pairs) > 50
    differing = [s for s, t in pairs if s != t]
    assert len(differing) / len(pairs) > 0.9
    assert any("học sinh" in t for _s, t in pairs)


def test_check_notices_a_missing_translation(tmp_path, monkeypatch):
    """The check itself can fail: a new string in the code is reported."""
    import shutil

    fake_root = tmp_path / "repo"
    shutil.copytree(translations.ROOT / "ui", fake_root / "ui")
    shutil.copytree(translations.I18N, fake_root / "resources" / "i18n")
    (fake_root / "ui" / "extra.py").write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "X = QCoreApplication.translate('Extra', 'A brand new sentence nobody translated')\n",
        encoding="utf-8")
    monkeypatch.setattr(translations, "ROOT", fake_root)
    monkeypatch.setattr(translations, "I18N", fake_root / "resources" / "i18n")
    problems = translations.check()
    assert any("A brand new sentence nobody translated" in p for p in problems)


def test_literal_keeps_an_ampersand_in_a_name_whole(qapp):
    from PySide6.QtWidgets import QPushButton

    from ui.i18n import literal

    assert literal("Sở GD&ĐT Lai Châu") == "Sở GD&&ĐT Lai Châu"
    button = QPushButton(literal("Sở GD&ĐT Lai Châu"))
    # Qt shows one "&" and takes no shortcut from it
    assert button.text().replace("&&", "&") == "Sở GD&ĐT Lai Châu"
    from PySide6.QtGui import QKeySequence

    assert QKeySequence.mnemonic(button.text()).isEmpty()
