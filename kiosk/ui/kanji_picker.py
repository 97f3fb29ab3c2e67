"""Kanji names by choosing: candidate buttons above the hiragana pad of a name field.

As the reading is typed the candidates follow (household family names read from cards first, then
the names dictionaries); a tap or Enter on one chooses it. "1文字ずつ選ぶ" composes the name one
character at a time (old forms such as 髙 﨑 𠮷 follow their usual form), and "窓口で確認" stores the
marker the sheet prints when the resident cannot find the kanji. Touch and keys alike (A11Y-10):
arrows move between the candidates, Enter chooses, Tab goes on to the pad.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.kanji import COUNTER_CHECK, NAME_SEPARATOR, KanjiIndex, load_index, loaded_index
from kiosk.ui.keypads import Keypad, _Grid
from kiosk.ui.operations import run
from kiosk.ui.widgets import RubyLabel, button, candidate_button, set_text

SHOWN = 12  # candidate buttons (two rows of six)
COLUMNS = 6
Choose = Callable[[str, str], None]  # (name, reading as typed)


class KanjiStrip(QWidget):
    """Candidates for the reading on ``pad``; ``choose(name, reading)`` when one is chosen."""

    def __init__(self, pad: Keypad, lang: str, family: Sequence[str], choose: Choose) -> None:
        super().__init__()
        self.setObjectName("KanjiStrip")
        self.pad = pad
        self.following = True  # follows what is typed on the pad (not while kept out of the editor)
        self.lang = lang
        self.family = tuple(family)
        self.choose = choose
        self.by_character = False
        self.composed = ""  # character-by-character: the name so far and its reading
        self.composed_reading = ""
        self.grid = _Grid()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = RubyLabel(i18n.text("resident.kanji_candidates", lang), object_name="Small")
        layout.addWidget(self.heading)
        cells = QGridLayout()
        self.buttons: list[QPushButton] = []
        for i in range(SHOWN):
            b = candidate_button(f"kanji-{i}", self._chosen, key="word")
            cells.addWidget(b, i // COLUMNS, i % COLUMNS)
            self.grid.add(i // COLUMNS, i % COLUMNS, b)
            self.buttons.append(b)
        layout.addLayout(cells)
        row = QHBoxLayout()
        self.mode = button(i18n.text("resident.kanji_by_character", lang), name="kanji-by-character")
        self.mode.clicked.connect(self.toggle_mode)
        self.composed_label = QLabel("")
        self.composed_label.setObjectName("Display")
        self.space = button(i18n.text("resident.kanji_space", lang), name="kanji-space")
        self.space.clicked.connect(self._add_space)
        self.done = button(i18n.text("resident.kanji_done", lang), primary=True, name="kanji-done")
        self.done.clicked.connect(self._done)
        self.counter = button(i18n.text("resident.kanji_counter_check", lang), name="kanji-counter-check")
        self.counter.clicked.connect(lambda: self.choose(COUNTER_CHECK, self.composed_reading + self.pad.value))
        for w in (self.mode, self.composed_label, self.space, self.done, self.counter):
            row.addWidget(w)
        layout.addLayout(row)
        pad.changed.connect(self.update_candidates)
        self._show_mode()
        if loaded_index() is None:  # built at start-up; if not yet, off the GUI thread now
            run(load_index, lambda _index: self.update_candidates(self.pad.value), owner=self)

    def reuse(self, lang: str, family: Sequence[str]) -> None:
        """The strip as new for another name (the review's editor keeps one above its hiragana
        pad): no candidate, no name composed, in ``lang``."""
        self.family = tuple(family)
        self.following = True
        if lang != self.lang:
            self.lang = lang
            self.heading.setText(i18n.text("resident.kanji_candidates", lang))
            for b, key in ((self.mode, "resident.kanji_by_character"), (self.space, "resident.kanji_space"),
                           (self.done, "resident.kanji_done"), (self.counter, "resident.kanji_counter_check")):
                set_text(b, i18n.text(key, lang))
        self.wipe()

    def wipe(self) -> None:
        """Nothing of the name typed, offered or composed is left (PRIV-08)."""
        self.by_character = False
        self.composed = ""
        self.composed_reading = ""
        self.composed_label.setText("")
        for b in self.buttons:  # as a new strip has them: empty until the reading changes
            b.setProperty("word", "")
            b.setText("")
            b.setAccessibleName("")
            b.show()
        self._show_mode()

    # -- candidates ---------------------------------------------------------------------------

    def words(self, reading: str) -> list[str]:
        index: KanjiIndex | None = loaded_index()
        if index is None or not reading.strip():
            return []
        return index.single(reading) if self.by_character else index.candidates(reading, self.family)

    def update_candidates(self, reading: str) -> None:
        if not self.following:
            return
        words = self.words(reading)
        for i, b in enumerate(self.buttons):
            word = words[i] if i < len(words) else ""
            b.setProperty("word", word)
            b.setText(word)
            b.setAccessibleName(word)
            b.setVisible(bool(word))
        if self.buttons[0].isVisible():
            QWidget.setTabOrder(self.buttons[0], self.pad)

    def _chosen(self, word: object) -> None:
        if not isinstance(word, str) or not word:
            return
        if not self.by_character:
            self.choose(word, self.pad.value)
            return
        self.composed += word
        self.composed_reading += self.pad.value
        self.composed_label.setText(self.composed)
        self.pad.set_value("")
        self.pad.setFocus()

    # -- character by character ----------------------------------------------------------------

    def toggle_mode(self) -> None:
        self.by_character = not self.by_character
        self.composed = ""
        self.composed_reading = ""
        self.composed_label.setText("")
        self._show_mode()
        self.update_candidates(self.pad.value)

    def _show_mode(self) -> None:
        for w in (self.composed_label, self.space, self.done):
            w.setVisible(self.by_character)

    def _add_space(self) -> None:
        if self.composed and not self.composed.endswith(NAME_SEPARATOR):
            self.composed += NAME_SEPARATOR
            self.composed_reading += self.pad.value + " "
            self.composed_label.setText(self.composed)
            self.pad.set_value("")

    def _done(self) -> None:
        name = self.composed.strip(NAME_SEPARATOR)
        if name:
            self.choose(name, (self.composed_reading + self.pad.value).strip())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
            if self.grid.move(self.focusWidget(), key):
                return
        super().keyPressEvent(event)
