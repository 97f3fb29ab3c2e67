"""The clerk stations' trust list in the database: import kiosk public keys (the JSON printed by
``kiosk keys export``), list, retire and revoke them. Every change is audited (key id and kiosk
id only).

A retired key still verifies sheets issued while it was valid (``valid_to`` is set to the moment
of retirement); a revoked key verifies nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from kiosk.errors import ClerkError
from kiosk.ks1.trust import aware_utc
from kiosk.storage import audit
from kiosk.storage.database import Database
from kiosk.storage.models import TrustedKey

KID = re.compile(r"[0-9a-f]{16}")
MAX_IMPORT_BYTES = 64 * 1024


@dataclass(frozen=True)
class KeyInfo:
    kid: str
    algorithm: str
    kiosk_id: str
    valid_from: dt.datetime
    valid_to: dt.datetime | None
    status: str
    added_at: dt.datetime


def _info(row: TrustedKey) -> KeyInfo:
    return KeyInfo(row.kid, row.algorithm, row.kiosk_id, aware_utc(row.valid_from), aware_utc(row.valid_to), row.status,
                   aware_utc(row.added_at))


def parse_export(text: str | bytes) -> list[dict[str, Any]]:
    """Entries from an export file: one JSON object, or a list of them. Raises ClerkError."""
    if len(text) > MAX_IMPORT_BYTES:
        raise ClerkError("trust import file too large", key="clerk.trust_file_invalid")
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ClerkError(f"trust import: not JSON: {exc}", key="clerk.trust_file_invalid") from exc
    entries = data if isinstance(data, list) else [data]
    if not entries or not all(isinstance(e, dict) for e in entries):
        raise ClerkError("trust import: expected a key entry object", key="clerk.trust_file_invalid")
    return entries


def import_entries(db: Database, text: str | bytes, *, actor: str) -> list[KeyInfo]:
    """Add the kiosk keys in an export file. Re-importing the same key is a no-op; a key that is
    retired or revoked is not re-activated by importing it again."""
    from kiosk.ks1.trust import TrustEntry

    out: list[KeyInfo] = []
    for data in parse_export(text):
        try:
            entry = TrustEntry.from_export(data)
        except (KeyError, ValueError, TypeError) as exc:
            raise ClerkError(f"trust import: bad key entry: {exc}", key="clerk.trust_entry_invalid") from exc
        if entry.status != "active":
            raise ClerkError("trust import: entry is not active", key="clerk.trust_entry_invalid")
        kid = entry.kid.hex()
        with db.session() as s:
            row = s.get(TrustedKey, kid)
            if row is not None:
                if row.public_key_pem.strip() != data["public_key_pem"].strip():  # cannot happen: kid is a hash
                    raise ClerkError("trust import: kid clash", key="clerk.trust_entry_invalid")
                out.append(_info(row))
                continue
            row = TrustedKey(kid=kid, algorithm=entry.algorithm, public_key_pem=data["public_key_pem"],
                             kiosk_id=entry.kiosk_id, valid_from=entry.valid_from, valid_to=entry.valid_to,
                             status="active")
            s.add(row)
            s.flush()
            audit.append(s, actor, "trust.import", kid, {"kiosk_id": entry.kiosk_id, "alg": entry.algorithm})
            out.append(_info(row))
    return out


def list_keys(db: Database) -> list[KeyInfo]:
    with db.session() as s:
        return [_info(r) for r in s.scalars(select(TrustedKey).order_by(TrustedKey.kiosk_id, TrustedKey.valid_from))]


def _change(db: Database, kid: str, *, actor: str, status: str, now: dt.datetime | None) -> KeyInfo:
    kid = (kid or "").strip().lower()
    if not KID.fullmatch(kid):
        raise ClerkError(f"{kid!r} is not a key id (16 hex digits)", key="clerk.trust_kid_invalid", kid=kid[:32])
    now = aware_utc(now) or dt.datetime.now(dt.UTC)
    with db.session() as s:
        row = s.get(TrustedKey, kid)
        if row is None:
            raise ClerkError(f"no trusted key {kid}", key="clerk.trust_kid_unknown", kid=kid)
        if row.status == "revoked":
            raise ClerkError(f"key {kid} is revoked", key="clerk.trust_already_revoked", kid=kid)
        if status == "retired" and row.status == "retired":
            return _info(row)
        previous = row.status
        row.status = status
        if status == "retired" and (row.valid_to is None or aware_utc(row.valid_to) > now):
            row.valid_to = now
        audit.append(s, actor, f"trust.{'retire' if status == 'retired' else 'revoke'}", kid,
                     {"kiosk_id": row.kiosk_id, "previous": previous})
        s.flush()
        return _info(row)


def retire(db: Database, kid: str, *, actor: str, now: dt.datetime | None = None) -> KeyInfo:
    """The kiosk stops using this key: sheets issued up to ``now`` still verify."""
    return _change(db, kid, actor=actor, status="retired", now=now)


def revoke(db: Database, kid: str, *, actor: str, now: dt.datetime | None = None) -> KeyInfo:
    """The key is compromised: nothing signed with it verifies any more."""
    return _change(db, kid, actor=actor, status="revoked", now=now)
