"""The three handover minutes shown in ``docs/documents/``: a handover (tablet and SIM), the
return of that tablet, and a SIM handed over alone — rendered by the real writer from a
school made here, then drawn as PNG pages with ``pdftoppm`` (poppler-utils).

    .venv/bin/python -m tools.render_minutes [--out docs/documents]

``sample_minutes(data_dir)`` builds the school and returns the minutes' data; the layout
tests (``tests/gui/test_minute_layout.py``) render the same three.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from app.ops import handovers as ops
from app.ops import paper as paper_ops
from app.paper import PaperSettings
from app.queries import handovers as hq
from app.records import Device, Handover, Need, Sim, Student, Unit
from app.store import Store
from tools.render_documents import png_pages

ROOT = Path(__file__).resolve().parent.parent
# Long identifiers as they come: a serial with letters and digits, a 15-digit IMEI, a 20-digit ICCID.
SERIAL = "NXABY8Z336SA0427"
IMEI = "356938035643809"
ICCID = "89840480001234567890"
ICCID_ALONE = "89840200009876543210"
NAMES = ("minute-handover", "minute-return", "minute-sim")


def sample_store(data_dir: Path) -> tuple[Store, dict[str, str]]:
    """A school with a head and representative in its paper settings, and three events:
    {"minute-handover": id, "minute-return": id, "minute-sim": id}."""
    store = Store.open(data_dir)
    store.set_unit(Unit(code="THCS0427", name="Trường PTDTBT THCS Nậm Cha", level="THCS", commune_code="03388",
                        address="Bản Nậm Cha, xã Nậm Cha, tỉnh Lai Châu"), "setup")
    paper_ops.save(store, PaperSettings(representative="Lò Thị Hoa", representative_title="Hiệu trưởng",
                                        head_title="HIỆU TRƯỞNG", signer_name="Lò Thị Hoa"))
    unit = store.unit_id

    def child(name: str, born: str, sex: str, pid: str, guardian: str) -> tuple[Student, Need]:
        st = store.save(Student(unit_id=unit, full_name=name, birth_date=born, sex=sex, class_name="7A",
                                household="poor", school_year="2025-2026", personal_id=pid, guardian_name=guardian,
                                guardian_relation="Mẹ"), "gv.hoa")
        need = store.save(Need(unit_id=unit, student_id=st.id, school_year="2025-2026", device_requested="tablet",
                               needs_sim=True), "gv.hoa")
        for action, role in (("submit", "teacher"), ("verify", "head"), ("approve", "head")):
            need = store.need_action(need.id, action, "gv.hoa", role)
        return st, need

    ann, ann_need = child("Sùng Thị Dợ", "2013-05-02", "F", "012313000427", "Giàng Thị Mai")
    tu, tu_need = child("Hà Văn Tú", "2013-11-20", "M", "012213000428", "Hà Thị Lan")
    tab = store.save(Device(unit_id=unit, kind="tablet", brand_model="Samsung Galaxy Tab A9+ 5G",
                            serial=SERIAL, imei=IMEI), "gv.hoa")
    sim = store.save(Sim(unit_id=unit, number="0968123456", iccid=ICCID, carrier="viettel",
                         data_package="Gói học tập 4G 3GB/ngày", free_until="2026-09-30"), "gv.hoa")
    sim2 = store.save(Sim(unit_id=unit, number="0912654321", iccid=ICCID_ALONE, carrier="vinaphone",
                          data_package="Gói EDU 2GB/ngày", free_until="2026-09-30"), "gv.hoa")
    [given] = ops.hand_over(store, Handover(
        unit_id=unit, date="2025-10-15", place="Điểm trường bản Nậm Cha", giver_unit="Trường PTDTBT THCS Nậm Cha",
        giver_rep="Phàn Văn Lực", giver_position="Giáo viên chủ nhiệm", student_id=ann.id, need_id=ann_need.id,
        guardian_name="Giàng Thị Mai", guardian_relation="Mẹ", guardian_id_no="012190004321",
        device_id=tab.id, sim_id=sim.id, accessories="Sạc, cáp USB-C, ốp lưng", condition="new",
        witness="Vàng Văn Sử"), "gv.hoa")
    # the return is recorded by a teacher's login: the minute names the school's representative
    [back] = ops.return_device(store, given, "gv.hoa", date="2026-05-28", condition="used_good",
                               reason="Học sinh chuyển trường về Trường THCS Thị trấn Phong Thổ")
    [alone] = ops.hand_over(store, Handover(
        unit_id=unit, date="2025-10-20", giver_unit="Trường PTDTBT THCS Nậm Cha", giver_rep="Lò Thị Hoa",
        giver_position="Hiệu trưởng", student_id=tu.id, need_id=tu_need.id, guardian_name="Hà Thị Lan",
        guardian_relation="Mẹ", sim_id=sim2.id, condition="new"), "gv.hoa")
    return store, dict(zip(NAMES, (given, back, alone), strict=True))


def sample_minutes(data_dir: Path) -> dict[str, dict]:
    """The three minutes' data (``app.queries.handovers.minute_data``), by PNG name."""
    store, ids = sample_store(data_dir)
    try:
        return {name: hq.minute_data(store, hid) for name, hid in ids.items()}
    finally:
        store.close()


def render(out: Path, dpi: int = 80) -> list[Path]:
    """Write the three minutes as PNG pages in ``out`` (``minute-*.png``; a minute of two
    pages gives ``minute-*-2.png``…); the paths written."""
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415  (Qt only when rendering)

    from ui.minute_pdf import write_minute_pdf  # noqa: PLC0415  (Qt only when rendering)

    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm is missing: apt-get install -y poppler-utils")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, minute in sample_minutes(Path(tmp) / "data").items():
            pdf = write_minute_pdf(Path(tmp) / f"{name}.pdf", minute)
            written += png_pages(pdf, out, name, dpi)
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "documents")
    p.add_argument("--dpi", type=int, default=80)
    args = p.parse_args(argv)
    for path in render(args.out, args.dpi):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
