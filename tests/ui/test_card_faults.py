"""Card faults on the real card screen, the real CardWorker thread and the virtual card behind
pcscd/vpcd (run under ``script/with-services``): each says what happened and what to do in the
resident's language and keeps what was entered (SEC-05, SEC-06, A11Y-13); the journey goes on only
once the card read is off the reader (SEC-08)."""

from __future__ import annotations

import time

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk import paths
from kiosk.config import Config
from kiosk.journey import Screen
from kiosk.ui import reference
from kiosk.ui.autoplay import Autoplay

CANARY = "カナリア"


@pytest.fixture
def card_kiosk(qapp, tmp_path, pcsc):
    from kiosk.card.simulator import run_simulator
    from kiosk.ui import app

    config = reference.demo_config(Config(), tmp_path / "data")
    kiosk = app.build(config, catalogue=None, output=None, database=None, card=True, dpi=96.0)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    sim = run_simulator(reference.parent_cards()[0], reference.VPCD_HOST, reference.VPCD_PORT, inserted=False)
    yield kiosk, sim
    sim.stop()
    kiosk.shutdown()


def _to_card_screen(window) -> Autoplay:
    player = Autoplay(window, {}, lang="en", timeout=20)
    player.click(player.find("lang-en"))
    player.click(player.find("notice-ok"))
    window.journey.session.set_answer("note", CANARY)
    player.click(player.find("member0-card"))
    player.click(player.find("members-next"))
    assert window.journey.screen is Screen.CARD
    return player


def _card_on_reader(window, sim, persona: str):
    """On the card screen with ``persona``'s card placed on the reader: (player, card screen)."""
    player = _to_card_screen(window)
    screen = window.current_screen()
    sim.replace_card(_persona(persona))
    sim.insert()
    return player, screen


def _persona(name: str):
    from kiosk.card.persona import load_persona
    from kiosk.card.virtual_card import VirtualCard

    return VirtualCard(load_persona(paths.PERSONAS_DIR / name))


def test_priv01_no_apdu_before_the_notice(card_kiosk):
    kiosk, sim = card_kiosk
    card = _persona("family_parent1.yaml")
    sim.replace_card(card)
    sim.insert()
    player = Autoplay(kiosk.window, {}, lang="ja")
    player.click(player.find("lang-ja"))
    player.pump(1.0)
    assert kiosk.window.journey.screen is Screen.NOTICE
    assert card.log == []


def test_sec05_tries_shown_before_the_pin_and_wrong_pin_says_what_to_do(card_kiosk):
    kiosk, sim = card_kiosk
    player, screen = _card_on_reader(kiosk.window, sim, "family_parent1.yaml")
    player.wait(lambda: screen.state == "pin", "PIN pad")
    assert "3" in screen.tries_box.label.text()
    player.type_pin(screen, "9999")
    player.wait(lambda: screen.message.isVisible(), "wrong PIN message")
    assert "2" in screen.message.label.text() and "by hand" in screen.message.label.text()
    assert screen.state == "pin"
    player.type_pin(screen, "1234")
    player.wait(lambda: screen.state == "take", "read")
    sim.remove()
    player.wait(lambda: kiosk.window.journey.screen is not Screen.CARD, "card taken")
    member = kiosk.window.journey.session.members[0]
    assert member.card["name"] == "森山　大輔"
    assert kiosk.window.journey.session.answers["note"] == CANARY


def test_sec05_one_try_left_warns_and_offers_to_stop(card_kiosk):
    kiosk, sim = card_kiosk
    player, screen = _card_on_reader(kiosk.window, sim, "one_try_left.yaml")
    player.wait(lambda: screen.state == "pin", "PIN pad")
    assert "Only 1 try left" in screen.tries_box.label.text()
    assert player.find("card-manual").isVisible()


def test_blocked_card_goes_on_by_hand_to_the_same_review(card_kiosk):
    kiosk, sim = card_kiosk
    player, screen = _card_on_reader(kiosk.window, sim, "blocked.yaml")
    player.wait(lambda: screen.state == "blocked", "blocked message")
    assert "locked" in screen.instruction.text() and "counter" in screen.instruction.text()
    player.click(player.find("card-manual"))
    assert kiosk.window.journey.screen in (Screen.REVIEW, Screen.CONFIRM)
    assert kiosk.window.journey.session.members[0].source == "manual"
    assert kiosk.window.journey.session.answers["note"] == CANARY


def test_sec06_card_pulled_mid_pin_is_not_a_failure_and_keeps_data(card_kiosk):
    kiosk, sim = card_kiosk
    player, screen = _card_on_reader(kiosk.window, sim, "family_parent1.yaml")
    player.wait(lambda: screen.state == "pin", "PIN pad")
    player.click(screen.pin.keys["1"])
    sim.remove()
    player.wait(lambda: screen.state == "place", "removed message")
    assert screen.message.isVisible() and "Nothing was lost" in screen.message.label.text()
    assert screen.pin.length == 0
    sim.insert()
    player.wait(lambda: screen.state == "pin", "tries read again")
    assert "3" in screen.tries_box.label.text()
    assert kiosk.window.journey.session.answers["note"] == CANARY


