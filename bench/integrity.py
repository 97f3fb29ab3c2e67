"""REL-09: what SQLite's start-up check costs on a database of realistic size.

Generates a year of one kiosk's records in an embedded database (``--days`` × ``--per-day``
resident sessions: the session metric with its screens, two or three issued sheets, their waiting
numbers, most of them received at a clerk station with their audit entries, a few staff calls a
day), then times ``PRAGMA quick_check`` (what every station runs once when it opens the database)
and ``PRAGMA integrity_check`` (``kiosk doctor``), each from a cold page cache (the file's cached
pages dropped with ``posix_fadvise``) and warm. Prints the figures; asserts nothing.

    .venv/bin/python bench/integrity.py [--days 365] [--per-day 100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from kiosk.storage import audit, integrity  # noqa: E402
from kiosk.storage.database import Database  # noqa: E402
from kiosk.storage.models import (  # noqa: E402
    AuditEntry,
    IssuedSheet,
    QueueBundle,
    QueueItem,
    QueueTicket,
    Receipt,
    SessionMetric,
    StaffCall,
)

SCREENS = ["language", "notice", "question", "question", "question", "question", "members", "card", "review",
           "review", "confirm", "result"]
FORMS = ["juminido", "kokuho", "jidoteate", "kodomo_iryo", "inkan", "nenkin"]


def fill(db: Database, days: int, per_day: int, chance: random.Random) -> dict[str, int]:
    """One transaction a day, as a day's writes would have left the file."""
    start = dt.datetime(2025, 4, 1, 0, 30, tzinfo=dt.UTC)
    counts = dict.fromkeys(("sessions", "sheets", "receipts", "audit", "calls", "tickets"), 0)
    prev = audit.GENESIS
    ticket_number = 0
    for day in range(days):
        metrics, sheets, receipts, entries, calls, items = [], [], [], [], [], []
        with db.session() as s:
            for n in range(per_day):
                at = start + dt.timedelta(days=day, seconds=n * 240 + chance.randint(0, 200))
                screens = [{"screen": x, "seconds": round(chance.uniform(3, 60), 1)} for x in SCREENS]
                metrics.append({"kiosk_id": "kiosk-01", "started_at": at, "ended_at": at + dt.timedelta(minutes=6),
                                "ending": "completed", "last_screen": "result", "language": "ja", "screens": screens,
                                "taps": chance.randint(20, 80), "typed_chars": chance.randint(0, 30),
                                "procedures": chance.sample(FORMS, 2), "fields_total": 60, "fields_prefilled": 48,
                                "card_outcomes": {"read_ok": chance.randint(1, 4)}})
                bundle = s.execute(insert(QueueBundle).values(source="kiosk-01", created_at=at, route=["shimin"])
                                   .returning(QueueBundle.id)).scalar_one()
                ticket_number += 1
                ticket = s.execute(insert(QueueTicket).values(
                    bundle_id=bundle, division="shimin", day=at.date().isoformat(), number=ticket_number % 1000,
                    state="done", issued_at=at, call_count=1).returning(QueueTicket.id)).scalar_one()
                counts["tickets"] += 1
                for form in chance.sample(FORMS, chance.choice((2, 2, 3))):
                    sheet_id = os.urandom(16).hex()
                    sheets.append({"sheet_id": sheet_id, "form_id": form, "form_version": 3, "kiosk_id": "kiosk-01",
                                   "issued_at": at, "expires_at": at + dt.timedelta(days=30), "status": "received"})
                    items.append({"ticket_id": ticket, "sheet_id": sheet_id, "form_id": form})
                    if chance.random() < 0.9:
                        received = at + dt.timedelta(minutes=20)
                        receipts.append({"sheet_id": sheet_id, "received_at": received, "station_id": "clerk-01",
                                         "staff_id": "clerk01", "form_id": form, "kiosk_id": "kiosk-01"})
                        details = {"first": True, "station": "clerk-01", "form_id": form}
                        entry_hash = audit.entry_hash(prev, received, "clerk01", "clerk.receive", sheet_id, details)
                        entries.append({"at": received, "actor": "clerk01", "action": "clerk.receive",
                                        "subject": sheet_id, "details": details, "prev_hash": prev,
                                        "hash": entry_hash})
                        prev = entry_hash
            for k in range(3):
                at = start + dt.timedelta(days=day, hours=1 + k * 2)
                calls.append({"kiosk_id": "kiosk-01", "screen": "review", "called_at": at, "raised_at": at,
                              "raise_count": 0, "acknowledged_at": at + dt.timedelta(minutes=2),
                              "acknowledged_by": "clerk01"})
            for model, rows in ((SessionMetric, metrics), (IssuedSheet, sheets), (Receipt, receipts),
                                (AuditEntry, entries), (StaffCall, calls), (QueueItem, items)):
                if rows:
                    s.execute(insert(model), rows)
        counts["sessions"] += len(metrics)
        counts["sheets"] += len(sheets)
        counts["receipts"] += len(receipts)
        counts["audit"] += len(entries)
        counts["calls"] += len(calls)
    return counts


def drop_cache(path: Path) -> None:
    """The file's (and its WAL's) pages out of the page cache: the next read goes to the disk."""
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            fd = os.open(file, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def timed(db: Database, path: Path, check: str, rounds: int, *, cold: bool) -> list[float]:
    times = []
    for _ in range(rounds):
        db.dispose()
        if cold:
            drop_cache(path)
        found = integrity.run(db.engine, check)
        assert found.ok, found.problems
        times.append(found.seconds * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=100, help="resident sessions a day")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the database into this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kiosk-integrity-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.sqlite3"
    db = Database(f"sqlite:///{path}", key_dir=folder / "keys")
    db.upgrade()
    started = time.perf_counter()
    counts = fill(db, args.days, args.per_day, random.Random(9))
    with db.session() as s:
        assert audit.verify_chain(s).ok and s.scalar(select(AuditEntry.id).limit(1)) is not None
    db.dispose()
    size = path.stat().st_size / 1e6
    print(f"generated in {time.perf_counter() - started:.1f} s: {size:.1f} MB, "
          + ", ".join(f"{v} {k}" for k, v in counts.items()))
    for check in (integrity.QUICK, integrity.FULL):
        for cold in (True, False):
            times = timed(db, path, check, args.rounds, cold=cold)
            print(f"PRAGMA {check:<15} {'cold' if cold else 'warm'}: median {statistics.median(times):7.1f} ms, "
                  f"max {max(times):7.1f} ms ({args.rounds} rounds)")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
