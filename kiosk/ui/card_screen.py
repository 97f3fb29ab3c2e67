"""Card screen, per member who chose the card: place the card, tries left shown before the PIN
pad (SEC-05), PIN entry, reading progress, then "take your card". Every fault says what
happened and what to do, and keeps everything entered so far; a blocked card or no card goes
on by hand to the same review screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from kiosk.card.reader import CardRead
from kiosk.log import get_logger
from kiosk.session import Member
from kiosk.ui.base import ScreenBase
from kiosk.ui.card_worker import CardPort
from kiosk.ui.keypads import PinPad
from kiosk.ui.reading_picker import ReadingPicker
from kiosk.ui.widgets import MessageBox, RubyLabel, button, set_text, show_busy

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.window import KioskWindow

LOG = get_logger(__name__)

# States of the screen.
PLACE, CHECKING, PIN, READING, TAKE, BLOCKED, READER_LOST = (
    "place", "checking", "pin", "reading", "take", "blocked", "reader_lost")


class CardScreen(ScreenBase):
    name = "card"

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.state = PLACE
        self.tries: int | None = None
        self.result: CardRead | None = None
        # The text, then the PIN pad: under it, or beside it on a compact landscape window (arrange).
        self.lead = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.lead.setSpacing(window.metrics_px.spacing * 2)
        column = QVBoxLayout()
        self.instruction = RubyLabel("")
        column.addWidget(self.instruction)
        self.tries_box = MessageBox("Warning")
        column.addWidget(self.tries_box)
        self.busy = QProgressBar()
        show_busy(self.busy, animations=window.config.kiosk.animations)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("busy")
        column.addWidget(self.busy)
        column.addStretch(1)
        self.lead.addLayout(column, 1)
        row = QHBoxLayout()
        self.pin = PinPad(self.lang)
        self.pin.submitted.connect(self.submit_pin)
        self.pin.changed.connect(self._pin_changed)
        row.addStretch(1)
        row.addWidget(self.pin, 0, Qt.AlignmentFlag.AlignTop)  # its own height beside a taller text
        row.addStretch(1)
        self.lead.addLayout(row)
        self.body.addLayout(self.lead)
        # the card holds no reading: the resident confirms one while taking the card out
        self.reading = ReadingPicker(self.lang)
        self.reading.chosen.connect(lambda _reading: self.kiosk.tapped())
        self.reading.pad.typed.connect(self.kiosk.typed)
        self.body.addWidget(self.reading)
        self.body.addStretch(1)
        self.hint = RubyLabel("", object_name="Small")
        self.body.addWidget(self.hint)
        self.manual = button("", name="card-manual")
        self.manual.clicked.connect(self.go_manual)
        self.action_row.addWidget(self.manual)
        self.action_row.addStretch(1)
        self._connected: CardPort | None = None
        self._member: Member | None = None

    def arrange(self, side: bool) -> None:
        self.set_beside(self.lead, side)

    def _pin_changed(self, length: int) -> None:
        if length:
            self.kiosk.typed(1)

    # Worker wiring --------------------------------------------------------------------------
    @property
    def worker(self) -> CardPort | None:
        port: CardPort | None = self.kiosk.card_worker
        return port

    def _wiring(self, port: CardPort) -> tuple[tuple[SignalInstance, Callable[..., None]], ...]:
        return ((port.card_present, self.on_card_present), (port.tries_left, self.on_tries_left),
                (port.read_ok, self.on_read_ok), (port.wrong_pin, self.on_wrong_pin),
                (port.blocked, self.on_blocked), (port.removed, self.on_removed),
                (port.not_my_number_card, self.on_not_my_number_card),
                (port.reader_lost, self.on_reader_lost), (port.reader_back, self.on_reader_back),
                (port.failed, self.on_failed))

    def _connect(self) -> None:
        port = self.worker
        if self._connected is not None or port is None:
            return
        for signal, slot in self._wiring(port):
            signal.connect(slot)
        self._connected = port

    def release_reader(self) -> None:
        """Another part of the kiosk (the staff exit) takes the card reader: let it go, and start
        over for the member when shown again (the card placed again, its tries read again)."""
        self.disconnect_worker()
        self._member = None
        self.result = None
        self.pin.clear()

    def disconnect_worker(self) -> None:
        port, self._connected = self._connected, None
        if port is None:
            return
        for signal, slot in self._wiring(port):
            signal.disconnect(slot)

    # Rendering --------------------------------------------------------------------------------
    def refresh(self) -> None:
        member = self.journey.current_member()
        if member is None:
            return
        if member is not self._member:  # a new member: start over
            self._member = member
            self.state = PLACE
            self.tries = None
            self.reading.reset()
            self.clear_problem()
            self._connect()
            if self.worker is None:
                self.state = READER_LOST
            else:
                self.worker.start_session()
        self.pin.retranslate(self.lang)
        self.reading.retranslate(self.lang)
        index = self.journey.session.members.index(member)
        self.title.setText(self.t("resident.card_title", n=index + 1))
        set_text(self.manual, self.t("resident.card_manual"))
        self.hint.setText(self.t("resident.card_no_pin_hint"))
        self._render()

    def _render(self) -> None:
        texts = {
            PLACE: "resident.card_place", CHECKING: "resident.card_checking", PIN: "resident.card_pin",
            READING: "resident.card_reading", TAKE: "resident.card_take",
            BLOCKED: "resident.card_blocked", READER_LOST: "resident.card_reader_lost",
        }
        self.instruction.setText(self.t(texts[self.state]))
        self.busy.setVisible(self.state in (CHECKING, READING))
        self.pin.setVisible(self.state == PIN)
        self.reading.setVisible(self.state == TAKE)
        if self.state == PIN and self.tries is not None:
            key = "resident.card_last_try" if self.tries == 1 else "resident.card_tries_left"
            self.tries_box.show_message(self.t(key, n=self.tries))
        else:
            self.tries_box.clear()
        self.settle_focus()

    def initial_focus(self) -> QWidget | None:
        """The PIN pad while it asks; "enter by hand" when the card cannot be used (blocked, no
        reader); else nothing: the next step is the card itself (placing or taking it), and
        Enter must not press "enter by hand" and lose a card just read."""
        if self.state == PIN:
            return self.pin
        return self.manual if self.state in (BLOCKED, READER_LOST) else None

    def primary_actions(self) -> list[QWidget]:
        return [self.pin] if self.state == PIN else [self.manual]

    def _set(self, state: str) -> None:
        self.state = state
        if self.isVisible() or self.journey.current_member() is not None:
            self._render()
            # Said now, not at speech mode's next poll: a key pressed in between (Tab to the
            # reading) would otherwise cut off 「カードをお取りください」 before it began.
            self.kiosk.speech.refresh()

    # Worker events ------------------------------------------------------------------------------
    def on_card_present(self) -> None:
        self.clear_problem()
        self._set(CHECKING)

    def on_tries_left(self, n: int) -> None:
        self.kiosk.recorder.card_outcome("tries_read")
        self.tries = n
        if n <= 0:
            self.on_blocked()
            return
        self._set(PIN)

    def submit_pin(self, pin: bytearray) -> None:
        self.kiosk.tapped()
        self._set(READING)
        port = self.worker
        try:
            if port is None:  # no reader: say so, and offer hand entry (the PIN is not kept)
                self.on_reader_lost()
            else:
                port.submit_pin(pin)
        finally:
            for i in range(len(pin)):
                pin[i] = 0

    def on_wrong_pin(self, n: int) -> None:
        self.kiosk.recorder.card_outcome("wrong_pin")
        self.tries = n
        self.show_problem("resident.card_wrong_pin", n=n)
        self._set(PIN)

    def on_blocked(self) -> None:
        self.kiosk.recorder.card_outcome("blocked")
        self.tries = 0
        self.clear_problem()
        self._set(BLOCKED)

    def on_read_ok(self, result: CardRead) -> None:
        self.kiosk.recorder.card_outcome("read_ok")
        self.result = result
        self.clear_problem()
        self.reading.offer(result.basic.name)
        self._set(TAKE)

    def on_removed(self) -> None:
        self.pin.clear()
        if self.state == TAKE and self.result is not None:
            read, self.result = self.result, None
            member, self._member = self._member, None
            if member is not None and self.reading.value:  # the reading the resident confirmed
                self.journey.session.set_member_value(member, "person.name_kana", self.reading.value)
            self.journey.card_read(read)
            return
        if self.state in (PIN, READING, CHECKING):
            self.kiosk.recorder.card_outcome("removed")
            # Not a user failure (SEC-06): ask to put it back; the tries are read again.
            self.show_problem("resident.card_removed")
        self._set(PLACE)

    def on_not_my_number_card(self) -> None:
        self.kiosk.recorder.card_outcome("not_my_number_card")
        self.show_problem("resident.card_not_my_number")
        self._set(PLACE)

    def on_reader_lost(self) -> None:
        self.kiosk.recorder.card_outcome("reader_lost")
        self.pin.clear()
        self._set(READER_LOST)

    def on_reader_back(self) -> None:
        self.clear_problem()
        self._set(PLACE)
        if self.worker is not None:
            self.worker.start_session()

    def on_failed(self, key: str = "") -> None:
        self.kiosk.recorder.card_outcome("failed")
        self.show_problem(key if key.startswith("card.") else "resident.card_failed")
        self._set(PLACE)

    def reset(self) -> bool:
        """Session end: the screen forgets the resident (PRIV-08: no card read, no PIN digit, no
        reading offered or typed) and is kept for the next session. Rebuilding it every session
        made a new page scroller each time, and with it a new touch gesture type that PySide
        keeps for good (one more enum member a session)."""
        self.disconnect_worker()  # connected again when the next member comes (refresh)
        self.forget()
        self.state = PLACE
        self.tries = None
        self.result = None
        self._member = None
        self.pin.clear()
        self.reading.reset()
        self.reading.pad.set_value("")
        self.instruction.setText("")
        self.tries_box.clear()
        return True

    def go_manual(self) -> None:
        """No card, blocked card, no reader: this member goes by hand (same review screen)."""
        self.kiosk.tapped()
        self.pin.clear()
        self.result = None
        self._member = None
        if self.worker is not None:
            self.worker.cancel()
        self.journey.card_unavailable()
