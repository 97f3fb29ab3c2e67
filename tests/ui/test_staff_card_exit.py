"""SEC-09: the kiosk's staff exit with a staff member's own card and its PIN, on the real widgets
(Qt offscreen), the real card reader worker, pcscd with vpcd and the virtual card, and a real
SQLite database: an enrolled card with its PIN leaves the kiosk; an unenrolled, revoked or
resident's card, a wrong PIN or a card pulled mid-check is refused with a message, each try
audited; no PIN or certificate fingerprint reaches the audit table or the log."""

from __future__ import annotations

import dataclasses
import hashlib
import logging

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk import staff
from kiosk.card.persona import load_persona
from kiosk.card.simulator import DEFAULT_HOST, DEFAULT_PORT, InProcessChannel, run_simulator, wait_for
from kiosk.card.transport import Terminal
from kiosk.card.virtual_card import VirtualCard
from kiosk.journey import Ending
from kiosk.staff_card import Enrolment, EntryCheck, revoke
from kiosk.storage import audit
from kiosk.storage.database import Database
from kiosk.storage.models import AuditEntry
from kiosk.ui.card_worker import CardReader, CardWorker
from kiosk.ui.operations import runner

from .helpers import tap

pytestmark = [pytest.mark.pcsc, pytest.mark.gui]
STAFF_PIN = "4826"
WAIT = 15_000


@pytest.fixture
def database(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}", key_dir=tmp_path / "keys")
    db.upgrade()
    staff.create_account(db, "sato", "clerk", "correct horse battery")
    yield db
    runner().wait_idle(10_000)
    db.dispose()


@pytest.fixture
def reader(pcsc, qtbot):
    r = CardReader(CardWorker(Terminal(allow_virtual=True), poll_ms=50))
    yield r
    r.stop()


@pytest.fixture
def card_on_reader(pcsc):
    """``card_on_reader(virtual_card)`` puts it on the virtual reader (the one before leaves)."""
    terminal = Terminal(allow_virtual=True)
    handles = []

    def place(card):
        for handle in handles:
            handle.stop()
        assert wait_for(lambda: not terminal.state().card_present, 10)
        handle = run_simulator(card, DEFAULT_HOST, DEFAULT_PORT)
        handles.append(handle)
        assert handle.wait_connected(10)
        return handle

    yield place
    for handle in handles:
        handle.stop()
    assert wait_for(lambda: not terminal.state().card_present, 10)
    terminal.close()


def enrol(database, persona):
    enrolment = Enrolment(database, InProcessChannel(VirtualCard(persona)), "sato", by="admin-a")
    enrolment.begin()
    return enrolment.finish(bytearray(STAFF_PIN.encode()))


def staff_panel(kiosk_window, qtbot, database, reader):
    window = kiosk_window(database=database, card_worker=reader)
    window.journey.choose_language("en")
    qtbot.mouseClick(window.staff_button, Qt.MouseButton.LeftButton)
    panel = window.overlay
    qtbot.mouseClick(panel.staff, Qt.MouseButton.LeftButton)
    assert panel.state == "place" and "place your staff card" in panel.instruction.text()
    return window, panel


def exits(database):
    assert runner().wait_idle(10_000)
    with database.session() as s:
        assert audit.verify_chain(s).ok
        return [e.details for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id)) if e.action == "kiosk.staff_exit"]


def test_sec09_an_enrolled_staff_card_and_its_pin_leave_the_kiosk(kiosk_window, qtbot, database, reader,
                                                                  card_on_reader, caplog):
    caplog.set_level(logging.DEBUG)
    persona = load_persona("staff_sato")
    enrol(database, persona)
    window, panel = staff_panel(kiosk_window, qtbot, database, reader)
    card_on_reader(VirtualCard(persona))
    qtbot.waitUntil(lambda: panel.state == "pin", timeout=WAIT)
    assert "3 tries left" in panel.instruction.text()
    tap(qtbot, panel.pad, STAFF_PIN)  # by touch
    qtbot.mouseClick(panel.pad.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.staff_exit_allowed, timeout=WAIT)
    assert not window.isVisible() and window.ended_records[-1].ending == Ending.STAFF.value
    assert exits(database) == [{"accepted": True, "method": "card", "reason": "ok", "account": "sato"}]
    fingerprint = hashlib.sha256(persona.jpki.certificate).hexdigest()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (STAFF_PIN, fingerprint, fingerprint[:12]):
        assert secret not in logged and secret not in repr(exits(database))


