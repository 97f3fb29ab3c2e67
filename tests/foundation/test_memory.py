"""A kiosk that stays up for days (REL-) gives the memory its C library no longer uses back to the
system at every session's end: in speech mode the freed samples of a session otherwise stayed in
the resident set as steps of 10–60 MB (bench/soak.py --speech ja prints the figures); and it maps
its large blocks on their own whatever was freed before, so that they leave no fragments."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

from kiosk.memory import trim_heap

MIB = 1024 * 1024


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


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                      "fsmblks", "uordblks", "fordblks", "keepcost")]


def _mapped_bytes() -> int:
    """Bytes in blocks the C library mapped on their own (glibc's ``mallinfo2().hblkhd``)."""
    mallinfo2 = ctypes.CDLL(ctypes.util.find_library("c")).mallinfo2
    mallinfo2.restype = _MallInfo2
    return int(mallinfo2().hblkhd)


def _blocks_after_a_large_one_is_freed() -> int:
    """A 16 MiB block comes and goes (glibc would raise its mmap threshold to 16 MiB), then eight
    blocks of 1 MiB are made: how many of their bytes are mapped on their own."""
    large = bytearray(16 * MIB)
    del large
    before = _mapped_bytes()
    blocks = [bytearray(MIB) for _ in range(8)]
    mapped = _mapped_bytes() - before
    del blocks
    return mapped


def _mapped_in_a_fresh_process(start: str) -> int:
    """:func:`_blocks_after_a_large_one_is_freed` in a new process after ``start`` (the heaps of
    this one hold free blocks left by other tests, and a free block that fits is used first)."""
    program = f"import sys; sys.path.insert(0, sys.argv[1]); {start}; " \
              "from test_memory import _blocks_after_a_large_one_is_freed as b; print(b())"
    done = subprocess.run([sys.executable, "-c", program, str(Path(__file__).parent)], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=True, timeout=120)
    return int(done.stdout.split()[-1])


def test_the_kiosk_maps_large_blocks_on_their_own_from_its_start() -> None:
    """After a large block was freed, the next blocks of a megabyte (a sheet's PDF, the preview's
    image, a phrase's samples) are still mapped on their own and unmapped when freed, not carved
    from the heaps where they leave fragments: the resident kiosk's and the counter's application
    (kiosk.ui.app.application) fixes glibc's threshold at its start. Without it, bench/soak.py's
    resident set took a step of ~20 MB over the sessions after its first report had freed its list
    of every object; and the same process without the kiosk's start maps none of them."""
    assert _mapped_in_a_fresh_process("from kiosk.ui.app import application; application()") >= 8 * MIB
    assert _mapped_in_a_fresh_process("import kiosk.memory") == 0
