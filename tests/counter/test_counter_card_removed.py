"""A card taken off the reader at the counter before it was read (SEC-06, REL-06): not a failure.
Both windows say that nothing was lost and that the card goes back on the reader, the resident's
in the resident's language and the clerk's in the clerk's; the PIN digits typed are wiped, the
tries are read again once the card is back, nothing the clerk typed is lost, and the card is then
read. The real card stack: the virtual card on pcscd/vpcd, pulled while its PIN is typed and
again while it is read (the card leaves at an APDU of the read); and, in a play of its own, pulled
while it is checked, before its PIN is asked for (the card leaves at the APDU that asks its tries)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk import i18n
from kiosk.card.persona import with_faults
from kiosk.card.virtual_card import VirtualCard
from kiosk.config import Config
from kiosk.counter import CardStage, CounterState
from kiosk.journey import Screen
from kiosk.ui import reference
from kiosk.ui.counter.autoplay import CounterPlay
from kiosk.ui.counter.reference_counter import ReferenceCounter, start_reference
from kiosk.ui.counter.window_fit import as_windows
from kiosk.ui.play_hands import PIN

CLERK = ("removed-clerk", "an invented passphrase 6")
RESIDENT_LANG, CLERK_LANG = "vi", "en"
VERIFY_AT = 4  # the card's APDUs since it was placed: select the AP, the PIN's EF, ask the tries, then VERIFY
TRIES_AT = 3  # the empty VERIFY that asks the tries left: the last APDU of the checking stage


class Enough(Exception):
    """The cards are read and the first form is under review: the play stops there."""


def first_card_watched(counter: Any) -> tuple[list[CardStage], list[str]]:
    """The first card's stages as the windows are told them, and the card outcomes the figures
    record, as the play goes."""
    stages: list[CardStage] = []
    outcomes: list[str] = []
    count = counter.card.outcome
    counter.card.outcome = lambda outcome: (outcomes.append(outcome), count(outcome))[-1]

    class FirstCard:
        def counter_changed(self, state: CounterState) -> None:
            if state.screen is Screen.CARD and state.card_member == 0 and state.card_stage is not CardStage.NONE \
                    and (not stages or stages[-1] != state.card_stage):
                stages.append(state.card_stage)

    counter.controller.add_view(FirstCard())
    return stages, outcomes


@contextmanager
def reference_counter(tmp_path: Path, clerk_lang: str) -> Iterator[ReferenceCounter]:
    """The reference counter with the clerk's window in ``clerk_lang``, both windows shown; stopped
    at the end."""
    config = reference.demo_config(Config(), tmp_path / "data")
    ref = start_reference(config, printer=False, clerk=CLERK, clerk_lang=clerk_lang)
    try:
        as_windows(ref.counter)
        yield ref
    finally:
        ref.stop()


def played_to_review(ref: ReferenceCounter, resident_lang: str, on_card: Callable[[CounterPlay, int], None]) -> None:
    """The clerk signs in and plays the reference family for a resident in ``resident_lang`` until
    the first form is under review; ``on_card(play, index)`` places the card of card holder
    ``index``."""

    def on_step(step: str) -> None:
        if step.startswith("review-"):
            raise Enough

    play = ref.player(reference.household(), on_card=lambda index: on_card(play, index), on_step=on_step)
    play.sign_in(*CLERK)
    try:
        play.play(resident_lang)
    except Enough:
        pass
    assert ref.counter.controller.journey.screen is Screen.REVIEW


def test_a_card_pulled_while_its_pin_is_typed_and_while_it_is_read(qapp, tmp_path, pcsc):
    with reference_counter(tmp_path, CLERK_LANG) as ref:
        counter, simulator = ref.counter, ref.simulator
        c, clerk, resident, pad = counter.controller, counter.clerk, counter.resident, counter.resident.pin
        stages, outcomes = first_card_watched(counter)
        seen: dict[str, tuple[str, str, int, Any]] = {}  # at each pull: the windows, the pad's digits, what was typed
        typed_before: list[Any] = []

        def typed() -> Any:
            """What the clerk typed so far: the answers, the table's people (card or by hand and their values)."""
            return dict(c.session.answers), [(m.source, dict(m.values), m.relationship) for m in c.session.members]

        def pulled(play: CounterPlay, when: str) -> None:
            play.wait(lambda: c.state().card_stage is CardStage.REMOVED, f"the card taken off {when}")
            seen[when] = (resident.heading.text(), clerk.prompt.text(), pad.length, typed())
            simulator.insert()
            play.wait(lambda: c.state().card_stage is CardStage.PIN, "the card placed again")

        def on_card(play: CounterPlay, index: int) -> None:
            if index == 0:  # the first card holder's card leaves the reader as it is read, once
                typed_before.append(typed())
                simulator.replace_card(VirtualCard(with_faults(ref.cards[0].persona, remove_after_apdu=VERIFY_AT + 1)))
            else:
                simulator.replace_card(ref.cards[index])
            simulator.insert()
            if index != 0:
                return
            play.wait(lambda: c.state().card_stage is CardStage.PIN, "the PIN pad")
            play.tap(pad.keys[PIN[0]])
            assert c.state().pin_digits == 1
            simulator.remove()  # while the PIN is typed
            pulled(play, "while its PIN is typed")
            assert c.state().tries_left == 3  # read again
            for digit in PIN:
                play.tap(pad.keys[digit])
            play.tap(pad.keys["ok"])  # the PIN verified, the card leaves as its data is read
            pulled(play, "while it is read")
            # placed again: the play types the PIN and the card is read

        played_to_review(ref, RESIDENT_LANG, on_card)
        session = c.session
        # the card was read after all: its holder's name from the card, no problem left to say
        assert session.members[0].card["name"] == ref.cards[0].persona.name
        assert c.state().card_stage is CardStage.NONE and resident.heading.text() == ""
        answers_then, people_then = typed_before[0]
        assert answers_then.items() <= session.answers.items()
        for (source, values, relationship), member in zip(people_then, session.members, strict=True):
            # a relationship left blank on a card holder's row may come from the card since
            assert member.source == source and (not relationship or member.relationship == relationship)
            for field_id, value in values.items():  # a given name typed alone now has the family name before it
                now = member.values.get(field_id)
                assert now == value or (isinstance(value, str) and str(now).endswith("\u3000" + value)), field_id
    assert stages[:3] == [CardStage.PLACE, CardStage.CHECKING, CardStage.PIN], stages
    removed = [n for n, stage in enumerate(stages) if stage is CardStage.REMOVED]
    assert len(removed) == 2 and stages[removed[0] - 1] is CardStage.PIN and stages[removed[1] - 1] is CardStage.READING
    assert stages[-1] is CardStage.TAKE
    resident_says = i18n.text("resident.card_removed", RESIDENT_LANG)
    clerk_says = "1: " + i18n.plain(i18n.text("counter.card_stage_removed", CLERK_LANG))
    for when, (heading, prompt, digits, typed_then) in seen.items():
        assert (heading, prompt) == (resident_says, clerk_says), when
        assert digits == 0, when  # the digit typed is wiped (PRIV-04); the PIN is typed again
        assert typed_then == typed_before[0], when  # nothing the clerk typed is lost
    assert set(seen) == {"while its PIN is typed", "while it is read"}
    assert outcomes[:3] == ["removed", "removed", "read_ok"] and outcomes.count("removed") == 2  # the figures


