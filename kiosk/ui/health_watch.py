"""The kiosk window's side of :mod:`kiosk.health` (REL-10, REL-11): a timer every
``[staff_call] health_seconds`` (and a check when the database is ready and at each session end)
has the printer, the free disk and the clock checked on the operations runner, never on the GUI
thread; each failure alerts every clerk station. One check runs at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from kiosk.config import Config
from kiosk.log import get_logger
from kiosk.ports import StoragePort
from kiosk.ui.operations import runner

if TYPE_CHECKING:
    from kiosk.health import Health, PrinterPort

LOG = get_logger(__name__)


def _check(database: StoragePort, kiosk_id: str, printer: PrinterPort | None, data_dir: Path,
           disk_low_mb: int) -> Health:
    from kiosk.health import check_health  # worker side: the database library is not loaded at start-up

    return check_health(database, kiosk_id, printer=printer, data_dir=data_dir, disk_low_mb=disk_low_mb)


class HealthWatch(QObject):
    """``database`` and ``printer`` are read at each check (the database is made after start)."""

    def __init__(self, config: Config, database: Callable[[], StoragePort | None],
                 printer: Callable[[], PrinterPort | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.database = database
        self.printer = printer
        self.last: Health | None = None
        self._checking = False
        self.timer = QTimer(self)
        self.timer.setInterval(config.staff_call.health_seconds * 1000)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        database = self.database()
        if database is None or self._checking:
            return
        self._checking = True
        kiosk_id, printer = self.config.kiosk.id, self.printer()
        data_dir, low = self.config.data_dir, self.config.staff_call.disk_low_mb
        runner().run(lambda: _check(database, kiosk_id, printer, data_dir, low), self._checked, self._failed,
                     owner=self)

    def _checked(self, health: Health) -> None:
        self._checking = False
        self.last = health

    def _failed(self, error: Exception) -> None:
        self._checking = False
        LOG.warning("health not checked: %s", type(error).__name__)

    def stop(self) -> None:
        self.timer.stop()
