"""The kiosk window's side of :mod:`kiosk.health` (REL-10, REL-11): a timer every
``[staff_call] health_seconds`` (and a check when the database is ready and at each session end)
has the printer, the card reader, the free disk and the clock checked on the operations runner,
never on the GUI thread; each failure alerts every clerk station, and each check writes the
kiosk's heartbeat (:mod:`kiosk.heartbeat`). :meth:`HealthWatch.stop` (the window closed on
purpose) writes the last beat, ``stopped``. One check runs at a time.

Each check also looks for room to work (:mod:`kiosk.resources`, REL-12), with or without a
database, and hands what it found to ``on_room``: the window goes out of service while a place it
writes has less than ``[staff_call] disk_refuse_mb`` free, and back once it has room."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from kiosk import resources
from kiosk.config import Config
from kiosk.errors import DiskFull
from kiosk.heart import Heart
from kiosk.log import get_logger
from kiosk.ports import StoragePort
from kiosk.ui.operations import runner

if TYPE_CHECKING:
    from kiosk.health import Health, PrinterPort, ReaderPort

LOG = get_logger(__name__)


@dataclass(frozen=True)
class Checked:
    health: Health | None  # None: no database to check with, or the check failed (logged)
    full: DiskFull | None  # a place the kiosk writes without room (REL-12); None: room everywhere


def _check(heart: Heart, database: StoragePort | None, printer: PrinterPort | None, reader: ReaderPort | None,
           data_dir: Path, disk_low_mb: int, disk_refuse_mb: int) -> Checked:
    full = resources.room(resources.places(data_dir), disk_refuse_mb)
    if database is None:
        return Checked(None, full)
    from kiosk.health import check_health  # worker side: the database library is not loaded at start-up

    try:
        health = check_health(database, heart.kiosk_id, printer=printer, reader=reader, data_dir=data_dir,
                              disk_low_mb=disk_low_mb)
        heart.beat(database, health.parts)
    except Exception as exc:  # the database away: the room found still counts
        LOG.warning("health not checked: %s%s", type(exc).__name__, " (disk full)" if resources.is_disk_full(exc) else "")
        return Checked(None, full)
    return Checked(health, full)


def _stop(heart: Heart, database: StoragePort | None, reader: ReaderPort | None) -> None:
    heart.stop(database)
    if reader is not None:
        reader.close()


class HealthWatch(QObject):
    """``database`` and ``printer`` are read at each check (the database is made after start).
    ``reader`` is the card reader checked, its own PC/SC context beside the card worker's (set by
    :func:`kiosk.ui.app.build` for a kiosk that reads cards; None: none checked)."""

    def __init__(self, config: Config, database: Callable[[], StoragePort | None],
                 printer: Callable[[], PrinterPort | None], parent: QObject | None = None,
                 on_room: Callable[[DiskFull | None], None] | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.on_room = on_room
        self.database = database
        self.printer = printer
        self.reader: ReaderPort | None = None
        self.heart = Heart(config.kiosk.id)
        self.last: Health | None = None
        self._checking = False
        self.stopped = False
        self.timer = QTimer(self)
        self.timer.setInterval(config.staff_call.health_seconds * 1000)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        if self._checking or self.stopped:
            return
        self._checking = True
        database, heart, printer, reader = self.database(), self.heart, self.printer(), self.reader
        data_dir, calls = self.config.data_dir, self.config.staff_call
        low, refuse = calls.disk_low_mb, calls.disk_refuse_mb
        runner().run(lambda: _check(heart, database, printer, reader, data_dir, low, refuse), self._checked,
                     self._failed, owner=self)

    def _checked(self, checked: Checked) -> None:
        self._checking = False
        if checked.health is not None:
            self.last = checked.health
        if self.on_room is not None and not self.stopped:
            self.on_room(checked.full)

    def _failed(self, error: Exception) -> None:
        self._checking = False
        LOG.warning("health not checked: %s", type(error).__name__)

    def stop(self) -> None:
        """The kiosk leaves service on purpose: no more checks, and a last beat saying so, so that
        the stations do not show it as silent (written even if the window goes before it is)."""
        if self.stopped:
            return
        self.stopped = True
        self.timer.stop()
        heart, database, reader = self.heart, self.database(), self.reader
        runner().run(lambda: _stop(heart, database, reader),
                     on_failure=lambda error: LOG.warning("last heartbeat not written: %s", type(error).__name__))
