"""The resume code: a resident who started at the kiosk and chose "続きは窓口で" takes a signed
code on the guide slip; the counter scans it and continues where they left off. Qt-free.

Same KS1 signing rules as the sheets (clerk-qr-format.md): CWT claims → COSE_Sign1 with the
kiosk's key → zlib → ``KS1-0`` + decimal digits; iss, iat/exp, a 16-byte cti. The private claim
:data:`RESUME_CLAIM` holds only the navigator answers and what was typed by hand for each
household member: never card data, never a 個人番号 (the card is read again at the counter).
Each code is accepted once: the counter claims its cti (a receipt) before restoring it.
The payload schema is documented in the README ("Resume code").
"""

from __future__ import annotations

import datetime as dt
import os
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kiosk.errors import KioskError
from kiosk.ks1 import cose, dec, symbol
from kiosk.ks1.encode import CTI, CTI_LENGTH, EXP, IAT, ISS, SHEET_CLAIM, epoch, seal
from kiosk.ks1.trust import TrustStore
from kiosk.ks1.verify import DEFAULT_SKEW, _decompress, canonical
from kiosk.session import SOURCE_CARD, SOURCE_MANUAL, Member, ResidentSession

RESUME_CLAIM = -65538  # private claim (next to the sheet claim -65537)
R_KIOSK, R_LANG, R_ANSWERS, R_MEMBERS, R_CONFIRMED = 1, 2, 3, 4, 5
M_RELATIONSHIP, M_SOURCE, M_VALUES, M_ANSWERS = 1, 2, 3, 4
DATE_MARK = 0  # a date value is the map {0: YYYYMMDD}
DEFAULT_VALIDITY = dt.timedelta(days=1)  # the same day's visit to the counter
# Card fields never carried, even when typed (the card is read again at the counter).
NEVER_CARRIED = frozenset({"my_number", "person.my_number"})
# A member's own entries typed on a form's review (for a member typed by hand): carried with the member.
TYPED_ON_FORMS = ("person.name", "person.name_kana")

Value = str | int | bool | dt.date | None
Packed = str | int | bool | dict[int, int] | None


class ResumeError(KioskError):
    """A resume code the counter refuses; ``key`` says why, in words for the clerk."""

    key = "counter.resume_unreadable"


@dataclass(frozen=True)
class ResumeMember:
    relationship: str = ""
    source: str = SOURCE_MANUAL  # "card": read the card at the counter; "manual": typed
    values: dict[str, Value] = field(default_factory=dict)  # typed by hand, field id → value
    answers: dict[str, Value] = field(default_factory=dict)  # person-scope navigator answers


@dataclass(frozen=True)
class ResumePayload:
    kiosk_id: str
    language: str
    answers: dict[str, Value] = field(default_factory=dict)
    members: tuple[ResumeMember, ...] = ()
    members_confirmed: bool = False  # the resident had confirmed the members (then: cards next)


@dataclass(frozen=True)
class ResumeCode:
    code_id: str  # hex of the cti
    text: str  # the KS1 string
    issued_at: dt.datetime
    expires_at: dt.datetime
    symbol: symbol.Symbol = field(repr=False)


# Session ↔ payload ---------------------------------------------------------------------------
def payload_of(session: ResidentSession, *, kiosk_id: str) -> ResumePayload:
    """What the resident answered and typed by hand; nothing the card gave."""
    members = []
    for index, m in enumerate(session.members):
        source = SOURCE_CARD if m.source == SOURCE_CARD else SOURCE_MANUAL
        values = {} if source == SOURCE_CARD else {k: v for k, v in m.values.items() if k not in NEVER_CARRIED}
        if source == SOURCE_MANUAL:
            values.update({k: v for k, v in _typed_on_forms(session, index).items() if k not in values})
        members.append(ResumeMember(m.relationship, source, _plain(values), _plain(m.answers)))
    return ResumePayload(kiosk_id, session.language, _plain(session.answers), tuple(members),
                         session.members_confirmed and bool(members))


