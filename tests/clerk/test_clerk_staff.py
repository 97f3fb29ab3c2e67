"""Staff accounts: argon2 hashes, lock after repeated failures, TOTP for administrators, every
sign-in audited (SEC-10, SEC-14)."""

from __future__ import annotations

import datetime as dt
import json

import pyotp
import pytest
from sqlalchemy import select

from kiosk import staff
from kiosk.errors import AccountLocked, SignInFailed, StaffError
from kiosk.storage.audit import verify_chain
from kiosk.storage.models import AuditEntry, StaffAccount

PASSWORD = "correct horse battery"


def _audit(db, action="staff.sign_in"):
    with db.session() as s:
        return [(e.actor, e.subject, e.details) for e in s.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                                                 .order_by(AuditEntry.id))]


def test_sec10_account_stores_an_argon2_hash_and_signs_in(database):
    staff.create_account(database, "clerk01", "clerk", PASSWORD)
    with database.session() as s:
        row = s.get(StaffAccount, "clerk01")
        assert row.password_hash.startswith("$argon2id$") and PASSWORD not in row.password_hash
    account = staff.sign_in(database, "clerk01", PASSWORD, role="clerk")
    assert account == staff.StaffAccount("clerk01", "clerk", False)


def test_sec10_wrong_password_and_unknown_account_say_the_same(db):
    staff.create_account(db, "clerk01", "clerk", PASSWORD)
    with pytest.raises(SignInFailed) as wrong:
        staff.sign_in(db, "clerk01", "nope nope nope")
    with pytest.raises(SignInFailed) as unknown:
        staff.sign_in(db, "nobody", PASSWORD)
    assert wrong.value.key == unknown.value.key == "clerk.sign_in_failed"


def test_sec10_account_locks_after_max_failures_even_for_the_right_password(database):
    staff.create_account(database, "clerk01", "clerk", PASSWORD)
    for _ in range(2):
        with pytest.raises(SignInFailed):
            staff.sign_in(database, "clerk01", "wrong password!", max_failures=3)
    with pytest.raises(AccountLocked) as locked:
        staff.sign_in(database, "clerk01", "wrong password!", max_failures=3)
    assert locked.value.key == "clerk.account_locked"
    with pytest.raises(AccountLocked):
        staff.sign_in(database, "clerk01", PASSWORD, max_failures=3)
    staff.unlock(database, "clerk01", actor="admin01")
    assert staff.sign_in(database, "clerk01", PASSWORD, max_failures=3).id == "clerk01"


def test_a_success_resets_the_failure_count(db):
    staff.create_account(db, "clerk01", "clerk", PASSWORD)
    for _ in range(3):
        with pytest.raises(SignInFailed):
            staff.sign_in(db, "clerk01", "wrong password!", max_failures=4)
        staff.sign_in(db, "clerk01", PASSWORD, max_failures=4)


def test_timed_lock_expires(db):
    staff.create_account(db, "clerk01", "clerk", PASSWORD)
    t0 = dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC)
    with pytest.raises(AccountLocked):
        staff.sign_in(db, "clerk01", "wrong password!", now=t0, max_failures=1, lock_for=dt.timedelta(minutes=15))
    with pytest.raises(AccountLocked):
        staff.sign_in(db, "clerk01", PASSWORD, now=t0 + dt.timedelta(minutes=14), max_failures=1)
    assert staff.sign_in(db, "clerk01", PASSWORD, now=t0 + dt.timedelta(minutes=16), max_failures=1)


def test_sec10_admin_with_totp_needs_the_current_code(db):
    secret = pyotp.random_base32()
    staff.create_account(db, "admin01", "admin", PASSWORD, totp_secret=secret)
    at = dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC)
    with pytest.raises(SignInFailed):
        staff.sign_in(db, "admin01", PASSWORD, role="admin", now=at)
    with pytest.raises(SignInFailed):
        staff.sign_in(db, "admin01", PASSWORD, "000000" if pyotp.TOTP(secret).at(at) != "000000" else "111111",
                      role="admin", now=at)
    code = pyotp.TOTP(secret).at(at)
    account = staff.sign_in(db, "admin01", PASSWORD, code, role="admin", now=at)
    assert account.is_admin and account.has_totp


def test_roles_clerk_may_not_enter_admin_but_admin_may_use_the_station(db):
    staff.create_account(db, "clerk01", "clerk", PASSWORD)
    staff.create_account(db, "admin01", "admin", PASSWORD)
    with pytest.raises(SignInFailed) as refused:
        staff.sign_in(db, "clerk01", PASSWORD, role="admin")
    assert refused.value.key == "clerk.sign_in_role"
    assert staff.sign_in(db, "admin01", PASSWORD, role="clerk").role == "admin"


@pytest.mark.parametrize(("account_id", "role", "password", "key"), [
    ("Clerk 01", "clerk", PASSWORD, "clerk.account_id_invalid"),
    ("clerk01", "boss", PASSWORD, "clerk.role_invalid"),
    ("clerk01", "clerk", "short", "clerk.password_too_short"),
])
def test_bad_accounts_are_refused_with_a_message_key(db, account_id, role, password, key):
    with pytest.raises(StaffError) as error:
        staff.create_account(db, account_id, role, password)
    assert error.value.key == key


def test_duplicate_account_is_refused(db):
    staff.create_account(db, "clerk01", "clerk", PASSWORD)
    with pytest.raises(StaffError) as error:
        staff.create_account(db, "clerk01", "admin", PASSWORD)
    assert error.value.key == "clerk.account_exists"


def test_sec14_every_sign_in_is_audited_without_the_password(database):
    staff.create_account(database, "clerk01", "clerk", PASSWORD)
    staff.sign_in(database, "clerk01", PASSWORD, station="clerk-01")
    with pytest.raises(SignInFailed):
        staff.sign_in(database, "clerk01", "wrong password!")
    with pytest.raises(SignInFailed):
        staff.sign_in(database, "ghost", "wrong password!")
    entries = _audit(database)
    assert [d["outcome"] for _, _, d in entries] == ["ok", "wrong_password", "unknown_account"]
    assert entries[0][2]["station"] == "clerk-01"
    text = json.dumps(entries, ensure_ascii=False)
    assert PASSWORD not in text and "wrong password!" not in text
    with database.session() as s:
        assert verify_chain(s).ok
