"""Storage on SQLite and the real PostgreSQL server: migrations, receipts, the audit chain."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import select, text

from kiosk.errors import DatabaseUnreachable
from kiosk.storage import audit, sheets
from kiosk.storage.database import Database
from kiosk.storage.models import AuditEntry, IssuedSheet, SessionMetric


def test_upgrade_creates_every_table(database):
    assert database.current_revision() is not None
    with database.session() as s:
        tables = {
            "issued_sheets", "receipts", "trusted_keys", "form_versions", "audit_log",
            "session_metrics", "staff_accounts", "catalogue_publications",
        }
        for table in tables:
            s.execute(text(f"SELECT COUNT(*) FROM {table}"))
    database.upgrade()  # idempotent


def test_sqlite_runs_wal_with_full_sync(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    db.upgrade()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    db.dispose()


def test_second_receipt_of_a_sheet_is_a_replay(database):
    now = dt.datetime.now(dt.UTC)
    sheets.record_issued(database, sheet_id="ab" * 16, form_id="kokuho", form_version=1, kiosk_id="kiosk-01",
                         issued_at=now, expires_at=now + dt.timedelta(days=30))
    first = sheets.record_receipt(database, sheet_id="ab" * 16, station_id="clerk-01")
    second = sheets.record_receipt(database, sheet_id="ab" * 16, station_id="clerk-02")
    assert first.first and not second.first
    assert second.station_id == "clerk-01"  # where it was first received
    with database.session() as s:
        assert s.get(IssuedSheet, "ab" * 16).status == "received"


def _seed_chain(database, n=5):
    with database.session() as s:
        for i in range(n):
            audit.append(s, "admin-1", "form.save", f"forms/f{i}.yaml", {"version": i})


def test_audit_chain_intact(database):
    _seed_chain(database)
    with database.session() as s:
        report = audit.verify_chain(s)
    assert report.ok and report.checked == 5


def test_audit_chain_detects_edited_row(database):
    _seed_chain(database)
    with database.session() as s:
        s.execute(text("UPDATE audit_log SET subject = 'forms/other.yaml' WHERE id = 3"))
    with database.session() as s:
        report = audit.verify_chain(s)
    assert not report.ok and report.broken_at == 3 and report.reason == "edited"


def test_audit_chain_detects_deleted_row(database):
    _seed_chain(database)
    with database.session() as s:
        s.execute(text("DELETE FROM audit_log WHERE id = 2"))
    with database.session() as s:
        report = audit.verify_chain(s)
    assert not report.ok and report.broken_at == 3


def test_audit_chain_detects_reordered_rows(database):
    _seed_chain(database)
    with database.session() as s:
        rows = {e.id: e for e in s.execute(select(AuditEntry)).scalars()}
        a, b = rows[2], rows[4]
        fields = ("at", "actor", "action", "subject", "details", "prev_hash", "hash")
        va = {f: getattr(a, f) for f in fields}
        vb = {f: getattr(b, f) for f in fields}
        b.hash, a.hash = "tmp-a", "tmp-b"
        s.flush()
        for f in fields:
            setattr(a, f, vb[f])
            setattr(b, f, va[f])
    with database.session() as s:
        report = audit.verify_chain(s)
    assert not report.ok and report.broken_at == 2


def test_metrics_rows_hold_no_personal_fields(database):
    columns = set(SessionMetric.__table__.columns.keys())
    assert not columns & {"name", "address", "birth_date", "my_number", "pin", "phone"}
    now = dt.datetime.now(dt.UTC)
    with database.session() as s:
        s.add(SessionMetric(kiosk_id="kiosk-01", started_at=now, ended_at=now, ending="completed",
                            screens=[{"screen": "language", "seconds": 3.5}], procedures=["tennyu"],
                            fields_total=40, fields_prefilled=30, card_outcomes={"ok": 2}))
    with database.session() as s:
        row = s.execute(select(SessionMetric)).scalar_one()
        assert row.screens[0]["screen"] == "language" and row.card_outcomes == {"ok": 2}


def test_unreachable_server_is_reported_with_its_address():
    db = Database("postgresql+psycopg://k@127.0.0.1:9/kiosk", connect_timeout=2)
    with pytest.raises(DatabaseUnreachable) as err:
        db.check_reachable()
    assert "127.0.0.1:9" in str(err.value)
    assert db.engine.dialect.name == "postgresql"


def test_sqlite_file_is_a_real_database(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    db.upgrade()
    db.dispose()
    con = sqlite3.connect(tmp_path / "k.sqlite3")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    con.close()
