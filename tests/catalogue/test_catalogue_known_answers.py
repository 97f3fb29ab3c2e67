"""Answers known without asking (a question's ``known`` in navigator.yaml) and the bound of the
questions still to come (kiosk.catalogue.reach) over the law's sample households."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from catalogue_helpers import check, replace_text

from kiosk.catalogue import navigator, reach
from kiosk.catalogue.loader import load_catalogue
from kiosk.household import Household, Member

CATALOGUE = load_catalogue()


def test_a_read_card_answers_has_card() -> None:
    q = next(q for q in CATALOGUE.questions if q.id == "has_card")
    assert q.known is not None and q.known.answer is True and "card_read" in q.known.when


@pytest.mark.parametrize(("old", "new", "message"), [
    ("known: {when: person.card_read, answer: true}", "known: {when: person.card_red, answer: true}", "unknown answer 'person.card_red'"),
    ("known: {when: person.card_read, answer: true}", "known: {when: person.card_read, answer: maybe}", "is not an answer to 'has_card'"),
    ("known: {when: person.card_read, answer: true}", "known: {when: person.has_card != false, answer: true}", "question cycle"),
])
def test_a_wrong_known_is_refused_with_its_file_and_line(forms_copy: Path, capsys: pytest.CaptureFixture[str],
                                                         old: str, new: str, message: str) -> None:
    nav = forms_copy / "navigator.yaml"
    replace_text(nav, old, new)
    assert check(forms_copy) == 1
    err = capsys.readouterr().err
    assert message in err and "navigator.yaml:" in err


def _bounds(sample: dict) -> list[tuple[int, int]]:
    """(bound, questions pending) at each step of asking the sample household, as the kiosk
    asks: household questions, then the members become known, then each person's questions, then
    the household questions placed after them (公金受取口座)."""
    full = Household.from_dict(copy.deepcopy(sample))
    household = Household(answers={}, members=[])
    steps: list[tuple[int, int]] = []

    def step(members_known: bool) -> None:
        pending = navigator.pending(CATALOGUE, household) if members_known or not household.members else []
        steps.append((reach.questions_left(CATALOGUE, household, members_known=members_known), len(pending)))

    step(False)
    while (found := navigator.next_question(CATALOGUE, household)) is not None:
        q, _ = found
        household.answers[q.id] = full.answers.get(q.id, False)
        step(False)
    household.members = [Member(relationship=m.relationship, values=dict(m.values), stated_age=m.stated_age)
                         for m in full.members]
    step(True)
    while (found := navigator.next_question(CATALOGUE, household)) is not None:
        q, person = found  # each person's questions, then the household's asked after them
        if person is None:
            household.answers[q.id] = full.answers.get(q.id, False)
        else:
            household.members[person].answers[q.id] = full.members[person].answers.get(q.id, False)
        step(True)
    return steps


@pytest.mark.parametrize("name", sorted(CATALOGUE.samples))
def test_the_bound_is_never_short_and_only_falls(name: str) -> None:
    steps = _bounds(CATALOGUE.samples[name])
    assert all(bound >= pending for bound, pending in steps), steps
    assert all(later <= earlier for (earlier, _), (later, _) in zip(steps, steps[1:], strict=False)), steps
    assert steps[-1] == (0, 0)


def test_the_bound_before_the_household_size_counts_the_largest_household() -> None:
    empty = Household(answers={}, members=[])
    six = reach.questions_left(CATALOGUE, empty, members_known=False)
    one = reach.questions_left(CATALOGUE, Household(answers={"household_size": 1}, members=[]), members_known=False)
    assert six > one > 0
