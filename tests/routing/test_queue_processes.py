"""A bundle received at one process appears in three division queues in other processes, on the
real PostgreSQL server (LISTEN/NOTIFY) and on SQLite (polling)."""

from __future__ import annotations

import json
import os
import queue as queues
import subprocess
import sys
import threading
import time

from kiosk.routing import queue

DIVISIONS = ("shimin", "hoken_nenkin", "kosodate")


def _watchers(url: str) -> list[tuple[subprocess.Popen[str], queues.Queue[dict]]]:
    out = []
    for division in DIVISIONS:
        proc = subprocess.Popen([sys.executable, "-m", "kiosk.routing.watch", url, division], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, env=dict(os.environ))
        lines: queues.Queue[dict] = queues.Queue()

        def pump(p: subprocess.Popen[str] = proc, q: queues.Queue[dict] = lines) -> None:
            assert p.stdout is not None
            for line in p.stdout:
                q.put(json.loads(line))

        threading.Thread(target=pump, daemon=True).start()
        out.append((proc, lines))
    return out


def _stop(watchers) -> None:
    for proc, _ in watchers:
        assert proc.stdin is not None
        proc.stdin.close()
    for proc, _ in watchers:
        try:
            assert proc.wait(timeout=20) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            assert proc.stdout is not None
            proc.stdout.close()


def _arrivals(db, url, divisions, bundle) -> list[tuple[dict, float]]:
    watchers = _watchers(url)
    try:
        for _, lines in watchers:
            assert lines.get(timeout=60) == {"ready": True}
        sent = time.time()
        routed = queue.receive_bundle(db, bundle("juminido", "kokuho", "jidoteate", "mynumber_card"), divisions,
                                      station_id="counter-01")
        got = [(lines.get(timeout=30), sent) for _, lines in watchers]  # a generous wait; bench/routing.py measures
        assert [g["number"] for g, _ in got] == [routed.number_for(d) for d in DIVISIONS]
        return got
    finally:
        _stop(watchers)


def test_a_bundle_received_in_one_process_reaches_three_division_queues_in_others_on_postgresql(
        pg_database, divisions, bundle):
    db, url = pg_database
    got = _arrivals(db, url, divisions, bundle)
    assert [g["forms"] for g, _ in got] == [["juminido", "mynumber_card"], ["kokuho"], ["jidoteate"]]
    assert [g["next"] for g, _ in got] == ["hoken_nenkin", "kosodate", None]
    assert all(g["seen"] >= sent - 1 for g, sent in got)


def test_sqlite_queues_reach_other_processes_by_polling(db, divisions, bundle):
    got = _arrivals(db, db.url, divisions, bundle)
    assert [g["forms"] for g, _ in got] == [["juminido", "mynumber_card"], ["kokuho"], ["jidoteate"]]
