"""REL-09: a station checks its embedded database (SQLite's ``PRAGMA quick_check``) when it opens
it and refuses a damaged file, saying why; ``kiosk doctor`` runs the full integrity check and
reports the journal mode and synchronous level; and each submission is one transaction, so
that what the kiosk acknowledged is there whole or not at all."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from damaged_database import damage, damaged_database, sound_database
from sqlalchemy import func, select, text

from kiosk.config import from_mapping
from kiosk.errors import DatabaseDamaged
from kiosk.storage import sheets
from kiosk.storage.database import Database, database_for
from kiosk.storage.models import AuditEntry, IssuedSheet, Receipt


def run_kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=120)


def config_file(tmp_path: Path, url: str) -> Path:
    file = tmp_path / "kiosk.toml"
    file.write_text(f'[database]\nurl = "{url}"\n[paths]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    return file


def test_rel09_a_damaged_database_file_is_refused_when_a_station_opens_it(tmp_path: Path) -> None:
    """The station's opening of the database (database_for) runs quick_check and refuses the
    damaged file with a typed error and its message key; nothing is written into it. The same
    file before the damage opens."""
    path = tmp_path / "kiosk.sqlite3"
    url = sound_database(path, tmp_path / "keys")
    config = from_mapping({"database": {"url": url}, "paths": {"data_dir": str(tmp_path / "data")}})
    database_for(config).dispose()
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(path.read_bytes())
    damage(damaged)
    before = damaged.read_bytes()
    config = from_mapping({"database": {"url": f"sqlite:///{damaged}"}, "paths": {"data_dir": str(tmp_path / "data")}})
    with pytest.raises(DatabaseDamaged) as refused:
        database_for(config)
    assert refused.value.key == "error.database_damaged" and refused.value.params["check"] == "quick_check"
    assert "quick_check" in str(refused.value)
    assert damaged.read_bytes() == before


def test_rel09_a_clerk_command_on_a_damaged_database_stops_and_names_the_check(tmp_path: Path) -> None:
    """A station started on a damaged file exits 1 with one line naming SQLite's quick_check,
    no traceback; on the sound file the same command works."""
    url = damaged_database(tmp_path / "kiosk.sqlite3", tmp_path / "keys")
    result = run_kiosk("--config", str(config_file(tmp_path, url)), "clerk", "purge")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "The database file is damaged (SQLite's quick_check failed)" in result.stderr
    assert "Traceback" not in result.stderr
    sound = tmp_path / "sound"
    sound.mkdir()
    url = sound_database(sound / "kiosk.sqlite3", sound / "keys")
    result = run_kiosk("--config", str(config_file(sound, url)), "clerk", "purge")
    assert result.returncode == 0, result.stderr


def _doctor_line(result: subprocess.CompletedProcess[str]) -> str:
    return next(line for line in result.stdout.splitlines() if line.startswith("database integrity"))


def test_rel09_kiosk_doctor_runs_the_full_integrity_check_and_shows_wal_and_full(tmp_path: Path) -> None:
    """``kiosk doctor``: on a sound database its integrity line is ok and shows the journal mode and
    synchronous level the kiosk's connections run with; on a damaged one it fails naming
    integrity_check (and the database line names quick_check), and doctor exits 1."""
    url = sound_database(tmp_path / "kiosk.sqlite3", tmp_path / "keys")
    line = _doctor_line(run_kiosk("--config", str(config_file(tmp_path, url)), "doctor"))
    assert " ok " in line and "PRAGMA integrity_check ok" in line, line
    assert "journal_mode=WAL, synchronous=FULL" in line, line
    damage(tmp_path / "kiosk.sqlite3")
    result = run_kiosk("--config", str(config_file(tmp_path, url)), "doctor")
    assert result.returncode == 1
    line = _doctor_line(result)
    assert "FAIL" in line and "PRAGMA integrity_check failed" in line and "restore" in line, line
    database = next(x for x in result.stdout.splitlines() if x.startswith("database "))
    assert "FAIL" in database and "quick_check" in database, database
    assert "Traceback" not in result.stdout + result.stderr


def _refuse_inserts(db: Database, table: str, when: str) -> None:
    """A trigger that makes SQLite refuse a row (``when``): a write failing half-way through."""
    with db.engine.begin() as conn:
        conn.execute(text(f"CREATE TRIGGER refuse BEFORE INSERT ON {table} WHEN {when} "
                          "BEGIN SELECT RAISE(ABORT, 'refused'); END"))


def test_rel09_a_bundle_of_sheets_is_recorded_whole_or_not_at_all(sqlite_db: Database) -> None:
    """The sheets of one resident's bundle are one transaction: when the second cannot be written,
    the first is not there either (a cut between them leaves no half bundle)."""
    now = dt.datetime.now(dt.UTC)
    bundle = [sheets.Issued(sheet_id * 32, "juminido", 1, "kiosk-01", now, now + dt.timedelta(days=30))
              for sheet_id in ("a", "b")]
    _refuse_inserts(sqlite_db, "issued_sheets", "NEW.sheet_id LIKE 'b%'")
    with pytest.raises(Exception, match="refused"):
        sheets.record_bundle(sqlite_db, bundle)
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(IssuedSheet)) == 0


def test_rel09_a_receipt_and_its_audit_entry_are_one_transaction(sqlite_db: Database) -> None:
    """A clerk's receipt is not there without its ``clerk.receive`` audit entry: when the entry
    cannot be written, the receipt is not either, and the sheet can be received again."""
    _refuse_inserts(sqlite_db, "audit_log", "NEW.action = 'clerk.receive'")
    with pytest.raises(Exception, match="refused"):
        sheets.receive_audited(sqlite_db, sheet_id="c" * 32, station_id="clerk-01", form_id="juminido")
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Receipt)) == 0
    with sqlite_db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER refuse"))
    assert sheets.receive_audited(sqlite_db, sheet_id="c" * 32, station_id="clerk-01").first
    again = sheets.receive_audited(sqlite_db, sheet_id="c" * 32, station_id="clerk-02")
    assert not again.first and again.station_id == "clerk-01"
    with sqlite_db.session() as s:
        entries = s.scalars(select(AuditEntry.details).where(AuditEntry.action == "clerk.receive")).all()
    assert [e["first"] for e in entries] == [True, False] and entries[1]["first_station"] == "clerk-01"
