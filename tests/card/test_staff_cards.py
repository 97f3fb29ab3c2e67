"""SEC-09: staff cards for the kiosk's maintenance exit, on SQLite and the real PostgreSQL server,
with the virtual card behind the real pcscd: enrolment proves the card by its PIN and a signature
(audited), revocation is audited, and the kiosk's check accepts an enrolled card with its PIN and
refuses every other card, each try audited without the PIN or the certificate's fingerprint."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging

import pytest
from sqlalchemy import select
from staff_cards import PASSWORD, STAFF_PIN, staff_persona

from kiosk import staff
from kiosk.card import errors
from kiosk.card.persona import load_persona
from kiosk.card.simulator import InProcessChannel
from kiosk.card.virtual_card import VirtualCard
from kiosk.staff_card import Enrolment, EntryCheck, StaffCardRefused, enrolled_cards, revoke
from kiosk.storage import audit
from kiosk.storage.models import AuditEntry

pytestmark = pytest.mark.pcsc
KIOSK = "kiosk-01"


@pytest.fixture
def accounts(database):
    staff.create_account(database, "admin-a", "admin", PASSWORD)
    staff.create_account(database, "sato", "clerk", PASSWORD)
    staff.create_account(database, "suzuki", "clerk", PASSWORD)
    return database


def enrol(db, terminal, account="sato", pin=STAFF_PIN, now=None):
    with terminal.connect() as channel:
        enrolment = Enrolment(db, channel, account, by="admin-a", now=now)
        tries = enrolment.begin()
        return tries, enrolment.finish(bytearray(pin.encode()))


def entry(db, terminal, pin=STAFF_PIN, now=None):
    """The kiosk's check of the card on the reader: (tries read first, the accepted entry)."""
    with terminal.connect() as channel:
        check = EntryCheck(db, channel, kiosk_id=KIOSK, now=now)
        tries = check.query_tries()
        return tries, check.read(bytearray(pin.encode()))


def audit_entries(db):
    with db.session() as s:
        assert audit.verify_chain(s).ok
        return [(e.actor, e.action, e.subject, e.details) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))
                if e.action.startswith(("staff.card", "kiosk.staff_exit"))]


def fingerprint(persona) -> str:
    return hashlib.sha256(persona.jpki.certificate).hexdigest()


def test_sec09_enrolment_proves_the_card_and_the_kiosk_then_lets_its_holder_out(accounts, virtual_card, terminal,
                                                                                caplog):
    caplog.set_level(logging.DEBUG)
    persona = staff_persona()
    handle = virtual_card(VirtualCard(persona))
    tries, card = enrol(accounts, terminal)
    assert tries == 3 and card.account == "sato"
    assert enrolled_cards(accounts) == [(card.id, "sato", card.not_after, None)]
    tries, accepted = entry(accounts, terminal)
    assert tries == 3 and (accepted.account, accepted.card_id) == ("sato", card.id)
    assert handle.card.count(0x2A) == 2  # a signature at enrolment, a new one at the kiosk
    assert audit_entries(accounts) == [
        ("admin-a", "staff.card_enrolled", "sato", {"card": card.id}),
        (KIOSK, "kiosk.staff_exit", KIOSK, {"accepted": True, "method": "card", "reason": "ok", "account": "sato"}),
    ]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (STAFF_PIN, fingerprint(persona), fingerprint(persona)[:16]):
        assert secret not in logged and secret not in repr(audit_entries(accounts))


def test_sec09_enrolment_needs_the_right_pin_and_refuses_another_accounts_or_an_expired_card(accounts, virtual_card,
                                                                                            terminal):
    virtual_card(VirtualCard(staff_persona()))
    with pytest.raises(errors.WrongPin) as wrong:
        enrol(accounts, terminal, pin="1111")
    assert wrong.value.tries_left == 2 and enrolled_cards(accounts) == []
    enrol(accounts, terminal)
    with pytest.raises(StaffCardRefused) as refused:
        enrol(accounts, terminal, account="suzuki")
    assert refused.value.key == "staff_card.other_account"
    with pytest.raises(StaffCardRefused) as refused:
        enrol(accounts, terminal, account="nobody")
    assert refused.value.key == "staff_card.no_account"
    with pytest.raises(StaffCardRefused) as refused:  # the day after its certificate ran out
        enrol(accounts, terminal, account="suzuki", now=dt.datetime(2031, 1, 6, tzinfo=dt.UTC))
    assert refused.value.key == "staff_card.expired"
    assert [e[1] for e in audit_entries(accounts)] == ["staff.card_enrolled"]


def test_sec09_the_kiosk_refuses_unenrolled_revoked_and_expired_cards_and_audits_each(accounts, virtual_card, terminal):
    handle = virtual_card(VirtualCard(staff_persona(new_key=True)))
    with pytest.raises(StaffCardRefused) as refused:
        entry(accounts, terminal)
    assert refused.value.key == "staff_card.unknown_card"
    handle.stop()
    handle = virtual_card(VirtualCard(staff_persona()))
    _, card = enrol(accounts, terminal)
    with pytest.raises(StaffCardRefused) as refused:  # the stored not_after, whatever the card says
        entry(accounts, terminal, now=dt.datetime(2031, 2, 1, tzinfo=dt.UTC))
    assert refused.value.key == "staff_card.expired"
    assert revoke(accounts, by="admin-a", account="sato") == [card.id]
    with pytest.raises(StaffCardRefused) as refused:
        entry(accounts, terminal)
    assert refused.value.key == "staff_card.revoked"
    assert handle.card.count(0x20, with_data=True) == 1  # only the enrolment's PIN: refused cards get no PIN
    assert audit_entries(accounts)[2:] == [
        (KIOSK, "kiosk.staff_exit", KIOSK, {"accepted": False, "method": "card", "reason": "expired", "account": "sato"}),
        ("admin-a", "staff.card_revoked", "sato", {"card": card.id}),
        (KIOSK, "kiosk.staff_exit", KIOSK, {"accepted": False, "method": "card", "reason": "revoked", "account": "sato"}),
    ]
    assert audit_entries(accounts)[:2] == [(KIOSK, "kiosk.staff_exit", KIOSK,
                                            {"accepted": False, "method": "card", "reason": "unknown_card"}),
                                           ("admin-a", "staff.card_enrolled", "sato", {"card": card.id})]


