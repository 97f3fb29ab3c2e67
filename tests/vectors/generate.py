"""Write ks1-vectors.json: KS1 test vectors (payload → QR string) for other decoders.

Run from the repository root: ``.venv/bin/python tests/vectors/generate.py``. Ed25519 signatures
are deterministic, so the same inputs always give the same strings; the ES256 vector is kept
once written (ECDSA signatures are random), and is a verify-only vector.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import zlib
from pathlib import Path

import cbor2
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE.parent / "ks1"))

import sample_forms  # noqa: E402

from kiosk.ks1 import cose, dec, encode, values  # noqa: E402

OUT = HERE / "ks1-vectors.json"
ED25519_SEED = bytes(range(32))
ES256_SCALAR = int.from_bytes(bytes(range(1, 33)), "big")
CTI = bytes(range(0xA0, 0xB0))
IAT = dt.datetime(2026, 4, 1, 1, 2, 3, tzinfo=dt.UTC)
VALIDITY = dt.timedelta(days=30)
ISS, KIOSK = 999991, "kiosk-01"


def _pem(key) -> str:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    return value


def _claims(form, vals):
    checked = values.check_values(form, vals)
    iat = encode.epoch(IAT)
    return encode.sheet_claims(form, checked, iss=ISS, kiosk_id=KIOSK, iat=iat, exp=iat + int(VALIDITY.total_seconds()),
                               cti=CTI)


def _vector(name, description, signer, claims, parts=1, **extra):
    payload = cbor2.dumps(claims)
    sign1 = cose.sign1(payload, signer)
    blob = zlib.compress(sign1, encode.ZLIB_LEVEL)
    return {
        "name": name,
        "description": description,
        "alg": signer.algorithm,
        "kid": signer.kid.hex(),
        "claims": _jsonable(claims),
        "payload_cbor_hex": payload.hex(),
        "cose_sign1_hex": sign1.hex(),
        "blob_hex": blob.hex(),
        "qr_strings": dec.qr_strings(blob, parts),
        **extra,
    }


def build(previous: dict | None = None) -> dict:
    ed = cose.Signer(ed25519.Ed25519PrivateKey.from_private_bytes(ED25519_SEED))
    es = cose.Signer(ec.derive_private_key(ES256_SCALAR, ec.SECP256R1()))
    j2 = _claims(sample_forms.juminido(), sample_forms.juminido_values(2))
    j6 = _claims(sample_forms.juminido(), sample_forms.juminido_values(6))
    kokuho_values = sample_forms.kokuho_values()
    k1 = _claims(sample_forms.kokuho(), kokuho_values)
    verify_at = (IAT + dt.timedelta(hours=1)).isoformat()
    vectors = [
        _vector("juminido-2-persons", "転入届, 2 persons, one symbol", ed, j2, expect="authentic", verify_at=verify_at),
        _vector("juminido-6-persons", "転入届, 6 persons, one symbol", ed, j6, expect="authentic", verify_at=verify_at),
        _vector("juminido-2-parts", "the 2-person blob split over 2 frames (any order)", ed, j2, parts=2,
                expect="authentic", verify_at=verify_at),
        _vector("kokuho-confirm-my-number", "a form whose legal basis needs the 個人番号 carries only flag 6",
                ed, k1, expect="authentic", verify_at=verify_at),
        _vector("expired", "the 2-person sheet scanned 31 days later", ed, j2, expect="expired",
                verify_at=(IAT + dt.timedelta(days=31)).isoformat()),
    ]
    old_es = next((v for v in (previous or {}).get("vectors", []) if v["name"] == "es256-verify-only"), None)
    vectors.append(old_es or _vector("es256-verify-only", "ES256 (P-256); ECDSA is randomised: verify only", es, j2,
                                     expect="authentic", verify_at=verify_at, deterministic=False))
    good = vectors[0]["qr_strings"][0]
    bad_digit = good[:200] + str((int(good[200]) + 1) % 10) + good[201:]
    negatives = [
        {"name": "digit-changed", "qr_strings": [bad_digit], "expect": "malformed",
         "description": "one digit changed: zlib's Adler-32 or the DEC range rejects it"},
        {"name": "wrong-prefix", "qr_strings": ["KS2-" + good[4:]], "expect": "malformed"},
        {"name": "dec-length", "qr_strings": [good + "1"], "expect": "malformed",
         "description": "a final group of 1, 2, 4, 6, 7, 9, 11, 12, 14 or 16 digits is impossible"},
        {"name": "one-of-two-parts", "qr_strings": vectors[2]["qr_strings"][:1], "expect": "incomplete"},
        {"name": "unknown-key", "qr_strings": [good], "expect": "unknown_key", "trust": [],
         "description": "verified against an empty trust list"},
        {"name": "lower-case-prefix-full-width-digits",
         "qr_strings": ["ks1-" + good[4:24].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + good[24:]],
         "expect": "authentic", "verify_at": verify_at,
         "description": "normalised with NFKC and an upper-cased prefix before decoding"},
    ]
    dec_cases = [{"bytes_hex": b.hex(), "digits": dec.dec_encode(b)} for b in (
        b"\x00", b"\xff", b"\x00\x01", b"\xff" * 6, b"\xff" * 7, b"\x01" * 8, bytes(range(15)),
    )]
    return {
        "format": "KS1 (see docs: clerk-qr-format.md)",
        "keys": {
            "ed25519_private_seed_hex": ED25519_SEED.hex(),
            "ed25519_public_key_pem": _pem(ed.private_key.public_key()),
            "ed25519_kid": ed.kid.hex(),
            "es256_private_scalar_hex": f"{ES256_SCALAR:064x}",
            "es256_public_key_pem": _pem(es.private_key.public_key()),
            "es256_kid": es.kid.hex(),
            "kiosk_id": KIOSK,
            "valid_from": (IAT - dt.timedelta(days=1)).isoformat(),
        },
        "cti_hex": CTI.hex(),
        "iat": IAT.isoformat(),
        "validity_seconds": int(VALIDITY.total_seconds()),
        "dec": dec_cases,
        "vectors": vectors,
        "negative": negatives,
    }


def main() -> None:
    previous = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else None
    OUT.write_text(json.dumps(build(previous), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
