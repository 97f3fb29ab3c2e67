"""The division queues in the shared database.

``issue_numbers`` (a kiosk printing a bundle) and ``receive_bundle`` (a clerk station after a
verified scan, or the counter with the verified sheets of a bundle) put each sheet in the queue of
the division that handles its form, under a waiting number sequential per division per day (the
town hall's date). A ticket goes arrived → in_progress → done, recording who and when; a call
(呼び出し) marks it for the public display. The same sheet id is queued once only.

Received values are kept in ``queue_items.data`` until the division's retention ends
(``purge_expired``); ids, states and times stay. On PostgreSQL each change is announced with
``NOTIFY kiosk_queues`` (payload ``kind:division:ticket``) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import func, null, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.errors import RoutingError
from kiosk.log import get_logger
from kiosk.routing.divisions import Divisions
from kiosk.routing.model import JsonValue, QueuedSheet, QueueStore, ReceivedSheet, Routed, Stop, Ticket
from kiosk.storage import audit
from kiosk.storage.models import QueueBundle, QueueItem, QueueTicket

__all__ = [
    "ARRIVED", "CHANNEL", "DONE", "IN_PROGRESS", "ISSUED", "STATES", "TOWN", "JsonValue", "QueueStore", "QueuedSheet",
    "ReceivedSheet", "Routed", "Stop", "Ticket", "call", "called_numbers", "day_of", "division_queue", "finish",
    "issue_numbers", "now_utc", "purge_expired", "queued_sheets", "receive_bundle", "sheet_data", "take", "ticket",
]

LOG = get_logger(__name__)

CHANNEL = "kiosk_queues"
TOWN = ZoneInfo("Asia/Tokyo")  # waiting numbers start again at 1 each day of the town hall
ISSUED, ARRIVED, IN_PROGRESS, DONE = "issued", "arrived", "in_progress", "done"
STATES = (ISSUED, ARRIVED, IN_PROGRESS, DONE)
_ATTEMPTS = 5


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def day_of(moment: dt.datetime) -> str:
    return _aware(moment).astimezone(TOWN).date().isoformat()


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; every one this module writes is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _maybe(moment: dt.datetime | None) -> dt.datetime | None:
    return _aware(moment) if moment is not None else None


def _json(value: object) -> JsonValue:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return str(value)


def sheet_data(sheet: ReceivedSheet) -> dict[str, JsonValue]:
    """The received values, JSON-ready and keyed by field id (dates ISO 8601)."""
    return {"household": _json(dict(sheet.household)), "persons": [_json(dict(p)) for p in sheet.persons]}


def _notify(session: Session, kind: str, division: str, ticket_id: int) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_notify(CHANNEL, f"{kind}:{division}:{ticket_id}")))


def _lock_division_day(session: Session, division: str, day: str) -> None:
    """PostgreSQL: one numbering transaction per division and day at a time (SQLite serialises writes)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(f"kiosk_queue:{division}:{day}"))))


def _next_number(session: Session, division: str, day: str) -> int:
    _lock_division_day(session, division, day)
    top = session.scalar(select(func.max(QueueTicket.number)).where(QueueTicket.division == division,
                                                                    QueueTicket.day == day))
    return int(top or 0) + 1


def _ticket(row: QueueTicket, forms: Sequence[str]) -> Ticket:
    return Ticket(
        id=row.id, division=row.division, day=row.day, number=row.number, state=row.state, forms=tuple(forms),
        next_division=row.next_division, issued_at=_aware(row.issued_at), arrived_at=_maybe(row.arrived_at),
        taken_at=_maybe(row.taken_at), taken_by=row.taken_by, done_at=_maybe(row.done_at), done_by=row.done_by,
        called_at=_maybe(row.called_at), call_count=row.call_count,
    )


