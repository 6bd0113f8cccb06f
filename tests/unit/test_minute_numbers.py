"""Issue 16 item 6 (the minute): a minute number short enough for one line — no computer mark
on the paper — and still unique in the school when two computers number minutes."""

from __future__ import annotations

import re

from app.queries.handovers import find_minute, handover_events, minute_data, minute_number
from app.records import Handover
from tests.helpers import factories as f


def given(store, date: str, minute_no: str = "") -> Handover:
    st = f.student(store)
    return f.handover(store, st, f.approved_need(store, st), f.device(store), date=date, minute_no=minute_no)


def test_the_paper_number_leaves_the_computer_mark_off(store):
    h = given(store, "2025-10-15")
    assert re.fullmatch(r"001/2025/BBBG-TH0001\.[0-9A-F]{4}", h.minute_no)  # the record keeps the full number
    assert minute_number(h, store) == "001/2025/BBBG-TH0001"
    assert minute_data(store, h.id)["number"] == "001/2025/BBBG-TH0001"
    assert minute_number(Handover(event="returned", minute_no=h.minute_no), store) == "001/2025/BBTH-TH0001"
    assert minute_number(Handover(event="returned", minute_no="001/2025/BBBG-X")) == "001/2025/BBTH-X"
    assert minute_number(Handover(minute_no="15/BB-THNC")) == "15/BB-THNC"  # typed from a paper minute: as typed


def test_two_computers_of_one_school_print_unique_numbers(store):
    ours = [given(store, d) for d in ("2025-09-20", "2025-09-22", "2025-10-02")]
    mark = ours[0].minute_no[-4:]
    other = "BEEF" if mark != "BEEF" else "CAFE"
    # a second computer of the school numbered its own 001, 002 (synced here); it began later
    theirs = [given(store, d, f"{n:03d}/2025/BBBG-TH0001.{other}") for n, d in ((1, "2025-10-01"), (2, "2025-10-03"))]
    printed = [minute_number(h, store) for h in ours + theirs]
    assert printed == ["001/2025/BBBG-TH0001", "002/2025/BBBG-TH0001", "003/2025/BBBG-TH0001",
                       "001B/2025/BBBG-TH0001", "002B/2025/BBBG-TH0001"]
    assert len(set(printed)) == len(printed)
    assert len({h.minute_no for h in ours + theirs}) == 5  # and the records' numbers, too
    # a third computer gets C; another year starts again without letters
    third = given(store, "2025-11-01", "001/2025/BBBG-TH0001.ABCD")
    assert minute_number(third, store) == "001C/2025/BBBG-TH0001"
    next_year = given(store, "2026-01-05", f"001/2026/BBBG-TH0001.{other}")
    assert minute_number(next_year, store) == "001/2026/BBBG-TH0001"
    # the list shows, and the command line finds, the numbers as printed
    shown = {r[0]: r[2] for r in handover_events(store)}
    assert shown[theirs[0].id] == "001B/2025/BBBG-TH0001" and shown[ours[0].id] == "001/2025/BBBG-TH0001"
    assert find_minute(store, "001B/2025/BBBG-TH0001").id == theirs[0].id
    assert find_minute(store, "001/2025/BBBG-TH0001").id == ours[0].id
    assert find_minute(store, ours[1].minute_no).id == ours[1].id  # the record's full number works too
    assert find_minute(store, "009/2025/BBBG-TH0001") is None


def test_a_return_is_found_by_its_own_number(store):
    from app.ops import handovers as ops

    h = given(store, "2025-10-15")
    [back] = ops.return_device(store, h.id, "gv", date="2025-12-01")
    assert find_minute(store, "001/2025/BBTH-TH0001").id == back
    assert find_minute(store, "001/2025/BBBG-TH0001").id == h.id
    assert minute_data(store, back)["refers_to_number"] == "001/2025/BBBG-TH0001"


def test_a_return_names_the_representative_from_the_paper_settings(store):
    from app.ops import handovers as ops
    from app.ops import paper
    from app.paper import PaperSettings

    h = given(store, "2025-10-15")
    [back] = ops.return_device(store, h.id, "gv.login", date="2025-12-01")
    m = minute_data(store, back)
    assert m["giver_rep"] != "gv.login"  # never the login
    paper.save(store, PaperSettings(representative="Lò Thị Hoa", representative_title="Phó Hiệu trưởng"))
    m = minute_data(store, back)
    assert (m["giver_rep"], m["giver_position"]) == ("Lò Thị Hoa", "Phó Hiệu trưởng")


def test_the_reports_list_prints_the_numbers_as_the_minutes_do(store, tmp_path):
    """Issue 16: the devices-given report lists each minute under the number its paper
    prints (no computer mark, a second computer's letter), worked out over the report's
    Source (the server's reports run the same code over their own database)."""
    import datetime as dt

    import pdfplumber

    from app import reports
    from app.reports.model import Period

    ours = [given(store, d) for d in ("2025-09-20", "2025-09-22")]
    other = "BEEF" if ours[0].minute_no[-4:] != "BEEF" else "CAFE"
    theirs = given(store, "2025-10-01", f"001/2025/BBBG-TH0001.{other}")
    source = reports.store_source(store)
    unit = reports.find_unit(source, store.unit().code)
    data = reports.build(source, "handovers", unit, Period(dt.date(2025, 9, 1), dt.date(2025, 12, 31)))
    listed = [r.values["minute_no"] for r in data.detail.rows]
    assert listed == [minute_number(h, store) for h in (*ours, theirs)]
    assert listed == ["001/2025/BBBG-TH0001", "002/2025/BBBG-TH0001", "001B/2025/BBBG-TH0001"]
    data.print_detail = True
    path = reports.write(data, tmp_path / "handovers.pdf")
    with pdfplumber.open(str(path)) as pdf:
        words = {w["text"] for p in pdf.pages for w in p.extract_words()}
    assert "001B/2025/BBBG-TH0001" in words and not any(h.minute_no in words for h in ours)
