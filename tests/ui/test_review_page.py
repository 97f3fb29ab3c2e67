"""The review page: built in slices so that no single frame builds a whole long form, and once
its rows are all there it names the characters the sheet cannot print (checked off the GUI
thread, after the rows, so the check does not compete with building them)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from kiosk.config import Config
from kiosk.household import Household
from kiosk.journey import CataloguePort, Screen
from kiosk.session import SOURCE_MANUAL
from kiosk.ui.operations import runner
from kiosk.ui.window import KioskWindow

UNPRINTABLE_NAME = "𠮷田　架空"  # invented; 𠮷 is not in the sheet's fonts


def test_the_review_page_names_unprintable_characters_once_its_rows_are_built(qtbot, clock) -> None:
    port = CataloguePort.load()
    window = KioskWindow(Config(), catalogue=port, card_worker=None, output=None, database=None,
                         clock=clock, dpi=96.0)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    assert runner().wait_idle(10_000)
    journey = window.journey
    session = journey.session
    journey.choose_language("en")
    household = Household.from_dict(port.catalogue.samples["single_adult"])
    session.answers.update(household.answers)
    session.members[:] = household.members
    for member in session.members:
        member.source = SOURCE_MANUAL
    session.members_confirmed = True
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


def test_a_page_left_before_its_rows_were_built_gets_them_all_on_return(qtbot, clock) -> None:
    port = CataloguePort.load()
    window = KioskWindow(Config(), catalogue=port, card_worker=None, output=None, database=None,
                         clock=clock, dpi=96.0)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    assert runner().wait_idle(10_000)
    journey = window.journey
    session = journey.session
    journey.choose_language("en")
    household = Household.from_dict(port.catalogue.samples["single_adult"])
    session.answers.update(household.answers)
    session.members[:] = household.members
    session.members_confirmed = True
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
