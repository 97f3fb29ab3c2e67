"""An administrator's workbench session: sign-in with password and TOTP (administrator accounts
only, through :mod:`kiosk.staff`), an inactivity lock (≤ 15 min, SEC-10), an absolute limit of
12 h, and sign-out. Every transition is audited; the clock is injectable for tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kiosk import staff
from kiosk.errors import AdminError, SignInFailed
from kiosk.storage import audit
from kiosk.storage.database import Database

INACTIVITY_LIMIT = dt.timedelta(minutes=15)
ABSOLUTE_LIMIT = dt.timedelta(hours=12)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AdminSession:
    """One signed-in administrator. Call :meth:`touch` on every action and :meth:`require` before
    any change; a locked session is unlocked by the same administrator's password and code."""

    def __init__(self, db: Database, account: staff.StaffAccount, *, station: str = "",
                 inactivity: dt.timedelta = INACTIVITY_LIMIT, absolute: dt.timedelta = ABSOLUTE_LIMIT,
                 clock: Callable[[], dt.datetime] = _utcnow) -> None:
        self.db = db
        self.account = account
        self.station = station
        self.inactivity = min(inactivity, INACTIVITY_LIMIT)
        self.absolute = min(absolute, ABSOLUTE_LIMIT)
        self.clock = clock
        self.started = clock()
        self.last_action = self.started
        self.locked = False
        self.ended = False

    @property
    def actor(self) -> str:
        return self.account.id

    @classmethod
    def sign_in(cls, db: Database, account_id: str, password: str, totp_code: str | None, *, station: str = "",
                clock: Callable[[], dt.datetime] = _utcnow, inactivity: dt.timedelta = INACTIVITY_LIMIT,
                absolute: dt.timedelta = ABSOLUTE_LIMIT) -> AdminSession:
        """Sign an administrator in; raises :class:`SignInFailed` or :class:`AccountLocked`.
        Clerk accounts are refused (the workbench is for administrators only)."""
        account = staff.sign_in(db, account_id, password, totp_code, role="admin", now=clock(), station=station)
        if not account.has_totp:
            staff.sign_out(db, account, reason="no_second_factor", station=station)
            raise SignInFailed("administrator without a second factor", key="admin.totp_required")
        return cls(db, account, station=station, clock=clock, inactivity=inactivity, absolute=absolute)

    def state(self) -> str:
        """active / locked / expired / ended."""
        if self.ended:
            return "ended"
        now = self.clock()
        if now - self.started >= self.absolute:
            self._end("absolute_limit")
            return "expired"
        if not self.locked and now - self.last_action >= self.inactivity:
            self.locked = True
            self._audit("admin.lock", {"reason": "inactivity"})
        return "locked" if self.locked else "active"

    def touch(self) -> None:
        if self.state() == "active":
            self.last_action = self.clock()

    def require(self) -> str:
        """The actor id for an action; raises when the session is locked or over."""
        state = self.state()
        if state != "active":
            raise AdminError(f"session {state}", key=f"admin.session_{state}")
        self.last_action = self.clock()
        return self.actor

    def unlock(self, password: str, totp_code: str | None) -> None:
        if self.state() != "locked":
            return
        staff.sign_in(self.db, self.actor, password, totp_code, role="admin", now=self.clock(), station=self.station)
        self.locked = False
        self.last_action = self.clock()
        self._audit("admin.unlock", {})

    def sign_out(self) -> None:
        self._end("sign_out")

    def _end(self, reason: str) -> None:
        if not self.ended:
            self.ended = True
            staff.sign_out(self.db, self.account, reason=reason, station=self.station)

    def _audit(self, action: str, details: dict[str, Any]) -> None:
        with self.db.session() as s:
            audit.append(s, self.actor, action, self.actor, details)
