"""Room to work (REL-12): a kiosk starts no resident's session when the disk where it writes is
nearly full, rather than take a resident through every question and then fail to write. Without Qt.

Where it writes: its data folder (the embedded database, keys, metrics) and the temporary folder
(speech). Each must have ``need_mb`` free (``[staff_call] disk_refuse_mb``). A write that still
meets a full disk (SQLite's ``SQLITE_FULL``, ``ENOSPC``) is rolled back whole by its transaction;
:func:`is_disk_full` tells such a failure apart for the log.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kiosk.errors import DiskFull

_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
_KEYS = {"data": "error.disk_full", "temp": "error.disk_full_temp"}  # the message staff read, per place


def existing(path: Path) -> Path:
    """``path``, or its nearest folder that exists (a data folder not made yet lives on that disk)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def free_mb(path: Path) -> int:
    """Free space, in MiB, on the disk that holds ``path`` (for the kiosk's own user: root's reserve excluded)."""
    return shutil.disk_usage(existing(path)).free // 2**20


def places(data_dir: Path) -> list[tuple[str, Path]]:
    """The kiosk's places to write, named as :class:`~kiosk.errors.DiskFull` names them."""
    return [("data", data_dir), ("temp", Path(tempfile.gettempdir()))]


def room(where: Iterable[tuple[str, Path]], need_mb: int) -> DiskFull | None:
    """The first place with less than ``need_mb`` free, as the error to show; None when every place has room."""
    for place, path in where:
        free = free_mb(path)
        if free < need_mb:
            return DiskFull(f"{place}: {free} MiB free, {need_mb} needed", key=_KEYS[place], place=place,
                            free_mb=free, need_mb=need_mb)
    return None


def is_disk_full(error: BaseException | None) -> bool:
    """A failure (or one it was raised from) that a full disk caused: SQLite's ``SQLITE_FULL``
    ("database or disk is full") or an ``OSError`` with ``ENOSPC``/``EDQUOT``."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DiskFull):
            return True
        if isinstance(error, OSError) and error.errno in _FULL_ERRNOS:
            return True
        if isinstance(error, sqlite3.OperationalError) and (
                getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(error)):
            return True
        orig = getattr(error, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's error
        error = orig if isinstance(orig, BaseException) else (error.__cause__ or error.__context__)
    return False
