"""The records of the programme (DESIGN §2) with their validation.

Each record is a dataclass; ``checked()`` returns a normalised copy or raises
ValidationError listing every problem, field by field, so a form can show them inline.
Sync metadata (versions, tombstones) is not part of a record: the store keeps it.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import hashlib
import os
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any, ClassVar

from app import validate
from app.errors import FieldError, ValidationError
from app.text import clean, clean_name, fold


class _Ids:
    """Record ids: RFC 9562 UUIDs of version 8 — 74 random bits drawn once per process
    (and again in a forked child), then a 48-bit sequence. Unique as a random UUID is
    (two processes share a prefix with odds of 2^-74), but the ids a computer writes in
    a session share their first ten bytes and count up, so a batch of them compresses to
    a few bytes each instead of 16 (40 % of a sync batch over 2G was random ids: issue 18)
    and they land at the end of the tables' indexes instead of all over them. They are no
    secret: nothing is authorised by knowing a record's id (DESIGN §8)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reseed()
        os.register_at_fork(after_in_child=self._forked)

    def _reseed(self) -> None:
        self._prefix = int.from_bytes(os.urandom(10), "big")
        self._next = 0

    def _forked(self) -> None:  # the parent's lock may have been held by another of its threads
        self._lock = threading.Lock()
        self._reseed()

    def __call__(self) -> str:
        with self._lock:
            if self._next >> 48:  # 2^48 ids from one process: a fresh prefix
                self._reseed()
            n, prefix = self._next, self._prefix
            self._next = n + 1
        value = (prefix << 48) | n
        value = (value & ~(0xF << 76)) | (0x8 << 76)  # version 8
        value = (value & ~(0x3 << 62)) | (0x2 << 62)  # the RFC's variant
        return str(uuid.UUID(int=value))


new_id = _Ids()


_clock_checks: contextvars.ContextVar[bool] = contextvars.ContextVar("clock_checks", default=True)


@contextlib.contextmanager
def without_clock_checks():
    """Validation that does not depend on today's date or this computer's clock ("not in
    the future", "age 2–25"): for versions merged from other devices, which were checked
    where and when they were written and must still merge years later or from a device
    whose clock was ahead."""
    token = _clock_checks.set(False)
    try:
        yield
    finally:
        _clock_checks.reset(token)


def today() -> dt.date:
    return dt.date.today()


# Choice sets: value → (Vietnamese, English)
# School levels; the combined ones are common in the mountains (a code fits the server's 10 characters)
LEVELS = {"MN": ("Mầm non", "Preschool"), "TH": ("Tiểu học", "Primary"),
          "THCS": ("THCS", "Lower secondary"), "THPT": ("THPT", "Upper secondary"),
          "GDTX": ("GDTX", "Continuing education"),
          "TH&THCS": ("Tiểu học và THCS", "Primary and lower secondary"),
          "THCS&THPT": ("THCS và THPT", "Lower and upper secondary"),
          "PTDTBT": ("Phổ thông dân tộc bán trú", "Semi-boarding school for ethnic minorities")}
UNIT_KINDS = {"school": ("Trường", "School"), "commune": ("Xã/phường", "Commune"),
              "cluster": ("Cụm/huyện cũ", "District or cluster"),
              "province": ("Sở GD&ĐT", "Provincial department")}
COVERAGE = {"none": ("Không có sóng", "No signal"), "2G": ("2G", "2G"),
            "3G": ("3G", "3G"), "4G": ("4G", "4G")}
SEXES = {"M": ("Nam", "Male"), "F": ("Nữ", "Female")}
HOUSEHOLDS = {"poor": ("Hộ nghèo", "Poor"), "near_poor": ("Hộ cận nghèo", "Near-poor"),
              "other_hardship": ("Khó khăn khác", "Other hardship"), "none": ("Không", "None")}
DEVICE_KINDS = {"tablet": ("Máy tính bảng", "Tablet"), "laptop": ("Máy tính xách tay", "Laptop"),
                "smartphone": ("Điện thoại thông minh", "Smartphone"),
                "desktop": ("Máy tính để bàn", "Desktop")}
