"""The report pages shown in ``docs/documents/``: reports of a school (submitted, signed by
a deputy for the head), a commune's People's Committee, the province's department (with
the largest money the layout must hold) and a school's empty month — rendered by the real
writer (``app.reports``) from demo data made here, then drawn as PNG pages with
``pdftoppm`` (poppler-utils: a docs tool, not a runtime dependency).

    .venv/bin/python -m tools.render_documents [--out docs/documents] [--dpi 70]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from app import reports
from app.demo import generate
from app.ops import paper as paper_ops
from app.paper import PaperSettings
from app.records import Donation, Unit
from app.reports import snapshots
from app.reports.model import Period
from app.reports.render import with_paper
from app.reports.source import commune_name
from app.store import Store

ROOT = Path(__file__).resolve().parent.parent
H2_2025 = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
EMPTY = Period(dt.date(2025, 3, 1), dt.date(2025, 3, 31))


def sample(data_dir: Path) -> dict[str, tuple]:
    """{file stem: (report data)} of the reports shown."""
    store = Store.open(data_dir)
    result = generate(store, students=1200, schools=6, seed=5, school_year="2025-2026")
    school = store.unit()
    commune = store.get(Unit, result.unit_ids[0]).commune_code
    office = Unit(code="UBND-XA", name=f"UBND {commune_name(commune)}", kind="commune", commune_code=commune)
    office.unit_id = office.id
    store.save(office, "demo")
    dept = Unit(code="SGD-LAICHAU", name="Sở GD&ĐT Lai Châu", kind="province", province_code="12")
    dept.unit_id = dept.id
    store.save(dept, "demo")
    store.save(Donation(unit_id=dept.id, donor_name="Quỹ Phát triển giáo dục vùng cao", donor_kind="organisation",
                        cash_vnd=5_963_250_000, received_date="2025-09-02"), "demo")
    source = reports.store_source(store)
    reports_to = reports.build(source, "coverage", reports.find_unit(source, school.code), H2_2025).unit["reports_to"]
    paper_ops.save(store, PaperSettings(
        head_title="HIỆU TRƯỞNG", sign_for="KT.", signer_title="PHÓ HIỆU TRƯỞNG", signer_name="Lò Thị Mai",
        recipients=[reports_to, "Sở GD&ĐT Lai Châu (để b/c)", "Lưu: VT"]))

    def made(kind: str, code: str, period: Period = H2_2025):
        data = reports.build(source, kind, reports.find_unit(source, code), period)
        return with_paper(data, store, prepared_by="Nguyễn Văn Tùng")

    out = {
        "report-school-handovers": snapshots.submit(store, made("handovers", school.code), "Nguyễn Văn Tùng",
                                                    now=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)),
        "report-commune-needs": made("needs", "UBND-XA"),
        "report-province-mobilisation": made("mobilisation", "SGD-LAICHAU"),
        "report-school-empty-month": made("handovers", school.code, EMPTY),
    }
    store.close()
    return out


def render(out: Path, dpi: int = 70) -> list[Path]:
    """Write the reports as PNG pages in ``out`` (``report-*.png``, ``report-*-2.png``…)."""
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm is missing: apt-get install -y poppler-utils")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in sample(Path(tmp) / "data").items():
            pdf = Path(tmp) / f"{name}.pdf"
            reports.write(data, pdf)
            written += png_pages(pdf, out, name, dpi)
    return written


def png_pages(pdf: Path, out: Path, name: str, dpi: int) -> list[Path]:
    """The pages of ``pdf`` as ``out/NAME.png``, ``out/NAME-2.png``… (pdftoppm), replacing
    what an earlier rendering left under that name."""
    for old in out.glob(f"{name}*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(Path(tmp) / name)], check=True)
        pages = sorted(Path(tmp).glob(f"{name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        written = []
        for i, page in enumerate(pages, start=1):
            target = out / (f"{name}.png" if i == 1 else f"{name}-{i}.png")
            shutil.move(str(page), target)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "documents")
    parser.add_argument("--dpi", type=int, default=70)
    args = parser.parse_args(argv)
    for path in render(args.out, args.dpi):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
