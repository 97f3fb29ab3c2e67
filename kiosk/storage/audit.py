"""The append-only audit log: each row carries the SHA-256 of the previous row, so an edited,
deleted or reordered row breaks the chain at a place :func:`verify_chain` names."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from kiosk.storage.models import AuditEntry, utcnow

GENESIS = "0" * 64


def _canonical_time(at: dt.datetime) -> str:
    if at.tzinfo is None:  # SQLite returns naive datetimes; they were stored as UTC
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(prev_hash: str, at: dt.datetime, actor: str, action: str, subject: str, details: dict) -> str:
    body = json.dumps(
        [prev_hash, _canonical_time(at), actor, action, subject, details],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(session: Session, actor: str, action: str, subject: str = "", details: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry (ids and codes only, never personal data) in the caller's transaction."""
    details = dict(details or {})
    if session.get_bind().dialect.name == "postgresql":
        # Serialise appends across stations so the chain never forks.
        session.execute(text("SELECT pg_advisory_xact_lock(7438201)"))
    last = session.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    prev = last or GENESIS
    at = utcnow()
    entry = AuditEntry(
        at=at, actor=actor, action=action, subject=subject, details=details,
        prev_hash=prev, hash=entry_hash(prev, at, actor, action, subject, details),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_at: int | None = None  # id of the first row that does not fit
    reason: str = ""  # "edited", "deleted_or_reordered"

    def describe(self) -> str:
        if self.ok:
            return f"audit chain intact ({self.checked} entries)"
        return f"audit chain broken at entry {self.broken_at}: {self.reason.replace('_', ' ')}"


def verify_chain(session: Session) -> ChainReport:
    prev = GENESIS
    count = 0
    for entry in session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars():
        if entry.prev_hash != prev:
            return ChainReport(False, count, entry.id, "deleted_or_reordered")
        expected = entry_hash(entry.prev_hash, entry.at, entry.actor, entry.action, entry.subject, entry.details or {})
        if expected != entry.hash:
            return ChainReport(False, count, entry.id, "edited")
        prev = entry.hash
        count += 1
    return ChainReport(True, count)
