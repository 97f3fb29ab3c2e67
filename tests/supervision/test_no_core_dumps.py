"""PRIV-09: a station holds PINs, card data and what a resident typed; none of its memory is
written to a core file, and ``kiosk doctor`` says whether swap could write it to a disk."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest
from supervised_process import KIOSK, on_first_screen

from kiosk import no_dumps
from kiosk.config import Config
from kiosk.doctor import check_swap

pytestmark = pytest.mark.gui

ALLOWED = 1 << 20  # the core file size the station is started with: what it must not keep


def core_limits(pid: int) -> tuple[str, str]:
    """The soft and hard core file size limits of a running process, from /proc."""
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max core file size"):
            soft, hard = line.removeprefix("Max core file size").split()[:2]
            return soft, hard
    raise AssertionError(f"no core limit for {pid}")


def test_priv09_a_started_station_allows_no_core_file(supervise, station_env):
    """Started with core files of up to 1 MiB allowed (the soft limit, which decides), the public
    display on its first screen allows none."""
    sup = supervise(["prlimit", f"--core={ALLOWED}:", *KIOSK, "display", "--windowed"], env=station_env)
    first = sup.wait_for(lambda s: on_first_screen(s, "display: numbers", 1), 120, "display ready")
    assert core_limits(first["pid"])[0] == "0"


def test_priv09_a_station_process_is_not_dumpable(qapp):
    """The stations' application (kiosk.ui.app.application, which made ``qapp``) leaves the process
    not dumpable: no core file whatever the kernel's core_pattern, no memory read through /proc."""
    assert no_dumps.is_dumpable() is False
    assert resource.getrlimit(resource.RLIMIT_CORE)[0] == 0


def _swaps(tmp_path: Path, *names: str) -> Path:
    swaps = tmp_path / "swaps"
    swaps.write_text("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
                     + "".join(f"{n}\tpartition\t1048572\t0\t-2\n" for n in names))
    return swaps


def test_priv09_swap_state_tells_encrypted_memory_and_clear_disks(tmp_path):
    block = tmp_path / "block"
    for device, uuid in (("dm-0", "CRYPT-PLAIN-swap"), ("dm-1", "LVM-abc")):
        (block / device / "dm").mkdir(parents=True)
        (block / device / "dm" / "uuid").write_text(uuid + "\n")
    state = no_dumps.swap_state(_swaps(tmp_path, "/dev/dm-0", "/dev/zram0", "/dev/dm-1", "/dev/sda3"), block)
    assert [(s.name, s.where) for s in state] == [
        ("/dev/dm-0", "encrypted"), ("/dev/zram0", "memory"), ("/dev/dm-1", "disk"), ("/dev/sda3", "disk")]
    assert no_dumps.swap_state(_swaps(tmp_path), block) == []
    assert no_dumps.swap_state(tmp_path / "none", block) == []


def test_priv09_doctor_fails_on_swap_in_the_clear(tmp_path, monkeypatch):
    monkeypatch.setattr(no_dumps, "PROC_SWAPS", _swaps(tmp_path, "/dev/sda3"))
    check = check_swap(Config())
    assert not check.ok and "/dev/sda3" in check.detail
    monkeypatch.setattr(no_dumps, "PROC_SWAPS", _swaps(tmp_path))
    assert check_swap(Config()).ok
