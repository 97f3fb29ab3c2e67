"""An input device (:mod:`kiosk.evdev`) watched on the GUI thread without a thread of its own: the
headphone jack (:mod:`kiosk.ui.speech_jack`) and the PIN pad a resident holds at the counter
(:mod:`kiosk.ui.counter.held_pad`).

- Finding, opening (and grabbing) the device run on the operations runner; once it is open, a
  :class:`~PySide6.QtCore.QSocketNotifier` on its non-blocking descriptor wakes the GUI thread,
  and each read takes only what the kernel already holds (:func:`kiosk.evdev.read_ready`).
- A device that ends or fails a read is closed, logged by code, and the watcher told
  (:meth:`DeviceWatch._gone`).
- :meth:`DeviceWatch.close` stops watching and closes the descriptor, which releases a grab. A
  watcher closed while its device is still being opened closes the device as soon as it is open,
  as does one deleted meanwhile (with its window), and one deleted later closes what it holds:
  no descriptor, and no grab, outlives the watcher.

A watcher only decodes what is read (:meth:`DeviceWatch._feed`) and reacts; the descriptor is
this class's alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QSocketNotifier

from kiosk.evdev import DeviceGone, close_devices, read_ready
from kiosk.log import get_logger

LOG = get_logger(__name__)


class Opened(Protocol):
    """What opening a device gives: its descriptor, and whatever the watcher needs besides."""

    @property
    def fd(self) -> int: ...


OpenedT = TypeVar("OpenedT", bound=Opened)


class DeviceWatch(QObject, Generic[OpenedT]):
    """One device, opened by :meth:`_start`, watched until :meth:`close` (or its end)."""

    what: ClassVar[str]  # how the log names the device ("headphone jack")

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.closed_by: str | None = None  # why the device was closed (a code), for the log and tests
        self._fd: int | None = None
        self._held: list[int] = []  # the open descriptor, closed with this object if not before
        self._notifier: QSocketNotifier | None = None
        self._stopped = False  # closed: a device still being opened is closed when it comes, not watched

    @property
    def watching(self) -> bool:
        return self._notifier is not None

    def _start(self, open_device: Callable[[], OpenedT | None]) -> None:
        """``open_device`` (it raises, or gives None where there is no device) run on the
        operations runner; the device it opens is watched once it is back on the GUI thread."""
        from kiosk.ui.operations import runner

        runner().run(open_device, self._arrived, self._not_opened)

    def _arrived(self, opened: OpenedT | None) -> None:
        if not shiboken6.isValid(self) or self._stopped:  # closed, or deleted, while it was being opened
            if opened is not None:
                close_devices([opened.fd])
            return
        if opened is None:
            self._none()
            return
        self._fd = opened.fd
        held = self._held
        held.append(opened.fd)
        self.destroyed.connect(lambda: close_devices(held))  # the window closed: nothing left open
        self._notifier = QSocketNotifier(opened.fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._readable)
        self._opened(opened)

    def _not_opened(self, error: Exception) -> None:
        if shiboken6.isValid(self) and not self._stopped:
            self._failed(error)

    def _readable(self) -> None:
        fd = self._fd
        if fd is None:
            return
        try:
            for data in read_ready(fd):
                self._feed(data)
                if fd != self._fd:  # closed meanwhile
                    return
        except DeviceGone as gone:
            self.close(gone.why)
            self._gone(gone.why)

    def close(self, why: str = "closed") -> None:
        """Stop watching and close the device, which releases its grab (logged by code only); a
        device still being opened is closed once it is."""
        self._stopped = True
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._fd is not None:
            self._fd = None
            self._closing()
            close_devices(self._held)
            self.closed_by = why
            LOG.info("%s: closed (%s)", self.what, why)

    # What a watcher does ------------------------------------------------------------------------
    def _opened(self, opened: OpenedT) -> None:
        """The device is open and watched."""

    def _none(self) -> None:
        """Opening found no device to open."""

    def _failed(self, error: Exception) -> None:
        """Opening failed (``error``, raised by the opening)."""

    def _feed(self, data: bytes) -> None:
        """``data``, as read from the device (events may be split across reads)."""
        raise NotImplementedError

    def _gone(self, why: str) -> None:
        """The device ended (``"eof"``) or a read failed (its errno name); it is closed already."""

    def _closing(self) -> None:
        """The device is being closed: forget what was read of it."""
