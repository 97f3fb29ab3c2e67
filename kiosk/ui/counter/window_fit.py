"""Do the counter's windows fit? The check the counter's fit test and ``bench/fit.py --counter``
make at each size of :data:`kiosk.ui.fit.SIZES`, on whatever step is on show:

- each window keeps the size it is given (its minimum size never exceeds it);
- every label, keycap and button is whole: not cut by its own size (a wrapped text as high as it
  needs, a text on one line as wide), not cut by the window nor, sideways, by a page that scrolls
  only up and down;
- on the clerk's sign-in page its fields, its button and its message are in view;
- on the clerk's window the input line, the table's current row and the key bar are in view, the
  review's item labels whole, and the parts (header, prompt, choices, line, tables, key bar, side
  panel) and the header's labels over none of the others;
- on the resident's window the confirm button (or the PIN pad's OK) is in view without scrolling,
  so are the page's heading and text (the 利用目的 notice, what to do with the card), and the title
  bar, step line, page and action row over none of the others.

Qt widgets only; no resident data is read or kept (the problems name widgets and sizes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6 import QtGui
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QTableWidget,
    QWidget,
)

from kiosk.ui.fit import SIZES, button_cut, in_view, rect_in, settle
from kiosk.ui.widgets import RubyLabel

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.counter.app import Counter
    from kiosk.ui.counter.clerk_window import ClerkWindow
    from kiosk.ui.counter.resident_window import ResidentWindow

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


def current_row(table: QTableView) -> str | None:
    """The table's current cell lies in its viewport (None) or where it is."""
    index = table.currentIndex()
    if not index.isValid():
        return None
    cell = table.visualRect(index)
    port = table.viewport().rect()
    if cell.top() < port.top() or cell.bottom() > port.bottom():
        return f"current row {index.row() + 1} at {cell} out of view {port.size()}"
    return None


def headers_cut(table: QTableView) -> list[str]:
    """The column headings whole in their sections."""
    header = table.horizontalHeader()
    margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    fm = QFontMetrics(header.font())
    model = table.model()
    out = []
    for column in range(model.columnCount()):
        if header.isSectionHidden(column):
            continue
        text = str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        width = max((fm.horizontalAdvance(line) for line in text.split("\n")), default=0)
        if width + margin > header.sectionSize(column):
            out.append(f"heading of column {column + 1} {width + margin} px in {header.sectionSize(column)} px")
    return out


def review_labels(review: QTableWidget) -> list[str]:
    """The review's item labels whole in their column."""
    margin = 2 * (review.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    fm = review.fontMetrics()
    out = []
    for row in range(review.rowCount()):
        item = review.item(row, 0)
        if item is not None and fm.horizontalAdvance(item.text()) > review.visualItemRect(item).width() - margin:
            out.append(f"review label of row {row + 1} cut")
    if review.columnViewportPosition(2) + review.columnWidth(2) > review.viewport().width():
        out.append("review's last column out of view")
    return out


def clerk_problems(clerk: ClerkWindow, size: Size) -> list[str]:
    problems = [p for p in [grown(clerk, size)] if p is not None]
    problems += whole(clerk)
    for part in (clerk.line, clerk.keys_help, clerk.account_field, clerk.password_field, clerk.totp_field,
                 clerk.sign_in_button, clerk.sign_in_message):
        if shown(part, clerk) and not in_view(part, clerk):
            problems.append(f"{name_of(part)} out of view")
    table: QAbstractItemView
    for table in (clerk.table, clerk.review):
        if shown(table, clerk):
            if not in_view(table.viewport(), clerk):
                problems.append(f"{name_of(table)} out of view")
            at = current_row(table)
            if at is not None:
                problems.append(f"{name_of(table)}: {at}")
            problems += [f"{name_of(table)}: {p}" for p in headers_cut(table)]
    if shown(clerk.review, clerk):
        problems += review_labels(clerk.review)
    problems += overlaps((clerk.status, clerk.language, clerk.staff, clerk.sign_out_button), clerk)
    header = clerk.status.parentWidget()
    parts: list[QWidget] = [header] if header is not None else []
    parts += [clerk.prompt, clerk.choices, clerk.line, clerk.table, clerk.review, clerk.printed, clerk.area,
              clerk.message, clerk.panel, clerk.keys_help]
    problems += overlaps(parts, clerk)
    return problems


def resident_problems(resident: ResidentWindow, size: Size) -> list[str]:
    problems = [p for p in [grown(resident, size)] if p is not None]
    problems += whole(resident, skip=[resident.pin])  # the pad's keys: their own check below
    for name, part in (("confirm button", resident.ok), ("PIN pad's OK", resident.pin.keys["ok"]),
                       ("page's heading", resident.heading), ("page's text", resident.body)):
        if shown(part, resident) and not in_view(part, resident):
            problems.append(f"{name} out of view")
    bar = resident.town.parentWidget()
    if bar is not None:
        problems += overlaps((resident.town, resident.large_button, resident.contrast_button), resident)
        problems += overlaps((bar, resident.step_line, resident.page_scroll, resident.action_row), resident)
    return problems


def clerk_misfits(clerk: ClerkWindow, sizes: Iterable[Size] = SIZES) -> dict[Size, list[str]]:
    """The clerk's window resized through ``sizes``: what does not fit at each (given back its size)."""
    return _resized(clerk, lambda size: clerk_problems(clerk, size), sizes)


def resident_misfits(resident: ResidentWindow, sizes: Iterable[Size] = SIZES) -> dict[Size, list[str]]:
    """The resident's window resized through ``sizes``: what does not fit at each (given back its size)."""
    return _resized(resident, lambda size: resident_problems(resident, size), sizes)


def _resized(window: QWidget, problems: Callable[[Size], list[str]], sizes: Iterable[Size]) -> dict[Size, list[str]]:
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


def counter_misfits(counter: Counter, sizes: Sequence[Size] = SIZES) -> dict[tuple[str, Size], list[str]]:
    """Both windows resized through ``sizes``: what does not fit, by (window, size)."""
    out = {("clerk", size): found for size, found in clerk_misfits(counter.clerk, sizes).items()}
    out.update({("resident", size): found for size, found in resident_misfits(counter.resident, sizes).items()})
    return out


def as_windows(counter: Counter) -> None:
    """The two windows as windows of their own, as on two screens (with one screen they share a
    splitter, whose share would decide their sizes), each at the size of a full HD screen."""
    from kiosk.ui.counter.app import SCREEN_SIZE

    for window in (counter.clerk, counter.resident):
        window.setParent(None)
        window.resize(*SCREEN_SIZE)
        window.show()
    if counter.split is not None:
        counter.split.hide()
    counter.clerk.activateWindow()  # the keyboard belongs to the clerk
    settle()
