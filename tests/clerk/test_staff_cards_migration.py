"""SEC-09: migration 0006 (the staff cards) on SQLite and on the real PostgreSQL server: it creates
exactly what the models describe (Alembic finds nothing to add or change), keeps what 0005 held,
refuses a second enrolment of one certificate, and goes back cleanly."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError

from kiosk import heartbeat, staff
from kiosk.heartbeat import KioskState, Parts
from kiosk.storage.models import StaffCard
from tests.migrations import database_at, downgrade, model_differences, tables

TABLE = "staff_cards"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sec09_0006_matches_the_models_and_goes_back_to_0005(backend, request, tmp_path):
    with database_at(backend, request, tmp_path, "0005") as db:
        heartbeat.record_beat(db, "kiosk-01", KioskState.RUNNING, Parts(reader="ok"))  # a row of 0005 survives 0006
        assert TABLE not in tables(db)
        db.upgrade()
        assert db.current_revision() == "0006" and TABLE in tables(db)
        assert model_differences(db, {TABLE}) == []
        staff.create_account(db, "sato", "clerk", "correct horse battery")
        until = dt.datetime(2031, 1, 4, tzinfo=dt.UTC)
        with db.session() as s:
            s.add(StaffCard(account="sato", fingerprint="ab" * 32, public_key=b"\x30\x82", not_after=until,
                            enrolled_by="admin-a"))
        with pytest.raises(IntegrityError), db.session() as s:
            s.add(StaffCard(account="sato", fingerprint="ab" * 32, public_key=b"\x30", not_after=until,
                            enrolled_by="admin-a"))
        downgrade(db, "0005")
        assert TABLE not in tables(db)
        assert [b.kiosk_id for b in heartbeat.last_beats(db)] == ["kiosk-01"]
