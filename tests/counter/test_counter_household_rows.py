"""The counter's household table (issue #17): open-ended rows that count the household, so the
clerk is not asked "how many people" and then made to fill that many rows; people added and taken
out in place; a name typed as its reading in romaji and its kanji chosen by number, the reading
kept as typed (not worked out from the kanji)."""

from __future__ import annotations

import pytest
from counter_helpers import answer_for, answer_people, to_members, type_keys
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk import i18n
from kiosk.counter import CounterController
from kiosk.counter.household_rows import MEMBERS_MOST
from kiosk.counter.names import romaji_offer
from kiosk.counter.typed_dates import typed_date
from kiosk.journey import Journey, Screen
from kiosk.kanji import load_index
from kiosk.session import ResidentSession
from kiosk.ui.counter.household_table import NAME, SOURCE
from kiosk.ui.reference import household


def _press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key, modifier)
    QApplication.processEvents()


def _household_questions(c: CounterController) -> list[str]:
    """The household's questions up to the table, as the clerk answers them (the reference family)."""
    family = household()
    asked = []
    c.start("ja")
    c.acknowledge_notice()
    while c.journey.screen is Screen.QUESTION:
        asked.append(c.journey.question().id)
        c.answer(family["answers"][c.journey.question().id])
    return asked


# The rows, Qt-free -----------------------------------------------------------------------------------
def test_the_counter_counts_the_household_by_its_rows_and_does_not_ask(catalogue_port):
    c = CounterController.create(catalogue_port)
    asked = _household_questions(c)
    assert "household_size" not in asked and c.journey.screen is Screen.MEMBERS
    assert len(c.session.members) == 1  # one row to start; the clerk adds as they go
    assert c.add_person() and c.add_person()
    c.set_member_source(0, "card")
    c.set_member_source(1, "card")
    c.set_member_value(2, "person.birth_date", typed_date("20160101"))  # typed, then left out again
    assert c.remove_person(2) and len(c.session.members) == 2
    assert c.add_person()  # a row for one more, left empty: dropped when the clerk goes on
    c.members_done()
    assert len(c.session.members) == 2 and c.session.answers["household_size"] == 2
    assert c.journey.screen is Screen.CARD  # the two card holders' cards
    # The household questions after the count are still asked, once the cards are read.
    c.card_unavailable()
    c.card_unavailable()
    assert c.journey.question() is not None and c.journey.question().id == "need_juminhyo"


def test_the_kiosk_still_asks_how_many(catalogue_port):
    journey = Journey(ResidentSession("ja"), catalogue_port)
    family = household()
    journey.choose_language("ja")
    journey.acknowledge_notice()
    seen = []
    while journey.screen is Screen.QUESTION:
        seen.append(journey.question().id)
        journey.answer(answer_for(family, journey.question().id, None))
    assert "household_size" in seen and journey.screen is Screen.MEMBERS
    assert len(journey.session.members) == len(family["persons"])


def test_the_table_takes_as_many_people_as_the_question_allows(catalogue_port):
    c = CounterController.create(catalogue_port)
    _household_questions(c)
    most = catalogue_port.question("household_size").maximum
    assert most is not None
    while len(c.session.members) < most:
        assert c.add_person()
    assert not c.add_person() and len(c.session.members) == most
    assert c.state().message_key == MEMBERS_MOST
    for lang in ("ja", "en", "vi", "ne"):  # the clerk is told why, in words
        assert i18n.text(MEMBERS_MOST, lang) != MEMBERS_MOST
    while len(c.session.members) > 1:
        assert c.remove_person(0)
    assert not c.remove_person(0)  # never the last person


def test_a_person_taken_out_leaves_nothing_and_the_names_waiting_move_up(catalogue_port):
    """PRIV-08: the person's data goes with the row; a given name waiting for the family name
    stays with its person when the rows above move up."""
    c = CounterController.create(catalogue_port)
    family = to_members(c)
    for i, name in enumerate(("山田　一郎", "次郎", "花子", "三郎")):
        c.set_member_value(i, "person.birth_date", typed_date("19800101" if i < 2 else "20160101"))
        c.set_member_value(i, "person.sex", "1")
        c.set_member_text(i, "person.name", name)
    gone = c.session.members[1]
    assert c.remove_person(1)
    assert not gone.values and gone not in c.session.members
    assert c.waiting_family(1) == "山田" and c.waiting_family(2) == "山田"  # 花子, 三郎
    c.members_done()
    assert c.session.answers["household_size"] == 3
    answer_people(c, family, {0: "japanese", 1: "japanese", 2: "japanese"})
    assert [m.values["person.name"] for m in c.session.members] == ["山田\u3000一郎", "山田\u3000花子", "山田\u3000三郎"]


