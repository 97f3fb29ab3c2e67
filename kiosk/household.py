"""The one household model: the answers and the members, as the resident session holds them and
as the navigator, the derivations and the forms read them.

A :class:`Member` keeps what the card gave, what was typed by hand and the person's answers; its
age, sex and birth date are computed here and nowhere else. A :class:`Household` is the answers
plus the members; :attr:`kiosk.session.ResidentSession.household` is the resident's own, and
:meth:`Household.from_dict` reads the YAML/JSON household format (samples, ``kiosk navigate``).
Qt-free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from kiosk.catalogue import expr
from kiosk.errors import ValidationError

# ISO 5218 sex code (card, sex buttons of the members screen) → ``person.sex`` option code.
SEX_OPTIONS: Final[Mapping[str, str]] = {"1": "male", "2": "female"}


def sex_option(code: object) -> str | None:
    """The ``person.sex`` option code for an ISO 5218 code or an option code; None otherwise."""
    text = "" if code is None else str(code)
    if text in SEX_OPTIONS.values():
        return text
    return SEX_OPTIONS.get(text)


@dataclass
class Member:
    """One household member as the resident described them."""

    role: str = "person"  # "person", then "adult" or "child" once the age is known
    relationship: str = ""  # person.relationship code: head, spouse, child, ...
    source: str | None = None  # SOURCE_CARD, SOURCE_MANUAL or None (not yet decided)
    answers: dict[str, Any] = field(default_factory=dict)  # person-scope navigator answers
    card: dict[str, Any] = field(default_factory=dict)  # BasicInfo fields as read from the card
    values: dict[str, Any] = field(default_factory=dict)  # typed by hand, keyed by field id
    stated_age: int | None = None  # a household file may give an age instead of a birth date

    @property
    def birth_date(self) -> dt.date | None:
        value = self.card.get("birth_date") or self.values.get("person.birth_date")
        return value if isinstance(value, dt.date) else None

    @property
    def sex(self) -> str | None:
        """``male``, ``female`` or None (from the card, else as entered by hand)."""
        return sex_option(self.card.get("sex") or self.values.get("person.sex"))

    def typed_values(self) -> dict[str, Any]:
        """What was entered by hand, in the fields' own terms (the sex as its ``person.sex``
        option code rather than the ISO 5218 code the sex buttons and keys give)."""
        sex = sex_option(self.values.get("person.sex"))
        return {**self.values, **({"person.sex": sex} if sex else {})}

    @property
    def name(self) -> str | None:
        """The name as the card gives it, else as chosen or typed on the review screen."""
        value = self.card.get("name") or self.values.get("person.name")
        return value if isinstance(value, str) and value else None

    @property
    def name_kana(self) -> str | None:
        """The reading of the name the resident confirmed or typed (the card holds none)."""
        value = self.values.get("person.name_kana")
        return value if isinstance(value, str) and value else None

    def age(self, on: dt.date | None = None) -> int | None:
        """Age on ``on`` (default today); the stated age when no birth date is known."""
        born = self.birth_date
        if born is None:
            return self.stated_age
        return expr.age_at(born, on or dt.date.today())

    def school_age(self, on: dt.date) -> int | None:
        """Age by school year (学齢) on ``on``; the plain age when no birth date is known."""
        born = self.birth_date
        return expr.school_age(born, on) if born is not None else self.age(on)

    def card_record(self) -> dict[str, Any] | None:
        """What the card gave, with the sex as its ``person.sex`` option code (None: no card)."""
        if not self.card:
            return None
        return {**self.card, "sex": sex_option(self.card.get("sex"))}

    def wipe(self) -> None:
        self.card.clear()
        self.values.clear()
        self.answers.clear()
        self.source = None
        self.stated_age = None


@dataclass
class Household:
    """The household answers (question id → value) and the members, in order."""

    answers: dict[str, Any] = field(default_factory=dict)
    members: list[Member] = field(default_factory=list)
    reference_date: dt.date | None = None  # "today" for age calculations when no move date

    @classmethod
    def from_dict(cls, data: object) -> Household:
        """From the YAML/JSON household format (``forms/schema/household.schema.json``)."""
        if not isinstance(data, dict):
            raise ValidationError("a household is a mapping with answers and persons", key="catalogue.bad_household")
        members = [_member(raw) for raw in data.get("persons") or []]
        answers = dict(data.get("answers") or {})
        for key, value in list(answers.items()):
            if isinstance(value, str) and key.endswith("date"):
                answers[key] = parse_date(value)
        return cls(answers=answers, members=members)

    @property
    def today(self) -> dt.date:
        """Today: the date given, else the calendar's."""
        return self.reference_date or dt.date.today()

    @property
    def on(self) -> dt.date:
        """The reference date: the move date if answered, else the date given, else today."""
        move = self.answers.get("move_date")
        if isinstance(move, dt.date):
            return move
        return self.reference_date or dt.date.today()

    def person_view(self, index: int, answers: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Member ``index`` as conditions see it: index, age, school_age, birth_date, sex,
        relationship, name, name_kana, card_read (their card was read) and the answers (``answers``, or
        all of the member's own)."""
        member = self.members[index]
        on = self.on
        view: dict[str, Any] = {
            "index": index, "age": member.age(on), "school_age": member.school_age(on),
            "birth_date": member.birth_date, "sex": member.sex, "relationship": member.relationship or None,
            "name": member.name, "name_kana": member.name_kana, "card_read": bool(member.card),
        }
        view.update(member.answers if answers is None else answers)
        return view

    def wipe(self) -> None:
        self.answers.clear()
        for member in self.members:
            member.wipe()
        self.members.clear()


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _member(raw: object) -> Member:
    if not isinstance(raw, dict):
        raise ValidationError("each person is a mapping", key="catalogue.bad_household")
    values: dict[str, Any] = {}
    born = raw.get("birth_date")
    if isinstance(born, str):
        born = parse_date(born)
    if isinstance(born, dt.date):
        values["person.birth_date"] = born
    if raw.get("sex") is not None:
        values["person.sex"] = raw["sex"]
    age = raw.get("age")
    return Member(relationship=str(raw.get("relationship") or ""), answers=dict(raw.get("answers") or {}),
                  values=values, stated_age=age if isinstance(age, int) else None)
