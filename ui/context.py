"""What every screen needs: the database worker, the signed-in user, the unit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ui.operations import Operations
from ui.tasks import DbWorker


class Changes(QObject):
    """Broadcast after a write so views refresh themselves: the record kind, or '*'."""

    changed = Signal(str)


@dataclass
class User:
    id: str
    name: str
    role: str  # teacher | head | officer | province


@dataclass
class AppContext:
    worker: DbWorker
    data_dir: Path
    user: User
    unit: dict  # {id, code, name, kind}
    changes: Changes = field(default_factory=Changes)

    @property
    def actor(self) -> str:
        return self.user.name

    def notify(self, kind: str = "*") -> None:
        self.changes.changed.emit(kind)

    @property
    def ops(self) -> Operations:
        """The operations runner of this window: every action and query goes through it."""
        runner = self.__dict__.get("_ops")
        if runner is None:
            runner = self.__dict__["_ops"] = Operations(self)
        return runner
