"""Staff authority (SEC-10, SEC-14): account and trust-list commands need a signed-in
administrator and the audit records that account; the first administrator is created once; a
TOTP code is good once; a failed sign-in never says what was wrong; a lock ends by itself."""

from __future__ import annotations

import datetime as dt
import io
import re

import pyotp
import pytest
from sqlalchemy import select

from kiosk import cli, staff
from kiosk.cli import load_config
from kiosk.errors import AccountLocked, SignInFailed
from kiosk.storage.database import open_database
from kiosk.storage.models import AuditEntry

PASSWORD = "correct horse battery"


def _run(capsys, monkeypatch, *argv, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _db():
    return open_database(load_config(type("A", (), {"config": None})()))


def _bootstrap(capsys, monkeypatch, account="admin01") -> pyotp.TOTP:
    code, out, err = _run(capsys, monkeypatch, "clerk", "bootstrap-admin", account, stdin=f"{PASSWORD}\n")
    assert code == 0, err
    return pyotp.TOTP(pyotp.parse_uri(re.search(r"otpauth://\S+", out).group(0)).secret)


class Codes:
    """Successive one-time codes of an authenticator: each sign-in uses the next time step."""

    def __init__(self, totp: pyotp.TOTP) -> None:
        self.totp, self.step = totp, int(dt.datetime.now(dt.UTC).timestamp()) // 30 - 2

    def next(self) -> str:
        self.step += 1
        return self.totp.generate_otp(self.step)


def _actions(db, action):
    with db.session() as s:
        return [(e.actor, e.subject) for e in s.scalars(select(AuditEntry).where(AuditEntry.action == action))]


def test_sec10_bootstrap_admin_runs_once_only(capsys, monkeypatch):
    _bootstrap(capsys, monkeypatch)
    code, _, err = _run(capsys, monkeypatch, "clerk", "bootstrap-admin", "admin02", stdin=f"{PASSWORD}\n")
    assert code == 1 and "Traceback" not in err
    db = _db()
    assert [a for a, _ in _actions(db, "staff.account_create")] == ["bootstrap:admin01"]
    with pytest.raises(SignInFailed):
        staff.sign_in(db, "admin02", PASSWORD)


def test_sec10_account_and_trust_commands_need_a_signed_in_administrator(capsys, monkeypatch, tmp_path, kiosk_keys):
    codes = Codes(_bootstrap(capsys, monkeypatch))
    # no credentials, a wrong code, a clerk: all refused, nothing created
    code, _, err = _run(capsys, monkeypatch, "clerk", "account", "add", "admin02", "--role", "admin", "--totp",
                        "--admin", "admin01", stdin=f"{PASSWORD}\n")
    assert code == 1 and "Traceback" not in err
    code, _, _ = _run(capsys, monkeypatch, "clerk", "account", "add", "admin02", "--role", "admin",
                      "--admin", "admin01", stdin=f"{PASSWORD}\n000000\n{PASSWORD}\n")
    assert code == 1
    with pytest.raises(SystemExit) as usage:  # --admin is required; there is no free-text --actor any more
        _run(capsys, monkeypatch, "clerk", "account", "add", "admin02", "--role", "admin", "--actor", "admin01")
    assert usage.value.code == 2
    export = tmp_path / "kiosk-01.json"
    export.write_text(kiosk_keys, encoding="utf-8")
    code, _, _ = _run(capsys, monkeypatch, "clerk", "trust", "import", str(export), "--admin", "admin01",
                      stdin=f"wrong password!\n{codes.next()}\n")
    assert code == 1
    db = _db()
    assert [s for _, s in _actions(db, "staff.account_create")] == ["admin01"]
    assert _actions(db, "trust.import") == []
    # the administrator with password and code: the audit names the authenticated account
    code, out, _ = _run(capsys, monkeypatch, "clerk", "account", "add", "clerk01", "--role", "clerk", "--totp",
                        "--admin", "admin01", stdin=f"{PASSWORD}\n{codes.next()}\n{PASSWORD} 2\n")
    assert code == 0 and out.startswith("clerk01  clerk") and "otpauth://totp/" in out
    code, out, err = _run(capsys, monkeypatch, "clerk", "trust", "import", str(export), "--admin", "admin01",
                          stdin=f"{PASSWORD}\n{codes.next()}\n")
    assert code == 0 and "active" in out, err
    assert ("admin01", "clerk01") in _actions(db, "staff.account_create")
    with db.session() as s:
        trust_actors = {e.actor for e in s.scalars(select(AuditEntry).where(AuditEntry.action.like("%trust%")))}
    assert trust_actors == {"admin01"}


def test_sec10_a_clerk_cannot_unlock_or_add_accounts(capsys, monkeypatch, database):
    staff.create_account(database, "clerk01", "clerk", PASSWORD)
    with pytest.raises(SignInFailed):
        staff.authenticate_admin(database, "clerk01", PASSWORD, None)


def test_sec10_a_totp_code_is_accepted_once(database):
    totp = pyotp.TOTP(pyotp.random_base32())
    staff.create_account(database, "admin01", "admin", PASSWORD, totp_secret=totp.secret)
    at = dt.datetime.now(dt.UTC)
    assert staff.sign_in(database, "admin01", PASSWORD, totp.at(at), now=at).id == "admin01"
    with pytest.raises(SignInFailed):  # the same code again, still inside its window (a watched code)
        staff.sign_in(database, "admin01", PASSWORD, totp.at(at), now=at + dt.timedelta(seconds=5))
    with pytest.raises(SignInFailed):  # nor an older one
        staff.sign_in(database, "admin01", PASSWORD, totp.at(at - dt.timedelta(seconds=30)), now=at)
    later = at + dt.timedelta(seconds=30)
    assert staff.sign_in(database, "admin01", PASSWORD, totp.at(later), now=later).id == "admin01"


def test_sec10_a_clerk_account_can_have_totp_and_then_needs_it(db):
    totp = pyotp.TOTP(pyotp.random_base32())
    staff.create_account(db, "clerk01", "clerk", PASSWORD, totp_secret=totp.secret)
    with pytest.raises(SignInFailed):
        staff.sign_in(db, "clerk01", PASSWORD, None, role="clerk")
    at = dt.datetime.now(dt.UTC)
    assert staff.sign_in(db, "clerk01", PASSWORD, totp.at(at), role="clerk", now=at).has_totp


def test_sec10_every_failed_sign_in_says_the_same(db):
    totp = pyotp.TOTP(pyotp.random_base32())
    staff.create_account(db, "admin01", "admin", PASSWORD, totp_secret=totp.secret)
    at = dt.datetime.now(dt.UTC)
    wrong_code = "000000" if totp.at(at) != "000000" else "111111"
    failures = []
    for account, password, code in (("nobody", PASSWORD, wrong_code), ("admin01", "wrong password!", wrong_code),
                                    ("admin01", PASSWORD, wrong_code)):
        with pytest.raises(SignInFailed) as err:
            staff.sign_in(db, account, password, code, now=at)
        failures.append((err.value.key, str(err.value), err.value.params))
    assert len(set(map(repr, failures))) == 1 and "second_factor" not in failures[0][1]


def test_sec10_a_lock_ends_by_itself_after_at_most_the_upper_bound(db):
    staff.create_account(db, "clerk01", "clerk", PASSWORD)
    t0 = dt.datetime.now(dt.UTC)
    with pytest.raises(AccountLocked):
        staff.sign_in(db, "clerk01", "wrong password!", now=t0, max_failures=1, lock_for=dt.timedelta(days=365))
    with pytest.raises(AccountLocked):
        staff.sign_in(db, "clerk01", PASSWORD, now=t0 + staff.MAX_LOCK - dt.timedelta(seconds=1))
    assert staff.sign_in(db, "clerk01", PASSWORD, now=t0 + staff.MAX_LOCK).id == "clerk01"


def test_sec10_unlock_needs_a_signed_in_administrator_and_is_audited_as_that_account(capsys, monkeypatch):
    codes = Codes(_bootstrap(capsys, monkeypatch))
    db = _db()
    staff.create_account(db, "clerk01", "clerk", PASSWORD)
    with pytest.raises(AccountLocked):
        staff.sign_in(db, "clerk01", "wrong password!", max_failures=1)
    code, _, _ = _run(capsys, monkeypatch, "clerk", "account", "unlock", "clerk01", "--admin", "clerk01",
                      stdin=f"{PASSWORD}\n\n")
    assert code == 1
    with pytest.raises(AccountLocked):
        staff.sign_in(db, "clerk01", PASSWORD)
    code, out, _ = _run(capsys, monkeypatch, "clerk", "account", "unlock", "clerk01", "--admin", "admin01",
                        stdin=f"{PASSWORD}\n{codes.next()}\n")
    assert code == 0 and "unlocked" in out
    assert _actions(db, "staff.account_unlock") == [("admin01", "clerk01")]
    assert staff.sign_in(db, "clerk01", PASSWORD).id == "clerk01"
