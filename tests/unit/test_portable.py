"""Portable mode: a file ``portable`` beside the built executable keeps the data beside it."""

from __future__ import annotations

import sys

import pytest

from app.db import default_data_dir, portable_data_dir


@pytest.fixture
def exe(tmp_path):
    folder = tmp_path / "USB" / "SongMay"
    folder.mkdir(parents=True)
    exe = folder / "SongMay.exe"
    exe.write_bytes(b"MZ")
    return exe


def test_no_marker_no_portable_folder(exe):
    assert portable_data_dir(exe) is None


@pytest.mark.parametrize("marker", ["portable", "portable.txt"])
def test_marker_beside_the_executable_means_data_beside_it(exe, marker):
    (exe.parent / marker).write_text("")
    assert portable_data_dir(exe) == exe.parent.resolve() / "data"


def test_a_folder_named_portable_is_not_the_marker(exe):
    (exe.parent / "portable").mkdir()
    assert portable_data_dir(exe) is None


def test_marker_elsewhere_does_not_count(exe):
    (exe.parent.parent / "portable").write_text("")
    (exe.parent / "data").mkdir()
    assert portable_data_dir(exe) is None


def test_frozen_app_uses_portable_folder_unless_the_environment_says_otherwise(exe, monkeypatch, tmp_path):
    (exe.parent / "portable").write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv("SONGMAY_DATA_DIR", raising=False)
    assert default_data_dir() == exe.parent.resolve() / "data"
    monkeypatch.setenv("SONGMAY_DATA_DIR", str(tmp_path / "chosen"))
    assert default_data_dir() == tmp_path / "chosen"


def test_source_run_ignores_a_marker_beside_python(exe, monkeypatch):
    """Run from source, sys.executable is Python: a stray file beside it changes nothing."""
    (exe.parent / "portable").write_text("")
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv("SONGMAY_DATA_DIR", raising=False)
    assert default_data_dir() != exe.parent.resolve() / "data"
