"""The ports between the resident window (``kiosk.ui``) and the domain: what the UI may call,
typed, and nothing else. The window is given one object per port; tests give their own.

- :class:`CataloguePort`: what the journey reads from the form catalogue (navigator questions,
  procedures, forms, prefill, validation). Implemented by :class:`kiosk.catalogue_port.CataloguePort`.
- :class:`OutputPort`: render the bundle of a finished session and print it. Implemented by
  :class:`kiosk.ui.output.Output`.
- :class:`StoragePort`: where the end of a session goes (metrics) and issued sheets are
  recorded. Implemented by :class:`kiosk.storage.database.Database`.
- :class:`Clock`: monotonic seconds, for the idle timeout and time on each screen.

The card reader has its own port (see ``kiosk.ui.card_worker``). Qt-free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol, TypeAlias

from kiosk.catalogue.model import Catalogue, Form, FormValues, Question

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kiosk.session import ResidentSession

# A validation problem on the review screen: (field id, person row or None, message key).
Problem: TypeAlias = tuple[str, int | None, str]


class Clock(Protocol):
    def __call__(self) -> float: ...


class CataloguePort(Protocol):
    """The journey's view of the catalogue; every call reads the session's own household."""

    @property
    def catalogue(self) -> Catalogue: ...

    @property
    def my_number_enabled(self) -> bool:
        """``kiosk.my_number_enabled``: False, no 個人番号 is kept from the card or shown on a form."""
        ...

    def question(self, question_id: str) -> Question | None: ...

    def next_question(self, session: ResidentSession) -> tuple[str, int | None] | None:
        """(question id, member index or None) of the next question to ask; None when done."""
        ...

    def remaining(self, session: ResidentSession) -> int:
        """The most questions that may still be asked of the session's household (an upper
        bound: members and their details not known yet count as every question they could get)."""
        ...

    def procedures(self, session: ResidentSession) -> list[str]: ...

    def forms(self, session: ResidentSession) -> list[Form]: ...

    def member_count(self, session: ResidentSession) -> int: ...

    def prefill_all(self, session: ResidentSession) -> list[FormValues]: ...

    def validate(self, form: Form, values: FormValues) -> list[Problem]: ...

    def date_choices(self, session: ResidentSession, question_id: str, person: int | None) -> tuple[dt.date, ...]:
        """The days a date question offers as one-tap answers (none: the date pad alone)."""
        ...

    def lookup_postal_code(self, code: str) -> str | None: ...


class Produced(Protocol):
    """The rendered bundle of one session (PDFs in memory)."""

    sheets: list[tuple[str, bytes]]  # (form id, PDF)
    guide: bytes | None  # the guide slip
    sheet_ids: list[str]

    def wipe(self) -> None: ...


class OutputPort(Protocol):
    """Render every form of a finished session (signed KS1 code included) and print it."""

    catalogue: Catalogue | None

    def produce(self, session: ResidentSession, forms: Sequence[Form]) -> Produced: ...

    def submit(self, produced: Produced) -> list[int]:
        """Check the printer (raises a typed PrintError) and queue every PDF; the job ids."""
        ...

    def state(self, jobs: list[int]) -> str:
        """printing | done | failed | out_of_paper."""
        ...

    def discard(self, produced: Produced) -> None: ...


class StoragePort(Protocol):
    """The kiosk database as the window uses it: session-end metrics and issued sheet ids are
    written through :meth:`session` (see ``kiosk.metrics.store`` and ``kiosk.storage.sheets``)."""

    def session(self) -> AbstractContextManager[Session]: ...


__all__ = ["CataloguePort", "Clock", "OutputPort", "Problem", "Produced", "StoragePort"]
