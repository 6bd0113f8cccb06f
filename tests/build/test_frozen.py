"""The teacher's folder: build.spec built once per session (tools/frozen.py, cached in
build/frozen/ while the sources stay the same), then its executables run headless as a
teacher or an IT person would run them."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.migrations import known_names

pytestmark = [pytest.mark.frozen, pytest.mark.slow]

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
MAX_FOLDER_MB = 200


@pytest.fixture(scope="session")
def frozen() -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise  # CI installs .[test], which has it: never skip there
        pytest.skip("PyInstaller is not installed (pip install -e '.[test]')")
    from tools.frozen import ensure_build

    return ensure_build()


def env(**extra: str) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k not in ("SONGMAY_DATA_DIR", "PYTHONPATH", "SONGMAY_LANG")}
    e["QT_QPA_PLATFORM"] = "offscreen"
    e.update(extra)
    return e


def run(exe: Path, *args: str, environ: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=300,
                          env=environ or env(), cwd=exe.parent.parent)


def cli(folder: Path) -> Path:
    from tools.frozen import executable

    return executable(folder)


def status(folder: Path, data: Path) -> dict:
    done = run(cli(folder), "status", "--json", "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_version_from_both_executables(frozen):
    from tools.frozen import executable

    for exe in (executable(frozen), executable(frozen, gui=True)):
        done = run(exe, "--version")
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"SongMay {__version__}"


def test_demo_status_and_self_check(frozen, tmp_path):
    data = tmp_path / "school"
    done = run(cli(frozen), "demo", "--students", "60", "--data-dir", str(data), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "60 students" in done.stdout
    st = status(frozen, data)
    assert st["students"] == 60 and st["unit"]["kind"] == "school"
    assert st["schema"] == len(known_names()) and st["version"] == __version__
    done = run(cli(frozen), "--self-check", "--data-dir", str(data), "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "main window is ready" in done.stdout and "(60 students;" in done.stdout
    assert done.stdout.strip().splitlines()[-1].startswith("Self-check: PASSED")
    assert "qoffscreen" in done.stdout  # the platform plugins it found are listed


def test_reports_in_both_formats(frozen, tmp_path):
    """PDF (fpdf2 with our fonts) and Excel (openpyxl) from the built folder."""
    data = tmp_path / "school"
    assert run(cli(frozen), "demo", "--students", "30", "--data-dir", str(data)).returncode == 0
    for out, magic in ((tmp_path / "needs.pdf", b"%PDF"), (tmp_path / "needs.xlsx", b"PK")):
        done = run(cli(frozen), "report", "needs", "--out", str(out), "--data-dir", str(data))
        assert done.returncode == 0, done.stdout + done.stderr
        assert out.read_bytes().startswith(magic)


def test_self_check_of_the_desktop_executable_on_a_fresh_folder(frozen, tmp_path):
    """Nothing set up yet: the wizard is what a teacher would see; it is built and shown."""
    from tools.frozen import executable

    done = run(executable(frozen, gui=True), "--self-check", "--data-dir", str(tmp_path / "new"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "trình hướng dẫn lần đầu" in done.stdout and "ĐẠT" in done.stdout


def test_self_check_fails_on_a_damaged_database(frozen, tmp_path):
    data = tmp_path / "bad"
    data.mkdir()
    (data / "songmay.db").write_bytes(b"not a database, a spreadsheet" * 200)
    done = run(cli(frozen), "--self-check", "--data-dir", str(data), "--lang", "en")
    assert done.returncode == 1
    assert "Self-check: FAILED" in done.stderr and "songmay.db" in done.stderr


@pytest.mark.parametrize("schema", sorted(int(re.search(r"(\d+)", p.stem).group(1))
                                          for p in FIXTURES.glob("songmay-schema*.db")))
def test_every_earlier_schema_opens_after_a_backup(frozen, tmp_path, schema):
    data = tmp_path / "old"
    data.mkdir()
    shutil.copy(FIXTURES / f"songmay-schema{schema}.db", data / "songmay.db")
    st = status(frozen, data)
    assert st["schema"] == len(known_names())
    assert st["students"] == 1 and st["unit"]["code"] == "TH0001"
    backups = list((data / "backups").glob("songmay-*-before-*.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == schema
    old.close()
    done = run(cli(frozen), "--self-check", "--data-dir", str(data), "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "main window is ready" in done.stdout and "(1 students;" in done.stdout
    assert len(list((data / "backups").glob("*.db"))) == 1  # upgraded once, backed up once


def test_portable_folder_keeps_its_data_beside_the_executable(frozen, tmp_path):
    """A copy on a 'USB stick': with the marker file, data goes to <folder>/data; without
    it, to the user's data folder."""
    stick = tmp_path / "usb" / "SongMay"
    shutil.copytree(frozen, stick, symlinks=True, copy_function=os.link)  # cheap copy
    home = tmp_path / "home"
    environ = env(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"), LOCALAPPDATA=str(home))

    done = run(cli(stick), "status", "--json", environ=environ)
    assert done.returncode == 0, done.stderr
    assert Path(json.loads(done.stdout)["data_dir"]).is_relative_to(home)
    assert not (stick / "data").exists()

    (stick / "portable").write_text("")
    done = run(cli(stick), "demo", "--students", "20", environ=environ)
    assert done.returncode == 0, done.stderr
    done = run(cli(stick), "status", "--json", environ=environ)
    assert Path(json.loads(done.stdout)["data_dir"]) == (stick / "data").resolve()
    assert json.loads(done.stdout)["students"] == 20
    assert (stick / "data" / "songmay.db").is_file()
    done = run(cli(stick), "--self-check", "--lang", "en", environ=environ)
    assert done.returncode == 0, done.stdout + done.stderr
    assert str((stick / "data").resolve()) in done.stdout


def test_folder_holds_what_the_app_needs_and_nothing_of_the_server(frozen):
    from PyInstaller.archive.readers import CArchiveReader

    from tools.frozen import executable, folder_size

    modules = set(CArchiveReader(str(executable(frozen))).open_embedded_archive("PYZ.pyz").toc)
    tops = {m.split(".")[0] for m in modules}
    assert {"songmay", "app", "ui", "resources", "PySide6", "sqlite_utils", "openpyxl", "vietnam_provinces"} <= tops
    assert not tops & {"server", "fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg",
                       "tests", "pytest", "hypothesis", "tkinter", "PyInstaller"}
    internal = frozen / "_internal"
    for name in ("DejaVuSans.ttf", "DejaVuSerif-BoldItalic.ttf", "LICENSE-DejaVu.txt"):
        assert (internal / "resources" / "fonts" / name).is_file()
    assert (internal / "resources" / "i18n" / "songmay_vi.qm").is_file()
    assert (internal / "resources" / "icons" / "songmay.png").is_file()
    assert (internal / "LICENSE").is_file()
    # Qt: only the plugin folders the app uses
    plugins = next(internal.rglob("plugins/platforms")).parent
    assert {p.name for p in plugins.iterdir()} <= {
        "platforms", "platforminputcontexts", "printsupport", "networkinformation", "styles",
        "wayland-shell-integration", "wayland-decoration-client"}
    assert {"printsupport", "networkinformation", "platforms"} <= {p.name for p in plugins.iterdir()}
    assert any("qoffscreen" in p.name for p in (plugins / "platforms").iterdir())
    qt_modules = {p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.*") if p.is_file()}
    assert qt_modules == {"QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtPrintSupport"}
    assert not [p for p in frozen.rglob("*") if p.is_symlink() and not p.exists()]  # no dangling links
    assert folder_size(frozen) <= MAX_FOLDER_MB * 1024 * 1024
    if sys.platform != "win32":
        assert os.access(executable(frozen), os.X_OK)
