"""SEC-01 and PRIV-08 at the counter: the resident's window opens no context menu on any of its
screens, while the clerk's window beside it keeps its own (menus, copy and paste); the
clipboard is emptied when the counter starts and when a resident's session ends."""

from __future__ import annotations

import pytest
from counter_helpers import to_members, to_review
from lockdown_probe import PopupWatch, ask_context_menus, long_press, shown_widgets
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.journey import Ending, Screen
from kiosk.ui import fit
from kiosk.ui.widgets import RubyLabel

CANARY = "山田　花子　090-0000-1234"


def test_sec01_the_counter_residents_window_opens_no_context_menu_on_any_screen(qtbot, counter):
    """SEC-01: on the resident's window at the language, notice, question, household and review
    screens, each widget shown is asked for a context menu (the event with each reason and a
    right-click through the platform window) and a finger is held on the page: nothing opens."""
    c = counter.controller
    hold = QGuiApplication.styleHints().mousePressAndHoldInterval() + 200
    seen: list[Screen] = []
    with PopupWatch() as watch:
        def probe() -> None:
            fit.settle()
            screen = c.journey.screen
            seen.append(screen)
            ask_context_menus(watch, shown_widgets(counter.resident), f"resident {screen.value}")
            labels = [w for w in counter.resident.findChildren(RubyLabel) if w.isVisible()]
            long_press(watch, labels[0], f"resident {screen.value}", hold)

        probe()  # the languages
        c.start("ja")
        probe()  # the notice
        c.acknowledge_notice()
        probe()  # the first question
        c.journey.end(Ending.CANCELLED)
        to_members(c)
        probe()
        c.journey.end(Ending.CANCELLED)
        to_review(c)
        probe()
    assert seen == [Screen.LANGUAGE, Screen.NOTICE, Screen.QUESTION, Screen.MEMBERS, Screen.REVIEW]
    assert watch.seen == []


# A menu's popup asks the platform to raise it and grab the keyboard; the offscreen plugin cannot.
@pytest.mark.qt_log_ignore("^This plugin does not support (raise\\(\\)|grabbing the keyboard)$")
def test_sec01_the_clerks_window_keeps_its_context_menu_and_clipboard(qtbot, counter):
    """The clerk's window is staff's: its input line still opens its menu, and copy and paste
    work in it, beside the locked-down resident's window."""
    line = counter.clerk.line
    with PopupWatch() as watch:
        ask_context_menus(watch, [line], "clerk")
    assert watch.seen and all("QMenu" in s for s in watch.seen)
    QApplication.clipboard().setText("1990")
    line.setFocus()
    line.clear()
    QTest.keyClick(line, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert line.text() == "1990"
    line.setText("abc")
    QTest.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(line, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "abc"
    line.clear()


def test_priv08_the_counter_empties_the_clipboard_at_start_and_at_each_session_end(qtbot, catalogue_port):
    """PRIV-08: what the clipboard held before the counter started is gone once it is up, and
    what the clerk copied during a resident's session is gone when that session ends."""
    from kiosk.ui.counter.app import build

    clipboard = QApplication.clipboard()
    clipboard.setText(CANARY)
    made = build(catalogue_port)
    try:
        assert clipboard.text() == ""
        made.controller.start("ja")
        clipboard.setText(CANARY)
        made.controller.journey.end(Ending.CANCELLED)
        assert clipboard.text() == ""
    finally:
        made.shutdown()