CURRENT_DEVICE = {"none": ("Không có", "None"), "shared": ("Dùng chung với gia đình", "Shared"),
                  "basic_phone": ("Điện thoại thường", "Basic phone"),
                  "own": ("Đã có thiết bị riêng", "Own device")}
HOME_INTERNET = {"none": ("Không có", "None"), "mobile": ("Di động 3G/4G", "Mobile data"),
                 "fixed": ("Cáp quang/ADSL", "Fixed broadband")}
NEED_STATUSES = {"draft": ("Nháp", "Draft"), "submitted": ("Đã gửi", "Submitted"),
                 "verified": ("Đã xác minh", "Verified"), "approved": ("Đã phê duyệt", "Approved"),
                 "fulfilled": ("Đã nhận thiết bị", "Fulfilled"), "rejected": ("Từ chối", "Rejected"),
                 "withdrawn": ("Rút lại", "Withdrawn")}
DONOR_KINDS = {"enterprise": ("Doanh nghiệp", "Enterprise"),
               "organisation": ("Tổ chức", "Organisation"), "person": ("Cá nhân", "Person")}
INSPECTION = {"pending": ("Chưa kiểm tra", "Not inspected"), "meets": ("Đạt cấu hình tối thiểu", "Meets minimum spec"),
              "fails": ("Không đạt", "Below minimum spec")}
CONDITIONS = {"new": ("Mới", "New"), "used_good": ("Đã qua sử dụng, tốt", "Used, good"),
              "faulty": ("Hỏng", "Faulty")}
DEVICE_STATUSES = {"in_stock": ("Trong kho", "In stock"), "allocated": ("Đã phân bổ", "Allocated"),
                   "handed_over": ("Đã bàn giao", "Handed over"), "returned": ("Đã thu hồi", "Returned"),
                   "faulty": ("Hỏng", "Faulty"), "lost": ("Mất", "Lost")}
SIM_STATUSES = {"in_stock": ("Trong kho", "In stock"), "handed_over": ("Đã bàn giao", "Handed over"),
                "returned": ("Đã thu hồi", "Returned"), "expired": ("Hết hạn", "Expired")}
CARRIERS = {"viettel": ("Viettel", "Viettel"), "vinaphone": ("VinaPhone", "VinaPhone"),
            "mobifone": ("MobiFone", "MobiFone"), "vietnamobile": ("Vietnamobile", "Vietnamobile"),
            "other": ("Khác", "Other"), "": ("—", "—")}
GAP_STATUSES = {"uncovered": ("Chưa có sóng", "Not covered"), "covered": ("Đã có sóng", "Covered")}
ALLOCATION_STATUSES = {"draft": ("Dự thảo", "Draft"), "approved": ("Đã phê duyệt", "Approved")}
PLACEMENT_STATUSES = {"decided": ("Đã quyết định", "Decided"), "withdrawn": ("Đã huỷ", "Withdrawn")}
HANDOVER_EVENTS = {"handed_over": ("Bàn giao", "Handed over"), "returned": ("Thu hồi", "Returned"),
                   "reassigned": ("Chuyển giao", "Reassigned")}


class _Checker:
    """Collects field problems so a form can show all of them at once."""

    def __init__(self) -> None:
        self.problems: list[FieldError] = []

    def run(self, fn, *args, **kw):
        try:
            return fn(*args, **kw)
        except FieldError as e:
            self.problems.append(e)
            return None

    def add(self, field_name: str, key: str, **params: Any) -> None:
        self.problems.append(FieldError(field_name, key, **params))

    def required(self, rec: Any, *names: str) -> None:
        for n in names:
            if getattr(rec, n) in (None, ""):
                self.add(n, "required")

    def choice(self, rec: Any, name: str, choices: dict) -> None:
        v = getattr(rec, name)
        if v not in choices:
            self.add(name, "choice.invalid", value=v, allowed=", ".join(k for k in choices if k))

    def date(self, rec: Any, name: str, *, optional: bool = True, not_future: bool = False) -> None:
        v = getattr(rec, name)
        if v in (None, ""):
            if not optional:
                self.add(name, "required")
            return
        d = self.run(validate.parse_date, v, name)
        if d is not None:
            if not_future and _clock_checks.get() and d > today():
                self.add(name, "date.future", value=d.strftime("%d/%m/%Y"))
            setattr(rec, name, d.isoformat())

    def non_negative(self, rec: Any, name: str) -> None:
        v = getattr(rec, name)
        if v in (None, ""):
            setattr(rec, name, 0)
            return
        try:
            n = int(v)
            if n < 0:
                raise ValueError
            setattr(rec, name, n)
        except (TypeError, ValueError):
            self.add(name, "number.invalid", value=v)

    def done(self) -> None:
        if self.problems:
            raise ValidationError(self.problems)