def test_sec09_a_wrong_pin_shows_the_tries_left_then_the_right_one_by_keys_opens(kiosk_window, qtbot, database,
                                                                                 reader, card_on_reader):
    persona = load_persona("staff_sato")
    enrol(database, persona)
    window, panel = staff_panel(kiosk_window, qtbot, database, reader)
    handle = card_on_reader(VirtualCard(persona))
    qtbot.waitUntil(lambda: panel.state == "pin", timeout=WAIT)
    panel.pad.setFocus()
    qtbot.keyClicks(panel.pad, "0000")  # by keys: digits, then Enter on OK
    qtbot.keyClick(panel.pad.ok, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "2 tries left" in panel.problem.label.text(), timeout=WAIT)
    assert panel.state == "pin" and panel.pad.value == "" and window.isVisible()
    assert handle.card.auth_pin_tries() == 2
    qtbot.keyClicks(panel.pad, STAFF_PIN)
    qtbot.keyClick(panel.pad.ok, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.staff_exit_allowed, timeout=WAIT)
    reasons = [(d["accepted"], d["reason"]) for d in exits(database)]
    assert reasons == [(False, "wrong_pin"), (True, "ok")] and "0000" not in repr(exits(database))


def test_sec09_unenrolled_revoked_and_residents_cards_are_refused_with_a_message(kiosk_window, qtbot, database, reader,
                                                                                card_on_reader):
    persona = load_persona("staff_sato")
    window, panel = staff_panel(kiosk_window, qtbot, database, reader)
    card_on_reader(VirtualCard(persona))  # not enrolled (yet)
    qtbot.waitUntil(lambda: "not enrolled" in panel.problem.label.text(), timeout=WAIT)
    assert panel.pad is None
    card = enrol(database, persona)
    revoke(database, by="admin-a", card_id=card.id)
    card_on_reader(VirtualCard(persona))
    qtbot.waitUntil(lambda: "revoked" in panel.problem.label.text(), timeout=WAIT)
    resident = card_on_reader(VirtualCard(load_persona("adult")))
    qtbot.waitUntil(lambda: "not a staff card" in panel.problem.label.text(), timeout=WAIT)
    assert panel.pad is None and window.isVisible() and not window.staff_exit_allowed
    assert resident.card.count(0x20) == 0  # the resident's PINs were not touched
    assert [d["reason"] for d in exits(database)] == ["unknown_card", "revoked", "not_staff_card"]
    window.staff_exit_allowed = True


def test_sec09_a_card_pulled_during_the_check_asks_for_it_again_and_costs_no_try(kiosk_window, qtbot, database, reader,
                                                                                card_on_reader):
    persona = load_persona("staff_sato")
    enrol(database, persona)
    probe = VirtualCard(persona)  # the APDUs the check sends before its VERIFY with the PIN
    EntryCheck(database, InProcessChannel(probe), kiosk_id="probe").query_tries()
    verify_at = len(probe.log) + 1
    window, panel = staff_panel(kiosk_window, qtbot, database, reader)
    handle = card_on_reader(VirtualCard(dataclasses.replace(
        persona, faults=dataclasses.replace(persona.faults, remove_after_apdu=verify_at))))
    qtbot.waitUntil(lambda: panel.state == "pin", timeout=WAIT)
    tap(qtbot, panel.pad, STAFF_PIN)
    qtbot.mouseClick(panel.pad.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "left the reader" in panel.problem.label.text(), timeout=WAIT)
    assert panel.state == "place" and window.isVisible() and not window.staff_exit_allowed
    assert handle.card.auth_pin_tries() == 3
    assert exits(database)[-1] == {"accepted": False, "method": "card", "reason": "card_removed", "account": "sato"}
    window.staff_exit_allowed = True


def test_sec09_back_gives_the_reader_back_to_the_residents_card_screen(kiosk_window, qtbot, database, reader):
    window, panel = staff_panel(kiosk_window, qtbot, database, reader)
    assert panel._port is reader  # noqa: SLF001
    qtbot.mouseClick(panel.back, Qt.MouseButton.LeftButton)
    assert window.overlay is None and panel._port is None  # noqa: SLF001
    window.staff_exit_allowed = True
