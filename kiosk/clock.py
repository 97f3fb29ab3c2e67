"""The kiosk's clock against the database server's (REL-11), without Qt.

Sheets expire and logs are read by the time the kiosk writes on them, so a clock that drifts
matters. The machine keeps its time by NTP (systemd-timesyncd or chrony; ``kiosk doctor`` says
whether it is synchronised). Whatever keeps it, the kiosk's health checks (:mod:`kiosk.health`)
measure its own clock against the shared PostgreSQL server's: more than
:data:`DRIFT_LIMIT_SECONDS` apart raises the ``clock.drift`` alert on every clerk station. On
SQLite the database has no clock of its own; nothing is measured.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.log import get_logger

LOG = get_logger(__name__)

DRIFT_LIMIT_SECONDS = 5.0  # REL-11


class ClockStore(Protocol):
    def session(self) -> AbstractContextManager[Session]: ...


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def database_drift(store: ClockStore, *, now: Callable[[], dt.datetime] | None = None) -> float | None:
    """Seconds this machine's clock (``now``, else the system's) is ahead of (+) or behind (−)
    the PostgreSQL server's, read halfway through one round trip; None on SQLite."""
    now = now or _now
    with store.session() as s:
        if s.get_bind().dialect.name != "postgresql":
            return None
        before = now()
        server: dt.datetime = s.execute(select(func.clock_timestamp())).scalar_one()
        after = now()
    middle = before + (after - before) / 2
    return float((middle - server).total_seconds())


def ntp_synchronized() -> bool | None:
    """systemd's NTPSynchronized (timesyncd or chrony keeping the time); None where there is no
    ``timedatectl`` or no systemd to answer."""
    try:
        proc = subprocess.run(["timedatectl", "show", "--property=NTPSynchronized", "--value"],
                              capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    answer = proc.stdout.strip()
    if proc.returncode != 0 or answer not in ("yes", "no"):
        return None
    return answer == "yes"
