"""Does the screen fit? The window sizes the kiosk must fit (landscape full HD, the common
laptop-class panels, a 10" tablet and a portrait kiosk) and the check the screen-fit test and
``bench/fit.py`` make at each of them: the window keeps the size it is given (its minimum size
never exceeds it) and the screen's primary button lies inside the window and in view, without
scrolling.

Qt widgets only; no resident data is read or kept."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QSize
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from kiosk.ui.widgets import RubyButton

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.base import ScreenBase
    from kiosk.ui.window import KioskWindow

# (width, height): 23.8" full HD, a portrait kiosk, 1366×768 and 1280×800 (10" tablet) panels
# (the compact ones last: the style changes once per round).
SIZES: tuple[tuple[int, int], ...] = ((1920, 1080), (1080, 1920), (1366, 768), (1280, 800))


def primary_button(screen: ScreenBase) -> QPushButton | None:
    """The button that takes the resident on: the primary button of the action row; on a page
    without one (the answers of a question, the languages, the PIN pad) the last of the page's
    big buttons, so that every answer must be in view."""
    row = screen.action_row
    for i in range(row.count()):
        item = row.itemAt(i)
        widget = item.widget() if item is not None else None
        if isinstance(widget, QPushButton) and widget.property("primary") and widget.isVisibleTo(screen):
            return widget
    big = [b for b in screen.findChildren(QPushButton)
           if (b.property("primary") or b.property("pinkey")) and b.isVisibleTo(screen) and b.isEnabled()]
    return big[-1] if big else None


def settle() -> None:
    """Let Qt lay the window out (posted layout requests and deferred deletions)."""
    for _ in range(3):
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _in_view(widget: QWidget, window: QWidget) -> bool:
    """``widget`` lies wholly inside the window and inside the viewport of every scroll area
    around it (nothing of it is scrolled or clipped away)."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    if not window.rect().contains(rect):
        return False
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            port = parent.viewport()
            view = QRect(port.mapTo(window, QPoint(0, 0)), port.size())
            if not view.contains(rect):
                return False
        parent = parent.parentWidget()
    return True


def in_view(widget: QWidget, window: QWidget) -> bool:
    """``widget`` lies wholly in view in ``window``, without scrolling (see :func:`_in_view`)."""
    return _in_view(widget, window)


def misfit(window: KioskWindow, size: tuple[int, int]) -> str | None:
    """Resize ``window`` to ``size`` and say what does not fit (None: the screen fits)."""
    width, height = size
    window.resize(width, height)
    settle()
    hint = window.minimumSizeHint()
    if window.width() > width or window.height() > height:
        return f"window grew to {window.width()}×{window.height()}"
    if hint.width() > width or hint.height() > height:
        return f"minimum size {hint.width()}×{hint.height()}"
    screen = window.current_screen()
    from kiosk.ui.base import ScreenBase

    if not isinstance(screen, ScreenBase):
        return None  # the staff panel: nothing to go on with
    button = primary_button(screen)
    if button is None:
        return None  # nothing to go on with on this screen (e.g. the card is being read)
    if not button.isVisible():
        return f"{button.objectName() or 'primary button'} hidden"
    if not _in_view(button, window):
        return f"{button.objectName() or 'primary button'} out of view"
    return None


def misfits(window: KioskWindow, sizes: Iterable[tuple[int, int]] = SIZES) -> dict[tuple[int, int], str]:
    """:func:`misfit` at each size; the window is given back its size."""
    before = QSize(window.size())
    out: dict[tuple[int, int], str] = {}
    for size in sizes:
        problem = misfit(window, size)
        if problem is not None:
            out[size] = problem
    window.resize(before)
    settle()
    return out

def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    """``widget``'s rectangle in ``ancestor``'s coordinates."""
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())

def button_cut(b: QPushButton) -> str | None:
    """What of the button's label is not painted (None: all of it): a furigana label must lie inside
    the button with its text on one line; plain text must fit the button's contents rectangle."""
    label = b.ruby if isinstance(b, RubyButton) else None
    if label is not None and label.isVisibleTo(b):
        if not b.rect().contains(rect_in(label, b)):
            return f"label {label.geometry()} outside the button {b.size()}"
        if label.natural_width() > label.width():
            return f"text {label.natural_width()} px wide in {label.width()} px"
        if label.heightForWidth(label.width()) > label.height():
            return f"text {label.heightForWidth(label.width())} px high in {label.height()} px"
        return None
    option = QStyleOptionButton()
    b.initStyleOption(option)
    room = b.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, b)
    fm = QFontMetrics(b.font())
    lines = b.text().split("\n")
    width = max(fm.horizontalAdvance(line) for line in lines)
    if width > room.width() or fm.height() * len(lines) > room.height():
        return f"text {width}×{fm.height() * len(lines)} px in {room.width()}×{room.height()} px"
    return None
