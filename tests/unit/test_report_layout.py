"""The report PDFs as a Vietnamese office sends them up (issue 16; Nghị định 30/2020): read
back with their words' boxes and the table cells (pdfplumber), every figure whole inside
its cell and no two words overlapping, the signature block on a page with the body, the
Decree's font, sizes and margins, "Nơi nhận", the number "01/…", headings by level and
"Không phát sinh" for an empty period."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pdfplumber
import pytest
from fontTools.ttLib import TTFont

import resources
from app import reports
from app.demo import generate
from app.ops import paper as paper_ops
from app.paper import PaperSettings
from app.records import Donation, Unit
from app.reports import snapshots
from app.reports.model import INT, TEXT, Column, Period, ReportData, Row, Table
from app.reports.pdf import FONTS, _empty
from app.reports.render import say, with_paper
from app.store import Store

H2_2025 = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
MM = 72 / 25.4  # points per mm
BIG_CASH = 5_963_250_000_000  # more than any province has received: it must still fit its cell
VIETNAMESE = "Ả Ẩ Ặ Ế Ệ Ỗ Ợ Ự Ỹ Đ đ ư ơ"


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """A province-scale source: many schools and children, a commune office, the
    department, and a cash donation larger than the demo ever makes."""
    store = Store.open(tmp_path_factory.mktemp("layout"))
    result = generate(store, students=1500, schools=8, seed=11, school_year="2025-2026")
    first = store.get(Unit, result.unit_ids[0])
    office = Unit(code="UBND-XA", name="UBND xã Nậm Chà", kind="commune", commune_code=first.commune_code)
    office.unit_id = office.id
    store.save(office, "test")
    dept = Unit(code="SGD-LAICHAU", name="Sở GD&ĐT Lai Châu", kind="province", province_code="12")
    dept.unit_id = dept.id
    store.save(dept, "test")
    store.save(Donation(unit_id=dept.id, donor_name="Quỹ Phát triển giáo dục vùng cao (COVID-19)",
                        donor_kind="organisation", cash_vnd=BIG_CASH, received_date="2025-09-02"), "test")
    yield store, first
    store.close()


def render(store, kind: str, code: str, tmp_path, period: Period = H2_2025, **paper):
    source = reports.store_source(store)
    data = reports.build(source, kind, reports.find_unit(source, code), period)
    if paper:
        data.paper = paper
    path = tmp_path / f"{kind}-{code}-{period.start}.pdf"
    reports.write(data, path)
    return data, path


def norm(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def page_words(page) -> list[dict]:
    return [dict(w, text=norm(w["text"])) for w in page.extract_words(keep_blank_chars=False, use_text_flow=False,
                                                                        extra_attrs=["fontname", "size"])]


def check_layout(path, data) -> None:
    """Every word inside the page's text frame and, in a table, whole inside its cell; no two
    words overlap; the Decree's font; the signature block on a page with body text."""
    tol = 0.6  # pt
    # an empty table's title and "Không phát sinh." are no body of their own: the signatures
    # need the body's last lines on their page, not just those (unless nothing else happened)
    shown = [*data.tables, *([data.detail] if data.print_detail and data.detail else [])]
    empty = set()
    if not all(_empty(t) for t in shown):
        empty = {x for t in shown if _empty(t) for x in t.title.split()} | set(say("nothing", data.lang).split())
    with pdfplumber.open(str(path)) as pdf:
        signature_pages = []
        for page in pdf.pages:
            words = page_words(page)
            rects = [r for r in page.rects if r["width"] > 1 and r["height"] > 1]
            for w in words:
                assert "LiberationSerif" in w["fontname"], (path.name, w["text"], w["fontname"])
                is_page_number = w["top"] < 20 * MM - tol
                if not is_page_number:  # the text frame: 30 mm left, 15 right, 20 top and bottom
                    assert w["x0"] >= 30 * MM - tol and w["x1"] <= page.width - 15 * MM + tol, (path.name, w)
                    assert w["bottom"] <= page.height - 20 * MM + tol, (path.name, w)
                cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
                holding = [r for r in rects if r["x0"] <= cx <= r["x1"] and r["top"] <= cy <= r["bottom"]]
                if holding:  # a table cell: the word is whole inside it
                    cell = min(holding, key=lambda r: r["width"] * r["height"])
                    assert cell["x0"] - tol <= w["x0"] and w["x1"] <= cell["x1"] + tol, (path.name, w["text"], cell)
                    assert cell["top"] - tol <= w["top"] and w["bottom"] <= cell["bottom"] + tol, (path.name, w)
            ordered = sorted(words, key=lambda w: (w["top"], w["x0"]))
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    if b["top"] >= a["bottom"] - tol:
                        break
                    overlap_x = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                    overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                    assert overlap_x <= tol or overlap_y <= tol, (path.name, a["text"], b["text"])
            texts = [w["text"] for w in words]
            if "LẬP" in texts and "BIỂU" in texts:
                top = next(w["top"] for w in words if w["text"] == "BIỂU")
                body = [w for w in words if w["top"] < top - 2 and w["top"] > 20 * MM and w["text"] not in empty]
                signature_pages.append((page.page_number, len(body), len(rects)))
        assert len(signature_pages) == 1, (path.name, signature_pages)
        number, body_words, _cells = signature_pages[0]
        assert body_words >= 5, f"{path.name}: the signature block stands alone on page {number}"
        assert number == len(pdf.pages), path.name


