"""Every card outcome has a resident-facing message in all ten languages (ML), and a read
leaves no personal data in the logs (PRIV-03, PRIV-10)."""

import logging

import pytest

from kiosk import i18n
from kiosk.card import errors
from kiosk.card.persona import load_persona as persona
from kiosk.card.reader import read_card
from kiosk.card.simulator import InProcessChannel
from kiosk.card.virtual_card import VirtualCard
from kiosk.config import SHIPPED_LANGUAGES

OUTCOME_KEYS = {
    cls.key for cls in (errors.NoReader, errors.NoCard, errors.CardRemoved, errors.NotMyNumberCard,
                        errors.WrongPin, errors.CardBlocked, errors.InvalidPin, errors.CardDataError,
                        errors.UnexpectedStatus)
}
SCREEN_KEYS = {"card.place_card", "card.reading", "card.enter_pin", "card.last_try", "card.pin_scope",
               "card.staff_alternative", "card.reader_back"}


@pytest.mark.parametrize("lang", SHIPPED_LANGUAGES)
def test_every_outcome_has_a_message(lang):
    catalog = i18n.catalog(lang)
    missing = sorted(k for k in OUTCOME_KEYS | SCREEN_KEYS if k not in catalog)
    assert missing == []


@pytest.mark.parametrize("lang", SHIPPED_LANGUAGES)
def test_wrong_pin_message_says_tries_left(lang):
    text = i18n.plain(i18n.text("card.wrong_pin", lang, **errors.WrongPin(2).params))
    assert "2" in text and "{" not in text
    assert "3" in i18n.plain(i18n.text("card.enter_pin", lang, tries=3))


def test_blocked_message_sends_to_the_counter():
    assert "窓口" in i18n.text("card.blocked", "ja")
    assert "counter" in i18n.text("card.blocked", "en")
    assert "{" in i18n.text("card.blocked", "ja-easy") and i18n.furigana_balanced(i18n.text("card.blocked", "ja-easy"))


def test_no_personal_data_in_logs_during_reads(caplog):
    p = persona("adult")
    caplog.set_level(logging.DEBUG)
    for pin, faults in ((b"1234", {}), (b"0000", {}), (b"1234", {"garble": "utf8"}),
                        (b"1234", {"status_words": {4: 0x6F00}})):
        card = VirtualCard(persona("adult", **faults)) if faults else VirtualCard(p)
        try:
            read_card(InProcessChannel(card), bytearray(pin), my_number=True)
        except errors.CardError as exc:
            logging.getLogger("kiosk.test").info("outcome %s %s", exc.key, exc)
    text = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "outcome card.garbled" in text
    for canary in (p.name, p.address, p.my_number, "緑川", "1985", "1234"):
        assert canary not in text