@dataclass
class Record:
    KIND: ClassVar[str] = ""
    TABLE: ClassVar[str] = ""
    #: fields kept as JSON text in SQLite
    JSON_FIELDS: ClassVar[tuple[str, ...]] = ()
    BOOL_FIELDS: ClassVar[tuple[str, ...]] = ()

    id: str = field(default_factory=new_id)
    unit_id: str = ""  # scope: the school or office the record belongs to

    def checked(self, *, copy: bool = True):
        """A normalised copy, or ValidationError with every problem. ``copy=False``: this
        record itself is normalised (one made only to be checked, as sync does)."""
        rec = self.copy() if copy else self
        c = _Checker()
        c.required(rec, "id", "unit_id")
        rec._check(c)  # noqa: SLF001  (a copy of self: its own class's hook)
        c.done()
        return rec

    def _check(self, c: _Checker) -> None:  # pragma: no cover - overridden
        pass

    def copy(self):
        """A copy sharing no list or dict (as ``dataclasses.replace``, without running
        ``__init__`` again: sync checks thousands of records a second)."""
        rec = object.__new__(type(self))
        rec.__dict__.update(self.__dict__)
        for name in self.JSON_FIELDS:
            value = rec.__dict__[name]
            if isinstance(value, list):
                rec.__dict__[name] = list(value)
            elif isinstance(value, dict):
                rec.__dict__[name] = dict(value)
        return rec

    def to_row(self) -> dict[str, Any]:
        """Field values by name (lists and dicts copied, not shared)."""
        row = {name: getattr(self, name) for name in self.field_names()}
        for name in self.JSON_FIELDS:
            value = row[name]
            row[name] = list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value
        return row

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        names = cls.__dict__.get("_field_names")
        if names is None:
            names = tuple(f.name for f in dataclasses.fields(cls))
            cls._field_names = names
        return names

    @classmethod
    def build(cls, data: dict[str, Any]):
        """A record from field values known to be field names (defaults for the rest),
        without ``__init__``: what sync uses to take in thousands of versions a second."""
        defaults = cls.__dict__.get("_defaults")
        if defaults is None:  # every field in order, those made by a factory None for now; the factories
            fields = dataclasses.fields(cls)
            defaults = ({f.name: None if f.default_factory is not dataclasses.MISSING else f.default for f in fields},
                        tuple((f.name, f.default_factory) for f in fields
                              if f.default_factory is not dataclasses.MISSING))
            cls._defaults = defaults
        rec = object.__new__(cls)
        d = rec.__dict__
        d.update(defaults[0])
        for name, factory in defaults[1]:  # a list or dict of its own, an id
            if name not in data:
                d[name] = factory()
        d.update(data)
        for b in cls.BOOL_FIELDS:
            if d[b] is not None:
                d[b] = bool(d[b])
        return rec

    @classmethod
    def from_row(cls, row: dict[str, Any]):
        names = cls.field_names()
        data = {k: row[k] for k in names if k in row}
        for b in cls.BOOL_FIELDS:
            if b in data and data[b] is not None:
                data[b] = bool(data[b])
        return cls(**data)


