"""The common frame of every resident screen, and the journey it drives.

A page is a fixed header (title, message), a body that scrolls when its content is taller than
the window (:class:`PageScroll`), and a fixed bottom action row (the primary button, 戻る): the
primary button stays on screen at every window size. ``body`` and ``action_row`` are the layouts
the screens fill.

The size class is decided here and only here (:func:`compact`): a window less than
:data:`COMPACT_HEIGHT` pixels high gets tighter page margins, and a screen may lay a keypad
beside its text (:meth:`ScreenBase.arrange`). Sizes of text and targets never shrink: they are
physical (A11Y-01, A11Y-04)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n
from kiosk.ui.widgets import MessageBox, RubyLabel

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.journey import Journey
    from kiosk.ui.theme import Metrics
    from kiosk.ui.window import KioskWindow


COMPACT_HEIGHT = 900  # px: below this window height pages are compact (1366×768, 1280×800)


def compact(window: QSize) -> bool:
    """The size class of a window: True when it is compact (less than COMPACT_HEIGHT high)."""
    return window.height() < COMPACT_HEIGHT


def compact_style(m: Metrics) -> str:
    """What the style sheet changes on a compact window: the PIN keys and dots in text size
    rather than title size (the keys stay ≥ 15 mm, A11Y-01; the text stays ≥ the large-text
    height, A11Y-04)."""
    return f"""
QPushButton[pinkey="true"], QPushButton[pinkey="true"]:pressed, QPushButton[pinkey="true"]:hover {{ font-size: {m.font_px}px; }}
QLabel#PinDots {{ font-size: {m.title_px}px; }}
"""


def beside(window: QSize) -> bool:
    """Whether a keypad goes beside the page's text rather than under it: a compact landscape
    window (in portrait and on tall windows the pad stays under the text)."""
    return compact(window) and window.width() > window.height()


class ScreenBase(QWidget):
    """One screen. ``refresh()`` redraws from the journey; ``retranslate()`` after a language switch."""

    name = ""

    def __init__(self, window: KioskWindow) -> None:
        super().__init__()
        self.setObjectName("Screen")
        self.kiosk = window
        self.outer = QVBoxLayout(self)
        self._compact: bool | None = None
        self._arranged: tuple[bool, bool] | None = None
        self.title = RubyLabel("", object_name="Title")
        self.outer.addWidget(self.title)
        self.message = MessageBox("Message")
        self.outer.addWidget(self.message)
        self.page_body = PageScroll(kinetic=window.config.kiosk.animations)
        self.outer.addWidget(self.page_body, 1)
        self.body = QVBoxLayout(self.page_body.content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.action_row = QHBoxLayout()
        self.action_row.setSpacing(window.metrics_px.spacing * 3)
        self.outer.addLayout(self.action_row)
        self._margins(compact=False)

    def _margins(self, *, compact: bool) -> None:
        s = self.kiosk.metrics_px.spacing
        if compact:  # gaps stay ≥ s, which keeps targets ≥ 2 mm apart (A11Y-01)
            self.outer.setContentsMargins(s * 3, s, s * 3, s)
            self.outer.setSpacing(s)
            self.body.setSpacing(s)
        else:
            self.outer.setContentsMargins(s * 6, s * 3, s * 6, s * 3)
            self.outer.setSpacing(s * 2)
            self.body.setSpacing(s * 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_window()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.fit_window()

    def fit_window(self) -> None:
        """Follow the window's size class (margins, :meth:`arrange`); cheap when nothing changed."""
        size = self.kiosk.size()
        small = compact(size)
        if small != self._compact:
            self._compact = small
            self._margins(compact=small)
        side = beside(size)
        if (small, side) != self._arranged:
            self._arranged = (small, side)
            self.arrange(side)

    def arrange(self, side: bool) -> None:
        """Lay the page out for the window: ``side`` is True when a keypad goes beside the text
        (see :func:`beside`). Screens with a keypad override it."""

    @staticmethod
    def set_beside(box: QBoxLayout, side: bool) -> None:
        """Turn ``box`` (text, then keypad) to lie side by side or one under the other."""
        direction = QBoxLayout.Direction.LeftToRight if side else QBoxLayout.Direction.TopToBottom
        if box.direction() != direction:
            box.setDirection(direction)

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


class PageScroll(QScrollArea):
    """The scrolling body of a page: content taller than the window scrolls here, by touch
    (a flick), by the scroll bar and by keys (the area takes the focus only when there is
    something to scroll; focus moving into a hidden widget scrolls it into view, see
    :meth:`KioskWindow.eventFilter`). Not ``kinetic`` (A11Y-16), a flick does not glide on."""

    def __init__(self, *, kinetic: bool = True) -> None:
        super().__init__()
        self.setObjectName("PageBody")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.content = QWidget()
        self.content.setObjectName("PageContent")
        self.setWidget(self.content)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        if not kinetic:  # A11Y-16: the page follows the finger and stops with it, no glide, no bounce
            scroller = QScroller.scroller(self.viewport())
            properties = scroller.scrollerProperties()
            properties.setScrollMetric(QScrollerProperties.ScrollMetric.MaximumVelocity, 0.0)
            off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
            properties.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
            properties.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
            scroller.setScrollerProperties(properties)
        self.verticalScrollBar().rangeChanged.connect(self._range_changed)

    def _range_changed(self, _low: int, high: int) -> None:
        # A Tab stop only while there is something to scroll and nothing inside to Tab to (plain
        # long text: arrows, Page Up/Down). With controls inside, Tab goes to them and the page
        # scrolls to each one (focus.reveal): the area itself would be a stop with nothing to do.
        controls = any(focusable(child, self.content) for child in self.content.findChildren(QWidget))
        wanted = Qt.FocusPolicy.StrongFocus if high > 0 and not controls else Qt.FocusPolicy.NoFocus
        if self.focusPolicy() != wanted:
            self.setFocusPolicy(wanted)

    def reveal(self, widget: QWidget) -> None:
        """Scroll so that ``widget`` (inside the page body) is in view."""
        if self.content.isAncestorOf(widget):
            margin = min(widget.height(), self.viewport().height()) // 4
            self.ensureWidgetVisible(widget, 0, margin)
