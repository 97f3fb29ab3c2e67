"""REL-04: a printer reporting "media low" alerts the clerk stations while the kiosk still prints,
before the paper runs out. The kiosk's output on the real cups-pdf queue (whose answer to the
printer-state request gains the ``media-low-report`` reason a real printer sends), the staff-call
panel of a real clerk station, on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import readback
from PySide6.QtCore import Qt

from kiosk import staffcalls
from kiosk.clerk.station import Station
from kiosk.config import Config, StaffCallSection
from kiosk.print_queue import PrintQueue
from kiosk.ui.clerk.station_window import StationWindow
from kiosk.ui.operations import runner
from kiosk.ui.output import Output, Produced

pytestmark = [pytest.mark.cups, pytest.mark.gui]


class LowPaperQueue(PrintQueue):
    """The real queue; while ``paper_low`` its printer says so, as a printer with a paper sensor does."""

    paper_low = True

    def _ipp(self, test: str, **variables: object) -> tuple[int, dict[str, str], str]:
        code, attrs, out = super()._ipp(test, **variables)
        if test == "printer" and self.paper_low and "printer-state-reasons" in attrs:
            reasons = [r for r in attrs["printer-state-reasons"].split(",") if r.strip() not in ("", "none")]
            attrs["printer-state-reasons"] = ",".join([*reasons, "media-low-report"])
        return code, attrs, out


def _print_one(output: Output, pdf_dir: Path, line: str) -> None:
    """What the result screen does on the operations runner: submit, then follow the jobs to the end."""
    before = set(pdf_dir.glob("*.pdf"))
    jobs = output.submit(Produced(sheets=[("move_in", readback.one_line_pdf(line))]))
    assert jobs, "a printer low on paper still prints"
    deadline = time.monotonic() + 60
    while output.state(jobs) != "done":
        assert time.monotonic() < deadline, "the sheet did not print"
        time.sleep(0.2)
    assert line in readback.text(readback.wait_for_pdf(pdf_dir, before))


def test_rel04_media_low_alerts_every_station_once_while_the_kiosk_still_prints(
        qtbot: Any, database: Any, printer_queue: str, pdf_dir: Path, tmp_path: Path) -> None:
    """REL-04: "media low" raises a staff alert before paper runs out."""
    station = StationWindow(Station(database, station_id="clerk-01"), export_dir=tmp_path / "exports",
                            staff_call=StaffCallSection(raise_again_seconds=600, poll_seconds=1))
    sounds: list[int] = []
    station.calls.sound = lambda: sounds.append(1)
    qtbot.addWidget(station)
    station.show()
    queue = LowPaperQueue(printer_queue, timeout=60)
    output = Output(Config(), queue=queue, database=database)
    try:
        assert station.calls.listener.ready.wait(15)
        assert station.calls.isHidden()
        _print_one(output, pdf_dir, "REL04 FIRST SHEET")
        calls = staffcalls.open_calls(database)
        assert [(c.kiosk_id, c.alert) for c in calls] == [("kiosk-01", "printer.media_low")]
        alert = calls[0].id
        qtbot.waitUntil(lambda: alert in station.calls.rows and station.calls.isVisible(), timeout=15_000)
        assert sounds, "the station sounds for the printer as for a resident's call"
        row = station.calls.rows[alert].text()
        assert "kiosk-01" in row and "用紙が残り少なく" in row and "printer.media_low" not in row
        # The next residents print too; the stations are not alerted again while the alert is open.
        _print_one(output, pdf_dir, "REL04 SECOND SHEET")
        assert [c.id for c in staffcalls.open_calls(database)] == [alert]
        # A clerk takes it (touch), refills the paper: printing no longer alerts anybody.
        qtbot.mouseClick(station.calls.ack_buttons[alert], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: station.calls.isHidden(), timeout=15_000)
        queue.paper_low = False
        _print_one(output, pdf_dir, "REL04 THIRD SHEET")
        assert staffcalls.open_calls(database) == []
        # Low again later: a new alert.
        queue.paper_low = True
        _print_one(output, pdf_dir, "REL04 FOURTH SHEET")
        again = staffcalls.open_calls(database)
        assert len(again) == 1 and again[0].id != alert and again[0].alert == "printer.media_low"
    finally:
        assert runner().wait_idle(30_000)
        station.close()

