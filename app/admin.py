"""Administrative units: 34 provinces and 3,321 communes/wards (from July 2025) from the
``vietnam-provinces`` package, plus the 63 pre-2025 provinces whose codes still open every
personal ID and older record."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# Pre-July-2025 province code → (name, code of the province it now belongs to).
# Personal IDs keep the code of the province where the birth was registered, so IDs
# of today's children use these 63 codes (Resolution 202/2025/QH15 for the merges).
LEGACY_PROVINCES: dict[str, tuple[str, str]] = {
    "001": ("Hà Nội", "01"), "002": ("Hà Giang", "08"), "004": ("Cao Bằng", "04"),
    "006": ("Bắc Kạn", "19"), "008": ("Tuyên Quang", "08"), "010": ("Lào Cai", "15"),
    "011": ("Điện Biên", "11"), "012": ("Lai Châu", "12"), "014": ("Sơn La", "14"),
    "015": ("Yên Bái", "15"), "017": ("Hòa Bình", "25"), "019": ("Thái Nguyên", "19"),
    "020": ("Lạng Sơn", "20"), "022": ("Quảng Ninh", "22"), "024": ("Bắc Giang", "24"),
    "025": ("Phú Thọ", "25"), "026": ("Vĩnh Phúc", "25"), "027": ("Bắc Ninh", "24"),
    "030": ("Hải Dương", "31"), "031": ("Hải Phòng", "31"), "033": ("Hưng Yên", "33"),
    "034": ("Thái Bình", "33"), "035": ("Hà Nam", "37"), "036": ("Nam Định", "37"),
    "037": ("Ninh Bình", "37"), "038": ("Thanh Hóa", "38"), "040": ("Nghệ An", "40"),
    "042": ("Hà Tĩnh", "42"), "044": ("Quảng Bình", "44"), "045": ("Quảng Trị", "44"),
    "046": ("Thừa Thiên Huế", "46"), "048": ("Đà Nẵng", "48"), "049": ("Quảng Nam", "48"),
    "051": ("Quảng Ngãi", "51"), "052": ("Bình Định", "52"), "054": ("Phú Yên", "66"),
    "056": ("Khánh Hòa", "56"), "058": ("Ninh Thuận", "56"), "060": ("Bình Thuận", "68"),
    "062": ("Kon Tum", "51"), "064": ("Gia Lai", "52"), "066": ("Đắk Lắk", "66"),
    "067": ("Đắk Nông", "68"), "068": ("Lâm Đồng", "68"), "070": ("Bình Phước", "75"),
    "072": ("Tây Ninh", "80"), "074": ("Bình Dương", "79"), "075": ("Đồng Nai", "75"),
    "077": ("Bà Rịa - Vũng Tàu", "79"), "079": ("Hồ Chí Minh", "79"), "080": ("Long An", "80"),
    "082": ("Tiền Giang", "82"), "083": ("Bến Tre", "86"), "084": ("Trà Vinh", "86"),
    "086": ("Vĩnh Long", "86"), "087": ("Đồng Tháp", "82"), "089": ("An Giang", "91"),
    "091": ("Kiên Giang", "91"), "092": ("Cần Thơ", "92"), "093": ("Hậu Giang", "92"),
    "094": ("Sóc Trăng", "92"), "095": ("Bạc Liêu", "96"), "096": ("Cà Mau", "96"),
}


@dataclass(frozen=True, slots=True)
class AdminUnit:
    code: str  # "01" for a province, "00070" for a ward/commune
    name: str
    kind: str  # "province" | "commune"
    division: str  # tỉnh, thành phố trung ương, xã, phường, đặc khu
    province_code: str
    legacy_code: str = ""  # pre-2025 code where one is known (provinces: "001"…)


@cache
def provinces() -> tuple[AdminUnit, ...]:
    from vietnam_provinces import Province  # noqa: PLC0415  (start-up time: the country's tables load on first use)

    legacy_by_new: dict[str, list[str]] = {}
    for old, (_name, new) in LEGACY_PROVINCES.items():
        legacy_by_new.setdefault(new, []).append(old)
    out = []
    for p in Province.iter_all():
        code = f"{int(p.code):02d}"
        out.append(
            AdminUnit(
                code=code,
                name=p.name,
                kind="province",
                division=p.division_type.value,
                province_code=code,
                legacy_code=",".join(sorted(legacy_by_new.get(code, []))),
            )
        )
    return tuple(sorted(out, key=lambda u: u.code))


@cache
def communes() -> tuple[AdminUnit, ...]:
    from vietnam_provinces import Ward  # noqa: PLC0415  (start-up time: the country's tables load on first use)

    return tuple(
        sorted(
            (
                AdminUnit(
                    code=f"{int(w.code):05d}",
                    name=w.name,
                    kind="commune",
                    division=w.division_type.value,
                    province_code=f"{int(w.province_code):02d}",
                )
                for w in Ward.iter_all()
            ),
            key=lambda u: u.code,
        )
    )


def is_birth_province_code(code: str) -> bool:
    """True for the three-digit province codes that open a personal ID."""
    return code in LEGACY_PROVINCES


def locality(commune: dict | None) -> str:
    """The place name of the date line (Decree 30): the commune without "Xã"/"Phường",
    except names that are only a number ("Phường 1")."""
    if not commune:
        return ""
    name, division = commune["name"], (commune.get("division") or "")
    for prefix in (division, "Xã", "Phường", "Đặc khu", "Thị trấn"):
        if prefix and name.lower().startswith(prefix.lower() + " "):
            rest = name[len(prefix) + 1:].strip()
            return name if rest.isdigit() else rest
    return name
