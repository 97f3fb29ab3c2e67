"""The clerk station's database health probe: while the database cannot be reached, a timer asks
it again through the operations runner (never on the GUI thread) and says when it answers."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.errors import DatabaseUnreachable
from kiosk.log import get_logger
from kiosk.storage.database import Database
from kiosk.ui.operations import runner

LOG = get_logger(__name__)


class DatabaseHealth(QObject):
    """``lost()`` starts probing every ``interval_seconds``; ``recovered`` fires once the database
    answers again. At most one probe runs at a time."""

    recovered = Signal()

    def __init__(self, db: Database, interval_seconds: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.down = False
        self._probing = False
        self.timer = QTimer(self)
        self.timer.setInterval(max(1, interval_seconds) * 1000)
        self.timer.timeout.connect(self.probe)

    def lost(self) -> None:
        if not self.down:
            LOG.warning("database unreachable: probing every %d s", self.timer.interval() // 1000)
        self.down = True
        if not self.timer.isActive():
            self.timer.start()

    def answered(self) -> None:
        """An operation reached the database: it is up (whatever the probe last saw)."""
        if self.down:
            self._up()

    def probe(self) -> None:
        if self._probing:
            return
        self._probing = True
        runner().run(self.db.probe, on_success=self._probe_ok, on_failure=self._probe_failed, owner=self)

    def _probe_ok(self, _none: None) -> None:
        self._probing = False
        if self.down:
            self._up()

    def _probe_failed(self, error: Exception) -> None:
        self._probing = False
        if not isinstance(error, DatabaseUnreachable):
            LOG.error("database probe failed: %s", type(error).__name__)

    def _up(self) -> None:
        self.down = False
        self.timer.stop()
        LOG.info("database reachable again")
        self.recovered.emit()

    def stop(self) -> None:
        self.timer.stop()
