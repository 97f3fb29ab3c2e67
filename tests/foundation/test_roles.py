"""SEC-11 / SEC-13: the least-privilege PostgreSQL roles of ``kiosk/storage/roles.sql`` (shown in
the README) on a real server: each role can do its work and nothing more; no role can change or
delete audit entries."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from kiosk import keys, metrics, staff
from kiosk.clerk import trustlist
from kiosk.storage import audit, sheets
from kiosk.storage.database import Database

ROOT = Path(__file__).resolve().parents[2]
ROLES_SQL = ROOT / "kiosk" / "storage" / "roles.sql"
PASSWORD = "correct horse battery"


def _statements(suffix: str) -> list[str]:
    body = re.sub(r"--[^\n]*", "", ROLES_SQL.read_text(encoding="utf-8"))
    body = re.sub(r"\b(kiosk_owner|kiosk|clerk|admin|counter)\b(?!_)", lambda m: f"{m.group(1)}_{suffix}", body)
    return [s.strip() for s in body.split(";") if s.strip()]


def test_the_readme_shows_the_role_statements_that_are_tested():
    body = "\n".join(line for line in ROLES_SQL.read_text(encoding="utf-8").splitlines()[2:])
    assert body in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def roles(postgres_url, tmp_path):
    """A database upgraded by its owner and the roles of roles.sql: name -> Database."""
    suffix = uuid.uuid4().hex[:8]
    name = f"t_{suffix}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = postgres_url.rsplit("/", 1)[0] + "/" + name
    owner = Database(base, key_dir=tmp_path / "keys")
    owner.upgrade()
    with owner.engine.begin() as conn:
        for statement in _statements(suffix):
            conn.execute(text(statement))
    dbs = {role: Database(base.replace("://postgres@", f"://{role}_{suffix}@"), key_dir=tmp_path / "keys")
           for role in ("kiosk", "clerk", "admin", "counter")}
    dbs["owner"] = owner
    yield dbs
    for db in dbs.values():
        db.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        for role in ("counter", "kiosk", "clerk", "admin", "kiosk_owner"):
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}_{suffix}"'))
    admin.dispose()


def _refused(work) -> None:
    with pytest.raises(DBAPIError, match="permission denied|append-only"):
        work()


def test_sec11_each_role_does_its_work_and_nothing_more(roles, tmp_path):
    """SEC-11, PRIV-14: each role does its work; the kiosk's lists nothing residents submitted."""
    kiosk, clerk, admin = roles["kiosk"], roles["clerk"], roles["admin"]
    now = dt.datetime.now(dt.UTC)
    # admin: accounts and the trust list
    staff.create_account(admin, "admin01", "admin", PASSWORD)
    staff.create_account(admin, "clerk01", "clerk", PASSWORD)
    entry = keys.init_keys(tmp_path / "kiosk-keys", kiosk_id="kiosk-01", now=now - dt.timedelta(days=1))
    trustlist.import_entries(admin, json.dumps(entry), actor="admin01")
    # kiosk: records what it printed, appends to the audit log; cannot read staff accounts
    sheets.record_issued(kiosk, sheet_id="ab" * 16, form_id="juminido", form_version=1, kiosk_id="kiosk-01",
                         issued_at=now, expires_at=now + dt.timedelta(days=30))
    with kiosk.session() as s:
        audit.append(s, "kiosk-01", "sheet.issue", "ab" * 16, {})
    assert metrics.store(kiosk, metrics.SessionRecord(kiosk_id="kiosk-01", started_at=now, ending="completed"))
    _refused(lambda: staff.sign_in(kiosk, "clerk01", PASSWORD))
    # clerk: signs in, receives sheets; cannot add accounts or change the trust list
    assert staff.sign_in(clerk, "clerk01", PASSWORD, role="clerk").id == "clerk01"
    assert sheets.receive_audited(clerk, sheet_id="ab" * 16, station_id="clerk-01", staff_id="clerk01").first
    _refused(lambda: staff.create_account(clerk, "clerk02", "admin", PASSWORD))
    _refused(lambda: trustlist.revoke(clerk, entry["kid"], actor="clerk01"))
    # division queues: the kiosk draws waiting numbers; a clerk station receives, moves and purges
    from kiosk.catalogue.loader import load_catalogue
    from kiosk.clerk.record import SheetRecord
    from kiosk.routing import queue
    from kiosk.routing.divisions import Divisions

    divisions = Divisions.of(load_catalogue())
    issued = queue.issue_numbers(kiosk, [("cd" * 16, "kokuho")], divisions, source="kiosk-01")
    ticket_id = issued.stops[0].ticket_id
    _refused(lambda: queue.take(kiosk, ticket_id, by="kiosk-01"))
    record = SheetRecord(sheet_id="cd" * 16, form_id="kokuho", form_version=1, kiosk_id="kiosk-01", issued_at=now,
                         expires_at=now, confirm_my_number=False, household={}, persons=[])
    assert queue.receive_bundle(clerk, [record], divisions, station_id="clerk-01").queued == ("cd" * 16,)
    assert queue.take(clerk, ticket_id, by="clerk-01").state == "in_progress"
    assert queue.call(clerk, ticket_id, by="clerk-01").call_count == 1
    # PRIV-14: a kiosk reads back nothing residents submitted: no received data, receipt or sheet list
    for sql in ("SELECT data FROM queue_items", "SELECT * FROM queue_items", "SELECT sheet_id FROM receipts",
                "SELECT sheet_id FROM issued_sheets"):
        def read(sql=sql) -> None:
            with kiosk.session() as s:
                s.execute(text(sql)).all()
        _refused(read)
    assert queue.purge_expired(clerk, by="clerk-01", now=now + dt.timedelta(days=400)) == 1
    # nobody changes or deletes an audit entry
    for role in (kiosk, clerk, admin):
        for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
            def tamper(db=role, sql=statement) -> None:
                with db.session() as s:
                    s.execute(text(sql))
            _refused(tamper)
    with admin.session() as s:
        assert audit.verify_chain(s).ok


