"""The common frame of every resident screen: a title, a body, and the journey it drives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

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

    # Where the keyboard focus goes (A11Y-10): the window asks after every screen change, and a
    # screen calls settle_focus() after a choice, an edit or a card read changed what comes next.
    def initial_focus(self) -> QWidget | None:
        """The next thing to do on this screen: by default its first primary button that can be
        used, else its first usable button. None: nothing to operate yet (the focus is taken
        away, so that Enter cannot press a button by accident)."""
        buttons = [b for b in self.findChildren(QPushButton) if focusable(b, self)]
        primary = [b for b in buttons if b.property("primary")]
        return next(iter(primary or buttons), None)

    def primary_actions(self) -> list[QWidget]:
        """The actions that must be within 5 key presses of :meth:`initial_focus` (A11Y-10)."""
        return [b for b in self.findChildren(QPushButton) if b.property("primary") and focusable(b, self)]

    def settle_focus(self) -> None:
        """Put the focus on :meth:`initial_focus` now (the screen's content changed)."""
        if self.isVisible():
            self.kiosk.place_focus(self, moved=True)

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


def focusable(widget: QWidget, within: QWidget) -> bool:
    """A control Tab can stop on: shown under ``within``, enabled, and taking the keyboard focus."""
    return (widget.isVisibleTo(within) and widget.isEnabled()
            and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus))
