"""Administrator sign-in (password + TOTP, admins only), inactivity lock (SEC-10) and the audit
viewer that verifies the hash chain and names where it breaks (SEC-13)."""

from __future__ import annotations

import datetime as dt

import pytest
from admin_helpers import PASSWORD, code
from sqlalchemy import select, text, update

from kiosk.admin import audit_view
from kiosk.admin.auth import AdminSession
from kiosk.errors import AdminError, SignInFailed
from kiosk.storage.models import AuditEntry


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def test_admin_signs_in_with_password_and_code(db):
    session = AdminSession.sign_in(db, "admin-a", PASSWORD, code("admin-a"))
    assert session.require() == "admin-a"


def test_wrong_code_and_clerk_accounts_are_refused(db):
    with pytest.raises(SignInFailed):
        AdminSession.sign_in(db, "admin-a", PASSWORD, "000000" if code("admin-a") != "000000" else "111111")
    with pytest.raises(SignInFailed):
        AdminSession.sign_in(db, "clerk-1", PASSWORD, None)


def test_sec10_inactivity_locks_within_15_minutes_and_unlock_needs_the_code(db):
    clock = Clock()
    session = AdminSession.sign_in(db, "admin-b", PASSWORD, code("admin-b", clock.now), clock=clock)
    clock.now += dt.timedelta(minutes=14)
    session.touch()
    clock.now += dt.timedelta(minutes=14, seconds=59)
    assert session.state() == "active"
    clock.now += dt.timedelta(seconds=1)
    assert session.state() == "locked"
    with pytest.raises(AdminError) as caught:
        session.require()
    assert caught.value.key == "admin.session_locked"
    with pytest.raises(SignInFailed):
        session.unlock("wrong password!", code("admin-b", clock.now))
    session.unlock(PASSWORD, code("admin-b", clock.now))
    assert session.require() == "admin-b"
    clock.now += dt.timedelta(hours=12)
    assert session.state() == "expired"


def test_sign_in_lock_and_sign_out_are_audited(db):
    clock = Clock()
    session = AdminSession.sign_in(db, "admin-a", PASSWORD, code("admin-a", clock.now), clock=clock)
    clock.now += dt.timedelta(minutes=20)
    session.state()
    session.sign_out()
    actions = [r.action for r in audit_view.entries(db, actor="admin-a")]
    assert actions[:3] == ["staff.sign_out", "admin.lock", "staff.sign_in"]


def test_sec13_viewer_reports_an_intact_chain_and_where_an_edit_breaks_it(db):
    assert audit_view.verify(db).ok
    with db.session() as s:
        target = s.execute(select(AuditEntry.id).order_by(AuditEntry.id).offset(1).limit(1)).scalar()
        if s.get_bind().dialect.name == "postgresql":  # tamper as the table's owner could
            s.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        s.execute(update(AuditEntry).where(AuditEntry.id == target).values(subject="someone-else"))
    report = audit_view.verify(db)
    assert not report.ok and report.broken_at == target and report.reason == "edited"
    assert f"entry {target}" in report.describe()
