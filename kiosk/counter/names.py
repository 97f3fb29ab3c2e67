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

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import jaconv

from kiosk.catalogue import expr, navigator
from kiosk.catalogue.model import Catalogue
from kiosk.household import Household, Member
from kiosk.kanji import NAME_SEPARATOR, KanjiIndex, family_name

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

    def removed(self, index: int) -> None:
        """Person ``index`` left the table: the people after them move up a row."""
        for rows in (self.waiting, self.reading):
            kept = {i - (i > index) for i in rows if i != index}
            rows.clear()
            rows.update(kept)

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


@dataclass(frozen=True)
class RomajiOffer:
    """A name typed as its reading in Latin letters: the reading in hiragana and the names it may be
    written as, best first (the household's family name left off: it is put before a given name
    once the person is known to share it)."""

    reading: str
    names: tuple[str, ...]


ROMAJI_TEXT = re.compile(r"[A-Za-z' -]+")
OFFERED_NAMES = 9  # chosen by one digit


def romaji_offer(text: str, index: KanjiIndex | None, family: str = "") -> RomajiOffer | None:
    """The offer for ``text`` typed in the name cell: None unless it is romaji that reads as whole
    kana (``souta`` → そうた; ``smith`` is not, and stays a name in Latin letters) and the
    dictionaries know names for it. A space separates family and given name, as on the kiosk."""
    if index is None or not ROMAJI_TEXT.fullmatch(text) or not text.strip():
        return None
    parts = [jaconv.alphabet2kana(part) for part in text.lower().split()]
    if not all(part and all(0x3040 <= ord(ch) <= 0x309F or ch == "ー" for ch in part) for part in parts):
        return None
    reading = NAME_SEPARATOR.join(parts)
    names: list[str] = []
    for name in index.candidates(reading, (family,) if family else ()):
        if family and name.startswith(family + NAME_SEPARATOR) and len(parts) == 1:
            name = name[len(family) + 1:]
        if name not in names:
            names.append(name)
    return RomajiOffer(reading, tuple(names[:OFFERED_NAMES])) if names else None
