"""The card side of the virtual My Number Card: a faithful model of the 券面事項入力補助AP.

Behaviour follows reference §3 and §9: SELECT by AID (full AID) and by FID, VERIFY with retry
counting (63C2, 63C1, 63C0, then 6984), empty VERIFY, READ BINARY by offset and by SFI with
short and extended Le, short reads at the end of a file, 6B00 past it, 6982 before
verification, 6A82 for unknown files and applications. Power off/on/reset clear the volatile
state (selection, security status) and keep the retry counters. The 公的個人認証AP is
:mod:`kiosk.card.virtual_jpki`'s: with the persona's 利用者証明用 certificate and key when it has
them (a staff card), else an AP whose every file is absent.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Unpack

from kiosk.card import apdu, records
from kiosk.card.persona import FaultOptions, Persona
from kiosk.card.virtual_jpki import JpkiApplet

ATR = bytes.fromhex("3B888001000005E0B381A1007F")  # contactless, as a PaSoRi-class reader shows it
MAX_TRIES = 3

KEY_PIN, KEY_BLOCKED, KEY_A, KEY_B = 0x0011, 0x0012, 0x0014, 0x0015
# EF → the keys any one of which opens it (empty: free to read)
ACCESS = {
    0x0001: {KEY_PIN, KEY_A},
    0x0002: {KEY_PIN, KEY_B},
    0x0005: set(),
    0x0008: set(),
}
OTHER_APS = (apdu.KENKAKU_AID, apdu.JPKI_AID, apdu.COMMON_AID, apdu.JUKI_AID)  # JPKI: virtual_jpki


@dataclass
class Key:
    value: bytes | None  # None: no value opens it (the always-blocked 0012)
    tries: int
    limit: int = MAX_TRIES


@dataclass(frozen=True)
class LoggedApdu:
    """One exchange as the card saw it (the data of a VERIFY is never kept)."""

    cla: int
    ins: int
    p1: int
    p2: int
    lc: int
    le: int | None
    sw: int
    response_length: int

    @property
    def name(self) -> str:
        return {0xA4: "SELECT", 0x20: "VERIFY", 0xB0: "READ BINARY", 0x2A: "COMPUTE DIGITAL SIGNATURE"}.get(self.ins, f"INS {self.ins:02X}")


def garble_basic_info(record: bytes, kind: str) -> bytes:
    """Corrupt a well-formed EF 0002 in one of the ways a damaged card (or bad reader) might."""
    data = bytearray(record)
    name_at = int.from_bytes(data[data.index(b"\xdf\x21") + 3:][:2], "big")
    if kind == "length":  # the name claims more bytes than the record holds
        data[name_at + 2] = 0x7F
    elif kind == "tag":  # the address tag is lost
        address_at = int.from_bytes(data[data.index(b"\xdf\x21") + 5:][:2], "big")
        data[address_at:address_at + 2] = b"\x5f\x01"
    elif kind == "utf8":  # a byte that cannot start a UTF-8 sequence inside the name
        data[name_at + 3] = 0xFF
    elif kind == "offsets":
        data[data.index(b"\xdf\x21") + 4] ^= 0x01
    elif kind == "date":
        i = data.index(b"\xdf\x24\x08") + 3
        data[i + 4:i + 8] = b"1399"
    elif kind == "sex":
        data[-1] = 0x33  # '3' is not a code
    elif kind == "truncate":
        del data[len(data) // 2:]
    elif kind == "outer_length":  # the outer length promises 40 bytes the file does not have
        header = 3 if data[2] < 0x80 else 5
        length = len(data) - header + 40
        data[:header] = b"\xff\x20\x82" + length.to_bytes(2, "big")
    return bytes(data)


class VirtualCard:
    """A My Number Card in memory; :meth:`process` maps a C-APDU to an R-APDU."""

    atr = ATR

    def __init__(self, persona: Persona) -> None:
        self.persona = persona
        basic = records.build_basic_info(persona.name, persona.address, persona.birth_date, persona.sex)
        if persona.faults.garble:
            basic = garble_basic_info(basic, persona.faults.garble)
        self.files: dict[int, bytes] = {
            0x0001: records.build_my_number(persona.my_number),
            0x0002: basic,
            0x0005: b"\xff\x40\x0a\xdf\x41\x04\x00\x00\x00\x01\xdf\x42\x00" + b"\xff" * 243,
            0x0008: b"\xff" * 16,
        }
        self.keys: dict[int, Key] = {
            KEY_PIN: Key(persona.pin.encode("ascii"), persona.tries_left),
            KEY_BLOCKED: Key(None, 0),
            KEY_A: Key(persona.my_number.encode("ascii"), MAX_TRIES),
            KEY_B: Key(None, MAX_TRIES),
        }
        self.jpki = JpkiApplet(persona.jpki)
        self.log: list[LoggedApdu] = []
        self.apdus_since_insert = 0
        self.removal_done = False
        self.power_on()

    # -- power ----------------------------------------------------------------------------
    def power_on(self) -> None:
        self.current_ap: bytes | None = None
        self.current_ef: int | None = None
        self.verified: set[int] = set()
        self.cold = True
        self.jpki.reset()

    power_off = power_on
    reset = power_on

    def inserted(self) -> None:
        """A new insertion: APDU positions for faults count from here."""
        self.apdus_since_insert = 0
        self.power_on()

    # -- faults ---------------------------------------------------------------------------
    def should_remove_now(self) -> bool:
        """Count an arriving APDU; True when the card must leave instead of answering."""
        self.apdus_since_insert += 1
        n = self.persona.faults.remove_after_apdu
        if n is not None and not self.removal_done and self.apdus_since_insert == n:
            self.removal_done = True
            return True
        return False

    # -- dispatch -------------------------------------------------------------------------
    def process(self, raw: bytes) -> bytes:
        try:
            command = apdu.parse_command(raw)
        except apdu.MalformedCommand:
            return self._logged(None, raw, b"", 0x6700)
        forced = self.persona.faults.status_words.get(self.apdus_since_insert)
        if forced is not None:
            return self._logged(command, raw, b"", forced)
        data, sw = self._dispatch(command)
        return self._logged(command, raw, data, sw)

    def _logged(self, command: apdu.Command | None, raw: bytes, data: bytes, sw: int) -> bytes:
        if command is None:
            head = raw + b"\0\0\0\0"
            entry = LoggedApdu(head[0], head[1], head[2], head[3], lc=max(0, len(raw) - 4), le=None, sw=sw,
                               response_length=0)
        else:
            entry = LoggedApdu(command.cla, command.ins, command.p1, command.p2, len(command.data),
                               command.le, sw, len(data))
        self.log.append(entry)
        return bytes(data) + sw.to_bytes(2, "big")

    def _dispatch(self, c: apdu.Command) -> tuple[bytes, int]:
        if c.cla & 0x03:
            return b"", 0x6881
        if c.cla & 0x0C:
            return b"", 0x6882 if c.ins == 0xA4 else 0x69FC
        if c.cla == 0x80 and c.ins == 0x2A:  # COMPUTE DIGITAL SIGNATURE (JICSAP proprietary class)
            return self.jpki.sign(c) if self.current_ap == apdu.JPKI_AID else (b"", 0x6D00)
        if c.cla != 0x00:
            return b"", 0x6E00
        handler = {0xA4: self._select, 0x20: self._verify, 0xB0: self._read_binary}.get(c.ins)
        if handler is None:
            return b"", 0x6D00
        return handler(c)

    def _select(self, c: apdu.Command) -> tuple[bytes, int]:
        if c.p1 == 0x04:
            if c.data == apdu.KENHOJO_AID or c.data in OTHER_APS:
                self.current_ap, self.current_ef, self.verified = bytes(c.data), None, set()
                self.jpki.reset()
                self.cold = False
                return b"", 0x9000
            return b"", 0x6A82
        if c.p1 == 0x02:
            if len(c.data) != 2:
                return b"", 0x6700
            fid = int.from_bytes(c.data, "big")
            if self.current_ap == apdu.JPKI_AID:
                return b"", self.jpki.select_ef(fid)
            if self.current_ap == apdu.KENHOJO_AID and (fid in self.files or fid in self.keys):
                self.current_ef = fid
                return b"", 0x9000
            return b"", 0x6A82
        if c.p1 == 0x00 and c.p2 in (0x00, 0x0C) and not c.data:
            return b"", 0x6A86 if self.cold or self.current_ap is None else 0x9000
        if c.p1 == 0x00 and c.data:
            return b"", 0x6A82  # e.g. 3F00 by FID
        return b"", 0x6A86

    def _verify(self, c: apdu.Command) -> tuple[bytes, int]:
        if c.p1 != 0x00 or not c.p2 & 0x80:
            return b"", 0x6A86
        if self.current_ap == apdu.JPKI_AID:
            return b"", self.jpki.verify(c)
        if self.current_ap != apdu.KENHOJO_AID:
            return b"", 0x6A82 if self.current_ap is None else 0x6A88
        fid = c.p2 & 0x1F if c.p2 & 0x1F else self.current_ef
        key = self.keys.get(fid) if fid is not None else None
        if fid is None or key is None:
            return b"", 0x6A88
        if not c.data:  # query: tries left, costs nothing
            return b"", 0x63C0 | key.tries
        if key.tries == 0:
            return b"", 0x6984
        if key.value is not None and c.data == key.value:
            key.tries = key.limit
            self.verified.add(fid)
            return b"", 0x9000
        key.tries -= 1
        self.verified.discard(fid)
        return b"", 0x63C0 | key.tries

    def _read_binary(self, c: apdu.Command) -> tuple[bytes, int]:
        if self.current_ap == apdu.JPKI_AID:
            return self.jpki.read_binary(c)
        if self.current_ap != apdu.KENHOJO_AID:
            return b"", 0x6986 if self.current_ap is None else 0x6A82
        if c.le is None:
            return b"", 0x6700
        if c.p1 & 0x80:
            sfi = c.p1 & 0x1F
            if c.p1 & 0x60 or sfi not in self.files:
                return b"", 0x6A82
            self.current_ef, offset = sfi, c.p2
        else:
            if self.current_ef is None:
                return b"", 0x6986
            offset = (c.p1 << 8 | c.p2) & 0x7FFF
        if self.current_ef not in self.files:
            return b"", 0x6981  # a key file cannot be read
        needed = ACCESS.get(self.current_ef, set())
        if needed and not needed & self.verified:
            return b"", 0x6982
        content = self.files[self.current_ef]
        if offset >= len(content):
            return b"", 0x6B00
        return content[offset:offset + c.le], 0x9000

    # -- test helpers -----------------------------------------------------------------------
    def count(self, ins: int, *, with_data: bool | None = None) -> int:
        return sum(1 for e in self.log if e.ins == ins and (with_data is None or (e.lc > 0) == with_data))

    def pin_tries(self) -> int:
        return self.keys[KEY_PIN].tries

    def auth_pin_tries(self) -> int:
        """Tries left on the 利用者証明用 PIN (0 when the card has no such key)."""
        return self.jpki.tries

    def with_faults(self, **changes: Unpack[FaultOptions]) -> VirtualCard:
        """A fresh card for the same persona with other faults (for tests)."""
        faults = dataclasses.replace(self.persona.faults, **changes)
        return VirtualCard(dataclasses.replace(self.persona, faults=faults))


class OtherCard:
    """A contactless card that is not a My Number Card (a driver's licence, by its ATR): every
    SELECT by AID of a My Number application answers 6A82."""

    atr = bytes.fromhex("3B888001000000009181C100D8")

    def __init__(self) -> None:
        self.log: list[LoggedApdu] = []
        self.apdus_since_insert = 0

    def power_on(self) -> None:
        pass

    power_off = reset = power_on

    def inserted(self) -> None:
        self.apdus_since_insert = 0

    def should_remove_now(self) -> bool:
        self.apdus_since_insert += 1
        return False

    def process(self, raw: bytes) -> bytes:
        try:
            c = apdu.parse_command(raw)
        except apdu.MalformedCommand:
            return b"\x67\x00"
        sw = 0x6A82 if c.ins == 0xA4 else 0x6D00
        self.log.append(LoggedApdu(c.cla, c.ins, c.p1, c.p2, len(c.data), c.le, sw, 0))
        return sw.to_bytes(2, "big")
