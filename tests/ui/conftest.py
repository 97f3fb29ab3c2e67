"""Fixtures for the resident screens: a kiosk window (Qt offscreen) without card or printer, a
fake clock for the idle timeout, the reference kiosk on the real services, and the log of a test
through the kiosk's personal-data filter."""

from __future__ import annotations

import logging

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
def kiosk_window(qtbot, clock):
    """kiosk_window(config=Config(), *, catalogue=None, database=None, size=(1920, 1080),
    staff_exit=False, card_worker=None): a shown resident window at a known density (96 dpi), with
    no card reader (unless given) or printer, on the fake clock; closed at the end, its idle timer
    stopped."""
    from kiosk.ui.window import KioskWindow

    made: list[KioskWindow] = []

    def make(config: Config | None = None, *, catalogue=None, database=None, size=(1920, 1080),
             staff_exit: bool = False, card_worker=None) -> KioskWindow:
        w = KioskWindow(config or Config(), catalogue=catalogue, card_worker=card_worker, output=None,
                        database=database, clock=clock, dpi=96.0)
        w.staff_exit_allowed = staff_exit
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield make
    for w in made:  # closed for good, as a staff exit does: nothing of it (speech's keys) outlives the test
        w.staff_exit_allowed = True
        w.close()
        w.timer.stop()


@pytest.fixture
def window(kiosk_window):
    """The resident window at a known density (96 dpi), no catalogue, card or printer."""
    return kiosk_window(staff_exit=True)


@pytest.fixture
def members(qtbot, kiosk_window):
    """The resident window on the members screen of a household of two, both entered by hand
    (the date picker's tests)."""
    from .date_picker_helpers import members_screen

    return members_screen(qtbot, kiosk_window)


@pytest.fixture
def kiosk_setup(qapp, tmp_path, pcsc, printer_queue, pdf_dir):
    """The reference kiosk (kiosk.ui.reference) on the real virtual card and CUPS queue."""
    from kiosk.ui import reference

    config = reference.demo_config(Config(), tmp_path / "data", printer_queue=printer_queue)
    setup = reference.start(config, printer=True)
    yield setup
    reference.stop(setup)


@pytest.fixture
def log_file(tmp_path):
    """Everything logged during the test, through the kiosk's personal-data filter, to a file."""
    from kiosk.log import FORMAT, PersonalDataFilter

    path = tmp_path / "kiosk.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    yield path
    root.removeHandler(handler)
    root.setLevel(old_level)
    handler.close()
