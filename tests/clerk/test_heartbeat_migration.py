"""REL-10: migration 0005 (the kiosks' heartbeats) on SQLite and on the real PostgreSQL server: it
creates exactly what the models describe (Alembic finds nothing to add or change), keeps what 0004
held, and goes back cleanly."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import heartbeat, staffcalls
from kiosk.heartbeat import KioskState, Parts
from tests.migrations import database_at, downgrade, model_differences, tables

TABLE = "kiosk_heartbeats"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_rel10_0005_matches_the_models_and_goes_back_to_0004(backend, request, tmp_path):
    with database_at(backend, request, tmp_path, "0004") as db:
        call = staffcalls.record_call(db, "kiosk-01", "review")  # a row of 0004 survives 0005
        assert TABLE not in tables(db)
        db.upgrade("0005")
        assert db.current_revision() == "0005" and TABLE in tables(db)
        assert model_differences(db, {TABLE}) == []
        at = dt.datetime(2026, 12, 1, 1, 2, 3, tzinfo=dt.UTC)
        heartbeat.record_beat(db, "kiosk-01", KioskState.RUNNING, Parts(reader="ok"), now=at)
        [beat] = heartbeat.last_beats(db)
        assert (beat.beat_at, beat.parts.reader) == (at, "ok")  # the time comes back in UTC on both
        downgrade(db, "0004")
        assert TABLE not in tables(db)
        assert staffcalls.call_state(db, call.id) is not None
