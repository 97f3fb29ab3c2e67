"""REL-11: the kiosk's clock is compared with the real PostgreSQL server's (kiosk.health); more
than 5 s apart alerts every clerk station (once while open), said in the clerk's language. The
kiosk window compares at each session end, off the GUI thread. On SQLite there is no server clock
to compare."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kiosk import clock, staffcalls
from kiosk.config import from_mapping
from kiosk.health import check_health
from kiosk.journey import Ending
from kiosk.ui.operations import runner
from tests.staff_station import staff_call_station


def _shifted(seconds: float) -> Any:
    return lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)


def _drift(store: Any, shift: float, tmp_path: Path) -> float | None:
    """The health check of a kiosk without a printer whose clock is ``shift`` seconds off."""
    return check_health(store, "kiosk-04", printer=None, data_dir=tmp_path, disk_low_mb=1, now=_shifted(shift)).drift


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_rel11_drift_beyond_5_s_alerts_the_stations_once(qtbot: Any, database: Any, tmp_path: Path) -> None:
    """REL-11: drift > 5 s raises an alert."""
    same_machine = clock.database_drift(database)
    assert same_machine is not None and abs(same_machine) < clock.DRIFT_LIMIT_SECONDS
    assert abs(_drift(database, -4, tmp_path) or 0) < 5  # within the limit
    assert staffcalls.open_calls(database) == []
    drift = _drift(database, 12, tmp_path)
    assert drift is not None and 11 < drift < 13
    [alert] = staffcalls.open_calls(database)
    assert (alert.kiosk_id, alert.alert) == ("kiosk-04", "clock.drift")
    assert (_drift(database, -9, tmp_path) or 0) < -8  # behind counts too; still one alert
    assert [c.id for c in staffcalls.open_calls(database)] == [alert.id]
    station, _ = staff_call_station(qtbot, database, tmp_path)
    try:
        qtbot.waitUntil(lambda: alert.id in station.calls.rows and station.calls.isVisible(), timeout=15_000)
        row = station.calls.rows[alert.id].text()
        assert "kiosk-04" in row and "時計" in row and "clock.drift" not in row
    finally:
        assert runner().wait_idle(30_000)
        station.close()


def test_rel11_sqlite_has_no_server_clock_and_raises_nothing(sqlite_db: Any, tmp_path: Path) -> None:
    """REL-11: one machine's SQLite file: nothing to compare, no alert."""
    assert _drift(sqlite_db, 60, tmp_path) is None
    assert staffcalls.open_calls(sqlite_db) == []


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_rel11_the_kiosk_compares_its_clock_at_each_session_end(
        qtbot: Any, database: Any, kiosk_window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """REL-11: a kiosk whose clock is 8 s behind alerts the stations when a session ends."""
    window = kiosk_window(from_mapping({"kiosk": {"id": "kiosk-06"}}), database=database)
    window.journey.choose_language("en")
    assert runner().wait_idle(30_000)
    assert staffcalls.open_calls(database) == []
    monkeypatch.setattr(clock, "_now", _shifted(-8))
    window.end_session(Ending.CANCELLED)
    qtbot.waitUntil(lambda: [c.alert for c in staffcalls.open_calls(database)] == ["clock.drift"], timeout=15_000)
    assert staffcalls.open_calls(database)[0].kiosk_id == "kiosk-06"


def test_rel11_kiosk_doctor_reports_the_clock_against_the_server(postgres_url: str, tmp_path: Path) -> None:
    """REL-11: ``kiosk doctor`` says whether NTP keeps the time (here: no systemd to ask) and the
    drift from the PostgreSQL server's clock."""
    from kiosk.doctor import check_clock

    result = check_clock(from_mapping({"database": {"url": postgres_url}, "paths": {"data_dir": str(tmp_path)}}))
    assert result.name == "clock" and result.ok
    assert "s from the database server's" in result.detail
    assert "NTP" in result.detail
    unreachable = check_clock(from_mapping({"database": {"url": "postgresql+psycopg://kiosk@127.0.0.1:9/none"},
                                            "paths": {"data_dir": str(tmp_path)}}))
    assert not unreachable.ok and "not compared" in unreachable.detail