def test_rel10_a_kiosk_writes_its_heartbeat_and_a_clerk_station_reads_them(roles):
    """REL-10 / SEC-11: the kiosk role writes its beat over its last one; the clerk role reads the
    beats and writes none."""
    from kiosk import heartbeat
    from kiosk.heartbeat import KioskState, Parts

    kiosk, clerk = roles["kiosk"], roles["clerk"]
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    heartbeat.record_beat(kiosk, "kiosk-01", KioskState.RUNNING, Parts(), now=long_ago)
    assert [b.kiosk_id for b in heartbeat.silent_kiosks(clerk, dt.timedelta(minutes=2))] == ["kiosk-01"]
    heartbeat.record_beat(kiosk, "kiosk-01", KioskState.STOPPED, Parts())  # written over
    assert [b.state for b in heartbeat.last_beats(clerk)] == [KioskState.STOPPED]
    _refused(lambda: heartbeat.record_beat(clerk, "kiosk-01", KioskState.RUNNING, Parts()))
    heartbeat.record_beat(kiosk, "kiosk-01", KioskState.RUNNING, Parts(), now=long_ago)
    _refused(lambda: heartbeat.retire(clerk, "kiosk-01", by="clerk01"))  # an administrator's, audited
    retired = heartbeat.retire(roles["admin"], "kiosk-01", by="admin01")
    assert retired is not None and heartbeat.silent_kiosks(clerk, dt.timedelta(minutes=2)) == []


def test_staff_calls_a_kiosk_calls_and_alerts_and_a_clerk_station_sees_acknowledges_and_raises_them(roles):
    """SEC-11 / REL-04 / REL-10: 係員を呼ぶ and a kiosk's own alerts work under the least-privilege
    roles: the kiosk records a call and an alert and reads whether staff answered; a clerk station
    (or the counter, as the clerk role) lists the open ones, raises an unanswered one again,
    acknowledges it, and records a printer alert of its own; the kiosk acknowledges nothing."""
    from kiosk import staffcalls

    kiosk, clerk = roles["kiosk"], roles["clerk"]
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    call = staffcalls.record_call(kiosk, "kiosk-01", "review", now=long_ago)
    alert = staffcalls.record_alert(kiosk, "kiosk-01", "printer.media_low")
    assert alert is not None
    assert {c.id for c in staffcalls.open_calls(clerk)} == {call.id, alert.id}
    assert [c.id for c in staffcalls.raise_due(clerk, dt.timedelta(minutes=5))] == [call.id]
    _refused(lambda: staffcalls.acknowledge(kiosk, call.id, by="kiosk-01"))
    assert staffcalls.acknowledge(clerk, call.id, by="clerk-01") is not None
    state = staffcalls.call_state(kiosk, call.id)
    assert state is not None and state.acknowledged_by == "clerk-01"
    assert staffcalls.record_alert(clerk, "kiosk-02", "printer.media_low") is not None  # the counter's printer


