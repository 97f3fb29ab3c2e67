"""A11Y-03: a chosen answer is shown by more than its colour. Going back to a question, the answer
given is underlined as well as coloured, in plain text and in やさしい日本語 (where the text with
its furigana is painted by a label inside the button); the other answers are not. The same in
the high-contrast theme, and the mark leaves with the choice. Qt offscreen, the shipped catalogue."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QPushButton

from kiosk.catalogue_port import CataloguePort
from kiosk.journey import Screen
from kiosk.ui.widgets import RubyButton


def _answers(window: Any) -> list[QPushButton]:
    screen = window.current_screen()
    return [b for b in screen.findChildren(QAbstractButton)
            if isinstance(b, QPushButton) and b.isVisible() and b.objectName().startswith("answer-")]


def _underlined(b: QPushButton) -> bool:
    """What the resident sees underlined: the button's own text, or the label painting its furigana."""
    label = b.ruby if isinstance(b, RubyButton) and b.ruby is not None and b.ruby.isVisible() else None
    return (label.font() if label is not None else b.font()).underline()


@pytest.mark.parametrize("lang", ["ja", "ja-easy", "en"])
def test_a11y03_the_answer_given_is_underlined_not_only_coloured(kiosk_window: Any, qtbot: Any, lang: str) -> None:
    window = kiosk_window(catalogue=CataloguePort.load(), staff_exit=True)
    j = window.journey
    j.choose_language(lang)
    j.acknowledge_notice()
    assert j.screen is Screen.QUESTION
    first = j.question()
    answers = _answers(window)
    assert len(answers) >= 2 and not any(_underlined(b) for b in answers)  # nothing chosen yet
    qtbot.mouseClick(answers[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: j.question() is not first)
    assert j.back() and j.question() is first
    qtbot.waitUntil(lambda: any(b.property("selected") for b in _answers(window)))
    answers = _answers(window)
    chosen = [b for b in answers if b.property("selected")]
    assert len(chosen) == 1
    assert [_underlined(b) for b in answers] == [b is chosen[0] for b in answers]
    if lang == "ja-easy":
        assert isinstance(chosen[0], RubyButton) and chosen[0].ruby is not None and chosen[0].ruby.isVisible()

    window.contrast_button.click()  # the high-contrast theme keeps the mark
    qtbot.waitUntil(lambda: window.contrast_button.isChecked())
    answers = _answers(window)
    assert [_underlined(b) for b in answers] == [bool(b.property("selected")) for b in answers]
    assert any(_underlined(b) for b in answers)
