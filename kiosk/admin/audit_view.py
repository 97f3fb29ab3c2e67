"""Read the audit log for the viewer, and verify its hash chain (SEC-13)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from kiosk.storage.audit import ChainReport, verify_chain
from kiosk.storage.database import Database
from kiosk.storage.models import AuditEntry


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    action: str
    subject: str
    details: dict[str, Any]


def entries(db: Database, *, action_prefix: str = "", actor: str = "", limit: int = 500) -> list[AuditRow]:
    """The newest ``limit`` entries, newest first, optionally filtered by action prefix or actor."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if action_prefix:
        query = query.where(AuditEntry.action.startswith(action_prefix))
    if actor:
        query = query.where(AuditEntry.actor == actor)
    with db.session() as s:
        return [AuditRow(e.id, e.at if e.at.tzinfo else e.at.replace(tzinfo=dt.UTC), e.actor, e.action, e.subject,
                         dict(e.details or {})) for e in s.execute(query).scalars()]


def verify(db: Database) -> ChainReport:
    """Check the whole chain; the report names the first entry that does not fit and why."""
    with db.session() as s:
        return verify_chain(s)
