"""A corpus of forged and damaged clerk codes, generated from real signed codes: altered, inserted,
deleted and swapped digits, truncation, extension, wrong prefixes, flipped bits inside a valid DEC
layer, re-signed payloads, parts of other messages, garbage. Each item is the list of strings one
clerk would scan for one sheet."""

from __future__ import annotations

import random
import zlib

import cbor2
from cryptography.hazmat.primitives.asymmetric import ed25519

from kiosk.ks1 import cose, dec

PREFIXES = ("KS2-", "KS-", "KSI-", "K51-", "HC1:", "KS1", "KS1--", "KS1_", "S1-", "KS11-", "KS0-", "XKS1-")


def _body(code: str) -> str:
    return code[len(dec.PREFIX):]


def _blob(code: str) -> bytes:
    return dec.parse_frame(code).data


def _resigned(blob: bytes, signer: cose.Signer, mutate) -> bytes:
    """The payload of ``blob``, changed by ``mutate`` and signed by ``signer``."""
    message = cbor2.loads(zlib.decompress(blob))
    protected, _unprotected, payload, _sig = message.value
    claims = cbor2.loads(payload)
    mutate(claims)
    return zlib.compress(cose.sign1(cbor2.dumps(claims), signer), 9)


def _forged_with_kid(blob: bytes, other: cose.Signer) -> bytes:
    """Same protected header (so the registered kid), payload changed, signature by another key."""
    message = cbor2.loads(zlib.decompress(blob))
    protected, unprotected, payload, _sig = message.value
    claims = cbor2.loads(payload)
    claims[-65537][4] = {**claims[-65537].get(4, {}), 5: "架空県あおば市本町九丁目"}
    new_payload = cbor2.dumps(claims)
    structure = cbor2.dumps(["Signature1", protected, b"KS1", new_payload])
    signature = other.sign(structure)
    return zlib.compress(cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, new_payload, signature])), 9)


def same_signed_bytes(blob: bytes, signed: bytes) -> bool:
    try:
        return zlib.decompress(blob) == signed
    except zlib.error:
        return False


def malleable_variants(code: str) -> list[str]:
    """Codes whose blob differs from ``code`` but inflates to the very same signed bytes."""
    blob = _blob(code)
    signed = zlib.decompress(blob)
    out = []
    for i in range(len(blob)):
        for bit in range(8):
            flipped = bytearray(blob)
            flipped[i] ^= 1 << bit
            if same_signed_bytes(bytes(flipped), signed):
                out.append(dec.qr_strings(bytes(flipped))[0])
    return out


def corpus(code: str, other_code: str, seed: int = 20260401) -> list[tuple[str, list[str]]]:
    """(kind, strings) items; none of them is an authentic, unused sheet."""
    rng = random.Random(seed)
    body = _body(code)
    blob = _blob(code)
    items: list[tuple[str, list[str]]] = []

    signed = zlib.decompress(blob)
    other_signed = zlib.decompress(_blob(other_code))

    def add(kind: str, *strings: str) -> None:
        try:  # a change deflate ignores leaves the signed message as it was: not damage
            found, _, _ = dec.reassemble([dec.parse_frame(t) for t in strings])
        except ValueError:
            found = None
        if found is not None and (same_signed_bytes(found, signed) or same_signed_bytes(found, other_signed)):
            return
        items.append((kind, list(strings)))

    for _ in range(320):
        i = rng.randrange(len(body))
        digit = rng.choice([d for d in "0123456789" if d != body[i]])
        add("altered_digit", dec.PREFIX + body[:i] + digit + body[i + 1:])
    for _ in range(120):
        add("truncated", dec.PREFIX + body[:rng.randrange(0, len(body))])
    for _ in range(40):
        add("extended", code + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 20))))
    for _ in range(60):
        i = rng.randrange(len(body) + 1)
        add("inserted_digit", dec.PREFIX + body[:i] + rng.choice("0123456789") + body[i:])
    for _ in range(60):
        i = rng.randrange(1, len(body))
        add("deleted_digit", dec.PREFIX + body[:i] + body[i + 1:])
    swaps = [i for i in range(len(body) - 1) if body[i] != body[i + 1]]
    for _ in range(60):
        i = rng.choice(swaps)
        add("swapped_digits", dec.PREFIX + body[:i] + body[i + 1] + body[i] + body[i + 2:])
    for prefix in PREFIXES:
        add("wrong_prefix", prefix + body)
    flips = 0
    while flips < 150:
        flipped = bytearray(blob)
        i = rng.randrange(len(flipped))
        flipped[i] ^= 1 << rng.randrange(8)
        before = len(items)
        add("bit_flip", dec.qr_strings(bytes(flipped))[0])
        flips += len(items) - before
    stranger = cose.Signer(ed25519.Ed25519PrivateKey.generate())
    for n in range(20):
        def longer(claims, n=n):
            claims[4] += 86400 * (n + 1)
        add("resigned_unknown_key", dec.qr_strings(_resigned(blob, stranger, longer))[0])
    for _ in range(20):
        add("forged_registered_kid", dec.qr_strings(_forged_with_kid(blob, stranger))[0])
    # Multi-part: the real blob split in 2–4 parts, then spoiled.
    other_blob = _blob(other_code)
    for _ in range(100):
        count = rng.randint(2, 4)
        parts = dec.qr_strings(blob, count)
        others = dec.qr_strings(other_blob, count)
        i = rng.randrange(count)
        how = rng.choice(("other_message", "altered", "missing", "reordered_data"))
        if how == "other_message":
            parts[i] = others[i]
        elif how == "altered":
            b = _body(parts[i])
            j = rng.randrange(8, len(b))
            parts[i] = dec.PREFIX + b[:j] + rng.choice([d for d in "0123456789" if d != b[j]]) + b[j + 1:]
        elif how == "missing":
            parts.pop(i)
        else:  # data of two parts exchanged under their original headers
            a, b = _body(parts[0]), _body(parts[1])
            parts[0], parts[1] = dec.PREFIX + a[:8] + b[8:], dec.PREFIX + b[:8] + a[8:]
        rng.shuffle(parts)
        add(f"multipart_{how}", *parts)
    for _ in range(60):
        length = rng.randint(1, 300)
        add("garbage", "".join(rng.choice("0123456789ABCDEFKS-abc あア\t ") for _ in range(length)))
    for _ in range(40):
        add("prefixed_digits", dec.PREFIX + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 2500))))
    add("over_long", dec.PREFIX + (body * (dec.MAX_DIGITS // len(body) + 2))[:dec.MAX_DIGITS + 17])
    add("empty", "")
    return items
