"""Focus that never gets lost, focus rings and text that can be seen, on every screen of the
reference journey in both themes (A11Y-02, A11Y-10; WCAG 1.4.3, 1.4.11, 2.4.11)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.config import Config
from kiosk.ui import audit, reference


@pytest.fixture
def kiosk_setup(qapp, tmp_path, pcsc, printer_queue, pdf_dir):
    config = reference.demo_config(Config(), tmp_path / "data", printer_queue=printer_queue)
    setup = reference.start(config, printer=True)
    yield setup
    reference.stop(setup)


def _walk(setup, theme_name: str, lang: str = "ja") -> list[audit.Survey]:
    window = setup.kiosk.window
    found: list[audit.Survey] = []

    def on_screen(screen: str) -> None:
        found.append(audit.survey(window, screen))

    if theme_name == "high_contrast":
        window.contrast_button.setChecked(True)
        QApplication.processEvents()
    played = reference.play(setup, lang, None, on_screen=on_screen)
    assert played.record is not None and played.record.ending == "completed"
    return found


def test_probe(kiosk_setup):
    for theme_name in ("normal", "high_contrast"):
        for s in _walk(kiosk_setup, theme_name):
            low = sorted(s.texts or [], key=lambda m: m.ratio)[:2]
            rings = sorted(s.rings or [], key=lambda p: min(p[0].ratio, p[1].ratio))[:2]
            print(f"{theme_name} {s.screen}: focus={s.focus} steps={s.steps} invisible={s.invisible} "
                  f"text={s.min_text():.2f} {low} ring={s.min_ring():.2f} {rings} gap={s.gap_mm}")
