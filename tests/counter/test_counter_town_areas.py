"""The counter's postal cell (issue #15): a postal code inside the town also takes its area's name
typed as a romaji or kana prefix ("chiyo" → 千代田 1000001) when it names one area, and shows the
clerk the match; seven digits still work; a prefix that names several areas is refused."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.household import Household
from kiosk.journey import Screen
from kiosk.session import SOURCE_MANUAL
from kiosk.ui.operations import runner

FIELD = "address.new_postal_code"


@pytest.fixture
def counter(qtbot, catalogue_port):
    from kiosk.ui.counter.app import build

    made = build(catalogue_port, postal_areas="13101")
    made.clerk.stack.setCurrentWidget(made.clerk.work_page)  # signed in (the sign-in itself: test_counter_windows)
    assert runner().wait_idle(10_000)  # the town's areas are read off the GUI thread
    journey = made.controller.journey
    session = journey.session
    journey.choose_language("ja")
    household = Household.from_dict(catalogue_port.catalogue.samples["single_adult"])
    session.answers.update(household.answers)
    session.members[:] = household.members
    for member in session.members:
        member.source = SOURCE_MANUAL
    session.members_confirmed = True
    for values in catalogue_port.prefill_all(session):
        session.store_form(values)
    journey.acknowledge_notice()
    assert journey.screen is Screen.REVIEW and FIELD in {f.id for f in journey.current_form().fields}
    made.clerk.review.fill()
    yield made
    made.shutdown()


def _type_in_cell(counter, field_id: str, text: str) -> None:
    table = counter.clerk.review
    row = next(n for n, (ff, person) in enumerate(table.rows) if ff.id == field_id and person is None)
    table.item(row, 1).setText(text)  # what the clerk's edit in place commits
    QApplication.processEvents()


def _value(counter, field_id: str) -> object:
    c = counter.controller
    return c.values().household.get(field_id)


def test_an_area_name_in_romaji_chooses_its_code_and_shows_the_match(counter) -> None:
    _type_in_cell(counter, FIELD, "chiyo")
    assert _value(counter, FIELD) == "1000001"
    assert _value(counter, "address.new") == "東京都千代田区千代田"  # the town filled in from the code
    # The match is shown as a finding of its own, not in the problem line.
    assert counter.clerk.area.text() == "千代田 〒100-0001" and counter.clerk.area.isVisible()
    assert counter.clerk.message.text() == ""


def test_a_kana_prefix_works_and_seven_digits_still_do(counter) -> None:
    _type_in_cell(counter, FIELD, "こうじ")
    assert _value(counter, FIELD) == "1020083"  # 麹町
    _type_in_cell(counter, FIELD, "1000001")
    assert _value(counter, FIELD) == "1000001"
    assert _value(counter, "address.new").startswith("東京都千代田区")


def test_a_prefix_naming_several_areas_is_refused(counter) -> None:
    _type_in_cell(counter, FIELD, "kanda")  # 神田… : many areas
    assert _value(counter, FIELD) in (None, "")
    assert counter.clerk.message.text() != ""  # the clerk is told the value was not taken
    assert counter.clerk.area.text() == ""  # and no area is shown as chosen