def figures(table) -> set[str]:
    from app.reports.model import SUMMED, cell_text

    out = set()
    for c in table.columns:
        if c.kind in SUMMED:
            out |= {cell_text(c, r.values.get(c.key)) for r in table.rows}
            if table.totals is not None:
                out.add(cell_text(c, table.totals.get(c.key)))
    return out - {""}


def test_the_font_has_every_vietnamese_letter():
    """Liberation Serif (metric-compatible with Times New Roman, SIL OFL 1.1) maps every
    Vietnamese letter: each vowel with each tone mark, Đ, Ơ, Ư — no .notdef box."""
    tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    letters = {norm(v + t) for v in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" for t in tones} | set("đĐ") | set(VIETNAMESE) - {" "}
    for name in FONTS.values():
        cmap = TTFont(str(resources.path("fonts", name))).getBestCmap()
        assert all(len(ch) == 1 and ord(ch) in cmap for ch in letters), name
    assert resources.path("fonts", "LICENSE-Liberation.txt").exists()


def test_vietnamese_letters_print_as_themselves(province, tmp_path):
    store, school = province
    data, path = render(store, "needs", school.code, tmp_path, signer_name="Lò Văn Ẩn",
                        recipients=[f"Phòng {VIETNAMESE}"])
    with pdfplumber.open(str(path)) as pdf:
        text = norm(" ".join(p.extract_text() for p in pdf.pages))
    assert VIETNAMESE in text and "Lò Văn Ẩn" in text


@pytest.mark.parametrize("level", ["school", "commune", "province"])
def test_every_report_is_laid_out_whole(province, tmp_path, level):
    """Every kind at every level: each figure whole inside its cell (the largest money
    included), no overlaps, margins and font, the signature block with the body."""
    store, school = province
    code = {"school": school.code, "commune": "UBND-XA", "province": "SGD-LAICHAU"}[level]
    for kind in reports.KINDS:
        data, path = render(store, kind, code, tmp_path)
        check_layout(path, data)
        with pdfplumber.open(str(path)) as pdf:
            words = {w["text"] for p in pdf.pages for w in page_words(p)}
        shown = [t for t in [*data.tables, *([data.detail] if data.print_detail and data.detail else [])]]
        for table in shown:
            missing = {f for f in figures(table) if f not in words and f != "0"}
            assert not missing, (kind, level, table.key, sorted(missing)[:5])
    if level == "province":
        data, path = render(store, "mobilisation", code, tmp_path)
        assert data.totals["cash"] >= BIG_CASH
        with pdfplumber.open(str(path)) as pdf:
            words = {w["text"] for p in pdf.pages for w in page_words(p)}
        assert "5.963.250.000.000" in words


def test_headers_wrap_at_spaces_only(province, tmp_path):
    """Issue 16 item 8: never "(COVI|D-19)" nor "SIM/g|ói": each header word is whole."""
    store, _school = province
    for kind in ("needs", "handovers", "missed"):
        data, path = render(store, kind, "SGD-LAICHAU", tmp_path)
        with pdfplumber.open(str(path)) as pdf:  # a footnote's words end in ";" or "."
            words = {x for p in pdf.pages for w in page_words(p) for x in (w["text"], w["text"].rstrip(";.:"))}
        titles = {x for t in data.tables for c in t.columns for x in (c.title + " " + c.group).split()}
        assert titles <= words, (kind, sorted(titles - words))


def test_the_needs_table_of_a_province_prints_at_11_pt_headers_included(province, tmp_path):
    """The needs report's 20 columns at province scale: landscape at 11 pt, headers too
    (the Decree's least for a landscape table), the long header words abbreviated and
    explained in a footnote "(1) …" under the table (issue 16 item 8)."""
    store, _school = province
    data, path = render(store, "needs", "SGD-LAICHAU", tmp_path)
    assert len(data.tables[0].columns) + 1 == 20
    with pdfplumber.open(str(path)) as pdf:
        first = pdf.pages[0]
        assert first.width > first.height  # landscape
        sizes = {round(w["size"], 1) for p in pdf.pages for w in page_words(p)}
        text = norm(" ".join(p.extract_text() for p in pdf.pages))
    assert min(sizes) >= 11.0, sorted(sizes)
    text = " ".join(text.split())
    assert "(1) Viết tắt:" in text and "MTB: Máy tính bảng" in text and "Xã/phường (1)" in text


def test_decree_sizes_margins_and_parts(province, tmp_path):
    store, school = province
    data, path = render(store, "handovers", school.code, tmp_path)
    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[0]
        lines = {}
        for w in page_words(page):
            lines.setdefault(round(w["top"]), []).append(w)
        by_text = {" ".join(x["text"] for x in sorted(ws, key=lambda x: x["x0"])): ws for ws in lines.values()}

        def sizes(fragment: str) -> set:
            found = [ws for text, ws in by_text.items() if fragment in text]
            assert found, (fragment, list(by_text))
            return {round(w["size"], 1) for ws in found for w in ws}

        assert sizes("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") <= {12.0, 12.5, 13.0}
        assert sizes("Độc lập - Tự do - Hạnh phúc") <= {13.0, 13.5, 14.0}
        assert sizes("Kỳ báo cáo") == {13.0}
        assert all("Bold" in w["fontname"] for ws in by_text.values() for w in ws if w["text"] == "CỘNG")
        text = norm(" ".join(p.extract_text() for p in pdf.pages))
        if len(pdf.pages) > 1:  # page numbers at the top centre from page 2
            second = pdf.pages[1]
            top = min(page_words(second), key=lambda w: w["top"])
            centre = 30 * MM + (second.width - 45 * MM) / 2
            assert top["text"] == "2" and abs((top["x0"] + top["x1"]) / 2 - centre) < 2
    assert "BÁO CÁO" in text and "Thiết bị trao tặng cho học sinh 6 tháng cuối năm 2025" in text
    assert "Nơi nhận:" in text and "- Lưu: VT." in text
    assert "HIỆU TRƯỞNG" in text and "THỦ TRƯỞNG ĐƠN VỊ" not in text


def test_submitted_number_signer_and_preparer_from_the_settings(province, tmp_path):
    store, school = province
    own = store.unit()
    paper_ops.save(store, PaperSettings(symbol="BC-THNC", head_title="Hiệu trưởng", sign_for="KT.",
                                        signer_title="Phó hiệu trưởng", signer_name="Lò Thị Mai",
                                        recipients=["Phòng GD&ĐT huyện Sìn Hồ", "Lưu: VT, HS"]))
    try:
        source = reports.store_source(store)
        data = reports.build(source, "needs", reports.find_unit(source, own.code), H2_2025)
        with_paper(data, store, prepared_by="root")  # a login is never printed as the preparer
        assert data.prepared_by == ""
        with_paper(data, store, prepared_by="Nguyễn Văn Tùng")
        sent = snapshots.submit(store, data, "root")
        assert sent.number.startswith("0") and sent.number.endswith("/BC-THNC") and len(sent.number) == 10
        path = tmp_path / "sent.pdf"
        reports.write(sent, path)
        check_layout(path, sent)
        with pdfplumber.open(str(path)) as pdf:
            words = page_words(pdf.pages[0])
            text = norm(" ".join(p.extract_text() for p in pdf.pages))
        so = next(w for w in words if w["text"] == "Số:")
        number = next(w for w in words if w["text"] == sent.number)
        assert abs(so["top"] - number["top"]) < 1, "“Số:” and the number on one line"
        assert "KT. HIỆU TRƯỞNG" in text and "PHÓ HIỆU TRƯỞNG" in text and "Lò Thị Mai" in text
        assert "Nguyễn Văn Tùng" in text and "root" not in text.split()
        assert "- Phòng GD&ĐT huyện Sìn Hồ;" in text and "- Lưu: VT, HS." in text
    finally:
        paper_ops.save(store, PaperSettings())


def test_headings_by_level(province, tmp_path):
    store, school = province
    _d, path = render(store, "coverage", "UBND-XA", tmp_path)
    with pdfplumber.open(str(path)) as pdf:
        text, last = norm(pdf.pages[0].extract_text()), norm(pdf.pages[-1].extract_text())
    assert text.startswith("ỦY BAN NHÂN DÂN") and "UBND TỈNH" not in text  # the commune heads its own papers
    assert "TM. ỦY BAN NHÂN DÂN" in last and "CHỦ TỊCH" in last
    _d, path = render(store, "coverage", "SGD-LAICHAU", tmp_path)
    with pdfplumber.open(str(path)) as pdf:
        text = norm(pdf.pages[0].extract_text())
    assert text.startswith("UBND TỈNH LAI CHÂU") and "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in text
    _d, path = render(store, "coverage", school.code, tmp_path, managing_body="Phòng GD&ĐT huyện Sìn Hồ")
    with pdfplumber.open(str(path)) as pdf:
        text = norm(pdf.pages[0].extract_text())
    assert text.startswith("PHÒNG GD&ĐT HUYỆN SÌN HỒ")


def test_an_empty_period_says_nothing_happened(province, tmp_path):
    store, school = province
    empty = Period(dt.date(2019, 1, 1), dt.date(2019, 1, 31))
    for kind in ("needs", "mobilisation", "handovers"):
        data, path = render(store, kind, school.code, tmp_path, empty)
        with pdfplumber.open(str(path)) as pdf:
            text = norm(" ".join(p.extract_text() for p in pdf.pages))
            assert len(pdf.pages) == 1
        assert "Không phát sinh" in text and "Tổng cộng" not in text, kind
        assert "tháng 01 năm 2019" in text
        check_layout(path, data)


def test_an_empty_last_table_keeps_the_body_with_the_signatures(tmp_path):
    """A report whose last table is "Không phát sinh": when that line and the signatures do
    not fit under the body, the body's last rows go over with them — never a page of only
    that line and the signatures (issue 16 item 2)."""
    cols = [Column("label", "Lớp", TEXT, width=1.5), Column("in_need", "Số học sinh")]
    pages_seen = set()
    for n in range(4, 34, 2):
        rows = [Row({"label": f"Lớp {i}", "in_need": i + 1}) for i in range(n)]
        data = ReportData(kind="needs", title="BÁO CÁO Nhu cầu hỗ trợ thiết bị học tập", period=H2_2025.as_dict(),
                          unit={"name": "Trường TH Nậm Cha", "kind": "school", "locality": "Nậm Cha"},
                          generated_at="2025-12-01T08:00:00+07:00",
                          tables=[Table("units", "Phân theo lớp", cols, rows, {"label": "Tổng cộng", "in_need": 1}),
                                  Table("sims", "SIM đã trao", [Column("count", "Số SIM", INT)], [], None)])
        path = tmp_path / f"empty-last-{n}.pdf"
        reports.write(data, path)
        check_layout(path, data)
        with pdfplumber.open(str(path)) as pdf:
            pages_seen.add(len(pdf.pages))
            last = norm(pdf.pages[-1].extract_text())
        assert "Không phát sinh" in last and "Lớp" in last.split("SIM đã trao")[0], n
    assert pages_seen == {1, 2}  # the range crosses the page break
