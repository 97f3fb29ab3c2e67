"""The reading (フリガナ) of a name read from the card, confirmed with one tap.

The card holds the name in kanji and no reading. While the resident takes the card out, the
likely readings (:mod:`kiosk.readings`: the SKK dictionaries reversed and Open JTalk, worked out
through the operations runner) are offered as buttons; a tap (or Enter on the focused one)
confirms one. "ほかの読み方を入力" opens the katakana pad for a reading no candidate gives.
Touch and keys alike (A11Y-10): Tab moves between the candidates, Enter chooses.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.kanji import NAME_SEPARATOR, load_index
from kiosk.readings import reading_texts
from kiosk.ui.keypads import KanaPad
from kiosk.ui.operations import run
from kiosk.ui.widgets import RubyLabel, button, set_text

SHOWN = 6  # candidate buttons (two rows of three)
COLUMNS = 3
_READING = re.compile(r"[ァ-ヶー　 ]+")


def find_readings(name: str) -> list[str]:
    """Candidate readings of ``name`` (blocking: the SKK index and Open JTalk; off the GUI thread)."""
    return reading_texts(name, load_index())


class ReadingStrip(QWidget):
    """Candidate readings of one name as buttons; ``choose(reading)`` on a tap or Enter."""

    def __init__(self, lang: str, choose: Callable[[str], None]) -> None:
        super().__init__()
        self.setObjectName("ReadingStrip")
        self.choose = choose
        self.ready = False  # the candidates of the last offer have arrived (possibly none)
        self._asked = 0  # which offer the candidates that arrive belong to
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = RubyLabel(i18n.text("resident.reading_title", lang))
        layout.addWidget(self.title)
        cells = QGridLayout()
        self.buttons: list[QPushButton] = []
        for i in range(SHOWN):
            b = button("", name=f"reading-{i}", checkable=True)
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            b.setAutoDefault(True)  # Enter chooses the focused candidate (A11Y-10)
            b.clicked.connect(lambda _=False, w=b: self._chosen(w.property("reading")))
            b.setVisible(False)
            cells.addWidget(b, i // COLUMNS, i % COLUMNS)
            self.buttons.append(b)
        layout.addLayout(cells)

    def offer(self, name: str) -> None:
        """Work out the readings of ``name`` off the GUI thread and show them when they arrive."""
        self.clear()
        asked = self._asked
        run(lambda: find_readings(name), lambda found: self._show(asked, found),
            lambda _exc: self._show(asked, []), owner=self)

    def clear(self) -> None:
        self._asked += 1
        self.ready = False
        self.show_candidates([])

    def _show(self, asked: int, found: list[str]) -> None:
        if asked == self._asked:
            self.show_candidates(found)
            self.ready = True

    def show_candidates(self, found: list[str]) -> None:
        for i, b in enumerate(self.buttons):
            text = found[i] if i < len(found) else ""
            b.setProperty("reading", text)
            set_text(b, text)
            b.setChecked(False)
            b.setVisible(bool(text))

    @property
    def candidates(self) -> list[str]:
        return [str(b.property("reading")) for b in self.buttons if b.property("reading")]

    def mark(self, reading: str | None) -> None:
        for b in self.buttons:
            b.setChecked(reading is not None and b.property("reading") == reading)

    def retranslate(self, lang: str) -> None:
        self.title.setText(i18n.text("resident.reading_title", lang))

    def _chosen(self, reading: object) -> None:
        if isinstance(reading, str) and _READING.fullmatch(reading):
            self.choose(reading)


class ReadingPicker(QWidget):
    """The card screen's: candidate readings of the card name and the katakana pad;
    ``chosen(reading)`` once the resident confirms one."""

    chosen = Signal(str)

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.setObjectName("ReadingPicker")
        self.lang = lang
        self.value: str | None = None  # the confirmed reading (katakana, ideographic space between parts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.strip = ReadingStrip(lang, self._choose)
        layout.addWidget(self.strip)
        self.other = button(i18n.text("resident.reading_type", lang), name="reading-type")
        self.other.clicked.connect(self.open_pad)
        layout.addWidget(self.other)
        self.pad = KanaPad(lang, katakana=True)
        self.pad.accepted.connect(self._choose)
        self.pad.cancelled.connect(self.close_pad)
        self.pad.setVisible(False)
        layout.addWidget(self.pad)

    @property
    def buttons(self) -> list[QPushButton]:
        return self.strip.buttons

    @property
    def candidates(self) -> list[str]:
        return self.strip.candidates

    @property
    def ready(self) -> bool:
        return self.strip.ready

    def offer(self, name: str) -> None:
        """The readings of the card name ``name`` (worked out off the GUI thread)."""
        self.reset()
        self.strip.offer(name)

    def reset(self) -> None:
        self.value = None
        self.strip.clear()
        self.close_pad()

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.strip.retranslate(lang)
        set_text(self.other, i18n.text("resident.reading_type", lang))
        self.pad.retranslate()

    def _choose(self, reading: str) -> None:
        if not _READING.fullmatch(reading):
            return
        self.value = " ".join(reading.split()).replace(" ", NAME_SEPARATOR)
        self.strip.mark(self.value)
        self.close_pad()
        self.chosen.emit(self.value)

    def open_pad(self) -> None:
        self.pad.load(self.lang, self.value or "", katakana=True)
        self.pad.setVisible(True)
        self.pad.setFocus()

    def close_pad(self) -> None:
        self.pad.setVisible(False)
