"""Memory the C library holds and no longer uses, given back to the system at a session's end.

In speech mode a session makes and frees hundreds of megabytes of samples (Open JTalk's phrases
are about half a megabyte each); glibc's allocator keeps the freed pages of its heaps, so that
the resident set grew by steps of 10 to 60 MB between sessions, fragments rather than live data.
``malloc_trim(0)`` hands the free pages at the heaps' tops and inside them back to the system.
It runs on the operations runner's low-priority lane (:meth:`kiosk.ui.operations.Runner.run_later`):
it takes each heap's lock while it walks that heap, and ctypes releases the interpreter lock
during the call. Elsewhere than glibc (musl, macOS) there is nothing to call and nothing is done."""

from __future__ import annotations

import ctypes
import ctypes.util
import time
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc: no such function
        return None
    trim.argtypes = [ctypes.c_size_t]  # type: ignore[attr-defined]
    trim.restype = ctypes.c_int  # type: ignore[attr-defined]
    return trim


def trim_heap() -> float | None:
    """Give the C library's free heap pages back to the system; the seconds it took, or None
    where there is no ``malloc_trim``. Call it off the GUI thread."""
    trim = _malloc_trim()
    if trim is None:
        return None
    started = time.perf_counter()
    trim(0)
    return time.perf_counter() - started
