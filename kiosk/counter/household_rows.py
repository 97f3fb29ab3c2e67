"""The household table's rows at the counter, as the clerk edits them (Qt-free): who is in the
household, card or by hand, and what was typed for each person.

The table is open-ended: the clerk adds a person by going on past the last row and takes one out
with a key, and the rows answer the navigator's question counting the household (the counter does
not ask it: :attr:`kiosk.journey.Journey.table_counts`), up to the most that question allows. Rows
left empty at the end are dropped when the clerk goes on. Names may be typed as the given name alone
(:mod:`kiosk.counter.names`) or as their reading in romaji, the kanji then chosen by number
(:func:`kiosk.counter.names.romaji_offer`)."""

from __future__ import annotations

import datetime as dt

from kiosk.counter.names import NAME_FIELD, READING_FIELD, GivenNames, household_family
from kiosk.journey import CataloguePort, Journey, Screen
from kiosk.session import SOURCE_MANUAL, Member, ResidentSession

Answer = str | int | bool | dt.date
MEMBERS_MOST = "counter.members_most"  # the message when the household table is full


def typed_text(text: str) -> str:
    """Text from the clerk's keyboard as the kiosk's pads take it (kiosk.ui.keypads.Keypad.type_text):
    the space key alone gives a space; a name converted by the input method keeps its full-width
    space between family and given name, as a name chosen among the kiosk's candidates does."""
    return " " if text == "\u3000" else text


def is_blank(member: Member) -> bool:
    """A row the clerk added and left empty."""
    return member.source is None and not member.values and not member.card and not member.answers


class HouseholdRows:
    """The members table's operations of :class:`kiosk.counter.CounterController` (its state:
    the journey, the given names waiting, the message for the clerk)."""

    journey: Journey
    _given: GivenNames
    _message: str

    @property
    def session(self) -> ResidentSession:
        return self.journey.session

    def _emit(self) -> None:
        raise NotImplementedError

    def _say(self, key: str) -> None:
        self._message = key
        self._emit()

    # Rows ------------------------------------------------------------------------------------
    def rows_open(self) -> bool:
        """Whether the clerk may add and take out people (the counter's table, while it is on)."""
        return self.journey.table_counts and self.journey.screen is Screen.MEMBERS

    def most_members(self) -> int | None:
        """The most people the household table takes (the counting question's maximum)."""
        counting = self.journey.counting_question()
        return counting.maximum if counting is not None else None

    def add_person(self) -> bool:
        """One more person at the end of the table; False (and the clerk told why) when the table
        is not open or already has the most people the question counting the household allows."""
        if not self.rows_open():
            return False
        most = self.most_members()
        if most is not None and len(self.session.members) >= most:
            self._say(MEMBERS_MOST)
            return False
        self.session.add_member("person")
        self._message = ""
        self._emit()
        return True

    def remove_person(self, index: int) -> bool:
        """Takes person ``index`` out of the household (their data wiped); never the last one."""
        members = self.session.members
        if not self.rows_open() or not 0 <= index < len(members) or len(members) <= 1:
            return False
        self.session.remove_member(index)
        self._given.removed(index)
        self._emit()
        return True

    def _drop_blank_rows(self) -> None:
        members = self.session.members
        while self.journey.table_counts and len(members) > 1 and is_blank(members[-1]):
            self.session.remove_member(len(members) - 1)

    # Cells ----------------------------------------------------------------------------------
    def set_member_source(self, index: int, source: str) -> None:
        self.journey.choose_member_source(index, source)
        self._emit()

    def set_member_value(self, index: int, field_id: str, value: Answer | None) -> None:
        member = self.session.members[index]
        if value is None or value == "":
            member.values.pop(field_id, None)
        else:
            self.session.set_member_value(member, field_id, value)
        self._emit()

    def set_member_text(self, index: int, field_id: str, text: str) -> bool:
        """Text the clerk typed for a member, read as the field's type reads what the resident types
        on the kiosk's pad (NFC, spacing); False when the type refuses it."""
        catalogue = self.journey.catalogue
        fd = catalogue.catalogue.fields.get(field_id) if isinstance(catalogue, CataloguePort) else None
        text = typed_text(text)
        value: object = text
        if fd is not None and text:
            from kiosk.errors import ValidationError

            try:
                value = fd.kind.parse(fd, text)
            except ValidationError as exc:
                self._say(exc.key)
                return False
        self.set_member_value(index, field_id, value if isinstance(value, str | int | bool | dt.date) else text)
        if field_id == NAME_FIELD:
            self._given.typed(index, text)
        if self._complete_names():
            self._emit()
        return True

    def set_name(self, index: int, written: str, reading: str) -> bool:
        """A name chosen from its reading (typed in romaji): the reading is the one typed, not
        worked out from the kanji."""
        return self.set_member_text(index, READING_FIELD, reading) and self.set_member_text(index, NAME_FIELD, written)

    def waiting_family(self, index: int) -> str | None:
        """The member's name was typed as the given name alone and waits: the family name it will
        take as far as known ("" when none yet); None when it does not wait."""
        return self.family_name() if index in self._given.waiting else None

    def family_name(self) -> str:
        """The household's family name as far as known ("" before a card or a full name gives it)."""
        return household_family(self.session.members)[0]

    def _complete_names(self) -> bool:
        """Puts the household's family name before the given names typed alone, once known (True:
        something changed)."""
        catalogue = self.journey.catalogue
        if not isinstance(catalogue, CataloguePort) or not (self._given.waiting or self._given.reading):
            return False
        changes = self._given.complete(catalogue.catalogue, self.session.household, self.session.members)
        for index, field_id, value in changes:
            self.session.set_member_value(self.session.members[index], field_id, value)
        return bool(changes)

    def set_relationship(self, index: int, code: str) -> None:
        self.session.members[index].relationship = code
        self._emit()

    def members_done(self) -> None:
        self._drop_blank_rows()
        for member in self.session.members:
            if member.source is None:
                member.source = SOURCE_MANUAL
        self.journey.members_done()
