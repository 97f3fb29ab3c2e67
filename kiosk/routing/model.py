"""What the division queues deal in, without the database: the store and sheet protocols, a
route's stops, tickets as stations and displays see them, and queued sheets with their data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


class QueueStore(Protocol):
    """What the queues need of a database: a session that commits on success."""

    def session(self) -> AbstractContextManager[Session]: ...


class ReceivedSheet(Protocol):
    """A verified sheet (``kiosk.clerk.record.SheetRecord`` is one): ids and values by field id."""

    @property
    def sheet_id(self) -> str: ...

    @property
    def form_id(self) -> str: ...

    @property
    def household(self) -> Mapping[str, object]: ...

    @property
    def persons(self) -> Sequence[Mapping[str, object]]: ...


@dataclass(frozen=True)
class Stop:
    """One division of a resident's route: where, in which order, and the waiting number."""

    division: str
    number: int
    ticket_id: int
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Routed:
    """What receiving (or issuing) did: the route in visit order, and the sheets queued now."""

    stops: tuple[Stop, ...]
    queued: tuple[str, ...]  # sheet ids put in a queue by this call
    repeated: tuple[str, ...]  # sheet ids that were queued before (nothing changed)
    unrouted: tuple[str, ...] = ()  # sheet ids of forms no division handles (not queued)

    def number_for(self, division: str) -> int | None:
        return next((s.number for s in self.stops if s.division == division), None)


@dataclass(frozen=True)
class Ticket:
    """A ticket as a division station and the display see it (no personal data)."""

    id: int
    division: str
    day: str
    number: int
    state: str
    forms: tuple[str, ...]
    next_division: str | None
    issued_at: dt.datetime
    arrived_at: dt.datetime | None
    taken_at: dt.datetime | None
    taken_by: str | None
    done_at: dt.datetime | None
    done_by: str | None
    called_at: dt.datetime | None
    call_count: int


@dataclass(frozen=True)
class QueuedSheet:
    """One sheet in a division's queue with its received data (None once purged)."""

    ticket: Ticket
    sheet_id: str
    form_id: str
    arrived_at: dt.datetime | None
    data: dict[str, JsonValue] | None
    data_until: dt.datetime | None
    purged_at: dt.datetime | None
