"""Render the main screens offscreen with demo data to PNG files, so a reader sees the
app without installing it — at 1366×768, the school laptop's screen:

    python -m ui.screenshots docs/screenshots [--lang vi|en] [--office]

Each page of the main window (maximised on a 1366×768 screen, as it opens there),
the student's form, the handover dialog and the user management dialog.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

from app.ops.stock import approve_allocation, save_allocation, save_donation
from app.records import Allocation, Donation, Unit
from ui.main import LoginDialog, after_login, make_app, start
from ui.pages.handovers import HandoverDialog
from ui.placement_dialog import PlacementDialog
from ui.student_form import StudentForm
from ui.users_dialog import UsersDialog

SCREEN = (1366, 768)


def _offscreen_screen() -> None:
    """A 1366×768 offscreen screen (Qt's offscreen platform reads a JSON description)."""
    if os.environ.get("QT_QPA_PLATFORM", "offscreen").split(":")[0] != "offscreen":
        return
    cfg = Path(tempfile.mkdtemp(prefix="songmay-screen-")) / "screen.json"
    cfg.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": SCREEN[0],
                                            "height": SCREEN[1], "logicalDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={cfg}"


_offscreen_screen()

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


def _save(widget, path: Path, written: list[Path]) -> None:
    widget.grab().save(str(path))
    written.append(path)


def _dialog(dlg, path: Path, written: list[Path], ready=lambda: True) -> None:
    dlg.show()
    wait(ready, 5000)
    settle()
    _save(dlg, path, written)
    dlg.close()


def render(out: Path, lang: str = "vi", students: int = 300) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="songmay-shots-"))
    with Store.open(data) as store:
        generate(store, students=students, seed=7)
        if not store.users():
            store.add_user("Lò Thị Hoa", "head", "1234")
        unit = store.unit()
        unit_info = {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind}
    make_app()
    worker, window = start(data, lang, interactive=False)
    if isinstance(window, LoginDialog):  # the demo school has several users: the head signs in
        heads = [i for i, u in enumerate(window.users) if u["role"] == "head"]
        window.who.setCurrentIndex(heads[0] if heads else 0)
        window = after_login(worker, window, data, unit_info)
    window.showMaximized()  # as it opens on a 1366×768 screen (MainWindow.restore_geometry)
    written: list[Path] = []
    try:
        students_page = window.pages["students"]
        wait(lambda: students_page.model.total() > 0)
        wait(lambda: window.waiting is not None, 5000)
        for name in window.pages:
            window.show_page(name)
            settle(700)
            _save(window, out / f"{name}-{lang}.png", written)
        window.show_page("students")
        settle()

        form = StudentForm(window.ctx, students_page.model.student_id(3), window)
        _dialog(form, out / f"student-form-{lang}.png", written, lambda: form.student is not None)

        handovers = window.pages["handovers"]
        window.show_page("handovers")
        settle(500)
        child = None
        if handovers.waiting.rowCount() > 0:
            handovers.waiting_table.selectRow(0)
            child = handovers.selected_child()
        dlg = HandoverDialog(window.ctx, child, parent=handovers)
        _dialog(dlg, out / f"handover-dialog-{lang}.png", written)
        _dialog(UsersDialog(window.ctx, window), out / f"users-dialog-{lang}.png", written)
    finally:
        window.close()
        worker.shutdown()
    return written


def _office_decisions(store: Store, schools: list[str]) -> None:
    """A donation the office received and two decisions drawing on it (one approved), as
    an officer records them (app.ops.stock)."""
    day = (dt.date.today() - dt.timedelta(days=20)).isoformat()
    gift = save_donation(store, Donation(unit_id=store.unit_id, donor_name="Tập đoàn Viettel", donor_kind="enterprise",
                                         devices={"tablet": 12, "laptop": 3}, received_date=day,
                                         receipt_no="BB-01/2026"), "Lò Văn Hà")
    for n, (school, counts) in enumerate(zip(schools[:2], ({"tablet": 5}, {"tablet": 4, "laptop": 2}), strict=False)):
        a = save_allocation(store, Allocation(unit_id=store.unit_id, decision_no=f"{n + 12}/QĐ-UBND",
                                              decision_date=day, to_unit_id=school, counts=counts,
                                              donation_ids=[gift.id]), "Lò Văn Hà")
        if n == 0:
            approve_allocation(store, a.id, "Lò Văn Hà")


def render_office(out: Path, lang: str = "vi", students: int = 240) -> list[Path]:
    """The collecting officer's screens (docs/officer.md): a commune office over three demo
    schools — its students with the school column and filter, needs, donations, allocation
    decisions, reports — and the side-by-side decision on a child found at two schools."""
    out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="songmay-office-shots-"))
    with Store.open(data) as store:
        store.set_unit(Unit(code="XA-03388", name="UBND xã Nậm Cha", kind="commune", commune_code="03388",
                            province_code="12"), "demo")
        demo = generate(store, students=students, seed=7, schools=3)
        if not store.users():
            store.add_user("Lò Văn Hà", "officer", "1234")
        _office_decisions(store, demo.unit_ids)
        unit = store.unit()
        unit_info = {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind}
    make_app()
    worker, window = start(data, lang, interactive=False)
    if isinstance(window, LoginDialog):
        window = after_login(worker, window, data, unit_info)
    window.showMaximized()
    written: list[Path] = []
    try:
        students_page = window.pages["students"]
        wait(lambda: students_page.model.total() > 0)
        for name in ("students", "donations", "allocations", "reports"):
            if name in window.pages:
                window.show_page(name)
                settle(900)
                if name == "reports":  # the needs report of the office's area, as previewed
                    window.pages[name].preview()
                    settle(2500)
                _save(window, out / f"office-{name}-{lang}.png", written)
        if demo.duplicates:
            dlg = PlacementDialog(window.ctx, demo.duplicates[0]["student_ids"][0], window)
            dlg.resize(1000, 560)
            _dialog(dlg, out / f"office-placement-{lang}.png", written, lambda: bool(dlg.records))
    finally:
        window.close()
        worker.shutdown()
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out_dir", type=Path)
    p.add_argument("--lang", choices=("vi", "en"), default="vi")
    p.add_argument("--office", action="store_true", help="the collecting officer's screens (docs/officer.md)")
    args = p.parse_args(argv)
    for path in (render_office if args.office else render)(args.out_dir, args.lang):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
