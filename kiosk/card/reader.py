"""A read session with the 券面事項入力補助AP, over any channel that transmits APDUs.

Sequence for the basic read (6 APDUs)::

    SELECT AP (full AID) → SELECT EF 0011 → empty VERIFY (tries left, costs nothing)
    → VERIFY "nnnn" → SELECT EF 0002 → READ BINARY (256; continue only if the header says so)

Rules (SEC-05/06, PRIV-02/04): the tries are read before the PIN is asked for; a PIN is sent
only if it is exactly four ASCII digits; a blocked key (63C0/6983/6984) gets no VERIFY; nothing
is ever retried automatically; the PIN buffer is overwritten after use; EF 0001 (個人番号) is
read only when the caller asks. Failures are the typed errors of :mod:`kiosk.card.errors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from kiosk.card import apdu, records, tlv
from kiosk.card.errors import (
    CardBlocked,
    CardDataError,
    InvalidPin,
    NotMyNumberCard,
    UnexpectedStatus,
    WrongPin,
)
from kiosk.log import get_logger

log = get_logger(__name__)

FIRST_CHUNK = 256  # one READ BINARY with Le=00 holds every basic-info record seen so far
MAX_RECORD = 0x7FFF


class Channel(Protocol):
    """Anything that sends one C-APDU and returns the R-APDU (PC/SC or the in-process card)."""

    def transmit(self, command: bytes | bytearray) -> apdu.Response: ...


@dataclass
class CardRead:
    """What one successful read produced; ``my_number`` only when it was asked for."""

    basic: records.BasicInfo
    my_number: records.MyNumber | None = field(default=None, repr=False)
    apdu_count: int = 0


def pin_is_well_formed(pin: bytes | bytearray) -> bool:
    return len(pin) == 4 and all(0x30 <= b <= 0x39 for b in pin)


class PinSession:
    """One conversation with one application of one card, behind one PIN key: SELECT the AP,
    read the tries, VERIFY once (the rules of the module docstring). Create it per card insertion.
    :class:`KenhojoSession` and :class:`kiosk.card.jpki.JpkiSession` say which AP and key."""

    aid = apdu.KENHOJO_AID
    pin_ef = apdu.EF_PIN
    ap_name = "Kenhojo"

    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.apdu_count = 0
        self.tries: int | None = None  # last known tries left; 0 = blocked
        self._selected = False
        self._current_ef: int | None = None

    # -- low level ---------------------------------------------------------------------------
    def _send(self, command: bytes | bytearray) -> apdu.Response:
        self.apdu_count += 1
        return self.channel.transmit(command)

    def select(self) -> None:
        """SELECT the AP by its full AID; any failure means 'not a My Number card'."""
        response = self._send(apdu.select_aid(self.aid))
        if not response.ok:
            log.info("%s AP not selectable: %04X (%s)", self.ap_name, response.sw, apdu.sw_meaning(response.sw))
            raise NotMyNumberCard(f"SELECT {self.ap_name} AP answered {response.sw:04X}")
        self._selected = True
        self._current_ef = None
        self.tries = None

    def _select_ef(self, fid: int, step: str) -> None:
        response = self._send(apdu.select_ef(fid))
        if not response.ok:
            self._current_ef = None
            raise UnexpectedStatus(step, response.sw)
        self._current_ef = fid

    # -- PIN -------------------------------------------------------------------------------
    def query_tries(self) -> int:
        """Tries left on the PIN (empty VERIFY). Raises CardBlocked when none are left."""
        if not self._selected:
            self.select()
        self._select_ef(self.pin_ef, "select-pin")
        response = self._send(apdu.verify_query())
        tries = apdu.tries_from_sw(response.sw)
        if response.sw in apdu.BLOCKED_SWS:
            self.tries = 0
            raise CardBlocked(f"PIN query answered {response.sw:04X}")
        if tries is not None:
            self.tries = tries
            return tries
        if response.ok:  # already verified in this card session: the card does not report
            self.tries = 3
            return 3
        raise UnexpectedStatus("query-tries", response.sw)

    def verify(self, pin: bytearray) -> None:
        """VERIFY ``pin`` (4 ASCII digits) once; the buffer is wiped whatever happens."""
        command = bytearray()
        try:
            if not pin_is_well_formed(pin):
                raise InvalidPin("the PIN must be exactly 4 digits")
            if self.tries is None:
                self.query_tries()
            if self.tries == 0:
                raise CardBlocked("no VERIFY to a blocked key")
            if self._current_ef != self.pin_ef:  # VERIFY P2=80 names the key of the current EF
                self._select_ef(self.pin_ef, "select-pin")
            response = self._send(apdu.verify_into(command, pin))
        finally:
            if isinstance(pin, bytearray):
                apdu.wipe(pin)
            apdu.wipe(command)
        if response.ok:
            self.tries = 3
            return
        if response.sw in apdu.BLOCKED_SWS:
            self.tries = 0
            raise CardBlocked(f"VERIFY answered {response.sw:04X}", just_now=response.sw == 0x63C0)
        tries = apdu.tries_from_sw(response.sw)
        if tries:
            self.tries = tries
            raise WrongPin(tries)
        raise UnexpectedStatus("verify", response.sw)



class KenhojoSession(PinSession):
    """The 券面事項入力補助AP: 基本4情報 and 個人番号 behind the 券面事項入力補助用 PIN (EF 0011)."""

    # -- records ---------------------------------------------------------------------------
    def _read_record(self, fid: int, step: str) -> bytes:
        """Select ``fid`` and read one TLV record: first chunk, header, then the rest if any."""
        self._select_ef(fid, f"select-{fid:04x}")
        response = self._send(apdu.read_binary(0, FIRST_CHUNK))
        if not response.ok:
            if response.sw == 0x6B00:
                raise CardDataError(f"{step}: empty file")
            raise UnexpectedStatus(step, response.sw)
        data = bytearray(response.data)
        try:
            total = records.record_length(bytes(data))
        except tlv.Incomplete as exc:
            raise CardDataError(f"{step}: header does not fit the first chunk") from exc
        if total > MAX_RECORD:
            raise CardDataError(f"{step}: record length {total} is impossible")
        requested, last = FIRST_CHUNK, len(response.data)
        while len(data) < total and last >= requested:  # a short chunk means end of file
            requested = min(FIRST_CHUNK, total - len(data))
            response = self._send(apdu.read_binary(len(data), requested))
            if response.sw == 0x6B00:
                break
            if not response.ok:
                raise UnexpectedStatus(step, response.sw)
            last = len(response.data)
            data.extend(response.data)
            if not last:
                break
        if len(data) < total:
            raise CardDataError(f"{step}: file shorter than its record")
        return bytes(data[:total])

    def read_basic_info(self) -> records.BasicInfo:
        return records.parse_basic_info(self._read_record(apdu.EF_BASIC_INFO, "read-basic"))

    def read_my_number(self) -> records.MyNumber:
        return records.parse_my_number(self._read_record(apdu.EF_MY_NUMBER, "read-my-number"))

    # -- whole read --------------------------------------------------------------------------
    def read(self, pin: bytearray, *, my_number: bool = False) -> CardRead:
        """VERIFY then read 基本4情報 (and 個人番号 only if ``my_number``). All or nothing."""
        try:
            self.verify(pin)
        finally:
            if isinstance(pin, bytearray):
                apdu.wipe(pin)
        basic = self.read_basic_info()
        number = self.read_my_number() if my_number else None
        return CardRead(basic=basic, my_number=number, apdu_count=self.apdu_count)


def read_card(channel: Channel, pin: bytearray, *, my_number: bool = False) -> CardRead:
    """Select, check the tries, VERIFY once and read; the shortest complete sequence."""
    session = KenhojoSession(channel)
    try:
        if not pin_is_well_formed(pin):
            raise InvalidPin("the PIN must be exactly 4 digits")
        session.query_tries()
        return session.read(pin, my_number=my_number)
    finally:
        if isinstance(pin, bytearray):
            apdu.wipe(pin)
