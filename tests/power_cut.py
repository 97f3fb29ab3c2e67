"""The parent's side of the REL-09 kill tests: the forking writer process
(tests/power_cut_writer.py), its pipe of acknowledged writes, and one kill at a chosen moment.
(tests/ is on the import path through tests/conftest.py.)"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import power_cut_writer as writer
import pytest


@dataclass
class Acked:
    """What one killed writer acknowledged, by kind: the write numbers (calls: their ids)."""

    kinds: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, words: list[str]) -> None:
        kind, number = words[0], int(words[3] if words[0] == "call" else words[2])
        self.kinds[kind].append(number)


class Writer:
    """The forking writer process (tests/power_cut_writer.py) and its pipe."""

    def __init__(self, url: str, key_dir: Path, log: Path) -> None:
        self.log = log.open("wb")
        self.proc = subprocess.Popen([sys.executable, writer.__file__, url, str(key_dir)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin, self.fd = self.proc.stdin, self.proc.stdout.fileno()
        self.buffer = b""

    def lines(self, until: float | None) -> Iterator[list[str]]:
        """Lines as they come, until the monotonic time ``until`` (None: until ``done``)."""
        while True:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                words = line.decode().split()
                yield words
                if words[0] == "done":
                    return
            wait = None if until is None else until - time.monotonic()
            if wait is not None and wait <= 0:
                return
            ready, _, _ = select.select([self.fd], [], [], 30 if wait is None else wait)
            if not ready:
                if until is None:
                    pytest.fail("the writer went silent")
                return
            chunk = os.read(self.fd, 65536)
            if not chunk:
                pytest.fail("the writer process ended")
            self.buffer += chunk

    def cycle(self, number: int, kill_after: float) -> Acked:
        """One writer started, killed ``kill_after`` s after it said its pid; what it acknowledged."""
        self.stdin.write(f"go {number}\n".encode())
        self.stdin.flush()
        acked = Acked()
        pid = next(int(words[1]) for words in self.lines(None) if words[0] == "pid")
        for words in self.lines(time.monotonic() + kill_after):
            acked.add(words)
        os.kill(pid, signal.SIGKILL)
        for words in self.lines(None):  # what it wrote to the pipe before it died
            if words[0] == "done":
                status = int(words[1])
                assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, self.stderr()
            else:
                acked.add(words)
        return acked

    def stderr(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def close(self) -> None:
        self.stdin.close()
        self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.log.close()
