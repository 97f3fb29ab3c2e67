"""Card fixtures: personas, and a virtual card served to the real pcscd + vpcd started by
``script/with-services`` (the ``pcsc`` fixture fails without it)."""

from __future__ import annotations

import pytest

from kiosk.card.simulator import DEFAULT_HOST as VPCD_HOST
from kiosk.card.simulator import DEFAULT_PORT as VPCD_PORT
from kiosk.card.simulator import run_simulator
from kiosk.card.simulator import wait_for as wait_until
from kiosk.card.transport import Terminal


@pytest.fixture
def terminal():
    t = Terminal(allow_virtual=True)
    yield t
    t.close()


@pytest.fixture
def virtual_card(pcsc, terminal):
    """``virtual_card(persona_or_card)`` → a running simulator whose card is on the reader."""
    handles = []

    def start(card, *, inserted: bool = True):
        handle = run_simulator(card, VPCD_HOST, VPCD_PORT, inserted=inserted)
        handles.append(handle)
        if inserted:
            assert handle.wait_connected(10), "pcscd did not accept the virtual card"
            assert wait_until(lambda: terminal.state().card_present, 10), "card not seen by pcscd"
        return handle

    yield start
    for handle in handles:
        handle.stop()
    assert wait_until(lambda: not terminal.state().card_present, 10)
