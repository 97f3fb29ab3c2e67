"""Screens that fit (issue #15, item 5): every screen of the reference journey (the family of
four, the parents' cards read through pcscd/vpcd) at 1920×1080, 1366×768, 1280×800 and
1080×1920, in Japanese, English, やさしい日本語, Brazilian Portuguese and Nepali, in normal and
large text with high contrast: the window keeps its size and the primary button is in view
without scrolling. The journey is played once; at each screen the language (switched in place,
ML-05), the text size and the contrast are changed and the window resized through every size.
Run under ``script/with-services``."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QProgressBar, QPushButton

from kiosk.journey import Screen
from kiosk.ui import fit, reference
from kiosk.ui.base import ScreenBase

LANGUAGES = ("ja", "en", "ja-easy", "pt-BR", "ne")
SETTINGS = ((False, False), (True, True))  # (large text, high contrast)
# The journey is played once per setting and half of the languages: four parts of about a
# quarter of the whole each, every one far from the suite's time limit per test.
PARTS = [pytest.param(setting, languages, id=f"{'large-contrast' if setting[0] else 'normal'}-{'-'.join(languages)}")
         for setting in SETTINGS for languages in (LANGUAGES[:3], LANGUAGES[3:])]


def _settle_on(window, lang: str, large: bool, contrast: bool) -> None:
    if window.large_button.isChecked() != large:
        window.large_button.setChecked(large)
    if window.contrast_button.isChecked() != contrast:
        window.contrast_button.setChecked(contrast)
    if window.lang != lang:
        window.journey.switch_language(lang)
    fit.settle()


@pytest.mark.parametrize(("setting", "languages"), PARTS)
def test_every_screen_fits_every_size_language_and_setting(kiosk_setup, setting, languages):
    """A11Y-04 (large text on every screen) and A11Y-01 (targets stay physical): the primary
    button of each screen lies inside the window at every size, the window never grows past
    the size it is given, and the question screens' progress bar only rises and is not full
    before the last question."""
    window = kiosk_setup.kiosk.window
    misfits: list[str] = []
    checked = 0
    bar: list[tuple[int, int]] = []  # (value, maximum) of the progress bar at each question

    seen: set[str] = set()

    def check(name: str) -> None:
        nonlocal checked
        screen = window.current_screen()
        if window.journey.screen is Screen.QUESTION:
            progress = screen.findChild(QProgressBar)
            bar.append((progress.value(), progress.maximum()))
        kind = re.sub(r"-p\d+$", "", name)  # the same question for the next person: the same page
        if kind in seen:
            return
        seen.add(kind)
        played_in = window.lang
        large, contrast = setting
        for lang in languages if name != "language" else ("ja",):
            _settle_on(window, lang, large, contrast)
            checked += 1
            for (width, height), problem in fit.misfits(window).items():
                misfits.append(f"{name} {lang} large={large} contrast={contrast} {width}x{height}: {problem}")
        _settle_on(window, played_in, False, False)

    played = reference.play(kiosk_setup, "ja", None, on_screen=check)
    assert played.record.ending == "completed"
    assert len(seen) > 12  # every kind of screen of the journey
    assert checked >= (len(seen) - 1) * len(languages)  # each in this part's languages (the language screen in ja)
    assert misfits == []
    values = [v for v, _ in bar]
    assert len(values) > 10
    assert values == sorted(values), values  # never backwards
    assert all(v < top for v, top in bar)  # not full, not even at the last question


def test_focus_moving_into_a_part_scrolled_away_scrolls_it_into_view(window):
    """On a window too low for the page, Tab to a control below the fold: the page body scrolls
    it into view (keys alone, A11Y-10); the title and the action row stay where they are."""
    window.journey.hold_start()
    window.journey.ready(None)
    window.resize(1080, 420)
    fit.settle()
    screen = window.current_screen()
    assert isinstance(screen, ScreenBase)
    body = screen.page_body
    assert body.verticalScrollBar().maximum() > 0, "the page is not taller than the window"
    buttons = [b for b in body.content.findChildren(QPushButton) if b.isVisibleTo(screen)]
    last = buttons[-1]
    title_at = screen.title.mapTo(window, QPoint(0, 0))
    assert not fit._in_view(last, window)
    last.setFocus(Qt.FocusReason.TabFocusReason)
    fit.settle()
    assert fit._in_view(last, window)
    assert screen.title.mapTo(window, QPoint(0, 0)) == title_at
    first = buttons[0]
    QTest.keyClick(last, Qt.Key.Key_Backtab)  # and back up by keys
    for _ in range(len(buttons)):
        if first.hasFocus():
            break
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_Backtab)
    fit.settle()
    assert first.hasFocus() and fit._in_view(first, window)


def test_the_window_holds_to_the_screen_however_tall_the_page(window):
    """Full screen without a window manager: ``fill_screen`` gives the window the screen's
    available geometry and holds it there, so a page taller than the screen scrolls instead."""
    screen = window.screen()
    area = screen.availableGeometry()
    window.fill_screen(screen)
    fit.settle()
    assert window.size() == area.size()
    page = window.current_screen()
    assert isinstance(page, ScreenBase)
    for i in range(40):  # a page far taller than any screen
        page.body.addWidget(QPushButton(f"extra {i}"))
    fit.settle()
    assert window.size() == area.size()
    hint = window.minimumSizeHint()
    assert hint.width() <= area.width() and hint.height() <= area.height()
    window.showNormal()
