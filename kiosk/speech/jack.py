"""The headphone jack (A11Y-06: speech mode starts when headphones are plugged in), free of Qt.

On Linux a 3.5 mm jack reports through the kernel's input layer: a device listed in
``/proc/bus/input/devices`` whose switch bitmap (``B: SW=``) has ``SW_HEADPHONE_INSERT``
(also ``SW_LINEOUT_INSERT``, ``SW_JACK_PHYSICAL_INSERT``), read at ``/dev/input/eventN`` (its
``H: Handlers=`` line). Its events are ``struct input_event`` (decoded by :mod:`kiosk.evdev`,
which also parses the listing); a switch report is a few ``EV_SW`` events closed by ``EV_SYN``/``SYN_REPORT``. When the kernel's
buffer overflowed it sends ``SYN_DROPPED``: the events up to the next ``SYN_REPORT`` are dropped
and the switches' state is read again (``EVIOCGSW``), as libevdev does.

- :func:`find_jack` / :func:`locate`: which device is the jack (the
  ``/proc`` path injectable);
- :func:`open_jack`: the device opened non-blocking, with its switches' state when the ioctl
  answers (a device that is not evdev, such as a FIFO, has an unknown state until its first
  report);
- :class:`JackDecoder`: bytes as they are read (partial reads buffered) into plugged / unplugged.
"""

from __future__ import annotations

import fcntl
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from kiosk.evdev import (
    DEV_INPUT,
    EV_SW,
    EV_SYN,
    PROC_DEVICES,
    SYN_DROPPED,
    SYN_REPORT,
    EventReader,
    InputDevice,
    errno_name,
    eviocgsw,
    open_device,
    parse_devices,
)
from kiosk.speech import SpeechError

# include/uapi/linux/input-event-codes.h
SW_HEADPHONE_INSERT = 0x02
SW_LINEOUT_INSERT = 0x06
SW_JACK_PHYSICAL_INSERT = 0x07
SW_MAX = 0x10
JACK_SWITCHES = frozenset({SW_HEADPHONE_INSERT, SW_LINEOUT_INSERT, SW_JACK_PHYSICAL_INSERT})
SW_BYTES = (SW_MAX + 8) // 8  # the switch bitmap: SW_CNT bits


class HeadphoneJackError(SpeechError):
    """The headphone jack named by the configuration (or found) cannot be opened; ``code`` is the
    errno name. The kiosk goes on: speech mode starts by its key."""

    key = "speech.jack_unavailable"


# Discovery ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class JackDevice:
    """The device to watch: its name (for the doctor and the log), path and jack switches."""

    name: str
    path: Path
    switches: frozenset[int] = JACK_SWITCHES


def find_jack(devices: list[InputDevice]) -> InputDevice | None:
    """The headphone jack among ``devices``: one with ``SW_HEADPHONE_INSERT`` first, else one with
    another jack switch (line out, the jack's mechanical switch); it must have an event node."""
    usable = [d for d in devices if d.event_node is not None and d.switches & JACK_SWITCHES]
    return next((d for d in usable if SW_HEADPHONE_INSERT in d.switches), usable[0] if usable else None)


def locate(setting: str, proc: Path | None = None, dev_dir: Path | None = None) -> JackDevice | None:
    """The device the setting names: ``off`` none, ``auto`` the jack :func:`find_jack` finds in
    ``proc`` (:data:`PROC_DEVICES`; none when it lists none, or cannot be read) at its node in
    ``dev_dir`` (:data:`DEV_INPUT`), else the path itself."""
    proc = PROC_DEVICES if proc is None else proc
    dev_dir = DEV_INPUT if dev_dir is None else dev_dir
    if setting == "off":
        return None
    if setting != "auto":
        return JackDevice(setting, Path(setting))
    try:
        text = proc.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    device = find_jack(parse_devices(text))
    if device is None or device.event_node is None:
        return None
    return JackDevice(device.name, dev_dir / device.event_node, device.switches & JACK_SWITCHES)


# The device -------------------------------------------------------------------------------------
def read_switches(fd: int, switches: frozenset[int]) -> dict[int, bool] | None:
    """The state of ``switches`` by ``EVIOCGSW`` (a copy of the kernel's bits: no waiting), or
    None where the device does not answer it (not an evdev device)."""
    buffer = bytearray(SW_BYTES)
    try:
        fcntl.ioctl(fd, eviocgsw(len(buffer)), buffer, True)
    except OSError:
        return None
    return {code: bool(buffer[code // 8] >> (code % 8) & 1) for code in switches}


@dataclass(frozen=True)
class OpenJack:
    device: JackDevice
    fd: int
    state: dict[int, bool] | None  # None: unknown until the device's first report


def open_jack(device: JackDevice) -> OpenJack:
    """``device`` opened for reading, non-blocking; raises :class:`HeadphoneJackError`."""
    try:
        fd = open_device(device.path)
    except OSError as exc:
        code = errno_name(exc)
        raise HeadphoneJackError(f"{device.path}: {code}", code=code) from exc
    return OpenJack(device, fd, read_switches(fd, device.switches))


# Events -----------------------------------------------------------------------------------------
class JackChange(Enum):
    PLUGGED = "plugged"
    UNPLUGGED = "unplugged"
    DROPPED = "dropped"  # events were lost: read the state again and give it to resync()


class JackDecoder:
    """Turns the bytes read from the device into changes of the jack. A switch report counts
    once its ``SYN_REPORT`` comes; headphones are plugged while any jack switch is set. Bytes
    of an event split across reads wait for the rest; events of other types and switch values
    other than 0 and 1 are passed over."""

    def __init__(self, switches: frozenset[int] = JACK_SWITCHES, state: dict[int, bool] | None = None) -> None:
        self.switches = switches
        self._state: dict[int, bool] = dict(state or {})
        self._pending: dict[int, bool] = {}
        self._events = EventReader()
        self._dropping = False

    @property
    def plugged(self) -> bool | None:
        """None while no state is known (no ioctl, no report yet, or lost in a drop)."""
        return any(self._state.values()) if self._state else None

    def feed(self, data: bytes) -> list[JackChange]:
        changes: list[JackChange] = []
        for type_, code, value in self._events.feed(data):
            change = self._event(type_, code, value)
            if change is not None:
                changes.append(change)
        return changes

    def _event(self, type_: int, code: int, value: int) -> JackChange | None:
        if type_ == EV_SYN and code == SYN_DROPPED:
            self._dropping = True
            self._pending.clear()
            return JackChange.DROPPED
        if self._dropping:  # everything up to and including the next SYN_REPORT is stale
            if type_ == EV_SYN and code == SYN_REPORT:
                self._dropping = False
            return None
        if type_ == EV_SW and code in self.switches and value in (0, 1):
            self._pending[code] = bool(value)
        elif type_ == EV_SYN and code == SYN_REPORT and self._pending:
            before = self.plugged
            self._state.update(self._pending)
            self._pending.clear()
            return self._changed(before)
        return None

    def resync(self, state: dict[int, bool] | None) -> JackChange | None:
        """After :attr:`JackChange.DROPPED`: the state read again (None: unknown until the next
        report); the change, if the jack changed while events were lost."""
        before = self.plugged
        self._state = dict(state or {})
        return self._changed(before)

    def _changed(self, before: bool | None) -> JackChange | None:
        now = self.plugged
        if now is None or now == before:
            return None
        return JackChange.PLUGGED if now else JackChange.UNPLUGGED
