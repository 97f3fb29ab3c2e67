"""Where the resident's journey goes next, decided from the catalogue and the session alone: the
screens, the next question (household questions, then the members and their cards, then person
questions, then review), the next member at the card reader, and the progress through the
questions. Qt-free and free of side effects: :class:`kiosk.journey.Journey` acts on the answers
given here, and speech made ahead asks them about answers not given yet."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.catalogue.model import Form, Question
from kiosk.ports import CataloguePort as CatalogueView
from kiosk.session import SOURCE_CARD, ResidentSession


class Screen(StrEnum):
    LANGUAGE = "language"
    NOTICE = "notice"
    QUESTION = "question"
    MEMBERS = "members"
    CARD = "card"
    REVIEW = "review"
    CONFIRM = "confirm"
    RESULT = "result"


@dataclass(frozen=True)
class NextScreen:
    """Where a step of the journey would lead (:meth:`kiosk.journey.Journey.after_answer`)."""

    screen: Screen
    question: tuple[str, int | None] | None = None  # QUESTION: (question id, member index or None)
    progress: tuple[int, int] = (0, 0)  # QUESTION: :func:`progress` there
    forms: tuple[Form, ...] = ()  # REVIEW: the forms the household needs there


def progress(catalogue: CatalogueView | None, session: ResidentSession) -> tuple[int, int]:
    """(answered, answered + the most that may still be asked) for the navigator's progress
    bar: the total is an upper bound for this household (it shrinks as the household becomes
    known), so the bar does not read full before the last question."""
    if catalogue is None:
        return (0, 0)
    answered = len(session.answers) + sum(len(m.answers) for m in session.members)
    return answered, answered + catalogue.remaining(session)


def after_questions(catalogue: CatalogueView | None, session: ResidentSession, *,
                    table_counts: bool = False) -> NextScreen:
    """Household questions, then the members (and their cards), then person questions, then review.

    ``table_counts`` (the counter): the question that counts the household is not asked; the
    members table comes in its place, and the rows the clerk fills answer it
    (:func:`counting_question`)."""
    nxt = catalogue.next_question(session) if catalogue is not None else None
    if nxt is not None and table_counts and not session.members_confirmed and counting_question(catalogue, nxt):
        return NextScreen(Screen.MEMBERS)
    if nxt is not None:
        return NextScreen(Screen.QUESTION, nxt, progress(catalogue, session))
    if not session.members_confirmed:
        return NextScreen(Screen.MEMBERS)
    return NextScreen(Screen.REVIEW, forms=tuple(catalogue.forms(session)) if catalogue is not None else ())


def counting_question(catalogue: CatalogueView | None, nxt: tuple[str, int | None] | None) -> Question | None:
    """The household question ``nxt`` when it counts the household's members (kind ``count``: the
    number the members table starts with), else None."""
    question = catalogue.question(nxt[0]) if catalogue is not None and nxt is not None and nxt[1] is None else None
    return question if question is not None and question.kind == "count" else None


def next_card_member(session: ResidentSession) -> int | None:
    """Index of the next member whose card is still to be read (None: every card is read)."""
    for i, m in enumerate(session.members):
        if m.source == SOURCE_CARD and not m.card:
            return i
    return None
