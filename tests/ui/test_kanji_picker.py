"""A name typed without a card: the reading on the kana pad brings kanji candidates, chosen by
touch or by keys alone (A11Y-10), one character at a time, or left to the counter (窓口で確認)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.kanji import COUNTER_CHECK
from kiosk.ui.kanji_picker import KanjiStrip
from kiosk.ui.keypads import KanaPad

from .helpers import host, key_kana, tap

pytestmark = pytest.mark.gui


def _picker(qtbot, family=("森山",)):
    chosen: list[tuple[str, str]] = []
    pad = KanaPad("ja", "")
    strip = KanjiStrip(pad, "ja", family, lambda name, reading: chosen.append((name, reading)))
    return host(qtbot, strip, pad), pad, strip, chosen


def _shown(strip: KanjiStrip) -> list[str]:
    return [b.text() for b in strip.buttons if b.isVisible()]


def test_typing_a_reading_by_touch_offers_kanji_and_a_tap_chooses(qtbot) -> None:
    _host, pad, strip, chosen = _picker(qtbot)
    tap(qtbot, pad, "もりやま")
    assert _shown(strip)[0] == "森山"  # the household's family name first
    tap(qtbot, pad, "そうた")
    assert "森山\u3000颯太" in _shown(strip)
    target = next(b for b in strip.buttons if b.text() == "森山\u3000颯太")
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    assert chosen == [("森山\u3000颯太", "もりやまそうた")]


def test_keys_alone_type_the_reading_move_to_a_candidate_and_choose(qtbot) -> None:
    _host, pad, strip, chosen = _picker(qtbot, family=())
    key_kana(pad, "そうた")
    shown = _shown(strip)
    assert "颯太" in shown[:8]
    strip.buttons[0].setFocus()
    QTest.keyClick(strip.buttons[0], Qt.Key.Key_Right)
    assert strip.focusWidget() is strip.buttons[1]
    QTest.keyClick(strip.buttons[1], Qt.Key.Key_Return)
    assert chosen == [(shown[1], "そうた")]
    assert strip.buttons[0].accessibleName() == shown[0]  # read out in speech mode (A11Y-15)


def test_character_by_character_reaches_old_forms(qtbot) -> None:
    _host, pad, strip, chosen = _picker(qtbot)
    qtbot.mouseClick(strip.mode, Qt.MouseButton.LeftButton)
    tap(qtbot, pad, "たか")
    assert "髙" in _shown(strip)
    qtbot.mouseClick(next(b for b in strip.buttons if b.text() == "髙"), Qt.MouseButton.LeftButton)
    tap(qtbot, pad, "はし")
    qtbot.mouseClick(next(b for b in strip.buttons if b.text() == "橋"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(strip.done, Qt.MouseButton.LeftButton)
    assert chosen == [("髙橋", "たかはし")]


def test_not_found_is_left_to_the_counter_not_blank(qtbot) -> None:
    _host, pad, strip, chosen = _picker(qtbot)
    tap(qtbot, pad, "そうた")
    qtbot.mouseClick(strip.counter, Qt.MouseButton.LeftButton)
    assert chosen == [(COUNTER_CHECK, "そうた")]
