"""The ``supervise`` fixture: start ``kiosk supervise -- COMMAND`` for a test, clean up after it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from supervised_process import Supervised  # noqa: E402


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
