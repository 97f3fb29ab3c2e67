"""Audit log: the cost of one append (hash chain, writer lock, signed checkpoint after commit) and
of ``audit-verify`` against the checkpoints.

    .venv/bin/python bench/audit.py [--database URL] [--entries 500] [--processes 2]

Prints the median and p95 time of one append (its own transaction, as a station writes them), the
throughput of ``--processes`` processes appending at once (and whether the chain stayed one chain),
and the time to verify the whole log against the signed checkpoints. The database defaults to a
temporary SQLite file; pass a PostgreSQL URL (an empty database) to measure a shared server.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _append(url: str, key_dir: str, who: str, count: int) -> None:
    from kiosk.storage import audit
    from kiosk.storage.database import Database

    db = Database(url, key_dir=Path(key_dir))
    for i in range(count):
        with db.session() as s:
            audit.append(s, who, "clerk.verify", f"sheet-{i:06d}", {"verdict": "authentic"})
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=None)
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    from kiosk.storage import audit
    from kiosk.storage.database import Database

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-audit-") as tmp:
        url = args.database or f"sqlite:///{tmp}/audit.sqlite3"
        key_dir = Path(tmp) / "keys"
        db = Database(url, key_dir=key_dir)
        db.upgrade()
        times = []
        for i in range(args.entries):
            start = time.perf_counter()
            with db.session() as s:
                audit.append(s, "bench", "clerk.verify", f"sheet-{i:06d}", {"verdict": "authentic"})
            times.append(time.perf_counter() - start)
        times.sort()
        print(f"backend            {db.dialect}")
        print(f"append (1 process) median {statistics.median(times) * 1000:.2f} ms  "
              f"p95 {times[int(len(times) * 0.95)] * 1000:.2f} ms  ({args.entries} entries)")
        ctx = multiprocessing.get_context("spawn")
        per = args.entries // args.processes
        workers = [ctx.Process(target=_append, args=(url, str(key_dir), f"station-{n}", per))
                   for n in range(args.processes)]
        start = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        elapsed = time.perf_counter() - start
        print(f"append ({args.processes} processes) {per * args.processes / elapsed:.0f} entries/s "
              f"(process start included)")
        start = time.perf_counter()
        checkpoints, forged = db.checkpoints.read()
        with db.session() as s:
            report = audit.verify_with_checkpoints(s, checkpoints, forged)
        print(f"audit-verify       {(time.perf_counter() - start) * 1000:.0f} ms for {report.chain.checked} entries, "
              f"{report.checkpoints} checkpoints: {'intact' if report.ok else 'NOT INTACT'}")
        db.dispose()
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
