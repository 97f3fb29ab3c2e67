"""``script/run`` decides whether to start pcscd by asking the socket it will use, not the process
table: a pcscd of another namespace (or a stale socket file) must not stop it from starting its own
(REL-05: the demo must not end in "timed out waiting for PIN pad")."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from kiosk import paths

SCRIPT = paths.PROJECT_ROOT / "script" / "run"


def probe(env: dict[str, str] | None = None) -> int:
    """Run script/run's own pcscd check (its ``pcsc_answers`` function) and return its status."""
    definition = next(line for line in SCRIPT.read_text(encoding="utf-8").splitlines()
                      if line.startswith("pcsc_answers()"))
    done = subprocess.run(["bash", "-c", f"{definition}\npcsc_answers"], cwd=paths.PROJECT_ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, timeout=60, check=False)
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    return done.returncode


def test_script_run_does_not_look_for_a_process_name() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert "pgrep" not in text and "pidof" not in text
    assert "if ! pcsc_answers; then" in text


@pytest.mark.usefixtures("pcsc")
def test_rel05_the_running_pcscd_answers() -> None:
    assert probe() == 0


@pytest.mark.usefixtures("pcsc")
def test_rel05_a_pcscd_elsewhere_does_not_count(tmp_path: Path) -> None:
    assert shutil.which("pgrep") and subprocess.run(["pgrep", "-x", "pcscd"], check=False).returncode == 0
    assert probe({"PCSCLITE_CSOCK_NAME": str(tmp_path / "pcscd.comm")}) != 0


def test_rel05_a_stale_socket_file_does_not_count(tmp_path: Path) -> None:
    stale = tmp_path / "pcscd.comm"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(stale))  # a socket file nobody listens on, as a killed pcscd leaves behind
    assert stale.is_socket()
    assert probe({"PCSCLITE_CSOCK_NAME": str(stale)}) != 0
