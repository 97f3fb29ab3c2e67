"""How many questions may still be asked: an upper bound for the progress indicator.

:func:`kiosk.catalogue.navigator.pending` lists what is to be asked given what is known now;
before the household's members are known (their number, their birth dates from the cards or as
entered) it cannot list their questions. :func:`questions_left` counts, besides the pending
questions, every question that may still become relevant: its condition holds, or it reads
something not known yet (an unanswered question, a person whose birth date is not known) and
could hold once that is known. Conditions are judged three-valued over ``and``/``or``: a part
that reads only known names and is false makes an ``and`` false whatever the rest.

Answering a question, or learning a member's details, never raises the bound: the set it counts
only loses members. The progress indicator built on it (:meth:`kiosk.journey.Journey.progress`)
therefore never moves backwards and never reads full before the last question. Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kiosk.catalogue import expr
from kiosk.catalogue.checks import question_reads
from kiosk.catalogue.exprtree import Binary, Node
from kiosk.catalogue.model import Catalogue, Question
from kiosk.catalogue.navigator import State
from kiosk.errors import ExpressionError
from kiosk.household import Household

__all__ = ["questions_left"]

Unknown = Callable[[str], bool]


def _may_hold(node: Node, env: Mapping[str, Any], unknown: Unknown) -> bool:
    """False only when the condition is false whatever the names not known yet turn out to be."""
    if not any(unknown(name) for name in node.names()):
        try:
            return node.eval(env) is True
        except ExpressionError:
            return False
    if isinstance(node, Binary) and node.op == "and":
        return _may_hold(node.left, env, unknown) and _may_hold(node.right, env, unknown)
    if isinstance(node, Binary) and node.op == "or":
        return _may_hold(node.left, env, unknown) or _may_hold(node.right, env, unknown)
    return True


def _condition_may_hold(text: str | None, env: Mapping[str, Any], unknown: Unknown) -> bool:
    if text is None:
        return True
    try:
        return _may_hold(expr.parse(text).root, env, unknown)
    except ExpressionError:
        return False


def _member_count(catalogue: Catalogue, household: Household, members_known: bool) -> int:
    """The number of members, or the most there may be while it is not known (the count
    question's answer, else its maximum)."""
    if members_known:
        return len(household.members)
    most = 1
    for q in catalogue.questions:
        if q.scope == "household" and q.kind == "count":
            given = household.answers.get(q.id)
            if isinstance(given, int) and not isinstance(given, bool):
                return max(1, given)
            most = max(most, q.maximum if q.maximum is not None else 1)
    return most


def questions_left(catalogue: Catalogue, household: Household, *, members_known: bool) -> int:
    """An upper bound of the questions still to be asked of ``household`` (each household
    question once, each person question once per member). ``members_known``: the members are
    confirmed (their number is final; a member with no birth date yet, e.g. whose card is still
    to be read, counts as unknown)."""
    state = State(catalogue, household)

    person_ids = {q.id for q in catalogue.questions if q.scope == "person"}
    open_household = {q.id for q in catalogue.questions
                      if q.scope == "household" and q.id not in state.answers and q.id not in household.answers}
    known_people = [members_known and i < len(household.members) and household.members[i].age(household.on) is not None
                    for i in range(len(household.members))]
    # The people's ages and answers are final once no open household answer can still change them
    # (a household question asked after the people's own, such as 公金受取口座, cannot).
    persons_settled = members_known and all(known_people) and not open_household & _read_by_persons(catalogue)
    persons_answered = persons_settled and all(q.id in state.person_answers[i] for q, i in state.visible if i is not None)

    def household_unknown(name: str) -> bool:
        root, _, rest = name.partition(".")
        if root == "answers":
            return rest in open_household
        if root == "item" and rest in person_ids:
            return not persons_answered
        if root in ("persons", "item"):
            return not persons_settled
        if root == "today":
            return "move_date" in open_household
        return False

    left = 0
    for q in catalogue.questions:
        if q.scope != "household" or q.id in state.answers or q.id in household.answers:
            continue
        if _condition_may_hold(q.when, state.env(), household_unknown):
            left += 1
    count = _member_count(catalogue, household, members_known)
    for i in range(count):
        present = members_known and i < len(household.members)
        known = present and known_people[i]
        answered: Mapping[str, Any] = state.person_answers[i] if present else {}
        given: Mapping[str, Any] = household.members[i].answers if present else {}
        env: dict[str, Any] = state.env(person=i) if present else {**state.env(), "person": {}}

        def person_unknown(name: str, known: bool = known, answered: Mapping[str, Any] = answered) -> bool:
            root, _, rest = name.partition(".")
            if root == "person":
                return rest not in answered if rest in person_ids else not known
            return household_unknown(name)

        for q in _person_questions(catalogue):
            if q.id in answered or q.id in given:
                continue
            if _condition_may_hold(q.when, env, person_unknown):
                left += 1
    return left


def _read_by_persons(catalogue: Catalogue) -> set[str]:
    """The household questions whose answers the people's views may depend on: those read by a
    person question's condition or ``known``, or by a cross-check, and the move date (ages are
    taken at it)."""
    household = {q.id for q in catalogue.questions if q.scope == "household"}
    conditions = [c for q in _person_questions(catalogue) for c in (q.when, q.known.when if q.known else None)]
    conditions += [check.when for check in catalogue.cross_checks]
    return {"move_date"}.union(*(question_reads(text, household) for text in conditions if text))


def _person_questions(catalogue: Catalogue) -> list[Question]:
    return [q for q in catalogue.questions if q.scope == "person"]
