"""The household navigator: which questions to ask now, and which procedures and forms apply.

A :class:`kiosk.household.Household` holds the household answers and the members (the
resident session's own members: birth date or age, sex, relationship and per-person answers). Conditions in ``forms/navigator.yaml`` are evaluated with
the safe expression language over::

    answers  the household answers (only those of questions that are currently relevant)
    persons  one mapping per person: age, school_age, birth_date, sex, relationship, index, card_read and
             the person's answers by question id
    person   (person questions, person rows of a form) the person in question
    today    the reference date: the move date if answered, else the date given, else today

An answer that another answer of the household contradicts (``cross_checks``, e.g. a 第3号
spouse when no member is 第2号) is read as the cross-check says, by the rules and the forms alike.

Qt-free; the resident screens and ``kiosk navigate`` use it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.catalogue import expr
from kiosk.catalogue.model import Catalogue, Form, Procedure, Question
from kiosk.catalogue.types.dates import window_days
from kiosk.errors import ExpressionError, ValidationError
from kiosk.household import Household, parse_date
from kiosk.log import get_logger

__all__ = [
    "QUESTION_KINDS", "Household", "State", "answer", "check_answer", "environment", "form_rows", "forms_for",
    "next_question", "pending", "procedures_for", "visible_questions",
]

log = get_logger(__name__)

QUESTION_KINDS = ("yes_no", "choice", "count", "date")


def _holds(condition: str | None, env: dict[str, Any], where: str) -> bool:
    if condition is None:
        return True
    try:
        return expr.parse(condition).evaluate(env) is True
    except ExpressionError as exc:
        log.warning("condition of %s could not be evaluated: %s", where, exc.detail)
        return False


class State:
    """Answers restricted to the questions that are relevant, evaluated in question order.
    Build it once and call :meth:`env` for each person when evaluating many conditions."""

    def __init__(self, catalogue: Catalogue, household: Household) -> None:
        self.household = household
        self.answers: dict[str, Any] = {}
        self.person_answers: list[dict[str, Any]] = [{} for _ in household.members]
        self.visible: list[tuple[Question, int | None]] = []
        self._persons: list[dict[str, Any]] | None = None  # the person views, once the answers are settled
        # Each person's age, sex, … computed once; only the answers change while they are settled.
        self._bases = [household.person_view(i, {}) for i in range(len(household.members))]
        # Answers known without asking (a question's ``known``): never asked, read as given.
        self.known: set[tuple[str, int | None]] = set()
        for q in catalogue.questions:
            if q.scope == "household":
                if _holds(q.when, self.env(), f"question {q.id}"):
                    self.visible.append((q, None))
                    if q.id in household.answers:
                        self.answers[q.id] = household.answers[q.id]
                    elif q.known is not None and _holds(q.known.when, self.env(), f"question {q.id} known"):
                        self.answers[q.id] = q.known.answer
                        self.known.add((q.id, None))
            else:
                for i, member in enumerate(household.members):
                    if _holds(q.when, self.env(person=i), f"question {q.id}"):
                        self.visible.append((q, i))
                        given = member.answers
                        if q.id in given:
                            self.person_answers[i][q.id] = given[q.id]
                        elif q.known is not None and _holds(q.known.when, self.env(person=i), f"question {q.id} known"):
                            self.person_answers[i][q.id] = q.known.answer
                            self.known.add((q.id, i))
        self._cross_check(catalogue)
        self._persons = self._person_views()  # every condition evaluated from now on reads these

    def _cross_check(self, catalogue: Catalogue) -> None:
        """Read an answer that another answer of the household contradicts as the cross-check says
        (``cross_checks`` in navigator.yaml), judged on the answers as given."""
        changes: list[tuple[int, str, str]] = []
        for check in catalogue.cross_checks:
            for i, given in enumerate(self.person_answers):
                if given.get(check.question) == check.answer and _holds(check.when, self.env(person=i), f"cross-check {check.question}"):
                    changes.append((i, check.question, check.becomes))
        for i, question, becomes in changes:
            self.person_answers[i][question] = becomes

    def persons(self) -> list[dict[str, Any]]:
        return self._persons if self._persons is not None else self._person_views()

    def _person_views(self) -> list[dict[str, Any]]:
        """What :meth:`Household.person_view` gives for each person with the relevant answers."""
        return [{**base, **answers} for base, answers in zip(self._bases, self.person_answers, strict=True)]

    def env(self, person: int | None = None) -> dict[str, Any]:
        persons = self.persons()
        env: dict[str, Any] = {"answers": dict(self.answers), "persons": persons, "today": self.household.on}
        if person is not None:
            env["person"] = persons[person]
        return env


def environment(catalogue: Catalogue, household: Household, person: int | None = None) -> dict[str, Any]:
    """The evaluation environment with only relevant answers (see module docstring)."""
    return State(catalogue, household).env(person)


def visible_questions(catalogue: Catalogue, household: Household) -> list[Question]:
    """Questions relevant now: household questions whose condition holds, and person questions
    whose condition holds for at least one person (in catalogue order)."""
    seen: list[Question] = []
    for q, _person in State(catalogue, household).visible:
        if q not in seen:
            seen.append(q)
    return seen


def pending(catalogue: Catalogue, household: Household) -> list[tuple[Question, int | None]]:
    """Every (question, person index or None) still to answer, in the order to ask them (a
    question whose answer is known without asking, its ``known``, is not among them):
    household questions before the first person question, then each person's questions in turn,
    then the remaining household questions."""
    state = State(catalogue, household)
    first_person = next((k for k, q in enumerate(catalogue.questions) if q.scope == "person"), len(catalogue.questions))
    order = {q.id: k for k, q in enumerate(catalogue.questions)}

    def rank(item: tuple[Question, int | None]) -> tuple[int, int, int]:
        q, person = item
        if person is None:
            return (0 if order[q.id] < first_person else 2, 0, order[q.id])
        return (1, person, order[q.id])

    out: list[tuple[Question, int | None]] = []
    for q, person in sorted(state.visible, key=rank):
        given = household.answers if person is None else household.members[person].answers
        if q.id not in given and (q.id, person) not in state.known:
            out.append((q, person))
    return out


def next_question(catalogue: Catalogue, household: Household) -> tuple[Question, int | None] | None:
    """The next question to ask and the person it is about (None: the household); None when done."""
    todo = pending(catalogue, household)
    return todo[0] if todo else None


def date_choices(catalogue: Catalogue, household: Household, question: Question,
                 person: int | None = None) -> tuple[dt.date, ...]:
    """The days a date question offers as one-tap answers (its first ``choices`` window whose
    ``when`` holds, nearest to today first; today is the household's reference date, never the
    move date answered before); none: the date pad alone."""
    if question.kind != "date" or not question.choices:
        return ()
    env = State(catalogue, household).env(person)
    for window in question.choices:
        if _holds(window.when, env, f"question {question.id} choices"):
            return window_days(window, household.today)
    return ()


def check_answer(question: Question, value: Any) -> Any:
    """The value normalised for ``question``; raises ValidationError (key catalogue.*) otherwise."""
    if question.kind == "yes_no" and isinstance(value, bool):
        return value
    if question.kind == "choice" and isinstance(value, str) and value in {o.code for o in question.options}:
        return value
    if question.kind == "count" and isinstance(value, int) and not isinstance(value, bool):
        low = question.minimum if question.minimum is not None else 0
        if value < low or (question.maximum is not None and value > question.maximum):
            raise ValidationError(f"{question.id}: {value} out of range", key="catalogue.out_of_range")
        return value
    if question.kind == "date":
        day = parse_date(value) if isinstance(value, str) else value
        if isinstance(day, dt.date):
            return day
        raise ValidationError(f"{question.id}: not a date", key="catalogue.not_a_date")
    raise ValidationError(f"{question.id}: not a valid answer", key="catalogue.not_an_option")


def answer(household: Household, question: Question, value: Any, person: int | None = None) -> None:
    """Record an answer (checked against the question's kind)."""
    value = check_answer(question, value)
    if question.scope == "person":
        if person is None or not 0 <= person < len(household.members):
            raise ValidationError(f"{question.id}: which person?", key="catalogue.bad_household")
        household.members[person].answers[question.id] = value
    else:
        household.answers[question.id] = value


def procedures_for(catalogue: Catalogue, household: Household) -> list[Procedure]:
    """Procedures whose rule holds, in catalogue order."""
    env = environment(catalogue, household)
    return [p for p in catalogue.procedures.values() if _holds(p.when, env, f"rule {p.id}")]


def forms_for(catalogue: Catalogue, household: Household) -> list[Form]:
    """The forms of the applicable procedures, each once, in procedure order."""
    out: list[Form] = []
    for procedure in procedures_for(catalogue, household):
        for form_id in procedure.forms:
            form = catalogue.forms.get(form_id)
            if form and form not in out:
                out.append(form)
    return out


def form_rows(catalogue: Catalogue, form: Form, household: Household, state: State | None = None) -> list[int]:
    """Indexes of the persons who get a row on ``form`` (its ``who`` condition), at most max_rows."""
    if form.persons is None:
        return []
    state = state or State(catalogue, household)
    rows = [i for i in range(len(household.members)) if _holds(form.persons.who, state.env(person=i), f"form {form.id} persons")]
    return rows[: form.persons.max_rows]
