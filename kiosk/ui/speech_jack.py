"""Headphones plugged in start speech mode (A11Y-06, EN 301 549 5.1.3): the jack's input device
(:mod:`kiosk.speech.jack`, setting ``speech.headphone_jack``) watched as
:class:`~kiosk.ui.device_watch.DeviceWatch` watches a device (on the GUI thread without a thread
of its own; finding and opening the device on the operations runner).

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

from kiosk.log import get_logger
from kiosk.speech import jack
from kiosk.speech.jack import JackChange, JackDecoder, OpenJack
from kiosk.ui.device_watch import DeviceWatch

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.speech import SpeechController

LOG = get_logger(__name__)


class JackWatcher(DeviceWatch[OpenJack]):
    """Owned by the speech controller; ``setting`` is ``speech.headphone_jack``."""

    what = "headphone jack"

    def __init__(self, speech: SpeechController, setting: str, proc: Path | None = None) -> None:
        super().__init__(speech)
        self.speech = speech
        self.device: jack.JackDevice | None = None
        self._decoder = JackDecoder()
        self._started_on = -1  # speech's turned_on count when the plug turned it on (-1: it did not)
        if setting == "off":
            return

        def find_and_open() -> OpenJack | None:
            device = jack.locate(setting, proc)
            return jack.open_jack(device) if device is not None else None

        self._start(find_and_open)

    @property
    def plugged(self) -> bool | None:
        """True or False as the jack last told; None when unknown (not watched, not told yet)."""
        return self._decoder.plugged if self.watching else None

    def _opened(self, opened: OpenJack) -> None:
        self.device = opened.device
        self._decoder = JackDecoder(opened.device.switches, opened.state)
        LOG.info("headphone jack: watching (%s)", "state known" if opened.state is not None else "state unknown")

    def _none(self) -> None:
        LOG.info("headphone jack: none found")

    def _failed(self, error: Exception) -> None:
        code = error.params.get("code") if isinstance(error, jack.HeadphoneJackError) else type(error).__name__
        LOG.warning("headphone jack: not watched (%s)", code)

    def _feed(self, data: bytes) -> None:
        for change in self._decoder.feed(data):
            if change is JackChange.DROPPED:
                fd = self._fd
                again = self._decoder.resync(jack.read_switches(fd, self._decoder.switches)) if fd is not None else None
                if again is not None:
                    self._changed(again is JackChange.PLUGGED)
            else:
                self._changed(change is JackChange.PLUGGED)

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
