"""kiosk.my_number_enabled (PRIV-02): off, no 個人番号 from the card is kept in the session or
shown on any form, even on a form whose legal basis allows it (年金, here); on, it is."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.card.persona import load_persona
from kiosk.card.reader import CardRead
from kiosk.card.records import BasicInfo, MyNumber
from kiosk.config import Config, from_mapping
from kiosk.journey import CataloguePort, Journey, Screen
from kiosk.session import SOURCE_CARD, SOURCE_MANUAL, ResidentSession

FAKE_NUMBER = load_persona("adult").my_number  # fake: a valid check digit only


@pytest.fixture(scope="module")
def loaded():
    return CataloguePort.load()


def _play(port: CataloguePort) -> ResidentSession:
    """The foreign_family sample through the journey; the head reads a card (invented data)."""
    sample = port.catalogue.samples["foreign_family"]
    session = ResidentSession()
    journey = Journey(session, port)
    journey.choose_language("ja")
    journey.acknowledge_notice()
    while journey.screen is not Screen.REVIEW:
        if journey.screen is Screen.QUESTION:
            qid, person = journey.detail
            given = sample["answers"] if person is None else sample["persons"][person]["answers"]
            journey.answer(given[qid])
        elif journey.screen is Screen.MEMBERS:
            for i, person in enumerate(sample["persons"]):
                journey.choose_member_source(i, SOURCE_CARD if i == 0 else SOURCE_MANUAL)
                if i:
                    session.set_member_value(session.members[i], "person.birth_date", person["birth_date"])
                    session.set_member_value(session.members[i], "person.sex", "2")
            journey.members_done()
        elif journey.screen is Screen.CARD:
            basic = BasicInfo(name="緑川　架空", address="みどり町一丁目1番1号", birth_date=dt.date(1985, 1, 20), sex="1")
            journey.card_read(CardRead(basic=basic, my_number=MyNumber(FAKE_NUMBER)))
        else:
            raise AssertionError(journey.screen)
    return session


@pytest.mark.parametrize("enabled", [False, True])
def test_priv02_my_number_shown_only_when_enabled(loaded, enabled):
    config = from_mapping({"kiosk": {"my_number_enabled": enabled}})
    port = CataloguePort(loaded.catalogue, my_number_enabled=config.kiosk.my_number_enabled)
    session = _play(port)
    assert "nenkin" in session.form_values, "the 年金 form has a legal basis for the 個人番号"
    head_row = session.form_values["nenkin"].persons[0]
    shown = [v for values in session.form_values.values() for row in values.persons for v in row.values()]
    if enabled:
        assert session.members[0].card["my_number"] == FAKE_NUMBER
        assert head_row["person.my_number"] == FAKE_NUMBER
    else:
        assert "my_number" not in session.members[0].card
        assert "person.my_number" not in head_row
        assert FAKE_NUMBER not in shown and FAKE_NUMBER not in session.personal_values()


def test_my_number_enabled_is_the_one_switch():
    assert Config().kiosk.my_number_enabled is False and Config().card.read_my_number is False
    off = from_mapping({"card": {"read_my_number": True}})
    assert off.card.read_my_number is False, "no EF read while kiosk.my_number_enabled is off"
    on = from_mapping({"kiosk": {"my_number_enabled": True}, "card": {"read_my_number": True}})
    assert on.card.read_my_number is True
