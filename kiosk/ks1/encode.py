"""Building a signed KS1 sheet: CWT claims → COSE_Sign1 → zlib → frames → QR symbols."""

from __future__ import annotations

import datetime as dt
import os
import zlib
from dataclasses import dataclass, field
from typing import Any

import cbor2

from kiosk.catalogue.model import Form, FormField, FormValues
from kiosk.errors import ValidationError
from kiosk.ks1 import cose, symbol, values

# CWT claim keys (RFC 8392) and the private claim holding the sheet (private-use range < -65536).
ISS, EXP, IAT, CTI = 1, 4, 6, 7
SHEET_CLAIM = -65537
# Keys inside the sheet claim.
S_FORM, S_VERSION, S_KIOSK, S_HOUSEHOLD, S_PERSONS, S_CONFIRM_MY_NUMBER = 1, 2, 3, 4, 5, 6
CTI_LENGTH = 16
ZLIB_LEVEL = 9


def format_sheet_id(sheet_id: str) -> str:
    """The sheet id as printed: upper-case hex in groups of four (``3F2A-09C1-…``)."""
    text = sheet_id.upper()
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def epoch(moment: dt.datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return int(moment.timestamp())


@dataclass(frozen=True)
class EncodedSheet:
    sheet_id: str  # hex of the 16-byte cti
    form_id: str
    form_version: int
    kiosk_id: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    values: FormValues  # the checked values that were printed and encoded
    confirm_my_number: bool
    blob_size: int
    qr_strings: list[str]
    symbols: list[symbol.Symbol] = field(repr=False)

    @property
    def versions(self) -> list[int]:
        return [s.version for s in self.symbols]

    @property
    def levels(self) -> list[str]:
        return [s.level for s in self.symbols]


def refuse_handwritten(form: Form, values_: FormValues) -> None:
    """A field the law wants handwritten never enters the QR: the sheet prints only a line for
    it, and the code carries only what the sheet prints (PRIV-11). Raises ValidationError."""
    person_fields = form.persons.fields if form.persons else ()
    groups: list[tuple[int | None, tuple[FormField, ...], dict[str, Any]]] = [(None, form.fields, values_.household)]
    groups += [(row, person_fields, person) for row, person in enumerate(values_.persons)]
    for row, fields, group in groups:
        for ff in fields:
            raw = group.get(ff.id)
            if ff.handwrite and raw is not None and raw != "" and raw is not False:
                raise ValidationError(
                    f"{ff.id}: handwritten on the sheet, never encoded", key="print.handwritten_field",
                    field=ff.field.label.get("ja", ff.id), field_id=ff.id, row=row if row is not None else "",
                )


def sheet_claims(
    form: Form, checked: FormValues, *, iss: int, kiosk_id: str, iat: int, exp: int, cti: bytes
) -> dict[int, Any]:
    household, persons = values.to_qr(form, checked)
    sheet: dict[int, Any] = {S_FORM: form.id, S_VERSION: form.version, S_KIOSK: kiosk_id}
    if household:
        sheet[S_HOUSEHOLD] = household
    if persons:
        sheet[S_PERSONS] = persons
    if values.needs_my_number(form):
        sheet[S_CONFIRM_MY_NUMBER] = True
    return {ISS: iss, EXP: exp, IAT: iat, CTI: cti, SHEET_CLAIM: sheet}


def seal(claims: dict[int, Any], signer: cose.Signer) -> bytes:
    """The zlib-compressed COSE_Sign1 blob."""
    return zlib.compress(cose.sign1(cbor2.dumps(claims), signer), ZLIB_LEVEL)


def encode_sheet(
    form: Form,
    values_: FormValues,
    *,
    signer: cose.Signer,
    iss: int,
    kiosk_id: str,
    now: dt.datetime,
    validity: dt.timedelta,
    cti: bytes | None = None,
    max_version: int = symbol.MAX_VERSION,
) -> EncodedSheet:
    """Check the values against the form, sign them and lay them out as QR symbols.

    Raises :class:`~kiosk.errors.ValidationError` naming a bad field, or
    :class:`~kiosk.errors.QrError` (``qr.too_large``) naming the form when 4 symbols are not enough.
    A value for a field the law wants handwritten is refused (``print.handwritten_field``).
    ``cti`` is for test vectors only; a sheet normally gets 16 fresh random bytes.
    """
    refuse_handwritten(form, values_)
    checked = values.check_values(form, values_)
    cti = os.urandom(CTI_LENGTH) if cti is None else cti
    if len(cti) != CTI_LENGTH:
        raise ValueError("cti must be 16 bytes")
    iat = epoch(now)
    exp = iat + int(validity.total_seconds())
    claims = sheet_claims(form, checked, iss=iss, kiosk_id=kiosk_id, iat=iat, exp=exp, cti=cti)
    blob = seal(claims, signer)
    texts = symbol.plan(blob, form.id, max_version)
    return EncodedSheet(
        sheet_id=cti.hex(),
        form_id=form.id,
        form_version=form.version,
        kiosk_id=kiosk_id,
        issued_at=dt.datetime.fromtimestamp(iat, dt.UTC),
        expires_at=dt.datetime.fromtimestamp(exp, dt.UTC),
        values=checked,
        confirm_my_number=values.needs_my_number(form),
        blob_size=len(blob),
        qr_strings=texts,
        symbols=[symbol.build(t) for t in texts],
    )
