"""The card at the counter: the resident places it and types the PIN on their own pad (the
resident window's PinPad, or a PIN pad device typing into it). This link forwards the card
worker's events to the controller as card stages, and the pad's digit count (never the digits)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from kiosk.card.reader import CardRead
from kiosk.counter import CardStage, CounterController, CounterState
from kiosk.journey import Screen
from kiosk.ui.card_worker import CardPort
from kiosk.ui.counter.readings import offer_reading
from kiosk.ui.keypads import PinPad

MID_READ = (CardStage.CHECKING, CardStage.PIN, CardStage.READING)  # a card taken off then was not read yet


class CardLink(QObject):
    def __init__(self, controller: CounterController, worker: CardPort | None, pad: PinPad) -> None:
        super().__init__(pad)
        self.controller, self.worker, self.pad = controller, worker, pad
        self._member: int | None = None
        self._read: CardRead | None = None
        self.outcome: Callable[[str], None] = lambda _outcome: None  # each card's outcome, for the figures
        pad.changed.connect(controller.pin_progress)
        pad.submitted.connect(self._submit)
        if worker is not None:
            worker.card_present.connect(lambda: controller.card_stage(CardStage.CHECKING))
            worker.tries_left.connect(self._tries)
            worker.wrong_pin.connect(lambda n: self._stage("wrong_pin", CardStage.PIN, n))
            worker.blocked.connect(lambda: self._stage("blocked", CardStage.BLOCKED, 0))
            worker.read_ok.connect(self._read_ok)
            worker.removed.connect(self._removed)
            worker.failed.connect(lambda _key="": self._stage("failed", CardStage.FAILED))
            worker.not_my_number_card.connect(lambda: self._stage("not_my_number_card", CardStage.FAILED))
        controller.add_view(self)

    def counter_changed(self, state: CounterState) -> None:
        if state.screen is Screen.CARD and state.card_member != self._member:
            self._member, self._read = state.card_member, None
            self.pad.clear()
            if self.worker is None:
                self.controller.card_stage(CardStage.FAILED)
            else:
                self.worker.start_session()
                self.controller.card_stage(CardStage.PLACE)
        elif state.screen is not Screen.CARD:
            self._member = None

    def _stage(self, outcome: str, stage: CardStage, tries: int | None = None) -> None:
        self.outcome(outcome)
        self.controller.card_stage(stage, tries)

    def _tries(self, n: int) -> None:
        self.controller.card_stage(CardStage.PIN if n > 0 else CardStage.BLOCKED, n)

    def _submit(self, pin: bytearray) -> None:
        self.controller.card_stage(CardStage.READING)
        try:
            if self.worker is not None:
                self.worker.submit_pin(pin)
        finally:
            for i in range(len(pin)):
                pin[i] = 0

    def _read_ok(self, read: CardRead) -> None:
        self.outcome("read_ok")
        self._read = read
        self.controller.card_stage(CardStage.TAKE)

    def _removed(self) -> None:
        """The card left the reader: once read, the member has it; taken off while it was being
        checked, its PIN typed or read, it is not a failure (SEC-06): both windows say nothing
        was lost and to place it again (its tries are read again then); else the counter waits
        for a card again."""
        self.pad.clear()
        read, self._read = self._read, None
        if read is not None and self.controller.journey.screen is Screen.CARD:
            member, self._member = self._member, None
            self.controller.card_read(read)
            if member is not None:
                offer_reading(self.controller, member, read.basic.name, owner=self)
        elif self.controller.journey.screen is Screen.CARD:
            if self.controller.state().card_stage in MID_READ:
                self._stage("removed", CardStage.REMOVED)
            else:
                self.controller.card_stage(CardStage.PLACE)
