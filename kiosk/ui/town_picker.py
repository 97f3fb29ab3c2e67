"""A new address inside the town by choosing its postal area (町域): the town's areas above the
number pad of a ``within_town`` postal code.

Kana-row tabs (あ か さ …; romaji on Latin-script screens) and the digits typed on the pad narrow
the list; a page holds :data:`SHOWN` areas, ◀ ▶ turn the pages, and 「その他」 gives the town-wide
code for an address the list does not name. A tap, or Enter on a focused area, chooses it; touch and
keys alike (A11Y-10): the arrows cross the tabs and areas (the window moves the focus between
buttons), Up from the pad's top row comes back to the areas. Area names stay in Japanese, with the
reading in kana (ja, やさしい日本語) or romaji; each area is named for the screen reader and speech
mode with its postal code (A11Y-15). The areas are read off the GUI thread, once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHideEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk import i18n, town_areas
from kiosk.catalogue.types.textual import postal_text
from kiosk.errors import KioskError
from kiosk.town_areas import Area, TownAreas
from kiosk.ui import access
from kiosk.ui.base import beside
from kiosk.ui.keypads import Keypad
from kiosk.ui.operations import run
from kiosk.ui.widgets import RubyLabel, button, candidate_button, set_selected

SHOWN = 8  # areas on a page: as many columns (2 to 4) as the longest reading leaves room for
COLUMNS = 4
KANA_LANGUAGES = ("ja", "ja-easy")  # the reading in kana; every other language reads romaji
Choose = Callable[[str], None]  # the postal code chosen


def reading(area: Area, lang: str) -> str:
    """The area's reading as ``lang``'s readers read it: hiragana, else romaji."""
    return area.hiragana if lang in KANA_LANGUAGES else area.romaji


def row_label(row: int, lang: str) -> str:
    return town_areas.ROWS[row] if lang in KANA_LANGUAGES else town_areas.ROW_ROMAJI[row]


def narrowed(areas: TownAreas, row: int | None, typed: str) -> list[Area]:
    """The areas of kana row ``row`` (None: every row) whose code starts with the digits typed;
    the town-wide code (その他) last when nothing is typed or its code fits."""
    found = areas.search(typed) if typed else list(areas.areas)
    if row is not None:
        found = [a for a in found if a.row == row]
    if areas.fallback is not None and areas.fallback.code.startswith(typed):
        found.append(areas.fallback)
    return found


class TownStrip(QWidget):
    """The areas of the municipality ``jisx0402`` for the digits on ``pad``; ``choose(code)`` when
    one is chosen. Hidden when the town has no areas (the plain pad stays)."""

    def __init__(self, pad: Keypad, lang: str, jisx0402: str, choose: Choose,
                 tapped: Callable[[], None] = lambda: None) -> None:
        super().__init__()
        self.setObjectName("TownStrip")
        self.pad = pad
        self.lang = lang
        self.jisx0402 = jisx0402
        self.choose = choose
        self.tapped = tapped
        self.following = True  # follows what is typed on the pad (not while kept out of the editor)
        self.row: int | None = None
        self.page = 0
        self.host: QBoxLayout | None = None  # the editor's layout of strip and pad (see place_in)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hint = RubyLabel(i18n.text("resident.town_areas", lang), object_name="Small")
        layout.addWidget(self.hint)
        self.tabs = QGridLayout()  # one row; two beside the pad (each tab keeps its physical size, A11Y-01)
        layout.addLayout(self.tabs)
        self.row_buttons: dict[int | None, QPushButton] = {}
        self.cells = cells = QGridLayout()
        self.columns = 0
        self.side = False
        self.buttons: list[QPushButton] = []
        for i in range(SHOWN):
            b = candidate_button(f"town-{i}", self._chosen)
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # a long name never widens the page
            b.setVisible(False)
            self.buttons.append(b)
        self.prev = button("◀", name="town-prev")
        self.next = button("▶", name="town-next")
        self.prev.setAccessibleName(i18n.plain(i18n.text("resident.town_prev", lang)))
        self.next.setAccessibleName(i18n.plain(i18n.text("resident.town_next", lang)))
        self.prev.clicked.connect(lambda: self._turn(-1))
        self.next.clicked.connect(lambda: self._turn(1))
        self._grid(False, COLUMNS)
        layout.addLayout(cells)
        self.areas: TownAreas | None = town_areas.loaded_areas(jisx0402)
        self.setVisible(False)
        pad.changed.connect(self._typed_changed)
        for key in pad.grid.cells.values():
            key.installEventFilter(self)  # Up from the pad's top row comes back here (removed with the strip)

    def reuse(self, lang: str) -> None:
        """The strip as new for another postal code (the review's editor keeps one above its
        number pad): every area, the first page, in ``lang``."""
        self.following = True
        self.row, self.page = None, 0
        if lang != self.lang:
            self.lang = lang
            self.prev.setAccessibleName(i18n.plain(i18n.text("resident.town_prev", lang)))
            self.next.setAccessibleName(i18n.plain(i18n.text("resident.town_next", lang)))
            for row, b in self.row_buttons.items():
                b.setText(i18n.kana(self._row_text(row)))
        self.hint.setText(i18n.text("resident.town_areas", lang))

    def wipe(self) -> None:
        """Nothing of the digits typed is left in what the strip lists (PRIV-08)."""
        self.row, self.page = None, 0
        self.update_areas()

    # Arrangement ------------------------------------------------------------------------------
    def place_in(self, host: QBoxLayout) -> None:
        """Go first in ``host`` (the editor's layout, the pad after it): above the pad, or beside it
        on a compact landscape window (kiosk.ui.base.beside), where there is no height for both;
        then show the areas (read first when they are not yet)."""
        host.insertWidget(0, self)
        self.host = host
        if self.areas is None:  # read off the GUI thread, once
            run(lambda: town_areas.load_areas(self.jisx0402), self._loaded, self._failed, owner=self)
        else:  # shown only once parented: a parentless widget shown opens a window of its own
            self._loaded(self.areas)

    def _grid(self, side: bool, columns: int) -> None:
        """The tabs in one row (two beside the pad); the areas in ``columns`` columns, ◀ and ▶
        in the column after them."""
        tabs = list(self.row_buttons.values())
        per_row = max(1, -(-len(tabs) // 2) if side else len(tabs))
        for b in tabs:
            self.tabs.removeWidget(b)
        for i, b in enumerate(tabs):
            self.tabs.addWidget(b, i // per_row, i % per_row)
        self.side = side
        if columns == self.columns:
            return
        for b in (*self.buttons, self.prev, self.next):
            self.cells.removeWidget(b)
        for i, b in enumerate(self.buttons):
            self.cells.addWidget(b, i // columns, i % columns)
        self.cells.addWidget(self.prev, 0, columns)
        self.cells.addWidget(self.next, 1, columns)
        for c in range(COLUMNS + 1):
            self.cells.setColumnStretch(c, 1 if c < columns else 0)
        self.columns = columns

    def _arrange(self) -> None:
        if self.host is None:
            return
        side = self.isVisible() and beside(self.window().size())
        columns = self._columns()
        direction = QBoxLayout.Direction.LeftToRight if side else QBoxLayout.Direction.TopToBottom
        if side != self.side or columns != self.columns:
            self._grid(side, columns)
        if self.host.direction() != direction:
            self.host.setDirection(direction)
            self.host.setStretchFactor(self, 3 if side else 0)
            self.host.setStretchFactor(self.pad, 2 if side else 0)
            self.host.setAlignment(self, Qt.AlignmentFlag.AlignTop if side else Qt.AlignmentFlag(0))

    def _columns(self) -> int:
        """Four columns when nine in ten names and readings fit in a quarter of the strip, else
        three, else two (a long romaji reading is not cut short where there is room)."""
        if self.areas is None or not self.areas.areas:
            return COLUMNS
        metrics = self.buttons[0].fontMetrics()
        widths = sorted(metrics.horizontalAdvance(text) for a in self.areas.areas
                        for text in (a.name, reading(a, self.lang)))
        need = widths[len(widths) * 9 // 10] + metrics.height()
        room = self.width() - self.next.sizeHint().width()
        return max(2, min(COLUMNS, room // max(need, 1)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._arrange()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        """Hidden or taken out: the editor's layout is left as it was (the pad under the rest)."""
        if self.host is not None and self.host.direction() != QBoxLayout.Direction.TopToBottom:
            self.host.setDirection(QBoxLayout.Direction.TopToBottom)
            self.host.setStretchFactor(self.pad, 0)
            self.host.setAlignment(self, Qt.AlignmentFlag(0))
            self._grid(False, COLUMNS)
        super().hideEvent(event)

    # The list -----------------------------------------------------------------------------------
    def _loaded(self, areas: TownAreas) -> None:
        self.areas = areas
        if not areas.areas:
            return  # none: the number pad alone
        self._build_tabs(areas)
        self.setVisible(True)
        self.update_areas()
        self._arrange()

    def _row_text(self, row: int | None) -> str:
        return i18n.text("resident.town_all", self.lang) if row is None else row_label(row, self.lang)

    def _build_tabs(self, areas: TownAreas) -> None:
        if self.row_buttons:  # built when the strip was first shown (it is kept)
            return
        rows: list[int | None] = [None, *areas.rows()]
        for row in rows:
            b = button(self._row_text(row), name=f"town-row-{'all' if row is None else row}")
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # the pad keeps its width
            b.clicked.connect(lambda _=False, r=row: self.show_row(r))
            self.row_buttons[row] = b
        self._grid(self.side, self.columns)
        chain = [*self.row_buttons.values(), *self.buttons, self.prev, self.next]
        for a, b in zip(chain, chain[1:], strict=False):  # Tab: the rows, their areas, the pages (A11Y-10)
            QWidget.setTabOrder(a, b)

    def _typed_changed(self, _text: str) -> None:
        if self.following:
            self.update_areas()

    def typed(self) -> str:
        """The digits on the pad (what narrows the list)."""
        return "".join(c for c in self.pad.value if c.isdigit())

    def listed(self) -> list[Area]:
        """Every area the tabs and digits leave, in order (all pages)."""
        return narrowed(self.areas, self.row, self.typed()) if self.areas is not None else []

    def shown(self) -> list[str]:
        """The postal codes of the areas on screen, in order."""
        return [str(b.property("value")) for b in self.buttons if not b.isHidden()]

    def show_row(self, row: int | None) -> None:
        self.tapped()
        self.row, self.page = row, 0
        self.update_areas()
        if not self.buttons[0].isHidden():
            self.buttons[0].setFocus(Qt.FocusReason.TabFocusReason)  # keys go on to the first area (A11Y-10)

    def _turn(self, step: int) -> None:
        self.tapped()
        self.page += step
        self.update_areas()

    def update_areas(self) -> None:
        if self.areas is None or not self.areas.areas:
            return
        found = self.listed()
        pages = max(1, -(-len(found) // SHOWN))
        self.page = min(max(self.page, 0), pages - 1)
        page = found[self.page * SHOWN:(self.page + 1) * SHOWN]
        for i, b in enumerate(self.buttons):
            area = page[i] if i < len(page) else None
            b.setProperty("value", area.code if area is not None else "")
            if area is None:
                b.setText("")
            elif area is self.areas.fallback:
                b.setText(i18n.plain(i18n.text("resident.town_other", self.lang)))
            else:
                b.setText(f"{area.name}\n{reading(area, self.lang)}")
            b.setAccessibleName(self._spoken(area) if area is not None else "")
            b.setVisible(area is not None)
        for row, b in self.row_buttons.items():
            set_selected(b, row == self.row)
        self.prev.setEnabled(self.page > 0)
        self.next.setEnabled(self.page < pages - 1)

    def _spoken(self, area: Area) -> str:
        """The screen reader's name: the area (its reading off Japanese screens) and its code."""
        if self.areas is not None and area is self.areas.fallback:
            name = i18n.plain(i18n.text("resident.town_other", self.lang))
        else:
            name = area.name if self.lang == "ja" else f"{area.name} ({reading(area, self.lang)})"
        return f"{name} {postal_text(area.code)}"

    def _failed(self, error: Exception) -> None:
        """No postal data: say so where the areas would be (the code is typed on the pad)."""
        key = error.key if isinstance(error, KioskError) else town_areas.TownAreaDataMissing.key
        self.hint.setText(i18n.text(key, self.lang))
        self.setVisible(True)

    def _chosen(self, value: object) -> None:
        if isinstance(value, str) and value:
            self.choose(value)

    # Keys ---------------------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """Up from a key of the pad's top row goes to the nearest area above (A11Y-10)."""
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Up and isinstance(obj, QWidget) and self.isVisible()):
            above = self._above(obj)
            if above is not None:
                above.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return False

    def _above(self, key: QWidget) -> QWidget | None:
        pos = next((p for p, b in self.pad.grid.cells.items() if b is key), None)
        if pos is None or any(r < pos[0] for r, _ in self.pad.grid.cells):
            return None  # not the top row: the pad moves within itself
        candidates = [b for b in (*self.buttons, self.prev, self.next, *self.row_buttons.values())
                      if b.isVisible() and b.isEnabled()]
        window = self.window()
        return access.neighbour(key, candidates, window, Qt.Key.Key_Up)
