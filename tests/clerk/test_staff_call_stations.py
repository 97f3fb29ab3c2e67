"""係員を呼ぶ reaches staff: a kiosk in its own process calls, a clerk station on the real PostgreSQL
server shows the call within a second (LISTEN/NOTIFY) with a sound and an acknowledge button, and
the kiosk then says staff are on their way; on SQLite the stations poll; a call nobody answers
sounds again after the configured time; the new buttons work by touch and by keys (A11Y-10)."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk import staffcalls
from kiosk.config import StaffCallSection
from kiosk.ui.operations import runner
from tests.staff_station import staff_call_station

HERE = Path(__file__).resolve().parent


def _lines(proc: subprocess.Popen[str]) -> tuple[queue.Queue[str], threading.Thread]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line.strip())

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    return lines, thread


def _next_line(qtbot, lines: queue.Queue[str], timeout_ms: int = 30_000) -> str:
    got: list[str] = []

    def arrived() -> bool:
        if not got and not lines.empty():
            got.append(lines.get_nowait())
        return bool(got)

    qtbot.waitUntil(arrived, timeout=timeout_ms)  # the station keeps running meanwhile
    return got[0]


def test_a_call_from_a_kiosk_process_reaches_a_station_within_a_second_and_the_answer_goes_back(
        qtbot, pg_database, tmp_path):
    db, url = pg_database
    window, sounds = staff_call_station(qtbot, db, tmp_path, StaffCallSection(raise_again_seconds=600))
    assert window.calls.listener.uses_notify
    assert window.calls.isHidden()
    go = tmp_path / "go"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, str(HERE / "staff_call_kiosk_proc.py"), url, "kiosk-07", "en", str(go)],
                            stdout=subprocess.PIPE, text=True, env=env)
    lines, pump = _lines(proc)
    try:
        assert _next_line(qtbot, lines) == "ready"
        go.touch()
        called = _next_line(qtbot, lines)
        assert called.startswith("called ")
        call_id = int(called.split()[1])
        # The requirement: on every station at once — within a second of the call being recorded.
        qtbot.waitUntil(lambda: call_id in window.calls.ack_buttons and window.calls.isVisible(), timeout=1000)
        assert sounds, "the station sounds when a call comes in"
        row = window.calls.rows[call_id].text()
        assert "kiosk-07" in row and "language" not in row and "notice" in row  # the screen it was called from
        qtbot.mouseClick(window.calls.ack_buttons[call_id], Qt.MouseButton.LeftButton)  # touch
        coming = _next_line(qtbot, lines)
        assert coming.startswith("coming Staff are on their way")  # the resident's language
        assert proc.wait(timeout=30) == 0
        qtbot.waitUntil(lambda: window.calls.isHidden(), timeout=5000)
        state = staffcalls.call_state(db, call_id)
        assert state is not None and state.acknowledged_by == "clerk-01"
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        pump.join(10)
        assert proc.stdout is not None
        proc.stdout.close()
        window.close()


def test_sqlite_stations_poll_and_an_unanswered_call_sounds_again(qtbot, db, tmp_path):
    settings = StaffCallSection(raise_again_seconds=1, poll_seconds=1)
    window, sounds = staff_call_station(qtbot, db, tmp_path, settings)
    assert not window.calls.listener.uses_notify
    try:
        call = staffcalls.record_call(db, "kiosk-02", "review")
        qtbot.waitUntil(lambda: call.id in window.calls.ack_buttons, timeout=10_000)
        first = len(sounds)
        assert first >= 1
        # Nobody answers: after raise_again_seconds every station is alerted again, and says so.
        qtbot.waitUntil(lambda: len(sounds) > first, timeout=10_000)
        qtbot.waitUntil(lambda: "再通知" in window.calls.rows[call.id].text(), timeout=10_000)
        # Keys only: Tab reaches the button, Space presses it.
        button = window.calls.ack_buttons[call.id]
        assert button.focusPolicy() == Qt.FocusPolicy.StrongFocus
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: window.calls.isHidden(), timeout=10_000)
        assert runner().wait_idle()
        assert staffcalls.open_calls(db) == []
        heard = len(sounds)
        qtbot.wait(2500)  # an acknowledged call is never raised again
        assert len(sounds) == heard
    finally:
        window.close()


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_two_stations_see_the_same_call_and_one_acknowledgement_clears_both(qtbot, database, tmp_path):
    settings = StaffCallSection(raise_again_seconds=600)
    first, _ = staff_call_station(qtbot, database, tmp_path, settings)
    second, _ = staff_call_station(qtbot, database, tmp_path, settings, station_id="clerk-02")
    try:
        call = staffcalls.record_call(database, "kiosk-03", "card")
        qtbot.waitUntil(lambda: call.id in first.calls.ack_buttons and call.id in second.calls.ack_buttons,
                        timeout=5000)
        qtbot.mouseClick(second.calls.ack_buttons[call.id], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: first.calls.isHidden() and second.calls.isHidden(), timeout=5000)
        state = staffcalls.call_state(database, call.id)
        assert state is not None and state.acknowledged_by == "clerk-02"
    finally:
        first.close()
        second.close()
