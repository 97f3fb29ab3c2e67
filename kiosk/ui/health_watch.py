"""The kiosk window's side of :mod:`kiosk.health` (REL-10, REL-11): a timer every
``[staff_call] health_seconds`` (and a check when the database is ready and at each session end)
has the printer, the card reader, the free disk and the clock checked on the operations runner,
never on the GUI thread; each failure alerts every clerk station, and each check writes the
kiosk's heartbeat (:mod:`kiosk.heartbeat`). :meth:`HealthWatch.stop` (the window closed on
purpose) writes the last beat, ``stopped``. One check runs at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from kiosk.config import Config
from kiosk.heart import Heart
from kiosk.log import get_logger
from kiosk.ports import StoragePort
from kiosk.ui.operations import runner

if TYPE_CHECKING:
    from kiosk.health import Health, PrinterPort, ReaderPort

LOG = get_logger(__name__)


def _check(heart: Heart, database: StoragePort, printer: PrinterPort | None, reader: ReaderPort | None,
           data_dir: Path, disk_low_mb: int) -> Health:
    from kiosk.health import check_health  # worker side: the database library is not loaded at start-up

    health = check_health(database, heart.kiosk_id, printer=printer, reader=reader, data_dir=data_dir,
                          disk_low_mb=disk_low_mb)
    heart.beat(database, health.parts)
    return health


def _stop(heart: Heart, database: StoragePort | None, reader: ReaderPort | None) -> None:
    heart.stop(database)
    if reader is not None:
        reader.close()


class HealthWatch(QObject):
    """``database`` and ``printer`` are read at each check (the database is made after start).
    ``reader`` is the card reader checked, its own PC/SC context beside the card worker's (set by
    :func:`kiosk.ui.app.build` for a kiosk that reads cards; None: none checked)."""

    def __init__(self, config: Config, database: Callable[[], StoragePort | None],
                 printer: Callable[[], PrinterPort | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
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
        database = self.database()
        if database is None or self._checking or self.stopped:
            return
        self._checking = True
        heart, printer, reader = self.heart, self.printer(), self.reader
        data_dir, low = self.config.data_dir, self.config.staff_call.disk_low_mb
        runner().run(lambda: _check(heart, database, printer, reader, data_dir, low), self._checked, self._failed,
                     owner=self)

    def _checked(self, health: Health) -> None:
        self._checking = False
        self.last = health

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
