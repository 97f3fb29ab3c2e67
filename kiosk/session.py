"""The resident session: the one object that holds a resident's personal data while they use
the kiosk (household answers, household members, card reads, form values, chosen language).

Nothing personal lives anywhere else. Every live value is registered with
:func:`kiosk.log.protect` so the log filter withholds it, and :meth:`ResidentSession.wipe`
clears everything (PRIV-08) and makes the log filter forget the values.
"""

from __future__ import annotations

import copy
import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import asdict, replace
from typing import Any

from kiosk import log
from kiosk.card.records import BasicInfo
from kiosk.catalogue.model import FormValues
from kiosk.household import Household, Member

__all__ = ["SOURCE_CARD", "SOURCE_MANUAL", "Member", "ResidentSession"]

# How a household member's data entered the session.
SOURCE_CARD = "card"
SOURCE_MANUAL = "manual"


class ResidentSession:
    """All personal data of one resident's visit, and nothing else."""

    def __init__(self, default_language: str = "ja") -> None:
        self.default_language = default_language
        self.id = secrets.token_hex(8)  # a random id: links metrics and audit, carries nothing personal
        self.language = default_language
        self.notice_acknowledged = False
        self.answers: dict[str, Any] = {}  # navigator answers (question id → value)
        self.members: list[Member] = []
        self.form_values: dict[str, FormValues] = {}
        self.form_rows: dict[str, list[int]] = {}  # form id → member index of each person row
        self.procedures: list[str] = []  # procedure ids chosen by the navigator
        self.members_confirmed = False
        self.started = dt.datetime.now(dt.UTC)
        self._protected: set[str] = set()

    @property
    def household(self) -> Household:
        """The household the navigator, derivations and forms read: these very answers and
        members (the members only once the resident confirmed them on the members screen)."""
        return Household(answers=self.answers, members=self.members if self.members_confirmed else [])

    def with_answer(self, question_id: str, value: Any, person: int | None = None) -> ResidentSession:
        """A throwaway copy with one answer more, to ask the navigator where that answer would lead
        (speech made ahead): the answers, or the answering member, copied; the rest shared and
        left as it is. It is never kept, and nothing of it is registered with the log filter."""
        other = copy.copy(self)
        if person is None:
            other.answers = {**self.answers, question_id: value}
        else:
            other.members = [replace(m, answers={**m.answers, question_id: value}) if i == person else m
                             for i, m in enumerate(self.members)]
        return other

    def with_card(self, person: int, info: BasicInfo) -> ResidentSession:
        """A throwaway copy in which ``person``'s card, read and not yet taken, is kept and the
        続柄 are assigned as after the last card, to ask the navigator where the journey goes next
        (speech made ahead): the members copied, the rest shared and left as it is. It is never
        kept, and nothing of it is registered with the log filter."""
        other = copy.copy(self)
        other.members = [replace(m) for m in self.members]
        other.members[person].card = {k: v for k, v in asdict(info).items() if k != "my_number"}
        other.members[person].source = SOURCE_CARD
        other.assign_relationships()
        return other

    # Personal values ---------------------------------------------------------------------
    def protect(self, *values: Any) -> None:
        """Register live values with the log filter (and remember them to forget at wipe)."""
        for value in values:
            for text in _texts(value):
                self._protected.add(text)
                log.protect(text)

    def set_answer(self, question_id: str, value: Any) -> None:
        self.answers[question_id] = value
        if isinstance(value, str) and not value.isdigit() and len(value) > 3:
            self.protect(value)

    def add_member(self, role: str) -> Member:
        member = Member(role=role)
        self.members.append(member)
        return member

    def remove_member(self, index: int) -> None:
        """A person taken out of the household (the counter's table): their data is wiped."""
        self.members.pop(index).wipe()

    def ensure_members(self, count: int) -> None:
        """Grow or shrink the member list to the number of people the navigator answered."""
        for member in self.members[count:]:
            member.wipe()
        self.members = self.members[:count] + [Member(role="person") for _ in range(count - len(self.members))]

    def assign_relationships(self) -> None:
        """Default 続柄 (editable on the review screen): first person head, then spouse or child by age."""
        spouse_given = False
        for i, member in enumerate(self.members):
            if member.relationship:
                spouse_given = spouse_given or member.relationship == "spouse"
                continue
            age = member.age()
            if i == 0:
                member.relationship = "head"
            elif age is not None and age < 18:
                member.relationship, member.role = "child", "child"
            elif not spouse_given:
                member.relationship, spouse_given = "spouse", True
            if age is not None and age >= 18:
                member.role = "adult"

    def record_card(self, member: Member, info: BasicInfo | Mapping[str, Any], *, my_number: str | None = None) -> None:
        """Keep what the card gave for ``member`` (the 基本4情報, or a mapping of card fields).
        A 個人番号 is kept only when passed as ``my_number`` (the journey decides, PRIV-02)."""
        data = dict(info) if isinstance(info, Mapping) else asdict(info)
        data.pop("my_number", None)
        if my_number:
            data["my_number"] = str(my_number)
        member.card = data
        member.source = SOURCE_CARD
        self.protect(*data.values())

    def set_member_value(self, member: Member, field_id: str, value: Any) -> None:
        member.values[field_id] = value
        if member.source is None:
            member.source = SOURCE_MANUAL
        self.protect(value)

    def set_form_value(self, form_id: str, field_id: str, value: Any, person: int | None = None) -> None:
        values = self.form_values.setdefault(form_id, FormValues(form_id=form_id))
        if person is None:
            values.household[field_id] = value
        else:
            while len(values.persons) <= person:
                values.persons.append({})
            values.persons[person][field_id] = value
            values.from_card.discard(f"person{person}:{field_id}")
        if person is None:
            values.from_card.discard(f"household:{field_id}")
        self.protect(value)

    def set_value_everywhere(self, form_id: str, field_id: str, value: Any, row: int | None = None) -> None:
        """Set a value on one form and on every other form of the session that has the same field
        for the same household or person (a field is typed once, not once per form)."""
        member = None
        if row is not None:
            rows = self.form_rows.get(form_id, [])
            member = rows[row] if row < len(rows) else None
        if member is not None and member < len(self.members):
            self.members[member].values[field_id] = value  # the person's own, read by derivations
        for fid, values in self.form_values.items():
            if fid == form_id:
                self.set_form_value(fid, field_id, value, row)
            elif row is None and field_id in values.household:
                self.set_form_value(fid, field_id, value, None)
            elif member is not None and member in self.form_rows.get(fid, []):
                other = self.form_rows[fid].index(member)
                if other < len(values.persons) and field_id in values.persons[other]:
                    self.set_form_value(fid, field_id, value, other)

    def store_form(self, values: FormValues) -> None:
        self.form_values[values.form_id] = values
        for v in values.household.values():
            self.protect(v)
        for person in values.persons:
            self.protect(*person.values())

    def set_language(self, lang: str) -> None:
        """A language switch keeps every entered value (ML-05)."""
        self.language = lang

    # End of session ----------------------------------------------------------------------
    def personal_values(self) -> set[str]:
        """Every personal text the session holds (used by tests to scan for leftovers)."""
        return set(self._protected)

    def is_empty(self) -> bool:
        return not (self.answers or self.members or self.form_values or self.procedures or self._protected)

    def wipe(self) -> None:
        """Clear everything and reset to the default language (PRIV-08, ML-05)."""
        self.answers.clear()
        for member in self.members:
            member.wipe()
        self.members.clear()
        for values in self.form_values.values():
            values.wipe()
        self.form_values.clear()
        self.form_rows.clear()
        self.procedures.clear()
        log.forget(*self._protected)
        self._protected.clear()
        log.forget_all()
        self.notice_acknowledged = False
        self.members_confirmed = False
        self.language = self.default_language
        self.id = secrets.token_hex(8)
        self.started = dt.datetime.now(dt.UTC)


def _texts(value: Any) -> list[str]:
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, dt.date):
        return [value.isoformat(), value.strftime("%Y%m%d")]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list | tuple | set):
        return [t for v in value for t in _texts(v)]
    text = str(value).strip()
    if len(text) < 2 or (text.isdigit() and len(text) < 4):
        return []  # small counts and codes are not personal and would block every log line
    return [text]