def _typed_on_forms(session: ResidentSession, index: int) -> dict[str, object]:
    """The name and reading typed for member ``index`` on the review screens (first form wins)."""
    found: dict[str, object] = {}
    for form_id, values in session.form_values.items():
        rows = session.form_rows.get(form_id, [])
        for row, person in enumerate(values.persons):
            if row < len(rows) and rows[row] == index:
                for field_id in TYPED_ON_FORMS:
                    value = person.get(field_id)
                    if value not in (None, "") and f"person{row}:{field_id}" not in values.from_card:
                        found.setdefault(field_id, value)
    return found


def restore(session: ResidentSession, payload: ResumePayload) -> None:
    """Put the payload into an empty session (the counter's): answers, then the members."""
    session.set_language(payload.language)
    session.notice_acknowledged = True  # acknowledged at the kiosk before anything was asked
    for qid, value in payload.answers.items():
        session.set_answer(qid, value)
    for rm in payload.members:
        member = Member(relationship=rm.relationship, source=rm.source, answers=dict(rm.answers))
        session.members.append(member)
        for fid, value in rm.values.items():
            session.set_member_value(member, fid, value)


def _plain(mapping: Mapping[str, object]) -> dict[str, Value]:
    return {str(k): v for k, v in mapping.items() if isinstance(v, str | int | bool | dt.date) or v is None}


# Encoding --------------------------------------------------------------------------------------
def _pack(value: Value) -> Packed:
    if isinstance(value, dt.date):
        return {DATE_MARK: value.year * 10000 + value.month * 100 + value.day}
    return value


def _unpack(value: object) -> Value:
    if isinstance(value, Mapping):
        raw = value.get(DATE_MARK)
        if set(value) != {DATE_MARK} or not isinstance(raw, int) or isinstance(raw, bool):
            raise ResumeError("date", key="counter.resume_unreadable")
        try:
            return dt.date(raw // 10000, raw // 100 % 100, raw % 100)
        except ValueError as exc:
            raise ResumeError("date", key="counter.resume_unreadable") from exc
    if value is None or isinstance(value, str | int | bool):
        return value
    raise ResumeError("value", key="counter.resume_unreadable")


def _values(raw: object) -> dict[str, Value]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping) or not all(isinstance(k, str) for k in raw):
        raise ResumeError("values", key="counter.resume_unreadable")
    return {k: _unpack(v) for k, v in raw.items()}


def claims_of(payload: ResumePayload) -> dict[int, object]:
    members = []
    for m in payload.members:
        entry: dict[int, object] = {M_SOURCE: m.source}
        if m.relationship:
            entry[M_RELATIONSHIP] = m.relationship
        if m.values:
            entry[M_VALUES] = {k: _pack(v) for k, v in m.values.items()}
        if m.answers:
            entry[M_ANSWERS] = {k: _pack(v) for k, v in m.answers.items()}
        members.append(entry)
    return {R_KIOSK: payload.kiosk_id, R_LANG: payload.language,
            R_ANSWERS: {k: _pack(v) for k, v in payload.answers.items()}, R_MEMBERS: members,
            R_CONFIRMED: payload.members_confirmed}


def encode_resume(payload: ResumePayload, *, signer: cose.Signer, iss: int, now: dt.datetime,
                  validity: dt.timedelta = DEFAULT_VALIDITY, cti: bytes | None = None) -> ResumeCode:
    """Sign the payload as one KS1 symbol (``KS1-0…``)."""
    cti = os.urandom(CTI_LENGTH) if cti is None else cti
    iat = epoch(now)
    exp = iat + int(validity.total_seconds())
    blob = seal({ISS: iss, EXP: exp, IAT: iat, CTI: cti, RESUME_CLAIM: claims_of(payload)}, signer)
    text = dec.qr_strings(blob)[0]
    return ResumeCode(cti.hex(), text, dt.datetime.fromtimestamp(iat, dt.UTC),
                      dt.datetime.fromtimestamp(exp, dt.UTC), symbol.build(text))


