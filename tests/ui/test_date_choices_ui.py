"""The move date by choosing (issue #15 measures, A11Y-10 keys alone, A11Y-01 touch alone): the
days the law leaves are one-tap buttons with the weekday, in the resident's language; any other day
is typed on the date pad, reached by a button or by typing a digit; Back returns to the days."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.journey import CataloguePort
from kiosk.ui.keypads import NumericPad
from kiosk.ui.operations import runner
from kiosk.ui.window import KioskWindow


@pytest.fixture
def date_question(kiosk_window):
    """The resident window on the move date question of a move-in."""
    window = kiosk_window(catalogue=CataloguePort.load(), staff_exit=True)
    assert runner().wait_idle(10_000)
    journey = window.journey
    journey.choose_language("ja")
    journey.acknowledge_notice()
    journey.answer("move_in")
    assert journey.question().id == "move_date"
    return window


def _days(window: KioskWindow) -> list[QPushButton]:
    screen = window.current_screen()
    buttons = [b for b in screen.findChildren(QPushButton) if b.objectName().startswith("answer-") and b.isVisibleTo(screen)]
    return sorted(buttons, key=lambda b: int(b.objectName().split("-")[1]))


def _pad(window: KioskWindow) -> NumericPad | None:
    screen = window.current_screen()
    return next((p for p in screen.findChildren(NumericPad) if p.isVisibleTo(screen)), None)


def _shown_pad(window: KioskWindow, qtbot) -> NumericPad:
    """The date pad once shown (a widget added to a shown layout appears on the next event loop)."""
    qtbot.waitUntil(lambda: _pad(window) is not None)
    pad = _pad(window)
    assert pad is not None
    return pad


def test_the_days_of_the_window_are_buttons_with_weekday_and_one_tap_answers(date_question, qtbot) -> None:
    window, today = date_question, dt.date.today()
    days = _days(window)
    assert len(days) == 15  # today and the 14 days before (住民基本台帳法22条)
    assert _pad(window) is None  # no keypad until another day is asked for
    weekday = "月火水木金土日"[today.weekday()]
    assert days[0].accessibleName().startswith("今日 令和") and f"({weekday})" in days[0].accessibleName()
    assert days[1].accessibleName().startswith("昨日 ")
    assert all("\n" not in b.accessibleName() for b in days)
    qtbot.mouseClick(days[3], Qt.MouseButton.LeftButton)
    assert window.journey.session.answers["move_date"] == today - dt.timedelta(days=3)
    assert window.journey.question().id != "move_date"


def test_another_day_on_the_pad_by_touch_and_back_to_the_days(date_question, qtbot) -> None:
    window = date_question
    screen = window.current_screen()
    other = screen.findChild(QPushButton, "date-other")
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
    pad = _shown_pad(window, qtbot)
    assert _days(window) == []
    qtbot.mouseClick(pad.cancel, Qt.MouseButton.LeftButton)  # Back: the days again, same question
    qtbot.waitUntil(lambda: len(_days(window)) == 15)
    assert _pad(window) is None and window.journey.question().id == "move_date"
    qtbot.waitUntil(lambda: screen.findChild(QPushButton, "date-other") is not None)
    qtbot.mouseClick(screen.findChild(QPushButton, "date-other"), Qt.MouseButton.LeftButton)
    pad = _shown_pad(window, qtbot)
    for digit in "20260105":
        qtbot.mouseClick(next(b for b in pad.grid.cells.values() if b.property("char") == digit), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok, Qt.MouseButton.LeftButton)
    assert window.journey.session.answers["move_date"] == dt.date(2026, 1, 5)


def test_keys_alone_arrows_and_enter_choose_a_day(date_question, qtbot) -> None:
    window, today = date_question, dt.date.today()
    window.activateWindow()
    days = _days(window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is days[0])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert QApplication.focusWidget() is days[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    moved = QApplication.focusWidget()
    assert moved in days and days.index(moved) > 1
    qtbot.keyClick(moved, Qt.Key.Key_Return)
    assert window.journey.session.answers["move_date"] == today - dt.timedelta(days=days.index(moved))


def test_keys_alone_a_digit_opens_the_pad_with_it_and_escape_returns(date_question, qtbot) -> None:
    window = date_question
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is _days(window)[0])
    qtbot.keyClicks(QApplication.focusWidget(), "2")
    pad = _shown_pad(window, qtbot)
    assert pad.value == "2"
    qtbot.waitUntil(lambda: pad.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(_days(window)) == 15)
    assert _pad(window) is None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is _days(window)[0])
    for key in "20260105":  # each key to whatever has the focus, as a keyboard sends it
        qtbot.keyClicks(QApplication.focusWidget(), key)
    pad = _shown_pad(window, qtbot)
    assert pad.value == "20260105"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)  # from the first key to OK
    assert QApplication.focusWidget() is pad.ok
    qtbot.keyClick(pad.ok, Qt.Key.Key_Return)
    assert window.journey.session.answers["move_date"] == dt.date(2026, 1, 5)