def test_sec08_the_journey_goes_on_only_once_the_card_is_taken_off_the_reader(card_kiosk):
    """SEC-08, the card-forget guard: a card read stays on the take-the-card step (nothing of it in
    the session, no way on: Enter does nothing) while it is on the reader; taken off, its data
    goes to the session and the journey goes on towards the review and printing."""
    kiosk, sim = card_kiosk
    window = kiosk.window
    player, screen = _card_on_reader(window, sim, "family_parent1.yaml")
    player.wait(lambda: screen.state == "pin", "PIN pad")
    player.type_pin(screen, "1234")
    player.wait(lambda: screen.state == "take", "read")
    player.press(Qt.Key.Key_Return)
    player.pump(1.0)
    assert window.journey.screen is Screen.CARD and screen.state == "take"
    assert window.journey.session.members[0].card == {}
    sim.remove()
    player.wait(lambda: window.journey.screen is not Screen.CARD, "card taken")
    assert "森山" in window.journey.session.members[0].card["name"]


def test_sec08_card_removal_then_timeout_leaves_no_card_data(card_kiosk, qtbot):
    """SEC-08: the card taken and the session ended, no card data is left on screen."""
    kiosk, sim = card_kiosk
    window = kiosk.window
    player, screen = _card_on_reader(kiosk.window, sim, "family_parent1.yaml")
    player.wait(lambda: screen.state == "pin", "PIN pad")
    player.type_pin(screen, "1234")
    player.wait(lambda: screen.state == "take", "read")
    sim.remove()
    player.wait(lambda: window.journey.screen is not Screen.CARD, "card taken")
    window.end_session()
    end = time.monotonic() + 5
    while not window.journey.session.is_empty() and time.monotonic() < end:
        QApplication.processEvents()
    player.pump(0.2)
    texts = " ".join(w.text() for w in window.findChildren(type(screen.title)))
    assert "森山" not in texts and CANARY not in texts


def test_reader_unplugged_says_what_to_do_and_keeps_data(card_kiosk):
    """The worker's reader_lost (pcscd reports the reader gone): hand entry or staff; nothing lost."""
    kiosk, sim = card_kiosk
    player = _to_card_screen(kiosk.window)
    screen = kiosk.window.current_screen()
    kiosk.worker.reader_lost.emit()
    player.pump(0.1)
    assert screen.state == "reader_lost"
    assert "not working" in screen.instruction.text() and "by hand" in screen.instruction.text()
    assert kiosk.window.journey.session.answers["note"] == CANARY
    kiosk.worker.reader_back.emit()
    player.pump(0.1)
    assert screen.state == "place"


@pytest.mark.parametrize("enabled", [False, True])
def test_priv02_card_screen_hands_the_my_number_on_only_when_enabled(qapp, tmp_path, pcsc, enabled):
    """The card screen passes the whole read to the journey: with kiosk.my_number_enabled the
    個人番号 read from the card reaches the session; without it the card is never asked for it."""
    from dataclasses import replace

    from kiosk.card.simulator import run_simulator
    from kiosk.ui import app

    base = reference.demo_config(Config(), tmp_path / "data")
    config = replace(base, kiosk=replace(base.kiosk, my_number_enabled=enabled),
                     card=replace(base.card, read_my_number=True))
    port = app.load_catalogue_port(config)
    assert port is not None and port.my_number_enabled is enabled
    kiosk = app.build(config, catalogue=port, output=None, database=None, card=True, dpi=96.0)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    card = _persona("family_parent1.yaml")
    sim = run_simulator(card, reference.VPCD_HOST, reference.VPCD_PORT, inserted=False)
    try:
        household = yaml.safe_load((paths.FORMS_DIR / "samples" / "single_adult.yaml").read_text(encoding="utf-8"))
        player = Autoplay(kiosk.window, household, cards=[card], simulator=sim, lang="en", timeout=30)
        player.play_to_confirm(stop_at_review=True)
        journey = kiosk.window.journey
        member = journey.session.members[0]
        assert member.card["name"] == "森山　大輔"
        assert (member.card.get("my_number") == "630713105060") is enabled
        assert ("630713105060" in str(member.card)) is enabled
    finally:
        sim.stop()
        kiosk.shutdown()


def test_a11y10_card_that_cannot_be_used_puts_the_focus_on_enter_by_hand(card_kiosk):
    """A blocked card or a lost reader: the next thing to do is "enter by hand", and the focus
    is there; with a card being read the focus is on no button (Enter must not discard it)."""
    kiosk, sim = card_kiosk
    player = _to_card_screen(kiosk.window)
    screen = kiosk.window.current_screen()
    assert QApplication.focusWidget() is None or not screen.isAncestorOf(QApplication.focusWidget())
    kiosk.worker.reader_lost.emit()
    player.pump(0.1)
    assert QApplication.focusWidget() is screen.manual
    kiosk.worker.reader_back.emit()
    player.pump(0.1)
    assert QApplication.focusWidget() is not screen.manual
    sim.replace_card(_persona("blocked.yaml"))
    sim.insert()
    player.wait(lambda: screen.state == "blocked", "blocked message")
    assert QApplication.focusWidget() is screen.manual
