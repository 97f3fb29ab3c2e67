"""Migration 0004 on SQLite and on the real PostgreSQL server: it creates exactly what the models
describe (Alembic finds nothing to add or change), keeps what 0003 held, and goes back cleanly."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from kiosk.storage.database import alembic_config
from kiosk.storage.models import Base

QUEUE_TABLES = {"queue_bundles", "queue_tickets", "queue_items"}


def _tables(db) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def _migrate(db, action, revision: str) -> None:
    with db.engine.begin() as connection:
        cfg = alembic_config(db.url)
        cfg.attributes["connection"] = connection
        action(cfg, revision)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_0004_matches_the_models_and_goes_back_to_0003(backend, request, tmp_path):
    if backend == "sqlite":
        from kiosk.storage.database import Database

        db = Database(f"sqlite:///{tmp_path / 'm.sqlite3'}", key_dir=tmp_path / "keys")
        db.upgrade("0003")
    else:
        db, _url = request.getfixturevalue("pg_database")
        _migrate(db, command.downgrade, "0003")
    try:
        from kiosk import staffcalls

        call = staffcalls.record_call(db, "kiosk-01", "review")  # a row of 0003 survives 0004
        assert not (QUEUE_TABLES & _tables(db))
        db.upgrade()
        assert QUEUE_TABLES <= _tables(db)
        assert staffcalls.call_state(db, call.id) is not None
        with db.engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert [d for d in differences if any(t in str(d) for t in QUEUE_TABLES)] == []
        _migrate(db, command.downgrade, "0003")
        assert not (QUEUE_TABLES & _tables(db))
        assert staffcalls.call_state(db, call.id) is not None
    finally:
        if backend == "sqlite":
            db.dispose()
