"""Fixtures for printing tests: keys and trust for sample forms (the real CUPS queue is the shared
``printer_queue``/``pdf_dir`` of tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ks1"))
# tests/printing must not shadow the top-level ``printing`` package (as a namespace package)
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
if "printing" in sys.modules and getattr(sys.modules["printing"], "__file__", None) is None:
    del sys.modules["printing"]

from sample_forms import NOW  # noqa: E402

from kiosk.ks1 import MemoryTrustStore, Signer, TrustEntry  # noqa: E402


@pytest.fixture
def signer() -> Signer:
    return Signer(ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32))))


@pytest.fixture
def trust(signer: Signer) -> MemoryTrustStore:
    key = signer.private_key.public_key()
    return MemoryTrustStore([TrustEntry(signer.kid, "EdDSA", key, "kiosk-01", NOW - dt.timedelta(days=1))])
