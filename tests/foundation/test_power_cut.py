"""REL-09: after a hard stop at a random moment the SQLite database passes its integrity checks,
every write the kiosk acknowledged is there, nothing is half written, and the kiosk starts on
the language screen.

What this simulates, plainly: the writer — the kiosk's own storage code (sheet bundles, clerk
receipts with their audit entries, session metrics, staff calls, heartbeats) — is killed with
SIGKILL at a random moment, 50 times, on one database file. A killed process loses what it had
not handed to the kernel yet, but the kernel's page cache survives it and reaches the disk
later; a power cut loses the page cache as well. So this proves less than a power cut: that a
write is acknowledged only once its transaction committed, that no transaction is ever half
visible, and that the file and its WAL are sound whenever the process stops. That the disk keeps
what was synced (WAL with ``synchronous=FULL``, on a disk that honours flushes) is REL-09's
hardware check, an installation step in the README. A true loss of unsynced writes needs a
device-mapper target (dm-flakey, dm-log-writes) that the test machines' kernels do not offer."""

from __future__ import annotations

import os
import random
import time
from collections import defaultdict
from pathlib import Path

import power_cut_writer as writer
from power_cut import Acked, Writer
from sqlalchemy import select as query

from kiosk.storage import audit, integrity
from kiosk.storage.checkpoints import load_or_create_key
from kiosk.storage.database import Database
from kiosk.storage.models import AuditEntry, IssuedSheet, KioskHeartbeat, Receipt, SessionMetric, StaffCall

CYCLES = 50
KILL_WITHIN = 0.25  # seconds after the writer said its pid: the kill lands anywhere in its start or its writes


def check_after_kill(db: Database, cycle: int, acked: Acked) -> None:
    """The database as the next start finds it: sound, with every acknowledged write, and no
    write half there."""
    for check in (integrity.QUICK, integrity.FULL):
        found = integrity.run(db.engine, check)
        assert found.ok, (cycle, check, found.problems)
    kiosk = writer.kiosk_of(cycle)
    with db.session() as s:
        issued = set(s.scalars(query(IssuedSheet.sheet_id).where(IssuedSheet.kiosk_id == kiosk)))
        received = set(s.scalars(query(Receipt.sheet_id).where(Receipt.kiosk_id == kiosk)))
        audited = set(s.scalars(query(AuditEntry.subject).where(AuditEntry.action == "clerk.receive")))
        measured = set(s.scalars(query(SessionMetric.typed_chars).where(SessionMetric.kiosk_id == kiosk)))
        calls = set(s.scalars(query(StaffCall.id).where(StaffCall.kiosk_id == kiosk)))
        beat = s.get(KioskHeartbeat, kiosk)
        tamper = audit.verify_with_checkpoints(s, *db.checkpoints.read())
    for i in acked.kinds["sheets"]:
        assert set(writer.sheet_ids(cycle, i)) <= issued, (cycle, i, "acknowledged bundle lost")
    for i in acked.kinds["receipt"]:
        assert writer.sheet_ids(cycle, i)[0] in received, (cycle, i, "acknowledged receipt lost")
    for i in acked.kinds["metric"]:
        assert writer.typed_chars(cycle, i) in measured, (cycle, i, "acknowledged metric lost")
    assert set(acked.kinds["call"]) <= calls, (cycle, "acknowledged staff call lost")
    assert beat is not None or not acked.kinds["beat"], (cycle, "acknowledged heartbeat lost")
    # Nothing half written: a bundle whole or absent, a receipt with its audit entry and no entry alone.
    firsts = {sheet_id for sheet_id in issued if sheet_id[10] == "a"}
    assert {sheet_id[:10] for sheet_id in issued if sheet_id[10] == "b"} == {x[:10] for x in firsts}, cycle
    assert received == {x for x in audited if x in firsts}, (cycle, "receipt and audit entry apart")
    # At most the one write in flight when the kill came is there beyond what was acknowledged.
    assert len(issued) // 2 <= len(acked.kinds["sheets"]) + 1, cycle
    assert len(received) <= len(acked.kinds["receipt"]) + 1, cycle
    assert tamper.ok, (cycle, tamper.describe())


def test_rel09_50_random_kills_lose_no_acknowledged_write_and_leave_the_database_sound(tmp_path: Path) -> None:
    """REL-09 (a process kill, not a power cut: see the module's docstring): 50 writers of the
    kiosk's storage code killed at random moments on one database; after each, quick_check and
    integrity_check pass, every acknowledged submission is there and none is half there."""
    url, key_dir = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}", tmp_path / "keys"
    db = Database(url, key_dir=key_dir)
    db.upgrade()
    load_or_create_key(key_dir)  # the station's checkpoint key exists before any writer starts
    seed = int(os.environ.get("KIOSK_POWER_CUT_SEED", time.time_ns() % 1_000_000))
    chance = random.Random(seed)
    proc = Writer(url, key_dir, tmp_path / "writer.log")
    total: dict[str, int] = defaultdict(int)
    try:
        for cycle in range(CYCLES):
            acked = proc.cycle(cycle, chance.uniform(0.0, KILL_WITHIN))
            for kind, numbers in acked.kinds.items():
                total[kind] += len(numbers)
            try:
                check_after_kill(db, cycle, acked)
            except AssertionError as exc:
                raise AssertionError(f"seed {seed} (KIOSK_POWER_CUT_SEED): {exc}\n{proc.stderr()}") from exc
            db.dispose()  # the next writer starts on the file as a restarted kiosk would find it
    finally:
        proc.close()
        db.dispose()
    # The kills landed among the writes, not only before the first: most writers acknowledged some.
    assert total["sheets"] >= CYCLES and total["receipt"] >= CYCLES // 2, (seed, dict(total))
    assert "Traceback" not in proc.stderr()
    print(f"REL-09 kills: seed {seed}, acknowledged {dict(total)}")
