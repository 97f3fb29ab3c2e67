"""A kiosk's own health, without Qt (REL-10): every ``[staff_call] health_seconds`` (60 at most)
the kiosk window has this run on the operations runner. A printer that cannot print (stopped,
out of paper, jammed, door open, offline: :class:`kiosk.print_queue.PrinterState`) or runs low,
less free disk than ``disk_low_mb`` where the kiosk keeps its data, or a clock more than 5 s from
the database server's (:mod:`kiosk.clock`) or a card reader that cannot be reached (pcscd not
answering, no reader attached) raises an alert on every clerk station through the staff calls
(:func:`kiosk.staffcalls.record_alert`), once while it is open: so a failure is shown to staff
within a minute, without a resident having to meet it first. Each check's findings, as codes, are
the kiosk's heartbeat (:mod:`kiosk.heartbeat`), written by the caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk import clock, resources
from kiosk.heart import NONE, OK, Parts
from kiosk.log import get_logger
from kiosk.print_queue import PrinterState
from kiosk.staffcalls import CallStore, record_alert

LOG = get_logger(__name__)


class PrinterPort(Protocol):
    def state(self) -> PrinterState: ...


class ReaderPort(Protocol):
    """The card reader as the kiosk finds it (:class:`kiosk.card.transport.Terminal`)."""

    def service_available(self) -> bool: ...

    def readers(self) -> list[str]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Health:
    """What one check found: the alerts it found due, and those newly raised (not already open)."""

    due: tuple[str, ...]
    raised: tuple[str, ...]
    drift: float | None
    free_mb: int
    parts: Parts  # the heartbeat's codes


def printer_alerts(state: PrinterState) -> list[str]:
    """``printer.unavailable`` for a printer that cannot print, ``printer.<warning>`` for each supply running low."""
    return (["printer.unavailable"] if not state.ready else []) + [f"printer.{w}" for w in state.warnings]


def printer_code(state: PrinterState | None) -> str:
    if state is None:
        return NONE
    return "unavailable" if not state.ready else (state.warnings[0][:16] if state.warnings else OK)


def reader_code(reader: ReaderPort | None) -> str:
    """``ok``; ``no_service`` when pcscd does not answer; ``missing`` when no reader the kiosk may
    use is attached; ``none`` for a kiosk that reads no cards."""
    if reader is None:
        return NONE
    if not reader.service_available():
        return "no_service"
    return OK if reader.readers() else "missing"


def check_health(store: CallStore, kiosk_id: str, *, printer: PrinterPort | None, data_dir: Path,
                 disk_low_mb: int, reader: ReaderPort | None = None,
                 now: Callable[[], dt.datetime] | None = None) -> Health:
    """Check the printer (when the kiosk prints), the card reader (when it reads cards), the free
    disk and the clock; alert the stations of each failure. A check that itself fails (the
    database away) raises, for the caller to log."""
    printer_state = printer.state() if printer is not None else None
    due = printer_alerts(printer_state) if printer_state is not None else []
    reader_state = reader_code(reader)
    if reader_state not in (OK, NONE):
        due.append("reader.unavailable")
    free_mb = resources.free_mb(data_dir)
    if free_mb < disk_low_mb:
        due.append("disk.low")
    drift = clock.database_drift(store, now=now)
    drifted = drift is not None and abs(drift) > clock.DRIFT_LIMIT_SECONDS
    if drifted:
        due.append("clock.drift")
    raised = tuple(alert for alert in due if record_alert(store, kiosk_id, alert) is not None)
    if raised:
        LOG.warning("health: staff alerted of %s", ", ".join(raised))
    parts = Parts(printer=printer_code(printer_state), reader=reader_state, disk="low" if free_mb < disk_low_mb else OK,
                  clock="unchecked" if drift is None else ("drift" if drifted else OK))
    return Health(tuple(due), raised, drift, free_mb, parts)
