"""The reading of a card name, confirmed with one tap, with keys alone (A11Y-10), or typed on the
katakana pad when no candidate gives it. The candidates are worked out on the operations runner."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui.operations import runner
from kiosk.ui.reading_picker import ReadingPicker

pytestmark = pytest.mark.gui


def _picker(qtbot, name: str = "森山\u3000大輔"):
    host = QWidget()
    layout = QVBoxLayout(host)
    picker = ReadingPicker("ja")
    layout.addWidget(picker)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    chosen: list[str] = []
    picker.chosen.connect(chosen.append)
    picker.offer(name)
    assert runner().wait_idle()
    qtbot.waitUntil(lambda: picker.ready)
    return host, picker, chosen


def test_the_likely_reading_comes_first_and_one_tap_confirms_it(qtbot) -> None:
    _host, picker, chosen = _picker(qtbot)
    shown = [b.text() for b in picker.buttons if b.isVisible()]
    assert shown[0] == "モリヤマ\u3000ダイスケ"
    qtbot.mouseClick(picker.buttons[0], Qt.MouseButton.LeftButton)
    assert chosen == ["モリヤマ\u3000ダイスケ"] and picker.value == chosen[0]
    assert picker.buttons[0].isChecked()


def test_keys_alone_move_to_a_candidate_and_enter_confirms_it(qtbot) -> None:
    _host, picker, chosen = _picker(qtbot)
    second = picker.buttons[1]
    assert second.isVisible()
    picker.buttons[0].setFocus()
    QTest.keyClick(picker.buttons[0], Qt.Key.Key_Tab)
    assert picker.focusWidget() is second
    QTest.keyClick(second, Qt.Key.Key_Return)
    assert chosen == [second.text()]


def test_a_reading_no_candidate_gives_is_typed_on_the_katakana_pad(qtbot) -> None:
    _host, picker, chosen = _picker(qtbot)
    qtbot.mouseClick(picker.other, Qt.MouseButton.LeftButton)
    assert picker.pad.isVisible() and picker.pad.katakana
    keys = {b.property("char"): b for b in picker.pad.grid.cells.values()}
    for ch in "モリヤマ":
        qtbot.mouseClick(keys[ch], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(picker.pad.ok, Qt.MouseButton.LeftButton)
    assert chosen == ["モリヤマ"] and not picker.pad.isVisible()


def test_a_new_card_starts_over(qtbot) -> None:
    _host, picker, chosen = _picker(qtbot)
    qtbot.mouseClick(picker.buttons[0], Qt.MouseButton.LeftButton)
    picker.offer("森山\u3000由美")
    assert picker.value is None
    assert runner().wait_idle()
    qtbot.waitUntil(lambda: picker.ready)
    assert picker.candidates[0] == "モリヤマ\u3000ユミ"
