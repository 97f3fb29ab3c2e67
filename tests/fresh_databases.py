"""A database of its own on the real PostgreSQL server of ``script/with-services``: created,
upgraded, handed over with its URL, then dropped. Used by the fixtures of several test folders
(tests/ is on the import path through tests/conftest.py)."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, text


def settle_background_work() -> None:
    """Let the work a test's windows left on the application's operations runner finish, and its
    callbacks run, before the database it uses is disposed: a connection still checked out by a
    worker would be cut by ``DROP DATABASE … WITH (FORCE)`` and, once collected, its
    ``ResourceWarning`` (an error in this suite) would surface in whichever later test runs then."""
    operations = sys.modules.get("kiosk.ui.operations")
    if operations is not None:
        operations.runner().wait_idle()


@contextmanager
def postgres_database(base_url: str, prefix: str = "t", **options: Any) -> Iterator[tuple[Any, str]]:
    """(Database, url) of a new database named ``prefix_…`` beside ``base_url``'s; ``options``
    go to :class:`kiosk.storage.database.Database`."""
    from kiosk.storage.database import Database

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base_url.rsplit("/", 1)[0] + "/" + name
    db = Database(url, **options)
    db.upgrade()
    try:
        yield db, url
    finally:
        settle_background_work()
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
