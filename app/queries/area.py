"""The names of the units the listed children belong to, and the schools this computer
holds (the schools of an office's area, and the rule a child's school keeps, are in
``app.area``)."""

from __future__ import annotations

from app.records import Unit
from app.store import Store


def unit_labels(store: Store) -> dict[str, dict[str, str]]:
    """{unit id: {code, name}} of every unit the installation knows (a child listed under
    an office, from before schools were asked for, shows the office)."""
    return {r[0]: {"code": r[1], "name": r[2]} for r in store.conn.execute(
        "SELECT id, code, name FROM units WHERE _deleted=0")}


def schools(store: Store) -> list[dict[str, str]]:
    """Every school this installation holds: {id, code, name}, by code."""
    return sorted(({"id": u.id, "code": u.code, "name": u.name} for u in store.find(Unit, "kind='school'")),
                  key=lambda s: s["code"])
