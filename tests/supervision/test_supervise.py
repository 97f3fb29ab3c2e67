"""SEC-02: ``kiosk supervise`` keeps a command running like a systemd ``Type=notify`` unit with
``Restart=always`` and ``WatchdogSec=``. Small real child programs; the kiosk itself is in
test_restart_to_first_screen.py."""

from __future__ import annotations

import configparser
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from supervised_process import alive, session_members

from kiosk.supervise import Policy

ROOT = Path(__file__).resolve().parents[2]

# A child that reports ready, pings, and then does what argv[1] says.
CHILD = f"""
import os, subprocess, sys, time
sys.path.insert(0, {str(ROOT)!r})
from kiosk.watchdog import Notifier
n = Notifier.from_environ()
mode = sys.argv[1]
if mode == "grandchild-notifies":
    subprocess.run([sys.executable, "-c",
                    "import sys; sys.path.insert(0, {str(ROOT)!r}); from kiosk.watchdog import Notifier; "
                    "Notifier.from_environ().ready('from a child process')"], check=True)
if mode == "leaves-a-grandchild":
    subprocess.Popen(["sleep", "600"])
n.ready("test: first screen")
if mode == "exit-3":
    time.sleep(0.2)
    sys.exit(3)
if mode == "crash-at-once":
    sys.exit(1)
while True:
    time.sleep(0.2)
    if mode != "never-pings":
        n.ping()
"""


def child(tmp_path: Path, mode: str) -> list[str]:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    return [sys.executable, str(script), mode]


def test_a_command_that_exits_is_started_again_and_the_exit_is_logged(tmp_path, supervise):
    sup = supervise(child(tmp_path, "exit-3"), "--restart-sec", "0.2")
    status = sup.wait_for(lambda s: s["starts"] >= 2 and s["ready"], 30, "second start")
    assert status["last_exit"] == "exit status 3"
    assert status["status"] == "test: first screen"
    assert sup.terminate() == 0
    assert "ended with exit status 3" in sup.output()


def test_a_killed_command_is_started_again(tmp_path, supervise):
    sup = supervise(child(tmp_path, "pings"), "--watchdog-sec", "5")
    first = sup.wait_for(lambda s: s["ready"], 30, "ready")
    os.kill(first["pid"], signal.SIGKILL)
    second = sup.wait_for(lambda s: s["starts"] == 2 and s["ready"], 10, "restart after SIGKILL")
    assert second["pid"] != first["pid"] and second["last_exit"] == "signal SIGKILL"
    assert sup.terminate() == 0
    assert f"(pid {first['pid']}) ended with signal SIGKILL" in sup.output()


def test_silence_on_the_watchdog_restarts_the_command(tmp_path, supervise):
    sup = supervise(child(tmp_path, "never-pings"), "--watchdog-sec", "1", "--stop-timeout-sec", "1")
    status = sup.wait_for(lambda s: s["starts"] >= 2 and s["ready"], 30, "restart after watchdog silence")
    assert status["watchdog_timeouts"] >= 1
    assert status["last_exit"] == "signal SIGABRT"  # the watchdog signal, as systemd sends it
    assert sup.terminate() == 0
    assert "watchdog timeout" in sup.output()


def test_only_the_main_process_may_notify(tmp_path, supervise):
    sup = supervise(child(tmp_path, "grandchild-notifies"))
    status = sup.wait_for(lambda s: s["ready"], 30, "ready")
    assert status["status"] == "test: first screen"
    assert sup.terminate() == 0
    assert "ignored (only the main process may notify)" in sup.output()
    assert "from a child process" not in sup.output()


def test_sigterm_stops_the_command_and_everything_it_started(tmp_path, supervise):
    sup = supervise(child(tmp_path, "leaves-a-grandchild"))
    status = sup.wait_for(lambda s: s["ready"], 30, "ready")
    pid = status["pid"]
    assert len(session_members(pid)) == 2  # the command and its sleep
    assert sup.terminate() == 0
    assert not alive(pid)
    assert session_members(pid) == [] and session_members(sup.proc.pid) == []
    assert sup.status()["state"] == "stopped"


def test_a_crash_loop_is_slowed_down(tmp_path, supervise):
    sup = supervise(child(tmp_path, "crash-at-once"), "--restart-sec", "0.1", "--burst", "2",
                    "--max-delay-sec", "0.4")
    sup.wait_for(lambda s: s["starts"] >= 4, 60, "four starts")
    assert sup.terminate() == 0
    assert "crash loop (2 quick exits in a row)" in sup.output()


def test_restart_delay_grows_only_in_a_crash_loop():
    policy = Policy(restart_sec=1.0, burst=3, max_delay_sec=30.0)
    assert [policy.restart_delay(n) for n in range(7)] == [1.0, 1.0, 1.0, 2.0, 4.0, 8.0, 16.0]
    assert policy.restart_delay(20) == 30.0


def test_a_missing_command_is_refused():
    result = subprocess.run([sys.executable, "-m", "kiosk", "supervise"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "a command is required" in result.stderr


UNITS = {"kakanai-kiosk.service": "kiosk run", "kakanai-clerk.service": "kiosk clerk",
         "kakanai-division@.service": "kiosk clerk --division %i",  # the instance is the division id
         "kakanai-display.service": "kiosk display"}


def test_shipped_units_restart_always_and_use_the_watchdog():
    for name, command in UNITS.items():
        unit = configparser.ConfigParser(strict=False, interpolation=None)
        unit.optionxform = str  # type: ignore[assignment,method-assign]
        unit.read(ROOT / "assets" / "systemd" / name, encoding="utf-8")
        service = unit["Service"]
        assert service["Type"] == "notify" and service["NotifyAccess"] == "main"
        assert service["Restart"] == "always" and service["RestartSec"] == "1"
        assert int(service["WatchdogSec"]) <= 10
        assert service["ExecStart"].endswith(f"/.venv/bin/{command}")
        assert service["NoNewPrivileges"] == "yes"
        assert unit["Unit"]["StartLimitIntervalSec"] == "0"


def test_shipped_units_pass_systemd_analyze_verify(tmp_path):
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    for name in UNITS:
        text = (ROOT / "assets" / "systemd" / name).read_text(encoding="utf-8")
        executable = Path(sys.executable).parent / "kiosk"
        (tmp_path / name).write_text(text.replace("%h/kakanai-madoguchi/.venv/bin/kiosk", str(executable)),
                                     encoding="utf-8")
    result = subprocess.run(
        [shutil.which("systemd-analyze") or "systemd-analyze", "verify", "--user",
         *(str(tmp_path / name) for name in UNITS)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
