"""Database tables. Sheets are known by id and form, metrics are anonymous counts and durations,
the audit log names staff accounts and object ids. The one exception is ``queue_items.data``: the
values a division received with a sheet, kept only for the division's retention period and then
purged (kiosk.routing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: DateTime(timezone=True), dict[str, Any]: JSON, list[Any]: JSON}


class IssuedSheet(Base):
    """A sheet a kiosk printed (and signed). The data itself lives only on the paper."""

    __tablename__ = "issued_sheets"

    sheet_id: Mapped[str] = mapped_column(String(32), primary_key=True)  # cti, 16 bytes as hex
    form_id: Mapped[str] = mapped_column(String(64), index=True)
    form_version: Mapped[int] = mapped_column(Integer)
    kiosk_id: Mapped[str] = mapped_column(String(64), index=True)
    issued_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(16), default="issued")  # issued / received / void


class Receipt(Base):
    """A clerk station received a sheet (受付). Unique per sheet: a second scan is a replay."""

    __tablename__ = "receipts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sheet_id: Mapped[str] = mapped_column(String(32), unique=True)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    station_id: Mapped[str] = mapped_column(String(64))
    staff_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    form_id: Mapped[str] = mapped_column(String(64), default="")
    kiosk_id: Mapped[str] = mapped_column(String(64), default="")


class TrustedKey(Base):
    """A kiosk's public key on the clerk stations' trust list."""

    __tablename__ = "trusted_keys"

    kid: Mapped[str] = mapped_column(String(16), primary_key=True)  # 8 bytes as hex
    algorithm: Mapped[str] = mapped_column(String(16))  # EdDSA / ES256
    public_key_pem: Mapped[str] = mapped_column(Text)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[dt.datetime]
    valid_to: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active / retired / revoked
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FormVersion(Base):
    """One saved version of a catalogue file (draft or published), for the admin workbench."""

    __tablename__ = "form_versions"
    __table_args__ = (UniqueConstraint("document", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document: Mapped[str] = mapped_column(String(128), index=True)  # path inside forms/, e.g. forms/kokuho.yaml
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("form_versions.id"), nullable=True)
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(16), default="draft")  # draft / published / superseded
    approved_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class CataloguePublication(Base):
    """A published catalogue: the set of versions kiosks load at their next session start."""

    __tablename__ = "catalogue_publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    published_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    published_by: Mapped[str] = mapped_column(String(64))
    catalogue_hash: Mapped[str] = mapped_column(String(64))
    versions: Mapped[dict[str, Any]] = mapped_column(JSON)  # document -> FormVersion.id


class AuditEntry(Base):
    """Append-only audit log; each row carries the hash of the previous one."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))  # staff account or station/kiosk id
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(128), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class SessionMetric(Base):
    """One resident session, anonymous: durations, counts and outcomes only."""

    __tablename__ = "session_metrics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kiosk_id: Mapped[str] = mapped_column(String(64), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(index=True)
    ended_at: Mapped[dt.datetime]
    ending: Mapped[str] = mapped_column(String(32))  # completed / timeout / abandoned / staff_exit
    last_screen: Mapped[str] = mapped_column(String(32), default="")
    language: Mapped[str] = mapped_column(String(8), default="ja")
    screens: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"screen": id, "seconds": s}, ...]
    taps: Mapped[int] = mapped_column(Integer, default=0)
    typed_chars: Mapped[int] = mapped_column(Integer, default=0)
    procedures: Mapped[list[Any]] = mapped_column(JSON, default=list)  # procedure ids
    fields_total: Mapped[int] = mapped_column(Integer, default=0)
    fields_prefilled: Mapped[int] = mapped_column(Integer, default=0)
    card_outcomes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # outcome -> count


