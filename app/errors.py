"""Typed errors of the core. The UI and CLI decide how to show them (see messages.py)."""

from __future__ import annotations

from app import messages


class SongMayError(Exception):
    """A known, explainable failure: it carries a message key and parameters."""

    key = "cli.unexpected"

    def __init__(self, key: str | None = None, /, **params: object):
        self.key = key or self.key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        return messages.text(self.key, lang, **self.params)


class FieldError(SongMayError):
    """One field's problem: ``field`` names the attribute, for inline display."""

    def __init__(self, field: str, key: str, /, **params: object):
        self.field = field
        super().__init__(key, field=field, **params)


class ValidationError(SongMayError):
    """One or more field problems of a record; nothing was saved."""

    def __init__(self, problems: list[FieldError]):
        if not problems:
            raise ValueError("ValidationError needs at least one problem")
        self.problems = problems
        self.key = problems[0].key
        self.params = problems[0].params
        Exception.__init__(self, "; ".join(p.message("en") for p in problems))

    def message(self, lang: str | None = None) -> str:
        return " ".join(p.message(lang) for p in self.problems)

    def by_field(self, lang: str | None = None) -> dict[str, str]:
        out: dict[str, str] = {}
        for p in self.problems:
            out.setdefault(p.field, p.message(lang))
        return out


class RuleError(SongMayError):
    """A domain rule refuses the operation (workflow, handover, duplicates)."""


class NotFound(SongMayError):
    key = "store.not_found"


class StoreError(SongMayError):
    """The database cannot be used: too new, corrupt, full disk, read-only, locked."""


class RosterError(SongMayError):
    """The roster file cannot be read at all; nothing was imported."""


class SyncError(SongMayError):
    """Sync or enrolment failed: offline, refused, revoked, the server's fault. ``status``
    is the HTTP status a server answers with, or that a client received."""

    key = "sync.failed"
    STATUS = {"sync.unauthorised": 401, "sync.revoked": 403, "enrol.code_unknown": 403,
              "enrol.code_used": 403, "enrol.code_expired": 403, "enrol.unit_mismatch": 409,
              "enrol.unit_unknown": 409, "server.login_failed": 401, "server.device_unknown": 404,
              "server.device_ambiguous": 409}

    @property
    def status(self) -> int:
        return int(self.params.get("status", self.STATUS.get(self.key, 400)))  # type: ignore[arg-type]