def _new_bundle(session: Session, divisions: Divisions, groups: Mapping[str, list[tuple[str, str]]], *,
                source: str, now: dt.datetime, arrived: bool) -> list[tuple[QueueTicket, list[QueueItem]]]:
    """A bundle with one ticket per division (visit order) and its items; numbers drawn now."""
    route = divisions.route(groups)
    bundle = QueueBundle(source=source[:64], created_at=now, route=route)
    session.add(bundle)
    session.flush()
    day = day_of(now)
    made: list[tuple[QueueTicket, list[QueueItem]]] = []
    for i, division in enumerate(route):
        ticket = QueueTicket(
            bundle_id=bundle.id, division=division, day=day, number=_next_number(session, division, day),
            state=ARRIVED if arrived else ISSUED, next_division=route[i + 1] if i + 1 < len(route) else None,
            issued_at=now, arrived_at=now if arrived else None, call_count=0,
        )
        session.add(ticket)
        session.flush()
        items = [QueueItem(ticket_id=ticket.id, sheet_id=sheet_id, form_id=form_id) for sheet_id, form_id in groups[division]]
        session.add_all(items)
        made.append((ticket, items))
    session.flush()
    return made


def _division_of(divisions: Divisions, form_id: str) -> str | None:
    division = divisions.for_form(form_id)
    if division is None:  # a form this catalogue does not route: received, but in no queue
        LOG.warning("no division handles form %s: sheet not queued", form_id)
        return None
    return division.id


def issue_numbers(store: QueueStore, sheets: Sequence[tuple[str, str]], divisions: Divisions, *, source: str,
                  now: dt.datetime | None = None) -> Routed:
    """A kiosk printed a bundle of ``(sheet_id, form_id)``: draw a waiting number in each division's
    queue (the guide slip prints them). The sheets arrive in the queues when they are received."""
    now = now or now_utc()
    groups: dict[str, list[tuple[str, str]]] = {}
    unrouted: list[str] = []
    for sheet_id, form_id in sheets:
        division = _division_of(divisions, form_id)
        if division is None:
            unrouted.append(sheet_id)
        else:
            groups.setdefault(division, []).append((sheet_id, form_id))
    if not groups:
        return Routed((), (), (), tuple(unrouted))
    with store.session() as s:
        made = _new_bundle(s, divisions, groups, source=source, now=now, arrived=False)
        stops = tuple(Stop(t.division, t.number, t.id, tuple(i.form_id for i in items)) for t, items in made)
    LOG.info("numbers issued by %s: %s", source, " ".join(f"{st.division}#{st.number}" for st in stops))
    return Routed(stops, (), (), tuple(unrouted))


def receive_bundle(store: QueueStore, sheets: Sequence[ReceivedSheet], divisions: Divisions, *, station_id: str,
                   now: dt.datetime | None = None) -> Routed:
    """The verified sheets of a bundle were received: each is queued for its form's division.

    A sheet whose number the kiosk issued joins that ticket (issued → arrived); sheets without one
    get a new ticket per division, numbered now. A sheet id queued before changes nothing."""
    now = now or now_utc()
    for _attempt in range(_ATTEMPTS - 1):
        try:
            return _receive(store, sheets, divisions, station_id=station_id, now=now)
        except IntegrityError:  # another process queued the same sheet or drew the same number first
            LOG.info("receive_bundle: queued meanwhile elsewhere; reading again")
    return _receive(store, sheets, divisions, station_id=station_id, now=now)


