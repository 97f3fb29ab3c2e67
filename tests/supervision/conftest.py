"""The ``supervise`` fixture: start ``kiosk supervise -- COMMAND`` for a test, clean up after it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from supervised_process import KIOSK, Supervised  # noqa: E402


@pytest.fixture
def supervise(tmp_path: Path) -> Iterator[Callable[..., Supervised]]:
    started: list[Supervised] = []

    def start(command: list[str], *options: str, env: dict[str, str] | None = None) -> Supervised:
        environment = dict(os.environ if env is None else env)
        environment.setdefault("QT_QPA_PLATFORM", "offscreen")
        process = Supervised(tmp_path, command, list(options), environment)
        started.append(process)
        return process

    yield start
    for process in started:
        process.cleanup()


@pytest.fixture
def station_env(tmp_path: Path) -> dict[str, str]:
    """A fresh installation: its own data directory, an upgraded database and a signing key."""
    env = dict(os.environ, KIOSK_DATA_DIR=str(tmp_path / "data"), KIOSK_CONFIG=str(tmp_path / "kiosk.toml"),
               QT_QPA_PLATFORM="offscreen")
    for args in (["db", "upgrade"], ["keys", "init"]):
        subprocess.run([*KIOSK, *args], env=env, check=True, capture_output=True, timeout=120)
    return env
