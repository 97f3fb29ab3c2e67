"""Measures of a resident screen as drawn: how many key presses reach each primary action
(A11Y-10), Tab stops that cannot be seen or used, the contrast of every text against what is
actually painted behind it and of the focus ring against the control and its surroundings
(A11Y-02, WCAG 1.4.3, 1.4.11, 2.4.11), and whether a screen is painted at all.

Used by the tests and ``bench/access.py``; nothing here changes what the resident sees, except
that :func:`focus_steps` and :func:`focus_rings` move the focus and put it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
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

T = TypeVar("T")
MAX_PRESSES = 30  # a Tab cycle longer than this is itself a finding


def focus(widget: QWidget | None) -> None:
    if widget is not None:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
    QApplication.processEvents()


KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right)


def _press(key: Qt.Key, within: QWidget) -> QWidget | None:
    target = QApplication.focusWidget() or within
    QTest.keyClick(target, key)
    QApplication.processEvents()
    return QApplication.focusWidget()


def tab_cycle(within: QWidget) -> list[QWidget]:
    """The Tab stops of ``within`` in order, from the focused widget round to it again."""
    return [w for w, _ in _tab_round(within, lambda _w: None)]


def _tab_round(within: QWidget, on_arrival: Callable[[QWidget], T]) -> list[tuple[QWidget, T]]:
    """Press Tab round the whole cycle; ``on_arrival`` looks at each stop as Tab leaves it
    (a scroll area has just brought a row into view)."""
    start = QApplication.focusWidget()
    seen: list[tuple[QWidget, T]] = []
    for _ in range(MAX_PRESSES * 4):
        now = _press(Qt.Key.Key_Tab, within)
        if now is None or now is start or any(now is w for w, _ in seen):
            break
        seen.append((now, on_arrival(now)))
    focus(start)
    return seen


def focus_steps(within: QWidget, targets: Iterable[QWidget]) -> dict[QWidget, int | None]:
    """Fewest key presses (Tab, Shift+Tab, arrows) from the current focus to each of
    ``targets``; 0 if it has the focus, None if no key reaches it within :data:`MAX_PRESSES`."""
    start = QApplication.focusWidget()
    wanted = list(targets)
    depth: dict[int, int] = {}
    frontier: list[QWidget | None] = [start]
    if start is not None:
        depth[id(start)] = 0
    found: dict[QWidget, int | None] = {t: (0 if t is start else None) for t in wanted}
    for n in range(1, MAX_PRESSES + 1):
        if all(v is not None for v in found.values()) or not frontier:
            break
        following: list[QWidget | None] = []
        for here in frontier:
            for key in KEYS:
                if here is None:
                    w = QApplication.focusWidget()
                    if w is not None:
                        w.clearFocus()
                else:
                    focus(here)
                now = _press(key, within)
                if now is None or id(now) in depth:
                    continue
                depth[id(now)] = n
                following.append(now)
                for t in wanted:
                    if t is now and found[t] is None:
                        found[t] = n
        frontier = following
    focus(start)
    return found


def is_usable_stop(widget: QWidget) -> bool:
    """A Tab stop that a resident can see and operate."""
    if not isinstance(widget, QAbstractButton | PinPad | QLineEdit):
        return False
    return widget.isVisible() and widget.isEnabled() and not widget.visibleRegion().isEmpty()


def invisible_stops(within: QWidget) -> list[str]:
    """Tab stops that are hidden, of no size, or not a control (by object name and class)."""
    return [f"{name_of(w)} ({type(w).__name__})" for w, usable in _tab_round(within, is_usable_stop) if not usable]


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


def _pixels(image: QImage) -> np.ndarray:
    """The image as rows of 0xRRGGBB integers."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(rgb.constBits(), dtype=np.uint32, count=rgb.bytesPerLine() * rgb.height() // 4)
    return (raw.reshape(rgb.height(), rgb.bytesPerLine() // 4)[:, : rgb.width()] & 0xFFFFFF).copy()


def _split(value: int) -> tuple[int, int, int]:
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


def text_colours(pixels: np.ndarray) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """(text, background) in a patch of painted pixels: the background is the commonest colour;
    the text the colour, among those covering at least 1 % of the rest, that stands out most from
    it (the solid cores of the glyphs; anti-aliased edges lie between the two)."""
    values, counts = np.unique(pixels, return_counts=True)
    if len(values) < 2:
        return None
    order = np.argsort(counts)[::-1]
    background = _split(int(values[order[0]]))
    rest = int(counts.sum() - counts[order[0]])
    candidates = [_split(int(values[i])) for i in order[1:] if counts[i] >= max(2, rest // 100)]
    if not candidates:
        return None
    text = max(candidates, key=lambda c: contrast.ratio(c, background))
    return text, background


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton | RubyLabel):
        return widget.text()
    return ""


def text_contrasts(window: QWidget, roots: Iterable[QWidget], inset: int = 0) -> list[Measured]:
    """Every visible text under ``roots``: its painted colour against the colour painted most
    behind it, in a grab of ``window`` (so a background from any parent's style sheet counts).
    ``inset`` pixels are left out round each button (its border and focus ring)."""
    QApplication.processEvents()
    image = window.grab().toImage()
    pixels = _pixels(image)
    scale = image.width() / max(1, window.width())
    out: list[Measured] = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if not widget.isVisible() or not window.isAncestorOf(widget) or not _text_of(widget).strip():
                continue
            seen = widget.visibleRegion().boundingRect()
            if seen != widget.rect():
                continue  # partly scrolled away: measured when it is in view
            edge = inset if isinstance(widget, QAbstractButton) else 3  # a label's own frame (Display, CardMark)
            seen = seen.intersected(widget.rect().adjusted(edge, edge, -edge, -edge))
            if seen.width() < 4 or seen.height() < 4:
                continue
            top_left = widget.mapTo(window, seen.topLeft())
            x0, y0 = round(top_left.x() * scale), round(top_left.y() * scale)
            patch = pixels[max(0, y0): y0 + round(seen.height() * scale), max(0, x0): x0 + round(seen.width() * scale)]
            found = text_colours(patch)
            if found is None:
                out.append(Measured(f"{name_of(widget)} ({type(widget).__name__}) not drawn", 1.0))
                continue
            text, behind = found
            out.append(Measured(f"{name_of(widget)} ({type(widget).__name__}) {_hex(text)} on {_hex(behind)}",
                                contrast.ratio(text, behind)))
    return out


def focus_rings(window: QWidget, stops: Iterable[QWidget], ring: int) -> list[tuple[Measured, Measured]]:
    """Each of ``stops`` focused in turn and measured by :func:`ring_of`; the focus is put back."""
    start = QApplication.focusWidget()
    out: list[tuple[Measured, Measured]] = []
    for widget in stops:
        focus(widget)
        found = ring_of(window, widget, ring)
        if found is not None:
            out.append(found)
    focus(start)
    return out


def ring_of(window: QWidget, widget: QWidget, ring: int) -> tuple[Measured, Measured] | None:
    """The focused ``widget``'s ring as painted (middle of its left edge) against the control's
    fill just inside it and against the background just outside it. ``ring`` is the ring's
    width in pixels (``Metrics.ring``; a primary button's is one more). None: not focused or
    not on screen."""
    if QApplication.focusWidget() is not widget or widget.width() < 12:
        return None
    middle = QPoint(0, widget.height() // 2)
    if not widget.visibleRegion().contains(middle):
        return None
    QApplication.processEvents()
    origin = widget.mapTo(window, middle)
    area = QRect(origin.x() - 6, origin.y() - 2, ring + 14, 4).intersected(window.rect())
    image = window.grab(area).toImage()
    scale = image.width() / max(1, area.width())

    def at(dx: int) -> tuple[int, int, int]:
        x = round((origin.x() + dx - area.x()) * scale)
        return _rgb(image, max(0, min(image.width() - 1, x)), round(2 * scale))

    width = ring + 1 if widget.property("primary") else ring
    drawn, inside, outside = at(width // 2), at(width + 2), at(-3)
    name = f"{name_of(widget)} ({type(widget).__name__}) ring {_hex(drawn)}"
    return (Measured(f"{name} on {_hex(inside)}", contrast.ratio(drawn, inside)),
            Measured(f"{name} by {_hex(outside)}", contrast.ratio(drawn, outside)))


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
    steps = focus_steps(window, current.primary_actions())
    out.steps = {name_of(w): n for w, n in steps.items()}
    ring = window.metrics_px.ring
    out.texts = text_contrasts(window, roots, inset=ring + 2)

    def arrived(widget: QWidget) -> tuple[bool, list[tuple[Measured, Measured]]]:
        QApplication.processEvents()  # a row scrolled into view is laid out first
        found = ring_of(window, widget, ring) if rings else None
        return is_usable_stop(widget), ([found] if found is not None else [])

    stops = _tab_round(window, arrived)
    if start is not None:
        stops.append((start, arrived(start)))  # the initial focus, where the round began
    out.invisible = [f"{name_of(w)} ({type(w).__name__})" for w, (usable, _) in stops if not usable]
    out.rings = [pair for _, (_, pairs) in stops for pair in pairs]
    out.gap_mm = min(access.gaps(roots, window, window.dpi), default=None)
    focus(start)
    return out
