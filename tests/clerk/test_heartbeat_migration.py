"""REL-10: migration 0005 (the kiosks' heartbeats) on SQLite and on the real PostgreSQL server: it
creates exactly what the models describe (Alembic finds nothing to add or change), keeps what 0004
held, and goes back cleanly."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from kiosk import heartbeat, staffcalls
from kiosk.heartbeat import KioskState, Parts
from kiosk.storage.database import Database, alembic_config
from kiosk.storage.models import Base

TABLE = "kiosk_heartbeats"


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def _downgrade(db: Database, revision: str) -> None:
    with db.engine.begin() as connection:
        cfg = alembic_config(db.url)
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_rel10_0005_matches_the_models_and_goes_back_to_0004(backend, request, tmp_path):
    if backend == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'm.sqlite3'}", key_dir=tmp_path / "keys")
        db.upgrade("0004")
    else:
        db, _url = request.getfixturevalue("pg_database")
        _downgrade(db, "0004")
    try:
        call = staffcalls.record_call(db, "kiosk-01", "review")  # a row of 0004 survives 0005
        assert TABLE not in _tables(db)
        db.upgrade()
        assert db.current_revision() == "0005" and TABLE in _tables(db)
        with db.engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert [d for d in differences if TABLE in str(d)] == []
        at = dt.datetime(2026, 12, 1, 1, 2, 3, tzinfo=dt.UTC)
        heartbeat.record_beat(db, "kiosk-01", KioskState.RUNNING, Parts(reader="ok"), now=at)
        [beat] = heartbeat.last_beats(db)
        assert (beat.beat_at, beat.parts.reader) == (at, "ok")  # the time comes back in UTC on both
        _downgrade(db, "0004")
        assert TABLE not in _tables(db)
        assert staffcalls.call_state(db, call.id) is not None
    finally:
        if backend == "sqlite":
            db.dispose()
