"""Speech start latency: from a screen change to its first phrase handed to the audio output, over
the screens of the reference journey (the family of four, two adults read from virtual cards),
in speech mode. The kiosk starts as it does at a counter: once its first screen is drawn it
loads Open JTalk and makes what turning speech on there says (the start-up warm-up), and the
bench waits for that as a kiosk waits for its first resident. The first journey then finds only
those phrases in the cache (uncached: Open JTalk or espeak-ng synthesizes every other phrase);
the second replays the same journey with the cache the first one filled (cached). The first
screen's latency (turning speech on) is printed on its own line; ``--no-warm-up`` empties the
cache before the first journey to show what the warm-up saves (Open JTalk stays loaded).

Those journeys go as fast as the machine: each screen waits for its own speech only, so the
speech made ahead of the next screens (kiosk.speech.ahead) has little chance to be ready. The
last journey goes as a resident does (``--pace`` seconds on each screen once its own speech is
made, 1.5 by default, a short look or listen; 0 leaves it out), from an empty cache and the
start-up warm-up again, as a fresh kiosk: the figure speech mode gives in life. Each run also
prints how many phrases were made ahead and the GUI thread's time to plan them at each screen.

    QT_QPA_PLATFORM=offscreen script/with-services .venv/bin/python bench/speech.py [--lang ja] [--runs 2] [--pace 1.5]

Speech goes to WAV files in a temporary folder (the same sink as the tests), so the figures do
not depend on a sound device. Prints median, p95 and max per run, and the slowest screens.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _summary(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"{label}: {len(ordered)} screens, median {statistics.median(ordered):.0f} ms, "
            f"p95 {p95:.0f} ms, max {ordered[-1]:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="ja")
    parser.add_argument("--runs", type=int, default=2, help="journeys; the first is uncached")
    parser.add_argument("--no-warm-up", action="store_true", help="empty the cache the warm-up filled")
    parser.add_argument("--pace", type=float, default=1.5,
                        help="seconds on each screen in the last journey, as a resident goes (0: no such run)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThread

    from kiosk.config import Config
    from kiosk.speech.output import WavSink
    from kiosk.ui import reference
    from kiosk.ui.app import application
    from kiosk.ui.operations import runner

    application()
    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-speech-"))
    queue = os.environ.get("KIOSK_TEST_PRINTER") or "kiosk-pdf"
    config = reference.demo_config(Config(), folder / "data", printer_queue=queue)
    setup = reference.start(config, printer=reference.printer_queue_ready(queue))
    window = setup.kiosk.window
    speech = window.speech
    speech.output = WavSink(folder / "speech")
    runner().wait_idle()  # the start-up warm-up (kiosk.ui.window: after the first paint)
    warmed = len(speech.synth.cache)
    if args.no_warm_up:
        speech.synth.cache.clear()
    print(f"phrases made by the start-up warm-up: {warmed}{' (emptied: --no-warm-up)' if args.no_warm_up else ''}")

    pace = 0.0

    def on_screen(_name: str) -> None:
        if not speech.on:
            speech.set_on(True)
        runner().wait_idle(later=False)  # the screen's own speech is made before the next input
        if pace:  # as a resident: a look at the screen, a listen (what is made ahead goes on)
            deadline = QDeadlineTimer(round(pace * 1000))
            while not deadline.hasExpired():
                QCoreApplication.processEvents()
                QThread.msleep(2)

    journeys = [("uncached" if run == 0 else "cached", 0.0) for run in range(args.runs)]
    if args.pace > 0:
        journeys.append((f"as a resident goes, {args.pace:g} s a screen, uncached", args.pace))
    try:
        for run, (label, pace) in enumerate(journeys):
            if pace:  # a fresh kiosk: an empty cache, the start-up warm-up, a resident at their pace
                runner().wait_idle()
                speech.synth.cache.clear()
                speech.warm_up()
                runner().wait_idle()
            speech.latencies.clear()
            speech.first_cpu_ms.clear()
            made_ahead = speech.made_ahead
            speech.ahead_gui_ms.clear()
            reference.play(setup, args.lang, None, on_screen=on_screen)
            screens = [(name, ms, cached) for name, ms, cached in speech.latencies
                       if name not in ("pin", "focus", "volume")]
            first_name, first_ms, first_cached = screens[0]
            print(f"[{args.lang}] run {run + 1}: first screen ({first_name}, speech turned on) {first_ms:.0f} ms"
                  f"{' (cache)' if first_cached else ' (made)'}")
            print(_summary(f"[{args.lang}] run {run + 1} ({label})", [ms for _, ms, _ in screens]))
            questions = [cached for name, _, cached in screens if name.startswith("question-")]
            print(f"  question screens whose first phrase came from the cache: {sum(questions)} of {len(questions)}")
            print(f"  screens whose first phrase came from the cache: {sum(c for _, _, c in screens)} of {len(screens)}"
                  f"; phrases made ahead: {speech.made_ahead - made_ahead}")
            planning = sorted(speech.ahead_gui_ms)
            if planning:
                print(f"  GUI-thread time to plan what is made ahead: median {statistics.median(planning):.1f} ms, "
                      f"max {planning[-1]:.1f} ms")
            slowest = sorted(screens, key=lambda s: -s[1])[:3]
            made = [ms for ms in speech.first_cpu_ms if ms > 0]
            if made:
                print(_summary("  processor time of the first phrase (Open JTalk's thread)", made).replace(" screens", " phrases"))
            print("  slowest: " + ", ".join(f"{name} {ms:.0f} ms{' (cache)' if c else ''}" for name, ms, c in slowest))
        print(f"phrases in the cache: {len(speech.synth.cache)}")
    finally:
        reference.stop(setup)


if __name__ == "__main__":
    main()
