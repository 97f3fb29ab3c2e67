"""The read session against the in-process virtual card (no pcscd): every rule of SEC-05/06,
PRIV-02/04 and REL-06, observed through the card's own APDU log."""

import datetime as dt

import pytest

from kiosk.card import errors
from kiosk.card.persona import load_persona, shipped_personas
from kiosk.card.persona import load_persona as persona
from kiosk.card.reader import KenhojoSession, read_card
from kiosk.card.simulator import InProcessChannel
from kiosk.card.virtual_card import OtherCard, VirtualCard

VERIFY = 0x20


def test_basic_read_takes_six_apdus_and_skips_the_my_number():
    """PRIV-02: only EF 0002 by default."""
    card = VirtualCard(persona("adult"))
    result = read_card(InProcessChannel(card), bytearray(b"1234"))
    assert result.apdu_count == len(card.log) == 6
    assert result.my_number is None
    selected = [e.p2 for e in card.log if e.ins == 0xA4 and e.p1 == 0x02]
    assert selected == [0x0C, 0x0C] and card.log[1].lc == 2
    assert result.basic.name == "緑川　陽子" and result.basic.birth_date == dt.date(1985, 4, 12)


def test_my_number_only_when_asked():
    card = VirtualCard(persona("adult"))
    result = read_card(InProcessChannel(card), bytearray(b"1234"), my_number=True)
    assert result.my_number == load_persona("adult").my_number


@pytest.mark.parametrize("path", shipped_personas(), ids=lambda p: p.stem)
def test_every_persona_reads_or_fails_as_its_card_says(path):
    p = load_persona(path)
    card = VirtualCard(p)
    if p.faults.garble or p.faults.remove_after_apdu:
        expected = errors.CardDataError if p.faults.garble else errors.CardRemoved
        with pytest.raises(expected):
            read_card(InProcessChannel(card), bytearray(b"1234"))
        return
    if p.tries_left == 0:
        with pytest.raises(errors.CardBlocked):
            read_card(InProcessChannel(card), bytearray(b"1234"))
        assert card.count(VERIFY, with_data=True) == 0
        return
    result = read_card(InProcessChannel(card), bytearray(p.pin.encode()), my_number=True)
    assert result.basic.name == p.name and result.basic.address == p.address
    assert result.basic.birth_date == p.birth_date and result.basic.sex == p.sex
    assert result.my_number == p.my_number


def test_wrong_pin_three_times_then_blocked_without_a_fourth_verify():
    """SEC-05/06: tries shown each time; no VERIFY once blocked; no automatic retry."""
    card = VirtualCard(persona("adult"))
    seen = []
    for _ in range(3):
        session = KenhojoSession(InProcessChannel(card))
        seen.append(session.query_tries())
        with pytest.raises((errors.WrongPin, errors.CardBlocked)) as info:
            session.read(bytearray(b"0000"))
        seen.append(getattr(info.value, "tries_left", None))
    assert seen == [3, 2, 2, 1, 1, 0]
    assert card.count(VERIFY, with_data=True) == 3
    with pytest.raises(errors.CardBlocked):
        read_card(InProcessChannel(card), bytearray(b"1234"))
    assert card.count(VERIFY, with_data=True) == 3


def test_one_try_left_is_reported_before_the_pin():
    session = KenhojoSession(InProcessChannel(VirtualCard(persona("one_try_left"))))
    assert session.query_tries() == 1


@pytest.mark.parametrize("pin", [b"123", b"12345", b"12a4", b"", "１２３４".encode(), b"12 4"])
def test_malformed_pin_is_never_sent(pin):
    card = VirtualCard(persona("adult"))
    buffer = bytearray(pin)
    with pytest.raises(errors.InvalidPin):
        read_card(InProcessChannel(card), buffer)
    assert card.count(VERIFY, with_data=True) == 0
    assert set(buffer) <= {0}


def test_pin_buffer_is_wiped_after_success_and_failure():
    """PRIV-04."""
    for pin in (b"1234", b"9999"):
        buffer = bytearray(pin)
        try:
            read_card(InProcessChannel(VirtualCard(persona("adult"))), buffer)
        except errors.WrongPin:
            pass
        assert buffer == bytearray(4)


@pytest.mark.parametrize("position", range(1, 7))
def test_card_removed_at_every_apdu_of_the_read(position):
    """REL-06: removal at any APDU → CardRemoved, no data, and the next read works."""
    card = VirtualCard(persona("adult", remove_after_apdu=position))
    with pytest.raises(errors.CardRemoved):
        read_card(InProcessChannel(card), bytearray(b"1234"))
    assert card.pin_tries() == 3
    assert read_card(InProcessChannel(card), bytearray(b"1234")).basic.name == "緑川　陽子"


@pytest.mark.parametrize("kind", ["length", "tag", "utf8", "offsets", "date", "sex", "truncate", "outer_length"])
def test_garbled_record_is_a_clear_error(kind):
    card = VirtualCard(persona("adult", garble=kind))
    with pytest.raises(errors.CardDataError) as info:
        read_card(InProcessChannel(card), bytearray(b"1234"))
    assert info.value.key == "card.garbled"


@pytest.mark.parametrize(
    "position, status, expected",
    [(1, 0x6A82, errors.NotMyNumberCard), (2, 0x6A82, errors.UnexpectedStatus),
     (3, 0x6983, errors.CardBlocked), (3, 0x6F00, errors.UnexpectedStatus),
     (4, 0x6984, errors.CardBlocked), (4, 0x6700, errors.UnexpectedStatus),
     (6, 0x6982, errors.UnexpectedStatus), (6, 0x6B00, errors.CardDataError),
     (6, 0x6281, errors.UnexpectedStatus)],
)
def test_unexpected_status_words(position, status, expected):
    card = VirtualCard(persona("adult", status_words={position: status}))
    with pytest.raises(expected) as info:
        read_card(InProcessChannel(card), bytearray(b"1234"))
    assert info.value.key.startswith("card.")


def test_blocked_sw_on_verify_is_blocked_and_counts_as_just_now():
    card = VirtualCard(persona("one_try_left"))
    with pytest.raises(errors.CardBlocked) as info:
        read_card(InProcessChannel(card), bytearray(b"0000"))
    assert info.value.just_now and card.pin_tries() == 0


def test_not_a_my_number_card():
    card = OtherCard()
    with pytest.raises(errors.NotMyNumberCard):
        read_card(InProcessChannel(card), bytearray(b"1234"))
    assert [e.ins for e in card.log] == [0xA4]


def test_record_longer_than_one_chunk_is_read_in_two():
    """Never assume one header form or one chunk: a 300-byte record takes a second READ BINARY."""
    p = persona("long_address")
    import dataclasses

    card = VirtualCard(dataclasses.replace(p, address=p.address * 2))
    assert len(card.files[2]) > 256
    result = read_card(InProcessChannel(card), bytearray(b"1234"))
    assert result.basic.address == p.address * 2
    reads = [e for e in card.log if e.ins == 0xB0]
    assert len(reads) == 2 and reads[1].p1 << 8 | reads[1].p2 == 256
