"""REL-10: how long a silent kiosk takes to show on a clerk station, and what a heartbeat costs.

For each backend (PostgreSQL from ``KIOSK_TEST_DATABASE_URL``, and SQLite): a kiosk's health
check with its beat (no printer; the card reader through pcscd with ``--reader``), timed
``--beats`` times; then, ``--rounds`` times, a kiosk's last beat written and the time until a real
clerk station (Qt offscreen, ``health_seconds`` = ``--health``, so silent after twice that) shows
it as silent, and from its next beat until the row is gone. Each round starts just after the
station looked, so the first figure is the worst case: twice ``health_seconds`` plus one look
(every ``health_seconds``, 10 s at most). Prints the figures; asserts nothing.

    QT_QPA_PLATFORM=offscreen script/with-services .venv/bin/python bench/heartbeat.py --health 5 --rounds 3
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import spread, until  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from staff_calls import postgres, sqlite  # noqa: E402

from kiosk.clerk.station import Station  # noqa: E402
from kiosk.config import StaffCallSection  # noqa: E402
from kiosk.health import ReaderPort, check_health  # noqa: E402
from kiosk.heartbeat import Heart, KioskState, Parts, record_beat  # noqa: E402
from kiosk.storage.database import Database  # noqa: E402
from kiosk.ui.clerk.station_window import StationWindow  # noqa: E402
from kiosk.ui.operations import runner  # noqa: E402


def beat_costs(db: Database, beats: int, reader: ReaderPort | None, data_dir: Path) -> list[float]:
    heart, times = Heart("kiosk-bench"), []
    for _ in range(beats):
        started = time.perf_counter()
        health = check_health(db, heart.kiosk_id, printer=None, reader=reader, data_dir=data_dir, disk_low_mb=1)
        heart.beat(db, health.parts)
        times.append((time.perf_counter() - started) * 1000)
    heart.stop(db)  # not among the silent kiosks below
    return times


def silence(db: Database, rounds: int, health: int, data_dir: Path) -> tuple[list[float], list[float]]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    station = StationWindow(Station(db, station_id="clerk-bench"), export_dir=data_dir / "exports",
                            staff_call=StaffCallSection(raise_again_seconds=600, health_seconds=health))
    station.calls.sound = lambda: None
    station.show()
    shown, cleared = [], []
    try:
        for number in range(rounds):
            kiosk_id = f"kiosk-{number:02d}"
            last = time.perf_counter()
            record_beat(db, kiosk_id, KioskState.RUNNING, Parts())
            until(app, lambda k=kiosk_id: k in station.calls.silent_rows, limit_s=4 * health + 30)  # type: ignore[misc]
            shown.append((time.perf_counter() - last) * 1000)
            again = time.perf_counter()
            record_beat(db, kiosk_id, KioskState.STOPPED, Parts())  # heard, then out of the next rounds
            until(app, lambda k=kiosk_id: k not in station.calls.silent_rows, limit_s=health + 30)  # type: ignore[misc]
            cleared.append((time.perf_counter() - again) * 1000)
    finally:
        runner().wait_idle(30_000)
        station.close()
        runner().wait_idle(30_000)
    return shown, cleared


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--beats", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--health", type=int, default=5, help="health_seconds of the kiosks and the station")
    parser.add_argument("--reader", action="store_true", help="ask pcscd for the reader in each check")
    args = parser.parse_args()
    reader = None
    if args.reader:
        from kiosk.card.transport import Terminal

        reader = Terminal(allow_virtual=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in (("postgresql", postgres), ("sqlite", sqlite)):
            with make() as db:
                print(f"{name:<10} health check + beat: {spread(beat_costs(db, args.beats, reader, Path(tmp)))}")
                shown, cleared = silence(db, args.rounds, args.health, Path(tmp))
                print(f"{name:<10} silent after {2 * args.health} s, shown after the last beat: "
                      f"{spread([s / 1000 for s in shown], 2).replace(' ms', ' s')}")
                print(f"{name:<10} row gone after the kiosk is heard: "
                      f"{spread([c / 1000 for c in cleared], 2).replace(' ms', ' s')}")
    if reader is not None:
        reader.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
