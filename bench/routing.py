"""Delivery of a received bundle to the division queues of other processes: from the call to
:func:`kiosk.routing.queue.receive_bundle` (numbering, inserts and commit included) to the moment
each of three watcher processes (``python -m kiosk.routing.watch``, one per division) sees its
ticket — on PostgreSQL (LISTEN/NOTIFY) and on SQLite (the watchers poll every 0.2 s). Prints
median, p95 and max per backend over every division's arrival; asserts nothing.

Run under the test services (PostgreSQL from ``KIOSK_TEST_DATABASE_URL``)::

    script/with-services .venv/bin/python bench/routing.py --bundles 30
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import queue as queues
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from staff_calls import postgres, sqlite  # noqa: E402

from kiosk.catalogue.loader import load_catalogue  # noqa: E402
from kiosk.clerk.record import SheetRecord  # noqa: E402
from kiosk.routing import queue  # noqa: E402
from kiosk.routing.divisions import Divisions  # noqa: E402
from kiosk.storage.database import Database  # noqa: E402

DIVISIONS = ("shimin", "hoken_nenkin", "kosodate")
FORMS = ("juminido", "kokuho", "jidoteate")


def _sheet(form_id: str) -> SheetRecord:
    now = dt.datetime.now(dt.UTC)
    return SheetRecord(sheet_id=secrets.token_hex(16), form_id=form_id, form_version=1, kiosk_id="bench",
                       issued_at=now, expires_at=now + dt.timedelta(days=30), confirm_my_number=False,
                       household={"filer.name": "架空 太郎"}, persons=[{"person.name": "架空 太郎"}])


def run(db: Database, bundles: int) -> list[float]:
    divisions = Divisions.of(load_catalogue())
    watchers = []
    for division in DIVISIONS:
        proc = subprocess.Popen([sys.executable, "-m", "kiosk.routing.watch", db.url, division], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, env=dict(os.environ))
        lines: queues.Queue[dict[str, object]] = queues.Queue()

        def pump(p: subprocess.Popen[str] = proc, q: queues.Queue[dict[str, object]] = lines) -> None:
            assert p.stdout is not None
            for line in p.stdout:
                q.put(json.loads(line))

        threading.Thread(target=pump, daemon=True).start()
        watchers.append((proc, lines))
    latencies: list[float] = []
    try:
        for _, lines in watchers:
            lines.get(timeout=60)  # ready
        for _ in range(bundles):
            sent = time.time()
            queue.receive_bundle(db, [_sheet(f) for f in FORMS], divisions, station_id="bench")
            for _, lines in watchers:
                seen = lines.get(timeout=30)["seen"]
                assert isinstance(seen, float)
                latencies.append(seen - sent)
            time.sleep(0.05)
    finally:
        for proc, _ in watchers:
            assert proc.stdin is not None
            proc.stdin.close()
        for proc, _ in watchers:
            proc.wait(timeout=30)
    return latencies


def report(name: str, values: list[float]) -> None:
    ordered = sorted(values)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    print(f"{name:10}  n={len(values):4}  median {statistics.median(values) * 1000:7.1f} ms  "
          f"p95 {p95 * 1000:7.1f} ms  max {max(values) * 1000:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundles", type=int, default=30)
    args = parser.parse_args()
    print(f"receive_bundle → arrival in another process, {len(DIVISIONS)} division watchers, {args.bundles} bundles")
    if os.environ.get("KIOSK_TEST_DATABASE_URL"):
        with postgres() as db:
            report("postgresql", run(db, args.bundles))
    with sqlite() as db:
        report("sqlite", run(db, args.bundles))


if __name__ == "__main__":
    main()
