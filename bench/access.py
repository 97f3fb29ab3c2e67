"""Accessibility upkeep on every screen change: the cost of describing the controls (A11Y-15) and
raising layout spacing to the 2 mm gap (A11Y-01) that ``KioskWindow.show_current`` adds.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/access.py [--rounds 200]

Builds the resident window (no card, printer or database), visits the language, notice and the
staff panel, and prints per screen the number of controls and layouts and the median and p95 time
of one describe + space-out pass.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication, QLayout

    app = QApplication.instance() or QApplication([])
    from kiosk.config import Config
    from kiosk.ui import access
    from kiosk.ui.window import KioskWindow

    window = KioskWindow(Config(), dpi=96.0)
    window.staff_exit_allowed = True
    window.resize(1920, 1080)
    window.show()
    app.processEvents()

    def measure(name: str) -> None:
        app.processEvents()
        screen = window.current_screen()
        roots = (window.top, window.warning, screen)
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            access.describe(roots, window, window.lang)
            layout = screen.layout()
            if layout is not None:
                access.space_out(layout, window.metrics_px.spacing)
            times.append((time.perf_counter() - started) * 1e6)
        times.sort()
        layouts = len(screen.findChildren(QLayout))
        print(f"{name}: {len(access.controls(roots, window))} controls, {layouts} layouts: "
              f"median {statistics.median(times):.0f} µs, p95 {times[int(len(times) * 0.95)]:.0f} µs")

    measure("language")
    window.journey.choose_language("ja")
    measure("notice")
    window.call_staff()
    measure("staff")
    window.timer.stop()
    window.close()


if __name__ == "__main__":
    main()
