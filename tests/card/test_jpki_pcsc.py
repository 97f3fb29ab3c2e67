"""SEC-09: the 公的個人認証AP's 利用者証明用 certificate, PIN and key of a staff card, read and used
through the real pcscd with the vpcd driver and the virtual card (script/with-services)."""

from __future__ import annotations

import hashlib
import secrets

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from kiosk.card import errors
from kiosk.card.jpki import JpkiSession
from kiosk.card.persona import load_persona
from kiosk.card.reader import read_card
from kiosk.card.virtual_card import VirtualCard

pytestmark = pytest.mark.pcsc
SIGN = 0x2A


def staff_card() -> VirtualCard:
    return VirtualCard(load_persona("staff_sato"))


def test_sec09_the_auth_certificate_is_read_without_a_pin_and_names_nobody(virtual_card, terminal):
    handle = virtual_card(staff_card())
    with terminal.connect() as channel:
        der = JpkiSession(channel).read_auth_certificate()
    certificate = x509.load_der_x509_certificate(der)
    assert der == load_persona("staff_sato").jpki.certificate  # all of it, in several READ BINARYs
    assert certificate.public_key().key_size == 2048
    assert "JPKI-TEST-INVENTED" in certificate.issuer.rfc4514_string()
    assert "佐藤" not in certificate.subject.rfc4514_string()
    assert handle.card.count(0x20) == 0  # no PIN was asked for or spent


def test_sec09_the_right_pin_lets_the_card_sign_a_challenge_that_verifies(virtual_card, terminal):
    virtual_card(staff_card())
    challenge = secrets.token_bytes(32)
    with terminal.connect() as channel:
        session = JpkiSession(channel)
        der = session.read_auth_certificate()
        assert session.query_tries() == 3
        session.verify(bytearray(b"4826"))
        signature = session.sign(hashlib.sha256(challenge).digest())
    public_key = x509.load_der_x509_certificate(der).public_key()
    public_key.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())  # raises when it does not


def test_sec09_no_signature_before_the_pin(virtual_card, terminal):
    handle = virtual_card(staff_card())
    with terminal.connect() as channel:
        session = JpkiSession(channel)
        session.query_tries()
        with pytest.raises(errors.UnexpectedStatus) as refused:
            session.sign(bytes(32))
    assert refused.value.sw == 0x6982
    assert handle.card.count(SIGN) == 1


def test_sec09_wrong_pins_count_down_then_block_and_leave_the_kenhojo_pin_alone(virtual_card, terminal):
    handle = virtual_card(staff_card())
    with terminal.connect() as channel:
        session = JpkiSession(channel)
        assert session.query_tries() == 3
        pin = bytearray(b"0000")
        with pytest.raises(errors.WrongPin) as wrong:
            session.verify(pin)
        assert wrong.value.tries_left == 2 and pin == bytearray(4)  # the buffer was wiped
        with pytest.raises(errors.WrongPin) as wrong:
            session.verify(bytearray(b"1111"))
        assert wrong.value.tries_left == 1
        with pytest.raises(errors.CardBlocked) as blocked:
            session.verify(bytearray(b"2222"))
        assert blocked.value.just_now
        with pytest.raises(errors.CardBlocked):
            session.verify(bytearray(b"4826"))  # no VERIFY goes to a blocked key
    assert handle.card.count(0x20, with_data=True) == 3
    assert handle.card.auth_pin_tries() == 0 and handle.card.pin_tries() == 3
    with terminal.connect() as channel:  # the next insertion: still blocked, the card says so
        with pytest.raises(errors.CardBlocked):
            JpkiSession(channel).query_tries()
        assert read_card(channel, bytearray(b"1234")).basic.name  # the Kenhojo PIN still opens its AP


def test_sec09_a_residents_card_has_no_auth_certificate(virtual_card, terminal):
    virtual_card(VirtualCard(load_persona("adult")))
    with terminal.connect() as channel:
        with pytest.raises(errors.NoAuthCertificate):
            JpkiSession(channel).read_auth_certificate()


def test_sec09_the_pin_must_be_four_digits_and_nothing_is_sent_otherwise(virtual_card, terminal):
    handle = virtual_card(staff_card())
    with terminal.connect() as channel:
        session = JpkiSession(channel)
        session.query_tries()
        with pytest.raises(errors.InvalidPin):
            session.verify(bytearray(b"48261"))
    assert handle.card.count(0x20, with_data=True) == 0 and handle.card.auth_pin_tries() == 3
