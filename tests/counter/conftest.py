"""Fixtures for the counter: a kiosk key on a trust list, the shipped catalogue, the reference family."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from counter_helpers import KIOSK  # noqa: E402


@pytest.fixture
def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture
def key_dir(tmp_path, now):
    from kiosk import keys

    folder = tmp_path / "keys"
    keys.init_keys(folder, kiosk_id=KIOSK, now=now - dt.timedelta(days=10))
    return folder


@pytest.fixture
def signer(key_dir):
    from kiosk import keys

    return keys.load_signer(key_dir)


@pytest.fixture
def trust(key_dir):
    from kiosk import keys
    from kiosk.ks1 import MemoryTrustStore, TrustEntry

    return MemoryTrustStore([TrustEntry.from_export(keys.export_entry(key_dir))])


@pytest.fixture(scope="session")
def catalogue_port():
    from kiosk.journey import CataloguePort

    return CataloguePort.load()
