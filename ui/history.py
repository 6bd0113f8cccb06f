"""A record's history: the audit events, who did what and when, before → after."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ui.context import AppContext

HIDDEN = {"search_key", "history", "id", "unit_id"}


class HistoryDialog(QDialog):
    def __init__(self, ctx: AppContext, record_ids: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self.setWindowTitle(self.tr("History"))
        self.tree = QTreeWidget()
        self.tree.setObjectName("history_tree")
        self.tree.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Changes")])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tree)
        lay.addWidget(buttons)
        self.resize(760, 420)
        ctx.worker.submit(
            lambda store, job: sorted((e for rid in record_ids for e in store.history(rid)), key=lambda e: e["seq"]),
            self._fill,
        )

    def _fill(self, events: list[dict]) -> None:
        from ui.i18n import fmt_date

        for e in events:
            before, after = e["before"] or {}, e["after"] or {}
            changed = [k for k in sorted(set(before) | set(after)) if k not in HIDDEN and before.get(k) != after.get(k)]
            text = "; ".join(f"{k}: {before.get(k, '')!s} → {after.get(k, '')!s}" for k in changed[:8])
            when = f"{fmt_date(e['at'])} {e['at'][11:16]}"
            self.tree.addTopLevelItem(QTreeWidgetItem([when, e["actor"], e["action"], text]))
        for i in range(4):
            self.tree.resizeColumnToContents(i)
