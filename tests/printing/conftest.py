"""Fixtures for printing tests: the real CUPS queue from script/with-services, sample forms."""

from __future__ import annotations

import datetime as dt
import os
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


def _service(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not set: run the tests through script/with-services")
        pytest.skip(f"{name} not set (run through script/with-services)")
    return value


@pytest.fixture
def printer_queue() -> str:
    return _service("KIOSK_TEST_PRINTER")


@pytest.fixture
def pdf_dir() -> Path:
    return Path(_service("KIOSK_TEST_PDF_DIR"))


@pytest.fixture
def signer() -> Signer:
    return Signer(ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32))))


@pytest.fixture
def trust(signer: Signer) -> MemoryTrustStore:
    key = signer.private_key.public_key()
    return MemoryTrustStore([TrustEntry(signer.kid, "EdDSA", key, "kiosk-01", NOW - dt.timedelta(days=1))])
