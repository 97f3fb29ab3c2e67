"""Replay across clerk stations sharing the real PostgreSQL server: the first 受付 wins, in any
process; every later scan anywhere says 使用済み with when and where."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from staff_keys import sign_in_by_keys

pytestmark = pytest.mark.postgres

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def _start(url: str, station_id: str, go: Path, strings: list[str]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, str(HERE / "clerk_station_proc.py"), url, station_id, str(go)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    proc.stdin.write("\n".join(strings) + "\n")
    proc.stdin.close()
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _finish(proc: subprocess.Popen) -> dict:
    with proc:  # closes the pipe
        out = proc.stdout.readline()
        assert proc.wait(timeout=60) == 0
    return json.loads(out)


def test_two_station_processes_racing_on_one_sheet_receive_it_once(pg_database, kiosk_keys, printed_sheet, tmp_path):
    from kiosk.clerk import trustlist

    db, url = pg_database
    trustlist.import_entries(db, kiosk_keys, actor="admin01")
    _pdf, _png, strings = printed_sheet()
    go = tmp_path / "go"
    stations = [_start(url, name, go, strings) for name in ("clerk-A", "clerk-B")]
    go.touch()
    results = sorted((_finish(p) for p in stations), key=lambda r: not r.get("first"))
    assert results[0]["banner"] == "authentic" and results[0]["first"] is True
    loser = results[1]
    if loser["banner"] == "authentic":  # both verified before either received: the database decided
        assert loser["first"] is False and loser["where"] == results[0]["where"]
    else:
        assert loser == {"banner": "already_used", "where": results[0]["where"]}


def test_window_says_already_used_for_a_sheet_another_process_received(qtbot, pg_database, kiosk_keys,
                                                                       printed_sheet, tmp_path, shipped_catalogue):
    from kiosk import staff
    from kiosk.clerk import trustlist
    from kiosk.clerk.station import Station
    from kiosk.ui.clerk.station_window import StationWindow
    from kiosk.ui.operations import runner

    db, url = pg_database
    trustlist.import_entries(db, kiosk_keys, actor="admin01")
    staff.create_account(db, "clerk01", "clerk", "correct horse battery")
    _pdf, png, strings = printed_sheet()
    go = tmp_path / "go"
    go.touch()
    other = _finish(_start(url, "clerk-B", go, strings))
    assert other == {"banner": "authentic", "first": True, "where": "clerk-B"}

    window = StationWindow(Station(db, station_id="clerk-A", catalogue=shipped_catalogue, issuer=999991),
                           export_dir=tmp_path / "exports")
    qtbot.addWidget(window)
    window.show()
    sign_in_by_keys(window, "clerk01")
    window.scan_image_file(png)
    assert runner().wait_idle()
    assert window.banner.text() == "使用済み" and "clerk-B" in window.detail.text()
    assert window.shown_rows() == []
    window.close()  # signs out (audited) while the database is still there, before it is disposed:
    assert runner().wait_idle()  # a connection out of the pool then would be dropped unclosed
