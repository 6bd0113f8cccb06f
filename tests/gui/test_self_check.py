"""``songmay --self-check`` from source (the frozen build runs the same in tests/build)."""

from __future__ import annotations

import pytest

from app.records import Unit
from app.store import Store
from ui.selfcheck import run_self_check


@pytest.fixture(autouse=True)
def _app(qapp):
    """One QApplication for the test session, as the check would make."""
    return qapp


def test_school_with_a_user_gets_its_main_window(school_dir, capsys):
    assert run_self_check(str(school_dir), "en") == 0
    out = capsys.readouterr().out
    assert "main window is ready" in out and "(0 students;" in out
    assert out.strip().splitlines()[-1].startswith("Self-check: PASSED")


def test_school_without_users_uses_a_stand_in_and_writes_nothing(tmp_path, capsys):
    data = tmp_path / "demo"
    with Store.open(data) as s:
        s.set_unit(Unit(code="TH0001", name="Trường TH Nậm Cha", level="TH", commune_code="03388"), "setup")
        before = s.counter
    assert run_self_check(str(data), "vi") == 0
    assert "cửa sổ chính sẵn sàng" in capsys.readouterr().out
    with Store.open(data) as s:
        assert s.users() == [] and s.counter == before


def test_fresh_folder_builds_the_wizard(tmp_path, capsys):
    assert run_self_check(str(tmp_path / "new"), "en") == 0
    assert "first-run wizard opens" in capsys.readouterr().out


def test_damaged_database_fails_with_the_known_message(tmp_path, capsys):
    data = tmp_path / "bad"
    data.mkdir()
    (data / "songmay.db").write_bytes(b"a spreadsheet, not a database" * 100)
    assert run_self_check(str(data), "en") == 1
    err = capsys.readouterr().err
    assert err.startswith("Self-check: FAILED") and "songmay.db" in err
