"""Staff accounts shared by the clerk station and the admin workbench.

Passwords are stored as argon2id hashes; an account locks after ``max_failures`` failed sign-ins
in a row (``Config.clerk.max_sign_in_failures``) for at most :data:`MAX_LOCK` (an administrator
may unlock it sooner). Any account — clerk or administrator — may carry a TOTP secret, stored
encrypted with the station's key (:mod:`kiosk.storage.secrets`); every sign-in then needs a
current code, and a code is accepted once only (SEC-10). A failed sign-in says the same thing
whatever was wrong. Every attempt is audited with the account id and an outcome code, never the
password or the code typed (SEC-14).

The first administrator is created once with :func:`bootstrap_admin`; every later account
change is made by a signed-in administrator (:func:`authenticate_admin`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select

from kiosk.errors import AccountLocked, SignInFailed, StaffError
from kiosk.storage import audit, secrets
from kiosk.storage.database import Database
from kiosk.storage.models import StaffAccount as StaffRow

ROLES = ("clerk", "admin")
MIN_PASSWORD_LENGTH = 10
DEFAULT_MAX_FAILURES = 5
ACCOUNT_ID = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
MAX_LOCK = dt.timedelta(minutes=30)  # upper bound of a lock after repeated failures
TOTP_INTERVAL = 30

FAILED = "sign-in failed"  # the one detail of every failed sign-in: it never says what was wrong
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
                   *, actor: str = "system", first_admin: bool = False) -> StaffAccount:
    """Create an account. Raises :class:`StaffError` for a bad id, role, short password or a taken id.

    ``first_admin=True`` (see :func:`bootstrap_admin`) refuses when any administrator exists."""
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
    sealed = secrets.seal(db.key_dir, totp_secret, context=account_id) if totp_secret is not None else None
    with db.session() as s:
        if first_admin:
            audit.lock(s)  # two bootstraps at once: the second sees the first one's administrator
            if s.execute(select(StaffRow.id).where(StaffRow.role == "admin").limit(1)).first() is not None:
                raise StaffError("an administrator exists; accounts are added by a signed-in administrator",
                                 key="clerk.bootstrap_refused")
        if s.get(StaffRow, account_id) is not None:
            raise StaffError(f"account {account_id} exists", key="clerk.account_exists", account=account_id)
        s.add(StaffRow(id=account_id, role=role, password_hash=_hasher.hash(password), totp_secret=sealed,
                       failures=0, locked_until=None))
        audit.append(s, actor, "staff.account_create", account_id,
                     {"role": role, "totp": totp_secret is not None, **({"bootstrap": True} if first_admin else {})})
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


def _check(db: Database, account_id: str, password: str, totp_code: str | None, role: str | None,
           now: dt.datetime, max_failures: int, lock_for: dt.timedelta | None,
           station: str) -> tuple[str, StaffError | None, StaffAccount | None]:
    with db.session() as s:
        row = s.get(StaffRow, account_id) if isinstance(account_id, str) else None
        details: dict[str, Any] = {"station": station} if station else {}
        if row is None:
            _verify(_DUMMY_HASH, password)
            details["outcome"] = "unknown_account"
            audit.append(s, str(account_id)[:64], "staff.sign_in", str(account_id)[:128], details)
            return "unknown_account", SignInFailed(FAILED), None
        locked_until = _aware(row.locked_until)
        if locked_until is not None and locked_until > now:
            details["outcome"] = "locked"
            audit.append(s, row.id, "staff.sign_in", row.id, details)
            return "locked", AccountLocked(f"account {row.id} locked"), None
        ok = _verify(row.password_hash, password)
        outcome = "ok"
        step: int | None = None
        if not ok:
            outcome = "wrong_password"
        elif row.totp_secret:
            secret = secrets.unseal(db.key_dir, row.totp_secret, context=row.id)
            step = _totp_step(secret, totp_code, now)
            if step is None:
                outcome = "wrong_second_factor"
            elif row.totp_last_step is not None and step <= row.totp_last_step:
                outcome = "reused_second_factor"  # a code is good once: a watched or replayed code is refused
            elif not secrets.is_sealed(row.totp_secret):
                row.totp_secret = secrets.seal(db.key_dir, secret, context=row.id)
        if outcome != "ok":
            row.failures = (row.failures or 0) + 1
            details.update(outcome=outcome, failures=row.failures)
            if row.failures >= max_failures:
                row.locked_until = now + min(lock_for or MAX_LOCK, MAX_LOCK)
                details["locked"] = True
            audit.append(s, row.id, "staff.sign_in", row.id, details)
            if details.get("locked"):
                return outcome, AccountLocked(f"account {row.id} locked after {row.failures} failures"), None
            return outcome, SignInFailed(FAILED), None
        if role is not None and not (row.role == role or (role == "clerk" and row.role == "admin")):
            details["outcome"] = "role"
            audit.append(s, row.id, "staff.sign_in", row.id, details)
            return "role", SignInFailed("role", key="clerk.sign_in_role"), None
        if _hasher.check_needs_rehash(row.password_hash):
            row.password_hash = _hasher.hash(password)
        row.failures = 0
        row.locked_until = None
        if step is not None:
            row.totp_last_step = step
        details.update(outcome="ok", role=row.role)
        audit.append(s, row.id, "staff.sign_in", row.id, details)
        return "ok", None, StaffAccount(row.id, row.role, bool(row.totp_secret))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password if isinstance(password, str) else "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _totp_step(secret: str, code: str | None, now: dt.datetime) -> int | None:
    """The TOTP time step (±1 for clock drift) whose code is ``code``, or None."""
    import hmac

    import pyotp

    if not code or not code.strip().isdigit():
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_INTERVAL)
    current = int(now.timestamp()) // TOTP_INTERVAL
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code.strip()):
            return step
    return None


def bootstrap_admin(db: Database, account_id: str, password: str, totp_secret: str) -> StaffAccount:
    """Create the very first administrator (password and TOTP). Refuses with
    ``clerk.bootstrap_refused`` once any administrator exists: from then on accounts are added by
    a signed-in administrator."""
    return create_account(db, account_id, "admin", password, totp_secret, actor=f"bootstrap:{account_id}",
                          first_admin=True)


def authenticate_admin(db: Database, account_id: str, password: str, totp_code: str | None, *,
                       station: str = "") -> StaffAccount:
    """A signed-in administrator with a second factor, for account and trust-list changes; raises
    :class:`SignInFailed` (one message whatever was wrong) or :class:`AccountLocked`."""
    account = sign_in(db, account_id, password, totp_code, role="admin", station=station)
    if not account.has_totp:
        raise SignInFailed("administrator without a second factor", key="admin.totp_required")
    return account


def unlock(db: Database, account_id: str, *, actor: str) -> None:
    """Clear the failure count and lock (an administrator action, audited; ``actor`` is the
    signed-in administrator)."""
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
