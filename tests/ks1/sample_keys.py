"""A fixed signing key for KS1 and printing tests (the same bytes every run, so vectors and sheets
repeat) and the trust list that knows it. Imported as fixtures by their conftest modules."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from sample_forms import NOW

from kiosk.ks1 import MemoryTrustStore, Signer, TrustEntry


@pytest.fixture
def signer() -> Signer:
    return Signer(ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32))))


@pytest.fixture
def trust(signer: Signer) -> MemoryTrustStore:
    key = signer.private_key.public_key()
    return MemoryTrustStore([TrustEntry(signer.kid, "EdDSA", key, "kiosk-01", NOW - dt.timedelta(days=1))])
