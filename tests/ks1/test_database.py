"""Trust list and replay detection in the database (PRIV-11: a second scan is flagged)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import sample_forms

from kiosk import cli, keys
from kiosk.ks1 import Authentic, DatabaseTrustStore, UnknownKey, encode_sheet, verify


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    from kiosk.storage.database import Database

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'clerk.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    db = Database(url)
    db.upgrade()
    yield db
    from kiosk.storage.models import Receipt, TrustedKey

    with db.session() as s:
        s.query(Receipt).delete()
        s.query(TrustedKey).delete()
    db.dispose()


def _trust_key(db, entry: dict, status: str = "active") -> None:
    from kiosk.storage.models import TrustedKey

    with db.session() as s:
        s.add(TrustedKey(kid=entry["kid"], algorithm=entry["alg"], public_key_pem=entry["public_key_pem"],
                         kiosk_id=entry["kiosk_id"], valid_from=dt.datetime.fromisoformat(entry["valid_from"]),
                         status=status))


def test_database_trust_store_finds_active_and_revoked_keys(database, tmp_path) -> None:
    entry = keys.init_keys(tmp_path / "keys", kiosk_id="kiosk-07", now=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    signer = keys.load_signer(tmp_path / "keys")
    sheet = encode_sheet(sample_forms.juminido(), sample_forms.juminido_values(2), signer=signer, iss=999991,
                         kiosk_id="kiosk-07", now=dt.datetime.now(dt.UTC), validity=dt.timedelta(days=30))
    store = DatabaseTrustStore(database)
    assert isinstance(verify(sheet.qr_strings, trust=store, now=dt.datetime.now(dt.UTC)), UnknownKey)
    _trust_key(database, entry)
    assert isinstance(verify(sheet.qr_strings, trust=store, now=dt.datetime.now(dt.UTC)), Authentic)
    from kiosk.storage.models import TrustedKey

    with database.session() as s:
        s.get(TrustedKey, entry["kid"]).status = "revoked"
    verdict = verify(sheet.qr_strings, trust=store, now=dt.datetime.now(dt.UTC))
    assert isinstance(verdict, UnknownKey) and verdict.reason == "revoked"


def test_priv11_verify_command_records_receipts_and_flags_a_second_scan(database, tmp_path, capsys,
                                                                        monkeypatch) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path}"\n[clerk]\nstation_id = "clerk-05"\n', encoding="utf-8")
    entry = keys.init_keys(tmp_path / "keys", kiosk_id="kiosk-07", now=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    _trust_key(database, entry)
    sheet = encode_sheet(sample_forms.juminido(), sample_forms.juminido_values(2),
                         signer=keys.load_signer(tmp_path / "keys"), iss=999991, kiosk_id="kiosk-07",
                         now=dt.datetime.now(dt.UTC), validity=dt.timedelta(days=30))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(f"{sheet.qr_strings[0]}\n{sheet.qr_strings[0]}\n".encode()), encoding="utf-8"))
    code = cli.main(["--config", str(config), "verify", "--database", database.url, "--no-catalogue"])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert [v["verdict"] for v in out] == ["authentic", "already_used"]
    assert out[1]["where"] == "clerk-05" and out[1]["sheet_id"] == sheet.sheet_id
