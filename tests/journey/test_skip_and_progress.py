"""Questions whose answer is already known are not asked, and the progress bar tells the truth:
it counts what is left for this household, never moves backwards and is not full before the
last question (issue #15, item 6). The journey is walked as the screens drive it, Qt-free."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from kiosk.catalogue.model import Question
from kiosk.household import Household
from kiosk.journey import CataloguePort, Journey, Screen
from kiosk.session import SOURCE_CARD, SOURCE_MANUAL, ResidentSession

PORT = CataloguePort.load()
SAMPLES = PORT.catalogue.samples


@dataclass
class Walk:
    asked: list[tuple[str, int | None]] = field(default_factory=list)
    shown: list[float] = field(default_factory=list)  # the progress bar at each question
    titles: list[tuple[int, int]] = field(default_factory=list)  # (question number, of total)
    journey: Journey | None = None


def _default(q: Question) -> Any:
    if q.kind == "yes_no":
        return False
    if q.kind == "choice":
        return q.options[0].code
    if q.kind == "count":
        return q.minimum or 1
    return dt.date(2026, 4, 1)


def walk(sample: dict[str, Any], cards: set[int]) -> Walk:
    """The household of ``sample`` through the journey: members in ``cards`` read from their card
    (which gives the birth date and sex), the others entered by hand; every question answered as
    the sample says."""
    household = Household.from_dict(sample)
    journey = Journey(ResidentSession("ja"), PORT)
    journey.choose_language("ja")
    journey.acknowledge_notice()
    out = Walk(journey=journey)
    for _ in range(200):
        if journey.screen is Screen.QUESTION:
            q = journey.question()
            person = journey.question_person()
            assert q is not None
            out.asked.append((q.id, person))
            out.shown.append(journey.progress_fraction())
            done, total = journey.progress()
            out.titles.append((done + 1, total))
            given = household.answers if person is None else household.members[person].answers
            journey.answer(given.get(q.id, _default(q)))
        elif journey.screen is Screen.MEMBERS:
            for i, member in enumerate(household.members):
                if i in cards:
                    journey.choose_member_source(i, SOURCE_CARD)
                else:
                    journey.choose_member_source(i, SOURCE_MANUAL)
                    journey.session.set_member_value(journey.session.members[i], "person.birth_date", member.birth_date)
                    journey.session.set_member_value(journey.session.members[i], "person.sex",
                                                     member.values["person.sex"])
            journey.members_done()
        elif journey.screen is Screen.CARD:
            index = journey.detail
            assert isinstance(index, int)
            source = household.members[index]
            journey.card_read({"name": f"テスト {index}", "birth_date": source.birth_date,
                               "sex": {"male": "1", "female": "2"}[str(source.values["person.sex"])],
                               "address": "東京都千代田区千代田1-1"})
        else:
            return out
    raise AssertionError("the journey did not reach the review")


def _card_holders(sample: dict[str, Any]) -> set[int]:
    return {i for i, p in enumerate(sample.get("persons") or []) if (p.get("answers") or {}).get("has_card")}


def test_reference_family_is_not_asked_about_cards_already_read() -> None:
    """The family of four, parents read from their cards: "Do you have a My Number Card?" is
    asked of the children only, and the card still counts for the forms (PRIV-01 order kept:
    cards before the person questions)."""
    played = walk(SAMPLES["family_of_four"], cards={0, 1})
    asked_card = [person for qid, person in played.asked if qid == "has_card"]
    assert asked_card == [2, 3]
    assert played.journey is not None
    forms = [f.id for f in played.journey.forms()]
    assert "mynumber_card" in forms  # the parents' cards: 住所変更 of the card, as when they said yes


def test_a_card_read_answers_the_question_for_the_navigator() -> None:
    household = Household.from_dict(SAMPLES["family_of_four"])
    for member in household.members:
        member.answers.pop("has_card", None)
    from kiosk.catalogue import navigator

    asked = {(q.id, i) for q, i in navigator.pending(PORT.catalogue, household)}
    assert ("has_card", 0) in asked
    household.members[0].card.update({"name": "テスト", "birth_date": household.members[0].birth_date})
    asked = {(q.id, i) for q, i in navigator.pending(PORT.catalogue, household)}
    assert ("has_card", 0) not in asked and ("has_card", 1) in asked
    assert navigator.environment(PORT.catalogue, household, person=0)["person"]["has_card"] is True


def test_age_questions_follow_the_birth_date_from_the_card_or_entered() -> None:
    """Children 4 and 9 are not asked about pensions; the 9-year-old is asked about school."""
    played = walk(SAMPLES["family_of_four"], cards={0, 1})
    pension = {person for qid, person in played.asked if qid == "pension"}
    school = {person for qid, person in played.asked if qid == "school"}
    assert pension == {0, 1} and school == {3}


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize("by_card", [True, False], ids=["cards", "by-hand"])
def test_progress_never_moves_back_and_is_not_full_early(name: str, by_card: bool) -> None:
    """Over every sample household of the law's cases, with cards read or all by hand: the bar
    rises at every question, is below full at the last one, and the question count it shows
    ("n of N") never has N below the questions actually asked."""
    sample = SAMPLES[name]
    played = walk(sample, cards=_card_holders(sample) if by_card else set())
    assert played.shown, "no question asked"
    assert all(b > a for a, b in zip(played.shown, played.shown[1:], strict=False)), played.shown
    assert played.shown[-1] < 1.0
    asked = len(played.asked)
    # "Question n of N": N is never short of the questions in fact asked (an upper bound), and
    # the last question says that nothing more follows.
    assert all(number <= total and total >= asked for number, total in played.titles), played.titles
    assert played.titles[-1][0] == played.titles[-1][1] == asked


def test_progress_does_not_read_full_at_question_16_of_29() -> None:
    """The old bar read full at question 16 of 29 (the total grew from 6 to 29): now at the
    16th question of the family of four the bar is well short of full."""
    played = walk(SAMPLES["family_of_four"], cards={0, 1})
    assert len(played.asked) >= 16
    assert played.shown[15] < 0.9


def test_going_back_does_not_move_the_bar_backwards() -> None:
    sample = SAMPLES["family_of_four"]
    household = Household.from_dict(sample)
    journey = Journey(ResidentSession("ja"), PORT)
    journey.choose_language("ja")
    journey.acknowledge_notice()
    shown = []
    for _ in range(4):
        q = journey.question()
        assert q is not None
        shown.append(journey.progress_fraction())
        journey.answer(household.answers.get(q.id, _default(q)))
    high = journey.progress_fraction()
    journey.back()
    journey.back()
    assert journey.progress_fraction() >= high