def test_sec09_a_wrong_pin_counts_down_is_audited_and_the_right_one_still_opens(accounts, virtual_card, terminal):
    handle = virtual_card(VirtualCard(staff_persona()))
    enrol(accounts, terminal)
    with pytest.raises(errors.WrongPin) as wrong:
        entry(accounts, terminal, pin="0000")
    assert wrong.value.tries_left == 2 and handle.card.auth_pin_tries() == 2
    tries, accepted = entry(accounts, terminal)
    assert tries == 2 and accepted.account == "sato"
    reasons = [(e[3]["accepted"], e[3]["reason"]) for e in audit_entries(accounts)[1:]]
    assert reasons == [(False, "wrong_pin"), (True, "ok")]
    assert "0000" not in repr(audit_entries(accounts))


def test_sec09_a_blocked_staff_card_gets_no_verify(accounts, virtual_card, terminal):
    handle = virtual_card(VirtualCard(staff_persona()))
    enrol(accounts, terminal)
    handle.card.jpki.tries = 0  # blocked since (three wrong PINs elsewhere)
    with pytest.raises(errors.CardBlocked):
        entry(accounts, terminal)
    assert handle.card.count(0x20, with_data=True) == 1
    assert audit_entries(accounts)[-1][3] == {"accepted": False, "method": "card", "reason": "blocked",
                                              "account": "sato"}


def test_sec09_a_residents_card_is_refused_as_not_a_staff_card(accounts, virtual_card, terminal):
    handle = virtual_card(VirtualCard(load_persona("adult")))
    with pytest.raises(errors.NoAuthCertificate) as refused:
        entry(accounts, terminal)
    assert refused.value.key == "staff_card.not_staff_card"
    assert handle.card.count(0x20) == 0  # neither of the resident's PINs was touched
    assert audit_entries(accounts) == [(KIOSK, "kiosk.staff_exit", KIOSK,
                                        {"accepted": False, "method": "card", "reason": "not_staff_card"})]


def test_sec09_a_card_pulled_during_verify_is_audited_and_costs_no_try(accounts, virtual_card, terminal):
    persona = staff_persona()
    first = virtual_card(VirtualCard(persona))
    enrol(accounts, terminal)
    first.stop()
    probe = VirtualCard(persona)  # how many APDUs the check sends before its VERIFY with the PIN
    EntryCheck(accounts, InProcessChannel(probe), kiosk_id="probe").query_tries()
    verify_at = len(probe.log) + 1
    handle = virtual_card(VirtualCard(dataclasses.replace(
        persona, faults=dataclasses.replace(persona.faults, remove_after_apdu=verify_at))))
    with pytest.raises(errors.CardRemoved):
        entry(accounts, terminal)
    assert handle.card.auth_pin_tries() == 3 and handle.card.count(0x20, with_data=True) == 0
    assert audit_entries(accounts)[-1][3] == {"accepted": False, "method": "card", "reason": "card_removed",
                                              "account": "sato"}


def test_sec09_kiosk_doctor_fails_with_nothing_to_open_the_staff_exit_and_warns_on_a_shared_pin(accounts, tmp_path):
    from kiosk.config import from_mapping
    from kiosk.doctor import check_staff_exit

    def check(pin: str = ""):
        config = from_mapping({"database": {"url": accounts.url}, "paths": {"data_dir": str(tmp_path)},
                               "kiosk": {"staff_pin": pin}})
        result = check_staff_exit(config)
        return result.ok, result.warning

    assert check() == (False, False)
    assert check("246810") == (True, True)  # relies on a PIN
    enrolment = Enrolment(accounts, InProcessChannel(VirtualCard(staff_persona())), "sato", by="admin-a")
    enrolment.begin()
    card = enrolment.finish(bytearray(STAFF_PIN.encode()))
    assert check() == (True, False)
    assert check("246810") == (True, True)
    revoke(accounts, by="admin-a", card_id=card.id)
    assert check() == (False, False)


def test_sec09_an_enrolled_certificate_copied_onto_another_card_is_refused(accounts, virtual_card, terminal):
    """The certificate is readable by anyone: a card that carries a copy of it, with its own key
    and a PIN its holder knows, cannot make the signature the enrolled key verifies."""
    persona = staff_persona()
    first = virtual_card(VirtualCard(persona))
    enrol(accounts, terminal)
    first.stop()
    forged = staff_persona(new_key=True, pin="1111")
    copied = dataclasses.replace(forged, jpki=dataclasses.replace(forged.jpki, certificate=persona.jpki.certificate))
    virtual_card(VirtualCard(copied))
    with pytest.raises(StaffCardRefused) as refused:
        entry(accounts, terminal, pin="1111")
    assert refused.value.key == "staff_card.bad_signature"
    assert audit_entries(accounts)[-1][3] == {"accepted": False, "method": "card", "reason": "bad_signature",
                                              "account": "sato"}
