"""SEC-09: the resident's kiosk reaches no administrator or clerk function: its window and every
screen it can show load none of their code; leaving it for maintenance takes the staff PIN, and
every try, refused or accepted, is an entry of the audit chain (never the PIN typed)."""

from __future__ import annotations

import json
import subprocess
import sys

from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.storage import audit
from kiosk.storage.database import Database
from kiosk.storage.models import AuditEntry
from kiosk.ui.operations import runner

STAFF_ONLY = ("kiosk.admin", "kiosk.ui.admin", "kiosk.clerk", "kiosk.ui.clerk", "kiosk.staff", "kiosk.commands.admin",
              "kiosk.commands.clerk", "kiosk.routing.export")

RESIDENT_WINDOW = """
import json, sys
from kiosk.config import Config
from kiosk.journey import Screen
from kiosk.ui.app import application, build
from kiosk.ui.window import _screen_class

application()
kiosk = build(Config(), catalogue=None, output=None, database=None, card=False)
classes = [_screen_class(key) for key in Screen]  # every screen the resident can be shown
print(json.dumps(sorted(sys.modules)))
kiosk.shutdown()
"""


def test_sec09_the_resident_window_and_its_screens_load_no_staff_function(tmp_path):
    env = {"QT_QPA_PLATFORM": "offscreen", "KIOSK_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", RESIDENT_WINDOW], capture_output=True, text=True, timeout=120,
                          env=env, check=False)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "kiosk.ui.review" in loaded and "kiosk.ui.card_screen" in loaded  # the screens were loaded
    assert [m for m in loaded if m.startswith(STAFF_ONLY)] == []


def test_sec09_leaving_the_kiosk_takes_the_staff_pin_and_each_try_is_audited(kiosk_window, qtbot, tmp_path):
    from kiosk.config import from_mapping

    database = Database(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}", key_dir=tmp_path / "keys")
    database.upgrade()
    try:
        window = kiosk_window(from_mapping({"kiosk": {"staff_pin": "246810"}}), database=database)
        window.journey.choose_language("en")
        qtbot.mouseClick(window.staff_button, Qt.MouseButton.LeftButton)
        panel = window.overlay
        qtbot.mouseClick(panel.staff, Qt.MouseButton.LeftButton)
        wrong = "000000"
        panel._check(wrong)  # noqa: SLF001 - the pad's OK with these digits
        assert window.isVisible() and not window.staff_exit_allowed
        panel._check("246810")  # noqa: SLF001
        assert window.staff_exit_allowed
        assert runner().wait_idle(10_000)
        with database.session() as s:
            entries = [(e.actor, e.action, e.subject, e.details) for e in s.scalars(select(AuditEntry))]
            assert audit.verify_chain(s).ok
        kiosk_id = window.config.kiosk.id
        refused = {"accepted": False, "method": "pin", "reason": "wrong_pin"}
        accepted = {"accepted": True, "method": "pin", "reason": "ok"}
        assert sorted(entries, key=lambda e: e[3]["accepted"]) == [(kiosk_id, "kiosk.staff_exit", kiosk_id, refused),
                                                                   (kiosk_id, "kiosk.staff_exit", kiosk_id, accepted)]
        assert wrong not in repr(entries) and "246810" not in repr(entries)
    finally:
        runner().wait_idle(10_000)
        database.dispose()
