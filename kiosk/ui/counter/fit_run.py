"""The counter's fit check along one play of the reference family (the counter's fit test and
``bench/fit.py --counter``): at each kind of step both windows are resized through
:data:`kiosk.ui.fit.SIZES` and checked by :mod:`kiosk.ui.counter.window_fit`, the resident's
window in normal and in large text (A11Y-04).

The steps: the clerk's sign-in page (empty, then with the lock message after the failures that
lock an account), the language step, the 利用目的 notice (also in every shipped language), a
question, the date question (its days listed), the members, and the first card holder's card at
each of its stages (waiting for the card, a wrong PIN with tries left, the PIN, reading, take the
card), each review, confirm, result.

The reading stage lasts as long as the card takes to answer: the windows are checked as the
controller drew them then, once the card was read (nothing moves while the card waits to be taken).
Only widgets and the controller's state are read; nothing of the resident is kept."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk import staff
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.counter import CardStage, CounterState
from kiosk.journey import Screen
from kiosk.ui.counter.autoplay import CounterPlay
from kiosk.ui.counter.reference_counter import ReferenceCounter
from kiosk.ui.counter.window_fit import counter_misfits, resident_misfits
from kiosk.ui.fit import SIZES, settle
from kiosk.ui.operations import runner
from kiosk.ui.play_hands import PIN, PlayError

Size = tuple[int, int]
WINDOWS = (("clerk", "normal"), ("resident", "normal"), ("resident", "large"))
LOCKED_ACCOUNT = ("fit-locked", "an invented passphrase 8")  # locked by wrong passphrases on the sign-in page
WRONG_PIN = "9" * len(PIN)
SHOT_SIZES: tuple[Size, ...] = ((1366, 768), (1080, 1920))


class FitRun:
    """What does not fit, by (window, text setting, size): lines ``step: problem``."""

    def __init__(self, ref: ReferenceCounter, *, shots: Path | None = None) -> None:
        self.ref = ref
        self.counter = ref.counter
        self.shots = shots
        self.steps: list[str] = []
        self.bad: dict[tuple[str, str, Size], list[str]] = {(w, s, size): [] for w, s in WINDOWS for size in SIZES}
        self.messages: dict[str, str] = {}  # the sign-in page's message at each sign-in step
        self.texts: dict[str, str] = {}  # the resident page's heading and text at each step
        self._reading: CounterState | None = None
        self.counter.controller.add_view(self)
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)

    def counter_changed(self, state: CounterState) -> None:
        """The first card holder's reading stage as the windows drew it (checked once read)."""
        if state.screen is Screen.CARD and state.card_member == 0 and state.card_stage is CardStage.READING:
            self._reading = state

    # The checks ------------------------------------------------------------------------------------
    def check(self, step: str) -> None:
        """Both windows at every size, the resident's in normal and in large text."""
        self.steps.append(step)
        self.texts[step] = self.counter.resident.heading.text() + self.counter.resident.body.text()
        for (who, size), found in counter_misfits(self.counter).items():
            self.bad[(who, "normal", size)] += [f"{step}: {p}" for p in found]
        self._large(step)
        if step == "notice":
            self._notice_languages()
        elif step == "card-take":
            self._as_read()
        self._shots(step)

    def _large(self, step: str) -> None:
        resident = self.counter.resident
        resident.large_button.setChecked(True)
        for size, found in resident_misfits(resident).items():
            self.bad[("resident", "large", size)] += [f"{step}: {p}" for p in found]
        resident.large_button.setChecked(False)
        settle()

    def _notice_languages(self) -> None:
        """The notice and its OK button as a resident of each shipped language reads them."""
        resident, state = self.counter.resident, self.counter.controller.state()
        for lang in SHIPPED_LANGUAGES:
            if lang == state.language:
                continue
            resident.counter_changed(dataclasses.replace(state, language=lang))
            step = f"notice-{lang}"
            self.steps.append(step)
            for size, found in resident_misfits(resident).items():
                self.bad[("resident", "normal", size)] += [f"{step}: {p}" for p in found]
            self._large(step)
        resident.counter_changed(self.counter.controller.state())
        settle()

    def _as_read(self) -> None:
        """Both windows as they were while the card was read, then as they are."""
        if self._reading is None:
            raise PlayError("the card was read without a reading stage")
        views = (self.counter.clerk, self.counter.resident)
        for view in views:
            view.counter_changed(self._reading)
        self.check("card-reading")
        for view in views:
            view.counter_changed(self.counter.controller.state())
        settle()

    def _shots(self, step: str) -> None:
        if self.shots is None:
            return
        for size in SHOT_SIZES:
            for who, window in (("clerk", self.counter.clerk), ("resident", self.counter.resident)):
                before = window.size()
                window.resize(*size)
                settle()
                window.grab().save(str(self.shots / f"{len(self.steps):02d}-{step}-{who}-{size[0]}x{size[1]}.png"))
                window.resize(before)
                settle()

    def player(self, family: dict[str, Any], on_step: Callable[[str], None] | None = None) -> CounterPlay:
        """A clerk playing ``family`` with these checks at each step (``on_step``: a caller's own
        look at the step, which then calls :meth:`check`)."""
        play = self.ref.player(family, on_step=on_step or self.check)
        play.on_card = lambda index: self.on_card(play, index)
        return play

    # The steps the play does not stop at ----------------------------------------------------------------
    def sign_in(self, play: CounterPlay, account: str, password: str) -> None:
        """The sign-in page empty, then with the lock message (an account locked by wrong
        passphrases), then ``account`` signs in."""
        clerk = self.counter.clerk
        play.reached("sign-in", shot=False)
        staff.create_account(self.ref.database, LOCKED_ACCOUNT[0], "clerk", LOCKED_ACCOUNT[1])
        for _ in range(clerk.gate.max_failures):
            clerk.account_field.setText(LOCKED_ACCOUNT[0])
            clerk.password_field.setText("not " + LOCKED_ACCOUNT[1])
            clerk.sign_in()
            if not runner().wait_idle():
                raise PlayError("sign-in check")
            settle()
        self.messages["sign-in-locked"] = clerk.sign_in_message.text()
        play.reached("sign-in-locked", shot=False)
        play.sign_in(account, password)

    def on_card(self, play: CounterPlay, index: int) -> None:
        """The card of member ``index`` placed; the first one's waiting stage checked before, then
        a wrong PIN typed on the resident's pad and the tries left checked."""
        controller, simulator = self.counter.controller, self.ref.simulator
        if index == 0:
            play.wait(lambda: controller.state().card_stage is CardStage.PLACE, "waiting for the card")
            play.reached("card-place", shot=False)
        simulator.replace_card(self.ref.cards[index])
        simulator.insert()
        if index != 0:
            return
        play.wait(lambda: controller.state().card_stage is CardStage.PIN, "PIN pad")
        pad = self.counter.resident.pin
        for digit in WRONG_PIN:
            play.tap(pad.keys[digit])
        play.tap(pad.keys["ok"])
        play.wait(lambda: controller.state().card_stage is CardStage.PIN and controller.state().tries_left is not None,
                  "tries left")
        play.reached("card-wrong-pin", shot=False)

    def failing(self, key: tuple[str, str, Size]) -> int:
        """How many steps do not fit in window, setting and size ``key``."""
        return len({line.split(":", 1)[0] for line in self.bad[key]})

    def problems(self) -> list[str]:
        return [f"{who} {setting} {w}x{h}: {line}" for (who, setting, (w, h)), found in self.bad.items()
                for line in found]
