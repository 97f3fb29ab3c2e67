"""Verifying clerk QR strings, in the contract's order (clerk-qr-format.md, "Keys and verification").

normalise → prefix, digits, length caps → DEC → reassemble → decompress (16 KiB cap) → CBOR
(tag 18 only) → alg allow-list and kid → **signature** → iss, iat/exp with clock skew → cti not
seen before → no value for a handwritten field → values against the form definition. Nothing in
the payload is read before the signature has been verified. Garbage never raises: it yields :class:`Malformed`.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import cbor2

from kiosk.catalogue.model import Catalogue, Form, FormValues
from kiosk.errors import ValidationError
from kiosk.ks1 import cose, dec, values
from kiosk.ks1.encode import (
    CTI,
    CTI_LENGTH,
    EXP,
    IAT,
    ISS,
    S_CONFIRM_MY_NUMBER,
    S_FORM,
    S_HOUSEHOLD,
    S_KIOSK,
    S_PERSONS,
    S_VERSION,
    SHEET_CLAIM,
    ZLIB_LEVEL,
)
from kiosk.ks1.trust import TrustEntry, TrustStore

MAX_DECOMPRESSED = 16 * 1024
DEFAULT_SKEW = dt.timedelta(seconds=300)


@dataclass(frozen=True)
class Seen:
    """What the replay callback knows about an earlier scan."""

    when: dt.datetime | None = None
    where: str = ""


@dataclass(frozen=True)
class Verdict:
    code = "verdict"

    @property
    def message_key(self) -> str:
        return f"qr.verdict_{self.code}"

    def to_json(self) -> dict[str, Any]:
        data = {"verdict": self.code}
        for key, value in asdict(self).items():
            if isinstance(value, dt.datetime | dt.date):
                value = value.isoformat()
            elif isinstance(value, bytes):
                value = value.hex()
            data[key] = value
        return data


@dataclass(frozen=True)
class Authentic(Verdict):
    sheet_id: str
    kiosk_id: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    form_id: str
    form_version: int
    issuer: int
    confirm_my_number: bool
    household: dict[Any, Any] = field(default_factory=dict)  # field id → value (QR key without a catalogue)
    persons: list[dict[Any, Any]] = field(default_factory=list)
    code = "authentic"

    def to_json(self) -> dict[str, Any]:
        data = super().to_json()
        data["household"] = _jsonable(self.household)
        data["persons"] = [_jsonable(p) for p in self.persons]
        return data


@dataclass(frozen=True)
class Expired(Verdict):
    sheet_id: str
    kiosk_id: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    code = "expired"


@dataclass(frozen=True)
class AlreadyUsed(Verdict):
    sheet_id: str
    kiosk_id: str
    issued_at: dt.datetime
    when: dt.datetime | None
    where: str
    code = "already_used"


@dataclass(frozen=True)
class UnknownKey(Verdict):
    kid: str
    reason: str  # unknown | revoked | outside_validity
    code = "unknown_key"


@dataclass(frozen=True)
class Malformed(Verdict):
    reason: str
    code = "malformed"


@dataclass(frozen=True)
class Tampered(Verdict):
    reason: str
    code = "tampered"


@dataclass(frozen=True)
class Incomplete(Verdict):
    collected: int
    needed: int
    code = "incomplete"


def _jsonable(mapping: dict[Any, Any]) -> dict[str, Any]:
    return {str(k): (v.isoformat() if isinstance(v, dt.date) else v) for k, v in mapping.items()}


def _decompress(blob: bytes) -> bytes:
    engine = zlib.decompressobj()
    data = engine.decompress(blob, MAX_DECOMPRESSED)
    if engine.unconsumed_tail:
        raise dec.DecodeError("too_large")
    if not engine.eof or engine.unused_data:
        raise dec.DecodeError("zlib")
    return data


def canonical(blob: bytes, data: bytes, message: cose.Sign1) -> bool:
    """True when ``blob`` is the one encoding the kiosk writes for its content: zlib level 9 of
    the COSE_Sign1 bytes, and those bytes their minimal CBOR encoding. Deflate ignores some bits
    (the final padding, unused code lengths) and other levels or encoders give other streams for
    the same sheet; re-encoding and comparing refuses every such string."""
    again = cbor2.dumps(cbor2.CBORTag(cose.COSE_SIGN1_TAG, [message.protected, {}, message.payload, message.signature]))
    return again == data and zlib.compress(data, ZLIB_LEVEL) == blob


def _carries_handwritten(form: Form, household: Mapping[Any, Any], persons: Iterable[Mapping[Any, Any]]) -> bool:
    """The code carries a value for a field the sheet leaves to the resident's hand (PRIV-11)."""
    keys = {f.qr_key for f in form.fields if f.handwrite}
    person_keys = {f.qr_key for f in form.persons.fields if f.handwrite} if form.persons else set()
    return bool(keys & set(household)) or any(person_keys & set(p) for p in persons)


