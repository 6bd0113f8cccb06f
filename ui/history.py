"""A record's history: the audit events, who did what and when, before → after — in the
user's language: the action in words, the fields by their labels, the values as the forms
show them (never "need.submit", "birth_date" or "draft → submitted")."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app import messages, records
from app.queries import sync as sync_queries
from ui.context import AppContext
from ui.i18n import fmt_date, fmt_number

HIDDEN = {"search_key", "history", "id", "unit_id", "priority_rank", "student_id", "need_id", "donation_id",
          "device_id", "sim_id", "refers_to", "school_ids", "device_ids", "parent_id", "to_unit_id"}

ACTIONS = {
    "create": QT_TRANSLATE_NOOP("History", "Created"),
    "update": QT_TRANSLATE_NOOP("History", "Changed"),
    "delete": QT_TRANSLATE_NOOP("History", "Deleted"),
    "version": QT_TRANSLATE_NOOP("History", "Changed"),
    "need.submit": QT_TRANSLATE_NOOP("History", "Need submitted"),
    "need.verify": QT_TRANSLATE_NOOP("History", "Need verified"),
    "need.approve": QT_TRANSLATE_NOOP("History", "Need approved"),
    "need.reject": QT_TRANSLATE_NOOP("History", "Need rejected"),
    "need.withdraw": QT_TRANSLATE_NOOP("History", "Need withdrawn"),
    "need.reopen": QT_TRANSLATE_NOOP("History", "Need reopened"),
    "need.fulfil": QT_TRANSLATE_NOOP("History", "Device received"),
    "need.unfulfil": QT_TRANSLATE_NOOP("History", "Device returned"),
    "need.priority": QT_TRANSLATE_NOOP("History", "Priority recalculated"),
    "handover.handed_over": QT_TRANSLATE_NOOP("History", "Handed over"),
    "handover.returned": QT_TRANSLATE_NOOP("History", "Returned"),
    "handover.reassigned": QT_TRANSLATE_NOOP("History", "Reassigned"),
    "device.received": QT_TRANSLATE_NOOP("History", "Device received into stock"),
    "device.allocated": QT_TRANSLATE_NOOP("History", "Device allocated"),
    "allocation.approved": QT_TRANSLATE_NOOP("History", "Allocation approved"),
    "sync.merge": QT_TRANSLATE_NOOP("History", "Received by sync"),
    "sync.conflict.take": QT_TRANSLATE_NOOP("History", "Conflict: the other version taken"),
    "sync.conflict.keep": QT_TRANSLATE_NOOP("History", "Conflict: this version kept"),
    "sync.conflict.merge": QT_TRANSLATE_NOOP("History", "Conflict: versions merged"),
    "unit.registry_id": QT_TRANSLATE_NOOP("History", "Matched with the province's registry"),
}

# labels of fields that app.messages.FIELDS (the validation messages' labels) does not name
MORE_FIELDS = {
    "moet_code": QT_TRANSLATE_NOOP("History", "MOET student code"),
    "guardian_relation": QT_TRANSLATE_NOOP("History", "Relation"),
    "policy_family": QT_TRANSLATE_NOOP("History", "Policy family"),
    "poverty_cert_no": QT_TRANSLATE_NOOP("History", "Poverty certificate number"),
    "poverty_cert_commune": QT_TRANSLATE_NOOP("History", "Certificate issued by"),
    "covid_orphan": QT_TRANSLATE_NOOP("History", "Parent died of COVID-19"),
    "covid_hardship": QT_TRANSLATE_NOOP("History", "COVID-19 hardship"),
    "covid_note": QT_TRANSLATE_NOOP("History", "COVID-19 note"),
    "needs_sim": QT_TRANSLATE_NOOP("History", "Needs SIM/data"),
    "received_elsewhere": QT_TRANSLATE_NOOP("History", "Received a device elsewhere"),
    "received_source": QT_TRANSLATE_NOOP("History", "From whom"),
    "priority_tier": QT_TRANSLATE_NOOP("History", "Priority tier"),
    "status_reason": QT_TRANSLATE_NOOP("History", "Reason"),
    "note": QT_TRANSLATE_NOOP("History", "Note"),
    "brand_model": QT_TRANSLATE_NOOP("History", "Brand and model"),
    "donor": QT_TRANSLATE_NOOP("History", "Donor"),
    "data_package": QT_TRANSLATE_NOOP("History", "Data package"),
    "minute_no": QT_TRANSLATE_NOOP("History", "Minute number"),
    "place": QT_TRANSLATE_NOOP("History", "Place"),
    "giver_unit": QT_TRANSLATE_NOOP("History", "Giving unit"),
    "giver_rep": QT_TRANSLATE_NOOP("History", "Representative"),
    "giver_position": QT_TRANSLATE_NOOP("History", "Position"),
    "guardian_id_no": QT_TRANSLATE_NOOP("History", "ID number"),
    "accessories": QT_TRANSLATE_NOOP("History", "Accessories"),
    "signed_paper": QT_TRANSLATE_NOOP("History", "Signed paper minute received"),
    "witness": QT_TRANSLATE_NOOP("History", "Witness"),
    "override_reason": QT_TRANSLATE_NOOP("History", "Reason for the exception"),
    "approved_by": QT_TRANSLATE_NOOP("History", "Approved by"),
    "approved_at": QT_TRANSLATE_NOOP("History", "Approved at"),
    "broadband": QT_TRANSLATE_NOOP("History", "Fixed broadband"),
    "address": QT_TRANSLATE_NOOP("History", "Address"),
    "legacy_code": QT_TRANSLATE_NOOP("History", "Former code"),
    "province_code": QT_TRANSLATE_NOOP("History", "Province"),
}

# the choices a field's stored value is one of (the record kind decides for "status")
CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "sex": records.SEXES, "household": records.HOUSEHOLDS, "device_requested": records.DEVICE_KINDS,
    "current_device": records.CURRENT_DEVICE, "home_internet": records.HOME_INTERNET,
    "donor_kind": records.DONOR_KINDS, "inspection": records.INSPECTION, "condition": records.CONDITIONS,
    "carrier": records.CARRIERS, "coverage": records.COVERAGE, "event": records.HANDOVER_EVENTS,
    "level": records.LEVELS,
}
STATUS_CHOICES = {
    "need": records.NEED_STATUSES, "device": records.DEVICE_STATUSES, "sim": records.SIM_STATUSES,
    "coverage_gap": records.GAP_STATUSES, "allocation": records.ALLOCATION_STATUSES,
}
KIND_CHOICES = {"device": records.DEVICE_KINDS, "unit": records.UNIT_KINDS}
BOOLEAN = {"policy_family", "covid_orphan", "covid_hardship", "needs_sim", "received_elsewhere", "signed_paper",
           "meets_spec", "broadband"}
DATES = {"birth_date", "received_date", "decision_date", "date", "free_until", "covered_on"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("History", text)


def action_text(action: str) -> str:
    """"need.submit" → "Đã gửi nhu cầu"-like words; "delete: reason" keeps its reason."""
    base, _sep, reason = action.partition(": ")
    words = ACTIONS.get(base)
    if words is None:
        words = ACTIONS["update"]
    text = _tr(words)
    return f"{text}: {reason}" if reason else text


def field_text(field: str) -> str:
    if field in messages.FIELDS:
        return messages.field_label(field)
    return _tr(MORE_FIELDS[field]) if field in MORE_FIELDS else field.replace("_", " ")


def value_text(kind: str, field: str, value: Any) -> str:
    """A stored value as the forms show it."""
    if value is None or value == "" or value == []:
        return "—"
    lang = 0 if messages.language() == "vi" else 1
    choices = (STATUS_CHOICES.get(kind) if field == "status" else KIND_CHOICES.get(kind) if field == "kind"
               else CHOICES.get(field))
    if choices and str(value) in choices:
        return choices[str(value)][lang]
    if field in BOOLEAN or isinstance(value, bool):
        return _tr("Yes") if value else _tr("No")
    if field in DATES:
        return fmt_date(str(value))
    if field in ("cash_vnd", "value_vnd") and isinstance(value, (int, float)):
        return fmt_number(value)
    if field == "counts" and isinstance(value, dict):
        return ", ".join(f"{records.DEVICE_KINDS.get(k, (k, k))[lang]}: {n}" for k, n in value.items())
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def changes_text(kind: str, before: dict[str, Any], after: dict[str, Any], limit: int = 8) -> str:
    changed = [k for k in sorted(set(before) | set(after))
               if k not in HIDDEN and not k.startswith("_") and before.get(k) != after.get(k)]
    parts = []
    for k in changed[:limit]:
        if not before:  # created: the values it was created with
            if after.get(k) in (None, "", [], 0, False):
                continue
            parts.append(f"{field_text(k)}: {value_text(kind, k, after.get(k))}")
        else:
            parts.append(f"{field_text(k)}: {value_text(kind, k, before.get(k))} → {value_text(kind, k, after.get(k))}")
    if len(changed) > limit:
        parts.append("…")
    return "; ".join(parts)


class HistoryDialog(QDialog):
    def __init__(self, ctx: AppContext, record_ids: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self.setWindowTitle(self.tr("History"))
        self.tree = QTreeWidget()
        self.tree.setObjectName("history_tree")
        self.tree.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Changes")])
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.header().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tree)
        lay.addWidget(buttons)
        self.resize(900, 440)
        ctx.ops.run(sync_queries.history, list(record_ids), on_done=self._fill, owner=self)

    def _fill(self, events: list[dict]) -> None:
        for e in events:
            kind = e.get("kind") or ""
            text = changes_text(kind, e["before"] or {}, e["after"] or {})
            when = f"{fmt_date(e['at'])} {e['at'][11:16]}"
            item = QTreeWidgetItem([when, e["actor"], action_text(e["action"]), text])
            item.setToolTip(3, text.replace("; ", "\n"))
            self.tree.addTopLevelItem(item)
        for i in range(3):
            self.tree.resizeColumnToContents(i)
        self.tree.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
