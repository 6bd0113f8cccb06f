"""Setting the installation up (DESIGN §3): the first run's school or office, its first
users, its language and, if asked, demo data. What the wizard reads is
``app.queries.setup``."""

from __future__ import annotations

from app.demo import generate
from app.ops import ALL, action
from app.ops.users import add_user
from app.records import Unit
from app.store import Store


@action(ALL)
def apply_first_run(store: Store, plan: dict) -> dict:
    """Set up the school or office (``plan["unit"]``: a Unit, or the id of one known here),
    the user (and the head, if given), the language, maybe demo data (``plan["demo"]``,
    ``plan["demo_schools"]``). Returns {"user_id", "unit": {id, code, name, kind}}."""
    with store.transaction():
        unit = plan["unit"]
        if isinstance(unit, str):
            unit = store.get(Unit, unit)
        unit = store.set_unit(unit, plan["user"][0])
        uid = add_user(store, *plan["user"])
        if plan.get("head"):
            add_user(store, *plan["head"], actor=plan["user"][0])
        store.set_setting("language", plan["language"])
    if plan["demo"]:
        generate(store, students=300, seed=1, schools=plan.get("demo_schools", 1))
    return {"user_id": uid, "unit": {"id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind}}


def choose_language(store: Store, lang: str) -> None:
    """The installation's language from now on ("vi" or "en"). It changes no record: not
    marked, so no view is told (the window rebuilds itself in the language)."""
    store.set_setting("language", lang)
