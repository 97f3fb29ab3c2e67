"""What is made ahead of the screens the resident may reach (kiosk.speech.ahead), without Qt:
on each question, for each of its answers, what the screen that answer leads to will say —
checked against the screen the journey then shows — and the session left as it was (A11Y-06:
speech starts promptly on every screen)."""

from __future__ import annotations

import copy
from typing import Any

from kiosk.journey import CataloguePort, Journey, Screen
from kiosk.session import SOURCE_MANUAL, ResidentSession
from kiosk.speech.ahead import MAX_SCREENS, screens_ahead
from kiosk.speech.spoken import ScreenView, answer_choices, describe
from kiosk.speech.voices import table

PORT = CataloguePort.load()
VIEW = ScreenView(languages=("ja", "en"))


def _journey(answers: list[Any]) -> Journey:
    """A journey in Japanese past the notice, with ``answers`` given in turn."""
    journey = Journey(ResidentSession("ja"), PORT)
    journey.choose_language("ja")
    journey.acknowledge_notice()
    for value in answers:
        journey.answer(value)
    return journey


def _values(journey: Journey) -> list[Any]:
    q = journey.question()
    assert q is not None
    if q.kind == "date":
        return [journey.date_choices()[0]]
    return [value for _label, value in answer_choices(q, "ja")]


def test_a11y06_each_answer_leads_to_a_screen_whose_speech_was_made_ahead():
    voices = table()
    given: list[Any] = []
    checked = 0
    journey = _journey(given)
    while journey.screen is Screen.QUESTION and len(given) < 8:
        before = (copy.deepcopy(journey.session.answers), journey.screen, journey.detail)
        ahead = {p for spoken in screens_ahead(journey, VIEW, voices) for p in spoken.phrases()}
        assert (journey.session.answers, journey.screen, journey.detail) == before  # the session as it was
        for value in _values(journey):
            reached = _journey([*given, value])
            said = describe(reached, VIEW, voices).phrases()
            if reached.screen in (Screen.QUESTION, Screen.MEMBERS, Screen.REVIEW):
                assert set(said) <= ahead, (journey.detail, value, reached.screen, set(said) - ahead)
                checked += 1
        given.append(_values(journey)[0])
        journey = _journey(given)
    assert checked >= 10


def test_ahead_of_the_members_and_card_screens_the_card_screens_and_of_a_review_the_rest():
    """The members screen: the first card holder's card screen in each state; a review: the
    other forms' reviews and the confirm screen, which are kept for the session only."""
    voices = table()
    journey = _journey([])
    while journey.screen is Screen.QUESTION:
        journey.answer(_values(journey)[0])
    assert journey.screen is Screen.MEMBERS
    ahead = screens_ahead(journey, VIEW, voices)
    assert [s.screen for s in ahead][:5] == ["card-place", "card-checking", "card-pin", "card-reading", "card-take"]
    for i in range(len(journey.session.members)):
        journey.choose_member_source(i, SOURCE_MANUAL)
    journey.members_done()
    while journey.screen is Screen.QUESTION:
        journey.answer(_values(journey)[0])
    assert journey.screen is Screen.REVIEW
    forms = journey.forms()
    ahead = screens_ahead(journey, VIEW, voices)
    assert [s.screen for s in ahead] == ["review"] * min(len(forms) - 1, MAX_SCREENS - 1) + ["confirm"]
    assert all(s.session_only for s in ahead)


def test_speech_made_ahead_is_the_same_speech_made_in_a_low_priority_process_of_its_own():
    """Open JTalk keeps the interpreter lock for much of a synthesis: made ahead in a thread it
    would hold up the screen's own speech; in its own process at the lowest priority it does not."""
    import os

    from kiosk import jtalk
    from kiosk.jtalk_ahead import NICE, AheadProcess

    text = "引っ越しの届出をしますか。"
    ahead = AheadProcess()
    try:
        made = ahead.synthesize(text, 1.0)
        assert made == jtalk.synthesize(text)  # the same samples as the screen's own speech
        process = ahead._process  # noqa: SLF001 - the process itself is what is checked
        assert process is not None and process.pid != os.getpid()
        assert os.getpriority(os.PRIO_PROCESS, process.pid) == NICE
        assert ahead.synthesize("−", 1.0).samples == b""  # nothing to pronounce: no sound, no crash
        process.kill()  # a process that died: the next phrase starts another
        process.wait()
        assert ahead.synthesize(text, 0.8).seconds > made.seconds  # やさしい日本語's speed
    finally:
        ahead.close()
    assert ahead._process is None  # noqa: SLF001


def test_a11y06_ahead_of_the_last_card_taken_the_question_its_holder_is_asked_first():
    """While the last card holder's card, read, waits to be taken, what is made ahead is the
    first question as it will be shown once the card is kept: its step count depends on what the
    card says (a holder of 40 is asked about 要介護認定, and no one read from a card whether they
    have one). The session is left as it was."""
    import datetime as dt

    from kiosk.card.records import BasicInfo
    from kiosk.session import SOURCE_CARD

    voices = table()
    journey = _journey([])
    while journey.screen is Screen.QUESTION:
        q = journey.question()
        journey.answer(3 if q is not None and q.kind == "count" else _values(journey)[0])  # a household of three
    members = journey.session.members
    assert len(members) == 3
    for i in range(len(members)):
        journey.choose_member_source(i, SOURCE_CARD if i < 2 else SOURCE_MANUAL)
    journey.members_done()
    # Invented holders (not real people): a man of 40 and a woman of 38.
    today = dt.date.today()
    first = BasicInfo("森山　大輔", "静岡県浜松市中央区田町３２６番地の７", dt.date(today.year - 41, 1, 2), "1")
    last = BasicInfo("森山　由美", "静岡県浜松市中央区田町３２６番地の７", dt.date(today.year - 39, 1, 3), "2")
    journey.card_read(first)
    assert journey.screen is Screen.CARD and journey.detail == 1
    before = (copy.deepcopy(journey.session.members), journey.screen, journey.detail)
    guessed = {p for s in screens_ahead(journey, ScreenView(("ja",), card_state="take"), voices) for p in s.phrases()}
    ahead = {p for s in screens_ahead(journey, ScreenView(("ja",), card_state="take", card_read=last), voices)
             for p in s.phrases()}
    assert (journey.session.members, journey.screen, journey.detail) == before
    journey.card_read(last)
    assert journey.screen is Screen.QUESTION
    said = describe(journey, VIEW, voices).phrases()
    assert set(said) <= ahead, set(said) - ahead
    assert not set(said) <= guessed  # without the card's values the step count is only a bound
