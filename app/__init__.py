"""SongMay core: domain rules, validation and the local store. No Qt, no HTTP."""

__version__ = "0.1.0"
