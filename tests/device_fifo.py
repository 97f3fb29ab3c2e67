"""A FIFO standing in for an input device (``/dev/input/eventN``: there is no evdev or uinput
here), for the tests of the headphone jack's watcher and of the PIN pad a resident holds at the
counter: whether anything still has it open, and whether bytes written to it are read. Used by
the tests of several folders (tests/ is on the import path through tests/conftest.py)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.ui.operations import runner


def open_here(fifo: Path) -> list[int]:
    """The descriptors of this process open on ``fifo``."""
    found: list[int] = []
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:  # the listing's own descriptor, closed by now
            continue
        if target == str(fifo):
            found.append(int(name))
    return found


def no_reader(fifo: Path) -> None:
    """Nobody has the device open: no descriptor of this process is on it, and a non-blocking
    writer is refused (ENXIO)."""
    assert open_here(fifo) == []
    with pytest.raises(OSError) as refused:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert refused.value.errno == errno.ENXIO


def left_unread(fifo: Path, data: bytes) -> bytes:
    """``data`` written to the device with a reader of the test's own holding it open (which
    reads nothing until the event loop has gone round): what is still there afterwards."""
    keep = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        try:
            os.write(writer, data)
            for _ in range(3):
                QTest.qWait(10)
                runner().wait_idle()
                QApplication.processEvents()
        finally:
            os.close(writer)
        try:
            return os.read(keep, len(data) + 1)
        except BlockingIOError:
            return b""
    finally:
        os.close(keep)
