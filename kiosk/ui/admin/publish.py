"""Versions and publishing: history per document with its diff, revert, the second-approver
step for the 個人番号, publish, roll back to an earlier publication, import and export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.admin import publishing, versions
from kiosk.errors import KioskError, PublishRefused
from kiosk.ui.admin.common import AdminContext, MessageLine
from kiosk.ui.admin.signin import SignInDialog

ROLE = Qt.ItemDataRole.UserRole


class PublishPanel(QWidget):
    published = Signal()
    changed = Signal()

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.document = QComboBox()
        self.document.setObjectName("history-document")
        self.document.setAccessibleName(ctx.t("admin.document"))
        self.document.currentTextChanged.connect(self.show_history)
        top.addWidget(QLabel(ctx.t("admin.document")))
        top.addWidget(self.document, 1)
        outer.addLayout(top)
        middle = QHBoxLayout()
        self.history = QListWidget()
        self.history.setObjectName("history")
        self.history.setAccessibleName(ctx.t("admin.history"))
        self.history.currentItemChanged.connect(lambda item, _old: self.show_diff(item))
        middle.addWidget(self.history, 1)
        self.diff = QPlainTextEdit()
        self.diff.setObjectName("diff")
        self.diff.setAccessibleName(ctx.t("admin.diff"))
        self.diff.setReadOnly(True)
        middle.addWidget(self.diff, 2)
        self.publications = QListWidget()
        self.publications.setObjectName("publications")
        self.publications.setAccessibleName(ctx.t("admin.publications"))
        middle.addWidget(self.publications, 1)
        outer.addLayout(middle, 1)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, handler in (("revert", self.revert), ("approve", self.approve_selected), ("publish", self.publish),
                              ("rollback", self.rollback), ("import", self.import_dialog), ("export", self.export_dialog)):
            button = QPushButton(ctx.t(f"admin.{name}"))
            button.setObjectName(name)
            button.clicked.connect(handler)
            buttons.addWidget(button)
            self.buttons[name] = button
        outer.addLayout(buttons)
        self.message = MessageLine("publish-message")
        outer.addWidget(self.message)
        self.problems = QListWidget()
        self.problems.setObjectName("publish-problems")
        self.problems.setAccessibleName(ctx.t("admin.problems"))
        outer.addWidget(self.problems)
        self.refresh()

    def refresh(self) -> None:
        current = self.document.currentText()
        names = sorted(versions.head_documents(self.ctx.db))
        self.document.blockSignals(True)
        self.document.clear()
        self.document.addItems(names)
        self.document.blockSignals(False)
        if current in names:
            self.document.setCurrentText(current)
        self.show_history(self.document.currentText())
        self.publications.clear()
        for pub in publishing.publications(self.ctx.db):
            item = QListWidgetItem(f"#{pub.id}  {pub.published_at:%Y-%m-%d %H:%M}  {pub.published_by}  {pub.catalogue_hash[:8]}")
            item.setData(ROLE, pub.id)
            self.publications.addItem(item)

    def show_history(self, document: str) -> None:
        self.history.clear()
        if not document:
            return
        for info in versions.history(self.ctx.db, document):
            approved = f"  ✔ {info.approved_by}" if info.approved_by else ""
            item = QListWidgetItem(f"v{info.version}  {info.state}  {info.author}  {info.created_at:%Y-%m-%d %H:%M}"
                                   f"{approved}  {info.note}")
            item.setData(ROLE, info.id)
            self.history.addItem(item)
        if self.history.count():
            self.history.setCurrentRow(0)

    def show_diff(self, item: QListWidgetItem | None) -> None:
        if item is None:
            self.diff.clear()
            return
        text, changes = versions.version_diff(self.ctx.db, item.data(ROLE))
        summary = "\n".join(c.describe() for c in changes)
        self.diff.setPlainText((summary + "\n\n" if summary else "") + text)

    def selected_version(self) -> int | None:
        item = self.history.currentItem()
        return item.data(ROLE) if item else None

    # -- actions ----------------------------------------------------------------------------
    def _run(self, action, ok_key: str, **params) -> bool:
        self.problems.clear()
        try:
            result = action()
        except PublishRefused as exc:
            self.message.show_error(self.ctx, exc)
            self.problems.addItems(exc.problems)
            return False
        except KioskError as exc:
            self.message.show_error(self.ctx, exc)
            return False
        self.message.show_text(self.ctx.t(ok_key, **params, **(result if isinstance(result, dict) else {})), "ok")
        self.refresh()
        self.changed.emit()
        return True

    def revert(self) -> bool:
        vid = self.selected_version()
        return vid is not None and self._run(lambda: {"version": versions.revert(self.ctx.db, vid, self.ctx.actor()).version},
                                             "admin.reverted")

    def approve(self, version_id: int, approver: str) -> bool:
        """Record a second administrator's approval (the approver has signed in)."""
        return self._run(lambda: publishing.approve(self.ctx.db, version_id, approver), "admin.approved", approver=approver)

    def approve_selected(self) -> bool:
        vid = self.selected_version()
        if vid is None:
            return False
        dialog = SignInDialog(self.ctx, "approve", self)
        if not dialog.exec() or dialog.account is None:
            return False
        return self.approve(vid, dialog.account.id)

    def publish(self) -> bool:
        def act():
            pub = publishing.publish(self.ctx.db, self.ctx.actor())
            self.published.emit()
            return {"id": pub.id}
        return self._run(act, "admin.published")

    def rollback(self) -> bool:
        if self.publications.currentRow() < 0:  # no publication chosen
            return False
        target = self.publications.currentItem().data(ROLE)

        def act():
            pub = publishing.rollback_to(self.ctx.db, target, self.ctx.actor())
            self.published.emit()
            return {"id": pub.id}
        return self._run(act, "admin.rolled_back", target=target)

    def import_folder(self, folder: Path) -> bool:
        return self._run(lambda: {"count": len(publishing.import_catalogue(self.ctx.db, folder, self.ctx.actor()))},
                         "admin.imported")

    def export_folder(self, folder: Path, published: bool = True) -> bool:
        return self._run(lambda: publishing.export_catalogue(self.ctx.db, folder, published=published,
                                                             actor=self.ctx.actor()) and {}, "admin.exported",
                         where=str(folder))

    def import_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.ctx.t("admin.import"))
        if folder:
            self.import_folder(Path(folder))

    def export_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.ctx.t("admin.export"))
        if folder:
            self.export_folder(Path(folder) / "forms")
