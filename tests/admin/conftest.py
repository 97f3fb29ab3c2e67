"""Fixtures for the admin workbench: a small invented catalogue, two administrators with TOTP,
and a database on each backend (the PostgreSQL one comes from script/with-services)."""

from __future__ import annotations

from pathlib import Path

import pytest
from admin_helpers import CATALOGUE, PASSWORD, SECRETS, USED_STEPS


@pytest.fixture
def catalogue_dir() -> Path:
    return CATALOGUE


@pytest.fixture
def documents() -> dict[str, str]:
    from kiosk.admin.documents import read_folder

    return read_folder(CATALOGUE)


@pytest.fixture
def db(database):
    """An upgraded database with administrators admin-a and admin-b and clerk clerk-1."""
    from kiosk import staff

    USED_STEPS.clear()  # a new database has accepted no code yet
    for account, secret in SECRETS.items():
        staff.create_account(database, account, "admin", PASSWORD, secret)
    staff.create_account(database, "clerk-1", "clerk", PASSWORD)
    return database


@pytest.fixture
def imported(db, catalogue_dir):
    """The catalogue imported and published once by admin-a."""
    from kiosk.admin import publishing

    publishing.import_catalogue(db, catalogue_dir, "admin-a")
    publishing.publish(db, "admin-a")
    return db
