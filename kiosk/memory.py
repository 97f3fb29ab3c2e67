"""Memory the C library holds and no longer uses, given back to the system.

In speech mode a session makes and frees hundreds of megabytes of samples (Open JTalk's phrases
are about half a megabyte each); glibc's allocator keeps the freed pages of its heaps, so that
the resident set grew by steps of 10 to 60 MB between sessions, fragments rather than live data.
``malloc_trim(0)`` hands the free pages at the heaps' tops and inside them back to the system.
It runs at a session's end on the operations runner's low-priority lane
(:meth:`kiosk.ui.operations.Runner.run_later`): it takes each heap's lock while it walks that
heap, and ctypes releases the interpreter lock during the call.

A block of 128 KiB or more (a sheet's PDF, the preview's image, a phrase's samples) that no free
room in a heap holds is mapped on its own and unmapped when freed. glibc raises that threshold by
itself each time such a block is freed, up to the freed block's size (32 MiB at most): after one
large block has come and gone, the blocks below its size grow the heaps instead, where they stay
as fragments between live data, which ``malloc_trim`` gives back only page by page. A kiosk that runs for days frees a large
block sooner or later (bench/soak.py's first report did, with its list of every object, and the
resident set took a step of about 20 MB over the next sessions). :func:`fix_mmap_threshold` sets
the threshold once at start, which also turns glibc's moving of it off.

Elsewhere than glibc (musl, macOS) there is nothing to call and nothing is done."""

from __future__ import annotations

import ctypes
import ctypes.util
import time
from collections.abc import Callable
from functools import cache
from typing import Any

M_MMAP_THRESHOLD = -3  # mallopt's parameter, from glibc's <malloc.h>
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value: blocks of this size or more are mapped


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name)
    except OSError:
        return None


def libc_function(name: str, argtypes: list[Any]) -> Callable[..., int] | None:
    """A function of the C library returning an int (glibc's allocator, ``prctl``), or None where
    the C library has none."""
    libc = _libc()
    if libc is None:
        return None
    try:
        function: Callable[..., int] = libc[name]
    except AttributeError:  # not glibc: no such function
        return None
    function.argtypes = argtypes  # type: ignore[attr-defined]
    function.restype = ctypes.c_int  # type: ignore[attr-defined]
    return function


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none."""
    return libc_function("malloc_trim", [ctypes.c_size_t])


@cache
def _mallopt() -> Callable[[int, int], int] | None:
    """glibc's ``mallopt``, or None where the C library has none."""
    return libc_function("mallopt", [ctypes.c_int, ctypes.c_int])


def trim_heap() -> float | None:
    """Give the C library's free heap pages back to the system; the seconds it took, or None
    where there is no ``malloc_trim``. Call it off the GUI thread."""
    trim = _malloc_trim()
    if trim is None:
        return None
    started = time.perf_counter()
    trim(0)
    return time.perf_counter() - started


@cache
def fix_mmap_threshold() -> bool:
    """Blocks of :data:`MMAP_THRESHOLD` bytes or more mapped on their own from now on, whatever
    is freed later (see the module's docstring); False where there is no ``mallopt``. Once a
    process: the setting holds until it exits."""
    mallopt = _mallopt()
    return mallopt is not None and mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
