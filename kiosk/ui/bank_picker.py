"""Bank and branch by choosing: candidate buttons above the kana or number pad of a bank field.

As a few kana of the name (or the code's digits) are typed, the candidates follow from the
in-memory index of the 全銀 codes (:mod:`kiosk.banks`); a tap, or Enter on a focused candidate,
chooses it. For a branch the candidates are that bank's branches only. Touch and keys alike
(A11Y-10): arrows move between the candidates, Enter chooses, Tab goes on to the pad. Every
candidate is named for the screen reader and speech mode (A11Y-15).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from kiosk import banks, i18n
from kiosk.catalogue.types.bank import branch_value
from kiosk.errors import KioskError
from kiosk.ui.keypads import Keypad, _Grid
from kiosk.ui.operations import run
from kiosk.ui.widgets import RubyLabel, candidate_button

SHOWN = 8  # candidate buttons (two rows of four)
COLUMNS = 4
Choose = Callable[[str], None]  # the field value: a bank code, or bank + branch code


def bank_candidates(index: banks.BankIndex, typed: str, bank: str | None) -> list[tuple[str, str, str]]:
    """(value, button text, accessible name) for what was typed: banks, or the branches of ``bank``."""
    if not typed.strip():
        return []
    if bank is None:
        return [(b.code, f"{b.name} ({b.code})", f"{b.name} {b.code}") for b in index.search_banks(typed, SHOWN)]
    return [(branch_value(br), f"{br.name} ({br.code})", f"{br.name} {br.code}")
            for br in index.search_branches(bank, typed, SHOWN)]


class BankStrip(QWidget):
    """Candidates for the text on ``pad``: banks when ``bank`` is None, else that bank's branches.
    ``choose(value)`` when one is chosen."""

    def __init__(self, pad: Keypad, lang: str, bank: str | None, choose: Choose) -> None:
        super().__init__()
        self.setObjectName("BankStrip")
        self.pad = pad
        self.following = True  # follows what is typed on the pad (not while kept out of the editor)
        self.lang = lang
        self.bank = bank
        self.choose = choose
        self.grid = _Grid()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        key = "resident.bank_candidates" if bank is None else "resident.branch_candidates"
        self.hint = RubyLabel(i18n.text(key, lang), object_name="Small")
        layout.addWidget(self.hint)
        cells = QGridLayout()
        self.buttons: list[QPushButton] = []
        for i in range(SHOWN):
            b = candidate_button(f"bank-{i}", self._chosen)
            b.setVisible(False)
            cells.addWidget(b, i // COLUMNS, i % COLUMNS)
            self.grid.add(i // COLUMNS, i % COLUMNS, b)
            self.buttons.append(b)
        layout.addLayout(cells)
        pad.changed.connect(self.update_candidates)
        self._start()

    def _start(self) -> None:
        if banks.loaded_index() is None:  # read off the GUI thread, once
            run(banks.load_index, lambda _index: self.update_candidates(self.pad.value), self._failed, owner=self)
        else:
            self.update_candidates(self.pad.value)

    def reuse(self, lang: str, bank: str | None) -> None:
        """The strip as new for another bank or branch field (the review's editor keeps one above
        each pad a bank is typed on)."""
        self.lang, self.bank, self.following = lang, bank, True
        key = "resident.bank_candidates" if bank is None else "resident.branch_candidates"
        self.hint.setText(i18n.text(key, lang))
        self._start()

    def wipe(self) -> None:
        """Nothing of what was typed or offered is left (PRIV-08)."""
        self.bank = None
        self.following = True
        self.update_candidates("")
        self.following = False

    def shown(self) -> list[str]:
        """The texts of the candidates on screen, best first."""
        return [b.text() for b in self.buttons if not b.isHidden()]

    def update_candidates(self, typed: str) -> None:
        if not self.following:
            return
        index = banks.loaded_index()
        found = bank_candidates(index, typed, self.bank) if index is not None else []
        for i, b in enumerate(self.buttons):
            value, text, name = found[i] if i < len(found) else ("", "", "")
            b.setProperty("value", value)
            b.setText(text)
            b.setAccessibleName(name)
            b.setVisible(bool(value))
        if found:
            QWidget.setTabOrder(self.buttons[0], self.pad)

    def _failed(self, error: Exception) -> None:
        """No bank data: say so where the candidates would be (the counter takes the account)."""
        key = error.key if isinstance(error, KioskError) else banks.BankDataMissing.key
        self.hint.setText(i18n.text(key, self.lang))

    def _chosen(self, value: object) -> None:
        if isinstance(value, str) and value:
            self.choose(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
            focused = self.focusWidget()
            if focused is not None and self.grid.move(focused, key):
                return
        super().keyPressEvent(event)
