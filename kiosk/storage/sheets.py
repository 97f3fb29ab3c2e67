"""Issued sheets and clerk receipts: the records that make a replayed QR code 使用済み."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiosk.storage import audit
from kiosk.storage.database import Database
from kiosk.storage.models import IssuedSheet, Receipt, utcnow


@dataclass(frozen=True)
class Issued:
    """One sheet of a bundle, by its ids (no personal data)."""

    sheet_id: str
    form_id: str
    form_version: int
    kiosk_id: str
    issued_at: dt.datetime
    expires_at: dt.datetime


def record_issued(db: Database, *, sheet_id: str, form_id: str, form_version: int, kiosk_id: str,
                  issued_at: dt.datetime, expires_at: dt.datetime) -> None:
    record_bundle(db, [Issued(sheet_id, form_id, form_version, kiosk_id, issued_at, expires_at)])


def record_bundle(db: Database, sheets: list[Issued]) -> None:
    """Record every sheet of one resident's bundle in one transaction, committed (WAL,
    ``synchronous=FULL``: on the disk) before it returns and so before anything prints (REL-09):
    after a power cut the bundle is there whole or not at all."""
    with db.session() as s:
        s.add_all(IssuedSheet(sheet_id=x.sheet_id, form_id=x.form_id, form_version=x.form_version,
                              kiosk_id=x.kiosk_id, issued_at=x.issued_at, expires_at=x.expires_at, status="issued")
                  for x in sheets)


@dataclass(frozen=True)
class ReceiptResult:
    first: bool  # True: this call received the sheet; False: it had been received before
    received_at: dt.datetime
    station_id: str


def find_receipt(db: Database, sheet_id: str) -> Receipt | None:
    with db.session() as s:
        return s.execute(select(Receipt).where(Receipt.sheet_id == sheet_id)).scalar_one_or_none()


def record_receipt(db: Database, *, sheet_id: str, station_id: str, staff_id: str | None = None,
                   form_id: str = "", kiosk_id: str = "") -> ReceiptResult:
    """Mark a sheet received. The unique constraint makes the first station win, across processes."""
    now = utcnow()
    try:
        with db.session() as s:
            s.add(Receipt(sheet_id=sheet_id, station_id=station_id, staff_id=staff_id, received_at=now,
                          form_id=form_id, kiosk_id=kiosk_id))
            sheet = s.get(IssuedSheet, sheet_id)
            if sheet is not None:
                sheet.status = "received"
    except IntegrityError:
        existing = find_receipt(db, sheet_id)
        assert existing is not None
        return ReceiptResult(False, existing.received_at, existing.station_id)
    return ReceiptResult(True, now, station_id)


def receive_audited(db: Database, *, sheet_id: str, station_id: str, staff_id: str | None = None,
                    form_id: str = "", kiosk_id: str = "") -> ReceiptResult:
    """A receipt and its ``clerk.receive`` audit entry (ids and codes only) in one transaction:
    the one way a receipt is recorded, at a clerk station and by ``kiosk verify --database``
    alike. After a power cut both are there or neither (REL-09). A sheet received before gets
    only the audit entry, naming the first station."""
    actor = staff_id or station_id
    details: dict[str, object] = {"first": True, "station": station_id, "form_id": form_id}
    now = utcnow()
    try:
        with db.session() as s:
            audit.lock(s)  # the audit chain's lock first, as every append takes it: no lock-order deadlock
            s.add(Receipt(sheet_id=sheet_id, station_id=station_id, staff_id=staff_id, received_at=now,
                          form_id=form_id, kiosk_id=kiosk_id))
            sheet = s.get(IssuedSheet, sheet_id)
            if sheet is not None:
                sheet.status = "received"
            s.flush()  # a second receipt of the sheet fails here, before its audit entry
            audit.append(s, actor, "clerk.receive", sheet_id, details)
        return ReceiptResult(True, now, station_id)
    except IntegrityError:
        with db.session() as s:
            existing = s.execute(select(Receipt).where(Receipt.sheet_id == sheet_id)).scalar_one_or_none()
            if existing is None:
                raise  # not a second receipt: the write itself failed, and nothing of it is there
            result = ReceiptResult(False, existing.received_at, existing.station_id)
            audit.append(s, actor, "clerk.receive", sheet_id,
                         details | {"first": False, "first_station": result.station_id})
        return result
