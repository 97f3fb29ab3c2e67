"""SQLite's own check of its file (REL-09): a station that opens an embedded database runs
``PRAGMA quick_check`` once per process before it uses it, and refuses a damaged file with
:class:`~kiosk.errors.DatabaseDamaged` rather than write into it; ``kiosk doctor`` runs the full
``PRAGMA integrity_check`` and reports the journal mode and the synchronous level the kiosk's
connections run with (WAL and FULL: a commit is on the disk before it is acknowledged).

PostgreSQL keeps its own files: nothing is checked here for it."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from kiosk.errors import DatabaseDamaged
from kiosk.log import get_logger

LOG = get_logger(__name__)

QUICK = "quick_check"  # O(N): pages, b-trees and records; no index is compared with its table
FULL = "integrity_check"  # also every index against its table
SYNCHRONOUS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
DAMAGED_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
MAX_PROBLEMS = 20  # SQLite lists at most this many

_checked: set[str] = set()  # the files this process found sound
_lock = threading.Lock()


@dataclass(frozen=True)
class Integrity:
    """What a check found: ``problems`` as SQLite words them (pages and b-trees, never a value)."""

    check: str
    problems: tuple[str, ...]
    journal_mode: str
    synchronous: str
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.problems


def run(engine: Engine, check: str = QUICK) -> Integrity:
    """``PRAGMA quick_check`` (or ``integrity_check``) on a connection of ``engine``, with the
    connection's journal mode and synchronous level. A file SQLite cannot read as a database at
    all is reported as a problem, not raised."""
    started = time.perf_counter()
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(f"PRAGMA {check}({MAX_PROBLEMS})").scalars().all()
            journal = str(conn.exec_driver_sql("PRAGMA journal_mode").scalar())
            level = conn.exec_driver_sql("PRAGMA synchronous").scalar()
    except DBAPIError as exc:
        code = getattr(exc.orig, "sqlite_errorname", "")
        if not isinstance(exc.orig, sqlite3.DatabaseError) or code not in DAMAGED_CODES:
            raise
        return Integrity(check, (f"{code}: {exc.orig}",), "unknown", "unknown", time.perf_counter() - started)
    # One problem a line; SQLite heads a database's list with "*** in database main ***".
    lines = (line.strip() for row in rows for line in str(row).splitlines())
    problems = tuple(line for line in lines if line and line != "ok" and not line.startswith("*** in database"))
    synchronous = SYNCHRONOUS.get(int(level), str(level)) if level is not None else "unknown"
    return Integrity(check, problems, journal.upper(), synchronous, time.perf_counter() - started)


def check_once(engine: Engine, path: Path) -> None:
    """Raise :class:`DatabaseDamaged` when ``PRAGMA quick_check`` finds ``path`` damaged; a file
    found sound is not checked again by this process. The log names the check and the count only."""
    key = str(path.resolve())
    with _lock:
        if key in _checked:
            return
        found = run(engine, QUICK)
        if found.ok:
            _checked.add(key)
            LOG.info("database quick_check ok in %.0f ms", found.seconds * 1000)
            return
    LOG.error("database damaged: %s found %d problem(s)", QUICK, len(found.problems))
    raise DatabaseDamaged(f"{path}: PRAGMA {QUICK} found {len(found.problems)} problem(s), first: {found.problems[0]}",
                          check=QUICK, where=str(path))
