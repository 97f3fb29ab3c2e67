"""Where the keyboard focus goes (A11Y-10), in one place: on a new screen or step it goes to the
screen's :meth:`~kiosk.ui.base.ScreenBase.initial_focus` (the next thing to do); arrow keys cross
a screen's buttons by rows and columns; a focused control in a scroll area is scrolled into view
however the focus came. The window calls these; screens only say what comes next."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QWidget

from kiosk.ui import access
from kiosk.ui.base import focusable


class FocusTarget(Protocol):
    """A screen or overlay that says where the focus goes."""

    def initial_focus(self) -> QWidget | None: ...

    def isAncestorOf(self, child: QWidget) -> bool: ...  # noqa: N802 - Qt naming


def place(screen: FocusTarget, bar: QWidget, *, moved: bool) -> None:
    """On a new screen or step (``moved``), or when the focus is not on a usable control of
    ``screen``, the focus goes to its initial focus; a focus the resident put on the top ``bar``
    is kept. With nothing to operate yet the focus is taken away, so that Enter cannot press a
    button by accident (after a card read: not "enter by hand")."""
    focus = QApplication.focusWidget()
    inside = focus is not None and screen.isAncestorOf(focus) and focus.isVisible() and focus.isEnabled()
    if not moved and (inside or (focus is not None and bar.isAncestorOf(focus))):
        return
    target = screen.initial_focus()
    if target is not None:
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        reveal(target)
    elif focus is not None and (screen.isAncestorOf(focus) or not focus.isVisible()):
        focus.clearFocus()


def arrow(window: QWidget, roots: tuple[QWidget, ...], obj: object, code: int) -> bool:
    """Move the focus from the button ``obj`` to its neighbour under ``roots`` in the arrow's
    direction; False (the key goes on as usual) when ``obj`` is not such a button, is a key of a
    pad (the pad moves within itself) or has no neighbour that way."""
    key = next((k for k in access.ARROWS if k.value == code), None)  # not Qt.Key(code): unknown codes raise
    if (key is None or not isinstance(obj, QAbstractButton) or not obj.hasFocus()
            or obj.property("char") is not None or not window.isAncestorOf(obj)):
        return False
    candidates = [b for root in roots for b in root.findChildren(QAbstractButton) if focusable(b, window)]
    target = access.neighbour(obj, candidates, window, key)
    if target is None:
        return False
    target.setFocus(Qt.FocusReason.TabFocusReason)
    reveal(target)
    return True


def reveal(widget: QWidget) -> None:
    """Scroll ``widget`` into view in every scroll area that holds it: the review's rows, then the
    page body (:class:`kiosk.ui.base.PageScroll`) around them, with a margin for context."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            content = parent.widget()
            if content is not None and content.isAncestorOf(widget):
                margin = min(widget.height(), parent.viewport().height()) // 4
                parent.ensureWidgetVisible(widget, 0, margin)
        parent = parent.parentWidget()
