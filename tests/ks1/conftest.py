from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_forms import NOW  # noqa: E402

from kiosk.ks1 import MemoryTrustStore, Signer, TrustEntry  # noqa: E402


@pytest.fixture
def signer() -> Signer:
    return Signer(ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32))))


@pytest.fixture
def trust(signer: Signer) -> MemoryTrustStore:
    key = signer.private_key.public_key()
    return MemoryTrustStore([TrustEntry(signer.kid, "EdDSA", key, "kiosk-01", NOW - dt.timedelta(days=1))])
