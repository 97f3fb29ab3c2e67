"""An embedded (SQLite) database damaged on purpose, for the REL-09 fail-closed tests: a real
database with the kiosk's schema and a few hundred session metrics, closed (its WAL folded in),
then bytes of one of its table's pages overwritten, as a disk that loses its write order leaves a
page after a power cut. (tests/ is on the import path through tests/conftest.py.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk import metrics
from kiosk.storage.database import Database

ROWS = 300


def sound_database(path: Path, key_dir: Path) -> str:
    """A closed database at ``path`` with the schema and :data:`ROWS` session metrics; its URL."""
    url = f"sqlite:///{path}"
    db = Database(url, key_dir=key_dir)
    try:
        db.upgrade()
        now = dt.datetime.now(dt.UTC)
        for i in range(ROWS):
            metrics.store(db, metrics.SessionRecord(kiosk_id="kiosk-01", started_at=now, ended_at=now,
                                                    ending="completed", language="ja", typed_chars=i))
    finally:
        db.dispose()
    assert not path.with_name(path.name + "-wal").exists()  # folded into the file at the last close
    return url


def damage(path: Path) -> None:
    """Overwrite the cell pointers of a page of the session metrics near the end of the file."""
    page_size = 4096
    pages = path.stat().st_size // page_size
    with path.open("r+b") as file:
        file.seek((pages - 3) * page_size + 8)
        file.write(b"\xff" * 64)


def damaged_database(path: Path, key_dir: Path) -> str:
    url = sound_database(path, key_dir)
    damage(path)
    return url