@dataclass
class Unit(Record):
    """A school or an office. Provinces and communes themselves are reference data
    (app.admin); a Unit hangs under a commune code and optionally a parent Unit."""

    KIND: ClassVar[str] = "unit"
    TABLE: ClassVar[str] = "units"
    BOOL_FIELDS: ClassVar[tuple[str, ...]] = ("broadband",)

    code: str = ""
    name: str = ""
    kind: str = "school"
    level: str = ""
    commune_code: str = ""
    province_code: str = ""
    parent_id: str = ""
    legacy_code: str = ""  # e.g. the pre-2025 district code, kept so old records resolve
    coverage: str = "none"
    carrier: str = ""
    broadband: bool = False
    address: str = ""

    def _check(self, c: _Checker) -> None:
        self.code = clean(self.code).upper()
        self.name = clean(self.name)
        self.address = clean(self.address)
        c.required(self, "code", "name")
        c.choice(self, "kind", UNIT_KINDS)
        if self.kind == "school":
            c.choice(self, "level", LEVELS)
        c.choice(self, "coverage", COVERAGE)
        c.choice(self, "carrier", CARRIERS)


@dataclass
class CoverageGap(Record):
    """A village without mobile signal (điểm lõm sóng)."""

    KIND: ClassVar[str] = "coverage_gap"
    TABLE: ClassVar[str] = "coverage_gaps"
    JSON_FIELDS: ClassVar[tuple[str, ...]] = ("school_ids",)

    village: str = ""
    commune_code: str = ""
    school_ids: list = field(default_factory=list)
    carrier: str = ""
    status: str = "uncovered"
    covered_on: str = ""
    note: str = ""

    def _check(self, c: _Checker) -> None:
        self.village = clean_name(self.village)
        c.required(self, "village")
        c.choice(self, "status", GAP_STATUSES)
        c.choice(self, "carrier", CARRIERS)
        c.date(self, "covered_on", not_future=True)
        if self.status == "covered" and not self.covered_on:
            c.add("covered_on", "required")


@dataclass
class Student(Record):
    KIND: ClassVar[str] = "student"
    TABLE: ClassVar[str] = "students"
    BOOL_FIELDS: ClassVar[tuple[str, ...]] = ("policy_family", "covid_orphan", "covid_hardship")

    full_name: str = ""
    birth_date: str = ""  # ISO yyyy-mm-dd
    sex: str = ""  # M / F
    personal_id: str = ""  # số định danh cá nhân, 12 digits, optional until known
    moet_code: str = ""
    ethnicity: str = "Kinh"
    class_name: str = ""
    school_year: str = ""  # "2025-2026"
    guardian_name: str = ""
    guardian_relation: str = ""
    guardian_phone: str = ""
    village: str = ""
    household: str = "none"
    policy_family: bool = False  # gia đình chính sách
    poverty_cert_no: str = ""
    poverty_cert_year: int | None = None
    poverty_cert_commune: str = ""
    covid_orphan: bool = False  # a parent died of COVID-19
    covid_hardship: bool = False
    covid_note: str = ""
    search_key: str = ""  # derived: accent-free name + class + id, for search

    def _check(self, c: _Checker) -> None:
        self.full_name = clean_name(self.full_name)
        self.guardian_name = clean_name(self.guardian_name)
        self.village = clean_name(self.village)
        self.ethnicity = clean_name(self.ethnicity) or "Kinh"
        self.class_name = clean(self.class_name).upper()
        self.guardian_relation = clean(self.guardian_relation)
        self.moet_code = clean(self.moet_code)
        self.school_year = clean(self.school_year) or school_year_of(today())
        c.required(self, "full_name", "birth_date", "sex")
        if self.sex not in ("", None):
            c.choice(self, "sex", SEXES)
        c.date(self, "birth_date", optional=False, not_future=True)
        born = None
        if self.birth_date and len(str(self.birth_date)) == 10 and not any(
            p.field == "birth_date" for p in c.problems
        ):
            born = dt.date.fromisoformat(self.birth_date)
            if _clock_checks.get():  # (sync takes a version as of when it was written)
                t = today()
                age = t.year - born.year - ((t.month, t.day) < (born.month, born.day))
                if not 2 <= age <= 25:
                    c.add("birth_date", "date.age", value=born.strftime("%d/%m/%Y"))
        if self.personal_id:
            pid = c.run(validate.check_personal_id, self.personal_id, born, self.sex)
            if pid:
                self.personal_id = pid
        if self.guardian_phone:
            phone = c.run(validate.normalise_phone, self.guardian_phone)
            if phone:
                self.guardian_phone = phone
        c.choice(self, "household", HOUSEHOLDS)
        if self.poverty_cert_year in ("", 0):
            self.poverty_cert_year = None
        elif self.poverty_cert_year is not None:
            try:
                self.poverty_cert_year = int(self.poverty_cert_year)
            except (TypeError, ValueError):
                c.add("poverty_cert_year", "number.invalid", value=self.poverty_cert_year)
        self.derive()

    def derive(self) -> None:
        """The fields worked out from the others (not sent by sync; see app.changes.DERIVED)."""
        self.search_key = " ".join(
            x for x in (fold(self.full_name), fold(self.class_name), self.personal_id) if x
        )


