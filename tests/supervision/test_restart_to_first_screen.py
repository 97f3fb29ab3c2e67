"""SEC-02: if the kiosk, the clerk station, a division station or the public display exits or
crashes anyway, it is back on its first screen within 10 s. Real ``kiosk supervise -- kiosk run`` /
``kiosk clerk [--division ID]`` / ``kiosk display`` processes, Qt
offscreen; "on its first screen" is the program's own READY=1 (sent after the first paint) with
a STATUS naming that screen."""

from __future__ import annotations

import os
import signal
from typing import Any

import pytest
from supervised_process import KIOSK, Supervised, alive, on_first_screen, session_members

pytestmark = pytest.mark.gui

SEC_02_SECONDS = 10  # the requirement: back on the first screen within 10 s


def back_after_kill(sup: Supervised, killed: dict[str, Any], screen: str) -> dict[str, Any]:
    """``killed`` (the program as the status file last named it) is killed: the program is back on
    ``screen`` within SEC-02's 10 s, a new process; its status then."""
    os.kill(killed["pid"], signal.SIGKILL)
    again = sup.wait_for(lambda s: on_first_screen(s, screen, killed["starts"] + 1), SEC_02_SECONDS,
                         f"back on {screen!r} after SIGKILL")
    assert again["pid"] != killed["pid"] and again["last_exit"] == "signal SIGKILL"
    assert not alive(killed["pid"])
    return again


def back_after_freeze(sup: Supervised, frozen: dict[str, Any], screen: str) -> None:
    """``frozen`` is stopped: its GUI thread's watchdog pings stop, and the watchdog (2 s, with a
    2 s stop timeout) restarts it, back on ``screen`` within SEC-02's 10 s after that."""
    sup.wait_for(lambda s: s["state"] == "running", 5, "running")
    os.kill(frozen["pid"], signal.SIGSTOP)
    again = sup.wait_for(lambda s: on_first_screen(s, screen, frozen["starts"] + 1), 2 + 2 + SEC_02_SECONDS,
                         f"back on {screen!r} after the watchdog interval")
    assert again["watchdog_timeouts"] == 1 and not alive(frozen["pid"])


@pytest.mark.parametrize(("command", "screen"), [
    (["run", "--windowed"], "kiosk: language"),
    (["clerk", "--windowed"], "clerk: sign-in"),
    (["display", "--windowed"], "display: numbers"),
], ids=["kiosk", "clerk station", "public display"])
def test_killed_is_back_on_its_first_screen_within_10_s(supervise, station_env, command, screen):
    sup = supervise([*KIOSK, *command], "--watchdog-sec", "10", env=station_env)
    first = sup.wait_for(lambda s: on_first_screen(s, screen, 1), 120, f"ready on {screen!r}")
    back_after_kill(sup, first, screen)


def test_a_frozen_kiosk_is_restarted_by_the_watchdog(supervise, station_env):
    sup = supervise([*KIOSK, "run", "--windowed"], "--watchdog-sec", "2", "--stop-timeout-sec", "2",
                    env=station_env)
    first = sup.wait_for(lambda s: on_first_screen(s, "kiosk: language", 1), 120, "kiosk ready")
    back_after_freeze(sup, first, "kiosk: language")
    assert "watchdog timeout" in sup.output()


def test_division_station_killed_or_frozen_is_back_on_sign_in(supervise, station_env):
    sup = supervise([*KIOSK, "clerk", "--division", "hoken_nenkin", "--windowed"], "--watchdog-sec", "2",
                    "--stop-timeout-sec", "2", env=station_env)
    first = sup.wait_for(lambda s: on_first_screen(s, "division: sign-in", 1), 120, "division station ready")
    again = back_after_kill(sup, first, "division: sign-in")
    back_after_freeze(sup, again, "division: sign-in")


def test_sigterm_to_the_supervisor_stops_the_kiosk_and_leaves_no_process(supervise, station_env):
    sup = supervise([*KIOSK, "run", "--windowed"], env=station_env)
    first = sup.wait_for(lambda s: on_first_screen(s, "kiosk: language", 1), 120, "kiosk ready")
    assert sup.terminate() == 0
    assert not alive(first["pid"])
    assert session_members(first["pid"]) == [] and session_members(sup.proc.pid) == []
    assert sup.status()["state"] == "stopped"
    log = sup.output()
    assert "Traceback" not in log and "stopping" in log
