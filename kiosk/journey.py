"""The resident's journey as a Qt-free state machine: the screen the resident is on, what each
action does to the session and where it goes, what "back" does, the session's end, and time spent
on each screen. Where to go next is decided in :mod:`kiosk.next_screen`, the idle timeout in
:mod:`kiosk.idle`, and the catalogue is read through :class:`kiosk.ports.CataloguePort`.

Screen order: language → notice (利用目的, before any card APDU: PRIV-01) → navigator (one
question per screen) → household members (card or by hand) → card (PIN) → review per form →
confirm → result. The widgets only render :attr:`Journey.screen` and call the methods here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk import next_screen
from kiosk.card.reader import CardRead
from kiosk.card.records import BasicInfo
from kiosk.catalogue import derive
from kiosk.catalogue.model import Form, Question

# Screen and CataloguePort are imported from here by most of the kiosk and its tests.
from kiosk.catalogue_port import CataloguePort as CataloguePort
from kiosk.idle import IdleState, IdleTimer
from kiosk.next_screen import NextScreen
from kiosk.next_screen import Screen as Screen
from kiosk.ports import CataloguePort as CatalogueView
from kiosk.ports import Clock, Problem
from kiosk.session import SOURCE_MANUAL, Member, ResidentSession


class Ending(StrEnum):
    COMPLETED = "completed"
    TIMEOUT = "timeout"
    CANCELLED = "abandoned"
    CARD_REMOVED = "card_removed"
    STAFF = "staff_exit"
    ERROR = "error"


@dataclass
class ScreenVisit:
    screen: str
    started: float
    seconds: float = 0.0


@dataclass
class _Step:
    screen: Screen
    # QUESTION: (question id, member index or None); CARD: member index; REVIEW: form index
    detail: tuple[str, int | None] | int | None = None


@dataclass
class Journey:
    """Where the resident is, and where each action takes them."""

    session: ResidentSession
    catalogue: CatalogueView | None = None  # None: no questions
    idle: IdleTimer = field(default_factory=IdleTimer)
    clock: Clock = time.monotonic
    listeners: list[Callable[[Journey], None]] = field(default_factory=list)
    on_end: list[Callable[[Ending], None]] = field(default_factory=list)
    # The counter: the household table's rows answer the question counting the household, which
    # is then not asked (:func:`kiosk.next_screen.after_questions`); the kiosk asks it.
    table_counts: bool = False

    def __post_init__(self) -> None:
        self._history: list[_Step] = []
        self._step = _Step(Screen.LANGUAGE)
        self.visits: list[ScreenVisit] = [ScreenVisit(Screen.LANGUAGE, self.clock())]
        self.ended: Ending | None = None
        # True from a session's end until the next session's catalogue is loaded (off the GUI
        # thread): a new session never starts on a half-loaded catalogue.
        self.starting = False
        self.suspended = False  # out of service (REL-09, REL-12): no new session until resumed
        self._forms: tuple[bytes, list[Form]] | None = None  # (state digest, forms) of the last forms()
        self._progress_shown = 0.0  # the progress bar's fraction so far: it never moves back

    # State -------------------------------------------------------------------------------
    @property
    def screen(self) -> Screen:
        return self._step.screen

    @property
    def detail(self) -> tuple[str, int | None] | int | None:
        return self._step.detail

    def _question_step(self) -> tuple[str, int | None] | None:
        detail = self._step.detail
        return detail if self.screen is Screen.QUESTION and isinstance(detail, tuple) else None

    def _index(self) -> int:
        return self._step.detail if isinstance(self._step.detail, int) else 0

    def question(self) -> Question | None:
        step = self._question_step()
        if step is not None and self.catalogue is not None:
            return self.catalogue.question(step[0])
        return None

    def date_choices(self) -> tuple[dt.date, ...]:
        """The days the current date question offers as one-tap answers (none: the pad alone)."""
        step = self._question_step()
        if step is None or self.catalogue is None:
            return ()
        return self.catalogue.date_choices(self.session, step[0], step[1])

    def question_person(self) -> int | None:
        """Index of the member a person-scope question is about (None: the household)."""
        step = self._question_step()
        return step[1] if step is not None else None

    def current_answer(self) -> Any:
        step = self._question_step()
        if step is None:
            return None
        qid, person = step
        answers = self.session.answers if person is None else self.session.members[person].answers
        return answers.get(qid)

    def current_member(self) -> Member | None:
        if self.screen is Screen.CARD and isinstance(self._step.detail, int):
            return self.session.members[self._step.detail]
        return None

    def forms(self) -> list[Form]:
        """The forms the session's answers and members call for. Remembered until those change:
        the screens ask several times per transition and the navigator evaluates every rule."""
        if self.catalogue is None:
            return []
        key = self._state_digest()
        if self._forms is None or self._forms[0] != key:
            self._forms = (key, self.catalogue.forms(self.session))
        return list(self._forms[1])

    def _state_digest(self) -> bytes:
        """A digest of everything the navigator's rules read (the catalogue in use, the answers, the
        members once confirmed, today's date). Only the digest is kept: no personal data outside
        the session."""
        session = self.session
        members = [(m.role, m.relationship, m.source, m.answers, m.card, m.values, m.stated_age)
                   for m in session.members] if session.members_confirmed else []
        state = repr((id(self.catalogue), dt.date.today(), session.answers, members)).encode("utf-8", "replace")
        return hashlib.blake2b(state, digest_size=16).digest()

    def current_form(self) -> Form | None:
        forms = self.forms()
        if self.screen is Screen.REVIEW and forms:
            return forms[min(self._index(), len(forms) - 1)]
        return None

    def progress(self) -> tuple[int, int]:
        """(answered, answered + the most that may still be asked): :func:`kiosk.next_screen.progress`."""
        return next_screen.progress(self.catalogue, self.session)

    def after_answer(self, value: Any) -> NextScreen:
        """Where answering the current question ``value`` would lead; the session is left as it
        is (the navigator is asked about a copy of the answers, :meth:`ResidentSession.with_answer`)."""
        step = self._question_step()
        if step is None:
            raise RuntimeError(f"answer on {self.screen}")
        return next_screen.after_questions(self.catalogue, self.session.with_answer(step[0], value, step[1]),
                                           table_counts=self.table_counts)

    def after_questions(self) -> NextScreen:
        """Where the journey goes when no answer changes (after the notice or the last card)."""
        return next_screen.after_questions(self.catalogue, self.session, table_counts=self.table_counts)

    def after_card(self, info: BasicInfo) -> NextScreen:
        """Where the journey goes once the current member's card, read and not yet taken, is kept
        and no other card is to be read; the session is left as it is."""
        member = self.current_member()
        if member is None:
            raise RuntimeError(f"card read on {self.screen}")
        index = self.session.members.index(member)
        return next_screen.after_questions(self.catalogue, self.session.with_card(index, info),
                                           table_counts=self.table_counts)

    def progress_fraction(self) -> float:
        """The share of the questions done, as the progress bar shows it: never less than it
        showed before in this session (going back does not move it backwards), and below 1
        while a question is still to be answered."""
        done, total = self.progress()
        fraction = done / total if total > 0 else 0.0
        self._progress_shown = max(self._progress_shown, fraction)
        return self._progress_shown

    # Transitions -------------------------------------------------------------------------
    def _go(self, step: _Step, remember: bool = True) -> None:
        if remember:
            self._history.append(self._step)
        self._step = step
        now = self.clock()
        self.visits[-1].seconds = now - self.visits[-1].started
        self.visits.append(ScreenVisit(step.screen, now))
        self.idle.touch()
        for listener in list(self.listeners):
            listener(self)

    def hold_start(self) -> None:
        """No new session until :meth:`ready` (the catalogue for it is being loaded)."""
        self.starting = True

    def ready(self, catalogue: Any = None) -> None:
        """The next session may start, on ``catalogue`` when one was loaded (None keeps the
        catalogue in use)."""
        if catalogue is not None:
            self.catalogue = catalogue
        self.starting = False
        for listener in list(self.listeners):
            listener(self)

    def suspend(self) -> None:
        """Out of service (REL-09, REL-12): no new session until :meth:`resume`, whatever
        :meth:`ready` says. A session in progress is not touched."""
        self.suspended = True
        for listener in list(self.listeners):
            listener(self)

    def resume(self) -> None:
        self.suspended = False
        for listener in list(self.listeners):
            listener(self)

    def choose_language(self, lang: str) -> None:
        if self.starting or self.suspended:
            return
        self.session.set_language(lang)
        if self.screen is Screen.LANGUAGE:
            self._go(_Step(Screen.NOTICE))

    def set_more_time(self, on: bool) -> None:
        """The resident's "ゆっくり" choice: longer timeouts until the session ends."""
        self.idle.set_more_time(on)
        for listener in list(self.listeners):
            listener(self)

    def switch_language(self, lang: str) -> None:
        """Language switch from any screen: keeps the data and the place (ML-05)."""
        self.session.set_language(lang)
        for listener in list(self.listeners):
            listener(self)

    def acknowledge_notice(self) -> None:
        self.session.notice_acknowledged = True
        self._advance_questions()

    def answer(self, value: Any) -> None:
        step = self._question_step()
        if step is None:
            raise RuntimeError(f"answer on {self.screen}")
        qid, person = step
        if person is None:
            self.session.set_answer(qid, value)
        else:
            self.session.members[person].answers[qid] = value
        self._advance_questions()

    def _advance_questions(self) -> None:
        """Household questions, then the members (and their cards), then person questions, then review."""
        where = self.after_questions()
        if where.screen is Screen.QUESTION:
            self._go(_Step(Screen.QUESTION, where.question))
            return
        if where.screen is Screen.MEMBERS:
            count = self.catalogue.member_count(self.session) if self.catalogue is not None else 1
            self.session.ensure_members(count)
            self._go(_Step(Screen.MEMBERS))
            return
        if self.catalogue is not None:
            self.session.procedures = list(self.catalogue.procedures(self.session))
        self._go_review(0)

    def counting_question(self) -> Question | None:
        """The question counting the household: the next one when it is that, else one answered
        already (a session resumed from the kiosk); None when the catalogue has none."""
        nxt = self.catalogue.next_question(self.session) if self.catalogue is not None else None
        answered = ((qid, None) for qid in self.session.answers)
        found = (next_screen.counting_question(self.catalogue, q) for q in (nxt, *answered))
        return next((q for q in found if q is not None), None)

    def choose_member_source(self, index: int, source: str) -> None:
        """Per member: read the card or enter by hand (no-card path)."""
        member = self.session.members[index]
        member.source = source
        if source == SOURCE_MANUAL:
            member.card.clear()

    def members_done(self) -> None:
        counting = self.counting_question() if self.table_counts else None
        if counting is not None:  # the table's rows answer the count it stood for
            self.session.set_answer(counting.id, len(self.session.members))
        self.session.members_confirmed = True
        self.session.assign_relationships()
        self._after_card()

    def card_read(self, info: CardRead | BasicInfo | Mapping[str, Any]) -> None:
        """Keep what the card gave for the current member. The 個人番号 is kept only when the
        catalogue port allows it (``kiosk.my_number_enabled``, PRIV-02)."""
        member = self.current_member()
        if member is None:
            raise RuntimeError(f"card read on {self.screen}")
        basic, number = (info.basic, info.my_number) if isinstance(info, CardRead) else (info, None)
        allowed = self.catalogue is not None and self.catalogue.my_number_enabled
        self.session.record_card(member, basic, my_number=number if allowed else None)
        self._after_card()

    def card_unavailable(self) -> None:
        """Blocked card, no card, reader gone: this member goes by hand; same review screen."""
        member = self.current_member()
        if member is not None:
            member.source = SOURCE_MANUAL
            member.card.clear()
        self._after_card()

    def _after_card(self) -> None:
        nxt = next_screen.next_card_member(self.session)
        if nxt is not None:
            self._go(_Step(Screen.CARD, nxt))
        else:
            self.session.assign_relationships()
            self._advance_questions()

    def _go_review(self, index: int) -> None:
        if self.catalogue is not None and index == 0:
            for values in self.catalogue.prefill_all(self.session):
                if values.form_id not in self.session.form_values:
                    self.session.store_form(values)
        if index < len(self.forms()):
            self._go(_Step(Screen.REVIEW, index))
        else:
            self._go(_Step(Screen.CONFIRM))

    def carry_derived(self) -> None:
        """Fill the empty derived household fields of every form from what the resident entered
        since the forms were prefilled (a name chosen in a person row becomes the filer's name on
        every sheet, through the field's derivation)."""
        if self.catalogue is None:
            return
        household = self.session.household
        for form in self.forms():
            values = self.session.form_values.get(form.id)
            if values is not None:
                for field_id in derive.update_derived(self.catalogue.catalogue, form, household, values):
                    self.session.protect(values.household[field_id])

    def review_done(self) -> list[Problem]:
        """Next form, or confirm; returns validation problems (then stays on this form)."""
        form = self.current_form()
        if form is not None and self.catalogue is not None:
            problems = self.catalogue.validate(form, self.session.form_values[form.id])
            if problems:
                return problems
        self._go_review(self._index() + 1)
        return []

    def confirm(self) -> None:
        self._go(_Step(Screen.RESULT))

    def back(self) -> bool:
        if not self._history or self.screen in (Screen.LANGUAGE, Screen.RESULT):
            return False
        self._go(self._history.pop(), remember=False)
        return True

    # Endings -----------------------------------------------------------------------------
    def tick(self) -> IdleState:
        """Called by the UI clock; on expiry ends the session with a full wipe."""
        if self.screen is Screen.LANGUAGE and self.session.is_empty():
            self.idle.reset()
            return IdleState.ACTIVE
        state = self.idle.state()
        if state is IdleState.EXPIRED:
            self.end(Ending.TIMEOUT)
        return state

    def end(self, how: Ending) -> None:
        """End the session: wipe everything and return to the language screen."""
        self.ended = how
        now = self.clock()
        self.visits[-1].seconds = now - self.visits[-1].started
        for callback in list(self.on_end):
            callback(how)
        self.session.wipe()
        self.idle.set_more_time(False)  # the next resident starts with the standard timeouts
        self._forms = None
        self._progress_shown = 0.0
        self.idle.reset()
        self._history.clear()
        self._step = _Step(Screen.LANGUAGE)
        self.visits = [ScreenVisit(Screen.LANGUAGE, now)]
        for listener in list(self.listeners):
            listener(self)

    def visit_seconds(self) -> list[tuple[str, float]]:
        """(screen, seconds) of each screen shown this session, in order (the outcome figures)."""
        return [(v.screen.value if isinstance(v.screen, Screen) else v.screen, v.seconds) for v in self.visits]

    def screen_seconds(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for visit in self.visits:
            out[visit.screen] = out.get(visit.screen, 0.0) + visit.seconds
        return out