def _receive(store: QueueStore, sheets: Sequence[ReceivedSheet], divisions: Divisions, *, station_id: str,
             now: dt.datetime) -> Routed:
    queued: list[str] = []
    repeated: list[str] = []
    unrouted: list[str] = []
    fresh: dict[str, list[tuple[str, str]]] = {}
    data = {sheet.sheet_id: sheet_data(sheet) for sheet in sheets}
    tickets: dict[int, QueueTicket] = {}
    with store.session() as s:
        for sheet in sheets:
            if sheet.sheet_id in queued or sheet.sheet_id in repeated or sheet.sheet_id in unrouted:
                continue
            item = s.scalars(select(QueueItem).where(QueueItem.sheet_id == sheet.sheet_id)).one_or_none()
            if item is not None and item.arrived_at is not None:
                repeated.append(sheet.sheet_id)
                tickets.setdefault(item.ticket_id, s.get_one(QueueTicket, item.ticket_id))
                continue
            if item is None:
                division = _division_of(divisions, sheet.form_id)
                if division is None:
                    unrouted.append(sheet.sheet_id)
                else:
                    fresh.setdefault(division, []).append((sheet.sheet_id, sheet.form_id))
                continue
            ticket = s.get_one(QueueTicket, item.ticket_id, with_for_update=True)
            _arrive(item, ticket, divisions, data[sheet.sheet_id], station_id, now)
            tickets[ticket.id] = ticket
            queued.append(sheet.sheet_id)
            _notify(s, "arrived", ticket.division, ticket.id)
        if fresh:
            for ticket, items in _new_bundle(s, divisions, fresh, source=station_id, now=now, arrived=True):
                for item in items:
                    _arrive(item, ticket, divisions, data[item.sheet_id], station_id, now)
                    queued.append(item.sheet_id)
                tickets[ticket.id] = ticket
                _notify(s, "arrived", ticket.division, ticket.id)
        s.flush()
        forms = _forms_of(s, list(tickets))
        route_order = divisions.route(t.division for t in tickets.values())
        stops = tuple(sorted((Stop(t.division, t.number, t.id, tuple(forms.get(t.id, ()))) for t in tickets.values()),
                             key=lambda st: (route_order.index(st.division), st.number)))
    if queued:
        LOG.info("received at %s: %d sheet(s) queued in %s", station_id, len(queued),
                 " ".join(f"{st.division}#{st.number}" for st in stops))
    return Routed(stops, tuple(queued), tuple(repeated), tuple(unrouted))


def _arrive(item: QueueItem, ticket: QueueTicket, divisions: Divisions, data: dict[str, JsonValue],
            station_id: str, now: dt.datetime) -> None:
    division = divisions.get(ticket.division)
    item.arrived_at, item.received_by, item.data = now, station_id[:64], data
    item.data_until = now + division.retention if division is not None else now
    if ticket.state == ISSUED:
        ticket.state, ticket.arrived_at = ARRIVED, now


