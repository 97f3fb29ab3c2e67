"""The clerk accepts one string per sheet and reads QR Model 2 symbols only.

- A sheet string whose ignored zlib padding bits are flipped decodes to the same signed content
  (same sheet id) from a different string: it is refused (改ざんまたは読取不良), never 真正.
- zxing-cpp's ``QRCode`` format also matches Micro QR and rMQR; a Micro QR next to (or read
  inside) a real code must not be read."""

from __future__ import annotations

import datetime as dt
import zlib

import sample_forms
import zxingcpp
from PIL import Image
from sample_forms import NOW

from kiosk.clerk.scan import decode_image
from kiosk.ks1 import Authentic, Tampered, dec, encode_sheet, verify
from kiosk.ks1.symbol import build

DAYS30 = dt.timedelta(days=30)


def _sheet(signer, people):
    return encode_sheet(sample_forms.juminido(), sample_forms.juminido_values(people), signer=signer, iss=999991,
                        kiosk_id="kiosk-01", now=NOW, validity=DAYS30)


def _padding_variants(blob: bytes) -> list[bytes]:
    """Blobs with one ignored padding bit of the final deflate byte set: same content."""
    data, last = zlib.decompress(blob), len(blob) - 5
    out = []
    for bit in range(8):
        if blob[last] >> bit & 1:
            continue
        flipped = blob[:last] + bytes([blob[last] | 1 << bit]) + blob[last + 1:]
        try:
            if zlib.decompress(flipped) == data:
                out.append(flipped)
        except zlib.error:
            continue
    return out


def test_flipped_padding_bits_are_refused_not_shown_as_authentic(signer, trust):
    refused = 0
    for people in range(1, 7):
        sheet = _sheet(signer, people)
        assert isinstance(verify(sheet.qr_strings, trust=trust, now=NOW), Authentic)
        blob, _, _ = dec.reassemble([dec.parse_frame(t) for t in sheet.qr_strings])
        refused += _refuse_variants(sheet, blob, trust)
    assert refused >= 5, "most sheets end their deflate stream with padding bits"


def _refuse_variants(sheet, blob, trust) -> int:
    variants = _padding_variants(blob)
    for variant in variants:
        texts = dec.qr_strings(variant)
        assert texts != sheet.qr_strings  # a different string ...
        assert zlib.decompress(variant) == zlib.decompress(blob)  # ... for the same signed sheet
        verdict = verify(texts, trust=trust, now=NOW)
        assert isinstance(verdict, Tampered) and verdict.reason == "non_canonical"
        assert verdict.message_key == "qr.verdict_tampered"
    return len(variants)


def test_other_zlib_header_or_level_is_refused(signer, trust):
    sheet = _sheet(signer, 2)
    blob, _, _ = dec.reassemble([dec.parse_frame(t) for t in sheet.qr_strings])
    data = zlib.decompress(blob)
    for level in (1, 6):
        other = zlib.compress(data, level)
        assert zlib.decompress(other) == data and other != blob
        verdict = verify(dec.qr_strings(other), trust=trust, now=NOW)
        assert isinstance(verdict, Tampered) and verdict.reason == "non_canonical"


def _canvas(text: str, scale: int = 4) -> Image.Image:
    """The sheet's real QR symbol (quiet zone of 4 modules) with a Micro QR code ("776519")
    placed in a white band beside it."""
    matrix = build(text).matrix
    side = len(matrix) + 8
    qr = Image.new("L", (side, side), 255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                qr.putpixel((x + 4, y + 4), 0)
    qr = qr.resize((side * scale, side * scale), Image.NEAREST)
    micro = memoryview(zxingcpp.create_barcode("776519", zxingcpp.BarcodeFormat.MicroQRCode).to_image(
        scale=scale, add_quiet_zones=True))
    micro_img = Image.frombytes("L", (micro.shape[1], micro.shape[0]), micro.tobytes())
    canvas = Image.new("L", (qr.width + micro_img.width + 40, max(qr.height, micro_img.height)), 255)
    canvas.paste(qr, (0, 0))
    canvas.paste(micro_img, (qr.width + 40, 0))
    return canvas


def test_micro_qr_beside_a_real_code_is_not_read(signer):
    sheet = _sheet(signer, 1)
    image = _canvas(sheet.qr_strings[0])
    everything = {r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)}
    assert "776519" in everything  # the image does hold a readable Micro QR ...
    assert decode_image(image) == sheet.qr_strings  # ... which the clerk's scanner path ignores
