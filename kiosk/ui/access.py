"""Accessible names and descriptions (A11Y-15): what a screen reader, or the kiosk's own speech,
says for every control.

Names come from the control's own (translated) text; descriptions from the ``a11y.*`` message
keys of the current language, by the kind of control. Neither ever carries personal data: a
control whose text shows the resident's data names itself through :func:`name_from_key`.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QGridLayout,
    QLayout,
    QScrollBar,
    QWidget,
)

from kiosk import i18n

# Set on a widget whose description is chosen by the screen itself (kept as it is).
OWN_DESCRIPTION = "a11yOwnDescription"
# Set on a widget to choose the ``a11y.*`` key of its description.
DESCRIPTION_KEY = "a11yDescriptionKey"


def is_interactive(widget: QWidget) -> bool:
    """A control a resident can operate: buttons, sliders, and anything that takes focus."""
    if isinstance(widget, QScrollBar):
        return False  # part of its scroll area, which is named instead
    if isinstance(widget, QAbstractScrollArea):
        return False  # a container; the controls inside are checked one by one
    if isinstance(widget, QAbstractButton | QAbstractSlider):
        return True
    return widget.focusPolicy() != Qt.FocusPolicy.NoFocus


def controls(roots: Iterable[QWidget], within: QWidget) -> list[QWidget]:
    """The visible interactive widgets under ``roots`` (roots included)."""
    out: list[QWidget] = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if widget.isVisibleTo(within) and is_interactive(widget):
                out.append(widget)
    return out


def _description_key(widget: QWidget) -> str:
    chosen = widget.property(DESCRIPTION_KEY)
    if isinstance(chosen, str) and chosen:
        return chosen
    if widget.property("pinkey") or widget.property("char") is not None:
        return "a11y.key"
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return "a11y.toggle"
    if isinstance(widget, QAbstractButton):
        return "a11y.primary" if widget.property("primary") else "a11y.button"
    return "a11y.control"


def describe(roots: Iterable[QWidget], within: QWidget, lang: str) -> None:
    """Give every visible control under ``roots`` a description in ``lang`` (unless the screen set
    its own); a control without a name is named by its description's key as a last resort."""
    for widget in controls(roots, within):
        describe_one(widget, lang)


def describe_one(widget: QWidget, lang: str) -> None:
    """Describe one control in ``lang`` (a control shown after its screen was drawn)."""
    if not widget.property(OWN_DESCRIPTION):
        text = i18n.plain(i18n.text(_description_key(widget), lang))
        if widget.accessibleDescription() != text:
            widget.setAccessibleDescription(text)


def name_from_key(widget: QWidget, key: str, lang: str, description_key: str = "") -> None:
    """Name (and optionally describe) ``widget`` from message keys rather than from what it shows."""
    widget.setAccessibleName(i18n.plain(i18n.text(key, lang)))
    if description_key:
        widget.setProperty(OWN_DESCRIPTION, True)
        widget.setAccessibleDescription(i18n.plain(i18n.text(description_key, lang)))


def spoken(widget: QWidget) -> tuple[str, str]:
    """(name, description) as assistive technology reads them through ``QAccessible``."""
    iface = QAccessible.queryAccessibleInterface(widget)
    if iface is None or not iface.isValid():
        return "", ""
    return (iface.text(QAccessible.Text.Name).strip(), iface.text(QAccessible.Text.Description).strip())


def nameless(roots: Iterable[QWidget], within: QWidget) -> list[str]:
    """Every visible control under ``roots`` that a screen reader could not announce: no name
    or no description. Each is reported by object name and class (never by its text)."""
    problems: list[str] = []
    for widget in controls(roots, within):
        name, description = spoken(widget)
        if not name or not description:
            what = "name" if not name else "description"
            problems.append(f"{widget.objectName() or '?'} ({type(widget).__name__}): no {what}")
    return problems


def crowded(roots: Iterable[QWidget], within: QWidget, dpi: float, min_mm: float) -> list[str]:
    """Pairs of visible touch targets closer than ``min_mm`` to each other (A11Y-01: a finger
    aimed at one must not land on the other), reported by object name and the gap in mm."""
    return [f"{a}|{b}: {gap:.2f} mm" for a, b, gap in _neighbours(roots, within, dpi) if gap < min_mm]


def gaps(roots: Iterable[QWidget], within: QWidget, dpi: float) -> list[float]:
    """The gap in mm between every pair of neighbouring touch targets under ``roots``."""
    return [gap for _, _, gap in _neighbours(roots, within, dpi)]


def _neighbours(roots: Iterable[QWidget], within: QWidget, dpi: float) -> list[tuple[str, str, float]]:
    targets = [w for w in controls(roots, within) if isinstance(w, QAbstractButton)]
    rects: list[tuple[QWidget, QRect]] = []
    for w in targets:  # the part a finger can reach: scrolled-away parts are not targets
        seen = w.visibleRegion().boundingRect()
        if not seen.isEmpty():
            rects.append((w, seen.translated(w.mapTo(within, QPoint(0, 0)))))
    out: list[tuple[str, str, float]] = []
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            if ra.intersects(rb):
                continue  # one inside the other, or the same place: not neighbours
            across = max(rb.left() - ra.right(), ra.left() - rb.right()) - 1
            down = max(rb.top() - ra.bottom(), ra.top() - rb.bottom()) - 1
            if across >= 0 and down >= 0:
                continue  # diagonal neighbours: the corners are further apart than either gap
            gap = max(across, down) * 25.4 / dpi
            out.append((a.objectName() or type(a).__name__, b.objectName() or type(b).__name__, gap))
    return out


def space_out(layout: QLayout, px: int) -> None:
    """Raise the spacing of ``layout`` and the layouts inside it to at least ``px`` (the 2 mm gap
    between neighbouring targets, A11Y-01), whatever spacing the widget's author left."""
    for item in [layout, *layout.findChildren(QLayout)]:
        if isinstance(item, QGridLayout):
            if item.horizontalSpacing() < px:
                item.setHorizontalSpacing(px)
            if item.verticalSpacing() < px:
                item.setVerticalSpacing(px)
        elif item.spacing() < px:
            item.setSpacing(px)


ARROWS: dict[Qt.Key, tuple[int, int]] = {
    Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1),
}


def neighbour(current: QWidget, candidates: Iterable[QWidget], within: QWidget, key: Qt.Key) -> QWidget | None:
    """The control an arrow key moves the focus to (A11Y-10): the nearest of ``candidates`` whose
    centre lies in the arrow's direction (within 45° of it), so a grid of buttons is crossed by
    rows and columns rather than one Tab stop at a time. None: nothing that way."""
    dx, dy = ARROWS[key]

    def centre(w: QWidget) -> QPointF:
        return QPointF(w.mapTo(within, w.rect().center()))

    here = centre(current)
    best: tuple[float, QWidget] | None = None
    for w in candidates:
        if w is current:
            continue
        c = centre(w)
        along = (c.x() - here.x()) * dx + (c.y() - here.y()) * dy
        across = abs((c.x() - here.x()) * dy) + abs((c.y() - here.y()) * dx)
        if along <= 0 or across > along:
            continue
        score = along + 2 * across
        if best is None or score < best[0]:
            best = (score, w)
    return best[1] if best is not None else None
