"""Storage on SQLite and the real PostgreSQL server: migrations, receipts, the audit chain, and a
server that stops answering (frozen or stopped: a private cluster, see ``private_postgres``)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from kiosk.config import DatabaseSection, from_mapping
from kiosk.errors import DatabaseUnreachable, KioskError
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


def _as_table_owner(s) -> None:
    """Tamper as the table's owner could: on PostgreSQL first switch off the append-only trigger."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))


def verified_after(database, tamper: Callable[[Session], object]) -> audit.ChainReport:
    """The audit chain of five entries verified after ``tamper`` changed it as the table's owner."""
    _seed_chain(database)
    with database.session() as s:
        _as_table_owner(s)
        tamper(s)
    with database.session() as s:
        return audit.verify_chain(s)


def test_audit_chain_intact(database):
    _seed_chain(database)
    with database.session() as s:
        report = audit.verify_chain(s)
    assert report.ok and report.checked == 5


def test_audit_chain_detects_edited_row(database):
    report = verified_after(database, lambda s: s.execute(
        text("UPDATE audit_log SET subject = 'forms/other.yaml' WHERE id = 3")))
    assert not report.ok and report.broken_at == 3 and report.reason == "edited"


def test_audit_chain_detects_deleted_row(database):
    report = verified_after(database, lambda s: s.execute(text("DELETE FROM audit_log WHERE id = 2")))
    assert not report.ok and report.broken_at == 3


def test_audit_chain_detects_reordered_rows(database):
    def swap(s: Session) -> None:
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

    report = verified_after(database, swap)
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


# A database that stops answering (REL-07: "it must stay up") ------------------------------------------

FAST = DatabaseSection(connect_timeout_seconds=2, statement_timeout_seconds=1, lock_timeout_seconds=1,
                       keepalive_seconds=1, pool_timeout_seconds=2, busy_timeout_seconds=1)


def _bound(db) -> float:
    """What the configured timeouts promise for one failed call (a reply, then a reconnection), with
    room for a loaded machine."""
    return db.reply_timeout + db.settings.connect_timeout_seconds + 10


def _outcome_within(seconds: float, call) -> BaseException | None:
    """Run ``call`` on a thread; it must end (with its error) before ``seconds`` pass."""
    import threading

    box: list[BaseException | None] = []

    def run():
        try:
            call()
            box.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still waiting on the database after {seconds} s"
    return box[0]


def _ready(cluster) -> Database:
    db = Database(cluster.url, settings=FAST)
    db.upgrade()
    now = dt.datetime.now(dt.UTC)
    sheets.record_issued(db, sheet_id="cd" * 16, form_id="kokuho", form_version=1, kiosk_id="kiosk-01",
                         issued_at=now, expires_at=now + dt.timedelta(days=30))
    return db


def test_rel07_frozen_server_raises_the_typed_error_within_the_timeout(private_cluster):
    db = _ready(private_cluster)  # the pool now holds an open connection to the server
    private_cluster.freeze()
    try:
        error = _outcome_within(_bound(db), lambda: sheets.record_receipt(db, sheet_id="cd" * 16,
                                                                          station_id="clerk-01"))
        assert isinstance(error, DatabaseUnreachable), error
        assert error.key == "db.unreachable" and "cd" * 16 not in str(error)  # ids and codes only
        fresh = Database(private_cluster.url, settings=FAST)  # a new connection to a frozen server
        assert isinstance(_outcome_within(_bound(fresh), fresh.probe), DatabaseUnreachable)
    finally:
        private_cluster.thaw()
    db.probe()  # the same Database works again, without a restart
    assert sheets.record_receipt(db, sheet_id="cd" * 16, station_id="clerk-01").first
    db.dispose()


def test_rel07_stopped_server_raises_the_typed_error_and_recovers_when_started(private_cluster):
    db = _ready(private_cluster)
    private_cluster.stop()
    try:
        error = _outcome_within(_bound(db), lambda: sheets.find_receipt(db, "cd" * 16))
        assert isinstance(error, DatabaseUnreachable) and error.key == "db.unreachable"
    finally:
        private_cluster.start()
    assert sheets.find_receipt(db, "cd" * 16) is None
    db.dispose()


def test_rel07_postgres_sessions_carry_statement_and_lock_timeouts(private_cluster):
    db = Database(private_cluster.url, settings=FAST)
    with db.session() as s:
        assert s.execute(text("SHOW statement_timeout")).scalar() == "1s"
        assert s.execute(text("SHOW lock_timeout")).scalar() == "1s"
        client = s.connection().connection.dbapi_connection.info.get_parameters()
    assert client["tcp_user_timeout"] == "2000" and client["keepalives"] == "1" and client["keepalives_idle"] == "1"

    def too_long():
        with db.session() as s:
            s.execute(text("SELECT pg_sleep(30)"))

    error = _outcome_within(_bound(db), too_long)  # the server cancels a statement that runs too long
    assert isinstance(error, DatabaseUnreachable) and error.key == "db.unreachable"
    db.probe()
    db.dispose()


def test_rel07_sqlite_waits_for_a_busy_writer_then_says_so(tmp_path):
    path = tmp_path / "k.sqlite3"
    db = Database(f"sqlite:///{path}", settings=FAST)
    db.upgrade()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the database
    try:
        error = _outcome_within(_bound(db), lambda: sheets.record_receipt(db, sheet_id="ef" * 16,
                                                                          station_id="clerk-01"))
        assert isinstance(error, DatabaseUnreachable) and error.key == "db.unreachable"
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert sheets.record_receipt(db, sheet_id="ef" * 16, station_id="clerk-01").first
    db.dispose()


def test_database_timeouts_are_settings_with_working_defaults():
    from kiosk.config import Config

    defaults = Config().database
    assert (defaults.connect_timeout_seconds, defaults.statement_timeout_seconds, defaults.lock_timeout_seconds,
            defaults.busy_timeout_seconds, defaults.health_probe_seconds) == (5, 5, 3, 5, 5)
    config = from_mapping({"database": {"statement_timeout_seconds": 2, "health_probe_seconds": 10}})
    assert Database("sqlite://", settings=config.database).reply_timeout == 3
    with pytest.raises(KioskError) as err:
        from_mapping({"database": {"connect_timeout_seconds": 1}})
    assert "database.connect_timeout_seconds" in str(err.value)


def test_every_shipped_language_says_the_database_is_unreachable():
    from kiosk import i18n
    from kiosk.config import SHIPPED_LANGUAGES

    texts = {lang: i18n.text("db.unreachable", lang) for lang in SHIPPED_LANGUAGES}
    assert all(t != "db.unreachable" for t in texts.values())
    assert len(set(texts.values())) == len(texts)
