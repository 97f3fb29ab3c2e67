"""SEC-13: the audit log cannot be trimmed or rewritten undetected. Signed checkpoints kept in the
station's key directory (outside the database) confirm every committed entry; PostgreSQL refuses
UPDATE, DELETE and TRUNCATE on the table; appends from two processes never fork the chain."""

from __future__ import annotations

import json
import multiprocessing
import stat

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from kiosk.storage import audit
from kiosk.storage.database import Database
from kiosk.storage.models import AuditEntry


def _seed(db: Database, n: int = 20) -> None:
    for i in range(n):
        with db.session() as s:
            audit.append(s, "admin-1", "form.save", f"forms/f{i}.yaml", {"version": i})


def _report(db: Database) -> audit.TamperReport:
    checkpoints, forged = db.checkpoints.read()
    with db.session() as s:
        return audit.verify_with_checkpoints(s, checkpoints, forged)


def _as_table_owner(s) -> None:
    """Tamper as the table's owner could: on PostgreSQL first switch off the append-only trigger."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))


def _rechain(s) -> None:
    """Recompute every hash after an edit, as someone covering their tracks would."""
    prev = audit.GENESIS
    for entry in s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars():
        entry.prev_hash = prev
        entry.hash = f"{entry.id:064d}"  # a unique placeholder while the rows are rewritten
    s.flush()
    for entry in s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars():
        entry.prev_hash = prev
        entry.hash = audit.entry_hash(prev, entry.at, entry.actor, entry.action, entry.subject, entry.details or {})
        prev = entry.hash
        s.flush()


def test_sec13_an_untouched_log_matches_its_signed_checkpoints(database):
    _seed(database)
    report = _report(database)
    assert report.ok and report.checkpoints == 20 and report.newest == 20
    assert "matches 20 signed checkpoint(s)" in report.describe()
    key = database.key_dir / "audit-checkpoint-key.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    with database.session() as s:  # the key is nowhere in the database
        stored = " ".join(str(v) for row in s.execute(select(AuditEntry.__table__)).all() for v in row)
    assert key.read_text().splitlines()[1] not in stored


@pytest.mark.parametrize("removed", [1, 10])
def test_sec13_deleting_the_newest_entries_is_reported_with_their_numbers(database, removed):
    _seed(database)
    with database.session() as s:
        assert audit.verify_chain(s).ok
        _as_table_owner(s)
        s.execute(text("DELETE FROM audit_log WHERE id > :keep"), {"keep": 20 - removed})
    with database.session() as s:
        assert audit.verify_chain(s).ok  # the chain alone cannot tell: what is left still links up
    report = _report(database)
    assert not report.ok and report.removed == ((21 - removed, 20),)
    assert "truncated" in report.describe() and report.removed_since
    assert f"{21 - removed}" in report.describe()


def test_sec13_a_rewrite_with_recomputed_hashes_names_the_first_changed_entry(database):
    _seed(database)
    with database.session() as s:
        _as_table_owner(s)
        s.execute(text("UPDATE audit_log SET actor = 'someone-else' WHERE id = 7"))
        _rechain(s)
    with database.session() as s:
        assert audit.verify_chain(s).ok  # a consistent forgery as far as the chain goes
    report = _report(database)
    assert not report.ok and report.changed_at == 7 and report.changed_since
    assert "entry 7 changed" in report.describe()


def test_sec13_a_forged_checkpoint_line_is_reported(database):
    _seed(database, 3)
    path = database.checkpoints.path
    line = json.loads(path.read_text().splitlines()[-1])
    line["hash"] = "0" * 64
    with path.open("a") as out:
        out.write(json.dumps(line) + "\n")
    report = _report(database)
    assert not report.ok and report.forged == 1


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_sec13_postgresql_refuses_update_delete_and_truncate_of_the_audit_log(database):
    _seed(database, 3)
    for statement in ("UPDATE audit_log SET actor = 'x' WHERE id = 1", "DELETE FROM audit_log WHERE id = 3",
                      "TRUNCATE audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), database.session() as s:
            s.execute(text(statement))
    assert _report(database).ok


def _append_many(url: str, key_dir: str, who: str, count: int, start) -> None:
    from pathlib import Path

    db = Database(url, key_dir=Path(key_dir))
    start.wait()
    for i in range(count):
        with db.session() as s:
            audit.append(s, who, "clerk.verify", f"sheet-{who}-{i}", {"i": i})
    db.dispose()


def test_sec13_two_processes_appending_at_once_do_not_fork_the_chain(database):
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    workers = [ctx.Process(target=_append_many, args=(database.url, str(database.key_dir), who, 40, start))
               for who in ("station-a", "station-b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    with database.session() as s:
        forks = s.execute(select(AuditEntry.prev_hash).group_by(AuditEntry.prev_hash)
                          .having(func.count() > 1)).all()
        assert forks == []
        report = audit.verify_chain(s)
    assert report.ok and report.checked == 80
    assert _report(database).ok and _report(database).checkpoints == 80
