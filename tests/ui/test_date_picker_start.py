"""Each step of the date picker opens with the focus where the answer is likely (A11Y-10), so
that few arrows reach it, and touch sees the same steps: a birth date near the household's, else
an adult's decade; a day set on its parts (its month and day even when another year is chosen);
a date that is not a birth date (the end of an insurance) on today."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from kiosk.journey import CataloguePort
from kiosk.ui.operations import runner

from .date_picker_helpers import (
    ADULT_DECADE,
    arrows_to,
    born,
    focused,
    offered,
    open_by_keys,
    shown_button,
    tap,
)
from .helpers import fill_sample


def test_the_keys_start_where_the_birth_date_is_likely(members, qtbot) -> None:
    """A11Y-10: the decades open on an adult's (today − 40 years) when nothing is known, on the
    household's when a member's birth date is (a partner after the first person), and a birth
    date already set opens on its decade, year, month and day; touch sees the same steps, none
    shown as chosen."""
    window = members
    picker = open_by_keys(window, qtbot, "member0-birth")
    assert focused().objectName() == f"date-{ADULT_DECADE}"
    assert offered(window)[0] == 1900 and not any(b.property("selected") for b in picker.options)
    for value in (1980, 1989, 6, 15):
        arrows_to(window, qtbot, f"date-{value}")
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert born(window, 0) == dt.date(1989, 6, 15)
    open_by_keys(window, qtbot, "member1-birth")
    assert focused().objectName() == "date-1980"  # near the first person's 1989
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: focused().objectName() == "member1-birth")
    # The first person's day changed: Enter three times reaches the day set, one arrow the next.
    picker = open_by_keys(window, qtbot, "member0-birth")
    assert focused().objectName() == "date-1980" and not any(b.property("selected") for b in picker.options)
    for shown in ("date-1989", "date-6", "date-15"):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda shown=shown: focused().objectName() == shown)
    qtbot.keyClick(focused(), Qt.Key.Key_Right)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert born(window, 0) == dt.date(1989, 6, 16)


def test_a_corrected_year_keeps_the_month_and_day_set(members, qtbot) -> None:
    """A11Y-10: a birth date set by touch, then its year corrected by keys: the months open on
    its month and the days on its day (Enter keeps them); another month chosen by touch: the
    days still open on its day."""
    window = members
    tap(window, qtbot, "member0-birth", "date-1980", "date-1989", "date-6", "date-15")
    open_by_keys(window, qtbot, "member0-birth")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused().objectName() == "date-1989")
    arrows_to(window, qtbot, "date-1988")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused().objectName() == "date-6")  # June, as set
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused().objectName() == "date-15")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert born(window, 0) == dt.date(1988, 6, 15)
    tap(window, qtbot, "member0-birth", "date-1980", "date-1988", "date-7")
    qtbot.waitUntil(lambda: focused().objectName() == "date-15")
    tap(window, qtbot, "date-15")
    assert born(window, 0) == dt.date(1988, 7, 15)


def test_a_date_near_today_opens_on_today(kiosk_window, qtbot) -> None:
    """A11Y-10: on the 国保 sheet of a resident whose employer's insurance ended, the day it
    ended (not a birth date, none set) opens on today's decade, year, month and day: Enter four
    times gives today. Another month of this year opens on its 1st; touch taps the same steps."""
    port, today = CataloguePort.load(), dt.date.today()
    window = kiosk_window(catalogue=port, size=(1280, 800))
    assert runner().wait_idle(10_000)
    journey = window.journey
    fill_sample(window, port, "foreign_family", "en")
    journey.acknowledge_notice()
    journey._go_review([f.id for f in journey.forms()].index("kokuho"))  # noqa: SLF001
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.page is not None and screen.page.complete, timeout=10_000)
    persons = journey.session.form_values["kokuho"].persons

    assert persons[0].get("person.insurance_loss_date") is None
    shown_button(window, "edit-0-person.insurance_loss_date").setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    for shown in (today.year // 10 * 10, today.year, today.month, today.day):
        qtbot.waitUntil(lambda shown=shown: focused().objectName() == f"date-{shown}")
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert persons[0].get("person.insurance_loss_date") == today
    tap(window, qtbot, "edit-1-person.insurance_loss_date", f"date-{today.year // 10 * 10}", f"date-{today.year}")
    qtbot.waitUntil(lambda: focused().objectName() == f"date-{today.month}")  # the same steps by touch
    last = today.year - 1
    tap(window, qtbot, "date-back", "date-back", f"date-{last // 10 * 10}", f"date-{last}")
    qtbot.waitUntil(lambda: focused().objectName() == "date-1")  # last year: nothing known, January
    tap(window, qtbot, "date-12")
    qtbot.waitUntil(lambda: focused().objectName() == "date-1")
    tap(window, qtbot, "date-31")
    assert persons[1].get("person.insurance_loss_date") == dt.date(last, 12, 31)
    window.end_session()
