"""Fixtures for the resident screens: a kiosk window (Qt offscreen) without card or printer, and
a fake clock for the idle timeout."""

from __future__ import annotations

import pytest

from kiosk.config import Config


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def window(qtbot, clock):
    """The resident window at a known density (96 dpi), no catalogue, card or printer."""
    from kiosk.ui.window import KioskWindow

    w = KioskWindow(Config(), catalogue=None, card_worker=None, output=None, database=None, clock=clock, dpi=96.0)
    w.staff_exit_allowed = True
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.timer.stop()
