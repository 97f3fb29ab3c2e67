"""``kiosk card read`` says "no PC/SC service" or "no reader" at once instead of waiting for a card
(REL-05, REL-13: the resident and staff learn the reader is down and take the non-card path).

Each read is given an hour to wait for a card: a command that waited would run into the process
timeout and fail the test; the PIN is never asked for."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kiosk import paths

HOUR = "3600"


def card_read(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, object], str]:
    done = subprocess.run([sys.executable, "-m", "kiosk", "card", "read", "--wait", HOUR, *args],
                          input=b"1234\n", capture_output=True, timeout=60, env={**os.environ, **(env or {})},
                          cwd=paths.PROJECT_ROOT, check=False)
    assert done.stdout.count(b"\n") == 1 and b"Traceback" not in done.stderr, done.stderr.decode()
    return done.returncode, json.loads(done.stdout), done.stderr.decode()


def test_rel05_no_pcsc_service_is_said_at_once(tmp_path) -> None:
    code, out, _ = card_read("--allow-virtual", env={"PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm")})
    assert (code, out["status"], out["reason"]) == (6, "no_reader", "no_pcsc_service")
    assert out["message_key"] == "card.no_reader" and out["tries_left"] is None


@pytest.mark.usefixtures("pcsc")
def test_rel05_no_matching_reader_under_the_real_pcscd_is_said_at_once() -> None:
    code, out, _ = card_read("--allow-virtual", "--reader", "^No Such Reader \\d+$")
    assert (code, out["status"], out["reason"]) == (6, "no_reader", "no_matching_reader")


@pytest.mark.usefixtures("pcsc")
def test_rel05_the_virtual_reader_without_permission_is_no_reader_at_once() -> None:
    code, out, _ = card_read()  # pcscd has only vpcd's "Virtual PCD" readers, refused by default
    assert (code, out["status"], out["reason"]) == (6, "no_reader", "no_matching_reader")
