"""Speech mode's keys (kiosk.ui.speech): ``*`` turns it on and off, + and − change the volume,
1–9 choose the screen's numbered options, 0 reads the review, the arrows and Tab move the focus
and say where it is. Also where those keys act: whether the focus is on a keypad or a text field
(whose keys are their own), and the buttons the number keys and arrows reach."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from kiosk import i18n
from kiosk.journey import Screen
from kiosk.speech.spoken import Spoken
from kiosk.speech.volume import Volume

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.window import KioskWindow

DIGITS = {int(Qt.Key.Key_0) + n: n for n in range(10)}
ARROWS = {int(Qt.Key.Key_Down): True, int(Qt.Key.Key_Right): True, int(Qt.Key.Key_Up): False,
          int(Qt.Key.Key_Left): False}
VOLUME_KEYS = {int(Qt.Key.Key_Plus): True, int(Qt.Key.Key_Minus): False}  # the keypad's + and −
TAB_REASONS = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
EDITORS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)  # + and − are typed there


def in_pad() -> bool:
    """The focus is on a keypad (PIN, number, kana, letters): its keys are its own."""
    from kiosk.ui.keypads import Keypad, PinPad

    widget: QWidget | None = QApplication.focusWidget()
    while widget is not None:
        if isinstance(widget, (Keypad, PinPad)):
            return True
        widget = widget.parentWidget()
    return False


def in_editor() -> bool:
    """The focus is where + and − are typed (a text field, or a keypad other than the PIN's)."""
    from kiosk.ui.keypads import Keypad

    widget: QWidget | None = QApplication.focusWidget()
    if isinstance(widget, EDITORS):
        return True
    while widget is not None:
        if isinstance(widget, Keypad):
            return True
        widget = widget.parentWidget()
    return False


def find(window: QWidget, roots: tuple[QWidget, ...], name: str) -> QPushButton | None:
    """The visible, enabled button called ``name`` under ``roots``."""
    for root in roots:
        for b in root.findChildren(QPushButton, name):
            if b.isVisibleTo(window) and b.isEnabled():
                return b
    return None


def movable(window: QWidget, roots: tuple[QWidget, ...]) -> list[QPushButton]:
    """The buttons the arrows step through, in order: visible, enabled and focusable."""
    return [b for root in roots for b in root.findChildren(QPushButton)
            if b.isVisibleTo(window) and b.isEnabled() and b.focusPolicy() != Qt.FocusPolicy.NoFocus]


class SpeechKeys(QObject):
    """The keys, the volume and the focus moves of speech mode; :class:`kiosk.ui.speech.SpeechController`
    builds on it with the speaking itself, and sets what is declared here."""

    window: KioskWindow
    on: bool
    volume: Volume
    spoken: Spoken | None
    _focus_said: QWidget | None

    def toggle(self) -> None:
        raise NotImplementedError

    def read_review(self) -> None:
        raise NotImplementedError

    def speech_lang(self) -> str:
        raise NotImplementedError

    def say(self, phrases: list[str], lang: str, screen: str, *, personal: bool = False) -> None:
        raise NotImplementedError

    # Keys -----------------------------------------------------------------------------------
    def key_pressed(self, event: QEvent) -> bool:
        """From the window's event filter: True when the key was speech mode's."""
        if not isinstance(event, QKeyEvent) or event.isAutoRepeat():
            return False
        key = int(event.key())
        if key == int(Qt.Key.Key_Asterisk):
            self.toggle()
            return True
        if self.on and key in VOLUME_KEYS and not in_editor():
            self.change_volume(louder=VOLUME_KEYS[key])
            return True
        if not self.on or in_pad():
            return False
        if key in DIGITS:
            n = DIGITS[key]
            if n == 0:
                if self.window.journey.screen is Screen.REVIEW and self.window.overlay is None:
                    self.read_review()
                    return True
                return False
            return self.choose(n)
        if key in ARROWS:
            return self.move(ARROWS[key])
        return False

    # Volume (A11Y-08) -------------------------------------------------------------------------
    def change_volume(self, *, louder: bool) -> None:
        """One step louder or quieter, said at the new volume (at the end of the range, the
        level is said again)."""
        if not self.on:
            return
        self.window.tapped()
        if louder:
            self.volume.louder()
        else:
            self.volume.quieter()
        lang = self.speech_lang()
        said = i18n.plain(i18n.text("speech.volume", lang, n=self.volume.level, total=self.volume.levels))
        self.say([said], lang, "volume")

    # Focus --------------------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """While on: a focus move by Tab or Shift+Tab says where the focus is (as the arrows do)."""
        if (event.type() == QEvent.Type.FocusIn and isinstance(event, QFocusEvent)
                and event.reason() in TAB_REASONS and isinstance(obj, QWidget) and obj.isWindow() is False
                and self.window.isAncestorOf(obj)):
            self.say_focus(obj)
        return False

    def say_focus(self, widget: QWidget) -> None:
        """Say ``widget``'s name, once per move: the arrows and the Tab key's focus event both
        come here, and the second of the two is not said again."""
        if not self.on or widget is self._focus_said:
            return
        self._focus_said = widget
        name = i18n.plain(widget.accessibleName())
        if name:
            self.say([name], self.speech_lang(), "focus")

    def choose(self, n: int) -> bool:
        """Press the ``n``-th numbered option of the screen (1-based)."""
        spoken = self.spoken
        if spoken is None or not 1 <= n <= len(spoken.options):
            return False
        target = find(self.window, (self.window.current_screen(), self.window.top),
                      spoken.options[n - 1].target)
        if target is None:
            return False
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        target.click()
        return True

    def move(self, forward: bool) -> bool:
        """Arrows move the focus through the screen's buttons, then the top bar's, and around."""
        buttons = movable(self.window, (self.window.current_screen(), self.window.top))
        if not buttons:
            return False
        focus = QApplication.focusWidget()
        index = buttons.index(focus) if isinstance(focus, QPushButton) and focus in buttons else -1
        step = 1 if forward else -1
        nxt = buttons[(index + step) % len(buttons)] if index >= 0 else buttons[0 if forward else -1]
        nxt.setFocus(Qt.FocusReason.TabFocusReason)
        self.say_focus(nxt)  # said once, whether or not the focus event came
        return True
