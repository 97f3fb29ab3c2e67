"""What the GUI-thread benches share (bench/jack.py, bench/pinpad.py): waiting with Qt's events
processed, and a list of times told as its median, p95 and maximum."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def until(app: QApplication, predicate: Callable[[], object], limit_s: float = 30.0, nap_s: float = 0.001) -> None:
    """Process events until ``predicate()`` holds; the bench stops after ``limit_s``."""
    deadline = time.monotonic() + limit_s
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(nap_s)


def spread(values: list[float], digits: int = 1) -> str:
    """``median 2.8 ms, p95 3.1 ms, max 4.1 ms``."""
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (f"median {statistics.median(ordered):.{digits}f} ms, p95 {p95:.{digits}f} ms, "
            f"max {ordered[-1]:.{digits}f} ms")


def timed_calls(kind: type, name: str) -> list[float]:
    """Every later call of ``kind.name`` timed: the list its times (ms) are added to."""
    times: list[float] = []
    inner = getattr(kind, name)

    def timed(self: object) -> None:
        started = time.perf_counter()
        inner(self)
        times.append((time.perf_counter() - started) * 1000)

    setattr(kind, name, timed)
    return times



class Heartbeat:
    """A timer on the GUI thread that notes how late each of its beats came (ms past its
    interval): the largest of :attr:`gaps` is the longest stall while it ran."""

    def __init__(self, interval_ms: int = 2) -> None:
        self.interval_ms = interval_ms
        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._beat)

    def start(self) -> None:
        """Start (again), counting from now."""
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000 - self.interval_ms)
        self._last = now
