"""Where speech mode's keys act: whether the focus is on a keypad or a text field (whose keys
are their own), and the buttons the number keys and arrows reach."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

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
