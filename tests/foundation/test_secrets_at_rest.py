"""PRIV-07 / SEC-11: secrets at rest and in transit. The SQLite file is private to the kiosk's
user, TOTP secrets are stored encrypted with a key kept outside the database, and the PostgreSQL
TLS settings (``sslmode = "verify-full"`` with a CA file) reach libpq."""

from __future__ import annotations

import datetime as dt
import os
import stat
import uuid

import pyotp
import pytest
from sqlalchemy import create_engine, text

from kiosk import staff
from kiosk.config import DatabaseSection, from_mapping
from kiosk.errors import DatabaseUnreachable, StorageError
from kiosk.storage.database import Database, postgres_connect_args
from kiosk.storage.models import StaffAccount

PASSWORD = "correct horse battery"


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_priv07_sqlite_folder_is_0700_and_files_0600(tmp_path):
    folder = tmp_path / "data"
    db = Database(f"sqlite:///{folder / 'kiosk.sqlite3'}", key_dir=tmp_path / "keys")
    db.upgrade()
    staff.create_account(db, "clerk01", "clerk", PASSWORD)  # a write: the WAL files exist now
    assert _mode(folder) == 0o700
    files = [p for p in folder.iterdir() if p.name.startswith("kiosk.sqlite3")]
    assert {p.name for p in files} >= {"kiosk.sqlite3", "kiosk.sqlite3-wal"}
    assert all(_mode(p) == 0o600 for p in files), {p.name: oct(_mode(p)) for p in files}
    db.dispose()


def test_priv07_an_existing_world_readable_sqlite_file_is_made_private(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    path.touch()
    os.chmod(path, 0o644)
    Database(f"sqlite:///{path}").dispose()
    assert _mode(path) == 0o600


def test_priv07_totp_secrets_are_stored_encrypted_with_a_key_outside_the_database(database):
    secret = pyotp.random_base32()
    staff.create_account(database, "admin01", "admin", PASSWORD, totp_secret=secret)
    with database.session() as s:
        stored = s.get(StaffAccount, "admin01").totp_secret
    assert stored and secret not in stored and stored.startswith("enc1:")
    key = database.key_dir / "staff-secrets.key"
    assert _mode(key) == 0o600 and _mode(database.key_dir) == 0o700
    at = dt.datetime.now(dt.UTC)
    assert staff.sign_in(database, "admin01", PASSWORD, pyotp.TOTP(secret).at(at), now=at).has_totp
    # the database alone (another station's copy, without this key) cannot use the secret
    stranger = Database(database.url, key_dir=database.key_dir.parent / "other-keys")
    later = at + dt.timedelta(seconds=30)
    with pytest.raises(StorageError) as err:
        staff.sign_in(stranger, "admin01", PASSWORD, pyotp.TOTP(secret).at(later), now=later)
    assert err.value.key == "error.secrets_key"
    stranger.dispose()


def test_priv07_a_secret_stored_before_encryption_is_encrypted_at_the_next_sign_in(database):
    secret = pyotp.random_base32()
    staff.create_account(database, "admin01", "admin", PASSWORD)
    with database.session() as s:
        s.get(StaffAccount, "admin01").totp_secret = secret  # as the first schema stored it
    at = dt.datetime.now(dt.UTC)
    staff.sign_in(database, "admin01", PASSWORD, pyotp.TOTP(secret).at(at), now=at)
    with database.session() as s:
        assert s.get(StaffAccount, "admin01").totp_secret.startswith("enc1:")


def test_sec11_tls_settings_come_from_the_configuration():
    config = from_mapping({"database": {"sslmode": "verify-full", "sslrootcert": "/etc/kiosk/db-ca.pem"}})
    args = postgres_connect_args(config.database)
    assert args["sslmode"] == "verify-full" and args["sslrootcert"] == "/etc/kiosk/db-ca.pem"
    assert "sslmode" not in postgres_connect_args(DatabaseSection())


def test_sec11_verify_full_reaches_libpq_and_refuses_a_server_without_a_verified_certificate(postgres_url, tmp_path):
    """The test server speaks no TLS: with verify-full libpq must refuse it rather than fall back."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = postgres_url.rsplit("/", 1)[0] + "/" + name
    try:
        plain = Database(url)
        plain.check_reachable()
        plain.dispose()
        ca = tmp_path / "db-ca.pem"
        strict = Database(url, settings=DatabaseSection(sslmode="verify-full", sslrootcert=str(ca)))
        with pytest.raises(DatabaseUnreachable) as err:
            strict.check_reachable()
        assert "SSL was required" in err.value.detail
        strict.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_from_the_first_schema_keeps_accounts_and_the_chain(database):
    """Migration 0002 on a database made by 0001 (both backends): accounts, their plain secrets and
    the audit chain survive; the secret is encrypted at the next sign-in."""
    from kiosk.storage import audit

    database.upgrade("base")
    database.upgrade("0001")
    secret = pyotp.random_base32()
    with database.engine.begin() as conn:
        conn.execute(text("INSERT INTO staff_accounts (id, role, password_hash, totp_secret, failures, created_at) "
                          "VALUES ('admin01', 'admin', :h, :s, 0, :t)"),
                     {"h": staff._hasher.hash(PASSWORD), "s": secret, "t": dt.datetime.now(dt.UTC)})
    database.upgrade()
    assert database.current_revision() == "0006"  # head: 0002, the staff calls, the division queues, the heartbeats, the staff cards
    at = dt.datetime.now(dt.UTC)
    assert staff.sign_in(database, "admin01", PASSWORD, pyotp.TOTP(secret).at(at), now=at).has_totp
    with database.session() as s:
        assert s.get(StaffAccount, "admin01").totp_secret.startswith("enc1:")
        assert audit.verify_chain(s).ok
