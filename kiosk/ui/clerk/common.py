"""Small pieces of the clerk station's screen: the scan field, buttons, banner colours, local time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from kiosk import i18n
from kiosk.clerk import station as st
from kiosk.clerk.scan import MAX_INPUT

JST = ZoneInfo("Asia/Tokyo")
CHECKING, DB_UNREACHABLE = "checking", "db_unreachable"  # screen states that are not verdicts
COLOURS = {  # banner background, text (contrast ≥ 7:1)
    st.AUTHENTIC: ("#0b6b2f", "#ffffff"), st.EXPIRED: ("#8a4b00", "#ffffff"),
    st.ALREADY_USED: ("#8a1c1c", "#ffffff"), st.UNKNOWN_KEY: ("#5b1f7a", "#ffffff"),
    st.DAMAGED: ("#8a1c1c", "#ffffff"), st.WAITING: ("#1f3f7a", "#ffffff"), "": ("#e8e8e8", "#111111"),
    CHECKING: ("#1f3f7a", "#ffffff"),
    DB_UNREACHABLE: ("#1a1a1a", "#ffd200"),  # neither red nor green: this is no verdict about the sheet
}
ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.TouchBegin)


def staff_text(key: str, lang: str, joiner: str, /, **params: object) -> str:
    """A staff screen's text: Japanese first, then the interface language after ``joiner`` when
    it differs (the clerk station on a second line, the division station after " / ")."""
    ja = i18n.plain(i18n.text(key, "ja", **params))
    if lang in ("ja", "ja-easy"):
        return ja
    return f"{ja}{joiner}{i18n.plain(i18n.text(key, lang, **params))}"


def local_time(moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return f"{moment.astimezone(JST):%Y-%m-%d %H:%M}"


class ScanField(QLineEdit):
    """The scanner types here. Tab from a scanner is dropped instead of moving the focus."""

    def __init__(self) -> None:
        super().__init__()
        self.setMaxLength(MAX_INPUT + 1)
        self.setObjectName("ScanField")

    def focusNextPrevChild(self, _next: bool) -> bool:  # noqa: N802 - Qt naming
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return
        super().keyPressEvent(event)


def message_line(name: str) -> QLabel:
    """An empty, word-wrapped line of feedback a station fills in (named for tests and styles)."""
    label = QLabel("")
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def button(text: str, name: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the keyboard
    b.setMinimumHeight(44)
    return b
