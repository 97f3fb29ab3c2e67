"""Reads through the real pcscd with the vpcd driver and the virtual card (script/with-services)."""

import gc
import sys
import time

import pytest

from kiosk.card import errors
from kiosk.card.persona import load_persona, shipped_personas
from kiosk.card.persona import load_persona as persona
from kiosk.card.reader import KenhojoSession, read_card
from kiosk.card.simulator import wait_for as wait_until
from kiosk.card.transport import CardMonitor, Terminal, eligible
from kiosk.card.virtual_card import OtherCard

pytestmark = pytest.mark.pcsc
VERIFY = 0x20


@pytest.mark.parametrize("path", shipped_personas(), ids=lambda p: p.stem)
def test_every_persona_over_pcsc(virtual_card, terminal, path):
    p = load_persona(path)
    handle = virtual_card(p)
    with terminal.connect() as channel:
        if p.faults.garble or p.faults.remove_after_apdu:
            expected = errors.CardDataError if p.faults.garble else errors.CardRemoved
            with pytest.raises(expected):
                read_card(channel, bytearray(b"1234"))
            return
        if p.tries_left == 0:
            with pytest.raises(errors.CardBlocked):
                read_card(channel, bytearray(b"1234"))
            assert handle.card.count(VERIFY, with_data=True) == 0
            return
        result = read_card(channel, bytearray(p.pin.encode()), my_number=True)
    assert (result.basic.name, result.basic.address) == (p.name, p.address)
    assert (result.basic.birth_date, result.basic.sex, result.my_number) == (p.birth_date, p.sex, p.my_number)


def test_basic_read_is_six_apdus_and_never_touches_ef0001(virtual_card, terminal):
    handle = virtual_card(persona("long_address"))
    with terminal.connect() as channel:
        result = read_card(channel, bytearray(b"1234"))
    assert result.apdu_count == 6 and channel.apdu_count == 6
    reads = [e for e in handle.log if e.ins == 0xB0]
    assert len(reads) == 1 and reads[0].response_length >= 128 + 5


def test_a_card_read_keeps_no_reference_to_none_beyond_pyscards_one_per_apdu(virtual_card, terminal):
    """REL-: the soak's count of ``None`` grows a little every resident session, untraced by the
    collector (no Python object holds them). Part of it is pyscard 2.3.1's: ``SCardTransmit``
    keeps one reference to ``None`` for each APDU answered by a status word alone (SELECT, VERIFY;
    a READ BINARY with its data keeps none), a count on a singleton that holds no memory. Nothing
    else of a card read keeps one: more than one an APDU (a reader, a channel or a response kept,
    or a worse pyscard) fails."""
    handle = virtual_card(persona("long_address"))

    def reads(count: int) -> int:
        apdus = 0
        for _ in range(count):
            with terminal.connect() as channel:
                read_card(channel, bytearray(b"1234"), my_number=True)
            apdus += channel.apdu_count
        return apdus

    reads(2)  # the first reads' lazily made objects
    gc.collect()
    before = sys.getrefcount(None)
    apdus = reads(20)
    gc.collect()
    kept = sys.getrefcount(None) - before
    assert apdus >= 100 and len(handle.log) >= apdus
    assert kept <= apdus + 10, f"{kept} references to None kept over {apdus} APDUs"


@pytest.mark.parametrize("position", range(1, 7))
def test_card_removed_at_every_apdu_position(virtual_card, terminal, position):
    """REL-06: no crash, no partial data; place the card again and the read succeeds."""
    handle = virtual_card(persona("adult", remove_after_apdu=position))
    result = None
    with pytest.raises(errors.CardRemoved), terminal.connect() as channel:
        result = read_card(channel, bytearray(b"1234"))
    assert result is None
    assert wait_until(lambda: not terminal.state().card_present, 30), "pcscd never saw the card go"  # slow when loaded
    handle.insert()
    assert wait_until(lambda: terminal.state().card_present, 30)  # pcscd polls slowly on a loaded machine
    with terminal.connect() as channel:
        assert read_card(channel, bytearray(b"1234")).basic.name == "緑川　陽子"
    assert handle.card.pin_tries() == 3


