"""Measures of a resident screen as drawn: how many key presses reach each primary action
(A11Y-10), Tab stops that cannot be seen or used, the contrast of every text against what is
actually painted behind it and of the focus ring against the control and its surroundings
(A11Y-02, WCAG 1.4.3, 1.4.11, 2.4.11), and whether a screen is painted at all.

Used by the tests and ``bench/access.py``; nothing here changes what the resident sees, except
that :func:`focus_steps` and :func:`focus_rings` move the focus and put it back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QWidget,
)

from kiosk import contrast
from kiosk.ui.keypads import PinPad
from kiosk.ui.widgets import RubyLabel

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.window import KioskWindow

MAX_PRESSES = 30  # a Tab cycle longer than this is itself a finding


def focus(widget: QWidget | None) -> None:
    if widget is not None:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
    QApplication.processEvents()


def _press(key: Qt.Key, within: QWidget) -> QWidget | None:
    target = QApplication.focusWidget() or within
    QTest.keyClick(target, key)
    QApplication.processEvents()
    return QApplication.focusWidget()


def tab_cycle(within: QWidget) -> list[QWidget]:
    """The Tab stops of ``within`` in order, from the focused widget round to it again."""
    start = QApplication.focusWidget()
    seen: list[QWidget] = []
    for _ in range(MAX_PRESSES * 4):
        now = _press(Qt.Key.Key_Tab, within)
        if now is None or now is start or now in seen:
            break
        seen.append(now)
    focus(start)
    return seen


def focus_steps(within: QWidget, targets: Iterable[QWidget]) -> dict[QWidget, int | None]:
    """Key presses (Tab forward or Shift+Tab back, whichever is fewer) from the current focus to
    each of ``targets``; 0 if it has the focus, None if Tab never reaches it."""
    start = QApplication.focusWidget()
    wanted = list(targets)
    found: dict[QWidget, int | None] = {t: (0 if t is start else None) for t in wanted}
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        focus(start)
        for n in range(1, MAX_PRESSES + 1):
            now = _press(key, within)
            if now in found:
                old = found[now]
                found[now] = n if old is None else min(old, n)
            if now is start or now is None:
                break
    focus(start)
    return found


def is_usable_stop(widget: QWidget) -> bool:
    """A Tab stop that a resident can see and operate."""
    if not isinstance(widget, QAbstractButton | PinPad | QLineEdit):
        return False
    return widget.isVisible() and widget.isEnabled() and not widget.visibleRegion().isEmpty()


def invisible_stops(within: QWidget) -> list[str]:
    """Tab stops that are hidden, of no size, or not a control (by object name and class)."""
    out: list[str] = []
    for widget in tab_cycle(within):
        focus(widget)  # a scroll area brings a focused row into view first
        if not is_usable_stop(widget):
            out.append(f"{widget.objectName() or '?'} ({type(widget).__name__})")
    return out


# Contrast --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Measured:
    where: str  # object name and class: never the text (it may be the resident's data)
    ratio: float


def _rgb(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    c = image.pixelColor(x, y)
    return c.red(), c.green(), c.blue()


def _hex(colour: tuple[int, int, int]) -> str:
    r, g, b = colour
    return f"#{r:02X}{g:02X}{b:02X}"


def _mode(image: QImage, rect: QRect) -> tuple[int, int, int] | None:
    """The most frequent colour in ``rect`` of ``image``: what the text sits on."""
    rect = rect.intersected(image.rect())
    if rect.width() < 2 or rect.height() < 2:
        return None
    step = max(1, int((rect.width() * rect.height() / 900) ** 0.5))
    counts: Counter[tuple[int, int, int]] = Counter(
        _rgb(image, x, y) for x in range(rect.left(), rect.right() + 1, step)
        for y in range(rect.top(), rect.bottom() + 1, step))
    return counts.most_common(1)[0][0]


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    if isinstance(widget, RubyLabel):
        return widget.text()
    return ""


def _foreground(widget: QWidget) -> tuple[int, int, int]:
    group = QPalette.ColorGroup.Active if widget.isEnabled() else QPalette.ColorGroup.Disabled
    role = QPalette.ColorRole.ButtonText if isinstance(widget, QAbstractButton) else widget.foregroundRole()
    c = widget.palette().color(group, role)
    return c.red(), c.green(), c.blue()


def text_contrasts(window: QWidget, roots: Iterable[QWidget]) -> list[Measured]:
    """Every visible text under ``roots``: its colour against the colour painted most behind it
    in a grab of ``window`` (so a background set by any parent's style sheet counts)."""
    QApplication.processEvents()
    image = window.grab().toImage()
    scale = image.width() / max(1, window.width())
    out: list[Measured] = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if not widget.isVisible() or not window.isAncestorOf(widget) or not _text_of(widget).strip():
                continue
            seen = widget.visibleRegion().boundingRect()
            if seen.isEmpty():
                continue
            top_left = widget.mapTo(window, seen.topLeft())
            rect = QRect(round(top_left.x() * scale), round(top_left.y() * scale),
                         round(seen.width() * scale), round(seen.height() * scale))
            behind = _mode(image, rect)
            if behind is None:
                continue
            out.append(Measured(f"{widget.objectName() or '?'} ({type(widget).__name__})",
                                contrast.ratio(_foreground(widget), behind)))
    return out


def focus_rings(window: QWidget, stops: Iterable[QWidget], ring: int) -> list[tuple[Measured, Measured]]:
    """For each Tab stop, focused in turn: the ring's painted colour (middle of its left edge)
    against the control's fill just inside it and against the background just outside it.
    ``ring`` is the ring's width in pixels (``Metrics.ring``; a primary button's is one more)."""
    start = QApplication.focusWidget()
    out: list[tuple[Measured, Measured]] = []
    for widget in stops:
        focus(widget)
        if QApplication.focusWidget() is not widget or widget.width() < 12:
            continue
        image = window.grab().toImage()
        scale = image.width() / max(1, window.width())
        origin = widget.mapTo(window, QPoint(0, 0))
        y = round((origin.y() + widget.height() // 2) * scale)

        def at(dx: int) -> tuple[int, int, int]:
            x = round((origin.x() + dx) * scale)  # noqa: B023 - used before the loop moves on
            return _rgb(image, max(0, min(image.width() - 1, x)), y)  # noqa: B023

        width = ring + 1 if widget.property("primary") else ring
        drawn, inside, outside = at(width // 2), at(width + 2), at(-3)
        name = f"{widget.objectName() or '?'} ({type(widget).__name__}) ring {_hex(drawn)}"
        out.append((Measured(f"{name} on {_hex(inside)}", contrast.ratio(drawn, inside)),
                    Measured(f"{name} by {_hex(outside)}", contrast.ratio(drawn, outside))))
    focus(start)
    return out


def painted(widget: QWidget) -> bool:
    """True if a grab of ``widget`` shows more than one flat colour (text or frames were drawn)."""
    QApplication.processEvents()
    image = widget.grab().toImage()
    if image.isNull() or image.width() < 2 or image.height() < 2:
        return False
    first = image.pixel(0, 0)
    step = max(1, min(image.width(), image.height()) // 60)
    return any(image.pixel(x, y) != first for x in range(0, image.width(), step)
               for y in range(0, image.height(), step))


# One screen, all of the above ----------------------------------------------------------------
@dataclass
class Survey:
    """What :func:`survey` found on one screen in one theme."""

    screen: str
    theme: str
    focus: str = ""  # the initial focus (object name)
    steps: dict[str, int | None] | None = None  # primary action → key presses from the initial focus
    invisible: list[str] | None = None
    texts: list[Measured] | None = None
    rings: list[tuple[Measured, Measured]] | None = None
    gap_mm: float | None = None

    def min_text(self) -> float:
        return min((m.ratio for m in self.texts or []), default=21.0)

    def min_ring(self) -> float:
        return min((min(a.ratio, b.ratio) for a, b in self.rings or []), default=21.0)

    def max_steps(self) -> int | None:
        values = list((self.steps or {}).values())
        if any(v is None for v in values):
            return None
        return max((v for v in values if v is not None), default=0)


def name_of(widget: QWidget | None) -> str:
    if widget is None:
        return "-"
    return widget.objectName() or type(widget).__name__


def survey(window: KioskWindow, screen: str, *, rings: bool = True) -> Survey:
    """Measure the window's current screen as the resident sees it now."""
    from kiosk.ui import access

    QApplication.processEvents()
    current = window.current_screen()
    roots = (window.top, window.warning, current)
    start = QApplication.focusWidget()
    out = Survey(screen, window.theme_name, focus=name_of(start))
    actions = current.primary_actions()
    steps = focus_steps(window, actions)
    out.steps = {name_of(w): n for w, n in steps.items()}
    stops = tab_cycle(window)
    out.invisible = invisible_stops(window)
    out.texts = text_contrasts(window, roots)
    if rings:
        out.rings = focus_rings(window, [w for w in stops if current.isAncestorOf(w) or window.top.isAncestorOf(w)],
                                window.metrics_px.ring)
    gaps = access.gaps(roots, window, window.dpi)
    out.gap_mm = min(gaps, default=None)
    focus(start)
    return out
