"""The common frame of every resident screen: a title, a body, and the journey it drives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.ui.widgets import MessageBox, RubyLabel

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.journey import Journey
    from kiosk.ui.window import KioskWindow


class ScreenBase(QWidget):
    """One screen. ``refresh()`` redraws from the journey; ``retranslate()`` after a language switch."""

    name = ""

    def __init__(self, window: KioskWindow) -> None:
        super().__init__()
        self.setObjectName("Screen")
        self.kiosk = window
        self.outer = QVBoxLayout(self)
        m = window.metrics_px
        self.outer.setContentsMargins(m.spacing * 6, m.spacing * 3, m.spacing * 6, m.spacing * 3)
        self.outer.setSpacing(m.spacing * 2)
        self.title = RubyLabel("", object_name="Title")
        self.outer.addWidget(self.title)
        self.message = MessageBox("Message")
        self.outer.addWidget(self.message)
        self.body = QVBoxLayout()
        self.body.setSpacing(m.spacing * 2)
        self.outer.addLayout(self.body, 1)
        self.action_row = QHBoxLayout()
        self.action_row.setSpacing(m.spacing * 3)
        self.outer.addLayout(self.action_row)

    @property
    def lang(self) -> str:
        return self.kiosk.journey.session.language

    @property
    def journey(self) -> Journey:
        return self.kiosk.journey

    def t(self, key: str, **params: object) -> str:
        return i18n.text(key, self.lang, **params)

    def refresh(self) -> None:
        """Redraw from the journey's state (called on every transition and language switch)."""

    def reset(self) -> bool:
        """At session end: forget everything the resident saw here (PRIV-08) and return True, so
        the screen is kept for the next session. The default returns False: the window destroys
        the screen and builds a new one when it is next needed."""
        return False

    def forget(self) -> None:
        """The part of :meth:`reset` every screen shares: the title and any message."""
        self.title.setText("")
        self.clear_problem()

    def show_problem(self, key: str, **params: object) -> None:
        self.message.setObjectName("Message")
        self.message.show_message(self.t(key, **params))
        self.kiosk.restyle(self.message)

    def clear_problem(self) -> None:
        self.message.clear()
