"""A kiosk's own health, without Qt (REL-10): every ``[staff_call] health_seconds`` (60 at most)
the kiosk window has this run on the operations runner. A printer that cannot print (stopped,
out of paper, jammed, door open, offline: :class:`kiosk.print_queue.PrinterState`) or runs low,
less free disk than ``disk_low_mb`` where the kiosk keeps its data, or a clock more than 5 s from
the database server's (:mod:`kiosk.clock`) raises an alert on every clerk station through the
staff calls (:func:`kiosk.staffcalls.record_alert`), once while it is open: so a failure is shown
to staff within a minute, without a resident having to meet it first.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk import clock
from kiosk.log import get_logger
from kiosk.print_queue import PrinterState
from kiosk.staffcalls import CallStore, record_alert

LOG = get_logger(__name__)


class PrinterPort(Protocol):
    def state(self) -> PrinterState: ...


@dataclass(frozen=True)
class Health:
    """What one check found: the alerts it found due, and those newly raised (not already open)."""

    due: tuple[str, ...]
    raised: tuple[str, ...]
    drift: float | None
    free_mb: int


def printer_alerts(state: PrinterState) -> list[str]:
    """``printer.unavailable`` for a printer that cannot print, ``printer.<warning>`` for each supply running low."""
    return (["printer.unavailable"] if not state.ready else []) + [f"printer.{w}" for w in state.warnings]


def _existing(path: Path) -> Path:
    """``path``, or its nearest folder that exists (a data folder not made yet lives on that disk)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_health(store: CallStore, kiosk_id: str, *, printer: PrinterPort | None, data_dir: Path,
                 disk_low_mb: int, now: Callable[[], dt.datetime] | None = None) -> Health:
    """Check the printer (when the kiosk prints), the free disk and the clock; alert the stations
    of each failure. A check that itself fails (the database away) raises, for the caller to log."""
    due = printer_alerts(printer.state()) if printer is not None else []
    free_mb = shutil.disk_usage(_existing(data_dir)).free // 2**20
    if free_mb < disk_low_mb:
        due.append("disk.low")
    drift = clock.database_drift(store, now=now)
    if drift is not None and abs(drift) > clock.DRIFT_LIMIT_SECONDS:
        due.append("clock.drift")
    raised = tuple(alert for alert in due if record_alert(store, kiosk_id, alert) is not None)
    if raised:
        LOG.warning("health: staff alerted of %s", ", ".join(raised))
    return Health(tuple(due), raised, drift, free_mb)
