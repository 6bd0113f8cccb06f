"""``songmay-server``'s command line: documented, and errors in words with exit status 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]


def test_every_server_command_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"songmay-server {name}" in readme, f"`songmay-server {name}` is not in README.md"


def test_status_json_keys_are_documented(tmp_path, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert main(["status", "--json", "--data-dir", str(tmp_path)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["records"]["student"] == 0 and status["devices"] == {"enrolled": 0, "revoked": 0}
    for key in status:
        assert f"`{key}`" in readme, f"status key {key!r} is not documented in README.md"


def test_codes_are_single_use_words_and_errors_are_plain(tmp_path, capsys):
    assert main(["enrol", "--unit", "th0001", "--json", "--data-dir", str(tmp_path)]) == 1
    assert "danh mục" in capsys.readouterr().err  # not in the registry: the province adds it first
    assert main(["enrol", "--unit", "th0001", "--name", "Trường TH Nậm Cha", "--level", "TH", "--commune", "03388",
                 "--json", "--data-dir", str(tmp_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["unit_code"] == "TH0001" and len(out["code"]) == 19 and out["code"][4::5] == "---"
    assert main(["revoke", "nobody", "--data-dir", str(tmp_path)]) == 1
    assert "Không có máy nào" in capsys.readouterr().err
    assert main(["user", "add", "x", "--role", "officer", "--password-stdin", "--data-dir", str(tmp_path)]) == 1


@pytest.fixture(autouse=True)
def _stdin(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO("ngắn\n"))


def test_the_registry_from_the_command_line(tmp_path, capsys):
    d = ["--data-dir", str(tmp_path)]
    assert main(["unit", "add", "TH0001", "--name", "Trường TH Nậm Cha", "--level", "TH", "--commune", "03388",
                 *d]) == 0
    assert "TH0001" in capsys.readouterr().out
    assert main(["unit", "add", "TH0001", "--name", "Lại", "--level", "TH", "--commune", "03388", *d]) == 1
    assert "đã có trong danh mục" in capsys.readouterr().err
    lst = tmp_path / "ds.csv"
    lst.write_text("code,name,level,commune\nTH0002,Trường TH Pa Ủ,TH,03388\nTH0003,Trường X,TH,99999\n")
    assert main(["unit", "import", str(lst), *d]) == 1
    err = capsys.readouterr().err
    assert "Dòng 3" in err and "99999" in err
    lst.write_text("code,name,level,commune\nTH0002,Trường TH Pa Ủ,TH,03388\n")
    assert main(["unit", "import", str(lst), "--dry-run", *d]) == 0
    capsys.readouterr()
    assert main(["unit", "list", "--json", *d]) == 0
    assert [u["code"] for u in json.loads(capsys.readouterr().out)] == ["TH0001"]  # a dry run writes nothing
    assert main(["unit", "import", str(lst), *d]) == 0
    assert "thêm 1" in capsys.readouterr().out


def test_listing_verbs_take_an_area(tmp_path, capsys):
    d = ["--data-dir", str(tmp_path)]
    for code, commune in (("TH0001", "03388"), ("TH0002", "03394")):
        assert main(["unit", "add", code, "--name", f"Trường {code}", "--level", "TH", "--commune", commune, *d]) == 0
    assert main(["unit", "add", "XA01", "--name", "UBND xã", "--kind", "commune", "--commune", "03388", *d]) == 0
    capsys.readouterr()
    for verb in ("devices", "status", "duplicates", "quarantine"):
        assert main([verb, "--unit", "XA01", "--json", *d]) == 0, verb
        capsys.readouterr()
    assert main(["status", "--unit", "NOPE", *d]) == 1
    assert "danh mục" in capsys.readouterr().err
