"""The first run's setting up called directly (app.ops.setup), and what the wizard reads
(app.queries.setup)."""

from __future__ import annotations

from app.ops import ALL, changes_of
from app.ops.setup import apply_first_run
from app.queries import setup as q
from app.records import Unit
from app.store import Store


def test_first_run_sets_up_the_school_and_its_users(data_dir):
    store = Store.open(data_dir)
    assert q.start_info(store) == {"unit": None, "users": [], "language": ""}
    assert changes_of(apply_first_run) == {ALL}
    school = Unit(code="TH-DK", name="Trường TH Đoàn Kết", kind="school", level="TH", commune_code="03388")
    done = apply_first_run(store, {"language": "en", "unit": school, "user": ("Vàng Thị Mai", "teacher", "1111"),
                                   "head": ("Lò Văn Minh", "head", "2222"), "demo": False})
    assert done["unit"] == {"id": school.id, "code": "TH-DK", "name": "Trường TH Đoàn Kết", "kind": "school"}
    info = q.start_info(store)
    assert info["unit"] == done["unit"] and info["language"] == "en"
    assert sorted((u["name"], u["role"]) for u in info["users"]) == [("Lò Văn Minh", "head"),
                                                                      ("Vàng Thị Mai", "teacher")]
    assert q.check_pin(store, done["user_id"], "1111") and not q.check_pin(store, done["user_id"], "9999")
    assert q.set_up_already(store)["id"] == school.id and q.enrolled_school(store) is None
    assert {"id": school.id, "code": "TH-DK", "name": "Trường TH Đoàn Kết", "level": "TH"} in (
        q.schools_of_commune(store, "03388"))
