"""The journey's view of the catalogue (navigator, prefill, validation): the implementation of
:class:`kiosk.ports.CataloguePort` over ``kiosk.catalogue.navigator``, ``reach`` and ``derive``.
Qt-free; every call reads the session's own household. Importable from :mod:`kiosk.journey` too,
where most callers take it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.catalogue import derive, navigator, reach
from kiosk.catalogue.model import Catalogue, Form, FormValues, Question
from kiosk.ports import Problem
from kiosk.session import ResidentSession


class CataloguePort:
    """The journey's view of the catalogue (navigator, prefill, validation): the implementation of
    :class:`kiosk.ports.CataloguePort` over ``kiosk.catalogue.navigator`` and ``derive``. Every
    call reads the session's own household (:attr:`ResidentSession.household`)."""

    def __init__(self, catalogue: Catalogue, *, my_number_enabled: bool = False) -> None:
        self._catalogue = catalogue
        self._my_number_enabled = my_number_enabled
        self._questions = {q.id: q for q in catalogue.questions}

    @classmethod
    def load(cls, forms_dir: Path | None = None, *, my_number_enabled: bool = False) -> CataloguePort:
        from kiosk.catalogue.loader import load_catalogue

        catalogue = load_catalogue(forms_dir) if forms_dir is not None else load_catalogue()
        return cls(catalogue, my_number_enabled=my_number_enabled)

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue

    @property
    def my_number_enabled(self) -> bool:
        return self._my_number_enabled

    def question(self, question_id: str) -> Question | None:
        return self._questions.get(question_id)

    def next_question(self, session: ResidentSession) -> tuple[str, int | None] | None:
        """(question id, member index or None) of the next question to ask, or None."""
        found = navigator.next_question(self._catalogue, session.household)
        return None if found is None else (found[0].id, found[1])

    def remaining(self, session: ResidentSession) -> int:
        return reach.questions_left(self._catalogue, session.household, members_known=session.members_confirmed)

    def procedures(self, session: ResidentSession) -> list[str]:
        return [p.id for p in navigator.procedures_for(self._catalogue, session.household)]

    def forms(self, session: ResidentSession) -> list[Form]:
        return navigator.forms_for(self._catalogue, session.household)

    def member_count(self, session: ResidentSession) -> int:
        """How many people the household answers name (a count question), at least one."""
        for qid, value in session.answers.items():
            q = self.question(qid)
            if q is not None and q.kind == "count" and isinstance(value, int) and value > 0:
                return value
        return max(1, len(session.members))

    def prefill_all(self, session: ResidentSession) -> list[FormValues]:
        household = session.household
        out = []
        for form in self.forms(session):
            values = derive.prefill(self._catalogue, form, household, my_number_enabled=self._my_number_enabled)
            session.form_rows[form.id] = navigator.form_rows(self._catalogue, form, household) if form.persons else []
            out.append(values)
        return out

    def validate(self, form: Form, values: FormValues) -> list[Problem]:
        return derive.validate(form, values)

    def date_choices(self, session: ResidentSession, question_id: str, person: int | None) -> tuple[dt.date, ...]:
        question = self.question(question_id)
        if question is None:
            return ()
        return navigator.date_choices(self._catalogue, session.household, question, person)

    def lookup_postal_code(self, code: str) -> str | None:
        """Prefecture + city + town for a 7-digit postal code (None when unknown)."""
        found = derive.lookup_postal_code(code)
        return "".join(found) if found else None
