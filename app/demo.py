"""Realistic demo data: schools in Lai Châu, children of many ethnic groups, needs in
every workflow state, donated devices and SIMs, handovers and a few returns.

Everything goes through the Store API (``save``, ``need_action``, ``hand_over``,
``return_device``, ``set_unit``) so the demo data obey the same rules, versions and
audit trail as real data. The whole generation is one transaction: either it is all
there or nothing is.

Deterministic for a seed: names, dates, personal IDs, phones, states and serials follow
``random.Random(seed)``; only record UUIDs (and audit time stamps) differ between runs.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass, field

from app.admin import LEGACY_PROVINCES
from app.records import (
    CoverageGap,
    Device,
    Donation,
    Handover,
    Need,
    Sim,
    Student,
    Unit,
    new_id,
)
from app.school_year import store_school_year
from app.store import now_iso, to_row
from app.text import fold
from app.validate import century_sex_digit, luhn_check_digit
from app.workflow import priority

HOME_PROVINCE = "12"  # Lai Châu (from July 2025)
HOME_LEGACY = "012"  # its birth-registration code, opening most local personal IDs
ACTOR = "demo"


@dataclass
class DemoResult:
    students: int
    schools: int
    unit_ids: list[str] = field(default_factory=list)
    needs: dict[str, int] = field(default_factory=dict)  # by final status
    devices: int = 0
    sims: int = 0
    donations: int = 0
    handovers: int = 0  # "handed_over" events
    returned: int = 0
    coverage_gaps: int = 0
    users: list[dict] = field(default_factory=list)  # accounts made: {name, role, pin}
    # the children deliberately entered at two schools (to try an office's decision of which
    # school keeps them): {personal_id, full_name, schools: [code, code], student_ids: [id, id]};
    # every other personal ID is at one school only. Each copy's need says so in its note.
    duplicates: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------- names
# (weight, ...) pools. The weights are rough shares for a mountain commune of Lai Châu.
# Each ethnic group: family names, male and female middle names, male and female given
# names, and the birth-province codes (pre-2025) other than the local one that occur.
def _w(spec: str) -> list[tuple[str, int]]:
    """"Nguyễn:30 Trần:10 Lê" → [("Nguyễn", 30), ("Trần", 10), ("Lê", 1)]; "~" is a space."""
    out = []
    for item in spec.split():
        name, _, weight = item.partition(":")
        out.append((name.replace("~", " "), int(weight or 1)))
    return out


ETHNIC_GROUPS: dict[str, dict] = {
    "Thái": dict(
        weight=27,
        family=_w("Lò:20 Lường:12 Tòng:8 Quàng:8 Cầm:8 Lù:6 Điêu:5 Vi:4 Hà:5 Sầm:4 Lèo:3 Lữ:3 Bạc:3 Hoàng:3"),
        male_mid=_w("Văn:80 Minh:8 Đức:5 Quang:3"),
        female_mid=_w("Thị:85 Ngọc:5 Thu:5 Kim:3"),
        male=_w("Phong Xôm Ban Khánh Tiến Thanh Hoàn Kiên Hùng Xiêng Chiến Inh Lả Nhất Pánh Ước Dũng Tuấn"),
        female=_w("Xuân Phương Ngọc Ánh:3 Nhung Mỷ Panh Dịu Ơn Tiên Bua Ỏm Khuyên Ngân Hoa Lan Anh:2"),
        other_pids=_w("014:3 011:2 015"),
    ),
    "Mông": dict(  # H'Mông
        weight=24,
        family=_w("Giàng:20 Sùng:12 Vàng:12 Thào:12 Lý:10 Mùa:8 Hầu:5 Lầu:5 Ly:4 Tráng:4 Vừ:4 Cứ:4"),
        male_mid=_w("A:35 Seo:22 Văn:25 Mí:10"),
        female_mid=_w("Thị:70 Mí:15"),
        male=_w("Páo Dính Chư Sử Pó Dơ Lử Chá Tủa Súa Vảng Lềnh Chứ Pao Sính Chính Dùng Cở Giống Thề"),
        female=_w("Mỷ:3 Dua Sua Chía Dế Pằng Xè Say Ly Sinh Mai Máy Chi Dinh Di Súa Dợ"),
        other_pids=_w("002:2 010:2 011:2 014"),
    ),
    "Kinh": dict(
        weight=14,
        family=_w("Nguyễn:30 Trần:10 Lê:9 Phạm:7 Hoàng:5 Huỳnh:2 Phan:4 Vũ:4 Võ:2 Đặng:4 Bùi:3 Đỗ:3 Hồ:2 "
                  "Ngô:2 Dương:2 Lý Đinh"),
        male_mid=_w("Văn:35 Đức:10 Minh:12 Quang:6 Hữu:5 Gia:8 Bảo:5 Anh:4 Thành:4 Trung:3 Hoàng:3 Đăng:3"),
        female_mid=_w("Thị:45 Ngọc:10 Thu:6 Thanh:6 Minh:5 Bảo:5 Khánh:5 Phương:4 Hoài:3 Diệu:2 Mai:3 "
                      "Quỳnh:3 Kim:3"),
        male=_w("Dũng Hùng Nam Hải Long Tuấn Khánh Phúc Bảo Đạt Huy Khôi An Minh Quân Thắng Sơn Tùng Kiên "
                "Hiếu Trí Vinh Lâm Đức Phong Khang Thịnh Duy"),
        female=_w("Ánh:5 Anh:4 Hà Lan Linh Mai Ngọc Hương Trang Thảo Vy Nhi Huyền Yến Thư Hằng Nga Hoa "
                  "Nhung Giang Chi Hạnh Oanh Trâm Diệp Uyên My"),
        other_pids=_w("001:3 036:2 038:2 037 030 040 025 034"),
    ),
    "Dao": dict(
        weight=11,
        family=_w("Đặng:25 Triệu:20 Bàn:15 Lý:10 Phàn:10 Tẩn:8 Chảo:7 Lò:3 Phùng:5"),
        male_mid=_w("Văn:50 Tả:10 Láo:10 Kiềm:5 Phù:5 Vần:5"),
        female_mid=_w("Thị:60 Mẩy:15 Tả:10 Mùi:5"),
        male=_w("Phin Chài Vần Sinh Quẩy Phẩy Lở Chàn Hin Tòn Kiều Phúc Lai Chiêu"),
        female=_w("Mây Nái Xuân Lìu Sưu Phương Hoa Chiều Ngân Dung Ánh"),
        other_pids=_w("010:3 002 015"),
    ),
    "Hà Nhì": dict(
        weight=5,
        family=_w("Lý:20 Chu:20 Pờ:15 Phu:10 Lỳ:10 Tráng:5 Sừ:5 Lò:10"),
        male_mid=_w("A:60 Văn:20"),
        female_mid=_w("Thị:40 Mỳ:40"),
        male=_w("Sáu Phì Chừ Hừ Dế Chè Lừ Gơ Xá Hờ"),
        female=_w("Chà Xó Mé Pà Sú Mì Lé Chừ Xí"),
        other_pids=_w("011:2 010"),
    ),
    "Giáy": dict(
        weight=4,
        family=_w("Vương:20 Lò:20 Hoàng:15 Sầm:10 Lù:10 Sần:10 Giàng:5 Cao:10"),
        male_mid=_w("Văn:85 Minh:5"),
        female_mid=_w("Thị:85 Thu:5"),
        male=_w("Nguyên Pao Chỉnh Sơn Thoan Hòa Lâm Quyết Thành"),
        female=_w("Pản Lan Quy Nhàn Vui Hiền Ánh Thương"),
        other_pids=_w("010:2 002"),
    ),
    "Khơ Mú": dict(
        weight=3,
        family=_w("Lò:20 Vi:20 Lù:15 Quàng:10 Cụt:10 Sèn:5 Lường:10 Lộc:5"),
        male_mid=_w("Văn:90"),
        female_mid=_w("Thị:90"),
        male=_w("Bun Xiêng Khăm Phăn Ón Thoong Kham Khiêm Tuân"),
        female=_w("Phăn Ỏm Dung Hoa Bích Xoan Xí Kim"),
        other_pids=_w("011:2 040 014"),
    ),
    "Lự": dict(
        weight=3,
        family=_w("Tao:30 Lò:30 Pồng:15 Chin:15 Lưu:10"),
        male_mid=_w("Văn:90"),
        female_mid=_w("Thị:90"),
        male=_w("Khăm Ón Xiêng Panh Phăn Ước Xôm"),
        female=_w("Ỏm Phăn Ngọc Én Xuân Bua"),
        other_pids=_w("011"),
    ),
    "Tày": dict(
        weight=3,
        family=_w("Hoàng:15 Nông:15 Lương:8 Hà:8 Ma:5 Lục:5 Bế:5 Triệu:5 Đàm:4 Vi:5 Nguyễn:6 La:3 Lâm:3"),
        male_mid=_w("Văn:60 Đức:10 Minh:10 Quốc:5"),
        female_mid=_w("Thị:70 Ngọc:10 Thu:10"),
        male=_w("Thắng Sơn Toàn Cường Khoa Mạnh Hưng Tiến Chiến Quyết Dũng Việt"),
        female=_w("Hoa Lan Mai Nhung Thơm Huệ Ánh:2 Duyên Hiền Thủy Liên Hằng"),
        other_pids=_w("008:2 004:2 006 020 015"),
    ),
    "Mường": dict(
        weight=2,
        family=_w("Bùi:25 Đinh:20 Quách:10 Hà:10 Xa:5 Cao:5 Bạch:5 Nguyễn:5"),
        male_mid=_w("Văn:70 Đức:10 Minh:5"),
        female_mid=_w("Thị:75 Ngọc:5"),
        male=_w("Thành Hải Tiến Duy Hiệp Tuân Khải Toản"),
        female=_w("Lành Hiền Thơm Nguyệt Thảo Ánh Yến"),
        other_pids=_w("017:4 025 038"),
    ),
    # Families from the Central Highlands: family name after the given name (Ê Đê),
    # or first (Gia Rai); "Y" marks boys and "H'" girls.
    "Ê Đê": dict(
        weight=1,
        family=_w("Niê:25 Mlô:15 Êban:15 Ayun:10 Byă:10 Adrơng:10 Ktla:5 Hđơk:5 Kbuôr:5"),
        male=_w("Bhin Khoa Sao Thu Jon Ngơn Blin Đhiêng Kliêng Nam"),
        female=_w("Hen Ly Nga Nhi Ớt Duyên Xuân Nguyên Mai"),
        other_pids=_w("066:10 067:2"),
    ),
    "Gia Rai": dict(
        weight=1,
        family=_w("Ksor:25 Siu:20 Rơ~Châm:15 Rơ~Mah:15 Nay:10 Kpă:10 Puih:5"),
        male=_w("Blik Phun Nhip Thuơ Yun Kông Hyin Đoan"),
        female=_w("Mai Nhung Lan Bơ Nhỏ Hiên Thắm"),
        other_pids=_w("064:10 062:2"),
    ),
}

# every birth-province code above must open real personal IDs
assert all(code in LEGACY_PROVINCES for g in ETHNIC_GROUPS.values() for code, _ in g["other_pids"])
assert HOME_LEGACY in LEGACY_PROVINCES and LEGACY_PROVINCES[HOME_LEGACY][1] == HOME_PROVINCE

VILLAGES = [
    "Bản Nậm Cha", "Thôn Pá Khôm", "Bản Huổi Luông", "Bản Sin Chải", "Bản Lả Mà", "Bản Nậm Củm",
    "Bản Phiêng Ban", "Bản Mường So", "Bản Tả Ngảo", "Bản Pô Lếch", "Bản Nậm Tần", "Bản Phìn Hồ",
    "Bản Ho Cang", "Bản Vàng Pheo", "Bản Nà Khum", "Bản Hua Bum", "Bản Nậm Khao", "Bản Pa Vệ Sử",
    "Bản Sì Thâu Chải", "Bản Pắc Pạ", "Bản Lùng Thàng", "Thôn Hồng Thu Mông", "Bản Chang Chảo Pá",
    "Bản Nậm Pục", "Bản Là Pê", "Bản Tả Sì Láng", "Bản Nậm Đính", "Bản Phiêng Pẻn", "Thôn Cốc Pa",
    "Bản Seo Thèn Pa", "Bản Tìa Ma Mủ", "Bản Hô Sáo Chải", "Bản Nậm Ngà", "Bản Mò Su Phìn",
]

# (start of the school's name, start of its code, level, first grade, last grade)
# PTDTBT: phổ thông dân tộc bán trú, a semi-boarding school for ethnic-minority children.
SCHOOL_TYPES = [
    ("Trường PTDTBT TH&THCS", "PTDTBT-TH-THCS", "TH&THCS", 1, 9),
    ("Trường PTDTBT Tiểu học", "PTDTBT-TH", "TH", 1, 5),
    ("Trường PTDTBT THCS", "PTDTBT-THCS", "THCS", 6, 9),
    ("Trường Tiểu học", "TH", "TH", 1, 5),
]

PHONE_PREFIXES = _w("086:3 096:4 097:4 098:4 032 033 034 035 036 037 038 039 091 094 088 090 093 089 070 079")

DONORS = [
    ("Tập đoàn Viettel", "enterprise"),
    ("Quỹ Vì trẻ em", "organisation"),
    ("Công ty CP FPT", "enterprise"),
    ("Ngân hàng TMCP Ngoại thương Việt Nam", "enterprise"),
    ("Hội Chữ thập đỏ tỉnh Lai Châu", "organisation"),
]

# kind → [(brand model, condition, value in VND, serial prefix, weight)]
MODELS = {
    "tablet": [
        ("Samsung Galaxy Tab A8", "new", 4_990_000, "R9P", 4),
        ("Lenovo Tab M10", "new", 3_990_000, "HA1", 3),
        ("Samsung Galaxy Tab A9+", "new", 5_490_000, "R8Y", 2),
        ("Xiaomi Redmi Pad SE", "new", 4_290_000, "XRP", 2),
        ("Masstel Tab 10M", "new", 2_590_000, "MT10", 1),
    ],
    "laptop": [
        ("Dell Latitude 3420", "used_good", 6_500_000, "", 3),
        ("Lenovo ThinkPad T480", "used_good", 5_500_000, "PF1", 2),
        ("HP ProBook 440 G8", "used_good", 7_000_000, "5CD", 2),
        ("Acer Aspire 3 A315", "new", 9_990_000, "NXA", 1),
    ],
    "smartphone": [
        ("Samsung Galaxy A05", "new", 2_490_000, "R58", 3),
        ("Xiaomi Redmi 13C", "new", 2_690_000, "XRM", 2),
        ("OPPO A18", "new", 3_290_000, "OPA", 1),
    ],
}
KIND_OF_REQUEST = _w("tablet:70 laptop:15 smartphone:15")

# Final state of a need (before handovers turn some approved ones into fulfilled).
NEED_FATES = _w("draft:9 submitted:12 verified:10 approved:20 fulfilled:30 rejected:8 withdrawn:6")
NEED_PATHS = {
    "draft": [],
    "submitted": [("submit", "teacher")],
    "verified": [("submit", "teacher"), ("verify", "head")],
    "approved": [("submit", "teacher"), ("verify", "head"), ("approve", "head")],
    "fulfilled": [("submit", "teacher"), ("verify", "head"), ("approve", "head")],
}
REJECT_REASONS = [
    "Gia đình đã được hỗ trợ máy tính bảng từ chương trình khác",
    "Hộ không có tên trong danh sách hộ nghèo, cận nghèo năm 2025 của xã",
    "Trùng hồ sơ: học sinh đã được đề nghị tại điểm trường khác",
    "Học sinh đã có thiết bị riêng, không thuộc đối tượng ưu tiên",
]
WITHDRAW_REASONS = [
    "Học sinh chuyển trường về Sơn La theo gia đình",
    "Gia đình tự mua được điện thoại cho con",
    "Phụ huynh đề nghị nhường suất cho em khác khó khăn hơn",
    "Học sinh nghỉ học dài ngày, đã báo xã",
]
NEED_NOTES = [
    "Nhà cách trường 7 km, đi bộ qua suối",
    "Học bán trú, cuối tuần mới về bản",
    "Anh chị em cùng học tại trường, dùng chung một điện thoại",
    "Bố mẹ đi làm ăn xa, ở với ông bà",
    "Cần hỗ trợ thêm SIM vì nhà không có Wi-Fi",
]
COVID_NOTES = [
    "Bố mất do COVID-19 tháng 8/2021",
    "Mẹ mất do COVID-19 tháng 9/2021 khi làm công nhân ở Bình Dương",
    "Bố mất do COVID-19 năm 2022, ở với mẹ",
]
GAP_NOTES = [
    "Phải lên đồi cách bản 2 km mới có sóng 2G",
    "Không có sóng, chưa có điện lưới quốc gia",
    "Đã đề nghị Viettel lắp trạm BTS năm 2026",
]
STAFF = {  # school heads (Hiệu trưởng) and teachers, who act in the workflow
    "head": ["Lò Văn Thắng", "Nguyễn Thị Hồng Nhung", "Hoàng Văn Cường", "Trần Minh Tuấn", "Lường Thị Xuân",
             "Đỗ Văn Hải", "Tòng Văn Khánh", "Phạm Thị Thu Hà"],
    "teacher": ["Lò Thị Mai", "Nguyễn Văn Long", "Giàng A Pó", "Vũ Thị Hương", "Quàng Văn Kiên",
                "Lê Thị Lan Anh", "Tẩn Thị Mẩy", "Sùng Seo Dính", "Bùi Thị Hiền", "Cầm Văn Phong"],
}


OFFICER = "Hoàng Thị Thanh Bình"  # an education office's demo account


class _Pick:
    """Weighted choice with precomputed cumulative weights (fast for 30,000 students)."""

    def __init__(self, pairs: list[tuple[str, int]]):
        self.values = [v for v, _ in pairs]
        self.cum = []
        total = 0
        for _, w in pairs:
            total += w
            self.cum.append(total)

    def __call__(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cum)[0]


class _Names:
    def __init__(self):
        self.groups = list(ETHNIC_GROUPS)
        self.group = _Pick([(g, ETHNIC_GROUPS[g]["weight"]) for g in self.groups])
        self.picks = {
            g: {k: _Pick(v) for k, v in spec.items() if k != "weight"} for g, spec in ETHNIC_GROUPS.items()
        }

    def family(self, rng: random.Random, group: str) -> str:
        return self.picks[group]["family"](rng)

    def full(self, rng: random.Random, group: str, sex: str, family: str | None = None) -> str:
        p = self.picks[group]
        family = family or p["family"](rng)
        given = p["male" if sex == "M" else "female"](rng)
        if group == "Ê Đê":
            return f"Y {given} {family}" if sex == "M" else f"H'{given} {family}"
        if group == "Gia Rai":
            return f"{family} {given}" if sex == "M" else f"{family} H'{given}"
        mid = p["male_mid" if sex == "M" else "female_mid"](rng)
        # Kinh girls sometimes have two middle names ("Nguyễn Thị Ngọc Ánh")
        if group == "Kinh" and sex == "F" and mid == "Thị" and rng.random() < 0.2:
            mid += " " + rng.choice(["Ngọc", "Thu", "Minh", "Kim", "Hồng"])
        if mid == given:
            mid = "Văn" if sex == "M" else "Thị"
        return f"{family} {mid} {given}"


def _imei(rng: random.Random) -> str:
    body = "35" + "".join(str(rng.randrange(10)) for _ in range(12))
    return body + luhn_check_digit(body)


_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def _serial(rng: random.Random, prefix: str, length: int = 10) -> str:
    return prefix + "".join(rng.choice(_ALNUM) for _ in range(max(4, length - len(prefix))))


def _short_commune(name: str) -> str:
    for p in ("Xã ", "Phường ", "Thị trấn ", "Đặc khu "):
        if name.startswith(p):
            return name[len(p):]
    return name


@dataclass
class _School:
    unit: Unit
    grades: tuple[int, int]
    commune_name: str
    villages: list[str]
    head: str
    teachers: list[str]
    gap_villages: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------- generate
def generate(store, *, students: int, seed: int = 1, schools: int = 1,
             school_year: str | None = None, make_users: bool = False) -> DemoResult:
    """Fill ``store`` with ``students`` demo children spread over ``schools`` schools, in
    ``school_year`` (default: the current one, ``app.school_year``).

    If the installation has no unit yet, the first school becomes its unit. With
    ``make_users`` (``songmay demo``) and no user yet, the demo makes its accounts (a school:
    its head and a teacher; an office: an officer) with PINs, listed in ``DemoResult.users``,
    so the app opens straight into the school. Demo data may be added to a school that
    already holds data, as often as wanted.
    """
    if students < 0 or schools < 1:
        raise ValueError("students >= 0 and schools >= 1")
    if school_year is None:
        school_year = store_school_year(store)
    rng = random.Random(seed)
    names = _Names()
    start = int(school_year[:4])
    today = dt.date.today()

    def day(lo: dt.date, hi: dt.date) -> str:
        hi = min(hi, today)
        lo = min(lo, hi)
        return (lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))).isoformat()

    with store.transaction():
        sch = _make_schools(store, rng, schools)
        result = DemoResult(students=0, schools=len(sch), unit_ids=[s.unit.id for s in sch])
        # the children follow from the seed and the schools: two schools' installations filled
        # with the same seed get different children (never the same personal IDs)
        rng = random.Random(f"{seed}:" + "|".join(s.unit.code for s in sch))

        result.users = _make_users(store, sch, seed, make_users)

        # coverage gaps: one or two villages per school without signal (a village a school
        # has listed already keeps its record: one per village and unit)
        listed = {(r[0], fold(r[1])) for r in store.conn.execute(
            "SELECT unit_id, village FROM coverage_gaps WHERE _deleted=0")}
        gaps: dict[tuple[str, str], CoverageGap] = {}
        for s in sch:
            s.gap_villages = s.villages[-(1 + rng.randrange(2)):]
            for v in s.gap_villages:
                owner = gaps[(v, s.unit.commune_code)].unit_id if (v, s.unit.commune_code) in gaps else s.unit.id
                if (owner, fold(v)) in listed:
                    continue
                gap = gaps.setdefault((v, s.unit.commune_code), CoverageGap(
                    unit_id=s.unit.id, village=v, commune_code=s.unit.commune_code, carrier="",
                    status="uncovered", note=rng.choice(GAP_NOTES)))
                gap.school_ids.append(s.unit.id)
        for gap in gaps.values():
            store.save(gap, ACTOR)
        result.coverage_gaps = len(gaps)

        # ------------------------------------------------------------- students
        used_pids = {r[0] for r in store.conn.execute("SELECT personal_id FROM students WHERE personal_id!=''")}
        per_school = [students // len(sch) + (1 if i < students % len(sch) else 0) for i in range(len(sch))]
        plans = []  # (school, student, group)
        for s, n in zip(sch, per_school, strict=False):
            lo, hi = s.grades
            grades = list(range(lo, hi + 1))
            per_grade = max(1, math.ceil(n / len(grades)))
            sections = max(1, math.ceil(per_grade / 32))
            labels = list("ABCDEFGH"[:sections]) if sections <= 8 else [f"A{i}" for i in range(1, sections + 1)]
            for i in range(n):
                grade = grades[i * len(grades) // n] if n else lo
                plans.append((s, grade, labels[rng.randrange(len(labels))]))

        pick_hh = _Pick(_w("poor:35 near_poor:20 other_hardship:5 none:40"))
        pick_rel = _Pick(_w("Bố:45 Mẹ:40 Ông:8 Bà:7"))
        pick_phone = _Pick(PHONE_PREFIXES)
        saved_students: list[tuple[_School, Student]] = []
        copy_slots = _duplicate_slots(plans, sch, students)
        copies: dict[str, tuple[_School, Student]] = {}  # copy id → (its source's school, the source)
        sources: set[str] = set()
        for n_plan, (s, grade, section) in enumerate(plans):
            if n_plan in copy_slots:
                copied = _copy_child(store, s, section, saved_students, sources)
                if copied is not None:
                    copy, source_school, source = copied
                    copies[copy.id] = (source_school, source)
                    sources.add(source.id)
                    saved_students.append((s, copy))
                    continue
            group = names.group(rng)
            sex = "M" if rng.random() < 0.51 else "F"
            family = names.family(rng, group)
            full_name = names.full(rng, group, sex, family)
            year = start - 5 - grade - (1 if rng.random() < 0.08 else 0)
            born = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            pid = ""
            if rng.random() >= 0.04:  # a few still without a personal ID
                prov = HOME_LEGACY if rng.random() < 0.85 else names.picks[group]["other_pids"](rng)
                head = f"{prov}{century_sex_digit(year, sex)}{year % 100:02d}"
                while True:
                    pid = head + f"{rng.randrange(1_000_000):06d}"
                    if pid not in used_pids:
                        used_pids.add(pid)
                        break
            relation = pick_rel(rng)
            g_sex = "M" if relation in ("Bố", "Ông") else "F"
            g_family = family if relation in ("Bố", "Ông") and group not in ("Ê Đê", "Gia Rai") else None
            guardian = names.full(rng, group if rng.random() < 0.9 else "Kinh", g_sex, g_family)
            if guardian == full_name:  # a father is rarely named like his son
                guardian = names.full(rng, group, g_sex, g_family)
            household = pick_hh(rng)
            covid_orphan = rng.random() < 0.006
            covid_hardship = not covid_orphan and rng.random() < 0.02
            cert_no, cert_year, cert_commune = "", None, ""
            if household in ("poor", "near_poor") and rng.random() < 0.9:
                cert_no = f"{rng.randint(1, 480):03d}/GCN-UBND"
                cert_year = start if rng.random() < 0.8 else start - 1
                cert_commune = s.commune_name
            village = rng.choice(s.villages)
            st = Student(
                unit_id=s.unit.id, full_name=full_name, birth_date=born.isoformat(), sex=sex,
                personal_id=pid, ethnicity=group, class_name=f"{grade}{section}", school_year=school_year,
                moet_code=f"{s.unit.commune_code}{rng.randrange(10**6):06d}" if rng.random() < 0.7 else "",
                guardian_name=guardian, guardian_relation=relation,
                guardian_phone=(pick_phone(rng) + f"{rng.randrange(10**7):07d}") if rng.random() < 0.85 else "",
                village=village, household=household, policy_family=rng.random() < 0.07,
                poverty_cert_no=cert_no, poverty_cert_year=cert_year, poverty_cert_commune=cert_commune,
                covid_orphan=covid_orphan, covid_hardship=covid_hardship,
                covid_note=rng.choice(COVID_NOTES) if covid_orphan else (
                    "Gia đình mất thu nhập do dịch COVID-19" if covid_hardship else ""),
            )
            saved_students.append((s, store.save(st, ACTOR)))
        result.students = len(saved_students)

        # ---------------------------------------------------------------- needs
        pick_fate = _Pick(NEED_FATES)
        pick_kind = _Pick(KIND_OF_REQUEST)
        pick_device_now = _Pick(_w("none:55 basic_phone:25 shared:20"))
        needs_by_school: dict[str, list[tuple[Need, str, Student]]] = {s.unit.id: [] for s in sch}
        forced = ["draft", "submitted", "verified", "approved", "fulfilled", "rejected", "withdrawn",
                  "fulfilled", "fulfilled"]  # every state shows even in a tiny data set
        k = 0
        for s, st in saved_students:
            if st.id in copies:
                continue  # its need comes last, as another school's computer would send it
            if st.id not in sources and (
                    priority(st.household, st.covid_orphan, st.covid_hardship) is None or rng.random() < 0.12):
                continue
            if st.id in sources:
                fate = "submitted"  # active at both schools: what an office has to decide
            else:
                fate = forced[k] if k < len(forced) else pick_fate(rng)
                k += 1
            gap = st.village in s.gap_villages
            internet = "none" if gap else rng.choice(["none", "mobile", "mobile", "mobile", "fixed"])
            grade = int(st.class_name[0])
            kind = pick_kind(rng)
            if kind == "laptop" and grade < 6:
                kind = "tablet"
            need = Need(
                unit_id=s.unit.id, student_id=st.id, school_year=school_year,
                current_device=pick_device_now(rng), home_internet=internet, device_requested=kind,
                needs_sim=(internet == "none" and not gap and rng.random() < 0.6),
                received_elsewhere=fate == "rejected" and rng.random() < 0.5,
                note=rng.choice(NEED_NOTES) if rng.random() < 0.15 else "",
            )
            if need.received_elsewhere:
                need.received_source = "Chương trình “Sóng và máy tính cho em” đợt 2021"
            needs_by_school[s.unit.id].append((store.save(need, ACTOR), fate, st))

        # ------------------------------------------- donations, devices, SIMs
        pick_donor = _Pick([(i, w) for i, w in zip(range(len(DONORS)), (5, 3, 3, 2, 2), strict=False)])
        model_picks = {k: _Pick([((m, c, v, p), w) for m, c, v, p, w in ms]) for k, ms in MODELS.items()}
        # serials, IMEIs, SIM numbers and ICCIDs already recorded (demo data added to a
        # school that has some) are never drawn again
        used_serials: set[str] = {v for r in store.conn.execute(
            "SELECT serial, imei FROM devices WHERE _deleted=0") for v in r if v}
        used_numbers: set[str] = {v for r in store.conn.execute(
            "SELECT number, iccid FROM sims WHERE _deleted=0") for v in r if v}
        stock: dict[str, dict[str, list[Device]]] = {}
        sims: dict[str, list[Sim]] = {}
        received_lo, received_hi = dt.date(start, 8, 5), dt.date(start, 9, 10)
        for s in sch:
            to_fulfil = [kind for need, fate, _ in needs_by_school[s.unit.id] if fate == "fulfilled"
                         for kind in [need.device_requested]]
            wanted = Counter(to_fulfil)
            extra = max(2, math.ceil(len(to_fulfil) * 0.15))
            for _ in range(extra):
                wanted[pick_kind(rng)] += 1
            # one donation per donor, devices spread over the donors
            by_donor: dict[int, Counter] = {}
            for kind in ("tablet", "laptop", "smartphone"):
                for _ in range(wanted[kind]):
                    by_donor.setdefault(pick_donor(rng), Counter())[kind] += 1
            stock[s.unit.id] = {"tablet": [], "laptop": [], "smartphone": []}
            faulty_done = False
            for d_index in sorted(by_donor):
                donor, donor_kind = DONORS[d_index]
                counts = by_donor[d_index]
                received = day(received_lo, received_hi)
                donation = store.save(Donation(
                    unit_id=s.unit.id, donor_name=donor, donor_kind=donor_kind, devices=dict(counts),
                    received_date=received, receipt_no=f"{rng.randint(10, 99)}/BB-TN/{start}",
                    inspection="meets",
                    note="Tiếp nhận tại trường, có biên bản kiểm tra cấu hình tối thiểu"), ACTOR)
                result.donations += 1
                for kind in ("tablet", "laptop", "smartphone"):
                    for _ in range(counts[kind]):
                        model, cond, value, prefix = model_picks[kind](rng)
                        while True:
                            serial = _serial(rng, prefix, 7 if model.startswith("Dell") else 11)
                            imei = _imei(rng) if kind != "laptop" else ""
                            if serial not in used_serials and (not imei or imei not in used_serials):
                                used_serials.update(filter(None, (serial, imei)))
                                break
                        dev = Device(
                            unit_id=s.unit.id, kind=kind, brand_model=model, serial=serial, imei=imei,
                            value_vnd=value, condition=cond, meets_spec="meets", donor=donor,
                            donation_id=donation.id, received_date=received,
                        )
                        stock[s.unit.id][kind].append(store.save(dev, ACTOR))
                        result.devices += 1
                if not faulty_done and len(to_fulfil) >= 5:
                    # one device arrived broken: kept on the books, never handed over
                    faulty_done = True
                    model, _, value, prefix = model_picks["tablet"](rng)
                    while True:
                        serial, imei = _serial(rng, prefix, 11), _imei(rng)
                        if serial not in used_serials and imei not in used_serials:
                            used_serials.update((serial, imei))
                            break
                    store.save(Device(
                        unit_id=s.unit.id, kind="tablet", brand_model=model, serial=serial,
                        imei=imei, value_vnd=value, condition="faulty", meets_spec="fails", donor=donor,
                        donation_id=donation.id, received_date=received, status="faulty",
                        note="Màn hình không cảm ứng, đã báo nhà tài trợ"), ACTOR)
                    result.devices += 1
            sims[s.unit.id] = []
            # not every child who needs a SIM gets one: the carrier's donation is limited
            wanting = sum(1 for n, f, _ in needs_by_school[s.unit.id] if n.needs_sim and f == "fulfilled")
            n_sims = 2 + wanting * 2 // 3
            for _ in range(n_sims):
                while True:
                    number = rng.choice(["086", "096", "097", "098", "039"]) + f"{rng.randrange(10**7):07d}"
                    iccid = "898404" + f"{rng.randrange(10**13):013d}"
                    if number not in used_numbers and iccid not in used_numbers:
                        used_numbers.update((number, iccid))
                        break
                sims[s.unit.id].append(store.save(Sim(
                    unit_id=s.unit.id, number=number, iccid=iccid,
                    carrier="viettel", data_package="Gói học tập 4G 10GB/tháng",
                    free_until=f"{start + 1}-06-30", donor="Tập đoàn Viettel"), ACTOR))
                result.sims += 1

        # --------------------------------------------------- workflow moves
        active: list[tuple[Handover, str]] = []
        for s in sch:
            teacher = s.teachers
            for need, fate, st in needs_by_school[s.unit.id]:
                t_actor = rng.choice(teacher)
                if fate in NEED_PATHS:
                    path = NEED_PATHS[fate]
                elif fate == "rejected":
                    path = NEED_PATHS[rng.choice(["submitted", "verified", "verified"])] + [("reject", "head")]
                else:  # withdrawn
                    path = NEED_PATHS[rng.choice(["draft", "submitted", "submitted", "verified"])] + [
                        ("withdraw", "teacher")]
                for action, role in path:
                    reason = ""
                    if action == "reject":
                        reason = ("Gia đình đã được hỗ trợ máy tính bảng từ chương trình khác"
                                  if need.received_elsewhere else rng.choice(REJECT_REASONS[1:]))
                    elif action == "withdraw":
                        reason = rng.choice(WITHDRAW_REASONS)
                    store.need_action(need.id, action, t_actor if role == "teacher" else s.head, role, reason)
                if fate != "fulfilled":
                    continue
                pool = stock[s.unit.id]
                kind = need.device_requested if pool[need.device_requested] else next(
                    (k for k in ("tablet", "smartphone", "laptop") if pool[k]), None)
                if kind is None:
                    continue
                device = pool[kind].pop(0)
                sim = None
                if need.needs_sim and sims[s.unit.id]:
                    sim = sims[s.unit.id].pop(0)
                h = store.hand_over(Handover(
                    unit_id=s.unit.id, event="handed_over",
                    date=day(dt.date(start, 9, 15), dt.date(start, 11, 20)),
                    place=f"{s.unit.name}, điểm trường {st.village}" if rng.random() < 0.3 else s.unit.name,
                    giver_unit=s.unit.name, giver_rep=s.head, giver_position="Hiệu trưởng",
                    student_id=st.id, need_id=need.id,
                    guardian_name=st.guardian_name,
                    guardian_relation=st.guardian_relation or "Mẹ",
                    guardian_id_no=(HOME_LEGACY + f"{rng.choice([0, 1])}{rng.randint(75, 99)}"
                                    + f"{rng.randrange(10**6):06d}") if rng.random() < 0.7 else "",
                    device_id=device.id, sim_id=sim.id if sim else "",
                    accessories="Sạc, cáp, ốp lưng" if kind != "laptop" else "Sạc, túi chống sốc",
                    condition=device.condition, signed_paper=rng.random() < 0.9,
                    witness=rng.choice(teacher),
                ), ACTOR)
                active.append((h, device.condition))
                result.handovers += 1

        # ------------------------------------------------------------- returns
        for i in sorted({0, len(active) // 2})[:len(active)]:
            h, _ = active[i]
            back = dt.date.fromisoformat(h.date) + dt.timedelta(days=20 + rng.randrange(40))
            if result.returned == 0:
                store.return_device(h.id, ACTOR, date=min(back, today).isoformat(), condition="used_good",
                                    reason="Học sinh chuyển trường, gia đình trả lại máy")
            else:
                store.return_device(h.id, ACTOR, date=min(back, today).isoformat(), condition="faulty",
                                    reason="Máy rơi vỡ màn hình, thu hồi để gửi bảo hành")
            result.returned += 1

        for copy_id, (source_school, source) in copies.items():
            s, copy = next((s, st) for s, st in saved_students if st.id == copy_id)
            result.duplicates.append(_copy_need(store, s, copy, source_school, source, school_year, rng))

        result.needs = {r[0]: r[1] for r in store.conn.execute(
            f"SELECT status, count(*) FROM needs WHERE _deleted=0 AND unit_id IN ({','.join('?' * len(sch))})"
            " GROUP BY status", [s.unit.id for s in sch])}
    return result


# ------------------------------------------------- children deliberately at two schools
def _duplicate_slots(plans: list[tuple], sch: list[_School], students: int) -> set[int]:
    """The places in ``plans`` (the last child of the second, third… school) taken by a
    child of another school entered again: one per 100 children, one at least, three at
    most, and only when there are several schools."""
    if len(sch) < 2:
        return set()
    wanted = min(3, max(1, students // 100))
    slots: set[int] = set()
    for d in range(wanted):
        school = sch[1 + d % (len(sch) - 1)]
        free = [i for i, p in enumerate(plans) if p[0] is school and i not in slots]
        if free:
            slots.add(free[-1])
    return slots


def _as_merged(store, rec):
    """Written as a sync merge writes what another school's computer sent: the rules that
    refuse a second record of one personal ID are what these children are here to show."""
    rec = rec.checked()
    store.write_row(type(rec), rec.id, to_row(rec), None, ACTOR, "demo.duplicate")
    return rec


def _copy_child(store, s: _School, section: str, saved: list[tuple[_School, Student]],
                sources: set[str]) -> tuple[Student, _School, Student] | None:
    """The same child (personal ID, name, birth date, family) entered at school ``s`` too:
    a child of another school in a priority group, in a grade ``s`` teaches if there is one."""
    lo, hi = s.grades
    fits = [(o, st) for o, st in saved if o is not s and st.personal_id and st.id not in sources
            and priority(st.household, st.covid_orphan, st.covid_hardship) is not None]
    fits.sort(key=lambda p: not lo <= int(p[1].class_name[0]) <= hi)
    if not fits:
        return None
    other, source = fits[0]
    copy = Student(**{**source.to_row(), "id": new_id(), "unit_id": s.unit.id,
                      "class_name": f"{source.class_name[0]}{section}", "moet_code": ""})
    return _as_merged(store, copy), other, source


def _copy_need(store, s: _School, copy: Student, other: _School, source: Student, school_year: str,
               rng: random.Random) -> dict:
    """The copy's need, submitted (active at both schools), its note saying it is deliberate."""
    teacher = rng.choice(s.teachers)
    need = Need(unit_id=s.unit.id, student_id=copy.id, school_year=school_year, device_requested="tablet",
                status="submitted", history=[{"status": "submitted", "action": "submit", "by": teacher,
                                              "role": "teacher", "at": now_iso(), "reason": ""}],
                note=(f"Dữ liệu mẫu: em được cố ý ghi ở hai trường ({other.unit.name} và {s.unit.name}) "
                      "để thử quyết định của phòng/xã: trường nào giữ em."))
    store.refresh_priority(need, copy)
    _as_merged(store, need)
    return {"personal_id": copy.personal_id, "full_name": copy.full_name,
            "schools": [other.unit.code, s.unit.code], "student_ids": [source.id, copy.id]}


