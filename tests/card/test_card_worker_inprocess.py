"""The card reader (worker thread relayed to the GUI thread) over the in-process terminal (no
pcscd): the same signals, including the reader going away and coming back (REL-05), a PIN never
sent twice (SEC-06) and every PIN answered."""

import pytest
from PySide6.QtCore import QCoreApplication, QThread

from kiosk.card.persona import load_persona as persona
from kiosk.card.simulator import InProcessTerminal
from kiosk.card.virtual_card import OtherCard, VirtualCard
from kiosk.ui.card_worker import CardReader, CardWorker

pytestmark = pytest.mark.gui


@pytest.fixture
def rig(qtbot):
    terminal = InProcessTerminal()
    reader = CardReader(CardWorker(terminal, poll_ms=20))
    yield reader, terminal
    reader.stop()


def placed(rig, qtbot, card: VirtualCard) -> int:
    """A card session started and ``card`` placed on the reader: the PIN tries it says are left."""
    reader, terminal = rig
    reader.start_session()
    with qtbot.waitSignal(reader.tries_left, timeout=5000) as tries:
        terminal.insert(card)
    return tries.args[0]


def test_read_then_take_the_card(rig, qtbot):
    reader, terminal = rig
    assert placed(rig, qtbot, VirtualCard(persona("rare_kanji"))) == 3
    with qtbot.waitSignal(reader.read_ok, timeout=5000) as ok:
        reader.submit_pin(bytearray(b"1234"))
    assert ok.args[0].basic.name == "髙﨑　𠮷太郎" and ok.args[0].apdu_count == 6
    with qtbot.waitSignal(reader.removed, timeout=5000):
        terminal.remove()


def test_one_try_left_then_blocked(rig, qtbot):
    reader, _terminal = rig
    card = VirtualCard(persona("one_try_left"))
    assert placed(rig, qtbot, card) == 1
    with qtbot.waitSignal(reader.blocked, timeout=5000):
        reader.submit_pin(bytearray(b"9999"))
    assert card.count(0x20, with_data=True) == 1


def test_reader_unplugged_and_back(rig, qtbot):
    reader, terminal = rig
    placed(rig, qtbot, VirtualCard(persona("adult")))
    with qtbot.waitSignals([reader.reader_lost, reader.removed], timeout=5000):
        terminal.reader_present = False
    with qtbot.waitSignals([reader.reader_back, reader.tries_left], timeout=5000):
        terminal.reader_present = True


def test_cancel_stops_reporting_until_the_next_session(rig, qtbot):
    reader, terminal = rig
    reader.start_session()
    with qtbot.waitSignal(reader.not_my_number_card, timeout=5000):
        terminal.insert(OtherCard())
    reader.cancel()
    with qtbot.assertNotEmitted(reader.card_present, wait=200):
        terminal.remove()
        terminal.insert(VirtualCard(persona("adult")))
    with qtbot.waitSignal(reader.tries_left, timeout=5000):
        reader.start_session()


def test_removed_mid_read_is_not_a_wrong_pin(rig, qtbot):
    reader, _terminal = rig
    card = VirtualCard(persona("adult", remove_after_apdu=4))
    placed(rig, qtbot, card)
    with qtbot.assertNotEmitted(reader.wrong_pin), qtbot.waitSignal(reader.removed, timeout=5000):
        reader.submit_pin(bytearray(b"1234"))
    assert card.pin_tries() == 3


def test_my_number_only_when_the_form_needs_it(rig, qtbot):
    """PRIV-02: EF 0001 is read only after set_read_my_number(True)."""
    reader, terminal = rig
    card = VirtualCard(persona("family_parent1"))
    placed(rig, qtbot, card)
    with qtbot.waitSignal(reader.read_ok, timeout=5000) as ok:
        reader.submit_pin(bytearray(b"1234"))
    assert ok.args[0].my_number is None
    assert not [e for e in card.log if e.ins == 0xA4 and e.p1 == 0x02 and e.lc == 2 and e.sw == 0x9000][2:]
    reader.set_read_my_number(True)
    with qtbot.waitSignal(reader.removed, timeout=5000):
        terminal.remove()
    with qtbot.waitSignal(reader.tries_left, timeout=5000):
        terminal.insert(card)
    with qtbot.waitSignal(reader.read_ok, timeout=5000) as ok:
        reader.submit_pin(bytearray(b"1234"))
    assert ok.args[0].my_number == persona("family_parent1").my_number


def test_every_signal_arrives_on_the_gui_thread(rig, qtbot):
    """The reader relays the worker thread's signals: screens (and qtbot) get them on the GUI thread."""
    reader, terminal = rig
    threads = []
    for signal in (reader.card_present, reader.tries_left, reader.wrong_pin, reader.read_ok, reader.removed):
        signal.connect(lambda *_args: threads.append(QThread.currentThread()))
    placed(rig, qtbot, VirtualCard(persona("adult")))
    with qtbot.waitSignal(reader.wrong_pin, timeout=5000):
        reader.submit_pin(bytearray(b"0000"))
    with qtbot.waitSignal(reader.read_ok, timeout=5000):
        reader.submit_pin(bytearray(b"1234"))
    with qtbot.waitSignal(reader.removed, timeout=5000):
        terminal.remove()
    assert len(threads) == 5
    assert all(t is QCoreApplication.instance().thread() for t in threads)


def test_a_pin_without_a_card_asks_for_the_card_and_is_wiped(rig, qtbot):
    """SEC-06/PRIV-04: a PIN no card session can take is answered (place the card), never dropped."""
    reader, _terminal = rig
    reader.start_session()
    pin = bytearray(b"1234")
    with qtbot.waitSignal(reader.removed, timeout=5000):
        reader.submit_pin(pin)
    assert pin == bytearray(4)


def test_a_pin_after_the_reader_stopped_reports_the_reader_lost(rig, qtbot):
    reader, _terminal = rig
    placed(rig, qtbot, VirtualCard(persona("adult")))
    reader.stop()
    pin = bytearray(b"1234")
    with qtbot.waitSignal(reader.reader_lost, timeout=5000):
        reader.submit_pin(pin)
    assert pin == bytearray(4)
