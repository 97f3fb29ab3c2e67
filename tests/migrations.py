"""A migration checked on SQLite and on the real PostgreSQL server (tests/routing/test_migration.py,
tests/clerk/test_heartbeat_migration.py): the database at the revision before it, its tables, going
back, and what Alembic still finds between the schema and the models."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from kiosk.storage.database import Database, alembic_config
from kiosk.storage.models import Base


@contextmanager
def database_at(backend: str, request: Any, tmp_path: Path, revision: str) -> Iterator[Database]:
    """A database of ``backend`` ("sqlite" or "postgresql", the ``pg_database`` fixture's) at ``revision``."""
    if backend == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'm.sqlite3'}", key_dir=tmp_path / "keys")
        db.upgrade(revision)
    else:
        db, _url = request.getfixturevalue("pg_database")
        downgrade(db, revision)
    try:
        yield db
    finally:
        if backend == "sqlite":
            db.dispose()


def tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def downgrade(db: Database, revision: str) -> None:
    with db.engine.begin() as connection:
        cfg = alembic_config(db.url)
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def model_differences(db: Database, names: set[str]) -> list[Any]:
    """What Alembic would still add or change for the tables ``names`` (nothing, when the migration
    made them as the models describe them)."""
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    return [d for d in differences if any(name in str(d) for name in names)]
