"""The resident window's top bar shows every label whole (A11Y-04, A11Y-14): in every shipped
language, in normal and large text (and large text with high contrast), at 1920×1080, 1080×1920,
1366×768 and 1280×800, on the language screen, a question and the review, each top-bar button's
text (with its furigana in やさしい日本語) fits inside the button as painted, the button lies
wholly inside the bar and the window, and the screen's primary button is still in view. One
window per language, resized through the sizes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QPushButton

from kiosk import i18n
from kiosk.config import Config
from kiosk.journey import CataloguePort, Screen
from kiosk.ui import fit
from kiosk.ui.operations import runner

from .helpers import fill_sample

SETTINGS = ((False, False), (True, False), (True, True))  # (large text, high contrast)


def _bar_buttons(window) -> list[QPushButton]:
    return [b for b in window.top.findChildren(QPushButton) if b.isVisible()]


def _check(window, where: str, problems: list[str]) -> int:
    """Every size and setting on the screen shown; the number of buttons checked."""
    checked = 0
    for large, contrast in SETTINGS:
        if window.large_button.isChecked() != large:
            window.large_button.setChecked(large)
        if window.contrast_button.isChecked() != contrast:
            window.contrast_button.setChecked(contrast)
        for size in fit.SIZES:
            context = f"{where} large={large} contrast={contrast} {size[0]}x{size[1]}"
            problem = fit.misfit(window, size)  # the window keeps its size, the primary button in view
            if problem is not None:
                problems.append(f"{context}: {problem}")
            bar = window.top
            if not window.rect().contains(fit.rect_in(bar, window)):
                problems.append(f"{context}: the bar {fit.rect_in(bar, window)} outside the window")
            buttons = _bar_buttons(window)
            for i, b in enumerate(buttons):
                checked += 1
                name = f"{context} {b.objectName()}"
                if not bar.rect().contains(fit.rect_in(b, bar)):
                    problems.append(f"{name}: {fit.rect_in(b, bar)} outside the bar {bar.size()}")
                problems.extend(f"{name}: overlaps {other.objectName()}" for other in buttons[i + 1:]
                                if fit.rect_in(b, bar).intersects(fit.rect_in(other, bar)))
                cut = fit.button_cut(b)
                if cut is not None:
                    problems.append(f"{name}: {cut}")
        for b in _bar_buttons(window):  # with the focus ring (keys alone) at the last, compact size
            b.setFocus()
            fit.settle()
            cut = fit.button_cut(b)
            if cut is not None:
                problems.append(f"{where} large={large} contrast={contrast} focused {b.objectName()}: {cut}")
    window.large_button.setChecked(False)
    window.contrast_button.setChecked(False)
    fit.settle()
    return checked


@pytest.mark.parametrize("lang", i18n.languages())
def test_a11y04_top_bar_labels_are_whole_at_every_size(kiosk_window, lang) -> None:
    port = CataloguePort.load()
    window = kiosk_window(catalogue=port)
    assert runner().wait_idle(10_000)
    problems: list[str] = []
    checked = _check(window, "language", problems)
    fill_sample(window, port, "single_adult", lang)
    session = window.journey.session
    answers = dict(session.answers)
    session.answers.clear()  # the first question is asked
    window.journey.acknowledge_notice()
    fit.settle()
    assert window.journey.screen is Screen.QUESTION
    checked += _check(window, "question", problems)
    session.answers.update(answers)
    window.journey.acknowledge_notice()
    fit.settle()
    assert window.journey.screen is Screen.REVIEW
    speech = window.speech  # every button the bar can hold: 読み上げ and the volume, as with speech on
    for b in (speech.read_button, speech.volume_down, speech.volume_up):
        b.show()
    checked += _check(window, "review", problems)
    assert problems == []
    assert checked > 150
    if lang == "ja-easy":  # the furigana stay (A11Y-14): the labels are painted with their readings
        assert window.staff_button.ruby is not None and window.staff_button.ruby.isVisible()
        assert window.staff_button.ruby.has_ruby() and window.large_button.ruby.has_ruby()
    window.end_session()


# A town's first screen in its residents' languages (``kiosk.languages``, the first three label the
# bar before anyone has chosen): the longest labels the shipped languages have, three to a button.
TOWN_LANGUAGES = (("pt-BR", "vi", "tl"), ("ne", "id", "pt-BR"), ("vi", "ko", "zh-Hans"))


@pytest.mark.parametrize("first", TOWN_LANGUAGES, ids="+".join)
def test_a11y04_the_first_screens_bar_with_a_towns_longer_languages(kiosk_window, first) -> None:
    """The language screen's bar speaks the town's first three languages, one line each: every
    label whole and no button over another at every size, in normal and large text, and every
    language still in view when the bar takes a second row (the title gives way on a compact
    landscape window, as the town's name does)."""
    rest = tuple(lang for lang in Config().kiosk.languages if lang not in first)
    config = replace(Config(), kiosk=replace(Config().kiosk, languages=(*first, *rest), default_language=first[0]))
    window = kiosk_window(config, catalogue=CataloguePort.load())
    assert runner().wait_idle(10_000)
    assert window.journey.screen is Screen.LANGUAGE
    expected = "\n".join(i18n.plain(i18n.text("resident.call_staff", lang)) for lang in first)
    assert window.staff_button.text() == expected  # the town's languages label the bar
    problems: list[str] = []
    assert _check(window, "language", problems) >= 48  # four buttons, four sizes, three settings
    assert problems == [], "\n".join(problems)
    # Where the languages have room the title stays: it gives way only on a compact window.
    window.large_button.setChecked(True)
    for size in ((1920, 1080), (1080, 1920)):
        assert fit.misfit(window, size) is None
        assert window.current_screen().title.isVisible(), size
    window.large_button.setChecked(False)
