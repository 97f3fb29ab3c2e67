"""The writer the REL-09 kill test kills: the kiosk's own storage code writing submissions in a
loop, each acknowledged over a pipe only once its call returned (its transaction committed).

Run as ``python power_cut_writer.py URL KEY_DIR``: it imports the kiosk's storage once, then for
each line ``go CYCLE`` on stdin forks a writer and waits for it to die. The writer prints
``pid PID``, then one line per acknowledged write, with ``os.write`` (one pipe write per line,
nothing buffered): ``sheets C I`` (a bundle of two sheets), ``receipt C I`` (a receipt and its
audit entry), ``metric C I``, ``call C I ID``, ``beat C I``. Once the writer is dead, ``done
STATUS``. Forking from a process that has already imported everything keeps a cycle short."""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback

from kiosk import heartbeat, metrics, staffcalls
from kiosk.heartbeat import KioskState, Parts
from kiosk.storage import sheets
from kiosk.storage.database import Database

LIMIT = 20_000  # writes a writer makes at most, should nobody kill it


def kiosk_of(cycle: int) -> str:
    return f"pc-{cycle:03d}"


def sheet_ids(cycle: int, i: int) -> tuple[str, str]:
    return f"{cycle:04d}{i:06d}a".ljust(32, "0"), f"{cycle:04d}{i:06d}b".ljust(32, "0")


def typed_chars(cycle: int, i: int) -> int:
    """The session metric's number that names its cycle and write."""
    return cycle * 1_000_000 + i


def _ack(*words: object) -> None:
    os.write(1, (" ".join(str(w) for w in words) + "\n").encode())


def write(url: str, key_dir: str, cycle: int) -> None:
    db = Database(url, key_dir=key_dir)
    db.check_integrity()  # as every station does when it opens the database
    kiosk = kiosk_of(cycle)
    _ack("pid", os.getpid())
    for i in range(LIMIT):
        now = dt.datetime.now(dt.UTC)
        first, second = sheet_ids(cycle, i)
        sheets.record_bundle(db, [sheets.Issued(sheet_id, "juminido", 1, kiosk, now, now + dt.timedelta(days=30))
                                  for sheet_id in (first, second)])
        _ack("sheets", cycle, i)
        sheets.receive_audited(db, sheet_id=first, station_id="clerk-01", form_id="juminido", kiosk_id=kiosk)
        _ack("receipt", cycle, i)
        record = metrics.SessionRecord(kiosk_id=kiosk, started_at=now, ended_at=now, ending="completed",
                                       language="ja", last_screen="result", typed_chars=typed_chars(cycle, i))
        if metrics.store(db, record):
            _ack("metric", cycle, i)
        call = staffcalls.record_call(db, kiosk, "review")
        _ack("call", cycle, i, call.id)
        heartbeat.record_beat(db, kiosk, KioskState.RUNNING, Parts(printer="ok"))
        _ack("beat", cycle, i)
    db.dispose()


def main(url: str, key_dir: str) -> int:
    for line in sys.stdin:
        word, cycle = line.split()
        assert word == "go"
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                write(url, key_dir, int(cycle))
            except BaseException:  # noqa: BLE001 - said on stderr, and the status shows it
                traceback.print_exc()
                sys.stderr.flush()
                code = 1
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        _ack("done", status)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
