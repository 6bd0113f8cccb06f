"""SongMay desktop app (PySide6). Widgets hold no SQL: they call the store through
ui.tasks.DbWorker, which owns the SQLite connection on its own thread."""
