"""Plays the reference family through the Qt-free journey, as the kiosk's screens would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.counter.typed_dates import typed_date
from kiosk.journey import Journey, Screen
from kiosk.session import SOURCE_CARD, SOURCE_MANUAL
from kiosk.ui.reference import household, manual_people

ISSUER = 999991
KIOSK = "kiosk-01"
CARD_HOLDERS = 2  # the parents' cards are read; the children are typed by hand


def answer_for(family: dict[str, Any], qid: str, person: int | None) -> Any:
    if person is None:
        return family["answers"][qid]
    return family["persons"][person]["answers"][qid]


def answer_questions(journey: Journey, family: dict[str, Any]) -> int:
    asked = 0
    while journey.screen is Screen.QUESTION:
        q = journey.question()
        assert q is not None
        journey.answer(answer_for(family, q.id, journey.question_person()))
        asked += 1
    return asked


def kiosk_to_cards(journey: Journey, lang: str = "ja") -> dict[str, Any]:
    """Language, notice, household questions and the members screen, as at the kiosk: the
    parents choose their card, the children are typed by hand. Stops at the first card."""
    family = household()
    journey.choose_language(lang)
    journey.acknowledge_notice()
    answer_questions(journey, family)
    assert journey.screen is Screen.MEMBERS
    manual = manual_people(family, CARD_HOLDERS)
    for i, member in enumerate(journey.session.members):
        if i < CARD_HOLDERS:
            journey.choose_member_source(i, SOURCE_CARD)
        else:
            journey.choose_member_source(i, SOURCE_MANUAL)
            journey.session.set_member_value(member, "person.birth_date", manual[i].birth_date)
            journey.session.set_member_value(member, "person.sex", manual[i].sex)
    journey.members_done()
    assert journey.screen is Screen.CARD
    return family


def birth_dates(today: dt.date | None = None) -> dict[int, dt.date]:
    return {i: p.birth_date for i, p in manual_people(household(), CARD_HOLDERS, today).items()}


def to_members(c: Any, *, public_account: bool | None = None) -> dict:
    """Language, notice and the reference family's household questions, as the clerk answers them
    (``public_account`` False: the family types its 児童手当 account, see ``household``)."""
    from kiosk.ui.reference import household

    family = household(public_account=public_account)
    c.start("ja")
    c.acknowledge_notice()
    while c.journey.screen is Screen.QUESTION:
        c.answer(family["answers"][c.journey.question().id])
    assert c.journey.screen is Screen.MEMBERS
    while len(c.session.members) < len(family["persons"]):  # the clerk adds a row for each person
        assert c.add_person()
    return family


def answer_people(c: Any, family: dict, nationality: dict[int, str] | None = None) -> None:
    """The person questions as the sample answers them (first option or no where it has none)."""
    j = c.journey
    while j.screen is Screen.QUESTION:
        q, person = j.question(), j.question_person()
        given = family["persons"][person]["answers"] if person is not None else family["answers"]
        if q.id == "nationality" and nationality:
            c.answer(nationality[person])
        else:
            c.answer(given.get(q.id, q.options[0].code if q.kind == "choice" else False))


def to_review(c: Any, *, public_account: bool | None = None) -> None:
    """The reference family's answers, everyone typed by hand: on to the first form's review."""
    family = to_members(c, public_account=public_account)
    for i in range(len(c.session.members)):
        c.set_member_value(i, "person.birth_date", typed_date("19800101" if i < 2 else "20160101"))
        c.set_member_value(i, "person.sex", "1")
        c.set_member_text(i, "person.name", "山田　一郎")
    c.members_done()
    answer_people(c, family)
    assert c.journey.screen is Screen.REVIEW


def to_form(qtbot: Any, counter: Any, form_id: str) -> None:
    """From the review of an earlier form to ``form_id``'s: what each form lacks filled in with its
    specimen values, the resident confirms each on their screen."""
    from PySide6.QtCore import Qt

    from kiosk.sheets.specimen import specimen_values

    c = counter.controller
    while c.form().id != form_id:
        form = c.form()
        qtbot.mouseClick(counter.resident.ok, Qt.MouseButton.LeftButton)
        if c.form() is form:
            spec = specimen_values(form)
            for field_id, person, _message in c.state().problems:
                ff = next(f for f in (form.fields if person is None else form.persons.fields) if f.id == field_id)
                c.set_value(ff, person, (spec.household if person is None else spec.persons[0])[field_id])
            qtbot.mouseClick(counter.resident.ok, Qt.MouseButton.LeftButton)


def type_keys(text: str) -> None:
    """The clerk's keys to the widget with the focus, one at a time (in a table, the first key opens
    the cell's editor and the others go into it)."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    for ch in text:
        target = QApplication.focusWidget()
        assert target is not None
        QTest.keyClicks(target, ch)
        QApplication.processEvents()


def review_row(review: Any, field_id: str) -> int:
    """The clerk's review table's row of the household field ``field_id``."""
    return next(n for n, (ff, _p) in enumerate(review.rows) if ff.id == field_id)


def at_review_cell(counter: Any, field_id: str) -> tuple[Any, int]:
    """On to the first form's review (:func:`to_review`) with the value cell of the household field
    ``field_id`` current, for the clerk to type: the clerk's review table and that row."""
    to_review(counter.controller)
    review = counter.clerk.review
    row = review_row(review, field_id)
    review.setCurrentCell(row, 1)
    return review, row
