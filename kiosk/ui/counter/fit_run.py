"""The counter's fit check along one play of the reference family (the counter's fit test and
``bench/fit.py --counter``): at each kind of step both windows are resized through
:data:`kiosk.ui.fit.SIZES` and checked by :mod:`kiosk.ui.counter.window_fit`, the resident's
window in normal text and in large text with high contrast (A11Y-04, A11Y-02), where every text
must also stand out at least 7:1 from what is painted behind it (WCAG 1.4.6).

The steps: the clerk's sign-in page (empty, then with the lock message after the failures that
lock an account), the language step, the 利用目的 notice (also in every shipped language), a
question, the date question (its days listed), the members (also with a foreign household's long
names in romaji on the rows typed by hand and every row's relationship the widest option in the
clerk's language, then as typed), and the first card holder's card at
each of its stages: waiting for the card, checking it, a card whose PIN is locked (the resident's
window also in every shipped language), a card whose data cannot be read (failed), the card taken
off while its PIN is typed (SEC-06: nothing lost, put it back; the resident's window also in every
shipped language) and placed again, a wrong PIN with tries left, a second one and the last try (the PIN pad under the longest text, also in every
shipped language), the PIN, reading, take the card; then each review, confirm, result. The locked
and the unreadable card are invented personas served by the virtual card on vpcd, each taken away
again before the card holder's own card is placed.

The checking and reading stages last as long as the card takes to answer: the windows are checked
as the controller drew them then, once the card has answered (nothing moves while the next card
waits to be placed, or the card waits to be taken). Only widgets and the controller's state are
read; nothing of the resident is kept."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk import contrast, paths, staff
from kiosk.card.persona import load_persona
from kiosk.card.virtual_card import VirtualCard
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.counter import CardStage, CounterState
from kiosk.counter.names import NAME_FIELD, READING_FIELD
from kiosk.journey import Screen
from kiosk.session import SOURCE_MANUAL
from kiosk.ui.counter.autoplay import CounterPlay
from kiosk.ui.counter.household_table import RELATIONSHIP
from kiosk.ui.counter.reference_counter import ReferenceCounter
from kiosk.ui.counter.window_fit import counter_misfits, dim_texts, resident_misfits, resident_problems
from kiosk.ui.fit import SIZES, settle
from kiosk.ui.fit_checks import resized
from kiosk.ui.operations import runner
from kiosk.ui.play_hands import PIN, PlayError

Size = tuple[int, int]
LARGE = "large text, high contrast"
WINDOWS = (("clerk", "normal text"), ("resident", "normal text"), ("resident", LARGE))
LOCKED_ACCOUNT = ("fit-locked", "an invented passphrase 8")  # locked by wrong passphrases on the sign-in page
WRONG_PIN = "9" * len(PIN)
SHOT_SIZES: tuple[Size, ...] = ((1366, 768), (1080, 1920))
REFUSED_CARDS = (("blocked.yaml", CardStage.BLOCKED, "card-blocked"),  # tries_left: 0, no VERIFY sent
                 ("fault_garbled.yaml", CardStage.FAILED, "card-failed"))  # its 基本4情報 not UTF-8
LONG_NAMES = (("MARIA GABRIELA FERREIRA DOS SANTOS OLIVEIRA", "マリア・ガブリエラ・フェレイラ・ドス・サントス・オリヴェイラ"),
              ("NGUYEN THI THANH HUONG", "グエン・ティ・タイン・フオン"))  # invented: a foreign household's names
IN_EVERY_LANGUAGE = ("notice", "card-blocked", "card-removed", "card-last-try")  # the resident's window in each shipped language


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
        self.prompts: dict[str, str] = {}  # the clerk's prompt at each step
        self.relationships: list[str] = []  # the members table's relationship column with the long names
        self._drawn: dict[CardStage, CounterState] = {}  # the first card's checking and reading stages
        self.counter.controller.add_view(self)
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)

    def counter_changed(self, state: CounterState) -> None:
        """The first card holder's checking and reading stages as the windows drew them (checked
        once the card has answered)."""
        if (state.screen is Screen.CARD and state.card_member == 0
                and state.card_stage in (CardStage.CHECKING, CardStage.READING)):
            self._drawn.setdefault(state.card_stage, state)

    # The checks ------------------------------------------------------------------------------------
    def check(self, step: str) -> None:
        """Both windows at every size, the resident's in normal text and in large text with high contrast."""
        self.steps.append(step)
        self.texts[step] = self.counter.resident.heading.text() + self.counter.resident.body.text()
        self.prompts[step] = self.counter.clerk.prompt.text()
        for (who, size), found in counter_misfits(self.counter).items():
            self.bad[(who, "normal text", size)] += [f"{step}: {p}" for p in found]
        self._large(step)
        if step in IN_EVERY_LANGUAGE:
            self._languages(step)
        elif step == "members":
            self._long_names()
        elif step == "card-take":
            self._as_drawn("card-reading", CardStage.READING)
        self._shots(step)

    def _large(self, step: str) -> None:
        """The resident's window in large text and high contrast, set together as the kiosk's fit
        check sets them (the theme changes colours only, never a size): it fits, and every text
        stands out at least 7:1 from what is painted behind it (measured at each size: what is
        in view changes)."""
        resident = self.counter.resident
        resident.set_look(large_text=True, high_contrast=True)
        found_at = resized(resident, lambda size: resident_problems(resident, size)
                           + dim_texts(resident, contrast.ENHANCED_TEXT_MIN))
        for size, found in found_at.items():
            self.bad[("resident", LARGE, size)] += [f"{step}: {p}" for p in found]
        resident.set_look(large_text=False, high_contrast=False)
        settle()

    def _long_names(self) -> None:
        """The members table with the long names of a foreign household (invented), typed in
        romaji with their reading on the rows typed by hand, and every row's relationship the
        option whose label is the widest in the clerk's language; then all typed back as they were."""
        controller, clerk = self.counter.controller, self.counter.clerk
        members = controller.session.members
        rows = [n for n, m in enumerate(members) if m.source == SOURCE_MANUAL and m.values.get(NAME_FIELD)]
        kept = {n: (str(members[n].values.get(NAME_FIELD) or ""), str(members[n].values.get(READING_FIELD) or ""))
                for n in rows}
        related = [m.relationship for m in members]
        labels = clerk.household.code_labels(RELATIONSHIP)
        widest = max(labels, key=lambda code: clerk.table.fontMetrics().horizontalAdvance(labels[code]))
        here = clerk.table.currentIndex()
        spot = (here.row(), here.column())

        def fill(names: dict[int, tuple[str, str]], relationships: list[str]) -> None:
            for n, (name, reading) in names.items():  # as the clerk types them (a given name alone waits again)
                controller.set_member_text(n, READING_FIELD, reading)
                controller.set_member_text(n, NAME_FIELD, name)
            for n, code in enumerate(relationships):
                controller.set_relationship(n, code)
            clerk.household.reload()
            clerk.table.setCurrentIndex(clerk.household.index(*spot))
            settle()

        fill({n: LONG_NAMES[i % len(LONG_NAMES)] for i, n in enumerate(rows)}, [widest] * len(members))
        model = clerk.household
        self.relationships = [str(model.data(model.index(n, RELATIONSHIP))) for n in range(len(members))]
        self.check("members-long-names")
        fill(kept, related)

    def _languages(self, step: str) -> None:
        """The resident's page at ``step`` (the notice and its OK button, the locked card) as a
        resident of each shipped language reads it."""
        resident, state = self.counter.resident, self.counter.controller.state()
        for lang in SHIPPED_LANGUAGES:
            if lang == state.language:
                continue
            resident.counter_changed(dataclasses.replace(state, language=lang))
            read_as = f"{step}-{lang}"
            self.steps.append(read_as)
            self.texts[read_as] = resident.heading.text() + resident.body.text()
            for size, found in resident_misfits(resident).items():
                self.bad[("resident", "normal text", size)] += [f"{read_as}: {p}" for p in found]
            self._large(read_as)
        resident.counter_changed(self.counter.controller.state())
        settle()

    def _as_drawn(self, step: str, stage: CardStage) -> None:
        """Both windows as they were at the first card's ``stage``, then as they are."""
        drawn = self._drawn.get(stage)
        if drawn is None:
            raise PlayError(f"the card answered without a {stage.value} stage")
        views = (self.counter.clerk, self.counter.resident)
        for view in views:
            view.counter_changed(drawn)
        self.check(step)
        for view in views:
            view.counter_changed(self.counter.controller.state())
        settle()

    def _shots(self, step: str) -> None:
        """Both windows at each of :data:`SHOT_SIZES`, the resident's also in large text with high contrast."""
        if self.shots is None:
            return
        resident = self.counter.resident
        windows = (("clerk", self.counter.clerk, False), ("resident", resident, False),
                   ("resident-large-contrast", resident, True))
        for size in SHOT_SIZES:
            for who, window, look in windows:
                if window is resident:
                    resident.set_look(large_text=look, high_contrast=look)
                before = window.size()
                window.resize(*size)
                settle()
                window.grab().save(str(self.shots / f"{len(self.steps):02d}-{step}-{who}-{size[0]}x{size[1]}.png"))
                window.resize(before)
                settle()
        resident.set_look(large_text=False, high_contrast=False)

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
        """The card of member ``index`` placed; the first one's waiting stage checked before (and
        the refused cards), then a wrong PIN typed on the resident's pad and the tries left
        checked, then another and the last try checked (the right PIN follows)."""
        controller, simulator = self.counter.controller, self.ref.simulator
        if index == 0:
            play.wait(lambda: controller.state().card_stage is CardStage.PLACE, "waiting for the card")
            play.reached("card-place", shot=False)
            self._refused_cards(play)
        simulator.replace_card(self.ref.cards[index])
        simulator.insert()
        if index != 0:
            return
        play.wait(lambda: controller.state().card_stage is CardStage.PIN, "PIN pad")
        pad = self.counter.resident.pin
        play.tap(pad.keys[PIN[0]])  # the card taken off while its PIN is typed, then placed again
        simulator.remove()
        play.wait(lambda: controller.state().card_stage is CardStage.REMOVED, "the card taken off")
        play.reached("card-removed", shot=False)
        simulator.insert()
        play.wait(lambda: controller.state().card_stage is CardStage.PIN, "PIN pad again")
        for tries, step in ((2, "card-wrong-pin"), (1, "card-last-try")):
            for digit in WRONG_PIN:
                play.tap(pad.keys[digit])
            play.tap(pad.keys["ok"])

            def left(tries: int = tries) -> bool:
                return controller.state().card_stage is CardStage.PIN and controller.state().tries_left == tries

            play.wait(left, "tries left")
            play.reached(step, shot=False)

    def _refused_cards(self, play: CounterPlay) -> None:
        """A card whose PIN is locked, then one whose data cannot be read (after its PIN), each
        placed on the reader, its stage checked (and the checking stage, as the first one was
        checked), and taken away: the counter waits for a card again."""
        controller, simulator = self.counter.controller, self.ref.simulator
        pad = self.counter.resident.pin
        for persona, stage, step in REFUSED_CARDS:
            simulator.replace_card(VirtualCard(load_persona(paths.PERSONAS_DIR / persona)))
            simulator.insert()
            if stage is CardStage.FAILED:
                play.wait(lambda: controller.state().card_stage is CardStage.PIN, "PIN pad")
                for digit in PIN:
                    play.tap(pad.keys[digit])
                play.tap(pad.keys["ok"])

            def at(stage: CardStage = stage) -> bool:
                return controller.state().card_stage is stage

            play.wait(at, step)
            play.reached(step, shot=False)
            if stage is CardStage.BLOCKED:
                self._as_drawn("card-checking", CardStage.CHECKING)
            simulator.remove()
            play.wait(lambda: controller.state().card_stage is CardStage.PLACE, "the card taken away")

    def failing(self, key: tuple[str, str, Size]) -> int:
        """How many steps do not fit in window, setting and size ``key``."""
        return len({line.split(":", 1)[0] for line in self.bad[key]})

    def problems(self) -> list[str]:
        return [f"{who} {setting} {w}x{h}: {line}" for (who, setting, (w, h)), found in self.bad.items()
                for line in found]