def _when(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def verify(
    qr_strings: Iterable[str],
    *,
    trust: TrustStore,
    now: dt.datetime,
    seen: Callable[[bytes], bool | Seen | None] | None = None,
    catalogue: Catalogue | None = None,
    issuer: int | None = None,
    skew: dt.timedelta = DEFAULT_SKEW,
) -> Verdict:
    """One verdict for the scanned strings of one sheet (1 to 4 parts, any order)."""
    try:
        texts = [t for t in qr_strings if isinstance(t, str) and t.strip()]
        if not texts or len(texts) > dec.MAX_PARTS:
            return Malformed("parts")
        blob, collected, needed = dec.reassemble([dec.parse_frame(t) for t in texts])
        if blob is None:
            return Incomplete(collected, needed)
        data = _decompress(blob)
        message = cose.parse_sign1(data)
        if not canonical(blob, data, message):
            return Tampered("non_canonical")
    except dec.DecodeError as exc:
        return Tampered(exc.reason) if exc.reason == "frame_hash" else Malformed(exc.reason)
    except (ValueError, TypeError, OverflowError, MemoryError, zlib.error):
        return Malformed("unreadable")

    entry = trust.lookup(message.kid)
    if entry is None or entry.status == "revoked":
        return UnknownKey(message.kid.hex(), "unknown" if entry is None else "revoked")
    if entry.algorithm != message.alg or not message.verify(entry.public_key):
        return Tampered("signature")
    # Signed by a registered kiosk: from here on the payload may be read.
    try:
        return _check_claims(message.payload, entry, now, seen, catalogue, issuer, skew)
    except dec.DecodeError as exc:
        return Malformed(exc.reason)


def _check_claims(  # noqa: C901 - a flat list of checks
    payload: bytes,
    entry: TrustEntry,
    now: dt.datetime,
    seen: Callable[[bytes], bool | Seen | None] | None,
    catalogue: Catalogue | None,
    issuer: int | None,
    skew: dt.timedelta,
) -> Verdict:
    claims = cose.strict_loads(payload)
    if not isinstance(claims, Mapping):
        return Malformed("claims")
    iss, iat, exp, cti, sheet = (claims.get(k) for k in (ISS, IAT, EXP, CTI, SHEET_CLAIM))
    if not (isinstance(iss, int) and isinstance(iat, int) and isinstance(exp, int)) \
            or any(isinstance(x, bool) for x in (iss, iat, exp)):
        return Malformed("claims")
    if not isinstance(cti, bytes) or len(cti) != CTI_LENGTH or not isinstance(sheet, Mapping):
        return Malformed("claims")
    form_id, version, kiosk_id = sheet.get(S_FORM), sheet.get(S_VERSION), sheet.get(S_KIOSK)
    household, persons = sheet.get(S_HOUSEHOLD, {}), sheet.get(S_PERSONS, [])
    if not (isinstance(form_id, str) and isinstance(version, int) and isinstance(kiosk_id, str)):
        return Malformed("claims")
    if not isinstance(household, Mapping) or not isinstance(persons, list | tuple) \
            or not all(isinstance(p, Mapping) for p in persons):
        return Malformed("claims")
    if kiosk_id != entry.kiosk_id:
        return Tampered("kiosk_mismatch")
    if issuer is not None and iss != issuer:
        return Malformed("issuer")
    try:
        issued_at, expires_at = _when(iat), _when(exp)
    except (ValueError, OverflowError, OSError):
        return Malformed("claims")
    if issued_at > now + skew or expires_at < issued_at:
        return Malformed("time")
    if not entry.covers(issued_at):
        return UnknownKey(entry.kid.hex(), "outside_validity")
    sheet_id = cti.hex()
    if now > expires_at + skew:
        return Expired(sheet_id, kiosk_id, issued_at, expires_at)
    if seen is not None:
        earlier = seen(cti)
        if earlier:
            info = earlier if isinstance(earlier, Seen) else Seen()
            return AlreadyUsed(sheet_id, kiosk_id, issued_at, info.when, info.where)
    if catalogue is not None:
        form = catalogue.forms.get(form_id)
        if form is None:
            return Malformed("form_unknown")
        if version > form.version:
            return Malformed("form_version")
        if _carries_handwritten(form, household, persons):
            return Malformed("handwritten_field")
        try:
            checked: FormValues = values.from_qr(form, dict(household), [dict(p) for p in persons])
        except ValidationError:
            return Malformed("form_values")
        household, persons = checked.household, checked.persons
    return Authentic(
        sheet_id, kiosk_id, issued_at, expires_at, form_id, version, iss,
        bool(sheet.get(S_CONFIRM_MY_NUMBER)), dict(household), [dict(p) for p in persons],
    )
