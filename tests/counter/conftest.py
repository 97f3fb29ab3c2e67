"""Fixtures for the counter: a kiosk key on a trust list, the shipped catalogue, the counter's two
windows with the clerk signed in."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def trust(key_dir):
    from kiosk import keys
    from kiosk.ks1 import MemoryTrustStore, TrustEntry

    return MemoryTrustStore([TrustEntry.from_export(keys.export_entry(key_dir))])


@pytest.fixture(scope="session")
def catalogue_port():
    from kiosk.journey import CataloguePort

    return CataloguePort.load()


@pytest.fixture
def counter(qtbot, catalogue_port):
    """The counter's two windows, the clerk signed in (the sign-in itself: test_counter_windows)."""
    from kiosk.ui.counter.app import build

    made = build(catalogue_port)
    made.clerk.stack.setCurrentWidget(made.clerk.work_page)
    made.clerk.line.setFocus()
    yield made
    made.shutdown()
