"""KS1 text layers: DEC digits, frames and the ``KS1-`` QR string (clerk-qr-format.md, layers 1–3).

DEC writes a blob in big-endian groups of 7 bytes, each as 17 zero-padded digits; a final group
of k bytes (1–6) takes the fewest digits that hold 256^k − 1. Decoding is strict: any non-digit,
impossible length or out-of-range group is refused.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

PREFIX = "KS1-"
MAX_PARTS = 4
MAX_DIGITS = 6000  # per QR string: above what one version-40 symbol can hold at level M
# digits for a group of k bytes: len(str(256**k - 1))
GROUP_DIGITS = {k: len(str(256**k - 1)) for k in range(1, 8)}  # 1:3 2:5 3:8 4:10 5:13 6:15 7:17
_BYTES_FOR_DIGITS = {d: k for k, d in GROUP_DIGITS.items()}


class DecodeError(ValueError):
    """A KS1 string that these rules cannot produce; ``reason`` is a short code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def dec_encode(blob: bytes) -> str:
    out = []
    for start in range(0, len(blob), 7):
        group = blob[start:start + 7]
        out.append(str(int.from_bytes(group, "big")).zfill(GROUP_DIGITS[len(group)]))
    return "".join(out)


def dec_decode(digits: str) -> bytes:
    if digits and (not digits.isascii() or not digits.isdigit()):
        raise DecodeError("not_digits")
    full, rest = divmod(len(digits), 17)
    if rest and rest not in _BYTES_FOR_DIGITS:
        raise DecodeError("dec_length")
    out = bytearray()
    for i in range(full + (1 if rest else 0)):
        chunk = digits[i * 17:(i + 1) * 17]
        size = 7 if len(chunk) == 17 else _BYTES_FOR_DIGITS[len(chunk)]
        value = int(chunk)
        if value >= 256**size:
            raise DecodeError("dec_range")
        out += value.to_bytes(size, "big")
    return bytes(out)


def blob_tag(blob: bytes) -> str:
    """First 16 bits of SHA-256(blob) as 5 digits."""
    return str(int.from_bytes(hashlib.sha256(blob).digest()[:2], "big")).zfill(5)


def split_blob(blob: bytes, parts: int) -> list[bytes]:
    """Balanced byte slices (sizes differ by at most one)."""
    if not 1 <= parts <= MAX_PARTS:
        raise ValueError("parts must be 1..4")
    size, extra = divmod(len(blob), parts)
    out, pos = [], 0
    for i in range(parts):
        n = size + (1 if i < extra else 0)
        out.append(blob[pos:pos + n])
        pos += n
    return out


def frames(blob: bytes, parts: int = 1) -> list[str]:
    """Frame digits (without the prefix) for ``parts`` symbols."""
    if parts == 1:
        return ["0" + dec_encode(blob)]
    tag = blob_tag(blob)
    return [f"1{i}{parts}{tag}" + dec_encode(part) for i, part in enumerate(split_blob(blob, parts), 1)]


def qr_strings(blob: bytes, parts: int = 1) -> list[str]:
    return [PREFIX + f for f in frames(blob, parts)]


def normalise(text: str) -> str:
    """NFKC, whitespace removed, prefix upper-cased (full-width digits, Caps Lock, stray Tab)."""
    text = "".join(unicodedata.normalize("NFKC", text).split())
    return text[:len(PREFIX)].upper() + text[len(PREFIX):]


@dataclass(frozen=True)
class Frame:
    index: int  # 1-based; 1 for a single symbol
    count: int
    tag: str  # 5-digit hash prefix ("" for a single symbol)
    data: bytes


def parse_frame(text: str) -> Frame:
    text = normalise(text)
    if not text.startswith(PREFIX):
        raise DecodeError("prefix")
    body = text[len(PREFIX):]
    if not body or len(body) > MAX_DIGITS:
        raise DecodeError("length")
    if not body.isascii() or not body.isdigit():
        raise DecodeError("not_digits")
    if body[0] == "0":
        return Frame(1, 1, "", dec_decode(body[1:]))
    if body[0] == "1" and len(body) > 8:
        index, count = int(body[1]), int(body[2])
        if not (2 <= count <= MAX_PARTS and 1 <= index <= count):
            raise DecodeError("frame_header")
        return Frame(index, count, body[3:8], dec_decode(body[8:]))
    raise DecodeError("frame_header")


def reassemble(found: list[Frame]) -> tuple[bytes | None, int, int]:
    """(blob or None, parts collected, parts needed). Raises DecodeError on inconsistent parts."""
    if not found:
        raise DecodeError("empty")
    counts = {f.count for f in found}
    tags = {f.tag for f in found}
    if len(counts) != 1 or len(tags) != 1:
        raise DecodeError("frame_mismatch")
    count = counts.pop()
    by_index: dict[int, bytes] = {}
    for f in found:
        if by_index.setdefault(f.index, f.data) != f.data:
            raise DecodeError("frame_conflict")
    if len(by_index) < count:
        return None, len(by_index), count
    blob = b"".join(by_index[i] for i in range(1, count + 1))
    if count > 1 and blob_tag(blob) != tags.pop():
        raise DecodeError("frame_hash")
    return blob, count, count
