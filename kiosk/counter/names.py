"""A child's name typed at the counter as the given name alone: the household's family name is put
before it (and before its reading) once it is known that the name is written that way. Qt-free.

The family name comes from the first member whose card was read, else from the first member
whose name was typed with its family name. A name is completed only for a person the navigator
knows to be a Japanese national (:data:`SHARES_FAMILY_NAME`, the safe expression language over the
navigator's answers); a foreign national's name is left as typed, and while the answer is not
known yet the name waits (the clerk's table shows it waiting). A name typed with a space is never
touched, and the clerk can type the whole name again at any time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kiosk.catalogue import expr, navigator
from kiosk.catalogue.model import Catalogue
from kiosk.household import Household, Member
from kiosk.kanji import NAME_SEPARATOR, family_name

NAME_FIELD = "person.name"
READING_FIELD = "person.name_kana"
# Who shares the household's family name: the 住民異動届 writes 氏名 as 氏・名 for a Japanese
# national; a foreign national's name is written as the residence card gives it.
SHARES_FAMILY_NAME = "person.nationality == 'japanese'"
NATIONALITY_KNOWN = "person.nationality != null"


def given_alone(text: str) -> bool:
    """A name typed without a space between family and given name."""
    return bool(text) and not any(ch in text for ch in (" ", NAME_SEPARATOR))


def household_family(members: Sequence[Member]) -> tuple[str, str]:
    """(family name, its reading) of the household: the first card holder's, else the first member
    typed with a family name ("" when none is known yet; the reading "" until offered)."""
    for wanted_card in (True, False):
        for member in members:
            name = member.card.get("name") if wanted_card else member.values.get(NAME_FIELD)
            if isinstance(name, str) and not given_alone(name):
                reading = member.values.get(READING_FIELD)
                known = isinstance(reading, str) and not given_alone(reading)
                return family_name(name), family_name(reading) if known and isinstance(reading, str) else ""
    return "", ""


@dataclass
class GivenNames:
    """Members whose name was typed as the given name alone, waiting for the family name."""

    waiting: set[int] = field(default_factory=set)  # the name waits
    reading: set[int] = field(default_factory=set)  # the name was completed; its reading waits

    def typed(self, index: int, text: str) -> None:
        self.waiting.discard(index)
        self.reading.discard(index)
        if given_alone(text):
            self.waiting.add(index)

    def clear(self) -> None:
        self.waiting.clear()
        self.reading.clear()

    def complete(self, catalogue: Catalogue, household: Household,
                 members: Sequence[Member]) -> list[tuple[int, str, str]]:
        """(member, field, value) to set now: names whose family name and nationality are known,
        readings whose family reading is known. ``members``: the session's, the household's
        once confirmed (the navigator reads those)."""
        family, family_reading = household_family(members)
        out: list[tuple[int, str, str]] = []
        for index in sorted(self.waiting):
            if index >= len(members):
                self.waiting.discard(index)
                continue
            member = members[index]
            given = member.values.get(NAME_FIELD)
            if not isinstance(given, str) or not given_alone(given):
                self.waiting.discard(index)
                continue
            if index >= len(household.members):
                continue  # the members are not confirmed yet: nothing is known of them
            env = navigator.environment(catalogue, household, index)
            if expr.parse(NATIONALITY_KNOWN).evaluate(env) is not True:
                continue  # not known yet: the name waits
            if expr.parse(SHARES_FAMILY_NAME).evaluate(env) is not True:
                self.waiting.discard(index)  # a foreign national's name: left as typed
                continue
            if family:
                self.waiting.discard(index)
                out.append((index, NAME_FIELD, family + NAME_SEPARATOR + given))
                self.reading.add(index)
        for index in sorted(self.reading):
            reading = members[index].values.get(READING_FIELD) if index < len(members) else None
            if isinstance(reading, str) and not given_alone(reading):
                self.reading.discard(index)
            elif isinstance(reading, str) and family_reading:
                out.append((index, READING_FIELD, family_reading + NAME_SEPARATOR + reading))
                self.reading.discard(index)
        return out
