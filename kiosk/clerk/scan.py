"""Scanner input: normalising what a keyboard-wedge scanner typed, reading codes from images, and
collecting the parts of a multi-symbol code (clerk-qr-format.md: "keyboard wedge", layers 1–2).

A wedge scanner types the code and Enter. With the Japanese IME on, digits arrive full-width; with
Caps Lock the prefix may arrive in another case; stray spaces or Tabs may slip in. Everything else
(letters after the prefix, kana, control characters, over-long input) is refused here, before
any decoding, with a short reason code.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PREFIX = "KS1-"
MAX_PARTS = 4
MAX_DIGITS = 6000  # per string: above what one version-40 symbol holds at level M
MAX_INPUT = 8000  # characters accepted from the field before normalising at all


@dataclass(frozen=True)
class Rejected:
    """Input refused before decoding; ``reason``: empty / too_long / prefix / not_digits / frame_header."""

    reason: str


def normalise(text: str) -> str | Rejected:
    """The canonical ``KS1-<digits>`` string, or :class:`Rejected` with a reason."""
    if not isinstance(text, str) or not text.strip():
        return Rejected("empty")
    if len(text) > MAX_INPUT:
        return Rejected("too_long")
    text = "".join(unicodedata.normalize("NFKC", text).split())
    head, body = text[:len(PREFIX)].upper(), text[len(PREFIX):]
    if head != PREFIX:
        return Rejected("prefix")
    if not body:
        return Rejected("empty")
    if len(body) > MAX_DIGITS:
        return Rejected("too_long")
    if not (body.isascii() and body.isdigit()):
        return Rejected("not_digits")
    if body[0] == "0":
        return head + body
    if body[0] == "1" and len(body) > 8 and 2 <= int(body[2]) <= MAX_PARTS and 1 <= int(body[1]) <= int(body[2]):
        return head + body
    return Rejected("frame_header")


def frame_info(code: str) -> tuple[int, int, str]:
    """(index, count, tag) of a normalised code; (1, 1, "") for a single symbol."""
    body = code[len(PREFIX):]
    if body[0] == "0":
        return 1, 1, ""
    return int(body[1]), int(body[2]), body[3:8]


@dataclass
class Collector:
    """Parts of one multi-symbol code, collected in any order.

    ``add`` returns what the screen says next: complete (all strings of the sheet), waiting
    (``have`` of ``need`` scanned), or restarted (a part of another message arrived: the earlier
    parts are dropped and collecting starts again from the new one)."""

    parts: dict[int, str] = field(default_factory=dict)
    count: int = 0
    tag: str = ""

    def add(self, code: str) -> CollectState:
        index, count, tag = frame_info(code)
        restarted = False
        if count == 1:
            restarted = bool(self.parts)
            self.clear()
            return CollectState(complete=True, have=1, need=1, strings=[code], restarted=restarted)
        if self.parts and (count != self.count or tag != self.tag or self.parts.get(index, code) != code):
            restarted = True
            self.clear()
        self.count, self.tag = count, tag
        self.parts[index] = code
        if len(self.parts) == count:
            strings = [self.parts[i] for i in sorted(self.parts)]
            self.clear()
            return CollectState(complete=True, have=count, need=count, strings=strings, restarted=restarted)
        return CollectState(complete=False, have=len(self.parts), need=count, strings=[], restarted=restarted)

    def clear(self) -> None:
        self.parts.clear()
        self.count = 0
        self.tag = ""

    @property
    def pending(self) -> tuple[int, int]:
        return len(self.parts), self.count


@dataclass(frozen=True)
class CollectState:
    complete: bool
    have: int
    need: int
    strings: list[str]
    restarted: bool = False


def decode_image(image: Any) -> list[str]:
    """KS1 strings found in an image (a path, a PIL image or a numpy array), QR symbols only.

    Reads the raw ``.bytes`` of each symbol (not ``.text``) and keeps those that are ASCII."""
    import zxingcpp

    if isinstance(image, str | Path):
        from PIL import Image

        with Image.open(image) as opened:
            image = opened.convert("L")
            image.load()
    results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCodeModel2))  # not Micro QR or rMQR
    out: list[str] = []
    for result in results:
        raw = bytes(result.bytes)
        try:
            out.append(raw.decode("ascii"))
        except UnicodeDecodeError:
            continue
    return out
