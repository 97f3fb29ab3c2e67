"""APDU building and parsing for the My Number Card (ISO 7816-4, CLA 00, channel 0).

Facts: ``/work/shared/reference/mynumber-card.md`` §2–3. Commands are plain ``bytes``; the
PIN-carrying VERIFY is built into a caller-owned ``bytearray`` so it can be wiped.
"""

from __future__ import annotations

from dataclasses import dataclass

# Applications (full 10-byte AIDs; the card also accepts prefixes, so never send less).
KENHOJO_AID = bytes.fromhex("D3921000310001010408")  # 券面事項入力補助AP
KENKAKU_AID = bytes.fromhex("D3921000310001010402")  # 券面事項確認AP
JPKI_AID = bytes.fromhex("D392F000260100000001")  # 公的個人認証AP
COMMON_AID = bytes.fromhex("D3921000310001010100")  # 共通AP
JUKI_AID = bytes.fromhex("D3921000310001010401")  # 住基AP

# Files of the Kenhojo AP.
EF_MY_NUMBER = 0x0001  # 個人番号, FF10 record, 17 bytes
EF_BASIC_INFO = 0x0002  # 基本4情報, FF20 record
EF_PIN = 0x0011  # 券面事項入力補助用暗証番号 (4 ASCII digits, 3 tries)

# Files of the JPKI AP (OpenSC jpki.h): the 利用者証明用 (user authentication) certificate, key and PIN.
EF_AUTH_CERT = 0x000A  # X.509 certificate, DER (30 82 HH LL …), readable without a PIN
EF_AUTH_KEY = 0x0017  # RSA-2048 private key; COMPUTE DIGITAL SIGNATURE after the PIN
EF_AUTH_PIN = 0x0018  # 利用者証明用暗証番号 (4 ASCII digits, 3 tries, its own counter)
# DER DigestInfo header of SHA-256 (RFC 8017 §9.2 note 1); the card adds the PKCS#1 v1.5 padding.
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")

SW_OK = 0x9000
BLOCKED_SWS = frozenset({0x63C0, 0x6983, 0x6984})

STATUS_MEANINGS = {
    0x9000: "ok",
    0x6281: "part of returned data may be corrupted",
    0x6282: "end of file reached before Le bytes",
    0x6700: "wrong length (Lc/Le)",
    0x6881: "logical channel not supported",
    0x6882: "secure messaging not supported",
    0x6981: "command incompatible with file structure",
    0x6982: "security status not satisfied",
    0x6983: "authentication method blocked",
    0x6984: "referenced data (key) locked",
    0x6985: "conditions of use not satisfied",
    0x6986: "command not allowed (no current EF)",
    0x6A82: "file or application not found",
    0x6A86: "incorrect P1-P2",
    0x6A88: "referenced data not found",
    0x6B00: "offset outside the EF",
    0x6D00: "instruction not supported",
    0x6E00: "class not supported",
    0x69FC: "secure messaging CLA not allowed",
}


def sw_meaning(sw: int) -> str:
    """A short English meaning of a status word, for operator logs."""
    if 0x63C0 <= sw <= 0x63CF:
        return f"verification failed or queried, {sw & 0x0F} tries left"
    return STATUS_MEANINGS.get(sw, "unknown status")


def tries_from_sw(sw: int) -> int | None:
    """Tries left encoded in 63Cx, or None when ``sw`` is not a 63Cx word."""
    return sw & 0x0F if 0x63C0 <= sw <= 0x63CF else None


@dataclass(frozen=True)
class Response:
    data: bytes
    sw: int

    @property
    def ok(self) -> bool:
        return self.sw == SW_OK

    def __repr__(self) -> str:  # never print card data into logs
        return f"Response(<{len(self.data)} bytes>, sw={self.sw:04X})"


def select_aid(aid: bytes, *, fci: bool = False) -> bytes:
    """SELECT by DF name (P1=04); P2=0C asks for no FCI."""
    if not 5 <= len(aid) <= 16:
        raise ValueError("an AID has 5 to 16 bytes")
    return bytes([0x00, 0xA4, 0x04, 0x00 if fci else 0x0C, len(aid)]) + aid + (b"\x00" if fci else b"")


def select_ef(fid: int) -> bytes:
    """SELECT EF under the current DF (P1=02, P2=0C)."""
    return bytes([0x00, 0xA4, 0x02, 0x0C, 0x02, fid >> 8, fid & 0xFF])


def verify_query(sfi: int | None = None) -> bytes:
    """Empty VERIFY: answers 63Cx with the tries left and consumes nothing."""
    return bytes([0x00, 0x20, 0x00, 0x80 | (sfi or 0)])