def test_a_card_pulled_while_it_is_checked(qapp, tmp_path, pcsc):
    """The card leaves the reader as its tries are asked (after it was placed, before the PIN is
    asked for): both windows say nothing was lost and to place it again, each in its reader's
    language, and the card placed again is read."""
    resident_lang, clerk_lang = "pt-BR", "ko"
    with reference_counter(tmp_path, clerk_lang) as ref:
        counter, simulator = ref.counter, ref.simulator
        c, clerk, resident = counter.controller, counter.clerk, counter.resident
        stages, outcomes = first_card_watched(counter)
        seen: list[tuple[str, str, bool]] = []  # when it was pulled: the windows and whether the pad showed

        def on_card(play: CounterPlay, index: int) -> None:
            card = ref.cards[index]
            if index == 0:  # the first card holder's card leaves the reader as it is checked, once
                card = VirtualCard(with_faults(card.persona, remove_after_apdu=TRIES_AT))
            simulator.replace_card(card)
            simulator.insert()
            if index != 0:
                return
            play.wait(lambda: c.state().card_stage is CardStage.REMOVED, "the card taken off while it is checked")
            seen.append((resident.heading.text(), clerk.prompt.text(), resident.pin.isVisible()))
            assert c.state().tries_left is None  # its tries were never read
            simulator.insert()
            play.wait(lambda: c.state().card_stage is CardStage.PIN, "the card placed again")
            assert c.state().tries_left == 3
            # the play types the PIN and the card is read

        played_to_review(ref, resident_lang, on_card)
        assert c.session.members[0].card["name"] == ref.cards[0].persona.name  # read after all
        assert c.state().card_stage is CardStage.NONE and resident.heading.text() == ""
    assert stages[:3] == [CardStage.PLACE, CardStage.CHECKING, CardStage.REMOVED], stages
    assert stages[3:] == [CardStage.CHECKING, CardStage.PIN, CardStage.READING, CardStage.TAKE], stages
    resident_says = i18n.text("resident.card_removed", resident_lang)
    clerk_says = "1: " + i18n.plain(i18n.text("counter.card_stage_removed", clerk_lang))
    assert seen == [(resident_says, clerk_says, False)]  # no PIN pad: the card is placed again first
    assert resident_says != i18n.text("resident.card_removed", "ja") != clerk_says
    assert outcomes[:2] == ["removed", "read_ok"] and outcomes.count("removed") == 1  # the figures
