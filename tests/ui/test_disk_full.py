"""REL-12 at the kiosk: on a disk too full to write to (a real volume, filled for the test) the
kiosk starts no resident's session; it shows its out-of-service screen in its own language with
the reason for staff (free and needed space, never a path or a trace), and goes back to the
language screen by itself once there is room. A resident already using the kiosk is not cut off:
the kiosk goes out of service when their session ends.

The kiosk is built as ``kiosk run`` builds it (kiosk.ui.app.build), its data folder and embedded
database on a 16 MB tmpfs, its health checked every second; Qt offscreen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from small_volume import Volume, small_volume

from kiosk import i18n
from kiosk.errors import DiskFull
from kiosk.journey import Ending, Screen
from kiosk.ui.app import Kiosk
from kiosk.ui.out_of_service import OutOfServiceScreen
from tests.ui.helpers import shown_kiosk, shown_text

NEED_MB = 4


@pytest.fixture
def volume(tmp_path: Path):
    with small_volume(tmp_path / "vol", 16) as made:
        yield made


@pytest.fixture
def start_kiosk(qtbot: Any, volume: Volume):
    made: list[Kiosk] = []

    def start(lang: str = "ja") -> Any:
        return shown_kiosk(qtbot, {
            "kiosk": {"fullscreen": False, "default_language": lang, "staff_pin": "246813"},
            "database": {"url": f"sqlite:///{volume.path / 'data' / 'kiosk.sqlite3'}"},
            "paths": {"data_dir": str(volume.path / "data")},
            "staff_call": {"health_seconds": 1, "disk_low_mb": 8, "disk_refuse_mb": NEED_MB},
        }, made)

    yield start
    for kiosk in made:
        kiosk.shutdown()


def _out_for_room(window: Any) -> bool:
    return isinstance(window.halted, OutOfServiceScreen) and isinstance(window.halted.error, DiskFull)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_rel12_a_full_disk_stops_new_sessions_with_a_message_and_room_brings_the_kiosk_back(
        start_kiosk: Any, qtbot: Any, volume: Volume, lang: str) -> None:
    window = start_kiosk(lang)
    qtbot.waitUntil(lambda: window.database is not None and not window.journey.starting, timeout=20_000)
    assert window.halted is None and window.current_screen() is window.screens[Screen.LANGUAGE]

    volume.fill(leave_bytes=1 * 2**20)
    qtbot.waitUntil(lambda: _out_for_room(window), timeout=10_000)
    screen = window.current_screen()
    assert isinstance(screen, OutOfServiceScreen) and window.stack.currentWidget() is screen
    assert window.top.isHidden()
    shown = shown_text(window)
    assert i18n.text("resident.out_of_service_title", lang) in shown
    free = screen.error.params["free_mb"]
    reason = i18n.plain(i18n.text("error.disk_full", lang, free_mb=free, need_mb=NEED_MB))
    assert i18n.text("resident.out_of_service_staff", lang, reason=reason) in shown
    assert "Traceback" not in shown and str(volume.path) not in shown
    assert QApplication.focusWidget() is screen.staff  # by keys as by touch: the staff exit only
    window.journey.choose_language("en")
    assert window.journey.screen is Screen.LANGUAGE and window.current_screen() is screen

    volume.empty()
    qtbot.waitUntil(lambda: window.halted is None, timeout=10_000)
    assert window.current_screen() is window.screens[Screen.LANGUAGE] and window.top.isVisible()
    assert all(b.isEnabled() for b in window.screens[Screen.LANGUAGE].buttons.values())
    window.journey.choose_language("en")
    assert window.journey.screen is Screen.NOTICE


def test_rel12_a_resident_in_a_session_is_not_cut_off_the_kiosk_stops_at_its_end(
        start_kiosk: Any, qtbot: Any, volume: Volume) -> None:
    window = start_kiosk("ja")
    qtbot.waitUntil(lambda: window.database is not None and not window.journey.starting, timeout=20_000)
    window.journey.choose_language("en")
    assert window.journey.screen is Screen.NOTICE
    found: list[DiskFull | None] = []
    told = window.health.on_room

    def seen(full: DiskFull | None) -> None:
        found.append(full)
        told(full)

    window.health.on_room = seen
    volume.fill(leave_bytes=1 * 2**20)
    # A check each second; one already under way as the disk filled may still have found room.
    qtbot.waitUntil(lambda: len(found) >= 3 and all(isinstance(full, DiskFull) for full in found[-3:]),
                    timeout=15_000)
    first = next(at for at, full in enumerate(found) if full is not None)
    assert all(isinstance(full, DiskFull) for full in found[first:]) and window.halted is None
    assert window.journey.screen is Screen.NOTICE and window.current_screen() is window.screens[Screen.NOTICE]
    window.end_session(Ending.CANCELLED)
    qtbot.waitUntil(lambda: _out_for_room(window), timeout=10_000)
    assert window.journey.session.is_empty()


def test_rel12_a_kiosk_started_on_a_full_disk_takes_no_resident(start_kiosk: Any, qtbot: Any, volume: Volume) -> None:
    (volume.path / "data").mkdir()
    volume.fill()
    window = start_kiosk("en")
    qtbot.waitUntil(lambda: _out_for_room(window), timeout=20_000)
    window.journey.choose_language("en")
    assert window.journey.screen is Screen.LANGUAGE
    assert i18n.text("resident.out_of_service_title", "en") in shown_text(window)
