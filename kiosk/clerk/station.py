"""The clerk station without a screen: scan → verdict → receive (受付) → export / reprint.

Verification follows clerk-qr-format.md through :func:`kiosk.ks1.verify`; the replay check asks
the shared database whether any station received the sheet before. Every verify, receive, export
and reprint is audited with ids and codes only (SEC-14).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from kiosk.clerk import scan as scanning
from kiosk.clerk.record import SheetRecord, csv_bytes, json_bytes
from kiosk.errors import ClerkError, DatabaseUnreachable
from kiosk.log import get_logger
from kiosk.storage import audit
from kiosk.storage.database import Database
from kiosk.storage.sheets import ReceiptResult, find_receipt, receive_audited

if TYPE_CHECKING:
    from kiosk.ks1 import Seen
    from kiosk.routing.queue import Routed
    from printing.sheet import RenderResult

log = get_logger(__name__)

# Verdict codes shown by the banner (clerk-qr-format.md: one verdict in plain Japanese).
AUTHENTIC, EXPIRED, ALREADY_USED, UNKNOWN_KEY, DAMAGED, WAITING = (
    "authentic", "expired", "already_used", "unknown_key", "damaged", "waiting")


@dataclass(frozen=True)
class ScanResult:
    """What one scan led to. ``record`` is set only for a verified (真正) sheet."""

    banner: str  # one of the codes above
    verdict: Any = None  # the kiosk.ks1 verdict, when decoding got that far
    reason: str = ""  # reason code for damaged / unknown key
    have: int = 0
    need: int = 0
    restarted: bool = False
    record: SheetRecord | None = None
    strings: list[str] = field(default_factory=list, repr=False)

    @property
    def shows_data(self) -> bool:
        return self.banner == AUTHENTIC and self.record is not None


class Station:
    def __init__(self, db: Database, *, station_id: str, trust: Any = None, catalogue: Any = None,
                 issuer: int | None = None, skew: dt.timedelta = dt.timedelta(seconds=300),
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        from kiosk.ks1 import DatabaseTrustStore

        self.db = db
        self.station_id = station_id
        self.trust = trust if trust is not None else DatabaseTrustStore(db)
        self.catalogue = catalogue
        self.issuer = issuer
        self.skew = skew
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.collector = scanning.Collector()
        self.routed: Routed | None = None  # the queues the last received sheet joined

    # Scanning -----------------------------------------------------------------------------
    def scan(self, text: str, *, staff_id: str) -> ScanResult:
        """One typed (or decoded) string: rejected, waiting for more parts, or a verdict.

        Raises :class:`DatabaseUnreachable` when the trust list, the replay check or the audit
        cannot be reached: that is no verdict, and the parts collected so far are kept."""
        code = scanning.normalise(text)
        if isinstance(code, scanning.Rejected):
            self._audit(staff_id, "clerk.verify", "", {"verdict": DAMAGED, "reason": code.reason})
            return ScanResult(DAMAGED, reason=code.reason)
        state = self.collector.add(code)
        if not state.complete:
            return ScanResult(WAITING, have=state.have, need=state.need, restarted=state.restarted)
        try:
            return self.verify_strings(state.strings, staff_id=staff_id, restarted=state.restarted)
        except DatabaseUnreachable:
            # Nothing is lost: the other parts stay collected, so scanning this one again completes the sheet.
            for other in state.strings:
                if other != code:
                    self.collector.add(other)
            raise

    def scan_image(self, image: Any, *, staff_id: str) -> ScanResult:
        """Every KS1 symbol found in an image (a whole sheet may carry up to four)."""
        found = scanning.decode_image(image)
        if not found:
            self._audit(staff_id, "clerk.verify", "", {"verdict": DAMAGED, "reason": "no_symbol"})
            return ScanResult(DAMAGED, reason="no_symbol")
        result = ScanResult(DAMAGED, reason="no_symbol")
        for text in found:
            result = self.scan(text, staff_id=staff_id)
            if result.banner != WAITING:
                break
        return result

    def cancel_parts(self) -> None:
        self.collector.clear()

    def verify_strings(self, strings: list[str], *, staff_id: str, restarted: bool = False) -> ScanResult:
        from kiosk import ks1

        verdict = ks1.verify(strings, trust=self.trust, now=self.clock(), seen=self._seen,
                             catalogue=self.catalogue, issuer=self.issuer, skew=self.skew)
        result = self._result(verdict, strings, restarted)
        details = {"verdict": result.banner, "station": self.station_id}
        if result.reason:
            details["reason"] = result.reason
        for name in ("kiosk_id", "form_id", "kid"):
            value = getattr(verdict, name, None)
            if value:
                details[name] = value
        self._audit(staff_id, "clerk.verify", getattr(verdict, "sheet_id", ""), details)
        return result

    def _seen(self, cti: bytes) -> Seen | None:
        from kiosk.ks1 import Seen

        receipt = find_receipt(self.db, cti.hex())
        if receipt is None:
            return None
        at = receipt.received_at
        if at is not None and at.tzinfo is None:
            at = at.replace(tzinfo=dt.UTC)
        return Seen(at, receipt.station_id)

    def _result(self, verdict: Any, strings: list[str], restarted: bool) -> ScanResult:
        from kiosk import ks1

        if isinstance(verdict, ks1.Authentic):
            form = self.catalogue.forms.get(verdict.form_id) if self.catalogue is not None else None
            return ScanResult(AUTHENTIC, verdict, record=SheetRecord.from_verdict(verdict, form),
                              strings=list(strings), restarted=restarted)
        if isinstance(verdict, ks1.Expired):
            return ScanResult(EXPIRED, verdict)
        if isinstance(verdict, ks1.AlreadyUsed):
            return ScanResult(ALREADY_USED, verdict)
        if isinstance(verdict, ks1.UnknownKey):
            return ScanResult(UNKNOWN_KEY, verdict, reason=verdict.reason)
        if isinstance(verdict, ks1.Incomplete):
            return ScanResult(WAITING, verdict, have=verdict.collected, need=verdict.needed)
        return ScanResult(DAMAGED, verdict, reason=getattr(verdict, "reason", "unreadable"), restarted=restarted)

    # Receiving and handing over --------------------------------------------------------------
    def receive(self, record: SheetRecord, *, staff_id: str) -> ReceiptResult:
        """受付: record the sheet as received. The first station wins; a later call (here or at any
        station sharing the database) returns ``first=False`` with when and where."""
        # Queued before the receipt is recorded (queueing the same sheet again changes nothing): a
        # database lost in between leaves the sheet unreceived, to be received again, never received
        # but missing from its division's queue.
        self.route(record)
        result = receive_audited(self.db, sheet_id=record.sheet_id, station_id=self.station_id, staff_id=staff_id,
                                 form_id=record.form_id, kiosk_id=record.kiosk_id)
        if result.first:
            record.received_at, record.station_id = result.received_at, result.station_id
        return result

    def route(self, record: SheetRecord) -> None:
        """Queue the received sheet for the division that handles its form (kiosk.routing);
        ``routed`` then says where the resident goes and under which number."""
        from kiosk.catalogue.model import Catalogue
        from kiosk.routing.divisions import Divisions
        from kiosk.routing.queue import receive_bundle

        self.routed = None
        if isinstance(self.catalogue, Catalogue):  # without the catalogue's divisions nothing is queued
            self.routed = receive_bundle(self.db, [record], Divisions.of(self.catalogue), station_id=self.station_id)

    def export(self, record: SheetRecord, fmt: str, *, staff_id: str, encoding: str = "utf-8") -> bytes:
        """One received record as ``json`` or ``csv`` bytes (one record at a time, never in bulk)."""
        if record.received_at is None:
            raise ClerkError("export before 受付", key="clerk.export_not_received")
        details: dict[str, Any] = {"format": fmt, "station": self.station_id}
        if fmt == "json":
            data = json_bytes(record)
        elif fmt == "csv":
            details["encoding"] = encoding
            try:
                data = csv_bytes(record, encoding)
            except ClerkError as exc:
                details["refused"] = exc.params.get("codepoint", "")
                self._audit(staff_id, "clerk.export", record.sheet_id, details)
                raise
        else:
            raise ValueError(f"unknown export format {fmt!r}")
        self._audit(staff_id, "clerk.export", record.sheet_id, details)
        return data

    def reprint(self, record: SheetRecord, strings: list[str], out: Path | str | BinaryIO | None, *,
                staff_id: str, municipality: str) -> RenderResult:
        """Print the sheet again from the decoded data, with the same code(s) it carried."""
        if record.form is None:
            raise ClerkError(f"form {record.form_id} not in the catalogue", key="clerk.reprint_no_form",
                             form_id=record.form_id)
        from kiosk.catalogue.model import FormValues
        from kiosk.ks1 import EncodedSheet
        from kiosk.ks1.symbol import build
        from kiosk.sheets import render_sheet

        encoded = EncodedSheet(
            sheet_id=record.sheet_id, form_id=record.form_id, form_version=record.form_version,
            kiosk_id=record.kiosk_id, issued_at=record.issued_at, expires_at=record.expires_at,
            values=FormValues(record.form_id, dict(record.household), [dict(p) for p in record.persons]),
            confirm_my_number=record.confirm_my_number, blob_size=0, qr_strings=list(strings),
            symbols=[build(s) for s in strings],
        )
        result = render_sheet(record.form, encoded, out, municipality=municipality)
        self._audit(staff_id, "clerk.reprint", record.sheet_id, {"station": self.station_id})
        return result

    def _audit(self, actor: str, action: str, subject: str, details: dict[str, Any]) -> None:
        with self.db.session() as s:
            audit.append(s, actor or self.station_id, action, subject, details)
        log.info("%s %s %s", action, subject, details.get("verdict", ""))