# Reading at the counter ------------------------------------------------------------------------
def read_resume(text: str, *, trust: TrustStore, now: dt.datetime, claim: Callable[[str], bool],
                issuer: int | None = None, skew: dt.timedelta = DEFAULT_SKEW) -> ResumePayload:
    """Verify in the KS1 order (signature before any field), check expiry, then ``claim`` the
    code id (True: first use; False: used before). Raises :class:`ResumeError` with a key."""
    try:
        frame = dec.parse_frame(text)
        blob, _have, _need = dec.reassemble([frame])
        if blob is None or frame.count != 1:
            raise ResumeError("parts", key="counter.resume_unreadable")
        data = _decompress(blob)
        message = cose.parse_sign1(data)
        if not canonical(blob, data, message):
            raise ResumeError("non_canonical", key="counter.resume_tampered")
    except dec.DecodeError as exc:
        raise ResumeError(exc.reason, key="counter.resume_unreadable") from exc
    except (ValueError, TypeError, OverflowError, MemoryError, zlib.error) as exc:
        raise ResumeError("unreadable", key="counter.resume_unreadable") from exc
    entry = trust.lookup(message.kid)
    if entry is None or entry.status == "revoked":
        raise ResumeError("key", key="counter.resume_unknown_key")
    if entry.algorithm != message.alg or not message.verify(entry.public_key):
        raise ResumeError("signature", key="counter.resume_tampered")
    try:  # signed by a registered kiosk: from here on the payload may be read
        claims = cose.strict_loads(message.payload)
    except dec.DecodeError as exc:
        raise ResumeError(exc.reason, key="counter.resume_unreadable") from exc
    return _check(claims, entry.kiosk_id, now, claim, issuer, skew, entry.covers)


def _check(claims: object, kiosk_id: str, now: dt.datetime, claim: Callable[[str], bool], issuer: int | None,
           skew: dt.timedelta, covers: Callable[[dt.datetime], bool]) -> ResumePayload:
    if not isinstance(claims, Mapping):
        raise ResumeError("claims", key="counter.resume_unreadable")
    if SHEET_CLAIM in claims:
        raise ResumeError("sheet", key="counter.resume_is_sheet")
    iss, iat, exp, cti, body = (claims.get(k) for k in (ISS, IAT, EXP, CTI, RESUME_CLAIM))
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (iss, iat, exp)) \
            or not isinstance(cti, bytes) or len(cti) != CTI_LENGTH or not isinstance(body, Mapping):
        raise ResumeError("claims", key="counter.resume_unreadable")
    assert isinstance(iat, int) and isinstance(exp, int)
    if issuer is not None and iss != issuer:
        raise ResumeError("issuer", key="counter.resume_unreadable")
    issued, expires = dt.datetime.fromtimestamp(iat, dt.UTC), dt.datetime.fromtimestamp(exp, dt.UTC)
    if issued > now + skew or expires < issued:
        raise ResumeError("time", key="counter.resume_unreadable")
    if not covers(issued):
        raise ResumeError("key_validity", key="counter.resume_unknown_key")
    if body.get(R_KIOSK) != kiosk_id:
        raise ResumeError("kiosk", key="counter.resume_tampered")
    if now > expires + skew:
        raise ResumeError("expired", key="counter.resume_expired")
    payload = _payload(body)
    if not claim(cti.hex()):
        raise ResumeError("used", key="counter.resume_used")
    return payload


def _payload(body: Mapping[object, object]) -> ResumePayload:
    lang, members = body.get(R_LANG), body.get(R_MEMBERS) or []
    if not isinstance(lang, str) or not isinstance(members, list):
        raise ResumeError("payload", key="counter.resume_unreadable")
    out = []
    for raw in members:
        if not isinstance(raw, Mapping):
            raise ResumeError("member", key="counter.resume_unreadable")
        source, relationship = raw.get(M_SOURCE), raw.get(M_RELATIONSHIP, "")
        if source not in (SOURCE_CARD, SOURCE_MANUAL) or not isinstance(relationship, str):
            raise ResumeError("member", key="counter.resume_unreadable")
        values = _values(raw.get(M_VALUES))
        if source == SOURCE_CARD and values or NEVER_CARRIED & set(values):
            raise ResumeError("card_data", key="counter.resume_unreadable")
        out.append(ResumeMember(relationship, str(source), values, _values(raw.get(M_ANSWERS))))
    confirmed = body.get(R_CONFIRMED, False)
    if not isinstance(confirmed, bool):
        raise ResumeError("payload", key="counter.resume_unreadable")
    return ResumePayload(str(body.get(R_KIOSK)), lang, _values(body.get(R_ANSWERS)), tuple(out), confirmed)
