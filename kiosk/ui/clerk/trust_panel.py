"""The trust list panel (administrators only): import kiosk keys exported with ``kiosk keys
export``, see them, retire or revoke one. Every change goes through :mod:`kiosk.clerk.trustlist`,
which audits it. Each database call runs through the operations runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.clerk import trustlist
from kiosk.errors import DatabaseUnreachable, KioskError
from kiosk.storage.database import Database
from kiosk.ui.clerk.common import message_line
from kiosk.ui.operations import runner

COLUMNS = ("kid", "alg", "kiosk", "status", "valid_from", "valid_to")


class TrustPanel(QDialog):
    def __init__(self, db: Database, *, actor: str, t: Callable[..., str], local_time: Callable[..., str],
                 parent: QWidget | None = None, on_unreachable: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.on_unreachable = on_unreachable
        self.db = db
        self.actor = actor
        self.t = t
        self.local_time = local_time
        self.setWindowTitle(t("clerk.trust_manage").splitlines()[0])
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("TrustTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(t("clerk.trust_import"))
        self.import_button.clicked.connect(self._pick_file)
        self.retire_button = QPushButton(t("clerk.trust_retire"))
        self.retire_button.clicked.connect(lambda: self.change("retire"))
        self.revoke_button = QPushButton(t("clerk.trust_revoke"))
        self.revoke_button.clicked.connect(lambda: self.change("revoke"))
        close = QPushButton(t("clerk.close"))
        close.clicked.connect(self.accept)
        for b in (self.import_button, self.retire_button, self.revoke_button, close):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.message = message_line("TrustMessage")
        layout.addWidget(self.message)
        self.resize(900, 420)
        self.refresh()

    def refresh(self) -> None:
        runner().run(lambda: trustlist.list_keys(self.db), self._fill, self._failed, owner=self)

    def _fill(self, keys: list[trustlist.KeyInfo]) -> None:
        self.table.setRowCount(len(keys))
        for row, k in enumerate(keys):
            cells = (k.kid, k.algorithm, k.kiosk_id, k.status, self.local_time(k.valid_from),
                     self.local_time(k.valid_to) if k.valid_to else "—")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()

    def _failed(self, error: Exception) -> None:
        if isinstance(error, (OSError, UnicodeDecodeError)):
            self.message.setText(self.t("clerk.trust_file_invalid"))
            return
        if isinstance(error, DatabaseUnreachable) and self.on_unreachable is not None:
            self.on_unreachable()
        self.message.setText(self.t(error.key, **error.params) if isinstance(error, KioskError)
                             else self.t("error.generic"))

    def selected_kid(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        return item.text() if item is not None else ""

    def import_file(self, path: str | Path) -> None:
        def work() -> list[trustlist.KeyInfo]:
            text = Path(path).read_text(encoding="utf-8")
            return trustlist.import_entries(self.db, text, actor=self.actor)

        runner().run(work, self._imported, self._failed, owner=self)

    def _imported(self, added: list[trustlist.KeyInfo]) -> None:
        self.message.setText(self.t("clerk.trust_imported", count=len(added)))
        self.refresh()

    def _pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.t("clerk.trust_import"), "", "JSON (*.json)")
        if path:
            self.import_file(path)

    def change(self, action: str, kid: str | None = None) -> None:
        kid = kid or self.selected_kid()
        if not kid:
            return
        actions = {"retire": trustlist.retire, "revoke": trustlist.revoke}
        act = actions[action]
        runner().run(lambda: act(self.db, kid, actor=self.actor), self._changed, self._failed, owner=self)

    def _changed(self, info: trustlist.KeyInfo) -> None:
        self.message.setText(self.t("clerk.trust_changed", kid=info.kid, status=info.status))
        self.refresh()
