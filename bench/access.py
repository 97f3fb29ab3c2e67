"""Accessibility on every screen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/access.py [--rounds 200]

The upkeep on every screen change: builds the resident window (no card, printer or database),
visits the language, notice and the staff panel, and prints per screen the number of controls and
layouts and the median and p95 time of one describe (A11Y-15) + space-out (A11Y-01) pass.

    QT_QPA_PLATFORM=offscreen script/with-services .venv/bin/python bench/access.py --journey

What a resident meets: plays the reference journey (virtual cards on pcscd + vpcd, the cups-pdf
queue) in the normal and the high-contrast theme and prints, per screen, the key presses from the
initial focus to its farthest primary action (A11Y-10), then over all screens of both themes the
smallest gap between targets (mm, A11Y-01), the smallest text contrast and the smallest focus-ring
contrast as painted (A11Y-02).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def journey() -> None:
    import tempfile

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from kiosk.config import Config
    from kiosk.ui import audit, reference

    data = Path(tempfile.mkdtemp(prefix="kiosk-bench-access-"))
    config = reference.demo_config(Config(), data, printer_queue=os.environ.get("KIOSK_TEST_PRINTER"))
    setup = reference.start(config, printer=True)
    surveys: list[audit.Survey] = []
    try:
        for theme_name in ("normal", "high_contrast"):
            window = setup.kiosk.window
            if theme_name == "high_contrast":
                window.contrast_button.setChecked(True)
            app.processEvents()
            reference.play(setup, "ja", None, on_screen=lambda screen, w=window: surveys.append(audit.survey(w, screen)))
    finally:
        reference.stop(setup)
    print("focus steps (key presses from the initial focus to the farthest primary action):")
    for theme_name in ("normal", "high_contrast"):
        row = [f"{s.screen}={s.max_steps() if s.max_steps() is not None else 'unreachable'}"
               for s in surveys if s.theme == theme_name]
        print(f"  {theme_name}: " + ", ".join(row))
    worst = max((s.max_steps() or 0) for s in surveys)
    gaps = [s.gap_mm for s in surveys if s.gap_mm is not None]
    texts = [(s.min_text(), s) for s in surveys]
    rings = [(s.min_ring(), s) for s in surveys]
    text_min, text_at = min(texts, key=lambda t: t[0])
    ring_min, ring_at = min(rings, key=lambda t: t[0])
    print(f"screens: {len(surveys)} ({len(surveys) // 2} per theme); most key presses to a primary action: {worst}")
    print(f"smallest gap between targets: {min(gaps):.2f} mm")
    print(f"smallest text contrast: {text_min:.2f}:1 ({text_at.theme}/{text_at.screen})")
    print(f"smallest focus-ring contrast: {ring_min:.2f}:1 ({ring_at.theme}/{ring_at.screen})")
    print(f"Tab stops that cannot be seen or used: {sum(len(s.invisible or []) for s in surveys)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--journey", action="store_true", help="measure the reference journey in both themes")
    args = parser.parse_args()
    if args.journey:
        journey()
        return
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
