"""A database of its own on the real PostgreSQL server of ``script/with-services``: created,
upgraded, handed over with its URL, then dropped. Used by the fixtures of several test folders
(tests/ is on the import path through tests/conftest.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, text


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
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
