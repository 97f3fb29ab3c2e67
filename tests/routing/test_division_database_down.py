"""REL-07 for the division station: when its PostgreSQL server stops, an action returns at once,
a banner says the database cannot be reached (never a stack trace), the list keeps its last
state; when the server is back the station recovers by itself. A private cluster is used."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.config import DatabaseSection
from kiosk.routing import queue
from kiosk.storage.database import Database
from kiosk.ui.clerk.division import DivisionWindow
from kiosk.ui.operations import runner

pytestmark = [pytest.mark.gui, pytest.mark.postgres]

FAST = DatabaseSection(connect_timeout_seconds=2, statement_timeout_seconds=1, lock_timeout_seconds=1,
                       keepalive_seconds=1, pool_timeout_seconds=2, health_probe_seconds=1)


def test_a_stopped_server_shows_the_banner_and_the_station_comes_back(qtbot, private_cluster, catalogue, divisions,
                                                                       bundle, division_sign_in):
    db = Database(private_cluster.url, settings=FAST)
    db.upgrade()
    queue.receive_bundle(db, bundle("kokuho"), divisions, station_id="reception-01")
    window = DivisionWindow(db, catalogue, "hoken_nenkin", station_id="hoken-01", health_probe_seconds=1)
    qtbot.addWidget(window)
    window.show()
    try:
        division_sign_in(window)
        qtbot.waitUntil(lambda: window.tree.topLevelItemCount() == 1, timeout=15_000)
        private_cluster.stop()
        qtbot.keyClick(window, Qt.Key.Key_F6)  # returns at once; the work waits on the runner
        qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=30_000)
        assert window.banner.text() == "データベースに接続できません。自動で再接続します。表示は最後に読めた状態です。"
        assert window.tree.topLevelItem(0).text(0) == "1" and window.tree.topLevelItem(0).text(1) == "待ち"
        assert window.health.down
        private_cluster.start()
        qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=30_000)
        qtbot.keyClick(window, Qt.Key.Key_F6)
        qtbot.waitUntil(lambda: window.tree.topLevelItem(0).text(1) == "対応中", timeout=15_000)
    finally:
        window.close()
        assert runner().wait_idle()
        db.dispose()
