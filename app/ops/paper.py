"""The unit's paper settings (``app.paper``): who signs, the symbol, "Nơi nhận"…"""

from __future__ import annotations

from app.ops import action
from app.paper import PaperSettings, write_paper_settings
from app.store import Store


@action("settings")
def save(store: Store, settings: PaperSettings) -> PaperSettings:
    """Saves the unit's paper settings (a local preference: never synced)."""
    return write_paper_settings(store, settings)
