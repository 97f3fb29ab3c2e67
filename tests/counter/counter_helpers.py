"""Plays the reference family through the Qt-free journey, as the kiosk's screens would."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
