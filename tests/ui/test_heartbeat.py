"""REL-10: the kiosk's heartbeat (printer, reader, database, disk, clock as codes) is written to
the shared database at every health check; a real clerk station shows a running kiosk whose
heartbeats stopped as silent within its threshold, clears it when the kiosk is heard again, and
does not show a kiosk stopped on purpose. On SQLite and on the real PostgreSQL server, with the
real pcscd and vpcd for the card reader's state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kiosk import heartbeat, i18n, staffcalls
from kiosk.card.transport import Terminal
from kiosk.clerk.station import Station
from kiosk.config import SHIPPED_LANGUAGES, StaffCallSection, from_mapping
from kiosk.health import check_health
from kiosk.heartbeat import KioskState, Parts
from kiosk.ui.clerk.station_window import StationWindow
from kiosk.ui.operations import runner

pytestmark = pytest.mark.gui


def _beat(database: Any, kiosk_id: str) -> heartbeat.Beat | None:
    return next((b for b in heartbeat.last_beats(database) if b.kiosk_id == kiosk_id), None)


def _station(qtbot: Any, database: Any, tmp_path: Path, *, lang: str = "ja") -> StationWindow:
    """A clerk station that takes a kiosk as silent after 2 s without a beat (health_seconds 1)."""
    station = StationWindow(Station(database, station_id="clerk-01"), lang=lang, export_dir=tmp_path / "exports",
                            staff_call=StaffCallSection(raise_again_seconds=600, health_seconds=1))
    station.calls.sound = lambda: None
    qtbot.addWidget(station)
    station.show()
    return station


def test_rel10_silent_after_is_twice_the_health_interval_unless_set() -> None:
    """REL-10: by default a kiosk is silent after missing two health checks."""
    assert StaffCallSection().silent_after == 120
    assert StaffCallSection(health_seconds=25).silent_after == 50
    assert StaffCallSection(silent_after_seconds=45).silent_after == 45


def test_rel10_the_silent_kiosk_text_is_in_every_shipped_language() -> None:
    """REL-10: the station says which kiosk is silent and since when, in the clerk's language."""
    for lang in SHIPPED_LANGUAGES:
        text = i18n.catalog(lang).get("clerk.kiosk_silent", "")
        assert "{kiosk}" in text and "{time}" in text, lang


def test_rel10_a_beat_is_written_over_and_a_stopped_kiosk_is_never_silent(sqlite_db: Any) -> None:
    """REL-10: one row per kiosk; a clean stop says so; silence is measured from the last beat."""
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    heartbeat.record_beat(sqlite_db, "kiosk-01", KioskState.RUNNING, Parts(printer="ok"), now=long_ago)
    heartbeat.record_beat(sqlite_db, "kiosk-02", KioskState.STOPPED, Parts(), now=long_ago)
    heartbeat.record_beat(sqlite_db, "kiosk-03", KioskState.RUNNING, Parts())
    silent = heartbeat.silent_kiosks(sqlite_db, dt.timedelta(minutes=2))
    assert [(b.kiosk_id, b.beat_at, b.codes["printer"]) for b in silent] == [("kiosk-01", long_ago, "ok")]
    heartbeat.record_beat(sqlite_db, "kiosk-01", KioskState.RUNNING, Parts(printer="unavailable"))
    assert heartbeat.silent_kiosks(sqlite_db, dt.timedelta(minutes=2)) == []
    assert [b.kiosk_id for b in heartbeat.last_beats(sqlite_db)] == ["kiosk-01", "kiosk-02", "kiosk-03"]
    assert _beat(sqlite_db, "kiosk-01").parts.printer == "unavailable"  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        heartbeat.record_beat(sqlite_db, "kiosk 01; 山田", KioskState.RUNNING, Parts())  # ids only, never free text


def test_rel10_a_beat_after_the_clean_stop_is_not_written(sqlite_db: Any) -> None:
    """REL-10: a check still under way when the kiosk stops does not make it look alive again."""
    heart = heartbeat.Heart("kiosk-01")
    assert heart.beat(sqlite_db, Parts(disk="low")) is not None
    stopped = heart.stop(sqlite_db)
    assert stopped is not None and stopped.parts.disk == "low"  # the parts as last found
    assert heart.beat(sqlite_db, Parts()) is None
    assert _beat(sqlite_db, "kiosk-01").state is KioskState.STOPPED  # type: ignore[union-attr]