def test_the_counter_signs_its_clerk_in_prints_as_a_kiosk_and_receives_its_own_bundle(roles, tmp_path):
    """SEC-11: the counter (``kiosk counter``) is a clerk's desk that prints as a kiosk does: its
    role signs the clerk in, records the sheets it printed, its session's figures and its printer's
    alerts, and receives the bundle into the division queues; it adds no staff account."""
    from kiosk import staffcalls
    from kiosk.catalogue.loader import load_catalogue
    from kiosk.clerk.record import SheetRecord
    from kiosk.routing import queue
    from kiosk.routing.divisions import Divisions

    counter, admin = roles["counter"], roles["admin"]
    now = dt.datetime.now(dt.UTC)
    staff.create_account(admin, "clerk01", "clerk", PASSWORD)
    assert staff.sign_in(counter, "clerk01", PASSWORD, role="clerk").id == "clerk01"
    sheets.record_issued(counter, sheet_id="ef" * 16, form_id="kokuho", form_version=1, kiosk_id="kiosk-01",
                         issued_at=now, expires_at=now + dt.timedelta(days=30))
    assert metrics.store(counter, metrics.SessionRecord(kiosk_id="counter-desk-01", started_at=now, ending="completed"))
    assert staffcalls.record_alert(counter, "kiosk-01", "printer.media_low") is not None
    record = SheetRecord(sheet_id="ef" * 16, form_id="kokuho", form_version=1, kiosk_id="kiosk-01", issued_at=now,
                         expires_at=now, confirm_my_number=False, household={}, persons=[])
    divisions = Divisions.of(load_catalogue())
    assert queue.receive_bundle(counter, [record], divisions, station_id="counter:desk-01").queued == ("ef" * 16,)
    _refused(lambda: staff.create_account(counter, "clerk02", "admin", PASSWORD))


def test_sec09_sec11_the_kiosk_checks_staff_cards_but_only_administrators_enrol_or_revoke_them(roles):
    """SEC-09 / SEC-11: an administrator enrols and revokes staff cards; the kiosk role reads what
    checking a card needs (and audits the try) but cannot enrol, revoke, or see who enrolled a card;
    a clerk station can do neither."""
    from kiosk.card.persona import load_persona
    from kiosk.card.simulator import InProcessChannel
    from kiosk.card.virtual_card import VirtualCard
    from kiosk.staff_card import Enrolment, EntryCheck, enrolled_cards, revoke

    kiosk, clerk, admin = roles["kiosk"], roles["clerk"], roles["admin"]
    card = VirtualCard(load_persona("staff_sato"))
    staff.create_account(admin, "sato", "clerk", PASSWORD)
    enrolment = Enrolment(admin, InProcessChannel(card), "sato", by="admin01")
    enrolment.begin()
    enrolled = enrolment.finish(bytearray(b"4826"))
    check = EntryCheck(kiosk, InProcessChannel(card), kiosk_id="kiosk-01")
    check.query_tries()
    assert check.read(bytearray(b"4826")).account == "sato"
    _refused(lambda: revoke(kiosk, by="kiosk-01", account="sato"))
    with kiosk.engine.connect() as conn:  # who enrolled a card, and when, is not the kiosk's to read
        _refused(lambda: conn.execute(text("SELECT enrolled_by FROM staff_cards")))
    assert [card[1] for card in enrolled_cards(admin)] == ["sato"]
    other = Enrolment(kiosk, InProcessChannel(card), "sato", by="kiosk-01")
    _refused(other.begin)
    with kiosk.engine.begin() as conn:
        _refused(lambda: conn.execute(text("INSERT INTO staff_cards (account, fingerprint, public_key, not_after, "
                                           "enrolled_at, enrolled_by) VALUES ('sato', 'f', 'k', now(), now(), 'x')")))
    _refused(lambda: revoke(clerk, by="clerk01", account="sato"))
    assert revoke(admin, by="admin01", account="sato") == [enrolled.id]
