"""The audit viewer: newest entries first, and a check of the hash chain that says where it
breaks (SEC-13)."""

from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.admin import audit_view
from kiosk.ui.admin.common import AdminContext, MessageLine, cell_text

COLUMNS = ("id", "at", "actor", "action", "subject", "details")


class AuditPanel(QWidget):
    def __init__(self, ctx: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setObjectName("audit-filter")
        self.filter.setAccessibleName(ctx.t("admin.audit_filter"))
        self.filter.setPlaceholderText(ctx.t("admin.audit_filter"))
        self.filter.returnPressed.connect(self.refresh)
        bar.addWidget(self.filter, 1)
        self.verify_button = QPushButton(ctx.t("admin.verify_chain"))
        self.verify_button.setObjectName("verify-chain")
        self.verify_button.clicked.connect(self.verify)
        bar.addWidget(self.verify_button)
        outer.addLayout(bar)
        self.status = MessageLine("chain-status")
        outer.addWidget(self.status)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("audit")
        self.table.setAccessibleName(ctx.t("admin.audit"))
        self.table.setHorizontalHeaderLabels([ctx.t(f"admin.audit_{c}") for c in COLUMNS])
        outer.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        rows = audit_view.entries(self.ctx.db, action_prefix=self.filter.text().strip())
        self.table.setRowCount(len(rows))
        for r, e in enumerate(rows):
            cells = (str(e.id), e.at.isoformat(timespec="seconds"), e.actor, e.action, e.subject,
                     json.dumps(e.details, ensure_ascii=False, sort_keys=True))
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def verify(self) -> bool:
        report = audit_view.verify(self.ctx.db)
        if report.ok:
            self.status.show_text(self.ctx.t("admin.chain_ok", count=report.checked), "ok")
        else:
            self.status.show_text(self.ctx.t("admin.chain_broken", entry=report.broken_at,
                                             reason=self.ctx.t(f"admin.chain_{report.reason}")), "error")
            for r in range(self.table.rowCount()):
                if cell_text(self.table, r, 0) == str(report.broken_at):
                    self.table.selectRow(r)
        return report.ok
