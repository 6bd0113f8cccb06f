"""Submitted reports are frozen: numbered per unit and year, stored with the list behind
the figures, exported as submitted whatever changes later; and the CLI around them."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from app import reports
from app.errors import SongMayError
from app.records import Need
from app.reports import snapshots
from app.reports.labels import w
from app.reports.model import Period
from songmay.cli import main
from tests.helpers import factories as f
from tests.helpers.reports import Grid, pdf_text

H1_2025 = Period(dt.date(2025, 1, 1), dt.date(2025, 6, 30))
H2_2025 = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))


def build(store, kind="needs", period=H2_2025, **kw):
    source = reports.store_source(store)
    return reports.build(source, kind, reports.find_unit(source, store.unit().code), period, **kw)


@pytest.fixture
def two_in_need(store):
    for name in ("Nguyễn Thị Ánh", "Hoàng Văn Đức"):
        f.approved_need(store, f.student(store, full_name=name))
    return store


def test_a_submitted_report_stays_the_same_after_edits(two_in_need, tmp_path):
    store = two_in_need
    sent = snapshots.submit(store, build(store), "Lò Thị Hoa")
    assert sent.number == "01/BC-PTDTBTTHNC" and sent.submitted_by == "Lò Thị Hoa"
    # later: a third child, and one of the first two renamed
    f.approved_need(store, f.student(store, full_name="Vàng Thị Dua"))
    anh = next(s for s in store.search_students("anh"))
    anh.full_name = "Nguyễn Thị Ánh Tuyết"
    store.save(anh, "test")
    assert build(store).totals["in_need"] == 3
    frozen = snapshots.load(store, "01/BC-PTDTBTTHNC")
    assert frozen == sent and frozen.totals["in_need"] == 2
    xlsx = reports.write(frozen, tmp_path / "sent.xlsx")
    assert Grid(xlsx).value("Tổng cộng", w("in_need")) == 2
    names = Grid(xlsx, 1).texts()
    assert "Nguyễn Thị Ánh" in names and "Vàng Thị Dua" not in names
    text = pdf_text(reports.write(frozen, tmp_path / "sent.pdf"))
    assert "Số: 01/BC-PTDTBTTHNC" in text and "BẢN NHÁP" not in text


def test_snapshots_are_numbered_per_unit_and_year_and_never_edited(two_in_need):
    store = two_in_need
    jan = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    first = snapshots.submit(store, build(store), "a", now=dt.datetime(2025, 12, 20, tzinfo=dt.UTC))
    second = snapshots.submit(store, build(store, "handovers"), "a", now=jan)
    third = snapshots.submit(store, build(store, "missed"), "a", now=jan)
    # two digits below 10, the school's symbol (not its internal code), numbered per year
    one, two = "01/BC-PTDTBTTHNC", "02/BC-PTDTBTTHNC"
    assert (first.number, second.number, third.number) == (one, one, two)
    assert [s.number for s in snapshots.listing(store, "TH0001")] == [two, one, one]
    assert snapshots.load(store, "2", "TH0001").kind == "missed"  # the newest year with that number
    with pytest.raises(sqlite3.DatabaseError):
        store.conn.execute("UPDATE report_snapshots SET data = '{}'")
    with pytest.raises(sqlite3.DatabaseError):
        store.conn.execute("DELETE FROM report_snapshots")
    with pytest.raises(SongMayError) as e:
        snapshots.submit(store, first, "a")
    assert e.value.key == "report.already_submitted"
    with pytest.raises(SongMayError) as e:
        snapshots.load(store, "09/BC-PTDTBTTHNC")
    assert e.value.key == "report.snapshot_unknown"


def test_the_review_takes_previous_figures_as_reported(two_in_need):
    store = two_in_need
    code = store.unit().code
    h1 = build(store, "review", H1_2025, previous_snapshot=snapshots.previous_review(store, code))
    sent = snapshots.submit(store, h1, "a")
    assert sent.figures["in_need"] == 0  # no need of 2024-2025 then
    # a need of last school year recorded late changes what a recomputation would say
    late = f.student(store, full_name="Lầu A Chá", sex="M", birth_date="2015-01-01")
    need = store.save(Need(unit_id=store.unit_id, student_id=late.id, school_year="2024-2025"), "gv")
    store.need_action(need.id, "submit", "gv", "teacher")
    h2 = build(store, "review", H2_2025, previous_snapshot=snapshots.previous_review(store, code))
    by = {r.key: r.values for r in h2.rows}
    assert by["in_need"]["prev"] == 0 and by["in_need"]["this"] == 2
    assert any(sent.number in n for n in h2.notes)
    recomputed = build(store, "review", H2_2025)
    assert {r.key: r.values for r in recomputed.rows}["in_need"]["prev"] == 1


def test_cli_report_submit_list_and_snapshot(two_in_need, data_dir, tmp_path, capsys):
    store = two_in_need
    out = tmp_path / "needs.xlsx"
    args = ["report", "needs", "--data-dir", str(data_dir), "--from", "01/07/2025", "--to", "31/12/2025"]
    assert main([*args, "--out", str(out), "--submit", "--by", "Lò Thị Hoa"]) == 0
    said = capsys.readouterr().out
    assert "01/BC-PTDTBTTHNC" in said and str(out) in said
    assert Grid(out).value("Tổng cộng", w("in_need")) == 2
    f.approved_need(store, f.student(store, full_name="Vàng Thị Dua"))
    assert main(["report", "needs", "--data-dir", str(data_dir), "--list"]) == 0
    assert "01/BC-PTDTBTTHNC\t2025-07-01\t2025-12-31" in capsys.readouterr().out
    pdf = tmp_path / "again.pdf"
    assert main(["report", "needs", "--data-dir", str(data_dir), "--snapshot", "1", "--out", str(pdf)]) == 0
    text = pdf_text(pdf)
    assert "Số: 01/BC-PTDTBTTHNC" in text and "Tổng cộng 2" in text
    fresh = tmp_path / "fresh.pdf"
    assert main([*args, "--out", str(fresh)]) == 0
    assert "Tổng cộng 3" in pdf_text(fresh) and "BẢN NHÁP – CHƯA GỬI" in pdf_text(fresh)


def test_cli_report_errors_leave_nothing_submitted(two_in_need, data_dir, tmp_path, capsys):
    store = two_in_need
    base = ["report", "needs", "--data-dir", str(data_dir)]
    assert main([*base, "--out", str(tmp_path / "x.docx"), "--submit"]) == 1
    assert ".xlsx" in capsys.readouterr().err
    assert snapshots.listing(store) == []
    assert main([*base, "--unit", "NOPE", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "NOPE" in capsys.readouterr().err
    assert main([*base, "--from", "31/02/2025", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "31/02/2025" in capsys.readouterr().err
    assert main([*base, "--snapshot", "7", "--out", str(tmp_path / "x.pdf")]) == 1
    assert main(base) == 1  # nothing to do
    with pytest.raises(SystemExit) as e:
        main(["report", "nonsense", "--data-dir", str(data_dir), "--out", "x.pdf"])
    assert e.value.code == 2


def test_cli_province_report_by_code(two_in_need, data_dir, tmp_path, capsys):
    out = tmp_path / "prov.pdf"
    assert main(["report", "missed", "--data-dir", str(data_dir), "--unit", "12", "--out", str(out),
                 "--from", "2025-07-01", "--to", "2025-12-31"]) == 0
    text = pdf_text(out)
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in text and "Trường PTDTBT TH Nậm Cha" in text
    assert "Nguyễn Thị Ánh" in text and "Hoàng Văn Đức" in text