def school_year_of(day: dt.date) -> str:
    """Vietnamese school years start in September: 2025-09-05 → "2025-2026" (the same turn
    as ``app.school_year.current_school_year``)."""
    from app.school_year import current_school_year  # noqa: PLC0415  (cycle: app.school_year imports records)

    return current_school_year(day)


@dataclass
class Need(Record):
    """A child's need for a device in one school year (nhu cầu hỗ trợ)."""

    KIND: ClassVar[str] = "need"
    TABLE: ClassVar[str] = "needs"
    JSON_FIELDS: ClassVar[tuple[str, ...]] = ("history",)
    BOOL_FIELDS: ClassVar[tuple[str, ...]] = ("needs_sim", "received_elsewhere")

    student_id: str = ""
    school_year: str = ""
    current_device: str = "none"
    home_internet: str = "none"
    device_requested: str = "tablet"
    needs_sim: bool = False
    received_elsewhere: bool = False
    received_source: str = ""
    priority_tier: int | None = None  # derived from the student (app.workflow.priority)
    priority_rank: int | None = None  # tier*2 (+1 unless policy family): sort key
    status: str = "draft"
    status_reason: str = ""
    history: list = field(default_factory=list)  # [{status, by, at, reason}]
    note: str = ""

    def _check(self, c: _Checker) -> None:
        c.required(self, "student_id")
        self.school_year = clean(self.school_year) or school_year_of(today())
        c.choice(self, "current_device", CURRENT_DEVICE)
        c.choice(self, "home_internet", HOME_INTERNET)
        c.choice(self, "device_requested", DEVICE_KINDS)
        c.choice(self, "status", NEED_STATUSES)
        self.received_source = clean(self.received_source)


@dataclass
class Donation(Record):
    """A donation received by a unit (tiếp nhận tài trợ)."""

    KIND: ClassVar[str] = "donation"
    TABLE: ClassVar[str] = "donations"
    JSON_FIELDS: ClassVar[tuple[str, ...]] = ("devices",)

    donor_name: str = ""
    donor_kind: str = "enterprise"
    cash_vnd: int = 0
    devices: dict = field(default_factory=dict)  # kind → count
    received_date: str = ""
    receipt_no: str = ""
    inspection: str = "pending"
    note: str = ""

    def _check(self, c: _Checker) -> None:
        self.donor_name = clean(self.donor_name)
        self.receipt_no = clean(self.receipt_no)
        c.required(self, "donor_name")
        c.choice(self, "donor_kind", DONOR_KINDS)
        c.non_negative(self, "cash_vnd")
        c.date(self, "received_date", optional=False, not_future=True)
        c.choice(self, "inspection", INSPECTION)
        bad = [k for k in self.devices if k not in DEVICE_KINDS]
        for k in bad:
            c.add("devices", "choice.invalid", value=k, allowed=", ".join(DEVICE_KINDS))
        try:
            counts = {k: int(v) for k, v in self.devices.items()}
            if any(v < 0 for v in counts.values()):
                raise ValueError
            self.devices = {k: v for k, v in counts.items() if v > 0}
        except (TypeError, ValueError):
            c.add("devices", "number.invalid", value=self.devices)
        if not self.cash_vnd and not self.devices:
            c.add("cash_vnd", "donation.empty")


