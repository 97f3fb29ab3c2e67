"""No memory of a station written to disk (PRIV-09).

A station holds PINs, card data and what a resident typed in its memory. A crash must not write
that memory to a core file, and a memory page must not be swapped to a disk in the clear.

:func:`forbid_core_dumps` runs at the start of every station (``kiosk.ui.app.application``) and of
the speech-ahead process: the core file size limit goes to 0 (the soft limit, which the kernel and
systemd-coredump go by; children inherit it) and the process is marked not dumpable
(``PR_SET_DUMPABLE`` 0: no core file whatever ``core_pattern`` says, even if something raised
the limit again, and no other process of the same account may read its memory through ``/proc``
or ptrace). The hard limit is left as it was, so that the processes a station starts could be
given a limit of their own. :func:`swap_state` tells ``kiosk doctor``
whether swap is off, encrypted (dm-crypt) or in memory (zram), or on a disk in the clear; swap is
an operating-system setting the kiosk cannot change itself."""

from __future__ import annotations

import ctypes
import os
import resource
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kiosk.memory import libc_function

PR_SET_DUMPABLE = 4  # <linux/prctl.h>
PR_GET_DUMPABLE = 3
PROC_SWAPS = Path("/proc/swaps")
SYS_BLOCK = Path("/sys/block")


def forbid_core_dumps() -> bool:
    """No core file of this process from now on; True when the process is also not dumpable
    (False where there is no ``prctl``: the core limit alone)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (0, hard))
    return set_dumpable(False)


def set_dumpable(dumpable: bool) -> bool:
    """``prctl(PR_SET_DUMPABLE)``; False where the C library has no ``prctl``."""
    prctl = _prctl()
    return prctl is not None and prctl(PR_SET_DUMPABLE, int(dumpable), 0, 0, 0) == 0


def is_dumpable() -> bool | None:
    """``prctl(PR_GET_DUMPABLE)`` of this process; None where there is no ``prctl``."""
    prctl = _prctl()
    return None if prctl is None else prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1


@cache
def _prctl() -> Callable[..., int] | None:
    """``prctl``, or None where the C library has none (not Linux)."""
    return libc_function("prctl", [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong])


@dataclass(frozen=True)
class Swap:
    """One active swap area of ``/proc/swaps`` and where its pages go."""

    name: str
    where: str  # "encrypted" (dm-crypt), "memory" (zram) or "disk" (in the clear)


def swap_state(swaps: Path | None = None, sys_block: Path | None = None) -> list[Swap]:
    """The active swap areas (an empty list: swap is off), from ``/proc/swaps`` and ``/sys/block``."""
    try:
        lines = (swaps or PROC_SWAPS).read_text(encoding="utf-8").splitlines()[1:]
    except OSError:  # no /proc/swaps: a kernel without swap
        return []
    return [Swap(name, _where(name, sys_block or SYS_BLOCK)) for name in (line.split()[0] for line in lines if line.strip())]


def _where(name: str, sys_block: Path) -> str:
    device = Path(os.path.realpath(name)).name  # /dev/mapper/NAME is a link to /dev/dm-N
    if device.startswith("zram"):
        return "memory"
    if device.startswith("dm-"):
        try:
            uuid = (sys_block / device / "dm" / "uuid").read_text(encoding="ascii").strip()
        except OSError:
            return "disk"
        return "encrypted" if uuid.startswith("CRYPT-") else "disk"
    return "disk"
