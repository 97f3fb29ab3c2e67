"""Staff IC cards for the kiosk's maintenance exit (SEC-09): a staff member's own My Number Card,
known by its 公的個人認証AP 利用者証明用 certificate (which names nobody), proven by its PIN and a
signature over a fresh random challenge.

Enrolment (an administrator, :class:`Enrolment`): the certificate is read, the staff member types
the card's 利用者証明用 PIN, the card signs a 32-byte challenge, the signature is checked against
the certificate just read, and the certificate's SHA-256 fingerprint and public key are stored
for the staff account (``staff_cards``; audited ``staff.card_enrolled``). An expired certificate
or one enrolled to another account is refused. :func:`revoke` is audited ``staff.card_revoked``.

Entry (the kiosk, :class:`EntryCheck`, on the card reader's thread): the certificate on the
reader must be enrolled, unrevoked and unexpired; the PIN is verified once; the card signs a new
challenge, checked against the public key stored at enrolment (never the one just read). Every
try is audited ``kiosk.staff_exit`` with accepted or not, the account when known and a reason
code; never the PIN, never the fingerprint. Refusals are :class:`StaffCardRefused` (message key
``staff_card.<reason>``) or the card's own errors (:mod:`kiosk.card.errors`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from kiosk.card import apdu
from kiosk.card.errors import (
    CardBlocked,
    CardDataError,
    CardRemoved,
    InvalidPin,
    NoAuthCertificate,
    NoCard,
    NoReader,
    NotMyNumberCard,
    WrongPin,
)
from kiosk.card.jpki import JpkiSession
from kiosk.card.reader import Channel, pin_is_well_formed
from kiosk.errors import CardError
from kiosk.log import get_logger
from kiosk.ports import StoragePort
from kiosk.storage import audit
from kiosk.storage.database import Database
from kiosk.storage.models import StaffAccount, StaffCard

log = get_logger(__name__)

CHALLENGE_BYTES = 32


class StaffCardRefused(CardError):
    """A staff card that may not be enrolled or may not open the maintenance exit; ``reason`` is
    the audit's code, ``key`` the message shown (``staff_card.<reason>``). A card error, so that
    the card reader's worker reports it as it does the card's own."""

    def __init__(self, reason: str, detail: str = "", **params: object) -> None:
        super().__init__(detail or reason, key=f"staff_card.{reason}", **params)
        self.reason = reason


@dataclass(frozen=True)
class CardCertificate:
    """What the kiosk keeps of a 利用者証明用 certificate: no name, no number."""

    fingerprint: str  # SHA-256 of the DER certificate, hex
    public_key: bytes  # SubjectPublicKeyInfo, DER
    not_before: dt.datetime
    not_after: dt.datetime

    def __repr__(self) -> str:  # never print the fingerprint into logs
        return f"CardCertificate(not_after={self.not_after:%Y-%m-%d})"


@dataclass(frozen=True)
class EnrolledCard:
    id: int
    account: str
    not_after: dt.datetime


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def parse_certificate(der: bytes) -> CardCertificate:
    """The fingerprint, RSA public key and validity of a DER certificate; CardDataError if it is
    not one."""
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    try:
        certificate = x509.load_der_x509_certificate(der)
        key = certificate.public_key()
    except ValueError as exc:
        raise CardDataError("auth certificate does not parse") from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise CardDataError("auth certificate: not an RSA key")
    return CardCertificate(
        fingerprint=hashlib.sha256(der).hexdigest(),
        public_key=key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo),
        not_before=certificate.not_valid_before_utc, not_after=certificate.not_valid_after_utc,
    )


def prove_possession(session: JpkiSession, pin: bytearray, public_key: bytes) -> bool:
    """VERIFY ``pin`` once (wiped), then have the card sign a fresh random challenge; True when
    the signature verifies with ``public_key`` (DER). Card errors (WrongPin, CardBlocked…) pass."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    try:
        if not pin_is_well_formed(pin):
            raise InvalidPin("the PIN must be exactly 4 digits")
        session.verify(pin)
    finally:
        apdu.wipe(pin)
    challenge = secrets.token_bytes(CHALLENGE_BYTES)
    signature = session.sign(hashlib.sha256(challenge).digest())
    key = load_der_public_key(public_key)
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    try:
        key.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def reason_of(exc: BaseException) -> str:
    """The audit's reason code for a refused try (never anything the card or the person gave)."""
    if isinstance(exc, StaffCardRefused):
        return exc.reason
    codes: tuple[tuple[type[BaseException], str], ...] = (
        (WrongPin, "wrong_pin"), (CardBlocked, "blocked"), (InvalidPin, "pin_format"),
        (CardRemoved, "card_removed"), (NoCard, "card_removed"), (NoReader, "reader_lost"),
        (NoAuthCertificate, "not_staff_card"), (NotMyNumberCard, "not_my_number_card"),
        (CardDataError, "card_garbled"),
    )
    for kind, code in codes:
        if isinstance(exc, kind):
            return code
    return "failed"


