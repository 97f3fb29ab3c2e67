"""The counter's one domain object: the kiosk's Journey (navigator, household, forms) driven by a
clerk, watched by two windows (the clerk's and the resident's). Neither window talks to the other:
both call the methods here and redraw from :class:`CounterState`, sent through the
:class:`CounterView` port at every change. Qt-free.

Counter conveniences over the kiosk's journey (the journey itself is unchanged):
- "everyone": an answer to a person question given for everyone is reused for each later person
  the same question is asked about (the navigator still decides whom it asks);
- the household table is open-ended and its rows count the household, which is not asked
  (:mod:`kiosk.counter.household_rows`);
- a name the clerk types as the given name alone takes the household's family name once the
  person is known to be a Japanese national (:mod:`kiosk.counter.names`); one typed as its reading
  in romaji is chosen in kanji by number;
- the PIN is never seen here: the resident types it on their own pad; only the digit count is
  reported (for the clerk's "PIN entry on the resident screen — 3 digits").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from kiosk.card.reader import CardRead
from kiosk.catalogue.model import Form, FormField, FormValues
from kiosk.counter.household_rows import HouseholdRows
from kiosk.counter.names import GivenNames
from kiosk.journey import CataloguePort, Ending, Journey, Screen
from kiosk.ks1.trust import TrustStore
from kiosk.log import get_logger
from kiosk.ports import Problem
from kiosk.resume import ResumePayload, read_resume, restore
from kiosk.session import SOURCE_CARD, Member, ResidentSession

LOG = get_logger(__name__)

Answer = str | int | bool | dt.date


class CardStage(StrEnum):
    NONE = "none"
    PLACE = "place"
    CHECKING = "checking"
    PIN = "pin"
    READING = "reading"
    TAKE = "take"
    BLOCKED = "blocked"
    FAILED = "failed"
    REMOVED = "removed"  # taken off the reader before it was read (SEC-06): nothing lost, waiting for it again


@dataclass(frozen=True)
class CounterState:
    """What both windows show; no personal data beyond what the session holds."""

    screen: Screen
    language: str
    question_id: str | None = None
    question_person: int | None = None
    form_id: str | None = None
    card_member: int | None = None
    card_stage: CardStage = CardStage.NONE
    tries_left: int | None = None
    pin_digits: int = 0  # how many digits the resident has typed (never the digits)
    resident_confirmed: bool = False  # the resident confirmed the form under review
    problems: tuple[Problem, ...] = ()
    message_key: str = ""  # a typed error's message key for the clerk (e.g. a refused resume code)
    progress: tuple[int, int] = (0, 0)
    answered: Answered | None = None  # the last answer recorded (the resident sees it chosen)


@dataclass(frozen=True)
class Answered:
    """The answer the clerk last recorded, for the resident's screen to show as chosen;
    ``serial`` tells one answer from the next (the same value may be given twice)."""

    serial: int
    question_id: str
    person: int | None
    value: Answer


class CounterView(Protocol):
    def counter_changed(self, state: CounterState) -> None: ...


@dataclass(frozen=True)
class ReceivedSheet:
    """A finished sheet as the divisions will receive it: ids only."""

    form_id: str
    sheet_id: str


@dataclass
class CounterController(HouseholdRows):
    journey: Journey
    counter_id: str = "counter"
    views: list[CounterView] = field(default_factory=list)
    received: list[list[ReceivedSheet]] = field(default_factory=list)  # bundles handed on (ids only)
    postal_areas: str = ""  # JIS X 0402 code of the town's postal areas (kiosk.town_areas); "" : none

    def __post_init__(self) -> None:
        self._sticky: dict[str, Answer] = {}
        self._towns: dict[int | None, str] = {}  # the town a postal code filled in (household / person row)
        self._card = CardStage.NONE
        self._tries: int | None = None
        self._pin_digits = 0
        self._confirmed = False
        self._problems: tuple[Problem, ...] = ()
        self._message = ""
        self._given = GivenNames()  # names typed as the given name alone (kiosk.counter.names)
        self._answered: Answered | None = None
        self.journey.listeners.append(self._journey_changed)
        self.journey.on_end.append(self._ended)

    def _ended(self, _how: Ending) -> None:
        self._answered = None  # nothing of the resident's answers stays for the next (PRIV-08)

    @classmethod
    def create(cls, catalogue: CataloguePort, *, counter_id: str = "counter", language: str = "ja") -> CounterController:
        return cls(Journey(ResidentSession(language), catalogue, table_counts=True), counter_id)

    # State ------------------------------------------------------------------------------------
    def state(self) -> CounterState:
        j = self.journey
        form = j.current_form()
        member = j.current_member()
        question = j.question()
        return CounterState(
            screen=j.screen, language=self.session.language,
            question_id=question.id if question is not None else None, question_person=j.question_person(),
            form_id=form.id if form is not None else None,
            card_member=self.session.members.index(member) if member is not None else None,
            card_stage=self._card if member is not None else CardStage.NONE, tries_left=self._tries,
            pin_digits=self._pin_digits, resident_confirmed=self._confirmed, problems=self._problems,
            message_key=self._message, progress=j.progress(), answered=self._answered,
        )

    def add_view(self, view: CounterView) -> None:
        self.views.append(view)
        view.counter_changed(self.state())

    def _emit(self) -> None:
        state = self.state()
        for view in list(self.views):
            view.counter_changed(state)

    def _journey_changed(self, _journey: Journey) -> None:
        self._confirmed = False
        self._problems = ()
        if self._auto_answer():
            return
        self._complete_names()
        if self.journey.screen is Screen.REVIEW:
            self._typed_into_forms()
        self._emit()

    def _typed_into_forms(self) -> None:
        """What the clerk typed in the household table (a child's name, its reading) fills the
        same empty fields of each form's person rows, as the kiosk's review screen would."""
        session = self.session
        for form_id, values in session.form_values.items():
            rows = session.form_rows.get(form_id, [])
            for row, person in enumerate(values.persons):
                if row >= len(rows) or rows[row] >= len(session.members):
                    continue
                member = session.members[rows[row]]
                for field_id, typed in member.values.items():
                    if field_id in person and person[field_id] in (None, ""):
                        session.set_form_value(form_id, field_id, typed, row)

    # Start and resume ---------------------------------------------------------------------------
    def start(self, language: str) -> None:
        """A new resident at the counter, in their language; the 利用目的 notice comes next
        (shown on the resident's screen, PRIV-01)."""
        self._message = ""
        self._given.clear()
        self._answered = None
        self.journey.choose_language(language)

    def acknowledge_notice(self) -> None:
        self.journey.acknowledge_notice()

    def resume(self, text: str, *, trust: TrustStore, claim: Callable[[str], bool], issuer: int | None = None,
               now: dt.datetime | None = None) -> ResumePayload | None:
        """Scan of a resume code from the kiosk's guide slip: verify, claim (single use), restore
        and continue where the resident left off. A refused code leaves the counter as it was
        and sets :attr:`CounterState.message_key`."""
        from kiosk.resume import ResumeError

        if self.journey.screen is not Screen.LANGUAGE or not self.session.is_empty():
            self.journey.end(Ending.STAFF)
        try:
            payload = read_resume(text, trust=trust, now=now or dt.datetime.now(dt.UTC), claim=claim, issuer=issuer)
        except ResumeError as exc:
            LOG.info("resume code refused: %s", exc.key)
            self._message = exc.key
            self._emit()
            return None
        self._message = "counter.resume_restored"
        self._given.clear()
        restore(self.session, payload)
        self.journey.choose_language(payload.language)
        if payload.members_confirmed:
            self.journey.members_done()
        else:
            self.journey.acknowledge_notice()
        return payload

    # Questions -----------------------------------------------------------------------------------
    def answer(self, value: Answer, *, everyone: bool = False) -> None:
        """Answer the question on screen; ``everyone``: the same answer for each later person
        this question is asked about."""
        question = self.journey.question()
        if question is None:
            return
        if everyone and question.scope == "person":
            self._sticky[question.id] = value
        serial = self._answered.serial + 1 if self._answered is not None else 1
        self._answered = Answered(serial, question.id, self.journey.question_person(), value)
        self.journey.answer(value)

    def _auto_answer(self) -> bool:
        question = self.journey.question()
        if question is None or self.journey.question_person() is None or question.id not in self._sticky:
            return False
        self.journey.answer(self._sticky[question.id])
        return True

    # Card: the resident's own hands and pad ------------------------------------------------------
    def card_stage(self, stage: CardStage, tries: int | None = None) -> None:
        self._card = stage
        if tries is not None:
            self._tries = tries
        if stage is not CardStage.PIN:
            self._pin_digits = 0
        self._emit()

    def pin_progress(self, digits: int) -> None:
        """Only the count of digits typed on the resident's pad (SEC-04: never the digits)."""
        self._pin_digits = digits
        self._emit()

    def tell(self, key: str) -> None:
        """A message for the clerk (a typed error's key, such as the held PIN pad's), shown
        until another replaces it or the next resident starts."""
        self._message = key
        self._emit()

    def card_read(self, read: CardRead) -> None:
        self._card, self._tries, self._pin_digits = CardStage.NONE, None, 0
        self.journey.card_read(read)

    def card_unavailable(self) -> None:
        self._card, self._tries, self._pin_digits = CardStage.NONE, None, 0
        self.journey.card_unavailable()

    def current_card_member(self) -> Member | None:
        member = self.journey.current_member()
        return member if member is not None and member.source == SOURCE_CARD else None

    # Review: the clerk fills in, the resident confirms -------------------------------------------
    def form(self) -> Form | None:
        return self.journey.current_form()

    def values(self) -> FormValues | None:
        form = self.form()
        return self.session.form_values.get(form.id) if form is not None else None

    def set_value(self, ff: FormField, person: int | None, value: object) -> None:
        """A value typed by the clerk, on every form with that field (typed once); a postal code
        fills prefecture and town as on the kiosk's review screen."""
        form = self.form()
        if form is None:
            return
        town = self._towns.get(person)
        if ff.field.kind.fills_town and town and isinstance(value, str) and not value.startswith(town):
            value = town + value  # the clerk types only 番地 and building after the town filled in
        self.session.set_value_everywhere(form.id, ff.id, value, person)
        self.journey.carry_derived()  # e.g. the filer's address from the new address, as on the kiosk
        if ff.field.kind.looks_up_town and isinstance(value, str) and value.isdigit():
            self._fill_town(form, person, value)
        self._confirmed = False
        self._emit()

    def _fill_town(self, form: Form, person: int | None, code: str) -> None:
        catalogue = self.journey.catalogue
        town = catalogue.lookup_postal_code(code) if catalogue is not None else None
        if not town:
            self._message = "resident.postal_unknown"
            return
        fields = form.fields if person is None else form.persons.fields if form.persons is not None else ()
        target = next((f for f in fields if f.field.kind.fills_town), None)
        if target is None:
            return
        values = self.session.form_values[form.id]
        current = values.household.get(target.id) if person is None else values.persons[person].get(target.id)
        self._towns[person] = town
        if not current or not str(current).startswith(town):
            self.session.set_value_everywhere(form.id, target.id, town, person)

    def resident_confirms(self) -> list[Problem]:
        """The resident confirmed the form on their screen: on to the next form, unless the form
        has problems (then it stays, the problems shown to the clerk)."""
        if self.journey.screen is not Screen.REVIEW:
            return []
        self._confirmed = True
        return self.next_form()

    def next_form(self) -> list[Problem]:
        """Moves on once the resident confirmed (problems keep the form on screen)."""
        if self.journey.screen is not Screen.REVIEW or not self._confirmed:
            return []
        problems = self.journey.review_done()
        if problems:
            self._problems = tuple(problems)
            self._emit()
        return problems

    def confirm(self) -> None:
        if self.journey.screen is Screen.CONFIRM:
            self.journey.confirm()

    # The finished bundle ---------------------------------------------------------------------------
    def bundle_received(self, sheets: Sequence[ReceivedSheet]) -> None:
        """A finished bundle was received at the counter. Its sheets joined their divisions'
        queues as they printed (``Output.produce(received_at=…)`` → ``kiosk.routing.receive_bundle``);
        this keeps the ids for the clerk's screen and logs them."""
        bundle = list(sheets)
        self.received.append(bundle)
        LOG.info("bundle received at %s: %s", self.counter_id,
                 ", ".join(f"{s.form_id}:{s.sheet_id}" for s in bundle) or "(empty)")

    def finish(self) -> None:
        """The resident leaves: everything of theirs is wiped."""
        self._sticky.clear()
        self._towns.clear()
        self._given.clear()
        self._card, self._tries, self._pin_digits, self._message = CardStage.NONE, None, 0, ""
        self.journey.end(Ending.COMPLETED)
