"""The kiosk's side of 係員を呼ぶ, and the "ゆっくり" choice on the first screen.

:class:`StaffCaller` records the call in the shared database through the operations runner (ids
and the screen name only, PRIV-), then asks after it every ``poll_seconds`` until a clerk station
acknowledges it; the staff panel and the top bar then say "係員が向かっています" in the resident's
language. A call that cannot be recorded is said to be so: the kiosk never claims that staff are
coming when nobody was told.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton

from kiosk import i18n
from kiosk.log import get_logger
from kiosk.ui.operations import runner
from kiosk.ui.widgets import button

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.staffcalls import Call, CallStore
    from kiosk.ui.window import KioskWindow

LOG = get_logger(__name__)


def _record_call(store: CallStore, kiosk_id: str, screen: str) -> Call:
    from kiosk import staffcalls  # worker side: the database library is not loaded at start-up

    return staffcalls.record_call(store, kiosk_id, screen)


def _call_state(store: CallStore, call_id: int) -> Call | None:
    from kiosk import staffcalls

    return staffcalls.call_state(store, call_id)


class CallState(StrEnum):
    NONE = "none"
    CALLING = "calling"  # being recorded
    CALLED = "called"  # recorded: every station was alerted
    COMING = "coming"  # a station acknowledged it
    FAILED = "failed"  # could not be recorded (no database, database unreachable)


TITLE_KEYS = {
    CallState.NONE: "resident.staff_calling", CallState.CALLING: "resident.staff_calling",
    CallState.CALLED: "resident.staff_called", CallState.COMING: "resident.staff_coming",
    CallState.FAILED: "resident.staff_call_failed",
}


class StaffCaller(QObject):
    """One kiosk's staff call. ``changed`` fires on the GUI thread whenever :attr:`state` moves."""

    changed = Signal()

    def __init__(self, kiosk_id: str, store: Callable[[], CallStore | None], *, poll_seconds: int = 2,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kiosk_id = kiosk_id
        self.store = store
        self.state = CallState.NONE
        self.call_id: int | None = None
        self._generation = 0  # bumped by forget(): answers about an earlier resident's call are dropped
        self._asking = False
        self.poll = QTimer(self)
        self.poll.setInterval(max(1, poll_seconds) * 1000)
        self.poll.timeout.connect(self._ask)

    @property
    def title_key(self) -> str:
        return TITLE_KEYS[self.state]

    @property
    def button_key(self) -> str:
        """The top bar's 係員を呼ぶ button says when staff are on their way."""
        return "resident.staff_coming" if self.state is CallState.COMING else "resident.call_staff"

    def call(self, screen: str) -> None:
        """Record a call from ``screen`` (a screen name). A call already made and not failed stands."""
        if self.state in (CallState.CALLING, CallState.CALLED, CallState.COMING):
            return
        store = self.store()
        if store is None:
            LOG.warning("staff call not recorded: no database")
            self._set(CallState.FAILED)
            return
        self._set(CallState.CALLING)
        generation, kiosk_id = self._generation, self.kiosk_id
        runner().run(lambda: _record_call(store, kiosk_id, screen),
                     lambda call: self._recorded(generation, call),
                     lambda error: self._record_failed(generation, error), owner=self)

    def _recorded(self, generation: int, call: Call) -> None:
        if generation != self._generation:
            return
        self.call_id = call.id
        self._set(CallState.CALLED)
        self.poll.start()

    def _record_failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        LOG.warning("staff call not recorded: %s", type(error).__name__)
        self._set(CallState.FAILED)

    def _ask(self) -> None:
        store, call_id = self.store(), self.call_id
        if self._asking or store is None or call_id is None:
            return
        self._asking = True
        generation = self._generation
        runner().run(lambda: _call_state(store, call_id), lambda call: self._answered(generation, call),
                     lambda error: self._ask_failed(generation, error), owner=self)

    def _answered(self, generation: int, call: Call | None) -> None:
        self._asking = False
        if generation != self._generation or call is None or call.is_open:
            return
        self.poll.stop()
        self._set(CallState.COMING)

    def _ask_failed(self, generation: int, error: Exception) -> None:
        self._asking = False
        if generation == self._generation:
            LOG.warning("staff call state unknown: %s", type(error).__name__)  # asked again at the next poll

    def forget(self) -> None:
        """Session end: the next resident starts with no call of their own (the call stays open
        for the stations until one acknowledges it)."""
        self._generation += 1
        self.poll.stop()
        self.call_id = None
        if self.state is not CallState.NONE:
            self._set(CallState.NONE)

    def _set(self, state: CallState) -> None:
        self.state = state
        self.changed.emit()


def more_time_button(window: KioskWindow) -> QPushButton:
    """"ゆっくり" (A11Y-09, WCAG 2.2.1): a toggle on the first screen; on, every timeout of the
    session is ``session.more_time_factor`` times longer. It goes off when the session ends."""
    b = button("", name="more-time", checkable=True)

    def toggled(on: bool) -> None:
        window.tapped()
        window.journey.set_more_time(on)

    b.toggled.connect(toggled)
    return b


def refresh_more_time(b: QPushButton, window: KioskWindow) -> None:
    """Label in the first configured languages (nobody has chosen one yet), state from the journey."""
    langs = window.config.kiosk.languages[:3]
    text = " / ".join(i18n.plain(i18n.text("resident.more_time", x)) for x in langs)
    if b.text() != text:
        b.setText(text)
        b.setAccessibleName(text)
    on = window.journey.idle.more_time
    if b.isChecked() != on:
        b.blockSignals(True)
        b.setChecked(on)
        b.blockSignals(False)