# -- enrolment (administrators) ----------------------------------------------------------------
class Enrolment:
    """Enrolling the card on the reader for ``account``: :meth:`begin` reads and checks the
    certificate and returns the tries left on its PIN; :meth:`finish` takes the PIN."""

    def __init__(self, db: Database, channel: Channel, account: str, *, by: str,
                 now: dt.datetime | None = None) -> None:
        self.db, self.account, self.by = db, account, by
        self.now = now or dt.datetime.now(dt.UTC)
        self.session = JpkiSession(channel)
        self.certificate: CardCertificate | None = None

    def begin(self) -> int:
        cert = parse_certificate(self.session.read_auth_certificate())
        if not cert.not_before <= self.now <= cert.not_after:
            raise StaffCardRefused("expired", "the card's certificate is not valid now")
        with self.db.session() as s:
            if s.get(StaffAccount, self.account) is None:
                raise StaffCardRefused("no_account", f"no staff account {self.account}", account=self.account)
            row = s.scalars(select(StaffCard).where(StaffCard.fingerprint == cert.fingerprint)).first()
            if row is not None and row.account != self.account:
                raise StaffCardRefused("other_account", "the card is enrolled to another account")
            if row is not None and row.revoked_at is None:
                raise StaffCardRefused("already_enrolled", "the card is enrolled to this account")
        self.certificate = cert
        return self.session.query_tries()

    def finish(self, pin: bytearray) -> EnrolledCard:
        cert = self.certificate
        if cert is None:
            apdu.wipe(pin)
            raise RuntimeError("begin() first")
        if not prove_possession(self.session, pin, cert.public_key):
            raise StaffCardRefused("bad_signature", "the card's signature does not match its certificate")
        with self.db.session() as s:
            audit.lock(s)
            row = s.scalars(select(StaffCard).where(StaffCard.fingerprint == cert.fingerprint)).first()
            if row is not None and (row.account != self.account or row.revoked_at is None):
                raise StaffCardRefused("other_account" if row.account != self.account else "already_enrolled")
            if row is None:  # a revoked card of the same account comes back: the same row, renewed
                row = StaffCard(account=self.account, fingerprint=cert.fingerprint)
                s.add(row)
            row.public_key, row.not_after = cert.public_key, cert.not_after
            row.enrolled_at, row.enrolled_by, row.revoked_at = self.now, self.by, None
            s.flush()
            audit.append(s, self.by, "staff.card_enrolled", self.account, {"card": row.id})
            return EnrolledCard(row.id, self.account, cert.not_after)


def revoke(db: Database, *, by: str, account: str | None = None, card_id: int | None = None,
           now: dt.datetime | None = None) -> list[int]:
    """Revoke ``account``'s cards, or the one card ``card_id``; the ids revoked (each audited)."""
    if (account is None) == (card_id is None):
        raise ValueError("an account or a card id")
    now = now or dt.datetime.now(dt.UTC)
    with db.session() as s:
        query = select(StaffCard).where(StaffCard.revoked_at.is_(None))
        query = query.where(StaffCard.account == account) if account is not None else query.where(StaffCard.id == card_id)
        revoked = []
        for row in s.scalars(query.order_by(StaffCard.id)):
            row.revoked_at = now
            audit.append(s, by, "staff.card_revoked", row.account, {"card": row.id})
            revoked.append(row.id)
        return revoked


def enrolled_cards(db: Database) -> list[tuple[int, str, dt.datetime, dt.datetime | None]]:
    """(card id, account, not_after, revoked_at) of every enrolled card, for administrators."""
    with db.session() as s:
        rows = s.execute(select(StaffCard.id, StaffCard.account, StaffCard.not_after, StaffCard.revoked_at)
                         .order_by(StaffCard.account, StaffCard.id)).all()
        return [(r[0], r[1], _aware(r[2]), _aware(r[3]) if r[3] is not None else None) for r in rows]