def _make_users(store, sch: list[_School], seed: int, make: bool) -> list[dict]:
    """The installation's accounts when it has none: for its school, the head and a
    teacher (the names the demo's workflow steps are signed with); for an office, an
    officer. Their PINs follow the seed (its own generator: the data stay as they were)."""
    unit = store.unit()
    mine = next((s for s in sch if unit is not None and s.unit.id == unit.id), None)
    present = store.users()
    if present:  # the school's own people sign the demo's steps at their school
        if mine is not None:
            heads = [u["name"] for u in present if u["role"] == "head"]
            teachers = [u["name"] for u in present if u["role"] == "teacher"]
            mine.head = heads[0] if heads else mine.head
            mine.teachers = teachers[:1] + [t for t in mine.teachers if t not in teachers[:1]]
        return []
    if not make:
        return []
    pins = random.Random(f"pins-{seed}")
    if mine is not None:
        people = [(mine.head, "head"), (mine.teachers[0], "teacher")]
    elif unit is not None:
        people = [(OFFICER, "province" if unit.kind == "province" else "officer")]
    else:
        return []
    made = []
    for name, role in people:
        pin = f"{pins.randrange(10_000):04d}"
        # the demo's own accounts: valid by construction, in a store with none (the checks
        # of app.ops.users.add_user have nothing to refuse)
        store.add_user(name, role, pin, actor=ACTOR)
        made.append({"name": name, "role": role, "pin": pin})
    return made


