"""Answer buttons kept for the next choices rather than built anew for each.

A question's answers, the days a date question offers and the date picker's decades, years,
months and days used to be new buttons every time they were shown (some 300 a session for the
reference family), and PySide 6.11.3 keeps references it never gives back for every Qt object
made from Python. A :class:`ChoiceButtons` keeps the buttons it made: each showing is a relabel
of the first of them, the rest taken out of the layout, hidden and wiped (PRIV-08: no text, name
or value of an answer left in a button not shown). A button shows furigana when its text carries
them (やさしい日本語, A11Y-14) and is laid out as a plain text button otherwise."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QPushButton, QSizePolicy, QWidget

from kiosk.ui.widgets import RubyButton, set_selected, set_text, with_ruby


@dataclass(frozen=True)
class Choice:
    """What one button shows and gives: its text (furigana markup allowed), object name, the
    value handed to the pool's ``chosen``, whether it is the answer given before, and an
    accessible name other than its text (the full date of a day button)."""

    label: str
    name: str
    value: object
    selected: bool = False
    spoken: str = ""


class ChoiceButtons:
    """Big answer buttons (primary, touch-sized) made under ``parent`` when first needed and
    kept; a tap, or Enter on the focused one (A11Y-10), hands the value shown to ``chosen``.
    ``policy``: the buttons' size policy (the date picker's columns follow the width)."""

    def __init__(self, parent: QWidget, chosen: Callable[[object], None], *,
                 policy: tuple[QSizePolicy.Policy, QSizePolicy.Policy] | None = None) -> None:
        self.parent = parent
        self.chosen = chosen
        self.policy = policy
        self.buttons: list[QPushButton] = []
        self.values: list[object] = []
        self.shown = 0

    def fill(self, choices: Sequence[Choice], layout: QLayout | None = None) -> list[QPushButton]:
        """The first ``len(choices)`` buttons relabelled (out of ``layout``, where the caller places
        them); the others taken out of it, hidden and wiped. Returns the buttons to show."""
        while len(self.buttons) < len(choices):
            self.buttons.append(self._make(len(self.buttons)))
            self.values.append(None)
        for b in self.buttons:
            if layout is not None:
                layout.removeWidget(b)
        for i, choice in enumerate(choices):
            b = self.buttons[i]
            set_text(b, choice.label)
            if choice.spoken:
                b.setAccessibleName(choice.spoken)
            b.setObjectName(choice.name)
            set_selected(b, choice.selected)
            self.values[i] = choice.value
        self.shown = len(choices)
        self._wipe(self.shown)
        return self.buttons[:self.shown]

    def clear(self, layout: QLayout | None = None) -> None:
        """Every button out of ``layout``, hidden and wiped (the session's end, or no choices)."""
        self.fill((), layout)

    def _wipe(self, start: int) -> None:
        for i in range(start, len(self.buttons)):
            b = self.buttons[i]
            b.hide()
            set_text(b, "")
            b.setObjectName("")
            b.setAccessibleName("")
            set_selected(b, False)
            self.values[i] = None

    def _make(self, index: int) -> QPushButton:
        b = RubyButton(self.parent)
        b.hide()
        b.setProperty("primary", True)
        b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        b.setAutoDefault(True)
        if self.policy is not None:
            b.setSizePolicy(*self.policy)
        else:
            b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        with_ruby(b, primary=True).hide()
        b.clicked.connect(lambda _=False: self._clicked(index))
        return b

    def _clicked(self, index: int) -> None:
        if index < self.shown:
            self.chosen(self.values[index])

