"""The division station (``kiosk clerk --division``) by keys and by touch, the public display
(``kiosk display``) showing a called number live in large type with every shipped language's
counter names, and ``kiosk clerk export`` from a shell (a clerk signs in; audited)."""

from __future__ import annotations

import csv
import io
import json

from PySide6.QtCore import Qt

from kiosk import cli
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.routing import queue
from kiosk.ui.clerk.division import DivisionWindow
from kiosk.ui.display import OTHER_LANGUAGES, DisplayWindow
from kiosk.ui.operations import runner


def _window(qtbot, db, catalogue, division: str, sign_in) -> DivisionWindow:
    window = DivisionWindow(db, catalogue, division, station_id="hoken-01", poll_seconds=0.2)
    qtbot.addWidget(window)
    window.show()
    assert window.listener.ready.wait(15)
    sign_in(window)
    return window


def _rows(window: DivisionWindow) -> list[list[str]]:
    tree = window.tree
    return [[tree.topLevelItem(i).text(c) for c in range(4)] for i in range(tree.topLevelItemCount())]


def test_the_division_queue_by_keys_call_take_done_and_the_next_place(qtbot, db, catalogue, divisions, bundle,
                                                                      division_sign_in):
    window = _window(qtbot, db, catalogue, "shimin", division_sign_in)
    try:
        assert window.empty.isVisible()
        queue.receive_bundle(db, bundle("juminido", "kokuho"), divisions, station_id="reception-01")
        queue.receive_bundle(db, bundle("juminido", "mynumber_card"), divisions, station_id="reception-01")
        qtbot.waitUntil(lambda: len(_rows(window)) == 2, timeout=10_000)  # another process's change, by polling
        first, second = _rows(window)
        assert first[:2] == ["1", "待ち"] and "住民異動届" in first[2] and first[3] == "次は 2番窓口 保険年金課"
        assert second[0] == "2" and second[3] == "ここで終わりです"
        assert window.tree.currentItem().text(0) == "1"
        # Keys only: F5 calls the chosen number, F6 starts, ↓ chooses the next, F7 finishes it.
        qtbot.keyClick(window, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: (queue.called_numbers(db).get("shimin") or [None])[0] is not None, timeout=10_000)
        assert runner().wait_idle()
        qtbot.waitUntil(lambda: not window._busy, timeout=10_000)
        qtbot.keyClick(window, Qt.Key.Key_F6)
        qtbot.waitUntil(lambda: _rows(window)[0][1] == "対応中", timeout=10_000)
        window.tree.setFocus()
        qtbot.keyClick(window.tree, Qt.Key.Key_Down)
        assert window.tree.currentItem().text(0) == "2"
        assert window.buttons["take"].isEnabled() and window.buttons["done"].isEnabled()  # 2 is waiting
        qtbot.keyClick(window, Qt.Key.Key_F7)
        qtbot.waitUntil(lambda: _rows(window)[1][1] == "完了", timeout=10_000)
        [one, two] = queue.division_queue(db, "shimin")
        assert (one.state, one.taken_by, one.call_count) == ("in_progress", "hoken-clerk", 1)  # the signed-in clerk
        assert (two.state, two.done_by) == ("done", "hoken-clerk")
        # Touch: the first one is finished with the button.
        window.tree.setCurrentItem(window.tree.topLevelItem(0))
        assert window.buttons["done"].isEnabled() and window.buttons["done"].minimumHeight() >= 44
        qtbot.mouseClick(window.buttons["done"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: _rows(window)[0][1] == "完了", timeout=10_000)
        assert window.empty.isVisible()
        # A wrong move says why in words, never a stack trace.
        window.tree.setCurrentItem(window.tree.topLevelItem(0))
        window._busy = False
        window.buttons["take"].setEnabled(True)
        window.act("take")
        qtbot.waitUntil(lambda: window.message.text() != "", timeout=10_000)
        assert "1番は今この操作ができません" in window.message.text() and "Traceback" not in window.message.text()
    finally:
        window.close()
        assert runner().wait_idle()


def test_keys_pressed_at_once_each_act_in_turn_on_the_number_as_the_last_left_it(qtbot, db, catalogue, divisions,
                                                                               bundle, division_sign_in):
    """Keyboard-first: F5, F6, F7 pressed one after another, before the call is even stored, call,
    start and finish the number in that order; none is lost while the queue is read again, and a
    key the number's new state does not allow (F6 on a finished one) is dropped, not misapplied."""
    window = _window(qtbot, db, catalogue, "shimin", division_sign_in)
    try:
        queue.receive_bundle(db, bundle("juminido"), divisions, station_id="reception-01")
        qtbot.waitUntil(lambda: len(_rows(window)) == 1, timeout=10_000)
        for key in (Qt.Key.Key_F5, Qt.Key.Key_F6, Qt.Key.Key_F7, Qt.Key.Key_F6):
            qtbot.keyClick(window, key)
        qtbot.waitUntil(lambda: _rows(window)[0][1] == "完了" and not window._busy, timeout=10_000)
        assert runner().wait_idle()
        [ticket] = queue.division_queue(db, "shimin")
        assert (ticket.state, ticket.call_count, ticket.taken_by, ticket.done_by) == (
            "done", 1, "hoken-clerk", "hoken-clerk")
        assert window.message.text() == ""  # the last F6, not allowed on a finished number: no error shown
    finally:
        window.close()
        assert runner().wait_idle()


def test_the_display_shows_a_called_number_live_with_every_languages_counter_names(
        qtbot, pg_database, divisions, bundle):
    db, _url = pg_database
    display = DisplayWindow(db, divisions, fullscreen=False, unit=30)
    qtbot.addWidget(display)
    display.resize(1920, 1080)  # a full HD screen's (the type follows the window's size)
    display.show()
    try:
        assert display.listener.ready.wait(15) and display.listener.uses_notify
        panel = display.panels["hoken_nenkin"]
        assert panel.place.text() == "2番窓口" and panel.number.text() == "—"
        assert panel.number.font().pixelSize() >= 100  # large type
        routed = queue.receive_bundle(db, bundle("kokuho"), divisions, station_id="reception-01")
        queue.receive_bundle(db, bundle("kokuho"), divisions, station_id="reception-01")
        second = queue.division_queue(db, "hoken_nenkin")[1]
        queue.call(db, routed.stops[0].ticket_id, by="hoken-01")
        qtbot.waitUntil(lambda: panel.number.text() == "1", timeout=5000)
        queue.call(db, second.id, by="hoken-02")
        qtbot.waitUntil(lambda: panel.number.text() == "2" and panel.before.text() == "1", timeout=5000)
        assert display.panels["shimin"].number.text() == "—"
        seen = {}
        for _ in OTHER_LANGUAGES:
            display.rotate()
            seen[panel.other.property("lang")] = panel.other.text()
        assert set(seen) | {"ja"} == set(SHIPPED_LANGUAGES)
        assert seen["en"] == "Counter 2　Health Insurance and Pension Section"
        assert seen["ko"].startswith("2번 창구")
    finally:
        display.close()
        assert runner().wait_idle()


def test_export_from_a_shell_needs_a_clerk_and_writes_json_and_csv(capsys, monkeypatch, tmp_path, divisions, bundle):
    from kiosk import staff
    from kiosk.storage.database import open_database

    assert cli.main(["db", "upgrade"]) == 0
    db = open_database(cli.load_config(cli.build_parser().parse_args(["clerk"])))
    staff.create_account(db, "clerk07", "clerk", "a clerk passphrase")
    routed = queue.receive_bundle(db, bundle("jidoteate", "juminido"), divisions, station_id="reception-01")
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong\n\n"))
    assert cli.main(["clerk", "export", "--division", "kosodate", "--format", "json", "--account", "clerk07"]) == 1
    assert capsys.readouterr().out == ""
    out = tmp_path / "kosodate.json"
    monkeypatch.setattr("sys.stdin", io.StringIO("a clerk passphrase\n\n"))
    assert cli.main(["clerk", "export", "--division", "kosodate", "--format", "json", "--account", "clerk07",
                     "--out", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600  # personal data: the owner only
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["schema"] == "kiosk-division-export/1"
    [entry] = document["sheets"]
    assert (entry["number"], entry["form_id"]) == (routed.number_for("kosodate"), "jidoteate")
    assert entry["persons"][0]["person.name"] == "緑川 一郎"
    monkeypatch.setattr("sys.stdin", io.StringIO("a clerk passphrase\n\n"))
    assert cli.main(["clerk", "export", "--division", "kosodate", "--format", "csv", "--account", "clerk07"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert {r["form_id"] for r in rows} == {"jidoteate"} and any(r["value"] == "緑川 さくら" for r in rows)
    from sqlalchemy import select

    from kiosk.storage.models import AuditEntry

    with db.session() as s:
        audited = s.scalars(select(AuditEntry).where(AuditEntry.action == "routing.export")).all()
        assert [(e.actor, e.subject, e.details["format"]) for e in audited] == [
            ("clerk07", "kosodate", "json"), ("clerk07", "kosodate", "csv")]


def test_priv06_purge_from_a_shell_drops_data_past_retention_and_writes_its_deletion_record(capsys, divisions, bundle):
    """PRIV-06: ``kiosk clerk purge`` (run from cron where no division station runs) drops the data
    whose retention has ended and records the deletion: count, time, and the job with its station."""
    import datetime as dt

    from sqlalchemy import select

    from kiosk.storage.database import open_database
    from kiosk.storage.models import AuditEntry

    assert cli.main(["db", "upgrade"]) == 0
    config = cli.load_config(cli.build_parser().parse_args(["clerk"]))
    db = open_database(config)
    long_ago = queue.now_utc() - dt.timedelta(days=400)
    queue.receive_bundle(db, bundle("jidoteate", "juminido"), divisions, station_id="reception-01", now=long_ago)
    queue.receive_bundle(db, bundle("kokuho"), divisions, station_id="reception-01")  # within its retention
    capsys.readouterr()
    assert cli.main(["clerk", "purge"]) == 0
    assert capsys.readouterr().out.strip() == "purged 2"
    with db.session() as s:
        records = [(e.actor, e.subject, e.details["count"]) for e in s.scalars(select(AuditEntry))
                   if e.action == "routing.purge"]
    assert records == [(f"purge:{config.clerk.station_id}", "queue_items", 2)]
    assert [sheet.data is not None for sheet in queue.queued_sheets(db, "hoken_nenkin")] == [True]
    db.dispose()


def test_the_division_stations_call_reaches_the_display_on_postgresql(qtbot, pg_database, catalogue, divisions, bundle,
                                                                      division_sign_in):
    db, _url = pg_database
    queue.receive_bundle(db, bundle("jidoteate"), divisions, station_id="reception-01")
    display = DisplayWindow(db, divisions, only=("kosodate", "shimin"), fullscreen=False, unit=30)
    qtbot.addWidget(display)
    display.show()
    station = _window(qtbot, db, catalogue, "kosodate", division_sign_in)  # another screen; the clerk's keys go to the station
    station.activateWindow()
    qtbot.waitUntil(station.isActiveWindow, timeout=5000)
    try:
        assert display.listener.ready.wait(15) and set(display.panels) == {"kosodate", "shimin"}
        qtbot.waitUntil(lambda: station.tree.topLevelItemCount() == 1, timeout=10_000)
        assert display.panels["kosodate"].number.text() == "—"
        qtbot.keyClick(station, Qt.Key.Key_F5)  # 呼び出し
        qtbot.waitUntil(lambda: display.panels["kosodate"].number.text() == "1", timeout=5000)
        assert display.panels["kosodate"].place.text() == "3番窓口"
    finally:
        station.close()
        display.close()
        assert runner().wait_idle()