def _make_schools(store, rng: random.Random, count: int) -> list[_School]:
    first = store.unit()
    office = first if first is not None and first.kind != "school" else None
    if office is not None:  # an education office: schools of its own area, below it
        first = None
    if office is not None and office.kind == "commune" and office.commune_code:
        communes = [store.admin_unit(office.commune_code)]
    else:
        communes = store.admin_units("commune", province_code=(office.province_code if office else "")
                                     or HOME_PROVINCE)
        # mountain communes, not the wards of the provincial town
        communes = [c for c in communes if c["name"].startswith("Xã ")] or communes
    province = store.admin_unit(communes[0]["province_code"]) if communes else None
    where = "tỉnh Lai Châu" if province is None else (
        f"tỉnh {province['name']}" if province["division"] == "tỉnh" else province["name"])
    taken_codes = {r[0] for r in store.conn.execute("SELECT code FROM units WHERE _deleted=0")}
    out: list[_School] = []
    start_index = rng.randrange(len(communes)) if communes else 0

    def staff() -> tuple[str, list[str]]:
        return rng.choice(STAFF["head"]), rng.sample(STAFF["teacher"], 4)

    def villages() -> list[str]:
        return rng.sample(VILLAGES, 6 + rng.randrange(5))

    if first is not None:
        commune = store.admin_unit(first.commune_code) if first.commune_code else None
        grades = {"TH": (1, 5), "THCS": (6, 9), "MN": (1, 5), "THCS&THPT": (6, 9)}.get(first.level, (1, 9))
        if "TH&THCS" in first.name or "TH & THCS" in first.name:
            grades = (1, 9)
        head, teachers = staff()
        out.append(_School(first, grades, _short_commune(commune["name"]) if commune else "", villages(),
                           head, teachers))
        codes = [c["code"] for c in communes]
        if first.commune_code in codes:
            start_index = codes.index(first.commune_code)
    for i in range(len(out), count):
        if i == 0:
            c = communes[start_index]
            kind, base, level, lo, hi = SCHOOL_TYPES[0]
        else:
            # the same commune or its neighbours (nearby codes)
            c = communes[(start_index + (i + 1) // 2 * (1 if i % 2 else -1)) % len(communes)] \
                if rng.random() < 0.7 else communes[start_index]
            kind, base, level, lo, hi = SCHOOL_TYPES[1 + rng.randrange(len(SCHOOL_TYPES) - 1)] \
                if rng.random() < 0.8 else SCHOOL_TYPES[0]
        short = _short_commune(c["name"])
        name = f"{kind} {short}"
        code = f"{base}-{fold(short).replace(' ', '').upper()}"
        n, candidate = 1, code
        while candidate in taken_codes:
            n += 1
            candidate = f"{code}-{n}"
        if n > 1:
            name = f"{name} số {n}"
        taken_codes.add(candidate)
        unit = Unit(code=candidate, name=name, kind="school", level=level, commune_code=c["code"],
                    coverage=rng.choice(["3G", "4G", "4G", "2G"]), carrier="viettel",
                    broadband=rng.random() < 0.5, address=f"{short}, {where}",
                    parent_id=office.id if office is not None and office.kind == "cluster" else "")
        if i == 0 and not store.unit_id:
            unit = store.set_unit(unit, ACTOR)
        else:
            unit.unit_id = unit.id
            unit = store.save(unit, ACTOR)
        head, teachers = staff()
        out.append(_School(unit, (lo, hi), short, villages(), head, teachers))
    return out
