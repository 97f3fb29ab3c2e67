"""What of a window does not fit, widget by widget (the counter's windows, the division station,
the public display; :mod:`kiosk.ui.fit` checks the kiosk's screens by their primary button):

- :func:`grown`: the window keeps the size it is given (its minimum size never exceeds it);
- :func:`whole`: every label and button on show is whole: not cut by its own size (a wrapped text
  as high as it needs, a text on one line as wide), not cut by the window nor, sideways, by a page
  that scrolls only up and down;
- :func:`overlaps`: parts that lie over each other;
- :func:`resized`: a window's problems at each size, the window given back its size.

Qt widgets only; no resident data is read or kept (the problems name widgets and sizes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6 import QtGui
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument, QTextOption
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QWidget

from kiosk.ui.fit import SIZES, button_cut, rect_in, settle
from kiosk.ui.widgets import RubyLabel

Size = tuple[int, int]


def shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.width() > 0 and widget.height() > 0


def name_of(widget: QWidget) -> str:
    return widget.objectName() or type(widget).__name__


def _scroller(widget: QWidget, window: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def placed_cut(widget: QWidget, window: QWidget) -> str | None:
    """Cut by where it lies: outside the window, or sideways outside the page that scrolls it
    (up and down is what the page scrolls for)."""
    rect = rect_in(widget, window)
    area = _scroller(widget, window)
    if area is None:
        return None if window.rect().contains(rect) else f"{rect} outside the window {window.size()}"
    port = rect_in(area.viewport(), window)
    if rect.left() < port.left() or rect.right() > port.right():
        return f"{rect} sideways outside its page {port}"
    return None


def label_cut(label: QLabel) -> str | None:
    """What of the label's text is not drawn (None: all of it)."""
    if isinstance(label, RubyLabel):
        width = label.width()
        if label.max_lines == 1 and label.natural_width() > width:
            return f"text {label.natural_width()} px wide in {width} px"
        need = label.heightForWidth(width)
        return f"text {need} px high in {label.height()} px" if need > label.height() else None
    text = QLabel.text(label)  # as drawn (a keycap label's own text() is its plain words)
    room = label.contentsRect()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))
    if label.wordWrap() or rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        option = doc.defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)  # as a label wraps: a word longer than the line overflows
        doc.setDefaultTextOption(option)
        if rich:
            doc.setHtml(text)
        else:
            doc.setPlainText(text)
        doc.setTextWidth(room.width() if label.wordWrap() else -1)
        if doc.idealWidth() > room.width() + 1:  # a word (or a keycap) wider than the label
            return f"text {doc.idealWidth():.0f} px wide in {room.width()} px"
        need = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        return f"text {need} px high in {label.height()} px" if need > label.height() else None
    fm = QFontMetrics(label.font())
    lines = text.split("\n")
    width = max(fm.horizontalAdvance(line) for line in lines)
    if width > room.width() or fm.height() * len(lines) > room.height():
        return f"text {width}×{fm.height() * len(lines)} px in {room.width()}×{room.height()} px"
    return None


def whole(window: QWidget, skip: Sequence[QWidget] = ()) -> list[str]:
    """Every label and button on show drawn whole (``skip``: widgets drawn inside another's)."""
    problems = []
    for label in window.findChildren(QLabel):
        if not shown(label, window) or not label.text().strip() or any(label is s or s.isAncestorOf(label)
                                                                       for s in skip):
            continue
        cut = label_cut(label) or placed_cut(label, window)
        if cut is not None:
            problems.append(f"{name_of(label)}: {cut}")
    for b in window.findChildren(QPushButton):
        if shown(b, window):
            cut = button_cut(b) or placed_cut(b, window)
            if cut is not None:
                problems.append(f"{name_of(b)}: {cut}")
    return problems


def overlaps(parts: Iterable[QWidget], window: QWidget) -> list[str]:
    """Each pair of the parts on show that lie over each other."""
    on = [p for p in parts if shown(p, window)]
    return [f"{name_of(a)} over {name_of(b)}" for i, a in enumerate(on) for b in on[i + 1:]
            if rect_in(a, window).intersects(rect_in(b, window))]


def grown(window: QWidget, size: Size) -> str | None:
    width, height = size
    hint = window.minimumSizeHint()
    if window.width() > width or window.height() > height:
        return f"window grew to {window.width()}×{window.height()}"
    if hint.width() > width or hint.height() > height:
        return f"minimum size {hint.width()}×{hint.height()}"
    return None



def resized(window: QWidget, problems: Callable[[Size], list[str]], sizes: Iterable[Size] = SIZES
            ) -> dict[Size, list[str]]:
    """``window`` resized through ``sizes``: ``problems(size)`` at each that has some; the window
    is given back its size."""
    out: dict[Size, list[str]] = {}
    before = QSize(window.size())
    for size in sizes:
        window.resize(*size)
        settle()
        found = problems(size)
        if found:
            out[size] = found
    window.resize(before)
    settle()
    return out


