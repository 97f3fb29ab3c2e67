"""What the GUI-thread benches share (bench/jack.py, bench/pinpad.py): waiting with Qt's events
processed, and a list of times told as its median, p95 and maximum."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

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
