"""GUI-thread stalls during the reference journey: per transition (from-screen → to-screen), the
longest stall of the GUI thread and the p95 of the transition times, and the overall p95.

Run under the test services (pcscd + vpcd virtual cards, the cups-pdf queue)::

    script/with-services .venv/bin/python bench/stalls.py --runs 3

A QTimer heartbeat on the GUI thread ticks every few milliseconds; a stall is the time between
two ticks beyond the interval, attributed to the transition in progress when it ended (from the
tap that made it until the next one). Beside it, the GUI thread's own CPU time in that stall (its
work, without the time it waited for the processor or for the interpreter lock held by a worker):
on a loaded machine the stall can be long while the work is short. A transition's time runs from the tap to the new screen
drawn. The journey is played with real clicks (``kiosk.ui.autoplay``), printing included and
each session's end and the next catalogue load. Goal: no stall over 50 ms. Prints figures only.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from kiosk.config import Config  # noqa: E402
from kiosk.ui import app, reference  # noqa: E402
from kiosk.ui.autoplay import Autoplay  # noqa: E402
from kiosk.ui.collector import collect_on_gui_thread, set_aside_warm  # noqa: E402
from kiosk.ui.operations import runner  # noqa: E402

HEARTBEAT_MS = 2
GOAL_MS = 50.0


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass
class Heartbeat:
    """Timestamps of the ticks of a timer on the GUI thread."""

    ticks: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # the GUI thread's CPU time at each tick

    def tick(self) -> None:
        self.ticks.append(time.perf_counter())
        self.cpu.append(time.thread_time())

    def gaps(self) -> list[tuple[float, float, float]]:
        """(end time, stall ms, GUI-thread CPU ms in it) for every pair of consecutive ticks."""
        return [(b, max(0.0, (b - a) * 1000 - HEARTBEAT_MS), (cb - ca) * 1000)
                for a, b, ca, cb in zip(self.ticks, self.ticks[1:], self.cpu, self.cpu[1:], strict=False)]


class TimedPlay(Autoplay):
    """The reference journey, remembering when each transition's tap began."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.starts: list[tuple[float, str]] = []  # (tap time, "from→to")

    def click(self, widget: QWidget) -> None:
        j = self.w.journey
        before, detail, started = j.screen, j.detail, time.perf_counter()
        super().click(widget)
        if (j.screen, j.detail) != (before, detail):
            self.starts.append((started, f"{before.value}→{j.screen.value}"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="journeys to play (default 3)")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)

    qt = app.application()
    queue = os.environ.get("KIOSK_TEST_PRINTER") or Config().printer.queue
    config = reference.demo_config(Config(), Path(tempfile.mkdtemp(prefix="kiosk-stalls-")), printer_queue=queue)
    setup = reference.start(config, printer=reference.printer_queue_ready(queue))
    window = setup.kiosk.window
    window.catalogue_source = lambda: app.load_catalogue_port(config, window.database)  # as `kiosk run`
    runner().wait_idle(60_000)  # the kiosk is up: database, catalogue and renderer warm-up done
    set_aside_warm()  # as `kiosk run` does then (kiosk.ui.app.set_aside_once_up)
    collector = collect_on_gui_thread(qt)  # Python's cyclic garbage, collected on this thread: counted from here
    collector.longest, collector.collections = 0.0, [0, 0, 0]
    heartbeat = Heartbeat()
    timer = QTimer()
    timer.setInterval(HEARTBEAT_MS)
    timer.timeout.connect(heartbeat.tick)
    timer.start()
    family = reference.household()
    starts: list[tuple[float, str]] = []
    switches: list[tuple[str, float]] = []
    try:
        for _ in range(args.runs):
            player = TimedPlay(window, family, cards=list(setup.cards),
                               manual=reference.manual_people(family, len(setup.cards)), typed=reference.NEW_ADDRESS,
                               simulator=setup.simulator, lang=args.lang, timeout=120)
            played = player.play()
            player.wait(lambda: not window.journey.starting, "next catalogue")
            starts += player.starts
            switches += played.switches
        runner().wait_idle(60_000)
        qt.processEvents()
    finally:
        timer.stop()
        reference.stop(setup)

    stalls: dict[str, float] = {}
    stall_cpu: dict[str, float] = {}  # GUI-thread CPU in the longest stall
    work: dict[str, float] = {}  # the most GUI-thread CPU in any one stall
    for end, stall, cpu in heartbeat.gaps():
        label = next((name for start, name in reversed(starts) if start <= end), None)
        if label is not None:
            if stall > stalls.get(label, -1.0):
                stalls[label], stall_cpu[label] = stall, cpu
            work[label] = max(work.get(label, 0.0), cpu)
    times: dict[str, list[float]] = {}
    for name, ms in switches:
        times.setdefault(name, []).append(ms)
    print(f"reference journey × {args.runs} ({args.lang}, cards: {len(setup.cards)}, "
          f"printer: {'yes' if reference.printer_queue_ready(queue) else 'no'}); heartbeat {HEARTBEAT_MS} ms")
    print(f"{'transition':<22} {'n':>3} {'p95 ms':>8} {'longest stall ms':>17} {'its CPU ms':>11} "
          f"{'most CPU/stall ms':>18}")
    for name in sorted(times, key=lambda k: -stalls.get(k, 0.0)):
        print(f"{name:<22} {len(times[name]):>3} {_p95(times[name]):>8.1f} {stalls.get(name, 0.0):>17.1f} "
              f"{stall_cpu.get(name, 0.0):>11.1f} {work.get(name, 0.0):>18.1f}")
    worst = max(stalls.values(), default=0.0)
    over = sorted(k for k, v in stalls.items() if v > GOAL_MS)
    print(f"overall: transitions p95 {_p95([ms for _, ms in switches]):.1f} ms, longest stall {worst:.1f} ms "
          f"(goal ≤ {GOAL_MS:.0f} ms: {'met' if not over else 'over on ' + ', '.join(over)})")
    busiest = max(work.values(), default=0.0)
    print(f"GUI-thread work: at most {busiest:.1f} ms of CPU in any one stall "
          f"({'within' if busiest <= GOAL_MS else 'over'} {GOAL_MS:.0f} ms)")
    print(f"garbage collections on the GUI thread during the journeys (generations 0/1/2): "
          f"{'/'.join(str(n) for n in collector.collections)}, longest {collector.longest * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