@dataclass
class Device(Record):
    """One physical device (thiết bị)."""

    KIND: ClassVar[str] = "device"
    TABLE: ClassVar[str] = "devices"
    BOOL_FIELDS: ClassVar[tuple[str, ...]] = ()

    kind: str = "tablet"
    brand_model: str = ""
    serial: str = ""
    imei: str = ""
    value_vnd: int = 0
    condition: str = "new"
    meets_spec: str = "pending"  # inspection against the minimum specification
    donor: str = ""
    donation_id: str = ""
    received_date: str = ""
    status: str = "in_stock"
    note: str = ""
    allocation_id: str = ""  # the allocation decision it came with (registered at the school on receipt)

    def _check(self, c: _Checker) -> None:
        self.brand_model = clean(self.brand_model)
        self.serial = clean(self.serial).upper()
        self.donor = clean(self.donor)
        c.choice(self, "kind", DEVICE_KINDS)
        if self.imei:
            imei = c.run(validate.check_imei, self.imei)
            if imei:
                self.imei = imei
        if not self.serial and not self.imei:
            c.add("serial", "device.identity")
        c.non_negative(self, "value_vnd")
        c.choice(self, "condition", CONDITIONS)
        c.choice(self, "meets_spec", INSPECTION)
        c.choice(self, "status", DEVICE_STATUSES)
        c.date(self, "received_date", not_future=True)

    @property
    def label(self) -> str:
        return " ".join(x for x in (self.brand_model, self.serial or self.imei) if x)


@dataclass
class Sim(Record):
    KIND: ClassVar[str] = "sim"
    TABLE: ClassVar[str] = "sims"

    number: str = ""
    iccid: str = ""
    carrier: str = "viettel"
    data_package: str = ""
    free_until: str = ""
    status: str = "in_stock"
    donor: str = ""

    def _check(self, c: _Checker) -> None:
        c.required(self, "number")
        if self.number:
            n = c.run(validate.normalise_phone, self.number, "number")
            if n:
                self.number = n
        if self.iccid:
            i = c.run(validate.check_iccid, self.iccid)
            if i:
                self.iccid = i
        c.choice(self, "carrier", CARRIERS)
        c.date(self, "free_until")
        c.choice(self, "status", SIM_STATUSES)
        self.data_package = clean(self.data_package)


@dataclass
class Allocation(Record):
    """An allocation decision (quyết định phân bổ): from ``unit_id`` to ``to_unit_id``."""

    KIND: ClassVar[str] = "allocation"
    TABLE: ClassVar[str] = "allocations"
    JSON_FIELDS: ClassVar[tuple[str, ...]] = ("counts", "device_ids", "donation_ids", "received_counts")

    decision_no: str = ""
    decision_date: str = ""
    to_unit_id: str = ""
    donor: str = ""
    counts: dict = field(default_factory=dict)
    device_ids: list = field(default_factory=list)
    status: str = "draft"
    approved_by: str = ""
    approved_at: str = ""
    donation_ids: list = field(default_factory=list)  # the donations the decision draws on
    # the receiving school's confirmation (the only fields it may write on the decision)
    received_counts: dict = field(default_factory=dict)  # kind → count received
    received_at: str = ""
    received_by: str = ""
    receipt_note: str = ""

    def _check(self, c: _Checker) -> None:
        self.decision_no = clean(self.decision_no)
        c.required(self, "decision_no", "to_unit_id")
        c.date(self, "decision_date", optional=False)
        c.choice(self, "status", ALLOCATION_STATUSES)


