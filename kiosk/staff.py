"""Staff accounts shared by the clerk station and the admin workbench.

Passwords are stored as argon2id hashes; an account locks after ``max_failures`` failed sign-ins
in a row (``Config.clerk.max_sign_in_failures``) until an administrator unlocks it; an
administrator account may carry a TOTP secret, and then every sign-in needs the current code
(SEC-10). Every sign-in attempt is audited with the account id and an outcome code, never the
password or the code typed (SEC-14).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kiosk.errors import AccountLocked, SignInFailed, StaffError
from kiosk.storage import audit
from kiosk.storage.database import Database
from kiosk.storage.models import StaffAccount as StaffRow

ROLES = ("clerk", "admin")
MIN_PASSWORD_LENGTH = 10
DEFAULT_MAX_FAILURES = 5
ACCOUNT_ID = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
UNTIL_UNLOCKED = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)

_hasher = PasswordHasher()
# Verified against when the account does not exist, so both paths cost one argon2 verification.
_DUMMY_HASH = _hasher.hash("not-a-real-password-0000")


@dataclass(frozen=True)
class StaffAccount:
    """A signed-in (or newly created) staff member: id and role only."""

    id: str
    role: str
    has_totp: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


def create_account(db: Database, account_id: str, role: str, password: str, totp_secret: str | None = None,
                   *, actor: str = "system") -> StaffAccount:
    """Create an account. Raises :class:`StaffError` for a bad id, role, short password or a taken id."""
    if not ACCOUNT_ID.fullmatch(account_id or ""):
        raise StaffError(f"account id {account_id!r}: use 2-64 of a-z 0-9 . _ -", key="clerk.account_id_invalid")
    if role not in ROLES:
        raise StaffError(f"role {role!r}: expected clerk or admin", key="clerk.role_invalid", role=role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError("password too short", key="clerk.password_too_short", minimum=MIN_PASSWORD_LENGTH)
    if totp_secret is not None:
        import pyotp

        try:
            pyotp.TOTP(totp_secret).now()
        except Exception as exc:  # binascii.Error, ValueError: not base32
            raise StaffError("TOTP secret is not base32", key="clerk.totp_secret_invalid") from exc
    with db.session() as s:
        if s.get(StaffRow, account_id) is not None:
            raise StaffError(f"account {account_id} exists", key="clerk.account_exists", account=account_id)
        s.add(StaffRow(id=account_id, role=role, password_hash=_hasher.hash(password), totp_secret=totp_secret,
                       failures=0, locked_until=None))
        audit.append(s, actor, "staff.account_create", account_id, {"role": role, "totp": totp_secret is not None})
    return StaffAccount(account_id, role, totp_secret is not None)


def sign_in(db: Database, account_id: str, password: str, totp_code: str | None = None, role: str | None = None,
            now: dt.datetime | None = None, *, max_failures: int = DEFAULT_MAX_FAILURES,
            lock_for: dt.timedelta | None = None, station: str = "") -> StaffAccount:
    """Check a sign-in. Returns the account, or raises :class:`SignInFailed` / :class:`AccountLocked`.

    ``role="admin"`` admits administrators only; ``role="clerk"`` admits clerks and administrators.
    After ``max_failures`` consecutive failures the account locks (for ``lock_for``, or until
    :func:`unlock` when None). A locked account is refused even with the right password."""
    now = _aware(now) or dt.datetime.now(dt.UTC)
    outcome, error, account = _check(db, account_id, password, totp_code, role, now, max_failures, lock_for, station)
    if error is not None:
        raise error
    assert account is not None and outcome == "ok"
    return account


def _check(db, account_id, password, totp_code, role, now, max_failures, lock_for, station):
    with db.session() as s:
        row = s.get(StaffRow, account_id) if isinstance(account_id, str) else None
        details: dict = {"station": station} if station else {}
        if row is None:
            _verify(_DUMMY_HASH, password)
            details["outcome"] = "unknown_account"
            audit.append(s, str(account_id)[:64], "staff.sign_in", str(account_id)[:128], details)
            return "unknown_account", SignInFailed("unknown account"), None
        locked_until = _aware(row.locked_until)
        if locked_until is not None and locked_until > now:
            details["outcome"] = "locked"
            audit.append(s, row.id, "staff.sign_in", row.id, details)
            return "locked", AccountLocked(f"account {row.id} locked"), None
        ok = _verify(row.password_hash, password)
        outcome = "ok"
        if not ok:
            outcome = "wrong_password"
        elif row.totp_secret and not _totp_ok(row.totp_secret, totp_code, now):
            outcome = "wrong_second_factor"
        if outcome != "ok":
            row.failures = (row.failures or 0) + 1
            details.update(outcome=outcome, failures=row.failures)
            if row.failures >= max_failures:
                row.locked_until = now + lock_for if lock_for else UNTIL_UNLOCKED
                details["locked"] = True
            audit.append(s, row.id, "staff.sign_in", row.id, details)
            if details.get("locked"):
                return outcome, AccountLocked(f"account {row.id} locked after {row.failures} failures"), None
            return outcome, SignInFailed(outcome), None
        if role is not None and not (row.role == role or (role == "clerk" and row.role == "admin")):
            details["outcome"] = "role"
            audit.append(s, row.id, "staff.sign_in", row.id, details)
            return "role", SignInFailed("role", key="clerk.sign_in_role"), None
        if _hasher.check_needs_rehash(row.password_hash):
            row.password_hash = _hasher.hash(password)
        row.failures = 0
        row.locked_until = None
        details.update(outcome="ok", role=row.role)
        audit.append(s, row.id, "staff.sign_in", row.id, details)
        return "ok", None, StaffAccount(row.id, row.role, bool(row.totp_secret))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password if isinstance(password, str) else "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _totp_ok(secret: str, code: str | None, now: dt.datetime) -> bool:
    import pyotp

    if not code or not code.strip().isdigit():
        return False
    return pyotp.TOTP(secret).verify(code.strip(), for_time=now, valid_window=1)


def unlock(db: Database, account_id: str, *, actor: str) -> None:
    """Clear the failure count and lock (an administrator action, audited)."""
    with db.session() as s:
        row = s.get(StaffRow, account_id)
        if row is None:
            raise StaffError(f"no account {account_id}", key="clerk.account_unknown", account=account_id)
        row.failures = 0
        row.locked_until = None
        audit.append(s, actor, "staff.account_unlock", account_id, {})


def sign_out(db: Database, account: StaffAccount, *, reason: str, station: str = "") -> None:
    """Audit the end of a staff session (``reason``: sign_out / inactivity / closed)."""
    with db.session() as s:
        details = {"reason": reason}
        if station:
            details["station"] = station
        audit.append(s, account.id, "staff.sign_out", account.id, details)
