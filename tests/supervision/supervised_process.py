"""Real ``kiosk supervise`` processes for the SEC-02 tests: started in their own session, read
through their status file, and stopped (and, if a test failed half-way, killed) at teardown."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

KIOSK = [sys.executable, "-m", "kiosk"]


def on_first_screen(status: dict[str, object], expected: str, starts: int) -> bool:
    return status["starts"] == starts and status["ready"] is True and status["status"] == expected


def session_members(sid: int) -> list[int]:
    """Processes still alive (not zombies) in the session ``sid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[3]) == sid:  # state, ppid, pgrp, session
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Supervised:
    def __init__(self, tmp: Path, command: list[str], options: list[str], env: dict[str, str]) -> None:
        self.status_file = tmp / "supervise-status.json"
        self.log_path = tmp / "supervise.log"
        self.log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "supervise", "--status-file", str(self.status_file), *options,
             "--", *command],
            stdout=self.log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )

    def status(self) -> dict[str, Any]:
        try:
            data: dict[str, Any] = json.loads(self.status_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool], timeout: float, what: str) -> dict[str, Any]:
        """Poll the status file until ``predicate`` holds; fail with the log after ``timeout`` s."""
        end = time.monotonic() + timeout
        while True:
            status = self.status()
            if status and predicate(status):
                return status
            if self.proc.poll() is not None or time.monotonic() > end:
                pytest.fail(f"{what}: not within {timeout} s; status {status}\n{self.output()}")
            time.sleep(0.05)

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def terminate(self, timeout: float = 30) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    def cleanup(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        for pid in session_members(self.proc.pid):  # a broken test leaves nothing behind
            os.kill(pid, signal.SIGKILL)
        pid = self.status().get("pid")
        if isinstance(pid, int) and alive(pid):
            os.killpg(pid, signal.SIGKILL)
        self.log.close()
