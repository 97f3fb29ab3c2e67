"""A row of buttons that goes on to a second row when the window is too narrow for all of them
at their full width, so that no label is ever cut (the resident window's top bar, A11Y-04:
large text, in every language, on a 1280 px panel or the 1080 px portrait kiosk).

Each item keeps its preferred width (its whole label on one line) unless a row holds only that
item and the row is narrower. Items before :meth:`FlowRow.addStretch` keep to the left of a
row, those after it to the right, as in a :class:`QHBoxLayout` with a stretch."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class FlowRow(QLayout):
    """Left items, a stretch, right items; as many rows as the width needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch_at = -1  # index of the first item right of the stretch; -1: none

    # QLayout ------------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt naming
        self._items.append(item)

    def addWidget(self, widget: QWidget) -> None:  # noqa: N802
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))
        self.invalidate()

    def addStretch(self) -> None:  # noqa: N802
        """The items added after this keep to the right."""
        self._stretch_at = len(self._items)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        if not 0 <= index < len(self._items):
            return None
        if index < self._stretch_at:
            self._stretch_at -= 1
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def sizeHint(self) -> QSize:  # noqa: N802
        """All the items on one row."""
        shown = self._shown()
        m = self.contentsMargins()
        width = sum(item.sizeHint().width() for _, item in shown) + self.spacing() * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for _, item in shown), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        """As narrow as the widest item (the others go on to further rows)."""
        shown = self._shown()
        m = self.contentsMargins()
        width = max((item.sizeHint().width() for _, item in shown), default=0)
        height = max((item.sizeHint().height() for _, item in shown), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    # Arranging ----------------------------------------------------------------------------
    def rows(self, width: int) -> list[list[int]]:
        """The indices of the shown items on each row at ``width`` (the layout's own width)."""
        m = self.contentsMargins()
        room = max(1, width - m.left() - m.right())
        rows: list[list[int]] = []
        used = 0
        for index, item in self._shown():
            w = min(room, item.sizeHint().width())
            if rows and used + self.spacing() + w <= room:
                rows[-1].append(index)
                used += self.spacing() + w
            else:
                rows.append([index])
                used = w
        return rows

    def _shown(self) -> list[tuple[int, QLayoutItem]]:
        return [(i, item) for i, item in enumerate(self._items) if not item.isEmpty()]

    @staticmethod
    def _height(item: QLayoutItem, width: int) -> int:
        """An item narrowed below its size (wider than the row) as high as it needs at ``width``."""
        if width < item.sizeHint().width() and item.hasHeightForWidth():
            return max(item.sizeHint().height(), item.heightForWidth(width))
        return item.sizeHint().height()

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        """Place the items in ``rect`` (when ``apply``); the height the rows take."""
        m = self.contentsMargins()
        inner = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        room = max(1, inner.width())
        gap = self.spacing()
        y = inner.y()
        rows = self.rows(rect.width())
        for n, row in enumerate(rows):
            widths = [min(room, self._items[i].sizeHint().width()) for i in row]
            height = max(self._height(self._items[i], w) for i, w in zip(row, widths, strict=True))
            free = room - sum(widths) - gap * (len(row) - 1)
            x = inner.x()
            right = [i for i in row if 0 <= self._stretch_at <= i]
            for i, w in zip(row, widths, strict=True):
                if right and i == right[0]:
                    x += free  # the stretch before the right-hand items (a row of them only: to the right)
                if apply:
                    self._items[i].setGeometry(QRect(QPoint(x, y), QSize(w, height)))
                x += w + gap
            y += height + (gap if n < len(rows) - 1 else 0)
        return y - inner.y() + m.top() + m.bottom()
