"""A kiosk's heartbeat as its health checks make it (REL-10), without Qt and without the database
library at import (the kiosk window holds one from start-up): the parts' codes, the kiosk's state,
and :class:`Heart`, which writes the beats through :mod:`kiosk.heartbeat` on the operations
runner's threads."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from kiosk.log import get_logger

if TYPE_CHECKING:
    from kiosk.heartbeat import Beat
    from kiosk.staffcalls import CallStore

LOG = get_logger(__name__)

OK = "ok"
NONE = "none"  # the kiosk has no such part (prints nothing, reads no card)


class KioskState(StrEnum):
    RUNNING = "running"
    STOPPED = "stopped"  # taken out of service on purpose: not shown as silent


@dataclass(frozen=True)
class Parts:
    """The state of each part as a code: ``ok``, ``none`` (the kiosk has no such part), or what is
    wrong — printer ``unavailable``/``media_low``/``marker_low``, reader ``missing``/``no_service``,
    disk ``low``, clock ``drift``/``unchecked`` (SQLite has no server clock)."""

    printer: str = NONE
    reader: str = NONE
    database: str = OK  # a beat that is written reached the database
    disk: str = OK
    clock: str = OK


class Heart:
    """One kiosk's beats from the operations runner's threads: once :meth:`stop` has written
    ``stopped``, a check still under way writes nothing after it (the kiosk would look alive, then
    silent)."""

    def __init__(self, kiosk_id: str) -> None:
        self.kiosk_id = kiosk_id
        self._lock = threading.Lock()
        self._stopped = False
        self._parts = Parts()  # as the last beat found them

    def beat(self, store: CallStore, parts: Parts) -> Beat | None:
        with self._lock:
            if self._stopped:
                return None
            self._parts = parts
            from kiosk.heartbeat import record_beat  # worker side

            return record_beat(store, self.kiosk_id, KioskState.RUNNING, parts)

    def stop(self, store: CallStore | None) -> Beat | None:
        """The last beat, with the parts as last found: the kiosk leaves service on purpose. None
        without a database."""
        with self._lock:
            self._stopped = True
            if store is None:
                return None
            from kiosk.heartbeat import record_beat  # worker side

            beat = record_beat(store, self.kiosk_id, KioskState.STOPPED, self._parts)
        LOG.info("heartbeat: %s stopped", self.kiosk_id)
        return beat
