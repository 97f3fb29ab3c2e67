"""The rows of the review pages, kept for the next pages rather than built again.

Every page of every session used to build its rows anew (some 150 a session for the reference
family: a frame, three or four labels and a 修正 button each) and destroy them with the page.
A row whose page goes is wiped (PRIV-08: no value, label or name left in it) and kept in a
:class:`RowPool` under the review screen; the next page fills it with its own field. Rows differ
only in shape (a translation line or not, with furigana or not), so a row is reused only for a
page of its own shape and every page lays out exactly as a new row would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from kiosk.catalogue.model import FormField
from kiosk.ui.widgets import RubyLabel, button, set_text


@dataclass(frozen=True)
class Shape:
    translated: bool  # a second line with the label in the resident's language (not on ja pages)
    ruby: bool  # that line carries furigana (a RubyLabel; a plain QLabel lays out in C++)


@dataclass(frozen=True)
class RowText:
    """What one row shows: the official label, its translation, the value, the card mark and the
    修正 button's text, object name and accessible name."""

    ja: str
    translated: str
    value: str
    mark: str
    from_card: bool
    edit: str
    edit_name: str
    edit_access: str


class ReviewRow(QFrame):
    """One field: the official Japanese label (and its translation under it), the value, the
    card mark, and 修正, which opens the editor on :attr:`target`."""

    def __init__(self, shape: Shape, edit: Callable[[FormField, int | None], None]) -> None:
        super().__init__()
        self.shape = shape
        self.target: tuple[FormField, int | None] | None = None  # the field and person row shown
        self.setObjectName("Row")
        grid = QGridLayout(self)
        self.ja = QLabel("")
        grid.addWidget(self.ja, 0, 0)
        self.translated: QLabel | RubyLabel | None = None
        if shape.translated:
            if shape.ruby:
                self.translated = RubyLabel("", object_name="Small")
            else:
                self.translated = QLabel("")
                self.translated.setObjectName("Small")
                self.translated.setWordWrap(True)
            grid.addWidget(self.translated, 1, 0)
        self.shown = QLabel("")
        self.shown.setWordWrap(True)
        grid.addWidget(self.shown, 0, 1, 2 if shape.translated else 1, 1)
        self.mark = QLabel("")
        self.mark.setObjectName("CardMark")
        grid.addWidget(self.mark, 2 if shape.translated else 1, 1, Qt.AlignmentFlag.AlignLeft)
        self.edit = button("")
        self.edit.clicked.connect(lambda _=False: self._edit(edit))
        grid.addWidget(self.edit, 0, 3, 3, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 4)

    def _edit(self, edit: Callable[[FormField, int | None], None]) -> None:
        if self.target is not None:
            edit(*self.target)

    def fill(self, text: RowText, target: tuple[FormField, int | None]) -> None:
        """Show a field (the row is in its page's layout: showing it opens no window)."""
        self.target = target
        self.ja.setText(text.ja)
        if self.translated is not None:
            self.translated.setText(text.translated)
        self.shown.setText(text.value)
        self.mark.setText(text.mark)
        self.mark.setVisible(text.from_card)
        set_text(self.edit, text.edit)
        self.edit.setObjectName(text.edit_name)
        self.edit.setAccessibleName(text.edit_access)
        self.show()

    def wipe(self) -> None:
        """Nothing of the field or its value is left (PRIV-08), and no name finds the button."""
        self.target = None
        for label in (self.ja, self.shown, self.mark, self.translated):
            if label is not None:
                label.setText("")
        self.mark.hide()
        self.edit.setText("")
        self.edit.setObjectName("")
        self.edit.setAccessibleName("")


class RowPool:
    """Wiped rows of pages no longer shown, kept under a hidden ``holder`` for the next pages:
    never more than the rows of the longest page of each shape."""

    def __init__(self, holder: QWidget, edit: Callable[[FormField, int | None], None]) -> None:
        self.holder = holder
        self.edit = edit
        self.free: dict[Shape, list[ReviewRow]] = {}

    def take(self, shape: Shape) -> ReviewRow:
        free = self.free.get(shape)
        return free.pop() if free else ReviewRow(shape, self.edit)

    def give_back(self, rows: list[ReviewRow]) -> None:
        """Out of their page (which may be deleted next), wiped."""
        for row in rows:
            row.wipe()
            row.setParent(self.holder)  # hidden with it; a child of the screen, never a window
            self.free.setdefault(row.shape, []).append(row)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.free.values())