def test_wrong_pin_thrice_then_blocked_and_no_fourth_verify(virtual_card, terminal):
    """SEC-05: tries shown before each entry; after the third failure no VERIFY is sent."""
    handle = virtual_card(persona("adult"))
    shown, outcomes = [], []
    for _ in range(4):
        with terminal.connect() as channel:
            session = KenhojoSession(channel)
            try:
                shown.append(session.query_tries())
                session.read(bytearray(b"4321"))
            except errors.WrongPin as exc:
                outcomes.append(("wrong", exc.tries_left))
            except errors.CardBlocked as exc:
                outcomes.append(("blocked", exc.just_now))
    assert shown == [3, 2, 1]
    assert outcomes == [("wrong", 2), ("wrong", 1), ("blocked", True), ("blocked", False)]
    assert handle.card.count(VERIFY, with_data=True) == 3
    assert handle.card.count(VERIFY, with_data=False) == 4


def test_blocked_card_from_the_start(virtual_card, terminal):
    handle = virtual_card(persona("blocked"))
    with terminal.connect() as channel, pytest.raises(errors.CardBlocked):
        read_card(channel, bytearray(b"1234"))
    assert handle.card.count(VERIFY, with_data=True) == 0


@pytest.mark.parametrize("kind", ["length", "utf8", "date", "outer_length", "truncate"])
def test_garbled_record_over_pcsc(virtual_card, terminal, kind):
    virtual_card(persona("adult", garble=kind))
    result = None
    with terminal.connect() as channel, pytest.raises(errors.CardDataError):
        result = read_card(channel, bytearray(b"1234"))
    assert result is None


@pytest.mark.parametrize("position, status, expected",
                         [(2, 0x6A82, errors.UnexpectedStatus), (4, 0x6F00, errors.UnexpectedStatus),
                          (4, 0x6983, errors.CardBlocked), (6, 0x6982, errors.UnexpectedStatus)])
def test_unexpected_status_words_over_pcsc(virtual_card, terminal, position, status, expected):
    virtual_card(persona("adult", status_words={position: status}))
    with terminal.connect() as channel, pytest.raises(expected):
        read_card(channel, bytearray(b"1234"))


def test_not_a_my_number_card(virtual_card, terminal):
    handle = virtual_card(OtherCard())
    with terminal.connect() as channel, pytest.raises(errors.NotMyNumberCard):
        read_card(channel, bytearray(b"1234"))
    assert [(e.ins, e.sw) for e in handle.card.log] == [(0xA4, 0x6A82)]


def test_reader_gone_mid_session(virtual_card, terminal):
    """The simulator stops between the tries query and the PIN: a typed error, no data."""
    handle = virtual_card(persona("adult"))
    with terminal.connect() as channel:
        session = KenhojoSession(channel)
        assert session.query_tries() == 3
        handle.stop()
        with pytest.raises((errors.CardRemoved, errors.NoReader)):
            session.read(bytearray(b"1234"))
    assert handle.card.count(VERIFY, with_data=True) == 0


def test_virtual_reader_is_excluded_unless_allowed(virtual_card, terminal):
    virtual_card(persona("adult"))
    production = Terminal()
    assert terminal.all_readers() and production.readers() == []
    with pytest.raises(errors.NoReader):
        production.connect()
    assert eligible(["SONY FeliCa RC-S300/P", "Virtual PCD 00 00"]) == ["SONY FeliCa RC-S300/P"]
    assert eligible(["ACS ACR1252", "SONY FeliCa RC-S300/P"], "RC-S3") == ["SONY FeliCa RC-S300/P"]
    production.close()


def test_reader_pattern_picks_the_slot_with_the_card(virtual_card):
    virtual_card(persona("adult"))
    any_virtual = Terminal(r".", allow_virtual=True)
    state = any_virtual.state()
    assert state.card_present and state.reader in any_virtual.readers()
    assert Terminal("no such reader", allow_virtual=True).state().reader is None
    any_virtual.close()


def test_monitor_reports_card_and_reader_events(virtual_card, terminal):
    handle = virtual_card(persona("adult"), inserted=False)
    monitor = CardMonitor(terminal)
    assert monitor.poll() == []
    handle.insert()
    assert wait_until(lambda: "card_present" in monitor.poll(), 10)
    handle.remove()
    assert wait_until(lambda: "card_removed" in monitor.poll(), 10)
    terminal.pattern = "a reader that is unplugged"
    assert monitor.poll() == ["reader_lost"]
    terminal.pattern = ""
    assert monitor.poll() == ["reader_back"]


def test_no_card_on_the_reader(pcsc, terminal):
    with pytest.raises(errors.NoCard):
        terminal.connect()


def test_tap_to_basic_info_is_measured_not_asserted(virtual_card, terminal):
    """Timing belongs in bench/card.py; here only that the read completes."""
    virtual_card(persona("adult"))
    start = time.monotonic()
    with terminal.connect() as channel:
        read_card(channel, bytearray(b"1234"))
    assert time.monotonic() >= start
