"""Changes other processes make, delivered as events from a thread of their own.

PostgreSQL: LISTEN on a connection of the listener's own, waking at once on NOTIFY; a lost server
is tried again every ``poll_seconds`` and each (re)connection delivers the RESYNC event (what was
missed meanwhile is read again by the receiver). SQLite (one machine, no NOTIFY): the subclass
reads the state every ``poll_seconds`` and delivers the differences (:meth:`ChangeListener._poll`).

The staff calls (:mod:`kiosk.staffcalls`) and the division queues (:mod:`kiosk.routing.listen`)
listen this way."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from kiosk.log import get_logger
from kiosk.storage.database import Database, postgres_connect_args

LOG = get_logger(__name__)

E = TypeVar("E")


class ChangeListener(Generic[E]):
    """Tells ``deliver`` of every change on ``channel``; subclasses say how a NOTIFY payload reads
    (:meth:`_parse`), what a resynchronisation is (:meth:`_resync`) and how to poll (:meth:`_poll`)."""

    channel = ""
    thread_name = "change-listener"

    def __init__(self, db: Database, deliver: Callable[[E], None], *, poll_seconds: float,
                 wait_seconds: float) -> None:
        self.db = db
        self.deliver = deliver
        self.poll_seconds = poll_seconds
        self.wait_seconds = wait_seconds
        self.ready = threading.Event()  # set once listening (or once the first poll is done)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def uses_notify(self) -> bool:
        return self.db.dialect == "postgresql"

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        if self.uses_notify:
            self._listen()
        else:
            self._poll()

    def _parse(self, payload: str) -> E | None:
        raise NotImplementedError

    def _resync(self) -> E:
        raise NotImplementedError

    def _poll(self) -> None:
        raise NotImplementedError

    def _listen(self) -> None:
        conninfo = make_url(self.db.url).set(drivername="postgresql").render_as_string(hide_password=False)
        while not self._stop.is_set():
            try:
                with psycopg.connect(conninfo, autocommit=True,
                                     **postgres_connect_args(self.db.settings)) as conn:  # type: ignore[arg-type]
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
                    self.ready.set()
                    self.deliver(self._resync())
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=self.wait_seconds):
                            event = self._parse(note.payload)
                            if event is not None:
                                self.deliver(event)
            except psycopg.Error as exc:
                self.ready.clear()
                LOG.warning("%s lost the database: %s", self.thread_name, type(exc).__name__)
                self._stop.wait(self.poll_seconds)