class StaffAccount(Base):
    """A clerk or administrator account (argon2 password hash, encrypted TOTP secret)."""

    __tablename__ = "staff_accounts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))  # clerk / admin
    password_hash: Mapped[str] = mapped_column(Text)
    totp_secret: Mapped[str | None] = mapped_column(Text, nullable=True)  # encrypted (kiosk.staff_secrets)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # newest accepted TOTP step
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class StaffCard(Base):
    """A staff member's IC card enrolled for the kiosk's maintenance exit (SEC-09): the SHA-256
    fingerprint of its 公的個人認証 利用者証明用 certificate and that certificate's public key
    (SubjectPublicKeyInfo, DER). The certificate names nobody; the account is the link."""

    __tablename__ = "staff_cards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account: Mapped[str] = mapped_column(String(64), ForeignKey("staff_accounts.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the certificate, hex
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    not_after: Mapped[dt.datetime]
    enrolled_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    enrolled_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)


class StaffCall(Base):
    """A resident pressed 係員を呼ぶ: which kiosk, on which screen, when. No personal data (PRIV-)."""

    __tablename__ = "staff_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kiosk_id: Mapped[str] = mapped_column(String(64), index=True)
    screen: Mapped[str] = mapped_column(String(32))  # screen name only
    called_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    raised_at: Mapped[dt.datetime] = mapped_column(default=utcnow)  # last time the stations were alerted
    raise_count: Mapped[int] = mapped_column(Integer, default=0)  # alerts repeated after no answer
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(nullable=True, index=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64), nullable=True)  # station id


class KioskHeartbeat(Base):
    """A kiosk's last heartbeat (REL-10): when, whether it runs or was stopped on purpose, and the
    state of its printer, card reader, database, disk and clock as codes (kiosk.heartbeat). One
    row per kiosk, written over at each health check. No personal data."""

    __tablename__ = "kiosk_heartbeats"

    kiosk_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))  # running / stopped
    beat_at: Mapped[dt.datetime]
    printer: Mapped[str] = mapped_column(String(16))
    reader: Mapped[str] = mapped_column(String(16))
    database: Mapped[str] = mapped_column(String(16))
    disk: Mapped[str] = mapped_column(String(16))
    clock: Mapped[str] = mapped_column(String(16))


class QueueBundle(Base):
    """The divisions one resident's bundle visits, in visit order (kiosk.routing). Ids only."""

    __tablename__ = "queue_bundles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    source: Mapped[str] = mapped_column(String(64))  # kiosk or station id that issued the numbers
    route: Mapped[list[Any]] = mapped_column(JSON, default=list)  # division ids in visit order


class QueueTicket(Base):
    """A waiting number in one division's queue: sequential per division per day, with its state
    (issued → arrived → in_progress → done), who moved it and when, and when it was called."""

    __tablename__ = "queue_tickets"
    __table_args__ = (UniqueConstraint("division", "day", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("queue_bundles.id"), index=True)
    division: Mapped[str] = mapped_column(String(64), index=True)
    day: Mapped[str] = mapped_column(String(10), index=True)  # YYYY-MM-DD, the town hall's date
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="issued")
    next_division: Mapped[str | None] = mapped_column(String(64), nullable=True)
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    arrived_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    taken_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    taken_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    done_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    done_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    called_at: Mapped[dt.datetime | None] = mapped_column(nullable=True, index=True)
    called_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    call_count: Mapped[int] = mapped_column(Integer, default=0)


class QueueItem(Base):
    """One sheet (form) in a division's queue. ``data`` holds the received values by field id and
    is purged at ``data_until`` (the division's retention); ids, states and times stay."""

    __tablename__ = "queue_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("queue_tickets.id"), index=True)
    sheet_id: Mapped[str] = mapped_column(String(32), unique=True)
    form_id: Mapped[str] = mapped_column(String(64))
    arrived_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    received_by: Mapped[str | None] = mapped_column(String(64), nullable=True)  # station id
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    data_until: Mapped[dt.datetime | None] = mapped_column(nullable=True, index=True)
    purged_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
