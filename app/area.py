"""The schools an office installation works for (officer mode): the schools of its area,
and the rule that a child or a class list goes to one of them (``school_in_area``). Below
the imports of class lists (``app.roster``) and the reads (``app.queries``)."""

from __future__ import annotations

from app.errors import RuleError
from app.reports.source import scope_of, store_source
from app.store import Store
from app.text import fold


def area_schools(store: Store) -> list[dict[str, str]]:
    """The schools of the installation's area ({id, code, name}), by name; a school
    installation: itself alone."""
    unit = store.require_unit()
    if unit.kind == "school":
        return [{"id": unit.id, "code": unit.code, "name": unit.name}]
    info = {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind,
            "commune_code": unit.commune_code, "province_code": unit.province_code}
    members = scope_of(store_source(store), info).members
    schools = [{"id": m["id"], "code": m["code"], "name": m["name"]} for m in members if m["kind"] == "school"]
    return sorted(schools, key=lambda s: (fold(s["name"]), s["code"]))


def school_in_area(store: Store, unit_id: str) -> dict[str, str]:
    """The school ``unit_id`` of the area, or a RuleError naming what is wrong (a child
    or a class list goes to a school of the office's own area only)."""
    for school in area_schools(store):
        if school["id"] == unit_id:
            return school
    raise RuleError("area.not_a_school")
