"""A lenient BER-TLV reader for the card's private tags, and the writer the simulator uses.

The card writes lengths ≥ 128 as ``82 HH LL`` even where ``81 LL`` would do (non-minimal DER),
so strict DER parsers reject it; this one accepts every definite form (short, 81, 82, 83).
Every failure is a :class:`CardDataError` (key ``card.garbled``), never a raw exception.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.card.errors import CardDataError


class Incomplete(CardDataError):
    """The buffer ends inside a header or value; reading more bytes may help."""

    def __init__(self, needed: int) -> None:
        super().__init__(f"TLV needs at least {needed} bytes")
        self.needed = needed


@dataclass(frozen=True)
class Tlv:
    tag: int
    value: bytes
    offset: int  # where the tag starts, relative to the parsed buffer
    header_length: int

    @property
    def end(self) -> int:
        return self.offset + self.header_length + len(self.value)

    def __repr__(self) -> str:
        return f"Tlv({self.tag:X}, <{len(self.value)} bytes> at {self.offset})"


def read_tag(buf: bytes, pos: int) -> tuple[int, int]:
    """(tag, position after the tag). Multi-byte tags keep all their bytes: ``DF 22`` → 0xDF22."""
    if pos >= len(buf):
        raise Incomplete(pos + 1)
    first = buf[pos]
    tag = first
    pos += 1
    if first & 0x1F == 0x1F:
        for count in range(3):  # at most 4 tag bytes
            if pos >= len(buf):
                raise Incomplete(pos + 1)
            b = buf[pos]
            tag = (tag << 8) | b
            pos += 1
            if count == 0 and b == 0x80:
                raise CardDataError("TLV tag with a padded number")
            if not b & 0x80:
                return tag, pos
        raise CardDataError("TLV tag longer than 4 bytes")
    return tag, pos


def read_length(buf: bytes, pos: int) -> tuple[int, int]:
    """(length, position after the length field); accepts non-minimal long forms."""
    if pos >= len(buf):
        raise Incomplete(pos + 1)
    first = buf[pos]
    pos += 1
    if first < 0x80:
        return first, pos
    count = first & 0x7F
    if count == 0:
        raise CardDataError("TLV with indefinite length")
    if count > 3:
        raise CardDataError("TLV length field longer than 3 bytes")
    if pos + count > len(buf):
        raise Incomplete(pos + count)
    return int.from_bytes(buf[pos:pos + count], "big"), pos + count


def read_header(buf: bytes, pos: int = 0) -> tuple[int, int, int]:
    """(tag, value length, header length) of the TLV at ``pos``."""
    tag, after_tag = read_tag(buf, pos)
    length, after_length = read_length(buf, after_tag)
    return tag, length, after_length - pos


def read_one(buf: bytes, pos: int = 0) -> Tlv:
    tag, length, header = read_header(buf, pos)
    start = pos + header
    if start + length > len(buf):
        raise Incomplete(start + length)
    return Tlv(tag, bytes(buf[start:start + length]), pos, header)


def read_all(buf: bytes, base: int = 0) -> list[Tlv]:
    """Every TLV in ``buf`` back to back; offsets are ``base`` + position in ``buf``.

    Anything that does not parse to the end exactly is garbled (a truncated inner TLV is not
    "incomplete" here: the enclosing length already said how much there is)."""
    out: list[Tlv] = []
    pos = 0
    while pos < len(buf):
        try:
            item = read_one(buf, pos)
        except Incomplete as exc:
            raise CardDataError("inner TLV runs past its parent") from exc
        out.append(Tlv(item.tag, item.value, base + pos, item.header_length))
        pos = item.end
    return out


def encode_length(length: int, *, card_style: bool = True) -> bytes:
    """Short form below 128; otherwise ``82 HH LL`` as the card does (or minimal DER)."""
    if length < 0 or length > 0xFFFF:
        raise ValueError("length out of range")
    if length < 0x80:
        return bytes([length])
    if not card_style and length <= 0xFF:
        return bytes([0x81, length])
    return bytes([0x82, length >> 8, length & 0xFF])


def encode_tag(tag: int) -> bytes:
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def encode(tag: int, value: bytes, *, card_style: bool = True) -> bytes:
    return encode_tag(tag) + encode_length(len(value), card_style=card_style) + bytes(value)
