"""The staff sign-in gate in front of a division's queue (``kiosk clerk --division``), shared with
the clerk station and the counter (SEC-10, SEC-14, REL-07, A11Y-10, A11Y-15, ML): the queue shows
only to a signed-in clerk, every call, start and finish is recorded under that clerk's id, and
the gate speaks every shipped language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget
from sqlalchemy import select

from kiosk import i18n, staff
from kiosk.config import SHIPPED_LANGUAGES, DatabaseSection
from kiosk.routing import queue
from kiosk.storage.database import Database
from kiosk.storage.models import AuditEntry, QueueTicket
from kiosk.ui.clerk.division import DivisionWindow
from kiosk.ui.clerk.gate import SIGN_OUT_KEYS, SignInGate
from kiosk.ui.operations import runner

pytestmark = pytest.mark.gui


def _station(qtbot, db, catalogue, **options) -> DivisionWindow:
    window = DivisionWindow(db, catalogue, "hoken_nenkin", station_id="hoken-01", poll_seconds=0.2, **options)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    assert window.listener.ready.wait(15)
    return window


def _fits(widget) -> bool:
    """Fits 1920×1080, 1366×768, 1280×800 and 1080×1920: at most 1080 wide and 768 high."""
    hint = widget.minimumSizeHint()
    return hint.width() <= 1080 and hint.height() <= 768


def _rows(window: DivisionWindow) -> list[str]:
    return [window.tree.topLevelItem(i).text(0) for i in range(window.tree.topLevelItemCount())]


def _sign_in_outcomes(db: Database) -> list[tuple[str, str, str]]:
    with db.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action.in_(("staff.sign_in", "staff.sign_out")))
                            .order_by(AuditEntry.id)).all()
        return [(e.action, e.actor, e.details.get("outcome") or e.details.get("reason")) for e in entries
                if e.details.get("station") == "hoken-01"]


def test_sec10_the_division_queue_shows_only_after_a_right_sign_in_and_acts_under_the_staff_id(
        qtbot, pg_database, catalogue, divisions, bundle, division_clerk):
    db, _url = pg_database
    account, password = division_clerk
    staff.create_account(db, account, "clerk", password)
    queue.receive_bundle(db, bundle("kokuho"), divisions, station_id="reception-01")
    window = _station(qtbot, db, catalogue)
    try:
        # Signed out: the gate, and nothing of the queue read or shown.
        assert window.stack.currentWidget() is window.sign_in_page and not window.queue_page.isVisible()
        assert window.account_field.hasFocus() and _rows(window) == []
        # Keys alone: the id, Enter, a wrong password, Enter: refused in words, the queue stays hidden.
        qtbot.keyClicks(window.account_field, account)
        qtbot.keyClick(window.account_field, Qt.Key.Key_Return)
        assert window.password_field.hasFocus()
        qtbot.keyClicks(window.password_field, "not the passphrase")
        qtbot.keyClick(window.password_field, Qt.Key.Key_Return)
        assert window.sign_in_message.text() == "確認中…"  # argon2 and the database are not on the GUI thread
        assert runner().wait_idle()
        assert window.sign_in_message.text() == "IDまたはパスワード（確認コード）が違います"
        assert window.stack.currentWidget() is window.sign_in_page and _rows(window) == []
        qtbot.keyClick(window, Qt.Key.Key_F6)  # no action behind the gate
        assert runner().wait_idle() and queue.division_queue(db, "hoken_nenkin")[0].state == queue.ARRIVED
        # The right one: the queue shows, with who is signed in.
        assert window.password_field.hasFocus() and window.password_field.text() == ""
        qtbot.keyClicks(window.password_field, password)
        qtbot.keyClick(window.password_field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: _rows(window) == ["1"], timeout=15_000)
        assert window.stack.currentWidget() is window.queue_page and window.tree.hasFocus()
        assert window.signed_in_as.text() == f"{account} でサインイン中"
        # F5, F6, F7: each recorded under the signed-in clerk, not the station.
        for key, state in ((Qt.Key.Key_F5, "待ち"), (Qt.Key.Key_F6, "対応中"), (Qt.Key.Key_F7, "完了")):
            qtbot.keyClick(window, key)
            qtbot.waitUntil(lambda s=state: window.tree.topLevelItem(0).text(1) == s and not window._busy,
                            timeout=15_000)
        with db.session() as s:
            row = s.scalars(select(QueueTicket).where(QueueTicket.division == "hoken_nenkin")).one()
            assert (row.called_by, row.taken_by, row.done_by) == (account, account, account)
        # Touch: signing out hides the queue; what arrives meanwhile is not shown.
        assert window.sign_out_button.minimumHeight() >= 44
        qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is window.sign_in_page and not window.queue_page.isVisible()
        assert _rows(window) == [] and window.account is None and window.account_field.hasFocus()
        queue.receive_bundle(db, bundle("kokuho"), divisions, station_id="reception-01")
        assert runner().wait_idle()
        assert _rows(window) == [] and window.stack.currentWidget() is window.sign_in_page
        assert _sign_in_outcomes(db) == [("staff.sign_in", account, "wrong_password"),
                                         ("staff.sign_in", account, "ok"), ("staff.sign_out", account, "sign_out")]
    finally:
        window.close()
        assert runner().wait_idle()


def test_the_gate_by_touch_alone_and_the_inactivity_sign_out(qtbot, db, catalogue, divisions, bundle, division_clerk):
    account, password = division_clerk
    staff.create_account(db, account, "clerk", password)
    queue.receive_bundle(db, bundle("kokuho"), divisions, station_id="reception-01")
    window = _station(qtbot, db, catalogue, lock_after_seconds=1)
    try:
        for field in (window.account_field, window.password_field, window.totp_field):
            assert field.accessibleName()  # named for assistive technology (A11Y-15)
        assert _fits(window)
        # Touch: tap a field, type on the screen's keyboard, tap the button (no Enter, no Tab).
        qtbot.mouseClick(window.account_field, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(window.account_field, account)
        qtbot.mouseClick(window.password_field, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(window.password_field, password)
        assert window.sign_in_button.minimumHeight() >= 44
        qtbot.mouseClick(window.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: _rows(window) == ["1"], timeout=15_000)
        assert _fits(window)
        # Left alone, the station signs out by itself and says why.
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sign_in_page, timeout=15_000)
        assert _rows(window) == [] and "ロック" in window.sign_in_message.text()
        assert runner().wait_idle()
        assert _sign_in_outcomes(db)[-1] == ("staff.sign_out", account, "inactivity")
    finally:
        window.close()
        assert runner().wait_idle()


def test_sec10_ctrl_shift_l_signs_out_of_the_queue_as_at_the_counter(qtbot, db, catalogue, divisions, bundle,
                                                                      division_sign_in, division_clerk):
    """The sign-out key of the counter (shown on the サインアウト button) signs the clerk out here too,
    from the queue, without Tab: the list is gone and the sign-out is audited."""
    account, _password = division_clerk
    queue.receive_bundle(db, bundle("kokuho"), divisions, station_id="reception-01")
    window = _station(qtbot, db, catalogue)
    try:
        division_sign_in(window)
        qtbot.waitUntil(lambda: _rows(window) == ["1"], timeout=15_000)
        assert window.sign_out_button.text() == "サインアウト (Ctrl+Shift+L)"
        # The key is listed with the page's other keys, not only on its button.
        assert window.keys_hint.isVisible()
        assert window.keys_hint.text() == "↑↓で選ぶ・F5 呼び出し・F6 対応開始・F7 完了・Ctrl+Shift+L サインアウト（ボタンも押せます）"
        assert window.tree.hasFocus()
        qtbot.keyClick(window.tree, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert window.stack.currentWidget() is window.sign_in_page and window.account is None
        assert _rows(window) == [] and window.account_field.hasFocus()
        assert runner().wait_idle()
        assert _sign_in_outcomes(db)[-1] == ("staff.sign_out", account, "sign_out")
    finally:
        window.close()
        assert runner().wait_idle()


@pytest.mark.parametrize("lang", [lang for lang in SHIPPED_LANGUAGES if lang != "ja"])
def test_ml_the_key_hint_lists_the_sign_out_key_in_every_shipped_language(qtbot, db, catalogue, lang):
    """The hint under the queue names Ctrl+Shift+L with the word on the サインアウト button, in
    Japanese and then in the station's language; the key is the one the window binds."""
    window = _station(qtbot, db, catalogue, lang=lang)
    try:
        japanese, _, local = window.keys_hint.text().partition(" / ")
        assert japanese == "↑↓で選ぶ・F5 呼び出し・F6 対応開始・F7 完了・Ctrl+Shift+L サインアウト（ボタンも押せます）"
        if lang == "ja-easy":  # the Japanese alone, as on every staff screen
            assert local == ""
        else:
            word = i18n.plain(i18n.text("clerk.sign_out", lang))
            assert f"{SIGN_OUT_KEYS} {word}".casefold() in local.casefold()
            assert all(key in local for key in ("F5", "F6", "F7")) and "{" not in local
    finally:
        window.close()
        assert runner().wait_idle()


