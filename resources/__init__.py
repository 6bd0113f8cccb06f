"""Resources shipped with SongMay (fonts, translations, icons), found through
importlib.resources so they work from a source checkout and from a frozen build."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def path(*parts: str) -> Path:
    """A real filesystem path to a resource file (our resources are plain files)."""
    ref = files(__name__).joinpath(*parts)
    with as_file(ref) as p:
        return Path(p)