def usable_cards(db: Database, now: dt.datetime | None = None) -> int:
    """How many enrolled cards are neither revoked nor expired (``kiosk doctor``)."""
    now = now or dt.datetime.now(dt.UTC)
    with db.session() as s:
        rows = s.execute(select(StaffCard.not_after).where(StaffCard.revoked_at.is_(None))).all()
    return sum(1 for (not_after,) in rows if _aware(not_after) >= now)


# -- entry (the kiosk) --------------------------------------------------------------------------
@dataclass(frozen=True)
class StaffEntry:
    """An accepted staff card: who may leave the kiosk."""

    account: str
    card_id: int


class EntryCheck:
    """The staff card on the kiosk's reader, checked for the maintenance exit. Run on the card
    reader's thread (:class:`kiosk.ui.card_worker.CardWorker`): :meth:`query_tries` reads the
    certificate, finds it enrolled and reads the PIN's tries; :meth:`read` verifies the PIN and
    the signature. Each outcome that is a try is audited (``kiosk.staff_exit``)."""

    def __init__(self, db: StoragePort, channel: Channel, *, kiosk_id: str, now: dt.datetime | None = None) -> None:
        self.db, self.kiosk_id, self.now = db, kiosk_id, now
        self.session = JpkiSession(channel)
        self.account: str | None = None
        self._card: tuple[int, bytes] | None = None  # (card id, stored public key)

    def _audit(self, accepted: bool, reason: str) -> None:
        details: dict[str, Any] = {"accepted": accepted, "method": "card", "reason": reason}
        if self.account is not None:
            details["account"] = self.account
        try:
            with self.db.session() as s:
                audit.append(s, self.kiosk_id, "kiosk.staff_exit", self.kiosk_id, details)
        except Exception as exc:  # the database went away: the log still has the outcome
            log.warning("staff exit not audited: %s", type(exc).__name__)
        log.info("staff exit by card: %s (%s)", "accepted" if accepted else "refused", reason)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, (CardRemoved, NoCard, NoReader)) and self._card is None:
            return  # the card left before anything was asked of anyone: no try was made
        self._audit(False, reason_of(exc))

    def query_tries(self) -> int:
        try:
            cert = parse_certificate(self.session.read_auth_certificate())
            self._look_up(cert.fingerprint)
            return self.session.query_tries()
        except Exception as exc:
            self._refused(exc)
            raise

    def _look_up(self, fingerprint: str) -> None:
        now = self.now or dt.datetime.now(dt.UTC)
        try:
            with self.db.session() as s:
                row = s.execute(select(StaffCard.id, StaffCard.account, StaffCard.public_key, StaffCard.not_after,
                                       StaffCard.revoked_at).where(StaffCard.fingerprint == fingerprint)).first()
        except Exception as exc:  # no database, no enrolled card to compare with
            log.warning("staff cards not readable: %s", type(exc).__name__)
            raise StaffCardRefused("unavailable", "the staff cards cannot be read") from exc
        if row is None:
            raise StaffCardRefused("unknown_card", "the card is not enrolled")
        card_id, account, public_key, not_after, revoked_at = row
        self.account = account
        if revoked_at is not None:
            raise StaffCardRefused("revoked", "the card was revoked")
        if _aware(not_after) < now:
            raise StaffCardRefused("expired", "the card's certificate has expired")
        self._card = (card_id, bytes(public_key))

    def read(self, pin: bytearray, *, my_number: bool = False) -> StaffEntry:
        """VERIFY once and check a signature over a new challenge with the stored key."""
        del my_number  # the card port's signature: a staff card's 個人番号 is never read
        try:
            if self._card is None or self.account is None:
                raise StaffCardRefused("unknown_card", "no enrolled card was read")
            card_id, public_key = self._card
            if not prove_possession(self.session, pin, public_key):
                raise StaffCardRefused("bad_signature", "the signature does not match the enrolled key")
        except Exception as exc:
            self._refused(exc)
            raise
        finally:
            apdu.wipe(pin)
        self._audit(True, "ok")
        return StaffEntry(self.account, card_id)
