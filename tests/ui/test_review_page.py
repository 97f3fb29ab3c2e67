"""The review page: built in slices so that no single frame builds a whole long form, and once
its rows are all there it names the characters the sheet cannot print (checked off the GUI
thread, after the rows, so the check does not compete with building them)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from kiosk.journey import CataloguePort, Screen
from kiosk.ui.operations import runner
from kiosk.ui.window import KioskWindow

from .helpers import fill_sample

UNPRINTABLE_NAME = "𠮷田　架空"  # invented; 𠮷 is not in the sheet's fonts


def _single_adult(kiosk_window, *, typed_by_hand: bool) -> tuple[KioskWindow, CataloguePort]:
    """A window with the shipped catalogue and its single adult's answers, in English."""
    port = CataloguePort.load()
    window = kiosk_window(catalogue=port, size=(1280, 900))
    assert runner().wait_idle(10_000)
    fill_sample(window, port, "single_adult", "en", typed_by_hand=typed_by_hand)
    return window, port


def test_the_review_page_names_unprintable_characters_once_its_rows_are_built(qtbot, kiosk_window) -> None:
    window, port = _single_adult(kiosk_window, typed_by_hand=True)
    journey = window.journey
    session = journey.session
    for values in port.prefill_all(session):  # the name as typed by hand earlier in the session
        for person in values.persons:
            if "person.name" in person:
                person["person.name"] = UNPRINTABLE_NAME
        session.store_form(values)
    journey.acknowledge_notice()  # every question answered: straight to the review
    assert journey.screen is Screen.REVIEW
    screen = window.current_screen()
    page = screen.page
    assert page is not None and not page.complete  # a long form: the first rows only, the rest follow
    qtbot.waitUntil(lambda: page.complete, timeout=10_000)
    assert runner().wait_idle(10_000)
    QApplication.processEvents()
    assert "𠮷" in page.glyphs.text() and "氏名" in page.glyphs.text()
    window.end_session()
    window.timer.stop()


def test_a_page_left_before_its_rows_were_built_gets_them_all_on_return(qtbot, kiosk_window) -> None:
    window, _port = _single_adult(kiosk_window, typed_by_hand=False)
    journey = window.journey
    journey.acknowledge_notice()
    screen = window.current_screen()
    page = screen.page
    assert page is not None and not page.complete
    journey.back()  # a tap on "back" before the rest of the rows came
    qtbot.wait(50)
    journey.acknowledge_notice()  # and forward again: the same page
    assert screen.page is page
    qtbot.waitUntil(lambda: page.complete, timeout=10_000)
    assert set(page.values) == set(page.fields)  # every row is there
    window.end_session()
    window.timer.stop()
