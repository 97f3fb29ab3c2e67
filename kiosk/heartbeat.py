"""The kiosk's heartbeat, without Qt (REL-10): at each health check (:mod:`kiosk.health`, every
``[staff_call] health_seconds``) a kiosk writes its last beat to the shared database — its id,
when, and the state of its printer, card reader, database, disk and clock as short codes, never
personal data. A kiosk stopped on purpose (a staff exit, the service stopped) writes a last beat
saying ``stopped``. A clerk station reads the beats and shows each running kiosk not heard for
longer than its threshold (:func:`silent_kiosks`): switched off, hung or cut from the network.

One row per kiosk (``kiosk_heartbeats``), written over at each beat on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from kiosk.heart import NONE, OK, Heart, KioskState, Parts
from kiosk.staffcalls import CallStore, check_name
from kiosk.storage.models import KioskHeartbeat

__all__ = ["NONE", "OK", "Beat", "Heart", "KioskState", "Parts", "last_beats", "record_beat", "retire",
           "silent_kiosks"]


@dataclass(frozen=True)
class Beat:
    kiosk_id: str
    state: KioskState
    beat_at: dt.datetime
    parts: Parts

    @property
    def codes(self) -> dict[str, str]:
        return asdict(self.parts)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; every one this module writes is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def record_beat(store: CallStore, kiosk_id: str, state: KioskState, parts: Parts, *,
                now: dt.datetime | None = None) -> Beat:
    """Write ``kiosk_id``'s beat over its last one (inserted the first time)."""
    check_name("kiosk id", kiosk_id)
    beat = Beat(kiosk_id, state, now or _now(), parts)
    values = {"kiosk_id": kiosk_id, "state": state.value, "beat_at": beat.beat_at, **beat.codes}
    with store.session() as s:
        dialect = s.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(KioskHeartbeat).values(**values)
        s.execute(statement.on_conflict_do_update(index_elements=["kiosk_id"],
                                                  set_={k: v for k, v in values.items() if k != "kiosk_id"}))
    return beat


def _beat(row: KioskHeartbeat) -> Beat:
    parts = Parts(printer=row.printer, reader=row.reader, database=row.database, disk=row.disk, clock=row.clock)
    return Beat(row.kiosk_id, KioskState(row.state), _aware(row.beat_at), parts)


def last_beats(store: CallStore) -> list[Beat]:
    """Every kiosk's last beat, by kiosk id."""
    with store.session() as s:
        return [_beat(row) for row in s.scalars(select(KioskHeartbeat).order_by(KioskHeartbeat.kiosk_id))]


def silent_kiosks(store: CallStore, after: dt.timedelta, *, now: dt.datetime | None = None) -> list[Beat]:
    """The running kiosks whose last beat is older than ``after``, longest silent first. A kiosk
    whose last beat says ``stopped`` is not among them."""
    cutoff = (now or _now()) - after
    with store.session() as s:
        rows = s.scalars(select(KioskHeartbeat).where(KioskHeartbeat.state == KioskState.RUNNING.value,
                                                      KioskHeartbeat.beat_at < cutoff)
                         .order_by(KioskHeartbeat.beat_at, KioskHeartbeat.kiosk_id)).all()
        return [_beat(row) for row in rows]


def retire(store: CallStore, kiosk_id: str, *, by: str) -> Beat | None:
    """A kiosk taken away without its clean stop (moved, broken, switched off for good) is marked
    ``stopped`` by an administrator ``by``, so that stations no longer show it as silent; audited
    (``kiosk.retired``) in the same transaction. A kiosk that beats again shows as running again.
    None when ``kiosk_id`` never beat."""
    from kiosk.storage import audit

    check_name("kiosk id", kiosk_id)
    with store.session() as s:
        row = s.get(KioskHeartbeat, kiosk_id)
        if row is None:
            return None
        was = row.state
        row.state = KioskState.STOPPED.value
        audit.append(s, by, "kiosk.retired", kiosk_id, {"was": was})
        s.flush()
        return _beat(row)
