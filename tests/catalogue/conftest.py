"""Fixtures of the catalogue tests: the shipped catalogue, and a writable copy of ``forms/``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.catalogue.loader import load_catalogue


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@pytest.fixture
def forms_copy(tmp_path) -> Path:
    """A copy of the shipped catalogue folder, named ``forms`` like the original."""
    target = tmp_path / "forms"
    shutil.copytree(paths.FORMS_DIR, target)
    return target
