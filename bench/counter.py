"""``kiosk counter``: key presses for a full move-in of the reference family (goal < 60), then of
the same family typing its 児童手当 bank account instead of using its 公金受取口座, with
the resident's own touches counted apart, and screenshots of the clerk's and the resident's
windows at 1920×1080 on two (offscreen) screens.

    script/with-services .venv/bin/python bench/counter.py [--shots DIR]

Needs the real services (vpcd for the cards of the parents and the son, the CUPS queue, PostgreSQL for the clerk's
sign-in and the receipts). Prints the counts and the folder the screenshots went to (not kept in
the repository).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SCREENS = {"screens": [
    {"name": "clerk", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
    {"name": "resident", "x": 1920, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96,
     "dpr": 1},
]}
CLERK = ("bench-clerk", "an invented passphrase 7")


@dataclass
class FilterTime:
    calls: int = 0
    total: float = 0.0
    longest: float = 0.0


def time_event_filter(kind: type) -> FilterTime:
    """Time every call of ``kind.eventFilter`` (the Python body; Qt's dispatch to it is ~0.6 µs more)."""
    timed = FilterTime()
    inner = kind.eventFilter

    def event_filter(self: object, watched: object, event: object) -> bool:
        started = time.perf_counter()
        try:
            return bool(inner(self, watched, event))
        finally:
            spent = time.perf_counter() - started
            timed.calls += 1
            timed.total += spent
            timed.longest = max(timed.longest, spent)

    kind.eventFilter = event_filter  # type: ignore[method-assign]
    return timed


def report(label: str, family: dict[str, Any], done: Any, seconds: float) -> None:
    other = done.key_presses - done.typed_chars
    print(f"move-in of {label} at the counter ({len(family['persons'])} people, "
          f"{len(done.sheets)} sheets printed, {done.questions} questions)")
    print(f"  clerk key presses:        {done.key_presses}  (goal < 60)")
    print(f"    characters of data:     {done.typed_chars}  (dates, names as their reading in romaji and the "
          "number of the kanji, address, codes, one-key cells)")
    print(f"    answers and moves:      {other}  (answer keys, Tab/arrows, Enter, Ctrl+Enter)")
    print("    by step:                 keys  (of which data)")
    for step, keys, chars in done.breakdown():
        print(f"      {step:<24}{keys:>4}  ({chars})")
    print(f"  resident touches:         {done.resident_taps}  (notice, 3 × PIN + OK, each form confirmed)")
    print(f"  wall time (offscreen, cards on vpcd, CUPS): {seconds:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shots", type=Path, default=None, help="screenshot folder (default: a new temporary one)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="counter-bench-"))
    shots = args.shots or work / "screens"
    shots.mkdir(parents=True, exist_ok=True)
    screens = work / "screens.json"
    screens.write_text(json.dumps(SCREENS), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screens}"  # before Qt starts
    os.environ.setdefault("KIOSK_DATA_DIR", str(work / "data"))

    from dataclasses import replace

    from kiosk.config import Config
    from kiosk.ui import reference
    from kiosk.ui.counter.app import InputCount, application
    from kiosk.ui.counter.reference_counter import start_reference

    application()
    filtering = time_event_filter(InputCount)
    config = reference.demo_config(Config(), work / "data", printer_queue=os.environ.get("KIOSK_TEST_PRINTER"))
    if os.environ.get("KIOSK_TEST_DATABASE_URL"):
        config = replace(config, database=replace(config.database, url=os.environ["KIOSK_TEST_DATABASE_URL"]))
    ref = start_reference(config, printer=reference.printer_queue_ready(config.printer.queue), clerk=CLERK)
    runs = [("the reference family (児童手当 paid to its 公金受取口座)", reference.household(), shots),
            ("the same family typing its bank account instead", reference.household(public_account=False), None)]
    results = []
    try:
        for n, (label, family, folder) in enumerate(runs):
            play = ref.player(family, shots=folder)
            if n == 0:
                play.sign_in(*CLERK)
            started = time.monotonic()
            results.append((label, family, play.play("ja"), time.monotonic() - started))
    finally:
        ref.stop()
    for label, family, done, seconds in results:
        report(label, family, done, seconds)
    print(f"  key counting for the figures (an application-wide event filter on the GUI thread): "
          f"{filtering.calls} events, {filtering.total * 1000:.0f} ms in all, longest {filtering.longest * 1000:.2f} ms "
          "(a garbage collection or a wait for the interpreter lock that falls in a call counts in it)")
    print(f"  screenshots (1920×1080, clerk and resident, the first move-in): {shots}")
    for path in results[0][2].shots:
        print(f"    {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
