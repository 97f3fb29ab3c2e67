"""Staff calls (係員を呼ぶ) without Qt: a kiosk records a call in the shared database, every clerk
station learns of it at once, one of them acknowledges it, and a call nobody answers is raised
again after a set time.

A call names the kiosk, the screen and the time — never the resident (PRIV-): it is made of ids
and screen names only. A kiosk raises a call of its own, an alert, for what staff must see to
(:data:`ALERTS`): its printer running low on paper or toner (REL-04) or not printing, its card
reader out of reach, its disk nearly full, its clock astray (REL-10, REL-11).
An alert is named in place of a screen (``printer.media_low``, ``clock.drift``) and recorded once
while it is open. On PostgreSQL each change is announced with ``NOTIFY kiosk_staff_calls``
in the same transaction, and :class:`CallListener` waits for it on its own connection (LISTEN);
on SQLite the listener polls the open calls instead. Either way the listener's events reach the
caller's ``deliver`` from the listener's thread.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.log import get_logger
from kiosk.storage.database import Database
from kiosk.storage.listener import ChangeListener
from kiosk.storage.models import StaffCall

LOG = get_logger(__name__)

CHANNEL = "kiosk_staff_calls"
_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")  # kiosk ids and screen names: never free text
# The alerts a kiosk raises itself, by their name in place of a screen; each has its station text
# clerk.call_<name with "_" for ".">.
ALERTS = ("printer.media_low", "printer.marker_low", "printer.unavailable", "disk.low", "clock.drift",
          "reader.unavailable")


class CallStore(Protocol):
    """What the calls need of a database: a session that commits on success."""

    def session(self) -> AbstractContextManager[Session]: ...


class CallEventKind(StrEnum):
    CALLED = "called"
    ACKNOWLEDGED = "acknowledged"
    RAISED = "raised"  # an unanswered call alerts the stations again
    RESYNC = "resync"  # the listener (re)started: read the open calls again


@dataclass(frozen=True)
class CallEvent:
    kind: CallEventKind
    call_id: int | None = None

    @classmethod
    def parse(cls, payload: str) -> CallEvent | None:
        """``called:12`` → CallEvent(CALLED, 12); None for anything else."""
        kind, _, number = payload.partition(":")
        if kind not in CallEventKind.__members__.values() or not number.isdigit():
            return None
        return cls(CallEventKind(kind), int(number))

    @property
    def payload(self) -> str:
        return f"{self.kind.value}:{self.call_id}"


@dataclass(frozen=True)
class Call:
    """One staff call as the stations and the kiosk see it."""

    id: int
    kiosk_id: str
    screen: str
    called_at: dt.datetime
    raised_at: dt.datetime
    raise_count: int
    acknowledged_at: dt.datetime | None
    acknowledged_by: str | None

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None

    @property
    def alert(self) -> str | None:
        """One of :data:`ALERTS` for a call the kiosk raised itself; None for a resident's."""
        return self.screen if self.screen in ALERTS else None

    def minutes_waiting(self, now: dt.datetime | None = None) -> int:
        now = now or _now()
        return max(0, int((now - self.called_at).total_seconds() // 60))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; every one this module writes is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _call(row: StaffCall) -> Call:
    return Call(
        id=row.id, kiosk_id=row.kiosk_id, screen=row.screen, called_at=_aware(row.called_at),
        raised_at=_aware(row.raised_at), raise_count=row.raise_count,
        acknowledged_at=_aware(row.acknowledged_at) if row.acknowledged_at is not None else None,
        acknowledged_by=row.acknowledged_by,
    )


def _notify(session: Session, event: CallEvent) -> None:
    """Announce ``event`` at commit (PostgreSQL); SQLite stations see it at their next poll."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_notify(CHANNEL, event.payload)))


def check_name(what: str, value: str) -> None:
    if not _NAME.fullmatch(value):
        raise ValueError(f"{what} must be an id of 1 to 64 letters, digits, '.', '_' or '-'")


def record_call(store: CallStore, kiosk_id: str, screen: str, *, now: dt.datetime | None = None) -> Call:
    """A resident asked for staff at ``kiosk_id`` on ``screen`` (ids only, no personal data)."""
    check_name("kiosk id", kiosk_id)
    check_name("screen", screen)
    now = now or _now()
    with store.session() as s:
        row = StaffCall(kiosk_id=kiosk_id, screen=screen[:32], called_at=now, raised_at=now, raise_count=0)
        s.add(row)
        s.flush()
        _notify(s, CallEvent(CallEventKind.CALLED, row.id))
        call = _call(row)
    LOG.info("staff call %d from %s on %s", call.id, kiosk_id, call.screen)
    return call


def record_alert(store: CallStore, kiosk_id: str, alert: str, *, now: dt.datetime | None = None) -> Call | None:
    """The kiosk needs staff for ``alert`` (one of :data:`ALERTS`): every clerk station is told as
    by a staff call. Once: while an alert of this kiosk and name is open, nothing is added and
    None is returned."""
    if alert not in ALERTS:
        raise ValueError(f"unknown alert {alert!r}")
    screen = alert
    with store.session() as s:
        already = s.scalars(select(StaffCall.id).where(StaffCall.kiosk_id == kiosk_id, StaffCall.screen == screen,
                                                       StaffCall.acknowledged_at.is_(None)).limit(1)).first()
    if already is not None:
        return None
    return record_call(store, kiosk_id, screen, now=now)


def open_calls(store: CallStore) -> list[Call]:
    """Calls nobody has acknowledged yet, oldest first."""
    with store.session() as s:
        rows = s.scalars(select(StaffCall).where(StaffCall.acknowledged_at.is_(None))
                         .order_by(StaffCall.called_at, StaffCall.id)).all()
        return [_call(row) for row in rows]


def call_state(store: CallStore, call_id: int) -> Call | None:
    """One call as it is now (the kiosk asks after its own call)."""
    with store.session() as s:
        row = s.get(StaffCall, call_id)
        return _call(row) if row is not None else None


def acknowledge(store: CallStore, call_id: int, *, by: str, now: dt.datetime | None = None) -> Call | None:
    """A station takes the call. The first acknowledgement stands; a later one changes nothing.
    None when there is no such call."""
    check_name("station id", by)
    now = now or _now()
    with store.session() as s:
        row = s.get(StaffCall, call_id, with_for_update=True)
        if row is None:
            return None
        if row.acknowledged_at is None:
            row.acknowledged_at, row.acknowledged_by = now, by
            _notify(s, CallEvent(CallEventKind.ACKNOWLEDGED, call_id))
            LOG.info("staff call %d acknowledged by %s", call_id, by)
        return _call(row)


def due_again(store: CallStore, after: dt.timedelta, *, now: dt.datetime | None = None) -> list[Call]:
    """Open calls whose last alert is at least ``after`` old: they are to be raised again."""
    cutoff = (now or _now()) - after
    with store.session() as s:
        rows = s.scalars(select(StaffCall).where(StaffCall.acknowledged_at.is_(None), StaffCall.raised_at <= cutoff)
                         .order_by(StaffCall.called_at, StaffCall.id)).all()
        return [_call(row) for row in rows]


def raise_due(store: CallStore, after: dt.timedelta, *, now: dt.datetime | None = None) -> list[Call]:
    """Raise every call :func:`due_again` names: alert the stations again and restart its period.
    Several stations may run this at once; each due call is raised by one of them."""
    now = now or _now()
    cutoff = now - after
    with store.session() as s:
        rows = s.scalars(select(StaffCall).where(StaffCall.acknowledged_at.is_(None), StaffCall.raised_at <= cutoff)
                         .order_by(StaffCall.called_at, StaffCall.id).with_for_update(skip_locked=True)).all()
        for row in rows:
            row.raised_at = now
            row.raise_count += 1
            _notify(s, CallEvent(CallEventKind.RAISED, row.id))
        raised = [_call(row) for row in rows]
    for call in raised:
        LOG.info("staff call %d raised again (%d)", call.id, call.raise_count)
    return raised


class CallListener(ChangeListener[CallEvent]):
    """Tells ``deliver`` about every new, acknowledged and raised call, from its own thread.

    PostgreSQL: LISTEN on a connection of its own, waking at once on NOTIFY; a lost server is
    tried again every ``poll_seconds``, and each (re)connection delivers RESYNC. SQLite: the open
    calls are read every ``poll_seconds`` and the differences delivered."""

    channel = CHANNEL
    thread_name = "staff-call-listener"

    def __init__(self, db: Database, deliver: Callable[[CallEvent], None], *, poll_seconds: float = 2.0,
                 wait_seconds: float = 0.5) -> None:
        super().__init__(db, deliver, poll_seconds=poll_seconds, wait_seconds=wait_seconds)

    def _parse(self, payload: str) -> CallEvent | None:
        return CallEvent.parse(payload)

    def _resync(self) -> CallEvent:
        return CallEvent(CallEventKind.RESYNC)

    def _poll(self) -> None:
        previous: dict[int, int] | None = None
        while not self._stop.is_set():
            try:
                current = {call.id: call.raise_count for call in open_calls(self.db)}
            except Exception as exc:  # noqa: BLE001 - the thread must outlive a database that is away
                LOG.warning("staff-call poll failed: %s", type(exc).__name__)
                self._stop.wait(self.poll_seconds)
                continue
            if previous is None:
                self.ready.set()
                self.deliver(CallEvent(CallEventKind.RESYNC))
            else:
                for call_id in sorted(current.keys() - previous.keys()):
                    self.deliver(CallEvent(CallEventKind.CALLED, call_id))
                for call_id in sorted(previous.keys() - current.keys()):
                    self.deliver(CallEvent(CallEventKind.ACKNOWLEDGED, call_id))
                for call_id in sorted(current.keys() & previous.keys()):
                    if current[call_id] > previous[call_id]:
                        self.deliver(CallEvent(CallEventKind.RAISED, call_id))
            previous = current
            self._stop.wait(self.poll_seconds)
