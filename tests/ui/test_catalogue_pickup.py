"""A newly published catalogue reaches the kiosk at the next session start, never mid-session;
and the kiosk refuses to start on an invalid catalogue, saying why."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from kiosk import paths
from kiosk.config import Config
from kiosk.journey import CataloguePort, Ending
from kiosk.ui.window import KioskWindow


def test_new_catalogue_is_used_from_the_next_session(qtbot, tmp_path, clock):
    first = CataloguePort.load(None)
    edited_dir = tmp_path / "forms"
    shutil.copytree(paths.FORMS_DIR, edited_dir)
    published = {"port": first}
    window = KioskWindow(Config(), catalogue=first, card_worker=None, output=None, database=None,
                         clock=clock, dpi=96.0, catalogue_source=lambda: published["port"])
    qtbot.addWidget(window)
    window.journey.choose_language("en")
    # An administrator publishes while a resident is mid-session.
    published["port"] = CataloguePort.load(edited_dir)
    assert window.journey.catalogue is first  # never mid-session
    window.end_session(Ending.CANCELLED)
    qtbot.waitUntil(lambda: window.journey.catalogue is published["port"], timeout=5000)
    assert window.journey.catalogue is not first


def test_kiosk_refuses_to_start_with_an_invalid_catalogue(tmp_path):
    broken = tmp_path / "forms"
    shutil.copytree(paths.FORMS_DIR, broken)
    form = broken / "forms" / "kokuho.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("field: ", "field: no_such_field_", 1), encoding="utf-8")
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\nforms_dir = "{broken}"\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "run", "--windowed"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "catalogue" in result.stderr and "kokuho.yaml:" in result.stderr
    assert "Traceback" not in result.stderr
    assert Path(broken).exists()
