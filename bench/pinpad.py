"""The PIN pad a resident holds at the counter (issue #17): what its keys cost the GUI thread and
how soon a key shows on the resident's pad, beside the same digit touched on the pad.

    QT_QPA_PLATFORM=offscreen script/with-services .venv/bin/python bench/pinpad.py [--pins 50]

The reference family at the counter (the parents' virtual cards on vpcd, no printer) with a
FIFO as its held pad (no evdev here). At the first card's PIN, each round writes four keypad
digits, one at a time, waiting for each to show (the resident's dots and the clerk's count),
then Delete; then the PIN is typed on the held pad and the play goes on to the first review.
Prints the time from the write to the digit shown, the GUI-thread time of each read of the
device (decoding, the pad, the clerk's count), the GUI-thread time of a touch of a digit on the
pad for comparison, and the longest gap of a 2 ms heartbeat on the GUI thread over the keys
(goal: no stall over 50 ms). Prints figures only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from figures import Heartbeat, spread, timed_calls, until  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.config import Config, CounterSection  # noqa: E402
from kiosk.counter import pin_pad as codes  # noqa: E402
from kiosk.evdev import EV_KEY, EV_SYN, SYN_REPORT, event_bytes  # noqa: E402
from kiosk.ui.counter import held_pad  # noqa: E402
from kiosk.ui.operations import runner  # noqa: E402
from kiosk.ui.play_hands import PIN  # noqa: E402

HEARTBEAT_MS = 2
KP = (codes.KEY_KP1, codes.KEY_KP2, codes.KEY_KP3, codes.KEY_KP4)
CLERK = ("bench-pinpad", "an invented passphrase 9")


def _tap(code: int) -> bytes:
    return b"".join(event_bytes(EV_KEY, code, value) + event_bytes(EV_SYN, SYN_REPORT, 0) for value in (1, 0))


class Enough(Exception):
    """The PIN typed and the card read: the play stops at the first review."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pins", type=int, default=50)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    from kiosk.ui import reference
    from kiosk.ui.counter.reference_counter import start_reference

    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-pinpad-"))
    fifo = folder / "usb-keypad-event-kbd"
    os.mkfifo(fifo)
    reads = timed_calls(held_pad.HeldPinPad, "_readable")
    config = replace(reference.demo_config(Config(), folder / "data"), counter=CounterSection(pin_pad=str(fifo)))
    ref = start_reference(config, printer=False, clerk=CLERK)
    counter = ref.counter
    held = counter.held
    assert held is not None
    pad = counter.resident.pin
    until(app, lambda: held.reading, nap_s=0.0005)
    writer = [os.open(fifo, os.O_WRONLY)]  # before the PIN is asked: a FIFO without a writer reads as its end
    shown: list[float] = []
    touched: list[float] = []
    key_gaps: list[float] = []
    reads_of_keys: list[float] = []
    heart = Heartbeat(HEARTBEAT_MS)
    gaps = heart.gaps

    def type_pin(index: int) -> None:
        if index == 0:
            measure()
        os.write(writer[0], b"".join(_tap(KP[int(d) - 1]) for d in PIN) + _tap(codes.KEY_KPENTER))

    def measure() -> None:
        gaps.clear()
        reads.clear()
        heart.start()
        for _ in range(args.pins):
            for n, code in enumerate(KP, 1):
                wrote = time.perf_counter()
                os.write(writer[0], _tap(code))
                until(app, lambda n=n: pad.length == n and counter.controller.state().pin_digits == n, nap_s=0.0005)
                shown.append((time.perf_counter() - wrote) * 1000)
            os.write(writer[0], _tap(codes.KEY_DELETE))
            until(app, lambda: pad.length == 0, nap_s=0.0005)
        heart.stop()
        key_gaps.extend(gaps)
        reads_of_keys.extend(reads)
        for _ in range(args.pins):
            for digit in "1234":
                started = time.perf_counter()
                QTest.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)
                touched.append((time.perf_counter() - started) * 1000)
            pad.clear()

    def on_step(step: str) -> None:
        if step.startswith("review-"):
            raise Enough

    play = ref.player(reference.household(), type_pin=type_pin, on_step=on_step)
    try:
        play.sign_in(*CLERK)
        try:
            play.play("ja")
        except Enough:
            pass
    finally:
        for fd in writer:
            os.close(fd)
        ref.stop()
        runner().wait_idle()
    print(f"PINs: {args.pins} on the first card's PIN pad (4 keypad digits one at a time, then Delete)")
    print(f"key written → digit shown (resident's dots and the clerk's count): {spread(shown, 2)}")
    print(f"GUI-thread time per read of the device ({len(reads_of_keys)} reads): {spread(reads_of_keys, 2)}")
    print(f"GUI-thread time of a digit touched on the pad: {spread(touched, 2)}")
    print(f"longest GUI-thread stall over the keys: {max(key_gaps):.1f} ms (goal: under 50 ms)")


if __name__ == "__main__":
    main()
