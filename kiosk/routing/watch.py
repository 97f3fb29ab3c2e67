"""``python -m kiosk.routing.watch URL DIVISION``: print one JSON line per ticket arriving in a
division's queue, as another process sees it (used by the tests and ``bench/routing.py``).

Lines: ``{"ready": true}`` once listening, then ``{"number": 3, "forms": [...], "seen": <epoch s>}``
per arrival. Ends when stdin closes. Ids and numbers only: no received data is printed."""

from __future__ import annotations

import json
import queue as queues
import sys
import threading
import time

from kiosk.routing import queue
from kiosk.routing.listen import QueueEvent, QueueEventKind, QueueListener
from kiosk.storage.database import Database


def _say(line: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    url, division = argv[0], argv[1]
    db = Database(url)
    events: queues.Queue[QueueEvent] = queues.Queue()
    listener = QueueListener(db, events.put, poll_seconds=0.2)
    listener.start()
    closed = threading.Event()

    def wait_stdin() -> None:
        sys.stdin.read()
        closed.set()

    threading.Thread(target=wait_stdin, daemon=True).start()
    shown: set[int] = set()
    while not closed.is_set():
        try:
            event = events.get(timeout=0.2)
        except queues.Empty:
            continue
        if event.kind is QueueEventKind.RESYNC:
            shown |= {t.id for t in queue.division_queue(db, division)}
            _say({"ready": True})
            continue
        if event.kind is not QueueEventKind.ARRIVED or event.division != division or event.ticket_id in shown:
            continue
        seen = time.time()
        ticket = queue.ticket(db, event.ticket_id) if event.ticket_id is not None else None
        if ticket is not None:
            shown.add(ticket.id)
            _say({"number": ticket.number, "forms": list(ticket.forms), "next": ticket.next_division, "seen": seen})
    listener.stop()
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
