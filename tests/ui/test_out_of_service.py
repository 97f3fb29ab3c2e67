"""REL-09 at the kiosk's start: on a database file SQLite's quick_check finds damaged the kiosk
does not start a resident's journey; it shows its out-of-service screen in its own language, with
the reason for staff (a message, never a trace or a path) and the staff exit, by touch and by
keys. On the database a killed writer left behind (its WAL not folded in) it starts on the
language screen, with nothing of what the killed process held on view.

The kiosk is built as ``kiosk run`` builds it (kiosk.ui.app.build: the database made and
checked off the GUI thread after the first paint); Qt offscreen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from damaged_database import damaged_database, sound_database
from power_cut import Writer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk import i18n
from kiosk.journey import Screen
from kiosk.storage.checkpoints import load_or_create_key
from kiosk.ui.app import Kiosk
from kiosk.ui.out_of_service import OutOfServiceScreen
from tests.ui.helpers import shown_kiosk, shown_text

STAFF_PIN = "246813"


@pytest.fixture
def start_kiosk(qtbot: Any, tmp_path: Path):
    """start_kiosk(url, lang): the resident kiosk on the database ``url``, shown, in ``lang``."""
    made: list[Kiosk] = []

    def start(url: str, lang: str = "ja", staff_pin: str = STAFF_PIN) -> Any:
        return shown_kiosk(qtbot, {"kiosk": {"fullscreen": False, "default_language": lang, "staff_pin": staff_pin},
                                   "database": {"url": url}, "paths": {"data_dir": str(tmp_path / "data")}}, made)

    yield start
    for kiosk in made:
        kiosk.shutdown()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_rel09_a_damaged_database_puts_the_kiosk_out_of_service(start_kiosk: Any, qtbot: Any, tmp_path: Path,
                                                                 lang: str) -> None:
    window = start_kiosk(damaged_database(tmp_path / "kiosk.sqlite3", tmp_path / "keys"), lang)
    qtbot.waitUntil(lambda: window.halted is not None, timeout=20_000)
    screen = window.current_screen()
    assert isinstance(screen, OutOfServiceScreen) and window.stack.currentWidget() is screen
    assert window.database is None and window.top.isHidden()
    shown = shown_text(window)
    assert i18n.text("resident.out_of_service_title", lang) in shown
    reason = i18n.text("resident.out_of_service_staff", lang,
                       reason=i18n.text("error.database_damaged", lang, check="quick_check"))
    assert reason in shown
    assert "Traceback" not in shown and str(tmp_path) not in shown
    # No journey starts: the language screen is neither shown nor reachable.
    window.journey.choose_language("en")
    assert window.journey.screen is Screen.LANGUAGE and window.current_screen() is screen
    # By keys: the staff exit has the focus, Enter opens the pad, a wrong PIN keeps the kiosk out of service.
    assert QApplication.focusWidget() is screen.staff
    qtbot.keyClick(screen.staff, Qt.Key.Key_Return)
    assert screen.pad is not None
    for digit in "000000":
        qtbot.keyClick(QApplication.focusWidget(), digit)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert screen.pad is None and window.isVisible() and window.current_screen() is screen
    assert i18n.text("staff_card.shared_pin_wrong", lang) in shown_text(window)  # staff are told, not left guessing
    # By touch: the staff PIN leaves the kiosk.
    qtbot.mouseClick(screen.staff, Qt.MouseButton.LeftButton)
    assert screen.pad is not None
    pad = screen.pad
    for digit in STAFF_PIN:
        key = next(b for b in pad.grid.cells.values() if b.property("char") == digit)
        qtbot.mouseClick(key, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)


def test_rel09_sec09_out_of_service_without_a_staff_pin_tells_staff_to_stop_the_service(
        start_kiosk: Any, qtbot: Any, tmp_path: Path) -> None:
    """No shared PIN set (the shipped default) and the database that checks staff cards is what
    failed: the staff button opens no pad that could never accept, it says how to leave instead."""
    window = start_kiosk(damaged_database(tmp_path / "kiosk.sqlite3", tmp_path / "keys"), "en", staff_pin="")
    qtbot.waitUntil(lambda: window.halted is not None, timeout=20_000)
    screen = window.current_screen()
    assert isinstance(screen, OutOfServiceScreen)
    assert i18n.text("resident.out_of_service_no_pin", "en") not in shown_text(window)
    qtbot.keyClick(screen.staff, Qt.Key.Key_Return)
    assert screen.pad is None and window.isVisible()
    assert i18n.text("resident.out_of_service_no_pin", "en") in shown_text(window)


def test_rel09_the_kiosk_starts_on_the_language_screen_on_the_database_a_kill_left(start_kiosk: Any, qtbot: Any,
                                                                                   tmp_path: Path) -> None:
    """A writer of the kiosk's storage code killed mid-write (REL-09's kill, see
    tests/foundation/test_power_cut.py for what a kill proves and what not) leaves the database
    with its WAL; the kiosk started on it checks it, opens it and shows the language screen, a
    journey can start, and nothing the killed process wrote is on view."""
    path = tmp_path / "kiosk.sqlite3"
    url = sound_database(path, tmp_path / "keys")
    load_or_create_key(tmp_path / "keys")
    writer = Writer(url, tmp_path / "keys", tmp_path / "writer.log")
    try:
        acked = writer.cycle(7, 0.4)
    finally:
        writer.close()
    assert acked.kinds["sheets"], writer.stderr()
    assert path.with_name(path.name + "-wal").stat().st_size > 0  # left as the kill left it
    window = start_kiosk(url)
    qtbot.waitUntil(lambda: window.database is not None and not window.journey.starting, timeout=20_000)
    assert window.halted is None and window.journey.screen is Screen.LANGUAGE
    assert window.current_screen() is window.screens[Screen.LANGUAGE] and window.top.isVisible()
    assert window.journey.session.is_empty()
    shown = shown_text(window)
    assert "pc-007" not in shown and "0007" not in shown
    assert all(b.isEnabled() for b in window.screens[Screen.LANGUAGE].buttons.values())
    window.journey.choose_language("en")
    assert window.journey.screen is Screen.NOTICE
