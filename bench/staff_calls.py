"""How long a staff call takes to reach a station's listener: from the kiosk's call to
:func:`kiosk.staffcalls.record_call` (insert and commit included) to the listener's CALLED event, on PostgreSQL (LISTEN/NOTIFY) and on SQLite (polling every
``--poll`` seconds; each call is made just after the poll that saw the previous one, so its
figures are the worst case). Prints median, p95 and max per backend; asserts nothing.

Run under the test services (PostgreSQL from ``KIOSK_TEST_DATABASE_URL``)::

    script/with-services .venv/bin/python bench/staff_calls.py --calls 50
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from kiosk import staffcalls  # noqa: E402
from kiosk.staffcalls import CallEvent, CallEventKind, CallListener  # noqa: E402
from kiosk.storage.database import Database  # noqa: E402


@contextmanager
def postgres() -> Iterator[Database]:
    base = os.environ["KIOSK_TEST_DATABASE_URL"]
    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database(base.rsplit("/", 1)[0] + "/" + name)
    db.upgrade()
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def sqlite() -> Iterator[Database]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        db.upgrade()
        try:
            yield db
        finally:
            db.dispose()


def measure(db: Database, calls: int, poll: float) -> list[float]:
    events: queue.Queue[tuple[float, CallEvent]] = queue.Queue()
    listener = CallListener(db, lambda e: events.put((time.perf_counter(), e)), poll_seconds=poll)
    listener.start()
    listener.ready.wait(15)
    delays = []
    try:
        for _ in range(calls):
            started = time.perf_counter()  # the notification can arrive before record_call returns
            call = staffcalls.record_call(db, "kiosk-bench", "review")
            while True:
                at, event = events.get(timeout=30)
                if event.kind is CallEventKind.CALLED and event.call_id == call.id:
                    delays.append(at - started)
                    break
            staffcalls.acknowledge(db, call.id, by="clerk-bench")
    finally:
        listener.stop()
    return delays


def report(name: str, delays: list[float]) -> None:
    ordered = sorted(delays)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(f"{name:<28} calls={len(delays):>4}  median={statistics.median(ordered) * 1000:8.1f} ms  "
          f"p95={p95 * 1000:8.1f} ms  max={ordered[-1] * 1000:8.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--poll", type=float, default=2.0, help="SQLite poll interval in seconds")
    args = parser.parse_args()
    with postgres() as db:
        report("postgresql LISTEN/NOTIFY", measure(db, args.calls, args.poll))
    with sqlite() as db:
        report(f"sqlite polling ({args.poll:g} s)", measure(db, min(args.calls, 10), args.poll))
    return 0


if __name__ == "__main__":
    sys.exit(main())
