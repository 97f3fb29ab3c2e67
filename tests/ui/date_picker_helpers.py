"""The date picker's tests' common steps: the members screen of a household entered by hand,
and buttons found, tapped and reached by arrows as a resident would."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.catalogue.types.date_steps import ADULT_AGE
from kiosk.journey import CataloguePort, Screen
from kiosk.ui.date_picker import DatePicker
from kiosk.ui.operations import runner
from kiosk.ui.window import KioskWindow

ADULT_DECADE = (dt.date.today().year - ADULT_AGE) // 10 * 10  # where a first birth date opens

def members_screen(qtbot, kiosk_window) -> KioskWindow:
    """The resident window on the members screen of a household of two, both entered by hand."""
    window = kiosk_window(catalogue=CataloguePort.load(), staff_exit=True)
    assert runner().wait_idle(10_000)
    journey = window.journey
    journey.choose_language("ja")
    journey.acknowledge_notice()
    for answer in ("move_in", dt.date.today(), "same_prefecture", "new", 2, False, False):
        journey.answer(answer)
    assert journey.screen is Screen.MEMBERS and len(journey.session.members) == 2
    for i in range(2):
        tap(window, qtbot, f"member{i}-manual")
    window.activateWindow()
    return window


def find_button(window: KioskWindow, name: str) -> QPushButton | None:
    screen = window.current_screen()
    found = [b for b in screen.findChildren(QPushButton, name) if b.isVisibleTo(window) and b.isEnabled()]
    return found[0] if found else None


def shown_button(window: KioskWindow, name: str) -> QPushButton:
    """The button ``name`` once shown (a widget added to a shown layout appears on the next loop)."""
    QApplication.processEvents()
    found = find_button(window, name)
    assert found is not None, f"no button {name}"
    return found


def shown_picker(window: KioskWindow) -> DatePicker:
    found = [p for p in window.current_screen().findChildren(DatePicker) if p.isVisibleTo(window)]
    assert len(found) == 1
    return found[0]


def offered(window: KioskWindow) -> list[int]:
    return [int(b.objectName().split("-")[1]) for b in shown_picker(window).options if b.isVisibleTo(window)]


def tap(window: KioskWindow, qtbot, *names: str) -> None:
    for name in names:
        qtbot.waitUntil(lambda name=name: find_button(window, name) is not None)
        qtbot.mouseClick(shown_button(window, name), Qt.MouseButton.LeftButton)


def arrows_to(window: KioskWindow, qtbot, name: str) -> None:
    """Arrow keys from the focused button to the button ``name``: rows first, then columns."""
    target = shown_button(window, name)
    for _ in range(30):
        focus = QApplication.focusWidget()
        assert isinstance(focus, QPushButton)
        if focus is target:
            return
        here, there = focus.mapTo(window, focus.rect().center()), target.mapTo(window, target.rect().center())
        if abs(there.y() - here.y()) > focus.height() // 2:
            key = Qt.Key.Key_Down if there.y() > here.y() else Qt.Key.Key_Up
        else:
            key = Qt.Key.Key_Right if there.x() > here.x() else Qt.Key.Key_Left
        qtbot.keyClick(focus, key)
    raise AssertionError(f"the arrows did not reach {name}")


def born(window: KioskWindow, index: int) -> object:
    return window.journey.session.members[index].values.get("person.birth_date")


def focused() -> QPushButton:
    widget = QApplication.focusWidget()
    assert isinstance(widget, QPushButton)
    return widget


def open_by_keys(window: KioskWindow, qtbot, name: str) -> DatePicker:
    """Enter on the member's birth-date button: the picker, its focus placed."""
    shown_button(window, name).setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused().objectName().startswith("date-"))
    return shown_picker(window)
