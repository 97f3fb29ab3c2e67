"""kiosk.my_number_enabled is the one switch for the 個人番号 (PRIV-02): off, the card worker built
from the configuration never reads the EF, even when card.read_my_number asks for it."""

import pytest

from kiosk.card.persona import load_persona
from kiosk.config import from_mapping
from kiosk.ui.card_worker import CardReader

pytestmark = [pytest.mark.pcsc, pytest.mark.gui]


def _read(config, qtbot, virtual_card):
    reader = CardReader.from_config(config)
    try:
        reader.start_session()
        with qtbot.waitSignal(reader.tries_left, timeout=10000):
            virtual_card(load_persona("adult"))
        with qtbot.waitSignal(reader.read_ok, timeout=10000) as ok:
            reader.submit_pin(bytearray(b"1234"))
        return ok.args[0]
    finally:
        reader.stop()


@pytest.mark.parametrize("enabled", [False, True])
def test_priv02_my_number_read_only_when_enabled(enabled, qtbot, virtual_card):
    config = from_mapping({"kiosk": {"my_number_enabled": enabled},
                           "card": {"read_my_number": True, "allow_virtual_reader": True}})
    result = _read(config, qtbot, virtual_card)
    assert result.basic.name == load_persona("adult").name
    if enabled:
        assert result.my_number == load_persona("adult").my_number
    else:
        assert result.my_number is None
