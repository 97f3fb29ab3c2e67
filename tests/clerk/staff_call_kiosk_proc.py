"""A resident kiosk in its own process (Qt offscreen): waits for a go-file, taps 係員を呼ぶ, prints
``called <id>`` once the call is recorded, then ``coming <title>`` when a clerk station has
acknowledged it (the staff panel's title in the resident's language)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main() -> int:
    url, kiosk_id, lang, go = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.config import from_mapping
    from kiosk.storage.database import Database
    from kiosk.ui.staff_call import CallState
    from kiosk.ui.window import KioskWindow

    app = QApplication.instance() or QApplication(sys.argv)
    config = from_mapping({"kiosk": {"id": kiosk_id, "fullscreen": False}, "staff_call": {"poll_seconds": 1}})
    window = KioskWindow(config, database=Database(url), dpi=96.0)
    window.resize(1280, 800)
    window.show()
    window.journey.choose_language(lang)
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    QTest.mouseClick(window.staff_button, Qt.MouseButton.LeftButton)
    said_called = False
    while time.monotonic() < deadline:
        app.processEvents()
        state = window.staff_caller.state
        if state is CallState.CALLED and not said_called:
            print(f"called {window.staff_caller.call_id}", flush=True)
            said_called = True
        elif state is CallState.FAILED:
            print("failed", flush=True)
            return 1
        elif state is CallState.COMING:
            overlay = window.overlay
            title = overlay.title.text() if overlay is not None else ""
            print(f"coming {title} | {window.staff_button.text()}", flush=True)
            return 0
        time.sleep(0.005)
    print("timeout", flush=True)
    return 1


if __name__ == "__main__":
    sys.exit(main())