def _forms_of(session: Session, ticket_ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if not ticket_ids:
        return out
    rows = session.execute(select(QueueItem.ticket_id, QueueItem.form_id).where(QueueItem.ticket_id.in_(ticket_ids))
                           .order_by(QueueItem.id)).all()
    for ticket_id, form_id in rows:
        if form_id not in out.setdefault(ticket_id, []):
            out[ticket_id].append(form_id)
    return out


# Reading ------------------------------------------------------------------------------------------
def division_queue(store: QueueStore, division: str, *, day: str | None = None,
                   now: dt.datetime | None = None) -> list[Ticket]:
    """The day's tickets of ``division`` that have arrived (arrived, in progress, done), by number."""
    day = day or day_of(now or now_utc())
    with store.session() as s:
        rows = s.scalars(select(QueueTicket).where(QueueTicket.division == division, QueueTicket.day == day,
                                                   QueueTicket.state != ISSUED).order_by(QueueTicket.number)).all()
        forms = _forms_of(s, [r.id for r in rows])
        return [_ticket(r, forms.get(r.id, [])) for r in rows]


def ticket(store: QueueStore, ticket_id: int) -> Ticket | None:
    with store.session() as s:
        row = s.get(QueueTicket, ticket_id)
        return _ticket(row, _forms_of(s, [row.id]).get(row.id, [])) if row is not None else None


def called_numbers(store: QueueStore, *, day: str | None = None, per_division: int = 3,
                   now: dt.datetime | None = None) -> dict[str, list[Ticket]]:
    """Per division, the numbers called today, the latest first (the public display)."""
    day = day or day_of(now or now_utc())
    with store.session() as s:
        rows = s.scalars(select(QueueTicket).where(QueueTicket.day == day, QueueTicket.called_at.is_not(None))
                         .order_by(QueueTicket.called_at.desc(), QueueTicket.id.desc())).all()
        out: dict[str, list[Ticket]] = {}
        for row in rows:
            shown = out.setdefault(row.division, [])
            if len(shown) < per_division:
                shown.append(_ticket(row, ()))
        return out


def queued_sheets(store: QueueStore, division: str, *, day: str | None = None) -> list[QueuedSheet]:
    """Every sheet received into ``division`` (on ``day`` if given), by number then arrival."""
    with store.session() as s:
        query = (select(QueueItem, QueueTicket).join(QueueTicket, QueueItem.ticket_id == QueueTicket.id)
                 .where(QueueTicket.division == division, QueueItem.arrived_at.is_not(None)))
        if day is not None:
            query = query.where(QueueTicket.day == day)
        rows = s.execute(query.order_by(QueueTicket.day, QueueTicket.number, QueueItem.id)).all()
        return [QueuedSheet(_ticket(t, ()), i.sheet_id, i.form_id, _maybe(i.arrived_at), i.data,
                            _maybe(i.data_until), _maybe(i.purged_at)) for i, t in rows]


# Moving tickets along -------------------------------------------------------------------------------
_MOVES = {"take": ((ARRIVED,), IN_PROGRESS), "done": ((IN_PROGRESS, ARRIVED), DONE)}


def _move(store: QueueStore, ticket_id: int, move: str, by: str, now: dt.datetime | None) -> Ticket:
    now = now or now_utc()
    before, after = _MOVES[move]
    with store.session() as s:
        row = s.get(QueueTicket, ticket_id, with_for_update=True)
        if row is None:
            raise RoutingError(f"no ticket {ticket_id}", key="routing.no_ticket")
        if row.state not in before:
            raise RoutingError(f"ticket {ticket_id} is {row.state}", key="routing.bad_state", number=row.number)
        row.state = after
        if after == IN_PROGRESS:
            row.taken_at, row.taken_by = now, by[:64]
        else:
            row.done_at, row.done_by = now, by[:64]
            if row.taken_at is None:
                row.taken_at, row.taken_by = now, by[:64]
        _notify(s, move, row.division, row.id)
        result = _ticket(row, _forms_of(s, [row.id]).get(row.id, []))
    LOG.info("ticket %d (%s #%d) %s by %s", ticket_id, result.division, result.number, after, by)
    return result


def take(store: QueueStore, ticket_id: int, *, by: str, now: dt.datetime | None = None) -> Ticket:
    """A clerk starts on the ticket: arrived → in_progress."""
    return _move(store, ticket_id, "take", by, now)


def finish(store: QueueStore, ticket_id: int, *, by: str, now: dt.datetime | None = None) -> Ticket:
    """The division is done with the ticket: in_progress (or arrived) → done."""
    return _move(store, ticket_id, "done", by, now)


def call(store: QueueStore, ticket_id: int, *, by: str, now: dt.datetime | None = None) -> Ticket:
    """呼び出し: the number shows on the public display (again, if called before)."""
    now = now or now_utc()
    with store.session() as s:
        row = s.get(QueueTicket, ticket_id, with_for_update=True)
        if row is None:
            raise RoutingError(f"no ticket {ticket_id}", key="routing.no_ticket")
        if row.state not in (ARRIVED, IN_PROGRESS):
            raise RoutingError(f"ticket {ticket_id} is {row.state}", key="routing.bad_state", number=row.number)
        row.called_at, row.called_by, row.call_count = now, by[:64], row.call_count + 1
        _notify(s, "called", row.division, row.id)
        result = _ticket(row, _forms_of(s, [row.id]).get(row.id, []))
    LOG.info("ticket %d (%s #%d) called by %s", ticket_id, result.division, result.number, by)
    return result


# Retention ----------------------------------------------------------------------------------------
def purge_expired(store: QueueStore, *, by: str, now: dt.datetime | None = None) -> int:
    """Drop the received data of every queued sheet whose retention has ended; returns how many.
    Ids, states and times stay (they are not personal data). A purge that dropped any writes its
    deletion record in the same transaction (PRIV-06): the audit entry ``routing.purge`` by ``by``
    (the station, the account or the job that ran it) with the count and the time it purged as of."""
    now = now or now_utc()
    with store.session() as s:
        ids = list(s.scalars(select(QueueItem.id).where(QueueItem.data_until <= now, QueueItem.purged_at.is_(None))))
        if ids:
            s.execute(update(QueueItem).where(QueueItem.id.in_(ids)).values(data=null(), purged_at=now)
                      .execution_options(synchronize_session=False))
            audit.append(s, by[:64], "routing.purge", "queue_items", {"count": len(ids), "as_of": now.isoformat()})
    if ids:
        LOG.info("queue retention: data of %d sheet(s) purged", len(ids))
    return len(ids)
