"""Official reports: needs, mobilisation, devices given, "nobody missed", coverage and the
six-month review, for a school, a commune or collecting unit, a province or the country.

``build`` makes a ``ReportData`` (model.py) from any ``Source`` (the device's store or the
server's database); ``write`` renders it as XLSX or PDF by the file's extension;
snapshots.py freezes submitted reports. No Qt here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

from app.errors import SongMayError
from app.reports.model import Period, ReportData, half_year, month
from app.reports.source import Source, find_unit, national_unit, scope_of, store_source

KINDS = ("needs", "mobilisation", "handovers", "missed", "coverage", "review")
FORMATS = (".xlsx", ".pdf")

__all__ = ["KINDS", "FORMATS", "Period", "ReportData", "Source", "build", "default_period", "find_unit",
           "national_unit", "store_source", "write"]


def default_period(kind: str, today: dt.date | None = None) -> Period:
    """The current month; for the review, the current six months."""
    today = today or dt.date.today()
    return half_year(today) if kind == "review" else month(today)


def build(source: Source, kind: str, unit: dict | None, period: Period, *, lang: str = "vi",
          detail: bool = True, depth: int = 2, progress=None, previous_snapshot=None) -> ReportData:
    """The report ``kind`` for ``unit`` (None: the whole country) over ``period``.

    ``detail``: include the list behind the figures (the server leaves it out at national
    scale); ``depth``: 1 or 2 levels of units below; ``progress(done, total)`` is called
    between queries (it may raise to cancel)."""
    from app.reports import coverage, handovers, missed, mobilisation, needs, review  # noqa: PLC0415  (cycle: each report kind imports this package)

    modules = {"needs": needs, "mobilisation": mobilisation, "handovers": handovers, "missed": missed,
               "coverage": coverage, "review": review}
    if kind not in modules:
        raise SongMayError("report.kind", value=kind, allowed=", ".join(KINDS))
    scope = scope_of(source, unit, depth=depth, lang=lang)
    extra = {"previous_snapshot": previous_snapshot} if kind == "review" else {}
    return modules[kind].build(source, scope, period, lang=lang, detail=detail, progress=progress, **extra)


def write(data: ReportData, path: str | os.PathLike) -> Path:
    """Render ``data`` to ``path`` (.xlsx or .pdf), atomically: a temp file, fsync, rename."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise SongMayError("report.format", path=str(path))
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".xlsx":
            from app.reports.xlsx import write_xlsx  # noqa: PLC0415  (start-up time: openpyxl loads when a report is written)

            write_xlsx(data, tmp)
        else:
            from app.reports.pdf import write_pdf  # noqa: PLC0415  (start-up time: fpdf2 loads when a report is written)

            write_pdf(data, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as e:
        _remove(tmp)
        raise SongMayError("report.not_written", path=str(path), detail=e.strerror or str(e)) from e
    except BaseException:
        _remove(tmp)
        raise
    return path


def _remove(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)