@dataclass
class Handover(Record):
    """An append-only handover event (bàn giao): handed over, returned or reassigned."""

    KIND: ClassVar[str] = "handover"
    TABLE: ClassVar[str] = "handovers"
    BOOL_FIELDS: ClassVar[tuple[str, ...]] = ("signed_paper",)

    event: str = "handed_over"
    minute_no: str = ""
    date: str = ""
    place: str = ""
    giver_unit: str = ""
    giver_rep: str = ""
    giver_position: str = ""
    student_id: str = ""
    need_id: str = ""
    guardian_name: str = ""
    guardian_id_no: str = ""
    guardian_relation: str = ""
    device_id: str = ""
    sim_id: str = ""
    accessories: str = ""
    condition: str = "new"
    signed_paper: bool = False
    witness: str = ""
    override_reason: str = ""
    refers_to: str = ""  # the handover a return/reassignment closes
    note: str = ""

    def _check(self, c: _Checker) -> None:
        c.choice(self, "event", HANDOVER_EVENTS)
        c.required(self, "student_id")
        c.date(self, "date", optional=False, not_future=True)
        self.guardian_name = clean_name(self.guardian_name)
        self.place = clean(self.place)
        self.giver_rep = clean_name(self.giver_rep)
        self.witness = clean_name(self.witness)
        self.override_reason = clean(self.override_reason)
        c.choice(self, "condition", CONDITIONS)
        if self.event == "handed_over":
            if not self.guardian_name:
                c.add("guardian_name", "handover.guardian")
            if not self.device_id and not self.sim_id:
                c.add("device_id", "handover.nothing")
        else:
            c.required(self, "refers_to")


@dataclass
class Placement(Record):
    """Which school keeps a child found active at two schools in one school year (quyết định
    học sinh học tại trường nào), decided by an office (``unit_id``) and addressed to both
    schools (``keep_unit_id``, ``release_unit_id``: ``app.changes.ADDRESSED``)."""

    KIND: ClassVar[str] = "placement"
    TABLE: ClassVar[str] = "placements"

    school_year: str = ""
    personal_id: str = ""
    keep_unit_id: str = ""
    keep_student_id: str = ""
    release_unit_id: str = ""
    release_student_id: str = ""
    reason: str = ""
    decided_by: str = ""
    decided_at: str = ""
    status: str = "decided"  # "decided" or "withdrawn"

    def _check(self, c: _Checker) -> None:
        self.reason = clean(self.reason)
        c.required(self, "keep_unit_id", "keep_student_id", "release_unit_id", "release_student_id")
        c.choice(self, "status", PLACEMENT_STATUSES)


@dataclass
class SubmittedReport(Record):
    """A report a unit submitted (báo cáo đã nộp), as it went up to the province: the frozen
    snapshot of ``app.reports.snapshots`` — its number, what it is, and its stored JSON text
    with that text's digest — never edited, never recomputed (the province's authority
    refuses a change or a deletion: ``app.authz``). The local table ``report_snapshots``
    stays the device's own; ``app.ops.reports.publish_submitted`` makes one of these per
    snapshot, with an id drawn from the unit, the number and the digest."""

    KIND: ClassVar[str] = "submitted_report"
    TABLE: ClassVar[str] = "submitted_reports"

    number: str = ""
    report_kind: str = ""
    unit_code: str = ""
    unit_name: str = ""
    period_start: str = ""
    period_end: str = ""
    submitted_at: str = ""
    submitted_by: str = ""
    data: str = ""  # the snapshot's JSON text, as stored when it was submitted
    digest: str = ""  # its SHA-256 (hex)

    def _check(self, c: _Checker) -> None:
        c.required(self, "number", "report_kind", "data", "digest")
        if self.data and hashlib.sha256(self.data.encode()).hexdigest() != self.digest:
            c.add("data", "report.snapshot_damaged", number=self.number)


KINDS: dict[str, type[Record]] = {
    cls.KIND: cls
    for cls in (Unit, CoverageGap, Student, Need, Donation, Device, Sim, Allocation, Handover, Placement,
                SubmittedReport)
}


def label(choices: dict, value: str, lang: str = "vi") -> str:
    pair = choices.get(value)
    if not pair:
        return value
    return pair[0 if lang == "vi" else 1]
