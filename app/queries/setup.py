"""What the first-run wizard reads (DESIGN §3): the places to choose from (provinces,
communes, the schools of a commune), the school this data folder holds already, and the
school this installation is enrolled for. The setting up itself is ``app.ops.setup``."""

from __future__ import annotations

from app import sync_state
from app.records import Unit
from app.store import Store


def provinces(store: Store) -> list[dict]:
    """The provinces ({code, name, …}) of the administrative list, by name."""
    return store.admin_units("province")


def communes(store: Store, province_code: str) -> list[dict]:
    """The communes and wards of ``province_code``."""
    return store.admin_units("commune", province_code=province_code)


def schools_of_commune(store: Store, commune_code: str) -> list[dict]:
    """The schools this installation knows in ``commune_code``: {id, code, name, level}."""
    return [{"id": u.id, "code": u.code, "name": u.name, "level": u.level}
            for u in store.find(Unit, "kind='school' AND commune_code=?", (commune_code,))]


def set_up_already(store: Store) -> dict | None:
    """The school this data folder holds already (a folder with data but no user: the
    wizard then asks only for the users), with its place and how many children it has."""
    unit = store.unit()
    if unit is None or unit.kind != "school":
        return None
    commune = store.admin_unit(unit.commune_code) if unit.commune_code else None
    return {"id": unit.id, "province": commune["province_code"] if commune else "", "commune": unit.commune_code,
            "students": store.status()["students"]}


def enrolled_school(store: Store) -> dict | None:
    """The school this installation is enrolled for, if its record is here."""
    e, unit = sync_state.enrolment(store), store.unit()
    if e is None or unit is None or unit.id != e.unit_id:
        return None
    return {"id": unit.id, "code": unit.code, "name": unit.name}


def unit_info(store: Store) -> dict | None:
    """The installation's unit as the window keeps it ({id, code, name, kind}), or None."""
    unit = store.unit()
    return {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind} if unit else None


def start_info(store: Store) -> dict:
    """What the app decides its first screen by: {"unit": unit_info, "users": the active
    accounts, "language": the installation's chosen language ('' if none)}."""
    return {"unit": unit_info(store), "users": store.users(), "language": store.setting("language", "")}


def check_pin(store: Store, user_id: str, pin: str) -> bool:
    """Whether ``pin`` is ``user_id``'s (the login)."""
    return store.check_pin(user_id, pin)


def check_file(store: Store) -> None:
    """A full check of the database file (SQLite quick_check); raises ``store.corrupt``."""
    store.verify()