def test_rel10_a_kiosk_window_beats_falls_silent_is_heard_again_and_stops_cleanly(
        qtbot: Any, database: Any, kiosk_window: Any, tmp_path: Path) -> None:
    """REL-10: heartbeats every health_seconds (1 s here); a kiosk that stops beating without the
    clean stop is on a real clerk station within the threshold (2 s) and leaves it when heard
    again; a kiosk closed on purpose is not shown as silent."""
    config = from_mapping({"kiosk": {"id": "kiosk-01"}, "staff_call": {"health_seconds": 1},
                           "paths": {"data_dir": str(tmp_path)}})
    window = kiosk_window(config, database=database, staff_exit=True)
    station = _station(qtbot, database, tmp_path)
    try:
        qtbot.waitUntil(lambda: _beat(database, "kiosk-01") is not None, timeout=15_000)
        first = _beat(database, "kiosk-01")
        assert first is not None and first.state is KioskState.RUNNING
        clock = "ok" if database.dialect == "postgresql" else "unchecked"  # SQLite: no server clock
        assert first.codes == {"printer": "none", "reader": "none", "database": "ok", "disk": "ok", "clock": clock}
        qtbot.waitUntil(lambda: _beat(database, "kiosk-01").beat_at > first.beat_at,  # type: ignore[union-attr]
                        timeout=15_000)
        assert staffcalls.open_calls(database) == []  # all well: no alert

        window.health.timer.stop()  # hung, switched off or cut from the network: no more beats, no clean stop
        assert runner().wait_idle(30_000)
        last = _beat(database, "kiosk-01")
        assert last is not None
        qtbot.waitUntil(lambda: "kiosk-01" in station.calls.silent_rows and station.calls.isVisible(),
                        timeout=15_000)
        text = station.calls.silent_rows["kiosk-01"].text()
        assert text.startswith("kiosk-01") and last.beat_at.astimezone().strftime("%H:%M") in text
        assert "応答がありません" in text

        window.health.timer.start()  # heard again
        qtbot.waitUntil(lambda: "kiosk-01" not in station.calls.silent_rows, timeout=15_000)
        assert not station.calls.isVisible()  # nothing else on the panel

        window.close()  # a clean stop (staff exit)
        assert runner().wait_idle(30_000)
        stopped = _beat(database, "kiosk-01")
        assert stopped is not None and stopped.state is KioskState.STOPPED
        # a kiosk that beat at the same moment and went silent shows; the stopped one never does
        heartbeat.record_beat(database, "kiosk-02", KioskState.RUNNING, stopped.parts, now=stopped.beat_at)
        qtbot.waitUntil(lambda: "kiosk-02" in station.calls.silent_rows, timeout=15_000)
        assert list(station.calls.silent_rows) == ["kiosk-02"]
    finally:
        assert runner().wait_idle(30_000)
        station.close()


def test_rel10_a_kiosk_silent_since_yesterday_is_said_in_english(qtbot: Any, sqlite_db: Any, tmp_path: Path) -> None:
    """REL-10: its last beat moved back a day; the clerk's language and the date with the time."""
    then = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    heartbeat.record_beat(sqlite_db, "kiosk-03", KioskState.RUNNING, Parts())
    heartbeat.record_beat(sqlite_db, "kiosk-03", KioskState.RUNNING, Parts(), now=then)
    station = _station(qtbot, sqlite_db, tmp_path, lang="en")
    try:
        qtbot.waitUntil(lambda: "kiosk-03" in station.calls.silent_rows, timeout=15_000)
        text = station.calls.silent_rows["kiosk-03"].text()
        assert "kiosk-03 · no sign since " + then.astimezone().strftime("%m-%d %H:%M") in text
    finally:
        assert runner().wait_idle(30_000)
        station.close()


