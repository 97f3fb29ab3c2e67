"""Do the counter's windows fit? The check the counter's fit test and ``bench/fit.py --counter``
make at each size of :data:`kiosk.ui.fit.SIZES`, on whatever step is on show:

- each window keeps the size it is given and every label, keycap and button is whole
  (:mod:`kiosk.ui.fit_checks`);
- on the clerk's sign-in page its fields, its button and its message are in view;
- on the clerk's window the input line, the table's current row, every column of the tables and
  the key bar are in view, the review's item labels whole, and the parts (header, prompt, choices, line, tables, key bar, side
  panel) and the header's labels over none of the others;
- on the resident's window the confirm button (or the PIN pad's OK) is in view without scrolling,
  so are the page's heading and text (the 利用目的 notice, what to do with the card), and the title
  bar, step line, page and action row over none of the others;
- (:func:`dim_texts`, in high contrast) every text on show on the resident's window stands out
  from what is painted behind it (:func:`kiosk.ui.audit.text_contrasts`, as the kiosk's screens
  are measured).

Qt widgets only; no resident data is read or kept (the problems name widgets and sizes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QStyle, QTableView, QTableWidget, QWidget

from kiosk.ui.audit import text_contrasts
from kiosk.ui.fit import SIZES, in_view, settle
from kiosk.ui.fit_checks import Size, grown, name_of, overlaps, resized, shown, whole

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.counter.app import Counter
    from kiosk.ui.counter.clerk_window import ClerkWindow
    from kiosk.ui.counter.resident_window import ResidentWindow


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


def columns_out_of_view(table: QTableView) -> list[str]:
    """Every column of the table within its viewport: none past either edge (a table wider than
    its view scrolls sideways and hides part of a column)."""
    header = table.horizontalHeader()
    port = table.viewport().width()
    out = []
    for column in range(header.count()):
        left = header.sectionViewportPosition(column)
        right = left + header.sectionSize(column)
        if not header.isSectionHidden(column) and (left < 0 or right > port):
            out.append(f"column {column + 1} at {left}–{right} px out of the view's {port} px")
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
            problems += [f"{name_of(table)}: {p}" for p in headers_cut(table) + columns_out_of_view(table)]
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


def dim_texts(resident: ResidentWindow, minimum: float) -> list[str]:
    """Texts on show that stand out less than ``minimum``:1 from what is painted behind them
    (named by widget and colours, never by their text)."""
    measured = text_contrasts(resident, (resident,), inset=resident.metrics.ring + 2)
    return [f"{m.where} {m.ratio:.2f}:1, under {minimum:g}:1" for m in measured if m.ratio < minimum]


def clerk_misfits(clerk: ClerkWindow, sizes: Iterable[Size] = SIZES) -> dict[Size, list[str]]:
    """The clerk's window resized through ``sizes``: what does not fit at each (given back its size)."""
    return resized(clerk, lambda size: clerk_problems(clerk, size), sizes)


def resident_misfits(resident: ResidentWindow, sizes: Iterable[Size] = SIZES) -> dict[Size, list[str]]:
    """The resident's window resized through ``sizes``: what does not fit at each (given back its size)."""
    return resized(resident, lambda size: resident_problems(resident, size), sizes)


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
