"""Signed checkpoints of the audit chain, kept outside the database (SEC-13).

After every committed audit entry the station appends one line ``{seq, hash, at, sig}`` to
``audit-checkpoints-<database>.jsonl`` in its key directory. ``sig`` is an Ed25519 signature made with
``audit-checkpoint-key.pem`` (mode 0600), a key the database never holds. Whoever can rewrite the
database can recompute the hash chain, but not these signatures: a row that was removed or
rewritten no longer matches the checkpoint of its sequence number.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from kiosk.errors import StorageError
from kiosk.storage.secrets import private_file

KEY_FILE = "audit-checkpoint-key.pem"
LOG_FILE = "audit-checkpoints.jsonl"
_DOMAIN = b"kiosk-audit-checkpoint-v1\0"


@dataclass(frozen=True)
class Checkpoint:
    """The chain's entry ``seq`` had hash ``hash`` and time ``at`` (ISO 8601 UTC) when committed."""

    seq: int
    hash: str
    at: str


def _message(seq: int, entry_hash: str, at: str) -> bytes:
    return _DOMAIN + f"{seq}:{entry_hash}:{at}".encode("ascii")


def load_or_create_key(key_dir: Path) -> ed25519.Ed25519PrivateKey:
    """The checkpoint key of this station, created (0600) on first use."""
    key_file = key_dir / KEY_FILE
    pem = private_file(key_file, lambda: ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    private_key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(private_key, ed25519.Ed25519PrivateKey):
        raise StorageError(f"{key_file}: not an Ed25519 key", key="error.key_permissions", path=str(key_file))
    return private_key


class CheckpointLog:
    """The checkpoint file of one station and database (``key_dir/audit-checkpoints-<tag>.jsonl``,
    the tag derived from the database URL without its password)."""

    def __init__(self, key_dir: Path, database_tag: str = "") -> None:
        self.key_dir = Path(key_dir)
        name = LOG_FILE if not database_tag else LOG_FILE.replace(".jsonl", f"-{database_tag}.jsonl")
        self.path = self.key_dir / name
        self._key: ed25519.Ed25519PrivateKey | None = None
        self._lock = threading.Lock()

    def _private(self) -> ed25519.Ed25519PrivateKey:
        if self._key is None:
            self._key = load_or_create_key(self.key_dir)
        return self._key

    def record(self, checkpoints: list[Checkpoint]) -> None:
        """Append signed checkpoints (one line each; one write, so lines of concurrent processes
        never interleave)."""
        if not checkpoints:
            return
        with self._lock:
            key = self._private()
            lines = "".join(
                json.dumps({"seq": c.seq, "hash": c.hash, "at": c.at,
                            "sig": key.sign(_message(c.seq, c.hash, c.at)).hex()}, separators=(",", ":")) + "\n"
                for c in checkpoints)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, lines.encode("ascii"))
            finally:
                os.close(fd)

    def read(self) -> tuple[dict[int, Checkpoint], int]:
        """(seq → checkpoint with a valid signature, number of lines whose signature fails)."""
        if not self.path.exists():
            return {}, 0
        public = self._private().public_key()
        good: dict[int, Checkpoint] = {}
        forged = 0
        for line in self.path.read_text(encoding="ascii", errors="replace").splitlines():
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                seq, entry_hash, at = int(item["seq"]), str(item["hash"]), str(item["at"])
                public.verify(bytes.fromhex(str(item["sig"])), _message(seq, entry_hash, at))
            except (ValueError, KeyError, TypeError, InvalidSignature):
                forged += 1
                continue
            good[seq] = Checkpoint(seq, entry_hash, at)
        return good, forged
