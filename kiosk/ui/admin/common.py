"""Shared pieces of the workbench: the context every panel reads, translated text, and an inline
message line (no modal boxes: errors show beside what caused them, never as a traceback)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QTableWidget, QWidget

from kiosk import i18n
from kiosk.errors import KioskError

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.admin.auth import AdminSession
    from kiosk.storage.database import Database


@dataclass
class AdminContext:
    db: Database
    session: AdminSession | None = None  # once signed in
    lang: str = "ja"
    cache_dir: Path = field(default_factory=lambda: Path("."))
    station: str = ""

    def t(self, key: str, **params: object) -> str:
        return i18n.plain(i18n.text(key, self.lang, **params))

    def actor(self) -> str:
        """The signed-in administrator for a change (raises when the session is locked or over)."""
        if self.session is None:
            raise KioskError("not signed in", key="admin.session_ended")
        return self.session.require()


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    """The text of a table cell ("" for an empty one)."""
    item = table.item(row, column)
    return item.text() if item is not None else ""


class MessageLine(QLabel):
    """One line of feedback: ``ok``, ``error`` or plain."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(name)
        self.setWordWrap(True)
        self.kind = ""

    def show_text(self, text: str, kind: str = "") -> None:
        self.kind = kind
        color = {"error": "#b00020", "ok": "#1b5e20"}.get(kind, "")
        self.setStyleSheet(f"color: {color};" if color else "")
        self.setText(text)

    def show_error(self, ctx: AdminContext, exc: KioskError) -> None:
        self.show_text(ctx.t(exc.key, **exc.params), "error")
