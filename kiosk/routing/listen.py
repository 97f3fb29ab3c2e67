"""Other processes learn of queue changes at once: LISTEN on ``kiosk_queues`` (PostgreSQL), or a
poll of the day's tickets (SQLite). Events reach ``deliver`` from the listener's own thread, in the
manner of :class:`kiosk.staffcalls.CallListener`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select

from kiosk.log import get_logger
from kiosk.routing.queue import CHANNEL, day_of, now_utc
from kiosk.storage.database import Database
from kiosk.storage.listener import ChangeListener
from kiosk.storage.models import QueueItem, QueueTicket

LOG = get_logger(__name__)


class QueueEventKind(StrEnum):
    ARRIVED = "arrived"
    TAKE = "take"
    DONE = "done"
    CALLED = "called"
    RESYNC = "resync"  # the listener (re)started: read the queue again


@dataclass(frozen=True)
class QueueEvent:
    kind: QueueEventKind
    division: str = ""
    ticket_id: int | None = None

    @classmethod
    def parse(cls, payload: str) -> QueueEvent | None:
        """``arrived:shimin:12`` → QueueEvent(ARRIVED, "shimin", 12); None for anything else."""
        parts = payload.split(":")
        if len(parts) != 3 or parts[0] not in QueueEventKind.__members__.values() or not parts[2].isdigit():
            return None
        return cls(QueueEventKind(parts[0]), parts[1], int(parts[2]))


_Snapshot = dict[int, tuple[str, str, int, int]]  # ticket id -> (division, state, calls, sheets arrived)


def snapshot(db: Database, day: str) -> _Snapshot:
    with db.session() as s:
        arrived = (select(QueueItem.ticket_id, func.count(QueueItem.id).label("n"))
                   .where(QueueItem.arrived_at.is_not(None)).group_by(QueueItem.ticket_id).subquery())
        rows = s.execute(select(QueueTicket.id, QueueTicket.division, QueueTicket.state, QueueTicket.call_count,
                                func.coalesce(arrived.c.n, 0))
                         .outerjoin(arrived, arrived.c.ticket_id == QueueTicket.id)
                         .where(QueueTicket.day == day)).all()
        return {int(r[0]): (str(r[1]), str(r[2]), int(r[3]), int(r[4])) for r in rows}


def changes(before: _Snapshot, after: _Snapshot) -> list[QueueEvent]:
    """What differs between two polls, as the events PostgreSQL would have sent."""
    out: list[QueueEvent] = []
    for ticket_id in sorted(after):
        division, state, calls, arrived = after[ticket_id]
        old = before.get(ticket_id)
        if arrived and (old is None or old[3] < arrived):
            out.append(QueueEvent(QueueEventKind.ARRIVED, division, ticket_id))
        if old is not None and old[1] != state and state in ("in_progress", "done"):
            kind = QueueEventKind.TAKE if state == "in_progress" else QueueEventKind.DONE
            out.append(QueueEvent(kind, division, ticket_id))
        if calls and (old is None or old[2] < calls):
            out.append(QueueEvent(QueueEventKind.CALLED, division, ticket_id))
    return out


class QueueListener(ChangeListener[QueueEvent]):
    """Tells ``deliver`` of every queue change (for every division: callers filter), from its thread."""

    channel = CHANNEL
    thread_name = "queue-listener"

    def __init__(self, db: Database, deliver: Callable[[QueueEvent], None], *, poll_seconds: float = 1.0,
                 wait_seconds: float = 0.5, clock: Callable[[], dt.datetime] = now_utc) -> None:
        super().__init__(db, deliver, poll_seconds=poll_seconds, wait_seconds=wait_seconds)
        self.clock = clock

    def _parse(self, payload: str) -> QueueEvent | None:
        return QueueEvent.parse(payload)

    def _resync(self) -> QueueEvent:
        return QueueEvent(QueueEventKind.RESYNC)

    def _poll(self) -> None:
        previous: _Snapshot | None = None
        day = ""
        while not self._stop.is_set():
            today = day_of(self.clock())
            try:
                current = snapshot(self.db, today)
            except Exception as exc:  # noqa: BLE001 - the thread must outlive a database that is away
                LOG.warning("queue poll failed: %s", type(exc).__name__)
                self._stop.wait(self.poll_seconds)
                continue
            if previous is None or today != day:
                self.ready.set()
                self.deliver(QueueEvent(QueueEventKind.RESYNC))
            else:
                for event in changes(previous, current):
                    self.deliver(event)
            previous, day = current, today
            self._stop.wait(self.poll_seconds)
