"""The kernel's input devices (evdev), free of Qt: what the headphone jack (:mod:`kiosk.speech.jack`)
and the PIN pad a resident holds at the counter (:mod:`kiosk.counter.pin_pad`) share.

- :data:`EVENT` / :class:`EventReader`: ``struct input_event`` (``include/uapi/linux/input.h``: a
  ``struct timeval``, then ``__u16 type``, ``__u16 code``, ``__s32 value``; 24 bytes on 64-bit)
  decoded from the bytes as they are read, an event split across reads waiting for its rest;
  :func:`event_bytes` packs one as the kernel writes it (the tests' device substitute writes these);
- :func:`parse_devices`: the blocks of ``/proc/bus/input/devices``;
- :func:`ioc_read` / :func:`ioc_write`: the ioctl numbers of ``include/uapi/asm-generic/ioctl.h``
  (:func:`eviocgsw`, :data:`EVIOCGRAB`);
- :func:`open_device`: a device opened non-blocking, :func:`errno_name` the code a failure is
  logged and reported by.

Codes are those of ``include/uapi/linux/input-event-codes.h``.
"""

from __future__ import annotations

import errno
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROC_DEVICES = Path("/proc/bus/input/devices")
DEV_INPUT = Path("/dev/input")

EV_SYN = 0x00
EV_KEY = 0x01
EV_SW = 0x05
SYN_REPORT = 0
SYN_DROPPED = 3

# struct input_event in the machine's own layout: two longs of time (struct timeval on 64-bit;
# __sec/__usec as __kernel_ulong_t on 32-bit with a 64-bit time_t), type, code, value.
EVENT = struct.Struct("@llHHi")
LONG_BITS = struct.calcsize("@l") * 8  # the /proc bitmaps are printed in longs, most significant first
INT_SIZE = struct.calcsize("@i")


# ioctl numbers ------------------------------------------------------------------------------------
def _ioc(direction: int, type_: str, nr: int, size: int) -> int:
    """``_IOC(dir, type, nr, size)`` of include/uapi/asm-generic/ioctl.h (x86, ARM)."""
    nr_bits, type_bits, size_bits = 8, 8, 14
    return (direction << (nr_bits + type_bits + size_bits)) | (size << (nr_bits + type_bits)) \
        | (ord(type_) << nr_bits) | nr


def ioc_read(type_: str, nr: int, size: int) -> int:
    """``_IOR``: ``_IOC(_IOC_READ, type, nr, size)``."""
    return _ioc(2, type_, nr, size)


def ioc_write(type_: str, nr: int, size: int) -> int:
    """``_IOW``: ``_IOC(_IOC_WRITE, type, nr, size)``."""
    return _ioc(1, type_, nr, size)


def eviocgsw(length: int) -> int:
    """``EVIOCGSW(len)``: get all switch states (include/uapi/linux/input.h)."""
    return ioc_read("E", 0x1B, length)


EVIOCGRAB = ioc_write("E", 0x90, INT_SIZE)  # _IOW('E', 0x90, int): grab (1) or release (0) the device


def errno_name(exc: OSError) -> str:
    """``ENOENT``, ``EBUSY`` …: how a failure is logged and reported (never a path's contents)."""
    return errno.errorcode.get(exc.errno or 0, type(exc).__name__)


def open_device(path: Path) -> int:
    """``path`` opened for reading, non-blocking (raises :class:`OSError`)."""
    return os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)


def close_devices(held: list[int]) -> None:
    """Close every descriptor in ``held`` and empty it (a device gone already is no error). The
    last descriptor closed releases a grab."""
    while held:
        try:
            os.close(held.pop())
        except OSError:
            pass


READ_BYTES = 64 * EVENT.size  # one read: far more than a plug or a key makes
READS_PER_WAKE = 16  # then back to the event loop: a notifier wakes again for the rest


class DeviceGone(Exception):
    """The device ended (``"eof"``) or a read failed (its errno name, e.g. ``ENODEV``)."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def read_ready(fd: int) -> Iterator[bytes]:
    """What the non-blocking device ``fd`` holds now, a read at a time, at most
    :data:`READS_PER_WAKE` reads (a caller that closed the device stops iterating). Raises
    :class:`DeviceGone` when it has ended or a read fails."""
    for _ in range(READS_PER_WAKE):
        try:
            data = os.read(fd, READ_BYTES)
        except BlockingIOError:
            return
        except OSError as exc:
            raise DeviceGone(errno_name(exc)) from exc
        if not data:
            raise DeviceGone("eof")
        yield data


# /proc/bus/input/devices ----------------------------------------------------------------------------
@dataclass(frozen=True)
class InputDevice:
    """One block of ``/proc/bus/input/devices``."""

    name: str
    handlers: tuple[str, ...]
    switches: frozenset[int]

    @property
    def event_node(self) -> str | None:
        """``eventN`` of its handlers, if any."""
        return next((h for h in self.handlers if h.startswith("event") and h[5:].isdigit()), None)


def _bitmap(words: str) -> frozenset[int]:
    bits: set[int] = set()
    for index, word in enumerate(reversed(words.split())):
        try:
            value = int(word, 16)
        except ValueError:
            return frozenset()
        bits.update(index * LONG_BITS + b for b in range(value.bit_length()) if value >> b & 1)
    return frozenset(bits)


def parse_devices(text: str) -> list[InputDevice]:
    """The devices of a ``/proc/bus/input/devices`` listing (blocks separated by blank lines)."""
    devices: list[InputDevice] = []
    for block in text.split("\n\n"):
        name, found = "", False
        handlers: tuple[str, ...] = ()
        switches: frozenset[int] = frozenset()
        for line in block.splitlines():
            kind, _, rest = line.partition(": ")
            if kind == "N" and rest.startswith("Name="):
                name, found = rest[5:].strip().strip('"'), True
            elif kind == "H" and rest.startswith("Handlers="):
                handlers, found = tuple(rest[9:].split()), True
            elif kind == "B" and rest.startswith("SW="):
                switches = _bitmap(rest[3:])
        if found:
            devices.append(InputDevice(name, handlers, switches))
    return devices


# Events -----------------------------------------------------------------------------------------------
class EventReader:
    """Bytes as they are read into ``(type, code, value)`` events; the bytes of an event split
    across reads wait for the rest."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[tuple[int, int, int]]:
        self._buffer += data
        whole = len(self._buffer) - len(self._buffer) % EVENT.size
        events = [(type_, code, value) for _sec, _usec, type_, code, value
                  in EVENT.iter_unpack(bytes(self._buffer[:whole]))]
        del self._buffer[:whole]
        return events

    def clear(self) -> None:
        for i in range(len(self._buffer)):
            self._buffer[i] = 0
        self._buffer.clear()


def event_bytes(type_: int, code: int, value: int, sec: int = 0, usec: int = 0) -> bytes:
    """One ``struct input_event`` as the kernel writes it (the tests' device substitute writes these)."""
    return EVENT.pack(sec, usec, type_, code, value)
