"""Fixtures for the division queues: the shipped catalogue's divisions, databases on SQLite and on
the real PostgreSQL server, and verified sheets of an invented household (fake values only)."""

from __future__ import annotations

import datetime as dt
import secrets
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "foundation"))

from private_postgres import private_cluster  # noqa: E402,F401 - fixture: a server a test may stop

from kiosk.clerk.record import SheetRecord  # noqa: E402


@pytest.fixture(scope="session")
def catalogue():
    from kiosk.catalogue.loader import load_catalogue

    return load_catalogue()


@pytest.fixture(scope="session")
def divisions(catalogue):
    from kiosk.routing.divisions import Divisions

    return Divisions.of(catalogue)


@pytest.fixture
def db(tmp_path):
    from kiosk.storage.database import Database

    database = Database(f"sqlite:///{tmp_path / 'queues.sqlite3'}", key_dir=tmp_path / "keys")
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def pg_database(postgres_url, tmp_path):
    """A fresh, upgraded database on the real PostgreSQL server: (Database, url)."""
    from fresh_databases import postgres_database

    with postgres_database(postgres_url, "queues", key_dir=tmp_path / "keys") as made:
        yield made


HOUSEHOLD = {"filing.date": dt.date(2026, 11, 30), "move.date": dt.date(2026, 11, 27),
             "address.new": "みどり町中央三丁目12番地の4", "filer.name": "緑川 一郎"}
PERSONS = [{"person.name": "緑川 一郎", "person.name_kana": "ミドリカワ イチロウ",
            "person.birth_date": dt.date(1984, 5, 12), "person.sex": "male"},
           {"person.name": "緑川 さくら", "person.name_kana": "ミドリカワ サクラ",
            "person.birth_date": dt.date(2016, 8, 1), "person.sex": "female"}]


def sheet(form_id: str, *, sheet_id: str | None = None, catalogue=None) -> SheetRecord:
    """A verified sheet of the invented 緑川 household for ``form_id``."""
    now = dt.datetime.now(dt.UTC)
    return SheetRecord(
        sheet_id=sheet_id or secrets.token_hex(16), form_id=form_id, form_version=1, kiosk_id="kiosk-01",
        issued_at=now, expires_at=now + dt.timedelta(days=30), confirm_my_number=False,
        household=dict(HOUSEHOLD), persons=[dict(p) for p in PERSONS],
        form=catalogue.forms.get(form_id) if catalogue is not None else None,
    )


@pytest.fixture
def bundle():
    """bundle(*form_ids) -> [SheetRecord]: one verified sheet per form, new sheet ids."""
    return lambda *form_ids: [sheet(f) for f in form_ids]


@pytest.fixture
def division_clerk() -> tuple[str, str]:
    """An invented clerk account of the division stations: (id, password)."""
    return "hoken-clerk", "a division clerk passphrase"


@pytest.fixture
def division_sign_in(qtbot, division_clerk):
    """division_sign_in(window): the division's clerk (made on the window's database) signs in at
    the station's gate by keys alone, and the queue shows."""
    from PySide6.QtCore import Qt

    from kiosk import staff

    made: set[int] = set()

    def sign_in(window) -> None:
        account, password = division_clerk
        if id(window.db) not in made:
            staff.create_account(window.db, account, "clerk", password)
            made.add(id(window.db))
        qtbot.keyClicks(window.account_field, account)
        qtbot.keyClick(window.account_field, Qt.Key.Key_Return)
        qtbot.keyClicks(window.password_field, password)
        qtbot.keyClick(window.password_field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.queue_page, timeout=15_000)

    return sign_in
