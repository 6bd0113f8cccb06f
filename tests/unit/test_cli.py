"""The songmay command line, run in-process and as a real subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.store import Store
from songmay.cli import build_parser, main
from tests.helpers import factories as f

ROOT = Path(__file__).parents[2]


def run(*args: str, data_dir: Path, lang: str = "vi") -> subprocess.CompletedProcess:
    env = {**os.environ, "SONGMAY_LANG": lang, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "songmay", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, env=env, timeout=120)


def test_setup_then_status_json(data_dir):
    done = run("setup", "--code", "TH0002", "--name", "Trường TH Pa Ủ", "--commune", "03388", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert "TH0002" in done.stdout
    done = run("status", "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert status["unit"]["code"] == "TH0002" and status["unit"]["name"] == "Trường TH Pa Ủ"
    assert status["students"] == 0
    assert status["pending_changes"] == 1
    assert set(status) >= {"unit", "instance_id", "students", "needs", "devices", "sims", "handovers",
                           "pending_changes", "data_dir", "schema", "version"}


def test_setup_refuses_unknown_commune(data_dir):
    done = run("setup", "--code", "X", "--name", "X", "--commune", "99999", data_dir=data_dir, lang="en")
    assert done.returncode == 1
    assert "99999" in done.stderr and "commune" in done.stderr


def test_setup_an_office_for_officer_mode(data_dir, tmp_path, capsys):
    assert main(["setup", "--kind", "commune", "--code", "XA-03388", "--name", "UBND xã Nậm Cha",
                 "--commune", "03388", "--data-dir", str(data_dir)]) == 0
    assert "chế độ cán bộ" in capsys.readouterr().out
    with Store.open(data_dir) as s:
        u = s.unit()
        assert (u.kind, u.commune_code, u.level) == ("commune", "03388", "")
        assert u.province_code  # taken from the commune
    province = tmp_path / "so"
    assert main(["setup", "--kind", "province", "--code", "SO-12", "--name", "Sở GD&ĐT Lai Châu",
                 "--province", "12", "--data-dir", str(province)]) == 0
    with Store.open(province) as s:
        assert (s.unit().kind, s.unit().province_code, s.unit().commune_code) == ("province", "12", "")
    assert main(["setup", "--kind", "province", "--code", "SO-X", "--name", "X", "--province", "99",
                 "--data-dir", str(tmp_path / "bad")]) == 1
    assert "99" in capsys.readouterr().err


def test_students_json_lines(store, data_dir, capsys):
    f.student(store, full_name="Nguyễn Thị Ánh", class_name="4A")
    f.student(store, full_name="Đặng Văn Dũng", sex="M", birth_date="2015-02-02", class_name="5B")
    store.close()
    assert main(["students", "--search", "dang", "--json", "--data-dir", str(data_dir)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    rec = json.loads(lines[0])
    assert rec["full_name"] == "Đặng Văn Dũng" and rec["class_name"] == "5B"
    assert len(rec["personal_id"]) == 12 and rec["id"]
    assert main(["students", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "Nguyễn Thị Ánh" in out and "Đặng Văn Dũng" in out


def test_status_text_in_both_languages(store, data_dir, capsys):
    store.close()
    assert main(["status", "--data-dir", str(data_dir)]) == 0
    assert "Học sinh: 0" in capsys.readouterr().out
    assert main(["status", "--lang", "en", "--data-dir", str(data_dir)]) == 0
    assert "Students: 0" in capsys.readouterr().out


def test_roster_without_school_says_so(data_dir, tmp_path, capsys):
    csv = tmp_path / "lop.csv"
    csv.write_text("Họ và tên,Ngày sinh\nLò Văn A,01/02/2015\n", encoding="utf-8")
    code = main(["roster", "import", str(csv), "--data-dir", str(data_dir)])
    assert code == 1
    assert "Chưa chọn trường" in capsys.readouterr().err


def test_too_new_database_message_and_exit(data_dir, capsys):
    import sqlite3

    Store.open(data_dir).close()
    c = sqlite3.connect(data_dir / "songmay.db")
    c.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
              "VALUES ('songmay', '0099_future', '2030-01-01')")
    c.commit()
    c.close()
    assert main(["status", "--data-dir", str(data_dir), "--lang", "en"]) == 1
    assert "newer SongMay" in capsys.readouterr().err


def test_unexpected_error_is_logged_not_dumped(data_dir, monkeypatch, capsys):
    import app.store

    def boom(self):
        raise ZeroDivisionError("bug in status")

    monkeypatch.setattr(app.store.Store, "status", boom)
    assert main(["status", "--data-dir", str(data_dir)]) == 70
    err = capsys.readouterr().err
    assert "ZeroDivisionError" in err and "songmay.log" in err
    assert "Traceback" not in err
    log = (data_dir / "songmay.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "bug in status" in log


def test_every_command_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:
        assert f"songmay {name}" in readme, f"`songmay {name}` is not in README.md"


def test_every_rendered_paper_is_linked_from_readme():
    """docs/documents/: each report's and each minute's first page is linked from the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    firsts = [p for p in sorted((ROOT / "docs" / "documents").glob("*.png")) if not p.stem.split("-")[-1].isdigit()]
    assert any(p.stem.startswith("minute-") for p in firsts)
    for page in firsts:
        assert f"(docs/documents/{page.name})" in readme, f"{page.name} is not linked from README.md"


