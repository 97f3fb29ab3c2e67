"""Migration 0004 on SQLite and on the real PostgreSQL server: it creates exactly what the models
describe (Alembic finds nothing to add or change), keeps what 0003 held, and goes back cleanly."""

from __future__ import annotations

import pytest

from kiosk import staffcalls
from tests.migrations import database_at, downgrade, model_differences, tables

QUEUE_TABLES = {"queue_bundles", "queue_tickets", "queue_items"}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_0004_matches_the_models_and_goes_back_to_0003(backend, request, tmp_path):
    with database_at(backend, request, tmp_path, "0003") as db:
        call = staffcalls.record_call(db, "kiosk-01", "review")  # a row of 0003 survives 0004
        assert not (QUEUE_TABLES & tables(db))
        db.upgrade()
        assert QUEUE_TABLES <= tables(db)
        assert staffcalls.call_state(db, call.id) is not None
        assert model_differences(db, QUEUE_TABLES) == []
        downgrade(db, "0003")
        assert not (QUEUE_TABLES & tables(db))
        assert staffcalls.call_state(db, call.id) is not None
