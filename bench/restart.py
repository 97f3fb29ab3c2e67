"""SEC-02: time from ``kill -9`` of the kiosk (or a clerk station, a division station, the public
display) to its first screen again, under ``kiosk supervise`` (RestartSec 1 s). Prints figures
only; nothing is asserted.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/restart.py --runs 5 [--app clerk|division|display]

"Back on the first screen" is the READY=1 the program sends after painting it (language screen,
the clerk or division station's sign-in, the display's numbers). A fresh data directory, database and key are made in a temp dir.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

KIOSK = [sys.executable, "-m", "kiosk"]
COMMANDS = {"kiosk": ["run", "--windowed"], "clerk": ["clerk", "--windowed"],
            "division": ["clerk", "--division", "hoken_nenkin", "--windowed"], "display": ["display", "--windowed"]}
ROOT = Path(__file__).resolve().parent.parent


def status(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data


def wait_ready(path: Path, starts: int, timeout: float = 120.0) -> dict[str, Any]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s = status(path)
        if s.get("starts") == starts and s.get("ready"):
            return s
        time.sleep(0.01)
    raise SystemExit(f"not ready after {timeout} s: {status(path)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--app", choices=tuple(COMMANDS), default="kiosk")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiosk-restart-") as tmp:
        env = dict(os.environ, KIOSK_DATA_DIR=f"{tmp}/data", KIOSK_CONFIG=f"{tmp}/kiosk.toml",
                   QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        for step in (["db", "upgrade"], ["keys", "init"]):
            subprocess.run([*KIOSK, *step], env=env, check=True, capture_output=True, cwd=ROOT)
        status_file = Path(tmp) / "status.json"
        command = COMMANDS[args.app]
        with open(Path(tmp) / "supervise.log", "wb") as log:
            sup = subprocess.Popen([*KIOSK, "supervise", "--status-file", str(status_file), "--", *KIOSK, *command],
                                   env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
            try:
                started = time.monotonic()
                current = wait_ready(status_file, 1)
                print(f"{args.app}: first start to READY {time.monotonic() - started:.2f} s ({current['status']})")
                times = []
                for run in range(2, args.runs + 2):
                    killed = time.monotonic()
                    os.kill(current["pid"], signal.SIGKILL)
                    current = wait_ready(status_file, run)
                    times.append(time.monotonic() - killed)
                    print(f"  run {run - 1}: kill -9 -> READY {times[-1]:.2f} s")
                print(f"{args.app}: kill -9 -> first screen: median {statistics.median(times):.2f} s, "
                      f"max {max(times):.2f} s over {len(times)} runs (RestartSec 1 s; SEC-02 limit 10 s)")
            finally:
                sup.send_signal(signal.SIGTERM)
                sup.wait(60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
