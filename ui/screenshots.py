"""Render the main screens offscreen with demo data to PNG files, so a reader sees the
app without installing it:

    QT_QPA_PLATFORM=offscreen python -m ui.screenshots docs/screenshots [--lang vi|en]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QElapsedTimer  # noqa: E402

from app.demo import generate  # noqa: E402
from app.store import Store  # noqa: E402


def wait(condition, ms: int = 15_000) -> None:
    timer = QElapsedTimer()
    timer.start()
    while not condition() and timer.elapsed() < ms:
        QCoreApplication.processEvents()
    QCoreApplication.processEvents()


def settle(ms: int = 400) -> None:
    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < ms:
        QCoreApplication.processEvents()


def render(out: Path, lang: str = "vi", students: int = 300) -> list[Path]:
    from ui.main import make_app, start

    out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="songmay-shots-"))
    with Store.open(data) as store:
        generate(store, students=students, seed=7)
        store.add_user("Lò Thị Hoa", "head", "1234")
    make_app()
    worker, window = start(data, lang)
    window.resize(1280, 800)
    window.show()
    written = []
    try:
        students_page = window.pages["students"]
        wait(lambda: students_page.model.total() > 0)
        for name in window.pages:
            window.show_page(name)
            settle(700)
            path = out / f"{name}-{lang}.png"
            window.grab().save(str(path))
            written.append(path)
        window.show_page("students")
        settle()
        sid = students_page.model.student_id(3)
        from ui.student_form import StudentForm

        form = StudentForm(window.ctx, sid, window)
        form.show()
        wait(lambda: form.student is not None)
        settle()
        path = out / f"student-form-{lang}.png"
        form.grab().save(str(path))
        written.append(path)
        form.close()
    finally:
        window.close()
        worker.shutdown()
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("out_dir", type=Path)
    p.add_argument("--lang", choices=("vi", "en"), default="vi")
    args = p.parse_args(argv)
    for path in render(args.out_dir, args.lang):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
