"""Issue 16 items 3, 4, 6, 13: the handover minute as printed — a handover (tablet and SIM), its
return and a SIM handed over alone, rendered by the real writer and read back with pypdf,
text with positions: no identifier split across lines, the number on one line, the Decree's
font and margins, the school's representative named with position on the return."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import pypdf
import pytest

from tools.render_minutes import ICCID, ICCID_ALONE, IMEI, SERIAL, sample_minutes
from ui.minute_pdf import MARGINS_MM, write_minute_pdf

MM = 72 / 25.4  # PDF points per millimetre


def lines_of(path) -> list[list[tuple[str, float, float, float]]]:
    """Each page's lines: the text drawn at one height, left to right, with its x, y and
    font size (pdf points; y from the page's foot)."""
    pages = []
    for page in pypdf.PdfReader(str(path)).pages:
        rows: dict[float, list] = defaultdict(list)

        def visit(text, cm, tm, _font, size, rows=rows):
            if text.strip():  # Qt draws in device units under a scaling cm: back to points
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                pt = size * abs(tm[3] or 1) * abs(cm[3] or 1)
                rows[round(y, 0)].append((unicodedata.normalize("NFC", text), x, y, pt))

        page.extract_text(visitor_text=visit)
        pages.append([sorted(r, key=lambda t: t[1]) for _y, r in sorted(rows.items(), reverse=True)])
    return pages


def joined(line) -> str:
    return re.sub(r"\s+", "", "".join(t for t, *_ in line))


def line_texts(path) -> list[str]:
    return [re.sub(r"\s+", " ", "".join(t for t, *_ in line)).strip() for page in lines_of(path) for line in page]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, qapp_module):
    tmp = tmp_path_factory.mktemp("minutes")
    minutes = sample_minutes(tmp / "data")
    return {name: (write_minute_pdf(tmp / f"{name}.pdf", m), m) for name, m in minutes.items()}


@pytest.fixture(scope="module")
def qapp_module():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def whole_on_a_line(texts: list[str], ident: str) -> bool:
    return any(ident in t.replace(" ", "") for t in texts)


def test_identifiers_and_the_number_are_never_split(rendered):
    expected = {
        "minute-handover": [SERIAL, IMEI, "0968123456", "Số:001/2025/BBBG-THCS0427"],
        "minute-return": [SERIAL, IMEI, "0968123456", "Số:001/2025/BBTH-THCS0427", "001/2025/BBBG-THCS0427"],
        "minute-sim": [ICCID_ALONE, "0912654321", "Số:002/2025/BBBG-THCS0427"],
    }
    for name, idents in expected.items():
        path, _m = rendered[name]
        texts = line_texts(path)
        for ident in idents:
            assert whole_on_a_line(texts, ident), (name, ident, texts)
    assert ICCID not in "".join(line_texts(rendered["minute-handover"][0]))  # a SIM with a device: its number


def test_the_record_keeps_the_computer_mark_the_paper_does_not(rendered):
    for _name, (path, m) in rendered.items():
        assert re.fullmatch(r"\d{3}/2025/BB(BG|TH)-THCS0427", m["number"]), m["number"]
        assert re.search(r"\.[0-9A-F]{4}$", m["record_number"])
        assert m["record_number"] not in "".join(line_texts(path))


def test_the_return_names_the_schools_representative_with_position(rendered):
    path, m = rendered["minute-return"]
    texts = " ".join(line_texts(path))
    assert "Lò Thị Hoa" in texts and "Chức vụ: Hiệu trưởng" in texts
    assert "gv.hoa" not in texts  # never the login that recorded the return
    assert "Phàn Văn Lực" not in texts  # the teacher who handed it over does not sign the return
    assert (m["giver_rep"], m["giver_position"]) == ("Lò Thị Hoa", "Hiệu trưởng")
    hand = " ".join(line_texts(rendered["minute-handover"][0]))
    assert "Phàn Văn Lực" in hand and "Giáo viên chủ nhiệm" in hand


def test_the_decrees_font_sizes_and_margins(rendered):
    path, _m = rendered["minute-handover"]
    reader = pypdf.PdfReader(str(path))
    fonts = {str(f.get_object().get("/BaseFont")) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("LiberationSerif" in f for f in fonts), fonts
    page = lines_of(path)[0]
    width = float(reader.pages[0].mediabox.width)
    xs = [x for line in page for _t, x, _y, _s in line]
    assert min(xs) >= (MARGINS_MM[0] - 0.5) * MM  # left margin 30 mm
    assert MARGINS_MM == (30.0, 20.0, 15.0, 20.0)
    tops = [y for line in page for _t, _x, y, _s in line]
    assert max(tops) <= float(reader.pages[0].mediabox.height) - 20 * MM
    assert width > 0
    body = [s for line in page if "Hômnay" in joined(line) for _t, _x, _y, s in line]
    assert body and all(12.9 <= s <= 14.1 for s in body), body  # the body at 13 pt
    title = [s for line in page if "BIÊNBẢN" in joined(line) for _t, _x, _y, s in line]
    assert title and all(13.9 <= s <= 14.1 for s in title), title


def test_only_the_bundled_liberation_serif_even_in_bold(rendered):
    """A system's older Liberation Serif (1.07, without Ộ Ậ Ệ Ủ…) shares the bundled one's
    family name; the bold capitals with marks must not come out in another font (DejaVu
    Serif Bold, merged in by Qt), nor the words be extracted in pieces."""
    for name, (path, _m) in rendered.items():
        reader = pypdf.PdfReader(str(path))
        for page in reader.pages:
            fonts = {str(f.get_object().get("/BaseFont")).split("+")[-1]
                     for f in page["/Resources"]["/Font"].values()}
            assert fonts <= {"/LiberationSerif", "/LiberationSerif-Bold", "/LiberationSerif-Italic",
                             "/LiberationSerif-BoldItalic"}, (name, fonts)
        text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", reader.pages[0].extract_text()))
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text, (name, text[:200])
        assert "TRƯỜNG" in text, (name, text[:200])
