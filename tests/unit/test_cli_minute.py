"""Issue 16 item 13: ``songmay minute HANDOVER_NO|--student ID --out FILE.pdf`` — a minute from
anywhere, in Vietnamese and English, with clear errors for an unknown number or child."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdf

from tools.render_minutes import SERIAL, sample_store

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, data_dir: Path, lang: str = "vi") -> subprocess.CompletedProcess:
    env = {**os.environ, "SONGMAY_LANG": lang, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "songmay", "minute", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, env=env, timeout=120)


def text(path: Path) -> str:
    pages = pypdf.PdfReader(str(path)).pages
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", " ".join(p.extract_text() for p in pages)))


def test_a_minute_by_number_and_by_child(tmp_path):
    data = tmp_path / "data"
    store, _ids = sample_store(data)
    store.close()
    out = tmp_path / "out" / "bb.pdf"
    done = run("001/2025/BBBG-THCS0427", "--out", str(out), data_dir=data)
    assert done.returncode == 0, done.stderr
    assert "Đã ghi biên bản số 001/2025/BBBG-THCS0427" in done.stdout
    body = text(out)
    assert "BIÊN BẢN BÀN GIAO THIẾT BỊ HỌC TẬP" in body and SERIAL in body and "Số: 001/2025/BBBG-THCS0427" in body
    # the child's latest minute: the return, naming the school's representative
    back = tmp_path / "back.pdf"
    done = run("--student", "012313000427", "--out", str(back), data_dir=data, lang="en")
    assert done.returncode == 0, done.stderr
    assert "Minute no. 001/2025/BBTH-THCS0427 written to" in done.stdout
    assert "other minutes: 001/2025/BBBG-THCS0427" in done.stdout
    body = text(back)
    assert "BIÊN BẢN THU HỒI" in body and "Lò Thị Hoa" in body and "Hiệu trưởng" in body
    # the return's own number finds it too
    assert run("001/2025/BBTH-THCS0427", "--out", str(tmp_path / "c.pdf"), data_dir=data).returncode == 0


def test_clear_errors(tmp_path):
    data = tmp_path / "data"
    store, _ids = sample_store(data)
    store.close()
    out = tmp_path / "x.pdf"
    done = run("099/2025/BBBG-THCS0427", "--out", str(out), data_dir=data)
    assert done.returncode == 1 and "Không có biên bản số “099/2025/BBBG-THCS0427”" in done.stderr
    done = run("--student", "000000000000", "--out", str(out), data_dir=data, lang="en")
    assert done.returncode == 1 and "No child “000000000000” was found" in done.stderr
    done = run("--out", str(out), data_dir=data, lang="en")
    assert done.returncode == 1 and "Give a minute number" in done.stderr
    done = run("001/2025/BBBG-THCS0427", "--out", str(tmp_path / "x.xlsx"), data_dir=data, lang="en")
    assert done.returncode == 1 and "must be a .pdf" in done.stderr
    assert not out.exists()
