"""A small real volume (a tmpfs mounted for the test; the suite runs as root) that a test fills,
for REL-12's "fill a test volume". (tests/ is on the import path through tests/conftest.py.)"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path


class Volume:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.filler = path / "filler.bin"

    def free_bytes(self) -> int:
        return os.statvfs(self.path).f_bavail * os.statvfs(self.path).f_frsize

    def fill(self, leave_bytes: int = 0) -> None:
        """Write a file until no more than ``leave_bytes`` are free (0: until the volume refuses)."""
        chunk = b"\0" * 65536
        with self.filler.open("ab") as out:
            while self.free_bytes() > leave_bytes:
                size = min(len(chunk), max(4096, self.free_bytes() - leave_bytes))
                try:
                    out.write(chunk[:size])
                    out.flush()
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    break

    def empty(self) -> None:
        self.filler.unlink(missing_ok=True)


@contextlib.contextmanager
def small_volume(path: Path, size_mb: int) -> Iterator[Volume]:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0700", "tmpfs", str(path)], check=True)
    try:
        yield Volume(path)
    finally:
        if subprocess.run(["umount", str(path)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(path)], check=True)  # a file still open: detached, freed on close
