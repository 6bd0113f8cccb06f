"""The schools an office installation works for (officer mode): its area's schools for
the students list's school filter and for "which school?" before a child or a class list
is added, and the names of the units the listed children belong to."""

from __future__ import annotations

from app.store import Store
from app.text import fold


def area_schools(store: Store) -> list[dict[str, str]]:
    """The schools of the installation's area ({id, code, name}), by name; a school
    installation: itself alone."""
    from app.reports.source import scope_of, store_source

    unit = store.require_unit()
    if unit.kind == "school":
        return [{"id": unit.id, "code": unit.code, "name": unit.name}]
    info = {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind,
            "commune_code": unit.commune_code, "province_code": unit.province_code}
    members = scope_of(store_source(store), info).members
    schools = [{"id": m["id"], "code": m["code"], "name": m["name"]} for m in members if m["kind"] == "school"]
    return sorted(schools, key=lambda s: (fold(s["name"]), s["code"]))


def unit_labels(store: Store) -> dict[str, dict[str, str]]:
    """{unit id: {code, name}} of every unit the installation knows (a child listed under
    an office, from before schools were asked for, shows the office)."""
    return {r[0]: {"code": r[1], "name": r[2]} for r in store.conn.execute(
        "SELECT id, code, name FROM units WHERE _deleted=0")}


def school_in_area(store: Store, unit_id: str) -> dict[str, str]:
    """The school ``unit_id`` of the area, or a RuleError naming what is wrong (a child
    or a class list goes to a school of the office's own area only)."""
    from app.errors import RuleError

    for school in area_schools(store):
        if school["id"] == unit_id:
            return school
    raise RuleError("area.not_a_school")