FAST = DatabaseSection(connect_timeout_seconds=2, statement_timeout_seconds=1, lock_timeout_seconds=1,
                       keepalive_seconds=1, pool_timeout_seconds=2, health_probe_seconds=1)


@pytest.mark.parametrize("lang", SHIPPED_LANGUAGES)
def test_ml_the_gates_messages_in_every_shipped_language(qtbot, db, lang):
    """Wrong password, locked account, wrong role, database down: each in the page's language,
    never a key or a stack trace."""
    staff.create_account(db, "clerk-a", "clerk", "a clerk passphrase")
    staff.create_account(db, "clerk-b", "clerk", "a clerk passphrase")
    down = Database("postgresql+psycopg://kiosk@127.0.0.1:9/kiosk", settings=FAST)  # nothing listens there

    def t(key: str, **params: object) -> str:
        return i18n.plain(i18n.text(key, lang, **params))

    def shown(database: Database, account: str, password: str, **options: object) -> str:
        stack = QStackedWidget()
        qtbot.addWidget(stack)
        gate = SignInGate(database, station_id="hoken-01", stack=stack, work_page=QLabel("work"), title="", t=t,
                          on_signed_in=lambda _a: None, on_signed_out=lambda _r: None, parent=stack, **options)
        gate.page.account_field.setText(account)
        gate.page.password_field.setText(password)
        assert _fits(gate.page)
        gate.submit()
        assert runner().wait_idle()
        gate.stop()
        assert gate.account is None and stack.currentWidget() is gate.page
        return gate.page.message.text()

    try:
        expected = {
            shown(db, "clerk-a", "wrong passphrase"): "clerk.sign_in_failed",
            shown(db, "clerk-b", "wrong passphrase", max_failures=1): "clerk.account_locked",
            shown(db, "clerk-a", "a clerk passphrase", role="admin"): "clerk.sign_in_role",
            shown(down, "clerk-a", "a clerk passphrase"): "db.unreachable",
        }
    finally:
        down.dispose()
    assert list(expected.values()) == ["clerk.sign_in_failed", "clerk.account_locked", "clerk.sign_in_role",
                                       "db.unreachable"]  # four different messages
    for text, key in expected.items():
        assert text == t(key) and text != key and "Traceback" not in text
