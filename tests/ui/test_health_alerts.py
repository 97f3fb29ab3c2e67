"""REL-10: the kiosk checks its printer, its free disk and its clock every ``health_seconds`` (a
minute at most) off the GUI thread, and a failure is shown on the clerk stations without a
resident meeting it first: the real cups-pdf queue stopped, the real PostgreSQL server, a real
clerk station's staff-call panel."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from kiosk import i18n, staffcalls
from kiosk.config import SHIPPED_LANGUAGES, from_mapping
from kiosk.health import check_health
from kiosk.print_queue import PrintQueue
from kiosk.ui.operations import runner
from kiosk.ui.output import Output
from tests.staff_station import staff_call_station

pytestmark = [pytest.mark.cups, pytest.mark.gui]


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_rel10_a_stopped_printer_is_shown_to_staff_within_the_health_interval(
        qtbot: Any, database: Any, kiosk_window: Any, printer_queue: str, tmp_path: Path) -> None:
    """REL-10: failure states are shown to staff within 1 min (here the interval is 1 s)."""
    config = from_mapping({"kiosk": {"id": "kiosk-08"}, "staff_call": {"health_seconds": 1},
                           "paths": {"data_dir": str(tmp_path)}})
    window = kiosk_window(config, database=database)
    window.output = Output(config, queue=PrintQueue(printer_queue), database=database)
    station, _ = staff_call_station(qtbot, database, tmp_path)
    try:
        window.health.last = None
        qtbot.waitUntil(lambda: window.health.last is not None, timeout=15_000)
        assert window.health.last.due == () and staffcalls.open_calls(database) == []  # all well: no alert
        subprocess.run(["cupsdisable", "-r", "test: paper jam", printer_queue], check=True)
        try:
            qtbot.waitUntil(lambda: [c.alert for c in staffcalls.open_calls(database)] == ["printer.unavailable"],
                            timeout=15_000)
            [alert] = staffcalls.open_calls(database)
            assert alert.kiosk_id == "kiosk-08"
            qtbot.waitUntil(lambda: alert.id in station.calls.rows and station.calls.isVisible(), timeout=15_000)
            assert "印刷できません" in station.calls.rows[alert.id].text()
            checks = window.health.last
            qtbot.waitUntil(lambda: window.health.last is not checks, timeout=15_000)  # checked again
            assert [c.id for c in staffcalls.open_calls(database)] == [alert.id]  # once while open
        finally:
            subprocess.run(["cupsenable", printer_queue], check=True)
    finally:
        assert runner().wait_idle(30_000)
        station.close()


def test_rel10_a_nearly_full_disk_raises_its_alert(sqlite_db: Any, tmp_path: Path) -> None:
    """REL-10: less free space than disk_low_mb where the kiosk keeps its data alerts the stations."""
    roomy = check_health(sqlite_db, "kiosk-08", printer=None, data_dir=tmp_path, disk_low_mb=1)
    assert roomy.due == () and roomy.free_mb >= 1
    full = check_health(sqlite_db, "kiosk-08", printer=None, data_dir=tmp_path, disk_low_mb=roomy.free_mb + 1000)
    assert full.due == ("disk.low",) and full.raised == ("disk.low",)
    assert [(c.kiosk_id, c.alert) for c in staffcalls.open_calls(sqlite_db)] == [("kiosk-08", "disk.low")]


def test_rel10_every_alert_is_said_in_every_shipped_language() -> None:
    """REL-10, REL-04, REL-11: each alert a kiosk raises has its station text in every language."""
    for lang in SHIPPED_LANGUAGES:
        messages = i18n.catalog(lang)
        for alert in staffcalls.ALERTS:
            key = f"clerk.call_{alert.replace('.', '_')}"
            assert "{kiosk}" in messages.get(key, ""), f"{lang}: {key}"
