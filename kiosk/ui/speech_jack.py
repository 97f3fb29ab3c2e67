"""Headphones plugged in start speech mode (A11Y-06, EN 301 549 5.1.3): the jack's input device
(:mod:`kiosk.speech.jack`, setting ``speech.headphone_jack``) watched by a
:class:`~PySide6.QtCore.QSocketNotifier` on a non-blocking descriptor, on the GUI thread without
a thread of its own: finding and opening the device run on the operations runner, and a read
only takes what the kernel already holds.

Plugging headphones in turns speech mode on, as the ``*`` key does (the screen is announced in
the session's language). Unplugging them turns it off only when the plug turned it on, and only
while it is still that same "on": a blind resident who turned speech on by the key (or the
button) before plugging in, or again after the plug, keeps the guidance they asked for when the
headphones come out; it then goes on through the speaker, as before they were plugged. Either
way the volume goes back to its default (A11Y-08): a level set for headphones is not played
out loud. A device that vanishes (a read fails, end of file) is closed quietly and logged by
code; the kiosk and the key go on as before.

PRIV-15: :attr:`JackWatcher.plugged` is True only when the jack says so; the review read-out
stays what the resident asks for by ``0`` or 読み上げ whatever the jack says.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QSocketNotifier

from kiosk.evdev import DeviceGone, close_devices, read_ready
from kiosk.log import get_logger
from kiosk.speech import jack
from kiosk.speech.jack import JackChange, JackDecoder, OpenJack

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.speech import SpeechController

LOG = get_logger(__name__)


class JackWatcher(QObject):
    """Owned by the speech controller; ``setting`` is ``speech.headphone_jack``."""

    def __init__(self, speech: SpeechController, setting: str, proc: Path | None = None) -> None:
        super().__init__(speech)
        from kiosk.ui.operations import runner

        self.speech = speech
        self.device: jack.JackDevice | None = None
        self._fd: int | None = None
        self._held: list[int] = []  # the open descriptor, closed with this object if not before
        self._notifier: QSocketNotifier | None = None
        self._decoder = JackDecoder()
        self._started_on = -1  # speech's turned_on count when the plug turned it on (-1: it did not)
        self.closed_by: str | None = None  # why the device was closed (a code), for the log and tests
        self._stopped = False  # closed before the device was open: not watched once it is
        if setting == "off":
            return

        def find_and_open() -> OpenJack | None:
            device = jack.locate(setting, proc)
            return jack.open_jack(device) if device is not None else None

        def opened(result: OpenJack | None) -> None:
            if shiboken6.isValid(self) and not self._stopped:
                self._opened(result)
            elif result is not None:  # the window went (or closed) while the device was being opened
                close_devices([result.fd])

        runner().run(find_and_open, opened, lambda error: self._failed(error) if shiboken6.isValid(self) else None)

    @property
    def watching(self) -> bool:
        return self._notifier is not None

    @property
    def plugged(self) -> bool | None:
        """True or False as the jack last told; None when unknown (not watched, not told yet)."""
        return self._decoder.plugged if self.watching else None

    def _opened(self, opened: OpenJack | None) -> None:
        if opened is None:
            LOG.info("headphone jack: none found")
            return
        self.device, self._fd = opened.device, opened.fd
        held = self._held
        held.append(opened.fd)
        self.destroyed.connect(lambda: close_devices(held))  # the window closed: nothing left open
        self._decoder = JackDecoder(opened.device.switches, opened.state)
        self._notifier = QSocketNotifier(opened.fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._readable)
        LOG.info("headphone jack: watching (%s)", "state known" if opened.state is not None else "state unknown")

    def _failed(self, error: Exception) -> None:
        code = error.params.get("code") if isinstance(error, jack.HeadphoneJackError) else type(error).__name__
        LOG.warning("headphone jack: not watched (%s)", code)

    def _readable(self) -> None:
        fd = self._fd
        if fd is None:
            return
        try:
            for data in read_ready(fd):
                for change in self._decoder.feed(data):
                    if change is JackChange.DROPPED:
                        again = self._decoder.resync(jack.read_switches(fd, self._decoder.switches))
                        if again is not None:
                            self._changed(again is JackChange.PLUGGED)
                    else:
                        self._changed(change is JackChange.PLUGGED)
                if fd != self._fd:  # closed meanwhile
                    return
        except DeviceGone as gone:
            self.close(gone.why)

    def _changed(self, plugged: bool) -> None:
        speech = self.speech
        LOG.info("headphone jack: %s", "plugged" if plugged else "unplugged")
        speech.window.journey.idle.touch()
        if plugged:
            if not speech.on:
                speech.set_on(True)  # as the * key: the screen announced in the session's language
                self._started_on = speech.turned_on if speech.on else -1
            return
        speech.volume.reset()
        if speech.on and self._started_on == speech.turned_on:
            speech.set_on(False)
        self._started_on = -1

    def close(self, why: str = "closed") -> None:
        """Stop watching and close the device (logged by code only)."""
        self._stopped = True
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._fd is not None:
            self._fd = None
            close_devices(self._held)
            self.closed_by = why
            LOG.info("headphone jack: closed (%s)", why)
