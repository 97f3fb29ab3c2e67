"""SEC-09: ``kiosk admin enrol-card`` / ``revoke-card`` / ``cards`` from the command line, with the
staff member's card on the real pcscd (virtual card through vpcd): an administrator signs in, the
card's 利用者証明用 PIN is read like a password, the card proves itself, and both changes are
audited; a clerk can do neither."""

from __future__ import annotations

import io

import pytest
from admin_helpers import PASSWORD, code

from kiosk import cli, staff
from kiosk.admin import audit_view
from kiosk.card.persona import load_persona
from kiosk.card.simulator import DEFAULT_HOST, DEFAULT_PORT, run_simulator, wait_for
from kiosk.card.transport import Terminal
from kiosk.card.virtual_card import VirtualCard
from kiosk.staff_card import enrolled_cards

pytestmark = pytest.mark.pcsc
STAFF_PIN = "4826"


@pytest.fixture
def staff_card_on_reader(pcsc, tmp_path, monkeypatch):
    """staff_sato's card on the virtual reader, and a configuration that lets the command use it."""
    config = tmp_path / "kiosk.toml"
    config.write_text("[card]\nallow_virtual_reader = true\n", encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(config))
    terminal = Terminal(allow_virtual=True)
    handle = run_simulator(VirtualCard(load_persona("staff_sato")), DEFAULT_HOST, DEFAULT_PORT)
    assert handle.wait_connected(10) and wait_for(lambda: terminal.state().card_present, 10)
    yield handle
    handle.stop()
    assert wait_for(lambda: not terminal.state().card_present, 10)
    terminal.close()


def _run(monkeypatch, capsys, db, *argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    rc = cli.main(["admin", *argv, "--url", db.url])
    return rc, capsys.readouterr()


def test_sec09_enrol_list_and_revoke_a_staff_card_audited(db, staff_card_on_reader, monkeypatch, capsys):
    staff.create_account(db, "sato", "clerk", PASSWORD)
    rc, out = _run(monkeypatch, capsys, db, "enrol-card", "sato", "--account", "admin-a",
                   stdin=f"{PASSWORD}\n{code('admin-a')}\n{STAFF_PIN}\n")
    assert rc == 0, out.err
    [(card_id, account, not_after, revoked)] = enrolled_cards(db)
    assert out.out.strip() == f"card {card_id} enrolled for sato; valid until {not_after:%Y-%m-%d}"
    assert "3 tries left" in out.err and STAFF_PIN not in out.out + out.err
    rc, out = _run(monkeypatch, capsys, db, "cards")
    assert rc == 0 and "sato" in out.out and "active" in out.out
    rc, out = _run(monkeypatch, capsys, db, "revoke-card", "--card", str(card_id), "--account", "clerk-1",
                   stdin=f"{PASSWORD}\n\n")
    assert rc == 1 and enrolled_cards(db)[0][3] is None  # a clerk cannot revoke
    rc, out = _run(monkeypatch, capsys, db, "revoke-card", "--card", str(card_id), "--account", "admin-b",
                   stdin=f"{PASSWORD}\n{code('admin-b')}\n")
    assert rc == 0 and out.out.strip() == f"revoked card {card_id}"
    assert enrolled_cards(db)[0][3] is not None
    audited = [(e.actor, e.action, e.subject) for e in audit_view.entries(db, limit=50)
               if e.action.startswith("staff.card")]
    assert sorted(audited) == [("admin-a", "staff.card_enrolled", "sato"), ("admin-b", "staff.card_revoked", "sato")]


def test_sec09_a_wrong_card_pin_or_a_clerk_enrols_nothing(db, staff_card_on_reader, monkeypatch, capsys):
    staff.create_account(db, "sato", "clerk", PASSWORD)
    rc, out = _run(monkeypatch, capsys, db, "enrol-card", "sato", "--account", "admin-a",
                   stdin=f"{PASSWORD}\n{code('admin-a')}\n1111\n")
    assert rc == 1 and "The PIN is wrong. 2 more wrong entries" in out.err
    assert staff_card_on_reader.card.auth_pin_tries() == 2
    rc, out = _run(monkeypatch, capsys, db, "enrol-card", "sato", "--account", "clerk-1", stdin=f"{PASSWORD}\n\n")
    assert rc == 1 and enrolled_cards(db) == []
    assert staff_card_on_reader.card.count(0x2A) == 0  # nothing was signed
