"""QR symbols for KS1 strings: ``KS1-`` in alphanumeric mode, the frame digits in numeric mode.

Error correction starts at M and is raised (Q, then H) wherever the version does not grow; never L.
A message that does not fit one symbol of version ≤ 25 is split over 2–4 frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import qrcode
from qrcode import constants, util

from kiosk.errors import QrError
from kiosk.ks1 import dec

if TYPE_CHECKING:
    from qrcode.image.pil import PilImage
    from qrcode.image.pure import PyPNGImage

MAX_VERSION = 25
LEVELS = (("M", constants.ERROR_CORRECT_M), ("Q", constants.ERROR_CORRECT_Q), ("H", constants.ERROR_CORRECT_H))


@dataclass(frozen=True)
class Symbol:
    text: str
    version: int
    level: str  # "M", "Q" or "H"
    matrix: tuple[tuple[bool, ...], ...]  # dark modules, without quiet zone

    @property
    def size(self) -> int:
        return len(self.matrix)


def _qr(text: str, level: int, version: int | None = None) -> qrcode.QRCode[PilImage | PyPNGImage]:
    qr = qrcode.QRCode(version=version, error_correction=level, border=0)
    # types-qrcode declares util.MODE_* as plain int while QRData's mode wants Literal[1, 2, 4]
    qr.add_data(util.QRData(text[:len(dec.PREFIX)].encode("ascii"), mode=util.MODE_ALPHA_NUM))  # type: ignore[call-overload]
    qr.add_data(util.QRData(text[len(dec.PREFIX):].encode("ascii"), mode=util.MODE_NUMBER))  # type: ignore[call-overload]
    return qr


def _bits(text: str, version: int) -> int:
    """Bits of the two segments (alphanumeric prefix, numeric digits) in ``version``."""
    prefix, digits = len(dec.PREFIX), len(text) - len(dec.PREFIX)
    group = 0 if version <= 9 else 1 if version <= 26 else 2
    alnum = 4 + (9, 11, 13)[group] + 11 * (prefix // 2) + 6 * (prefix % 2)
    numeric = 4 + (10, 12, 14)[group] + 10 * (digits // 3) + (0, 4, 7)[digits % 3]
    return alnum + numeric


def _fits(text: str, version: int, level: int) -> bool:
    return _bits(text, version) <= util.BIT_LIMIT_TABLE[level][version]


def fit(text: str) -> tuple[int, str]:
    """(version, level): the smallest version at M, then the strongest level at that version."""
    m = dict(LEVELS)["M"]
    version = next((v for v in range(1, 41) if _fits(text, v, m)), 41)
    if version > 40:
        return 41, "M"
    best = "M"
    for name, level in LEVELS[1:]:
        if _fits(text, version, level):
            best = name
    return version, best


def build(text: str) -> Symbol:
    version, level_name = fit(text)
    if version > 40:
        raise QrError("text too long for a QR symbol", key="qr.too_large", form="")
    qr = _qr(text, dict(LEVELS)[level_name], version)
    qr.make(fit=False)
    matrix = tuple(tuple(bool(m) for m in row) for row in qr.modules)
    return Symbol(text, version, level_name, matrix)


def plan(blob: bytes, form_id: str, max_version: int = MAX_VERSION) -> list[str]:
    """QR strings for ``blob``: one symbol if it fits ``max_version``, else the fewest frames (≤ 4)."""
    for parts in range(1, dec.MAX_PARTS + 1):
        texts = dec.qr_strings(blob, parts)
        if all(fit(t)[0] <= max_version for t in texts):
            return texts
    raise QrError(
        f"form {form_id}: {len(blob)} bytes do not fit {dec.MAX_PARTS} QR symbols of version {max_version}",
        key="qr.too_large", form=form_id,
    )
