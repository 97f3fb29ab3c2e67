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

from kiosk.storage.checkpoints import Checkpoint
from kiosk.storage.models import AuditEntry, utcnow

GENESIS = "0" * 64
PENDING_CHECKPOINTS = "kiosk.audit.pending_checkpoints"  # session.info key: entries awaiting commit


def _canonical_time(at: dt.datetime) -> str:
    if at.tzinfo is None:  # SQLite returns naive datetimes; they were stored as UTC
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(prev_hash: str, at: dt.datetime, actor: str, action: str, subject: str, details: dict[str, Any]) -> str:
    body = json.dumps(
        [prev_hash, _canonical_time(at), actor, action, subject, details],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def lock(session: Session) -> None:
    """Take the audit chain's lock until the transaction ends. Appends hold it while they read the
    head, so two stations or processes never fork the chain."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7438201)"))
    else:  # SQLite: any write takes the database's single writer lock now (a no-row write suffices)
        session.execute(text("UPDATE audit_log SET id = id WHERE 0 = 1"))


def append(session: Session, actor: str, action: str, subject: str = "", details: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry (ids and codes only, never personal data) in the caller's transaction."""
    details = dict(details or {})
    lock(session)
    last = session.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    prev = last or GENESIS
    at = utcnow()
    entry = AuditEntry(
        at=at, actor=actor, action=action, subject=subject, details=details,
        prev_hash=prev, hash=entry_hash(prev, at, actor, action, subject, details),
    )
    session.add(entry)
    session.flush()
    pending: list[Checkpoint] = session.info.setdefault(PENDING_CHECKPOINTS, [])
    pending.append(Checkpoint(entry.id, entry.hash, _canonical_time(at)))
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


@dataclass(frozen=True)
class TamperReport:
    """The chain compared with the signed checkpoints kept outside the database.

    ``removed`` are ranges of sequence numbers that a checkpoint confirms and the database no
    longer holds; ``changed_at`` is the first entry whose hash differs from its checkpoint (a
    rewrite, even with the later hashes recomputed); the ``*_since`` fields give the time the
    affected entry was written, from the checkpoint."""

    chain: ChainReport
    checkpoints: int = 0
    newest: int | None = None
    removed: tuple[tuple[int, int], ...] = ()
    removed_since: str = ""
    changed_at: int | None = None
    changed_since: str = ""
    forged: int = 0

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.removed and self.changed_at is None and self.forged == 0

    def describe(self) -> str:
        lines = [self.chain.describe()]
        for first, last in self.removed:
            span = f"entry {first}" if first == last else f"entries {first}-{last}"
            lines.append(f"audit log truncated: {span} removed (confirmed by a signed checkpoint)")
        if self.removed:
            lines.append(f"  removed since {self.removed_since}")
        if self.changed_at is not None:
            lines.append(f"audit log rewritten: entry {self.changed_at} changed "
                         f"(written {self.changed_since}; its hash differs from the signed checkpoint)")
        if self.forged:
            lines.append(f"{self.forged} checkpoint line(s) with an invalid signature")
        if self.newest is None:
            lines.append("no signed checkpoint to compare with")
        elif self.ok:
            lines.append(f"matches {self.checkpoints} signed checkpoint(s), newest at entry {self.newest}")
        return "\n".join(lines)


def _ranges(numbers: list[int]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if out and out[-1][1] == n - 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return tuple(out)


def verify_with_checkpoints(session: Session, checkpoints: dict[int, Checkpoint], forged: int = 0) -> TamperReport:
    """:func:`verify_chain` and a comparison of every row with its signed checkpoint."""
    chain = verify_chain(session)
    rows: dict[int, str] = {seq: stored for seq, stored in session.execute(select(AuditEntry.id, AuditEntry.hash))}
    missing: list[int] = []
    changed: Checkpoint | None = None
    for seq in sorted(checkpoints):
        point = checkpoints[seq]
        stored = rows.get(seq)
        if stored is None:
            missing.append(seq)
        elif stored != point.hash and changed is None:
            changed = point
    removed = _ranges(missing)
    return TamperReport(
        chain=chain, checkpoints=len(checkpoints), newest=max(checkpoints) if checkpoints else None,
        removed=removed, removed_since=checkpoints[removed[0][0]].at if removed else "",
        changed_at=changed.seq if changed else None, changed_since=changed.at if changed else "", forged=forged,
    )