def verify_into(buffer: bytearray, pin: bytes | bytearray, sfi: int | None = None) -> bytearray:
    """Write VERIFY with ``pin`` into ``buffer`` (cleared first) and return it; the caller wipes it."""
    wipe(buffer)
    del buffer[:]
    buffer.extend((0x00, 0x20, 0x00, 0x80 | (sfi or 0), len(pin)))
    buffer.extend(pin)
    return buffer


def _le_bytes(le: int, extended: bool) -> bytes:
    if extended:
        if not 1 <= le <= 65536:
            raise ValueError("extended Le is 1..65536")
        return b"\x00" + (le & 0xFFFF).to_bytes(2, "big")
    if not 1 <= le <= 256:
        raise ValueError("short Le is 1..256")
    return bytes([le & 0xFF])


def read_binary(offset: int, le: int = 256, *, extended: bool = False) -> bytes:
    """READ BINARY of the current EF at a 15-bit offset."""
    if not 0 <= offset <= 0x7FFF:
        raise ValueError("offset is 0..32767")
    return bytes([0x00, 0xB0, offset >> 8, offset & 0xFF]) + _le_bytes(le, extended)


def read_binary_sfi(sfi: int, offset: int = 0, le: int = 256, *, extended: bool = False) -> bytes:
    """READ BINARY by short file identifier (P1=80|SFI, P2=8-bit offset); makes that EF current."""
    if not 1 <= sfi <= 30 or not 0 <= offset <= 0xFF:
        raise ValueError("SFI is 1..30 and the offset 0..255")
    return bytes([0x00, 0xB0, 0x80 | sfi, offset]) + _le_bytes(le, extended)


def compute_signature(digest: bytes) -> bytes:
    """COMPUTE DIGITAL SIGNATURE (CLA 80, INS 2A, P1 00, P2 80) of a SHA-256 ``digest`` with the
    key of the current EF; the data is its DER DigestInfo, Le 00 (a 256-byte RSA signature)."""
    if len(digest) != 32:
        raise ValueError("a SHA-256 digest has 32 bytes")
    data = SHA256_DIGEST_INFO + digest
    return bytes([0x80, 0x2A, 0x00, 0x80, len(data)]) + data + b"\x00"


def wipe(buffer: bytearray | list[int] | None) -> None:
    """Overwrite a mutable buffer with zeros (PRIV-04)."""
    if buffer is None:
        return
    for i in range(len(buffer)):
        buffer[i] = 0


@dataclass(frozen=True)
class Command:
    """A parsed C-APDU (ISO 7816-4 cases 1–4, short and extended)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int | None  # None: no Le field; 256/65536 for a zero short/extended Le

    def __repr__(self) -> str:
        return f"Command({self.cla:02X} {self.ins:02X} {self.p1:02X} {self.p2:02X}, Lc={len(self.data)}, Le={self.le})"


class MalformedCommand(ValueError):
    pass


def parse_command(apdu: bytes) -> Command:
    """Parse a C-APDU; raises :class:`MalformedCommand` when the length fields do not add up."""
    if len(apdu) < 4:
        raise MalformedCommand("shorter than a header")
    cla, ins, p1, p2 = apdu[:4]
    body = apdu[4:]
    if not body:
        return Command(cla, ins, p1, p2, b"", None)
    if len(body) == 1:
        return Command(cla, ins, p1, p2, b"", body[0] or 256)
    if body[0] != 0:  # short Lc
        lc = body[0]
        if len(body) == 1 + lc:
            return Command(cla, ins, p1, p2, bytes(body[1:]), None)
        if len(body) == 2 + lc:
            return Command(cla, ins, p1, p2, bytes(body[1:1 + lc]), body[-1] or 256)
        raise MalformedCommand("short Lc does not match the body")
    # extended: 00 then 2-byte Lc or Le
    if len(body) == 3:
        le = int.from_bytes(body[1:3], "big")
        return Command(cla, ins, p1, p2, b"", le or 65536)
    if len(body) < 3:
        raise MalformedCommand("truncated extended length")
    lc = int.from_bytes(body[1:3], "big")
    rest = body[3:]
    if lc == 0:
        raise MalformedCommand("extended Lc of zero")
    if len(rest) == lc:
        return Command(cla, ins, p1, p2, bytes(rest), None)
    if len(rest) == lc + 2:
        le = int.from_bytes(rest[-2:], "big")
        return Command(cla, ins, p1, p2, bytes(rest[:lc]), le or 65536)
    raise MalformedCommand("extended Lc does not match the body")
