"""COSE_Sign1 (RFC 9052, CBOR tag 18) built and checked by hand with cbor2 and cryptography.

Protected header ``{1: alg, 4: kid}``, empty unprotected header, 64-byte signature,
external_aad ``b"KS1"``. ``alg`` is −8 (EdDSA with Ed25519) or −7 (ES256), nothing else.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes, PublicKeyTypes
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from kiosk.ks1.dec import DecodeError

EXTERNAL_AAD = b"KS1"
COSE_SIGN1_TAG = 18
ALGORITHMS = {"EdDSA": -8, "ES256": -7}  # the allow-list
ALG_NAMES = {v: k for k, v in ALGORITHMS.items()}
KID_LENGTH = 8


def spki_der(public_key: PublicKeyTypes) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id(public_key: PublicKeyTypes) -> bytes:
    """First 8 bytes of SHA-256 of the SubjectPublicKeyInfo DER."""
    return hashlib.sha256(spki_der(public_key)).digest()[:KID_LENGTH]


def algorithm_of(key: PrivateKeyTypes | PublicKeyTypes) -> str:
    if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return "EdDSA"
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1":
        return "ES256"
    raise ValueError("unsupported key type: only Ed25519 and P-256 keys are allowed")


@dataclass(frozen=True)
class Signer:
    """A kiosk's private key with its algorithm and key id."""

    private_key: PrivateKeyTypes

    @property
    def algorithm(self) -> str:
        return algorithm_of(self.private_key)

    @property
    def kid(self) -> bytes:
        return key_id(self.private_key.public_key())

    def sign(self, data: bytes) -> bytes:
        key = self.private_key
        algorithm = self.algorithm  # ValueError for a key outside the allow-list
        if algorithm == "EdDSA" and isinstance(key, ed25519.Ed25519PrivateKey):
            return key.sign(data)
        if algorithm == "ES256" and isinstance(key, ec.EllipticCurvePrivateKey):
            r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
            return r.to_bytes(32, "big") + s.to_bytes(32, "big")
        raise ValueError("unsupported key type: only Ed25519 and P-256 keys are allowed")


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, EXTERNAL_AAD, payload])


def sign1(payload: bytes, signer: Signer) -> bytes:
    protected = cbor2.dumps({1: ALGORITHMS[signer.algorithm], 4: signer.kid})
    signature = signer.sign(_sig_structure(protected, payload))
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))


@dataclass(frozen=True)
class Sign1:
    protected: bytes
    alg: str
    kid: bytes
    payload: bytes
    signature: bytes

    def verify(self, public_key: PublicKeyTypes) -> bool:
        """True when the signature is valid for ``public_key`` (whose type must match ``alg``)."""
        try:
            if algorithm_of(public_key) != self.alg:
                return False
        except ValueError:
            return False
        data = _sig_structure(self.protected, self.payload)
        try:
            if isinstance(public_key, ed25519.Ed25519PublicKey):
                public_key.verify(self.signature, data)
            elif isinstance(public_key, ec.EllipticCurvePublicKey):
                r = int.from_bytes(self.signature[:32], "big")
                s = int.from_bytes(self.signature[32:], "big")
                public_key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
            else:  # pragma: no cover - algorithm_of above admits no other key type
                return False
        except InvalidSignature:
            return False
        return True


def strict_loads(data: bytes) -> Any:
    """One CBOR item, no trailing bytes, no tags (KS1 payloads and headers carry none)."""

    def no_tags(*_args: Any) -> Any:
        raise DecodeError("cbor_tag")

    fp = io.BytesIO(data)
    try:
        value = cbor2.CBORDecoder(fp, tag_hook=no_tags, allow_duplicate_keys=False).decode()
    except DecodeError:
        raise
    except Exception as exc:  # cbor2 raises several types on garbage
        raise DecodeError("cbor") from exc
    if fp.tell() != len(data):
        raise DecodeError("cbor_trailing")
    return value


def parse_sign1(data: bytes) -> Sign1:
    """Structure checks only; the caller verifies the signature before reading the payload."""

    def only_tag18(tag: Any, *_args: Any) -> Any:  # cbor2 ≥ 6 calls tag_hook(tag, immutable)
        if not isinstance(tag, cbor2.CBORTag) or tag.tag != COSE_SIGN1_TAG:
            raise DecodeError("cbor_tag")
        return tag

    fp = io.BytesIO(data)
    try:
        item = cbor2.CBORDecoder(fp, tag_hook=only_tag18, allow_duplicate_keys=False).decode()
    except DecodeError:
        raise
    except Exception as exc:
        raise DecodeError("cbor") from exc
    if fp.tell() != len(data):
        raise DecodeError("cbor_trailing")
    if not isinstance(item, cbor2.CBORTag) or item.tag != COSE_SIGN1_TAG:
        raise DecodeError("not_sign1")
    value = item.value
    if not (isinstance(value, list | tuple) and len(value) == 4):
        raise DecodeError("not_sign1")
    protected, unprotected, payload, signature = value
    if not (isinstance(protected, bytes) and isinstance(payload, bytes) and isinstance(signature, bytes)):
        raise DecodeError("not_sign1")
    if not isinstance(unprotected, Mapping) or len(unprotected) or len(signature) != 64:
        raise DecodeError("not_sign1")
    header = strict_loads(protected)
    if not isinstance(header, Mapping) or set(header) != {1, 4}:
        raise DecodeError("header")
    alg, kid = header[1], header[4]
    if isinstance(alg, bool) or not isinstance(alg, int) or alg not in ALG_NAMES:
        raise DecodeError("algorithm")
    if not isinstance(kid, bytes) or len(kid) != KID_LENGTH:
        raise DecodeError("kid")
    return Sign1(protected, ALG_NAMES[alg], kid, payload, signature)
