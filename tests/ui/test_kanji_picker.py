"""A name typed without a card: the reading on the kana pad brings kanji candidates, chosen by
touch or by keys alone (A11Y-10), one character at a time, or left to the counter (窓口で確認)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.kanji import COUNTER_CHECK
from kiosk.ui.kanji_picker import KanjiStrip
from kiosk.ui.keypads import KanaPad
from kiosk.ui.operations import runner

pytestmark = pytest.mark.gui


def _picker(qtbot, family=("森山",)):
    chosen: list[tuple[str, str]] = []
    pad = KanaPad("ja", "")
    strip = KanjiStrip(pad, "ja", family, lambda name, reading: chosen.append((name, reading)))
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    host = QWidget()
    layout = QVBoxLayout(host)
    layout.addWidget(strip)
    layout.addWidget(pad)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    assert runner().wait_idle()  # the index is built off the GUI thread
    return host, pad, strip, chosen


def _tap_kana(qtbot, pad: KanaPad, reading: str) -> None:
    keys = {b.property("char"): b for b in pad.grid.cells.values()}
    for ch in reading:
        qtbot.mouseClick(keys[ch], Qt.MouseButton.LeftButton)


def _key_kana(pad: KanaPad, reading: str) -> None:
    """Arrow keys over the pad, Enter on each kana (no touch)."""
    where = {b.property("char"): pos for pos, b in pad.grid.cells.items()}
    pad.grid.cells[(0, 0)].setFocus()
    for ch in reading:
        row, col = where[ch]
        for _ in range(30):
            r, c = next(p for p, b in pad.grid.cells.items() if b is pad.focusWidget())
            if (r, c) == (row, col):
                break
            key = Qt.Key.Key_Down if r < row else Qt.Key.Key_Up if r > row else (
                Qt.Key.Key_Right if c < col else Qt.Key.Key_Left)
            QTest.keyClick(pad.focusWidget(), key)
        QTest.keyClick(pad.focusWidget(), Qt.Key.Key_Return)
    assert pad.value == reading


def _shown(strip: KanjiStrip) -> list[str]:
    return [b.text() for b in strip.buttons if b.isVisible()]


def test_typing_a_reading_by_touch_offers_kanji_and_a_tap_chooses(qtbot) -> None:
    _host, pad, strip, chosen = _picker(qtbot)
    _tap_kana(qtbot, pad, "もりやま")
    assert _shown(strip)[0] == "森山"  # the household's family name first
    _tap_kana(qtbot, pad, "そうた")
    assert "森山\u3000颯太" in _shown(strip)
    target = next(b for b in strip.buttons if b.text() == "森山\u3000颯太")
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    assert chosen == [("森山\u3000颯太", "もりやまそうた")]


def test_keys_alone_type_the_reading_move_to_a_candidate_and_choose(qtbot) -> None:
    _host, pad, strip, chosen = _picker(qtbot, family=())
    _key_kana(pad, "そうた")
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
    _tap_kana(qtbot, pad, "たか")
    assert "髙" in _shown(strip)
    qtbot.mouseClick(next(b for b in strip.buttons if b.text() == "髙"), Qt.MouseButton.LeftButton)
    _tap_kana(qtbot, pad, "はし")
    qtbot.mouseClick(next(b for b in strip.buttons if b.text() == "橋"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(strip.done, Qt.MouseButton.LeftButton)
    assert chosen == [("髙橋", "たかはし")]


def test_not_found_is_left_to_the_counter_not_blank(qtbot) -> None:
    _host, pad, strip, chosen = _picker(qtbot)
    _tap_kana(qtbot, pad, "そうた")
    qtbot.mouseClick(strip.counter, Qt.MouseButton.LeftButton)
    assert chosen == [(COUNTER_CHECK, "そうた")]
