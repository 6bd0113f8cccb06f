"""Small record makers for tests: valid by default, override what the test is about."""

from __future__ import annotations

import itertools

from app.records import Device, Handover, Need, Sim, Student

_serial = itertools.count(1)


def personal_id(birth_year: int, sex: str, province: str = "012", tail: int | None = None) -> str:
    from app.validate import century_sex_digit

    tail = next(_serial) if tail is None else tail
    return f"{province}{century_sex_digit(birth_year, sex)}{birth_year % 100:02d}{tail:06d}"


def student(store, **kw) -> Student:
    data = dict(unit_id=store.unit_id, full_name="Nguyễn Thị Ánh", birth_date="2016-03-04", sex="F",
                class_name="3A", household="poor", school_year="2025-2026")
    data.update(kw)
    if "personal_id" not in kw:
        data["personal_id"] = personal_id(int(data["birth_date"][:4]), data["sex"])
    return store.save(Student(**data), "test")


def approved_need(store, st: Student, **kw) -> Need:
    need = store.save(Need(unit_id=st.unit_id, student_id=st.id, school_year=st.school_year, **kw), "gv")
    for action, role in (("submit", "teacher"), ("verify", "head"), ("approve", "head")):
        need = store.need_action(need.id, action, "gv", role)
    return need


def device(store, **kw) -> Device:
    data = dict(unit_id=store.unit_id, kind="tablet", brand_model="Samsung Galaxy Tab A8",
                serial=f"R9XT{next(_serial):06d}")
    data.update(kw)
    return store.save(Device(**data), "test")


def sim(store, **kw) -> Sim:
    import datetime as dt

    far = (dt.date.today() + dt.timedelta(days=365)).isoformat()  # never "ending soon" in tests
    data = dict(unit_id=store.unit_id, number=f"0968{next(_serial):06d}", carrier="viettel", free_until=far)
    data.update(kw)
    return store.save(Sim(**data), "test")


def handover(store, st: Student, need: Need, dev: Device | None = None, **kw) -> Handover:
    data = dict(unit_id=store.unit_id, student_id=st.id, need_id=need.id,
                device_id=dev.id if dev else "", guardian_name="Lò Văn Bình",
                guardian_relation="Bố", date="2025-10-15", place="Điểm trường Nậm Cha")
    data.update(kw)
    return store.hand_over(Handover(**data), "gv")
