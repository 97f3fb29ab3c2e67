"""REL-07 ("it must stay up"): the clerk station when its PostgreSQL server freezes (SIGSTOP) or
stops. The GUI thread never waits on the database: a scan returns at once and shows 確認中; within
the configured timeouts the station says the database cannot be reached — a banner that is no
verdict — with the previous sheet gone from the screen and the scanned code kept; it recovers by
itself when the server is back. A private cluster is used, never the shared test server."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from staff_keys import sign_in_by_keys

from kiosk.clerk.station import AUTHENTIC, Station
from kiosk.config import DatabaseSection
from kiosk.storage.database import Database
from kiosk.ui.clerk.common import CHECKING, DB_UNREACHABLE
from kiosk.ui.clerk.station_window import StationWindow
from kiosk.ui.operations import runner

pytestmark = [pytest.mark.gui, pytest.mark.postgres]

FAST = DatabaseSection(connect_timeout_seconds=2, statement_timeout_seconds=1, lock_timeout_seconds=1,
                       keepalive_seconds=1, pool_timeout_seconds=2, health_probe_seconds=1)
VERDICTS = ("真正", "期限切れ", "使用済み", "未登録の鍵", "改ざんまたは読取不良")


@pytest.fixture
def pg_station(private_cluster, key_export, catalogue):
    from kiosk import staff
    from kiosk.clerk import trustlist

    db = Database(private_cluster.url, settings=FAST)
    db.upgrade()
    trustlist.import_entries(db, key_export, actor="admin01")
    staff.create_account(db, "clerk01", "clerk", "correct horse battery")
    yield Station(db, station_id="clerk-01", catalogue=catalogue, issuer=999991)
    assert runner().wait_idle()  # no work left that could open a connection after this
    db.dispose()


@pytest.fixture
def window(qtbot, pg_station, tmp_path):
    w = StationWindow(pg_station, export_dir=tmp_path / "exports", health_probe_seconds=FAST.health_probe_seconds)
    qtbot.addWidget(w)
    w.show()
    sign_in_by_keys(w, "clerk01")
    assert w.stack.currentWidget() is w.scan_page
    yield w
    w.close()  # signs out (audited) while the database is still there
    assert runner().wait_idle()


def limit_ms(db: Database) -> int:
    """The configured promise for one failed check (a reply, then a reconnection) plus room for a
    loaded machine; the health probe adds one interval on recovery."""
    return int((db.reply_timeout + db.settings.connect_timeout_seconds + db.settings.health_probe_seconds + 10) * 1000)


def scan(qtbot, w, text):
    qtbot.keyClicks(w.scan_field, text)
    qtbot.keyClick(w.scan_field, Qt.Key.Key_Return)


def authentic_on_screen(qtbot, w, text):
    scan(qtbot, w, text)
    assert runner().wait_idle()
    assert w.banner.text() == "真正" and w.banner.property("verdict") == AUTHENTIC and w.shown_rows()


def assert_unreachable_banner(w, kept):
    assert w.banner.property("verdict") == DB_UNREACHABLE
    assert w.banner.text() == "データベースに接続できません" and w.banner.text() not in VERDICTS
    assert "コードは入力欄に残しています" in w.detail.text()
    assert w.shown_rows() == [] and w.result is None  # the previous sheet left the screen
    assert not any(b.isEnabled() for b in (w.receive_button, w.json_button, w.csv_button, w.reprint_button))
    assert w.scan_field.text() == kept  # nothing typed is lost


def test_rel07_frozen_server_never_blocks_the_station_and_it_recovers_by_itself(qtbot, window, private_cluster,
                                                                            make_sheet):
    db = window.station.db
    first, second = make_sheet(1).qr_strings[0], make_sheet(2).qr_strings[0]
    authentic_on_screen(qtbot, window, first)
    ticks = []
    heartbeat = QTimer(window)
    heartbeat.setInterval(50)
    heartbeat.timeout.connect(lambda: ticks.append(1))
    private_cluster.freeze()
    try:
        scan(qtbot, window, second)
        # The scan returned while the server is frozen: the screen says it is checking, and the
        # previous sheet is already gone.
        assert window.banner.property("verdict") == CHECKING and window.banner.text() == "確認中…"
        assert window.shown_rows() == [] and not window.receive_button.isEnabled()
        heartbeat.start()
        qtbot.waitUntil(lambda: window.database_unreachable, timeout=limit_ms(db))
        assert len(ticks) >= 3  # the GUI thread kept running its timers while the check waited
        assert_unreachable_banner(window, second)
        assert window.health.down
    finally:
        heartbeat.stop()
        private_cluster.thaw()
    qtbot.waitUntil(lambda: not window.database_unreachable, timeout=limit_ms(db))
    assert "再接続しました" in window.message.text() and window.banner.text() == ""
    assert window.scan_field.text() == second and window.scan_field.hasFocus()
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)  # the kept code, checked again
    assert runner().wait_idle()
    assert window.banner.text() == "真正" and ("氏名", "緑川 花子") in window.shown_rows()


def test_rel07_stopped_server_says_so_and_the_next_scan_verifies_after_a_restart(qtbot, window, private_cluster,
                                                                              make_sheet):
    db = window.station.db
    first, second = make_sheet(1).qr_strings[0], make_sheet(2).qr_strings[0]
    authentic_on_screen(qtbot, window, first)
    private_cluster.stop()
    try:
        scan(qtbot, window, second)
        assert window.banner.property("verdict") == CHECKING
        qtbot.waitUntil(lambda: window.database_unreachable, timeout=limit_ms(db))
        assert_unreachable_banner(window, second)
        # Receiving is impossible too: the action and the data are gone, not merely refused.
        window.receive()
        assert runner().wait_idle(limit_ms(db)) and window.database_unreachable
    finally:
        private_cluster.start()
    qtbot.waitUntil(lambda: not window.database_unreachable, timeout=limit_ms(db))
    window.scan_field.clear()
    authentic_on_screen(qtbot, window, second)
    qtbot.mouseClick(window.receive_button, Qt.MouseButton.LeftButton)
    assert runner().wait_idle() and "受付しました" in window.message.text()


def test_rel07_sign_in_while_the_server_is_stopped_says_so_and_works_once_it_is_back(qtbot, pg_station, tmp_path,
                                                                                   private_cluster):
    w = StationWindow(pg_station, export_dir=tmp_path / "x", health_probe_seconds=FAST.health_probe_seconds)
    qtbot.addWidget(w)
    w.show()
    db = pg_station.db
    private_cluster.stop()
    try:
        qtbot.keyClicks(w.account_field, "clerk01")
        qtbot.keyClicks(w.password_field, "correct horse battery")
        qtbot.keyClick(w.password_field, Qt.Key.Key_Return)
        assert w.sign_in_message.text() == "確認中…" and w.password_field.text() == ""  # argon2 is not on the GUI thread
        assert runner().wait_idle(limit_ms(db))
        assert w.stack.currentWidget() is w.sign_in_page
        assert w.sign_in_message.text().startswith("データベースに接続できません")
    finally:
        private_cluster.start()
    qtbot.waitUntil(lambda: "再接続しました" in w.sign_in_message.text(), timeout=limit_ms(db))
    qtbot.keyClicks(w.password_field, "correct horse battery")
    qtbot.keyClick(w.password_field, Qt.Key.Key_Return)
    assert runner().wait_idle() and w.stack.currentWidget() is w.scan_page
    w.close()
    assert runner().wait_idle()


def test_rel07_admin_sign_in_checks_off_the_gui_thread_and_says_when_the_database_is_down(qtbot, pg_station,
                                                                                       private_cluster, tmp_path):
    import pyotp

    from kiosk import staff
    from kiosk.ui.admin.common import AdminContext
    from kiosk.ui.admin.signin import SignInDialog

    db = pg_station.db
    secret = pyotp.random_base32()
    staff.create_account(db, "admin01", "admin", "correct horse battery", totp_secret=secret)
    dialog = SignInDialog(AdminContext(db, lang="ja", cache_dir=tmp_path / "cache", station="workbench"))
    qtbot.addWidget(dialog)
    private_cluster.stop()
    try:
        qtbot.keyClicks(dialog.account_edit, "admin01")
        qtbot.keyClicks(dialog.password, "correct horse battery")
        qtbot.keyClicks(dialog.code, pyotp.TOTP(secret).now())
        assert dialog.submit() and not dialog.submit()  # one check at a time
        assert dialog.message.text() == "確認中…" and dialog.password.text() == ""
        assert runner().wait_idle(limit_ms(db))
        assert dialog.session is None and dialog.message.kind == "error"
        assert dialog.message.text().startswith("データベースに接続できません")
    finally:
        private_cluster.start()
    qtbot.keyClicks(dialog.password, "correct horse battery")
    qtbot.keyClicks(dialog.code, pyotp.TOTP(secret).now())
    dialog.submit()
    assert runner().wait_idle() and dialog.session is not None and dialog.session.actor == "admin01"
    dialog.session.sign_out()
