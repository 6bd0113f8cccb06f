"""What the provincial server says of one of this computer's records (a duplicate, a
version not accepted, a record refused), in words: the sync panel's list and the student
form's banner."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

NOTICE_KINDS = {
    "duplicate": QT_TRANSLATE_NOOP("SyncNotices", "Duplicate"),
    "quarantined": QT_TRANSLATE_NOOP("SyncNotices", "Not accepted"),
    "refused": QT_TRANSLATE_NOOP("SyncNotices", "Refused"),
}


def notice_kind_text(kind: str) -> str:
    return QCoreApplication.translate("SyncNotices", NOTICE_KINDS[kind]) if kind in NOTICE_KINDS else kind


def notice_text(n: dict[str, Any]) -> str:
    """What the server says of one record, in words."""
    d = n.get("detail") or {}
    if n.get("kind") == "duplicate":
        school = " – ".join(x for x in (d.get("other_unit_code"), d.get("other_unit_name")) if x)
        return QCoreApplication.translate("SyncNotices", "The same personal ID {0} is active at school {1}.").format(
            d.get("personal_id", ""), school or "?")
    reason = n.get("reason") or ""
    if n.get("kind") == "refused":
        return QCoreApplication.translate("SyncNotices", "The server refused this record: {0}").format(reason)
    return QCoreApplication.translate("SyncNotices", "The server did not accept this version: {0}").format(reason)
