"""The trust list: import kiosk keys from ``kiosk keys export``, list, retire, revoke; changes
audited; a revoked key verifies nothing, a retired one only what it signed while valid."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from kiosk.clerk import station as st
from kiosk.clerk import trustlist
from kiosk.errors import ClerkError
from kiosk.storage.audit import verify_chain
from kiosk.storage.models import AuditEntry


def _actions(db):
    with db.session() as s:
        return [(e.actor, e.action, e.subject) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))
                if e.action.startswith("trust.")]


def test_sec14_import_list_retire_revoke_are_stored_and_audited(database, key_export):
    info = trustlist.import_entries(database, key_export, actor="admin01")[0]
    again = trustlist.import_entries(database, key_export, actor="admin01")[0]  # no duplicate, no re-audit
    assert again.kid == info.kid
    assert [(k.kid, k.status, k.kiosk_id) for k in trustlist.list_keys(database)] == [(info.kid, "active", "kiosk-01")]
    retired = trustlist.retire(database, info.kid.upper(), actor="admin01")
    assert retired.status == "retired" and retired.valid_to is not None
    assert trustlist.revoke(database, info.kid, actor="admin02").status == "revoked"
    assert _actions(database) == [("admin01", "trust.import", info.kid), ("admin01", "trust.retire", info.kid),
                                  ("admin02", "trust.revoke", info.kid)]
    with database.session() as s:
        assert verify_chain(s).ok


def test_import_accepts_a_list_of_entries(db, key_export, tmp_path):
    from kiosk import keys

    other = tmp_path / "other"
    keys.init_keys(other, kiosk_id="kiosk-02", algorithm="ES256")
    text = json.dumps([json.loads(key_export), keys.export_entry(other)])
    got = trustlist.import_entries(db, text, actor="admin01")
    assert sorted((k.kiosk_id, k.algorithm) for k in got) == [("kiosk-01", "EdDSA"), ("kiosk-02", "ES256")]


@pytest.mark.parametrize(("mutate", "key"), [
    (lambda e: "not json", "clerk.trust_file_invalid"),
    (lambda e: "[]", "clerk.trust_file_invalid"),
    (lambda e: json.dumps({**e, "kid": "00" * 8}), "clerk.trust_entry_invalid"),
    (lambda e: json.dumps({**e, "public_key_pem": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"}),
     "clerk.trust_entry_invalid"),
    (lambda e: json.dumps({k: v for k, v in e.items() if k != "kiosk_id"}), "clerk.trust_entry_invalid"),
    (lambda e: json.dumps({**e, "alg": "ES256"}), "clerk.trust_entry_invalid"),
])
def test_bad_import_files_are_refused(db, key_export, mutate, key):
    with pytest.raises(ClerkError) as error:
        trustlist.import_entries(db, mutate(json.loads(key_export)), actor="admin01")
    assert error.value.key == key
    assert trustlist.list_keys(db) == []


@pytest.mark.parametrize(("kid", "key"), [("xyz", "clerk.trust_kid_invalid"),
                                          ("0123456789abcdef", "clerk.trust_kid_unknown")])
def test_retire_or_revoke_an_unknown_kid_is_refused(db, kid, key):
    with pytest.raises(ClerkError) as error:
        trustlist.revoke(db, kid, actor="admin01")
    assert error.value.key == key


def test_revoked_key_verifies_nothing(station, db, trusted, make_sheet):
    sheet = make_sheet()
    trustlist.revoke(db, trusted.kid, actor="admin01")
    result = station.scan(sheet.qr_strings[0], staff_id="clerk01")
    assert result.banner == st.UNKNOWN_KEY and result.reason == "revoked" and result.record is None


def test_retired_key_still_verifies_what_it_signed_before(station, db, trusted, make_sheet, now):
    before = make_sheet(issued=now - dt.timedelta(hours=2))
    trustlist.retire(db, trusted.kid, actor="admin01", now=now - dt.timedelta(hours=1))
    after = make_sheet(issued=now)
    assert station.scan(before.qr_strings[0], staff_id="clerk01").banner == st.AUTHENTIC
    result = station.scan(after.qr_strings[0], staff_id="clerk01")
    assert result.banner == st.UNKNOWN_KEY and result.record is None
