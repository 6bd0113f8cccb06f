"""Class roster import from messy .xlsx and .csv files as Vietnamese schools have them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from app import messages
from app.errors import RosterError
from app.records import Student, Unit
from app.roster import apply_mapping, import_roster, read_roster
from songmay.cli import main
from tests.helpers.factories import personal_id

# Valid personal IDs: province 002 (Hà Giang), 4th digit 2 boy / 3 girl (born 2000s), 5-6 the year.
PID_ANH = "002315001234"  # girl, 2015
PID_SINH = "002216000077"  # boy, 2016
PID_DUA = "002317000055"  # girl, 2017


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def write_csv(path: Path, rows: list[list[object]], *, delimiter: str = ",",
              encoding: str = "utf-8-sig") -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    text = buf.getvalue()
    path.write_bytes(to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters (â ê ô ă ơ ư đ) precomposed,
    tone marks as separate combining characters."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
        shape = [m for m in marks if m not in tones]
        out += unicodedata.normalize("NFC", base + "".join(shape)).encode("cp1258")
        out += "".join(tones).encode("cp1258")
    return bytes(out)


def write_xlsx(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DS lop 3A"
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                ws.cell(r, c, value)
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)
    return path


HEADER = ["STT", "Họ và tên", "Ngày sinh", "Nữ", "Dân tộc", "Mã định danh", "Họ tên cha/mẹ",
          "SĐT", "Thôn/bản", "Hộ nghèo", "Cận nghèo"]


def messy_rows() -> list[list[object]]:
    """A roster as a school office makes it: titles, merged cells, header on row 6,
    a row of column numbers, Excel dates, numbers for IDs, NFD text, a signature footer."""
    return [
        ["PHÒNG GD&ĐT HUYỆN MƯỜNG TÈ", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["TRƯỜNG PTDTBT TH NẬM CHA", None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        ["DANH SÁCH HỌC SINH LỚP 3A NĂM HỌC 2025 - 2026"],
        [],
        HEADER,
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)"],
        [1, nfd("Lò Thị Ánh"), dt.datetime(2015, 5, 12), "x", "Thái", 2315001234, "Lò Văn Bình",
         912345678, nfd("Bản Nậm Cha"), "x", None],
        [2, "GIÀNG A SÌNH", 42370, None, "Mông", "002216000077", "Giàng A Tủa", "0981 234 567",
         "Bản Pa Ủ", None, "x"],
        [3, "Vàng Thị Dua", "03/04/2017", "X", "Mông", 2317000055.0, None, None, None, None, None],
        [],
        ["Tổng cộng: 3 học sinh"],
        [None, None, None, None, "Nậm Cha, ngày 05 tháng 9 năm 2025"],
        [None, "Người lập biểu", None, None, None, "Hiệu trưởng"],
        [None, "(Ký, ghi rõ họ tên)", None, None, None, "(Ký tên, đóng dấu)"],
        [],
        [None, "Nguyễn Văn Hùng", None, None, None, "Trần Thị Mai"],
    ]


MESSY_MERGES = ("A1:D1", "E1:K1", "A2:D2", "E2:K2", "A4:K4", "A12:C12", "E13:K13")


@pytest.fixture
def messy_xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "Danh sach lop 3A.xlsx", messy_rows(), MESSY_MERGES)


def count(store, table: str) -> int:
    return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# ------------------------------------------------------------------ reading
def test_messy_xlsx_is_read_from_the_header_to_the_footer(messy_xlsx):
    table = read_roster(messy_xlsx)
    assert table.header_row == 6
    assert table.headers[:3] == ["STT", "Họ và tên", "Ngày sinh"]
    assert table.mapping == {1: "full_name", 2: "birth_date", 3: "sex", 4: "ethnicity",
                             5: "personal_id", 6: "guardian_name", 7: "guardian_phone",
                             8: "village", 9: "household", 10: "household"}
    assert [r.row_no for r in table.rows] == [8, 9, 10]  # no numbering row, no footer, no signatures
    anh, sinh, dua = (r.values for r in table.rows)
    assert anh["full_name"] == "Lò Thị Ánh" and unicodedata.is_normalized("NFC", anh["full_name"])
    assert anh["village"] == "Bản Nậm Cha" and unicodedata.is_normalized("NFC", anh["village"])
    assert anh["birth_date"] == "2015-05-12" and anh["sex"] == "F"
    assert anh["personal_id"] == PID_ANH  # Excel made it the number 2315001234
    assert anh["household"] == "poor" and anh["guardian_phone"] == "912345678"
    assert anh["class_name"] == "3A" and anh["school_year"] == "2025-2026"  # from the title
    assert sinh["birth_date"] == "2016-01-01"  # Excel serial 42370
    assert sinh["sex"] == "M" and sinh["household"] == "near_poor"  # empty "Nữ" → boy
    assert dua["birth_date"] == "2017-04-03" and dua["personal_id"] == PID_DUA
    assert "household" not in dua and "guardian_phone" not in dua  # empty: not said
    assert all(r.problems == [] for r in table.rows)
    Student(unit_id="u", **anh).checked()  # values are ready for the record


def test_messy_xlsx_imports_every_child(store, messy_xlsx):
    result = import_roster(store, messy_xlsx, actor="gv")
    assert (result.imported, result.updated, result.unchanged, result.rejected) == (3, 0, 0, [])
    assert result.header_row == 6 and result.mapping[1] == "full_name"
    anh = store.find(Student, "personal_id=?", (PID_ANH,))[0]
    assert anh.full_name == "Lò Thị Ánh" and anh.unit_id == store.unit_id
    assert anh.guardian_phone == "0912345678" and anh.class_name == "3A"
    assert anh.household == "poor" and anh.ethnicity == "Thái"
    sinh = store.find(Student, "personal_id=?", (PID_SINH,))[0]
    assert sinh.full_name == "Giàng A Sình" and sinh.guardian_phone == "0981234567"
    json.dumps(result.as_dict())


@pytest.mark.parametrize(("header", "expected"), [
    (["TT", "Họ tên học sinh", "Ngày tháng năm sinh", "GT", "Lớp"],
     {1: "full_name", 2: "birth_date", 3: "sex", 4: "class_name"}),
    (["STT", "TÊN HỌC SINH", "NS", "Giới tính (Nam/Nữ)", "Mã ĐDCN", "Mã HS"],
     {1: "full_name", 2: "birth_date", 3: "sex", 4: "personal_id", 5: "moet_code"}),
    (["So TT", "Ho va ten", "Ngay sinh", "Gioi tinh", "So dinh danh", "Dan toc"],
     {1: "full_name", 2: "birth_date", 3: "sex", 4: "personal_id", 5: "ethnicity"}),
    ([nfd(h) for h in ("Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Họ tên phụ huynh",
                       "Điện thoại", "Diện hộ")],
     {0: "full_name", 1: "birth_date", 2: "sex", 3: "personal_id", 4: "guardian_name",
      5: "guardian_phone", 6: "household"}),
    (["Họ và tên (*)", "Ngày sinh (dd/mm/yyyy)", "Nữ", "Mã MOET", "Người giám hộ", "Quan hệ",
      "Số điện thoại", "Địa chỉ", "Con gia đình chính sách", "Mồ côi do COVID",
      "Số giấy chứng nhận hộ nghèo", "Năm", "Hộ nghèo/cận nghèo"],
     {0: "full_name", 1: "birth_date", 2: "sex", 3: "moet_code", 4: "guardian_name",
      5: "guardian_relation", 6: "guardian_phone", 7: "village", 8: "policy_family",
      9: "covid_orphan", 10: "poverty_cert_no", 11: "poverty_cert_year", 12: "household"}),
    (["STT", "Họ và tên", "Nơi sinh", "Ngày sinh", "Dân tộc thiểu số", "Dân tộc", "Ghi chú"],
     {1: "full_name", 3: "birth_date", 5: "ethnicity"}),
    (["Họ và tên học sinh", "Ngày, tháng,\nnăm sinh", "Họ và tên cha, mẹ (người giám hộ)",
      "SĐT người giám hộ", "Thôn", "Cha mẹ mất do COVID-19", "Hoàn cảnh"],
     {0: "full_name", 1: "birth_date", 2: "guardian_name", 3: "guardian_phone", 4: "village",
      5: "covid_orphan", 6: "household"}),
])
def test_header_spellings(tmp_path, header, expected):
    path = write_csv(tmp_path / "lop.csv", [["DANH SÁCH HỌC SINH"], [], header])
    table = read_roster(path)
    assert table.header_row == 3
    assert table.mapping == expected


def test_header_row_is_the_one_naming_most_columns(tmp_path):
    rows = [["Họ và tên giáo viên chủ nhiệm: Lò Văn Minh", "Ngày sinh"],  # looks like one, is not
            ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc"],
            [1, "Lò Thị Ánh", "12/05/2015", "Nữ", "Thái"]]
    table = read_roster(write_csv(tmp_path / "a.csv", rows))
    assert table.header_row == 2 and len(table.mapping) == 4


def test_file_without_name_and_birth_columns_has_no_header(tmp_path):
    path = write_csv(tmp_path / "x.csv", [["STT", "Họ và tên", "Lớp"], [1, "Lò Thị Ánh", "3A"]])
    with pytest.raises(RosterError) as e:
        read_roster(path)
    assert e.value.key == "roster.no_header"


def test_header_below_row_15_is_not_searched(tmp_path):
    rows = [["tiêu đề"]] * 15 + [["Họ và tên", "Ngày sinh"], ["Lò Thị Ánh", "12/05/2015"]]
    with pytest.raises(RosterError) as e:
        read_roster(write_csv(tmp_path / "late.csv", rows))
    assert e.value.key == "roster.no_header"


@pytest.mark.parametrize(("cell", "iso"), [
    ("12/05/2015", "2015-05-12"), ("3-4-2016", "2016-04-03"), ("05.06.2017", "2017-06-05"),
    ("42370", "2016-01-01"), ("2015-05-12", "2015-05-12"), ("7/9/15", "2015-09-07"),
    ("12 / 05 / 2015", "2015-05-12"), ("ngày 12 tháng 5 năm 2015", "2015-05-12"),
])
def test_birth_date_formats(tmp_path, cell, iso):
    path = write_csv(tmp_path / "d.csv", [["Họ và tên", "Ngày sinh"], ["Lò Thị Ánh", cell]])
    assert read_roster(path).rows[0].values["birth_date"] == iso


@pytest.mark.parametrize(("cell", "pid"), [
    ("002315001234", PID_ANH), ("002 315 001 234", PID_ANH), ("2315001234", PID_ANH),
    ("'002315001234", PID_ANH), ("2.315001234E+09", PID_ANH), ("2315001234.0", PID_ANH),
    ("12345678", "12345678"),  # too short: left for validation to refuse, not padded
])
def test_personal_id_forms(tmp_path, cell, pid):
    path = write_csv(tmp_path / "p.csv", [["Họ và tên", "Ngày sinh", "Số định danh"],
                                          ["Lò Thị Ánh", "12/05/2015", cell]])
    assert read_roster(path).rows[0].values["personal_id"] == pid


def test_sex_words_and_tick_columns(tmp_path):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính"]] + [
        [f"Lò Văn {n}", "12/05/2015", word] for n, word in
        zip("ABCDEFGH", ["Nam", "nữ", "NU", "M", "F", "male", "Female", "Trai"], strict=True)
    ]
    table = read_roster(write_csv(tmp_path / "s.csv", rows))
    assert [r.values["sex"] for r in table.rows] == ["M", "F", "F", "M", "F", "M", "F", "M"]
    ticks = [["Họ và tên", "Ngày sinh", "Nữ"], ["A Lò", "12/05/2015", "1"],
             ["B Lò", "12/05/2015", "0"], ["C Lò", "12/05/2015", ""], ["D Lò", "12/05/2015", "x"]]
    table = read_roster(write_csv(tmp_path / "n.csv", ticks))
    assert [r.values["sex"] for r in table.rows] == ["F", "M", "M", "F"]
    odd = read_roster(write_csv(tmp_path / "o.csv", [["Họ và tên", "Ngày sinh", "Giới tính"],
                                                      ["A Lò", "12/05/2015", "1"]]))
    assert "sex" not in odd.rows[0].values and "“1”" in odd.rows[0].problems[0]


def test_household_words_and_ticks(tmp_path):
    words = ["Hộ nghèo", "nghèo", "HN", "Cận nghèo", "CN", "HCN", "Khó khăn", "", "Không"]
    rows = [["Họ và tên", "Ngày sinh", "Diện hộ"]] + [[f"Lò Văn {i}", "12/05/2015", w]
                                                      for i, w in zip("ABCDEFGHI", words, strict=True)]
    table = read_roster(write_csv(tmp_path / "h.csv", rows))
    assert [r.values.get("household") for r in table.rows] == [
        "poor", "poor", "poor", "near_poor", "near_poor", "near_poor", "other_hardship", None, "none"]
    ticks = [["Họ và tên", "Ngày sinh", "Hộ nghèo", "Cận nghèo"],
             ["A Lò", "12/05/2015", "x", ""], ["B Lò", "12/05/2015", "", "x"],
             ["C Lò", "12/05/2015", "", ""]]
    table = read_roster(write_csv(tmp_path / "t.csv", ticks))
    assert [r.values.get("household") for r in table.rows] == ["poor", "near_poor", None]


def test_two_row_header_with_merged_cells(tmp_path):
    rows = [
        ["DANH SÁCH HỌC SINH"],
        [],
        ["STT", "Họ và tên", None, "Ngày sinh", None, None, "Giới tính", None, "Lớp"],
        [None, "Họ đệm", "Tên", "Ngày", "Tháng", "Năm", "Nam", "Nữ", None],
        [1, "Lò Thị", "Ánh", 12, 5, 2015, None, "x", "3A"],
        [2, "Giàng A", "Sình", 1, 1, 2016, "x", None, "3A"],
    ]
    merges = ("A1:I1", "A3:A4", "B3:C3", "D3:F3", "G3:H3", "I3:I4")
    table = read_roster(write_xlsx(tmp_path / "two.xlsx", rows, merges))
    assert table.header_row == 3
    assert sorted(set(table.mapping.values())) == ["birth_date", "class_name", "full_name", "sex"]
    assert [(r.row_no, r.values["full_name"], r.values["birth_date"], r.values["sex"])
            for r in table.rows] == [(5, "Lò Thị Ánh", "2015-05-12", "F"),
                                     (6, "Giàng A Sình", "2016-01-01", "M")]


def test_class_merged_down_the_rows_fills_every_child(tmp_path):
    rows = [["Lớp", "Họ và tên", "Ngày sinh"], ["4B", "Lò Thị Ánh", "12/05/2015"],
            [None, "Giàng A Sình", "01/01/2016"]]
    table = read_roster(write_xlsx(tmp_path / "m.xlsx", rows, ("A2:A3",)))
    assert [r.values["class_name"] for r in table.rows] == ["4B", "4B"]


@pytest.mark.parametrize(("name", "encoding", "delimiter"), [
    ("utf8bom.csv", "utf-8-sig", ";"),
    ("cp1258.csv", "cp1258", ","),
    ("plain.csv", "utf-8", "\t"),
    ("unicode.txt", "utf-16", "\t"),
])
def test_csv_encodings_and_separators(store, tmp_path, name, encoding, delimiter):
    rows = [["SỞ GD&ĐT LAI CHÂU"], ["DANH SÁCH HỌC SINH LỚP 5A"],
            ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Thôn, bản"],
            [1, "Lò Thị Ánh", "12/05/2015", "Nữ", "Thái", "Bản Nậm Cha, xã Nậm Cha"],
            [2, "Đặng Văn Dũng", "01/01/2016", "Nam", "Dao", "Bản Pa Ủ"]]
    path = write_csv(tmp_path / name, rows, delimiter=delimiter, encoding=encoding)
    if encoding == "cp1258":  # Windows-1258 keeps tone marks apart: decoded text is not NFC
        assert not unicodedata.is_normalized("NFC", path.read_bytes().decode("cp1258"))
    result = import_roster(store, path, actor="gv")
    assert (result.imported, result.rejected) == (2, [])
    names = {s.full_name: s for s in store.find(Student)}
    assert set(names) == {"Lò Thị Ánh", "Đặng Văn Dũng"}
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert names["Lò Thị Ánh"].village == "Bản Nậm Cha, xã Nậm Cha"
    assert names["Lò Thị Ánh"].class_name == "5A"  # from the title


def test_default_class_wins_over_title_and_loses_to_column(tmp_path):
    rows = [["DANH SÁCH LỚP 3A"], ["Họ và tên", "Ngày sinh", "Lớp"],
            ["Lò Thị Ánh", "12/05/2015", ""], ["Lò Văn Bình", "12/05/2015", "Lớp 4 c"]]
    table = read_roster(write_csv(tmp_path / "c.csv", rows), default_class="3b")
    assert [r.values["class_name"] for r in table.rows] == ["3B", "4C"]


def test_whole_school_list_in_class_blocks_with_subtotals(tmp_path):
    rows = [
        ["DANH SÁCH HỌC SINH TOÀN TRƯỜNG"],
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính"],
        ["Lớp 3A", "Lớp 3A", "Lớp 3A", "Lớp 3A"],  # a merged sub-title row
        [1, "Lò Thị Ánh", "12/05/2015", "Nữ"],
        ["", "Cộng lớp 3A: 1 học sinh"],
        ["STT", "Họ và tên", "Ngày tháng năm sinh", "Giới tính"],  # the header again, new page
        ["", "Lớp 3 b"],
        [1, "Giàng A Sình", "01/01/2016", "Nam"],
        [2, "Vàng Thị Dua", "32/01/2016", "Nữ"],  # a real child with a bad date: reported
        [3, "Sùng A Páo", "", "Nam"],  # and one without a date
        [],
        ["", "Tổng cộng: 3 học sinh"],
        ["", "", "ngày 05 tháng 9 năm 2025"],  # a date in the birth-date column, still footer
        ["", "Hiệu trưởng"],
        ["", "Trần Thị Mai"],
    ]
    table = read_roster(write_csv(tmp_path / "truong.csv", rows), default_class="9Z")
    got = [(r.row_no, r.values["full_name"], r.values["class_name"]) for r in table.rows]
    assert got == [(4, "Lò Thị Ánh", "3A"), (8, "Giàng A Sình", "3B"), (9, "Vàng Thị Dua", "3B"),
                   (10, "Sùng A Páo", "3B")]
    assert table.rows[2].problems and "32/01/2016" in table.rows[2].problems[0]


# ------------------------------------------------------------------ rejections
def test_every_rejected_row_is_reported_with_its_row_number_and_reason(store, tmp_path):
    rows = [
        ["DANH SÁCH HỌC SINH LỚP 3A"],
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số định danh", "SĐT", "Diện hộ"],
        [1, "Lò Thị Ánh", "12/05/2015", "Nữ", PID_ANH, "0912345678", "Hộ nghèo"],  # row 3: fine
        [2, "Lò Văn Bình", "31/02/2015", "Nam", "", "", ""],  # row 4: no such day
        [3, "Giàng A Sình", "01/01/2016", "Nam", "002316000077", "", ""],  # 5: 4th digit says girl
        [4, "Vàng Thị Dua", "03/04/2017", "", "", "", ""],  # row 6: sex missing
        [5, "Sùng A Páo", "03/04/2017", "Nam", "", "12345", ""],  # row 7: not a phone: kept without it
        [6, "Hầu Thị Mai", "03/04/2017", "Nữ", "", "", "giàu"],  # row 8: unknown household
        [7, "", "03/04/2017", "Nữ", "", "", ""],  # row 9: a date but no name
        [8, "Lý Văn Tài", "", "Nam", "", "", ""],  # row 10: a name but no date
        [9, "Chảo Thị Mẩy", "03/04/2000", "Nữ", "", "", ""],  # row 11: 26 years old
        [],
        ["", "Tổng cộng: 9 học sinh"],
        ["", "Người lập biểu", "", "Hiệu trưởng"],
        ["", "Nguyễn Văn Hùng", "", "Trần Thị Mai"],
    ]
    result = import_roster(store, write_csv(tmp_path / "loi.csv", rows), actor="gv")
    assert result.imported == 2
    reasons = dict(result.rejected)
    assert sorted(reasons) == [4, 5, 6, 8, 9, 10, 11]  # footer and signatures not reported
    assert "31/02/2015" in reasons[4]
    assert "chữ số thứ 4" in reasons[5]
    assert "Giới tính" in reasons[6]
    # an optional cell in a format not in use: the child is imported, the cell dropped and said
    assert [n for n, _t in result.warnings] == [7] and "12345" in result.warnings[0][1]
    assert "giàu" in reasons[8]
    assert "Họ và tên" in reasons[9]
    assert "Ngày sinh" in reasons[10]
    assert "từ 2 đến 25" in reasons[11]
    assert count(store, "students") == 2
    assert store.find(Student, "full_name=?", ("Sùng A Páo",))[0].guardian_phone == ""


def test_rejection_reasons_in_english(store, tmp_path):
    messages.set_language("en")
    rows = [["Họ và tên", "Ngày sinh", "Giới tính"], ["Lò Văn Bình", "31/02/2015", "Nam"]]
    result = import_roster(store, write_csv(tmp_path / "e.csv", rows), actor="gv")
    assert result.rejected == [(2, "Birth date: “31/02/2015” is not a valid date (dd/mm/yyyy).")]


def test_same_child_twice_in_one_file_rejects_the_second(store, tmp_path):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Mã định danh", "Lớp"],
            ["Lò Thị Ánh", "12/05/2015", "Nữ", PID_ANH, "3A"],
            ["Lò Văn Bình", "01/01/2016", "Nam", "", "3A"],
            ["LÒ THỊ ÁNH", "12/05/2015", "Nữ", "2315001234", "3A"],  # same ID
            ["lò văn bình", "01/01/2016", "Nam", "", "3a"],  # same name, date and class
            ["Lò Văn Bình", "01/01/2016", "Nam", "", "3B"]]  # another class: maybe another child
    path = write_csv(tmp_path / "dup.csv", rows)
    held = import_roster(store, path, actor="gv", dry_run=True)
    assert held.imported == 2 and [n for n, _r in held.rejected] == [4, 5, 6]
    assert "dòng 3" in held.rejected[2][1].lower()  # held: possibly row 3 again, until confirmed
    result = import_roster(store, path, actor="gv", different=[6])  # "this is a different child"
    assert result.imported == 3
    assert result.rejected == [(4, messages.text("roster.duplicate_in_file", other=2)),
                               (5, messages.text("roster.duplicate_in_file", other=3))]
    assert count(store, "students") == 3


def test_personal_id_of_a_child_of_another_school_is_rejected_the_rest_imported(store, tmp_path):
    other = Unit(code="TH0009", name="Trường TH Pa Ủ", level="TH", commune_code="03388")
    other.unit_id = other.id
    store.save(other, "t")
    store.save(Student(unit_id=other.id, full_name="Lò Thị Ánh", birth_date="2015-05-12", sex="F",
                       personal_id=PID_ANH, class_name="3A"), "t")
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Mã định danh"],
            ["Lò Thị Ánh", "12/05/2015", "Nữ", PID_ANH],
            ["Giàng A Sình", "01/01/2016", "Nam", PID_SINH]]
    result = import_roster(store, write_csv(tmp_path / "o.csv", rows), actor="gv")
    assert result.imported == 1
    assert [n for n, _ in result.rejected] == [2]
    assert PID_ANH in result.rejected[0][1] and "Trường TH Pa Ủ" in result.rejected[0][1]
    assert store.count(Student, "unit_id=?", (store.unit_id,)) == 1


# ------------------------------------------------------------------ re-import and updates
def test_stored_child_with_another_personal_id_is_a_conflict_not_a_second_child(store, tmp_path):
    store.save(Student(unit_id=store.unit_id, full_name="Lò Thị Ánh", birth_date="2015-05-12",
                       sex="F", personal_id="002315009999", class_name="3A"), "t")
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "Mã định danh"],
            ["Lò Thị Ánh", "12/05/2015", "Nữ", "3A", PID_ANH]]
    result = import_roster(store, write_csv(tmp_path / "c.csv", rows), actor="gv")
    assert result.imported == 0 and [n for n, _ in result.rejected] == [2]
    assert "002315009999" in result.rejected[0][1] and PID_ANH in result.rejected[0][1]
    assert [s.personal_id for s in store.find(Student)] == ["002315009999"]


def test_importing_the_same_file_again_changes_nothing(store, messy_xlsx):
    first = import_roster(store, messy_xlsx, actor="gv")
    assert first.imported == 3
    before = (count(store, "students"), count(store, "audit"), store.counter)
    again = import_roster(store, messy_xlsx, actor="gv")
    assert (again.imported, again.updated, again.unchanged, again.rejected) == (0, 0, 3, [])
    assert (count(store, "students"), count(store, "audit"), store.counter) == before


def test_changed_phone_updates_and_missing_or_empty_cells_keep_stored_values(store, tmp_path):
    first = [["Họ và tên", "Ngày sinh", "Giới tính", "Mã định danh", "SĐT", "Hộ nghèo", "Lớp"],
             ["Lò Thị Ánh", "12/05/2015", "Nữ", PID_ANH, "0912345678", "x", "3A"],
             ["Giàng A Sình", "01/01/2016", "Nam", "", "0981234567", "", "3A"],
             ["Vàng Thị Dua", "03/04/2017", "Nữ", "", "0351234567", "", "3A"]]
    assert import_roster(store, write_csv(tmp_path / "1.csv", first), actor="gv").imported == 3
    ids = {s.full_name: s.id for s in store.find(Student)}
    audit = count(store, "audit")
    # the school's next list: no household column, one phone changed, one phone left empty
    second = [["Họ và tên", "Ngày sinh", "Giới tính", "Mã định danh", "SĐT", "Lớp"],
              ["Lò Thị Ánh", "12/05/2015", "Nữ", PID_ANH, "0912 000 111", "3A"],
              ["GIÀNG A SÌNH", "01/01/2016", "Nam", "", "", "3A"],
              ["Vàng Thị Dua", "03/04/2017", "Nữ", "", "0351234567", "3A"]]
    result = import_roster(store, write_csv(tmp_path / "2.csv", second), actor="gv")
    assert (result.imported, result.updated, result.unchanged, result.rejected) == (0, 1, 2, [])
    assert count(store, "audit") == audit + 1 and count(store, "students") == 3
    anh = store.get(Student, ids["Lò Thị Ánh"])
    assert anh.guardian_phone == "0912000111"
    assert anh.household == "poor"  # the new file has no household column: kept
    assert store.get(Student, ids["Giàng A Sình"]).guardian_phone == "0981234567"  # empty cell: kept
    assert store.history(anh.id)[-1]["actor"] == "gv"


def test_personal_id_added_to_a_child_matched_by_name_birth_and_class(store, tmp_path):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Lớp"], ["Lò Thị Ánh", "12/05/2015", "Nữ", "3A"]]
    import_roster(store, write_csv(tmp_path / "1.csv", rows), actor="gv")
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "Mã định danh"],
            ["Lò Thị Ánh", "12/05/2015", "Nữ", "3A", PID_ANH]]
    result = import_roster(store, write_csv(tmp_path / "2.csv", rows), actor="gv")
    assert (result.imported, result.updated) == (0, 1)
    assert [s.personal_id for s in store.find(Student)] == [PID_ANH]


# ------------------------------------------------------------------ options
def test_dry_run_checks_everything_and_writes_nothing(store, messy_xlsx):
    before = (count(store, "students"), count(store, "audit"), store.counter)
    result = import_roster(store, messy_xlsx, actor="gv", dry_run=True)
    assert (result.imported, result.rejected, result.dry_run) == (3, [], True)
    assert (count(store, "students"), count(store, "audit"), store.counter) == before


def test_a_crash_mid_import_leaves_nothing_half_applied(store, messy_xlsx, monkeypatch):
    real_save = type(store).save
    calls = []

    def crashing_save(self, rec, actor, **kw):
        calls.append(rec)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        return real_save(self, rec, actor, **kw)

    monkeypatch.setattr(type(store), "save", crashing_save)
    with pytest.raises(RuntimeError):
        import_roster(store, messy_xlsx, actor="gv")
    assert count(store, "students") == 0
    assert len(calls) == 2  # the first child was written, then rolled back


def test_progress_is_reported_every_hundred_rows(store, tmp_path):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính"]]
    rows += [[f"Học Sinh {chr(65 + i // 26)}{chr(65 + i % 26)}", "12/05/2015", "Nam"] for i in range(250)]
    calls: list[tuple[int, int]] = []
    result = import_roster(store, write_csv(tmp_path / "big.csv", rows), actor="gv",
                           progress=lambda done, total: calls.append((done, total)))
    assert result.imported == 250
    assert calls == [(100, 250), (200, 250), (250, 250)]


def test_columns_can_be_mapped_by_hand(store, tmp_path):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Liên lạc"],
            ["Lò Thị Ánh", "12/05/2015", "Nữ", "0912345678"]]
    path = write_csv(tmp_path / "m.csv", rows)
    table = read_roster(path)
    assert 3 not in table.mapping and "guardian_phone" not in table.rows[0].values
    remapped = apply_mapping(table, {**table.mapping, 3: "guardian_phone"})
    assert remapped.rows[0].values["guardian_phone"] == "0912345678"
    assert remapped.header_row == table.header_row
    result = import_roster(store, path, actor="gv", mapping={**table.mapping, 3: "guardian_phone"})
    assert result.imported == 1 and result.mapping[3] == "guardian_phone"
    assert store.find(Student)[0].guardian_phone == "0912345678"
    with pytest.raises(RosterError) as e:
        apply_mapping(table, {1: "birth_date", 2: "sex"})
    assert e.value.key == "roster.mapping_missing" and "Họ và tên" in e.value.message()
    with pytest.raises(ValueError):
        apply_mapping(table, {0: "full_name", 1: "birth_date", 2: "id"})


def test_import_needs_a_school(data_dir, tmp_path):
    from app.errors import StoreError
    from app.store import Store

    path = write_csv(tmp_path / "a.csv", [["Họ và tên", "Ngày sinh"], ["Lò Thị Ánh", "12/05/2015"]])
    with Store.open(data_dir) as s, pytest.raises(StoreError):
        import_roster(s, path, actor="gv")


# ------------------------------------------------------------------ unreadable files
def _random_bytes(path: Path) -> Path:
    path.write_bytes(os.urandom(2048) + b"\x00")
    return path


def _put(name: str, data: bytes):
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(data)
        return folder / name
    return make


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)  # the old binary .xls


@pytest.mark.parametrize(("make", "key"), [
    (lambda d: _random_bytes(d / "lop3a.xlsx"), "roster.unreadable"),
    (lambda d: _random_bytes(d / "lop3a.csv"), "roster.unreadable"),
    (_put("zip.xlsx", b"PK\x03\x04" + b"broken" * 50), "roster.unreadable"),
    (_put("empty.csv", b""), "roster.unreadable"),
    (_put("bom.csv", b"\xef\xbb\xbf\r\n"), "roster.unreadable"),
    (_put("list.pdf", b"%PDF-1.4\n"), "roster.format"),
    (_put("old.xls", OLE), "roster.format"),
    (_put("old.xlsx", OLE), "roster.format"),
    (lambda d: d / "missing.csv", "roster.unreadable"),
    (lambda d: write_csv(d / "nohead.csv", [["a", "b"], ["1", "2"]]), "roster.no_header"),
])
def test_unreadable_files_raise_roster_error_and_import_nothing(store, tmp_path, make, key):
    path = make(tmp_path)
    with pytest.raises(RosterError) as e:
        read_roster(path)
    assert e.value.key == key
    assert e.value.message()  # says what is wrong in words, in the current language
    audit = count(store, "audit")
    with pytest.raises(RosterError):
        import_roster(store, path, actor="gv")
    assert count(store, "students") == 0 and count(store, "audit") == audit


def test_format_error_names_the_extension(tmp_path):
    path = tmp_path / "danh sach.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(RosterError) as e:
        read_roster(path)
    assert ".pdf" in e.value.message("vi") and ".pdf" in e.value.message("en")


def test_xlsx_saved_with_a_csv_name_is_still_read(tmp_path, messy_xlsx):
    path = tmp_path / "lop.csv"
    path.write_bytes(messy_xlsx.read_bytes())
    assert len(read_roster(path).rows) == 3


# ------------------------------------------------------------------ command line
def test_cli_exit_codes(tmp_path, capsys, messy_xlsx):
    data = str(tmp_path / "cli-data")
    assert main(["setup", "--code", "TH1", "--name", "Trường TH Test", "--commune", "00070",
                 "--data-dir", data]) == 0
    assert main(["roster", "import", str(messy_xlsx), "--data-dir", data]) == 0
    assert "Đã nhập 3 học sinh" in capsys.readouterr().out

    bad = write_csv(tmp_path / "bad.csv", [["Họ và tên", "Ngày sinh", "Giới tính"],
                                           ["Lò Văn Bình", "31/02/2015", "Nam"],
                                           ["Lò Văn Cường", "01/02/2015", "Nam"]])
    assert main(["roster", "import", str(bad), "--data-dir", data]) == 3
    out = capsys.readouterr()
    assert "Dòng 2:" in out.err and "31/02/2015" in out.err

    assert main(["roster", "import", str(messy_xlsx), "--json", "--data-dir", data]) == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 3

    garbage = _random_bytes(tmp_path / "rac.xlsx")
    assert main(["roster", "import", str(garbage), "--data-dir", data]) == 2
    err = capsys.readouterr().err
    assert "rac.xlsx" in err and "Traceback" not in err

    assert main(["students", "--json", "--data-dir", data]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 4


def test_factory_personal_ids_match_the_ones_used_here():
    assert personal_id(2015, "F", province="002", tail=1234) == PID_ANH
    assert personal_id(2016, "M", province="002", tail=77) == PID_SINH


def test_cells_gives_a_rows_original_cells(tmp_path):
    from app.roster import read_roster

    path = tmp_path / "lop.csv"
    path.write_text("DANH SÁCH LỚP 3A\nHọ và tên;Ngày sinh;Giới tính\nLò Thị Ánh;12/05/2016;Nữ\n",
                    encoding="utf-8-sig")
    table = read_roster(path)
    assert table.cells(3) == ["Lò Thị Ánh", "12/05/2016", "Nữ"]
    assert table.cells(99) == [] and table.cells(0) == []


# ------------------------------------------------------------------ issue 13: what the preview says
def test_the_preview_shows_every_problem_the_import_then_finds(store, tmp_path):
    """Item 9: the preview said "12 rows, 2 with errors" and the import then rejected 8."""
    from app.roster import check_roster

    future = (dt.date.today() + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Mã định danh", "Lớp", "SĐT"],
            ["Lò Thị Ánh", "12/05/2015", "Nữ", PID_ANH, "3A", "0912 345 678"],  # 2: fine
            ["Vàng Thị Dua", "03/04/2017", "", "", "3A", ""],  # 3: sex missing
            ["Giàng A Sình", "01/01/2016", "Nam", "002316000077", "3A", ""],  # 4: 4th digit says girl
            ["Sùng A Páo", "01/01/2016", "Nam", "12345", "3A", ""],  # 5: not an ID
            ["Hầu Thị Mai", future, "Nữ", "", "3A", ""],  # 6: born in the future
            ["lò thị ánh", "12/05/2015", "Nữ", "", "3a", ""],  # 7: row 2 again
            ["Lý Văn Tài", "01/02/2016", "Nam", "", "3A", "12345"]]  # 8: kept, phone dropped
    path = write_csv(tmp_path / "l.csv", rows)
    preview = check_roster(store, read_roster(path))
    flagged = {r.row_no for r in preview.rows if r.problems}
    assert flagged == {3, 4, 5, 6, 7}
    by = {r.row_no: r for r in preview.rows}
    assert "Giới tính" in by[3].problems[0] and "chữ số thứ 4" in by[4].problems[0]
    assert "12345" in by[5].problems[0] and future in by[6].problems[0] and "dòng 2" in by[7].problems[0]
    assert not by[8].problems and "12345" in by[8].warnings[0]
    assert count(store, "students") == 0  # the preview saves nothing
    result = import_roster(store, path, actor="gv")
    assert {n for n, _r in result.rejected} == flagged and result.imported == 2


def test_an_eleven_digit_id_typed_as_text_is_said_to_have_eleven_digits(store, tmp_path):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Mã định danh"],
            ["Lò Thị Ánh", dt.datetime(2015, 5, 12), "Nữ", "02316001234"],  # typed as text, a digit short
            ["Lò Thị Mai", dt.datetime(2015, 5, 12), "Nữ", 2315001235]]  # an Excel number: zeros lost
    table = read_roster(write_xlsx(tmp_path / "id.xlsx", rows))
    assert "11 chữ số" in table.rows[0].problems[0] and "02316001234" in table.rows[0].problems[0]
    assert "năm sinh" not in table.rows[0].problems[0]
    assert table.rows[1].values["personal_id"] == "002315001235"


def test_household_labels_schools_use_are_read_and_said(store, tmp_path):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Diện hộ"],
            ["Lò Thị Ánh", "12/05/2015", "Nữ", "Hộ nghèo (có sổ)"],
            ["Lò Thị Mai", "12/05/2015", "Nữ", "Mồ côi"],
            ["Lò Văn Sình", "12/05/2015", "Nam", "Con thương binh"],
            ["Lò Văn Páo", "12/05/2015", "Nam", "Mới thoát nghèo"]]
    table = read_roster(write_csv(tmp_path / "h.csv", rows))
    anh, mai, sinh, pao = table.rows
    assert anh.values["household"] == "poor" and not anh.warnings
    assert mai.values["household"] == "other_hardship" and "Mồ côi" in mai.warnings[0]
    assert sinh.values["policy_family"] is True and "Gia đình chính sách" in sinh.warnings[0]
    assert "Mới thoát nghèo" in pao.problems[0] and "Hộ nghèo" in pao.problems[0]  # asked in words


def test_a_likely_duplicate_of_a_child_at_the_school_waits_for_the_teacher(store, tmp_path):
    """Item 5: the same child typed again without an ID, in another class or by the phone."""
    from app.roster import check_roster

    store.save(Student(unit_id=store.unit_id, full_name="Lò Thị Mai", birth_date="2015-05-12", sex="F",
                       class_name="3A", guardian_phone="0912345678"), "gv")
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "SĐT"],
            ["LÒ THỊ MAI", "12/05/2015", "Nữ", "4A", ""],  # same folded name and birth date
            ["Lò Thị Mây", "12/05/2015", "Nữ", "3A", "+84 912 345 678"],  # same phone and birth date
            ["Lò Văn Sình", "01/01/2016", "Nam", "3A", ""]]
    path = write_csv(tmp_path / "d.csv", rows)
    preview = check_roster(store, read_roster(path))
    held = {r.row_no: r for r in preview.rows if r.likely}
    assert sorted(held) == [2, 3] and all(r.outcome == "held" and not r.problems for r in held.values())
    assert held[2].likely[0]["full_name"] == "Lò Thị Mai" and "3A" in held[2].warnings[0]
    result = import_roster(store, path, actor="gv")
    assert result.imported == 1 and [n for n, _r in result.rejected] == [2, 3]
    again = check_roster(store, read_roster(path), different=[3])
    assert [r.outcome for r in again.rows] == ["held", "imported", "unchanged"]
    result = import_roster(store, path, actor="gv", different=[3])
    assert result.imported == 1 and count(store, "students") == 3
