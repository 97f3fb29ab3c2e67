"""The clerk station window (Qt offscreen) with sheets made by ``kiosk sheet``: typed by a
keyboard-wedge scanner (qtbot.keyClicks) and read from rendered images (SEC-10, SEC-14)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.clerk.station import AUTHENTIC
from kiosk.storage.models import AuditEntry
from kiosk.ui.clerk import camera
from kiosk.ui.clerk.station_window import StationWindow
from kiosk.ui.operations import runner

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, shipped_station, clerk_account, tmp_path):
    w = StationWindow(shipped_station, export_dir=tmp_path / "exports", municipality="みどり町")
    qtbot.addWidget(w)
    w.show()
    return w


def settle():
    """Database work and sign-in run on the operations runner: let their results reach the screen."""
    assert runner().wait_idle()


def sign_in(qtbot, w, password="correct horse battery"):
    w.account_field.clear()
    qtbot.keyClicks(w.account_field, "clerk01")
    qtbot.keyClicks(w.password_field, password)
    qtbot.keyClick(w.password_field, Qt.Key.Key_Return)
    settle()


def wedge(qtbot, w, text):
    """What a USB scanner does: type the code, then Enter."""
    qtbot.keyClicks(w.scan_field, text)
    qtbot.keyClick(w.scan_field, Qt.Key.Key_Return)
    settle()


def test_sec10_wrong_password_keeps_the_station_closed(qtbot, window):
    sign_in(qtbot, window, "wrong password!")
    assert window.stack.currentWidget() is window.sign_in_page
    assert "パスワード" in window.sign_in_message.text() and window.password_field.text() == ""
    sign_in(qtbot, window)
    assert window.stack.currentWidget() is window.scan_page and window.scan_field.hasFocus()


def test_typed_sheet_shows_authentic_then_the_form_then_receive_and_export(qtbot, window, printed_sheet):
    _pdf, _png, strings = printed_sheet()
    sign_in(qtbot, window)
    wedge(qtbot, window, strings[0])
    assert window.banner.text() == "真正" and window.banner.property("verdict") == AUTHENTIC
    assert "kiosk-01" in window.detail.text()
    rows = window.shown_rows()
    assert ("異動の種別", "転入") in rows and ("氏名", "緑川 花子") in rows
    assert window.scan_field.hasFocus() and window.scan_field.text() == ""
    assert not window.json_button.isEnabled()  # export only after 受付
    qtbot.mouseClick(window.receive_button, Qt.MouseButton.LeftButton)
    settle()
    assert "受付しました" in window.message.text()
    paths = []
    for fmt, encoding in (("json", "utf-8"), ("csv", "utf-8"), ("csv", "cp932")):
        window.export(fmt, encoding)
        settle()
        paths.append(window.last_export)
    data = json.loads(paths[0].read_text(encoding="utf-8"))
    assert data["household"]["move.kind"] == "move_in" and data["persons"][0]["person.name"] == "緑川 一郎"
    assert paths[1].read_bytes().startswith(b"\xef\xbb\xbf")
    assert "緑川 花子" in paths[2].read_bytes().decode("cp932")


def ime_commit(w, text):
    """What the Japanese IME does with digits typed while it is on: commits full-width text."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(w.scan_field, event)


def test_ime_full_width_digits_lower_case_prefix_and_a_stray_tab_still_verify(qtbot, window, printed_sheet):
    _pdf, _png, strings = printed_sheet()
    code = strings[0]
    sign_in(qtbot, window)
    qtbot.keyClicks(window.scan_field, code[:4].lower())
    ime_commit(window, code[4:40].translate(str.maketrans("0123456789", "０１２３４５６７８９")))
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Tab)
    assert window.scan_field.hasFocus()
    wedge(qtbot, window, code[40:])
    assert window.banner.text() == "真正"


def test_rendered_image_is_read_and_replay_says_already_used(qtbot, window, printed_sheet):
    _pdf, png, _strings = printed_sheet()
    sign_in(qtbot, window)
    window.scan_image_file(png)
    settle()
    assert window.banner.text() == "真正"
    qtbot.mouseClick(window.receive_button, Qt.MouseButton.LeftButton)
    settle()
    window.scan_image_file(png)
    settle()
    assert window.banner.text() == "使用済み" and "clerk-01" in window.detail.text()
    assert window.shown_rows() == [] and not window.receive_button.isEnabled()


