"""The desktop app's entry: ``songmay`` without a command (or ``--self-check``)."""

from __future__ import annotations

from ui.main import run
from ui.selfcheck import run_self_check


def open_app(data_dir: str | None, lang: str | None, self_check: bool = False) -> int:
    """Run the desktop app on ``data_dir`` until its window closes (or, with ``self_check``,
    start it offscreen, check it and exit); the process's exit status."""
    if self_check:
        return run_self_check(data_dir, lang)
    return run(data_dir=data_dir, lang=lang)
