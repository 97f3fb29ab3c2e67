"""The screens the resident may reach next, and what they will say: made ahead into the phrase
cache (:mod:`kiosk.ui.speech`) so that each screen's speech starts from it (A11Y-06: speech
starts promptly on every screen). Free of Qt.

Where each possible answer leads is the navigator's to say (:meth:`kiosk.journey.Journey.after_answer`
asks it about a copy of the answers); nothing here decides which question comes next. Ahead of:

- the language screen: the notice in the language on show;
- the notice: the first question;
- a question: the screen each of its answers leads to (the next question, with its step as it
  will be shown, the members screen or the first form's review);
- the members screen: the first member's card screen (each state it passes through);
- a card screen: the states still to come, the next card holder's card screen, then where the
  questions lead (once the last card is read, as what it says leads: the holder's age decides
  which questions are still to come);
- a review: the forms still to review and the confirm screen;
- the confirm screen: the result screen (without its status line, which printing writes).

At most :data:`MAX_SCREENS` screens. The review and confirm screens tell of this resident's case
(:attr:`Spoken.session_only`): they are cached for the session only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from kiosk.journey import Journey, Screen
from kiosk.next_screen import NextScreen
from kiosk.session import SOURCE_CARD
from kiosk.speech.spoken import (
    CARD_TEXTS,
    ScreenView,
    Spoken,
    answer_choices,
    card_screen,
    confirm_screen,
    members_screen,
    notice_screen,
    question_screen,
    question_title,
    result_screen,
    review_screen,
    speech_language,
)
from kiosk.speech.voices import VoiceTable

MAX_SCREENS = 8  # screens (a card screen's states count one each) made ahead of one screen
CARD_STATES = ("place", "checking", "pin", "reading", "take")  # a card screen's way when all goes well
USUAL_TRIES = 3  # the PIN tries a card shows before one is used up (JPKI: 3)


def screens_ahead(journey: Journey, view: ScreenView, voices: VoiceTable, *, limit: int = MAX_SCREENS) -> list[Spoken]:
    """What the screens the resident may reach from the one on show will say, the likeliest first,
    each once; none over an overlay or a date being chosen in steps."""
    if view.overlay or view.date_path is not None or journey.catalogue is None:
        return []
    lang = speech_language(journey.session.language, voices)
    out: list[Spoken] = []
    seen: set[tuple[str, ...]] = set()
    for spoken in _ahead(journey, view, lang):
        key = tuple(spoken.phrases())
        if key and key not in seen:
            seen.add(key)
            out.append(spoken)
            if len(out) >= limit:
                break
    return out


def _ahead(journey: Journey, view: ScreenView, lang: str) -> Iterator[Spoken]:
    screen = journey.screen
    if screen is Screen.LANGUAGE:  # the notice in the language on show (the default, most often chosen)
        yield notice_screen(lang, view.town)
    elif screen is Screen.NOTICE:
        yield from _reached(journey, journey.after_questions(), lang)
    elif screen is Screen.QUESTION:
        for value in _possible_answers(journey):
            yield from _reached(journey, journey.after_answer(value), lang, first_only=True)
    elif screen is Screen.MEMBERS:
        yield from _card_states(lang, 0, CARD_STATES)
    elif screen is Screen.CARD:
        index = journey.detail if isinstance(journey.detail, int) else 0
        state = view.card_state or "place"
        later = CARD_STATES[CARD_STATES.index(state) + 1:] if state in CARD_STATES else ()
        yield from _card_states(lang, index, later)
        members = journey.session.members
        following = [i for i, m in enumerate(members) if i > index and m.source == SOURCE_CARD and not m.card]
        if following:
            yield from _card_states(lang, following[0], CARD_STATES)
        elif view.card_read is not None:  # the last card: the next question is the holder's age's
            yield from _reached(journey, journey.after_card(view.card_read), lang)
        else:
            yield from _reached(journey, journey.after_questions(), lang)
    elif screen is Screen.REVIEW:
        forms = journey.forms()
        index = journey.detail if isinstance(journey.detail, int) else 0
        yield from (review_screen(lang, form, i, len(forms)) for i, form in enumerate(forms) if i > index)
        yield confirm_screen(lang, len(forms))
    elif screen is Screen.CONFIRM:
        yield result_screen(lang, "")


def _possible_answers(journey: Journey) -> list[Any]:
    """The answers of the question on show, the one given before (going back) first; a date
    question: its first offered day (or today), the days lead alike."""
    q = journey.question()
    if q is None:
        return []
    values = [value for _label, value in answer_choices(q, journey.session.language)]
    if q.kind == "date":
        days = journey.date_choices()
        values = [days[0] if days else dt.date.today()]
    current = journey.current_answer()
    if current is not None and current in values:
        values.remove(current)
        values.insert(0, current)
    return values


def _reached(journey: Journey, where: NextScreen, lang: str, *, first_only: bool = False) -> Iterator[Spoken]:
    """The screen ``where`` names; for a review, the forms' reviews and the confirm screen
    (``first_only``: the first review alone, as one of several answers' destinations)."""
    catalogue = journey.catalogue
    if where.screen is Screen.QUESTION and where.question is not None and catalogue is not None:
        qid, person = where.question
        q = catalogue.question(qid)
        if q is not None:
            done, total = where.progress
            yield question_screen(q, lang, question_title(lang, done, total, person))
    elif where.screen is Screen.MEMBERS:
        yield members_screen(lang)
    elif where.screen is Screen.REVIEW:
        forms = where.forms
        for i, form in enumerate(forms[:1] if first_only else forms):
            yield review_screen(lang, form, i, len(forms))
        if not first_only or not forms:
            yield confirm_screen(lang, len(forms))


def _card_states(lang: str, index: int, states: tuple[str, ...]) -> Iterator[Spoken]:
    """Member ``index``'s card screen in each of ``states``."""
    for state in states:
        if state in CARD_TEXTS:
            yield card_screen(lang, index, state, USUAL_TRIES if state == "pin" else None)


__all__ = ["CARD_STATES", "MAX_SCREENS", "USUAL_TRIES", "screens_ahead"]