def test_damaged_code_shows_no_data(qtbot, window, printed_sheet):
    _pdf, _png, strings = printed_sheet()
    code = strings[0]
    sign_in(qtbot, window)
    wedge(qtbot, window, code[:60] + str((int(code[60]) + 1) % 10) + code[61:])
    assert window.banner.text() == "改ざんまたは読取不良"
    assert window.shown_rows() == [] and not window.receive_button.isEnabled()
    qtbot.keyClicks(window.scan_field, "KS1-")
    ime_commit(window, "ふぃｓ")  # letters typed with the IME on turn into kana
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
    settle()
    assert window.banner.text() == "改ざんまたは読取不良" and "not_digits" in window.detail.text()


def test_unknown_key_and_expired_banners(qtbot, window, make_sheet, now, key_export, db):
    import datetime as dt

    from kiosk.clerk import trustlist

    sign_in(qtbot, window)
    window.scan_text(make_sheet().qr_strings[0])  # signed by a kiosk not on this trust list yet
    settle()
    assert window.banner.text() == "未登録の鍵" and window.shown_rows() == []
    trustlist.import_entries(db, key_export, actor="admin01")
    window.scan_text(make_sheet(issued=now - dt.timedelta(days=5), validity_days=1).qr_strings[0])
    settle()
    assert window.banner.text() == "期限切れ" and "有効期限" in window.detail.text() and window.shown_rows() == []


def test_multi_part_progress(qtbot, window, printed_sheet):
    from kiosk.ks1 import dec

    _pdf, _png, strings = printed_sheet()
    parts = dec.qr_strings(dec.parse_frame(strings[0]).data, 3)
    sign_in(qtbot, window)
    wedge(qtbot, window, parts[2])
    assert window.banner.text().startswith("3枚中1枚を読み取りました")
    wedge(qtbot, window, parts[0])
    assert window.banner.text().startswith("3枚中2枚")
    wedge(qtbot, window, parts[1])
    assert window.banner.text() == "真正"


def test_sec10_screen_locks_after_inactivity_and_hides_the_sheet(qtbot, shipped_station, clerk_account, printed_sheet,
                                                                  tmp_path, db):
    w = StationWindow(shipped_station, export_dir=tmp_path / "x", lock_after_seconds=1)
    qtbot.addWidget(w)
    w.show()
    _pdf, _png, strings = printed_sheet()
    sign_in(qtbot, w)
    w.scan_text(strings[0])
    settle()
    assert w.shown_rows()
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.sign_in_page, timeout=10000)
    settle()
    assert w.shown_rows() == [] and w.banner.text() == ""
    assert "ロック" in w.sign_in_message.text()
    w.scan_text(strings[0])  # nothing happens while locked
    settle()
    assert w.shown_rows() == []
    with db.session() as s:
        outs = [e.details for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "staff.sign_out"))]
    assert outs == [{"reason": "inactivity", "station": "clerk-01"}]


def test_reprint_writes_a_sheet_with_the_same_code(qtbot, window, printed_sheet):
    from clerk_sheets import pdf_to_png

    from kiosk.clerk.scan import decode_image

    _pdf, png, strings = printed_sheet()
    sign_in(qtbot, window)
    window.scan_image_file(png)
    settle()
    window.reprint()
    settle()
    path = window.last_reprint
    assert path is not None and decode_image(pdf_to_png(path, path.with_suffix(".png"), 200)) == strings


def test_camera_option_is_disabled_with_a_reason_when_there_is_no_camera(window):
    usable, reason = camera.availability()
    assert window.camera_button.isEnabled() == usable
    if not usable:
        assert reason in window.camera_button.toolTip()


