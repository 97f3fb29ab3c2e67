"""A clerk station showing the staff calls and alerts (kiosk.ui.clerk.calls), for the tests of what
reaches staff: calls, printer and clock alerts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.clerk.station import Station
from kiosk.config import StaffCallSection
from kiosk.ui.clerk.station_window import StationWindow


def staff_call_station(qtbot: Any, db: Any, tmp_path: Path, settings: StaffCallSection | None = None, *,
                       station_id: str = "clerk-01") -> tuple[StationWindow, list[int]]:
    """A shown station ``station_id`` on ``db``, its calls listened to (a call nobody answers is
    raised again after ten minutes unless ``settings`` say otherwise), and the sounds it made."""
    station = Station(db, station_id=station_id)
    window = StationWindow(station, export_dir=tmp_path / f"exports-{station_id}",
                           staff_call=settings or StaffCallSection(raise_again_seconds=600))
    sounds: list[int] = []
    window.calls.sound = lambda: sounds.append(1)
    qtbot.addWidget(window)
    window.show()
    assert window.calls.listener.ready.wait(15)
    return window, sounds
