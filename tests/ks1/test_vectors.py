"""The published test vectors (tests/vectors/ks1-vectors.json) still hold."""

from __future__ import annotations

import datetime as dt
import json
import sys
import zlib
from pathlib import Path

import cbor2
import pytest

from kiosk.ks1 import MemoryTrustStore, TrustEntry, cose, dec, verify

VECTORS_DIR = Path(__file__).resolve().parent.parent / "vectors"
DATA = json.loads((VECTORS_DIR / "ks1-vectors.json").read_text(encoding="utf-8"))
sys.path.insert(0, str(VECTORS_DIR))

import generate  # noqa: E402


def _store() -> MemoryTrustStore:
    keys = DATA["keys"]
    valid_from = dt.datetime.fromisoformat(keys["valid_from"])
    return MemoryTrustStore([
        TrustEntry.from_pem(keys["ed25519_public_key_pem"], kiosk_id=keys["kiosk_id"], valid_from=valid_from),
        TrustEntry.from_pem(keys["es256_public_key_pem"], kiosk_id=keys["kiosk_id"], valid_from=valid_from),
    ])


def test_generator_reproduces_the_published_vectors() -> None:
    rebuilt = generate.build(DATA)
    for old, new in zip(DATA["vectors"], rebuilt["vectors"], strict=True):
        assert old["payload_cbor_hex"] == new["payload_cbor_hex"], old["name"]
        assert old["cose_sign1_hex"] == new["cose_sign1_hex"], old["name"]
    assert rebuilt == DATA  # also the zlib blobs and QR strings (zlib-ng may compress differently)


@pytest.mark.parametrize("case", DATA["dec"], ids=lambda c: c["bytes_hex"][:16])
def test_dec_cases(case) -> None:
    assert dec.dec_encode(bytes.fromhex(case["bytes_hex"])) == case["digits"]
    assert dec.dec_decode(case["digits"]) == bytes.fromhex(case["bytes_hex"])


@pytest.mark.parametrize("vector", DATA["vectors"] + DATA["negative"], ids=lambda v: v["name"])
def test_vector_verdicts(vector) -> None:
    store = MemoryTrustStore() if vector.get("trust") == [] else _store()
    now = dt.datetime.fromisoformat(vector.get("verify_at", DATA["iat"]))
    assert verify(vector["qr_strings"], trust=store, now=now).code == vector["expect"]


@pytest.mark.parametrize("vector", DATA["vectors"], ids=lambda v: v["name"])
def test_vector_layers_are_consistent(vector) -> None:
    blob = bytes.fromhex(vector["blob_hex"])
    frames = [dec.parse_frame(t) for t in vector["qr_strings"]]
    assert dec.reassemble(frames)[0] == blob
    sign1 = zlib.decompress(blob)
    assert sign1.hex() == vector["cose_sign1_hex"]
    message = cose.parse_sign1(sign1)
    assert message.kid.hex() == vector["kid"] and message.alg == vector["alg"]
    assert message.payload.hex() == vector["payload_cbor_hex"]
    claims = cbor2.loads(message.payload)
    assert claims[7] == bytes.fromhex(DATA["cti_hex"])
