"""The PIN pad the resident holds at the counter (``[counter] pin_pad``; issue #17): its keys act
exactly as touches on the resident window's PIN pad while a card's PIN is asked (that pad on
show), and are read and dropped at any other time, so that a key pressed before the PIN is asked
never becomes a digit later. Opening (and grabbing, :mod:`kiosk.counter.pin_pad`) runs on the
operations runner; the device is then watched as :class:`~kiosk.ui.device_watch.DeviceWatch` watches a
device, on the GUI thread, each read taking only what the kernel holds. A counter shut down
while the pad is still being opened closes it (and so releases its grab) as soon as it is open.

A pad that cannot be used (another program holds it, it is not plugged in) or that goes away
(end of file, a read error) is closed quietly, logged by code, and the clerk is told once in
the clerk's language; the resident's touch pad goes on as before. No digit is kept, logged or
shown here: the keys go to the pad, and only their count to the clerk (PRIV-03, SEC-04)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from kiosk.counter import CardStage, CounterController, CounterState
from kiosk.counter.pin_pad import OpenPad, PinPadDecoder, PinPadError, open_pin_pad
from kiosk.journey import Screen
from kiosk.log import get_logger
from kiosk.ui.device_watch import DeviceWatch
from kiosk.ui.keypads import PinPad

LOG = get_logger(__name__)
GONE_KEY = "counter.pin_pad_gone"


class HeldPinPad(DeviceWatch[OpenPad]):
    """Owned by ``owner`` (the resident's window); ``pad`` is that window's PIN pad."""

    what = "pin pad"

    def __init__(self, controller: CounterController, pad: PinPad, setting: str, owner: QObject) -> None:
        super().__init__(owner)
        self.controller, self.pad = controller, pad
        self.path: Path | None = None if setting == "off" else Path(setting)
        self.grabbed = False
        self.problem: str | None = None  # why it cannot be used (an errno name), once known
        self.dropped = 0  # keys read while no PIN was asked (a count: never which keys)
        self._decoder = PinPadDecoder()
        self._asking = False
        self._draining = False
        controller.add_view(self)
        path = self.path
        if path is not None:
            self._start(lambda: open_pin_pad(path))

    @property
    def reading(self) -> bool:
        return self.watching

    def _opened(self, opened: OpenPad) -> None:
        self.grabbed = opened.grabbed
        LOG.info("pin pad: reading (%s)", "grabbed" if opened.grabbed else "not an input device")

    def _failed(self, error: Exception) -> None:
        code = str(error.params.get("code")) if isinstance(error, PinPadError) else type(error).__name__
        self.problem = code
        LOG.warning("pin pad: not used (%s)", code)
        self.controller.tell(PinPadError.key)  # the resident's screen is the way

    # The controller: is a PIN asked? ----------------------------------------------------------------
    def counter_changed(self, state: CounterState) -> None:
        asking = state.screen is Screen.CARD and state.card_stage is CardStage.PIN
        if asking and not self._asking:
            self._drain()  # what was pressed before the PIN was asked is dropped, not typed
            if self.problem is not None and self.closed_by is None and state.message_key != PinPadError.key:
                # unusable from the start (the message went with the last resident): told again
                # now that it matters, once this change has reached every view
                QTimer.singleShot(0, self, lambda: self.controller.tell(PinPadError.key))
        self._asking = asking

    def _drain(self) -> None:
        was, self._asking, self._draining = self._asking, False, True
        try:
            self._readable()
        finally:
            self._asking, self._draining = was, False

    # The device -------------------------------------------------------------------------------------
    def _feed(self, data: bytes) -> None:
        for key in self._decoder.feed(data):
            if self._asking:  # checked at each key: OK ends the asking (the card is read)
                self.pad.press(key.value)
            else:
                self.dropped += 1

    def _gone(self, why: str) -> None:
        self.problem = why
        if self._draining:  # within a change the views are being told of: told once it reached them all
            QTimer.singleShot(0, self, lambda: self.controller.tell(GONE_KEY))
        else:
            self.controller.tell(GONE_KEY)  # once: the device is closed, nothing more comes from it

    def _closing(self) -> None:
        self._decoder.clear()