def test_a_resumed_household_keeps_its_count_in_step_with_the_rows(catalogue_port):
    """A household answered at the kiosk (its count given there) and then changed at the counter:
    the rows decide."""
    c = CounterController.create(catalogue_port)
    _household_questions(c)
    c.session.answers["household_size"] = 4  # as a resumed session brings it
    c.session.ensure_members(4)
    for i in range(4):
        c.set_member_source(i, "manual")
    assert c.remove_person(3)
    c.members_done()
    assert c.session.answers["household_size"] == 3


@pytest.mark.parametrize(("typed", "reading", "first"), [
    ("souta", "そうた", "颯太"), ("hana", "はな", "花"), ("shin'ya", "しんや", None),
    ("moriyama hana", "もりやま\u3000はな", "森山\u3000花"),
])
def test_a_reading_in_romaji_offers_the_names_it_is_written_as(typed, reading, first):
    offer = romaji_offer(typed, load_index(), "森山")
    assert offer is not None and offer.reading == reading
    assert 1 <= len(offer.names) <= 9  # each chosen by one digit
    assert first is None or offer.names[0] == first  # the household's family name left for later


@pytest.mark.parametrize("typed", ["smith", "JOHN", "1980", "", "花", "mary-ann smith"])
def test_letters_that_are_not_a_reading_stay_as_typed(typed):
    assert romaji_offer(typed, load_index(), "森山") is None


# The table, by keys --------------------------------------------------------------------------------
def test_the_clerk_types_a_childs_reading_and_chooses_its_kanji_by_number(qtbot, counter):
    c = counter.controller
    table = counter.clerk.table
    _household_questions(c)
    qtbot.waitUntil(lambda: table.hasFocus(), timeout=5000)
    QApplication.processEvents()
    type_keys("c")  # a card holder: the next row comes
    assert table.currentIndex().row() == 1 and len(c.session.members) == 2
    type_keys("210920")  # on to the sex cell by itself
    type_keys("2")
    assert table.currentIndex().column() == NAME
    type_keys("hana")
    popup = table.offers  # under the name's cell, numbered, with the reading
    assert popup.isVisible() and "1:花" in popup.accessibleName() and "はな" in popup.accessibleName()
    cell = table.visualRect(table.currentIndex())
    assert popup.geometry().top() >= cell.bottom() and table.viewport().rect().contains(popup.geometry())
    assert table.offered() is not None and table.offered().names[0] == "花"
    type_keys("1")  # chosen: on to one more person
    member = c.session.members[1]
    assert member.values["person.name"] == "花"  # waits for the family name: a given name alone
    assert member.values["person.name_kana"] == "ハナ"  # as typed (フリガナ), not guessed from the kanji
    assert table.currentIndex().row() == 2 and table.currentIndex().column() == SOURCE
    assert not popup.isVisible()
    # A foreign national's name in Latin letters: Enter keeps it as typed.
    type_keys("170301")
    type_keys("1")
    type_keys("smith john")
    assert table.offered() is None
    _press(Qt.Key.Key_Return)
    assert c.session.members[2].values["person.name"] == "smith john"
    assert table.currentIndex().row() == 3  # Enter on the last person: a row for one more
    # Taken out again with Ctrl+Delete: the rows above stay.
    _press(Qt.Key.Key_Up)
    assert table.currentIndex().row() == 2
    _press(Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert len(c.session.members) == 3 and not c.session.members[2].values  # the empty row moved up
    assert table.model().rowCount() == 3
    _press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # on: the empty last row is dropped
    assert c.session.answers["household_size"] == 2
    assert c.journey.screen is Screen.CARD


def test_down_on_the_last_row_adds_a_person_and_the_table_says_when_it_is_full(qtbot, counter):
    c = counter.controller
    table = counter.clerk.table
    _household_questions(c)
    qtbot.waitUntil(lambda: table.hasFocus(), timeout=5000)
    most = c.most_members()
    assert most is not None
    for _ in range(most + 2):
        _press(Qt.Key.Key_Down)
    assert len(c.session.members) == most and table.model().rowCount() == most
    assert counter.clerk.message.text() == i18n.text(MEMBERS_MOST, "ja")
    assert table.currentIndex().row() == most - 1
