"""Headphones plugged in and out (A11Y-06): what the jack costs the GUI thread and how soon
speech follows a plug.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/jack.py [--cycles 20] [--key-first]

The kiosk window (no card, printer or database) watches a FIFO as its headphone jack (no evdev
here), speech into WAV files. Each cycle writes a plug report, waits for speech mode and its
first phrase, then an unplug report and waits for speech to stop. Prints, per plug, the time
from the write to speech mode on and to the first phrase handed to the output, the GUI-thread
time of each read of the device, and the longest gap of a 2 ms heartbeat on the GUI thread over
the cycles (goal: no stall over 50 ms); then the same cycles by the ``*`` key, as speech mode
started before the jack, for comparison (``--key-first``: the key's cycles first; the first
turning on in a process costs the most, whichever starts it). Prints figures only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from figures import Heartbeat, spread, timed_calls, until  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.config import Config, SpeechSection  # noqa: E402
from kiosk.evdev import EV_SW, EV_SYN, SYN_REPORT, event_bytes  # noqa: E402
from kiosk.speech.jack import SW_HEADPHONE_INSERT  # noqa: E402
from kiosk.speech.output import WavSink  # noqa: E402
from kiosk.ui import speech_jack  # noqa: E402
from kiosk.ui.operations import runner  # noqa: E402

HEARTBEAT_MS = 2


def _report(value: int) -> bytes:
    return event_bytes(EV_SW, SW_HEADPHONE_INSERT, value) + event_bytes(EV_SYN, SYN_REPORT, 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--key-first", action="store_true", help="the * key cycles before the plugs")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    from kiosk.ui.window import KioskWindow

    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-jack-"))
    fifo = folder / "event7"
    os.mkfifo(fifo)
    reads = timed_calls(speech_jack.JackWatcher, "_readable")
    window = KioskWindow(Config(speech=SpeechSection(headphone_jack=str(fifo))), dpi=96.0)
    window.resize(1920, 1080)
    window.show()
    sink = WavSink(folder / "speech")
    window.speech.output = sink
    until(app, lambda: window.speech.jack.watching)
    runner().wait_idle()
    writer = os.open(fifo, os.O_WRONLY)
    heart = Heartbeat(HEARTBEAT_MS)
    gaps = heart.gaps
    heart.start()
    to_on: list[float] = []
    to_phrase: list[float] = []
    keyed: list[float] = []
    plug_gaps: list[float] = []
    key_gaps: list[float] = []

    def plugs() -> None:
        gaps.clear()
        for _ in range(args.cycles):
            before = len(sink.written)
            wrote = time.perf_counter()
            os.write(writer, _report(1))
            until(app, lambda: window.speech.on)
            to_on.append((time.perf_counter() - wrote) * 1000)
            until(app, lambda before=before: len(sink.written) > before)
            to_phrase.append((time.perf_counter() - wrote) * 1000)
            os.write(writer, _report(0))
            until(app, lambda: not window.speech.on)
            runner().wait_idle()
        plug_gaps.extend(gaps)

    def keys() -> None:
        """The same with the * key, as speech mode was started before the jack: the GUI-thread
        time of the key press that turns it on (what a plug's read does besides reading)."""
        gaps.clear()
        for _ in range(args.cycles):
            before = len(sink.written)
            target = QApplication.focusWidget() or window
            pressed = time.perf_counter()
            QTest.keyClick(target, Qt.Key.Key_Asterisk)
            keyed.append((time.perf_counter() - pressed) * 1000)
            until(app, lambda before=before: len(sink.written) > before)
            QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Asterisk)
            until(app, lambda: not window.speech.on)
            runner().wait_idle()
        key_gaps.extend(gaps)

    for run in ((keys, plugs) if args.key_first else (plugs, keys)):
        run()
    heart.stop()
    os.close(writer)
    until(app, lambda: not window.speech.jack.watching)
    window.timer.stop()
    window.close()
    print(f"cycles: {args.cycles} (plug, speech on, first phrase, unplug, speech off)")
    print(f"plug → speech mode on: {spread(to_on)}")
    print(f"plug → first phrase to the output: {spread(to_phrase)}")
    print(f"GUI-thread time per read of the device ({len(reads)} reads, the first plug's: {reads[0]:.1f} ms): "
          f"{spread(reads)}")
    print(f"GUI-thread time of the * key turning speech on (the first: {keyed[0]:.1f} ms): {spread(keyed)}")
    print(f"longest GUI-thread stall: {max(plug_gaps):.1f} ms over the plugs, {max(key_gaps):.1f} ms over the * key "
          f"({'key' if args.key_first else 'plug'} cycles first; goal: under 50 ms)")


if __name__ == "__main__":
    main()
