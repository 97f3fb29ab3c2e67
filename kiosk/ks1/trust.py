"""Trust lists on clerk stations: which kiosk keys are accepted.

An entry holds kid, algorithm, public key, kiosk id, valid-from, valid-to and status
(active / retired / revoked). A retired key still verifies sheets issued while it was valid;
a revoked key verifies nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, overload

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from kiosk.ks1 import cose

if TYPE_CHECKING:
    from kiosk.storage.database import Database

STATUSES = ("active", "retired", "revoked")


@dataclass(frozen=True)
class TrustEntry:
    kid: bytes
    algorithm: str  # "EdDSA" or "ES256"
    public_key: PublicKeyTypes
    kiosk_id: str
    valid_from: dt.datetime
    valid_to: dt.datetime | None = None
    status: str = "active"

    def covers(self, moment: dt.datetime) -> bool:
        """True when a sheet issued at ``moment`` falls in the key's validity."""
        if self.status == "revoked":
            return False
        return self.valid_from <= moment and (self.valid_to is None or moment <= self.valid_to)

    @classmethod
    def from_pem(
        cls, pem: str | bytes, *, kiosk_id: str, valid_from: dt.datetime, valid_to: dt.datetime | None = None,
        status: str = "active", algorithm: str | None = None,
    ) -> TrustEntry:
        key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
        alg = cose.algorithm_of(key)
        if algorithm is not None and algorithm != alg:
            raise ValueError(f"key is {alg}, entry says {algorithm}")
        return cls(cose.key_id(key), alg, key, kiosk_id, aware_utc(valid_from), aware_utc(valid_to), status)

    @classmethod
    def from_export(cls, text: str | dict[str, Any]) -> TrustEntry:
        """An entry from the JSON printed by ``kiosk keys export``."""
        data = json.loads(text) if isinstance(text, str) else text
        entry = cls.from_pem(
            data["public_key_pem"], kiosk_id=data["kiosk_id"],
            valid_from=dt.datetime.fromisoformat(data["valid_from"]),
            valid_to=dt.datetime.fromisoformat(data["valid_to"]) if data.get("valid_to") else None,
            status=data.get("status", "active"), algorithm=data.get("alg"),
        )
        if data.get("kid") and bytes.fromhex(data["kid"]) != entry.kid:
            raise ValueError("kid does not match the public key")
        return entry


@overload
def aware_utc(moment: dt.datetime) -> dt.datetime: ...
@overload
def aware_utc(moment: None) -> None: ...
def aware_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A naive time (as SQLite returns it) read as UTC; aware times and None unchanged."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


class TrustStore(Protocol):
    def lookup(self, kid: bytes) -> TrustEntry | None: ...


class MemoryTrustStore:
    def __init__(self, entries: list[TrustEntry] | tuple[TrustEntry, ...] = ()) -> None:
        self._entries: dict[bytes, TrustEntry] = {}
        for entry in entries:
            self.add(entry)

    def add(self, entry: TrustEntry) -> None:
        self._entries[entry.kid] = entry

    def lookup(self, kid: bytes) -> TrustEntry | None:
        return self._entries.get(kid)


class DatabaseTrustStore:
    """Trust list in the ``TrustedKey`` table (kiosk.storage)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def lookup(self, kid: bytes) -> TrustEntry | None:
        from sqlalchemy import select

        from kiosk.storage.models import TrustedKey

        with self.database.session() as session:
            row = session.scalars(select(TrustedKey).where(TrustedKey.kid == kid.hex())).first()
            if row is None:
                return None
            try:
                entry = TrustEntry.from_pem(
                    row.public_key_pem, kiosk_id=row.kiosk_id, valid_from=row.valid_from,
                    valid_to=row.valid_to, status=row.status, algorithm=row.algorithm,
                )
            except ValueError:
                return None
        return entry if entry.kid == kid else None