def test_receive_loses_to_another_station_and_says_already_used(qtbot, window, printed_sheet, db,
                                                                 shipped_catalogue):
    from kiosk.clerk.station import Station

    _pdf, png, _strings = printed_sheet()
    sign_in(qtbot, window)
    window.scan_image_file(png)
    settle()
    assert window.banner.text() == "真正"
    other = Station(db, station_id="clerk-02", catalogue=shipped_catalogue, issuer=999991)
    assert other.receive(other.scan_image(png, staff_id="clerk02").record, staff_id="clerk02").first
    qtbot.mouseClick(window.receive_button, Qt.MouseButton.LeftButton)
    settle()
    assert window.banner.text() == "使用済み" and "clerk-02" in window.detail.text()
    window.export("json")
    settle()
    assert window.shown_rows() == [] and window.last_export is None


def test_sec10_absolute_session_limit_locks_even_while_busy(qtbot, shipped_station, clerk_account, tmp_path):
    w = StationWindow(shipped_station, export_dir=tmp_path / "x", lock_after_seconds=3600, max_session_seconds=1)
    qtbot.addWidget(w)
    w.show()
    sign_in(qtbot, w)

    def busy_until_locked():
        qtbot.keyClick(w.scan_field, Qt.Key.Key_1)  # activity keeps the inactivity timer from firing
        assert w.stack.currentWidget() is w.sign_in_page

    qtbot.waitUntil(busy_until_locked, timeout=10000)
    assert w.account is None


def test_trust_panel_is_for_administrators_and_its_changes_take_effect(qtbot, shipped_station, db, tmp_path,
                                                                       kiosk_keys, printed_sheet):
    """An administrator imports, retires and revokes keys at the station; a clerk never sees the panel."""
    from kiosk import staff
    from kiosk.clerk import trustlist

    staff.create_account(db, "clerk01", "clerk", "correct horse battery")
    staff.create_account(db, "admin01", "admin", "correct horse battery")
    w = StationWindow(shipped_station, export_dir=tmp_path / "x")
    qtbot.addWidget(w)
    w.show()
    sign_in(qtbot, w)
    assert w.trust_button.isHidden() and w.open_trust_panel() is None
    w.lock("sign_out")
    settle()
    w.account_field.clear()
    qtbot.keyClicks(w.account_field, "admin01")
    qtbot.keyClicks(w.password_field, "correct horse battery")
    qtbot.keyClick(w.password_field, Qt.Key.Key_Return)
    settle()
    assert not w.trust_button.isHidden()
    panel = w.open_trust_panel()
    settle()
    kid = trustlist.list_keys(db)[0].kid
    assert panel.table.rowCount() == 1 and panel.table.item(0, 0).text() == kid
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    panel.import_file(bad)
    settle()
    assert "正しくありません" in panel.message.text() and panel.table.rowCount() == 1
    panel.table.selectRow(0)
    panel.change("revoke")
    settle()
    assert panel.table.item(0, 3).text() == "revoked"
    _pdf, png, _strings = printed_sheet()
    w.scan_image_file(png)
    settle()
    assert w.banner.text() == "未登録の鍵" and w.shown_rows() == []
    with db.session() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.actor == "admin01"))]
    assert "trust.revoke" in actions


def test_a_scan_still_being_checked_when_the_screen_locks_shows_nothing_and_scanning_works_after(
        qtbot, window, printed_sheet):
    _pdf, _png, strings = printed_sheet()
    sign_in(qtbot, window)
    window.scan_text(strings[0])
    assert window.banner.text() == "確認中…" and window.shown_rows() == []
    window.lock("sign_out")  # before the check comes back
    settle()
    assert window.banner.text() == "" and window.shown_rows() == []
    sign_in(qtbot, window)
    wedge(qtbot, window, strings[0])
    assert window.banner.text() == "真正" and window.shown_rows()


def test_after_receiving_the_station_says_where_the_resident_goes_and_the_number(qtbot, window, printed_sheet):
    """The received sheet joined its division's queue (kiosk.routing): place, division and number."""
    _pdf, _png, strings = printed_sheet()
    sign_in(qtbot, window)
    wedge(qtbot, window, strings[0])
    assert window.banner.text() == "真正"
    qtbot.mouseClick(window.receive_button, Qt.MouseButton.LeftButton)
    settle()
    lines = window.message.text().splitlines()
    assert lines[0].startswith("受付しました") and lines[1] == "1番窓口 市民課　受付番号 1"
