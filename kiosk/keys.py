"""The kiosk's own signing key for KS1 sheets.

One key pair per kiosk, generated on the kiosk; the private key never leaves it. It lives in
``Config.key_dir`` as a PEM file readable only by the kiosk's user (mode 0600, SEC-15); the
public part is exported as a trust-list entry for clerk stations.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import QrError

if TYPE_CHECKING:
    from kiosk.ks1 import cose

# ``cryptography`` and the KS1 module are imported where a key is made or loaded: importing them
# takes longer than everything else the kiosk needs before its first screen, and the kiosk loads
# its key off the GUI thread (see :func:`check_key`).

PRIVATE_KEY_FILE = "ks1-signing-key.pem"
INFO_FILE = "ks1-signing-key.json"


def _paths(key_dir: Path) -> tuple[Path, Path]:
    return key_dir / PRIVATE_KEY_FILE, key_dir / INFO_FILE


def init_keys(key_dir: Path, *, kiosk_id: str, algorithm: str = "EdDSA", now: dt.datetime | None = None) -> dict[str, Any]:
    """Create the key pair; refuses to replace an existing one. Returns the public entry."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519

    from kiosk.ks1 import cose

    if algorithm not in cose.ALGORITHMS:
        raise QrError(f"unsupported algorithm {algorithm}", key="qr.key_algorithm", algorithm=algorithm)
    key_file, info_file = _paths(key_dir)
    if key_file.exists():
        raise QrError(f"{key_file} exists", key="qr.key_exists", path=str(key_file))
    key_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    private = ed25519.Ed25519PrivateKey.generate() if algorithm == "EdDSA" else ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    os.chmod(key_file, 0o600)
    valid_from = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    info = {"kiosk_id": kiosk_id, "valid_from": valid_from.isoformat()}
    info_file.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return export_entry(key_dir)


def check_key(key_dir: Path) -> Path:
    """The key file, refused when missing or readable by other users, without reading it (cheap:
    the kiosk checks this before its first screen and loads the key off the GUI thread)."""
    key_file, _ = _paths(key_dir)
    if not key_file.exists():
        raise QrError(f"{key_file} missing; run 'kiosk keys init'", key="qr.key_missing", path=str(key_file))
    mode = stat.S_IMODE(key_file.stat().st_mode)
    if mode & 0o077:
        raise QrError(f"{key_file} mode {mode:o}: must be 0600", key="qr.key_permissions", path=str(key_file))
    return key_file


def load_signer(key_dir: Path) -> cose.Signer:
    """The kiosk's signer. Refuses a missing key or one readable by other users."""
    key_file = check_key(key_dir)
    from cryptography.hazmat.primitives import serialization

    from kiosk.ks1 import cose

    private = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    return cose.Signer(private)


def export_entry(key_dir: Path) -> dict[str, Any]:
    """The public trust-list entry: kid, alg, public key PEM, kiosk id, valid-from."""
    from cryptography.hazmat.primitives import serialization

    signer = load_signer(key_dir)
    _, info_file = _paths(key_dir)
    info = json.loads(info_file.read_text(encoding="utf-8"))
    public = signer.private_key.public_key()
    return {
        "kid": signer.kid.hex(),
        "alg": signer.algorithm,
        "public_key_pem": public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii"),
        "kiosk_id": info["kiosk_id"],
        "valid_from": info["valid_from"],
    }
