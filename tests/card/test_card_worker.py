"""The card reader (its worker in its own thread, signals on the GUI thread), against pcscd +
vpcd: signals in the order the card screen needs them (SEC-05/06/08, REL-05/06), the PIN buffer
wiped (PRIV-04)."""

import pytest

from kiosk.card.persona import load_persona
from kiosk.card.persona import load_persona as persona
from kiosk.card.reader import CardRead
from kiosk.card.transport import Terminal
from kiosk.card.virtual_card import OtherCard
from kiosk.ui.card_worker import CardReader, CardWorker

pytestmark = [pytest.mark.pcsc, pytest.mark.gui]


@pytest.fixture
def reader(pcsc, qtbot):
    r = CardReader(CardWorker(Terminal(allow_virtual=True), poll_ms=50))
    yield r
    r.stop()


def test_tap_tries_pin_read_take(reader, qtbot, virtual_card):
    seen = []
    reader.card_present.connect(lambda: seen.append("card_present"))
    reader.tries_left.connect(lambda n: seen.append(("tries_left", n)))
    reader.start_session()
    with qtbot.waitSignal(reader.tries_left, timeout=10000):
        handle = virtual_card(persona("adult"))
    assert seen == ["card_present", ("tries_left", 3)]
    pin = bytearray(b"1234")
    with qtbot.waitSignal(reader.read_ok, timeout=10000) as ok:
        reader.submit_pin(pin)
    assert pin == bytearray(4)
    result = ok.args[0]
    assert isinstance(result, CardRead) and result.basic.name == load_persona("adult").name
    assert result.my_number is None
    with qtbot.waitSignal(reader.removed, timeout=10000):
        handle.remove()


def test_wrong_pins_then_blocked_without_a_fourth_verify(reader, qtbot, virtual_card):
    reader.start_session()
    with qtbot.waitSignal(reader.tries_left, timeout=10000):
        handle = virtual_card(persona("adult"))
    for expected in (2, 1):
        with qtbot.waitSignal(reader.wrong_pin, timeout=5000) as wrong:
            reader.submit_pin(bytearray(b"0000"))
        assert wrong.args == [expected]
    with qtbot.waitSignal(reader.blocked, timeout=5000):
        reader.submit_pin(bytearray(b"0000"))
    with qtbot.waitSignal(reader.removed, timeout=5000):  # no session: nothing is sent
        reader.submit_pin(bytearray(b"1234"))
    assert handle.card.count(0x20, with_data=True) == 3


def test_blocked_card_is_reported_before_any_pin(reader, qtbot, virtual_card):
    reader.start_session()
    with qtbot.waitSignal(reader.blocked, timeout=10000):
        handle = virtual_card(persona("blocked"))
    assert handle.card.count(0x20, with_data=True) == 0


def test_removal_mid_read_then_place_again(reader, qtbot, virtual_card):
    """SEC-06: removal is not a failure; the tries are read again when the card returns."""
    reader.start_session()
    with qtbot.waitSignal(reader.tries_left, timeout=10000):
        handle = virtual_card(persona("adult", remove_after_apdu=5))
    with qtbot.waitSignal(reader.removed, timeout=10000):
        reader.submit_pin(bytearray(b"1234"))
    # The card is put back once pcscd itself has seen the slot empty, as a hand that took it away
    # would: vpcd's presence is polled, and a card back before the poll (a loaded machine) is never
    # seen to leave.
    terminal = Terminal(allow_virtual=True)
    qtbot.waitUntil(lambda: not terminal.state().card_present, timeout=10000)
    with qtbot.waitSignal(reader.tries_left, timeout=10000) as again:
        handle.insert()
    assert again.args == [3]
    with qtbot.waitSignal(reader.read_ok, timeout=10000):
        reader.submit_pin(bytearray(b"1234"))


def test_not_my_number_card_signal(reader, qtbot, virtual_card):
    reader.start_session()
    with qtbot.waitSignal(reader.not_my_number_card, timeout=10000):
        virtual_card(OtherCard())


def test_garbled_card_fails_with_its_key(reader, qtbot, virtual_card):
    reader.start_session()
    with qtbot.waitSignal(reader.tries_left, timeout=10000):
        virtual_card(persona("adult", garble="utf8"))
    with qtbot.waitSignal(reader.failed, timeout=5000) as failed:
        reader.submit_pin(bytearray(b"1234"))
    assert failed.args == ["card.garbled"]


def test_reader_lost_and_back(reader, qtbot):
    """REL-05: the reader list is re-read on every poll; recovery needs no restart."""
    reader.start_session()
    qtbot.wait(200)
    with qtbot.waitSignal(reader.reader_lost, timeout=5000):
        reader.worker.terminal.pattern = "unplugged reader"
    with qtbot.waitSignal(reader.reader_back, timeout=5000):
        reader.worker.terminal.pattern = ""
