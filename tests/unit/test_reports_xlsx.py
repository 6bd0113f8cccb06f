"""The XLSX reports print as they are (issue 16 item 9): A4 fitted to the width, each sheet
portrait or landscape by its own width, the Decree's margins, page numbers in the footer,
header rows repeated on every page a table runs onto, the date line once; and a province's
commune rows and school rows told apart (outline grouping, a note), so a column summed
over the school rows gives the total row. Read back with openpyxl, as a clerk's Excel would."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from app import reports
from app.demo import generate
from app.records import Unit
from app.reports.labels import w
from app.reports.model import INT, TEXT, Column, Period, ReportData, Row, Table
from app.reports.render import date_line, issuer, number_line, recipients, say, signers, title_lines
from app.reports.xlsx import write_xlsx
from app.store import Store
from tests.helpers.reports import Grid

H2_2025 = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
MM = 25.4


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """Four demo schools of Lai Châu over two or more communes, and the department."""
    store = Store.open(tmp_path_factory.mktemp("xlsx-province"))
    generate(store, students=320, schools=4, seed=7, school_year="2025-2026")
    dept = Unit(code="SGD-LAICHAU", name="Sở GD&ĐT Lai Châu", kind="province", province_code="12")
    dept.unit_id = dept.id
    store.save(dept, "test")
    yield store
    store.close()


def made(store, kind, tmp_path, code="SGD-LAICHAU"):
    source = reports.store_source(store)
    data = reports.build(source, kind, reports.find_unit(source, code), H2_2025)
    return data, openpyxl.load_workbook(str(reports.write(data, tmp_path / f"{kind}-{code}.xlsx")))


def printed_width_mm(ws) -> float:
    return sum(7 * (ws.column_dimensions[openpyxl.utils.get_column_letter(k)].width or 8.43) + 5
               for k in range(1, ws.max_column + 1)) * MM / 96


def header_rows(ws) -> list[tuple]:
    """The rows ``print_title_rows`` names, as values."""
    first, last = (int(x) for x in ws.print_title_rows.replace("$", "").split(":"))
    return [tuple(c.value for c in ws[r]) for r in range(first, last + 1)]


@pytest.mark.parametrize("kind", reports.KINDS)
def test_every_sheet_is_set_up_for_a4(province, tmp_path, kind):
    data, wb = made(province, kind, tmp_path)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert int(setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert (setup.fitToWidth, setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage) == (1, 0, True)
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text  # "Trang 1/3"
        # the Decree's margins: left 30, right 15, top and bottom 20 mm
        margins = ws.page_margins
        assert [round(x * MM) for x in (margins.left, margins.right, margins.top, margins.bottom)] == [30, 15, 20, 20]
        # wider than a portrait page would show at 85 %: landscape, and only then
        printable = 210 - 45
        assert setup.orientation == ("landscape" if printed_width_mm(ws) * 0.85 > printable else "portrait"), ws.title


def test_the_wide_lists_print_landscape_and_repeat_their_header(province, tmp_path):
    for kind, first_title in (("mobilisation", w("date")), ("coverage", w("village")), ("missed", w("full_name"))):
        data, wb = made(province, kind, tmp_path)
        ws = wb.worksheets[1]
        assert printed_width_mm(ws) > 250 and ws.page_setup.orientation == "landscape", kind
        assert header_rows(ws) == [(w("stt"), first_title, *[c.title for c in data.detail.columns[1:]])], kind
        assert ws.freeze_panes == f"A{int(ws.print_title_rows.split(':')[-1].strip('$')) + 1}"


def test_a_narrow_report_prints_portrait(tmp_path):
    data = ReportData(kind="needs", title="BÁO CÁO", unit={"name": "Trường TH Nậm Cha", "locality": "Nậm Cha"},
                      period=H2_2025.as_dict(), generated_at="2025-12-01T08:00:00+07:00",
                      tables=[Table("units", w("t_units"), [Column("label", w("class"), TEXT, width=1.5),
                                                            Column("in_need", w("in_need"))],
                                    [Row({"label": "3A", "in_need": 2})], {"label": w("total"), "in_need": 2})])
    write_xlsx(data, tmp_path / "narrow.xlsx")
    ws = openpyxl.load_workbook(str(tmp_path / "narrow.xlsx")).active
    assert ws.page_setup.orientation == "portrait"
    assert ws.print_title_rows is None  # one page: nothing to repeat


def test_the_date_line_is_printed_once(province, tmp_path):
    for kind in reports.KINDS:
        data, wb = made(province, kind, tmp_path)
        cells = [c.value for row in wb.worksheets[0].iter_rows() for c in row]
        assert cells.count(date_line(data)) == 1, kind


def test_a_long_main_table_repeats_its_header_on_every_page(tmp_path):
    cols = [Column("label", w("school"), TEXT, width=3.0), Column("a", "A", INT, "Nhóm"), Column("b", "B", INT, "Nhóm")]
    rows = [Row({"label": f"Trường số {i}", "a": i, "b": 1}) for i in range(120)]
    data = ReportData(kind="needs", title="BÁO CÁO", unit={"name": "Sở GD&ĐT Lai Châu"}, period=H2_2025.as_dict(),
                      generated_at="2025-12-01T08:00:00+07:00",
                      tables=[Table("units", w("t_units"), cols, rows, {"label": w("total"), "a": 7140, "b": 120}),
                              Table("by_level", w("t_by_level"), cols, rows[:3], None)])
    write_xlsx(data, tmp_path / "long.xlsx")
    ws = openpyxl.load_workbook(str(tmp_path / "long.xlsx")).active
    # the grouped header: two rows, the group above its columns
    assert [r[:4] for r in header_rows(ws)] == [(w("stt"), w("school"), "Nhóm", None), (None, None, "A", "B")]
    first = int(ws.print_title_rows.split(":")[0].strip("$"))
    assert ws.cell(first - 1, 1).value == w("t_units")  # the main table's, not the breakdown's below


def test_commune_rows_and_school_rows_are_told_apart(province, tmp_path):
    """A province's main table: each commune's row sums its schools' rows below it; the
    school rows are grouped under it (outline level 1, summary above) and a note says so,
    so summing a column over the school rows — or over the commune rows — gives the total."""
    for kind in ("needs", "handovers", "missed", "mobilisation", "coverage"):
        data, wb = made(province, kind, tmp_path)
        ws = wb.worksheets[0]
        assert ws.sheet_properties.outlinePr.summaryBelow is False, kind
        g = Grid(tmp_path / f"{kind}-SGD-LAICHAU.xlsx")
        top = g.row_index(data.tables[0].columns[0].title)  # 0-based: the main table's header
        total = next(i for i in range(top, len(g.rows)) if g.rows[i][0] == w("total"))
        body = range(top + 1, total)
        schools = [i for i in body if ws.row_dimensions[i + 1].outlineLevel == 1]
        communes = [i for i in body if not ws.row_dimensions[i + 1].outlineLevel
                    and isinstance(g.rows[i][0], str) and g.rows[i][0].isdigit()]
        assert len(schools) == sum(1 for r in data.rows if r.level == 1) >= 4, kind
        assert len(communes) == sum(1 for r in data.rows if r.level == 0) >= 2, kind
        assert all("." in g.rows[i][0] for i in schools)  # numbered 1.1, 1.2…
        assert all(ws.cell(i + 1, 2).font.i for i in schools) and all(ws.cell(i + 1, 2).font.b for i in communes)
        summed = [k for k, v in enumerate(g.rows[total]) if isinstance(v, int)]
        assert summed, kind
        for k in summed:
            assert sum(g.rows[i][k] or 0 for i in schools) == g.rows[total][k], (kind, k)
            assert sum(g.rows[i][k] or 0 for i in communes) == g.rows[total][k], (kind, k)
        note = w("nested_note").format(outer=w("commune").lower())
        assert g.rows[total + 1][0] == note, kind  # said right under the table


def test_a_school_report_has_no_outline(province, tmp_path):
    school = province.unit()
    data, wb = made(province, "needs", tmp_path, school.code)
    ws = wb.worksheets[0]
    assert not any(d.outlineLevel for d in ws.row_dimensions.values())
    assert w("nested_note").format(outer="")[:20] not in Grid(tmp_path / f"needs-{school.code}.xlsx").texts()


def test_the_printed_list_is_attached_on_its_own_sheet(province, tmp_path):
    data, wb = made(province, "missed", tmp_path)
    main, listed = Grid(tmp_path / "missed-SGD-LAICHAU.xlsx"), Grid(tmp_path / "missed-SGD-LAICHAU.xlsx", 1)
    names = {r.values["full_name"] for r in data.detail.rows}
    assert names and names <= listed.texts() and not names & main.texts()
    line = w("attached").format(data.detail.title, w("list"), len(data.detail.rows))
    assert line in main.texts()
    assert any(t.startswith("(Kèm theo Báo cáo số") for t in listed.texts())


@pytest.mark.parametrize("code", ["", "UBND-XA", "SGD-LAICHAU"])
def test_the_xlsx_prints_the_same_paper_as_the_pdf(province, tmp_path, code):
    """Issue 16: the workbook's heading, "BÁO CÁO" with its summary line, the number line,
    the signers and "Nơi nhận" are render.py's, as the PDF prints them — for a school whose
    deputy signs (KT.), a commune's People's Committee (TM.) and the department."""
    if code == "UBND-XA" and reports.find_unit(reports.store_source(province), code) is None:
        own = province.unit()
        office = Unit(code="UBND-XA", name="UBND xã Nậm Chà", kind="commune", commune_code=own.commune_code)
        office.unit_id = office.id
        province.save(office, "test")
    source = reports.store_source(province)
    unit = reports.find_unit(source, code or province.unit().code)
    data = reports.build(source, "handovers", unit, H2_2025)
    data.number = "07/BC-THNC"
    data.prepared_by = "Nguyễn Văn Tùng"
    if not code:
        data.paper = {"symbol": "BC-THNC", "head_title": "Hiệu trưởng", "sign_for": "KT.",
                      "signer_title": "Phó hiệu trưởng", "signer_name": "Lò Thị Mai",
                      "managing_body": "UBND xã Nậm Cha", "recipients": ["Phòng GD&ĐT huyện Sìn Hồ", "Lưu: VT, HS"]}
    path = reports.write(data, tmp_path / f"paper-{code or 'school'}.xlsx")
    ws = openpyxl.load_workbook(str(path)).worksheets[0]
    cells = [(c.value, c) for row in ws.iter_rows() for c in row if c.value not in (None, "")]
    values = [v for v, _c in cells]
    body, name = issuer(data)
    head, summary = title_lines(data)
    (prep_title, prep_name), (sign_title, sign_name) = signers(data)
    assert (body in values or (code == "UBND-XA" and not body)) and name in values, (body, name)
    assert number_line(data) in values and "Số: 07/BC-THNC" in values
    assert data.title not in values or data.title in (head, summary)
    assert values.index(head) + 1 == values.index(summary)  # the summary line right below "BÁO CÁO"
    assert {x for x in (prep_title, prep_name, sign_title, sign_name) if x} <= set(values)
    assert say("recipients") in values
    lines = recipients(data)
    at = values.index(say("recipients"))
    assert values[at + 1:at + 1 + len(lines)] == lines
    for value, cell in cells:  # a title of two lines ("KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG") wraps in its cell
        if "\n" in str(value):
            assert cell.alignment.wrap_text, value
            assert (ws.row_dimensions[cell.row].height or 0) >= 30, value
    if not code:
        assert "KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG" in values and "UBND XÃ NẬM CHA" in values
        assert lines == ["- Phòng GD&ĐT huyện Sìn Hồ;", "- Lưu: VT, HS."]
    if code == "UBND-XA":
        assert name.startswith("ỦY BAN NHÂN DÂN\n") and "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH" in values
