"""A PIN pad the resident holds at the counter (issue #17: "the resident taps their card and
types the PIN on a PIN pad they hold or on the resident screen — never the clerk"), free of Qt.

A small USB numeric keypad is an input device of the kernel (``/dev/input/eventN``, or its stable
``/dev/input/by-id/…-event-kbd`` name), set as ``[counter] pin_pad``. It is opened non-blocking and
grabbed (``EVIOCGRAB``): from then on its keys reach this reader only, never X/Wayland, so never
the clerk's window nor any other program. Its ``EV_KEY`` events are decoded by code into the
PIN pad's own keys (:class:`PinKey`): a press (value 1) counts; auto-repeat (2) and release (0)
do not, nor do keys a PIN has no use for. NumLock changes nothing: the keypad's digit keys send
the same codes whatever its state (it is the keyboard layout that would turn them into arrows,
and nothing here goes through a layout).

The digits read pass straight to the pad on the resident's window (which keeps them in its
overwritten buffer, PRIV-04); nothing here keeps, logs or names them (PRIV-03, SEC-04).
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.evdev import (
    EV_KEY,
    EV_SYN,
    EVIOCGRAB,
    SYN_DROPPED,
    SYN_REPORT,
    EventReader,
    close_devices,
    errno_name,
    open_device,
)
from kiosk.log import get_logger

LOG = get_logger(__name__)

# include/uapi/linux/input-event-codes.h (/usr/include/linux/input-event-codes.h)
KEY_ESC = 1
KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9, KEY_0 = 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
KEY_BACKSPACE = 14
KEY_ENTER = 28
KEY_NUMLOCK = 69
KEY_KP7, KEY_KP8, KEY_KP9 = 71, 72, 73
KEY_KP4, KEY_KP5, KEY_KP6 = 75, 76, 77
KEY_KP1, KEY_KP2, KEY_KP3 = 79, 80, 81
KEY_KP0 = 82
KEY_KPENTER = 96
KEY_DELETE = 111

PRESS, RELEASE, REPEAT = 1, 0, 2  # EV_KEY values


class PinKey(Enum):
    """A key of the resident's PIN pad; the digits' values are what the pad takes."""

    D0 = "0"
    D1 = "1"
    D2 = "2"
    D3 = "3"
    D4 = "4"
    D5 = "5"
    D6 = "6"
    D7 = "7"
    D8 = "8"
    D9 = "9"
    BACK = "back"
    CLEAR = "clear"
    OK = "ok"


DIGITS = (KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9)
KP_DIGITS = (KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4, KEY_KP5, KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9)
KEYS: dict[int, PinKey] = {
    **{code: PinKey(str(n)) for n, code in enumerate(DIGITS)},
    **{code: PinKey(str(n)) for n, code in enumerate(KP_DIGITS)},
    KEY_ENTER: PinKey.OK, KEY_KPENTER: PinKey.OK,
    KEY_BACKSPACE: PinKey.BACK,
    KEY_DELETE: PinKey.CLEAR, KEY_ESC: PinKey.CLEAR,
}  # KEY_NUMLOCK and every other key: nothing


class PinPadDecoder:
    """The bytes read from the held pad into :class:`PinKey` presses, an event split across reads
    waiting for its rest. When the kernel's buffer overflowed (``SYN_DROPPED``) the keys up to
    the next ``SYN_REPORT`` are lost: what was typed is no longer known, so the pad is cleared
    (:attr:`PinKey.CLEAR`) and the resident types the PIN again."""

    def __init__(self) -> None:
        self._events = EventReader()
        self._dropping = False

    def feed(self, data: bytes) -> list[PinKey]:
        keys: list[PinKey] = []
        for type_, code, value in self._events.feed(data):
            if type_ == EV_SYN and code == SYN_DROPPED:
                self._dropping = True
                keys.append(PinKey.CLEAR)
            elif self._dropping:
                self._dropping = not (type_ == EV_SYN and code == SYN_REPORT)
            elif type_ == EV_KEY and value == PRESS and code in KEYS:
                keys.append(KEYS[code])
        return keys

    def clear(self) -> None:
        """Bytes of a part-read event are forgotten (the pad closed or dropped)."""
        self._events.clear()
        self._dropping = False


class PinPadError(KioskError):
    """The PIN pad named by ``counter.pin_pad`` cannot be used (``code``: the errno name, such as
    ``EBUSY`` when another program holds it grabbed, ``ENOENT`` when it is not plugged in); the
    clerk is told, and the resident types the PIN on their screen."""

    key = "counter.pin_pad_unavailable"


@dataclass(frozen=True)
class OpenPad:
    path: Path
    fd: int
    grabbed: bool  # False: not an input device (a FIFO in the tests): nothing else could read it anyway


def open_pin_pad(path: Path) -> OpenPad:
    """``path`` opened non-blocking and grabbed; raises :class:`PinPadError`."""
    try:
        fd = open_device(path)
    except OSError as exc:
        code = errno_name(exc)
        raise PinPadError(f"pin pad: cannot open ({code})", code=code) from exc
    try:
        fcntl.ioctl(fd, EVIOCGRAB, 1)
    except OSError as exc:
        code = errno_name(exc)
        if code == "ENOTTY":
            # Not an input device (a FIFO, as in the tests): it has no grab, and no window system
            # reads it, so its keys reach this reader only all the same.
            LOG.info("pin pad: nothing to grab (%s)", code)
            return OpenPad(path, fd, grabbed=False)
        os.close(fd)  # EBUSY: another program holds it grabbed (its keys would go there)
        raise PinPadError(f"pin pad: cannot grab ({code})", code=code) from exc
    return OpenPad(path, fd, grabbed=True)


def close_pin_pad(fd: int) -> None:
    """Closing releases the grab (the kernel drops it with the last descriptor)."""
    close_devices([fd])