def test_status_json_keys_are_documented(store, data_dir):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    store.close()
    status = json.loads(run("status", "--json", data_dir=data_dir).stdout)
    for key in status:
        assert f"`{key}`" in readme, f"status key {key!r} is not documented in README.md"


@pytest.mark.parametrize("argv", [["--version"]])
def test_version(argv, capsys):
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 0
    assert "SongMay 0.1.0" in capsys.readouterr().out


def test_options_before_or_after_the_command(store, data_dir, capsys):
    store.close()
    assert main(["--data-dir", str(data_dir), "--lang", "en", "status"]) == 0
    assert "Students: 0" in capsys.readouterr().out
    assert main(["status", "--data-dir", str(data_dir), "--lang", "en"]) == 0
    assert "TH0001" in capsys.readouterr().out


def test_user_add_list_disable_reset_pin(store, data_dir, capsys):
    store.close()
    args = ["--data-dir", str(data_dir)]
    assert main(["user", "add", "lò văn minh", "--role", "head", "--pin", "2468", *args]) == 0
    assert main(["user", "add", "Vàng Thị Mai", "--role", "teacher", "--pin", "1357", *args]) == 0
    assert "Đã thêm giáo viên “Vàng Thị Mai”." in capsys.readouterr().out
    assert main(["user", "list", "--json", *args]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["name"], r["role"], r["disabled"]) for r in rows] == [
        ("Lò Văn Minh", "head", False), ("Vàng Thị Mai", "teacher", False)]

    assert main(["user", "reset-pin", "vang thi mai", "--pin", "9999", *args]) == 0
    assert main(["user", "disable", "Lò Văn Minh", *args]) == 1  # the last head stays
    assert "hiệu trưởng cuối cùng" in capsys.readouterr().err
    assert main(["user", "disable", "Vàng Thị Mai", *args]) == 0
    assert main(["user", "add", "Giàng A Páo", "--role", "teacher", "--pin", "12", *args]) == 1
    assert "4 đến 8 chữ số" in capsys.readouterr().err
    with Store.open(data_dir) as s:
        assert [(u["name"], u["disabled"]) for u in s.users(include_disabled=True)] == [
            ("Lò Văn Minh", 0), ("Vàng Thị Mai", 1)]
    assert main(["user", "list", "--all", *args]) == 0
    assert "Vàng Thị Mai" in capsys.readouterr().out


def test_user_pin_from_stdin(data_dir):
    done = subprocess.run([sys.executable, "-m", "songmay", "user", "add", "Lò Văn Minh", "--role", "head",
                           "--pin-stdin", "--data-dir", str(data_dir)], input="2468\n", capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr
    with Store.open(data_dir) as s:
        (u,) = s.users()
        assert s.check_pin(u["id"], "2468")


def test_demo_prints_the_accounts_it_makes(data_dir, capsys):
    assert main(["demo", "--students", "20", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    with Store.open(data_dir) as s:
        people = s.users()
    assert {u["role"] for u in people} == {"head", "teacher"}
    for u in people:
        line = next(line for line in out.splitlines() if u["name"] in line)
        pin = line.rsplit(" ", 1)[1]
        with Store.open(data_dir) as s:
            assert s.check_pin(u["id"], pin)
    # again, on the school that now has data: more children, no new accounts
    assert main(["demo", "--students", "20", "--data-dir", str(data_dir)]) == 0
    assert "mã PIN" not in capsys.readouterr().out
    with Store.open(data_dir) as s:
        assert s.status()["students"] == 40 and len(s.users()) == 2


def test_setup_checks_the_code_and_takes_a_combined_level(data_dir, capsys):
    args = ["--name", "Trường PTDTBT TH&THCS Pa Ủ", "--commune", "03388", "--data-dir", str(data_dir)]
    assert main(["setup", "--code", "TH 42", *args]) == 1
    assert "khoảng trắng" in capsys.readouterr().err
    assert main(["setup", "--code", "ptdtbt-pa_u", "--level", "TH&THCS", *args]) == 0
    with Store.open(data_dir) as s:
        assert (s.unit().code, s.unit().level) == ("PTDTBT-PA_U", "TH&THCS")


def test_roster_rows_like_a_child_already_there_wait_until_confirmed_different(data_dir, tmp_path, capsys):
    assert main(["setup", "--code", "TH0001", "--name", "Trường TH Nậm Cha", "--commune", "03388",
                 "--data-dir", str(data_dir)]) == 0
    csv = tmp_path / "lop.csv"
    csv.write_text("Họ và tên,Ngày sinh,Giới tính,Lớp,Hộ\nLò Thị Ánh,01/02/2016,Nữ,3A,Hộ nghèo\n"
                   "Lo Thi Anh,01/02/2016,Nữ,3B,Hộ nghèo\n", encoding="utf-8")
    assert main(["roster", "import", str(csv), "--data-dir", str(data_dir)]) == 3  # row 3 waits
    capsys.readouterr()
    assert main(["roster", "import", str(csv), "--different", "3", "--json", "--data-dir", str(data_dir)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["imported"] == 1 and not out["rejected"]


def test_status_speaks_one_language(data_dir, capsys):
    """Finding 12 of issue 14: `songmay status` mixed English into Vietnamese ("total: 75, approved: 17")."""
    assert main(["setup", "--code", "TH0001", "--name", "Trường TH Nậm Cha", "--commune", "03388",
                 "--data-dir", str(data_dir)]) == 0
    assert main(["demo", "--students", "30", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    assert main(["status", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "tổng" in out and not re.search(r"\b(total|approved|submitted|in_stock|handed_over|draft)\b", out)
