"""Issued sheets and clerk receipts: the records that make a replayed QR code 使用済み."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiosk.storage import audit
from kiosk.storage.database import Database
from kiosk.storage.models import IssuedSheet, Receipt, utcnow


def record_issued(db: Database, *, sheet_id: str, form_id: str, form_version: int, kiosk_id: str,
                  issued_at: dt.datetime, expires_at: dt.datetime) -> None:
    with db.session() as s:
        s.add(IssuedSheet(sheet_id=sheet_id, form_id=form_id, form_version=form_version, kiosk_id=kiosk_id,
                          issued_at=issued_at, expires_at=expires_at, status="issued"))


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
    """:func:`record_receipt` and its ``clerk.receive`` audit entry (ids and codes only): the one
    way a receipt is recorded, at a clerk station and by ``kiosk verify --database`` alike."""
    result = record_receipt(db, sheet_id=sheet_id, station_id=station_id, staff_id=staff_id, form_id=form_id,
                            kiosk_id=kiosk_id)
    details: dict[str, object] = {"first": result.first, "station": station_id, "form_id": form_id}
    if not result.first:
        details["first_station"] = result.station_id
    with db.session() as s:
        audit.append(s, staff_id or station_id, "clerk.receive", sheet_id, details)
    return result