@pytest.mark.pcsc
def test_rel10_the_card_reader_is_checked_with_pcscd(pcsc: None, sqlite_db: Any, tmp_path: Path) -> None:
    """REL-10: the real pcscd with vpcd's reader: present, the heartbeat says ok and nothing is
    raised; a kiosk whose reader pattern matches no attached reader raises reader.unavailable."""
    present = Terminal(allow_virtual=True)
    none_attached = Terminal(allow_virtual=False)  # vpcd's readers are the only ones here
    try:
        found = check_health(sqlite_db, "kiosk-05", printer=None, reader=present, data_dir=tmp_path, disk_low_mb=1)
        assert found.parts.reader == "ok" and found.due == ()
        missing = check_health(sqlite_db, "kiosk-05", printer=None, reader=none_attached, data_dir=tmp_path,
                               disk_low_mb=1)
        assert missing.parts.reader == "missing" and missing.raised == ("reader.unavailable",)
        assert [(c.kiosk_id, c.alert) for c in staffcalls.open_calls(sqlite_db)] == [("kiosk-05", "reader.unavailable")]
        again = check_health(sqlite_db, "kiosk-05", printer=None, reader=none_attached, data_dir=tmp_path,
                             disk_low_mb=1)
        assert again.due == ("reader.unavailable",) and again.raised == ()  # once while open
    finally:
        present.close()
        none_attached.close()


@pytest.mark.pcsc
def test_rel10_a_kiosk_without_its_reader_is_shown_to_staff(
        qtbot: Any, pcsc: None, database: Any, kiosk_window: Any, tmp_path: Path) -> None:
    """REL-10: the kiosk window's checks ask pcscd off the GUI thread; no reader the kiosk may use
    is on a real clerk station, said in the clerk's language, and in the kiosk's heartbeat."""
    config = from_mapping({"kiosk": {"id": "kiosk-06"}, "staff_call": {"health_seconds": 1},
                           "paths": {"data_dir": str(tmp_path)}})
    window = kiosk_window(config, database=database)
    window.health.reader = Terminal(allow_virtual=False)
    station = _station(qtbot, database, tmp_path)
    try:
        qtbot.waitUntil(lambda: [c.alert for c in staffcalls.open_calls(database)] == ["reader.unavailable"],
                        timeout=15_000)
        [alert] = staffcalls.open_calls(database)
        qtbot.waitUntil(lambda: alert.id in station.calls.rows and station.calls.isVisible(), timeout=15_000)
        assert "kiosk-06" in station.calls.rows[alert.id].text() and "カードリーダー" in station.calls.rows[alert.id].text()
        qtbot.waitUntil(lambda: (beat := _beat(database, "kiosk-06")) is not None and beat.parts.reader == "missing",
                        timeout=15_000)
    finally:
        assert runner().wait_idle(30_000)
        station.close()


def test_rel10_kiosk_doctor_lists_each_kiosks_last_heartbeat(tmp_path: Path) -> None:
    """REL-10: ``kiosk doctor`` lists the last beats, the parts not ok and the silent kiosks."""
    from kiosk.doctor import check_heartbeats
    from kiosk.storage.database import Database

    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    db = Database(url)
    try:
        db.upgrade()
        config = from_mapping({"database": {"url": url}, "paths": {"data_dir": str(tmp_path)}})
        assert check_heartbeats(config).detail == "no kiosk has sent one yet"
        heartbeat.record_beat(db, "kiosk-01", KioskState.RUNNING, Parts(printer="ok", reader="missing"))
        heartbeat.record_beat(db, "kiosk-02", KioskState.RUNNING, Parts(),
                              now=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
        heartbeat.record_beat(db, "kiosk-03", KioskState.STOPPED, Parts(),
                              now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=5))
    finally:
        db.dispose()
    result = check_heartbeats(config)
    assert result.ok and result.warning  # a silent kiosk is worth a look
    first, second, third = result.detail.split("; ")
    assert first.startswith("kiosk-01 running ") and first.endswith("(reader missing)")
    assert second.startswith("kiosk-02 SILENT ") and third.startswith("kiosk-03 stopped ")


def test_rel10_the_kiosks_own_shutdown_writes_stopped_before_it_returns(qtbot: Any, sqlite_db: Any,
                                                                        tmp_path: Path) -> None:
    """REL-10: the path of the staff exit and of SIGTERM (kiosk.ui.app.Kiosk.shutdown) leaves the
    kiosk's last beat saying ``stopped`` by the time it returns, before the process ends."""
    from kiosk.ui.app import build

    config = from_mapping({"kiosk": {"id": "kiosk-07", "fullscreen": False}, "paths": {"data_dir": str(tmp_path)}})
    kiosk = build(config, catalogue=None, output=None, database=sqlite_db, card=False, dpi=96.0)
    kiosk.shutdown()
    beat = _beat(sqlite_db, "kiosk-07")
    assert beat is not None and beat.state is KioskState.STOPPED
