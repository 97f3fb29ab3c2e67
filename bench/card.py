"""Tap → 基本4情報 through pcscd + vpcd and the virtual card: APDU count and median/p95 times.

Run under the test services (own pcscd with vpcd)::

    script/with-services .venv/bin/python bench/card.py --runs 30

Per run: the virtual card connects (the "tap"); we time until pcscd reports it present
(detection), then connect → SELECT … READ BINARY → parsed record (read), and the sum (tap →
basic info). Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.card.persona import load_persona  # noqa: E402
from kiosk.card.reader import read_card  # noqa: E402
from kiosk.card.simulator import run_simulator  # noqa: E402
from kiosk.card.transport import Terminal  # noqa: E402


def _wait(predicate, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit("bench: the virtual card was not seen by pcscd (run under script/with-services)")
        time.sleep(0.002)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--persona", default="adult")
    parser.add_argument("--port", type=int, default=35963)
    parser.add_argument("--no-quickack", action="store_true",
                        help="leave TCP_QUICKACK off in the virtual card (shows vpcd 0.8's delayed-ACK cost)")
    args = parser.parse_args(argv)

    terminal = Terminal(allow_virtual=True)
    handle = run_simulator(load_persona(args.persona), "127.0.0.1", args.port, inserted=False,
                           quickack=not args.no_quickack)
    detect, read, total, apdus = [], [], [], []
    try:
        for _ in range(args.runs):
            _wait(lambda: not terminal.state().card_present)
            handle.insert()
            handle.wait_connected(10)
            t0 = handle.connected_at
            _wait(lambda: terminal.state().card_present)
            t1 = time.perf_counter()
            with terminal.connect() as channel:
                result = read_card(channel, bytearray(b"1234"))
            t2 = time.perf_counter()
            detect.append(t1 - t0)
            read.append(t2 - t1)
            total.append(t2 - t0)
            apdus.append(result.apdu_count)
            handle.remove()
    finally:
        handle.stop()
        terminal.close()

    def row(name: str, values: list[float]) -> str:
        return f"{name:<28} median {statistics.median(values) * 1000:8.1f} ms   p95 {_p95(values) * 1000:8.1f} ms"

    print(f"runs: {args.runs}   persona: {args.persona}   APDUs per basic read: {sorted(set(apdus))}"
          f"   TCP_QUICKACK: {'off' if args.no_quickack else 'on'}")
    print(row("tap → card present (pcscd)", detect))
    print(row("connect → basic info", read))
    print(row("tap → basic info", total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
