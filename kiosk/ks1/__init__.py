"""KS1: the signed clerk QR on printed sheets (see clerk-qr-format.md). Qt-free."""

from kiosk.ks1.cose import Signer, key_id
from kiosk.ks1.encode import EncodedSheet, encode_sheet, format_sheet_id
from kiosk.ks1.trust import DatabaseTrustStore, MemoryTrustStore, TrustEntry, TrustStore
from kiosk.ks1.verify import (
    AlreadyUsed,
    Authentic,
    Expired,
    Incomplete,
    Malformed,
    Seen,
    Tampered,
    UnknownKey,
    Verdict,
    verify,
)

__all__ = [
    "AlreadyUsed", "Authentic", "DatabaseTrustStore", "EncodedSheet", "Expired", "Incomplete", "Malformed",
    "MemoryTrustStore", "Seen", "Signer", "Tampered", "TrustEntry", "TrustStore", "UnknownKey", "Verdict",
    "encode_sheet", "format_sheet_id", "key_id", "verify",
]
