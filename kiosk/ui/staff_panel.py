""""Call staff": tells the resident whether staff were told and when they are on their way; staff
leave the kiosk with their own staff card and its PIN (SEC-09), or — where an installation set
one — the shared staff PIN."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.journey import Ending
from kiosk.ui.keypads import NumericPad
from kiosk.ui.widgets import MessageBox, RubyLabel, button, set_text

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.card_worker import CardPort
    from kiosk.ui.window import KioskWindow

# What the staff part of the panel shows.
CLOSED, PLACE, CHECKING, PIN, SHARED_PIN, DISABLED = "closed", "place", "checking", "pin", "shared_pin", "disabled"
# Card outcomes the card reader reports with a resident's message key: the staff-card wording.
_CARD_KEYS = {"card.pin_format": "staff_card.pin_format"}


class StaffPanel(QWidget):
    """"Call staff": tells the resident help is coming; the staff exit takes a staff card and
    its PIN (the card reader's worker checks it off the GUI thread), or the shared staff PIN."""

    name = "staff"

    def __init__(self, window: KioskWindow, *, calling: bool = True) -> None:
        super().__init__()
        self.setObjectName("Screen")
        self.kiosk = window
        self.calling = calling  # False: the error screen, whose title is its own
        self.state = CLOSED
        self.tries: int | None = None
        self._port: CardPort | None = None
        layout = QVBoxLayout(self)
        s = window.metrics_px.spacing
        layout.setContentsMargins(s * 6, s * 3, s * 6, s * 3)
        self.title = RubyLabel(window.t(window.staff_caller.title_key) if calling else "", object_name="Title")
        self.text = RubyLabel(window.t("resident.staff_text"))
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self.instruction = RubyLabel("")
        self.instruction.hide()
        layout.addWidget(self.instruction)
        self.problem = MessageBox("Warning")
        layout.addWidget(self.problem)
        self.pad_box = QVBoxLayout()
        layout.addLayout(self.pad_box)
        self.pad: NumericPad | None = None
        layout.addStretch(1)
        row = QHBoxLayout()
        self.back = button(window.t("resident.back"), primary=True, name="staff-back")
        self.back.clicked.connect(window.close_overlay)
        self.cancel = button(window.t("resident.cancel_all"), name="staff-cancel")
        self.cancel.clicked.connect(lambda: window.end_session(Ending.CANCELLED))
        self.staff = button(window.t("resident.staff_only"), name="staff-exit")
        self.staff.clicked.connect(self.open_staff)
        self.shared = button("", name="staff-shared-pin")
        self.shared.clicked.connect(self.open_shared_pin)
        self.shared.hide()
        row.addWidget(self.back)
        row.addWidget(self.cancel)
        row.addStretch(1)
        row.addWidget(self.shared)
        row.addWidget(self.staff)
        layout.addLayout(row)

    def initial_focus(self) -> QWidget | None:
        """Back to the resident's screen is what most residents want next (A11Y-10); the pad
        while it asks for a PIN."""
        if self.pad is not None and self.state in (PIN, SHARED_PIN):
            return self.pad
        return self.back

    def primary_actions(self) -> list[QWidget]:
        return [self.back]

    def refresh(self) -> None:
        if self.calling:
            self.title.setText(self.kiosk.t(self.kiosk.staff_caller.title_key))
        set_text(self.shared, self.kiosk.t("staff_card.shared_pin"))

    # The staff exit ------------------------------------------------------------------------
    def open_staff(self) -> None:
        """Ask for the staff card (when a reader and the staff cards can be reached), else the
        shared PIN where one is set; with neither, say that the exit is not set up."""
        self.staff.setEnabled(False)
        port = self.kiosk.card_worker
        if port is not None and self.kiosk.database is not None:
            self._watch_card(port)
            self._set(PLACE)
        elif self.kiosk.config.kiosk.staff_pin:
            self.open_shared_pin()
        else:
            self._set(DISABLED)
        self.shared.setVisible(bool(self.kiosk.config.kiosk.staff_pin) and self.state != SHARED_PIN)

    def open_shared_pin(self) -> None:
        self.release()
        self.shared.hide()
        self._set(SHARED_PIN)

    def _set(self, state: str, **params: object) -> None:
        self.state = state
        texts = {PLACE: "staff_card.place", CHECKING: "staff_card.checking", SHARED_PIN: "staff_card.shared_pin_prompt",
                 DISABLED: "staff_card.disabled"}
        if state == PIN:
            key = "staff_card.last_try" if self.tries == 1 else "staff_card.pin"
            self.instruction.setText(self.kiosk.t(key, n=self.tries, **params))
        elif state in texts:
            self.instruction.setText(self.kiosk.t(texts[state]))
        self.instruction.setVisible(state != CLOSED)
        self._show_pad(state in (PIN, SHARED_PIN))

    def _show_pad(self, shown: bool) -> None:
        if shown and self.pad is None:
            pad = NumericPad(self.kiosk.lang, "", kind="secret")
            pad.accepted.connect(self._pin_entered)
            pad.cancelled.connect(self.kiosk.close_overlay)
            self.pad_box.addWidget(pad)
            self.pad = pad
            pad.setFocus()
        elif not shown and self.pad is not None:
            self.pad_box.removeWidget(self.pad)
            self.pad.hide()
            self.pad.deleteLater()
            self.pad = None

    def _clear_pad(self) -> None:
        if self.pad is not None:
            self.pad.set_value("")

    def _pin_entered(self, pin: str) -> None:
        if self.state == SHARED_PIN:
            self._check(pin)
            return
        port = self._port
        if self.state != PIN or port is None:
            return
        buffer = bytearray(pin.encode("ascii", "replace"))
        self._clear_pad()
        self._set(CHECKING)
        port.submit_pin(buffer)  # copied and wiped at once

    def _check(self, pin: str) -> None:
        """The shared staff PIN."""
        if not self.kiosk.staff_exit(pin):
            locked = self.kiosk.shared_pin_locked()
            self.problem.show_message(self.kiosk.t("staff_card.shared_pin_locked" if locked
                                                   else "staff_card.shared_pin_wrong"))
            self._clear_pad()

    # The card reader, while the staff exit asks for a card -----------------------------------
    def _wiring(self, port: CardPort) -> tuple[tuple[SignalInstance, Callable[..., None]], ...]:
        return ((port.card_present, self._card_present), (port.tries_left, self._tries_left),
                (port.read_ok, self._accepted), (port.wrong_pin, self._wrong_pin), (port.blocked, self._blocked),
                (port.removed, self._removed), (port.not_my_number_card, self._not_my_number_card),
                (port.reader_lost, self._reader_lost), (port.reader_back, self._reader_back),
                (port.failed, self._failed))

    def _watch_card(self, port: CardPort) -> None:
        """Take the card reader from the resident's card screen (it starts over when shown
        again) and watch for a staff card."""
        self.kiosk.release_card_reader()
        for signal, slot in self._wiring(port):
            signal.connect(slot)
        self._port = port
        port.start_session(self.kiosk.staff_card_session)

    def release(self) -> None:
        """Give the card reader back (the panel closes, or the shared PIN is used instead)."""
        port, self._port = self._port, None
        if port is None:
            return
        for signal, slot in self._wiring(port):
            signal.disconnect(slot)
        port.cancel()

    def _problem(self, key: str, state: str = PLACE, **params: object) -> None:
        self.problem.show_message(self.kiosk.t(key, **params))
        self._set(state)

    def _card_present(self) -> None:
        self.problem.clear()
        self._set(CHECKING)

    def _tries_left(self, n: int) -> None:
        self.tries = n
        self._set(PIN)

    def _accepted(self, _entry: object) -> None:
        self.release()
        self.kiosk.leave_for_maintenance()

    def _wrong_pin(self, n: int) -> None:
        self.tries = n
        self._problem("staff_card.wrong_pin", PIN, n=n)

    def _blocked(self) -> None:
        self._problem("staff_card.blocked")

    def _removed(self) -> None:
        self._clear_pad()
        self._problem("staff_card.removed")

    def _not_my_number_card(self) -> None:
        self._problem("staff_card.not_my_number_card")

    def _reader_lost(self) -> None:
        self._problem("staff_card.no_reader")

    def _reader_back(self) -> None:
        self.problem.clear()
        self._set(PLACE)
        if self._port is not None:
            self._port.start_session(self.kiosk.staff_card_session)

    def _failed(self, key: str) -> None:
        key = _CARD_KEYS.get(key, key)
        self._problem(key if key.startswith("staff_card.") else "staff_card.failed",
                      PIN if key == "staff_card.pin_format" else PLACE)
