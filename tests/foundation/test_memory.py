"""A kiosk that stays up for days (REL-) gives the memory its C library no longer uses back to the
system at every session's end: in speech mode the freed samples of a session otherwise stayed in
the resident set as steps of 10–60 MB (bench/soak.py --speech ja prints the figures)."""

from __future__ import annotations

from pathlib import Path

from kiosk.memory import trim_heap


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_the_free_pages_left_between_live_blocks_go_back_to_the_system() -> None:
    blocks = [bytearray(100_000) for _ in range(1500)]  # 150 MB on the heap (under the mmap threshold)
    del blocks[::2]  # half freed, in holes between live blocks: the allocator keeps them
    held = _rss_mb()
    seconds = trim_heap()
    assert seconds is not None  # glibc, as on the kiosks (Debian 12)
    assert _rss_mb() < held - 50  # some 75 MB of holes given back
    del blocks
