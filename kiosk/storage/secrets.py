"""Secrets at rest (PRIV-07): staff TOTP secrets are stored encrypted with a key that the
database never holds — ``staff-secrets.key`` in the station's key directory (0700 folder, 0600
file). Stations that sign staff in share that key the way they share the database password.

A stored value is ``enc1:`` + base64(nonce ‖ AES-256-GCM ciphertext); the account id is the
associated data, so a secret copied onto another account does not decrypt. A value without the
prefix is a secret stored before encryption; it is re-encrypted at the account's next sign-in.
"""

from __future__ import annotations

import base64
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.errors import StorageError

KEY_FILE = "staff-secrets.key"
PREFIX = "enc1:"


def private_file(path: Path, make: Callable[[], bytes]) -> bytes:
    """The content of ``path``, created with ``make()`` (folder 0700, file 0600, atomically: two
    processes that race both end up with the first one's file). A file readable by other users is
    refused."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(make())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise StorageError(f"{path} mode {mode:o}: must be 0600", key="error.key_permissions", path=str(path))
    return path.read_bytes()


def _cipher(key_dir: Path) -> AESGCM:
    key = private_file(Path(key_dir) / KEY_FILE, lambda: AESGCM.generate_key(bit_length=256))
    if len(key) != 32:
        raise StorageError(f"{Path(key_dir) / KEY_FILE}: not a 256-bit key", key="error.secrets_key")
    return AESGCM(key)


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def seal(key_dir: Path, secret: str, *, context: str) -> str:
    """``secret`` encrypted for storage; ``context`` (the account id) is bound to it."""
    nonce = os.urandom(12)
    sealed = _cipher(key_dir).encrypt(nonce, secret.encode("utf-8"), context.encode("utf-8"))
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def unseal(key_dir: Path, stored: str, *, context: str) -> str:
    """The secret of a stored value (a value stored before encryption is returned as it is).
    Raises :class:`StorageError` (``error.secrets_key``) when the key does not fit."""
    if not is_sealed(stored):
        return stored
    try:
        raw = base64.b64decode(stored[len(PREFIX):], validate=True)
        return _cipher(key_dir).decrypt(raw[:12], raw[12:], context.encode("utf-8")).decode("utf-8")
    except (InvalidTag, ValueError) as exc:
        raise StorageError("stored secret does not decrypt with this station's key",
                           key="error.secrets_key") from exc
