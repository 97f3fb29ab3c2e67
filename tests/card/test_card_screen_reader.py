"""The card screen over the card port (the reader thread relayed to the GUI thread), with the
in-process virtual reader: a PIN the reader cannot take is never dropped silently — the resident
is told what happened and what to do (SEC-05, A11Y-13)."""

from __future__ import annotations

import pytest

from kiosk.card.persona import load_persona
from kiosk.card.simulator import InProcessTerminal
from kiosk.card.virtual_card import VirtualCard
from kiosk.config import Config
from kiosk.journey import Screen
from kiosk.ui.autoplay import Autoplay
from kiosk.ui.card_worker import CardReader, CardWorker

pytestmark = pytest.mark.gui


@pytest.fixture
def kiosk(qapp):
    from kiosk.ui.app import Kiosk
    from kiosk.ui.window import KioskWindow

    terminal = InProcessTerminal()
    reader = CardReader(CardWorker(terminal, poll_ms=20))
    window = KioskWindow(Config(), catalogue=None, card_worker=reader, output=None, database=None, dpi=96.0)
    window.resize(1920, 1080)
    window.show()
    yield window, reader, terminal
    Kiosk(window, reader).shutdown()


def _pin_pad(window, terminal):
    player = Autoplay(window, {}, lang="en", timeout=20)
    player.click(player.find("lang-en"))
    player.click(player.find("notice-ok"))
    player.click(player.find("member0-card"))
    player.click(player.find("members-next"))
    assert window.journey.screen is Screen.CARD
    screen = window.current_screen()
    terminal.insert(VirtualCard(load_persona("adult")))
    player.wait(lambda: screen.state == "pin", "PIN pad")
    return player, screen


def test_pin_with_the_reader_stopped_says_what_to_do(kiosk):
    window, reader, terminal = kiosk
    player, screen = _pin_pad(window, terminal)
    reader.stop()
    player.type_pin(screen, "1234")
    player.wait(lambda: screen.state == "reader_lost", "reader message")
    assert "not working" in screen.instruction.text() and "by hand" in screen.instruction.text()
    assert screen.pin.length == 0
    assert player.find("card-manual").isVisible()


def test_pin_after_the_card_left_asks_to_place_it_again(kiosk):
    """SEC-06: the card left between the tries and the PIN: not a failure, nothing is lost."""
    window, _reader, terminal = kiosk
    player, screen = _pin_pad(window, terminal)
    card = terminal.card
    terminal.remove()
    player.wait(lambda: screen.state == "place", "removed message")
    assert "Nothing was lost" in screen.message.label.text()
    terminal.insert(card)
    player.wait(lambda: screen.state == "pin", "tries read again")
    player.type_pin(screen, "1234")
    player.wait(lambda: screen.state == "take", "read")
    terminal.remove()
    player.wait(lambda: window.journey.screen is not Screen.CARD, "card taken")
    assert window.journey.session.members[0].card["name"] == load_persona("adult").name
